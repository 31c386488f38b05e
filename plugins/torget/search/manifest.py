"""The search folder: every file of the index, and the manifest that names them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from torget.addresses import REPLY_ANCHOR
from torget.search.chunks import doc_chunks, doc_facts, doc_titles
from torget.search.files import dumps
from torget.search.language import pipeline_for
from torget.search.scoring import BuiltIndex, SearchDoc
from torget.search.shards import shard_files
from torget.search.sizes import DOCS_PER_CHUNK, SHARD_BYTES
from torget.search.terms import synonym_terms
from torget.search.typos import fuzzy_files

#: Format version of the manifest, shards and document chunks.
FORMAT = 7
#: The manifest's fixed name; every other file's name carries its hash.
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class SearchFiles:
    """Every file of the search index: name (relative to the folder) → bytes."""

    manifest_name: str
    files: dict[str, bytes]


def package(index: BuiltIndex, docs: Sequence[SearchDoc], lang: str, categories: Sequence[str],
            shard_bytes: int = SHARD_BYTES, docs_per_chunk: int = DOCS_PER_CHUNK, scripts: Sequence[str] = (),
            synonyms: Sequence[Sequence[str]] = (), analytics: dict[str, str] | None = None,
            split_bytes: int | None = None) -> SearchFiles:
    """Shards, document chunks, title files, the typo vocabulary and the
    manifest, all content-hashed (the typo vocabulary, the chunks and the
    title files by one hash over each kind's files).

    ``analytics`` (``{"matomo": url, "site": id}``) goes into the manifest
    only when given: the search page reports submitted searches there.
    ``split_bytes``: the entry length above which a term is split
    (default :data:`torget.search.split.SPLIT_BYTES`)."""
    files: dict[str, bytes] = {}
    category_number = {name: number for number, name in enumerate(categories)}
    ordered = sorted(docs, key=lambda d: d.id)
    facts, codes = doc_facts(ordered, category_number)
    boundaries, shard_payloads = shard_files(index, shard_bytes, codes, split_bytes)
    files.update(shard_payloads)
    fuzzy, fuzzy_payloads = fuzzy_files(index)
    files.update(fuzzy_payloads)
    chunks, chunk_files = doc_chunks(ordered, category_number, docs_per_chunk)
    files.update(chunk_files)
    titles, title_files = doc_titles(ordered, category_number, docs_per_chunk)
    files.update(title_files)
    manifest = {
        "format": FORMAT,
        "lang": lang,
        "fields": [name for name, _ in index.fields],
        "pipeline": index.pipeline,
        "stopWords": pipeline_for(lang).stop_word_label,
        "shards": boundaries,
        "fuzzy": fuzzy,
        "synonyms": synonym_terms(synonyms, lang),
        "docs": chunks,
        "titles": titles,
        "facts": facts,
        "categories": list(categories),
        "scripts": list(scripts),
        "count": len(docs),
        # a reply's anchor on its thread's page, for the results' links
        "replyAnchor": REPLY_ANCHOR,
    }
    if analytics:
        manifest["analytics"] = dict(analytics)
    files[MANIFEST] = dumps(manifest)
    return SearchFiles(MANIFEST, files)
