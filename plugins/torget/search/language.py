"""The search languages by code: the registry the index and the search page choose from.

A language is one :class:`~torget.search.languages.base.SearchLanguage`
subclass (:mod:`torget.search.languages`); ``DEFAULT_LANG`` picks it. The
Python pipelines must give the browser's lunr.js terms exactly
(docs/search.md, *Languages*; tests/test_language.py).
"""

from __future__ import annotations

from torget.search.languages.base import SearchLanguage
from torget.search.languages.en import SearchEnglish
from torget.search.languages.sv import SearchSwedish

from torget.i18n import LANGUAGES as FORUM_LANGUAGES

#: Language code -> its one instance, in the order languages are offered.
LANGUAGES: dict[str, SearchLanguage] = {cls.lang: cls() for cls in (SearchSwedish, SearchEnglish)}
#: The forum languages (``DEFAULT_LANG``, declared in :mod:`torget.i18n`):
#: each has its class here (tests/test_settings.py checks).
SUPPORTED_LANGUAGES = FORUM_LANGUAGES


def pipeline_for(lang: str) -> SearchLanguage:
    """The language registered for ``lang``."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported search language {lang!r}; expected one of {SUPPORTED_LANGUAGES}")
    return LANGUAGES[lang]


def tokens_for(text: str, lang: str) -> list[str]:
    """The index terms ``text`` produces, in order, with repeats."""
    return pipeline_for(lang).run(text)


def query_terms_for(word: str, lang: str) -> list[str]:
    """The terms the browser looks up for one query word."""
    return pipeline_for(lang).query_terms(word)


def stem(word: str, lang: str) -> str:
    """``lang``'s stemmer alone on ``word`` (expected lower case)."""
    return pipeline_for(lang).stem(word)
