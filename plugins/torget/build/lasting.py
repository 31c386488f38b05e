"""Keep Python's garbage collector off the objects a build keeps to its end.

Every full collection walks every object alive, and a build keeps every
thread, article and page context until it ends: the more threads, the
longer each walk, and the more walks. :func:`kept_for_the_run` moves the
objects alive when the check is done, and again when Pelican has read and
finalized every article, out of the collector's sight (``gc.freeze``)
until the run ends; garbage the build makes meanwhile is still collected.
:func:`collected_seldom` makes the collector look at new objects less
often while a build checks and runs Pelican: a build makes millions of
objects that live to its end, and every collection that finds them alive
again, above all a full one, is work for nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from pelican import signals


#: New objects (allocations less deallocations) between two collections of
#: the youngest generation while :func:`collected_seldom` is on (Python's
#: default is 700). Older generations follow at Python's ratios, so a full
#: collection comes a hundred times more seldom too.
YOUNG_OBJECTS = 50_000


@contextmanager
def collected_seldom() -> Iterator[None]:
    """Run a block with the collector's first threshold at :data:`YOUNG_OBJECTS`
    (not lowered if it is higher; left off if it is off); restored afterwards."""
    before = gc.get_threshold()
    if before[0]:
        gc.set_threshold(max(before[0], YOUNG_OBJECTS), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _freeze(*_args, **_kwargs) -> None:
    gc.freeze()


@contextmanager
def kept_for_the_run() -> Iterator[None]:
    """Freeze what is alive now and after ``all_generators_finalized``; unfreeze at the end."""
    already = gc.get_freeze_count()
    gc.freeze()
    signals.all_generators_finalized.connect(_freeze)
    try:
        yield
    finally:
        signals.all_generators_finalized.disconnect(_freeze)
        if not already:
            gc.unfreeze()  # a later run in this process (torget serve) may collect them
