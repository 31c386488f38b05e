"""The state of one ``torget build``, as the plugins see it.

:func:`torget.build.run.build_site` checks and parses every thread before
Pelican runs, knows the previous output and its page fingerprints, and
waits for the work plugins start beside Pelican. It hands all of that to
the plugins as one :class:`BuildState`, reached through :func:`current`
while Pelican runs. In a plain ``pelican`` run there is none
(:func:`current` is ``None``) and each plugin does its work itself:

- ``torget_threads`` parses each file as it reads it, and renders it there;
- ``torget_search`` builds the index after reading (from the HTML in
  Pelican's content cache, or rendered again), and collects it itself;
- ``torget_incremental`` writes every page (it reuses none).

The state also holds the forum settings the check read
(:class:`torget.settings.forum.ForumSettings`), which every plugin then gets
from :meth:`~torget.settings.forum.ForumSettings.from_pelican` without reading
them again.

The state is never put into Pelican's settings: Pelican pickles those into
its content cache, and the state holds live objects (running processes)
that describe one build only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from torget.model import Thread


@dataclass
class BuildState:
    """What one ``torget build`` passes to the plugins."""

    #: Source path (``str``) → the thread the check parsed from it; the
    #: reader takes it instead of parsing again, and drops it once read.
    parsed: dict[str, Thread] = field(default_factory=dict)
    #: Source path → the HTML of a thread rendered ahead of reading
    #: (``torget_threads``): the question's and each reply's. The reader
    #: takes it from here (and drops it); the index process, forked before
    #: Pelican reads, takes its copy of it as the threads' index text.
    rendered: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    #: Work started beside Pelican (:class:`torget.build.background.Background`
    #: and the like, with ``result()`` and ``stop()``): the build waits for
    #: each after Pelican has written everything, or stops it on failure.
    jobs: list[Any] = field(default_factory=list)
    #: The output the last good build wrote, if any, and the fingerprint of
    #: every page in it (``torget_incremental`` reuses unchanged pages).
    previous_output: Path | None = None
    previous_prints: dict[str, str] = field(default_factory=dict)
    #: Filled by ``torget_incremental`` with this build's page fingerprints.
    page_prints: dict[str, str] = field(default_factory=dict)
    #: The forum settings the check read (a :class:`torget.settings.forum.ForumSettings`).
    settings: Any = None


_current: BuildState | None = None


def current() -> BuildState | None:
    """The running ``torget build``'s state, or ``None`` (plain ``pelican``)."""
    return _current


@contextmanager
def running(state: BuildState) -> Iterator[BuildState]:
    """Make ``state`` the current one while the block runs."""
    global _current
    if _current is not None:
        raise RuntimeError("a torget build is already running in this process")
    _current = state
    try:
        yield state
    finally:
        _current = None
