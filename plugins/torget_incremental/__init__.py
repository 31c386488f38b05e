"""Pelican plugin: reuse unchanged pages from the previous build.

Given the previous output (``TORGET_REUSE_FROM``, set by ``torget build``;
empty: Pelican's own writer renders everything), its writer fingerprints
each thread and listing page from what its template reads (:mod:`.prints`)
and links the previous file when the fingerprint is unchanged
(:mod:`.writer`); the pages it renders, it renders together in several
processes (:mod:`.split`); the fingerprints go into the output as
``.torget-pages.json``. A separate ``mkdir`` process makes the previous
build's page folders while Pelican reads (:mod:`.folders`).
docs/architecture.md explains what a fingerprint covers.
"""

from __future__ import annotations

import os

from pelican import signals
from pelican.utils import sanitised_join

from torget.settings.forum import ForumSettings

from .folders import FolderMaker, folders_of
from .writer import LISTINGS, STAMP, PageReuse, ReusingWriter  # noqa: F401 - the plugin's interface

#: The running builds' page reuse, by their settings (generators see
#: the same settings object as Pelican).
_RUNS: dict[int, tuple[dict, PageReuse, FolderMaker | None]] = {}


def start(pelican) -> None:
    """Read the previous fingerprints; start making their folders."""
    for _, _, maker in _RUNS.values():  # left by a failed build
        if maker is not None:
            maker.stop()
    _RUNS.clear()  # Pelican's signals serve one build at a time
    if not ForumSettings.from_pelican(pelican.settings).reuse_from:
        return
    reuse = PageReuse(pelican.settings, pelican.output_path)
    maker = FolderMaker(pelican.output_path, reuse.previous_folders) if reuse.previous_folders else None
    _RUNS[id(pelican.settings)] = (pelican.settings, reuse, maker)


def _run(settings: dict):
    settings_, reuse, maker = _RUNS.get(id(settings), (None, None, None))
    return (reuse, maker) if settings_ is settings else (None, None)


def folders_made(generator) -> None:
    """The articles are read: the folders are made by now."""
    maker = _run(generator.settings)[1]
    if maker is not None:
        maker.result()


def get_writer(pelican):
    reuse = _run(pelican.settings)[0]
    if reuse is None:
        return None  # Pelican's writer
    return type("ReusingWriter", (ReusingWriter,), {"reuse": reuse})


def render_queued(generator, writer) -> None:
    """The articles generator has queued its pages: render them, in
    several processes (:mod:`.split`)."""
    if isinstance(writer, ReusingWriter):
        writer.render_queued()


def finish(pelican) -> None:
    """Render what is still queued, remove the folders made ahead that
    this build did not use (a thread was deleted or renamed), and save the
    fingerprints."""
    reuse, maker = _run(pelican.settings)
    _RUNS.pop(id(pelican.settings), None)
    if reuse is None:
        return
    for writer in reuse.writers:
        writer.render_queued()
    if maker is not None:
        maker.stop()
        used = set(folders_of(reuse.names))
        for folder in reversed(reuse.previous_folders):  # children first
            if folder not in used:
                try:
                    os.rmdir(sanitised_join(pelican.output_path, folder))
                except OSError:  # not empty: something else was written there
                    pass
    reuse.save()


def register() -> None:
    signals.initialized.connect(start)
    signals.article_generator_pretaxonomy.connect(folders_made)
    signals.get_writer.connect(get_writer)
    signals.article_writer_finalized.connect(render_queued)
    signals.finalized.connect(finish)
