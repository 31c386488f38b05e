"""The typo vocabulary: fold keys with their document counts, in small files fetched only to correct a typo."""

from __future__ import annotations

import hashlib
import re

from torget.search.files import dumps
from torget.search.fold import fold
from torget.search.scoring import BuiltIndex

#: The typo vocabulary: fold keys of at least this many letters, in files
#: by first letter and length, lengths from FUZZY_LONG up in one file.
FUZZY_MIN = 4
FUZZY_LONG = 20
_FUZZY_KEY = re.compile("[a-z]+")


def fuzzy_vocabulary(index: BuiltIndex) -> dict[str, int]:
    """Fold key -> number of documents holding a term with that key, for
    the keys a typo can be corrected to (only letters a–z once folded,
    at least :data:`FUZZY_MIN` of them)."""
    counts: dict[str, int] = {}
    for term, (_, per_field) in index.postings.items():
        key = fold(term)
        if len(key) < FUZZY_MIN or not _FUZZY_KEY.fullmatch(key):
            continue
        docs = set()
        for postings in per_field:
            if postings is not None:
                docs.update(postings[0])
        counts[key] = counts.get(key, 0) + len(docs)
    return counts


def fuzzy_files(index: BuiltIndex) -> tuple[dict, dict[str, bytes]]:
    """The typo vocabulary in small files: ``f.<hash>.<letter><length>.json``,
    each ``[key, documents, key, documents, …]`` in key order, for every
    first letter and every length from the shortest to the longest key
    with that letter (lengths from :data:`FUZZY_LONG` in one file).

    Returns the manifest's ``fuzzy`` entry (the hash of all files and,
    per letter, the first and last length) and the files.
    """
    buckets: dict[str, list] = {}
    for key, count in sorted(fuzzy_vocabulary(index).items()):
        buckets.setdefault(f"{key[0]}{min(len(key), FUZZY_LONG)}", []).extend([key, count])
    lengths: dict[str, list[int]] = {}
    for bucket in buckets:
        span = lengths.setdefault(bucket[0], [FUZZY_LONG, FUZZY_MIN])
        span[0] = min(span[0], int(bucket[1:]))
        span[1] = max(span[1], int(bucket[1:]))
    payloads = {f"{letter}{n}": dumps(buckets.get(f"{letter}{n}", []))
                for letter, (low, high) in lengths.items() for n in range(low, high + 1)}
    digest = hashlib.sha256()
    for bucket in sorted(payloads):
        digest.update(bucket.encode() + b"\0" + payloads[bucket] + b"\0")
    fuzzy_id = digest.hexdigest()[:10]
    files = {f"f.{fuzzy_id}.{bucket}.json": payload for bucket, payload in payloads.items()}
    return {"id": fuzzy_id, "long": FUZZY_LONG, "lengths": dict(sorted(lengths.items()))}, files
