"""How every search file is written: compact UTF-8 JSON, named by content hash."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path


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


def write_files(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` (plain names, no folders) into ``folder``, made
    when missing, in name order: each opened relative to the folder,
    which is looked up once (an index can have hundreds of thousands)."""
    folder.mkdir(parents=True, exist_ok=True)
    where = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in sorted(files):
            if "/" in name or name in ("", ".", ".."):
                raise ValueError(f"not a plain file name: {name!r}")
            handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666, dir_fd=where)
            try:
                left = memoryview(files[name])
                while left:
                    left = left[os.write(handle, left):]
            finally:
                os.close(handle)
    finally:
        os.close(where)
