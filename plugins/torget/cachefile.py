"""Keyed pickle files: the caches Torget keeps between builds.

A cache file holds ``(key, data)``; the key says what produced the data
(code version, settings) and :func:`load` returns the data only while the
caller's key is the same. A file that cannot be read is a missing cache,
never an error. :func:`save` writes beside the file and renames, so a
build that stops half-way never leaves a broken cache.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

_UNREADABLE = (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError, pickle.UnpicklingError)


def load(path: Path, key: Any) -> Any | None:
    """The data stored under ``key``, or ``None``."""
    try:
        with path.open("rb") as handle:
            stored_key, data = pickle.load(handle)
    except _UNREADABLE:
        return None
    return data if stored_key == key else None


def save(path: Path, key: Any, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as handle:
        pickle.dump((key, data), handle, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)
