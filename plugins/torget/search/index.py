"""Build the sharded, decay-weighted search index (docs/search.md).

Scoring is lunr's: this module computes exactly the BM25 field vectors that
``lunr.Builder`` (lunr.py 0.8 / lunr.js 2.3.9) computes for the same
documents, fields, boosts and language pipeline (:mod:`torget.search.language`),
term indices included. A test compares the result with lunr.py's own
index, term for term.

What differs is the packaging, so that a first search downloads little:

- **term shards**: the postings of a contiguous range of terms in order of
  their fold key (:func:`torget.search.language.fold`, so every spelling of a key
  is in one shard), in a compact form (per term: its lunr term index and, per field, delta-coded
  document ids with scores in thousandths, lunr's own precision). The
  browser expands the shards it fetched into a regular lunr index and
  calls ``lunr.Index.load``; since lunr's query score only reads the query
  terms' entries of each field vector, the scores equal the full index's;
- **document chunks**: title, URL, type, category, date and an excerpt for
  the result list, a few documents per file, fetched for shown results;
- **the typo vocabulary**: fold keys with their document counts, one small
  file per first letter and length, fetched only to correct a typo;
- **a manifest** ``manifest.json``: fields, pipeline, stop-word filter,
  synonym groups, shard boundaries and every other file's content-hashed
  name. Its own name is fixed, so pages
  do not change when only the index does (a rebuild can reuse them).

Nothing here reads Pelican: the plugin ``torget_search`` feeds it threads.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

from torget.search.language import fold, pipeline_for

#: Field name and boost, in lunr's field order. Staff answers weigh more
#: than other replies; see docs/search.md for the reasoning.
FIELDS: tuple[tuple[str, float], ...] = (
    ("title", 10.0),
    ("tags", 5.0),
    ("category", 2.0),
    ("question", 2.0),
    ("staff", 1.5),
    ("replies", 1.0),
)
#: The fields made of replies, whose postings also say which reply.
REPLY_FIELDS: tuple[int, ...] = (4, 5)
K1 = 1.2
B = 0.75
#: Format version of the manifest, shards and document chunks.
FORMAT = 2
EXCERPT_CHARS = 280
#: The manifest's fixed name; every other file's name carries its hash.
MANIFEST = "manifest.json"
#: Shard and chunk sizes up to :data:`SIZE_BASE_DOCS` documents.
SHARD_BYTES = 12_000
DOCS_PER_CHUNK = 1
SIZE_BASE_DOCS = 10_000


#: One field's terms as the index sees them: the distinct terms in order of
#: first occurrence (lunr's order), and how often each occurs.
FieldTerms = tuple[tuple[str, ...], array]


@dataclass(frozen=True)
class SearchDoc:
    """One thread as the index sees it."""

    id: int
    boost: float
    #: Per field (in :data:`FIELDS` order): the text to index.
    texts: tuple[str, ...]
    #: Shown in results: url, title, type, category, date (ISO), excerpt.
    meta: tuple[str, str, str, str, str, str]
    #: The texts' :func:`doc_terms`, when already known (a rebuild keeps
    #: them for unchanged threads); ``texts`` is then not read.
    terms: tuple[FieldTerms, ...] | None = None
    #: Per field of :data:`REPLY_FIELDS`: term -> the number (1-based, in
    #: thread order: the page's ``#svar-N``) of the reply holding it most
    #: often (:func:`thread_terms`).
    where: tuple[dict[str, int], ...] = ()
    #: Filter facts: whether the thread has an answer (FAQ entries do).
    answered: bool = False
    #: Per reply in thread order: its author ("" for the organisation's
    #: staff) and date (ISO), to name the reply a result points at.
    replies: tuple[tuple[str, str], ...] = ()


@dataclass
class BuiltIndex:
    """lunr's index in Python: terms with postings and field vectors."""

    fields: tuple[tuple[str, float], ...]
    #: term -> (lunr term index, per field: (doc ids, scores, reply
    #: numbers) in id order, or ``None`` where the term is not in that
    #: field; reply numbers (:attr:`SearchDoc.where`) only in
    #: :data:`REPLY_FIELDS`, else ``None``). Compact arrays: a forum has
    #: millions of postings.
    postings: dict[str, tuple[int, list[tuple[array, array, array | None] | None]]]
    pipeline: list[str]
    doc_ids: list[int] = field(default_factory=list)

    def lunr_json(self) -> dict:
        """The whole index as ``lunr.Index.toJSON()`` would serialize it.

        Used by tests and the benchmark as the unsharded reference.
        """
        names = [name for name, _ in self.fields]
        vectors: dict[str, list[tuple[int, float]]] = {
            f"{name}/{doc}": [] for doc in self.doc_ids for name in names
        }
        inverted = []
        for term in sorted(self.postings, key=js_order):
            index, per_field = self.postings[term]
            entry: dict = {"_index": index}
            for name, postings in zip(names, per_field):
                docs, scores = postings[:2] if postings else ((), ())
                entry[name] = {str(doc): {} for doc in docs}
                for doc, score in zip(docs, scores):
                    vectors[f"{name}/{doc}"].append((index, score))
            inverted.append([term, entry])
        field_vectors = [
            [ref, [x for pair in sorted(pairs) for x in pair]] for ref, pairs in vectors.items()
        ]
        return {
            "version": "2.3.9",
            "fields": names,
            "fieldVectors": field_vectors,
            "invertedIndex": inverted,
            "pipeline": self.pipeline,
        }


