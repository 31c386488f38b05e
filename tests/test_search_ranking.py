"""The browser engine ranks exactly like one unsharded stock lunr.js index.

search.js scores with its own code, straight from the shards' postings
(docs/search.md, "Scoring"): it must give what lunr.js 2.3.9's
``Index#query`` gives over the whole index (``search/full-index.json``,
the same index as ``lunr.Builder`` would build: see test_search_index.py),
for the same clauses: every result, in the same order, with the same
score, to the last bit. Checked on the 1,000-thread corpus forum (English)
and on the sample forum (Swedish: folded, inflected and typo queries from
scripts/relevance's judged set), submitted and as typed (the last word as
a prefix, a lunr wildcard), with and without typo corrections.

Without corrections both sides also resolve the query themselves (other
spellings, inflected forms, synonyms), each against its own vocabulary:
the shards the query fetched, or the whole index. With corrections, lunr
runs the clauses the engine ran (``found.plans``: the typo vocabulary is
not part of a lunr index), and a second pass for few results is joined as
the engine joins it: the first pass's results, then the others.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

import pytest

from conftest import build_into
from torget.search.index import chunk_names, key_page_names, shard_names

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from torget_bench.browser import typo_of as typo  # noqa: E402  (the benchmark's misspelling)

pytestmark = pytest.mark.browser

#: In a page function: stock lunr.js (lunr.min.js and the language's
#: lunr-languages files), loaded beside the page's lunr-core.js, for the
#: unsharded reference index; the page's own lunr stays the global.
STOCK_LUNR = """
  const stockLunr = async () => {
    if (window.stockLunr) return window.stockLunr;
    const scripts = (await torgetSearch.load()).scripts
      .map(src => src.replace(/js\\/lunr-core\\.js$/, "vendor/lunr-2.3.9/lunr.min.js"));
    const own = window.lunr;
    for (const src of scripts) {
      await new Promise((ok, fail) => {
        const script = document.createElement("script");
        script.src = src;
        script.onload = ok;
        script.onerror = () => fail(new Error(src));
        document.head.appendChild(script);
      });
    }
    window.stockLunr = window.lunr;
    window.lunr = own;
    return window.stockLunr;
  };
