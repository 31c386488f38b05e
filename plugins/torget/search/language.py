"""Language pipelines for Torget's client-side search.

The search index is built at site-build time in Python with lunr.py 0.8.0
and queried in the browser with lunr.js 2.3.9 (+ lunr-languages 1.22.0 for
Swedish), all vendored under ``theme/static/vendor/``. A query only finds a
document if the browser turns the query word into *exactly* the term the
build put into the index. This module is the Python half of that contract:

- :func:`pipeline_for` gives a :class:`LanguagePipeline` that configures a
  ``lunr.Builder`` (``builder.use(pipeline_for("sv"))``);
- :func:`tokens_for` gives the index terms a text produces;
- :func:`query_terms_for` gives what the browser makes of one query word;
- :func:`stem` runs a language's stemmer alone.

How the two halves meet
-----------------------
``lunr.Index.toJSON()`` (lunr.py: ``Index.serialize()``) stores the labels of
the builder's *search* pipeline under ``"pipeline"``. ``lunr.Index.load`` in
the browser looks each label up in ``lunr.Pipeline.registeredFunctions`` and
runs those functions on every query term. So:

========  ==========================================  ===================================
lang      index pipeline (Python, at build)           serialized ``pipeline`` (browser)
========  ==========================================  ===================================
``sv``    trimmer-sv, stopWordFilter-sv, stemmer-sv   ``["trimmer-sv", "stemmer-sv"]``
``en``    trimmer, stopWordFilter, stemmer            ``["trimmer", "stemmer"]``
========  ==========================================  ===================================

``sv`` is exactly what lunr-languages' ``lunr.sv`` plugin sets up. Its
functions are registered by ``lunr.Pipeline.registerFunction`` as a side
effect of loading ``lunr.sv.min.js`` (after ``lunr.stemmer.support.min.js``)
in a plain ``<script>``; ``this.use(lunr.sv)`` is only needed to *build* in
JavaScript, never to load. ``en`` uses lunr.js's own registered functions.
The browser must load the scripts in :attr:`LanguagePipeline.browser_scripts`
(relative to the theme's static directory) before calling ``Index.load``,
served as UTF-8 (the minified files contain literal non-ASCII characters).

Deliberate differences from stock lunr
--------------------------------------
1. English search pipeline is ``trimmer, stemmer`` instead of lunr.js's
   default ``stemmer``: without it a query such as ``password?`` or
   ``malmö`` (lunr.js's trimmer uses the ASCII-only JS ``\\W``, so the index
   holds ``malm``) never matches. Both labels are lunr.js built-ins.
2. English trimmer and stemmer are not lunr.py's. lunr.py's trimmer uses
   Unicode ``\\W`` and leaves tokens with inner punctuation untouched
   (``"don't."`` stays ``"don't."``; lunr.js gives ``"don't"``). lunr.py's
   Porter stemmer is a different port than lunr.js's and differs at step 1c
   (``alley``: lunr.py ``allei``, lunr.js ``alley``; ~1 % of English words).
   This module uses lunr.py's ``PorterStemmer`` with lunr.js's step 1c
   (``/^(.+?[^aeiou])y$/``) and lunr.js's "``yy`` is no double consonant",
   which agrees with lunr.js on all 102,485 words of Debian's
   ``american-english`` list. They are *not*
   registered under lunr.py's global labels ``trimmer``/``stemmer``
   (that would change lunr.py for every other user in the process), so
   ``lunr.Index.load`` in *Python* still uses lunr.py's versions; the
   browser is the reference.
3. (No longer a difference.) A token that is only punctuation (``—``)
   is emptied by the trimmer and indexed as the empty term ``""``, exactly
   as lunr.js does: it counts towards the field's length and so towards
   every BM25 score. lunr.py would drop it if the trimmer returned
   ``None``; these trimmers return the empty token instead. No query
   looks ``""`` up (``search.js`` drops empty query terms).
4. lunr.py's tokenizer splits on fewer characters than lunr.js's
   ``/[\\s\\-]+/`` (it misses U+1680, U+2000–U+200A, U+2028, U+2029, U+202F,
   U+205F, U+3000 and U+FEFF). The index pipeline starts with an index-only
   step that splits on those too (it is never serialized).

The Swedish stemmer
-------------------
lunr-languages' ``stemmer-sv`` is generated from the *old* Snowball Swedish
algorithm. Snowball 3.0 changed it (new ``-et`` rule: ``problemet`` ->
``problem``; ``-öst`` -> ``-ös`` after i/k/l/n/p/r/t/u/v), so
``snowballstemmer``/``PyStemmer`` >= 3.0 disagree with the browser on
1.9 % of the 121,261 words of Debian's Swedish word list (2,235 words in
``-et``/``-ets``, 59 in ``-öst``). This module therefore needs
``snowballstemmer==2.2.0`` (Snowball 2.2.0 algorithms, pure Python,
BSD-3-Clause), which agrees with lunr-languages on every word tested. It
imports ``SwedishStemmer`` directly: the ``snowballstemmer.stemmer()``
factory silently switches to PyStemmer when that is installed, whatever its
version. A self-check (on first Swedish stemming) refuses a stemmer that
behaves like Snowball 3.

Consequence of the old algorithm (same in browser and build, so consistent
but imperfect): the definite neuter singular ``-et`` is not removed, so
``lösenordet`` does not find ``lösenord`` nor the other way round
(``lösenorden``/``lösenordens`` do find ``lösenord``).

Folding
-------
:func:`fold` maps a term to its key without diacritics (``lösenord`` ->
``losenord``, ``café`` -> ``cafe``, ``æ`` -> ``ae``). The index orders its
term shards by that key, so every spelling of a key sits in one shard, and
``search.js`` folds query terms with the same rules (``fold`` there; a
test runs both on Snowball's Swedish vocabulary). Folding never changes
an index term: it only finds the terms a query may mean.

Stemmers see words as JavaScript does, as UTF-16 code units, so that words
containing characters outside the BMP (emoji) stem exactly as in the
browser.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import stop_word_filter as _lunr_stop_word_filter
from lunr.token import Token
from lunr.tokenizer import SEPARATOR_CHARS as _LUNR_PY_SEPARATOR_CHARS
from lunr.tokenizer import Tokenizer
from snowballstemmer.swedish_stemmer import SwedishStemmer

from torget.i18n import LANGUAGES

__all__ = [
    "fold",
    "JS_SEPARATOR_CHARS",
    "LUNR_JS_VERSION",
    "LUNR_LANGUAGES_VERSION",
    "SUPPORTED_LANGUAGES",
    "SV_STOP_WORDS",
    "SV_WORD_CHARACTERS",
    "LanguagePipeline",
    "pipeline_for",
    "query_terms_for",
    "stem",
    "tokens_for",
]

SUPPORTED_LANGUAGES = LANGUAGES  # the forum languages (DEFAULT_LANG): each has a pipeline below

#: Versions of the vendored browser libraries this module mirrors.
LUNR_JS_VERSION = "2.3.9"
LUNR_LANGUAGES_VERSION = "1.22.0"

_VENDOR = "vendor"
_LUNR_JS = f"{_VENDOR}/lunr-{LUNR_JS_VERSION}/lunr.min.js"
_LL_DIR = f"{_VENDOR}/lunr-languages-{LUNR_LANGUAGES_VERSION}"
_BROWSER_SCRIPTS = {
    "en": (_LUNR_JS,),
    "sv": (_LUNR_JS, f"{_LL_DIR}/lunr.stemmer.support.min.js", f"{_LL_DIR}/lunr.sv.min.js"),
}

# ---------------------------------------------------------------------------
# Tokenizer: characters lunr.js's separator /[\s\-]+/ matches (ECMAScript
# WhiteSpace + LineTerminator, plus "-"), as opposed to lunr.py's list.
# tests/test_language.py checks this against Node's answer.

JS_SEPARATOR_CHARS = frozenset(
    "\t\n\v\f\r -\u00a0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_EXTRA_SEPARATORS = "".join(sorted(JS_SEPARATOR_CHARS - set(_LUNR_PY_SEPARATOR_CHARS)))
_EXTRA_SEPARATOR_RE = re.compile("[" + re.escape(_EXTRA_SEPARATORS) + "]")
_NON_SEPARATOR_RUN_RE = re.compile("[^" + re.escape(_EXTRA_SEPARATORS) + "]+")


def _split_js_whitespace(token: Token, i=None, tokens=None):
    """Index-only step: split a token where lunr.js's tokenizer would have."""
    s = str(token)
    if not _EXTRA_SEPARATOR_RE.search(s):
        return token
    position = token.metadata.get("position")
    parts = []
    for m in _NON_SEPARATOR_RUN_RE.finditer(s):
        metadata = dict(token.metadata)
        if position is not None:
            metadata["position"] = [position[0] + m.start(), m.end() - m.start()]
        parts.append(Token(m.group(0), metadata))
    return parts


