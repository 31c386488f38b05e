"""The steps of one size, in order, each printed as it is measured.

:func:`measure_size` returns the size's results as they are stored in
docs/benchmarks.md (``bench-results:``); the keys are the report's
(:mod:`.report`).
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
from .forums import CHANGED_WORD, Forum, change_one_thread, child_args, plain_settings
from .measure import (BenchError, BenchTimeout, code_digest, code_state, cpu_reference, limited, pagefind_version,
                      python_module, run_measured, say)
from .payload import docs_match_chunks, folder_bytes, kb, manifest_digest, mb, pct, search_folder_stats, served

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


def measure_size(forum: Forum, work: Path, browser, timeout: float, memory_gb: float,
                 skip: frozenset[str] = frozenset()) -> dict:
    py = sys.executable
    tag = f"[{forum.label}]"
    result: dict = {"threads": forum.threads, "lang": forum.lang, "build_date": forum.build_date.isoformat(),
                    "payload_queries": forum.payload_queries, "ranking_queries": forum.ranking_queries,
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
        settings_file.write_text(plain_settings(forum.content, plain_out, forum.lang))
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
    build = python_module("child_build", child_args(forum, output, cache))
    loads["cold"] = os.getloadavg()[0]
    speeds["cold"] = cpu_reference()
    result["cpu_reference"] = speeds
    codes = {"cold build": code_state()}
    result["code"] = codes["cold build"]
    say(f"{tag} Torget build, cold cache ({result['code']}; CPU reference {speeds['cold']:.2f} s) ...")
    try:
        cold = run_measured(build, work, timeout, "Torget cold build", dumps_stack=True)
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
    manifest_before = manifest_digest(output)

    # 3. Torget, one thread changed, warm cache
    changed, slug = change_one_thread(forum.content)
    loads["rebuild"] = os.getloadavg()[0]
    speeds["rebuild"] = cpu_reference()
    result["load_before"] = loads
    codes["rebuild"] = code_state()
    say(f"{tag} Torget rebuild after changing {changed.relative_to(forum.content)} "
        f"(CPU reference {speeds['rebuild']:.2f} s) ...")
    warm = run_measured(build, work, timeout, "Torget rebuild", dumps_stack=True)
    info = warm.last_json()
    if not info["ok"]:
        raise BenchError(f"Torget rebuild failed: {info['errors'] or info['log_errors']}")
    page = output / "posts" / slug / "index.html"
    picked_up = page.exists() and CHANGED_WORD in page.read_text(encoding="utf-8")
    manifest_after = manifest_digest(output)
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
    say(f"{tag} Pagefind {pagefind_version()} indexing the thread pages ...")
    try:
        pf = run_measured(limited(memory_gb, [py, "-m", "pagefind", "--site", str(output), "--glob",
                                              drive.PAGEFIND_GLOB, "--root-selector", drive.PAGEFIND_ROOT, "--quiet"]),
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
    changed = {step: code for step, code in codes.items() if code_digest(code) != code_digest(result["code"])}
    if changed:
        result["code_changed"] = "; ".join(f"{step}: {code}" for step, code in changed.items())
        say(f"{tag}   warning: the code changed between the steps: {result['code_changed']}")
    if "reference" in skip:
        say(f"{tag} unsharded reference index and ranking comparison {not_run('reference')}")
    else:
        try:
            ref = run_measured(limited(memory_gb, python_module("child_reference", child_args(
                forum, output, cache, scratch=str(work / "scratch"), reference=str(bench_dir / "reference.json"),
                docs=str(work / "docs.json")))), work, timeout, "reference index")
            ref.last_json()
            ref_docs = json.loads((work / "docs.json").read_text(encoding="utf-8"))
            urls_match = docs_match_chunks(output, ref_docs)
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
    queries = forum.payload_queries
    with serve(output, StaticHandler) as base:
        # 5. first search, Torget
        runs = []
        with click.progressbar(queries, label=f"{tag} first search, Torget", file=sys.stderr) as bar:
            for query in bar:
                runs.append(drive.torget_first_search(browser, base, query, timeout_ms))
        result["torget_first"] = runs
        _say_first(tag, "Torget", runs)

        # 5b. first search typed key by key into the header box, then Enter
        typed = []
        with click.progressbar(queries, label=f"{tag} first search typed, Torget", file=sys.stderr) as bar:
            for query in bar:
                typed.append(drive.torget_typed_search(browser, base, query, timeout_ms))
        result["torget_typed"] = typed
        typed_sent = [r["sent"] for r in typed]
        say(f"{tag}   Torget first search typed key by key, then Enter: median {kb(statistics.median(typed_sent))}, "
            f"max {kb(max(typed_sent))} (gzip)")

        # 6b. first search, Pagefind
        if "pagefind_index" in result:
            pf_runs = []
            with click.progressbar(queries, label=f"{tag} first search, Pagefind", file=sys.stderr) as bar:
                for query in bar:
                    pf_runs.append(drive.pagefind_first_search(browser, base, query, timeout_ms))
            result["pagefind_first"] = pf_runs
            _say_first(tag, "Pagefind", pf_runs)

        # 7. latency with the data loaded
        say(f"{tag} query latency, {drive.LATENCY_RUNS} runs per query ...")
        lat = drive.latencies(browser, base, queries, "pagefind_index" in result, timeout_ms)
        plain_lat, fuzzy_lat, pf_lat = lat["torget"], lat["fuzzy"], lat["pagefind"]
        result["latency"] = {
            "repeat_p50": pct(plain_lat["repeat"], 0.5), "repeat_p95": pct(plain_lat["repeat"], 0.95),
            "repeat_max": max(plain_lat["repeat"]),
            "switch_p50": pct(plain_lat["switching"], 0.5), "switch_p95": pct(plain_lat["switching"], 0.95),
            "switch_max": max(plain_lat["switching"]),
            "pagefind_p50": pct(pf_lat["repeat"], 0.5), "pagefind_p95": pct(pf_lat["repeat"], 0.95),
            "samples": len(plain_lat["repeat"]),
            "fuzzy_p50": pct(fuzzy_lat["repeat"], 0.5), "fuzzy_p95": pct(fuzzy_lat["repeat"], 0.95),
            "fuzzy_switch_p95": pct(fuzzy_lat["switching"], 0.95),
            "typo_queries": lat["typos"], "typo_files": len(lat["typo_files"]),
            "typo_sent_bytes": sum(served((output / "search" / name).read_bytes()) for name, _ in lat["typo_files"]
                                   if (output / "search" / name).is_file()),
        }
        la = result["latency"]
        say(f"{tag}   Torget same query again: p50 {la['repeat_p50']:.1f} ms, p95 {la['repeat_p95']:.1f} ms; "
            f"switching queries (shards cached): p50 {la['switch_p50']:.1f} ms, "
            f"p95 {la['switch_p95']:.1f} ms; Pagefind search(): p50 {la['pagefind_p50']:.1f} ms, "
            f"p95 {la['pagefind_p95']:.1f} ms")
        say(f"{tag}   Torget with a typo in each query (typo correction): p50 {la['fuzzy_p50']:.1f} ms, "
            f"p95 {la['fuzzy_p95']:.1f} ms, switching p95 {la['fuzzy_switch_p95']:.1f} ms; typo vocabulary fetched "
            f"for all {len(la['typo_queries'])} queries: {la['typo_files']} files, {kb(la['typo_sent_bytes'])} gzip")

        # 8b. ranking
        if "reference" in result:
            say(f"{tag} ranking: {len(forum.ranking_queries)} queries, sharded engine vs the unsharded index ...")
            try:
                ranked = drive.rankings(browser, base, "/__bench__/reference.json", forum.ranking_queries, timeout_ms)
                ranking = drive.compare_rankings(ranked["out"])
                ranking["reference_load_ms"] = ranked["loadMs"]
                result["ranking"] = ranking
                say(f"{tag}   top-{drive.PAGE_RESULTS} equal for {ranking['equal']}/{ranking['total']} queries "
                    f"({ranking['tie_only']} of the others differ only among equal scores); result counts equal for "
                    f"{ranking['counts_equal']}/{ranking['total']}; max score difference {ranking['max_score_diff']:.2g}")
                for miss in ranking["mismatches"][:3]:
                    say(f"{tag}   differs: {miss['query']!r}: sharded {miss['sharded'][:4]} vs reference "
                        f"{miss['reference'][:4]}")
            except Exception as error:  # noqa: BLE001 - e.g. the reference is too big for one page
                result.setdefault("failed", []).append(f"ranking in the browser: {str(error)[:300]}")
                say(f"{tag}   ranking failed: {str(error)[:300]}")
    return result


def _say_first(tag: str, engine: str, runs: list[dict]) -> None:
    sent = [r["sent"] for r in runs]
    incomplete = [r["query"] for r in runs if not r["complete"]]
    say(f"{tag}   {engine} first search: median {kb(statistics.median(sent))}, max {kb(max(sent))} "
        f"(gzip), median {statistics.median(r['files'] for r in runs):.0f} files, "
        f"median {statistics.median(r['ms'] for r in runs):.0f} ms"
        + (f"; fewer than {drive.PAGE_RESULTS} shown for {incomplete}" if incomplete else ""))
