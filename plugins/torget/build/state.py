"""Work a Pelican run starts beside itself, and settings only a build sets.

Plugins start background work (:mod:`torget.build.background`) with
:func:`start` and wait for it with :func:`finish`; whoever runs Pelican
wraps the run in :func:`stopped_on_exit`, which stops what a failed run
left running. :data:`BUILD_ONLY_SETTINGS` names the settings that change
no reader's output, so caches of what readers return ignore them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Settings that do not change what a reader returns: the build date
#: (readers never read it) and where unchanged pages may be reused from.
#: Pelican's content-cache key (``PelicanCacheKey``) leaves them out.
BUILD_ONLY_SETTINGS = frozenset({"TORGET_BUILD_DATE", "TORGET_REUSE_FROM"})

#: Jobs started and not yet finished or stopped, in this process.
_running: list[Any] = []


def start(job: Any) -> Any:
    """Record ``job`` (with ``result()`` and ``stop()``) as running."""
    _running.append(job)
    return job


def finish(job: Any) -> Any:
    """Wait for ``job`` and return its result; raises what it raised."""
    try:
        return job.result()
    finally:
        if job in _running:
            _running.remove(job)


def jobs() -> tuple[Any, ...]:
    """The jobs started and not yet finished or stopped."""
    return tuple(_running)


def stop_all() -> None:
    """Stop every job still running (the run failed before waiting)."""
    while _running:
        _running.pop().stop()


@contextmanager
def stopped_on_exit() -> Iterator[None]:
    """Run a block (a Pelican run); stop whatever it left running."""
    try:
        yield
    finally:
        stop_all()


@dataclass
class BuildState:
    """What ``torget build`` still hands ``torget_incremental`` (and only it)
    until that plugin reads ``TORGET_REUSE_FROM``: the previous output's
    page fingerprints, and the new ones it records."""

    previous_output: Path | None = None
    previous_prints: dict[str, str] = field(default_factory=dict)
    page_prints: dict[str, str] = field(default_factory=dict)
    #: Jobs that plugin started; stopped with the others when the run fails.
    jobs: list[Any] = field(default_factory=lambda: _running)


_current: BuildState | None = None


def current() -> BuildState | None:
    """The running ``torget build``'s :class:`BuildState`, for ``torget_incremental``."""
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
