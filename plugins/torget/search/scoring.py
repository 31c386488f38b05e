"""lunr's index computed in Python: the documents, their fields and boosts, and BM25 scores.

:func:`build_index` gives exactly the term indices and field vectors that
``lunr.Builder`` (lunr.py 0.8 / lunr.js 2.3.9) gives for the same documents,
fields, boosts and language pipeline; a test compares them term for term.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field

from torget.search.language import pipeline_for
from torget.search.terms import FieldTerms, doc_terms

#: Field name and boost, in lunr's field order. Staff answers weigh more
#: than other replies; see docs/search.md for the reasoning.
FIELDS: tuple[tuple[str, float], ...] = (
    ("title", 10.0),
    ("tags", 5.0),
    ("category", 2.0),
    ("question", 2.0),
    ("staff", 1.5),
    ("replies", 1.0),
)
#: The fields made of replies, whose postings also say which reply.
REPLY_FIELDS: tuple[int, ...] = (4, 5)
K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class SearchDoc:
    """One thread as the index sees it."""

    id: int
    boost: float
    #: Per field (in :data:`FIELDS` order): the text to index.
    texts: tuple[str, ...]
    #: Shown in results: url, title, type, category, date (ISO), excerpt.
    meta: tuple[str, str, str, str, str, str]
    #: The texts' :func:`doc_terms`, when already known (a rebuild keeps
    #: them for unchanged threads); ``texts`` is then not read.
    terms: tuple[FieldTerms, ...] | None = None
    #: Per field of :data:`REPLY_FIELDS`: term -> the number (1-based, in
    #: thread order: the page's ``#svar-N``) of the reply holding it most
    #: often (:func:`thread_terms`).
    where: tuple[dict[str, int], ...] = ()
    #: Filter facts: whether the thread has an answer (FAQ entries do).
    answered: bool = False
    #: Per reply in thread order: its author ("" for the organisation's
    #: staff) and date (ISO), to name the reply a result points at.
    replies: tuple[tuple[str, str], ...] = ()


@dataclass
class BuiltIndex:
    """lunr's index in Python: terms with postings and field vectors."""

    fields: tuple[tuple[str, float], ...]
    #: term -> (lunr term index, per field: (doc ids, scores in
    #: thousandths, reply numbers) in id order, or ``None`` where the term
    #: is not in that field; reply numbers (:attr:`SearchDoc.where`) only
    #: in :data:`REPLY_FIELDS`, else ``None``). Compact integer arrays: a
    #: forum has millions of postings, and lunr keeps only thousandths.
    postings: dict[str, tuple[int, list[tuple[array, array, array | None] | None]]]
    pipeline: list[str]
    doc_ids: list[int] = field(default_factory=list)

    def lunr_json(self) -> dict:
        """The whole index as ``lunr.Index.toJSON()`` would serialize it.

        Used by tests and the benchmark as the unsharded reference.
        """
        names = [name for name, _ in self.fields]
        vectors: dict[str, list[tuple[int, float]]] = {
            f"{name}/{doc}": [] for doc in self.doc_ids for name in names
        }
        inverted = []
        for term in sorted(self.postings, key=js_order):
            index, per_field = self.postings[term]
            entry: dict = {"_index": index}
            for name, postings in zip(names, per_field):
                docs, millis = postings[:2] if postings else ((), ())
                entry[name] = {str(doc): {} for doc in docs}
                for doc, value in zip(docs, millis):
                    vectors[f"{name}/{doc}"].append((index, value / 1000))
            inverted.append([term, entry])
        field_vectors = [
            [ref, [x for pair in sorted(pairs) for x in pair]] for ref, pairs in vectors.items()
        ]
        return {
            "version": "2.3.9",
            "fields": names,
            "fieldVectors": field_vectors,
            "invertedIndex": inverted,
            "pipeline": self.pipeline,
        }


def js_order(term: str) -> bytes:
    """Sort key matching JavaScript's string order (UTF-16 code units).

    lunr.js's TokenSet builder insists on that order, and the browser
    bisects shard boundaries with JavaScript's ``<``.
    """
    return term.encode("utf-16-be")


def lunr_millis(score: float) -> int:
    """``Math.round(score * 1000)``: lunr.js keeps ``Math.round(score *
    1000) / 1000`` of every field vector value. Python's ``round(score, 3)``
    rounds the exact decimal half to even, Math.round the product half up:
    they differ on exact ties (0.0625 is 0.062 against 0.063)."""
    scaled = score * 1000
    millis = math.floor(scaled)
    return millis + 1 if scaled - millis >= 0.5 else millis


