"""Child processes, each measured on its own: wall time, peak memory, timeouts.

Also what a measurement records about the circumstances: how fast the
machine is right now (:func:`cpu_reference`), which code ran
(:func:`code_state`) and on what (:func:`machine`).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path

import click

from . import ROOT


class BenchError(RuntimeError):
    pass


class BenchTimeout(BenchError):
    """A child ran out of time; what it had used, and where it was."""

    def __init__(self, what: str, seconds: float, peak_mb: float, where: str):
        super().__init__(f"{what} timed out after {seconds:.0f} s")
        self.seconds, self.peak_mb, self.where = seconds, peak_mb, where


def say(message: str) -> None:
    click.echo(f"[{datetime.now():%H:%M:%S}] {message}", err=True)


@dataclass
class Measured:
    seconds: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str
    #: CPU time (user and system) of the child and of the children it waited
    #: for: unlike wall time, it hardly grows when other work shares the cores.
    cpu_seconds: float = 0.0

    def last_json(self) -> dict:
        for line in reversed(self.stdout.splitlines()):
            if line.startswith("{"):
                return json.loads(line)
        raise BenchError(f"no result from child; stderr ends:\n{self.stderr[-3000:]}")


def tree_pss_mb(session: int) -> float:
    """Proportional set size of every process in ``session``, in MB.

    A Torget build forks a second process for the search index; the two
    share memory copy-on-write, so adding their RSS would count shared
    pages twice and ``wait4`` only reports the largest single process.
    PSS splits shared pages between the processes that map them.
    """
    total_kb = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[3]) != session:  # field 6 of /proc/<pid>/stat: session id
                continue
            for line in (entry / "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
                    break
        except (OSError, ValueError, IndexError):
            continue
    return total_kb / 1024


#: How often the process tree's memory is sampled, at the most: reading the
#: PSS of a process walks its page tables, so the pause after a sample is
#: at least PSS_BUDGET times as long as the sample took, keeping the
#: sampler to a tenth of one core however large the build grows.
PSS_INTERVAL = 0.25
PSS_BUDGET = 10


def child_env() -> dict[str, str]:
    """The environment of a measured child: this checkout's ``plugins`` and
    ``scripts`` first on the path, so ``python -m torget_bench.child_build``
    runs this code whatever is installed."""
    paths = [str(ROOT / "plugins"), str(ROOT / "scripts")]
    if os.environ.get("PYTHONPATH"):
        paths.append(os.environ["PYTHONPATH"])
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def run_measured(args: list[str], cwd: Path, timeout: float, what: str, dumps_stack: bool = False) -> Measured:
    """Run ``args``; wall time and peak memory of that child.

    Peak memory is the larger of the child's own peak RSS (``wait4``) and
    the largest total PSS of all processes of its session, sampled every
    :data:`PSS_INTERVAL` seconds (:func:`tree_pss_mb`).

    On timeout the child is killed (after SIGUSR1 when it ``dumps_stack``,
    so its stack shows where the time went) and :class:`BenchTimeout`
    carries its peak RSS so far.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=err, start_new_session=True, env=child_env())
        deadline = start + timeout
        tree_peak, next_sample = 0.0, start
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            now = time.perf_counter()
            if now >= next_sample:
                tree_peak = max(tree_peak, tree_pss_mb(proc.pid))
                took = time.perf_counter() - now
                next_sample = now + took + max(PSS_INTERVAL, PSS_BUDGET * took)
            if time.perf_counter() > deadline:
                if dumps_stack:
                    os.kill(proc.pid, signal.SIGUSR1)
                    time.sleep(2)
                os.killpg(proc.pid, signal.SIGKILL)  # the session started above, nothing else
                _, _, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                err.seek(0)
                stack = err.read().decode("utf-8", "replace")
                frames = [line.strip() for line in stack.splitlines() if line.strip().startswith("File ")]
                raise BenchTimeout(what, time.perf_counter() - start, max(usage.ru_maxrss / 1024, tree_peak),
                                   " <- ".join(frames[:6]))
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = Measured(seconds, max(usage.ru_maxrss / 1024, tree_peak), proc.returncode,
                          out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                          usage.ru_utime + usage.ru_stime)
    if result.returncode != 0:
        raise BenchError(f"{what} exited with {result.returncode}; stderr ends:\n{result.stderr[-3000:]}")
    return result


def python_module(module: str, arguments: dict) -> list[str]:
    """The command line that runs ``torget_bench.<module>`` with ``arguments`` as JSON."""
    return [sys.executable, "-m", f"torget_bench.{module}", json.dumps(arguments)]


def limited(memory_gb: float, args: list[str]) -> list[str]:
    """``args`` under an address-space limit (``prlimit --as``), if one is set."""
    if not memory_gb or not shutil.which("prlimit"):
        return args
    return ["prlimit", f"--as={int(memory_gb * 1024 ** 3)}", "--", *args]


#: Iterations of :func:`cpu_reference`'s loop.
CPU_REFERENCE_LOOPS = 2_000_000


def cpu_reference() -> float:
    """Seconds for a fixed pure-Python loop: how fast this machine is right
    now. Shared machines drift by a fifth within minutes; this says whether
    two runs' times can be compared."""
    start = time.perf_counter()
    total = 0
    for i in range(CPU_REFERENCE_LOOPS):
        total += i * i % 7
    return time.perf_counter() - start


def code_state() -> str:
    """What a build runs: the commit, its plugins/theme/settings tree, uncommitted changes.

    Compared before and after each size, so a commit that touches only
    tests or docs does not count as a change.
    """
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        trees = git("rev-parse", "HEAD:plugins", "HEAD:theme", "HEAD:pelicanconf.py")
        changed = git("status", "--porcelain", "--", "plugins", "theme", "pelicanconf.py").split("\n")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    digest = hashlib.sha256(trees.encode())
    count = 0
    for line in sorted(l for l in changed if l.strip()):
        path = ROOT / line[3:].strip()
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for item in files:
            if item.exists() and "__pycache__" not in item.parts:
                digest.update(str(item.relative_to(ROOT)).encode())
                digest.update(item.read_bytes())
                count += 1
    extra = f" + {count} uncommitted files" if count else ""
    return f"{head}{extra} (code {digest.hexdigest()[:8]})"


def code_digest(code: str) -> str:
    """The digest part of a :func:`code_state`."""
    return code.rsplit("(code ", 1)[-1]


def pagefind_version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "missing"


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
    except (OSError, StopIteration, ValueError):
        mem_kb = 0
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(mem_kb / 1024 / 1024, 1),
            "os": platform.platform(), "python": platform.python_version(),
            "pelican": metadata.version("pelican"), "pagefind": pagefind_version()}
