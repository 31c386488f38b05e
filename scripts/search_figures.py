"""Search figures for docs/search.md: index build time, bytes, first query.

Usage: python scripts/search_figures.py [SIZE ...]   (default: sample 1000 10000)

Builds the sample forum (Swedish) and forums of SIZE threads from the Stack
Exchange corpus (English) into a temporary folder, each with a cold cache,
and prints for each: the time the ``torget_search`` plugin took to build
the index, the bytes of ``search/`` raw and gzip-compressed, and the time
from opening ``/search/?q=…`` in a cold headless Chromium until the results
are rendered. The full comparison with Pelican and Pagefind is
``scripts/bench``.
"""

from __future__ import annotations

import gzip
import logging
import re
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins")]

from torget.build.run import build_site, load_settings  # noqa: E402
from torget_dev.corpus import make_forum  # noqa: E402
from torget_dev.serving import StaticHandler, serve  # noqa: E402

QUERIES = {"sample": "sophämtning kärl", "corpus": "neural network"}


class _Timing(logging.Handler):
    """The search index's own time, from the line a build logs when the index
    is written: the ``torget_search`` plugin's report, "search: N documents,
    M terms, F files in S s", which ``torget build`` logs (``torget.build.run``)
    once the index's process is done, and a plain ``pelican`` run logs from
    the plugin (``torget_search``)."""

    REPORT = re.compile(r"^search: .* in ([\d.]+) s$")

    def __init__(self):
        super().__init__(logging.INFO)
        self.seconds: float | None = None

    def emit(self, record):
        match = self.REPORT.match(record.getMessage())
        if match:
            self.seconds = float(match.group(1))


def first_query(site: Path, query: str) -> float:
    from playwright.sync_api import sync_playwright

    with serve(site, StaticHandler) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        warm_up = browser.new_context()  # the browser's own first-start cost is not the site's
        warm_up.new_page().goto(f"{base}/404.html")
        warm_up.close()
        page = browser.new_context().new_page()
        start = time.perf_counter()
        page.goto(f"{base}/search/?q={query}")
        page.wait_for_selector(".search-result", timeout=60_000)
        elapsed = time.perf_counter() - start
        browser.close()
    return elapsed


def measure(name: str, content: Path, lang: str, work: Path) -> str:
    output = work / f"out-{name}"
    settings = load_settings(ROOT / "pelicanconf.py", content, output, date(2026, 11, 20))
    settings.update(DEFAULT_LANG=lang, CACHE_PATH=str(work / f"cache-{name}"), LOAD_CONTENT_CACHE=False)
    if name != "sample":
        settings["TORGET_CATEGORIES"] = None  # the corpus's categories are its Stack Exchange sites (as scripts/bench)
    timing = _Timing()
    loggers = [logging.getLogger(logger) for logger in ("torget", "torget_search")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.INFO)
        logger.addHandler(timing)
    try:
        result = build_site(settings)
    finally:
        for logger, level in zip(loggers, levels):
            logger.removeHandler(timing)
            logger.setLevel(level)
    if not result.ok:
        problems = [str(p) for p in result.problems if p.is_error][:3] + result.log_errors[:3]
        raise SystemExit(f"{content}: the build failed: {'; '.join(problems) or result.refused}")
    if timing.seconds is None:
        raise SystemExit(f"{content}: the build logged no search index report (\"search: ... in S s\")")
    files = [p for p in (output / "search").glob("*.json")]
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    query = QUERIES["sample" if name == "sample" else "corpus"]
    seconds = first_query(output, query)
    return (f"| {name} | {len(files)} | {timing.seconds:.2f} s | {raw / 1e6:.2f} MB | {packed / 1e6:.2f} MB "
            f"| `{query}`: {seconds * 1000:.0f} ms |")


def main() -> None:
    sizes = sys.argv[1:] or ["sample", "1000", "10000"]
    print("| forum | index files | index build time | index raw | index gzip | first query, cold, to rendered results |")
    print("|---|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for size in sizes:
            if size == "sample":
                print(measure("sample", ROOT / "content", "sv", work), flush=True)
                continue
            content = work / f"content-{size}"
            make_forum(content, int(size))
            print(measure(f"{int(size):,} threads", content, "en", work), flush=True)


if __name__ == "__main__":
    main()
