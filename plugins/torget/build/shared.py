"""Work on a list shared between this process and forked ones, results in order.

The check parses and scans every file a build has not seen before, one
after another, while the second core idles: :func:`map_shared` gives
every ``count``-th item to each of ``count - 1`` forked processes
(:mod:`torget.build.background`) and does the rest here, then returns the
results in the items' order, so the outcome is the same whichever process
did an item. A forked process that fails has its items done here again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import TypeVar

from torget.build.background import Background, BackgroundError

log = logging.getLogger(__name__)
#: Fewer items than this are done in this process alone: a fork, and
#: sending the results back, would cost more than it saves.
SHARED_MIN = 400

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[Iterable], Iterator]


def in_order(function: Callable[[T], R], items: Sequence[T], progress: Progress | None = None) -> list[R]:
    """``function(item)`` for each item, in this process (``progress``
    wraps the items: the CLI's progress bar)."""
    return [function(item) for item in (progress(items) if progress else items)]


def map_shared(function: Callable[[T], R], items: Sequence[T], progress: Progress | None = None, *,
               count: int) -> list[R]:
    """``function(item)`` for each item, in ``count`` processes (this one
    among them); ``progress`` wraps this process's share, which takes
    about as long as the whole. Results must pickle."""
    count = count if len(items) >= SHARED_MIN else 1
    if count < 2 or not Background.can_fork():
        return in_order(function, items, progress)
    jobs = [Background(partial(in_order, function, items[n::count]), name="checking files")
            for n in range(1, count)]
    shares = [in_order(function, items[0::count], progress)]
    for n, job in enumerate(jobs, start=1):
        try:
            shares.append(job.result())
        except BackgroundError as error:
            log.warning("%s; checking its files again in this process", error)
            shares.append(in_order(function, items[n::count]))
    results: list = [None] * len(items)
    for n, share in enumerate(shares):
        results[n::count] = share
    return results
