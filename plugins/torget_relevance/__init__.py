"""Pelican plugin: time and relevance (old-post banner, decay, popularity).

For every thread article it sets, from the single build date:

- ``article.old_from``: the first day the thread counts as old, or ``None``
  (evergreen threads, FAQ entries and the ``never`` setting);
- ``article.is_old``: whether the build date has reached ``old_from``;
- ``article.decay``: the relevance factor ``max(0.3, 1 - 0.1 × whole
  periods of inactivity)``;
- ``article.popularity``: ``(views + votes for suggestions) × decay``.

and adds to the template context ``latest_threads``, ``popular_threads``
(the start page's "Populära frågor"), ``popular_faq`` (the most viewed FAQ
entries) and ``category_lists`` (per category name: ``latest`` and
``popular``), built from published articles only, so archived threads
never appear.

Settings read (through :class:`torget.settings.forum.ForumSettings`):
``TORGET_BUILD_DATE``, ``TORGET_OLD_AFTER``, ``TORGET_DECAY_PERIOD``,
``TORGET_CATEGORY_SETTINGS``, ``TORGET_LIST_SIZE``, ``TIMEZONE``.
"""

from __future__ import annotations

import heapq
import weakref

from pelican import signals

from torget.site.relevance import Relevance, popularity, relevance_of  # noqa: F401 - re-exported for templates and tests
from torget.site.view import is_thread, newest
from torget.settings.forum import ForumSettings


def latest(articles, size: int) -> list:
    return newest(articles, size)


def most_popular(articles, size: int) -> list:
    return heapq.nsmallest(size, articles, key=lambda a: (-a.popularity, a.slug))


#: Per articles generator: the forum settings and each thread's relevance
#: the last time (``torget serve`` computes it again after an edit).
_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def apply_relevance(generator) -> None:
    forum = ForumSettings.from_pelican(generator.settings)
    known = _KEPT.get(generator)
    before = known[1] if known is not None and known[0] is forum else {}
    now: dict[int, tuple] = {}
    for article in (*generator.articles, *generator.hidden_articles):
        if not is_thread(article):
            continue
        thread = article.thread  # frozen: the same thread has the same relevance
        entry = before.get(id(thread))
        if entry is None or entry[0] is not thread:
            entry = (thread, relevance_of(thread, forum))
        now[id(thread)] = entry
        info = entry[1]
        article.old_from = info.old_from
        article.is_old = info.is_old
        article.decay = info.decay
        article.popularity = info.popularity
    _KEPT[generator] = (forum, now)

    published = [a for a in generator.articles if is_thread(a)]
    threads = [a for a in published if a.kind == "thread"]
    size = forum.list_size
    by_category: dict[str, list] = {}
    for article in threads:
        by_category.setdefault(article.category.name, []).append(article)
    generator.context["latest_threads"] = latest(threads, size)
    generator.context["popular_threads"] = most_popular(threads, size)
    faq = [a for a in published if a.kind == "faq"]
    generator.context["popular_faq"] = most_popular(faq, size)
    generator.context["category_lists"] = {
        name: {"latest": latest(items, size), "popular": most_popular(items, size)}
        for name, items in sorted(by_category.items())
    }


def register() -> None:
    signals.article_generator_finalized.connect(apply_relevance)
