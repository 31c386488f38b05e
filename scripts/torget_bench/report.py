"""The report: tables, docs/benchmarks.md and the chart.

:func:`write_docs` writes docs/benchmarks.md from all results, with the
raw results as one JSON comment at its end (``<!-- bench-results: … -->``)
that ``--merge`` and ``--render-only`` read back (:func:`previous_results`),
and ``docs/benchmarks-chart.svg`` beside it (:func:`chart_svg`, drawn with
the project's chart primitives in :mod:`torget.html.charts`). The Lighthouse
section scripts/lighthouse writes into the same file is kept as it is.
"""

from __future__ import annotations

import json
import re
import statistics
from html import escape
from pathlib import Path

from torget.html.charts import BAR_COLOUR, TEXT_COLOUR, element, frame

from . import ROOT, sizes
from .browser import LATENCY_RUNS, PAGE_RESULTS, PAGEFIND_GLOB, PAGEFIND_ROOT, TYPE_DELAY_MS
from .forums import QUERY_POOL
from .measure import CPU_REFERENCE_LOOPS, PSS_BUDGET, PSS_INTERVAL
from .payload import GZIP_LEVEL, kb, mb
from .run import SKIPPABLE, not_run, skipped_steps

DOCS = ROOT / "docs" / "benchmarks.md"
RESULTS_MARK = "bench-results:"

TARGETS = {
    "first_search_10k_kb": 150,
    "first_search_100k_kb": 200,
    "typed_kb": 60,
    "typed_ratio": 0.4,
    "typed_real_ratio": 0.3,
    "query_p95_ms": 30,
    "query_p95_100k_ms": 100,
    "build_ratio": 1.5,
    "hugo_ratio": 4,
    "rebuild_share": 0.25,
    "peak_mb": 1024,
    "peak_100k_mb": 4096,
    "build_100k_s": 15 * 60,
}


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
    return f"{b['seconds']:.1f} s{_cpu(b)}, peak {b['peak_mb']:.0f} MB"


def _cpu(b: dict) -> str:
    """The CPU time of a build, where it was recorded."""
    return f", CPU {b['cpu_seconds']:.1f} s" if b.get("cpu_seconds") else ""


def _cpu_ratio(cold: dict, other: dict | None, name: str) -> str:
    if not (other and other.get("cpu_seconds") and cold.get("cpu_seconds")):
        return ""
    return f"; CPU time {cold['cpu_seconds'] / other['cpu_seconds']:.1f}× {name}'s"


def size_table(key: str, r: dict) -> str:
    """One size's section: what was measured how, the table of figures, the per-query table."""
    lines = [*_size_intro(key, r), "| What | Figure |", "|---|---|", *_build_rows(r), *_index_rows(r),
             *_first_search_rows(r), *_index_only_rows(r), *_latency_rows(r), *_ranking_rows(r)]
    if r.get("incomplete"):
        lines.append(f"| Not measured | everything after the build: {r['incomplete']} |")
    for failure in r.get("failed", []):
        lines.append(f"| Failed | {' '.join(failure.split())} |")
    lines.append("")
    return "\n".join([*lines, *_query_table(r), *_mismatches(r)])


def _size_intro(key: str, r: dict) -> list[str]:
    label = "Sample forum" if key == "sample" else f"{sizes.label(key, r.get('threads'))} threads"
    docs = r.get("reference", {}).get("docs")
    loads = r.get("load_before")
    speeds = r.get("cpu_reference")
    intro = (
        f"Measured {r['measured']} with `{r['command']}`; build date {r['build_date']}, language `{r['lang']}`, "
        + (f"{docs:,} indexed documents. " if docs is not None else f"{r['threads']:,} threads. ")
        + (f"1-minute load average before the builds ({', '.join(loads)}): "
           + ", ".join(f"{v:.1f}" for v in loads.values()) + ". " if loads else "")
        + (f"CPU reference ({CPU_REFERENCE_LOOPS:,} turns of a Python loop) before the builds: "
           + ", ".join(f"{v:.2f}" for v in speeds.values()) + " s. " if speeds else "")
        + (f"Code: `{r['code']}`." if r.get("code") else "")
        + (f" **The code changed during the measurement**: {r['code_changed']}." if r.get("code_changed") else "")
        + "".join(f" **Not run on purpose** (`--skip {step}`): {SKIPPABLE.get(step, step)}."
                  for step in skipped_steps(r))
    )
    return [f"### {label}", "", intro, ""]


