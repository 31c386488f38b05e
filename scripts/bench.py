"""Torget's benchmark: build time, memory, index bytes, first-search payload,
query latency and ranking, against plain Pelican and Pagefind (issue 8).

Usage (``scripts/bench`` runs this with the project's .venv)::

    scripts/bench                          # 1,000 and 10,000 threads
    scripts/bench --sizes 1000,10000,100000
    scripts/bench --quick                  # the sample forum and 1,000 threads

For every size, in one run:

1. a plain Pelican 4.12 build of the same Markdown files (default
   ``notmyidea`` theme, no plugins) - wall time and peak RSS;
2. a full Torget build with every plugin on an empty cache;
3. a rebuild after changing one thread (warm content and search caches);
4. the bytes of ``search/``, raw and gzip;
5. the first-search payload in headless Chromium, cold cache, for fixed
   two-word queries picked from the corpus titles;
6. the same queries with Pagefind (``pagefind[bin]``, the ``bench`` extra)
   indexing the same built thread pages;
7. query latency once a query's data is loaded;
8. top-10 equality with one unsharded lunr index, in the same page.

It prints every figure as it goes and writes ``docs/benchmarks.md`` with a
table per size and ``docs/benchmarks-chart.svg``. It is not a test: it
asserts nothing, it reports. Everything runs in a temporary folder that is
removed at the end; servers listen on 127.0.0.1 only.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import http.server
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from html import escape
from importlib import metadata
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

CHROMIUM = "/usr/bin/chromium"
CONFIG = ROOT / "pelicanconf.py"
SAMPLE_CONTENT = ROOT / "content"
SAMPLE_DATE = date(2026, 11, 20)
#: Build date of corpus forums: just after the corpus's last activity, so
#: decay spreads over the threads instead of flooring all of them at 70 %.
CORPUS_DATE = date(2025, 1, 1)
GZIP_LEVEL = 6
#: Queries come from the titles of the corpus's first threads, which every
#: corpus forum holds (make_forum copies the corpus in order).
QUERY_POOL = 1000
PAGE_RESULTS = 10
LATENCY_RUNS = 20
PAGEFIND_GLOB = "{posts,faq}/*/index.html"
PAGEFIND_ROOT = "article.thread"
CHANGED_SENTENCE = "Benchmark edit: this sentence mentions a zanzibarquokka to change the index."
DOCS = ROOT / "docs" / "benchmarks.md"
RESULTS_MARK = "bench-results:"

TARGETS = {
    "first_search_10k_kb": 150,
    "first_search_100k_kb": 200,
    "typed_kb": 60,
    "typed_ratio": 0.4,
    "query_p95_ms": 30,
    "build_ratio": 1.5,
    "rebuild_share": 0.25,
    "peak_mb": 1024,
    "peak_100k_mb": 4096,
    "build_100k_s": 15 * 60,
}
#: Steps ``--skip`` can leave out, and what each one leaves unmeasured.
SKIPPABLE = {
    "plain": "the plain Pelican build, so the build has no ratio to it",
    "reference": "the unsharded reference index and the ranking comparison against it",
}


def skipped_steps(r: dict) -> list[str]:
    """The steps a stored result left out on purpose (older results have no record: none)."""
    steps = set(r.get("skipped") or [])
    if (r.get("plain") or {}).get("skipped"):
        steps.add("plain")
    return sorted(steps)


def not_run(step: str) -> str:
    return f"not run (--skip {step})"


class BenchError(RuntimeError):
    pass


class BenchTimeout(BenchError):
    """A child ran out of time; what it had used, and where it was."""

    def __init__(self, what: str, seconds: float, peak_mb: float, where: str):
        super().__init__(f"{what} timed out after {seconds:.0f} s")
        self.seconds, self.peak_mb, self.where = seconds, peak_mb, where


def say(message: str) -> None:
    click.echo(f"[{datetime.now():%H:%M:%S}] {message}", err=True)


# ---------------------------------------------------------------------------
# Child processes, each measured on its own
# ---------------------------------------------------------------------------

@dataclass
class Measured:
    seconds: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str

    def last_json(self) -> dict:
        for line in reversed(self.stdout.splitlines()):
            if line.startswith("{"):
                return json.loads(line)
        raise BenchError(f"no result from child; stderr ends:\n{self.stderr[-3000:]}")


def tree_pss_mb(session: int) -> float:
    """Proportional set size of every process in ``session``, in MB.

    A Torget build forks a second process for the search index; the two
    share memory copy-on-write, so adding their RSS would count shared
    pages twice and ``wait4`` only reports the largest single process.
    PSS splits shared pages between the processes that map them.
    """
    total_kb = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[3]) != session:  # field 6 of /proc/<pid>/stat: session id
                continue
            for line in (entry / "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
                    break
        except (OSError, ValueError, IndexError):
            continue
    return total_kb / 1024


#: How often the process tree's memory is sampled, at the most: reading the
#: PSS of a process walks its page tables, so the pause after a sample is
#: at least PSS_BUDGET times as long as the sample took (a 3 GB build takes
#: about a tenth of a second per sample), keeping the sampler to a tenth
#: of one core.
PSS_INTERVAL = 0.25
PSS_BUDGET = 10


def run_measured(args: list[str], cwd: Path, timeout: float, what: str, dumps_stack: bool = False) -> Measured:
    """Run ``args``; wall time and peak memory of that child.

    Peak memory is the larger of the child's own peak RSS (``wait4``) and
    the largest total PSS of all processes of its session, sampled every
    :data:`PSS_INTERVAL` seconds (:func:`tree_pss_mb`).

    On timeout the child is killed (after SIGUSR1 when it ``dumps_stack``,
    so its stack shows where the time went) and :class:`BenchTimeout`
    carries its peak RSS so far.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=err, start_new_session=True)
        deadline = start + timeout
        tree_peak, next_sample = 0.0, start
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            now = time.perf_counter()
            if now >= next_sample:
                tree_peak = max(tree_peak, tree_pss_mb(proc.pid))
                took = time.perf_counter() - now
                next_sample = now + took + max(PSS_INTERVAL, PSS_BUDGET * took)
            if time.perf_counter() > deadline:
                if dumps_stack:
                    os.kill(proc.pid, signal.SIGUSR1)
                    time.sleep(2)
                os.killpg(proc.pid, signal.SIGKILL)  # the session started above, nothing else
                _, _, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                err.seek(0)
                stack = err.read().decode("utf-8", "replace")
                frames = [line.strip() for line in stack.splitlines() if line.strip().startswith("File ")]
                raise BenchTimeout(what, time.perf_counter() - start, max(usage.ru_maxrss / 1024, tree_peak),
                                   " <- ".join(frames[:6]))
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = Measured(seconds, max(usage.ru_maxrss / 1024, tree_peak), proc.returncode,
                          out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))
    if result.returncode != 0:
        raise BenchError(f"{what} exited with {result.returncode}; stderr ends:\n{result.stderr[-3000:]}")
    return result


#: Iterations of :func:`cpu_reference`'s loop.
CPU_REFERENCE_LOOPS = 2_000_000


def cpu_reference() -> float:
    """Seconds for a fixed pure-Python loop: how fast this machine is right
    now. Shared machines drift by a fifth within minutes; this says whether
    two runs' times can be compared."""
    start = time.perf_counter()
    total = 0
    for i in range(CPU_REFERENCE_LOOPS):
        total += i * i % 7
    return time.perf_counter() - start


#: A Torget build exactly as ``torget build`` runs it (check, build, swap).
CHILD_BUILD = r"""
import faulthandler, json, signal, sys, time
faulthandler.register(signal.SIGUSR1, all_threads=False)
from datetime import date
from pathlib import Path
args = json.loads(sys.argv[1])
t0 = time.perf_counter()
from torget.build import load_settings, build_site
settings = load_settings(Path(args["config"]), Path(args["content"]), Path(args["output"]), date.fromisoformat(args["date"]))
settings.update(args["overrides"])
t1 = time.perf_counter()
if args.get("profile"):
    import cProfile
    profiler = cProfile.Profile()
    result = profiler.runcall(build_site, settings)
    profiler.dump_stats(args["profile"])
else:
    result = build_site(settings)
t2 = time.perf_counter()
print(json.dumps({
    "ok": result.ok,
    "errors": [str(p) for p in result.problems if p.is_error][:20],
    "warnings": sum(1 for p in result.problems if not p.is_error),
    "log_errors": result.log_errors[:20],
    "threads": result.threads,
    "setup_seconds": t1 - t0,
    "build_seconds": t2 - t1,
}))
from torget_cli import exit_now  # ends the process as the torget command does
exit_now(0)
"""

#: The unsharded reference: the documents the plugin indexed, captured from
#: Pelican's own article list, through build_index().lunr_json(). Stops
#: Pelican right after the article generator, so nothing is written.
CHILD_REFERENCE = r"""
import json, sys
from datetime import date
from pathlib import Path
args = json.loads(sys.argv[1])
from pelican import Pelican, signals
from torget.build import load_settings
from torget.search import build_index
from torget.settings import ForumSettings
settings = load_settings(Path(args["config"]), Path(args["content"]), Path(args["scratch"]), date.fromisoformat(args["date"]))
settings.update(args["overrides"])

class Captured(Exception):
    pass

def capture(generator):
    import torget_search
    forum = ForumSettings.from_pelican(generator.settings)
    entries, threads = torget_search.published(generator.articles, generator.settings.get("SITEURL", ""))
    docs = torget_search.search_docs(entries, threads, forum)
    index = build_index(docs, forum.lang)
    with open(args["reference"], "w", encoding="utf-8") as handle:
        json.dump(index.lunr_json(), handle, ensure_ascii=False, separators=(",", ":"))
    with open(args["docs"], "w", encoding="utf-8") as handle:
        json.dump([[d.id, d.meta[0]] for d in docs], handle, ensure_ascii=False)
    raise Captured

pelican = Pelican(dict(settings, DELETE_OUTPUT_DIRECTORY=False))
signals.article_generator_finalized.connect(capture)
try:
    pelican.run()
except Captured:
    print(json.dumps({"ok": True}))
else:
    sys.exit("article_generator_finalized never fired")
"""

