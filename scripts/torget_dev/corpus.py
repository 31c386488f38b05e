"""Forums of any size from the Stack Exchange corpus, for benchmarks and tests.

:func:`make_forum` writes ``threads`` thread files into a content folder:
the corpus's questions (``../shared/corpus/stackexchange`` beside the
repository, or ``$TORGET_CORPUS``) converted once by the Stack Exchange
importer, then copied with a numbered suffix on slug and title
(``ai-1-what-is-backprop-2``, ``What is "backprop"? (2)``) until there are
enough. A deterministic share of them (chosen by ``seed``) is marked
``Archived: yes``.

The converted corpus is kept in memory for the life of the process, so a
second call costs only the writing. ``scripts/make_forum.py`` is the
command-line entry.
"""

from __future__ import annotations

import functools
import os
import random
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from torget import DEFAULT_TIMEZONE
from torget.importers.common import Importer, RecordError
from torget.importers.stackexchange import questions_of
from torget.model import Problem, Thread
from torget.format.writing import thread_text

#: Where the corpus lives unless ``$TORGET_CORPUS`` says otherwise.
DEFAULT_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "stackexchange"
ARCHIVE_REASON = "Archived by make_forum."


def corpus_path() -> Path:
    return Path(os.environ.get("TORGET_CORPUS") or DEFAULT_CORPUS)


@dataclass(frozen=True)
class Corpus:
    threads: tuple[Thread, ...]
    problems: tuple[Problem, ...]


def load_corpus(source: Path | None = None, timezone: str = DEFAULT_TIMEZONE) -> Corpus:
    """Every corpus question as a thread (not written anywhere), cached."""
    return _load_corpus(Path(source or corpus_path()).resolve(), timezone)


@functools.lru_cache(maxsize=4)
def _load_corpus(source: Path, timezone: str) -> Corpus:
    importer = Importer(Path(os.devnull), timezone)
    threads = []
    for site, question in questions_of(source, importer):
        try:
            threads.append(_reviewed(site.convert(question).thread, timezone))
        except RecordError as error:
            importer.error(error.path, error.line, error.message)
    return Corpus(tuple(threads), tuple(importer.result().problems))


def _reviewed(thread: Thread, timezone: str) -> Thread:
    """``thread`` with its contact details listed as reviewed.

    The corpus is public Stack Exchange content, and the few contact
    details in it are businesses' own, published there; listed in a
    ``Not-personal-data:`` header, the personal-data guard
    (:mod:`torget.records.privacy`) lets the benchmark and test forums build, and
    still scans every text. A real import gets no such list.
    """
    from torget.records.privacy import REVIEWED_KEY, find_personal_data

    found = sorted({hit.text for hit in find_personal_data(thread_text(thread, timezone))})
    if not found:
        return thread
    return replace(thread, extra=(*thread.extra, (REVIEWED_KEY, ", ".join(found))))


@dataclass(frozen=True)
class MadeForum:
    """What :func:`make_forum` wrote."""

    content_dir: Path
    threads: int
    archived: int
    paths: tuple[Path, ...]


def _moved_back(thread: Thread, span: timedelta) -> Thread:
    """The thread with every date ``span`` earlier."""
    replies = tuple(replace(reply, date=reply.date - span) for reply in thread.replies)
    modified = thread.modified - span if thread.modified else None
    return replace(thread, date=thread.date - span, modified=modified, replies=replies)


def forum_threads(threads: int | None, seed: int = 0, corpus: Path | None = None,
                  timezone: str = DEFAULT_TIMEZONE, spread: bool = False) -> list:
    """The threads :func:`make_forum` writes, before any is archived
    (``None``: the corpus once), without writing them."""
    base = load_corpus(corpus, timezone).threads
    threads = len(base) if threads is None else threads
    if not base and threads:
        raise ValueError(f"no threads in the corpus at {corpus or corpus_path()}")
    shifts = random.Random(f"spread:{seed}")
    out = []
    for index in range(threads):
        thread = base[index % len(base)]
        copy = index // len(base) + 1
        if copy > 1:
            slug = f"{thread.slug}-{copy}"
            thread = replace(thread, slug=slug, title=f"{thread.title} ({copy})",
                             source_path=str(Path(thread.source_path).with_name(f"{slug}.md")))
            if spread:
                thread = _moved_back(thread, timedelta(days=shifts.randint(30, 6 * 365), seconds=shifts.randint(0, 86_399)))
        out.append(thread)
    return out


def make_forum(content_dir: Path, threads: int, archived_share: float = 0.0, seed: int = 0,
               corpus: Path | None = None, timezone: str = DEFAULT_TIMEZONE, spread: bool = False) -> MadeForum:
    """Write ``threads`` thread files under ``content_dir/posts``.

    Copies get a suffix ``-2``, ``-3``, … on the slug and `` (2)`` on the
    title, so every slug is unique. With ``spread``, each copy's dates
    (question, replies, ``Modified``) move back by its own span of 30 days
    to 6 years (picked by ``seed``), so copies do not sit next to their
    originals in order of last activity, the search index's order.
    ``round(threads * archived_share)`` of
    them, picked by ``seed``, are archived. Existing files with the same
    names are overwritten; nothing else is touched.
    """
    if threads < 0 or not 0.0 <= archived_share <= 1.0:
        raise ValueError("threads must be >= 0 and archived_share between 0 and 1")
    archived = set(random.Random(seed).sample(range(threads), round(threads * archived_share)))
    content_dir = Path(content_dir)
    paths = []
    for index, thread in enumerate(forum_threads(threads, seed, corpus, timezone, spread)):
        if index in archived:
            thread = replace(thread, archived=True, archive_reason=ARCHIVE_REASON)
        path = content_dir / thread.source_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(thread_text(thread, timezone).encode("utf-8"))
        paths.append(path)
    return MadeForum(content_dir, threads, len(archived), tuple(paths))