"""

COMPARE = """
async ({queries, url, typing, corrections}) => {""" + STOCK_LUNR + """
  const full = (await stockLunr()).Index.load(await (await fetch(url)).json());
  const lunrRun = plan => full.query(torgetSearch.buildQuery(plan));
  const pairs = results => results.map(r => [r.ref, r.score]);
  const out = [];
  for (const q of queries) {
    const found = await torgetSearch.search(q, typing, {corrections});
    let want;
    if (!corrections) {
      want = lunrRun(torgetSearch.planFor(full, q, typing));
    } else {
      const passes = found.plans.map(lunrRun);
      want = passes[0] || [];
      if (passes.length === 2) {
        const shown = new Set(want.map(r => r.ref));
        want = want.concat(passes[1].filter(r => !shown.has(r.ref)));
      }
    }
    out.push({q, got: pairs(found.results.slice(0, found.results.length)), want: pairs(want),
              plans: found.plans.length, extra: found.plans.reduce((n, p) => n + p.extra.length, 0)});
  }
  return out;
}
"""


def corpus_queries(site, count: int = 60) -> list[str]:
    folder = site.root / "search"
    manifest = json.loads((folder / "manifest.json").read_text())
    titles = [row[2] for name in chunk_names(manifest) for row in json.loads((folder / name).read_text())]
    rng = random.Random(11)
    queries: list[str] = []
    while len(queries) < count:
        words = [w for w in re.findall(r"[a-z]{4,}", rng.choice(titles).lower())]
        if len(words) < 2:
            continue
        start = rng.randrange(len(words) - 1)
        query = words[start] if len(queries) % 3 == 0 else " ".join(words[start:start + 2])
        if query not in queries:
            queries.append(query)
    return queries



def typed(query: str) -> str:
    """As a person types it: the last word cut short, searched as a prefix."""
    words = query.split()
    words[-1] = words[-1][: max(3, len(words[-1]) - 2)]
    return " ".join(words)


def compare(page, base, queries, typing=False, corrections=False):
    page.goto(base + "/search/")
    page.wait_for_function("window.torgetSearch")
    page.evaluate("torgetSearch.load()")
    return page.evaluate(COMPARE, {"queries": queries, "url": "/search/full-index.json",
                                   "typing": typing, "corrections": corrections})


def differing(results) -> list[str]:
    return [r["q"] for r in results if r["got"] != r["want"]]


@pytest.fixture(scope="module")
def sample_with_full_index(tmp_path_factory):
    site = build_into(tmp_path_factory.mktemp("sample-full") / "output", SITEURL="",
                      TORGET_SEARCH_WRITE_FULL_INDEX=True)
    assert site.result.ok, site.result.problems + [site.result.log_errors]
    return site


def test_sharded_engine_equals_unsharded_lunr_index(corpus_forum, serve, page):
    _, site = corpus_forum
    base = serve(site.root)
    queries = corpus_queries(site)
    results = compare(page, base, queries)
    assert len(results) == len(queries)
    assert differing(results) == []
    assert sum(bool(r["want"]) for r in results) >= 50  # the queries do find things
    assert max(len(r["want"]) for r in results) >= 100  # and some find many: the whole list is compared
    folder = site.root / "search"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert len(shard_names(manifest, lambda name: (folder / name).read_text())) > 20  # and the index really is sharded
    assert len(key_page_names(manifest)) >= 2  # with more shards than the manifest lists: found through key pages


def test_typed_and_misspelt_corpus_queries_equal_lunr(corpus_forum, serve, page):
    _, site = corpus_forum
    base = serve(site.root)
    queries = corpus_queries(site)
    as_typed = [typed(q) for q in queries]
    results = compare(page, base, as_typed, typing=True)
    assert differing(results) == []
    assert sum(bool(r["want"]) for r in results) >= 50
    misspelt = [typo(q) for q in queries]
    results = compare(page, base, misspelt, corrections=True)
    assert differing(results) == []
    assert sum(r["extra"] > 0 for r in results) >= 30  # corrections and other forms were searched


def test_sample_forum_queries_equal_lunr(sample_with_full_index, serve, page):
    from test_search_relevance import relevance_module

    judged = relevance_module().load_queries()
    groups = {j.group for j in judged}
    assert {"plain", "unaccented", "typos", "inflected", "own-words"} <= groups
    queries = list(dict.fromkeys(j.query for j in judged))
    base = serve(sample_with_full_index.root)
    results = compare(page, base, queries, corrections=True)
    assert differing(results) == []
    assert sum(bool(r["want"]) for r in results) >= len(queries) * 0.9
    assert sum(r["plans"] == 2 for r in results) >= 1  # the few-results second pass ran and was compared
    results = compare(page, base, queries)
    assert differing(results) == []
    results = compare(page, base, [typed(q) for q in queries], typing=True)
    assert differing(results) == []


FIRST_PAGE = """
async ({queries, url, typing, k}) => {""" + STOCK_LUNR + """
  const full = (await stockLunr()).Index.load(await (await fetch(url)).json());
  const out = [];
  for (const q of queries) {
    const found = await torgetSearch.search(q, typing, {corrections: false, first: k});
    const want = full.query(torgetSearch.buildQuery(torgetSearch.planFor(full, q, typing)));
    const n = Math.min(k, want.length), partial = found.results.partial;
    out.push({q, got: found.results.slice(0, n).map(r => [r.ref, r.score]),
              want: want.slice(0, n).map(r => [r.ref, r.score]), partial: !!partial,
              least: partial ? partial.counts.total : found.results.length, total: want.length});
  }
  const names = performance.getEntriesByType("resource").map(e => e.name.split("/").pop());
  return {out, tails: names.filter(n => /^s\\.[^.]+\\.t/.test(n)).length,
          vectors: names.filter(n => /^s\\.[^.]+\\.v/.test(n)).length};
}
"""


@pytest.fixture(scope="module")
def sample_split(tmp_path_factory):
    """The sample forum with most terms split (torget.search.split): an
    entry over 300 bytes is split, with two documents in its head; and
    with shard previews (torget.search.previews) of two documents a term."""
    from torget.search import previews, split

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(split, "SPLIT_BYTES", 300)
        patch.setattr(split, "HEAD_DOCS", 2)
        patch.setattr(previews, "PREVIEW_DOCS", 2)
        patch.setattr(previews, "PREVIEW_SHARE", 1.0)
        site = build_into(tmp_path_factory.mktemp("sample-split") / "output", SITEURL="",
                          TORGET_SEARCH_WRITE_FULL_INDEX=True)
    assert site.result.ok, site.result.problems + [site.result.log_errors]
    return site


def test_first_page_of_split_terms_equals_lunr(sample_split, serve, page):
    """The first page that settle() makes exact from heads, some tail
    blocks and some document vectors is lunr's first page, scores to the
    last bit, submitted and as typed; its count is at most the whole
    list's, and the whole list (no first page asked for) is lunr's."""
    from test_search_relevance import relevance_module

    folder = sample_split.root / "search"
    assert any(".t" in p.name for p in folder.glob("s.*.json")) and any(".v" in p.name for p in folder.glob("s.*.json"))
    queries = list(dict.fromkeys(j.query for j in relevance_module().load_queries()))
    base = serve(sample_split.root)
    for typing in (False, True):
        page.goto(base + "/search/")
        page.wait_for_function("window.torgetSearch")
        page.evaluate("torgetSearch.load()")
        asked = [typed(q) for q in queries] if typing else queries
        done = page.evaluate(FIRST_PAGE, {"queries": asked, "url": "/search/full-index.json", "typing": typing, "k": 10})
        results = done["out"]
        assert differing(results) == []
        assert sum(r["partial"] for r in results) >= 3  # the first page was settled before the whole list
        assert done["tails"] > 0 and done["vectors"] > 0  # and needed tail blocks and vectors
        for r in results:
            assert r["least"] <= r["total"] if r["partial"] else r["least"] == r["total"], r["q"]
    assert differing(compare(page, base, queries)) == []


def test_search_page_counts_at_least_until_a_filter_loads_the_whole_list(sample_split, serve, page):
    """While the first page is all that is settled, the status and the
    filter counts say "at least" (Minst …, (n+)); a filter loads the
    query's split terms whole and the counts are exact again."""
    from test_search_relevance import relevance_module

    base = serve(sample_split.root)
    page.goto(base + "/search/")
    page.wait_for_function("window.torgetSearch")
    page.evaluate("torgetSearch.load()")
    queries = list(dict.fromkeys(j.query for j in relevance_module().load_queries()))
    done = page.evaluate(FIRST_PAGE, {"queries": queries, "url": "/search/full-index.json", "typing": False, "k": 10})
    partial = [r for r in done["out"] if r["partial"] and r["least"] < r["total"]]
    assert partial, "no query whose count is only known at least"
    query = partial[0]
    page.goto(base + "/search/?q=" + query["q"])
    page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
    status = page.inner_text("#search-status")
    assert status.startswith(f"Minst {query['least']} träffar"), status
    filters = page.inner_text("#search-filters")
    assert "+)" in filters and "(0+)" not in filters  # a lower bound of 0 says nothing: no count
    blank = page.evaluate("""[...document.querySelectorAll('#search-filters [data-count]')].filter(n =>
        n.tagName === 'OPTION' ? n.textContent === n.getAttribute('data-label') : n.textContent === '').length""")
    assert blank > 0
    page.select_option("select[name=answered]", "no")
    page.wait_for_function("!document.getElementById('search-status').textContent.startsWith('Minst')")
    assert f"av {query['total']} träffar" in page.inner_text("#search-status")
    assert "+)" not in page.inner_text("#search-filters")


