// The benchmark's page-side code (torget_bench/browser.py). Playwright adds
// it to every page of a measured browser context as an init script, before
// the page's own scripts; the Python side only calls window.torgetBench's
// functions. It reads the page and times calls with performance.now(); it
// adds window.torgetBench and nothing else to the page.
"use strict";

window.torgetBench = (() => {
  const PAGE = 10;  // results on one page of the search page (PAGE_RESULTS)
  const withTimeout = (ms, promise) => Promise.race([promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms))]);

  // The search status once it is neither empty, "loading" nor the hint.
  const statusDone = () => {
    const app = document.getElementById("search-app");
    const status = document.getElementById("search-status");
    if (!app || !status) return null;
    const text = status.textContent.trim();
    if (!text || text === (app.dataset.loading || "").trim() || text === (app.dataset.hint || "").trim()) return null;
    return text;
  };

  // Results shown with a title link and a snippet.
  const rendered = () => Array.from(document.querySelectorAll("#search-results .search-result")).filter((li) => {
    const link = li.querySelector("h2 a");
    const snippet = li.querySelector(".search-snippet");
    return link && link.textContent.trim() && snippet && snippet.textContent.trim();
  }).length;

  const resultCount = (q) => torgetSearch.search(q, false).then((found) => found.results.length);

  const pagefind = () => import("/pagefind/pagefind.js");

  // A cold first search with Pagefind: the module, search(q) and data() of the top k.
  const pagefindFirst = async (q, k) => {
    const t0 = performance.now();
    const engine = await pagefind();
    const found = await engine.search(q);
    const data = await Promise.all(found.results.slice(0, k).map((result) => result.data()));
    const t1 = performance.now();
    return {ms: t1 - t0, count: found.results.length,
            shown: data.filter((d) => d && d.meta && d.meta.title && (d.excerpt || "").trim()).length};
  };

  // Each query again once its data is loaded ("repeat"), then round-robin
  // over all queries once every query's shards are cached ("switching").
  const torgetLatency = ({queries, runs}) => withTimeout(300000, (async () => {
    const repeat = [], switching = [];
    for (const q of queries) {
      await torgetSearch.search(q, false);             // data for q loaded
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        (await torgetSearch.search(q, false)).results.slice(0, PAGE);
        repeat.push(performance.now() - t);
      }
    }
    for (let i = 0; i < runs; i++) {                    // every query's shards are cached:
      for (const q of queries) {                        // each call expands a new shard set
        const t = performance.now();
        (await torgetSearch.search(q, false)).results.slice(0, PAGE);
        switching.push(performance.now() - t);
      }
    }
    return {repeat, switching};
  })());

  const pagefindLatency = ({queries, runs}) => withTimeout(300000, (async () => {
    const engine = await pagefind();
    const repeat = [];
    for (const q of queries) {
      await engine.search(q);
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await engine.search(q);
        repeat.push(performance.now() - t);
      }
    }
    return {repeat};
  })());

  // The typo vocabulary files this page fetched: [name, encoded bytes].
  const typoFiles = () => performance.getEntriesByType("resource")
    .filter((entry) => entry.name.includes("/search/f."))
    .map((entry) => [entry.name.split("/").pop(), entry.encodedBodySize]);

  // Stock lunr.js (lunr.min.js and the language's lunr-languages files)
  // beside the page's lunr-core.js, for the unsharded reference index;
  // the page's own lunr stays the global.
  const stockLunr = async (manifest) => {
    const scripts = manifest.scripts.map((src) => src.replace(/js\/lunr-core\.js$/, "vendor/lunr-2.3.9/lunr.min.js"));
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
    const stock = window.lunr;
    window.lunr = own;
    return stock;
  };

  // The sharded engine's top k against one unsharded index loaded from url.
  const ranking = ({url, queries, k}) => withTimeout(900000, (async () => {
    const stock = await stockLunr(await torgetSearch.load());
    const t0 = performance.now();
    const reference = stock.Index.load(await (await fetch(url)).json());
    const loadMs = performance.now() - t0;
    const out = [];
    for (const q of queries) {
      // The first page as the search page gets it (only what it needs
      // of common terms), then the whole list (for its length).
      const first = (await torgetSearch.search(q, false, {corrections: false, first: k})).results;
      const f = first.slice(0, k).map((r) => [r.ref, r.score]);
      const a = (await torgetSearch.search(q, false, {corrections: false})).results;
      const b = reference.query(torgetSearch.buildQuery(torgetSearch.planFor(reference, q, false)));
      out.push({q, f, a: a.slice(0, k).map((r) => [r.ref, r.score]), b: b.slice(0, k).map((r) => [r.ref, r.score]),
                na: a.length, nb: b.length});
    }
    return {loadMs, out};
  })());

  return {withTimeout, statusDone, rendered, resultCount, pagefindFirst, torgetLatency, pagefindLatency,
          typoFiles, ranking};
})();
