"""Keyed pickle files: the caches Torget keeps between builds.

A cache file holds ``(key, data)``; the key says what produced the data
(code version, settings) and :func:`load` returns the data only while the
caller's key is the same. A file that cannot be read is a missing cache,
never an error. :func:`save` writes in one step (:mod:`torget.atomic`),
so a build that stops half-way never leaves a broken cache.
:mod:`torget.build.cache` decides where caches live and when they are used.
:class:`PickledValues` keeps each entry of a cache pickled on its own, so
that writing the cache again after a few entries changed does not pickle
every entry again (worth it where entries share little: unpickling many
small pickles is slower than one large one that shares its strings).
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from torget.atomic import atomic_file

#: What unpickling a stale or cut-off cache can raise.
UNREADABLE = (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError, pickle.UnpicklingError)


def load(path: Path, key: Any) -> Any | None:
    """The data stored under ``key``, or ``None``."""
    try:
        with path.open("rb") as handle:
            stored_key, data = pickle.load(handle)
    except UNREADABLE:
        return None
    return data if stored_key == key else None


def save(path: Path, key: Any, data: Any) -> None:
    with atomic_file(path) as handle:
        pickle.dump((key, data), handle, protocol=pickle.HIGHEST_PROTOCOL)


class PickledValues(dict):
    """A dict that holds each value pickled; :meth:`get` unpickles it.

    Saved with :func:`save` (as a plain dict of bytes) and loaded back with
    ``PickledValues(load(...))``. Notes whether it changed since then.
    """

    changed = False

    def get(self, key, default=None):
        data = super().get(key)
        if data is None:
            return default
        try:
            return pickle.loads(data)
        except UNREADABLE:
            return default

    def __setitem__(self, key, value) -> None:
        self.changed = True
        super().__setitem__(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def __delitem__(self, key) -> None:
        self.changed = True
        super().__delitem__(key)
