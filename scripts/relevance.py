"""Relevance benchmark: judged Swedish queries on the sample forum (issue 15).

Usage (``scripts/relevance`` runs this with the project's .venv)::

    scripts/relevance                 # build, measure, print, update docs/search.md
    scripts/relevance --no-docs       # print only
    scripts/relevance --check         # exit 1 when a group misses its target

In one run it builds the sample forum (``content/``, ``publishconf.py``,
build date 2026-11-20) into a temporary folder, indexes the same built
thread pages with Pagefind (``pagefind[bin]``, the ``bench`` extra, with
the same options as ``scripts/bench``), serves the folder on 127.0.0.1 and,
in headless Chromium:

- **Torget**: opens the real search page ``/search/?q=…`` for every query,
  waits until the status line gives the count and reads the result links
  in the order shown (the first ten);
- **Pagefind**: ``pagefind.search(q)`` and the URLs of its first ten
  results.

The judged queries are ``scripts/relevance-queries.tsv``: group, query and
the slugs of the threads that answer it. success@5 is the share of queries
with an expected thread among the first five results; MRR@10 the mean of
1/rank of the first expected thread among the first ten (0 if none).
It prints a table per group for both engines and writes it into
docs/search.md between ``<!-- relevance:begin -->`` and
``<!-- relevance:end -->``. ``tests/test_search_relevance.py`` runs the
Torget half on every test run and fails when a group misses its target.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlsplit

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from torget_dev.serving import StaticHandler, serve  # noqa: E402

QUERIES = ROOT / "scripts" / "relevance-queries.tsv"
DOCS = ROOT / "docs" / "search.md"
CONFIG = ROOT / "publishconf.py"
SAMPLE_CONTENT = ROOT / "content"
SAMPLE_DATE = date(2026, 11, 20)
CHROMIUM = "/usr/bin/chromium"
PAGEFIND_GLOB = "{posts,faq}/*/index.html"  # as scripts/bench
PAGEFIND_ROOT = "article.thread"
GROUPS = ("plain", "unaccented", "typos", "inflected", "own-words")
GROUP_NAMES = {
    "plain": "plain",
    "unaccented": "without å/ä/ö",
    "typos": "one or two typos",
    "inflected": "inflected, definite forms",
    "own-words": "the resident's own words",
}
#: success@5 each group must reach (and Torget must beat Pagefind in each).
TARGETS = {"plain": 0.95, "unaccented": 0.95, "typos": 0.95, "inflected": 0.95, "own-words": 0.80}
BEGIN, END = "<!-- relevance:begin -->", "<!-- relevance:end -->"


@dataclass(frozen=True)
class Judged:
    group: str
    query: str
    expected: frozenset[str]
    line: int


class QueryFileError(click.ClickException):
    def format_message(self) -> str:
        return self.message


def load_queries(path: Path = QUERIES) -> list[Judged]:
    """The judged queries; a bad line is ``path:line: message``."""
    judged, problems, seen = [], [], set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            problems.append(f"{path}:{number}: expected group, query and slugs separated by tabs")
            continue
        group, query, slugs = parts
        expected = frozenset(s.strip() for s in slugs.split(",") if s.strip())
        if group not in GROUPS:
            problems.append(f"{path}:{number}: unknown group {group!r} (one of {', '.join(GROUPS)})")
        elif not query.strip() or not expected:
            problems.append(f"{path}:{number}: a query and at least one slug are needed")
        elif (group, query) in seen:
            problems.append(f"{path}:{number}: {query!r} is already in group {group}")
        else:
            seen.add((group, query))
            judged.append(Judged(group, query, expected, number))
    if problems:
        raise QueryFileError("\n".join(problems))
    return judged


def slug_of(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


#: The search page is done when the status line is neither empty, the hint
#: nor "loading": the count is written after the results are on the page.
TORGET_DONE = """() => {
  const app = document.getElementById('search-app'), s = document.getElementById('search-status');
  if (!app || !s || app.hidden) return false;
  const t = s.textContent.trim();
  return !!t && t !== (app.dataset.loading || '').trim() && t !== (app.dataset.hint || '').trim();
}"""
TORGET_TOP = "() => Array.from(document.querySelectorAll('#search-results .search-result h2 a')).map(a => a.href)"

PAGEFIND_TOP = """async (q) => {
  window.__pf = window.__pf || await import('/pagefind/pagefind.js');
  const r = await window.__pf.search(q);
  const data = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  return data.map(d => d.url);
}"""


def torget_rankings(page, base: str, queries: list[str]) -> list[list[str]]:
    """The first ten result slugs of the real search page, per query."""
    out = []
    for query in queries:
        page.goto(f"{base}/search/?q={quote(query)}")
        page.wait_for_function(TORGET_DONE, polling=20)
        out.append([slug_of(url) for url in page.evaluate(TORGET_TOP)[:10]])
    return out


def pagefind_rankings(page, base: str, queries: list[str]) -> list[list[str]]:
    page.goto(f"{base}/404.html")
    return [[slug_of(url) for url in page.evaluate(PAGEFIND_TOP, query)] for query in queries]


def scores(judged: list[Judged], rankings: list[list[str]]) -> dict[str, dict]:
    """Per group (and ``all``): queries, success@5, MRR@10 and the misses."""
    out: dict[str, dict] = {}
    for item, ranking in zip(judged, rankings, strict=True):
        rank = next((i + 1 for i, slug in enumerate(ranking[:10]) if slug in item.expected), None)
        for key in (item.group, "all"):
            group = out.setdefault(key, {"n": 0, "hits": 0, "rr": 0.0, "misses": []})
            group["n"] += 1
            group["hits"] += rank is not None and rank <= 5
            group["rr"] += 1 / rank if rank else 0.0
            if key != "all" and not (rank and rank <= 5):
                group["misses"].append((item.query, ranking[:5]))
    for group in out.values():
        group["success5"] = group["hits"] / group["n"]
        group["mrr10"] = group["rr"] / group["n"]
    return out


def failures(torget: dict, pagefind: dict | None) -> list[str]:
    """Groups below target, or not above Pagefind."""
    problems = []
    for group in GROUPS:
        t = torget[group]["success5"]
        if t < TARGETS[group]:
            problems.append(f"{group}: success@5 {t:.0%} < target {TARGETS[group]:.0%}")
        if pagefind is not None and t <= pagefind[group]["success5"] and t < 1.0:
            problems.append(f"{group}: success@5 {t:.0%} not above Pagefind's {pagefind[group]['success5']:.0%}")
    return problems


def table(torget: dict, pagefind: dict | None) -> str:
    lines = ["| group | queries | target | Torget success@5 | Torget MRR@10 | Pagefind success@5 | Pagefind MRR@10 |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for group in (*GROUPS, "all"):
        t = torget[group]
        p = pagefind[group] if pagefind else None
        target = f"{TARGETS[group]:.0%}" if group in TARGETS else ""
        lines.append(f"| {GROUP_NAMES.get(group, group)} | {t['n']} | {target} | {t['success5']:.0%} | {t['mrr10']:.2f} | "
                     + (f"{p['success5']:.0%} | {p['mrr10']:.2f} |" if p else "– | – |"))
    return "\n".join(lines)


def build_sample(output: Path, synonyms: bool = True) -> None:
    from torget.build.run import build_site, load_settings

    settings = load_settings(CONFIG, SAMPLE_CONTENT, output, SAMPLE_DATE)
    settings["SITEURL"] = ""
    if not synonyms:
        settings["TORGET_SEARCH_SYNONYMS"] = []
    settings["CACHE_PATH"] = str(output.parent / ".cache")
    result = build_site(settings)
    if not result.ok:
        raise click.ClickException(f"the sample forum did not build: {result.problems} {result.log_errors}")


def run_pagefind(output: Path) -> None:
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(output), "--glob", PAGEFIND_GLOB,
                    "--root-selector", PAGEFIND_ROOT, "--quiet"], check=True)


def write_docs(path: Path, text: str) -> None:
    doc = path.read_text(encoding="utf-8")
    if BEGIN in doc and END in doc:
        head, rest = doc.split(BEGIN, 1)
        doc = head + BEGIN + "\n" + text + "\n" + END + rest.split(END, 1)[1]
    else:
        doc = doc.rstrip("\n") + "\n\n" + BEGIN + "\n" + text + "\n" + END + "\n"
    path.write_text(doc, encoding="utf-8")


def _pagefind_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return ""


@click.command()
@click.option("--queries", "queries_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=QUERIES,
              show_default=True, help="Judged queries (TSV: group, query, expected slugs).")
@click.option("--no-docs", is_flag=True, help="Print only; leave docs/search.md alone.")
@click.option("--check", is_flag=True, help="Exit 1 when a group misses its target or is not above Pagefind.")
@click.option("--misses", is_flag=True, help="Also list every query without an expected thread in the first five.")
@click.option("--no-synonyms", is_flag=True, help="Build without pelicanconf.py's TORGET_SEARCH_SYNONYMS (implies --no-docs).")
def main(queries_path: Path, no_docs: bool, check: bool, misses: bool, no_synonyms: bool) -> None:
    """Run the judged queries through Torget's search page and Pagefind."""
    judged = load_queries(queries_path)
    version = _pagefind_version()
    if not version:
        raise click.ClickException("pagefind is not installed: .venv/bin/pip install -e '.[bench]'")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="torget-relevance-") as tmp:
        output = Path(tmp) / "output"
        click.echo("building the sample forum ...", err=True)
        build_sample(output, synonyms=not no_synonyms)
        no_docs = no_docs or no_synonyms
        click.echo(f"Pagefind {version} indexing the same thread pages ...", err=True)
        run_pagefind(output)
        with serve(output, StaticHandler) as base:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM)
                try:
                    page = browser.new_page()
                    page.set_default_timeout(30_000)
                    errors: list[str] = []
                    page.on("pageerror", lambda error: errors.append(str(error)))
                    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                    queries = [j.query for j in judged]
                    with click.progressbar(length=2, label="Torget, then Pagefind", file=sys.stderr) as bar:
                        torget = scores(judged, torget_rankings(page, base, queries))
                        bar.update(1)
                        pagefind = scores(judged, pagefind_rankings(page, base, queries))
                        bar.update(1)
                finally:
                    browser.close()
    counts = ", ".join(f"{torget[g]['n']} {g}" for g in GROUPS)
    text = "\n".join([
        f"Measured with `scripts/relevance` at commit `{_commit()}` on {date.today().isoformat()}: "
        f"{len(judged)} judged queries ({counts}) on the sample forum, "
        f"Torget's search page in headless Chromium and Pagefind {version} over the same built site, in the same run.",
        "",
        table(torget, pagefind),
    ])
    click.echo(text)
    if errors:
        click.echo(f"console errors on the search page: {errors[:5]}", err=True)
    if misses:
        for group in GROUPS:
            for query, top in torget[group]["misses"]:
                click.echo(f"torget miss [{group}] {query!r}: {top}")
            for query, top in pagefind[group]["misses"]:
                click.echo(f"pagefind miss [{group}] {query!r}: {top}")
    if not no_docs:
        write_docs(DOCS, text)
        click.echo(f"wrote the table into {DOCS.relative_to(ROOT)}", err=True)
    problems = failures(torget, pagefind) + [f"console error: {e}" for e in errors]
    for problem in problems:
        click.echo(f"below target: {problem}", err=True)
    if check and problems:
        sys.exit(1)


def _commit() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


if __name__ == "__main__":
    main()
