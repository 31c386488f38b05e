"""Pelican plugin: reuse unchanged thread pages from the previous build.

Pelican renders every page on every build. Most of a forum's pages are
threads, and a thread page only changes when something it shows changes.
This plugin gives Pelican a writer (through the ``get_writer`` signal)
that fingerprints each thread page before rendering it: the thread itself
(question, replies, metadata), its related threads, its previous and next
threads, which of its category and tags have pages, its old-post state,
and a fingerprint of the whole build (settings, theme, plugin code). When
the previous build wrote the same page with the same fingerprint, the old
file is linked into the new output instead of rendering the template.
Listings, feeds, the search index and everything else are always rendered.

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
import json
import os
import shutil
from pathlib import Path

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

#: Settings that differ between builds without changing any page.
_VOLATILE = {"OUTPUT_PATH", "TORGET_PREVIOUS_OUTPUT", "TORGET_PREVIOUS_PRINTS", "TORGET_PAGE_PRINTS", "CACHE_PATH"}


def _files_digest(folders) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def build_print(settings) -> str:
    """What every page depends on: settings, theme and plugin code."""
    plain = {}
    for key, value in settings.items():
        if key in _VOLATILE:
            continue
        try:
            plain[key] = json.loads(json.dumps(value, sort_keys=True))
        except (TypeError, ValueError):
            continue
    digest = hashlib.sha256(json.dumps(plain, sort_keys=True, default=str).encode())
    digest.update(_files_digest([settings["THEME"], *settings.get("PLUGIN_PATHS", [])]).encode())
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
    return hashlib.sha256(json.dumps(shown, ensure_ascii=False, default=str).encode()).hexdigest()


class ReusingWriter(Writer):
    """Pelican's writer, linking unchanged thread pages from the last build."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._prints = settings.get("TORGET_PAGE_PRINTS") if settings else None
        self._previous = (settings or {}).get("TORGET_PREVIOUS_PRINTS") or {}
        self._previous_output = (settings or {}).get("TORGET_PREVIOUS_OUTPUT")
        self._build = build_print(settings) if self._prints is not None else ""

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        article = kwargs.get("article")
        if self._prints is None or not name or getattr(article, "thread", None) is None:
            return super().write_file(name, template, context, relative_urls, paginated,
                                      template_name, override_output, url, **kwargs)
        fingerprint = page_print(article, context, self._build)
        self._prints[name] = fingerprint
        old = Path(self._previous_output or "") / name
        if self._previous_output and self._previous.get(name) == fingerprint and old.is_file():
            self._reuse(old, name, article)
            return None
        return super().write_file(name, template, context, relative_urls, paginated,
                                  template_name, override_output, url, **kwargs)

    def _reuse(self, old: Path, name: str, article) -> None:
        path = sanitised_join(self.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
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