PLAIN_SETTINGS = """\
# Plain Pelican: the default notmyidea theme, no plugins, no cache. Pelican's
# defaults, except that it writes the kinds of pages Torget writes: no feeds,
# no author pages and no archives (Torget has none), listings paginated by 20
# (as Torget's). At 1,000 threads that changed the time within noise.
PATH = {content!r}
OUTPUT_PATH = {output!r}
SITENAME = "Plain Pelican"
SITEURL = ""
TIMEZONE = "Europe/Stockholm"
DEFAULT_LANG = {lang!r}
PLUGINS = []
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DEFAULT_PAGINATION = 20
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
"""


# ---------------------------------------------------------------------------
# Forums and queries
# ---------------------------------------------------------------------------

@dataclass
class Forum:
    label: str          # "sample" or "10,000"
    key: str            # "sample" or "10000"
    content: Path
    lang: str
    build_date: date
    threads: int


_WORD = re.compile(r"[^\W\d_]+")


def _title_words(title: str, lang: str) -> list[str | None]:
    """Title words usable in a query, None where a stop word or short word was."""
    from torget.search import terms_for

    words = []
    for word in _WORD.findall(title.lower()):
        words.append(word if len(word) >= 4 and terms_for(word, lang) else None)
    return words


def _hash_order(items, salt: str):
    return sorted(items, key=lambda item: hashlib.sha256(f"{salt}:{item}".encode()).hexdigest())


