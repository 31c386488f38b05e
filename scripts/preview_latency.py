"""How long a saved edit takes to reach the preview, with a broken file in it.

Usage: python scripts/preview_latency.py [EDITS]   (default: 8)

Copies the sample content into a temporary folder, puts a personal
identity number into one thread (so ``torget serve`` leaves that file out
on every rebuild), starts ``torget serve`` on it and then, EDITS times,
changes another thread's title and polls the served page until it shows
the new title. Prints each time from the save to the served change and
their median. An open page sees the change up to half a second later,
when its reload script next polls the server.
"""

from __future__ import annotations

import os
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
THREAD = "posts/glomt-losenord-e-tjanster"
BROKEN = "posts/potthal-pa-ekbackavagen.md"


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


def measure(edits: int) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        shutil.copytree(ROOT / "content", content)
        broken = content / BROKEN
        broken.write_text(broken.read_text("utf-8").replace("Title: ", "Title: 811218-9876 ", 1), "utf-8")
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "torget_cli", "serve", "--port", str(port), "--content", str(content),
             "--output", str(Path(folder) / "output"), "--date", "2026-11-20"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        url = f"http://127.0.0.1:{port}/{THREAD}/"
        try:
            while not _served(url, "<h1"):
                time.sleep(0.2)
            source = content / f"{THREAD}.md"
            times = []
            for edit in range(edits):
                time.sleep(1.5)  # let the previous rebuild settle
                text = source.read_text("utf-8")
                title = next(line for line in text.splitlines() if line.startswith("Title: "))
                source.write_text(text.replace(title, f"Title: Ändring {edit}: {title[7:].split(': ', 1)[-1]}", 1),
                                  "utf-8")
                start = time.monotonic()
                while not _served(url, f"Ändring {edit}:"):
                    time.sleep(0.02)
                times.append(time.monotonic() - start)
            return times
        finally:
            os.killpg(server.pid, signal.SIGINT)
            server.wait(timeout=60)


def main() -> None:
    times = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 8)
    print("save → served (s):", " ".join(f"{t:.2f}" for t in times))
    print(f"median {statistics.median(times):.2f} s, max {max(times):.2f} s, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
