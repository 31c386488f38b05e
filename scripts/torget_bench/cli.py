"""The command: ``scripts/bench [options]`` (``python -m torget_bench``)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import click

from torget_dev.corpus import corpus_path

from . import hugo
from . import sizes as sizes_module
from .browser import CHROMIUM, launch
from .forums import CORPUS_DATE, Forums
from .measure import machine, pagefind_version, say
from .report import DOCS, previous_machine, previous_results, size_table, targets_table, write_docs
from .run import SKIPPABLE, measure_size


@click.command()
@click.option("--sizes", default="1000,10000", show_default=True,
              help="Comma-separated thread counts; 'sample' is the sample forum, 'real' the corpus as it is "
                   "(every thread once), 'realN' N threads from it with no copy next to its original.")
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
                   "(no build ratio), 'hugo' the Hugo build (no ratio to Hugo), 'reference' the unsharded reference "
                   "index and the ranking comparison. "
                   "The docs record it and say 'not run'.")
def main(sizes, quick, payload_count, ranking_count, build_date, docs_path, no_docs, merge, workdir, keep, timeout,
         memory_gb, render_only, skip):
    """Benchmark Torget against plain Pelican, Hugo and Pagefind (see docs/benchmarks.md)."""
    if render_only:
        _render_only(docs_path)
        return
    _check_tools(skip)
    keys = ["sample", "1000"] if quick else [s.strip().replace("_", "") for s in sizes.split(",") if s.strip()]
    for key in keys:
        if not sizes_module.valid(key):
            raise click.BadParameter(f"not a size: {key}", param_hint="--sizes")
    if any(key != "sample" for key in keys) and not corpus_path().is_dir():
        raise click.ClickException(f"the corpus is not at {corpus_path()}: set TORGET_CORPUS to its folder")
    forums = Forums(payload_count, ranking_count, build_date.date() if build_date else CORPUS_DATE)
    mach = machine()
    mach["hugo"] = hugo.version()
    if skip:
        say("not run (--skip): " + "; ".join(SKIPPABLE[step] for step in sorted(set(skip))))
    say(f"machine: {mach['cpu']}, {mach['cores']} cores, {mach['memory_gb']} GB; Pelican {mach['pelican']}, "
        f"Pagefind {mach['pagefind']}, {mach['hugo']}")
    root = Path(tempfile.mkdtemp(prefix="torget-bench-", dir=workdir))
    say(f"working in {root}")
    try:
        results = _measure_sizes(keys, forums, root, mach, timeout, memory_gb, frozenset(skip), keep,
                                 None if no_docs else docs_path, merge)
    finally:
        if keep:
            say(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    click.echo("")
    for key, r in results.items():
        click.echo(size_table(key, r))
    click.echo(targets_table(results))


def _render_only(docs_path: Path) -> None:
    stored = previous_results(docs_path)
    if not stored:
        raise click.ClickException(f"no results in {docs_path}")
    write_docs(docs_path, stored, [], previous_machine(docs_path) or machine())
    say(f"wrote {docs_path} from its {len(stored)} stored sizes")


def _check_tools(skip) -> None:
    """Every program the run needs is there, before anything is measured."""
    if pagefind_version() == "missing":
        raise click.ClickException("pagefind is not installed: .venv/bin/pip install -e '.[bench]'")
    if "hugo" not in skip and not hugo.available():
        raise click.ClickException("hugo is not installed: apt-get install hugo (Debian's), or leave it out "
                                   "with --skip hugo")
    if not Path(CHROMIUM).exists():
        raise click.ClickException(f"{CHROMIUM} is missing (apt-get install chromium)")


def _measure_sizes(keys, forums, root: Path, mach: dict, timeout: float, memory_gb: float, skip: frozenset[str],
                   keep: bool, docs_path: Path | None, merge: bool) -> dict:
    """Each size in turn in one browser; the docs file is written after each size."""
    from playwright.sync_api import sync_playwright

    command = "scripts/bench " + " ".join(sys.argv[1:]) if sys.argv[1:] else "scripts/bench"
    results: dict = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        mach["chromium"] = browser.version
        try:
            for key in keys:
                work = root / key
                forum = forums.write(key, work)
                say(f"[{forum.label}] first-search queries: {', '.join(forum.payload_queries)}")
                result = measure_size(forum, work, browser, timeout, memory_gb, skip)
                result.update(command=command, measured=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                              pagefind_version=mach["pagefind"])
                results[key] = result
                if not keep:
                    shutil.rmtree(work, ignore_errors=True)
                if docs_path is not None:
                    merged = {**(previous_results(docs_path) if merge else {}), **results}
                    write_docs(docs_path, merged, [], mach)
                    say(f"wrote {docs_path} and {docs_path.with_name('benchmarks-chart.svg')}")
        finally:
            browser.close()
    return results
