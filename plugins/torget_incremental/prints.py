"""Page fingerprints derived from what a page's template reads.

:func:`template_use` lists the names a template, and every template it
extends, includes or imports, reads from its context (Jinja's own
analysis), and hashes their sources. :class:`Printer` hashes those sources
and the values of those names for one page: settings and code are covered
by the build fingerprint; the page's
own thread is its :class:`torget.site.view.ThreadView` and the HTML
Pelican renders for it; a thread listed on the page is its
:class:`torget.site.view.ThreadCard`. A value of any other kind cannot be
fingerprinted (:class:`Uncovered`): that page is always rendered.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
import enum
import hashlib
import marshal
from datetime import date, datetime

from jinja2 import meta
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from torget.model import Thread
from torget.site.view import TermLink, ThreadCard, ThreadView, is_thread


#: Values that are their own plain form.
_SIMPLE = frozenset({bool, int, float, str})
#: The fields of a thread page's view, in order.
_VIEW_FIELDS = tuple(f.name for f in dataclasses.fields(ThreadView))
#: A name the settings do not have.
_UNSET = object()


class Uncovered(Exception):
    """A page shows something its fingerprint cannot cover."""


@dataclass(frozen=True)
class TemplateUse:
    """What rendering one template involves: the context names it (with
    every template it extends, includes or imports) may read, sorted, and
    a hash of all their sources."""

    names: tuple[str, ...]
    source: str


def template_use(template, parsed: dict | None = None) -> TemplateUse:
    """``parsed``: each template's own names, source and the templates it
    uses, kept between calls (templates share ``base.html``)."""
    env = template.environment
    parsed = {} if parsed is None else parsed
    names: set[str] = set()
    sources = hashlib.blake2b(digest_size=20)
    pending, seen = [template.name], set()
    while pending:
        name = pending.pop(0)
        if name in seen:
            continue
        seen.add(name)
        if name not in parsed:
            parsed[name] = _parse(env, name)
        own, source, used = parsed[name]
        names |= own
        sources.update(f"{name}\0{source}\0".encode())
        pending += used
    return TemplateUse(tuple(sorted(names)), sources.hexdigest())


def _parse(env, name: str) -> tuple[frozenset[str], str, list[str]]:
    source = env.loader.get_source(env, name)[0]
    key = (source, _syntax(env))
    if key not in _ANALYSED:  # each generator has an environment of its own; one analysis serves all
        tree = env.parse(source)
        _ANALYSED[key] = frozenset(meta.find_undeclared_variables(tree)), list(meta.find_referenced_templates(tree))
    names, used = _ANALYSED[key]
    if None in used:
        raise Uncovered(f"{name} includes a template named at render time")
    return names, source, sorted(used)


#: (source, syntax) -> (names read, templates used), for every environment of the process.
_ANALYSED: dict[tuple[str, tuple], tuple[frozenset[str], list]] = {}


def _syntax(env) -> tuple:
    """What, besides a template's source, decides how ``env`` parses it."""
    return (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
            env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
            env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks,
            getattr(env, "newstyle_gettext", None), tuple(sorted(env.extensions)))


def digest(shown) -> str:
    """A hash of nested lists of strings, numbers, booleans and ``None``
    (``marshal`` format 2 has no back-references: equal values, equal bytes)."""
    return hashlib.blake2b(marshal.dumps(shown, 2), digest_size=20).hexdigest()


