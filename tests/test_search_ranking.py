"""The sharded index ranks exactly like one unsharded lunr index (issue 8).

On the 1,000-thread corpus forum, for 60 queries, the browser engine
(fetching only the shards a query needs) and lunr.js over the unsharded
index (``search/full-index.json``, the same index as ``lunr.Builder``
would build: see test_search_index.py) must return the same top-10
documents in the same order, with the same scores. Both resolve the query
(other spellings, inflected forms, synonyms) against their own vocabulary:
the shards the query fetched, or the whole index.
"""

from __future__ import annotations

import json
import random
import re

import pytest

pytestmark = pytest.mark.browser

COMPARE = """
async ({queries, url}) => {
  const full = lunr.Index.load(await (await fetch(url)).json());
  const out = [];
  for (const q of queries) {
    const sharded = (await torgetSearch.search(q, false, {corrections: false})).results.slice(0, 10);
    const single = full.query(torgetSearch.buildQuery(torgetSearch.planFor(full, q, false))).slice(0, 10);
    out.push({q, sharded: sharded.map(r => [r.ref, r.score]), single: single.map(r => [r.ref, r.score])});
  }
  return out;
}
"""


def ranking_queries(site, count: int = 60) -> list[str]:
    folder = site.root / "search"
    manifest = json.loads((folder / "manifest.json").read_text())
    titles = [row[2] for _, name in manifest["docs"] for row in json.loads((folder / name).read_text())]
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


def test_sharded_engine_equals_unsharded_lunr_index(corpus_forum, serve, page):
    _, site = corpus_forum
    base = serve(site.root)
    page.goto(base + "/search/")
    page.wait_for_function("window.torgetSearch")
    page.evaluate("torgetSearch.load()")
    queries = ranking_queries(site)
    results = page.evaluate(COMPARE, {"queries": queries, "url": "/search/full-index.json"})
    assert len(results) >= 50
    differing = [r["q"] for r in results if r["sharded"] != r["single"]]
    assert differing == []
    assert sum(bool(r["single"]) for r in results) >= 50  # the queries do find things
    shards = len(json.loads((site.root / "search" / "manifest.json").read_text())["shards"])
    assert shards > 20  # and the index really is sharded
