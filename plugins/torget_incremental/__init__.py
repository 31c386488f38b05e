"""Pelican plugin: reuse unchanged pages from the previous build.

Pelican renders every page on every build. Most of a forum's pages are
threads and listings (the paginated ``tag``, ``category`` and ``type``
templates), and such a page only changes when something it shows changes.
Given the previous output (``TORGET_REUSE_FROM``, which ``torget build``
sets; empty: Pelican's own writer renders everything and no fingerprint
is taken), this plugin's writer (``get_writer``) fingerprints each of
these pages from what its template reads (:mod:`.prints`: the thread's
:class:`torget.site.view.ThreadView`, the listed threads'
:class:`torget.site.view.ThreadCard`, the context, and the build
fingerprint of settings, theme and plugin code) and links the previous
file into the new output when the fingerprint is unchanged
(:mod:`.writer`). Every build writes its fingerprints into its output as
``.torget-pages.json``, so they always describe the files beside them;
the file names no archived thread.

While Pelican reads content, a separate ``mkdir`` process
(:class:`.folders.FolderMaker`) makes the previous build's page folders in
the new output; it is waited for once the articles are read, and folders
this build did not use are removed at the end.

Settings read: ``TORGET_REUSE_FROM``, ``PAGINATED_TEMPLATES``,
``DEFAULT_PAGINATION``, and every JSON-serialisable setting, ``THEME`` and
``PLUGIN_PATHS`` for the build fingerprint.
"""

from __future__ import annotations

import os

from pelican import signals
from pelican.utils import sanitised_join

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
    if not pelican.settings.get("TORGET_REUSE_FROM"):
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


def finish(pelican) -> None:
    """Remove the folders made ahead that this build did not use (a thread
    was deleted or renamed), and save the fingerprints."""
    reuse, maker = _run(pelican.settings)
    _RUNS.pop(id(pelican.settings), None)
    if reuse is None:
        return
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
    signals.finalized.connect(finish)
