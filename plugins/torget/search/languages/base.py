"""What every search language shares: the lunr pipelines it builds, and the
steps that make lunr.py index as lunr.js in the browser queries.

A language subclasses :class:`SearchLanguage` and names its trimmer,
stop-word filter and stemmer (lunr pipeline functions with their labels)
and the browser scripts that register the same labels. Why the two halves
must agree, and where they deliberately differ from stock lunr:
docs/search.md, *Languages*.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.token import Token
from lunr.tokenizer import SEPARATOR_CHARS as _LUNR_PY_SEPARATOR_CHARS
from lunr.tokenizer import Tokenizer

#: Versions of the vendored browser libraries the languages mirror.
LUNR_JS_VERSION = "2.3.9"
LUNR_LANGUAGES_VERSION = "1.22.0"
#: The vendored scripts, relative to the theme's static directory.
LUNR_JS = f"vendor/lunr-{LUNR_JS_VERSION}/lunr.min.js"
#: What a search page loads of lunr: its tokenizer, pipeline and query
#: (:mod:`torget.search.lunr_core`); lunr.min.js stays the tests' reference.
LUNR_CORE_JS = "js/lunr-core.js"
LUNR_LANGUAGES_DIR = f"vendor/lunr-languages-{LUNR_LANGUAGES_VERSION}"

#: The characters lunr.js's separator ``/[\s\-]+/`` matches (ECMAScript
#: WhiteSpace and LineTerminator, and ``-``); tests/test_language.py asks Node.
JS_SEPARATOR_CHARS = frozenset(
    "\t\n\v\f\r -\u00a0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_EXTRA_SEPARATORS = "".join(sorted(JS_SEPARATOR_CHARS - set(_LUNR_PY_SEPARATOR_CHARS)))
_EXTRA_SEPARATOR_RE = re.compile("[" + re.escape(_EXTRA_SEPARATORS) + "]")
_NON_SEPARATOR_RUN_RE = re.compile("[^" + re.escape(_EXTRA_SEPARATORS) + "]+")


def split_js_whitespace(token: Token, i=None, tokens=None):
    """Index-only step: split a token where lunr.js's tokenizer would have
    (lunr.py's tokenizer splits on fewer characters)."""
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


split_js_whitespace.label = "torget-split-js-whitespace"  # never serialized


def to_utf16_units(s: str) -> str:
    """``s`` as JavaScript sees it (characters outside the BMP as two
    surrogates), so that stemmers count characters alike."""
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


def from_utf16_units(s: str) -> str:
    """The inverse of :func:`to_utf16_units`."""
    if s.isascii() or not any("\ud800" <= ch <= "\udfff" for ch in s):
        return s
    return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def labelled(fn: Callable, label: str, register: bool = False) -> Callable:
    """Give a pipeline function its lunr label; with ``register``, also
    under that label in lunr.py's registry (so that lunr.py's own
    ``Index.load`` reads such an index), without lunr.py's "overwriting"
    warning when lunr.languages registered the label first."""
    fn.label = label
    if register:
        Pipeline.registered_functions[label] = fn
    return fn


class SearchLanguage:
    """How to index and query one language; usable as a lunr.py plugin.

    ``builder.use(language)`` replaces the builder's index and search
    pipelines. The search pipeline is what ends up as ``"pipeline"`` in
    the serialized index, and the browser runs the functions registered
    under those labels on every query term.
    """

    #: The language code (``DEFAULT_LANG``).
    lang: str
    language_name: str
    #: Scripts the page must load, in order, relative to the theme's static dir.
    browser_scripts: tuple[str, ...]
    #: lunr pipeline functions, each with its ``label``.
    trimmer: Callable
    stop_word_filter: Callable
    stemmer: Callable

    def stem(self, word: str) -> str:
        """The stemmer alone on ``word`` (expected lower case)."""
        raise NotImplementedError

    @property
    def index_functions(self) -> tuple[Callable, ...]:
        return (split_js_whitespace, self.trimmer, self.stop_word_filter, self.stemmer)

    @property
    def search_functions(self) -> tuple[Callable, ...]:
        return (self.trimmer, self.stemmer)

    @property
    def stop_word_label(self) -> str:
        """Label of the stop-word filter (registered in the browser too):
        the page tells a query of stop words only."""
        return self.stop_word_filter.label

    @property
    def index_labels(self) -> list[str]:
        """Labels of the index pipeline (without the index-only split step)."""
        return [f.label for f in self.index_functions if f is not split_js_whitespace]

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
        """A fresh ``lunr.Builder`` using this language (add ref/fields yourself)."""
        builder = Builder()
        builder.use(self)
        return builder

    def run(self, text: str) -> list[str]:
        """Index terms for ``text``: lunr.py's tokenizer and the index pipeline."""
        pipeline = Pipeline()
        pipeline.add(*self.index_functions)
        return [str(t) for t in pipeline.run(Tokenizer(text))]

    def query_terms(self, word: str) -> list[str]:
        """What ``lunr.Index.load(index).search(word)`` looks up for one word:
        lunr.js lower-cases each query term, then runs the serialized
        pipeline on it (unless the term has a ``*`` wildcard)."""
        pipeline = Pipeline()
        pipeline.add(*self.search_functions)
        return [str(t) for t in pipeline.run([Token(word.lower(), {})])]
