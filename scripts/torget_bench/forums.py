"""The forums measured: the sample forum and forums of N corpus threads,
their queries, and the one-thread change the rebuild measures."""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from torget import DEFAULT_TIMEZONE

from . import ROOT, sizes
from .measure import say

CONFIG = ROOT / "pelicanconf.py"
SAMPLE_CONTENT = ROOT / "content"
SAMPLE_DATE = date(2026, 11, 20)
#: Build date of corpus forums: just after the corpus's last activity, so
#: decay spreads over the threads instead of flooring all of them at 70 %.
CORPUS_DATE = date(2025, 1, 1)
#: Queries come from the titles of the corpus's first threads, which every
#: corpus forum holds (make_forum copies the corpus in order).
QUERY_POOL = 1000
CHANGED_SENTENCE = "Benchmark edit: this sentence mentions a zanzibarquokka to change the index."
#: The word of :data:`CHANGED_SENTENCE` the rebuilt page must contain.
CHANGED_WORD = "zanzibarquokka"

PLAIN_SETTINGS = """\
# Plain Pelican: the default notmyidea theme, no plugins, no cache. Pelican's
# defaults, except that it writes the kinds of pages Torget writes: no feeds,
# no author pages and no archives (Torget has none), listings paginated by 20
# (as Torget's).
PATH = {content!r}
OUTPUT_PATH = {output!r}
SITENAME = "Plain Pelican"
SITEURL = ""
TIMEZONE = {timezone!r}
DEFAULT_LANG = {lang!r}
PLUGINS = []
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DEFAULT_PAGINATION = 20
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
"""


@dataclass
class Forum:
    label: str          # "sample" or "10,000"
    key: str            # "sample" or "10000"
    content: Path
    lang: str
    build_date: date
    threads: int
    payload_queries: list[str]
    ranking_queries: list[str]


def plain_settings(content: Path, output: Path, lang: str) -> str:
    """The settings file of the plain Pelican build of ``content``."""
    return PLAIN_SETTINGS.format(content=str(content), output=str(output), lang=lang, timezone=DEFAULT_TIMEZONE)


class Forums:
    """Writes the forum of each size into a work folder, with its queries.

    The corpus is converted once per run, and the corpus forums share one
    set of queries from the first :data:`QUERY_POOL` threads.
    """

    def __init__(self, payload_count: int, ranking_count: int, corpus_date: date):
        self.payload_count, self.ranking_count, self.corpus_date = payload_count, ranking_count, corpus_date
        self._corpus_queries: tuple[list[str], list[str]] | None = None

    def write(self, key: str, work: Path) -> Forum:
        content = work / "content"
        if key == "sample":
            from torget.content.forum import load_forum

            shutil.copytree(SAMPLE_CONTENT, content)
            sample = load_forum(content, DEFAULT_TIMEZONE)
            titles = [t.title for t in sample.threads if not t.archived]
            payload, ranking = pick_queries(titles, "sv", self.payload_count, self.ranking_count)
            return Forum("sample", key, content, "sv", SAMPLE_DATE, len(sample.threads), payload, ranking)
        from torget_dev.corpus import load_corpus, make_forum

        corpus = load_corpus()
        n = sizes.threads(key) or len(corpus.threads)
        name = sizes.label(key, n)
        how = "; copies spread over time" if sizes.is_real(key) and n > len(corpus.threads) else ""
        say(f"[{name}] writing {n:,} threads from the corpus{how} ...")
        started = time.perf_counter()
        make_forum(content, n, spread=sizes.is_real(key))
        say(f"[{name}]   written in {time.perf_counter() - started:.1f} s (the corpus is converted once per run)")
        if self._corpus_queries is None:
            pool = corpus.threads[:QUERY_POOL]  # the threads every corpus forum holds
            self._corpus_queries = pick_queries([t.title for t in pool], "en", self.payload_count, self.ranking_count)
        payload, ranking = self._corpus_queries
        return Forum(name, key, content, "en", self.corpus_date, n, payload, ranking)