@lru_cache(maxsize=None)
def _pipeline(lang: str):
    return pipeline_for(lang)


#: lunr.js's tokenizer separator ``/[\s\-]+/`` spelled out with JavaScript's
#: ``\s`` (Python's ``\s`` also matches U+001C–U+001F and U+0085; JS's
#: does not). :mod:`torget.search.language` makes lunr.py's tokenizer split alike.
_SEPARATOR = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff-]+")


@lru_cache(maxsize=1 << 20)
def _token_terms(token: str, lang: str) -> tuple[str, ...]:
    # A token holds no separator, so lunr's tokenizer leaves it whole and
    # the pipeline sees exactly this one token.
    return tuple(_pipeline(lang).run(token))


def terms_for(text: str, lang: str) -> list[str]:
    """Index terms of ``text``, as lunr's tokenizer and the pipeline give them.

    Equal to :func:`torget.search.language.tokens_for` (a test checks it on the
    whole corpus), but runs the pipeline once per distinct token: the
    pipeline's steps look at one token at a time.
    """
    terms: list[str] = []
    for token in _SEPARATOR.split(text.lower()):
        if token:
            terms.extend(_token_terms(token, lang))
    return terms


def field_terms(text: str, lang: str) -> FieldTerms:
    """Distinct index terms of ``text`` in first-occurrence order, with counts."""
    counts: dict[str, int] = {}
    for term in terms_for(text, lang):
        counts[term] = counts.get(term, 0) + 1
    return tuple(counts), array("I", counts.values())


def doc_terms(texts: Sequence[str], lang: str) -> tuple[FieldTerms, ...]:
    """:func:`field_terms` of every field text."""
    return tuple(field_terms(text, lang) for text in texts)


def lunr_millis(score: float) -> int:
    """``Math.round(score * 1000)``: lunr.js keeps ``Math.round(score *
    1000) / 1000`` of every field vector value. Python's ``round(score, 3)``
    rounds the exact decimal half to even, Math.round the product half up:
    they differ on exact ties (0.0625 is 0.062 against 0.063)."""
    scaled = score * 1000
    millis = math.floor(scaled)
    return millis + 1 if scaled - millis >= 0.5 else millis