class Printer:
    """Fingerprints the pages of one build (``build``: its build fingerprint)."""

    def __init__(self, settings: dict, build: str):
        self.settings = settings
        self.build = build
        self._shared: dict[int, tuple[object, object]] = {}  # id -> (value, plain)
        self._uses: dict[tuple[int, str], tuple[object, TemplateUse]] = {}
        self._parsed: dict[int, tuple[object, dict]] = {}  # per environment
        self._recurring: dict[int, tuple[object, str]] = {}  # id -> (value, its hash)

    def use(self, template) -> TemplateUse:
        """:func:`template_use`, once per template of this build."""
        key = (id(template.environment), template.name)
        known = self._uses.get(key)
        if known is None or known[0] is not template.environment:
            env = template.environment
            parsed = self._parsed.get(id(env))
            if parsed is None or parsed[0] is not env:
                parsed = self._parsed[id(env)] = (env, {})
            known = self._uses[key] = (env, template_use(template, parsed[1]))
        return known[1]

    def page(self, template, localcontext: dict, own: dict) -> str:
        """The fingerprint of one page, rendered with ``localcontext``, which
        holds the build's context and the page's ``own`` template
        arguments; raises :class:`Uncovered`."""
        article = own.get("article")
        env = template.environment
        use = self.use(template)
        shown: list = [self.build, template.name, use.source]
        for name in use.names:
            if name in localcontext:
                value = localcontext[name]
                setting = self.settings.get(name, _UNSET)
                if setting is not _UNSET and (setting is value or setting == value):
                    continue  # in the build fingerprint
            elif name in env.globals:
                value = env.globals[name]
            else:
                continue  # undefined: renders the same every time
            if article is not None and value is article:
                shown += [name, self._view(article.view), article.content]
            else:
                shown += [name, self._shared_plain(value)]
        return digest(shown)

    def _view(self, view: ThreadView) -> list:
        """A thread page's view. Its replies are the thread's own, which
        the thread's source digest covers: each enters by its HTML alone
        (the links in it depend on other threads)."""
        thread = view.thread
        replies = view.replies
        own = (thread.source_digest and len(replies) == len(thread.replies)
               and all(shown.reply is reply for shown, reply in zip(replies, thread.replies)))
        if not own:
            return self._plain(view)
        return ["ThreadView"] + [
            [shown.html for shown in replies] if name == "replies" else self._plain(getattr(view, name))
            for name in _VIEW_FIELDS]

    def _shared_plain(self, value):
        """Context values and a listing's threads are shared by many pages:
        each is converted and hashed once (a page of a listing is not), so
        a page's fingerprint holds the hash, not the whole value again."""
        if isinstance(value, (str, int, float, bool, Page)) or value is None:
            return self._plain(value)
        known = self._shared.get(id(value))
        if known is None or known[0] is not value:
            known = self._shared[id(value)] = (value, digest(self._plain(value)))
        return known[1]

    def _plain(self, value):
        if value is None or type(value) in _SIMPLE:
            return value
        known = self._recurring.get(id(value))  # a card, a term or a listed thread met before
        if known is not None and known[0] is value:
            return known[1]
        if isinstance(value, str):  # Markup
            return str(value)
        if isinstance(value, (list, tuple)):
            return [self._plain(item) for item in value]
        if isinstance(value, (set, frozenset)):
            return sorted((self._plain(item) for item in value), key=repr)
        if isinstance(value, dict):
            return sorted(([self._plain(k), self._plain(v)] for k, v in value.items()), key=repr)
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        if isinstance(value, enum.Enum):
            return self._plain(value.value)
        return self._plain_object(value)

    def _plain_object(self, value):
        if isinstance(value, Thread) and value.source_digest:
            return ["Thread", value.source_digest]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if not isinstance(value, (ThreadCard, TermLink)):
                return self._fields(value)
            return self._remember(value, digest(self._fields(value)))  # these recur on many pages
        if isinstance(value, Content) and is_thread(value):
            return self._remember(value, self._plain(value.view.card))  # a listed thread shows its card
        if isinstance(value, Page):
            return ["Page", value.number, value.url, self._plain(value.object_list)]
        if isinstance(value, Paginator):
            return ["Paginator", value.num_pages]
        if isinstance(value, URLWrapper):
            return [type(value).__name__, value.name, value.slug, value.url]
        if callable(value):
            return ["code", getattr(value, "__qualname__", type(value).__name__)]
        raise Uncovered(type(value).__name__)

    def _remember(self, value, plain: str) -> str:
        """Keep the hash of a value that does not change while the pages
        are written (frozen cards and terms; a listed thread's card)."""
        self._recurring[id(value)] = (value, plain)
        return plain

    def _fields(self, value) -> list:
        return [type(value).__name__, *(self._plain(getattr(value, f.name)) for f in dataclasses.fields(value))]
