#!/usr/bin/env python3
"""What the search index's text costs beside rendering, for docs/search.md.

    .venv/bin/python scripts/index_text_figures.py [CONTENT_DIR ...]   (default: content/)

For every thread and FAQ entry of each content folder, renders the
question and each reply as the site does (:mod:`torget.html.rendering`, the
sample forum's ``MARKDOWN``), then reads their text out of that HTML
(:func:`torget.search.index.html_text`), and prints the CPU time of each step
and the HTML's size. A forum of N corpus threads: ``scripts/make_forum.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins")]

from torget.content.forum import load_forum  # noqa: E402
from torget.html.rendering import ThreadRenderer  # noqa: E402
from torget.search.index import html_text  # noqa: E402


def measure(content: Path) -> str:
    threads = load_forum(content).threads
    renderer = ThreadRenderer()
    started = time.process_time()
    rendered = [renderer.render(thread) for thread in threads]
    render_seconds = time.process_time() - started
    fragments = [html for question, replies in rendered for html in (question, *replies)]
    started = time.process_time()
    words = sum(len(html_text(html).split()) for html in fragments)
    text_seconds = time.process_time() - started
    size = sum(len(html.encode("utf-8")) for html in fragments)
    return (f"{content}: {len(threads)} threads, {len(fragments)} texts, {size / 1e6:.2f} MB of HTML, {words} words; "
            f"CPU: rendering {render_seconds:.2f} s, text from the HTML {text_seconds:.2f} s "
            f"({text_seconds / render_seconds:.1%} of rendering)")


def main(argv: list[str]) -> int:
    for folder in argv or [str(ROOT / "content")]:
        if not Path(folder).is_dir():
            print(f"{folder}: not a folder", file=sys.stderr)
            return 2
        print(measure(Path(folder)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
