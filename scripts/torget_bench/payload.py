"""Bytes: of files and folders, and of what a page fetched.

Everything is counted as a static host sends it (:func:`served`): gzip at
level :data:`GZIP_LEVEL`, since the local server does not compress, or the
file's own size when it is already compressed (Pagefind's index files).
:class:`ResponseCounter` is the one counter of a page's responses, for the
Torget and the Pagefind first searches alike; the kinds it sorts them into
are :func:`torget_kind` and :func:`pagefind_kind`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import statistics
from collections.abc import Callable
from pathlib import Path

GZIP_LEVEL = 6


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def served(data: bytes) -> int:
    """What a static host sends: gzip, unless the file is already compressed."""
    return min(len(data), gz(data))


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def mb(n: float) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# ---------------------------------------------------------------------------
# What a page fetched
# ---------------------------------------------------------------------------

#: ``kind_of(path, resource_type)``: the kind a response counts as, or None
#: when it is not counted.
KindOf = Callable[[str, str], "str | None"]


class ResponseCounter:
    """The responses a page received, in bytes per kind of resource.

    :meth:`listen` collects a page's responses as they arrive; :meth:`count`
    reads their bodies afterwards (the sync Playwright API cannot read one
    inside its event handler) and adds each to its kind: files, raw bytes
    and :func:`served` bytes. A response ``kind_of`` does not count, or one
    without a body (a redirect, a response of a page navigated away from),
    is listed in :attr:`excluded` instead.
    """

    def __init__(self, kind_of: KindOf, base: str = ""):
        self.kind_of = kind_of
        self.base = base
        self.responses: list = []
        #: kind → {"files", "raw", "sent"}, in the order the kinds were first met.
        self.by_kind: dict[str, dict[str, int]] = {}
        self.excluded: list[str] = []
        #: URLs already added.
        self.counted: set[str] = set()
        #: ``[path, kind, sent]`` of each file added, in the order added.
        self.by_file: list[list] = []

    def listen(self, page) -> None:
        page.on("response", lambda response: self.responses.append(response))

    def add(self, kind: str, body: bytes, path: str = "") -> None:
        entry = self.by_kind.setdefault(kind, {"files": 0, "raw": 0, "sent": 0})
        entry["files"] += 1
        entry["raw"] += len(body)
        entry["sent"] += served(body)
        self.by_file.append([path, kind, served(body)])

    def count(self) -> ResponseCounter:
        """Add every response collected so far, each file once (a file
        fetched again, on the next page or revalidated, is counted once)."""
        responses, self.responses = self.responses, []
        for response in responses:
            url = response.url
            name = url.replace(self.base, "", 1) if self.base else url
            if url in self.counted:
                continue
            kind = self.kind_of(url.split("?", 1)[0].replace(self.base, "", 1), response.request.resource_type)
            if kind is None:
                self.excluded.append(name)
                continue
            try:
                body = response.body()
            except Exception:  # noqa: BLE001 - Playwright's Error: no body to read
                self.excluded.append(f"{name} (no body)")
                continue
            self.counted.add(url)
            self.add(kind, body, name.split("?", 1)[0])
        return self

    def totals(self) -> dict:
        """``sent``, ``raw`` and ``files`` over every kind, ``by_kind``, and
        ``by_file`` (``[path, kind, sent]`` per file)."""
        return {
            "sent": sum(e["sent"] for e in self.by_kind.values()),
            "raw": sum(e["raw"] for e in self.by_kind.values()),
            "files": sum(e["files"] for e in self.by_kind.values()),
            "by_kind": self.by_kind,
            "by_file": self.by_file,
        }


def torget_kind(path: str, resource_type: str) -> str | None:
    """Torget's search: the engine, lunr, the manifest, shards, chunks,
    the instant results' titles and the typo vocabulary; the HTML page, the stylesheet and the favicon are
    not counted."""
    name = path.rsplit("/", 1)[-1]
    if resource_type in ("document", "stylesheet") or name in ("favicon.svg", "favicon.ico"):
        return None
    if path.endswith("/theme/js/search.js"):
        return "search.js"
    if "/search/" in path and name.startswith("f."):
        return "typo vocabulary"
    if "lunr" in name and name.endswith(".js"):
        return "lunr"
    if "/search/" in path and name.startswith("manifest"):
        return "manifest"
    if "/search/" in path and name.startswith("s."):
        return "shards"
    if "/search/" in path and name.startswith("d."):
        return "chunks"
    if "/search/" in path and name.startswith("n."):
        return "titles"
    if "/search/" in path and name.startswith("k."):
        return "facts"
    return "other:" + path


def pagefind_kind(path: str, resource_type: str) -> str | None:
    """Pagefind: everything under ``/pagefind/``, by kind of file."""
    if "/pagefind/" not in path:
        return None
    name = path.rsplit("/", 1)[-1]
    if name.endswith(".js"):
        return "js"
    if name.startswith("wasm."):
        return "wasm"
    if name.endswith(".pf_fragment"):
        return "fragments"
    if name.endswith(".pf_index"):
        return "index"
    if name.endswith((".pf_meta", ".json")):
        return "meta/entry"
    return "other"


# ---------------------------------------------------------------------------
# Files and folders
# ---------------------------------------------------------------------------

def folder_bytes(folder: Path) -> dict:
    files = [p for p in folder.rglob("*") if p.is_file()]
    raw = zipped = 0
    for path in files:
        data = path.read_bytes()
        raw += len(data)
        zipped += gz(data)
    return {"files": len(files), "raw": raw, "gzip": zipped}


def search_folder_stats(output: Path) -> dict:
    folder = output / "search"
    stats = folder_bytes(folder)
    manifests = sorted(folder.glob("manifest*.json"))
    manifest = manifests[0].read_bytes() if manifests else b""
    chunk_sizes = sorted(gz(path.read_bytes()) for path in folder.glob("d.*.json"))
    stats.update(
        chunk_gzip_median=statistics.median(chunk_sizes) if chunk_sizes else 0,
        chunk_gzip_distinct_median=_distinct_chunk_median(folder),
        shards=len(list(folder.glob("s.*.json"))),
        chunks=len(list(folder.glob("d.*.json"))),
        manifest_raw=len(manifest),
        manifest_gzip=gz(manifest),
        html_excluded=len(list(folder.glob("*.html"))),
    )
    return stats


_COPY = re.compile(r" \(\d+\)$")


def _distinct_chunk_median(folder: Path) -> float:
    """Median gzip size of a chunk made of distinct threads.

    make_forum's copies (titled "… (2)") sit next to their originals and
    gzip away inside a chunk; regrouping only the originals, as many per
    chunk as the index uses, gives the size a forum without copies has.
    """
    rows, per_chunk = [], 0
    for path in folder.glob("d.*.json"):
        chunk = json.loads(path.read_text(encoding="utf-8"))
        per_chunk = max(per_chunk, len(chunk))
        rows += [row for row in chunk if not _COPY.search(str(row[2]))]
    rows.sort(key=lambda row: row[0])
    sizes = [gz(json.dumps(rows[i:i + per_chunk], ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
             for i in range(0, len(rows) - per_chunk + 1, per_chunk)] if per_chunk else []
    return statistics.median(sizes) if sizes else 0


def manifest_digest(output: Path) -> str:
    """The manifest's name and content (its name was content-hashed, now it is fixed)."""
    digest = hashlib.sha256()
    for path in sorted((output / "search").glob("manifest*.json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def docs_match_chunks(output: Path, docs: list) -> bool:
    """Whether the reference's ``[id, url]`` are exactly the published chunks' documents."""
    rows = {}
    for chunk in (output / "search").glob("d.*.json"):
        for row in json.loads(chunk.read_text(encoding="utf-8")):
            rows[row[0]] = row[1]
    return len(rows) == len(docs) and all(rows.get(doc_id) == url for doc_id, url in docs)