def pick_queries(titles: list[str], lang: str, payload_count: int, ranking_count: int) -> tuple[list[str], list[str]]:
    """Deterministic queries from thread titles.

    Payload queries: phrases of two adjacent title words (no stop words,
    four letters or more) that occur in at least three titles, such as
    "neural network", in SHA-256 order, no word used twice; tiny forums
    fall back to two titles, then one. Ranking queries: the payload
    queries, then single title words (in at least three titles) and more
    two-word phrases, picked the same way.
    """
    per_title = [_title_words(t, lang) for t in titles]
    df: dict[str, int] = {}
    phrases: dict[str, int] = {}
    for words in per_title:
        for word in {w for w in words if w}:
            df[word] = df.get(word, 0) + 1
        for a, b in {(a, b) for a, b in zip(words, words[1:]) if a and b and a != b}:
            phrases[f"{a} {b}"] = phrases.get(f"{a} {b}", 0) + 1

    def pairs(min_titles: int) -> list[str]:
        return _hash_order([p for p, n in phrases.items() if n >= min_titles], "pair")

    payload: list[str] = []
    for min_titles in (3, 2, 1):
        used: set[str] = set()
        payload = []
        for query in pairs(min_titles):
            a, b = query.split()
            if a in used or b in used:
                continue
            payload.append(query)
            used.update((a, b))
            if len(payload) == payload_count:
                break
        if len(payload) == payload_count:
            break
    singles = _hash_order([w for w, n in df.items() if n >= 3] or list(df), "single")
    more_pairs = [p for p in pairs(2) + pairs(1) if p not in payload]
    ranking = list(payload)
    ranking += singles[: (ranking_count - len(ranking) + 1) // 2]
    for p in more_pairs:
        if len(ranking) >= ranking_count:
            break
        if p not in ranking:
            ranking.append(p)
    return payload, ranking


def change_one_thread(content: Path) -> tuple[Path, str]:
    """Add a sentence to the question of the middle thread; returns (file, slug)."""
    files = sorted((content / "posts").rglob("*.md"))
    target = files[len(files) // 2]
    text = target.read_text(encoding="utf-8")
    marker = "\n--- reply ---"
    at = text.find(marker)
    addition = f"\n{CHANGED_SENTENCE}\n"
    text = text + addition if at < 0 else text[:at].rstrip("\n") + "\n" + addition + text[at:]
    target.write_text(text, encoding="utf-8")
    slug = target.stem
    for line in text.splitlines():
        if not line.strip():
            break
        if line.lower().startswith("slug:"):
            slug = line.split(":", 1)[1].strip()
    return target, slug


# ---------------------------------------------------------------------------
# Bytes
# ---------------------------------------------------------------------------

def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def served(data: bytes) -> int:
    """What a static host sends: gzip, unless the file is already compressed."""
    return min(len(data), gz(data))


def folder_bytes(folder: Path) -> dict:
    files = [p for p in folder.rglob("*") if p.is_file()]
    raw = zipped = 0
    for path in files:
        data = path.read_bytes()
        raw += len(data)
        zipped += gz(data)
    return {"files": len(files), "raw": raw, "gzip": zipped}


def search_folder_stats(output: Path) -> dict:
    folder = output / "search"
    stats = folder_bytes(folder)
    manifests = sorted(folder.glob("manifest*.json"))
    manifest = manifests[0].read_bytes() if manifests else b""
    chunk_sizes = sorted(gz(path.read_bytes()) for path in folder.glob("d.*.json"))
    stats.update(
        chunk_gzip_median=statistics.median(chunk_sizes) if chunk_sizes else 0,
        chunk_gzip_distinct_median=_distinct_chunk_median(folder),
        shards=len(list(folder.glob("s.*.json"))),
        chunks=len(list(folder.glob("d.*.json"))),
        manifest_raw=len(manifest),
        manifest_gzip=gz(manifest),
        html_excluded=len(list(folder.glob("*.html"))),
    )
    return stats


_COPY = re.compile(r" \(\d+\)$")


def _distinct_chunk_median(folder: Path) -> float:
    """Median gzip size of a chunk made of distinct threads.

    make_forum's copies (titled "… (2)") sit next to their originals and
    gzip away inside a chunk; regrouping only the originals, as many per
    chunk as the index uses, gives the size a forum without copies has.
    """
    rows, per_chunk = [], 0
    for path in folder.glob("d.*.json"):
        chunk = json.loads(path.read_text(encoding="utf-8"))
        per_chunk = max(per_chunk, len(chunk))
        rows += [row for row in chunk if not _COPY.search(str(row[2]))]
    rows.sort(key=lambda row: row[0])
    sizes = [gz(json.dumps(rows[i:i + per_chunk], ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
             for i in range(0, len(rows) - per_chunk + 1, per_chunk)] if per_chunk else []
    return statistics.median(sizes) if sizes else 0


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def mb(n: float) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# ---------------------------------------------------------------------------
# Serving and the browser
# ---------------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass


class Server:
    """A static server for one folder on 127.0.0.1, stopped on exit."""

    def __init__(self, folder: Path):
        handler = functools.partial(_Quiet, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return f"http://127.0.0.1:{self.httpd.server_port}"

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


STATUS_DONE = """() => {
  const app = document.getElementById('search-app'), s = document.getElementById('search-status');
  if (!app || !s) return null;
  const t = s.textContent.trim();
  if (!t || t === (app.dataset.loading || '').trim() || t === (app.dataset.hint || '').trim()) return null;
  return t;
}"""

RENDERED = """() => Array.from(document.querySelectorAll('#search-results .search-result')).filter(li => {
  const a = li.querySelector('h2 a'), s = li.querySelector('.search-snippet');
  return a && a.textContent.trim() && s && s.textContent.trim();
}).length"""

WITH_TIMEOUT = """(ms, promise) => Promise.race([promise,
  new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after ' + ms + ' ms')), ms))])"""

PAGEFIND_FIRST = """async (q) => {
  const t0 = performance.now();
  const pagefind = await import('/pagefind/pagefind.js');
  const r = await pagefind.search(q);
  const top = r.results.slice(0, %d);
  const data = await Promise.all(top.map(x => x.data()));
  const t1 = performance.now();
  window.__pagefind = pagefind;
  return {ms: t1 - t0, count: r.results.length,
          shown: data.filter(d => d && d.meta && d.meta.title && (d.excerpt || '').trim()).length};
}""" % PAGE_RESULTS

TORGET_LATENCY = """async ({queries, runs}) => {
  const limit = %s;
  return limit(300000, (async () => {
    const repeat = [], switching = [];
    for (const q of queries) {
      await torgetSearch.search(q, false);             // data for q loaded
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await torgetSearch.search(q, false);
        repeat.push(performance.now() - t);
      }
    }
    for (let i = 0; i < runs; i++) {                    // every query's shards are cached:
      for (const q of queries) {                        // each call expands a new shard set
        const t = performance.now();
        await torgetSearch.search(q, false);
        switching.push(performance.now() - t);
      }
    }
    return {repeat, switching};
  })());
}""" % WITH_TIMEOUT

PAGEFIND_LATENCY = """async ({queries, runs}) => {
  const limit = %s;
  return limit(300000, (async () => {
    const pagefind = await import('/pagefind/pagefind.js');
    const repeat = [];
    for (const q of queries) {
      await pagefind.search(q);
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await pagefind.search(q);
        repeat.push(performance.now() - t);
      }
    }
    return {repeat};
  })());
}""" % WITH_TIMEOUT

RANKING = """async ({url, queries, k}) => {
  const limit = %s;
  return limit(900000, (async () => {
    await torgetSearch.load();
    const t0 = performance.now();
    const ref = lunr.Index.load(await (await fetch(url)).json());
    const loadMs = performance.now() - t0;
    const out = [];
    for (const q of queries) {
      const a = (await torgetSearch.search(q, false, {corrections: false})).results;
      const b = ref.query(torgetSearch.buildQuery(torgetSearch.planFor(ref, q, false)));
      out.push({q, a: a.slice(0, k).map(r => [r.ref, r.score]), b: b.slice(0, k).map(r => [r.ref, r.score]),
                na: a.length, nb: b.length});
    }
    return {loadMs, out};
  })());
}""" % WITH_TIMEOUT


def _kind(url: str) -> str:
    path = url.split("?", 1)[0]
    name = path.rsplit("/", 1)[-1]
    if path.endswith("/theme/js/search.js"):
        return "search.js"
    if "/search/" in path and name.startswith("f."):
        return "typo vocabulary"
    if "lunr" in name and name.endswith(".js"):
        return "lunr"
    if "/search/" in path and name.startswith("manifest"):
        return "manifest"
    if "/search/" in path and name.startswith("s."):
        return "shards"
    if "/search/" in path and name.startswith("d."):
        return "chunks"
    return "other:" + path


def search_page(context, base: str, timeout_ms: int):
    """A page of ``context`` on the search page, with the engine loaded."""
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    page.goto(f"{base}/search/")
    page.wait_for_function("() => window.torgetSearch", timeout=timeout_ms)
    return page


def torget_first_search(browser, base: str, query: str, timeout_ms: int) -> dict:
    """Cold context: load /search/?q=, wait for the results, sum what the search fetched."""
    from urllib.parse import quote

    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(f"{base}/search/?q={quote(query)}")
        status = page.wait_for_function(STATUS_DONE, polling=10, timeout=timeout_ms).json_value()
        ms = page.evaluate("performance.now()")
        rendered = page.evaluate(RENDERED)
        counted: dict[str, dict] = {}
        excluded = []
        for response in list(responses):
            request = response.request
            url = response.url
            if request.resource_type in ("document", "stylesheet") or url.split("?")[0].endswith(("favicon.svg", "favicon.ico")):
                excluded.append(url.replace(base, ""))
                continue
            body = response.body()
            kind = _kind(url)
            entry = counted.setdefault(kind, {"files": 0, "raw": 0, "sent": 0})
            entry["files"] += 1
            entry["raw"] += len(body)
            entry["sent"] += served(body)
        total = page.evaluate("q => torgetSearch.search(q, false).then(f => f.results.length)", query)
    finally:
        context.close()
    return {
        "query": query, "ms": ms, "status": status, "rendered": rendered, "results": total,
        "complete": rendered >= min(PAGE_RESULTS, total) and total > 0,
        "sent": sum(e["sent"] for e in counted.values()),
        "raw": sum(e["raw"] for e in counted.values()),
        "files": sum(e["files"] for e in counted.values()),
        "by_kind": counted, "excluded": excluded,
    }


TYPE_DELAY_MS = 80  # between keys, a quick typist


def torget_typed_search(browser, base: str, query: str, timeout_ms: int) -> dict:
    """Cold context: the home page, the query typed key by key into the
    header's search box, then Enter; every byte fetched from focusing the
    box to the rendered results, gzip, as a person's first search."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        page.goto(f"{base}/")
        page.wait_for_load_state("load")
        responses = []
        page.on("response", lambda response: responses.append(response))
        box = page.locator("header form[role=search] input[type=search], form[role=search] input[type=search]").first
        box.click()
        box.press_sequentially(query, delay=TYPE_DELAY_MS)
        box.press("Enter")
        page.wait_for_url("**/search/**")
        status = page.wait_for_function(STATUS_DONE, polling=10, timeout=timeout_ms).json_value()
        rendered = page.evaluate(RENDERED)
        counted: dict[str, dict] = {}
        for response in list(responses):
            url = response.url
            if response.request.resource_type in ("document", "stylesheet") or url.split("?")[0].endswith(
                    ("favicon.svg", "favicon.ico")):
                continue
            try:
                body = response.body()
            except Exception:  # noqa: BLE001 - a redirect or a response of the page before Enter
                continue
            entry = counted.setdefault(_kind(url), {"files": 0, "raw": 0, "sent": 0})
            entry["files"] += 1
            entry["raw"] += len(body)
            entry["sent"] += served(body)
    finally:
        context.close()
    return {"query": query, "status": status, "rendered": rendered,
            "sent": sum(e["sent"] for e in counted.values()), "files": sum(e["files"] for e in counted.values()),
            "by_kind": counted}


def typo_of(query: str) -> str:
    """The query with its longest word misspelt: two letters in its middle
    swapped (one edit), as a fuzzy query for the latency figures."""
    words = query.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) >= 5:
        middle = len(word) // 2
        words[longest] = word[:middle - 1] + word[middle] + word[middle - 1] + word[middle + 1:]
    return " ".join(words)


def pagefind_first_search(browser, base: str, query: str, timeout_ms: int) -> dict:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        page.goto(f"{base}/404.html")
        page.wait_for_load_state("load")
        responses = []
        page.on("response", lambda response: responses.append(response))
        result = page.evaluate(f"q => ({WITH_TIMEOUT})({timeout_ms}, ({PAGEFIND_FIRST})(q))", query)
        by_kind: dict[str, dict] = {}
        for response in list(responses):
            path = response.url.split("?")[0]
            if "/pagefind/" not in path:
                continue
            body = response.body()
            name = path.rsplit("/", 1)[-1]
            kind = ("js" if name.endswith(".js") else "wasm" if name.startswith("wasm.") else
                    "fragments" if name.endswith(".pf_fragment") else "index" if name.endswith(".pf_index") else
                    "meta/entry" if name.endswith((".pf_meta", ".json")) else "other")
            entry = by_kind.setdefault(kind, {"files": 0, "raw": 0, "sent": 0})
            entry["files"] += 1
            entry["raw"] += len(body)
            entry["sent"] += served(body)
    finally:
        context.close()
    return {
        "query": query, "ms": result["ms"], "results": result["count"], "rendered": result["shown"],
        "complete": result["shown"] >= min(PAGE_RESULTS, result["count"]),
        "sent": sum(e["sent"] for e in by_kind.values()),
        "raw": sum(e["raw"] for e in by_kind.values()),
        "files": sum(e["files"] for e in by_kind.values()),
        "by_kind": by_kind,
    }


def compare_rankings(out: list[dict]) -> dict:
    equal = tie_only = 0
    mismatches = []
    max_diff = 0.0
    counts_equal = 0
    for row in out:
        a, b = row["a"], row["b"]
        counts_equal += row["na"] == row["nb"]
        if [r for r, _ in a] == [r for r, _ in b]:
            equal += 1
            for (_, x), (_, y) in zip(a, b):
                max_diff = max(max_diff, abs(x - y))
            continue
        same_scores = len(a) == len(b) and all(abs(x - y) < 1e-9 for (_, x), (_, y) in zip(a, b))
        tie_only += same_scores
        mismatches.append({"query": row["q"], "tie_only": same_scores, "sharded": a, "reference": b})
    return {"total": len(out), "equal": equal, "tie_only": tie_only, "mismatches": mismatches[:10],
            "max_score_diff": max_diff, "counts_equal": counts_equal}


# ---------------------------------------------------------------------------
# One size
# ---------------------------------------------------------------------------

def torget_overrides(forum: Forum, cache: Path) -> dict:
    overrides = {"CACHE_PATH": str(cache), "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    if forum.key != "sample":
        overrides["DEFAULT_LANG"] = "en"
        overrides["TORGET_CATEGORIES"] = None  # the corpus's categories are its Stack Exchange sites
    return overrides


def child_args(forum: Forum, output: Path, cache: Path, **extra) -> str:
    return json.dumps({"config": str(CONFIG), "content": str(forum.content), "output": str(output),
                       "date": forum.build_date.isoformat(), "overrides": torget_overrides(forum, cache), **extra})


def measure_size(forum: Forum, work: Path, browser, payload_queries: list[str], ranking_queries: list[str],
                 timeout: float, memory_gb: float, skip: frozenset[str] = frozenset()) -> dict:
    py = sys.executable
    tag = f"[{forum.label}]"
    result: dict = {"threads": forum.threads, "lang": forum.lang, "build_date": forum.build_date.isoformat(),
                    "payload_queries": payload_queries, "ranking_queries": ranking_queries,
                    "skipped": sorted(skip)}

    # 1. plain Pelican
    loads = {}
    speeds: dict = {}  # cpu_reference() before each build
    plain_seconds = None  # None: no ratio to plain Pelican
    if "plain" in skip:
        result["plain"] = {"skipped": True}
        say(f"{tag} plain Pelican build {not_run('plain')}: the build gets no ratio to it")
    else:
        plain_out = work / "plain-output"
        settings_file = work / "plainconf.py"
        settings_file.write_text(PLAIN_SETTINGS.format(content=str(forum.content), output=str(plain_out),
                                                       lang=forum.lang))
        loads["plain"] = os.getloadavg()[0]
        speeds["plain"] = cpu_reference()
        say(f"{tag} plain Pelican build (notmyidea, no plugins; CPU reference {speeds['plain']:.2f} s) ...")
        try:
            plain = run_measured([py, "-m", "pelican", "-s", str(settings_file), "-q"], work, timeout, "plain Pelican")
            pages = sum(1 for _ in plain_out.rglob("*.html"))
            result["plain"] = {"seconds": plain.seconds, "peak_mb": plain.peak_mb, "html_files": pages}
            say(f"{tag}   plain Pelican: {plain.seconds:.1f} s, peak {plain.peak_mb:.0f} MB, {pages} HTML files")
        except BenchTimeout as error:
            result["plain"] = {"timed_out": True, "seconds": error.seconds, "peak_mb": error.peak_mb}
            say(f"{tag}   plain Pelican did not finish in {error.seconds:.0f} s "
                f"(peak so far {error.peak_mb:.0f} MB)")
        plain_seconds = result["plain"]["seconds"] or None
        shutil.rmtree(plain_out, ignore_errors=True)

    # 2. Torget, cold
    output = work / "output"
    cache = work / "cache"
    loads["cold"] = os.getloadavg()[0]
    speeds["cold"] = cpu_reference()
    result["cpu_reference"] = speeds
    codes = {"cold build": code_state()}
    result["code"] = codes["cold build"]
    say(f"{tag} Torget build, cold cache ({result['code']}; CPU reference {speeds['cold']:.2f} s) ...")
    try:
        cold = run_measured([py, "-c", CHILD_BUILD, child_args(forum, output, cache)], work, timeout,
                            "Torget cold build", dumps_stack=True)
    except BenchTimeout as error:
        ratio = error.seconds / plain_seconds if plain_seconds else None
        result["cold"] = {"timed_out": True, "seconds": error.seconds, "peak_mb": error.peak_mb,
                          "ratio": ratio, "where": error.where}
        result["load_before"] = loads
        result["incomplete"] = f"the Torget build did not finish in {error.seconds:.0f} s"
        say(f"{tag}   Torget cold build did not finish in {error.seconds:.0f} s "
            + (f"(> {ratio:.1f}x plain)" if ratio is not None else f"(plain Pelican {not_run('plain')})")
            + f", peak so far {error.peak_mb:.0f} MB; it was in: {error.where}")
        return result
    info = cold.last_json()
    if not info["ok"]:
        raise BenchError(f"Torget build failed: {info['errors'] or info['log_errors']}")
    ratio = cold.seconds / plain_seconds if plain_seconds else None
    result["cold"] = {"seconds": cold.seconds, "peak_mb": cold.peak_mb, "ratio": ratio,
                      "in_process_seconds": info["build_seconds"], "warnings": info["warnings"],
                      "threads_read": info["threads"]}
    say(f"{tag}   Torget cold: {cold.seconds:.1f} s "
        + (f"({ratio:.2f}x plain)" if ratio is not None else f"(no ratio: plain Pelican {not_run('plain')})")
        + f", peak {cold.peak_mb:.0f} MB, {info['warnings']} content warnings")
    manifest_before = _manifest_digest(output)

    # 3. Torget, one thread changed, warm cache
    changed, slug = change_one_thread(forum.content)
    loads["rebuild"] = os.getloadavg()[0]
    speeds["rebuild"] = cpu_reference()
    result["load_before"] = loads
    codes["rebuild"] = code_state()
    say(f"{tag} Torget rebuild after changing {changed.relative_to(forum.content)} "
        f"(CPU reference {speeds['rebuild']:.2f} s) ...")
    warm = run_measured([py, "-c", CHILD_BUILD, child_args(forum, output, cache)], work, timeout,
                        "Torget rebuild", dumps_stack=True)
    info = warm.last_json()
    if not info["ok"]:
        raise BenchError(f"Torget rebuild failed: {info['errors'] or info['log_errors']}")
    page = output / "posts" / slug / "index.html"
    picked_up = page.exists() and "zanzibarquokka" in page.read_text(encoding="utf-8")
    manifest_after = _manifest_digest(output)
    result["rebuild"] = {"seconds": warm.seconds, "peak_mb": warm.peak_mb, "share": warm.seconds / cold.seconds,
                         "in_process_seconds": info["build_seconds"], "page_updated": picked_up,
                         "index_updated": manifest_before != manifest_after}
    say(f"{tag}   rebuild: {warm.seconds:.1f} s ({100 * warm.seconds / cold.seconds:.0f} % of cold), "
        f"peak {warm.peak_mb:.0f} MB; change on page: {picked_up}, new manifest: {manifest_before != manifest_after}")

    # 4. index bytes
    stats = search_folder_stats(output)
    result["index"] = stats
    say(f"{tag}   search/: {stats['files']} files ({stats['shards']} shards, {stats['chunks']} chunks), "
        f"{mb(stats['raw'])} raw, {mb(stats['gzip'])} gzip; manifest {kb(stats['manifest_raw'])} "
        f"({kb(stats['manifest_gzip'])} gzip)")

    # 6a. Pagefind over the same thread pages (bounded: it needed 2.3 GB at 10,000 threads)
    say(f"{tag} Pagefind {PAGEFIND_VERSION} indexing the thread pages ...")
    try:
        pf = run_measured(_limited(memory_gb, [py, "-m", "pagefind", "--site", str(output), "--glob", PAGEFIND_GLOB,
                                               "--root-selector", PAGEFIND_ROOT, "--quiet"]),
                          work, timeout, "Pagefind")
        pf_stats = folder_bytes(output / "pagefind")
        entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        pf_pages = sum(lang.get("page_count", 0) for lang in entry.get("languages", {}).values())
        result["pagefind_index"] = {"seconds": pf.seconds, "peak_mb": pf.peak_mb, "pages": pf_pages, **pf_stats}
        say(f"{tag}   Pagefind: {pf.seconds:.1f} s, peak {pf.peak_mb:.0f} MB, {pf_pages} pages indexed, "
            f"{pf_stats['files']} files, {mb(pf_stats['raw'])} raw")
    except (BenchError, OSError, ValueError) as error:
        result.setdefault("failed", []).append(f"Pagefind indexing ({memory_gb} GB limit): {str(error)[:300]}")
        say(f"{tag}   Pagefind failed: {str(error)[:300]}")

    # 8a. the unsharded reference index
    bench_dir = output / "__bench__"
    if "reference" in skip:
        codes["after Pagefind"] = code_state()
    else:
        say(f"{tag} unsharded reference index (the same documents, build_index().lunr_json()) ...")
        bench_dir.mkdir(exist_ok=True)
        codes["reference index"] = code_state()
    changed = {step: code for step, code in codes.items() if _code_digest(code) != _code_digest(result["code"])}
    if changed:
        result["code_changed"] = "; ".join(f"{step}: {code}" for step, code in changed.items())
        say(f"{tag}   warning: the code changed between the steps: {result['code_changed']}")
    if "reference" in skip:
        say(f"{tag} unsharded reference index and ranking comparison {not_run('reference')}")
    else:
        try:
            ref = run_measured(_limited(memory_gb, [py, "-c", CHILD_REFERENCE, child_args(
                forum, output, cache, scratch=str(work / "scratch"), reference=str(bench_dir / "reference.json"),
                docs=str(work / "docs.json"))]), work, timeout, "reference index")
            ref.last_json()
            ref_docs = json.loads((work / "docs.json").read_text(encoding="utf-8"))
            urls_match = _docs_match_chunks(output, ref_docs)
            ref_bytes = (bench_dir / "reference.json").stat().st_size
            result["reference"] = {"bytes": ref_bytes, "docs": len(ref_docs), "seconds": ref.seconds,
                                   "peak_mb": ref.peak_mb, "docs_match_chunks": urls_match}
            say(f"{tag}   reference: {len(ref_docs)} documents, {mb(ref_bytes)} JSON; ids and URLs equal the "
                f"published chunks: {urls_match}")
        except (BenchError, OSError, ValueError) as error:
            result.setdefault("failed", []).append(
                f"unsharded reference index ({memory_gb} GB limit): {str(error)[:300]}")
            say(f"{tag}   reference index failed: {str(error)[:300]}")

    timeout_ms = int(min(timeout, 600) * 1000)
    with Server(output) as base:
        # 5. first search, Torget
        runs = []
        with click.progressbar(payload_queries, label=f"{tag} first search, Torget", file=sys.stderr) as bar:
            for query in bar:
                runs.append(torget_first_search(browser, base, query, timeout_ms))
        result["torget_first"] = runs
        _say_first(tag, "Torget", runs)

        # 5b. first search typed key by key into the header box, then Enter
        typed = []
        with click.progressbar(payload_queries, label=f"{tag} first search typed, Torget", file=sys.stderr) as bar:
            for query in bar:
                typed.append(torget_typed_search(browser, base, query, timeout_ms))
        result["torget_typed"] = typed
        typed_sent = [r["sent"] for r in typed]
        say(f"{tag}   Torget first search typed key by key, then Enter: median {kb(statistics.median(typed_sent))}, "
            f"max {kb(max(typed_sent))} (gzip)")

        # 6b. first search, Pagefind
        if "pagefind_index" in result:
            pf_runs = []
            with click.progressbar(payload_queries, label=f"{tag} first search, Pagefind", file=sys.stderr) as bar:
                for query in bar:
                    pf_runs.append(pagefind_first_search(browser, base, query, timeout_ms))
            result["pagefind_first"] = pf_runs
            _say_first(tag, "Pagefind", pf_runs)

        # 7. latency with the data loaded
        say(f"{tag} query latency, {LATENCY_RUNS} runs per query ...")
        context = browser.new_context()
        try:
            page_ = search_page(context, base, timeout_ms)
            lat = page_.evaluate(TORGET_LATENCY, {"queries": payload_queries, "runs": LATENCY_RUNS})
            typos = [typo_of(q) for q in payload_queries]
            fuzzy_lat = page_.evaluate(TORGET_LATENCY, {"queries": typos, "runs": LATENCY_RUNS})
            fuzzy_bytes = page_.evaluate("""async (qs) => {
              const before = performance.getEntriesByType('resource').filter(e => e.name.includes('/search/f.'));
              return before.map(e => [e.name.split('/').pop(), e.encodedBodySize]);
            }""", typos)
            pf_lat = {"repeat": []}
            if "pagefind_index" in result:
                page_.goto(f"{base}/404.html")
                pf_lat = page_.evaluate(PAGEFIND_LATENCY, {"queries": payload_queries, "runs": LATENCY_RUNS})
        finally:
            context.close()
        result["latency"] = {
            "repeat_p50": pct(lat["repeat"], 0.5), "repeat_p95": pct(lat["repeat"], 0.95), "repeat_max": max(lat["repeat"]),
            "switch_p50": pct(lat["switching"], 0.5), "switch_p95": pct(lat["switching"], 0.95),
            "switch_max": max(lat["switching"]),
            "pagefind_p50": pct(pf_lat["repeat"], 0.5), "pagefind_p95": pct(pf_lat["repeat"], 0.95),
            "samples": len(lat["repeat"]),
            "fuzzy_p50": pct(fuzzy_lat["repeat"], 0.5), "fuzzy_p95": pct(fuzzy_lat["repeat"], 0.95),
            "fuzzy_switch_p95": pct(fuzzy_lat["switching"], 0.95),
            "typo_queries": typos, "typo_files": len(fuzzy_bytes),
            "typo_sent_bytes": sum(served((output / "search" / name).read_bytes()) for name, _ in fuzzy_bytes
                                   if (output / "search" / name).is_file()),
        }
        la = result["latency"]
        say(f"{tag}   Torget same query again: p50 {la['repeat_p50']:.1f} ms, p95 {la['repeat_p95']:.1f} ms; "
            f"switching queries (shards cached, index rebuilt): p50 {la['switch_p50']:.1f} ms, "
            f"p95 {la['switch_p95']:.1f} ms; Pagefind search(): p50 {la['pagefind_p50']:.1f} ms, "
            f"p95 {la['pagefind_p95']:.1f} ms")
        say(f"{tag}   Torget with a typo in each query (typo correction): p50 {la['fuzzy_p50']:.1f} ms, "
            f"p95 {la['fuzzy_p95']:.1f} ms, switching p95 {la['fuzzy_switch_p95']:.1f} ms; typo vocabulary fetched "
            f"for all {len(la['typo_queries'])} queries: {la['typo_files']} files, {kb(la['typo_sent_bytes'])} gzip")

        # 8b. ranking
        if "reference" in result:
            say(f"{tag} ranking: {len(ranking_queries)} queries, sharded engine vs the unsharded index ...")
            context = browser.new_context()
            try:
                page_ = search_page(context, base, timeout_ms)
                ranked = page_.evaluate(RANKING, {"url": "/__bench__/reference.json", "queries": ranking_queries,
                                                  "k": PAGE_RESULTS})
                ranking = compare_rankings(ranked["out"])
                ranking["reference_load_ms"] = ranked["loadMs"]
                result["ranking"] = ranking
                say(f"{tag}   top-{PAGE_RESULTS} equal for {ranking['equal']}/{ranking['total']} queries "
                    f"({ranking['tie_only']} of the others differ only among equal scores); result counts equal for "
                    f"{ranking['counts_equal']}/{ranking['total']}; max score difference {ranking['max_score_diff']:.2g}")
                for miss in ranking["mismatches"][:3]:
                    say(f"{tag}   differs: {miss['query']!r}: sharded {miss['sharded'][:4]} vs reference "
                        f"{miss['reference'][:4]}")
            except Exception as error:  # noqa: BLE001 - e.g. the reference is too big for one page
                result.setdefault("failed", []).append(f"ranking in the browser: {str(error)[:300]}")
                say(f"{tag}   ranking failed: {str(error)[:300]}")
            finally:
                context.close()
    return result


def _limited(memory_gb: float, args: list[str]) -> list[str]:
    """``args`` under an address-space limit (``prlimit --as``), if one is set."""
    if not memory_gb or not shutil.which("prlimit"):
        return args
    return ["prlimit", f"--as={int(memory_gb * 1024 ** 3)}", "--", *args]


def _code_digest(code: str) -> str:
    return code.rsplit("(code ", 1)[-1]


def _manifest_digest(output: Path) -> str:
    """The manifest's name and content (its name was content-hashed, now it is fixed)."""
    digest = hashlib.sha256()
    for path in sorted((output / "search").glob("manifest*.json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _docs_match_chunks(output: Path, docs: list) -> bool:
    rows = {}
    for chunk in (output / "search").glob("d.*.json"):
        for row in json.loads(chunk.read_text(encoding="utf-8")):
            rows[row[0]] = row[1]
    return len(rows) == len(docs) and all(rows.get(doc_id) == url for doc_id, url in docs)


def _say_first(tag: str, engine: str, runs: list[dict]) -> None:
    sent = [r["sent"] for r in runs]
    incomplete = [r["query"] for r in runs if not r["complete"]]
    say(f"{tag}   {engine} first search: median {kb(statistics.median(sent))}, max {kb(max(sent))} "
        f"(gzip), median {statistics.median(r['files'] for r in runs):.0f} files, "
        f"median {statistics.median(r['ms'] for r in runs):.0f} ms"
        + (f"; fewer than {PAGE_RESULTS} shown for {incomplete}" if incomplete else ""))


# ---------------------------------------------------------------------------
# Report: docs/benchmarks.md and the SVG chart
# ---------------------------------------------------------------------------

def summary(r: dict) -> dict:
    t_sent = [x["sent"] for x in r["torget_first"]]
    p_sent = [x["sent"] for x in r.get("pagefind_first", [])]
    return {
        "t_med": statistics.median(t_sent), "t_max": max(t_sent),
        "p_med": statistics.median(p_sent) if p_sent else None, "p_max": max(p_sent) if p_sent else None,
        "ratios": [t / p for t, p in zip(t_sent, p_sent)],
        "t_ms": statistics.median(x["ms"] for x in r["torget_first"]),
        "t_spread": [_spread(x, _chunk_size(r["index"])) for x in r["torget_first"]],
        "p_ms": statistics.median(x["ms"] for x in r["pagefind_first"]) if p_sent else None,
        **_typed_summary(r, p_sent),
    }


def _typed_summary(r: dict, p_sent: list) -> dict:
    typed = [x["sent"] for x in r.get("torget_typed", [])]
    if not typed:
        return {"typed_med": None, "typed_max": None, "typed_ratios": []}
    return {"typed_med": statistics.median(typed), "typed_max": max(typed),
            "typed_ratios": [t / p for t, p in zip(typed, p_sent)]}


def _chunk_size(index: dict) -> float:
    return index.get("chunk_gzip_distinct_median") or index.get("chunk_gzip_median", 0)


def _spread(run: dict, chunk: float) -> float:
    """The payload had every shown result come from a chunk of its own.

    Replicated corpus threads have neighbouring ids, so their copies share
    a chunk and a top 10 often needs only one or two chunks; this bound
    charges one median chunk of distinct threads per shown result instead.
    """
    chunks = run["by_kind"].get("chunks", {}).get("sent", 0)
    return run["sent"] - chunks + min(PAGE_RESULTS, run["results"]) * chunk


def _kind_medians(runs: list[dict]) -> dict[str, float]:
    kinds = sorted({k for r in runs for k in r["by_kind"]})
    return {k: statistics.median(r["by_kind"].get(k, {}).get("sent", 0) for r in runs) for k in kinds}


def _short_stack(where: str) -> str:
    frames = []
    for frame in where.split(" <- "):
        match = re.match(r'File "(.*)", line (\d+) in (\S+)', frame)
        if not match:
            continue
        path = re.sub(r"^.*/(site-packages|lib/python3\.\d+|work/main)/", "", match[1])
        frames.append(f"`{path}:{match[2]}` {match[3]}")
    return " ← ".join(frames) or where


def _build_cell(b: dict, plain_label: bool = False) -> str:
    if not b or b.get("skipped"):
        return not_run("plain")
    if b.get("timed_out"):
        return f"did not finish in {b['seconds']:.0f} s; peak so far {b['peak_mb']:.0f} MB"
    return f"{b['seconds']:.1f} s, peak {b['peak_mb']:.0f} MB"


def size_table(key: str, r: dict) -> str:
    label = "Sample forum" if key == "sample" else f"{int(key):,} threads"
    docs = r.get("reference", {}).get("docs")
    loads = r.get("load_before")
    speeds = r.get("cpu_reference")
    skipped = skipped_steps(r)
    plain = r.get("plain") or {"skipped": True}
    lines = [
        f"### {label}",
        "",
        f"Measured {r['measured']} with `{r['command']}`; build date {r['build_date']}, language `{r['lang']}`, "
        + (f"{docs:,} indexed documents. " if docs is not None else f"{r['threads']:,} threads. ")
        + (f"1-minute load average before the builds ({', '.join(loads)}): "
           + ", ".join(f"{v:.1f}" for v in loads.values()) + ". " if loads else "")
        + (f"CPU reference ({CPU_REFERENCE_LOOPS:,} turns of a Python loop) before the builds: "
           + ", ".join(f"{v:.2f}" for v in speeds.values()) + " s. " if speeds else "")
        + (f"Code: `{r['code']}`." if r.get("code") else "")
        + (f" **The code changed during the measurement**: {r['code_changed']}." if r.get("code_changed") else "")
        + ("".join(f" **Not run on purpose** (`--skip {step}`): {SKIPPABLE.get(step, step)}." for step in skipped)),
        "",
        "| What | Figure |",
        "|---|---|",
        f"| Plain Pelican 4.12 build (notmyidea, no plugins, no cache) | {_build_cell(plain)} |",
    ]
    cold = r.get("cold")
    plain_skipped = bool(plain.get("skipped")) or "plain" in skipped
    plain_done = not plain_skipped and not plain.get("timed_out")
    has_ratio = bool(cold) and cold.get("ratio") is not None and not plain_skipped
    if cold and cold.get("timed_out"):
        if plain_skipped:
            ratio = f"no ratio: plain Pelican {not_run('plain')}"
        elif not has_ratio:
            ratio = "no ratio to plain Pelican"
        else:
            ratio = f"> {cold['ratio']:.1f}× plain Pelican" if plain_done else "plain Pelican did not finish either"
        lines.append(f"| Torget build, every plugin, cold cache | **did not finish in {cold['seconds']:.0f} s** "
                     f"({ratio}), peak so far {cold['peak_mb']:.0f} MB |")
        if cold.get("where"):
            lines.append(f"| Where the build was when it was stopped (innermost first) | {_short_stack(cold['where'])} |")
    elif cold:
        if plain_skipped:
            ratio = f"no ratio: plain Pelican {not_run('plain')}"
        elif not has_ratio:
            ratio = "no ratio to plain Pelican"
        else:
            ratio = (f"**{cold['ratio']:.2f}×** plain Pelican" if plain_done else
                     f"< {cold['ratio']:.2f}× plain Pelican, which did not finish")
        lines.append(f"| Torget build, every plugin, cold cache | {cold['seconds']:.1f} s ({ratio}), "
                     f"peak **{cold['peak_mb']:.0f} MB** |")
    if "rebuild" in r:
        rb = r["rebuild"]
        lines.append(f"| Torget rebuild after changing one thread (warm cache) | {rb['seconds']:.1f} s "
                     f"(**{100 * rb['share']:.0f} %** of cold), peak {rb['peak_mb']:.0f} MB; change on the page: "
                     f"{'yes' if rb['page_updated'] else '**no**'}, in the index: {'yes' if rb['index_updated'] else '**no**'} |")
    if "index" in r:
        idx = r["index"]
        lines += [
            f"| Search index `search/` | {idx['files']:,} files: {idx['shards']:,} term shards, {idx['chunks']:,} document "
            f"chunks, 1 manifest; {mb(idx['raw'])} raw, {mb(idx['gzip'])} gzip |",
            f"| Manifest | {kb(idx['manifest_raw'])} raw, {kb(idx['manifest_gzip'])} gzip |",
        ]
    if "torget_first" in r:
        s = summary(r)
        idx = r["index"]
        lines.append(f"| First search, Torget (gzip, {len(r['torget_first'])} queries) | median **{kb(s['t_med'])}**, "
                     f"max {kb(s['t_max'])}; median {s['t_ms']:.0f} ms to rendered results |")
        if s["ratios"]:
            lines += [
                f"| First search, Pagefind {r.get('pagefind_version', '')} (same queries) | median {kb(s['p_med'])}, "
                f"max {kb(s['p_max'])}; median {s['p_ms']:.0f} ms |",
                f"| Torget ÷ Pagefind, per query | median **{statistics.median(s['ratios']):.2f}**, "
                f"max {max(s['ratios']):.2f} |",
            ]
        if s["typed_max"] is not None:
            lines.append(f"| First search typed key by key into the header box, then Enter, Torget (gzip) | median "
                         f"**{kb(s['typed_med'])}**, max **{kb(s['typed_max'])}**"
                         + (f"; ÷ Pagefind's for the same final query: median {statistics.median(s['typed_ratios']):.2f}, "
                            f"max **{max(s['typed_ratios']):.2f}**" if s["typed_ratios"] else "") + " |")
        lines += [
            f"| First search, Torget, if every shown result needed its own chunk "
            f"({kb(_chunk_size(idx))} each) | median {kb(statistics.median(s['t_spread']))}, "
            f"max {kb(max(s['t_spread']))} |",
        ]
    if "latency" in r:
        la = r["latency"]
        lines += [
            f"| Query latency, data loaded, same query again | p50 {la['repeat_p50']:.1f} ms, **p95 "
            f"{la['repeat_p95']:.1f} ms** ({la['samples']} runs) |",
            f"| Query latency, shards cached, switching queries (index re-expanded) | p50 {la['switch_p50']:.1f} ms, "
            f"**p95 {la['switch_p95']:.1f} ms** |",
            f"| Pagefind `search()` latency, data loaded | p50 {la['pagefind_p50']:.1f} ms, p95 {la['pagefind_p95']:.1f} ms |"
            if la["pagefind_p50"] == la["pagefind_p50"] else  # NaN: Pagefind had no index
            "| Pagefind `search()` latency, data loaded | not measured: no Pagefind index |",
        ]
        if "fuzzy_p95" in la:
            lines.append(f"| Query latency, data loaded, a typo in each query (typo correction) | p50 "
                         f"{la['fuzzy_p50']:.1f} ms, **p95 {la['fuzzy_p95']:.1f} ms**; switching p95 "
                         f"{la['fuzzy_switch_p95']:.1f} ms; typo vocabulary for all {len(la['typo_queries'])} queries: "
                         f"{la['typo_files']} files, {kb(la['typo_sent_bytes'])} gzip |")
    if "ranking" in r:
        rk = r["ranking"]
        lines.append(f"| Top-10 equal to one unsharded lunr index | **{rk['equal']}/{rk['total']}** queries "
                     f"({rk['tie_only']} others differ only in the order of equal scores); result counts equal "
                     f"{rk['counts_equal']}/{rk['total']}; max score difference {rk['max_score_diff']:.2g} |")
    elif "reference" in skipped:
        lines.append(f"| Top-10 equal to one unsharded lunr index | {not_run('reference')} |")
    if "reference" in r:
        lines.append(f"| Unsharded reference index (not published) | {mb(r['reference']['bytes'])} JSON |")
    elif "reference" in skipped:
        lines.append(f"| Unsharded reference index (not published) | {not_run('reference')} |")
    if "pagefind_index" in r:
        pf = r["pagefind_index"]
        lines.append(f"| Pagefind index `pagefind/` | {pf.get('pages', 0):,} pages, {pf['files']:,} files, {mb(pf['raw'])}; "
                     f"indexing took {pf['seconds']:.1f} s, peak {pf['peak_mb']:.0f} MB |")
    if r.get("incomplete"):
        lines.append(f"| Not measured | everything after the build: {r['incomplete']} |")
    for failure in r.get("failed", []):
        lines.append(f"| Failed | {' '.join(failure.split())} |")
    lines.append("")
    if "torget_first" in r:
        pf_runs = r.get("pagefind_first") or [None] * len(r["torget_first"])
        tk, pk = _kind_medians(r["torget_first"]), _kind_medians(r.get("pagefind_first", []))
        lines += [
            "Median first-search bytes by kind (gzip): Torget " + ", ".join(f"{k} {kb(v)}" for k, v in tk.items())
            + ("; Pagefind " + ", ".join(f"{k} {kb(v)}" for k, v in pk.items()) if pk else "") + ".",
            "",
            "| Query | Torget KB | files | chunks | results | Pagefind KB | files | results |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for t, p in zip(r["torget_first"], pf_runs):
            chunks = t["by_kind"].get("chunks", {}).get("files", 0)
            pf_cells = f"{p['sent'] / 1024:.1f} | {p['files']} | {p['results']:,}" if p else "– | – | –"
            lines.append(f"| {t['query']} | {t['sent'] / 1024:.1f} | {t['files']} | {chunks} | {t['results']:,} | "
                         f"{pf_cells} |")
        lines.append("")
    if r.get("ranking", {}).get("mismatches"):
        lines += ["Queries whose top 10 differ:", ""]
        for m in r["ranking"]["mismatches"]:
            lines.append(f"- `{m['query']}`{' (equal scores, different order)' if m['tie_only'] else ''}: "
                         f"sharded {m['sharded'][:5]}, reference {m['reference'][:5]}")
        lines.append("")
    return "\n".join(lines)


def targets_table(results: dict) -> str:
    """Each target per size. The issue sets most targets at 10,000 threads
    and three at 100,000 (build time, peak, first search); at other sizes
    a 10,000-thread target is shown for reference, without a verdict in bold."""
    rows = []
    size = [0]

    def row(what, key, value, ok, at_10k=True):
        verdict = "not determined" if ok is None else "met" if ok else "**missed**"
        if at_10k and size[0] != 10_000 and ok is not None:
            verdict = f"{'met' if ok else 'not met'} (target set at 10,000)"
        rows.append(f"| {what} | {key} | {value} | {verdict} |")

    for key in sorted((k for k in results if k != "sample"), key=int):
        r = results[key]
        n = int(key)
        size[0] = n
        label = f"{n:,}"
        if "torget_first" in r:
            s = summary(r)
            if n >= 10_000:
                limit = TARGETS["first_search_100k_kb"] if n >= 100_000 else TARGETS["first_search_10k_kb"]
                row(f"First search ≤ {limit} KB (max over queries)", label, kb(s["t_max"]), s["t_max"] <= limit * 1024,
                    at_10k=n < 100_000)
            if s["ratios"]:
                row("First search smaller than Pagefind's, every query", label, f"max ratio {max(s['ratios']):.2f}",
                    max(s["ratios"]) < 1)
            if s["typed_max"] is not None and n >= 10_000:
                row(f"Typed first search ≤ {TARGETS['typed_kb']} KB (max over queries)", label, kb(s["typed_max"]),
                    s["typed_max"] <= TARGETS["typed_kb"] * 1024, at_10k=n < 100_000)
                if s["typed_ratios"]:
                    row(f"Typed first search ≤ {TARGETS['typed_ratio']}× Pagefind's, every query", label,
                        f"max ratio {max(s['typed_ratios']):.2f}", max(s["typed_ratios"]) <= TARGETS["typed_ratio"])
        skipped = skipped_steps(r)
        if "ranking" in r:
            rk = r["ranking"]
            row("Top-10 equal to the unsharded index", label, f"{rk['equal']}/{rk['total']}", rk["equal"] == rk["total"])
        elif "reference" in skipped:
            row("Top-10 equal to the unsharded index", label, not_run("reference"), None)
        if "latency" in r:
            la = r["latency"]
            row(f"Query p95 ≤ {TARGETS['query_p95_ms']} ms (data loaded)", label,
                f"{la['repeat_p95']:.1f} ms (switching: {la['switch_p95']:.1f} ms)",
                la["repeat_p95"] <= TARGETS["query_p95_ms"])
            if "fuzzy_p95" in la:
                row(f"Query p95 ≤ {TARGETS['query_p95_ms']} ms with a typo (data loaded)", label,
                    f"{la['fuzzy_p95']:.1f} ms (switching: {la['fuzzy_switch_p95']:.1f} ms)",
                    la["fuzzy_p95"] <= TARGETS["query_p95_ms"])
        cold = r.get("cold")
        plain = r.get("plain") or {"skipped": True}
        if cold:
            over = "> " if cold.get("timed_out") else ""
            if plain.get("skipped") or "plain" in skipped:
                row(f"Build ≤ {TARGETS['build_ratio']}× plain Pelican", label, not_run("plain"), None)
            elif cold.get("ratio") is None:
                row(f"Build ≤ {TARGETS['build_ratio']}× plain Pelican", label, "no ratio recorded", None)
            elif plain.get("timed_out") and cold.get("timed_out"):
                row(f"Build ≤ {TARGETS['build_ratio']}× plain Pelican", label, "neither build finished", None)
            elif plain.get("timed_out"):
                row(f"Build ≤ {TARGETS['build_ratio']}× plain Pelican", label,
                    f"< {cold['ratio']:.2f}× (plain Pelican did not finish)",
                    True if cold["ratio"] <= TARGETS["build_ratio"] else None)
            elif cold.get("timed_out"):
                row(f"Build ≤ {TARGETS['build_ratio']}× plain Pelican", label, f"> {cold['ratio']:.2f}× (stopped)",
                    False if cold["ratio"] > TARGETS["build_ratio"] else None)
            else:
                row(f"Build ≤ {TARGETS['build_ratio']}× plain Pelican", label, f"{cold['ratio']:.2f}×",
                    cold["ratio"] <= TARGETS["build_ratio"])
            if n >= 100_000:
                row("Build ≤ 15 min", label, f"{over}{cold['seconds'] / 60:.1f} min",
                    not cold.get("timed_out") and cold["seconds"] <= TARGETS["build_100k_s"], at_10k=False)
        if "rebuild" in r:
            row("Rebuild ≤ 25 % of cold", label, f"{100 * r['rebuild']['share']:.0f} %",
                r["rebuild"]["share"] <= TARGETS["rebuild_share"])
        if cold:
            peak = TARGETS["peak_100k_mb"] if n >= 100_000 else TARGETS["peak_mb"]
            over = "≥ " if cold.get("timed_out") else ""
            row(f"Peak ≤ {peak // 1024} GB", label, f"{over}{cold['peak_mb']:.0f} MB",
                (None if cold.get("timed_out") else True) if cold["peak_mb"] <= peak else False, at_10k=n < 100_000)
    return "\n".join(["| Target | Threads | Measured | |", "|---|---:|---|---|", *rows])


def chart_svg(results: dict) -> str:
    """Horizontal bars, two panels; each size group is scaled to its own largest bar."""
    keys = sorted(results, key=lambda k: -1 if k == "sample" else int(k))

    def get(fn):
        def safe(r):
            try:
                return fn(r)
            except (KeyError, ValueError, TypeError, statistics.StatisticsError):
                return None
        return safe

    panels = [
        # (label, colour, value, the --skip step that leaves the value out)
        ("Build time (s)", [("Plain Pelican", "#8a8f98", get(lambda r: r["plain"]["seconds"]), "plain"),
                            ("Torget, cold", "#1b5e9e", get(lambda r: r["cold"]["seconds"]), None),
                            ("Torget, rebuild", "#6aa6dc", get(lambda r: r["rebuild"]["seconds"]), None)], "{:.1f} s"),
        ("First search, median (KB gzip)", [("Pagefind", "#b0562b", get(lambda r: summary(r)["p_med"] / 1024), None),
                                            ("Torget", "#1b5e9e", get(lambda r: summary(r)["t_med"] / 1024), None)],
         "{:.0f} KB"),
    ]
    bar_h, gap, group_gap, label_w, bar_w, panel_w = 16, 4, 18, 110, 200, 440
    group_h = max(len(p[1]) for p in panels) * (bar_h + gap) + group_gap
    height = 60 + len(keys) * group_h + 20
    width = panel_w * len(panels) + 20
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'font-family="system-ui, sans-serif" font-size="12" role="img" aria-labelledby="t">',
           '<title id="t">Torget benchmark: build time against plain Pelican, first-search payload against Pagefind</title>',
           f'<rect width="{width}" height="{height}" fill="#fff"/>']
    for p, (title, series, fmt) in enumerate(panels):
        x0 = 10 + p * panel_w
        out.append(f'<text x="{x0}" y="22" font-size="14" font-weight="bold" fill="#111">{escape(title)}</text>')
        for g, key in enumerate(keys):
            r = results[key]
            y = 44 + g * group_h
            name = "sample" if key == "sample" else f"{int(key):,} threads"
            out.append(f'<text x="{x0}" y="{y + 10}" font-weight="bold" fill="#333">{escape(name)}</text>')
            skipped = skipped_steps(r)
            values = [(label, colour, None if step in skipped else fn(r), step) for label, colour, fn, step in series]
            top = max((v for _, _, v, _ in values if v is not None), default=0) or 1
            for i, (label, colour, value, step) in enumerate(values):
                yy = y + 16 + i * (bar_h + gap)
                out.append(f'<text x="{x0 + label_w - 6}" y="{yy + 12}" text-anchor="end" fill="#333">{escape(label)}</text>')
                if value is None:
                    missing = not_run(step) if step in skipped else "not measured"
                    out.append(f'<text x="{x0 + label_w + 4}" y="{yy + 12}" fill="#555">{escape(missing)}</text>')
                    continue
                timed_out = title.startswith("Build") and label == "Torget, cold" and r.get("cold", {}).get("timed_out")
                text = ("> " if timed_out else "") + fmt.format(value) + (" (stopped)" if timed_out else "")
                w = max(1.0, bar_w * value / top)
                out.append(f'<rect x="{x0 + label_w}" y="{yy}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>')
                out.append(f'<text x="{x0 + label_w + w + 4:.1f}" y="{yy + 12}" fill="#111">{escape(text)}</text>')
    out.append(f'<text x="10" y="{height - 8}" font-size="10" fill="#555">Bars are scaled within each size. '
               f'Build times are wall time of the whole process; payload is what a cold first search transfers.</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def code_state() -> str:
    """What a build runs: the commit, its plugins/theme/settings tree, uncommitted changes.

    Compared before and after each size, so a commit that touches only
    tests or docs does not count as a change.
    """
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        trees = git("rev-parse", "HEAD:plugins", "HEAD:theme", "HEAD:pelicanconf.py")
        changed = git("status", "--porcelain", "--", "plugins", "theme", "pelicanconf.py").split("\n")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    digest = hashlib.sha256(trees.encode())
    count = 0
    for line in sorted(l for l in changed if l.strip()):
        path = ROOT / line[3:].strip()
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for item in files:
            if item.exists() and "__pycache__" not in item.parts:
                digest.update(str(item.relative_to(ROOT)).encode())
                digest.update(item.read_bytes())
                count += 1
    extra = f" + {count} uncommitted files" if count else ""
    return f"{head}{extra} (code {digest.hexdigest()[:8]})"


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
    except (OSError, StopIteration, ValueError):
        mem_kb = 0
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(mem_kb / 1024 / 1024, 1),
            "os": platform.platform(), "python": platform.python_version(),
            "pelican": metadata.version("pelican"), "pagefind": PAGEFIND_VERSION}


def write_docs(path: Path, results: dict, runs: list[dict], mach: dict) -> None:
    chart = path.with_name("benchmarks-chart.svg")
    chart.write_text(chart_svg(results), encoding="utf-8")
    commands = sorted({r["command"] for r in results.values()})
    queries_by_key = {k: r["payload_queries"] for k, r in results.items()}
    first_key = sorted(results, key=lambda k: -1 if k == "sample" else int(k))
    text = [
        "# Benchmarks",
        "",
        "Figures from `scripts/bench` (issue 8): build time and memory against plain",
        "Pelican, index bytes, the first search's payload against Pagefind, query",
        "latency and ranking against one unsharded lunr index, all measured in one",
        "run per size on forums built from the Stack Exchange corpus",
        "(`../shared/corpus/stackexchange`, replicated with distinct slugs by",
        "`torget.corpus.make_forum`). This file and the chart are written by the",
        "script; do not edit them by hand.",
        "",
        "## How to run",
        "",
        "```sh",
        ".venv/bin/pip install -e '.[test,bench]'   # Playwright and pagefind[bin]",
        "scripts/bench                              # 1,000 and 10,000 threads",
        "scripts/bench --sizes 1000,10000,100000    # adds 100,000: well over an hour on 2 cores",
        "scripts/bench --quick                      # the sample forum and 1,000 threads",
        "```",
        "",
        "It needs Debian's Chromium at `/usr/bin/chromium` and never downloads a",
        "browser. `--merge` keeps the sizes of an earlier run that this run did not",
        "measure (the raw results are stored at the end of this file);",
        "`--timeout SECONDS` bounds every build (a build that runs out of time is",
        "reported as such, with its peak memory so far and where it was);",
        "`--memory-gb` bounds Pagefind and the reference index (default 12 GB);",
        "`--skip plain` leaves out the plain Pelican build (the build then has no",
        "ratio to it) and `--skip reference` the unsharded reference index and the",
        "ranking comparison; at 100,000 threads, where plain Pelican alone takes",
        "over half an hour, `scripts/bench --sizes 100000 --merge --skip plain",
        "--skip reference` measures the 100,000-thread targets only, and the",
        "tables say \"not run\" where a skipped step's figures would be;",
        "`--render-only` rewrites this file from the stored results. `scripts/bench",
        "--help` lists every option. The figures below came from:",
        "",
        *[f"    {c}" for c in commands],
        "",
        "## Machine",
        "",
        f"- CPU: {mach['cpu']}, {mach['cores']} cores; {mach['memory_gb']} GB RAM",
        f"- {mach['os']}; Python {mach['python']}; Pelican {mach['pelican']}; "
        f"Chromium {mach.get('chromium', '?')} (headless); Pagefind {mach['pagefind']}",
        "",
        "## What is counted",
        "",
        "- **Build time** is the wall time of a fresh process, from start to exit,",
        "  so imports count for both sides. **Peak** is the larger of that",
        "  process's maximum resident set size (`wait4`'s `ru_maxrss`) and the",
        "  largest total proportional set size (PSS) of all its processes, sampled",
        f"  every {PSS_INTERVAL} s (less often when one sample takes longer than",
        f"  {1000 * PSS_INTERVAL / PSS_BUDGET:.0f} ms, so that sampling stays under a tenth of a core):",
        "  Torget renders threads and builds the search index in forked processes",
        "  that share memory with the first, so neither one process's peak nor",
        "  the sum of their RSS would be right.",
        "- **Plain Pelican** is `python -m pelican` over the same content folder",
        "  with the default `notmyidea` theme, no plugins and no cache: the thread",
        "  files are valid Pelican Markdown with metadata, and Pelican's own reader",
        "  turns the replies into body text. Pelican's defaults otherwise, except",
        "  that it writes the kinds of pages Torget writes: listings paginated by 20",
        "  and no feeds, author pages or archives (Torget's `pelicanconf.py` has",
        "  none). With Pelican's full defaults (feeds, author pages, unpaginated",
        "  listings) a 1,000-thread build took about the same (10.4 s against",
        "  10.7 s, within noise): reading the Markdown dominates.",
        "- **Torget build** is `torget.build.build_site` as `torget build` runs it:",
        "  check every file, build with every plugin into a fresh folder, swap it into",
        "  place, and end the process without freeing its objects one by one, as",
        "  the `torget` command does. Cold means an empty `CACHE_PATH` and no",
        "  previous output (the replaced output is deleted after a build, by a",
        "  low-priority process the build does not wait for). The",
        "  **rebuild** adds one sentence to one thread's question and builds again",
        "  with the same `CACHE_PATH` and output folder, so every cache the build",
        "  keeps (Pelican's content cache, Torget's own) is warm; the table says",
        "  whether the change reached the thread's page and the search index.",
        "- **Index bytes**: every file in `search/` except its HTML page, raw and",
        f"  gzip level {GZIP_LEVEL} (what a static host sends).",
        "- **First search**: a new browser context (empty cache) opens",
        "  `/search/?q=QUERY` and waits until the results are rendered (10, or all",
        "  when fewer match) with title and snippet. Counted: every response the",
        "  page received except the HTML page, the stylesheet and the favicon, that",
        "  is `search.js`, `lunr.min.js` (and the language's lunr-languages scripts,",
        "  none for English), the manifest, the term shards and the document chunks.",
        "  Each body is gzip-compressed here (level 6), since the local test server",
        "  does not compress; a file that is already compressed counts at its own",
        "  size if that is smaller. The time is from navigation start to rendered",
        "  results, on localhost.",
        "- **First search typed**: a new context opens the home page, clicks the",
        f"  header's search box, types the query key by key ({TYPE_DELAY_MS} ms apart) and",
        "  presses Enter; counted as above, every response from the click to the",
        "  rendered results on the search page (focusing the box loads lunr and the",
        "  manifest; the search page then fetches shards and chunks). Compared with",
        "  Pagefind's first search for the same final query.",
        "- Copies of a corpus thread get neighbouring slugs, hence neighbouring",
        "  document ids and the same document chunk, and a replicated forum's top 10",
        "  is often a few threads with their copies: one or two chunks. The row",
        "  \"if every shown result needed its own chunk\" replaces the chunks",
        "  actually fetched by one chunk per shown result, at the median gzip size",
        "  of chunks regrouped from original threads only (copies inside a chunk",
        "  compress away): a bound for a forum without copies.",
        "- **Pagefind**: `python -m pagefind --site OUTPUT --glob",
        f"  '{PAGEFIND_GLOB}' --root-selector '{PAGEFIND_ROOT}'` on the Torget build:",
        "  the same thread pages, only the thread itself (not header, footer and",
        "  related-thread lists). A new context opens `/404.html`, then runs",
        "  `import('/pagefind/pagefind.js')`, `pagefind.search(q)` and `data()` of",
        "  the first 10 results. Counted: every response under `/pagefind/` (its",
        "  JavaScript, WebAssembly, entry and meta files, index chunks and",
        "  fragments), measured the same way. Pagefind matches all words of a",
        "  query, lunr any, so result counts differ.",
        "- **Query latency**: `torgetSearch.search(q, false)` in the page, timed",
        f"  with `performance.now()`, {LATENCY_RUNS} times per query after that query's data",
        "  is loaded (\"same query again\"), and round-robin over all queries once every",
        "  query's shards are cached, so every call expands a different shard set",
        "  into a lunr index (\"switching\"). The same again with a typo in each",
        "  query (two middle letters of its longest word swapped), so each call",
        "  corrects it from the typo vocabulary; the bytes of the typo vocabulary",
        "  files all those queries fetched are given, gzip.",
        "- **Ranking**: `torgetSearch.search(q, false)` against a single unsharded",
        "  index of the documents the plugin indexed (captured from Pelican's",
        "  article list, `torget.search.build_index(...).lunr_json()`), loaded in the",
        "  same page with `lunr.Index.load` and queried with",
        "  `torgetSearch.buildQuery(torgetSearch.planFor(index, q, false))`, which",
        "  resolves other spellings, inflected forms and synonyms against that whole",
        "  index as the engine does against its shards; typo corrections are left",
        "  out on both sides (`{corrections: false}`). Equal means the same refs in",
        "  the same order in the top 10.",
        "",
        "## Queries",
        "",
        "First-search and latency queries are two adjacent title words (no stop",
        "words, at least four letters) that occur together in at least three",
        "corpus titles, such as `neural network`, taken in SHA-256 order with no",
        "word used twice. The ranking set adds single title words (in at least",
        "three titles) and more two-word phrases, picked the same way. The corpus",
        f"forums share one set, taken from the titles of the first {QUERY_POOL:,} corpus",
        "threads, which every corpus forum holds.",
        "",
    ]
    seen = set()
    for key in first_key:
        qs = tuple(queries_by_key[key])
        if qs in seen:
            continue
        seen.add(qs)
        same = [k for k in first_key if tuple(queries_by_key[k]) == qs]
        names = ", ".join("sample" if k == "sample" else f"{int(k):,}" for k in same)
        text += [f"- First search ({names}): " + ", ".join(f"`{q}`" for q in qs),
                 f"- Ranking ({names}, {len(results[key]['ranking_queries'])}): "
                 + ", ".join(f"`{q}`" for q in results[key]["ranking_queries"]), ""]
    text += ["## Targets", "", targets_table(results), "", "## Tables", ""]
    for key in first_key:
        text.append(size_table(key, results[key]))
    text += [
        "## Chart",
        "",
        "![Build time against plain Pelican and first-search payload against Pagefind](benchmarks-chart.svg)",
        "",
        "## Date",
        "",
        *[f"- {k if k == 'sample' else f'{int(k):,}'}: {results[k]['measured']}" for k in first_key],
        "",
        *_lighthouse_section(path),
        f"<!-- {RESULTS_MARK} {json.dumps({'results': _compact(results), 'machine': mach}, ensure_ascii=False, separators=(',', ':'))} -->",
        "",
    ]
    path.write_text("\n".join(text), encoding="utf-8")


def _lighthouse_section(path: Path) -> list[str]:
    """The section scripts/lighthouse wrote, kept as it was."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    found = re.search(r"<!-- lighthouse:start -->.*?<!-- lighthouse:end -->", old, re.S)
    return [found.group(0), ""] if found else []


def _compact(results: dict) -> dict:
    """The results without what the report never shows (for the embedded copy)."""
    out = {}
    for key, r in results.items():
        r = dict(r)
        for name in ("torget_first", "pagefind_first", "torget_typed"):
            if name in r:
                r[name] = [{k: v for k, v in run.items() if k not in ("excluded", "status")} for run in r[name]]
        out[key] = r
    return out


def previous_machine(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
        at = text.index(f"<!-- {RESULTS_MARK}")
        return json.loads(text[at + len(f"<!-- {RESULTS_MARK}"):text.rindex("-->")])["machine"]
    except (OSError, ValueError, KeyError):
        return {}


def previous_results(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    at = text.find(f"<!-- {RESULTS_MARK}")
    if at < 0:
        return {}
    body = text[at + len(f"<!-- {RESULTS_MARK}"):text.rindex("-->")]
    try:
        return json.loads(body)["results"]
    except (ValueError, KeyError):
        return {}


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "missing"


PAGEFIND_VERSION = _pagefind_version()


# ---------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------

@click.command()
@click.option("--sizes", default="1000,10000", show_default=True,
              help="Comma-separated thread counts; 'sample' is the sample forum.")
@click.option("--quick", is_flag=True, help="The sample forum and 1,000 threads.")
@click.option("--queries", "payload_count", default=12, show_default=True, help="First-search queries.")
@click.option("--ranking-queries", "ranking_count", default=60, show_default=True, help="Ranking queries (payload ones included).")
@click.option("--date", "build_date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help=f"Build date of the corpus forums (default {CORPUS_DATE}).")
@click.option("--docs", "docs_path", type=click.Path(path_type=Path), default=DOCS, show_default=True,
              help="Markdown file to write; the chart goes beside it.")
@click.option("--no-docs", is_flag=True, help="Only print the figures.")
@click.option("--merge", is_flag=True, help="Keep other sizes' results already in the docs file.")
@click.option("--workdir", type=click.Path(path_type=Path, exists=True, file_okay=False, writable=True), default=None, help="Where the temporary folder goes.")
@click.option("--keep", is_flag=True, help="Keep the temporary folder.")
@click.option("--timeout", default=3600.0, show_default=True, help="Seconds allowed for each build or browser step.")
@click.option("--memory-gb", default=12.0, show_default=True,
              help="Address-space limit for Pagefind and the reference index (0: none).")
@click.option("--render-only", is_flag=True, help="Measure nothing: rewrite the docs file from the results it holds.")
@click.option("--skip", "skip", multiple=True, type=click.Choice(sorted(SKIPPABLE)), metavar="STEP",
              help="Leave a step out for the sizes of this run (repeatable): 'plain' the plain Pelican build "
                   "(no build ratio), 'reference' the unsharded reference index and the ranking comparison. "
                   "The docs record it and say 'not run'.")
def main(sizes, quick, payload_count, ranking_count, build_date, docs_path, no_docs, merge, workdir, keep, timeout,
         memory_gb, render_only, skip):
    """Benchmark Torget against plain Pelican and Pagefind (see docs/benchmarks.md)."""
    if render_only:
        stored = previous_results(docs_path)
        if not stored:
            raise click.ClickException(f"no results in {docs_path}")
        write_docs(docs_path, stored, [], previous_machine(docs_path) or machine())
        say(f"wrote {docs_path} from its {len(stored)} stored sizes")
        return
    from playwright.sync_api import sync_playwright

    from torget.corpus import load_corpus, make_forum

    if PAGEFIND_VERSION == "missing":
        raise click.ClickException("pagefind is not installed: .venv/bin/pip install -e '.[bench]'")
    if not Path(CHROMIUM).exists():
        raise click.ClickException(f"{CHROMIUM} is missing (apt-get install chromium)")
    keys = ["sample", "1000"] if quick else [s.strip().replace("_", "") for s in sizes.split(",") if s.strip()]
    for key in keys:
        if key != "sample" and not key.isdigit():
            raise click.BadParameter(f"not a size: {key}", param_hint="--sizes")
    command = "scripts/bench " + " ".join(sys.argv[1:]) if sys.argv[1:] else "scripts/bench"
    corpus_date = build_date.date() if build_date else CORPUS_DATE
    mach = machine()
    if skip:
        say("not run (--skip): " + "; ".join(SKIPPABLE[step] for step in sorted(set(skip))))
    say(f"machine: {mach['cpu']}, {mach['cores']} cores, {mach['memory_gb']} GB; Pelican {mach['pelican']}, "
        f"Pagefind {PAGEFIND_VERSION}")

    corpus_queries = None
    results: dict = {}
    root = Path(tempfile.mkdtemp(prefix="torget-bench-", dir=workdir))
    say(f"working in {root}")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--no-first-run"])
            mach["chromium"] = browser.version
            try:
                for key in keys:
                    work = root / key
                    content = work / "content"
                    if key == "sample":
                        shutil.copytree(SAMPLE_CONTENT, content)
                        from torget.forum import load_forum
                        sample = load_forum(content, "Europe/Stockholm")
                        titles = [t.title for t in sample.threads if not t.archived]
                        forum = Forum("sample", key, content, "sv", SAMPLE_DATE, len(sample.threads))
                        payload, ranking = pick_queries(titles, "sv", payload_count, ranking_count)
                    else:
                        n = int(key)
                        say(f"[{n:,}] writing {n:,} threads from the corpus ...")
                        started = time.perf_counter()
                        corpus = load_corpus()
                        make_forum(content, n)
                        say(f"[{n:,}]   written in {time.perf_counter() - started:.1f} s "
                            f"(the corpus is converted once per run)")
                        if corpus_queries is None:
                            pool = corpus.threads[:QUERY_POOL]  # the threads every corpus forum holds
                            corpus_queries = pick_queries([t.title for t in pool], "en",
                                                          payload_count, ranking_count)
                        payload, ranking = corpus_queries
                        forum = Forum(f"{n:,}", key, content, "en", corpus_date, n)
                    say(f"[{forum.label}] first-search queries: {', '.join(payload)}")
                    result = measure_size(forum, work, browser, payload, ranking, timeout, memory_gb,
                                          frozenset(skip))
                    result.update(command=command, measured=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                                  pagefind_version=PAGEFIND_VERSION)
                    results[key] = result
                    if not keep:
                        shutil.rmtree(work, ignore_errors=True)
                    if not no_docs:
                        merged = {**(previous_results(docs_path) if merge else {}), **results}
                        write_docs(docs_path, merged, [], mach)
                        say(f"wrote {docs_path} and {docs_path.with_name('benchmarks-chart.svg')}")
            finally:
                browser.close()
    finally:
        if keep:
            say(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    click.echo("")
    for key, r in results.items():
        click.echo(size_table(key, r))
    click.echo(targets_table({k: v for k, v in results.items()}))


if __name__ == "__main__":
    main()
