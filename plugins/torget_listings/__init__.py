"""Pelican plugin: how threads lead to each other.

- **Type pages**: one paginated listing per thread type (questions,
  problems, suggestions, praise) at ``TYPE_URL``, rendered with the
  ``type.html`` template, beside Pelican's own category and tag pages.
- **Previous/next**: ``article.prev_thread`` and ``article.next_thread``,
  the neighbours in the same category by latest activity.
- **Related threads**: ``article.related``, up to ``TORGET_RELATED_COUNT``
  published threads sharing the most tags (then same category, then newest),
  chosen among the 50 newest threads of each tag.
- ``thread_types``: ``[(type value, articles)]`` for navigation.
- **Tag, category and author pages in linear time**: Pelican's
  ``generate_tags``, ``generate_categories`` and ``generate_authors`` give
  each page its ``dates`` by testing ``article in articles`` (a list scan)
  for every article of the forum: quadratic in the number of threads, about
  15 minutes of a 100,000-thread build. This plugin gives the article
  generator its own versions of the three (through
  ``article_generator_finalized``, which hands it the generator). They make
  the same writer calls with the same arguments; ``dates`` is the page's
  articles sorted by date as Pelican's ``dates`` is, which is the same list.

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
from operator import attrgetter

from pelican import signals

from torget.model import ThreadType
from torget.settings.forum import ForumSettings


#: How many of a tag's newest threads are considered for related threads.
RELATED_POOL = 50


def _taxonomy_writer(generator, kind: str, items):
    """A replacement for ``generate_<kind>s``: one listing per name."""

    def generate(write) -> None:
        template = generator.get_template(kind)
        newest_first = generator.context["NEWEST_FIRST_ARCHIVES"]
        for name, articles in items():
            # Pelican's `dates` is `articles` in the order of the date-sorted
            # list of all articles; both sorts are stable, so this is equal.
            dates = sorted(articles, key=attrgetter("date"), reverse=newest_first)
            write(name.save_as, template, generator.context, url=name.url, articles=articles, dates=dates,
                  template_name=kind, blog=True, page_name=name.page_name, all_articles=generator.articles,
                  **{kind: name})

    return generate


def linear_taxonomy_pages(generator) -> None:
    """Give the article generator linear tag, category and author pages."""
    generator.generate_tags = _taxonomy_writer(generator, "tag", lambda: generator.tags.items())
    generator.generate_categories = _taxonomy_writer(generator, "category", lambda: generator.categories)
    generator.generate_authors = _taxonomy_writer(generator, "author", lambda: generator.authors)


def _threads(generator) -> list:
    return [a for a in generator.articles if getattr(a, "kind", None) == "thread"]


def _recency(article) -> tuple:
    return (article.thread.last_activity, article.slug)


def link_neighbours(generator) -> None:
    count = ForumSettings.from_pelican(generator.settings).related_count
    threads = sorted(_threads(generator), key=_recency, reverse=True)
    by_category: dict[str, list] = {}
    for article in threads:
        by_category.setdefault(article.category.name, []).append(article)
    for items in by_category.values():
        for index, article in enumerate(items):
            article.prev_thread = items[index + 1] if index + 1 < len(items) else None
            article.next_thread = items[index - 1] if index > 0 else None

    # Tag lists newest first; each thread looks at the most recent
    # RELATED_POOL threads of each of its tags, so a tag used by thousands
    # of threads costs no more than a rare one. Threads are counted by
    # their rank in `threads` (newest first).
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
    for article in generator.hidden_articles:
        article.prev_thread = article.next_thread = None
        article.related = []

    generator.context["thread_types"] = [
        (kind.value, [a for a in threads if a.thread.type is kind]) for kind in ThreadType
    ]


def write_type_pages(generator, writer) -> None:
    template = generator.get_template("type")
    url = generator.settings.get("TYPE_URL", "type/{slug}/")
    save_as = generator.settings.get("TYPE_SAVE_AS", "type/{slug}/index.html")
    for value, articles in generator.context.get("thread_types", []):
        if not articles:
            continue
        ordered = sorted(articles, key=lambda a: (a.thread.last_activity, a.slug), reverse=True)
        writer.write_file(
            save_as.format(slug=value),
            template,
            generator.context,
            paginated={"articles": ordered, "dates": ordered},
            template_name="type",
            url=url.format(slug=value),
            thread_type=value,
            relative_urls=generator.settings["RELATIVE_URLS"],
        )


def register() -> None:
    signals.article_generator_finalized.connect(linear_taxonomy_pages)
    signals.article_generator_finalized.connect(link_neighbours)
    signals.article_writer_finalized.connect(write_type_pages)
