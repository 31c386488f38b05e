"""Find every place an archived thread shows up in a built site.

Every page, the Atom feeds (``feeds/*.atom.xml``), the sitemap, the API's
JSON, the search index and scripts are scanned.

Each file is read once: the slug-like words and the text values in it
(text between tags, quoted strings in attributes, JSON and JS) are
compared with every archived thread's slug and title in the spellings
HTML, XML and JSON use. Delimiters matter: an archived ``what-is-x`` must
not match a published ``what-is-x-2``, nor ``What is X?`` match
``What is X? (2)``.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from torget.content.forum import load_forum

SCANNED = {".html", ".xml", ".json", ".js", ".txt", ".csv", ".svg"}
_SLUGLIKE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TEXT_NODE = re.compile(r">\s*([^<>]+?)\s*<")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _spellings(text: str) -> set[str]:
    forms = {text, html.escape(text, quote=True), html.escape(text, quote=False)}
    forms |= {json.dumps(f, ensure_ascii=False)[1:-1] for f in list(forms)}
    forms |= {json.dumps(f)[1:-1] for f in list(forms)}
    return forms


def _values(text: str) -> set[str]:
    values = {v.strip() for v in _TEXT_NODE.findall(text)}
    values |= {v.strip() for v in _QUOTED.findall(text)}
    return values


def archived_leaks(site_root: Path, content: Path, url_pattern=("posts/{slug}/", "faq/{slug}/")) -> dict[str, list[str]]:
    """For each archived thread, the files other than its own page that name it."""
    forum = load_forum(content)
    archived = [t for t in forum.threads if t.archived]
    assert archived, "the content has no archived threads to look for"
    # A title is not a leak where people wrote it themselves: the same title
    # on a published thread, or quoted in another thread's text. Slugs (and
    # so URLs) are checked everywhere regardless.
    published_titles = {t.title for t in forum.threads if not t.archived}
    written = "\n".join(t.body + "".join(r.body for r in t.replies) for t in forum.threads)
    by_slug = {t.slug: t for t in archived}
    by_title: dict[str, object] = {}
    for thread in archived:
        if thread.title in published_titles or written.count(thread.title) > (thread.title in thread.body):
            continue
        for form in _spellings(thread.title):
            by_title[form] = thread
    own_pages = {}
    for thread in archived:
        url = (url_pattern[1] if thread.is_faq else url_pattern[0]).format(slug=thread.slug)
        own = site_root / url / "index.html"
        assert own.is_file(), f"archived thread {thread.slug} has no page at {url}"
        own_pages[thread.slug] = own

    leaks: dict[str, list[str]] = {}
    for path in sorted(site_root.rglob("*")):
        if not path.is_file() or path.suffix not in SCANNED:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        named = {by_slug[s].slug for s in set(_SLUGLIKE.findall(text)) & by_slug.keys()}
        named |= {by_title[v].slug for v in _values(text) & by_title.keys()}
        for slug in sorted(named):
            if path != own_pages[slug]:
                leaks.setdefault(slug, []).append(str(path.relative_to(site_root)))
    return leaks
