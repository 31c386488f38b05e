"""The size keys ``scripts/bench --sizes`` takes, and how reports name and
order them.

- ``sample``: the sample forum;
- ``N`` (``10000``): N corpus threads, the corpus repeated as often as
  needed (copies sit next to their originals, so their results share
  document chunks and their postings compress together);
- ``real``: the corpus imported as it is, every thread once;
- ``realN`` (``real10000``): N threads from the corpus, copies with their
  dates moved back by a different span each (:func:`torget_dev.corpus.make_forum`'s
  ``spread``), so that no copy sits in a document chunk with its original.
"""

from __future__ import annotations

import re

_KEY = re.compile(r"(?:real)?\d+|real|sample")


def valid(key: str) -> bool:
    return bool(_KEY.fullmatch(key))


def is_real(key: str) -> bool:
    """Whether the forum has no copy next to its original."""
    return key.startswith("real")


def threads(key: str) -> int | None:
    """The thread count the key asks for (None: the sample forum, or the whole corpus)."""
    digits = key.removeprefix("real")
    return int(digits) if digits.isdigit() else None


def label(key: str, count: int | None = None) -> str:
    """``sample``, ``10,000``, ``2,795 real`` or ``10,000 real``."""
    if key == "sample":
        return "sample"
    n = threads(key) or count
    number = f"{n:,}" if n is not None else "all"
    return f"{number} real" if is_real(key) else number


def order(key: str) -> tuple:
    """Sample first, then replicated sizes, then real ones, each by size."""
    if key == "sample":
        return (0, 0)
    return (2 if is_real(key) else 1, threads(key) or 0)
