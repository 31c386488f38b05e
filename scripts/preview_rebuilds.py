"""Preview rebuilds as ``torget serve`` runs them, timed in one process, without the server.

Usage: python scripts/preview_rebuilds.py FOLDER PORT [EDITS]   (default: 5)

FOLDER is one that ``scripts/preview_latency.py`` ran ``torget serve`` in
(``latencyconf.py``, ``content``, ``output``, ``cache``; kept when that
script is stopped with SIGKILL) and PORT the port it served on, so the
settings are the server's and its last build's output and caches are
reused. Builds once as the server's next rebuild would, then EDITS times
adds one sentence to a thread's question and rebuilds, as the server does
after a save (the server's own build function, with what the server keeps
between rebuilds). Prints each rebuild's wall and CPU time (this process
and the processes it waited for) and the load average. Where the machine
is too busy for ``preview_latency.py`` to finish, this measures the same
rebuilds; the server adds the file watcher's wait (50 ms) and the page's
request.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from pathlib import Path


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    folder, port = Path(sys.argv[1]).resolve(), int(sys.argv[2])
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    from torget.build import cache
    from torget.build.run import build_site
    from importlib import import_module
    from torget_cli.common import settings_from

    from datetime import date

    serve = import_module("torget_cli.serve")
    if hasattr(cache, "keep_loaded"):  # what the server keeps between rebuilds, where it keeps anything
        cache.keep_loaded()
    content = folder / "content"
    files = sorted((content / "posts").rglob("*.md"))
    edited = files[len(files) // 2]

    def rebuild(label: str) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), _cpu()
        settings = serve._preview_settings(settings_from(folder / "latencyconf.py", content, folder / "output",
                                                         date(2026, 11, 20)), "127.0.0.1", port)
        result = build_site(settings, leave_out=True)
        wall, cpu = time.perf_counter() - wall, _cpu() - cpu
        print(f"{label}: wall {wall:.1f} s, CPU {cpu:.1f} s, ok={result.ok}, load {os.getloadavg()[0]:.1f}",
              flush=True)
        return wall, cpu

    rebuild("first rebuild in this process")
    times = []
    for edit in range(edits):
        text = edited.read_text("utf-8")
        head, _, body = text.partition("\n\n")
        edited.write_text(f"{head}\n\nPreview rebuild {edit} at {time.time_ns()}. {body}", "utf-8")
        times.append(rebuild(f"edit {edit}"))
    walls, cpus = [t[0] for t in times], [t[1] for t in times]
    print(f"median wall {statistics.median(walls):.1f} s (max {max(walls):.1f}), "
          f"median CPU {statistics.median(cpus):.1f} s (max {max(cpus):.1f})")


if __name__ == "__main__":
    main()
