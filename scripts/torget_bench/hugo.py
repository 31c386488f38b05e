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

#: layouts/_default/<name>: a base page, a thread, a paginated listing, a list of terms.
TEMPLATES = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body>
</html>
""",
    "single.html": """\
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
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := where site.RegularPages "Section" "posts" }}
{{ if not .IsHome }}{{ $pages = where .Pages "Params.archived" "ne" true }}{{ end }}
{{ $pager := .Paginate $pages.ByLastmod.Reverse }}
<ol>
{{ range $pager.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }} {{ .Summary | plainify | truncate 160 }}</li>
{{ end }}
</ol>
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
    "terms.html": """\
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


def front_matter(thread: Thread) -> dict:
    """Hugo front matter for one thread: what its page and the lists need."""
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
    }
    if thread.archived:
        # readable by its link, listed nowhere: Hugo's "list: never" keeps it
        # out of page collections, and the list template leaves it off term pages
        matter["archived"] = True
        matter["_build"] = {"list": "never"}
    return matter


def page_text(thread: Thread) -> str:
    """A Hugo content file: JSON front matter, then the question's Markdown."""
    return json.dumps(front_matter(thread), ensure_ascii=False, indent=1) + "\n\n" + thread.body.strip() + "\n"


def write_site(content: Path, site: Path, lang: str, timezone: str = DEFAULT_TIMEZONE) -> int:
    """Write a Hugo site for the Torget ``content`` folder into ``site``; returns the threads written."""
    from torget.content.forum import load_forum

    forum = load_forum(content, timezone)
    (site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (site / "config.toml").write_text(CONFIG.format(lang=lang, timezone=timezone, pagination=PAGINATION),
                                      encoding="utf-8")
    for name, text in TEMPLATES.items():
        (site / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    for section in ("posts", "faq"):
        (site / "content" / section).mkdir(parents=True, exist_ok=True)
    for thread in forum.threads:
        section = "faq" if thread.kind == Kind.FAQ else "posts"
        (site / "content" / section / f"{thread.slug}.md").write_text(page_text(thread), encoding="utf-8")
    return len(forum.threads)


def build(site: Path, output: Path, work: Path, timeout: float) -> Measured:
    """``hugo`` over ``site`` into ``output``, measured (wall time, peak memory)."""
    return run_measured(["hugo", "--source", str(site), "--destination", str(output), "--quiet",
                         "--cacheDir", str(work / "hugo-cache")], work, timeout, "Hugo")
