#!/usr/bin/env python3
"""Time ``torget import stackexchange`` on a Posts.xml with one huge ``Body``.

    .venv/bin/python scripts/bench_posts_xml.py [--sizes 2.5 5 10 50]

For each size (in MB of the attribute as written in the file), writes a
dump with that question and one small one into a temporary folder, runs
the real command and prints the seconds reading Posts.xml took (in this
process, ``read_rows``), the seconds the whole command took (start-up and
the reports included) and its last line (docs/import-export.md explains
why reading is linear in the file's size).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORD = "&lt;p&gt;Lorem ipsum dolor sit amet&lt;/p&gt;&#xA;"


def write_dump(folder: Path, megabytes: float) -> Path:
    site = folder / "x.stackexchange.com"
    site.mkdir(parents=True)
    body = WORD * int(megabytes * 2**20 / len(WORD))
    with open(site / "Posts.xml", "w", encoding="utf-8") as stream:
        stream.write('<?xml version="1.0" encoding="utf-8"?>\n<posts>\n')
        stream.write(f'  <row Id="1" PostTypeId="1" CreationDate="2020-01-01T10:00:00.000" Title="Big" '
                     f'Body="{body}" />\n')
        stream.write('  <row Id="2" PostTypeId="1" CreationDate="2020-01-02T10:00:00.000" Title="Small" '
                     'Body="&lt;p&gt;Hello&lt;/p&gt;" />\n</posts>\n')
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[2.5, 5, 10, 50])
    args = parser.parse_args()
    torget = Path(sys.executable).parent / "torget"
    sys.path.insert(0, str(ROOT / "plugins"))
    from torget.importers.common import Importer
    from torget.importers.stackexchange import read_rows

    print(f"{'MB':>6} {'file bytes':>12} {'read s':>7} {'import s':>8}  last line of the import")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as work:
            site = write_dump(Path(work), size)
            start = time.perf_counter()
            read_rows(site / "Posts.xml", Importer(Path(work) / "unused"))
            reading = time.perf_counter() - start
            start = time.perf_counter()
            done = subprocess.run([str(torget), "import", "stackexchange", str(site), "--config",
                                   str(ROOT / "pelicanconf.py"), "--content", str(Path(work) / "content")],
                                  capture_output=True, text=True, cwd=ROOT)
            seconds = time.perf_counter() - start
            last = (done.stderr.strip().splitlines() or [""])[-1]
            print(f"{size:>6g} {(site / 'Posts.xml').stat().st_size:>12,} {reading:>7.2f} {seconds:>8.1f}  {last}")


if __name__ == "__main__":
    main()