def build_index(docs: Sequence[SearchDoc], lang: str) -> BuiltIndex:
    """lunr's Builder, over documents in ``id`` order.

    Documents that carry their ``terms`` skip the language pipeline.
    Terms get lunr's term indices (first occurrence over documents in id
    order, fields in order); scores are lunr's BM25 with the field boost
    and the document boost applied in lunr's order, rounded as lunr does.
    """
    boosts = [boost for _, boost in FIELDS]
    term_index: dict[str, int] = {}
    present: list[int] = []  # per term index: (doc, field) pairs holding it, lunr's idf count
    rows: list[tuple[int, int, array, array, int, dict | None]] = []  # doc, field, term indices, tfs, length, places
    totals = [0] * len(FIELDS)
    ordered = sorted(docs, key=lambda d: d.id)
    for doc in ordered:
        per_field = doc.terms if doc.terms is not None else doc_terms(doc.texts, lang)
        for number, (terms, tfs) in enumerate(per_field):
            indices = array("I")
            for term in terms:
                index = term_index.get(term)
                if index is None:
                    index = term_index[term] = len(present)
                    present.append(0)
                present[index] += 1
                indices.append(index)
            length = sum(tfs)
            places = doc.where[REPLY_FIELDS.index(number)] if doc.where and number in REPLY_FIELDS else None
            rows.append((doc.id, number, indices, tfs, length, places))
            totals[number] += length
    count = len(docs)
    average = [total / count if count else 0.0 for total in totals]
    idf = [math.log(1 + abs((count - n + 0.5) / (n + 0.5))) for n in present]
    width = len(FIELDS)
    # Per (term, field) slot: doc ids and scores, filled in id order so that
    # both stay sorted. One flat list: this loop runs once per posting.
    slot_docs: list = [None] * (len(present) * width)
    slot_scores: list = [None] * (len(present) * width)
    slot_places: list = [None] * (len(present) * width)
    names = list(term_index)
    boost_of = {doc.id: doc.boost for doc in docs}
    k1_plus_1 = K1 + 1
    for doc_id, number, indices, tfs, length, places in rows:
        norm = K1 * (1 - B + B * (length / average[number])) if average[number] else K1 * (1 - B)
        factor = boosts[number]
        doc_boost = boost_of[doc_id]
        for index, tf in zip(indices, tfs):
            # lunr's operations in lunr's order, so the floats are equal.
            score = idf[index] * (k1_plus_1 * tf) / (norm + tf) * factor * doc_boost
            slot = index * width + number
            ids = slot_docs[slot]
            if ids is None:
                ids = slot_docs[slot] = array("I")
                slot_scores[slot] = array("d")
            ids.append(doc_id)
            slot_scores[slot].append(lunr_millis(score) / 1000)
            if number in REPLY_FIELDS:
                if slot_places[slot] is None:
                    slot_places[slot] = array("I", [0] * (len(ids) - 1))
                slot_places[slot].append(places.get(names[index], 0) if places else 0)
    fields = [
        [None if slot_docs[i] is None else (slot_docs[i], slot_scores[i], slot_places[i]) for i in range(start, start + width)]
        for start in range(0, len(slot_docs), width)
    ]
    postings = {term: (index, fields[index]) for term, index in term_index.items()}
    return BuiltIndex(FIELDS, postings, _pipeline(lang).search_labels, sorted(boost_of))


def js_order(term: str) -> bytes:
    """Sort key matching JavaScript's string order (UTF-16 code units).

    lunr.js's TokenSet builder insists on that order, and the browser
    bisects shard boundaries with JavaScript's ``<``.
    """
    return term.encode("utf-16-be")


def _hashed(prefix: str, payload: bytes, length: int = 10) -> str:
    return f"{prefix}.{hashlib.sha256(payload).hexdigest()[:length]}.json"


