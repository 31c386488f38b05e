"""Pelican plugin: a static read API for widgets on the organisation's site.

After the articles are written it adds JSON files to the output folder:

- ``api/threads.json``: every public thread, plus the list of categories
  with the address of each category's file;
- ``api/category/<slug>.json``: the public threads of one category
  (``<slug>`` is Pelican's category slug, as in ``CATEGORY_URL``).

"Public" means Pelican's published ``articles`` of kind ``thread``:
archived threads (``status: hidden``, see ``torget_archive``) and FAQ
entries are never listed. Each entry has ``slug``, ``title``, ``url``,
``type``, ``category``, ``date``, ``last_activity``, ``replies`` (how many)
and ``answered`` (has a staff reply). Threads come newest activity first,
then by slug; keys are sorted, so the same content always gives the same
bytes. The format is documented in ``docs/api.md``.

Settings read: ``SITEURL`` (URLs are absolute when it is set, otherwise
site-root paths such as ``/posts/slug/``), ``SITENAME``.
"""

from __future__ import annotations

import json
from pathlib import Path

from pelican import signals

API_VERSION = 1
API_DIR = "api"


def _url(siteurl: str, path: str) -> str:
    return f"{siteurl.rstrip('/')}/{path}" if siteurl else f"/{path}"


def thread_entry(article, siteurl: str) -> dict:
    thread = article.thread
    return {
        "slug": thread.slug,
        "title": thread.title,
        "url": _url(siteurl, article.url),
        "type": thread.type.value if thread.type else None,
        "category": thread.category,
        "date": thread.date.isoformat(),
        "last_activity": thread.last_activity.isoformat(),
        "replies": len(thread.replies),
        "answered": bool(thread.staff_replies),
    }


def _order(article) -> tuple:
    return (-article.thread.last_activity.timestamp(), article.thread.slug)


def _dump(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def api_files(articles, settings: dict) -> dict[str, bytes]:
    """Path in the output folder → JSON bytes, for the published articles."""
    siteurl = settings.get("SITEURL", "")
    threads = sorted((a for a in articles if getattr(a, "kind", None) == "thread"), key=_order)
    entries = [thread_entry(a, siteurl) for a in threads]  # each is in two files
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
            "url": _url(siteurl, category.url),
            "api": _url(siteurl, f"{API_DIR}/category/{slug}.json"),
            "count": len(members),
        }
        categories.append(info)
        files[f"{API_DIR}/category/{slug}.json"] = _dump(
            {"api_version": API_VERSION, "category": info, "threads": [entry for _, entry in members]}
        )
    files[f"{API_DIR}/threads.json"] = _dump(
        {
            "api_version": API_VERSION,
            "site": settings.get("SITENAME", ""),
            "count": len(threads),
            "categories": categories,
            "threads": entries,
        }
    )
    return files


def write_api(generator, writer) -> None:
    output = Path(generator.output_path)
    for name, data in api_files(generator.articles, generator.settings).items():
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def register() -> None:
    signals.article_writer_finalized.connect(write_api)
