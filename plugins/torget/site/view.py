"""The declared thread contract: what templates show of a thread.

Three plugins put values on Pelican's articles (``torget_threads``' reader:
``thread``, ``replies``, ``kind``, ``last_activity``; ``torget_relevance``:
``old_from``, ``is_old``, ``decay``, ``popularity``; ``torget_listings``:
``related``, ``prev_thread``, ``next_thread``). :func:`attach_views`
gathers them, once all of them have run, into one typed
:class:`ThreadView` per thread article (``article.view``), which thread
pages read; listings read its :class:`ThreadCard` (``article.view.card``).
``torget_incremental`` fingerprints pages from these two types.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from torget.model import Thread


def thread_recency(thread: Thread) -> tuple:
    """The one recency order's key: (last activity, slug). Sort with
    ``reverse=True`` for newest first (ties: slug z→a)."""
    return (thread.last_activity, thread.slug)


def recency(article) -> tuple:
    """:func:`thread_recency` of a thread article."""
    return thread_recency(article.thread)


#: :func:`recency` without a Python call per article.
_RECENCY = attrgetter("thread.last_activity", "thread.slug")


def newest_first(articles) -> list:
    """``articles`` in the recency order, newest first."""
    return sorted(articles, key=_RECENCY, reverse=True)


def newest(articles, size: int) -> list:
    """The first ``size`` of :func:`newest_first` (without sorting them all)."""
    return heapq.nlargest(size, articles, key=_RECENCY)


@dataclass(frozen=True, slots=True)
class TermLink:
    """A category or tag as a thread page shows it; ``live``: it has a page."""

    name: str
    url: str
    live: bool


@dataclass(frozen=True, slots=True)
class ThreadCard:
    """What a list of threads shows of one (``thread_link`` in ``_macros.html``)."""

    url: str
    title: str
    kind: str
    type: str | None
    category: str
    replies: int
    last_activity: datetime
    locked: bool


@dataclass(frozen=True, slots=True)
class ThreadView:
    """What a thread page shows besides the HTML Pelican renders for it
    (``article.content``, ``article.summary``)."""

    thread: Thread
    replies: tuple[Any, ...]  # torget_threads.RenderedReply: .reply and .html
    kind: str
    last_activity: datetime
    old_from: date | None
    is_old: bool
    decay: float
    popularity: float
    related: tuple[ThreadCard, ...]
    prev_thread: ThreadCard | None
    next_thread: ThreadCard | None
    title: str
    url: str
    date: datetime
    category: TermLink
    tags: tuple[TermLink, ...]
    card: ThreadCard


def card_fields(article) -> tuple:
    """The values of ``article``'s :class:`ThreadCard`, in its fields' order."""
    thread = article.thread
    return (article.url, article.title, article.kind, thread.type.value if thread.type else None,
            article.category.name, len(article.replies), article.last_activity, thread.locked)


def card_of(article) -> ThreadCard:
    return ThreadCard(*card_fields(article))


def is_thread(article) -> bool:
    """Whether ``article`` was read from a thread or FAQ file."""
    return "thread" in article.metadata


class _Terms:
    """One :class:`TermLink` per category or tag, shared by the views; each
    term object's link is looked up once (Pelican expands its URL on every
    access)."""

    def __init__(self, live: frozenset):
        self.live = live
        self.links: dict[tuple[str, str], TermLink] = {}
        self.seen: dict[int, tuple[object, TermLink]] = {}

    def __call__(self, term) -> TermLink:
        known = self.seen.get(id(term))
        if known is not None and known[0] is term:
            return known[1]
        key = (term.name, term.url)
        if key not in self.links:
            self.links[key] = TermLink(term.name, term.url, term.name in self.live)
        self.seen[id(term)] = (term, self.links[key])
        return self.links[key]


def view_fields(article, cards: dict, categories: _Terms, tags: _Terms) -> tuple:
    """The values of ``article``'s :class:`ThreadView`, in its fields' order;
    ``cards`` maps articles to their cards."""
    return (
        article.thread, tuple(article.replies), article.kind, article.last_activity, article.old_from,
        article.is_old, article.decay, article.popularity,
        tuple(map(cards.__getitem__, article.related)),
        None if article.prev_thread is None else cards[article.prev_thread],
        None if article.next_thread is None else cards[article.next_thread],
        article.title, article.url, article.date, categories(article.category),
        tuple(map(tags, article.metadata.get("tags", ()))), cards[article],
    )


def view_of(article, cards: dict, categories: _Terms, tags: _Terms) -> ThreadView:
    """The view of one thread article; ``cards`` maps articles to their cards."""
    return ThreadView(*view_fields(article, cards, categories, tags))


def attach_views(generator, kept: dict | None = None) -> None:
    """Give every thread article of an articles generator its ``view``.

    Call once every plugin that computes the view's values has run
    (``all_generators_finalized``); reads ``live_categories`` and
    ``live_tags`` from the context (``torget_archive``). ``kept``: a dict
    to keep the cards and views in between calls for the same generator
    (``torget serve`` computes them again after an edit): a card or view
    whose values did not change is kept, the same object.
    """
    kept = {} if kept is None else kept
    live = (generator.context["live_categories"], generator.context["live_tags"])
    if kept.get("live") != live:
        kept.clear()
        kept.update(live=live, terms=(_Terms(live[0]), _Terms(live[1])), cards={}, views={})
    categories, tags = kept["terms"]
    articles = [a for a in (*generator.articles, *generator.hidden_articles) if is_thread(a)]
    old_cards, kept["cards"] = kept["cards"], {}
    cards = {article: _same(old_cards, kept["cards"], article, card_fields(article), ThreadCard)
             for article in articles}
    old_views, kept["views"] = kept["views"], {}
    for article in articles:
        fields = view_fields(article, cards, categories, tags)
        article.view = _same(old_views, kept["views"], article, fields, ThreadView)


def _same(before: dict, now: dict, article, fields: tuple, kind):
    """``kind(*fields)``, or the one made for ``article`` before if its
    fields were the same; kept in ``now``."""
    known = before.get(id(article))
    if known is None or known[0] is not article or known[1] != fields:
        known = (article, fields, kind(*fields))
    now[id(article)] = known
    return known[2]
