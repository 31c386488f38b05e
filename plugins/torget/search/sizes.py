"""Shard and chunk sizes for a forum of a given size."""

from __future__ import annotations

#: Shard and chunk sizes up to :data:`SIZE_BASE_DOCS` documents.
SHARD_BYTES = 12_000
DOCS_PER_CHUNK = 1
#: Shard keys per key page, when there are more shards than this
#: (:func:`torget.search.shards.shard_files`).
KEYS_PER_PAGE = 64


def scaled_sizes(count: int) -> tuple[int, int]:
    """Shard bytes and documents per chunk for a forum of ``count`` documents.

    A first search downloads the manifest, a key page or two when the
    forum has more than :data:`KEYS_PER_PAGE` shards, a few shards and
    the chunks of the results shown. The manifest holds one key per key
    page, so it grows 64 times slower than the shards' count: shards stay
    :data:`SHARD_BYTES` at any size, as small as a query's few words
    need. Chunks are named by number under one hash, so the manifest does
    not grow with them either: they stay :data:`DOCS_PER_CHUNK` documents,
    as few as the results shown need. (``count`` is kept for callers: no
    size depends on it now.)
    """
    return SHARD_BYTES, DOCS_PER_CHUNK
