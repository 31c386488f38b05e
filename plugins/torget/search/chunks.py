"""What the result list and the filters read per document: document chunks and each document's facts."""

from __future__ import annotations

from collections.abc import Sequence

from torget.search.files import dumps, one_hash
from torget.search.scoring import SearchDoc


#: The kinds of document a search can be narrowed to, in the order of the
#: facts' codes: thread types, then FAQ entries.
DOC_TYPES = ("question", "problem", "suggestion", "praise", "faq")


def doc_facts(ordered: Sequence[SearchDoc], category_number: dict[str, int]) -> tuple[dict, str]:
    """What the search page filters and counts on, for every document: a
    character per document (by id), ``chr(48 + code)``, where ``code`` is
    ``(category × 5 + type) × 2 + answered`` (type: :data:`DOC_TYPES`).
    The term shards carry them, per term for the documents it is in
    (:func:`torget.search.shards.encode_term`), so a search has the facts
    of its results without a file for the whole forum; the manifest's
    ``facts`` entry names the types. Last activity needs no field:
    documents are numbered in order of it (``torget_search``), so "newest
    first" is descending id."""
    codes = []
    for d in ordered:
        kind = DOC_TYPES.index(d.meta[2]) if d.meta[2] in DOC_TYPES else 0
        codes.append(chr(48 + (max(category_number.get(d.meta[3], 0), 0) * len(DOC_TYPES) + kind) * 2 + bool(d.answered)))
    return {"types": list(DOC_TYPES)}, "".join(codes)


def doc_chunks(ordered: Sequence[SearchDoc], category_number: dict[str, int],
               per_chunk: int) -> tuple[dict, dict[str, bytes]]:
    """The result list's documents, ``per_chunk`` to a file
    ``d.<hash>.<n>.json`` (one hash over all chunks, as the typo
    vocabulary), each row ``[id, url, title, type, category number,
    date, excerpt, replies]`` (replies: ``[author, date]`` per reply, the
    author "" for the organisation's staff). Documents are numbered from
    0 without gaps, so chunk ``n`` holds ids ``n * per_chunk`` on and the
    manifest's ``docs`` entry is only ``{"id", "size", "count"}``."""
    return _grouped("d", ordered, per_chunk, lambda d: [
        d.id, d.meta[0], d.meta[1], d.meta[2], category_number.get(d.meta[3], -1), d.meta[4], d.meta[5],
        [list(r) for r in d.replies]])


def doc_titles(ordered: Sequence[SearchDoc], category_number: dict[str, int],
               per_chunk: int) -> tuple[dict, dict[str, bytes]]:
    """What the header box's instant results show of a document, grouped
    as the chunks, ``n.<hash>.<n>.json``, each row ``[id, url, title,
    category number]``: a third of a chunk's row, which carries the
    excerpt and replies only the search page shows. The manifest's
    ``titles`` entry is ``{"id", "size", "count"}``."""
    return _grouped("n", ordered, per_chunk, lambda d: [d.id, d.meta[0], d.meta[1], category_number.get(d.meta[3], -1)])


def _grouped(prefix: str, ordered: Sequence[SearchDoc], per_chunk: int, row) -> tuple[dict, dict[str, bytes]]:
    payloads = [dumps([row(d) for d in ordered[start:start + per_chunk]]) for start in range(0, len(ordered), per_chunk)]
    group_id = one_hash(payloads)
    files = {f"{prefix}.{group_id}.{n}.json": payload for n, payload in enumerate(payloads)}
    return {"id": group_id, "size": per_chunk, "count": len(payloads)}, files


def chunk_names(manifest: dict) -> list[str]:
    """The document chunks' file names, from the manifest's ``docs``."""
    docs = manifest["docs"]
    return [f"d.{docs['id']}.{n}.json" for n in range(docs["count"])]


def title_names(manifest: dict) -> list[str]:
    """The title files' names, from the manifest's ``titles``."""
    titles = manifest["titles"]
    return [f"n.{titles['id']}.{n}.json" for n in range(titles["count"])]
