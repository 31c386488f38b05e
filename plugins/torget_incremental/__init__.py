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
rendered. While Pelican reads content, a separate ``mkdir`` process
(:class:`FolderMaker`) makes the previous build's page folders in the new
output; folders the build did not use are removed at the end.

It only acts when ``torget build`` (:func:`torget.build.run.build_site`) sets
it up: the build passes the previous output folder and its fingerprints,
and saves the new fingerprints next to the output only after the new site
was swapped into place, so a failed build can never leave fingerprints
that describe files it did not write. A plain ``pelican`` run renders
everything as usual.

Reads the previous output and its fingerprints from the running build's
state (:func:`torget.build.state.current`) and records the new ones there.
Settings read: ``THEME``, ``PLUGIN_PATHS`` and every JSON-serialisable
setting for the build fingerprint.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

from torget.build import state as buildstate
from torget.build.fingerprint import build_print

def _digest(shown) -> str:
    """A hash of nested lists of strings, numbers, booleans and ``None``.

    ``marshal`` serialises these in C; format version 2 has no
    back-references, so equal values always give equal bytes. Anything
    else (a ``str`` subclass such as ``Markup``, an enum) is first turned
    into one of these by :func:`_plain`.
    """
    try:
        data = marshal.dumps(shown, 2)
    except ValueError:
        data = marshal.dumps(_plain(shown), 2)
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    if value is None or type(value) in (bool, int, float):
        return value
    return repr(value)


def page_print(article, context, build: str) -> str:
    """Everything a thread page shows, as one hash."""

    def link(other):
        return None if other is None else [other.slug, other.title]

    live_tags = context.get("live_tags", frozenset())
    shown = [
        build,
        # Parsed threads carry a hash of their file; repr() covers the rest.
        article.thread.source_digest or repr(article.thread),
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
            try:
                return old.read_text(encoding="utf-8")
            except FileNotFoundError:
                pass
        return self.template.render(localcontext)


class ReusingWriter(Writer):
    """Pelican's writer, reusing unchanged pages from the last build."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        state = buildstate.current()
        self._prints = state.page_prints if state else None
        self._previous = state.previous_prints if state else {}
        self._previous_output = str(state.previous_output) if state and state.previous_output else None
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
                if old is not None and self._reuse(old, name, article):
                    return None
        return super().write_file(name, template, context, relative_urls, paginated,
                                  template_name, override_output, url, **kwargs)

    def _old(self, name: str, fingerprint: str) -> Path | None:
        """Where the previous build wrote ``name``, if it had this
        fingerprint. (Someone may have deleted the file since: callers
        render the page when it is missing.)"""
        if not self._previous_output or self._previous.get(name) != fingerprint:
            return None
        return Path(self._previous_output) / name

    def _reuse(self, old: Path, name: str, article) -> bool:
        """Link ``old`` into the output as ``name``; false if it is gone."""
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
        except FileNotFoundError:
            return False
        except OSError:  # another file system, or no hard links
            shutil.copyfile(old, path)
        self._written_files.add(path)
        # What Pelican's writer announces for every page (pelican-sitemap
        # lists pages from it).
        signals.content_written.send(path, context={"article": article})
        return True


def get_writer(pelican):
    return ReusingWriter


def folders_of(names) -> list[str]:
    """Every folder (and parent folder) that holds one of ``names``,
    parents before children."""
    folders = set()
    for name in names:
        folder = os.path.dirname(name)
        while folder and folder not in folders:
            folders.add(folder)
            folder = os.path.dirname(folder)
    return sorted(folders)


class FolderMaker:
    """``xargs -0 mkdir -p`` making folders in a separate process.

    A build job (``BuildState.jobs``): :meth:`stop` ends it. A
    separate program, not a fork of the build: a fork would share the
    build's memory copy-on-write while the build reads content, and every
    thread object Pelican touches meanwhile would be copied.
    """

    def __init__(self, paths: list[str]):
        self.process = None
        xargs = shutil.which("xargs") if os.name == "posix" else None
        if xargs is None or not paths:
            return  # the writer makes every folder itself
        with tempfile.TemporaryFile() as listing:
            listing.write(b"\0".join(os.fsencode(path) for path in paths))
            listing.seek(0)
            self.process = subprocess.Popen([xargs, "-0", "mkdir", "-p", "--"], stdin=listing,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def result(self) -> None:
        """Wait until it is done. A folder it could not make is not an
        error: the writer makes (or reports) it."""
        if self.process is not None:
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        self.result()


def start_folders(pelican) -> None:
    """Start making the previous build's page folders in the new output.

    Most pages have a folder of their own, and making 12,000 folders takes
    about a second; :class:`FolderMaker` does it while Pelican reads
    content. The writer makes any folder it finds missing, so the two
    never wait for each other.
    """
    state = buildstate.current()
    if state is None or not state.previous_prints:
        return
    folders = folders_of(state.previous_prints)
    job = FolderMaker([sanitised_join(pelican.output_path, folder) for folder in folders])
    # torget build stops the job if the build fails.
    state.jobs.append(job)
    pelican.torget_folders = (job, folders)


def remove_unused_folders(pelican) -> None:
    """Remove the folders :func:`start_folders` made that this build did
    not use (a thread was deleted or renamed), so the output equals a
    build from scratch."""
    job, folders = getattr(pelican, "torget_folders", (None, ()))
    if job is None:
        return
    job.result()
    used = set(folders_of(buildstate.current().page_prints))
    for folder in reversed(folders):  # children first
        if folder not in used:
            try:
                os.rmdir(sanitised_join(pelican.output_path, folder))
            except OSError:  # not empty: something else was written there
                pass


def register() -> None:
    signals.get_writer.connect(get_writer)
    signals.initialized.connect(start_folders)
    signals.finalized.connect(remove_unused_folders)
