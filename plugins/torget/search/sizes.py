"""Shard and chunk sizes for a forum of a given size."""

from __future__ import annotations

import math

#: Shard and chunk sizes up to :data:`SIZE_BASE_DOCS` documents.
SHARD_BYTES = 12_000
DOCS_PER_CHUNK = 1
SIZE_BASE_DOCS = 10_000


def scaled_sizes(count: int) -> tuple[int, int]:
    """Shard bytes and documents per chunk for a forum of ``count`` documents.

    A first search downloads the manifest, whose length is proportional to
    the number of shards (their first keys), plus a few shards and the
    chunks of the results shown. Growing the shards with the square root
    of the forum keeps the sum smallest: up to 10,000 documents they are
    12,000 bytes, at 100,000 about 38,000. Chunks are named by number under
    one hash, so the manifest does not grow with them: they stay
    :data:`DOCS_PER_CHUNK` documents, as few as the results shown need.
    """
    scale = math.sqrt(max(count, SIZE_BASE_DOCS) / SIZE_BASE_DOCS)
    return round(SHARD_BYTES * scale), DOCS_PER_CHUNK
