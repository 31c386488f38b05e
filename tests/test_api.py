"""The static read API (plugin torget_api), read from real built sites."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from torget import DEFAULT_TIMEZONE
from helpers import thread_text, write_thread
from torget.importers.kundo import import_kundo
from torget.model import Kind
from torget.format.parsing import read_thread_file

ROOT = Path(__file__).resolve().parent.parent
ENTRY_KEYS = {"slug", "title", "url", "type", "category", "date", "last_activity", "replies", "answered"}


def read(site, name: str) -> dict:
    return json.loads((site.root / "api" / name).read_text(encoding="utf-8"))


def archive(content: Path, slug: str) -> None:
    path = content / "posts" / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n\n", "\nArchived: yes\n\n", 1), encoding="utf-8")


def test_public_threads_only_with_their_fields(build, content_copy):
    archive(content_copy, "glomt-losenord-e-tjanster")
    site = build(content=content_copy)
    assert site.result.ok, (site.result.problems, site.result.log_errors)
    index = read(site, "threads.json")
    published = {p.parent.name for p in (site.root / "posts").glob("*/index.html")}
    hidden = {"glomt-losenord-e-tjanster"} | {
        p.stem for p in (content_copy / "posts").glob("*.md") if "\nArchived: yes" in p.read_text(encoding="utf-8")}
    slugs = [t["slug"] for t in index["threads"]]
    assert set(slugs) == published - hidden  # the archived pages exist but are not listed
    assert "glomt-losenord-e-tjanster" in published and "glomt-losenord-e-tjanster" not in slugs
    assert index["count"] == len(slugs) and index["api_version"] == 1 and index["site"] == "Fråga Ekbacka"
    assert not any(t["url"].startswith("/faq/") for t in index["threads"])

    for entry in index["threads"]:
        assert set(entry) == ENTRY_KEYS
        assert entry["url"] == f"/posts/{entry['slug']}/"
        assert (site.root / entry["url"].strip("/") / "index.html").exists()
    order = [(datetime.fromisoformat(t["last_activity"]), t["slug"]) for t in index["threads"]]
    assert order == sorted(order, key=lambda o: (-o[0].timestamp(), o[1]))

    for entry in index["threads"]:
        thread, _ = read_thread_file(content_copy / "posts" / f"{entry['slug']}.md", Kind.THREAD, DEFAULT_TIMEZONE)
        assert entry["title"] == thread.title and entry["category"] == thread.category
        assert entry["type"] == thread.type.value and entry["replies"] == len(thread.replies)
        assert entry["date"] == thread.date.isoformat() and entry["last_activity"] == thread.last_activity.isoformat()
        assert entry["answered"] == bool(thread.staff_replies)


def test_one_file_per_category(build, content_copy):
    site = build(content=content_copy)
    index = read(site, "threads.json")
    files = sorted(p.name for p in (site.root / "api" / "category").glob("*.json"))
    assert files == sorted(f"{c['slug']}.json" for c in index["categories"])
    total = 0
    for category in index["categories"]:
        data = read(site, f"category/{category['slug']}.json")
        assert data["category"] == category
        assert category["api"] == f"/api/category/{category['slug']}.json"
        assert {t["category"] for t in data["threads"]} == {category["name"]}
        assert [t["slug"] for t in data["threads"]] == [t["slug"] for t in index["threads"] if t["category"] == category["name"]]
        assert (site.root / category["url"].strip("/") / "index.html").exists()
        total += len(data["threads"])
    assert total == index["count"]


def test_absolute_urls_and_identical_bytes(build, content_copy):
    first = build(content=content_copy, SITEURL="https://forum.ekbacka.se")
    second = build(content=content_copy, SITEURL="https://forum.ekbacka.se")
    index = read(first, "threads.json")
    assert all(t["url"].startswith("https://forum.ekbacka.se/posts/") for t in index["threads"])
    assert all(c["api"].startswith("https://forum.ekbacka.se/api/category/") for c in index["categories"])
    api = sorted(p.relative_to(first.root) for p in (first.root / "api").rglob("*.json"))
    assert api == sorted(p.relative_to(second.root) for p in (second.root / "api").rglob("*.json"))
    assert all((first.root / p).read_bytes() == (second.root / p).read_bytes() for p in api)


def test_an_imported_forum_is_served(build, tmp_path):
    content = tmp_path / "content"
    import_kundo(ROOT / "tests" / "data" / "kundo", content, category="Kultur och fritid")  # a declared category
    write_thread(content, "om-forumet.md", "Title: Om forumet\n\nText.\n", folder="pages")
    site = build(content=content)
    assert site.result.ok, (site.result.problems[:5], site.result.log_errors)
    index = read(site, "threads.json")
    assert index["count"] == 53
    waste = read(site, "category/avfall-och-atervinning.json")
    assert waste["category"]["name"] == "Avfall och återvinning"
    glass = next(t for t in waste["threads"] if t["slug"].startswith("kundo-48312-"))
    assert glass == {
        "slug": "kundo-48312-nar-toms-glasigloon-vid-tallvagen", "title": "När töms glasigloon vid Tallvägen?",
        "url": "/posts/kundo-48312-nar-toms-glasigloon-vid-tallvagen/", "type": "question",
        "category": "Avfall och återvinning", "date": "2025-03-11T09:00:00+01:00",
        "last_activity": glass["last_activity"], "replies": 1, "answered": True,
    }
    assert glass["last_activity"] > glass["date"]


def _plain_api_files(articles, siteurl: str, sitename: str) -> dict[str, bytes]:
    """The API files dumped whole, as one json.dumps each (what the plugin writes)."""
    from torget.site.view import is_thread, newest_first
    from torget_api import API_VERSION, _dump, thread_entry

    threads = newest_first(a for a in articles if is_thread(a) and not a.thread.is_faq)
    entries = [thread_entry(a, siteurl) for a in threads]
    files, categories = {}, []
    for slug in sorted({a.category.slug for a in threads}):
        members = [(a, e) for a, e in zip(threads, entries) if a.category.slug == slug]
        category = members[0][0].category
        info = {"name": category.name, "slug": slug, "url": f"{siteurl}/{category.url}",
                "api": f"{siteurl}/api/category/{slug}.json", "count": len(members)}
        categories.append(info)
        files[f"api/category/{slug}.json"] = _dump({"api_version": API_VERSION, "category": info,
                                                    "threads": [e for _, e in members]})
    files["api/threads.json"] = _dump({"api_version": API_VERSION, "site": sitename, "count": len(threads),
                                       "categories": categories, "threads": entries})
    return files


def test_entries_dumped_once_make_the_bytes_one_dump_makes(tmp_path, monkeypatch):
    """torget serve writes the API again after each edit: each thread's entry
    is dumped once and the files joined from them are json.dumps' bytes."""
    from dataclasses import replace

    from plain import generators
    import torget_api

    content = tmp_path / "content"
    for slug, category in (("a", "Avfall"), ("b", "Bygg"), ("c", "Avfall")):
        write_thread(content, f"{slug}.md", thread_text(title=f'"{slug}" & ö', category=category,
                                                        date=f"2026-01-0{ord(slug) - 96} 10:00"))
    articles = generators(content, tmp_path / "output")[0]
    site = ("https://forum.example.se", "Forumet")
    files = torget_api.api_files(articles.articles, *site)
    assert files == _plain_api_files(articles.articles, *site) and len(files) == 3
    made = []
    real = torget_api.thread_entry
    monkeypatch.setattr(torget_api, "thread_entry", lambda *args: made.append(1) or real(*args))
    assert torget_api.api_files(articles.articles, *site) == files and made == []
    a = next(article for article in articles.articles if article.slug == "a")
    monkeypatch.setattr(a, "thread", replace(a.thread, title="Ändrad"))
    files = torget_api.api_files(articles.articles, *site)
    assert made == [1] and files == _plain_api_files(articles.articles, *site)
    assert "Ändrad" in files["api/threads.json"].decode()
