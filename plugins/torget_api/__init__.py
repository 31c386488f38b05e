"""Pelican plugin: a static read API for widgets on the organisation's site.

:class:`ApiGenerator` (registered through ``get_generators``) writes
``api/threads.json`` (every public thread and every category) and
``api/category/<slug>.json`` (one category's threads) from the published
threads of kind ``thread`` in Pelican's shared context: archived threads
and FAQ entries are never listed. Newest activity first, then by slug;
keys sorted. The format is documented in ``docs/api.md``.
"""

from __future__ import annotations

import json
from pathlib import Path

from pelican import signals

from torget.site.view import is_thread, newest_first
from torget.addresses import site_link
from torget.settings.forum import ForumSettings

API_VERSION = 1
API_DIR = "api"


def thread_entry(article, siteurl: str) -> dict:
    thread = article.thread
    return {
        "slug": thread.slug,
        "title": thread.title,
        "url": site_link(siteurl, article.url),
        "type": thread.type.value if thread.type else None,
        "category": thread.category,
        "date": thread.date.isoformat(),
        "last_activity": thread.last_activity.isoformat(),
        "replies": len(thread.replies),
        "answered": bool(thread.staff_replies),
    }


def _dump(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def _dump_with_threads(data: dict, threads: list[str]) -> bytes:
    """:func:`_dump` of ``data`` with ``"threads"``: ``threads``, each
    thread already dumped (``"threads"`` sorts after every key of ``data``)."""
    assert data and max(data) < "threads"
    head = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (head[:-1] + ',"threads":[' + ",".join(threads) + "]}\n").encode("utf-8")


#: Each article's entry as :func:`_entries` dumped it last, with what it was made from.
_KEPT: dict[int, tuple] = {}


def _entries(threads: list, siteurl: str) -> list[str]:
    """Each thread's :func:`thread_entry`, dumped; an entry made from the
    same thread, address and site address as in the last call is not made
    again (``torget serve`` writes the files again after an edit)."""
    global _KEPT
    before, now, texts = _KEPT, {}, []
    for article in threads:
        key = (article.thread, article.url, siteurl)
        known = before.get(id(article))
        if known is None or known[0] is not article or known[1] != key:
            text = json.dumps(thread_entry(article, siteurl), ensure_ascii=False, sort_keys=True,
                              separators=(",", ":"))
            known = (article, key, text)
        now[id(article)] = known
        texts.append(known[2])
    _KEPT = now
    return texts


def api_files(articles, siteurl: str, sitename: str) -> dict[str, bytes]:
    """Path in the output folder → JSON bytes, for the published articles."""
    threads = newest_first(a for a in articles if is_thread(a) and not a.thread.is_faq)
    entries = _entries(threads, siteurl)  # each is in two files
    by_category: dict[str, list] = {}
    for article, entry in zip(threads, entries):
        by_category.setdefault(article.category.slug, []).append((article, entry))
    files: dict[str, bytes] = {}
    categories = []
    for slug, members in sorted(by_category.items()):
        category = members[0][0].category
        info = {
            "name": category.name,
            "slug": slug,
            "url": site_link(siteurl, category.url),
            "api": site_link(siteurl, f"{API_DIR}/category/{slug}.json"),
            "count": len(members),
        }
        categories.append(info)
        files[f"{API_DIR}/category/{slug}.json"] = _dump_with_threads(
            {"api_version": API_VERSION, "category": info}, [entry for _, entry in members]
        )
    files[f"{API_DIR}/threads.json"] = _dump_with_threads(
        {"api_version": API_VERSION, "site": sitename, "count": len(threads), "categories": categories}, entries
    )
    return files


class ApiGenerator:
    """Writes the API's JSON files from the shared context's published articles."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context = context
        self.output_path = Path(output_path)
        self.forum = ForumSettings.from_pelican(settings)

    def generate_output(self, writer) -> None:
        files = api_files(self.context.get("articles", ()), self.forum.site_url, self.forum.site_name)
        for name, data in files.items():
            target = self.output_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def get_generators(pelican):
    return ApiGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