def test_the_word_being_typed_reads_shard_previews(sample_split, serve, page):
    """In the header box, the word still being typed is looked up in its
    shard's preview (each term's best documents), not in the shard; a
    finished word reads its whole shard; the search page never reads a
    preview, and its first page stays lunr's (above)."""
    base = serve(sample_split.root)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url.rsplit("/", 1)[-1]))
    page.goto(base + "/faq/")
    page.click("#site-search")
    page.keyboard.type("bygg", delay=200)
    page.wait_for_selector("#site-search-list:not([hidden]) li[role=option]")
    page.wait_for_timeout(400)
    previews = [n for n in fetched if re.fullmatch(r"s\.\w+\.p\d+\.json", n)]
    shards = [n for n in fetched if re.fullmatch(r"s\.\w+\.\d+\.json", n)]
    assert previews and not shards
    page.keyboard.type(" sophämtning", delay=200)
    page.wait_for_selector("#site-search-list:not([hidden]) li[role=option]")
    page.wait_for_timeout(400)
    whole = {n.rsplit(".", 2)[1] for n in fetched if re.fullmatch(r"s\.\w+\.\d+\.json", n)}
    assert whole & {n.rsplit(".", 2)[1][1:] for n in previews}  # "bygg", finished, read whole
    assert page.locator("#site-search-list li[role=option]").count() >= 1
    fetched.clear()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
    assert not [n for n in fetched if re.fullmatch(r"s\.\w+\.p\d+\.json", n)]
