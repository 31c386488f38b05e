"""Swedish search: lunr-languages' ``lunr.sv`` (trimmer, stop words, Snowball 2.2 stemmer).

The browser's ``stemmer-sv`` is the old Snowball Swedish algorithm, so the
build needs ``snowballstemmer==2.2.0`` and checks for it on first use
(docs/search.md, *The Swedish stemmer*).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lunr.token import Token
from snowballstemmer.swedish_stemmer import SwedishStemmer

from torget.search.languages.base import (LUNR_CORE_JS, LUNR_LANGUAGES_DIR, LUNR_LANGUAGES_VERSION, SearchLanguage,
                                          from_utf16_units, labelled, to_utf16_units)

#: ``lunr.sv.wordCharacters`` (tests/test_language.py reads the vendored
#: file); lunr.trimmerSupport.generateTrimmer adds 0-9.
SV_WORD_CHARACTERS = (
    "A-Za-z\xaa\xba\xc0-\xd6\xd8-\xf6\xf8-\u02b8\u02e0-\u02e4\u1d00-\u1d25"
    "\u1d2c-\u1d5c\u1d62-\u1d65\u1d6b-\u1d77\u1d79-\u1dbe\u1e00-\u1eff\u2071"
    "\u207f\u2090-\u209c\u212a\u212b\u2132\u214e\u2160-\u2188\u2c60-\u2c7f"
    "\ua722-\ua787\ua78b-\ua7ad\ua7b0-\ua7b7\ua7f7-\ua7ff\uab30-\uab5a"
    "\uab5c-\uab64\ufb00-\ufb06\uff21-\uff3a\uff41-\uff5a"
)

#: The list given to ``lunr.generateStopWordFilter`` in lunr.sv.js.
SV_STOP_WORDS = frozenset(
    "alla allt att av blev bli blir blivit de dem den denna deras dess dessa det "
    "detta dig din dina ditt du där då efter ej eller en er era ert ett från för "
    "ha hade han hans har henne hennes hon honom hur här i icke ingen inom inte "
    "jag ju kan kunde man med mellan men mig min mina mitt mot mycket ni nu när "
    "någon något några och om oss på samma sedan sig sin sina sitta själv skulle "
    "som så sådan sådana sådant till under upp ut utan vad var vara varför varit "
    "varje vars vart vem vi vid vilka vilkas vilken vilket vår våra vårt än är åt "
    "över".split(" ")
)

_ALLOWED = SV_WORD_CHARACTERS + "0-9"
_TRIM_START = re.compile("^[^" + _ALLOWED + "]+")
_TRIM_END = re.compile("[^" + _ALLOWED + "]+\\Z")


def _trim(s: str) -> str:
    return _TRIM_END.sub("", _TRIM_START.sub("", s))


def _trimmer(token: Token, i=None, tokens=None):
    # An emptied token stays, as the empty term: lunr-languages indexes it.
    return token.update(lambda s, metadata=None: _trim(s))


def _stop_word_filter(token: Token, i=None, tokens=None):
    if str(token) not in SV_STOP_WORDS:
        return token
    return None


@lru_cache(maxsize=1)
def _check_stemmer() -> None:
    """Refuse a Swedish stemmer that would disagree with the browser
    (Snowball >= 3.0 strips "-et"; lunr-languages does not). Runs once per
    process (a failed check raises, so it runs again)."""
    probe = {"problemet": "problemet", "hästarna": "häst", "lösenorden": "lösenord"}
    got = {w: SwedishStemmer().stemWord(w) for w in probe}
    if got != probe:
        raise RuntimeError(
            "snowballstemmer's Swedish stemmer does not match lunr-languages "
            f"{LUNR_LANGUAGES_VERSION} (expected {probe}, got {got}); "
            "install snowballstemmer==2.2.0"
        )


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    # SwedishStemmer directly: snowballstemmer.stemmer() would switch to
    # PyStemmer when that is installed, whatever its version.
    _check_stemmer()
    return from_utf16_units(SwedishStemmer().stemWord(to_utf16_units(word)))


def _stemmer(token: Token, i=None, tokens=None):
    return token.update(lambda s, metadata=None: _stem(s))


class SearchSwedish(SearchLanguage):
    """Exactly what lunr-languages' ``lunr.sv`` plugin sets up. Its labels
    are registered in lunr.py too, so that lunr.py's ``Index.load`` reads a
    Swedish index."""

    lang = "sv"
    language_name = "Swedish"
    browser_scripts = (LUNR_CORE_JS, f"{LUNR_LANGUAGES_DIR}/lunr.stemmer.support.min.js", f"{LUNR_LANGUAGES_DIR}/lunr.sv.min.js")
    trimmer = staticmethod(labelled(_trimmer, "trimmer-sv", register=True))
    stop_word_filter = staticmethod(labelled(_stop_word_filter, "stopWordFilter-sv", register=True))
    stemmer = staticmethod(labelled(_stemmer, "stemmer-sv", register=True))

    def stem(self, word: str) -> str:
        return _stem(word)