_split_js_whitespace.label = "torget-split-js-whitespace"  # never serialized

# ---------------------------------------------------------------------------
# UTF-16 view, so stemmers count characters the way JavaScript does.


def _to_utf16_units(s: str) -> str:
    if s.isascii() or max(s) < "\U00010000":
        return s
    out = []
    for ch in s:
        c = ord(ch)
        if c < 0x10000:
            out.append(ch)
        else:
            c -= 0x10000
            out.append(chr(0xD800 + (c >> 10)) + chr(0xDC00 + (c & 0x3FF)))
    return "".join(out)


def _from_utf16_units(s: str) -> str:
    if s.isascii() or not any("\ud800" <= ch <= "\udfff" for ch in s):
        return s
    return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


# ---------------------------------------------------------------------------
# English: lunr.js 2.3.9's trimmer / stopWordFilter / stemmer.

_EN_TRIM_START = re.compile(r"^[^A-Za-z0-9_]+")  # JS /^\W+/ (ASCII \W)
_EN_TRIM_END = re.compile(r"[^A-Za-z0-9_]+\Z")  # JS /\W+$/


def _trim_en(s: str) -> str:
    return _EN_TRIM_END.sub("", _EN_TRIM_START.sub("", s))


def _trimmer_en(token: Token, i=None, tokens=None):
    # An emptied token stays, as the empty term: lunr.js indexes it.
    return token.update(lambda s, metadata=None: _trim_en(s))


