"""How every search file is written: compact UTF-8 JSON, named by content hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence


def hashed_name(prefix: str, payload: bytes, length: int = 10) -> str:
    """``<prefix>.<hash>.json``: a name that changes whenever the content does."""
    return f"{prefix}.{hashlib.sha256(payload).hexdigest()[:length]}.json"


def dumps(data) -> bytes:
    """``data`` as compact UTF-8 JSON."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def one_hash(payloads: Sequence[bytes]) -> str:
    """One content hash over numbered files (``<prefix>.<hash>.<n>.json``):
    a change to any renames them all, so each can be cached forever, and
    the manifest need not list their names."""
    digest = hashlib.sha256()
    for payload in payloads:
        digest.update(payload + b"\0")
    return digest.hexdigest()[:10]
