"""Keep Python's garbage collector off the objects a build keeps to its end.

Every full collection walks every object alive, and a build keeps every
thread, article and page context until it ends: the more threads, the
longer each walk, and the more walks. :func:`kept_for_the_run` moves the
objects alive when the check is done, and again when Pelican has read and
finalized every article, out of the collector's sight (``gc.freeze``)
until the run ends; garbage the build makes meanwhile is still collected.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from pelican import signals


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