_trimmer_en.label = "trimmer"


class _LunrJsPorterStemmer(PorterStemmer):
    """lunr.py's Porter stemmer with lunr.js 2.3.9's step 1c.

    lunr.js: ``re_1c = /^(.+?[^aeiou])y$/`` -> replace the final ``y`` by
    ``i`` if the letter before it is not a, e, i, o, u and is not the first
    letter. lunr.py (Porter's C version): replace it if the stem contains a
    vowel. Also, like lunr.js's ``/([^aeiouylsz])\\1$/``, ``yy`` is never a
    double consonant. Nothing else is changed.

    Remaining known differences, found only by fuzzing with made-up strings
    (none in 102,485 real words): the whole words ``ies``, ``sses``, ``eed``
    and ``eeds`` (lunr.js needs a letter before those suffixes).
    """

    def step1c(self):
        if self.ends("y") and self.k - self.k0 >= 2 and self.b[self.k - 1] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1 :]

    def doublec(self, j):
        return self.b[j] != "y" and super().doublec(j)


@lru_cache(maxsize=1 << 16)
def _stem_en(word: str) -> str:
    return _from_utf16_units(_LunrJsPorterStemmer().stem(_to_utf16_units(word)))


def _stemmer_en(token: Token, i=None, tokens=None):
    return token.update(lambda s, metadata=None: _stem_en(s))


_stemmer_en.label = "stemmer"

# lunr.py's English stop word filter is used as is (label "stopWordFilter");
# tests/test_language.py checks its list against lunr.min.js.
_stop_word_filter_en = _lunr_stop_word_filter

# ---------------------------------------------------------------------------
# Swedish: lunr-languages 1.22.0 lunr.sv.js (tests/test_language.py checks
# both constants against the vendored file).

#: ``lunr.sv.wordCharacters``; lunr.trimmerSupport.generateTrimmer adds 0-9.
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

_SV_ALLOWED = SV_WORD_CHARACTERS + "0-9"
_SV_TRIM_START = re.compile("^[^" + _SV_ALLOWED + "]+")
_SV_TRIM_END = re.compile("[^" + _SV_ALLOWED + "]+\\Z")


def _trim_sv(s: str) -> str:
    return _SV_TRIM_END.sub("", _SV_TRIM_START.sub("", s))


def _trimmer_sv(token: Token, i=None, tokens=None):
    # An emptied token stays, as the empty term: lunr-languages indexes it.
    return token.update(lambda s, metadata=None: _trim_sv(s))


def _stop_word_filter_sv(token: Token, i=None, tokens=None):
    if str(token) not in SV_STOP_WORDS:
        return token
    return None


@lru_cache(maxsize=1)
def _check_swedish_stemmer() -> None:
    """Refuse a Swedish stemmer that would disagree with the browser.

    Snowball >= 3.0 strips "-et"; lunr-languages (old Snowball) does not.
    Runs once per process (a failed check raises, so it runs again).
    """
    probe = {"problemet": "problemet", "hästarna": "häst", "lösenorden": "lösenord"}
    got = {w: SwedishStemmer().stemWord(w) for w in probe}
    if got != probe:
        raise RuntimeError(
            "snowballstemmer's Swedish stemmer does not match lunr-languages "
            f"{LUNR_LANGUAGES_VERSION} (expected {probe}, got {got}); "
            "install snowballstemmer==2.2.0"
        )


@lru_cache(maxsize=1 << 16)
def _stem_sv(word: str) -> str:
    _check_swedish_stemmer()
    return _from_utf16_units(SwedishStemmer().stemWord(_to_utf16_units(word)))


