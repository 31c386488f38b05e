"""The search index builder equals lunr's, and packages into shards (issue 5)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from torget.search.language import pipeline_for
from torget.search.fold import fold
from torget.search.index import (FIELDS, SearchDoc, build_index, chunk_names, shard_names, js_order, package, shard_for,
                                 shard_order, title_names)

WORDS = ("lösenord lösenorden konto e-tjänst sophämtning sopkärl bygglov altan förskola avgift "
         "faktura parkering snöröjning bibliotek öppettider hemtjänst ansökan kö buss skola").split()


def random_docs(count: int, seed: int = 1) -> list[SearchDoc]:
    rng = random.Random(seed)

    def text(n):
        return " ".join(rng.choice(WORDS) for _ in range(n))

    return [
        SearchDoc(i, rng.choice([1.0, 0.9, 0.7, 0.3]), (text(5), text(2), text(1), text(40), text(rng.choice([0, 20])), text(10)),
                  (f"/posts/t{i}/", f"T{i}", "question", "Avfall", "2026-01-01", "x"))
        for i in range(count)
    ]


def lunr_py_reference(docs, lang):
    builder = pipeline_for(lang).new_builder()
    builder.ref("id")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for doc in docs:
        builder.add({"id": str(doc.id), **dict(zip([n for n, _ in FIELDS], doc.texts))}, {"boost": doc.boost})
    return builder.build().serialize()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_builder_equals_lunr_py_term_for_term(lang):
    docs = random_docs(120)
    ours = build_index(docs, lang).lunr_json()
    reference = lunr_py_reference(docs, lang)
    assert json.dumps(ours, sort_keys=True) == json.dumps(reference, sort_keys=True)


def test_builder_equals_lunr_py_on_the_sample_forum(sample_site):
    from conftest import SAMPLE_CONTENT
    from torget.content.forum import load_forum
    from torget.html.rendering import ThreadRenderer
    from torget.search.index import thread_texts

    threads = sorted(load_forum(SAMPLE_CONTENT).threads, key=lambda t: t.slug)
    renderer = ThreadRenderer()
    docs = [SearchDoc(i, 1.0 - (i % 8) / 10, thread_texts(t, *renderer.render(t)), ("",) * 6)
            for i, t in enumerate(threads)]
    assert build_index(docs, "sv").lunr_json() == lunr_py_reference(docs, "sv")


def test_manifest_names_fields_and_swedish_pipeline(sample_site):
    manifest, shards = load_sample_index(sample_site)
    assert manifest["fields"] == [name for name, _ in FIELDS]
    assert manifest["pipeline"] == ["trimmer-sv", "stemmer-sv"]


def load_sample_index(site):
    folder = site.root / "search"
    manifest_url = site.html("index.html").find("form", attrs={"role": "search"})["data-manifest"]
    manifest = json.loads((site.root / manifest_url.strip("/")).read_text())
    shards = [json.loads((folder / name).read_text()) for name in shard_names(manifest)]
    return manifest, shards


def test_every_page_points_at_the_manifest(sample_site):
    urls = {sample_site.html(str(p.relative_to(sample_site.root))).find("form", attrs={"role": "search"})["data-manifest"]
            for p in sample_site.files(".html")}
    assert len(urls) == 1
    (url,) = urls
    assert url == "/search/manifest.json" and (sample_site.root / url.strip("/")).is_file()


def test_file_names_are_content_hashes(sample_site):
    import hashlib
    folder = sample_site.root / "search"
    assert not list(folder.glob("k.*.json"))  # the facts are in the shards
    # shards, document chunks and title files carry one hash over each kind, as the typo vocabulary
    manifest = json.loads((folder / "manifest.json").read_text())
    for prefix, names, digest in (("s", shard_names(manifest), manifest["shards"]["id"]),
                                  ("d", chunk_names(manifest), manifest["docs"]["id"]),
                                  ("n", title_names(manifest), manifest["titles"]["id"])):
        assert len(names) >= 2 and sorted(p.name for p in folder.glob(f"{prefix}.*.json")) == sorted(names)
        assert hashlib.sha256(b"".join((folder / name).read_bytes() + b"\0" for name in names)).hexdigest().startswith(digest)


def test_typo_vocabulary_files_carry_one_hash_of_them_all(sample_site):
    """f.<hash>.<letter><length>.json: the hash covers every typo file, so a
    changed vocabulary renames all of them and each can be cached forever."""
    import hashlib

    from torget.search.index import FUZZY_LONG, FUZZY_MIN

    manifest, _ = load_sample_index(sample_site)
    fuzzy = manifest["fuzzy"]
    folder = sample_site.root / "search"
    paths = sorted(folder.glob("f.*.json"))
    assert len(paths) > 20
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.name.split(".")[2]):
        digest.update(path.name.split(".")[2].encode() + b"\0" + path.read_bytes() + b"\0")
    assert digest.hexdigest()[:10] == fuzzy["id"] and all(p.name.split(".")[1] == fuzzy["id"] for p in paths)
    # every bucket the manifest promises exists (the browser never asks for a missing file)
    for letter, (low, high) in fuzzy["lengths"].items():
        for n in range(low, high + 1):
            flat = json.loads((folder / f"f.{fuzzy['id']}.{letter}{n}.json").read_text())
            keys = flat[0::2]
            assert keys == sorted(keys) and all(k[0] == letter and (len(k) == n or n == FUZZY_LONG <= len(k)) for k in keys)
            assert all(len(k) >= FUZZY_MIN for k in keys) and all(isinstance(c, int) and c > 0 for c in flat[1::2])
    hemtjanst = json.loads((folder / f"f.{fuzzy['id']}.h9.json").read_text())
    assert "hemtjanst" in hemtjanst[0::2]  # folded: the vocabulary is a-z only


def test_shards_hold_contiguous_sorted_term_ranges(sample_site):
    """In fold-key order, so that every spelling of a key is in one shard."""
    manifest, shards = load_sample_index(sample_site)
    terms = [entry[0] for shard in shards for entry in shard]
    assert terms == sorted(terms, key=shard_order) and len(set(terms)) == len(terms)
    keys = manifest["shards"]["keys"]
    for number, (key, shard) in enumerate(zip(keys, shards)):
        # the shortest start of the shard's first key after the previous shard's last
        first = fold(shard[0][0])
        assert first.startswith(key) and (number == 0 or js_order(key) > js_order(fold(shards[number - 1][-1][0])))
        assert number == 0 or js_order(key[:-1]) <= js_order(fold(shards[number - 1][-1][0]))
    for shard_number, shard in enumerate(shards):
        for entry in shard:
            assert shard_for(manifest["shards"]["keys"], entry[0]) == shard_number
    assert "" in terms  # the empty term, as lunr.js indexes punctuation-only tokens


def test_shards_never_split_one_fold_key():
    docs = random_docs(300)
    unaccented = ("losenord sophamtning", "", "", "Losenord hemtjanst café cafe", "", "")
    docs.append(SearchDoc(300, 1.0, unaccented, ("/posts/x/", "X", "question", "Avfall", "2026-01-01", "x")))
    index = build_index(docs, "sv")
    files = package(index, docs, "sv", ["Avfall"], shard_bytes=300)
    manifest = json.loads(files.files[files.manifest_name])
    shards = [json.loads(files.files[name]) for name in shard_names(manifest, files.files.__getitem__)]
    assert len(shards) > 10
    keys = [{fold(entry[0]) for entry in shard} for shard in shards]
    for left, right in zip(keys, keys[1:]):
        assert not left & right
    together = {fold(e[0]): {x[0] for x in shard} for shard in shards for e in shard}
    assert {"lösenord", "losenord"} <= together["losenord"] and {"sophämtning", "sophamtning"} <= together["sophamtning"]
    assert {"hemtjänst", "hemtjanst"} <= together["hemtjanst"]
    assert "café" in together["cafe"] and "caf" in together["caf"]  # the stemmer takes "e" off "cafe" only


def test_synonyms_are_written_as_index_terms():
    from torget.search.index import synonym_terms

    groups = [("soptunna", "sopkärl", "Soptunnor"), ("e-legitimation", "BankID"), ("och", "att"), ("lånekort", "lånekort")]
    assert synonym_terms(groups, "sv") == [[["soptun"], ["sopkärl"]], [["e", "legitimation"], ["bankid"]]]


def test_archived_threads_are_not_indexed(sample_site):
    from conftest import SAMPLE_CONTENT
    from torget.content.forum import load_forum

    manifest, _ = load_sample_index(sample_site)
    rows = [row for name in chunk_names(manifest) for row in json.loads((sample_site.root / "search" / name).read_text())]
    urls = {row[1] for row in rows}
    forum = load_forum(SAMPLE_CONTENT)
    assert manifest["count"] == len(rows) == sum(not t.archived for t in forum.threads)
    for thread in forum.threads:
        assert any(thread.slug in url for url in urls) is (not thread.archived), thread.slug


def test_title_files_hold_the_chunks_id_url_title_and_category(sample_site):
    """The header box's instant results read title files: per document
    its chunk row's id, URL, title and category number, grouped as the
    chunks, without the excerpt and replies only the search page shows."""
    manifest, _ = load_sample_index(sample_site)
    folder = sample_site.root / "search"
    chunks = [json.loads((folder / name).read_text()) for name in chunk_names(manifest)]
    titles = [json.loads((folder / name).read_text()) for name in title_names(manifest)]
    assert manifest["titles"]["size"] == manifest["docs"]["size"] and len(titles) == len(chunks) >= 2
    assert [[[r[0], r[1], r[2], r[4]] for r in rows] for rows in chunks] == titles
    assert any(row[3] >= 0 for rows in titles for row in rows)


def test_packaging_is_deterministic_and_sharded():
    docs = random_docs(300)
    index = build_index(docs, "sv")
    one = package(index, docs, "sv", ["Avfall"], shard_bytes=2_000)
    two = package(build_index(docs, "sv"), docs, "sv", ["Avfall"], shard_bytes=2_000)
    assert one == two
    manifest = json.loads(one.files[one.manifest_name])
    assert len(shard_names(manifest, one.files.__getitem__)) > 3


def test_fast_terms_equal_the_language_pipeline():
    from conftest import SAMPLE_CONTENT
    from torget.content.forum import load_forum
    from torget.search.language import tokens_for
    from torget.search.index import terms_for

    texts = [t.body for t in load_forum(SAMPLE_CONTENT).threads]
    texts += ["Don't panic — e-tjänsten\u2003funkar\u00a0inte!", "İstanbul ÅÄÖ åäö", "a--b  c\t\nd", "", "   ", "x\u3000y"]
    rng = random.Random(7)
    alphabet = "abcåäöé -\u2003\u00a0.,!?'\"()[]{}:;/\\\u200b😀İ\n\t0123\x1c\x85\ufeff\u1680\u2028\u202f\v"
    texts += ["".join(rng.choice(alphabet) for _ in range(80)) for _ in range(300)]
    for lang in ("sv", "en"):
        for text in texts:
            assert terms_for(text, lang) == tokens_for(text, lang), text


def test_shards_and_chunks_stay_small_at_any_size():
    from torget.search.index import scaled_sizes

    assert scaled_sizes(0) == scaled_sizes(10_000) == scaled_sizes(100_000) == (12_000, 1)


def test_many_shards_are_found_through_key_pages():
    """Above 64 shards the manifest holds each key page's first key, and
    page n (s.<hash>.k<n>.json) the keys of shards 64n on: the manifest
    grows 64 times slower than the shards' count."""
    from torget.search.index import all_shard_keys, key_page_names

    docs = [SearchDoc(i, 1.0, (f"rubrik{i} ord{i}", "", "", f"text{i % 7}", "", ""),
                      (f"/posts/t{i}/", f"T{i}", "question", "Avfall", "2026-01-01", "x")) for i in range(100)]
    flat = package(build_index(docs, "sv"), docs, "sv", ["Avfall"], shard_bytes=12_000)
    paged = package(build_index(docs, "sv"), docs, "sv", ["Avfall"], shard_bytes=1)
    m_flat, m_paged = (json.loads(f.files[f.manifest_name]) for f in (flat, paged))
    assert "keys" in m_flat["shards"] and not key_page_names(m_flat)
    pages = key_page_names(m_paged)
    assert "keys" not in m_paged["shards"] and len(pages) >= 2 and all(name in paged.files for name in pages)
    keys = all_shard_keys(m_paged, paged.files.__getitem__)
    assert len(keys) > 64 and m_paged["shards"]["pages"]["keys"] == keys[::64]
    assert [json.loads(paged.files[name]) for name in pages] == [keys[n:n + 64] for n in range(0, len(keys), 64)]
    names = shard_names(m_paged, paged.files.__getitem__)
    assert sorted(n for n in paged.files if n.startswith("s.")) == sorted(names + pages)
    for number, name in enumerate(names):
        for entry in json.loads(paged.files[name]):
            assert shard_for(keys, entry[0]) == number


