"""English search: lunr.js 2.3.9's own trimmer, stop-word filter and stemmer.

The trimmer and stemmer are Python copies of lunr.js's (lunr.py's differ),
deliberately not registered under lunr.py's global labels; the search
pipeline keeps the trimmer, unlike stock lunr.js (docs/search.md, *Languages*).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import stop_word_filter as _lunr_stop_word_filter
from lunr.token import Token

from torget.search.languages.base import LUNR_CORE_JS, SearchLanguage, from_utf16_units, labelled, to_utf16_units

_TRIM_START = re.compile(r"^[^A-Za-z0-9_]+")  # JS /^\W+/ (ASCII \W)
_TRIM_END = re.compile(r"[^A-Za-z0-9_]+\Z")  # JS /\W+$/


def _trim(s: str) -> str:
    return _TRIM_END.sub("", _TRIM_START.sub("", s))


def _trimmer(token: Token, i=None, tokens=None):
    # An emptied token stays, as the empty term: lunr.js indexes it.
    return token.update(lambda s, metadata=None: _trim(s))


class _LunrJsPorterStemmer(PorterStemmer):
    """lunr.py's Porter stemmer with lunr.js 2.3.9's step 1c.

    lunr.js: ``re_1c = /^(.+?[^aeiou])y$/`` -> replace the final ``y`` by
    ``i`` if the letter before it is not a, e, i, o, u and is not the first
    letter. lunr.py (Porter's C version): replace it if the stem contains a
    vowel. Also, like lunr.js's ``/([^aeiouylsz])\\1$/``, ``yy`` is never a
    double consonant. Nothing else is changed.

    Known differences left, from made-up strings only: the whole words
    ``ies``, ``sses``, ``eed`` and ``eeds`` (lunr.js needs a letter before
    those suffixes).
    """

    def step1c(self):
        if self.ends("y") and self.k - self.k0 >= 2 and self.b[self.k - 1] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1 :]

    def doublec(self, j):
        return self.b[j] != "y" and super().doublec(j)


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    return from_utf16_units(_LunrJsPorterStemmer().stem(to_utf16_units(word)))


def _stemmer(token: Token, i=None, tokens=None):
    return token.update(lambda s, metadata=None: _stem(s))


class SearchEnglish(SearchLanguage):
    """lunr.js's built-in English functions (labels ``trimmer``,
    ``stopWordFilter``, ``stemmer``); lunr.py's stop-word filter is used as
    it is (tests/test_language.py compares its list with lunr.min.js)."""

    lang = "en"
    language_name = "English"
    browser_scripts = (LUNR_CORE_JS,)
    trimmer = staticmethod(labelled(_trimmer, "trimmer"))
    stop_word_filter = staticmethod(_lunr_stop_word_filter)
    stemmer = staticmethod(labelled(_stemmer, "stemmer"))

    def stem(self, word: str) -> str:
        return _stem(word)
