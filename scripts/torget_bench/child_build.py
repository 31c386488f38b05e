"""A Torget build exactly as ``torget build`` runs it (check, build, swap), in
a child process of its own: ``python -m torget_bench.child_build ARGS``.

``ARGS`` is JSON: ``config``, ``content``, ``output``, ``date`` and the
settings ``overrides``; optionally ``profile``, a file for cProfile's
statistics. Prints one JSON line with the result and the time taken, then
ends the process as the ``torget`` command does (without freeing objects
one by one). SIGUSR1 prints the stack, so a timeout shows where it was.
"""

import faulthandler
import json
import signal
import sys
import time

faulthandler.register(signal.SIGUSR1, all_threads=False)


def main() -> None:
    from datetime import date
    from pathlib import Path

    args = json.loads(sys.argv[1])
    t0 = time.perf_counter()
    from torget.build.run import build_site, load_settings

    settings = load_settings(Path(args["config"]), Path(args["content"]), Path(args["output"]),
                             date.fromisoformat(args["date"]))
    settings.update(args["overrides"])
    t1 = time.perf_counter()
    if args.get("profile"):
        import cProfile

        profiler = cProfile.Profile()
        result = profiler.runcall(build_site, settings)
        profiler.dump_stats(args["profile"])
    else:
        result = build_site(settings)
    t2 = time.perf_counter()
    print(json.dumps({
        "ok": result.ok,
        "errors": [str(p) for p in result.problems if p.is_error][:20],
        "warnings": sum(1 for p in result.problems if not p.is_error),
        "log_errors": result.log_errors[:20],
        "threads": result.threads,
        "setup_seconds": t1 - t0,
        "build_seconds": t2 - t1,
    }), flush=True)
    from torget_cli import exit_now  # ends the process as the torget command does

    exit_now(0)


if __name__ == "__main__":
    main()