def _stemmer_sv(token: Token, i=None, tokens=None):
    return token.update(lambda s, metadata=None: _stem_sv(s))


def _register(fn: Callable, label: str) -> None:
    # Same as Pipeline.register_function, without the "overwriting" warning
    # when lunr.languages (with NLTK installed) registered the label first.
    fn.label = label
    Pipeline.registered_functions[label] = fn


# These labels are lunr-languages'; registering them lets lunr.py's own
# Index.load read a Swedish index too.
_register(_trimmer_sv, "trimmer-sv")
_register(_stop_word_filter_sv, "stopWordFilter-sv")
_register(_stemmer_sv, "stemmer-sv")

# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LanguagePipeline:
    """How to index and query one language; usable as a lunr.py plugin.

    ``builder.use(pipeline_for("sv"))`` replaces the builder's index and
    search pipelines. The search pipeline is what ends up as ``"pipeline"``
    in the serialized index.
    """

    lang: str
    index_functions: tuple[Callable, ...]
    search_functions: tuple[Callable, ...]
    #: Scripts the page must load, in order, relative to the theme's static dir.
    browser_scripts: tuple[str, ...]

    @property
    def stop_word_label(self) -> str:
        """Label of the index pipeline's stop-word filter (registered in
        the browser too): the page tells a query of stop words only."""
        return next(f.label for f in self.index_functions if f.label.startswith("stopWordFilter"))

    @property
    def index_labels(self) -> list[str]:
        """Labels of the index pipeline (without the index-only split step)."""
        return [f.label for f in self.index_functions if f is not _split_js_whitespace]

    @property
    def search_labels(self) -> list[str]:
        """The serialized index's ``"pipeline"``."""
        return [f.label for f in self.search_functions]

    def __call__(self, builder: Builder) -> None:
        builder.pipeline.reset()
        builder.pipeline.add(*self.index_functions)
        builder.search_pipeline.reset()
        builder.search_pipeline.add(*self.search_functions)

    def new_builder(self) -> Builder:
        """A fresh ``lunr.Builder`` using this pipeline (add ref/fields yourself)."""
        builder = Builder()
        builder.use(self)
        return builder

    def run(self, text: str) -> list[str]:
        """Index terms for ``text``: lunr.py's tokenizer + the index pipeline."""
        pipeline = Pipeline()
        pipeline.add(*self.index_functions)
        return [str(t) for t in pipeline.run(Tokenizer(text))]

    def query_terms(self, word: str) -> list[str]:
        """What ``lunr.Index.load(index).search(word)`` looks up for one word.

        lunr.js lower-cases each query term, then runs the serialized
        pipeline on it (unless the term has a ``*`` wildcard).
        """
        pipeline = Pipeline()
        pipeline.add(*self.search_functions)
        return [str(t) for t in pipeline.run([Token(word.lower(), {})])]


_PIPELINES = {
    "sv": LanguagePipeline(
        lang="sv",
        index_functions=(_split_js_whitespace, _trimmer_sv, _stop_word_filter_sv, _stemmer_sv),
        search_functions=(_trimmer_sv, _stemmer_sv),
        browser_scripts=_BROWSER_SCRIPTS["sv"],
    ),
    "en": LanguagePipeline(
        lang="en",
        index_functions=(_split_js_whitespace, _trimmer_en, _stop_word_filter_en, _stemmer_en),
        search_functions=(_trimmer_en, _stemmer_en),
        browser_scripts=_BROWSER_SCRIPTS["en"],
    ),
}


def _check_lang(lang: str) -> str:
    if lang not in _PIPELINES:
        raise ValueError(
            f"unsupported search language {lang!r}; expected one of {SUPPORTED_LANGUAGES}"
        )
    return lang


def pipeline_for(lang: str) -> LanguagePipeline:
    """The :class:`LanguagePipeline` for ``lang`` (``"sv"`` or ``"en"``)."""
    return _PIPELINES[_check_lang(lang)]


def tokens_for(text: str, lang: str) -> list[str]:
    """The index terms ``text`` produces, in order, with repeats."""
    return pipeline_for(lang).run(text)


def query_terms_for(word: str, lang: str) -> list[str]:
    """The terms the browser looks up for one query word."""
    return pipeline_for(lang).query_terms(word)


def stem(word: str, lang: str) -> str:
    """Run ``lang``'s stemmer alone on ``word`` (expected lower case)."""
    if _check_lang(lang) == "sv":
        return _stem_sv(word)
    return _stem_en(word)


# ---------------------------------------------------------------------------
# Folding: the same rules as fold() in theme/static/js/search.js.

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
