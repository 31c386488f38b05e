"""The browser side: Torget's search page and Pagefind, driven in Playwright.

The code that runs in the page is ``probe.js`` (``window.torgetBench``),
added to every page of a measured context as an init script; this module
only calls it and counts what the page fetched with one
:class:`~.payload.ResponseCounter`, for Torget and Pagefind alike.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from .payload import ResponseCounter, pagefind_kind, torget_kind

CHROMIUM = "/usr/bin/chromium"
PROBE = Path(__file__).with_name("probe.js")
#: Results a search page shows.
PAGE_RESULTS = 10
#: Calls per query in the latency figures.
LATENCY_RUNS = 20
#: Between keys of a typed search: slower than search.js's pause before
#: instant results (150 ms), so that they appear as a person types.
TYPE_DELAY_MS = 300
#: A typed search's network is quiet when no request has been open for this long.
QUIET_MS = 500
#: The pages Pagefind indexes, and the part of each it indexes.
PAGEFIND_GLOB = "{posts,faq}/*/index.html"
PAGEFIND_ROOT = "article.thread"


def launch(playwright):
    """Debian's Chromium, headless, without background traffic."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--no-first-run"])


def new_context(browser):
    """A new context (empty cache) whose pages have ``window.torgetBench``."""
    context = browser.new_context()
    context.add_init_script(path=str(PROBE))
    return context


def search_page(context, base: str, timeout_ms: int):
    """A page of ``context`` on the search page, with the engine loaded."""
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    page.goto(f"{base}/search/")
    page.wait_for_function("() => window.torgetSearch", timeout=timeout_ms)
    return page


def _status_done(page, timeout_ms: int) -> str:
    """Wait until the search status reports results (or none); its text."""
    return page.wait_for_function("() => torgetBench.statusDone()", polling=10, timeout=timeout_ms).json_value()


def _rendered(page) -> int:
    return page.evaluate("() => torgetBench.rendered()")


def torget_first_search(browser, base: str, query: str, timeout_ms: int) -> dict:
    """Cold context: load /search/?q=, wait for the results, sum what the search fetched."""
    context = new_context(browser)
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        counter = ResponseCounter(torget_kind, base)
        counter.listen(page)
        page.goto(f"{base}/search/?q={quote(query)}")
        status = _status_done(page, timeout_ms)
        ms = page.evaluate("performance.now()")
        rendered = _rendered(page)
        counter.count()
        total = page.evaluate("q => torgetBench.resultCount(q)", query)
    finally:
        context.close()
    return {
        "query": query, "ms": ms, "status": status, "rendered": rendered, "results": total,
        "complete": rendered >= min(PAGE_RESULTS, total) and total > 0,
        **counter.totals(), "excluded": counter.excluded,
    }


def torget_typed_search(browser, base: str, query: str, timeout_ms: int) -> dict:
    """Cold context: the home page, the query typed key by key into the
    header's search box at :data:`TYPE_DELAY_MS` (slow enough for the
    instant results to appear after each key), then Enter; every file
    the search needed, each once, gzip, as a person's first search: the
    search script the home page loaded, everything the instant results
    fetched while typing (counted before Enter leaves the page, whose
    response bodies go with it), and everything the search page fetched
    up to its rendered results."""
    context = new_context(browser)
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        counter = ResponseCounter(torget_kind, base)
        counter.listen(page)
        quiet = _Quiet(page)
        page.goto(f"{base}/")
        page.wait_for_load_state("load")
        counter.count()  # search.js, while the home page can still give its body
        box = page.locator("header form[role=search] input[type=search], form[role=search] input[type=search]").first
        box.click()
        box.press_sequentially(query, delay=TYPE_DELAY_MS)
        quiet.wait(timeout_ms)
        instant = page.evaluate("() => document.querySelectorAll('.instant-results [role=option]').length")
        counter.count()  # what the instant results fetched, before Enter leaves the home page
        box.press("Enter")
        page.wait_for_url("**/search/**")
        status = _status_done(page, timeout_ms)
        rendered = _rendered(page)
        counter.count()
    finally:
        context.close()
    totals = counter.totals()
    return {"query": query, "status": status, "rendered": rendered, "instant": instant,
            "sent": totals["sent"], "files": totals["files"], "by_kind": totals["by_kind"],
            "by_file": totals["by_file"], "excluded": counter.excluded}


