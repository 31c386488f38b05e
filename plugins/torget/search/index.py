"""The search index's entry points, for the ``torget_search`` plugin and the scripts.

Text (:mod:`~torget.search.text`) becomes terms (:mod:`~torget.search.terms`),
scored as lunr scores them (:mod:`~torget.search.scoring`), and is written as
term shards, the typo vocabulary, document chunks and a manifest
(:mod:`~torget.search.manifest`) so that a first search downloads little
(docs/search.md). Nothing here reads Pelican.
"""

from torget.search.chunks import DOC_TYPES, chunk_names, title_names
from torget.search.manifest import MANIFEST, SearchFiles, package
from torget.search.scoring import FIELDS, BuiltIndex, SearchDoc, build_index, js_order, lunr_millis
from torget.search.shards import all_shard_keys, key_page_names, shard_for, shard_names, shard_order
from torget.search.sizes import scaled_sizes
from torget.search.terms import doc_terms, synonym_terms, terms_for, thread_terms
from torget.search.text import excerpt, html_text, thread_texts
from torget.search.typos import FUZZY_LONG, FUZZY_MIN

__all__ = [
    "DOC_TYPES",
    "chunk_names",
    "title_names",
    "MANIFEST",
    "SearchFiles",
    "package",
    "FIELDS",
    "BuiltIndex",
    "SearchDoc",
    "build_index",
    "js_order",
    "lunr_millis",
    "all_shard_keys",
    "key_page_names",
    "shard_for",
    "shard_names",
    "shard_order",
    "scaled_sizes",
    "doc_terms",
    "synonym_terms",
    "terms_for",
    "thread_terms",
    "excerpt",
    "html_text",
    "thread_texts",
    "FUZZY_LONG",
    "FUZZY_MIN",
]