def test_index_started_early_is_built_again_when_other_threads_are_published(tmp_path):
    """The index process torget build starts before Pelican reads works on
    the threads it expects to be published; when Pelican publishes others,
    the files it writes are those of an index built for those alone."""
    from conftest import SAMPLE_CONTENT

    import torget_search
    from torget.content.forum import load_forum
    from torget.settings.forum import ForumSettings

    forum = ForumSettings(site_name="Torget", organisation="Kommunen")
    threads = {t.slug: t for t in load_forum(SAMPLE_CONTENT, forum.timezone).threads}
    slugs = sorted(threads)
    published = [(slug, f"/posts/{slug}/") for slug in slugs[1:]]  # one fewer than expected
    settings = {"CACHE_CONTENT": False}

    def write(folder, expected):
        torget_search.write_index(lambda: published, threads, forum, settings, [], folder, expected)
        return {p.name: p.read_bytes() for p in folder.iterdir()}

    plain = write(tmp_path / "plain", None)
    assert write(tmp_path / "expected", slugs[1:]) == plain
    assert write(tmp_path / "other", slugs) == plain
    assert write(tmp_path / "fewer", slugs[2:]) == plain


def test_scores_are_rounded_as_lunr_js_rounds_them():
    """The stored score×1000 is lunr.js's Math.round(score * 1000), ties
    included, where Python's round(score, 3) rounds half to even."""
    import os
    import shutil
    import subprocess

    from torget.search.index import lunr_millis

    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is required (CI=true)")
        pytest.skip("node not found")
    rng = random.Random(5)
    values = [0.0625, 0.1875, 0.3125, 2.0625, 1.0005, 0.0005, 0.0015, 4.4995, 0.4999999999999999, 7.0]
    values += [k / 16 for k in range(1, 400, 2)]  # exact halves of a thousandth
    values += [rng.uniform(0, 40) for _ in range(2000)]
    values += [n / 1000 + 0.0005 for n in range(0, 3000, 7)]  # products that land near a half
    script = "const v = JSON.parse(require('fs').readFileSync(0, 'utf8')); console.log(JSON.stringify(v.map(x => Math.round(x * 1000))))"
    proc = subprocess.run([node, "-e", script], input=json.dumps(values), capture_output=True, text=True, check=True)
    expected = json.loads(proc.stdout)
    assert [lunr_millis(v) for v in values] == expected
    assert sum(int(round(round(v, 3) * 1000)) != e for v, e in zip(values, expected)) > 0  # round() would differ


