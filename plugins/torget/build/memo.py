"""Threads parsed and HTML rendered ahead of Pelican's reader, by file.

A process-wide memo keyed by the file's path, size and modification time
(and what the value depends on: the time zone, the Markdown settings). The
check fills it with the threads it parsed, rendering ahead adds their HTML;
the reader takes what it finds (a hit) and parses or renders the rest (a
miss). Whoever runs Pelican empties it afterwards (:func:`cleared`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: (path, size, mtime_ns, time zone) → thread.
_threads: dict[tuple, Any] = {}
#: (path, size, mtime_ns, Markdown settings) → (question HTML, replies' HTML).
_html: dict[tuple, tuple[str, tuple[str, ...]]] = {}


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def markdown_key(markdown: Any) -> str:
    """What rendered HTML depends on besides the file: ``MARKDOWN`` as the
    rendering completes it (the same before and after Pelican's reader adds
    its ``meta`` extension to the setting)."""
    from torget.html.rendering import markdown_config

    return repr(markdown_config(markdown))


class ParsedThreads:
    """A ``path → thread`` sink for :func:`torget.content.forum.load_forum`
    that files each thread in the memo under the file's current stamp."""

    def __init__(self, timezone: str):
        self.timezone = timezone

    def __setitem__(self, path: str, thread: Any) -> None:
        put_thread(path, self.timezone, thread)


def put_thread(path: str, timezone: str, thread: Any) -> None:
    stamp = _stamp(path)
    if stamp is not None:
        _threads[(path, *stamp, timezone)] = thread


def thread(path: str, timezone: str) -> Any:
    """The thread parsed from ``path`` as it is now, or ``None``."""
    stamp = _stamp(path)
    return None if stamp is None else _threads.get((path, *stamp, timezone))


def threads(timezone: str) -> dict[str, Any]:
    """Every memoized thread still matching its file: path → thread."""
    found = {}
    for (path, size, mtime, zone), value in _threads.items():
        if zone == timezone and _stamp(path) == (size, mtime):
            found[path] = value
    return found


def put_html(path: str, markdown: str, html: tuple[str, tuple[str, ...]]) -> None:
    stamp = _stamp(path)
    if stamp is not None:
        _html[(path, *stamp, markdown)] = html


def take_html(path: str, markdown: str) -> tuple[str, tuple[str, ...]] | None:
    """The HTML rendered ahead for ``path`` as it is now, or ``None``;
    taken out of the memo (a process forked earlier keeps its copy)."""
    stamp = _stamp(path)
    return None if stamp is None else _html.pop((path, *stamp, markdown), None)


def forget_threads() -> None:
    """Drop the threads (all files are read); the HTML stays for the index."""
    _threads.clear()


def clear() -> None:
    _threads.clear()
    _html.clear()


@contextmanager
def cleared() -> Iterator[None]:
    """Run a block (check and Pelican run); empty the memo afterwards."""
    try:
        yield
    finally:
        clear()
