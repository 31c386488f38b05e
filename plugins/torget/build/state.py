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


