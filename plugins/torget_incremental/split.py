"""Pages rendered in several processes at once.

The writer puts each page it must render into a :class:`PageQueue`
instead of rendering it at once; :meth:`PageQueue.render` then shares the
pages between this process and forked ones (``TORGET_RENDER_PROCESSES``;
:func:`torget.build.ahead.page_processes`),
each rendering and writing its pages with Pelican's own writer. Every page
is rendered from the context it was queued with, so the files are the
same bytes as one process writes, whichever process writes them. Below
:data:`SPLIT_MIN` pages one process renders them all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from pelican.writers import FileOverwriteFailedError

from torget.build.background import Background, BackgroundError

log = logging.getLogger(__name__)
#: Fewer pages to render than this are rendered in this process alone: a
#: fork would cost more than it saves.
SPLIT_MIN = 200


@dataclass
class Page:
    """One page to render: the writer's arguments, with the context it had."""

    name: str
    template: object
    context: dict
    override: bool
    kwargs: dict


@dataclass
class PageQueue:
    """The pages a writer has yet to render, in the order they came."""

    pages: dict[str, Page] = field(default_factory=dict)  # by output path
    _context: tuple[dict, dict] | None = None  # (the live context, its copy)

    def add(self, path: str, page: Page) -> None:
        """Queue a page; a second page for the same path follows Pelican's
        rule (it replaces the first only if it may override it)."""
        self.drop(path, page.override)
        page.context = self._frozen(page.context)
        self.pages[path] = page

    def drop(self, path: str, override: bool) -> None:
        """Forget a queued page that another write replaces."""
        if path not in self.pages:
            return
        if not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}" as Pelican has already written to it previously '
                "(set `override=True` if intended)")
        del self.pages[path]

    def _frozen(self, context: dict) -> dict:
        """A copy of ``context`` as it is now, shared by the pages queued
        while it does not change (generators keep one context object)."""
        if self._context is not None:
            live, copy = self._context
            if live is context and len(context) == len(copy) and all(
                    context.get(key, copy) is value for key, value in copy.items()):
                return copy
        copy = context.copy()
        self._context = (context, copy)
        return copy

    def render(self, write: Callable[[Page], None], processes: int) -> None:
        """Render every queued page with ``write``, in up to ``processes``
        processes; a process that fails has its pages rendered here again,
        so that the error is raised here."""
        pages = list(self.pages.values())
        self.pages.clear()
        self._context = None
        count = processes if len(pages) >= SPLIT_MIN else 1
        jobs = [Background(partial(_write_all, write, pages[n::count]), name="rendering pages")
                for n in range(1, count)]
        _write_all(write, pages[0::count])
        for n, job in enumerate(jobs, start=1):
            try:
                job.result()
            except BackgroundError as error:
                log.warning("%s; rendering its pages again in this process", error)
                _write_all(write, pages[n::count])


def _write_all(write: Callable[[Page], None], pages: list[Page]) -> None:
    for page in pages:
        write(page)
