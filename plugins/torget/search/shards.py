"""Term shards: the index's postings cut into small files by fold key, so a search fetches only the few it needs."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence

from torget.search.files import dumps, one_hash
from torget.search.fold import fold
from torget.search.scoring import BuiltIndex, js_order
from torget.search.sizes import KEYS_PER_PAGE
from torget.search import split
from torget.search.previews import preview_files
from torget.search.split import doc_vectors, encode_fields, split_entry, surely_split, term_docs


def shard_files(index: BuiltIndex, target_bytes: int, facts: str = "",
                split_bytes: int | None = None) -> tuple[dict, dict[str, bytes]]:
    """The term shards as files ``s.<hash>.<n>.json`` (one hash over all
    shards, tail blocks and vectors), each a JSON list of
    :func:`encode_term` entries, and the manifest's ``shards`` entry
    (that hash, :func:`shard_keys` and the split terms' sizes). A term
    whose entry is longer than ``split_bytes`` (default
    :data:`torget.search.split.SPLIT_BYTES`, read when called) is split
    (:mod:`torget.search.split`): its tail blocks are
    ``s.<hash>.t<lunr index>.<b>.json``, and each document's postings of
    the split terms, cut into the manifest's ``shards.buckets`` by lunr
    index, ``s.<hash>.v<id>.<bucket>.json``. Shard ``n``'s preview, when
    the forum has them (:mod:`torget.search.previews`; the manifest's
    ``shards.previews``), is ``s.<hash>.p<n>.json``.
    ``facts``: each document's filter facts, a character per id
    (:func:`torget.search.chunks.doc_facts`)."""
    shards, tails = shard_terms(index, target_bytes, facts, split_bytes)
    payloads = [b"[" + b",".join(encoded for _, encoded in shard) + b"]" for shard in shards]
    vectors = doc_vectors(index, [term for term in index.postings if index.postings[term][0] in tails])
    named = {f"t{term_index}.{b}": payload for term_index, blocks in tails.items() for b, payload in enumerate(blocks)}
    named.update({f"v{doc}.{bucket}": payload for (doc, bucket), payload in vectors.items()})
    previews = preview_files(index, shards, payloads, facts)
    named.update(previews)
    shard_id = one_hash(payloads + [name.encode() + b"\0" + named[name] for name in sorted(named)])
    files = {f"s.{shard_id}.{n}.json": payload for n, payload in enumerate(payloads)}
    files.update({f"s.{shard_id}.{name}.json": payload for name, payload in named.items()})
    keys = shard_keys(shards)
    entry = {"id": shard_id, **({"previews": True} if previews else {}),
             **({"buckets": split.VECTOR_BUCKETS} if vectors else {})}
    if len(keys) <= KEYS_PER_PAGE:
        return {**entry, "keys": keys}, files
    pages = [keys[start:start + KEYS_PER_PAGE] for start in range(0, len(keys), KEYS_PER_PAGE)]
    files.update({f"s.{shard_id}.k{n}.json": dumps(page) for n, page in enumerate(pages)})
    return {**entry, "pages": {"keys": [page[0] for page in pages], "size": KEYS_PER_PAGE}}, files


def all_shard_keys(manifest: dict, read) -> list[str]:
    """Every shard's key (:func:`shard_keys`), from the manifest's
    ``shards``, reading its key pages with ``read(name)`` when it has them:
    above :data:`~torget.search.sizes.KEYS_PER_PAGE` shards the manifest
    holds only each page's first key, and page ``n``
    (``s.<hash>.k<n>.json``) the keys of shards ``n × size`` on."""
    shards = manifest["shards"]
    if "keys" in shards:
        return list(shards["keys"])
    return [key for n in range(len(shards["pages"]["keys"])) for key in json.loads(read(f"s.{shards['id']}.k{n}.json"))]


def encode_term(term: str, index: BuiltIndex, facts: str = "") -> list:
    """``[term, lunr index, facts, [field, [Δid, millis, Δid, millis, …], [reply, …]?], …]``:
    ``facts`` holds the filter facts of the documents the term is in (in
    any field), in ascending id, a character each, so the search page
    counts and narrows its results with what their terms' postings
    brought; the reply numbers (one per posting) only in
    :data:`~torget.search.scoring.REPLY_FIELDS`, and only when one of them
    is known."""
    term_index, per_field = index.postings[term]
    docs = term_docs(per_field)
    return [term, term_index, "".join(map(facts.__getitem__, docs)) if facts else "", *encode_fields(per_field)]


def shard_order(term: str) -> tuple[bytes, bytes]:
    """Shards hold terms in order of their :func:`~torget.search.language.fold`
    key, then of the term (both in JavaScript's order), so that every
    spelling of a key (``lösenord``, ``losenord``) is in one shard."""
    return js_order(fold(term)), js_order(term)


def shard_terms(index: BuiltIndex, target_bytes: int, facts: str = "",
                split_bytes: int | None = None) -> tuple[list[list[tuple[str, bytes]]], dict[int, list[bytes]]]:
    """Cut the terms, in :func:`shard_order`, into ranges of about
    ``target_bytes`` each, never between two terms with the same fold key.

    Returns each shard as ``(term, encoded JSON)`` pairs, so every term is
    encoded once, and the tail blocks of the split terms (entries longer
    than ``split_bytes``) by lunr index.
    """
    split_bytes = split.SPLIT_BYTES if split_bytes is None else split_bytes
    shards: list[list[tuple[str, bytes]]] = [[]]
    tails: dict[int, list[bytes]] = {}
    size = 0
    previous_key = None
    for term in sorted(index.postings, key=shard_order):
        term_index, per_field = index.postings[term]
        encoded = None if surely_split(per_field, split_bytes) else dumps(encode_term(term, index, facts))
        if encoded is None or len(encoded) > split_bytes:
            head, tails[term_index] = split_entry(term, term_index, per_field, facts)
            encoded = dumps(head)
        key = fold(term)
        if shards[-1] and size + len(encoded) > target_bytes and key != previous_key:
            shards.append([])
            size = 0
        shards[-1].append((term, encoded))
        size += len(encoded) + 1
        previous_key = key
    return [s for s in shards if s], tails


def shard_keys(shards: Sequence[Sequence[tuple[str, bytes]]]) -> list[str]:
    """The manifest's key of each shard: the shortest start of its first
    fold key that sorts after the previous shard's last one (JavaScript's
    order). A key sorts between the two shards' keys as well as the first
    key itself does, so finding a shard (:func:`shard_for`) gives the same
    answer, and the manifest, which every first search loads, is shorter."""
    keys: list[str] = []
    before = None
    for shard in shards:
        first = fold(shard[0][0])
        key = first
        if before is not None:
            key = next(first[:n] for n in range(1, len(first) + 1) if js_order(first[:n]) > js_order(before))
        keys.append(key)
        before = fold(shard[-1][0])
    return keys


def shard_for(keys: list[str], term: str) -> int:
    """Which shard holds ``term``: the last whose first fold key (the
    manifest's ``shards.keys``) is at most the term's (the browser does
    the same search)."""
    firsts = [js_order(first) for first in keys]
    return max(0, bisect_right(firsts, js_order(fold(term))) - 1)


def shard_names(manifest: dict, read=None) -> list[str]:
    """The term shards' file names, from the manifest's ``shards`` (and
    its key pages, read with ``read(name)``, when it has them)."""
    shards = manifest["shards"]
    return [f"s.{shards['id']}.{n}.json" for n in range(len(all_shard_keys(manifest, read)))]


def key_page_names(manifest: dict) -> list[str]:
    """The key pages' file names (none when the manifest holds every key)."""
    shards = manifest["shards"]
    return [f"s.{shards['id']}.k{n}.json" for n in range(len(shards.get("pages", {}).get("keys", [])))]
