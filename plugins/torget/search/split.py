"""Common terms, split: the best-scoring documents in the shard, the rest in tail blocks, and document vectors.

A term whose whole entry is longer than :data:`SPLIT_BYTES` keeps in its
shard only its :data:`HEAD_DOCS` documents of highest impact (the sum of
its field scores), with its number of documents and their count per
filter code; the others follow in tail blocks of falling impact, each
twice as large as the one before, whose highest impact the head lists.
A document's vector holds its postings of every split term, in
:data:`VECTOR_BUCKETS` files by lunr index, so the browser can complete
a document's score without a term's whole list, fetching only the
buckets of the query's terms (docs/search.md, "Common terms").
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from torget.search.files import dumps
from torget.search.scoring import REPLY_FIELDS, BuiltIndex

#: A term whose whole entry is longer than this is split.
SPLIT_BYTES = 12_000
#: Documents in a split term's head; tail block ``b`` holds ``HEAD_DOCS × 2^(b+1)``.
HEAD_DOCS = 256
#: A document's vector is cut into this many files, a split term's
#: postings in bucket ``lunr index % VECTOR_BUCKETS``.
VECTOR_BUCKETS = 4


def millis(score: float) -> int:
    """A stored score as the integer the shards hold (score × 1000)."""
    return int(round(score * 1000))


def term_docs(per_field) -> list[int]:
    """The documents a term is in, in any field, ascending."""
    return sorted({doc for postings in per_field if postings is not None for doc in postings[0]})


def encode_fields(per_field, keep: set[int] | None = None) -> list:
    """``[field, [Δid, millis, …], [reply, …]?]`` per field holding the
    term, restricted to the documents in ``keep`` (all when None)."""
    out: list = []
    for number, postings in enumerate(per_field):
        if postings is None:
            continue
        flat, places, previous = [], [], 0
        reply = postings[2] if len(postings) > 2 else None
        for j, (doc, score) in enumerate(zip(postings[0], postings[1])):
            if keep is not None and doc not in keep:
                continue
            flat += [doc - previous, millis(score)]
            previous = doc
            places.append(reply[j] if reply is not None else 0)
        if flat:
            out.append([number, flat, places] if reply is not None and any(places) else [number, flat])
    return out


def impacts(per_field) -> dict[int, int]:
    """Per document, the sum of the term's stored field scores (millis):
    an upper bound of what the term adds to its score, per unit of query
    weight and query length."""
    total: dict[int, int] = {}
    for postings in per_field:
        if postings is None:
            continue
        for doc, score in zip(postings[0], postings[1]):
            total[doc] = total.get(doc, 0) + millis(score)
    return total


def blocks(per_field) -> list[list[int]]:
    """The term's documents by falling impact (then id): the head, then
    each tail block, each list in ascending id."""
    impact = impacts(per_field)
    order = sorted(impact, key=lambda doc: (-impact[doc], doc))
    out, start, size = [], 0, HEAD_DOCS  # read when called: tests lower it
    while start < len(order):
        out.append(sorted(order[start:start + size]))
        start += size
        size *= 2
    return out


def split_entry(term: str, term_index: int, per_field, facts: str) -> tuple[list, list[bytes]]:
    """A split term's shard entry and its tail blocks' payloads.

    Entry: ``[term, lunr index, split, field postings of the head…]``,
    ``split`` = ``{"f": the head documents' facts, "n": documents,
    "c": [code, count, …] over the filter codes, "t": [highest impact of
    each tail block (millis)]}``. Tail block payload: ``[facts, field
    postings…]`` of its documents."""
    docs = term_docs(per_field)
    impact = impacts(per_field)
    parts = blocks(per_field)
    counts: dict[int, int] = {}
    for doc in docs:
        code = ord(facts[doc]) - 48 if facts else 0
        counts[code] = counts.get(code, 0) + 1
    head = parts[0]
    split = {
        "f": "".join(facts[doc] for doc in head) if facts else "",
        "n": len(docs),
        "c": [x for code in sorted(counts) for x in (code, counts[code])],
        "t": [max(impact[doc] for doc in part) for part in parts[1:]],
    }
    tails = [dumps(["".join(facts[doc] for doc in part) if facts else "", *encode_fields(per_field, set(part))])
             for part in parts[1:]]
    return [term, term_index, split, *encode_fields(per_field, set(head))], tails


def doc_vectors(index: BuiltIndex, terms: Iterable[str]) -> dict[tuple[int, int], bytes]:
    """Per document and bucket (:data:`VECTOR_BUCKETS`), when any term is
    split: its postings of the split ``terms`` whose lunr index falls in
    the bucket, ``[Δlunr index, field, millis, reply, …]`` in ascending
    lunr index, then field (reply 0 where none is named); ``[]`` where it
    has none, so that every vector the browser may ask for exists."""
    terms = sorted(terms, key=lambda term: index.postings[term][0])
    if not terms:
        return {}
    # Terms in lunr index order, fields in order: each vector comes out
    # sorted, and holds machine integers, not a tuple per posting.
    flats = {(doc, bucket): array("q") for doc in index.doc_ids for bucket in range(VECTOR_BUCKETS)}
    previous = dict.fromkeys(flats, 0)
    for term in terms:
        term_index, per_field = index.postings[term]
        bucket = term_index % VECTOR_BUCKETS
        for number, postings in enumerate(per_field):
            if postings is None:
                continue
            reply = postings[2] if number in REPLY_FIELDS and len(postings) > 2 else None
            for j, (doc, score) in enumerate(zip(postings[0], postings[1])):
                key = (doc, bucket)
                flats[key].extend((term_index - previous[key], number, millis(score), reply[j] if reply is not None else 0))
                previous[key] = term_index
    return {key: dumps(flat.tolist()) for key, flat in flats.items()}
