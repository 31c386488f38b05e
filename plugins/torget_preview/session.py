"""The fast path of one ``torget serve`` process, between full builds.

:class:`FastPreview` takes the generators of each good preview build
(:mod:`.capture`) and, for a change to one thread file, applies it
(:mod:`.update`), writes the pages it changed (:mod:`.pages`) and then the
search index (:mod:`.search`). :meth:`FastPreview.apply` returns why a
change needs the full rebuild instead, in the forum's language.
"""

from __future__ import annotations

import gc
import logging
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from torget.build.outputguard import BuildLock, OutputFolder, OutputRefused
from torget.content.forum import MARKDOWN_EXTENSIONS, kind_of
from torget.i18n import _
from torget.settings.forum import ForumSettings

from .capture import Capture
from .pages import PageUpdate
from .record import listing_members, page_calls, record
from .search import index_files, index_inputs, move_index, start_index
from .update import Fallback, apply_edit, early_view, place, read_edit

log = logging.getLogger(__name__)


@dataclass
class Updated:
    """A change the fast path applied: how many files, in how long."""

    files: int
    seconds: float


class FastPreview:
    """The run kept in memory, and what the fast path needs between edits."""

    def __init__(self, output: Path):
        self.output = output
        self.capture = Capture()
        self.run = None
        self.recording = None
        self.index: set[str] | None = None
        #: Held while the run in memory or the output folder change.
        self.lock = threading.Lock()
        self._search: threading.Thread | None = None
        #: The search index being written, until a later edit stops it.
        self._job = None

    def built(self, ok: bool) -> None:
        """A full build finished: keep its run if it replaced the site."""
        run = self.capture.take()
        with self.lock:
            self.run = run if ok else None
            self.recording = self.index = None
            if self.run is not None:  # what the pages are now, ready for the first edit
                settings = self.run.articles.settings
                self.recording = record(self.run.generators, settings)
                pages = {name for call in self.recording.pages for name, _ in page_calls(call, settings)}
                self.index = index_files(self.output, pages)

    def apply(self, changes, shown=None) -> Updated | str:
        """Apply ``changes`` (watchfiles' ``(change, path)`` pairs) or say
        why the whole site has to be rebuilt. ``shown()`` is called when
        the edited thread's page is written, if that is before the rest."""
        if self.run is None:
            return _("no earlier build is kept in memory")
        path = self._one_thread_file(changes)
        if isinstance(path, str):
            return path
        started = time.perf_counter()
        self._stop_search()
        gc.disable()  # the run's objects are many and none of this makes cycles to collect now
        try:
            with self.lock, BuildLock(OutputFolder(self.output)):
                return self._apply(str(path), started, shown or (lambda: None))
        except OutputRefused as error:
            return str(error)
        except Fallback as reason:
            self.run = None  # half applied: the rebuild makes a new one
            return str(reason)
        except Exception as error:  # noqa: BLE001 - the full rebuild is always right
            log.warning("preview fast path: %s", error, exc_info=True)
            self.run = None
            return _("the fast path failed: %(error)s", error=error)
        finally:
            gc.enable()

    def _one_thread_file(self, changes) -> Path | str:
        """The one thread or FAQ file changed, or why there is none."""
        settings = self.run.settings
        forum = ForumSettings.from_pelican(settings)
        paths = {Path(path) for _change, path in changes}
        paths = {p for p in paths if not _scratch(p, forum)} or paths
        if len(paths) != 1:
            return _("more than one file changed")
        path = next(iter(paths))
        code = [settings.get("THEME"), *settings.get("PLUGIN_PATHS", ()), forum.config_path]
        if any(root and (path.resolve() == Path(root).resolve() or Path(root).resolve() in path.resolve().parents)
               for root in code):
            return _("the settings, the theme or the plugins changed")
        if not path.is_file() or kind_of(path, forum.content) is None:
            return _("it is not a thread or FAQ file, or it was removed")
        return path

    def _apply(self, path: str, started: float, shown) -> Updated:
        run = self.run
        settings = run.articles.settings
        before = self.recording or record(run.generators, settings)
        edit = read_edit(run, path)
        update = PageUpdate(run, self.output)
        try:
            members = listing_members(before, edit.old)  # before the lists change
            if early_view(run, edit):
                place(run, edit)
                update.early(edit, before)
                shown()
            apply_edit(run, edit)
            update.write(edit, before, members)
        except BaseException:
            if update.written:  # the pages written keep no fingerprint
                update.save_prints()
            raise
        self.recording = update.recording
        return Updated(len(set(update.written)), time.perf_counter() - started)

    def update_search(self, done) -> None:
        """Write the search index of the forum as it is now, in the
        background; ``done(seconds)`` is called once it is in place. A
        full rebuild or a later edit that comes first makes it be dropped."""
        previous = self._search
        thread = threading.Thread(target=self._index, args=(previous, done), name="preview search", daemon=True)
        self._search = thread
        thread.start()

    def _index(self, previous, done) -> None:
        if previous is not None:
            previous.join()
        started = time.perf_counter()
        with self.lock:  # started from the run as it is now, not halfway through an edit
            run = self.run
            if run is None or self._search is not threading.current_thread():
                return
            job, folder = start_index(index_inputs(run), self.output)
            self._job = job
        try:
            job.result()
            with self.lock, BuildLock(OutputFolder(self.output)):
                if self.run is not run:
                    return
                self.index = move_index(folder, self.output, self.index)
        except Exception as error:  # noqa: BLE001 - the next full rebuild writes the index
            if self._job is job:  # not stopped by a later edit
                log.warning("preview search index: %s", error)
            return
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        done(time.perf_counter() - started)

    def _stop_search(self) -> None:
        """An edit makes the index being written out of date: stop it, so
        that it takes no time from the edit (the edit writes a new one)."""
        job, self._job = self._job, None
        process = job.process if job is not None else None
        if process is not None:
            process.terminate()

    def close(self) -> None:
        self.capture.close()


def _scratch(path: Path, forum: ForumSettings) -> bool:
    """An editor's working file, not content: hidden or a backup (``.x.md.swp``,
    ``x.md~``), or gone already and no thread file (``sed -i`` writes one and
    renames it over the file)."""
    if path.name.startswith(".") or path.name.endswith("~"):
        return True
    content = path.suffix.lstrip(".").lower() in MARKDOWN_EXTENSIONS and kind_of(path, forum.content) is not None
    return not path.exists() and not content
