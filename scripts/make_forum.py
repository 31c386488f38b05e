#!/usr/bin/env python3
"""Write a forum of N threads from the Stack Exchange corpus, for benchmarks.

    scripts/make_forum.py 10000 /tmp/forum/content --archived 0.3 [--seed 0]

Threads go to OUT_DIR/posts/<site>/; see ``torget_dev.corpus.make_forum``.
The corpus is read from ../shared/corpus/stackexchange beside the
repository, or from $TORGET_CORPUS.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

try:
    from torget_dev.corpus import make_forum
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))
    from torget_dev.corpus import make_forum


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("threads", type=int, help="how many threads to write")
    parser.add_argument("out_dir", type=Path, help="the content folder to write into")
    parser.add_argument("--archived", type=float, default=0.0, metavar="SHARE",
                        help="share of threads to archive, 0 to 1 (default 0)")
    parser.add_argument("--seed", type=int, default=0, help="picks which threads are archived (default 0)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        made = make_forum(args.out_dir, args.threads, args.archived, args.seed)
    except ValueError as error:
        parser.error(str(error))
    seconds = time.perf_counter() - started
    print(f"Wrote {made.threads} threads ({made.archived} archived) into {made.content_dir} in {seconds:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