class _Quiet:
    """Waits until a page has had no request open for :data:`QUIET_MS`."""

    def __init__(self, page):
        self.page = page
        self.open = 0
        page.on("request", lambda request: self._change(1))
        page.on("requestfinished", lambda request: self._change(-1))
        page.on("requestfailed", lambda request: self._change(-1))

    def _change(self, step: int) -> None:
        self.open += step

    def wait(self, timeout_ms: int) -> None:
        waited = quiet = 0
        while waited < timeout_ms:
            self.page.wait_for_timeout(100)
            waited += 100
            quiet = quiet + 100 if self.open <= 0 else 0
            if quiet >= QUIET_MS:
                return
        raise TimeoutError(f"requests still open after {timeout_ms} ms")


def pagefind_first_search(browser, base: str, query: str, timeout_ms: int) -> dict:
    """Cold context: ``/404.html``, then Pagefind's module, ``search(q)`` and
    ``data()`` of the first results; every response under ``/pagefind/``."""
    context = new_context(browser)
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        page.goto(f"{base}/404.html")
        page.wait_for_load_state("load")
        counter = ResponseCounter(pagefind_kind, base)
        counter.listen(page)
        result = page.evaluate("([q, k, ms]) => torgetBench.withTimeout(ms, torgetBench.pagefindFirst(q, k))",
                               [query, PAGE_RESULTS, timeout_ms])
        counter.count()
    finally:
        context.close()
    return {
        "query": query, "ms": result["ms"], "results": result["count"], "rendered": result["shown"],
        "complete": result["shown"] >= min(PAGE_RESULTS, result["count"]),
        **counter.totals(),
    }


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


def latencies(browser, base: str, queries: list[str], with_pagefind: bool, timeout_ms: int) -> dict:
    """Query latency with the data loaded, in one page: Torget's queries,
    the same with a typo each, and Pagefind's ``search()`` (if indexed)."""
    context = new_context(browser)
    try:
        page = search_page(context, base, timeout_ms)
        plain = page.evaluate("args => torgetBench.torgetLatency(args)", {"queries": queries, "runs": LATENCY_RUNS})
        typos = [typo_of(q) for q in queries]
        fuzzy = page.evaluate("args => torgetBench.torgetLatency(args)", {"queries": typos, "runs": LATENCY_RUNS})
        typo_files = page.evaluate("() => torgetBench.typoFiles()")
        pagefind = {"repeat": []}
        if with_pagefind:
            page.goto(f"{base}/404.html")
            pagefind = page.evaluate("args => torgetBench.pagefindLatency(args)",
                                     {"queries": queries, "runs": LATENCY_RUNS})
    finally:
        context.close()
    return {"torget": plain, "fuzzy": fuzzy, "typos": typos, "typo_files": typo_files, "pagefind": pagefind}


def rankings(browser, base: str, reference_url: str, queries: list[str], timeout_ms: int) -> dict:
    """The sharded engine's top :data:`PAGE_RESULTS` against the unsharded
    index at ``reference_url``, in one search page."""
    context = new_context(browser)
    try:
        page = search_page(context, base, timeout_ms)
        return page.evaluate("args => torgetBench.ranking(args)",
                             {"url": reference_url, "queries": queries, "k": PAGE_RESULTS})
    finally:
        context.close()


def compare_rankings(out: list[dict]) -> dict:
    equal = tie_only = 0
    mismatches = []
    max_diff = 0.0
    counts_equal = 0
    for row in out:
        a, b = row["a"], row["b"]
        counts_equal += row["na"] == row["nb"]
        # the first page alone (search.js's settle()) must be the same, scores included
        if [r for r, _ in a] == [r for r, _ in b] and row.get("f", a) == a:
            equal += 1
            for (_, x), (_, y) in zip(a, b):
                max_diff = max(max_diff, abs(x - y))
            continue
        same_scores = len(a) == len(b) and all(abs(x - y) < 1e-9 for (_, x), (_, y) in zip(a, b))
        tie_only += same_scores
        mismatches.append({"query": row["q"], "tie_only": same_scores, "sharded": a, "reference": b})
    return {"total": len(out), "equal": equal, "tie_only": tie_only, "mismatches": mismatches[:10],
            "max_score_diff": max_diff, "counts_equal": counts_equal}
