"""Pelican plugin: archived threads are readable by link, listed nowhere.

A thread or FAQ entry with ``Archived: yes`` gets Pelican's own
``status: hidden`` where it is read (plugin ``torget_threads``'s reader, so
that no plugin can ever see it as published, in any order of
``PLUGINS``): Pelican still renders its page at its usual URL, but
leaves it out of every list, feed and taxonomy, and so do all plugins that
read ``articles`` (search index, JSON API, popular and latest lists,
related threads, previous/next links, the FAQ page, statistics lists) and
``pelican-sitemap``. The theme adds ``<meta name="robots"
content="noindex">`` and an archived notice (with ``Archive-reason``).

This plugin's job is what follows from that: because a category or tag
used only by archived threads has no page, it publishes
``live_categories`` and ``live_tags`` (names that have a page) so
templates link nothing that does not exist.

Signals: ``article_generator_finalized``. Settings read: none.
"""

from __future__ import annotations

from pelican import signals


def publish_live_taxonomies(generator) -> None:
    generator.context["live_categories"] = frozenset(c.name for c in dict(generator.categories))
    generator.context["live_tags"] = frozenset(t.name for t in dict(generator.tags))


def register() -> None:
    signals.article_generator_finalized.connect(publish_live_taxonomies)