def _dumps(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encode_term(term: str, index: BuiltIndex) -> list:
    """``[term, lunr index, [field, [Δid, millis, Δid, millis, …], [reply, …]?], …]``:
    the reply numbers (one per posting) only in :data:`REPLY_FIELDS`, and
    only when one of them is known."""
    term_index, per_field = index.postings[term]
    encoded: list = [term, term_index]
    for number, postings in enumerate(per_field):
        if postings is None:
            continue
        flat, previous = [], 0
        for doc, score in zip(postings[0], postings[1]):
            flat += [doc - previous, int(round(score * 1000))]
            previous = doc
        places = postings[2] if len(postings) > 2 else None
        encoded.append([number, flat, list(places)] if places is not None and any(places) else [number, flat])
    return encoded


def shard_order(term: str) -> tuple[bytes, bytes]:
    """Shards hold terms in order of their :func:`~torget.search.language.fold`
    key, then of the term (both in JavaScript's order), so that every
    spelling of a key (``lösenord``, ``losenord``) is in one shard."""
    return js_order(fold(term)), js_order(term)


def shard_terms(index: BuiltIndex, target_bytes: int) -> list[list[tuple[str, bytes]]]:
    """Cut the terms, in :func:`shard_order`, into ranges of about
    ``target_bytes`` each, never between two terms with the same fold key.

    Returns each shard as ``(term, encoded JSON)`` pairs, so every term is
    encoded once.
    """
    shards: list[list[tuple[str, bytes]]] = [[]]
    size = 0
    previous_key = None
    for term in sorted(index.postings, key=shard_order):
        encoded = _dumps(encode_term(term, index))
        key = fold(term)
        if shards[-1] and size + len(encoded) > target_bytes and key != previous_key:
            shards.append([])
            size = 0
        shards[-1].append((term, encoded))
        size += len(encoded) + 1
        previous_key = key
    return [s for s in shards if s]


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
    payloads = {f"{letter}{n}": _dumps(buckets.get(f"{letter}{n}", []))
                for letter, (low, high) in lengths.items() for n in range(low, high + 1)}
    digest = hashlib.sha256()
    for bucket in sorted(payloads):
        digest.update(bucket.encode() + b"\0" + payloads[bucket] + b"\0")
    fuzzy_id = digest.hexdigest()[:10]
    files = {f"f.{fuzzy_id}.{bucket}.json": payload for bucket, payload in payloads.items()}
    return {"id": fuzzy_id, "long": FUZZY_LONG, "lengths": dict(sorted(lengths.items()))}, files


def synonym_terms(groups: Sequence[Sequence[str]], lang: str) -> list[list[list[str]]]:
    """``TORGET_SEARCH_SYNONYMS`` as index terms: per group, per word or
    phrase, its terms (stop words and empty terms left out); members
    without terms and groups left with one member are dropped."""
    out = []
    for group in groups:
        members = []
        for member in group:
            terms = [t for t in terms_for(member, lang) if t]
            if terms and terms not in members:
                members.append(terms)
        if len(members) >= 2:
            out.append(members)
    return out


@dataclass(frozen=True)
class SearchFiles:
    """Every file of the search index: name (relative to the folder) → bytes."""

    manifest_name: str
    files: dict[str, bytes]


def package(index: BuiltIndex, docs: Sequence[SearchDoc], lang: str, categories: Sequence[str],
            shard_bytes: int = SHARD_BYTES, docs_per_chunk: int = DOCS_PER_CHUNK, scripts: Sequence[str] = (),
            synonyms: Sequence[Sequence[str]] = (), analytics: dict[str, str] | None = None) -> SearchFiles:
    """Shards, document chunks, the typo vocabulary and the manifest, all
    content-hashed (the typo vocabulary by one hash over its files).

    ``analytics`` (``{"matomo": url, "site": id}``) goes into the manifest
    only when given: the search page reports submitted searches there."""
    files: dict[str, bytes] = {}
    shards = shard_terms(index, shard_bytes)
    payloads = [b"[" + b",".join(encoded for _, encoded in shard) + b"]" for shard in shards]
    shard_id = _one_hash(payloads)
    files.update((f"s.{shard_id}.{n}.json", payload) for n, payload in enumerate(payloads))
    boundaries = {"id": shard_id, "keys": shard_keys(shards)}
    fuzzy, fuzzy_payloads = fuzzy_files(index)
    files.update(fuzzy_payloads)

    category_number = {name: number for number, name in enumerate(categories)}
    ordered = sorted(docs, key=lambda d: d.id)
    chunks, chunk_files = doc_chunks(ordered, category_number, docs_per_chunk)
    files.update(chunk_files)
    facts, facts_file = doc_facts(ordered, category_number)
    files.update(facts_file)

    manifest = {
        "format": FORMAT,
        "lang": lang,
        "fields": [name for name, _ in index.fields],
        "pipeline": index.pipeline,
        "stopWords": _pipeline(lang).stop_word_label,
        "shards": boundaries,
        "fuzzy": fuzzy,
        "synonyms": synonym_terms(synonyms, lang),
        "docs": chunks,
        "facts": facts,
        "categories": list(categories),
        "scripts": list(scripts),
        "count": len(docs),
    }
    if analytics:
        manifest["analytics"] = dict(analytics)
    files[MANIFEST] = _dumps(manifest)
    return SearchFiles(MANIFEST, files)


def doc_chunks(ordered: Sequence[SearchDoc], category_number: dict[str, int],
               per_chunk: int) -> tuple[dict, dict[str, bytes]]:
    """The result list's documents, ``per_chunk`` to a file
    ``d.<hash>.<n>.json`` (one hash over all chunks, as the typo
    vocabulary), each row ``[id, url, title, type, category number,
    date, excerpt, replies]`` (replies: ``[author, date]`` per reply, the
    author "" for the organisation's staff). Documents are numbered from
    0 without gaps, so chunk ``n`` holds ids ``n * per_chunk`` on and the
    manifest's ``docs`` entry is only ``{"id", "size", "count"}``."""
    payloads = []
    for start in range(0, len(ordered), per_chunk):
        rows = [[d.id, d.meta[0], d.meta[1], d.meta[2], category_number.get(d.meta[3], -1), d.meta[4], d.meta[5],
                 [list(r) for r in d.replies]] for d in ordered[start:start + per_chunk]]
        payloads.append(_dumps(rows))
    chunk_id = _one_hash(payloads)
    files = {f"d.{chunk_id}.{n}.json": payload for n, payload in enumerate(payloads)}
    return {"id": chunk_id, "size": per_chunk, "count": len(payloads)}, files


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


def _one_hash(payloads: Sequence[bytes]) -> str:
    """One content hash over numbered files (``<prefix>.<hash>.<n>.json``):
    a change to any renames them all, so each can be cached forever, and
    the manifest need not list their names."""
    digest = hashlib.sha256()
    for payload in payloads:
        digest.update(payload + b"\0")
    return digest.hexdigest()[:10]


def shard_names(manifest: dict) -> list[str]:
    """The term shards' file names, from the manifest's ``shards``."""
    shards = manifest["shards"]
    return [f"s.{shards['id']}.{n}.json" for n in range(len(shards["keys"]))]


def chunk_names(manifest: dict) -> list[str]:
    """The document chunks' file names, from the manifest's ``docs``."""
    docs = manifest["docs"]
    return [f"d.{docs['id']}.{n}.json" for n in range(docs["count"])]


#: The kinds of document a search can be narrowed to, in the order of the
#: facts' codes: thread types, then FAQ entries.
DOC_TYPES = ("question", "problem", "suggestion", "praise", "faq")


def doc_facts(ordered: Sequence[SearchDoc], category_number: dict[str, int]) -> tuple[dict, dict[str, bytes]]:
    """What the search page filters and counts on, for every document:
    ``k.<hash>.json`` holds one JSON string with a character per document
    (by id), ``chr(48 + code)``, where ``code`` is ``(category × 5 + type)
    × 2 + answered`` (type: :data:`DOC_TYPES`). Last activity needs no
    field: documents are numbered in order of it (``torget_search``), so
    "newest first" is descending id."""
    codes = []
    for d in ordered:
        kind = DOC_TYPES.index(d.meta[2]) if d.meta[2] in DOC_TYPES else 0
        codes.append(chr(48 + (max(category_number.get(d.meta[3], 0), 0) * len(DOC_TYPES) + kind) * 2 + bool(d.answered)))
    payload = _dumps("".join(codes))
    name = _hashed("k", payload)
    return {"file": name, "types": list(DOC_TYPES)}, {name: payload}




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


def shard_for(keys: list[str], term: str) -> int:
    """Which shard holds ``term``: the last whose first fold key (the
    manifest's ``shards.keys``) is at most the term's (the browser does
    the same search)."""
    firsts = [js_order(first) for first in keys]
    return max(0, bisect_right(firsts, js_order(fold(term))) - 1)


_SPACE = re.compile(r"\s+")


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """Plain text cut at a word boundary, for result snippets."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,.;:") + " …"


#: Elements whose start and end separate words: blocks, list items, table
#: cells, line breaks. Inline elements (emphasis, code, links, ``wbr`` …)
#: join their text to the text around them, as the page shows it.
_WORD_BREAKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
#: Links that only move within the page: Markdown's footnote marks (the
#: number in the text, the arrow back), not words of the post.
_NAVIGATION_CLASSES = frozenset({"footnote-ref", "footnote-backref"})


class _TextOf(HTMLParser):
    """The text of an HTML fragment (:func:`html_text`)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)  # each entity decoded once, attributes too
        self.parts: list[str] = []
        #: Inside a link: its text so far and its target (None: a footnote mark).
        self.link: list[str] | None = None
        self.target: str | None = None

    def handle_starttag(self, tag, attrs):
        parts = self.parts if self.link is None else self.link
        if tag in _WORD_BREAKS:
            parts.append(" ")
        elif tag == "img":
            alt = next((value for name, value in attrs if name == "alt" and value), "")
            if alt:  # the image's text, as a screen reader reads it
                parts.append(f" {alt} ")
        elif tag == "a":
            found = dict(attrs)
            self.link = []
            navigation = not _NAVIGATION_CLASSES.isdisjoint((found.get("class") or "").split())
            self.target = None if navigation else (found.get("href") or "").strip()

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            text = "".join(self.link)
            words = text.strip()
            # An autolink's text is its own target: an address, not words.
            if self.target is not None and words not in (self.target, self.target.removeprefix("mailto:")):
                self.parts.append(text)
            self.link = self.target = None
        elif tag in _WORD_BREAKS:
            (self.parts if self.link is None else self.link).append(" ")

    def handle_data(self, data):
        (self.parts if self.link is None else self.link).append(data)


