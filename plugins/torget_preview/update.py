"""One changed thread file, applied to a run kept in memory.

:func:`read_edit` reads the file again (parsed, checked and scanned for
personal data as the build does) and lets Pelican's reader make its
article; :func:`early_view` gives it its page's view at once when nothing
that orders threads changed; :func:`place` puts it where the old one was
in every list; :func:`apply_edit` then sends the signals the plugins compute lists,
neighbours, relevance and views on (``article_generator_finalized``,
``all_generators_finalized``). What cannot be done the way a build does it
raises :class:`Fallback`: the caller then rebuilds the whole site.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace

from pelican import signals
from pelican.contents import Article

from torget.build import memo
from torget.content.forum import kind_of
from torget.format.parsing import read_thread_file
from torget.i18n import _
from torget.model import TorgetError
from torget.records.privacy import scan_files
from torget.settings.forum import ForumSettings
from torget.site.relevance import relevance_of
from torget.site.view import card_of, is_thread
from torget_threads.links import resolve_reply_links
from torget_threads.order import freeze_urls, stable_order

#: What a thread keeps for the fast path: what decides its address, which
#: lists and taxonomy pages it is in, and its sitemap entry.
FIXED = ("slug", "kind", "category", "tags", "type", "archived", "date", "modified", "author")


class Fallback(TorgetError):
    """Why this change needs the whole site rebuilt (in the forum's language)."""


@dataclass
class Edit:
    """An edit: the article replaced, its successor, the views before,
    and (once applied) every thread article whose view changed."""

    old: Article
    new: Article
    views: dict
    changed: list = field(default_factory=list)
    #: Whether the new article is in the old one's place in every list (:func:`place`).
    placed: bool = False


def read_edit(run, path: str) -> Edit:
    """The new article of the changed thread file ``path`` in ``run`` (a
    :class:`torget_preview.capture.Run`); raises :class:`Fallback`."""
    generator = run.articles
    forum = ForumSettings.from_pelican(run.settings)
    old = _article_of(generator, path)
    thread = _checked_thread(path, old, forum)
    views = {a.source_path: a.view for a in _threads(generator)}
    with memo.cleared():
        memo.put_thread(old.source_path, forum.timezone, thread)
        new = generator.readers.read_file(
            base_path=generator.path, path=old.source_path, content_class=Article, context=generator.context,
            context_signal=signals.article_generator_context, context_sender=generator)
    if not new.is_valid() or new.status != old.status:
        raise Fallback(_("its status changed"))
    generator.add_source_path(new)
    generator.add_static_links(new)
    return Edit(old, new, views)


def early_view(run, edit: Edit) -> bool:
    """Give the new article the view its page will have, before the lists
    are computed again, if its last activity (what orders threads and so
    decides its neighbours and related threads) is unchanged."""
    old, new = edit.old, edit.new
    if new.thread.last_activity != old.thread.last_activity:
        return False
    info = relevance_of(new.thread, ForumSettings.from_pelican(run.settings))
    new.old_from, new.is_old, new.decay, new.popularity = info.old_from, info.is_old, info.decay, info.popularity
    new.related, new.prev_thread, new.next_thread = old.related, old.prev_thread, old.next_thread
    one = SimpleNamespace(articles=[new], hidden_articles=[], translations=[], hidden_translations=[], drafts=[],
                          drafts_translations=[], settings=run.articles.settings)
    freeze_urls(one)
    resolve_reply_links(one)
    new.view = replace(old.view, thread=new.thread, replies=tuple(new.replies), kind=new.kind,
                       last_activity=new.last_activity, old_from=new.old_from, is_old=new.is_old, decay=new.decay,
                       popularity=new.popularity, title=new.title, card=card_of(new))
    return True


def place(run, edit: Edit) -> None:
    """Put the new article in the old one's place in every list, in the
    order a build would give them."""
    _replace(run.articles, edit.old, edit.new)
    edit.placed = True


def apply_edit(run, edit: Edit) -> None:
    """Put the new article in the old one's place (if not yet) and compute
    what depends on it as a build does; raises :class:`Fallback`."""
    generator = run.articles
    if not edit.placed:
        place(run, edit)
    signals.article_generator_finalized.send(generator)
    signals.all_generators_finalized.send(run.generators)
    if _holds(generator.context, edit.old, 3):
        raise Fallback(_("a plugin keeps a list this change cannot update"))
    views = edit.views
    edit.changed = [a for a in _threads(generator) if a is edit.new or _differs(views.get(a.source_path), a.view)]


def _differs(before, now) -> bool:
    return before is not now and before != now


def _threads(generator) -> list:
    return [a for a in (*generator.articles, *generator.hidden_articles) if is_thread(a)]


def _article_of(generator, path: str):
    articles = (*generator.articles, *generator.hidden_articles)
    same = os.path.abspath(path)  # Pelican's source paths are absolute: most often the same string
    found = next((a for a in articles if a.source_path == same and is_thread(a)), None)
    if found is None:  # a link or another spelling of the folder
        target = str(Path(path).resolve())
        found = next((a for a in articles if is_thread(a) and str(Path(a.source_path).resolve()) == target), None)
    if found is None:
        raise Fallback(_("it is a new file, or one the last build left out"))
    return found


def _checked_thread(path: str, old, forum: ForumSettings):
    """The file's thread, if it has no errors and keeps :data:`FIXED`."""
    kind = kind_of(Path(path), forum.content)
    thread, problems = read_thread_file(Path(path), kind, forum.timezone) if kind else (None, [])
    if thread is None or any(p.is_error for p in problems):
        raise Fallback(_("the file has errors"))
    if any(p.is_error for p in scan_files([Path(path)], forum.allowed_contacts)):
        raise Fallback(_("the file has errors"))
    if any(getattr(thread, name) != getattr(old.thread, name) for name in FIXED):
        raise Fallback(_("its address, category, tags, type, dates or author changed"))
    return thread


def _replace(generator, old, new) -> None:
    """``new`` where ``old`` was, in the generator's lists and the
    context's, in the order a build would give them."""
    seen: dict[int, int] = {}
    for value in (*generator.context.values(), *vars(generator).values()):
        _replace_in(value, old, new, 3, seen)
    proxy = SimpleNamespace(settings=generator.settings, articles=list(generator.articles),
                            hidden_articles=list(generator.hidden_articles), drafts=list(generator.drafts))
    stable_order(proxy)
    for name in ("articles", "hidden_articles", "drafts"):
        getattr(generator, name)[:] = getattr(proxy, name)
    rank = {id(article): number for number, article in enumerate(generator.articles)}
    for _name, members in (*generator.categories, *generator.tags.items(), *generator.authors):
        if new in members:  # Pelican lists a taxonomy's articles in the articles' order
            members.sort(key=lambda article: rank[id(article)])


#: The containers :func:`_replace_in` and :func:`_holds` look into.
_NESTED = (list, tuple, dict)


def _replace_in(value, old, new, depth: int, seen: dict[int, int]) -> None:
    """``new`` for ``old`` in ``value`` and the containers in it, ``depth``
    levels down; ``seen``: the containers already done, with their depth."""
    if seen.get(id(value), -1) >= depth:
        return
    seen[id(value)] = depth
    if isinstance(value, list):
        for index, item in enumerate(value):
            if item is old:
                value[index] = new
            elif depth and isinstance(item, _NESTED):
                _replace_in(item, old, new, depth - 1, seen)
    elif isinstance(value, (tuple, dict)) and depth:
        for item in value.values() if isinstance(value, dict) else value:
            if isinstance(item, _NESTED):
                _replace_in(item, old, new, depth - 1, seen)


def _holds(value, old, depth: int) -> bool:
    if value is old:
        return True
    if isinstance(value, (set, frozenset)):
        return depth > 0 and old in value
    if not (depth and isinstance(value, _NESTED)):
        return False
    items = value.values() if isinstance(value, dict) else value
    return any(item is old or (isinstance(item, _NESTED + (set, frozenset)) and _holds(item, old, depth - 1))
               for item in items)
