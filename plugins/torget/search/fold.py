"""Fold keys: a term lower-cased and without diacritics (``lösenord`` -> ``losenord``).

The index orders its term shards by this key, and ``fold()`` in
theme/static/js/search.js applies the same rules to query terms (a test
runs both). Folding never changes an index term.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Letters that canonical decomposition does not split but that a keyboard
#: without them spells otherwise.
FOLD_LETTERS = {"æ": "ae", "œ": "oe", "ø": "o", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i"}
_FOLD_LETTERS_RE = re.compile("[" + "".join(FOLD_LETTERS) + "]")


@lru_cache(maxsize=1 << 18)
def fold(term: str) -> str:
    """``term`` lower-cased, without diacritics: NFD, combining marks
    (category Mn) removed, then :data:`FOLD_LETTERS` replaced."""
    term = term.lower()
    if term.isascii():
        return term
    decomposed = unicodedata.normalize("NFD", term)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _FOLD_LETTERS_RE.sub(lambda m: FOLD_LETTERS[m.group(0)], stripped)