def html_text(html_fragment: str) -> str:
    """The words of rendered, sanitized HTML, for indexing and excerpts.

    The text a reader sees, entities decoded once (``&amp;lt;`` is
    ``&lt;``): code (inline, indented and fenced with backticks or tildes
    alike) is kept, since residents paste error messages and search for
    them; an image counts as its ``alt`` text; a link as its text, never
    its target, and an autolink (``<https://…>``, whose text is its
    target) not at all; other attributes (``title``, ``src``) are never
    words. Blocks, list items, table cells and line breaks separate
    words; inline markup does not (``lösen<em>ord</em>`` is
    ``lösenord``). Footnote marks (the number and the arrow back) are left
    out; the footnote's text is kept.
    """
    parser = _TextOf()
    parser.feed(html_fragment)
    parser.close()
    if parser.link is not None:  # a link left open: its text still counts
        parser.handle_endtag("a")
    return _SPACE.sub(" ", "".join(parser.parts)).strip()


def doc_texts(title: str, tags: Iterable[str], category: str, question: str,
              staff: Iterable[str], replies: Iterable[str]) -> tuple[str, ...]:
    """Field texts in :data:`FIELDS` order; ``question``, ``staff`` and
    ``replies`` are rendered HTML (:mod:`torget.html.rendering`), reduced to
    their text by :func:`html_text`."""
    return (
        title,
        " ".join(tags),
        category,
        html_text(question),
        " ".join(html_text(t) for t in staff),
        " ".join(html_text(t) for t in replies),
    )


