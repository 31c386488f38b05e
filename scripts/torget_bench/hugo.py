"""The same forum as a Hugo site: the benchmark's anchor (issue 27).

:func:`write_site` reads a Torget content folder (with Torget's own parser)
and writes a Hugo site beside it: every thread as a page with JSON front
matter (title, date, tags, categories, the thread type as a ``types``
taxonomy, the replies) and the question as its Markdown body; archived
threads are left out of every list, as Torget leaves them out. Minimal
templates write the kinds of pages Torget writes: thread pages with their
replies rendered from Markdown, listings paginated by 20, tag, category
and type pages, feeds and a sitemap. :func:`build` runs Debian's
``hugo`` over it, measured like every other build.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from torget import DEFAULT_TIMEZONE
from torget.model import Kind, Thread

from .measure import Measured, run_measured

#: Pages per listing page, as Torget's DEFAULT_PAGINATION.
PAGINATION = 20

CONFIG = """\
baseURL = "http://127.0.0.1/"
languageCode = "{lang}"
title = "Hugo"
timeZone = "{timezone}"
paginate = {pagination}
rssLimit = {pagination}
disableKinds = []

[taxonomies]
  tag = "tags"
  category = "categories"
  type = "types"

[permalinks]
  posts = "/posts/:slug/"
  faq = "/faq/:slug/"
"""

#: layouts/<name>: a base page, a thread, a paginated listing, a list of
#: terms, and the threads a listing shows (evaluated once per listing,
#: not once per page of it: partialCached).
TEMPLATES = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ .Params.author }} · {{ range .Params.categories }}<a href="{{ "categories/" | relURL }}{{ . | urlize }}/">{{ . }}</a>{{ end }}</p>
{{ .Content }}
<p>{{ range .Params.tags }}<a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>
</article>
{{ range $i, $reply := .Params.replies }}
<article id="svar-{{ add $i 1 }}">
<p>{{ $reply.author }} · <time datetime="{{ $reply.date }}">{{ $reply.date }}</time></p>
{{ $reply.body | markdownify }}
</article>
{{ end }}
{{ with .Params.prev }}<a href="{{ .url | relURL }}">{{ .title }}</a>{{ end }}
{{ with .Params.next }}<a href="{{ .url | relURL }}">{{ .title }}</a>{{ end }}
{{ end }}
""",
    "partials/listed.html": """\
{{ $pages := .Pages }}
{{ if .IsHome }}{{ $pages = where site.RegularPages "Section" "posts" }}{{ end }}
{{ return (where $pages "Params.archived" "ne" true).ByLastmod.Reverse }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate (partialCached "listed.html" . .RelPermalink) }}
<ol>
{{ range $pager.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }} {{ .Summary | plainify | truncate 160 }}</li>
{{ end }}
</ol>
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
    "_default/terms.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
}


def available() -> bool:
    """Whether ``hugo`` is on the path."""
    return shutil.which("hugo") is not None


def version() -> str:
    """``hugo version``'s first words, or ``missing``."""
    if not available():
        return "missing"
    done = subprocess.run(["hugo", "version"], capture_output=True, text=True, timeout=60)
    return " ".join(done.stdout.split()[:2]) or "unknown"


def front_matter(thread: Thread, neighbours: dict | None = None) -> dict:
    """Hugo front matter for one thread: what its page and the lists need.

    ``neighbours`` holds its previous and next threads (``prev``, ``next``:
    title and url), as Torget's thread pages link them: the converter
    knows the order, so the template only writes the links.
    """
    matter = {
        "title": thread.title,
        "date": thread.date.isoformat(),
        "lastmod": (thread.replies[-1].date if thread.replies else thread.modified or thread.date).isoformat(),
        "slug": thread.slug,
        "author": thread.author,
        "categories": [thread.category],
        "tags": list(thread.tags),
        "types": [thread.type.value] if thread.type else [],
        "replies": [{"author": r.author, "date": r.date.isoformat(), "body": r.body} for r in thread.replies],
        **(neighbours or {}),
    }
    if thread.archived:
        # readable by its link, listed nowhere: Hugo's "list: never" keeps it
        # out of page collections, and the list template leaves it off term pages
        matter["archived"] = True
        matter["_build"] = {"list": "never"}
    return matter


def page_text(thread: Thread, neighbours: dict | None = None) -> str:
    """A Hugo content file: JSON front matter, then the question's Markdown."""
    matter = front_matter(thread, neighbours)
    return json.dumps(matter, ensure_ascii=False, indent=1) + "\n\n" + thread.body.strip() + "\n"


def neighbours_of(threads) -> dict[str, dict]:
    """Slug → the previous and next listed thread by date (archived threads and FAQ entries have none)."""
    listed = sorted((t for t in threads if t.kind == Kind.THREAD and not t.archived), key=lambda t: (t.date, t.slug))
    found: dict[str, dict] = {}
    for i, thread in enumerate(listed):
        found[thread.slug] = {
            name: {"title": other.title, "url": f"/posts/{other.slug}/"}
            for name, other in (("prev", listed[i - 1] if i else None),
                                ("next", listed[i + 1] if i + 1 < len(listed) else None)) if other is not None
        }
    return found


def write_site(content: Path, site: Path, lang: str, timezone: str = DEFAULT_TIMEZONE) -> int:
    """Write a Hugo site for the Torget ``content`` folder into ``site``; returns the threads written."""
    from torget.content.forum import load_forum

    forum = load_forum(content, timezone)
    site.mkdir(parents=True, exist_ok=True)
    (site / "config.toml").write_text(CONFIG.format(lang=lang, timezone=timezone, pagination=PAGINATION),
                                      encoding="utf-8")
    for name, text in TEMPLATES.items():
        (site / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    for section in ("posts", "faq"):
        (site / "content" / section).mkdir(parents=True, exist_ok=True)
    neighbours = neighbours_of(forum.threads)
    for thread in forum.threads:
        section = "faq" if thread.kind == Kind.FAQ else "posts"
        (site / "content" / section / f"{thread.slug}.md").write_text(page_text(thread, neighbours.get(thread.slug)),
                                                                      encoding="utf-8")
    return len(forum.threads)


def build(site: Path, output: Path, work: Path, timeout: float) -> Measured:
    """``hugo`` over ``site`` into ``output``, measured (wall time, peak memory)."""
    return run_measured(["hugo", "--source", str(site), "--destination", str(output), "--quiet",
                         "--cacheDir", str(work / "hugo-cache")], work, timeout, "Hugo")
