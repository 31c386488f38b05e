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

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from torget.model import Thread


def thread_recency(thread: Thread) -> tuple:
    """The one recency order's key: (last activity, slug). Sort with
    ``reverse=True`` for newest first (ties: slug z→a)."""
    return (thread.last_activity, thread.slug)


def recency(article) -> tuple:
    """:func:`thread_recency` of a thread article."""
    return thread_recency(article.thread)


def newest_first(articles) -> list:
    """``articles`` in the recency order, newest first."""
    return sorted(articles, key=recency, reverse=True)


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


def card_of(article) -> ThreadCard:
    thread = article.thread
    return ThreadCard(
        url=article.url, title=article.title, kind=article.kind,
        type=thread.type.value if thread.type else None, category=article.category.name,
        replies=len(article.replies), last_activity=article.last_activity, locked=thread.locked,
    )


def is_thread(article) -> bool:
    """Whether ``article`` was read from a thread or FAQ file."""
    return "thread" in article.metadata


class _Terms:
    """One :class:`TermLink` per category or tag, shared by the views."""

    def __init__(self, live: frozenset):
        self.live = live
        self.links: dict[tuple[str, str], TermLink] = {}

    def __call__(self, term) -> TermLink:
        key = (term.name, term.url)
        if key not in self.links:
            self.links[key] = TermLink(term.name, term.url, term.name in self.live)
        return self.links[key]


def view_of(article, cards: dict, categories: _Terms, tags: _Terms) -> ThreadView:
    """The view of one thread article; ``cards`` maps articles to their cards."""
    return ThreadView(
        thread=article.thread, replies=tuple(article.replies), kind=article.kind,
        last_activity=article.last_activity, old_from=article.old_from, is_old=article.is_old,
        decay=article.decay, popularity=article.popularity,
        related=tuple(cards[other] for other in article.related),
        prev_thread=None if article.prev_thread is None else cards[article.prev_thread],
        next_thread=None if article.next_thread is None else cards[article.next_thread],
        title=article.title, url=article.url, date=article.date,
        category=categories(article.category),
        tags=tuple(tags(tag) for tag in article.metadata.get("tags", ())),
        card=cards[article],
    )


def attach_views(generator) -> None:
    """Give every thread article of an articles generator its ``view``.

    Call once every plugin that computes the view's values has run
    (``all_generators_finalized``); reads ``live_categories`` and
    ``live_tags`` from the context (``torget_archive``).
    """
    articles = [a for a in (*generator.articles, *generator.hidden_articles) if is_thread(a)]
    cards = {article: card_of(article) for article in articles}
    categories = _Terms(generator.context["live_categories"])
    tags = _Terms(generator.context["live_tags"])
    for article in articles:
        article.view = view_of(article, cards, categories, tags)
