"""Importers: other forums' data in, Torget thread files out.

- :mod:`torget.importers.kundo`: an export of Kundo's public forum API;
- :mod:`torget.importers.kundo_api`: that export, downloaded from the API;
- :mod:`torget.importers.stackexchange`: the Stack Exchange data dump
  (``Posts.xml``, ``Comments.xml``, ``Users.xml``);
- :mod:`torget.importers.export`: a ``torget export`` folder, read back;
- :mod:`torget.importers.html_markdown`: untrusted HTML to clean Markdown;
- :mod:`torget.importers.safejson`: strict, bounded JSON, record by record;
- :mod:`torget.importers.common`: what every importer shares: writing
  files idempotently, the ``Source-Checksum`` that protects hand edits,
  slugs, problems located as ``path:line`` and the summary.

Every importer returns an :class:`~torget.importers.common.ImportResult`
and never stops at the first bad record. The format of each source and the
mapping of its fields are documented in ``docs/import-export.md``.
"""
