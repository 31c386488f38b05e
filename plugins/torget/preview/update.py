"""One changed thread file, applied to a run kept in memory.

:func:`apply_edit` reads the file again (parsed, checked and scanned for
personal data as the build does), lets Pelican's reader make its article,
puts it where the old one was in every list, and sends the signals the
plugins compute lists, neighbours, relevance and views on
(``article_generator_finalized``, ``all_generators_finalized``). What it
cannot do the same way a build would raises :class:`Fallback`: the caller
then rebuilds the whole site.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from pelican import signals
from pelican.contents import Article

from torget.build import memo
from torget.content.forum import kind_of
from torget.format.parsing import read_thread_file
from torget.i18n import _
from torget.records.privacy import scan_files
from torget.settings.forum import ForumSettings
from torget.site.view import is_thread
from torget_threads.order import stable_order

#: What a thread keeps for the fast path: what decides its address, which
#: lists and taxonomy pages it is in, and its sitemap entry.
FIXED = ("slug", "kind", "category", "tags", "type", "archived", "date", "modified", "author")


class Fallback(Exception):
    """Why this change needs the whole site rebuilt (in the forum's language)."""


@dataclass
class Edit:
    """An applied edit: the article replaced, its successor, and every
    thread article whose view (what its page shows) changed."""

    old: Article
    new: Article
    changed: list


def apply_edit(run, path: str) -> Edit:
    """Apply the changed thread file ``path`` to ``run`` (a
    :class:`torget.preview.capture.Run`); raises :class:`Fallback`."""
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
    _replace(generator, old, new)
    signals.article_generator_finalized.send(generator)
    signals.all_generators_finalized.send(run.generators)
    if _holds(generator.context, old, 3):
        raise Fallback(_("a plugin keeps a list this change cannot update"))
    changed = [a for a in _threads(generator) if a is new or views.get(a.source_path) != a.view]
    return Edit(old, new, changed)


def _threads(generator) -> list:
    return [a for a in (*generator.articles, *generator.hidden_articles) if is_thread(a)]


def _article_of(generator, path: str):
    target = str(Path(path).resolve())
    for article in (*generator.articles, *generator.hidden_articles):
        if is_thread(article) and str(Path(article.source_path).resolve()) == target:
            return article
    raise Fallback(_("it is a new file, or one the last build left out"))


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
    for value in (*vars(generator).values(), *generator.context.values()):
        _replace_in(value, old, new, 3)
    proxy = SimpleNamespace(settings=generator.settings, articles=list(generator.articles),
                            hidden_articles=list(generator.hidden_articles), drafts=list(generator.drafts))
    stable_order(proxy)
    for name in ("articles", "hidden_articles", "drafts"):
        getattr(generator, name)[:] = getattr(proxy, name)
    rank = {id(article): number for number, article in enumerate(generator.articles)}
    for _name, members in (*generator.categories, *generator.tags.items(), *generator.authors):
        if new in members:  # Pelican lists a taxonomy's articles in the articles' order
            members.sort(key=lambda article: rank[id(article)])


def _replace_in(value, old, new, depth: int) -> None:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if item is old:
                value[index] = new
            elif depth:
                _replace_in(item, old, new, depth - 1)
    elif isinstance(value, (tuple, dict)) and depth:
        for item in value.values() if isinstance(value, dict) else value:
            _replace_in(item, old, new, depth - 1)


def _holds(value, old, depth: int) -> bool:
    if value is old:
        return True
    if isinstance(value, (list, tuple, set, frozenset)) and depth:
        return any(_holds(item, old, depth - 1) for item in value)
    if isinstance(value, dict) and depth:
        return any(_holds(item, old, depth - 1) for item in value.values())
    return False
