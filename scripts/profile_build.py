#!/usr/bin/env python3
"""Where a build's time goes: cProfile over a cold build, a rebuild and a preview rebuild.

    scripts/profile_build.py CONTENT WORK [--date 2026-11-20] [--only cold,rebuild,preview]

Builds CONTENT (a corpus forum: ``scripts/make_forum.py``) with the
benchmark's settings (English, no declared categories, caches in
WORK/cache) into WORK/output, profiled with cProfile, three ways, each in
a process of its own: ``cold`` (no cache, no output), ``rebuild`` (one
sentence added to one thread, every cache warm) and ``preview`` (as
``torget serve`` rebuilds after a save: a first build, then one edit and
a second build in the same process, the second profiled). Prints, for
each, wall and CPU time and the cumulative time of the build's stages;
the statistics are kept in WORK/<run>.prof (``python -m pstats``). Work
done in forked processes (rendering ahead, the search index) is not in
the profile; its CPU time is in the children's CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Stage → functions (file suffix, name) whose cumulative time counts for it.
STAGES = {
    "whole build (build_site)": [("torget/build/run.py", "build_site")],
    "check: reading and parsing (load_forum)": [("torget/content/forum.py", "load_forum")],
    "check: governance incl. personal-data scan": [("torget/governance/problems.py", "governance_problems")],
    "Pelican run (run_pelican)": [("torget/build/run.py", "run_pelican")],
    "Pelican: reading content (generate_context)": [("pelican/generators.py", "generate_context")],
    "Markdown rendering (ThreadRenderer.render)": [("torget/html/rendering.py", "render")],
    "Markdown (markdown.core convert)": [("markdown/core.py", "convert")],
    "templates: Jinja compile (Environment.compile)": [("jinja2/environment.py", "compile")],
    "templates: rendering (Template.render)": [("jinja2/environment.py", "render")],
    "writing (Writer.write_file)": [("pelican/writers.py", "write_file")],
    "Pelican: generate_output (all generators)": [("pelican/generators.py", "generate_output")],
    "Pelican: signals (plugins' handlers)": [("blinker/base.py", "send")],
    "search index generator": [("torget_search/__init__.py", "generate_output"),
                               ("torget_search/generator.py", "generate_output")],
    "swap into place": [("torget/build/run.py", "_swap")],
    "leave-out check (preview)": [("torget/build/leaveout.py", "leave_out_broken")],
    "settings (load_settings)": [("torget/build/run.py", "load_settings")],
}


def child(args: dict) -> None:
    """One profiled run, in this process; prints its JSON line."""
    import cProfile
    from datetime import date

    sys.path.insert(0, str(ROOT / "scripts"))
    from torget.build.run import build_site, load_settings

    def settings():
        found = load_settings(ROOT / "pelicanconf.py", Path(args["content"]), Path(args["output"]),
                              date.fromisoformat(args["date"]))
        found.update({"CACHE_PATH": args["cache"], "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
                      "DEFAULT_LANG": "en", "TORGET_CATEGORIES": None})
        if args["run"] == "preview":
            found.update({"TORGET_PREVIEW_RELOAD": "/__torget/reload.js", "FEED_DOMAIN": "http://127.0.0.1:8000"})
        return found

    preview = args["run"] == "preview"
    if preview:  # the first build of torget serve, not profiled
        build_site(settings(), leave_out=True)
        edit(Path(args["edit"]), "preview")
    profiler = cProfile.Profile()
    wall, cpu = time.perf_counter(), _cpu()
    profiler.enable()
    result = build_site(settings(), leave_out=preview)
    profiler.disable()
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    profiler.dump_stats(args["profile"])
    print(json.dumps({"ok": result.ok, "wall": wall, "cpu": cpu, "threads": result.threads,
                      "errors": [str(p) for p in result.problems if p.is_error][:5] + result.log_errors[:5]}),
          flush=True)
    os._exit(0)


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def edit(path: Path, label: str) -> None:
    """Add one sentence to the question of the thread ``path``."""
    text = path.read_text("utf-8")
    head, _, body = text.partition("\n\n")
    path.write_text(f"{head}\n\nOne sentence added ({label}, {time.time_ns()}). {body}", "utf-8")


def stages(profile: Path) -> list[tuple[str, float, float]]:
    """(stage, cumulative seconds, own seconds) from a cProfile file."""
    import pstats

    stats = pstats.Stats(str(profile)).stats
    found = []
    for stage, functions in STAGES.items():
        cumulative = own = 0.0
        for (file, _line, name), (_cc, _nc, tt, ct, callers) in stats.items():
            if name in {f for suffix, f in functions if file.endswith(suffix)}:
                # count only calls from outside the same function (no double counting of recursion)
                cumulative += ct
                own += tt
        found.append((stage, cumulative, own))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--date", default="2026-11-20")
    parser.add_argument("--only", default="cold,rebuild,preview")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(json.loads(args.child))
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    thread = sorted((args.content / "posts").rglob("*.md"))[len(list((args.content / "posts").rglob("*.md"))) // 2]
    for run in args.only.split(","):
        if run == "cold":
            subprocess.run(["rm", "-rf", str(work / "cache"), str(work / "output")], check=True)
        elif run == "rebuild":
            edit(thread, "rebuild")
        spec = {"run": run, "content": str(args.content.resolve()), "output": str(work / "output"),
                "cache": str(work / "cache"), "date": args.date, "profile": str(work / f"{run}.prof"),
                "edit": str(thread.resolve())}
        load = os.getloadavg()[0]
        done = subprocess.run([sys.executable, __file__, str(args.content), str(work), "--child", json.dumps(spec)],
                              cwd=ROOT, capture_output=True, text=True)
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if not lines:
            sys.exit(f"{run}: no result\n{done.stderr[-3000:]}")
        result = json.loads(lines[-1])
        print(f"\n## {run}: wall {result['wall']:.1f} s, CPU {result['cpu']:.1f} s (this process and its children), "
              f"load average {load:.1f} before, ok={result['ok']} {result['errors']}")
        print("| stage | cumulative s (profiled) | own s |\n|---|---:|---:|")
        for stage, cumulative, own in stages(work / f"{run}.prof"):
            print(f"| {stage} | {cumulative:.1f} | {own:.1f} |")


if __name__ == "__main__":
    main()
