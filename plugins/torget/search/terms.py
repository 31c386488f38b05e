"""Index terms: text through lunr's tokenizer and the language's pipeline, counted per field."""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain

from torget.search.language import pipeline_for
from torget.search.text import html_text

#: One field's terms as the index sees them: the distinct terms in order of
#: first occurrence (lunr's order), and how often each occurs.
FieldTerms = tuple[tuple[str, ...], array]


#: lunr.js's tokenizer separator ``/[\s\-]+/`` spelled out with JavaScript's
#: ``\s`` (Python's ``\s`` also matches U+001C–U+001F and U+0085; JS's
#: does not). :mod:`torget.search.languages.base` makes lunr.py's tokenizer split alike.
_SEPARATOR = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff-]+")


class _TokenTerms(dict):
    """A token's index terms by token, for one language, worked out when
    first asked for. A token holds no separator, so lunr's tokenizer
    leaves it whole and the pipeline sees exactly this one token. Emptied
    when it reaches :data:`TOKENS_KEPT` tokens, so memory stays bounded."""

    def __init__(self, lang: str):
        super().__init__()
        self.pipeline = pipeline_for(lang)

    def __missing__(self, token: str) -> tuple[str, ...]:
        if len(self) >= TOKENS_KEPT:
            self.clear()
        terms = self[token] = tuple(self.pipeline.run(token))
        return terms


#: Distinct tokens whose terms are kept per language.
TOKENS_KEPT = 1 << 20


@lru_cache(maxsize=None)
def _token_terms(lang: str) -> _TokenTerms:
    return _TokenTerms(lang)


def terms_for(text: str, lang: str) -> list[str]:
    """Index terms of ``text``, as lunr's tokenizer and the pipeline give them.

    Equal to :func:`torget.search.language.tokens_for` (a test checks it on the
    whole corpus), but runs the pipeline once per distinct token: the
    pipeline's steps look at one token at a time.
    """
    tokens = filter(None, _SEPARATOR.split(text.lower()))
    return list(chain.from_iterable(map(_token_terms(lang).__getitem__, tokens)))


def field_terms(text: str, lang: str) -> FieldTerms:
    """Distinct index terms of ``text`` in first-occurrence order, with counts."""
    counts = Counter(terms_for(text, lang))  # a dict: keys in first-occurrence order
    return tuple(counts), array("I", counts.values())


def doc_terms(texts: Sequence[str], lang: str) -> tuple[FieldTerms, ...]:
    """:func:`field_terms` of every field text."""
    return tuple(field_terms(text, lang) for text in texts)


def synonym_terms(groups: Sequence[Sequence[str]], lang: str) -> list[list[list[str]]]:
    """``TORGET_SEARCH_SYNONYMS`` as index terms: per group, per word or
    phrase, its terms (stop words and empty terms left out); members
    without terms and groups left with one member are dropped."""
    out = []
    for group in groups:
        members = []
        for member in group:
            terms = [t for t in terms_for(member, lang) if t]
            if terms and terms not in members:
                members.append(terms)
        if len(members) >= 2:
            out.append(members)
    return out


def _reply_counts(thread, reply_html: Sequence[str], lang: str):
    """Per reply in thread order: its number (1-based), whether it is the
    staff's, and its index terms with counts in first-occurrence order."""
    for number, (reply, html) in enumerate(zip(thread.replies, reply_html), 1):
        yield number, bool(reply.staff), Counter(terms_for(html_text(html), lang))


def thread_terms(thread, question_html: str, reply_html: Sequence[str],
                 lang: str) -> tuple[tuple[FieldTerms, ...], tuple[dict[str, int], ...], str]:
    """A thread's ``doc_terms(thread_texts(...))``, its best reply per term
    and the question's text, reading each reply's text once.

    Best reply: per field of :data:`~torget.search.scoring.REPLY_FIELDS` (staff replies, other
    replies), each index term -> the number of the reply (1-based, in
    thread order) that holds it most often, the first of those on a tie.
    The reply fields' terms are the replies' own terms added up in thread
    order: the tokenizer looks at one token at a time, so that equals the
    terms of their joined text."""
    sums: tuple[dict[str, int], ...] = ({}, {})
    places: tuple[dict[str, int], ...] = ({}, {})
    most: tuple[dict[str, int], ...] = ({}, {})
    for number, staff, counts in _reply_counts(thread, reply_html, lang):
        which = 0 if staff else 1
        total, best, place = sums[which], most[which], places[which]
        for term, count in counts.items():
            total[term] = total.get(term, 0) + count
            if count > best.get(term, 0):
                best[term] = count
                place[term] = number
    question = html_text(question_html)
    own = doc_terms((thread.title, " ".join(thread.tags), thread.category, question), lang)
    replies = tuple((tuple(total), array("I", total.values())) for total in sums)
    return own + replies, places, question