def _build_rows(r: dict) -> list[str]:
    """Plain Pelican, Hugo (when the result has it), Torget cold and rebuild."""
    plain = r.get("plain") or {"skipped": True}
    lines = [f"| Plain Pelican 4.12 build (notmyidea, no plugins, no cache) | {_build_cell(plain)} |"]
    if "hugo" in r:
        h = r["hugo"]
        lines.append(f"| Hugo build of the same threads ({h['version']}, minimal templates) | {h['seconds']:.1f} s"
                     f"{_cpu(h)}, "
                     f"peak {h['peak_mb']:.0f} MB; {h['html_files']:,} HTML files, {mb(h['bytes'])} |")
    elif "hugo" in skipped_steps(r):
        lines.append(f"| Hugo build of the same threads | {not_run('hugo')} |")
    cold = r.get("cold")
    if cold and cold.get("timed_out"):
        lines.append(f"| Torget build, every plugin, cold cache | **did not finish in {cold['seconds']:.0f} s** "
                     f"({_plain_ratio(r, stopped=True)}), peak so far {cold['peak_mb']:.0f} MB |")
        if cold.get("where"):
            lines.append(f"| Where the build was when it was stopped (innermost first) | {_short_stack(cold['where'])} |")
    elif cold:
        hugo_ratio = f", **{cold['hugo_ratio']:.1f}×** Hugo" if cold.get("hugo_ratio") else ""
        lines.append(f"| Torget build, every plugin, cold cache | {cold['seconds']:.1f} s{_cpu(cold)} ({_plain_ratio(r)}"
                     f"{hugo_ratio}{_cpu_ratio(cold, r.get('hugo'), 'Hugo')}), peak **{cold['peak_mb']:.0f} MB** |")
    if "rebuild" in r:
        rb = r["rebuild"]
        lines.append(f"| Torget rebuild after changing one thread (warm cache) | {rb['seconds']:.1f} s{_cpu(rb)} "
                     f"(**{100 * rb['share']:.0f} %** of cold), peak {rb['peak_mb']:.0f} MB; change on the page: "
                     f"{'yes' if rb['page_updated'] else '**no**'}, in the index: {'yes' if rb['index_updated'] else '**no**'} |")
    return lines


def _plain_ratio(r: dict, stopped: bool = False) -> str:
    """The cold build's ratio to plain Pelican, as the table says it."""
    plain = r.get("plain") or {"skipped": True}
    cold = r["cold"]
    if plain.get("skipped") or "plain" in skipped_steps(r):
        return f"no ratio: plain Pelican {not_run('plain')}"
    if cold.get("ratio") is None:
        return "no ratio to plain Pelican"
    done = not plain.get("timed_out")
    if stopped:
        return f"> {cold['ratio']:.1f}× plain Pelican" if done else "plain Pelican did not finish either"
    return f"**{cold['ratio']:.2f}×** plain Pelican" if done else f"< {cold['ratio']:.2f}× plain Pelican, which did not finish"


def _index_rows(r: dict) -> list[str]:
    if "index" not in r:
        return []
    idx = r["index"]
    return [
        f"| Search index `search/` | {idx['files']:,} files: {idx['shards']:,} term shards, {idx['chunks']:,} document "
        f"chunks, 1 manifest; {mb(idx['raw'])} raw, {mb(idx['gzip'])} gzip |",
        f"| Manifest | {kb(idx['manifest_raw'])} raw, {kb(idx['manifest_gzip'])} gzip |",
    ]