def test_the_search_scripts_are_minified_in_the_output(sample_site, tmp_path):
    """A first search downloads search.js whole: the output's copy has no
    comments, and minifying it again changes nothing."""
    import shutil

    from torget.build.minify import SCRIPTS, minify_scripts

    theme = Path(__file__).resolve().parent.parent / "theme" / "static" / "js"
    for name in SCRIPTS:
        built = (sample_site.root / name).read_text(encoding="utf-8")
        source = (theme / Path(name).name).read_text(encoding="utf-8")
        assert "/*" not in built and len(built) < 0.8 * len(source), name
        copy = tmp_path / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(sample_site.root / name, copy)
    assert minify_scripts(tmp_path) == list(SCRIPTS)
    assert all((tmp_path / name).read_bytes() == (sample_site.root / name).read_bytes() for name in SCRIPTS)


def test_common_terms_are_split_into_head_tail_blocks_and_vectors(monkeypatch):
    """A term whose entry is longer than SPLIT_BYTES keeps its HEAD_DOCS
    documents of highest impact in its shard, with its document count,
    its counts per filter code and each tail block's highest impact; the
    head and the tail blocks together hold exactly the whole entry's
    postings, by falling impact; every document has a vector with its
    postings of every split term (docs/search.md, "Common terms")."""
    from torget.search import split
    from torget.search.shards import encode_term

    monkeypatch.setattr(split, "HEAD_DOCS", 8)
    docs = random_docs(300)
    docs.append(SearchDoc(300, 1.0, ("ovanlig rubrik", "", "", "sällsynt", "", ""),
                          ("/posts/x/", "X", "question", "Avfall", "2026-01-01", "x")))
    index = build_index(docs, "sv")
    files = package(index, docs, "sv", ["Avfall"], split_bytes=2_000)
    manifest = json.loads(files.files[files.manifest_name])
    assert manifest["format"] == 7
    shard_id = manifest["shards"]["id"]
    entries = [e for name in shard_names(manifest, files.files.__getitem__) for e in json.loads(files.files[name])]
    heads = [e for e in entries if isinstance(e[2], dict)]
    assert heads and len(heads) < len(entries)
    by_index = {e[1]: e[0] for e in heads}
    for head in heads:
        whole = encode_term(head[0], index, "0" * len(docs))
        assert len(json.dumps(whole, ensure_ascii=False, separators=(",", ":")).encode()) > 2_000
        info = head[2]
        tails = [json.loads(files.files[f"s.{shard_id}.t{head[1]}.{b}.json"]) for b in range(len(info["t"]))]
        assert f"s.{shard_id}.t{head[1]}.{len(info['t'])}.json" not in files.files

        def postings(parts):
            out = set()
            for part in parts:
                for field, flat, *places in part:
                    doc = 0
                    for j in range(0, len(flat), 2):
                        doc += flat[j]
                        out.add((field, doc, flat[j + 1], places[0][j // 2] if places else 0))
            return out

        def impact(parts):
            total = {}
            for field, doc, value, _ in postings(parts):
                total[doc] = total.get(doc, 0) + value
            return total

        assert postings([whole[3:]]) == postings([head[3:]] + [t[1:] for t in tails])
        parts = [impact([head[3:]])] + [impact([t[1:]]) for t in tails]
        assert [len(p) for p in parts] == [8 * 2 ** b for b in range(len(parts) - 1)] + [len(parts[-1])]
        assert info["n"] == sum(len(p) for p in parts) == len(whole[2])
        assert sum(info["c"][1::2]) == info["n"] and info["c"][0::2] == [0]
        assert info["t"] == [max(p.values()) for p in parts[1:]]
        for before, after in zip(parts, parts[1:]):
            assert min(before.values()) >= max(after.values())
        assert len(info["f"]) == len(parts[0])
    vectors = {}
    for name, payload in files.files.items():
        found = re.fullmatch(rf"s\.{shard_id}\.v(\d+)\.(\d+)\.json", name)
        if found:
            vectors[int(found[1]), int(found[2])] = json.loads(payload)
    buckets = manifest["shards"]["buckets"]
    assert buckets == split.VECTOR_BUCKETS == 4
    assert sorted(vectors) == [(doc, bucket) for doc in range(len(docs)) for bucket in range(buckets)]
    postings = sum(len(p[0]) for e in heads for p in index.postings[e[0]][1] if p is not None)
    assert sum(len(flat) // 4 for flat in vectors.values()) == postings  # every posting of a split term, once
    for (doc, bucket), flat in vectors.items():
        term_index = 0
        for j in range(0, len(flat), 4):
            term_index += flat[j]
            assert term_index in by_index and term_index % buckets == bucket
            term = by_index[term_index]
            field, value = flat[j + 1], flat[j + 2]
            ids, millis = index.postings[term][1][field][:2]
            assert millis[list(ids).index(doc)] == value


def test_shard_previews_hold_each_terms_best_documents(monkeypatch):
    """A preview s.<hash>.p<n>.json holds shard n's terms in the same order:
    a term with at most PREVIEW_DOCS documents as in the shard, a longer
    one as a head without tail blocks of its PREVIEW_DOCS documents of
    highest impact (then lowest id), its postings those of the whole
    index; a forum gets previews only when they are much smaller than
    its shards (docs/search.md, "Shard previews")."""
    from torget.search import previews, split
    from torget.search.shards import encode_term

    docs = random_docs(300)
    index = build_index(docs, "sv")
    monkeypatch.setattr(previews, "PREVIEW_DOCS", 1_000)  # previews as large as the shards: none
    plain = package(index, docs, "sv", ["Avfall"], split_bytes=2_000)
    manifest = json.loads(plain.files[plain.manifest_name])
    assert "previews" not in manifest["shards"] and not [n for n in plain.files if re.fullmatch(r"s\.\w+\.p\d+\.json", n)]
    monkeypatch.setattr(previews, "PREVIEW_DOCS", 3)
    files = package(index, docs, "sv", ["Avfall"], split_bytes=2_000)
    manifest = json.loads(files.files[files.manifest_name])
    assert manifest["shards"]["previews"] is True
    shard_id = manifest["shards"]["id"]
    names = shard_names(manifest, files.files.__getitem__)
    assert len(names) > 3 and sorted(n for n in files.files if re.fullmatch(r"s\.\w+\.p\d+\.json", n)) == sorted(
        f"s.{shard_id}.p{n}.json" for n in range(len(names)))
    cut = 0
    for n, name in enumerate(names):
        shard, preview = json.loads(files.files[name]), json.loads(files.files[f"s.{shard_id}.p{n}.json"])
        assert [e[0] for e in preview] == [e[0] for e in shard]
        for entry, small in zip(shard, preview):
            term_index, per_field = index.postings[entry[0]]
            impact = split.impacts(per_field)
            if len(impact) <= 3:
                assert small == entry
                continue
            cut += 1
            best = sorted(impact, key=lambda doc: (-impact[doc], doc))[:3]
            assert small[1] == term_index and small[2] == {"f": "0" * 3, "n": len(impact), "c": [], "t": []}
            assert small[3:] == split.encode_fields(per_field, set(best))
            whole = encode_term(entry[0], index)
            assert len(json.dumps(small)) < len(json.dumps(whole))
    assert cut > 10
