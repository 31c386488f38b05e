"""Pelican plugin: how threads lead to each other.

Type pages (the :class:`TypePages` generator, ``TYPE_URL``), previous and
next threads in the same category and related threads (shared tags, then
category, then recency; ``TORGET_RELATED_COUNT``), ``thread_types`` for
navigation, each thread's :class:`torget.site.view.ThreadView`
(``article.view``) once every context is built, and tag, category and
author pages in linear time (:mod:`torget.build.pelican_compat`). Only
published articles count, so archived threads appear in none of these.
"""

from __future__ import annotations

import hashlib
import heapq
import weakref
from collections import Counter

from pelican import signals
from pelican.generators import ArticlesGenerator, Generator

from torget.build.cache import CachePolicy
from torget.build.pelican_compat import linear_taxonomy_pages
from torget.model import ThreadType
from torget.settings.forum import ForumSettings
from torget.site.view import attach_views, is_thread, newest_first

#: How many of a tag's newest threads are considered for related threads.
RELATED_POOL = 50


def _related(threads: list, count: int) -> None:
    """Set ``related`` on ``threads`` (newest first).

    Each thread looks at the most recent RELATED_POOL threads of each of
    its tags, so a tag used by thousands of threads costs no more than a
    rare one. Threads are counted by their rank in ``threads``.
    """
    pools: dict[str, list[int]] = {}
    for rank, article in enumerate(threads):
        for tag in article.thread.tags:
            pool = pools.setdefault(tag, [])
            if len(pool) < RELATED_POOL:
                pool.append(rank)
    categories = [article.category.name for article in threads]
    for rank, article in enumerate(threads):
        shared: Counter[int] = Counter()
        for tag in article.thread.tags:
            shared.update(pools[tag])
        shared.pop(rank, None)
        category = categories[rank]
        # Most shared tags first, then the same category, then the newest.
        best = heapq.nsmallest(count, ((-n, categories[r] != category, r) for r, n in shared.items()))
        article.related = [threads[r] for _, _, r in best]


def link_neighbours(generator) -> None:
    published = set(map(id, generator.articles))
    linked = []
    for article in (*generator.articles, *generator.hidden_articles):
        if is_thread(article):  # FAQ entries and archived threads: none
            article.prev_thread = article.next_thread = None
            article.related = []
            if article.kind == "thread" and id(article) in published:
                linked.append(article)
    threads = newest_first(linked)
    by_category: dict[str, list] = {}
    for article in threads:
        by_category.setdefault(article.category.name, []).append(article)
    for items in by_category.values():
        for index, article in enumerate(items):
            article.prev_thread = items[index + 1] if index + 1 < len(items) else None
            article.next_thread = items[index - 1] if index > 0 else None
    _related_once(generator, threads, ForumSettings.from_pelican(generator.settings).related_count)
    by_type: dict[ThreadType, list] = {kind: [] for kind in ThreadType}
    for article in threads:
        if isinstance(article.thread.type, ThreadType):
            by_type[article.thread.type].append(article)
    generator.context["thread_types"] = [(kind.value, by_type[kind]) for kind in ThreadType]


#: Per articles generator: what its related threads were computed from, and
#: each thread's related threads by rank (``torget serve`` links again after an edit).
_RELATED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: The same between builds, in the cache folder (:mod:`torget.build.cache`).
RELATED_CACHE = "torget-related.pickle"


def _related_once(generator, threads: list, count: int) -> None:
    """:func:`_related`, or the ranks it gave last time for this generator,
    or in the last build, when the order, tags and categories it reads are
    the same (an edit that keeps the thread's last activity changes none
    of them)."""
    key = (count, [(a.slug, a.category.name, a.thread.tags) for a in threads])
    known = _RELATED.get(generator)
    if known is None or known[0] != key:
        known = _RELATED[generator] = (key, _kept_ranks(generator.settings, key, threads, count))
    for article, ranks in zip(threads, known[1]):
        article.related = list(map(threads.__getitem__, ranks))


def _kept_ranks(settings: dict, key: tuple, threads: list, count: int) -> list[list[int]]:
    """Each thread's related threads by rank: the last build's if its
    ``key`` was the same (kept by a hash of it), else computed."""
    file = CachePolicy.of(settings).file(RELATED_CACHE, code=[__name__])
    digest = hashlib.blake2b(repr(key).encode(), digest_size=20).hexdigest()
    kept = file.load()
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == digest:
        return kept[1]
    _related(threads, count)
    rank = {id(article): r for r, article in enumerate(threads)}
    ranks = [[rank[id(other)] for other in article.related] for article in threads]
    file.save((digest, ranks))
    return ranks


class TypePages(Generator):
    """Writes one paginated ``type`` listing per thread type, newest first."""

    def generate_output(self, writer) -> None:
        template = self.get_template("type")
        url = self.settings.get("TYPE_URL", "type/{slug}/")
        save_as = self.settings.get("TYPE_SAVE_AS", "type/{slug}/index.html")
        for value, articles in self.context["thread_types"]:
            if not articles:
                continue
            writer.write_file(
                save_as.format(slug=value),
                template,
                self.context,
                paginated={"articles": articles, "dates": articles},
                template_name="type",
                url=url.format(slug=value),
                thread_type=value,
                relative_urls=self.settings["RELATIVE_URLS"],
            )


def get_generators(pelican):
    return TypePages


#: Per articles generator: the cards and views :func:`attach_views` made last time.
_VIEWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def attach_thread_views(generators) -> None:
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            attach_views(generator, _VIEWS.setdefault(generator, {}))


def register() -> None:
    signals.article_generator_finalized.connect(linear_taxonomy_pages)
    signals.article_generator_finalized.connect(link_neighbours)
    signals.all_generators_finalized.connect(attach_thread_views)
    signals.get_generators.connect(get_generators)
