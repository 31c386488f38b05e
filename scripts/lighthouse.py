"""Lighthouse scores for the sample forum's page types (issue 18).

Builds the sample forum (or takes a built site), serves it on localhost
with the headers docs/deploying.md recommends (``torget_dev.serving``: its
strict Content-Security-Policy, cache headers and 404 page), and runs npm's ``lighthouse`` at a
pinned version with Debian's Chromium (``CHROME_PATH``) on the start,
thread, category, FAQ and search pages, as a phone (Lighthouse's default
mobile emulation and throttling) and on a desktop (``--preset=desktop``).
It prints the four category scores and the cumulative layout shift of
every run and writes them to the Lighthouse section of docs/benchmarks.md.

Lighthouse is installed with npm into a cache folder on first use
(``~/.cache/torget/lighthouse-VERSION``, or ``--cache``); nothing is
installed into the project. With ``--runs N`` each page is measured N
times and the median score is reported.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from torget_dev.serving import CompressedHandler, serve  # noqa: E402

VERSION = "12.8.2"  # the last release that runs on Debian's Node.js 20
CHROMIUM = "/usr/bin/chromium"
DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {
    "start": "/",
    "thread": "/posts/glomt-losenord-e-tjanster/",
    "category": "/category/avfall-och-atervinning/",
    "FAQ": "/faq/",
    "search": "/search/?q=sopk%C3%A4rl%20h%C3%A4mtning",
}
def install(cache: Path) -> Path:
    binary = cache / "node_modules" / ".bin" / "lighthouse"
    if binary.exists():
        return binary
    if not shutil.which("npm"):
        raise click.ClickException("npm is missing (apt-get install npm)")
    cache.mkdir(parents=True, exist_ok=True)
    click.echo(f"Installing lighthouse@{VERSION} into {cache} …", err=True)
    subprocess.run(["npm", "install", "--prefix", str(cache), "--no-audit", "--no-fund", "--loglevel=error",
                    f"lighthouse@{VERSION}"], check=True)
    return binary


def run_lighthouse(binary: Path, url: str, desktop: bool, workdir: Path, keep: Path | None = None) -> dict:
    output = workdir / "report.json"
    command = [
        str(binary), url, "--output=json", f"--output-path={output}", "--quiet",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking",
    ]
    if desktop:
        command.append("--preset=desktop")
    env = os.environ | {"CHROME_PATH": CHROMIUM}
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0 or not output.exists():
        raise click.ClickException(f"lighthouse failed on {url}: {result.stderr.strip()[-2000:]}")
    report = json.loads(output.read_text(encoding="utf-8"))
    if keep is not None:
        keep.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(output, keep)
    else:
        output.unlink()
    if report.get("runtimeError"):
        raise click.ClickException(f"lighthouse on {url}: {report['runtimeError']}")
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    scores["cls"] = report["audits"]["cumulative-layout-shift"]["numericValue"]
    return scores


def table(results: dict) -> list[str]:
    lines = ["| Page | Form factor | Performance | Accessibility | Best practices | SEO | CLS |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for (page, factor), scores in results.items():
        low, high = scores["range"]
        performance = str(scores["performance"]) + (f" ({low}–{high})" if low != high else "")
        lines.append(f"| {page} | {factor} | {performance} | "
                     + " | ".join(str(scores[c]) for c in CATEGORIES[1:]) + f" | {scores['cls']:.3f} |")
    return lines


def write_docs(path: Path, results: dict, runs: int, chromium: str, build_date: str, load: str) -> None:
    section = [
        START,
        "## Lighthouse",
        "",
        f"Written by `scripts/lighthouse` (Lighthouse {VERSION}, {chromium}, {runs} run(s) per page, "
        f"median; performance's range in brackets), the sample forum built for {build_date}, measured "
        f"{date.today().isoformat()} on {os.cpu_count()} cores with a load average of {load} (other work on the "
        "machine slows Lighthouse's measured CPU tasks, so performance varies between runs). Served on "
        "localhost with the Content-Security-Policy, cache headers and gzip of [deploying.md](deploying.md); "
        "*phone* is Lighthouse's default mobile emulation with simulated slow 4G and CPU throttling, *desktop* "
        "its `--preset=desktop`. The search page (`?q=sopkärl hämtning`) is `noindex` on purpose, which "
        "Lighthouse's SEO category counts against it. Target: 100 in every category on the start, thread, "
        "category and FAQ pages, at least 95 for performance on the search page.",
        "",
        *table(results),
        "",
        "Run it again with `scripts/lighthouse` (`--help` for options).",
        END,
    ]
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = "\n".join(section) + "\n"
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END) + r"\n?", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        mark = text.find("<!-- bench-results:")
        text = text[:mark] + block + "\n" + text[mark:] if mark >= 0 else text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")


@click.command()
@click.option("--site", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A built site to measure. Default: build the sample forum for --date.")
@click.option("--date", "build_date", default="2026-11-20", show_default=True, help="Build date of the sample forum.")
@click.option("--runs", default=1, show_default=True, type=click.IntRange(1, 9), help="Runs per page (median).")
@click.option("--form-factor", "factors", multiple=True, type=click.Choice(["phone", "desktop"]),
              help="Only these (default both).")
@click.option("--page", "pages", multiple=True, type=click.Choice(list(PAGES)),
              help="Only these page types (default all; docs/benchmarks.md is then left as it is).")
@click.option("--json", "json_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep each run's Lighthouse report in this folder (PAGE-FORM_FACTOR-RUN.json).")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path),
              default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "torget" / f"lighthouse-{VERSION}",
              show_default=True, help="Where npm installs lighthouse.")
@click.option("--docs", "docs_path", type=click.Path(dir_okay=False, path_type=Path), default=DOCS, show_default=True)
@click.option("--no-docs", is_flag=True, help="Print only; do not write docs/benchmarks.md.")
def main(site, build_date, runs, factors, pages, json_dir, cache, docs_path, no_docs):
    """Print Lighthouse's four category scores for each page type."""
    if not Path(CHROMIUM).exists():
        raise click.ClickException(f"{CHROMIUM} is missing (apt-get install chromium)")
    binary = install(cache)
    before = os.getloadavg()[0]
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip() or "Chromium"
    with tempfile.TemporaryDirectory(prefix="torget-lighthouse-") as tmp:
        work = Path(tmp)
        if site is None:
            site = work / "site"
            click.echo(f"Building the sample forum for {build_date} …", err=True)
            subprocess.run([str(Path(sys.executable).with_name("torget")), "build", "--output", str(site),
                            "--date", build_date], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        results: dict = {}
        with serve(site, CompressedHandler) as base:
            for factor in factors or ("phone", "desktop"):
                for name, path in PAGES.items():
                    if pages and name not in pages:
                        continue
                    measured = [run_lighthouse(binary, base + path, factor == "desktop", work,
                                               json_dir / f"{name}-{factor}-{run + 1}.json" if json_dir else None)
                                for run in range(runs)]
                    scores = {key: statistics.median(m[key] for m in measured) for key in (*CATEGORIES, "cls")}
                    scores = {key: (value if key == "cls" else round(value)) for key, value in scores.items()}
                    scores["range"] = (min(m["performance"] for m in measured), max(m["performance"] for m in measured))
                    results[(name, factor)] = scores
                    click.echo(f"{name:9} {factor:8} " + "  ".join(f"{c} {scores[c]:3}" for c in CATEGORIES)
                               + f"  CLS {scores['cls']:.3f}")
    if pages and set(pages) != set(PAGES) or factors and set(factors) != {"phone", "desktop"}:
        no_docs = True  # the section lists every page type at both form factors
    if not no_docs:
        load = f"{before:.1f} before and {os.getloadavg()[0]:.1f} after the runs"
        write_docs(docs_path, results, runs, chromium, build_date, load)
        click.echo(f"Wrote {docs_path}", err=True)


if __name__ == "__main__":
    main()
