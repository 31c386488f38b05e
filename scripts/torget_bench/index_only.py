"""The search index of a corpus forum without building the site: the
threads ``make_forum`` would write, held in memory and given to the search
plugin's own :func:`torget_search.write_index`, each distinct text rendered
once. A 100,000-thread forum's index then takes minutes instead of a whole
build; its typed first search is measured on a built forum's pages with
this index in their ``search/`` folder (:func:`measure_typed`):
``python -m torget_bench.index_only real100000 SITE --workdir DIR``
(from ``scripts/``, with the project's virtualenv).
"""

from __future__ import annotations

import os
import shutil
import statistics
from datetime import date
from pathlib import Path

import click

from . import ROOT, sizes
from .forums import CONFIG, CORPUS_DATE, torget_overrides, Forum
from .measure import say


def corpus_threads(n: int | None, spread: bool, seed: int = 0) -> list:
    """The threads :func:`torget_dev.corpus.make_forum` writes for ``n``
    (same slugs, titles and dates; None: the corpus once), without writing them."""
    from torget_dev.corpus import forum_threads

    return forum_threads(n, seed, spread=spread)


class _RenderedOnce:
    """A thread's HTML by slug, rendered once per distinct text (copies share it)."""

    def __init__(self, settings, threads: dict):
        from torget.html.rendering import ThreadRenderer

        self.threads = threads
        self.renderer = ThreadRenderer(settings.get("MARKDOWN"))
        self.done: dict = {}

    def __call__(self, slug: str):
        thread = self.threads[slug]
        key = (thread.body, tuple(reply.body for reply in thread.replies))
        if key not in self.done:
            self.done[key] = self.renderer.render(thread)
        return self.done[key]

    def summary(self) -> str:
        return f"{len(self.done)} distinct texts rendered"


def write_search_index(key: str, work: Path, build_date: date = CORPUS_DATE, full_index: bool = False) -> Path:
    """Write the search folder of corpus forum ``key`` (``real100000``)
    under ``work``, with the unsharded index too when ``full_index``;
    returns it."""
    from torget.addresses import site_link
    from torget.build.run import load_settings
    from torget.search.language import pipeline_for
    from torget.settings.forum import ForumSettings
    from torget_search import write_index

    n = sizes.threads(key)
    content = work / "content"
    content.mkdir(parents=True, exist_ok=True)
    settings = load_settings(CONFIG, content, work / "output", build_date)
    forum_stub = Forum(key, key, content, "en", build_date, n or 0, [], [])
    settings.update(torget_overrides(forum_stub, work / "cache"))
    settings["TORGET_SEARCH_WRITE_FULL_INDEX"] = full_index
    forum = ForumSettings.from_pelican(settings)
    threads = {t.slug: t for t in corpus_threads(n, spread=sizes.is_real(key)) if not t.archived}
    say(f"[{key}] {len(threads):,} threads in memory ...")
    url = settings["ARTICLE_URL"]
    entries = [(slug, site_link("", url.format(slug=slug))) for slug in threads]
    scripts = [site_link("", f"theme/{path}") for path in pipeline_for(forum.lang).browser_scripts]
    folder = work / "search"
    if folder.exists():
        shutil.rmtree(folder)
    say(f"[{key}] " + write_index(lambda: entries, threads, forum, settings, scripts, folder,
                                  html=_RenderedOnce(settings, threads)))
    return folder


def measure_typed(site: Path, search: Path, queries: list[str], timeout_ms: int = 600_000) -> list[dict]:
    """The typed first search (:func:`.browser.torget_typed_search`) of
    each query on a copy of the built site ``site`` whose ``search/``
    folder is ``search`` (hard links) and whose search scripts are the
    theme's, minified as a build minifies them."""
    from playwright.sync_api import sync_playwright
    from torget.build.minify import SCRIPTS, minify_scripts
    from torget_dev.serving import StaticHandler, serve as serve_folder

    from .browser import launch, torget_typed_search

    served = search.parent / "site"
    if served.exists():
        shutil.rmtree(served)
    index_files = (lambda folder, names: [n for n in names if n.endswith(".json")]
                   if Path(folder) == site / "search" else [])
    shutil.copytree(site, served, ignore=index_files)  # the search page stays, the index is replaced
    shutil.copytree(search, served / "search", dirs_exist_ok=True, copy_function=os.link)  # read only
    for name in SCRIPTS:
        shutil.copyfile(ROOT / "theme" / "static" / "js" / Path(name).name, served / name)
    minify_scripts(served)
    runs = []
    with sync_playwright() as playwright, serve_folder(served, StaticHandler) as base:
        browser = launch(playwright)
        try:
            for query in queries:
                runs.append(torget_typed_search(browser, base, query, timeout_ms))
                say(f"  typed {query!r}: {runs[-1]['sent'] / 1024:.1f} KB, {runs[-1]['files']} files")
        finally:
            browser.close()
    sent = [r["sent"] for r in runs]
    say(f"typed first search: median {statistics.median(sent) / 1024:.1f} KB, max {max(sent) / 1024:.1f} KB")
    return runs


@click.command()
@click.argument("key")
@click.argument("site", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--workdir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Where the index, and the site copy it is measured in, go.")
@click.option("--reuse", is_flag=True, help="Measure the search folder already in the work folder.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None, help="JSON file for the runs.")
@click.option("--docs", "docs_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Record the figures in this benchmarks file (docs/benchmarks.md) beside KEY's full run.")
def main(key: str, site: Path, workdir: Path, reuse: bool, out: Path | None, docs_path: Path | None) -> None:
    """Write corpus forum KEY's search index (``real100000``) without
    building the site, and measure the typed first search of the
    benchmark's queries on a copy of SITE (a forum the benchmark built,
    ``--keep``) with that index."""
    import json

    from .forums import QUERY_POOL, pick_queries
    from torget_dev.corpus import load_corpus

    if not sizes.valid(key) or key == "sample":
        raise click.BadParameter(f"not a corpus size: {key}", param_hint="KEY")
    workdir.mkdir(parents=True, exist_ok=True)
    search = workdir / "search" if reuse else write_search_index(key, workdir)
    titles = [t.title for t in load_corpus().threads[:QUERY_POOL]]
    queries, _ = pick_queries(titles, "en", 12, 60)
    runs = measure_typed(site, search, queries)
    if out is not None:
        out.write_text(json.dumps(runs, indent=1), encoding="utf-8")
    if docs_path is not None:
        record(docs_path, key, runs, " ".join(["python -m torget_bench.index_only", key, "SITE", "--workdir DIR"]
                                            + (["--reuse"] if reuse else [])))


def record(docs_path: Path, key: str, runs: list[dict], command: str) -> None:
    """Store ``runs`` as KEY's ``typed_index_only`` in the benchmarks file
    and rewrite it (the size's full run must be there already)."""
    from datetime import datetime, timezone

    from .measure import code_state
    from .report import previous_machine, previous_results, write_docs

    results = previous_results(docs_path)
    if key not in results:
        raise click.ClickException(f"{docs_path} has no {key} run to put the figures beside")
    results[key]["typed_index_only"] = {
        "measured": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "code": code_state(),
        "command": command,
        "runs": [{k: run[k] for k in ("query", "sent", "files", "by_kind")} for run in runs],
    }
    write_docs(docs_path, results, [], previous_machine(docs_path))
    say(f"recorded in {docs_path}")


if __name__ == "__main__":
    main()
