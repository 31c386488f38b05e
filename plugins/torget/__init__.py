"""Torget's shared code, one layer per folder; not a Pelican plugin itself.

:mod:`torget.model` and :mod:`torget.i18n` at the top; ``format/`` (thread
files), ``html/`` (rendering, sanitizing), ``settings/``, ``content/``
(loading and checking a content folder), ``site/``, ``search/``, ``build/``
(``torget build``, the memo and work beside Pelican, the one cache policy
:mod:`torget.build.cache`, :mod:`torget.build.pelican_compat`),
``editor/``, ``governance/``, ``followup/``, ``records/``, ``importers/``.
"""

#: The time zone of a forum whose settings name none (``TIMEZONE``): dates
#: without an offset in content files are read in it, "today" is taken there.
DEFAULT_TIMEZONE = "Europe/Stockholm"