def torget_overrides(forum: Forum, cache: Path) -> dict:
    """Settings of a measured Torget build of ``forum`` (beside pelicanconf.py)."""
    overrides = {"CACHE_PATH": str(cache), "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    if forum.key != "sample":
        overrides["DEFAULT_LANG"] = "en"
        overrides["TORGET_CATEGORIES"] = None  # the corpus's categories are its Stack Exchange sites
    return overrides


def child_args(forum: Forum, output: Path, cache: Path, **extra) -> dict:
    """The arguments of :mod:`.child_build` and :mod:`.child_reference` for ``forum``."""
    return {"config": str(CONFIG), "content": str(forum.content), "output": str(output),
            "date": forum.build_date.isoformat(), "overrides": torget_overrides(forum, cache), **extra}


_WORD = re.compile(r"[^\W\d_]+")


def _title_words(title: str, lang: str) -> list[str | None]:
    """Title words usable in a query, None where a stop word or short word was."""
    from torget.search.index import terms_for

    words = []
    for word in _WORD.findall(title.lower()):
        words.append(word if len(word) >= 4 and terms_for(word, lang) else None)
    return words


def _hash_order(items, salt: str):
    return sorted(items, key=lambda item: hashlib.sha256(f"{salt}:{item}".encode()).hexdigest())


def pick_queries(titles: list[str], lang: str, payload_count: int, ranking_count: int) -> tuple[list[str], list[str]]:
    """Deterministic queries from thread titles.

    Payload queries: phrases of two adjacent title words (no stop words,
    four letters or more) that occur in at least three titles, such as
    "neural network", in SHA-256 order, no word used twice; tiny forums
    fall back to two titles, then one. Ranking queries: the payload
    queries, then single title words (in at least three titles) and more
    two-word phrases, picked the same way.
    """
    per_title = [_title_words(t, lang) for t in titles]
    df: dict[str, int] = {}
    phrases: dict[str, int] = {}
    for words in per_title:
        for word in {w for w in words if w}:
            df[word] = df.get(word, 0) + 1
        for a, b in {(a, b) for a, b in zip(words, words[1:]) if a and b and a != b}:
            phrases[f"{a} {b}"] = phrases.get(f"{a} {b}", 0) + 1

    def pairs(min_titles: int) -> list[str]:
        return _hash_order([p for p, n in phrases.items() if n >= min_titles], "pair")

    payload: list[str] = []
    for min_titles in (3, 2, 1):
        used: set[str] = set()
        payload = []
        for query in pairs(min_titles):
            a, b = query.split()
            if a in used or b in used:
                continue
            payload.append(query)
            used.update((a, b))
            if len(payload) == payload_count:
                break
        if len(payload) == payload_count:
            break
    singles = _hash_order([w for w, n in df.items() if n >= 3] or list(df), "single")
    more_pairs = [p for p in pairs(2) + pairs(1) if p not in payload]
    ranking = list(payload)
    ranking += singles[: (ranking_count - len(ranking) + 1) // 2]
    for p in more_pairs:
        if len(ranking) >= ranking_count:
            break
        if p not in ranking:
            ranking.append(p)
    return payload, ranking


def change_one_thread(content: Path) -> tuple[Path, str]:
    """Add a sentence to the question of the middle thread; returns (file, slug)."""
    files = sorted((content / "posts").rglob("*.md"))
    target = files[len(files) // 2]
    text = target.read_text(encoding="utf-8")
    marker = "\n--- reply ---"
    at = text.find(marker)
    addition = f"\n{CHANGED_SENTENCE}\n"
    text = text + addition if at < 0 else text[:at].rstrip("\n") + "\n" + addition + text[at:]
    target.write_text(text, encoding="utf-8")
    slug = target.stem
    for line in text.splitlines():
        if not line.strip():
            break
        if line.lower().startswith("slug:"):
            slug = line.split(":", 1)[1].strip()
    return target, slug
