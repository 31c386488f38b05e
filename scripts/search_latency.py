#!/usr/bin/env python3
"""Query latency with the data loaded, on large corpus forums' indexes.

    .venv/bin/python scripts/search_latency.py [--sizes 10000,100000]
        [--against main] [--cache DIR] [--runs 20] [--queries 12]

Building a whole 100,000-thread site takes long and needs much memory
(docs/benchmarks.md); query latency needs only its search index. This script builds the index of
a corpus forum of each size as the ``torget_search`` plugin builds it
(``make_forum`` as ``scripts/bench`` calls it, the threads parsed by
``torget.content.forum.load_forum``, then the plugin's own ``write_index``, in
English with the corpus build date), once: it is cached under ``--cache``,
keyed by the size (``--rebuild`` builds it again; an index older than
the code that writes it is used with a warning). It builds the
sample site once, and serves that site with each cached index in place of
the sample's ``search/`` folder and each engine's ``search.js`` in place of
the site's: this checkout's, and that of every ``--against`` revision
(``git show REV:theme/static/js/search.js``), in the same run.

In headless Chromium it then runs ``scripts/bench``'s latency loop through
the page's ``torgetSearch`` engine: each query ``--runs`` times after its
data is loaded ("same query again"), then round-robin over all queries
("switching"), each time until the first ten results are in hand
(``results.slice(0, 10)``, which is where this checkout's engine sorts),
and the same with a typo in each query (the longest word
with two middle letters swapped, as ``scripts/bench``'s ``typo_of``). The
queries are ``scripts/bench``'s twelve first-search queries. It also
compares every engine's top 10 (documents and scores) for every query with
the first engine's, and prints the figures as a Markdown table.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "scripts")]

CHROMIUM = "/usr/bin/chromium"
CONFIG = ROOT / "pelicanconf.py"
SAMPLE_DATE = date(2026, 11, 20)
CORPUS_DATE = date(2025, 1, 1)  # scripts/bench's build date of corpus forums
ENGINE = "theme/static/js/search.js"
#: The code an index depends on: a change to any of these rebuilds it.
INDEX_CODE = ["plugins/torget/search/index.py", "plugins/torget/search/language.py", "plugins/torget/site/relevance.py",
              "scripts/torget_dev/corpus.py", "plugins/torget/format/parsing.py", "plugins/torget_search/__init__.py"]

LATENCY = """async ({queries, runs}) => {
  const repeat = [], switching = [];
  for (const q of queries) {
    await torgetSearch.search(q, false);             // data for q loaded
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      (await torgetSearch.search(q, false)).results.slice(0, 10);
      repeat.push(performance.now() - t);
    }
  }
  for (let i = 0; i < runs; i++) {                    // every query's data is cached
    for (const q of queries) {
      const t = performance.now();
      (await torgetSearch.search(q, false)).results.slice(0, 10);
      switching.push(performance.now() - t);
    }
  }
  return {repeat, switching};
}"""

TOP = """async (queries) => {
  const out = [];
  for (const q of queries) {
    const found = await torgetSearch.search(q, false);
    out.push({q, count: found.results.length, top: found.results.slice(0, 10).map(r => [r.ref, r.score])});
  }
  return out;
}"""


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def code_key() -> str:
    digest = hashlib.sha256()
    for name in INDEX_CODE:
        digest.update(name.encode() + b"\0" + (ROOT / name).read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def corpus_index(size: int, cache: Path, rebuild: bool = False) -> Path:
    """The folder holding the ``search/`` files of a ``size``-thread corpus
    forum, built once; ``rebuild`` builds it again. An index built by other
    code than this checkout's (``INDEX_CODE``) is used with a warning."""
    folder = cache / f"index-{size}"
    stamp = folder / "code.txt"
    if not rebuild and (folder / "search" / "manifest.json").exists() and stamp.exists():
        built = stamp.read_text().strip()
        say(f"[{size:,}] cached index: {folder} ({built})")
        if built.split()[0] != code_key():
            say(f"[{size:,}]   warning: the index code changed since; --rebuild builds it again")
        return folder
    import torget_search
    from torget.build.run import load_settings
    from torget_dev.corpus import make_forum
    from torget.content.forum import load_forum
    from torget.settings.forum import ForumSettings

    work = Path(tempfile.mkdtemp(prefix=f"corpus-{size}-", dir=cache))
    try:
        started = time.perf_counter()
        content = work / "content"
        make_forum(content, size)  # as scripts/bench: no thread archived
        settings = load_settings(CONFIG, content, work / "output", CORPUS_DATE)
        # scripts/bench's overrides for a corpus forum
        settings.update(DEFAULT_LANG="en", TORGET_CATEGORIES=None, CACHE_PATH=str(work / "cache"))
        forum = ForumSettings.from_pelican(settings)
        threads = load_forum(content, forum.timezone).threads
        say(f"[{size:,}] {len(threads):,} threads written and parsed in {time.perf_counter() - started:.0f} s")
        published = [t for t in threads if not t.archived]
        siteurl = settings.get("SITEURL", "")
        # torget_search.published(): slug and URL of each published article, sorted by slug
        entries = sorted((t.slug, f"{siteurl}/{'faq' if t.is_faq else 'posts'}/{t.slug}/") for t in published)
        by_slug = {t.slug: t for t in published}
        scripts = []  # the page's data-scripts load lunr; the manifest's list is not read by search.js
        target = work / "index" / "search"
        line = torget_search.write_index(lambda: entries, by_slug, forum, settings, scripts, target)
        say(f"[{size:,}] {line}")
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True).stdout.strip()
        (work / "index" / "code.txt").write_text(f"{code_key()} code hash, built at commit {head}: {line}\n")
        folder.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(folder)
        (work / "index").rename(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return folder


def sample_site(work: Path) -> Path:
    from torget.build.run import build_site, load_settings

    output = work / "sample"
    settings = load_settings(CONFIG, ROOT / "content", output, SAMPLE_DATE)
    settings.update(CACHE_PATH=str(work / "sample-cache"), LOAD_CONTENT_CACHE=False)
    result = build_site(settings)
    if not result.ok:
        raise SystemExit(f"{CONFIG}:1: the sample site did not build: {result.problems[:3]} {result.log_errors[:3]}")
    return output


def engine_source(revision: str | None) -> bytes:
    if revision is None:
        return (ROOT / ENGINE).read_bytes()
    try:
        return subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:{ENGINE}"], check=True,
                              capture_output=True).stdout
    except subprocess.CalledProcessError as error:
        raise SystemExit(f"{ENGINE}:1: not in revision {revision}: {error.stderr.decode().strip()}")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The sample site, with ``search/*.json`` from an index folder and
    ``/theme/js/search.js`` from an engine's source."""

    index: Path
    engine: bytes

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/theme/js/search.js":
            self._send(self.engine, "application/javascript")
        elif path.startswith("/search/") and path.endswith(".json"):
            file = self.index / "search" / path[len("/search/"):]
            if "/" in path[len("/search/"):] or not file.is_file():
                self.send_error(404)
            else:
                self._send(file.read_bytes(), "application/json")
        else:
            super().do_GET()

    def _send(self, body: bytes, kind: str):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(site: Path, index: Path, engine: bytes) -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"index": index, "engine": engine})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def measure(browser, base: str, queries: list[str], typos: list[str], runs: int) -> dict:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(900_000)
        page.goto(f"{base}/search/")
        page.wait_for_function("() => window.torgetSearch")
        page.evaluate("torgetSearch.load()")
        plain = page.evaluate(LATENCY, {"queries": queries, "runs": runs})
        fuzzy = page.evaluate(LATENCY, {"queries": typos, "runs": runs})
        top = page.evaluate(TOP, queries + typos)
    finally:
        context.close()
    return {"plain": plain, "fuzzy": fuzzy, "top": top}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="corpus forum sizes (default 10000,100000)")
    parser.add_argument("--against", action="append", default=[], metavar="REV",
                        help="also measure the search.js of this git revision (repeatable), first")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "torget-search-latency",
                        help="where the indexes are kept between runs")
    parser.add_argument("--rebuild", action="store_true", help="build the cached indexes again")
    parser.add_argument("--runs", type=int, default=20, help="runs per query (default 20, as scripts/bench)")
    parser.add_argument("--queries", type=int, default=12, help="how many of scripts/bench's queries (default 12)")
    args = parser.parse_args(argv)
    from torget_bench.forums import pick_queries  # scripts/bench's queries
    from torget_bench.browser import typo_of  # and its typos
    from playwright.sync_api import sync_playwright
    from torget_dev.corpus import load_corpus

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.cache.mkdir(parents=True, exist_ok=True)
    pool = load_corpus().threads[:1000]  # scripts/bench's QUERY_POOL
    queries, _ = pick_queries([t.title for t in pool], "en", args.queries, args.queries)
    typos = [typo_of(q) for q in queries]
    say("queries: " + ", ".join(queries))
    indexes = {size: corpus_index(size, args.cache, args.rebuild) for size in sizes}
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", ENGINE], capture_output=True,
                           text=True).stdout.strip()
    engines = [(rev, engine_source(rev)) for rev in args.against]
    engines.append((f"{head}{'+changes' if dirty else ''} (this checkout)", engine_source(None)))
    rows = []
    with tempfile.TemporaryDirectory(prefix="search-latency-") as folder:
        say("building the sample site ...")
        site = sample_site(Path(folder))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            try:
                for size in sizes:
                    reference = None
                    for label, source in engines:
                        server = serve(site, indexes[size], source)
                        try:
                            load = os.getloadavg()[0]
                            say(f"[{size:,}] {label}: {args.runs} runs per query (load average {load:.1f}) ...")
                            got = measure(browser, f"http://127.0.0.1:{server.server_port}", queries, typos,
                                          args.runs)
                        finally:
                            server.shutdown()
                            server.server_close()
                        if reference is None:
                            reference, same, diff = got["top"], len(got["top"]), 0.0
                        else:
                            same = sum(a == b for a, b in zip(reference, got["top"]))
                            diff = max((abs(x[1] - y[1]) for a, b in zip(reference, got["top"])
                                        for x, y in zip(a["top"], b["top"])), default=0.0)
                        matches = max(r["count"] for r in got["top"])
                        rows.append((size, label, got, same, len(got["top"]), diff, matches, load))
            finally:
                browser.close()
    print(f"Measured with `scripts/search_latency.py {' '.join(argv if argv is not None else sys.argv[1:])}` "
          f"on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {args.runs} runs per query, "
          f"{len(queries)} queries (ms):\n")
    print("| threads | engine | load | same query p50 | p95 | switching p50 | p95 | with a typo p50 | p95 "
          "| typo switching p95 | most matches | top 10 as the first engine |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for size, label, got, same, total, diff, matches, load in rows:
        p, f = got["plain"], got["fuzzy"]
        print(f"| {size:,} | {label} | {load:.1f} | {pct(p['repeat'], .5):.1f} | {pct(p['repeat'], .95):.1f} "
              f"| {pct(p['switching'], .5):.1f} | {pct(p['switching'], .95):.1f} | {pct(f['repeat'], .5):.1f} "
              f"| {pct(f['repeat'], .95):.1f} | {pct(f['switching'], .95):.1f} | {matches:,} "
              f"| {same}/{total}, max score diff {diff:g} |")
    slow = [(size, label, q, statistics.median(times)) for size, label, got, *_ in rows
            for q, times in per_query(got, queries + typos, args.runs)]
    slow.sort(key=lambda row: -row[3])
    print("\nSlowest queries (median of the same query again, ms): " +
          "; ".join(f"{size:,} {label.split()[0]} `{q}` {ms:.1f}" for size, label, q, ms in slow[:6]))
    return 0


def per_query(got: dict, queries: list[str], runs: int):
    times = got["plain"]["repeat"] + got["fuzzy"]["repeat"]
    for n, q in enumerate(queries):
        yield q, times[n * runs:(n + 1) * runs]


if __name__ == "__main__":
    sys.exit(main())
