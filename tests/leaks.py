"""Find every place an archived thread shows up in a built site."""

from __future__ import annotations

import html
import json
from pathlib import Path

from torget.forum import load_forum

SCANNED = {".html", ".xml", ".json", ".js", ".txt", ".csv", ".svg"}


def needles(thread, url: str) -> set[str]:
    """The URL, slug and title, in the spellings HTML, XML and JSON use."""
    forms = {url.strip("/"), thread.slug, thread.title}
    forms |= {html.escape(f, quote=True) for f in list(forms)}
    forms |= {json.dumps(f)[1:-1] for f in list(forms)}
    return {f for f in forms if len(f) >= 4}


def archived_leaks(site_root: Path, content: Path, url_pattern=("posts/{slug}/", "faq/{slug}/")) -> dict[str, list[str]]:
    """For each archived thread, the files other than its own page that name it."""
    forum = load_forum(content)
    archived = [t for t in forum.threads if t.archived]
    assert archived, "the content has no archived threads to look for"
    texts = {
        p: p.read_text(encoding="utf-8", errors="replace")
        for p in site_root.rglob("*")
        if p.is_file() and p.suffix in SCANNED
    }
    leaks: dict[str, list[str]] = {}
    for thread in archived:
        url = (url_pattern[1] if thread.is_faq else url_pattern[0]).format(slug=thread.slug)
        own = site_root / url / "index.html"
        assert own.is_file(), f"archived thread {thread.slug} has no page at {url}"
        found = [
            str(path.relative_to(site_root))
            for path, text in texts.items()
            if path != own and any(n in text for n in needles(thread, url))
        ]
        if found:
            leaks[thread.slug] = found
    return leaks
