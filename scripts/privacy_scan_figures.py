#!/usr/bin/env python3
"""Print what the personal-data scan costs: uncached, cached, one file changed.

    scripts/privacy_scan_figures.py 10000            # a corpus forum of 10,000 threads
    scripts/privacy_scan_figures.py --content DIR    # an existing content folder

The forum is written with ``torget_dev.corpus.make_forum`` (see
scripts/make_forum.py) into a temporary folder, with the sample's pages.
The scan (``torget.records.privacy.scan_site``, what ``torget check`` and
``torget build`` run) uses the sample's allowed contacts
(``TORGET_ALLOWED_CONTACTS``) and a
fresh cache folder.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    from torget.build.scancache import ScanCache
    from torget.records.privacy import scan_site
    from torget.settings.forum import ForumSettings
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(ROOT / "plugins"))
    from torget.build.scancache import ScanCache
    from torget.records.privacy import scan_site
    from torget.settings.forum import ForumSettings

ALLOWED = ["0123-45 67 00", "kontakt@ekbacka.se"]


def timed(settings: dict) -> tuple[str, int]:
    """Wall-clock and CPU time of one scan (CPU time varies less on a busy machine)."""
    started, cpu = time.perf_counter(), time.process_time()
    problems = scan_site(ForumSettings.from_pelican(settings).content, ALLOWED, ScanCache(settings, tuple(ALLOWED)))
    return f"{time.perf_counter() - started:.2f} s (CPU {time.process_time() - cpu:.2f} s)", len(problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("threads", type=int, nargs="?", default=10000, help="corpus threads to write (default 10000)")
    parser.add_argument("--content", type=Path, help="scan this content folder instead of writing one")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="torget-privacy-") as work:
        work = Path(work)
        content = args.content
        if content is None:
            from torget_dev.corpus import make_forum

            content = work / "content"
            made = make_forum(content, args.threads)
            shutil.copytree(ROOT / "content" / "pages", content / "pages")
            print(f"wrote {made.threads} threads into {content}", file=sys.stderr)
        settings = {"PATH": str(content), "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
                    "CACHE_PATH": str(work / "cache")}
        files = sorted((content / "posts").rglob("*.md"))
        if not files:
            parser.error(f"no thread files in {content / 'posts'}")
        cold, found = timed(settings)
        warm, _ = timed(settings)
        changed = files[len(files) // 2]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nTack!\n", encoding="utf-8")
        one, _ = timed(settings)
        print(f"files: {len(files)} threads, problems: {found}")
        print(f"uncached: {cold}")
        print(f"cached: {warm}")
        print(f"one file changed: {one}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
