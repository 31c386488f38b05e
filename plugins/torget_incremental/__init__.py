"""Pelican plugin: reuse unchanged pages from the previous build.

Pelican renders every page on every build. Most of a forum's pages are
threads and listings, and such a page only changes when something it shows
changes. This plugin gives Pelican a writer (through the ``get_writer``
signal) that fingerprints these pages before rendering them, together with
a fingerprint of the whole build (settings, theme, plugin code):

- **thread pages**: the thread itself (question, replies, metadata), its
  related threads, its previous and next threads, which of its category
  and tags have pages, and its old-post state. An unchanged page's old
  file is linked into the new output instead of rendering the template.
- **listing pages** (the paginated ``tag``, ``category`` and ``type``
  templates): each page's title, position among the pages and, for every
  thread listed, what the ``thread_link`` macro shows
  (:func:`card_print`). Pelican still paginates; for an unchanged page the
  template is not rendered and the previous file's text is written again.

The start page, feeds, the search index and everything else are always
rendered.

It only acts when ``torget build`` (:func:`torget.build.build_site`) sets
it up: the build passes the previous output folder and its fingerprints,
and saves the new fingerprints next to the output only after the new site
was swapped into place, so a failed build can never leave fingerprints
that describe files it did not write. A plain ``pelican`` run renders
everything as usual.

Settings read: ``TORGET_PREVIOUS_OUTPUT``, ``TORGET_PREVIOUS_PRINTS`` and
``TORGET_PAGE_PRINTS`` (set by the build, not by users), ``THEME``,
``PLUGIN_PATHS`` and every JSON-serialisable setting for the build
fingerprint.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

from torget.fingerprint import build_print

def _digest(shown) -> str:
    """A hash of nested lists of values; strings are hashed as they are
    (no escaping: thread pages are large), everything else by ``repr``."""
    digest = hashlib.sha256()

    def feed(value) -> None:
        if isinstance(value, str):
            data = value.encode("utf-8", "surrogatepass")
            digest.update(b"s%d:" % len(data))
            digest.update(data)
        elif isinstance(value, (list, tuple)):
            digest.update(b"[%d:" % len(value))
            for item in value:
                feed(item)
        else:
            digest.update(repr(value).encode("utf-8", "surrogatepass") + b";")

    feed(shown)
    return digest.hexdigest()


def page_print(article, context, build: str) -> str:
    """Everything a thread page shows, as one hash."""

    def link(other):
        return None if other is None else [other.slug, other.title]

    live_tags = context.get("live_tags", frozenset())
    shown = [
        build,
        repr(article.thread),
        article.status,
        article.content,  # with {filename} links resolved against other content
        [r.html for r in getattr(article, "replies", ())],
        [link(o) for o in getattr(article, "related", [])],
        link(getattr(article, "prev_thread", None)),
        link(getattr(article, "next_thread", None)),
        article.category.name in context.get("live_categories", frozenset()),
        [tag.name in live_tags for tag in getattr(article, "tags", [])],
        getattr(article, "is_old", None),
        str(getattr(article, "old_from", None)),
        context.get("search_manifest"),
    ]
    return _digest(shown)


#: Paginated templates whose pages are lists of threads (``_listing.html``).
LISTINGS = frozenset({"tag", "category", "type"})


def card_print(article) -> list:
    """What ``thread_link`` in ``_macros.html`` shows of a thread.

    Keep the two in step: a listing page is reused when these values, its
    title and its place among the pages are unchanged.
    """
    thread = article.thread
    return [
        article.url,  # fixed once per build by torget_threads (override_url)
        article.title,
        article.kind,
        thread.type.value if thread.type else None,
        article.category.name,
        len(getattr(article, "replies", ())),
        str(article.last_activity),
        thread.locked,
    ]


def listing_print(localcontext, build: str) -> str:
    """Everything one page of a thread listing shows, as one hash."""
    page = localcontext.get("articles_page")
    paginator = localcontext.get("articles_paginator")
    items = page.object_list if page is not None else localcontext.get("articles", ())

    def url(other):
        return None if other is None else other.url

    shown = [
        build,
        localcontext.get("output_file"),
        localcontext.get("page_name"),
        str(localcontext.get("tag") or localcontext.get("category") or localcontext.get("thread_type")),
        page.number if page is not None else None,
        paginator.num_pages if paginator is not None else None,
        url(localcontext.get("articles_previous_page")),
        url(localcontext.get("articles_next_page")),
        [card_print(article) for article in items],
        localcontext.get("search_manifest"),
        localcontext.get("search_scripts"),
        url(localcontext.get("accessibility")),
    ]
    return _digest(shown)


class _ReusingTemplate:
    """Stands in for a listing template in Pelican's paginated writes.

    ``render`` returns the previous build's page when its fingerprint is
    unchanged, and renders the real template otherwise.
    """

    def __init__(self, template, writer: "ReusingWriter"):
        self.template = template
        self.writer = writer

    def render(self, localcontext) -> str:
        name = localcontext["output_file"]
        fingerprint = listing_print(localcontext, self.writer._build)
        self.writer._prints[name] = fingerprint
        old = self.writer._old(name, fingerprint)
        if old is not None:
            return old.read_text(encoding="utf-8")
        return self.template.render(localcontext)


class ReusingWriter(Writer):
    """Pelican's writer, reusing unchanged pages from the last build."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._prints = settings.get("TORGET_PAGE_PRINTS") if settings else None
        self._previous = (settings or {}).get("TORGET_PREVIOUS_PRINTS") or {}
        self._previous_output = (settings or {}).get("TORGET_PREVIOUS_OUTPUT")
        self._build = build_print(settings) if self._prints is not None else ""

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        article = kwargs.get("article")
        if self._prints is not None and name:
            if template_name in LISTINGS:
                template = _ReusingTemplate(template, self)
            elif getattr(article, "thread", None) is not None:
                fingerprint = page_print(article, context, self._build)
                self._prints[name] = fingerprint
                old = self._old(name, fingerprint)
                if old is not None:
                    self._reuse(old, name, article)
                    return None
        return super().write_file(name, template, context, relative_urls, paginated,
                                  template_name, override_output, url, **kwargs)

    def _old(self, name: str, fingerprint: str) -> Path | None:
        """The previous build's file for ``name``, if it had this fingerprint."""
        if not self._previous_output or self._previous.get(name) != fingerprint:
            return None
        old = Path(self._previous_output) / name
        return old if old.is_file() else None

    def _reuse(self, old: Path, name: str, article) -> None:
        path = sanitised_join(self.output_path, name)
        folder = os.path.dirname(path)
        try:
            os.mkdir(folder)  # most pages have a folder of their own
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
        try:
            os.link(old, path)
        except OSError:
            shutil.copyfile(old, path)
        self._written_files.add(path)
        # What Pelican's writer announces for every page (pelican-sitemap
        # lists pages from it).
        signals.content_written.send(path, context={"article": article})


def get_writer(pelican):
    return ReusingWriter


def register() -> None:
    signals.get_writer.connect(get_writer)