def _reply_counts(thread, reply_html: Sequence[str], lang: str):
    """Per reply in thread order: its number (1-based), whether it is the
    staff's, and its index terms with counts in first-occurrence order."""
    for number, (reply, html) in enumerate(zip(thread.replies, reply_html), 1):
        counts: dict[str, int] = {}
        for term in terms_for(html_text(html), lang):
            counts[term] = counts.get(term, 0) + 1
        yield number, bool(reply.staff), counts


def thread_terms(thread, question_html: str, reply_html: Sequence[str],
                 lang: str) -> tuple[tuple[FieldTerms, ...], tuple[dict[str, int], ...], str]:
    """A thread's ``doc_terms(thread_texts(...))``, its best reply per term
    and the question's text, reading each reply's text once.

    Best reply: per field of :data:`REPLY_FIELDS` (staff replies, other
    replies), each index term -> the number of the reply (1-based, in
    thread order) that holds it most often, the first of those on a tie.
    The reply fields' terms are the replies' own terms added up in thread
    order: the tokenizer looks at one token at a time, so that equals the
    terms of their joined text."""
    sums: tuple[dict[str, int], ...] = ({}, {})
    places: tuple[dict[str, int], ...] = ({}, {})
    most: tuple[dict[str, int], ...] = ({}, {})
    for number, staff, counts in _reply_counts(thread, reply_html, lang):
        which = 0 if staff else 1
        total, best, place = sums[which], most[which], places[which]
        for term, count in counts.items():
            total[term] = total.get(term, 0) + count
            if count > best.get(term, 0):
                best[term] = count
                place[term] = number
    question = html_text(question_html)
    own = doc_terms((thread.title, " ".join(thread.tags), thread.category, question), lang)
    replies = tuple((tuple(total), array("I", total.values())) for total in sums)
    return own + replies, places, question


def thread_texts(thread, question_html: str, reply_html: Sequence[str]) -> tuple[str, ...]:
    """:func:`doc_texts` of a thread whose question rendered to
    ``question_html`` and whose replies to ``reply_html`` (in order)."""
    staff = [html for reply, html in zip(thread.replies, reply_html) if reply.staff]
    others = [html for reply, html in zip(thread.replies, reply_html) if not reply.staff]
    return doc_texts(thread.title, thread.tags, thread.category, question_html, staff, others)
