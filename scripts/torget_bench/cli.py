"""The command: ``scripts/bench [options]`` (``python -m torget_bench``)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import click

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

    if pagefind_version() == "missing":
        raise click.ClickException("pagefind is not installed: .venv/bin/pip install -e '.[bench]'")
    if not Path(CHROMIUM).exists():
        raise click.ClickException(f"{CHROMIUM} is missing (apt-get install chromium)")
    keys = ["sample", "1000"] if quick else [s.strip().replace("_", "") for s in sizes.split(",") if s.strip()]
    for key in keys:
        if not sizes_module.valid(key):
            raise click.BadParameter(f"not a size: {key}", param_hint="--sizes")
    command = "scripts/bench " + " ".join(sys.argv[1:]) if sys.argv[1:] else "scripts/bench"
    forums = Forums(payload_count, ranking_count, build_date.date() if build_date else CORPUS_DATE)
    mach = machine()
    if skip:
        say("not run (--skip): " + "; ".join(SKIPPABLE[step] for step in sorted(set(skip))))
    say(f"machine: {mach['cpu']}, {mach['cores']} cores, {mach['memory_gb']} GB; Pelican {mach['pelican']}, "
        f"Pagefind {mach['pagefind']}")

    results: dict = {}
    root = Path(tempfile.mkdtemp(prefix="torget-bench-", dir=workdir))
    say(f"working in {root}")
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            mach["chromium"] = browser.version
            try:
                for key in keys:
                    work = root / key
                    forum = forums.write(key, work)
                    say(f"[{forum.label}] first-search queries: {', '.join(forum.payload_queries)}")
                    result = measure_size(forum, work, browser, timeout, memory_gb, frozenset(skip))
                    result.update(command=command, measured=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                                  pagefind_version=mach["pagefind"])
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
    click.echo(targets_table(results))
