"""How long a saved edit takes to reach the preview, with a broken file in it.

Usage: python scripts/preview_latency.py [EDITS] [--content FOLDER] [--date YYYY-MM-DD]

Copies the content (the sample's, or FOLDER, e.g. a corpus forum written
by ``scripts/make_forum.py``, built in English with no declared
categories as the benchmark builds it) into a temporary folder, puts a
personal identity number into one thread (so ``torget serve`` leaves that
file out on every rebuild), starts ``torget serve`` on it with its caches
in the temporary folder and then, EDITS times (default 10), adds one
sentence to another thread's question and a word to its title, and polls
the served page until it shows the sentence, then the category listing
page that lists the thread until it shows the title. Prints the cold
start, each time from the save to the served change (page, then
listing), their median and maximum, the CPU time the server process spent
per edit (and, apart, its search index processes, which an edit stops
if they still run), the fast path's own time until every page it changes is written
(``Updated … in S s``), and the machine's load average; ``--log FILE``
keeps what the server printed. Each edit waits until the server has
finished with the one before. An open page sees the change up to half a second later,
when its reload script next polls.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_THREAD = "posts/glomt-losenord-e-tjanster.md"
SAMPLE_BROKEN = "posts/potthal-pa-ekbackavagen.md"
TICKS = os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _served(url: str, text: str) -> bool:
    try:
        with urlopen(url) as response:
            return text in response.read().decode()
    except OSError:
        return False


def _cpu(pid: int) -> tuple[float, float]:
    """CPU seconds of process ``pid`` itself, and of the children it waited
    for (the search index processes)."""
    fields = [int(value) for value in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[11:15]]
    return (fields[0] + fields[1]) / TICKS, (fields[2] + fields[3]) / TICKS


def _config(folder: Path, corpus: bool) -> Path:
    """A settings file: pelicanconf.py with the caches in ``folder``."""
    lines = [f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa: F403",
             f"THEME = {str(ROOT / 'theme')!r}", f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]",
             f"CACHE_PATH = {str(folder / 'cache')!r}"]
    if corpus:
        lines += ["DEFAULT_LANG = 'en'", "TORGET_CATEGORIES = None"]
    config = folder / "latencyconf.py"
    config.write_text("\n".join(lines) + "\n", "utf-8")
    return config


def _threads(content: Path) -> tuple[Path, Path]:
    """The thread to edit and the one to break."""
    if (content / SAMPLE_THREAD).exists():
        return content / SAMPLE_THREAD, content / SAMPLE_BROKEN
    files = sorted((content / "posts").rglob("*.md"))
    return files[len(files) // 2], files[len(files) // 3]


def _url(path: Path) -> str:
    slugs = [line[6:].strip() for line in path.read_text("utf-8").splitlines() if line.startswith("Slug: ")]
    slug = slugs[0] if slugs else path.stem
    return f"posts/{slug}/"


def _listing(base: str, page: str, thread_url: str) -> str:
    """The address of the category listing page that links to the thread."""
    category = re.search(r'href="/?(category/[^"/]+/)"', page).group(1)
    url = base + category
    for number in range(2, 10_000):
        with urlopen(url) as response:
            if f'href="/{thread_url}"' in response.read().decode():
                return url
        url = f"{base}{category}sida/{number}/"
    raise AssertionError("the thread is in no listing page of its category")


#: How the server ends handling a change (English: the corpus forum; Swedish: the sample).
DONE = ("Updated ", "Built ", "Uppdaterade ", "Byggde ")


def _idle(log: Path, edits: int, server) -> None:
    """Until the server has finished handling the first ``edits`` edits
    (after its first build), so that each edit starts from a server at rest."""
    while sum(line.startswith(DONE) for line in log.read_text("utf-8", "replace").splitlines()) < edits + 1:
        assert server.poll() is None, log.read_text("utf-8", "replace")
        time.sleep(0.05)


def updates(log: Path) -> list[float]:
    """The seconds of each ``Updated N files in S s`` the server printed."""
    pattern = r"^(?:Updated|Uppdaterade) \d+ (?:files|filer) (?:in|på) ([\d.]+) s"
    return [float(m.group(1)) for m in re.finditer(pattern, log.read_text("utf-8"), re.M)]


def _edit(edited: Path, edit: int) -> tuple[str, str]:
    """Add a sentence to the question and a word to the title; both markers."""
    text = edited.read_text("utf-8")
    head, _, body = text.partition("\n\n")
    marker, title = f"Preview edit {edit} at {time.time_ns()}.", f"edit{edit}x{time.time_ns() % 10_000}"
    head = re.sub(r"^(Title: .*?)( edit\d+x\d+)?$", rf"\1 {title}", head, count=1, flags=re.M)
    edited.write_text(f"{head}\n\n{marker} {body}", "utf-8")
    return marker, title


def measure(edits: int, source: Path | None, build_date: str, log: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as folder:
        folder = Path(folder)
        content = folder / "content"
        shutil.copytree(source or ROOT / "content", content)
        edited, broken = _threads(content)
        broken.write_text(broken.read_text("utf-8").replace("Title: ", "Title: 811218-9876 ", 1), "utf-8")
        port = _free_port()
        started = time.monotonic()
        server = subprocess.Popen(
            [sys.executable, "-m", "torget_cli", "serve", "--port", str(port), "--content", str(content),
             "--config", str(_config(folder, source is not None)), "--output", str(folder / "output"),
             "--date", build_date],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=(log := log or folder / "serve.log").open("wb"),
            start_new_session=True)
        base = f"http://127.0.0.1:{port}/"
        url = base + _url(edited)
        try:
            while not _served(url, "<h1"):
                time.sleep(0.2)
            figures = {"cold": time.monotonic() - started, "times": [], "listing": [], "cpu": [], "children": [],
                       "load": [os.getloadavg()[0]]}
            with urlopen(url) as response:
                listing = _listing(base, response.read().decode(), _url(edited))
            for edit in range(edits):
                _idle(log, edit, server)
                time.sleep(1.5)
                cpu = _cpu(server.pid)
                marker, title = _edit(edited, edit)
                start = time.monotonic()
                while not _served(url, marker):
                    time.sleep(0.02)
                figures["times"].append(time.monotonic() - start)
                while not _served(listing, title):
                    time.sleep(0.02)
                figures["listing"].append(time.monotonic() - start)
                _idle(log, edit + 1, server)
                own, children = _cpu(server.pid)
                figures["cpu"].append(own - cpu[0])
                figures["children"].append(children - cpu[1])
                print(f"edit {edit}: page {figures['times'][-1]:.2f} s, listing {figures['listing'][-1]:.2f} s",
                      flush=True)
            figures["load"].append(os.getloadavg()[0])
            figures["updates"] = updates(log)
            return figures
        finally:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("edits", type=int, nargs="?", default=10)
    parser.add_argument("--content", type=Path, help="a content folder (default: the sample forum's)")
    parser.add_argument("--date", default="2026-11-20", help="the build date (default 2026-11-20)")
    parser.add_argument("--log", type=Path, help="keep what the server printed in this file")
    args = parser.parse_args()
    figures = measure(args.edits, args.content.resolve() if args.content else None, args.date, args.log)
    times = figures["times"]
    print(f"cold start {figures['cold']:.1f} s")
    print("save → served (s):", " ".join(f"{t:.2f}" for t in times))
    print("save → listing served (s):", " ".join(f"{t:.2f}" for t in figures["listing"]))
    print(f"listing: median {statistics.median(figures['listing']):.2f} s, max {max(figures['listing']):.2f} s")
    if figures["updates"]:  # the fast path's own time, until every page it changes is written
        updated = figures["updates"]
        print("all pages written (server's time, s):", " ".join(f"{t:.2f}" for t in updated))
        print(f"all pages written: median {statistics.median(updated):.2f} s, max {max(updated):.2f} s")
    print("server CPU per edit (s):", " ".join(f"{t:.2f}" for t in figures["cpu"]))
    print("search index processes' CPU per edit (s):", " ".join(f"{t:.2f}" for t in figures["children"]))
    print(f"server CPU per edit: median {statistics.median(figures['cpu']):.2f} s, max {max(figures['cpu']):.2f} s")
    print(f"median {statistics.median(times):.2f} s, max {max(times):.2f} s, "
          f"load average {figures['load'][0]:.1f} → {figures['load'][1]:.1f}")


if __name__ == "__main__":
    main()
