"""Render threads ahead of Pelican's reader, split between processes.

Markdown is most of the time Pelican spends reading, one file after
another. :func:`render_split` renders a list of threads in this process
and forked ones (:mod:`torget.build.background`); a thread whose
rendering fails is left out and rendered again when Pelican reads it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import partial

from torget.build.background import Background, BackgroundError

log = logging.getLogger(__name__)
#: ``TORGET_RENDER_PROCESSES = "auto"`` uses the usable cores, at most this
#: many (each forked process holds a copy-on-write copy of its threads).
MAX_AUTO_PROCESSES = 4

Rendered = dict[str, tuple[str, tuple[str, ...]]]


def processes(wanted: str | int) -> int:
    """``TORGET_RENDER_PROCESSES``, with ``auto`` as the usable cores (up to 4)."""
    if wanted == "auto":
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        return max(1, min(cores, MAX_AUTO_PROCESSES))
    return int(wanted)


def page_processes(wanted: str | int) -> int:
    """How many processes render pages: ``auto`` leaves one core to the
    search index, which is built in a process of its own meanwhile."""
    if wanted == "auto":
        return max(1, processes("auto") - 1)
    return int(wanted)


def render_all(render: Callable, threads: dict, paths: list[str]) -> Rendered:
    """``render(thread)`` for each of ``paths``; failures are left out
    (the reader renders them again and reports the error with the file)."""
    rendered = {}
    for path in paths:
        try:
            rendered[path] = render(threads[path])
        except Exception:  # noqa: BLE001 - reported when the file is read
            continue
    return rendered


def render_split(render: Callable, threads: dict, paths: list[str], count: int) -> Rendered:
    """Render ``paths`` in ``count`` processes (this one among them)."""
    jobs = [Background(partial(render_all, render, threads, paths[n::count]), name="rendering threads")
            for n in range(1, count)]
    rendered = render_all(render, threads, paths[0::count])
    for job in jobs:
        try:
            rendered.update(job.result())
        except BackgroundError as error:  # its threads are rendered as they are read
            log.warning("%s", error)
    return rendered
