"""The preview's fast path: ``torget serve`` updates only what one edit changes.

:mod:`.capture` keeps a preview build's generators in memory,
:mod:`.record` lists the pages and feeds they write, :mod:`.update`
applies one changed thread file to them, :mod:`.pages` writes the pages
whose output changed, :mod:`.search` rebuilds the search index, and
:mod:`.session` ties these together for ``torget serve``.
"""
