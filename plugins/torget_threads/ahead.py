"""Render threads ahead of reading, in several processes (``article_generator_init``).

The threads the memo holds (the check parsed them) whose HTML is not in
Pelican's content cache are rendered by :func:`torget.build.ahead.render_split`
and put in the memo, where the reader and the search index find them. With
no threads in the memo, fewer than :data:`RENDER_AHEAD_MIN` or one process,
the reader renders as it reads; the HTML is the same.
"""

from __future__ import annotations

import logging
import time

from torget.build import ahead, memo
from torget.settings.forum import ForumSettings

from .reader import ThreadReader

log = logging.getLogger(__name__)
#: Fewer threads to render than this are rendered as they are read: a fork
#: would cost more than it saves.
RENDER_AHEAD_MIN = 200


def render_ahead(generator) -> None:
    readers = [r for r in generator.readers.readers.values() if isinstance(r, ThreadReader)]
    count = ahead.processes(ForumSettings.from_pelican(generator.settings).render_processes)
    if not readers or count < 2:
        return
    reader = readers[0]  # one reader per file extension, all alike
    threads = memo.threads(reader.timezone)
    paths = sorted(p for p in threads if generator.readers.get_cached_data(p, None) is None)
    if len(paths) < RENDER_AHEAD_MIN:
        return
    started = time.perf_counter()
    rendered = ahead.render_split(reader.render_thread, threads, paths, count)
    for path, html in rendered.items():
        memo.put_html(path, reader.markdown, html)
    log.info("rendered %d threads ahead in %d processes in %.1f s", len(rendered), count,
             time.perf_counter() - started)
