"""The steps of one size, in order, each printed as it is measured.

:func:`measure_size` returns the size's results as they are stored in
docs/benchmarks.md (``bench-results:``); the keys are the report's
(:mod:`.report`). :class:`SizeRun` holds one size's run; each of its
methods is one step.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
from pathlib import Path

import click

from torget_dev.serving import StaticHandler, serve

from . import browser as drive
from . import hugo
from .forums import CHANGED_WORD, Forum, change_one_thread, child_args, plain_settings
from .measure import (BenchError, BenchTimeout, code_digest, code_state, cpu_reference, limited, pagefind_version,
                      python_module, run_measured, say)
from .payload import docs_match_chunks, folder_bytes, kb, manifest_digest, mb, pct, search_folder_stats, served

#: Steps ``--skip`` can leave out, and what each one leaves unmeasured.
SKIPPABLE = {
    "plain": "the plain Pelican build, so the build has no ratio to it",
    "hugo": "the Hugo build of the same threads, so the build has no ratio to it",
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


def measure_size(forum: Forum, work: Path, browser, timeout: float, memory_gb: float,
                 skip: frozenset[str] = frozenset()) -> dict:
    """Every step of one size; a build that runs out of time ends the size early."""
    run = SizeRun(forum, work, browser, timeout, memory_gb, skip)
    run.plain_pelican()
    run.hugo()
    if not run.cold_build():
        return run.result
    run.rebuild()
    run.index_bytes()
    run.pagefind_index()
    run.reference_index()
    run.in_browser()
    return run.result


def _ratio_text(seconds: float, other: float | None, name: str, step: str, over: bool = False) -> str:
    if other is None:
        return f"no ratio: {name} {not_run(step)}"
    return f"{'> ' if over else ''}{seconds / other:.2f}x {name}"


class SizeRun:
    """One size's measurements, in :attr:`result`, step by step."""

    def __init__(self, forum: Forum, work: Path, browser, timeout: float, memory_gb: float, skip: frozenset[str]):
        self.forum, self.work, self.browser = forum, work, browser
        self.timeout, self.memory_gb, self.skip = timeout, memory_gb, skip
        self.tag = f"[{forum.label}]"
        self.output, self.cache = work / "output", work / "cache"
        self.loads: dict = {}
        self.speeds: dict = {}  # cpu_reference() before each build
        self.codes: dict = {}
        self.result: dict = {"threads": forum.threads, "lang": forum.lang, "build_date": forum.build_date.isoformat(),
                             "payload_queries": forum.payload_queries, "ranking_queries": forum.ranking_queries,
                             "skipped": sorted(skip)}

    def _before(self, step: str) -> None:
        """The machine's load and speed just before a build."""
        self.loads[step] = os.getloadavg()[0]
        self.speeds[step] = cpu_reference()

    def _seconds_of(self, step: str) -> float | None:
        """The finished build time of ``plain`` or ``hugo`` (None: skipped, so no ratio)."""
        return (self.result.get(step) or {}).get("seconds") or None

    def plain_pelican(self) -> None:
        tag = self.tag
        if "plain" in self.skip:
            self.result["plain"] = {"skipped": True}
            say(f"{tag} plain Pelican build {not_run('plain')}: the build gets no ratio to it")
            return
        plain_out = self.work / "plain-output"
        settings_file = self.work / "plainconf.py"
        settings_file.write_text(plain_settings(self.forum.content, plain_out, self.forum.lang))
        self._before("plain")
        say(f"{tag} plain Pelican build (notmyidea, no plugins; CPU reference {self.speeds['plain']:.2f} s) ...")
        try:
            plain = run_measured([sys.executable, "-m", "pelican", "-s", str(settings_file), "-q"], self.work,
                                 self.timeout, "plain Pelican")
            pages = sum(1 for _ in plain_out.rglob("*.html"))
            self.result["plain"] = {"seconds": plain.seconds, "peak_mb": plain.peak_mb, "html_files": pages,
                                    "cpu_seconds": plain.cpu_seconds}
            say(f"{tag}   plain Pelican: {plain.seconds:.1f} s (CPU {plain.cpu_seconds:.1f} s), "
                f"peak {plain.peak_mb:.0f} MB, {pages} HTML files")
        except BenchTimeout as error:
            self.result["plain"] = {"timed_out": True, "seconds": error.seconds, "peak_mb": error.peak_mb}
            say(f"{tag}   plain Pelican did not finish in {error.seconds:.0f} s (peak so far {error.peak_mb:.0f} MB)")
        shutil.rmtree(plain_out, ignore_errors=True)

    def hugo(self) -> None:
        """Hugo over the same threads (:mod:`.hugo`); the site is written before the clock starts."""
        tag = self.tag
        if "hugo" in self.skip:
            say(f"{tag} Hugo build {not_run('hugo')}: the build gets no ratio to it")
            return
        site, out = self.work / "hugo-site", self.work / "hugo-output"
        written = hugo.write_site(self.forum.content, site, self.forum.lang)
        self._before("hugo")
        say(f"{tag} Hugo build ({hugo.version()}, {written:,} threads, minimal templates; "
            f"CPU reference {self.speeds['hugo']:.2f} s) ...")
        try:
            built = hugo.build(site, out, self.work, self.timeout)
            pages = sum(1 for _ in out.rglob("*.html"))
            self.result["hugo"] = {"seconds": built.seconds, "peak_mb": built.peak_mb, "html_files": pages,
                                   "cpu_seconds": built.cpu_seconds,
                                   "bytes": sum(p.stat().st_size for p in out.rglob("*") if p.is_file()),
                                   "version": hugo.version()}
            say(f"{tag}   Hugo: {built.seconds:.1f} s (CPU {built.cpu_seconds:.1f} s), peak {built.peak_mb:.0f} MB, "
                f"{pages} HTML files")
        except BenchError as error:
            self.result.setdefault("failed", []).append(f"Hugo build: {str(error)[:300]}")
            say(f"{tag}   Hugo failed: {str(error)[:300]}")
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)

    def cold_build(self) -> bool:
        """Torget on an empty cache; False when it ran out of time (nothing after it is measured)."""
        tag, result = self.tag, self.result
        build = python_module("child_build", child_args(self.forum, self.output, self.cache))
        self._before("cold")
        result["cpu_reference"] = self.speeds
        self.codes["cold build"] = result["code"] = code_state()
        say(f"{tag} Torget build, cold cache ({result['code']}; CPU reference {self.speeds['cold']:.2f} s) ...")
        plain_seconds = self._seconds_of("plain")
        try:
            cold = run_measured(build, self.work, self.timeout, "Torget cold build", dumps_stack=True)
        except BenchTimeout as error:
            self._timed_out(error, plain_seconds)
            return False
        info = cold.last_json()
        if not info["ok"]:
            raise BenchError(f"Torget build failed: {info['errors'] or info['log_errors']}")
        hugo_seconds = self._seconds_of("hugo")
        result["cold"] = {"seconds": cold.seconds, "peak_mb": cold.peak_mb, "cpu_seconds": cold.cpu_seconds,
                          "ratio": cold.seconds / plain_seconds if plain_seconds else None,
                          "hugo_ratio": cold.seconds / hugo_seconds if hugo_seconds else None,
                          "in_process_seconds": info["build_seconds"], "warnings": info["warnings"],
                          "threads_read": info["threads"]}
        say(f"{tag}   Torget cold: {cold.seconds:.1f} s (CPU {cold.cpu_seconds:.1f} s; "
            + _ratio_text(cold.seconds, plain_seconds, "plain Pelican", "plain") + ", "
            + _ratio_text(cold.seconds, hugo_seconds, "Hugo", "hugo")
            + f"), peak {cold.peak_mb:.0f} MB, {info['warnings']} content warnings")
        return True

    def _timed_out(self, error: BenchTimeout, plain_seconds: float | None) -> None:
        ratio = error.seconds / plain_seconds if plain_seconds else None
        hugo_seconds = self._seconds_of("hugo")
        self.result["cold"] = {"timed_out": True, "seconds": error.seconds, "peak_mb": error.peak_mb,
                               "ratio": ratio, "hugo_ratio": error.seconds / hugo_seconds if hugo_seconds else None,
                               "where": error.where}
        self.result["load_before"] = self.loads
        self.result["incomplete"] = f"the Torget build did not finish in {error.seconds:.0f} s"
        say(f"{self.tag}   Torget cold build did not finish in {error.seconds:.0f} s ("
            + _ratio_text(error.seconds, plain_seconds, "plain Pelican", "plain", over=True)
            + f"), peak so far {error.peak_mb:.0f} MB; it was in: {error.where}")

    def rebuild(self) -> None:
        """One sentence added to one thread; the build again with the same cache and output."""
        tag, forum = self.tag, self.forum
        manifest_before = manifest_digest(self.output)
        changed, slug = change_one_thread(forum.content)
        self._before("rebuild")
        self.result["load_before"] = self.loads
        self.codes["rebuild"] = code_state()
        say(f"{tag} Torget rebuild after changing {changed.relative_to(forum.content)} "
            f"(CPU reference {self.speeds['rebuild']:.2f} s) ...")
        build = python_module("child_build", child_args(forum, self.output, self.cache))
        warm = run_measured(build, self.work, self.timeout, "Torget rebuild", dumps_stack=True)
        info = warm.last_json()
        if not info["ok"]:
            raise BenchError(f"Torget rebuild failed: {info['errors'] or info['log_errors']}")
        page = self.output / "posts" / slug / "index.html"
        picked_up = page.exists() and CHANGED_WORD in page.read_text(encoding="utf-8")
        new_manifest = manifest_before != manifest_digest(self.output)
        cold_seconds = self.result["cold"]["seconds"]
        self.result["rebuild"] = {"seconds": warm.seconds, "peak_mb": warm.peak_mb, "share": warm.seconds / cold_seconds,
                                  "cpu_seconds": warm.cpu_seconds,
                                  "in_process_seconds": info["build_seconds"], "page_updated": picked_up,
                                  "index_updated": new_manifest}
        say(f"{tag}   rebuild: {warm.seconds:.1f} s ({100 * warm.seconds / cold_seconds:.0f} % of cold; "
            f"CPU {warm.cpu_seconds:.1f} s), "
            f"peak {warm.peak_mb:.0f} MB; change on page: {picked_up}, new manifest: {new_manifest}")

    def index_bytes(self) -> None:
        stats = self.result["index"] = search_folder_stats(self.output)
        say(f"{self.tag}   search/: {stats['files']} files ({stats['shards']} shards, {stats['chunks']} chunks), "
            f"{mb(stats['raw'])} raw, {mb(stats['gzip'])} gzip; manifest {kb(stats['manifest_raw'])} "
            f"({kb(stats['manifest_gzip'])} gzip)")

    def pagefind_index(self) -> None:
        """Pagefind over the same thread pages, under the address-space limit."""
        tag, output = self.tag, self.output
        say(f"{tag} Pagefind {pagefind_version()} indexing the thread pages ...")
        try:
            pf = run_measured(limited(self.memory_gb, [sys.executable, "-m", "pagefind", "--site", str(output),
                                                       "--glob", drive.PAGEFIND_GLOB,
                                                       "--root-selector", drive.PAGEFIND_ROOT, "--quiet"]),
                              self.work, self.timeout, "Pagefind")
            pf_stats = folder_bytes(output / "pagefind")
            entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
            pf_pages = sum(lang.get("page_count", 0) for lang in entry.get("languages", {}).values())
            self.result["pagefind_index"] = {"seconds": pf.seconds, "peak_mb": pf.peak_mb, "pages": pf_pages,
                                             **pf_stats}
            say(f"{tag}   Pagefind: {pf.seconds:.1f} s, peak {pf.peak_mb:.0f} MB, {pf_pages} pages indexed, "
                f"{pf_stats['files']} files, {mb(pf_stats['raw'])} raw")
        except (BenchError, OSError, ValueError) as error:
            self.result.setdefault("failed", []).append(
                f"Pagefind indexing ({self.memory_gb} GB limit): {str(error)[:300]}")
            say(f"{tag}   Pagefind failed: {str(error)[:300]}")

    def reference_index(self) -> None:
        """The unsharded reference index; also whether the code changed during the size."""
        tag = self.tag
        bench_dir = self.output / "__bench__"
        if "reference" in self.skip:
            self.codes["after Pagefind"] = code_state()
        else:
            say(f"{tag} unsharded reference index (the same documents, build_index().lunr_json()) ...")
            bench_dir.mkdir(exist_ok=True)
            self.codes["reference index"] = code_state()
        self._note_code_changes()
        if "reference" in self.skip:
            say(f"{tag} unsharded reference index and ranking comparison {not_run('reference')}")
            return
        try:
            ref = run_measured(limited(self.memory_gb, python_module("child_reference", child_args(
                self.forum, self.output, self.cache, scratch=str(self.work / "scratch"),
                reference=str(bench_dir / "reference.json"), docs=str(self.work / "docs.json")))),
                self.work, self.timeout, "reference index")
            ref.last_json()
            ref_docs = json.loads((self.work / "docs.json").read_text(encoding="utf-8"))
            urls_match = docs_match_chunks(self.output, ref_docs)
            ref_bytes = (bench_dir / "reference.json").stat().st_size
            self.result["reference"] = {"bytes": ref_bytes, "docs": len(ref_docs), "seconds": ref.seconds,
                                        "peak_mb": ref.peak_mb, "docs_match_chunks": urls_match}
            say(f"{tag}   reference: {len(ref_docs)} documents, {mb(ref_bytes)} JSON; ids and URLs equal the "
                f"published chunks: {urls_match}")
        except (BenchError, OSError, ValueError) as error:
            self.result.setdefault("failed", []).append(
                f"unsharded reference index ({self.memory_gb} GB limit): {str(error)[:300]}")
            say(f"{tag}   reference index failed: {str(error)[:300]}")

    def _note_code_changes(self) -> None:
        result = self.result
        changed = {step: code for step, code in self.codes.items() if code_digest(code) != code_digest(result["code"])}
        if changed:
            result["code_changed"] = "; ".join(f"{step}: {code}" for step, code in changed.items())
            say(f"{self.tag}   warning: the code changed between the steps: {result['code_changed']}")

    def in_browser(self) -> None:
        """The search steps, in Chromium, against the built output served on 127.0.0.1."""
        timeout_ms = int(min(self.timeout, 600) * 1000)
        with serve(self.output, StaticHandler) as base:
            self.first_searches(base, timeout_ms)
            self.latency(base, timeout_ms)
            self.ranking(base, timeout_ms)

    def _each_query(self, label: str, search, base: str, timeout_ms: int) -> list[dict]:
        runs = []
        with click.progressbar(self.forum.payload_queries, label=f"{self.tag} {label}", file=sys.stderr) as bar:
            for query in bar:
                runs.append(search(self.browser, base, query, timeout_ms))
        return runs

    def first_searches(self, base: str, timeout_ms: int) -> None:
        """First search in Torget (the search page, and typed into the header box), then in Pagefind."""
        result, tag = self.result, self.tag
        result["torget_first"] = self._each_query("first search, Torget", drive.torget_first_search, base, timeout_ms)
        _say_first(tag, "Torget", result["torget_first"])
        typed = result["torget_typed"] = self._each_query("first search typed, Torget", drive.torget_typed_search,
                                                          base, timeout_ms)
        typed_sent = [r["sent"] for r in typed]
        say(f"{tag}   Torget first search typed key by key, then Enter: median {kb(statistics.median(typed_sent))}, "
            f"max {kb(max(typed_sent))} (gzip)")
        if "pagefind_index" in result:
            result["pagefind_first"] = self._each_query("first search, Pagefind", drive.pagefind_first_search,
                                                        base, timeout_ms)
            _say_first(tag, "Pagefind", result["pagefind_first"])

    def latency(self, base: str, timeout_ms: int) -> None:
        """Query latency once a query's data is loaded, with and without a typo."""
        say(f"{self.tag} query latency, {drive.LATENCY_RUNS} runs per query ...")
        lat = drive.latencies(self.browser, base, self.forum.payload_queries, "pagefind_index" in self.result,
                              timeout_ms)
        plain_lat, fuzzy_lat, pf_lat = lat["torget"], lat["fuzzy"], lat["pagefind"]
        search = self.output / "search"
        la = self.result["latency"] = {
            "repeat_p50": pct(plain_lat["repeat"], 0.5), "repeat_p95": pct(plain_lat["repeat"], 0.95),
            "repeat_max": max(plain_lat["repeat"]),
            "switch_p50": pct(plain_lat["switching"], 0.5), "switch_p95": pct(plain_lat["switching"], 0.95),
            "switch_max": max(plain_lat["switching"]),
            "pagefind_p50": pct(pf_lat["repeat"], 0.5), "pagefind_p95": pct(pf_lat["repeat"], 0.95),
            "samples": len(plain_lat["repeat"]),
            "fuzzy_p50": pct(fuzzy_lat["repeat"], 0.5), "fuzzy_p95": pct(fuzzy_lat["repeat"], 0.95),
            "fuzzy_switch_p95": pct(fuzzy_lat["switching"], 0.95),
            "typo_queries": lat["typos"], "typo_files": len(lat["typo_files"]),
            "typo_sent_bytes": sum(served((search / name).read_bytes()) for name, _ in lat["typo_files"]
                                   if (search / name).is_file()),
        }
        say(f"{self.tag}   Torget same query again: p50 {la['repeat_p50']:.1f} ms, p95 {la['repeat_p95']:.1f} ms; "
            f"switching queries (shards cached): p50 {la['switch_p50']:.1f} ms, "
            f"p95 {la['switch_p95']:.1f} ms; Pagefind search(): p50 {la['pagefind_p50']:.1f} ms, "
            f"p95 {la['pagefind_p95']:.1f} ms")
        say(f"{self.tag}   Torget with a typo in each query (typo correction): p50 {la['fuzzy_p50']:.1f} ms, "
            f"p95 {la['fuzzy_p95']:.1f} ms, switching p95 {la['fuzzy_switch_p95']:.1f} ms; typo vocabulary fetched "
            f"for all {len(la['typo_queries'])} queries: {la['typo_files']} files, {kb(la['typo_sent_bytes'])} gzip")

    def ranking(self, base: str, timeout_ms: int) -> None:
        """Top 10 of the sharded engine against the unsharded reference index, in the same page."""
        if "reference" not in self.result:
            return
        tag, queries = self.tag, self.forum.ranking_queries
        say(f"{tag} ranking: {len(queries)} queries, sharded engine vs the unsharded index ...")
        try:
            ranked = drive.rankings(self.browser, base, "/__bench__/reference.json", queries, timeout_ms)
            ranking = drive.compare_rankings(ranked["out"])
            ranking["reference_load_ms"] = ranked["loadMs"]
            self.result["ranking"] = ranking
            say(f"{tag}   top-{drive.PAGE_RESULTS} equal for {ranking['equal']}/{ranking['total']} queries "
                f"({ranking['tie_only']} of the others differ only among equal scores); result counts equal for "
                f"{ranking['counts_equal']}/{ranking['total']}; max score difference {ranking['max_score_diff']:.2g}")
            for miss in ranking["mismatches"][:3]:
                say(f"{tag}   differs: {miss['query']!r}: sharded {miss['sharded'][:4]} vs reference "
                    f"{miss['reference'][:4]}")
        except Exception as error:  # noqa: BLE001 - e.g. the reference is too big for one page
            self.result.setdefault("failed", []).append(f"ranking in the browser: {str(error)[:300]}")
            say(f"{tag}   ranking failed: {str(error)[:300]}")


def _say_first(tag: str, engine: str, runs: list[dict]) -> None:
    sent = [r["sent"] for r in runs]
    incomplete = [r["query"] for r in runs if not r["complete"]]
    say(f"{tag}   {engine} first search: median {kb(statistics.median(sent))}, max {kb(max(sent))} "
        f"(gzip), median {statistics.median(r['files'] for r in runs):.0f} files, "
        f"median {statistics.median(r['ms'] for r in runs):.0f} ms"
        + (f"; fewer than {drive.PAGE_RESULTS} shown for {incomplete}" if incomplete else ""))
