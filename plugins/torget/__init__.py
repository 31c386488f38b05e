"""Torget's shared forum model.

This package is the single source of truth about what a forum thread is.
Every Pelican plugin in ``plugins/`` and every ``torget`` CLI command reads
content and settings through it:

- :mod:`torget.model`: typed dataclasses for threads, replies and problems;
- :mod:`torget.settings.schema`: every ``TORGET_*`` setting declared once (name,
  type, default, documentation line, check), and :mod:`torget.settings.forum`:
  the typed :class:`~torget.settings.forum.ForumSettings` they are read into,
  once, from a Pelican settings dict (every plugin and command gets its
  settings from it; a bad value is a problem at the setting's line);
- :mod:`torget.format.parsing`: the thread file parser and its validation, and the
  one reader of the format's lines, header and code fences that every other
  module uses (:mod:`torget.format.writing` writes files, :mod:`torget.format.editing`
  edits headers in place);
- :mod:`torget.content.forum`: loading and checking a whole content folder;
- :mod:`torget.site.relevance`: build date, old-post threshold and decay factor;
- :mod:`torget.build.run`: check, build elsewhere, swap (what ``torget build`` runs);
  :mod:`torget.build.outputguard`: which output folder a build may replace;
  :mod:`torget.build.state`: what one ``torget build`` hands the plugins
  (parsed threads and their HTML rendered ahead, jobs beside Pelican, the
  previous output), absent in a plain ``pelican`` run;
- :mod:`torget.html.sanitize`: the one HTML allow-list for editors' and
  imported content; :mod:`torget.html.rendering`: a thread's Markdown to the
  sanitized HTML the site publishes (the reader's and the search index's);
- :mod:`torget.build.cache`: the one policy every cache follows (where,
  when, and code versions from the import graph);
  :mod:`torget.build.fingerprint`, :mod:`torget.build.cachefile`: what makes
  reused pages valid, and the cache files themselves;
  :mod:`torget.build.atomic`: the one atomic file write;
- :mod:`torget.build.background`: one piece of a build in a second process;
- channel governance, one job per module: :mod:`torget.governance.channel` (the
  channel register entry, ``TORGET_CHANNEL``), :mod:`torget.governance.goals` (its
  goals and each goal beside its figure), :mod:`torget.governance.about` (the about
  page's required topics), :mod:`torget.governance.accessibility` (the accessibility
  statement), :mod:`torget.records.privacy` (the personal-data guard),
  :mod:`torget.settings.fields` (reading those dict settings, and the line where a
  setting is assigned) and :mod:`torget.governance.problems`, which only gathers their
  problems for ``torget check`` and ``torget build``;
- :mod:`torget.followup.stats`: the statistics of ``torget stats`` and the editors'
  page, over the named figures of :mod:`torget.followup.figures` (which goals and
  statistics share, so neither imports the other);
- :mod:`torget.html.charts`: inline SVG charts and their primitives, for the
  statistics page and the benchmark report's chart;
- :mod:`torget_dev.serving`: a built site served on localhost with the headers
  of docs/deploying.md, for the scripts and tests that open it in a browser.

It is not a Pelican plugin itself and registers no signals.
"""

#: The time zone of a forum whose settings name none (``TIMEZONE``): dates
#: without an offset in content files are read in it, "today" is taken there.
DEFAULT_TIMEZONE = "Europe/Stockholm"