def _first_search_rows(r: dict) -> list[str]:
    if "torget_first" not in r:
        return []
    s = summary(r)
    lines = [f"| First search, Torget (gzip, {len(r['torget_first'])} queries) | median **{kb(s['t_med'])}**, "
             f"max {kb(s['t_max'])}; median {s['t_ms']:.0f} ms to rendered results |"]
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
    lines.append(f"| First search, Torget, if every shown result needed its own chunk "
                 f"({kb(_chunk_size(r['index']))} each) | median {kb(statistics.median(s['t_spread']))}, "
                 f"max {kb(max(s['t_spread']))} |")
    return lines


def _index_only_rows(r: dict) -> list[str]:
    """The typed first search measured on an index written alone
    (``torget_bench.index_only --docs``), later than the rest of the size."""
    alone = r.get("typed_index_only")
    if not alone:
        return []
    sent = [run["sent"] for run in alone["runs"]]
    per_query = ", ".join(f"`{run['query']}` {kb(run['sent'])}" for run in alone["runs"])
    ratios = _index_only_ratios(r)
    versus = (f"; ÷ Pagefind's for the same query in the full run: median {statistics.median(ratios):.2f}, "
              f"max **{max(ratios):.2f}**" if ratios else "")
    return [f"| First search typed key by key, then Enter, Torget (gzip), with the index written alone at "
            f"`{alone['code']}` ({alone['measured']}, `{alone['command']}`; the pages of a smaller forum) | "
            f"median **{kb(statistics.median(sent))}**, max **{kb(max(sent))}**{versus}: {per_query} |"]


def _index_only_ratios(r: dict) -> list[float]:
    """Each index-only typed first search ÷ Pagefind's first search for the
    same query in the size's full run (none when that run had no Pagefind)."""
    pagefind = {run["query"]: run["sent"] for run in r.get("pagefind_first", []) if run.get("sent")}
    runs = r["typed_index_only"]["runs"]
    if not pagefind or any(run["query"] not in pagefind for run in runs):
        return []
    return [run["sent"] / pagefind[run["query"]] for run in runs]


