"""Shard previews: each term of a shard with only its best documents, for the word still being typed.

The header box's instant results expand the word being typed, as a
prefix, within the one shard its letters fall in, and show five results.
On a large forum a shard holds a few common terms with hundreds of
postings each, and every key fetches another: a preview
``s.<hash>.p<n>.json`` holds shard ``n``'s terms with only their
:data:`PREVIEW_DOCS` documents of highest impact, written as split heads
without tail blocks (docs/search.md, "Shard previews"). A forum gets them
only when they are much smaller than the shards (:data:`PREVIEW_SHARE`).
"""

from __future__ import annotations

from collections.abc import Sequence

from torget.search.files import dumps
from torget.search.scoring import BuiltIndex
from torget.search.split import by_impact, encode_fields, impacts

#: Documents a term keeps in a preview.
PREVIEW_DOCS = 8
#: Previews are written when all of them together are at most this share of the shards' bytes.
PREVIEW_SHARE = 1 / 3


def preview_entry(term: str, index: BuiltIndex, encoded: bytes, facts: str = "") -> bytes:
    """``term``'s preview entry: its shard entry ``encoded`` when it has at
    most :data:`PREVIEW_DOCS` documents, else ``[term, lunr index, {"f":
    their facts, "n": documents, "c": [], "t": []}, field postings…]`` of
    its documents of highest impact (then lowest id)."""
    term_index, per_field = index.postings[term]
    if sum(len(postings[0]) for postings in per_field if postings is not None) <= PREVIEW_DOCS:
        return encoded  # at most that many documents, without counting them
    impact = impacts(per_field)
    if len(impact) <= PREVIEW_DOCS:
        return encoded
    keep = set(by_impact(impact)[:PREVIEW_DOCS])
    info = {"f": "".join(map(facts.__getitem__, sorted(keep))) if facts else "", "n": len(impact), "c": [], "t": []}
    return dumps([term, term_index, info, *encode_fields(per_field, keep)])


def preview_files(index: BuiltIndex, shards: Sequence[Sequence[tuple[str, bytes]]],
                  payloads: Sequence[bytes], facts: str = "") -> dict[str, bytes]:
    """``{"p<n>": payload}`` for every shard, or nothing when the previews
    would not be much smaller than the shards (``payloads``)."""
    previews = [b"[" + b",".join(preview_entry(term, index, encoded, facts) for term, encoded in shard) + b"]"
                for shard in shards]
    if sum(map(len, previews)) > PREVIEW_SHARE * sum(map(len, payloads)):
        return {}
    return {f"p{n}": payload for n, payload in enumerate(previews)}
