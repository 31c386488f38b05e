"""The search index builder equals lunr's, and packages into shards (issue 5)."""

from __future__ import annotations

import json
import random

import pytest

from torget.language import pipeline_for
from torget.search import FIELDS, SearchDoc, build_index, js_order, package, shard_for

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
    from torget.forum import load_forum
    from torget.search import doc_texts

    threads = sorted(load_forum(SAMPLE_CONTENT).threads, key=lambda t: t.slug)
    docs = [SearchDoc(i, 1.0 - (i % 8) / 10, doc_texts(t.title, t.tags, t.category, t.body,
                                                        [r.body for r in t.replies if r.staff],
                                                        [r.body for r in t.replies if not r.staff]), ("",) * 6)
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
    shards = [json.loads((folder / name).read_text()) for _, name in manifest["shards"]]
    return manifest, shards


def test_every_page_points_at_the_manifest(sample_site):
    urls = {sample_site.html(str(p.relative_to(sample_site.root))).find("form", attrs={"role": "search"})["data-manifest"]
            for p in sample_site.files(".html")}
    assert len(urls) == 1
    (url,) = urls
    assert url == "/search/manifest.json" and (sample_site.root / url.strip("/")).is_file()


def test_file_names_are_content_hashes(sample_site):
    import hashlib
    for path in (sample_site.root / "search").glob("?.*.json"):
        prefix, digest, _ = path.name.split(".")
        assert hashlib.sha256(path.read_bytes()).hexdigest().startswith(digest), path.name


def test_shards_hold_contiguous_sorted_term_ranges(sample_site):
    manifest, shards = load_sample_index(sample_site)
    terms = [entry[0] for shard in shards for entry in shard]
    assert terms == sorted(terms, key=js_order) and len(set(terms)) == len(terms)
    for (first, _), shard in zip(manifest["shards"], shards):
        assert shard[0][0] == first
    for shard_number, shard in enumerate(shards):
        for entry in shard:
            assert shard_for(manifest["shards"], entry[0]) == shard_number


def test_archived_threads_are_not_indexed(sample_site):
    from conftest import SAMPLE_CONTENT
    from torget.forum import load_forum

    manifest, _ = load_sample_index(sample_site)
    rows = [row for _, name in manifest["docs"] for row in json.loads((sample_site.root / "search" / name).read_text())]
    urls = {row[1] for row in rows}
    forum = load_forum(SAMPLE_CONTENT)
    assert manifest["count"] == len(rows) == sum(not t.archived for t in forum.threads)
    for thread in forum.threads:
        assert any(thread.slug in url for url in urls) is (not thread.archived), thread.slug


def test_packaging_is_deterministic_and_sharded():
    docs = random_docs(300)
    index = build_index(docs, "sv")
    one = package(index, docs, "sv", ["Avfall"], shard_bytes=2_000)
    two = package(build_index(docs, "sv"), docs, "sv", ["Avfall"], shard_bytes=2_000)
    assert one == two
    manifest = json.loads(one.files[one.manifest_name])
    assert len(manifest["shards"]) > 3


def test_fast_terms_equal_the_language_pipeline():
    from conftest import SAMPLE_CONTENT
    from torget.forum import load_forum
    from torget.language import tokens_for
    from torget.search import terms_for

    texts = [t.body for t in load_forum(SAMPLE_CONTENT).threads]
    texts += ["Don't panic — e-tjänsten\u2003funkar\u00a0inte!", "İstanbul ÅÄÖ åäö", "a--b  c\t\nd", "", "   ", "x\u3000y"]
    rng = random.Random(7)
    alphabet = "abcåäöé -\u2003\u00a0.,!?'\"()[]{}:;/\\\u200b😀İ\n\t0123\x1c\x85\ufeff\u1680\u2028\u202f\v"
    texts += ["".join(rng.choice(alphabet) for _ in range(80)) for _ in range(300)]
    for lang in ("sv", "en"):
        for text in texts:
            assert terms_for(text, lang) == tokens_for(text, lang), text


def test_shard_and_chunk_sizes_grow_with_the_square_root_of_the_forum():
    from torget.search import scaled_sizes

    assert scaled_sizes(0) == scaled_sizes(10_000) == (24_000, 16)
    assert scaled_sizes(40_000) == (48_000, 32)
    shard, chunk = scaled_sizes(100_000)
    assert (shard, chunk) == (75_895, 51)


def test_index_started_early_is_built_again_when_other_threads_are_published(tmp_path):
    """The index process torget build starts before Pelican reads works on
    the threads it expects to be published; when Pelican publishes others,
    the files it writes are those of an index built for those alone."""
    from conftest import SAMPLE_CONTENT

    import torget_search
    from torget.forum import load_forum
    from torget.settings import ForumSettings

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