@dataclass
class _Counted:
    """What scoring needs from a first pass over the documents."""

    #: term -> lunr term index (first occurrence over documents in id order, fields in order)
    term_index: dict[str, int]
    #: per term index: the number of (document, field) pairs holding it, lunr's idf count
    present: list[int]
    #: per document and field: doc id, field number, term indices, term counts, length, best replies
    rows: list[tuple[int, int, array, array, int, dict | None]]
    #: per field: the total length over all documents
    totals: list[int]


def build_index(docs: Sequence[SearchDoc], lang: str) -> BuiltIndex:
    """lunr's Builder, over documents in ``id`` order.

    Documents that carry their ``terms`` skip the language pipeline.
    Terms get lunr's term indices (first occurrence over documents in id
    order, fields in order); scores are lunr's BM25 with the field boost
    and the document boost applied in lunr's order, rounded as lunr does.
    """
    counted = _count_terms(sorted(docs, key=lambda d: d.id), lang)
    boost_of = {doc.id: doc.boost for doc in docs}
    per_field = _score(counted, len(docs), boost_of)
    fields = [[None if docs_of[i] is None else (docs_of[i], scores_of[i], places_of[i])
               for docs_of, scores_of, places_of in per_field] for i in range(len(counted.present))]
    postings = {term: (index, fields[index]) for term, index in counted.term_index.items()}
    return BuiltIndex(FIELDS, postings, pipeline_for(lang).search_labels, sorted(boost_of))


def _count_terms(ordered: Sequence[SearchDoc], lang: str) -> _Counted:
    """Number the terms in lunr's order and count them per document and field."""
    counted = _Counted({}, [], [], [0] * len(FIELDS))
    term_index, present = counted.term_index, counted.present
    for doc in ordered:
        per_field = doc.terms if doc.terms is not None else doc_terms(doc.texts, lang)
        for number, (terms, tfs) in enumerate(per_field):
            indices = array("I")
            for term in terms:
                index = term_index.get(term)
                if index is None:
                    index = term_index[term] = len(present)
                    present.append(0)
                present[index] += 1
                indices.append(index)
            length = sum(tfs)
            places = doc.where[REPLY_FIELDS.index(number)] if doc.where and number in REPLY_FIELDS else None
            counted.rows.append((doc.id, number, indices, tfs, length, places))
            counted.totals[number] += length
    return counted


def _score(counted: _Counted, count: int, boost_of: dict[int, float]) -> list[tuple[list, list, list]]:
    """Per field, per term index: doc ids, scores (thousandths) and best
    replies, filled in id order so that they stay sorted (``None`` where
    the term is not in the field). Plain lists: this loop runs once per
    posting."""
    average = [total / count if count else 0.0 for total in counted.totals]
    idf = [math.log(1 + abs((count - n + 0.5) / (n + 0.5))) for n in counted.present]
    terms = len(counted.present)
    per_field = [([None] * terms, [None] * terms, [None] * terms) for _ in FIELDS]
    names = list(counted.term_index)
    k1_plus_1 = K1 + 1
    for doc_id, number, indices, tfs, length, places in counted.rows:
        norm = K1 * (1 - B + B * (length / average[number])) if average[number] else K1 * (1 - B)
        factor = FIELDS[number][1]
        doc_boost = boost_of[doc_id]
        docs_of, scores_of, places_of = per_field[number]
        replies = number in REPLY_FIELDS
        for index, tf in zip(indices, tfs):
            # lunr's operations in lunr's order, so the floats are equal;
            # then lunr_millis(), inline (scores are never negative).
            scaled = idf[index] * (k1_plus_1 * tf) / (norm + tf) * factor * doc_boost * 1000
            millis = int(scaled)
            if scaled - millis >= 0.5:
                millis += 1
            ids = docs_of[index]
            if ids is None:
                docs_of[index] = array("I", (doc_id,))
                scores_of[index] = array("I", (millis,))
                if replies:
                    places_of[index] = array("I", (places.get(names[index], 0) if places else 0,))
                continue
            ids.append(doc_id)
            scores_of[index].append(millis)
            if replies:
                places_of[index].append(places.get(names[index], 0) if places else 0)
    return per_field
