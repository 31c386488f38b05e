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
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from functools import partial
from itertools import repeat
from operator import sub

from torget.search.files import dumps
from torget.search.scoring import REPLY_FIELDS, BuiltIndex

#: A term whose whole entry is longer than this is split.
SPLIT_BYTES = 12_000
#: Documents in a split term's head; tail block ``b`` holds ``HEAD_DOCS × 2^(b+1)``.
HEAD_DOCS = 256
#: A document's vector is cut into this many files, a split term's
#: postings in bucket ``lunr index % VECTOR_BUCKETS``.
VECTOR_BUCKETS = 4


def term_docs(per_field) -> list[int]:
    """The documents a term is in, in any field, ascending."""
    present = [postings[0] for postings in per_field if postings is not None]
    if len(present) == 1:
        return list(present[0])
    return sorted(set().union(*present))


def _deltas(ids) -> list[int]:
    """Each id less the one before it (the first less 0)."""
    return [ids[0], *map(sub, ids[1:], ids[:-1])] if ids else []


def _field(number: int, ids, values, reply) -> list:
    """``[field, [Δid, millis, …], [reply, …]?]`` of these postings."""
    flat = [0] * (2 * len(ids))
    flat[0::2] = _deltas(ids)
    flat[1::2] = values
    return [number, flat, list(reply)] if reply is not None and any(reply) else [number, flat]


def encode_fields(per_field, keep: set[int] | None = None) -> list:
    """``[field, [Δid, millis, …], [reply, …]?]`` per field holding the
    term, restricted to the documents in ``keep`` (all when None)."""
    out: list = []
    wanted = sorted(keep) if keep is not None else None
    for number, postings in enumerate(per_field):
        if postings is None:
            continue
        ids, values = postings[0], postings[1]
        reply = postings[2] if len(postings) > 2 else None
        if wanted is not None:  # ids ascend: find each wanted one by bisection
            found = zip(map(partial(bisect_left, ids), wanted), wanted)
            chosen = [j for j, doc in found if j < len(ids) and ids[j] == doc]
            ids, values = [ids[j] for j in chosen], [values[j] for j in chosen]
            reply = [reply[j] for j in chosen] if reply is not None else None
        if ids:
            out.append(_field(number, ids, values, reply))
    return out


def encode_parts(per_field, parts: list[list[int]]) -> list[list]:
    """``encode_fields(per_field, set(part))`` of every part (disjoint
    sets of the term's documents), in one pass over each field."""
    part_of = {doc: n for n, part in enumerate(parts) for doc in part}
    out: list[list] = [[] for _ in parts]
    for number, postings in enumerate(per_field):
        if postings is None:
            continue
        ids, values = postings[0], postings[1]
        reply = postings[2] if len(postings) > 2 else None
        chosen: list[list[int]] = [[] for _ in parts]
        for j, doc in enumerate(ids):
            chosen[part_of[doc]].append(j)
        for n, js in enumerate(chosen):
            if js:
                out[n].append(_field(number, [ids[j] for j in js], [values[j] for j in js],
                                     [reply[j] for j in js] if reply is not None else None))
    return out


def impacts(per_field) -> dict[int, int]:
    """Per document, the sum of the term's stored field scores (millis):
    an upper bound of what the term adds to its score, per unit of query
    weight and query length."""
    total: dict[int, int] = {}
    for postings in per_field:
        if postings is None:
            continue
        if not total:
            total = dict(zip(postings[0], postings[1]))
            continue
        for doc, value in zip(postings[0], postings[1]):
            total[doc] = total.get(doc, 0) + value
    return total


def by_impact(impact: dict[int, int]) -> list[int]:
    """The documents by falling impact, then ascending id (the sort is
    stable, also when reversed)."""
    return sorted(sorted(impact), key=impact.__getitem__, reverse=True)


def blocks(per_field, impact: dict[int, int] | None = None) -> list[list[int]]:
    """The term's documents by falling impact (then id): the head, then
    each tail block, each list in ascending id. ``impact``: the term's
    :func:`impacts`, when known."""
    impact = impacts(per_field) if impact is None else impact
    order = by_impact(impact)
    out, start, size = [], 0, HEAD_DOCS  # read when called: tests lower it
    while start < len(order):
        out.append(sorted(order[start:start + size]))
        start += size
        size *= 2
    return out


def surely_split(per_field, split_bytes: int) -> bool:
    """Whether the term's whole entry is longer than ``split_bytes`` by
    its count of postings alone: each is two numbers and two commas but
    the last of its field."""
    count = sum(len(postings[0]) for postings in per_field if postings is not None)
    return 4 * count - len(per_field) > split_bytes


def split_entry(term: str, term_index: int, per_field, facts: str) -> tuple[list, list[bytes]]:
    """A split term's shard entry and its tail blocks' payloads.

    Entry: ``[term, lunr index, split, field postings of the head…]``,
    ``split`` = ``{"f": the head documents' facts, "n": documents,
    "c": [code, count, …] over the filter codes, "t": [highest impact of
    each tail block (millis)]}``. Tail block payload: ``[facts, field
    postings…]`` of its documents."""
    impact = impacts(per_field)
    parts = blocks(per_field, impact)
    counts = Counter(map(facts.__getitem__, impact)) if facts else {"0": len(impact)}
    head, *rest = encode_parts(per_field, parts)
    split = {
        "f": "".join(map(facts.__getitem__, parts[0])) if facts else "",
        "n": len(impact),
        "c": [x for char in sorted(counts) for x in (ord(char) - 48, counts[char])],
        "t": [max(map(impact.__getitem__, part)) for part in parts[1:]],
    }
    tails = [dumps(["".join(map(facts.__getitem__, part)) if facts else "", *fields])
             for part, fields in zip(parts[1:], rest)]
    return [term, term_index, split, *head], tails


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
    flats = [{doc: array("q") for doc in index.doc_ids} for _ in range(VECTOR_BUCKETS)]
    previous = [dict.fromkeys(index.doc_ids, 0) for _ in range(VECTOR_BUCKETS)]
    for term in terms:
        term_index, per_field = index.postings[term]
        flat_of, before = flats[term_index % VECTOR_BUCKETS], previous[term_index % VECTOR_BUCKETS]
        for number, postings in enumerate(per_field):
            if postings is None:
                continue
            reply = postings[2] if number in REPLY_FIELDS and len(postings) > 2 else None
            for doc, value, place in zip(postings[0], postings[1], repeat(0) if reply is None else reply):
                flat_of[doc].extend((term_index - before[doc], number, value, place))
                before[doc] = term_index
    return {(doc, bucket): dumps(flats[bucket][doc].tolist()) for doc in index.doc_ids for bucket in range(VECTOR_BUCKETS)}