def _latency_rows(r: dict) -> list[str]:
    if "latency" not in r:
        return []
    la = r["latency"]
    lines = [
        f"| Query latency, data loaded, same query again | p50 {la['repeat_p50']:.1f} ms, **p95 "
        f"{la['repeat_p95']:.1f} ms** ({la['samples']} runs) |",
        f"| Query latency, shards cached, switching queries | p50 {la['switch_p50']:.1f} ms, "
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
    return lines


def _ranking_rows(r: dict) -> list[str]:
    """The ranking comparison, the reference index and Pagefind's index."""
    skipped = skipped_steps(r)
    lines = []
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
    return lines


def _query_table(r: dict) -> list[str]:
    """Bytes by kind, and one row per first-search query."""
    if "torget_first" not in r:
        return []
    pf_runs = r.get("pagefind_first") or [None] * len(r["torget_first"])
    tk, pk = _kind_medians(r["torget_first"]), _kind_medians(r.get("pagefind_first", []))
    lines = [
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
    return [*lines, ""]


def _mismatches(r: dict) -> list[str]:
    if not r.get("ranking", {}).get("mismatches"):
        return []
    lines = ["Queries whose top 10 differ:", ""]
    for m in r["ranking"]["mismatches"]:
        lines.append(f"- `{m['query']}`{' (equal scores, different order)' if m['tie_only'] else ''}: "
                     f"sharded {m['sharded'][:5]}, reference {m['reference'][:5]}")
    return [*lines, ""]


def targets_table(results: dict) -> str:
    """Each target per size. The issue sets most targets at 10,000 threads
    and four at 100,000 (build time, peak, first search, query time); at other sizes
    a 10,000-thread target is shown for reference, without a verdict in bold."""
    table = _Targets()
    for key in sorted((k for k in results if k != "sample"), key=sizes.order):
        r = results[key]
        table.size(key, r.get("threads") or sizes.threads(key) or 0)
        table.search(r)
        table.ranking_and_latency(r)
        table.build(r)
    return "\n".join(["| Target | Threads | Measured | |", "|---|---:|---|---|", *table.rows])


class _Targets:
    """The rows of :func:`targets_table`, size by size."""

    def __init__(self):
        self.rows: list[str] = []
        self.n, self.label, self.real = 0, "", False

    def size(self, key: str, n: int) -> None:
        self.n, self.label, self.real = n, sizes.label(key, n), sizes.is_real(key)

    def row(self, what, value, ok, at_10k=True):
        verdict = "not determined" if ok is None else "met" if ok else "**missed**"
        if at_10k and self.n != 10_000 and ok is not None:
            verdict = f"{'met' if ok else 'not met'} (target set at 10,000)"
        self.rows.append(f"| {what} | {self.label} | {value} | {verdict} |")

    def search(self, r: dict) -> None:
        if "torget_first" not in r:
            return
        s, n, real, row = summary(r), self.n, self.real, self.row
        if n >= 10_000:
            limit = TARGETS["first_search_100k_kb"] if n >= 100_000 else TARGETS["first_search_10k_kb"]
            row(f"First search ≤ {limit} KB (max over queries)", kb(s["t_max"]), s["t_max"] <= limit * 1024,
                at_10k=n < 100_000)
        if s["ratios"]:
            row("First search smaller than Pagefind's, every query", f"max ratio {max(s['ratios']):.2f}",
                max(s["ratios"]) < 1)
        if s["typed_max"] is not None and (n >= 10_000 or real):
            # issue 15 sets it at 10,000; issue 26 on real threads, at every size
            row(f"Typed first search ≤ {TARGETS['typed_kb']} KB (max over queries)", kb(s["typed_max"]),
                s["typed_max"] <= TARGETS["typed_kb"] * 1024, at_10k=not real)
            if s["typed_ratios"]:
                ratio = TARGETS["typed_real_ratio"] if real else TARGETS["typed_ratio"]
                row(f"Typed first search ≤ {ratio}× Pagefind's, every query",
                    f"max ratio {max(s['typed_ratios']):.2f}", max(s["typed_ratios"]) <= ratio, at_10k=not real)
        alone = r.get("typed_index_only")
        if alone:
            most = max(run["sent"] for run in alone["runs"])
            row(f"Typed first search ≤ {TARGETS['typed_kb']} KB (max over queries), index written alone at "
                f"`{alone['code']}`", kb(most), most <= TARGETS["typed_kb"] * 1024, at_10k=not real)
            ratios = _index_only_ratios(r)
            if ratios:
                ratio = TARGETS["typed_real_ratio"] if real else TARGETS["typed_ratio"]
                row(f"Typed first search ≤ {ratio}× Pagefind's, every query, index written alone at "
                    f"`{alone['code']}`", f"max ratio {max(ratios):.2f}", max(ratios) <= ratio, at_10k=not real)

    def ranking_and_latency(self, r: dict) -> None:
        row = self.row
        if "ranking" in r:
            rk = r["ranking"]
            row("Top-10 equal to the unsharded index", f"{rk['equal']}/{rk['total']}", rk["equal"] == rk["total"])
        elif "reference" in skipped_steps(r):
            row("Top-10 equal to the unsharded index", not_run("reference"), None)
        if "latency" in r:
            la = r["latency"]
            # 30 ms at 10,000 threads, 100 ms at 100,000 (issue 15)
            limit = TARGETS["query_p95_100k_ms"] if self.n >= 100_000 else TARGETS["query_p95_ms"]
            row(f"Query p95 ≤ {limit} ms (data loaded)",
                f"{la['repeat_p95']:.1f} ms (switching: {la['switch_p95']:.1f} ms)",
                la["repeat_p95"] <= limit, at_10k=self.n < 100_000)
            if "fuzzy_p95" in la:
                row(f"Query p95 ≤ {limit} ms with a typo (data loaded)",
                    f"{la['fuzzy_p95']:.1f} ms (switching: {la['fuzzy_switch_p95']:.1f} ms)",
                    la["fuzzy_p95"] <= limit, at_10k=self.n < 100_000)

    def build(self, r: dict) -> None:
        cold, n, row = r.get("cold"), self.n, self.row
        if cold:
            self._plain_ratio(r, cold)
            if n >= 100_000:
                over = "> " if cold.get("timed_out") else ""
                row("Build ≤ 15 min", f"{over}{cold['seconds'] / 60:.1f} min",
                    not cold.get("timed_out") and cold["seconds"] <= TARGETS["build_100k_s"], at_10k=False)
            if cold.get("hugo_ratio") and not cold.get("timed_out"):
                row(f"Build ≤ {TARGETS['hugo_ratio']}× Hugo", f"{cold['hugo_ratio']:.1f}×",
                    cold["hugo_ratio"] <= TARGETS["hugo_ratio"])
        if "rebuild" in r:
            row("Rebuild ≤ 25 % of cold", f"{100 * r['rebuild']['share']:.0f} %",
                r["rebuild"]["share"] <= TARGETS["rebuild_share"])
        if cold:
            peak = TARGETS["peak_100k_mb"] if n >= 100_000 else TARGETS["peak_mb"]
            over = "≥ " if cold.get("timed_out") else ""
            row(f"Peak ≤ {peak // 1024} GB", f"{over}{cold['peak_mb']:.0f} MB",
                (None if cold.get("timed_out") else True) if cold["peak_mb"] <= peak else False, at_10k=n < 100_000)

    def _plain_ratio(self, r: dict, cold: dict) -> None:
        plain = r.get("plain") or {"skipped": True}
        what = f"Build ≤ {TARGETS['build_ratio']}× plain Pelican"
        if plain.get("skipped") or "plain" in skipped_steps(r):
            self.row(what, not_run("plain"), None)
        elif cold.get("ratio") is None:
            self.row(what, "no ratio recorded", None)
        elif plain.get("timed_out") and cold.get("timed_out"):
            self.row(what, "neither build finished", None)
        elif plain.get("timed_out"):
            self.row(what, f"< {cold['ratio']:.2f}× (plain Pelican did not finish)",
                     True if cold["ratio"] <= TARGETS["build_ratio"] else None)
        elif cold.get("timed_out"):
            self.row(what, f"> {cold['ratio']:.2f}× (stopped)", False if cold["ratio"] > TARGETS["build_ratio"] else None)
        else:
            self.row(what, f"{cold['ratio']:.2f}×", cold["ratio"] <= TARGETS["build_ratio"])


#: The chart's bars: colours with at least 4.5:1 contrast against white, as
#: torget.html.charts's; every bar has its value written beside it.
PLAIN_COLOUR = "#5f6368"
TORGET_COLOUR = BAR_COLOUR
REBUILD_COLOUR = "#2f6fb0"
PAGEFIND_COLOUR = "#a1281c"
HUGO_COLOUR = "#6b4c9a"
MUTED_COLOUR = "#555"


def _chart_panels() -> list[tuple[str, list[tuple[str, str, object, str | None]], str]]:
    """(title, [(label, colour, value of a result, the --skip step that leaves it out)], format) per panel."""
    def get(fn):
        def safe(r):
            try:
                return fn(r)
            except (KeyError, ValueError, TypeError, statistics.StatisticsError):
                return None
        return safe

    return [
        ("Build time (s)", [("Plain Pelican", PLAIN_COLOUR, get(lambda r: r["plain"]["seconds"]), "plain"),
                            ("Hugo", HUGO_COLOUR, get(lambda r: r["hugo"]["seconds"]), "hugo"),
                            ("Torget, cold", TORGET_COLOUR, get(lambda r: r["cold"]["seconds"]), None),
                            ("Torget, rebuild", REBUILD_COLOUR, get(lambda r: r["rebuild"]["seconds"]), None)],
         "{:.1f} s"),
        ("First search, median (KB gzip)",
         [("Pagefind", PAGEFIND_COLOUR, get(lambda r: summary(r)["p_med"] / 1024), None),
          ("Torget", TORGET_COLOUR, get(lambda r: summary(r)["t_med"] / 1024), None)],
         "{:.0f} KB"),
    ]


def chart_svg(results: dict) -> str:
    """Horizontal bars, two panels; each size group is scaled to its own largest bar.

    A standalone SVG file (docs/benchmarks.md shows it as an image) drawn
    with :func:`torget.html.charts.frame` and :func:`torget.html.charts.element`; its
    ``<desc>`` has every figure the bars show, as text.
    """
    keys = sorted(results, key=sizes.order)
    panels = _chart_panels()
    bar_h, gap, group_gap, label_w, bar_w, panel_w = 16, 4, 18, 110, 200, 440
    group_h = max(len(p[1]) for p in panels) * (bar_h + gap) + group_gap
    height = 60 + len(keys) * group_h + 20
    width = panel_w * len(panels) + 20
    body, described = [], []
    for p, (title, series, fmt) in enumerate(panels):
        x0 = 10 + p * panel_w
        body.append(element("text", escape(title), x=x0, y=22, font_size=14, font_weight="bold", fill=TEXT_COLOUR))
        for g, key in enumerate(keys):
            r = results[key]
            y = 44 + g * group_h
            name = "sample" if key == "sample" else f"{sizes.label(key, r.get('threads'))} threads"
            body.append(element("text", escape(name), x=x0, y=y + 10, font_weight="bold", fill=TEXT_COLOUR))
            skipped = skipped_steps(r)
            values = [(label, colour, None if step in skipped else fn(r), step) for label, colour, fn, step in series]
            top = max((v for _, _, v, _ in values if v is not None), default=0) or 1
            figures = []
            for i, (label, colour, value, step) in enumerate(values):
                yy = y + 16 + i * (bar_h + gap)
                body.append(element("text", escape(label), x=x0 + label_w - 6, y=yy + 12, text_anchor="end",
                                    fill=TEXT_COLOUR))
                if value is None:
                    missing = not_run(step) if step in skipped else "not measured"
                    body.append(element("text", escape(missing), x=x0 + label_w + 4, y=yy + 12, fill=MUTED_COLOUR))
                    figures.append(f"{label} {missing}")
                    continue
                timed_out = title.startswith("Build") and label == "Torget, cold" and r.get("cold", {}).get("timed_out")
                text = ("> " if timed_out else "") + fmt.format(value) + (" (stopped)" if timed_out else "")
                w = max(1.0, bar_w * value / top)
                body.append(element("rect", x=x0 + label_w, y=yy, width=f"{w:.1f}", height=bar_h, fill=colour))
                body.append(element("text", escape(text), x=f"{x0 + label_w + w + 4:.1f}", y=yy + 12,
                                    fill=TEXT_COLOUR))
                figures.append(f"{label} {text}")
            described.append(f"{title}, {name}: {'; '.join(figures)}.")
    body.append(element("text", "Bars are scaled within each size. Build times are wall time of the whole process; "
                                "payload is what a cold first search transfers.",
                        x=10, y=height - 8, font_size=10, fill=MUTED_COLOUR))
    svg = frame("bench-chart",
                "Torget benchmark: build time against plain Pelican and Hugo, first-search payload against Pagefind",
                " ".join(described), width, height, body, standalone=True)
    return str(svg) + "\n"


#: The file's opening paragraph.
_INTRO = [
    "# Benchmarks",
    "",
    "Figures from `scripts/bench` (issue 8): build time and memory against plain",
    "Pelican and against Hugo (issue 27), index bytes, the first search's payload",
    "against Pagefind, query latency and ranking against one unsharded lunr",
    "index, all measured in one run per size on forums built from the Stack",
    "Exchange corpus",
    "(`../shared/corpus/stackexchange` beside the project, or the folder",
    "`$TORGET_CORPUS` names; replicated with distinct slugs by",
    "`torget_dev.corpus.make_forum`). Sizes named \"real\" have no copy next to",
    "its original: `real` is the corpus imported as it is (every thread once),",
    "`realN` N threads from it whose copies have their dates moved back by a",
    "different span each, so that no copy shares a document chunk with its",
    "original (documents are numbered by last activity; issue 26). This file",
    "and the chart are written by the script; do not edit them by hand.",
    "Where the time and memory go inside a build, at 10,000 and 100,000",
    "threads, is in [profile.md](profile.md), written by hand.",
    "",
]

#: What each figure counts, and how.
_COUNTED = [
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
    "  the sum of their RSS would be right. **CPU**, where a table gives it, is",
    "  the user and system time of that process and of the processes it waited",
    "  for (`wait4`'s `ru_utime` and `ru_stime`): when other work shares the",
    "  cores, wall time grows with the machine's load and CPU time far less, so",
    "  CPU ratios compare runs made under different loads better.",
    "- **Plain Pelican** is `python -m pelican` over the same content folder",
    "  with the default `notmyidea` theme, no plugins and no cache: the thread",
    "  files are valid Pelican Markdown with metadata, and Pelican's own reader",
    "  turns the replies into body text. Pelican's defaults otherwise, except",
    "  that it writes the kinds of pages Torget writes: listings paginated by 20",
    "  and no feeds, author pages or archives (Torget's `pelicanconf.py` has",
    "  none). With Pelican's full defaults (feeds, author pages, unpaginated",
    "  listings) a 1,000-thread build took about the same (10.4 s against",
    "  10.7 s, within noise): reading the Markdown dominates.",
    "- **Hugo** is Debian's `hugo` over the same threads, converted by",
    "  `torget_bench.hugo` (read with Torget's parser, not timed): JSON front",
    "  matter with title, dates, author, tags, category, the thread type as a",
    "  `types` taxonomy and the replies, the question as the Markdown body;",
    "  archived threads are left out of lists; the links to the previous and",
    "  next thread are written by the converter. Minimal templates write",
    "  thread pages with every reply rendered from Markdown, listings paginated",
    "  by 20 (the start page, tag, category and type pages; each listing's",
    "  threads are picked and sorted once, with `partialCached`), the lists of",
    "  terms, and Hugo's own feeds (20 entries) and sitemap. Its time is the",
    "  wall time of the `hugo` process, from start to exit.",
    "- **Torget build** is `torget.build.run.build_site` as `torget build` runs it:",
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
    "  presses Enter; counted as above, each file once: `search.js` (which the",
    "  home page loads) and every response from the click to the rendered",
    "  results on the search page (focusing the box loads lunr and the",
    "  manifest; from the third letter on, after each key, the instant results",
    "  under the box fetch the shards of the words typed so far and the title",
    "  files of their first five results; the search page then fetches the shards",
    "  and chunks it still lacks). The keys are slower than `search.js`'s pause",
    "  before instant results (150 ms), so the instant results appear after",
    "  every key, as for a person typing, and what they fetch counts.",
    "  Compared with Pagefind's first search for the same final query.",
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
    "- **Query latency**: `torgetSearch.search(q, false)` in the page and its",
    "  first 10 results taken (`results.slice(0, 10)`: the engine ranks lazily),",
    f"  timed with `performance.now()`, {LATENCY_RUNS} times per query after that query's data",
    "  is loaded (\"same query again\"), and round-robin over all queries once every",
    "  query's shards are cached, so every call scores a different shard set",
    "  (\"switching\"). The same again with a typo in each",
    "  query (two middle letters of its longest word swapped), so each call",
    "  corrects it from the typo vocabulary; the bytes of the typo vocabulary",
    "  files all those queries fetched are given, gzip.",
    "- **Ranking**: `torgetSearch.search(q, false)` against a single unsharded",
    "  index of the documents the plugin indexed (captured from Pelican's",
    "  article list, `torget.search.index.build_index(...).lunr_json()`), loaded in the",
    "  same page with `lunr.Index.load` and queried with",
    "  `torgetSearch.buildQuery(torgetSearch.planFor(index, q, false))`, which",
    "  resolves other spellings, inflected forms and synonyms against that whole",
    "  index as the engine does against its shards; typo corrections are left",
    "  out on both sides (`{corrections: false}`). Equal means the same refs in",
    "  the same order in the top 10.",
    "",
]


def write_docs(path: Path, results: dict, runs: list[dict], mach: dict) -> None:
    """docs/benchmarks.md from ``results`` (with them stored at its end) and the chart beside it."""
    chart = path.with_name("benchmarks-chart.svg")
    chart.write_text(chart_svg(results), encoding="utf-8")
    commands = sorted({r["command"] for r in results.values()})
    first_key = sorted(results, key=sizes.order)
    text = [*_INTRO, *_how_to_run(commands), *_machine(mach), *_COUNTED, *_queries(results, first_key),
            "## Targets", "", targets_table(results), "", "## Tables", ""]
    for key in first_key:
        text.append(size_table(key, results[key]))
    text += [
        "## Chart",
        "",
        "![Build time against plain Pelican and Hugo, and first-search payload against Pagefind](benchmarks-chart.svg)",
        "",
        "## Date",
        "",
        *[f"- {sizes.label(k, results[k].get('threads'))}: {results[k]['measured']}" for k in first_key],
        "",
        *_lighthouse_section(path),
        f"<!-- {RESULTS_MARK} {json.dumps({'results': _compact(results), 'machine': mach}, ensure_ascii=False, separators=(',', ':'))} -->",
        "",
    ]
    path.write_text("\n".join(text), encoding="utf-8")


def _how_to_run(commands: list[str]) -> list[str]:
    return [
        "## How to run",
        "",
        "```sh",
        ".venv/bin/pip install -e '.[test,bench]'   # Playwright and pagefind[bin]",
        "scripts/bench                              # 1,000 and 10,000 threads",
        "scripts/bench --sizes 1000,10000,100000    # adds 100,000: well over an hour on 2 cores",
        "scripts/bench --quick                      # the sample forum and 1,000 threads",
        "scripts/bench --sizes real,real10000       # real threads: the corpus as it is, and 10,000",
        "```",
        "",
        "It needs Debian's Chromium at `/usr/bin/chromium` and never downloads a",
        "browser. `--merge` keeps the sizes of an earlier run that this run did not",
        "measure (the raw results are stored at the end of this file);",
        "`--timeout SECONDS` bounds every build (a build that runs out of time is",
        "reported as such, with its peak memory so far and where it was);",
        "`--memory-gb` bounds Pagefind and the reference index (default 12 GB);",
        "`--skip plain` leaves out the plain Pelican build (the build then has no",
        "ratio to it), `--skip hugo` the Hugo build of the same threads (Debian's",
        "`hugo`; without it, and without `--skip hugo`, the run stops and says so)",
        "and `--skip reference` the unsharded reference index and the",
        "ranking comparison; at 100,000 threads, where plain Pelican alone takes",
        "over half an hour, `scripts/bench --sizes 100000 --merge --skip plain",
        "--skip reference` measures the 100,000-thread targets only, and the",
        "tables say \"not run\" where a skipped step's figures would be;",
        "`--render-only` rewrites this file from the stored results. `scripts/bench",
        "--help` lists every option. The figures below came from:",
        "",
        *[f"    {c}" for c in commands],
        "",
    ]


def _machine(mach: dict) -> list[str]:
    hugo = f"; {mach['hugo']}" if mach.get("hugo") else ""
    return [
        "## Machine",
        "",
        f"- CPU: {mach['cpu']}, {mach['cores']} cores; {mach['memory_gb']} GB RAM",
        f"- {mach['os']}; Python {mach['python']}; Pelican {mach['pelican']}; "
        f"Chromium {mach.get('chromium', '?')} (headless); Pagefind {mach['pagefind']}{hugo}",
        "",
    ]


def _queries(results: dict, first_key: list[str]) -> list[str]:
    """The queries of each set of sizes that share them."""
    queries_by_key = {k: r["payload_queries"] for k, r in results.items()}
    text = [
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
        names = ", ".join(sizes.label(k, results[k].get("threads")) for k in same)
        text += [f"- First search ({names}): " + ", ".join(f"`{q}`" for q in qs),
                 f"- Ranking ({names}, {len(results[key]['ranking_queries'])}): "
                 + ", ".join(f"`{q}`" for q in results[key]["ranking_queries"]), ""]
    return text


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
                r[name] = [{k: v for k, v in run.items() if k not in ("excluded", "status", "by_file")}
                           for run in r[name]]
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
