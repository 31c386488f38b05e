"""Pelican plugin: how threads lead to each other.

- **Type pages**: one paginated listing per thread type (questions,
  problems, suggestions, praise) at ``TYPE_URL``, rendered with the
  ``type.html`` template by the :class:`TypePages` generator.
- **Previous/next**: ``article.prev_thread`` and ``article.next_thread``,
  the neighbours in the same category in the recency order
  (:func:`torget.site.view.recency`).
- **Related threads**: ``article.related``, up to ``TORGET_RELATED_COUNT``
  published threads sharing the most tags (then same category, then newest),
  chosen among the 50 newest threads of each tag.
- ``thread_types``: ``[(type value, articles)]`` for navigation.
- **The thread view**: once every generator's context is built, each thread
  article gets its :class:`torget.site.view.ThreadView` (``article.view``).
- **Tag, category and author pages in linear time** (see
  :func:`torget.build.pelican_compat.linear_taxonomy_pages` for why).

It reads only published ``articles``, so archived (hidden) threads never
appear in any of these; an archived thread itself gets none of them.

Settings read: ``NEWEST_FIRST_ARCHIVES``, ``TYPE_URL`` (default ``type/{slug}/``), ``TYPE_SAVE_AS``
(default ``type/{slug}/index.html``), ``TORGET_RELATED_COUNT`` (default 4,
through :class:`torget.settings.forum.ForumSettings`), ``DEFAULT_PAGINATION``
through Pelican's paginator.
"""

from __future__ import annotations

import heapq
from collections import Counter

from pelican import signals
from pelican.generators import ArticlesGenerator, Generator

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
    for article in (*generator.articles, *generator.hidden_articles):
        if is_thread(article):  # FAQ entries and archived threads: none
            article.prev_thread = article.next_thread = None
            article.related = []
    threads = newest_first(a for a in generator.articles if is_thread(a) and a.kind == "thread")
    by_category: dict[str, list] = {}
    for article in threads:
        by_category.setdefault(article.category.name, []).append(article)
    for items in by_category.values():
        for index, article in enumerate(items):
            article.prev_thread = items[index + 1] if index + 1 < len(items) else None
            article.next_thread = items[index - 1] if index > 0 else None
    _related(threads, ForumSettings.from_pelican(generator.settings).related_count)
    generator.context["thread_types"] = [
        (kind.value, [a for a in threads if a.thread.type is kind]) for kind in ThreadType
    ]


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


def attach_thread_views(generators) -> None:
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            attach_views(generator)


def register() -> None:
    signals.article_generator_finalized.connect(linear_taxonomy_pages)
    signals.article_generator_finalized.connect(link_neighbours)
    signals.all_generators_finalized.connect(attach_thread_views)
    signals.get_generators.connect(get_generators)
