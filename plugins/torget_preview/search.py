"""The search index of the edited forum, as a build writes it.

:func:`update_search` builds the index again with the search plugin's own
:func:`torget_search.write_index` (each unchanged thread's terms come from
its cache) in a second process, into a folder beside the output, then
moves the new files into the output's ``search/``, removes the index
files they replace and lists the new ones in the output's manifest of
written files (:mod:`torget.build.outputguard`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from torget.atomic import atomic_write
from torget.build.background import Background
from torget.build.outputguard import OutputFolder
from torget.search.language import pipeline_for
from torget.settings.forum import ForumSettings
from torget_search import ThreadHTML, published, write_index
from torget.addresses import site_link


def index_inputs(run) -> Callable[[Path], str]:
    """What the index of ``run``'s articles as they are now is built from,
    as a function that writes it into a folder (the threads are taken now:
    later edits do not change them)."""
    generator = run.articles
    settings = generator.settings
    forum = ForumSettings.from_pelican(settings)
    siteurl = settings.get("SITEURL", "")
    scripts = [site_link(siteurl, f"theme/{path}") for path in pipeline_for(forum.lang).browser_scripts]
    entries, threads = published(generator.articles, siteurl)
    paths = {a.slug: a.source_path for a in generator.articles}
    html = ThreadHTML(settings, threads, paths, None, generator.readers.get_cached_data)

    def write(folder: Path) -> str:
        return write_index(lambda: entries, threads, forum, settings, scripts, folder, html=html)

    return write


def start_index(write: Callable[[Path], str], output: Path) -> tuple[Background, Path]:
    """Run ``write`` (:func:`index_inputs`) in a second process at a lower
    priority, so that it does not slow the next edit, into a new folder
    beside ``output``."""
    folder = Path(tempfile.mkdtemp(prefix=f".{output.name}.search-", dir=output.parent))
    parent = os.getpid()

    def run() -> str:
        if os.getpid() != parent:  # not where Background runs it at once
            os.nice(10)
        return write(folder)

    return Background(run, name="search index"), folder


def move_index(folder: Path, output: Path, previous: set[str]) -> set[str]:
    """Move the index files :func:`start_index` wrote into ``output/search``;
    ``previous``: the names of the index files there now. Returns the new
    names."""
    try:
        names = {path.name for path in folder.iterdir()}
        target = output / "search"
        target.mkdir(exist_ok=True)
        for name in sorted(names):
            os.replace(folder / name, target / name)
        for name in sorted(previous - names):
            (target / name).unlink(missing_ok=True)
        _list_written(output, {f"search/{n}" for n in previous - names}, {f"search/{n}" for n in names})
        return names
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def index_files(output: Path, pages: set[str]) -> set[str]:
    """The names of the index files in ``output/search``: every file
    there that no page is written as (``pages``: file names in the output)."""
    folder = output / "search"
    if not folder.is_dir():
        return set()
    return {p.name for p in folder.iterdir() if p.is_file() and f"search/{p.name}" not in pages}


def _list_written(output: Path, removed: set[str], added: set[str]) -> None:
    """The output's manifest without ``removed`` and with ``added``."""
    manifest = OutputFolder(output).manifest
    try:
        listed = set(manifest.read_text(encoding="utf-8").splitlines())
    except FileNotFoundError:
        return  # a stamped folder without a manifest is trusted as Torget's
    names = sorted((listed - removed) | added)
    atomic_write(manifest, "".join(f"{name}\n" for name in names))
