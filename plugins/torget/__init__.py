"""Torget's shared forum model.

This package is the single source of truth about what a forum thread is.
Every Pelican plugin in ``plugins/`` and every ``torget`` CLI command reads
content and settings through it:

- :mod:`torget.model`: typed dataclasses for threads, replies and problems;
- :mod:`torget.settings`: the typed :class:`~torget.settings.ForumSettings`
  read from a Pelican settings dict;
- :mod:`torget.parsing`: the thread file parser and its validation;
- :mod:`torget.forum`: loading and checking a whole content folder;
- :mod:`torget.relevance`: build date, old-post threshold and decay factor;
- :mod:`torget.build`: check, build elsewhere, swap (what ``torget build`` runs);
- :mod:`torget.fingerprint`, :mod:`torget.cachefile`: what makes caches and
  reused pages valid, and the cache files themselves;
- :mod:`torget.background`: one piece of a build in a second process.

It is not a Pelican plugin itself and registers no signals.
"""
