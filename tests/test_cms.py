"""The editor at /admin/: its file format, its generated configuration and
a browser session against decap-server.

- The format: ``theme/static/js/torget-format.js`` (what Decap CMS reads
  and writes files with) runs in Node through
  ``tests/js/torget_format_harness.js`` and is held against the Python
  parser and writer: parse → write gives the same bytes for every sample
  file, an edit changes only its own lines, and what it writes for a new
  entry is what ``torget.format.writing.thread_text`` writes and parses without
  problems.
- The build: ``plugins/torget_admin`` writes ``/admin/index.html`` and
  ``/admin/config.yml`` from the settings, and keeps the page out of the
  sitemap, feeds and search.
- The browser: Decap CMS in headless Chromium, under the policy
  docs/deploying.md gives /admin/, against decap-server on a copy of the
  sample content: creates a thread with two replies through the form
  (``torget check --strict`` passes, the rebuilt site shows it), and saves
  an edited sample thread with only its line changed and, edited back,
  byte for byte as it was. Built for GitLab, the login asks for a PKCE
  code and nothing leaves the machine. ``torget serve --cms`` runs
  decap-server and ends it.

Node tests skip when ``node`` is missing and the browser test when
``node_modules/decap-server`` is missing, except with ``CI=true``, where
they fail.
"""

from __future__ import annotations

import dataclasses
import functools
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from torget import DEFAULT_TIMEZONE
from torget.content.forum import thread_files
from torget.model import Kind
from torget.format.parsing import parse_page, parse_thread, read_thread_file
from torget.format.writing import thread_text

from test_writing import threads  # the Python writer's thread strategy

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "tests" / "js" / "torget_format_harness.js"
TZ = DEFAULT_TIMEZONE
CI = os.environ.get("CI") == "true"


def node_binary() -> str:
    node = shutil.which("node")
    if node is None:
        if CI:
            pytest.fail("node is required for the editor's format tests (CI=true)")
        pytest.skip("node not found (these tests fail instead of skipping when CI=true)")
    return node


def js(ops: list[dict]) -> list:
    proc = subprocess.run([node_binary(), str(HARNESS)], input=json.dumps(ops), capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    if proc.returncode:
        pytest.fail(f"torget_format_harness.js failed ({proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout)


def sample_threads() -> list[tuple[Path, Kind]]:
    files = list(thread_files(ROOT / "content"))
    assert len(files) > 40 and any(k is Kind.FAQ for _, k in files) and any(k is Kind.THREAD for _, k in files)
    return files


def sample_pages() -> list[Path]:
    pages = sorted((ROOT / "content" / "pages").glob("*.md"))
    assert pages
    return pages


def comparable(thread):
    """What a thread says, without where it says it."""
    return dataclasses.replace(
        thread, source_path="", lines={}, source_digest="",
        replies=tuple(dataclasses.replace(r, line=0) for r in thread.replies),
    )


def python_parse(text: str, kind: Kind, name: str = "x"):
    path = f"{'faq' if kind is Kind.FAQ else 'posts'}/{name}.md"
    return parse_thread(path, text, kind, TZ)


# --- parse → write is byte for byte -------------------------------------------


def test_every_sample_thread_and_faq_entry_round_trips_byte_for_byte():
    files = sample_threads()
    texts = [path.read_bytes().decode("utf-8") for path, _ in files]
    written = js([{"op": "roundtrip", "kind": "thread", "text": t} for t in texts])
    for (path, _), text, out in zip(files, texts, written, strict=True):
        assert out == text, path


def test_every_sample_page_round_trips_byte_for_byte():
    pages = sample_pages()
    texts = [p.read_text("utf-8") for p in pages]
    assert js([{"op": "roundtrip", "kind": "page", "text": t} for t in texts]) == texts


def test_the_javascript_reads_what_the_python_parser_reads():
    files = sample_threads()
    entries = js([{"op": "parse", "kind": "thread", "text": p.read_text("utf-8")} for p, _ in files])
    for (path, kind), entry in zip(files, entries, strict=True):
        thread, problems = read_thread_file(path, kind, TZ)
        assert thread is not None, problems
        assert entry["title"] == thread.title and entry["category"] == thread.category, path
        assert entry["author"] == thread.author and entry["body"] == thread.body, path
        assert entry["type"] == (thread.type.value if thread.type else ""), path
        assert tuple(entry["tags"]) == thread.tags, path
        assert (entry["archived"], entry["locked"], entry["evergreen"]) == (thread.archived, thread.locked, thread.evergreen)
        assert entry["archive_reason"] == thread.archive_reason and entry["summary"] == thread.summary, path
        assert [(r["author"], r["role"], r["staff"], r["accepted"], r["text"]) for r in entry["replies"]] == [
            (r.author, r.role, r.staff, r.accepted, r.body) for r in thread.replies
        ], path


def test_entries_written_fresh_are_what_thread_text_writes_and_parse_back_equal():
    """Without its source (a new entry), the JavaScript writes the Python
    writer's canonical text, which the parser reads back into the same thread."""
    files = sample_threads()
    entries = js([{"op": "parse", "kind": "thread", "text": p.read_text("utf-8")} for p, _ in files])
    for entry in entries:
        del entry["torget_source"]
    written = js([{"op": "write", "kind": "thread", "entry": e} for e in entries])
    for (path, kind), text in zip(files, written, strict=True):
        original, _ = read_thread_file(path, kind, TZ)
        parsed, problems = python_parse(text, kind, path.stem)
        assert problems == [], (path, problems)
        assert comparable(parsed) == comparable(original), path
        canonical = thread_text(original, TZ)
        if "slug" not in original.lines:  # the file name is the slug: no Slug line for it
            canonical = canonical.replace(f"Slug: {original.slug}\n", "", 1)
        assert text == canonical, path


# --- edits change only their own lines -----------------------------------------

SOURCE = """Title: Soptunnan är trasig
date: 2026-01-10 10:00
Type: problem
Category: Avfall och återvinning
Author: Karin
Source-Url: https://example.org/1
Archived: ja

Locket har gått sönder.

```
--- reply ---
```

--- reply ---
Author: Sara Lind
Role: Avfallsenheten
Date: 2026-01-11 09:00
Staff: ja

Vi byter det i veckan.
"""


def test_an_edit_changes_only_its_own_lines():
    (retitled, unarchived, reply_edited, tagged, with_reply, without_reply) = js([
        {"op": "edit", "kind": "thread", "text": SOURCE, "set": {"title": "Trasigt lock"}},
        {"op": "edit", "kind": "thread", "text": SOURCE, "set": {"archived": False}},
        {"op": "edit", "kind": "thread", "text": SOURCE, "reply_set": {"0": {"text": "Nytt lock kommer.\n", "accepted": True}}},
        {"op": "edit", "kind": "thread", "text": SOURCE, "set": {"tags": ["lock", "soptunna"], "evergreen": True}},
        {"op": "edit", "kind": "thread", "text": SOURCE, "add_replies": [
            {"author": "Karin", "date": "2026-01-12 08:00", "text": "Tack!"}]},
        {"op": "edit", "kind": "thread", "text": SOURCE, "drop_replies": 1},
    ])
    assert retitled == SOURCE.replace("Title: Soptunnan är trasig", "Title: Trasigt lock")
    assert unarchived == SOURCE.replace("Archived: ja\n", "")
    assert reply_edited == SOURCE.replace("Staff: ja\n\nVi byter det i veckan.", "Staff: ja\nAccepted: yes\n\nNytt lock kommer.")
    assert tagged == SOURCE.replace("Author: Karin\n", "Tags: lock, soptunna\nAuthor: Karin\n", 1).replace(
        "Archived: ja\n", "Archived: ja\nEvergreen: yes\n")
    assert with_reply == SOURCE + "\n--- reply ---\nAuthor: Karin\nDate: 2026-01-12 08:00\n\nTack!\n"
    assert without_reply == SOURCE.split("\n--- reply ---\nAuthor: Sara")[0]
    for text in (retitled, unarchived, reply_edited, tagged, with_reply, without_reply):
        thread, problems = python_parse(text, Kind.THREAD, "soptunnan")
        assert thread is not None and not [p for p in problems if p.is_error], (text, problems)
    assert len(python_parse(with_reply, Kind.THREAD)[0].replies) == 2
    assert python_parse(reply_edited, Kind.THREAD)[0].replies[0].accepted


@pytest.mark.parametrize("text", [
    SOURCE.replace("\n", "\r\n"),
    "\ufeff" + SOURCE,
    SOURCE.rstrip("\n"),
    SOURCE + "\n\n",
    SOURCE.replace("Title: Soptunnan är trasig", "Title: Soptunnan\n  är trasig"),
    SOURCE.replace("Type: problem", "Type: Förslag"),
], ids=["crlf", "bom", "no-final-newline", "trailing-blank-lines", "continuation-line", "swedish-type"])
def test_odd_but_valid_files_round_trip(text):
    [same, edited] = js([
        {"op": "roundtrip", "kind": "thread", "text": text},
        {"op": "edit", "kind": "thread", "text": text, "set": {"author": "Olle"}},
    ])
    assert same == text
    thread, problems = python_parse(edited, Kind.THREAD)
    assert thread is not None and thread.author == "Olle", problems
    assert comparable(dataclasses.replace(thread, author="Karin")) == comparable(python_parse(text, Kind.THREAD)[0])


def test_a_new_thread_from_the_form_is_valid():
    """The fields the editor's form gives for a new thread, written and parsed."""
    entry = {
        "title": "Hur lång tid tar ett bygglov?", "date": "2026-11-02 09:15", "type": "question",
        "category": "Bygga och bo", "tags": ["bygglov", " handläggningstid "], "author": "Lena",
        "archived": False, "locked": False, "evergreen": False, "summary": "", "archive_reason": "",
        "body": "Jag har sökt bygglov för ett garage.\nHur länge dröjer det?",
        "replies": [
            {"author": "Sara Lind", "role": "Bygglovshandläggare", "date": "2026-11-02 10:00", "staff": True,
             "accepted": True, "text": "Högst tio veckor.\n\n--- reply --- skrivet i en mening är bara text."},
            {"author": "Lena", "date": "2026-11-02 12:00", "text": "Tack!", "staff": False, "accepted": False},
        ],
    }
    [text] = js([{"op": "write", "kind": "thread", "entry": entry}])
    assert text == (
        "Title: Hur lång tid tar ett bygglov?\nDate: 2026-11-02 09:15\nType: question\nCategory: Bygga och bo\n"
        "Tags: bygglov, handläggningstid\nAuthor: Lena\n\nJag har sökt bygglov för ett garage.\nHur länge dröjer det?\n"
        "\n--- reply ---\nAuthor: Sara Lind\nRole: Bygglovshandläggare\nDate: 2026-11-02 10:00\nStaff: yes\n"
        "Accepted: yes\n\nHögst tio veckor.\n\n--- reply --- skrivet i en mening är bara text.\n"
        "\n--- reply ---\nAuthor: Lena\nDate: 2026-11-02 12:00\n\nTack!\n"
    )
    thread, problems = python_parse(text, Kind.THREAD, "hur-lang-tid-tar-ett-bygglov")
    assert problems == [] and len(thread.replies) == 2


def test_pages_keep_their_header_and_edit_their_text():
    page = "Title: Om forumet\nSlug: om-forumet\nLang: sv\n\nHär svarar kommunen.\n"
    [same, edited, new] = js([
        {"op": "roundtrip", "kind": "page", "text": page},
        {"op": "edit", "kind": "page", "text": page, "set": {"body": "Här svarar Ekbacka kommun.\n", "status": "hidden"}},
        {"op": "write", "kind": "page", "entry": {"title": "Kakor", "body": "Forumet sätter inga kakor."}},
    ])
    assert same == page
    assert edited == "Title: Om forumet\nSlug: om-forumet\nStatus: hidden\nLang: sv\n\nHär svarar Ekbacka kommun.\n"
    assert new == "Title: Kakor\n\nForumet sätter inga kakor.\n"
    for text in (edited, new):
        assert parse_page("pages/x.md", text, TZ) == []


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(threads(), min_size=1, max_size=6))
def test_any_thread_the_python_writer_writes_round_trips(drawn):
    """Hypothesis' threads (tests/test_writing.py), six to a Node run."""
    batch = []
    for thread in drawn:
        try:
            batch.append((thread, thread_text(thread, TZ)))
        except ValueError:
            continue
    ops = [{"op": "roundtrip", "kind": "thread", "text": text} for _, text in batch]
    ops += [{"op": "parse", "kind": "thread", "text": text} for _, text in batch]
    results = js(ops)
    same, entries = results[: len(batch)], results[len(batch):]
    for (_, text), out in zip(batch, same, strict=True):
        assert out == text
    for entry in entries:
        del entry["torget_source"]
    fresh = js([{"op": "write", "kind": "thread", "entry": e} for e in entries])
    for (thread, text), out in zip(batch, fresh, strict=True):
        parsed, problems = python_parse(out, thread.kind)
        assert parsed is not None, (out, problems)
        # a new entry has no unknown keys: the rest is the same thread
        assert comparable(parsed) == comparable(dataclasses.replace(thread, extra=(), source_path="")), out


# --- the build ------------------------------------------------------------------

CONFIG = ROOT / "pelicanconf.py"
PUBLISH_CONFIG = ROOT / "publishconf.py"
GITLAB = {"backend": "gitlab", "repo": "kommunikation/forum", "base_url": "https://gitlab.ekbacka.se",
          "app_id": "a1b2c3"}


def admin_config(site) -> dict:
    text = (site.root / "admin" / "config.yml").read_text("utf-8")
    assert text.startswith("# ")
    return json.loads("\n".join(line for line in text.splitlines() if not line.startswith("#")))


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def field(fields: list[dict], name: str) -> dict:
    return next(f for f in fields if f["name"] == name)


def test_the_preview_builds_the_editor_with_the_local_backend(build, content_copy):
    site = build(content=content_copy)
    assert site.result.ok, site.result.problems
    page = site.html("admin/")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    scripts = [s["src"] for s in page.find_all("script")]
    assert scripts == ["/theme/js/admin-init.js", "/theme/vendor/decap-cms-3.16.3/decap-cms.js",
                       "/theme/js/admin-locale.js", "/theme/js/torget-format.js", "/theme/vendor/libphonenumber-js-1.13.18/libphonenumber-max.js",
                       "/theme/js/torget-checks.js", "/theme/js/torget-check-widgets.js", "/theme/js/admin.js"]
    for src in scripts:
        assert (site.root / src.lstrip("/")).is_file(), src
    chunks = list((site.root / "theme" / "vendor" / "decap-cms-3.16.3").glob("*.decap-cms.js"))
    assert len(chunks) > 50
    # no site styles over Decap's: admin.css for the page's own noscript text and hidden heading,
    # admin-decap.css for the editor's layout; no inline style
    sheets = [link["href"] for link in page.find_all(["style", "link"], attrs={"rel": "stylesheet"})]
    assert sheets == ["/theme/css/admin.css", "/theme/css/admin-decap.css"]
    assert not page.find_all(style=True) and not page.find_all("style")
    selectors = re.findall(r"^([^{/*\s][^{]*)\{", (site.root / "theme/css/admin.css").read_text(), re.MULTILINE)
    assert [s.strip() for s in selectors] == ["noscript", ".visually-hidden"]
    assert page.find("header", class_="admin-forum").find("h1").get_text() == "Fråga Ekbacka"
    config = admin_config(site)
    assert config["backend"] == {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1", "branch": "main"}
    assert "local_backend" not in config and config["locale"] == "sv"
    threads, faq, pages = (collection(config, n) for n in ("threads", "faq", "pages"))
    assert (threads["folder"], faq["folder"], pages["folder"]) == ("content/posts", "content/faq", "content/pages")
    assert threads["format"] == faq["format"] == "torget-thread" and pages["format"] == "torget-page"
    # the declared categories in their order, and the four types
    from torget.build.run import load_settings

    declared = list(load_settings(CONFIG, content_copy, None, None)["TORGET_CATEGORIES"])
    assert len(declared) > 3
    assert field(threads["fields"], "category")["options"] == declared
    assert field(faq["fields"], "category")["options"] == declared
    assert [o["value"] for o in field(threads["fields"], "type")["options"]] == [
        "question", "problem", "suggestion", "praise"]
    assert "type" not in {f["name"] for f in faq["fields"]}
    replies = field(threads["fields"], "replies")
    assert [f["name"] for f in replies["fields"]] == ["author", "role", "date", "staff", "accepted", "text"]
    for name in ("tags", "archived", "archive_reason", "locked", "evergreen", "summary", "slug", "modified"):
        field(threads["fields"], name)
    # a new thread starts without replies; dates are picked, "now" for a new entry, in the thread format
    assert replies["default"] == []
    for date in (field(threads["fields"], "date"), field(replies["fields"], "date"), field(faq["fields"], "date")):
        assert (date.get("torget_widget", date["widget"]), date["format"], date["default"]) == ("datetime", "YYYY-MM-DD HH:mm", "{{now}}")
    modified = field(threads["fields"], "modified")
    assert modified.get("torget_widget", modified["widget"]) == "datetime" and "default" not in modified and modified["required"] is False
    # Markdown source only: Decap's rich-text mode escapes Markdown typed into it
    for markdown in (field(threads["fields"], "body"), field(replies["fields"], "text"), field(faq["fields"], "body"),
                     field(pages["fields"], "body")):
        assert markdown.get("torget_widget", markdown["widget"]) == "markdown" and markdown["modes"] == ["raw"]
    # newest first, archived entries marked and filtered, a link to the entry's page
    for entries in (threads, faq):
        assert entries["sortable_fields"][0] == {"field": "date", "default_sort": "desc"}
        assert [(f["label"], f["pattern"]) for f in entries["view_filters"]] == [("Aktuella", False), ("Arkiverade", True)]
        assert entries["summary"].startswith("{{archived | ternary('[Arkiverad] ', '')}}{{title}}")
    assert (threads["preview_path"], faq["preview_path"], pages["preview_path"]) == (
        "posts/{{slug}}/", "faq/{{slug}}/", "{{slug}}/")
    assert config["publish_mode"] == "simple"


def test_the_editor_is_in_no_sitemap_feed_or_search_index(build, content_copy):
    site = build(content=content_copy, config=PUBLISH_CONFIG, SITEURL="https://forum.ekbacka.se",
                 TORGET_CMS=GITLAB)
    assert site.result.ok, site.result.problems
    assert (site.root / "admin" / "index.html").is_file()
    for path in site.files(".xml", ".json"):
        if path.parent.name != "admin":
            assert "/admin" not in path.read_text("utf-8"), path
    assert "admin" not in (site.root / "sitemap.xml").read_text("utf-8")
    config = admin_config(site)
    assert config["backend"]["name"] == "gitlab" and config["backend"]["auth_type"] == "pkce"
    assert config["backend"]["app_id"] == "a1b2c3" and config["backend"]["base_url"] == "https://gitlab.ekbacka.se"
    assert config["site_url"] == "https://forum.ekbacka.se" and "local_backend" not in config


@pytest.mark.parametrize("cms", [
    {**GITLAB, "editorial_workflow": True},
    {"backend": "github", "repo": "ekbacka/forum", "base_url": "https://oauth.ekbacka.se", "editorial_workflow": True},
    {**GITLAB, "editorial_workflow": True, "local_backend": True},
], ids=["gitlab", "github", "gitlab-and-local"])
def test_the_editorial_workflow_is_decaps_publish_mode_for_a_git_backend(build, content_copy, cms):
    """A branch and a merge request per change (docs/editing.md), which CI
    checks like any other (.gitlab-ci.yml, .github/workflows/site.yml)."""
    site = build(content=content_copy, config=PUBLISH_CONFIG, SITEURL="https://forum.ekbacka.se", TORGET_CMS=cms)
    assert site.result.ok, site.result.problems
    config = admin_config(site)
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["name"] == cms["backend"] and config["backend"]["repo"] == cms["repo"]
    assert "Ändra {{collection}}: {{slug}}" == config["backend"]["commit_messages"]["update"]
    without = build(content=content_copy, config=PUBLISH_CONFIG, SITEURL="https://forum.ekbacka.se",
                    TORGET_CMS={**cms, "editorial_workflow": False})
    assert admin_config(without)["publish_mode"] == "simple"


def test_an_english_forum_gets_the_editor_in_english(build, content_copy):
    """``DEFAULT_LANG = "en"``: Decap's English locale (complete, with
    admin-locale.js's "View on the site") and Torget's English labels."""
    site = build(content=content_copy, DEFAULT_LANG="en")
    assert site.result.ok, site.result.problems
    config = admin_config(site)
    assert config["locale"] == "en" and site.html("admin/").find("html")["lang"] == "en"
    threads = collection(config, "threads")
    assert [f["label"] for f in threads["view_filters"]] == ["Current", "Archived"]
    assert threads["summary"].startswith("{{archived | ternary('[Archived] ', '')}}")
    assert field(threads["fields"], "date")["hint"].startswith("Pick the day and time")
    assert field(threads["fields"], "body")["hint"].startswith("Markdown: `**bold**`")


def test_publishing_builds_no_editor_without_a_backend(sample_site):
    assert not (sample_site.root / "admin").exists()
    # nor ships its 6 MB
    assert (sample_site.root / "theme" / "vendor" / "lunr-2.3.9" / "lunr.min.js").is_file()
    assert not (sample_site.root / "theme" / "vendor" / "decap-cms-3.16.3").exists()
    # libphonenumber-js only for the ask page's checks, and without it not at all
    assert (sample_site.root / "fraga" / "index.html").is_file()
    assert (sample_site.root / "theme" / "vendor" / "libphonenumber-js-1.13.18" / "libphonenumber-max.js").is_file()


def test_without_the_editor_and_the_ask_page_no_phone_library_is_shipped(build):
    site = build(config=PUBLISH_CONFIG, TORGET_ASK_PAGE="")
    assert site.result.ok, site.result.problems
    assert not (site.root / "admin").exists() and not (site.root / "fraga").exists()
    assert not (site.root / "theme" / "vendor" / "libphonenumber-js-1.13.18").exists()


def test_without_declared_categories_those_of_the_threads_are_offered(build, content_copy):
    from torget.content.forum import load_forum

    site = build(content=content_copy, TORGET_CATEGORIES={}, TORGET_CATEGORY_SETTINGS={})
    assert site.result.ok, site.result.problems
    used = {t.category for t in load_forum(content_copy).threads}
    options = field(collection(admin_config(site), "threads")["fields"], "category")["options"]
    assert options == sorted(used, key=lambda c: (c.casefold(), c)) and len(options) > 3


@pytest.mark.parametrize("cms, message", [  # in the sample forum's language
    ({"backend": "bitbucket", "repo": "a/b"}, "backend ska vara en av gitlab, github"),
    ({"backend": "gitlab", "repo": "forum", "app_id": "x"}, "repo ska vara förrådets sökväg"),
    ({"backend": "gitlab", "repo": "a/b"}, "app_id behövs"),
    ({"local_backend": "https://cms.example.org/api/v1"}, "local_backend ska vara"),
    ({"local_backend": True, "colour": "red"}, "okända nycklar ['colour']"),
    ({"local_backend": True, "editorial_workflow": True}, "editorial_workflow behöver en backend"),
    ({**GITLAB, "editorial_workflow": "ja"}, "editorial_workflow ska vara True eller False"),
])
def test_mistakes_in_torget_cms_fail_the_build(build, content_copy, cms, message):
    site = build(content=content_copy, TORGET_CMS=cms)
    assert not site.result.ok and not site.root.exists()
    assert any(p.message.startswith("TORGET_CMS: ") and message in p.message and p.is_error
               for p in site.result.problems), site.result.problems


# --- the editor in the browser, against decap-server ----------------------------


def _admin_csp(backend_origin: str) -> str:
    """The policy docs/deploying.md gives /admin/, for the local backend."""
    doc = (ROOT / "docs" / "deploying.md").read_text("utf-8")
    section = doc.split("## The editor at /admin/", 1)[1]
    block = section.split("```", 2)[1]
    policy = " ".join(block.split()).removeprefix("Content-Security-Policy:").strip()
    assert "connect-src 'self'" in policy
    return policy.replace("connect-src 'self'", f"connect-src 'self' {backend_origin}", 1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def decap_installed() -> Path:
    """decap-server's entry point (tools/cms, ``npm ci`` on first use)."""
    import click
    from torget_cli.cms import install

    if shutil.which("node") is None:
        if CI:
            pytest.fail("node is required for the editor's browser test (CI=true)")
        pytest.skip("node not found")
    try:
        return install()
    except click.ClickException as error:
        if CI:
            pytest.fail(f"decap-server could not be installed (CI=true): {error.message}")
        pytest.skip(f"decap-server is not installed: {error.message}")


@pytest.fixture(scope="module")
def decap_server(tmp_path_factory, decap_installed):
    """decap-server on a copy of the sample content; yields
    ``(repository folder, API URL)``."""
    server = decap_installed
    node = shutil.which("node")
    repo = tmp_path_factory.mktemp("cms-repo")
    shutil.copytree(ROOT / "content", repo / "content")
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(repo), "LOG_LEVEL": "error"}
    process = subprocess.Popen([node, str(server)], env=env, cwd=repo, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api/v1"
    for _ in range(300):  # wait for the port to open (up to 30 s), or the process to end
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        if process.poll() is not None:
            pytest.fail(f"decap-server ended with {process.returncode}")
        time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("decap-server did not open its port in 30 s")
    yield repo, url
    process.terminate()
    process.wait(timeout=10)


def _serve_with_policy(folder: Path, policy: str) -> http.server.ThreadingHTTPServer:
    """Serve ``folder``, /admin/ with ``policy`` as its Content-Security-Policy."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml"}

        def log_message(self, *args):
            pass

        def end_headers(self):
            if self.path.startswith("/admin/"):
                self.send_header("Content-Security-Policy", policy)
            super().end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def editor(decap_server, tmp_path_factory):
    """The preview built from the copy, served with /admin/'s documented
    policy; yields ``(base URL, repository folder, rebuild)``."""
    from conftest import build_into

    repo, api = decap_server
    out = tmp_path_factory.mktemp("cms-site") / "output"

    def rebuild():
        return build_into(out, repo / "content", config=CONFIG, TORGET_CMS={"local_backend": api})

    site = rebuild()
    assert site.result.ok, site.result.problems
    server = _serve_with_policy(out, _admin_csp(api.rsplit("/api/", 1)[0]))
    yield f"http://127.0.0.1:{server.server_port}", repo, rebuild
    server.shutdown()


@pytest.fixture
def admin(browser, editor):
    """A logged-in editor page; fails the test on CSP violations, page
    errors and requests to any other host."""
    base, repo, rebuild = editor
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda m: problems.append(f"console: {m.text}") if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1:", "data:", "blob:"))
            else problems.append(f"request to another host: {r.url}"))
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Trådar").first.wait_for()
    yield page, base, repo, rebuild
    context.close()
    assert problems == []


def _publish(page) -> None:
    """Publicera → Publicera nu, and wait until decap-server has written."""
    with page.expect_response(lambda r: "/api/v1" in r.url and r.request.method == "POST"
                              and "persistEntry" in (r.request.post_data or "")) as response:
        page.get_by_role("button", name="Publicera").first.click()
        page.get_by_text("Publicera nu").click()
    assert response.value.ok, response.value.text()


def test_saving_an_edited_sample_thread_changes_its_line_and_undoing_it_its_bytes(admin):
    """Decap saves only a changed entry: a thread is saved with a changed
    title (only the Title line changes), then with the title as it was
    (the file is byte for byte the sample again)."""
    from playwright.sync_api import expect

    page, base, repo, _ = admin
    for slug in ("ansoka-om-fardtjanst", "julbelysningen-pa-torget-2021"):
        path = repo / "content" / "posts" / f"{slug}.md"
        before = path.read_bytes()
        title_line = next(line for line in before.decode().splitlines() if line.startswith("Title: "))
        # from the list of threads, as an editor goes: newest first, the
        # archived one (2021) marked and found with the filter
        page.goto(f"{base}/admin/#/collections/threads")
        title_text = title_line.removeprefix("Title: ")
        if b"\nArchived:" in before:
            page.get_by_text("Filtrera efter").click()
            page.get_by_text("Arkiverade", exact=True).click()
            title_text = "[Arkiverad] " + title_text
        page.get_by_text(title_text + " (").click()
        title = page.get_by_label("Rubrik")
        expect(title).to_have_value(title_line.removeprefix("Title: "))
        assert page.url.endswith(f"/entries/{slug}")
        title.press("End")
        title.press_sequentially(" (ändrad)")
        # the preview, in the site's style, follows the form
        expect(page.frame_locator("iframe").first.locator("h1")).to_have_text(
            title_line.removeprefix("Title: ") + " (ändrad)")
        _publish(page)
        assert path.read_bytes() == before.replace(title_line.encode(), f"{title_line} (ändrad)".encode(), 1), slug
        page.reload()
        title = page.get_by_label("Rubrik")
        expect(title).to_have_value(title_line.removeprefix("Title: ") + " (ändrad)")
        title.press("End")
        for _ in " (ändrad)":
            title.press("Backspace")
        _publish(page)
        assert path.read_bytes() == before, slug


def test_a_thread_with_two_replies_created_in_the_form(admin):
    from click.testing import CliRunner
    from playwright.sync_api import expect
    from torget_cli import main

    page, base, repo, rebuild = admin
    posts = repo / "content" / "posts"
    existing = set(posts.iterdir())
    page.goto(f"{base}/admin/#/collections/threads/new")
    page.get_by_label("Rubrik").fill("Locket på soptunnan har gått sönder")
    page.locator("[id^=date-field]").first.fill("2026-11-02T09:15")  # the date picker
    page.locator("[id^=type-field]").fill("Problem")
    page.keyboard.press("Enter")
    page.locator("[id^=category-field]").fill("Avfall och")
    page.keyboard.press("Enter")
    page.get_by_label("Taggar").fill("soptunna, lock")
    page.get_by_label("Namn på den som frågar").fill("Karin")
    editors = page.locator("[contenteditable=true]")
    editors.first.click()
    page.keyboard.type("Locket lossnade när tunnan tömdes i morse.")
    page.keyboard.press("Enter")  # Markdown source: a blank line between paragraphs
    page.keyboard.press("Enter")
    page.keyboard.type("Vart vänder jag mig?")
    assert page.locator("[id^=author-field]").count() == 1  # the asker's: no reply yet
    add = page.get_by_role("button", name="Lägg till svar")
    add.click()
    add.click()
    authors, dates = page.locator("[id^=author-field]"), page.locator("[id^=date-field]")
    expect(authors).to_have_count(3)
    authors.nth(1).fill("Sara Lind")
    page.locator("[id^=role-field]").first.fill("Avfallsenheten")
    dates.nth(1).fill("2026-11-02T10:30")
    page.locator("[id^=staff-field]").first.click()
    page.locator("[id^=accepted-field]").first.click()
    editors.nth(1).click()
    page.keyboard.type("Vi byter locket inom en vecka. Du behöver inte göra något.")
    authors.nth(2).fill("Karin")
    dates.nth(2).fill("2026-11-02T11:00")
    editors.nth(2).click()
    page.keyboard.type("Tack för snabbt svar!")
    _publish(page)

    [new] = set(posts.iterdir()) - existing
    assert new.name == "locket-pa-soptunnan-har-gatt-sonder.md"
    assert new.read_text("utf-8") == (
        "Title: Locket på soptunnan har gått sönder\nDate: 2026-11-02 09:15\nType: problem\n"
        "Category: Avfall och återvinning\nTags: soptunna, lock\nAuthor: Karin\n\n"
        "Locket lossnade när tunnan tömdes i morse.\n\nVart vänder jag mig?\n"
        "\n--- reply ---\nAuthor: Sara Lind\nRole: Avfallsenheten\nDate: 2026-11-02 10:30\nStaff: yes\nAccepted: yes\n\n"
        "Vi byter locket inom en vecka. Du behöver inte göra något.\n"
        "\n--- reply ---\nAuthor: Karin\nDate: 2026-11-02 11:00\n\nTack för snabbt svar!\n"
    )
    result = CliRunner().invoke(main, ["check", "--strict", "--config", str(CONFIG), "--content", str(repo / "content")])
    assert result.exit_code == 0, result.output
    site = rebuild()
    assert site.result.ok, site.result.problems
    thread = site.html("posts/locket-pa-soptunnan-har-gatt-sonder/")
    assert thread.find("h1").get_text(strip=True) == "Locket på soptunnan har gått sönder"
    text = thread.get_text(" ", strip=True)
    assert "Vi byter locket inom en vecka." in text and "Tack för snabbt svar!" in text


def _strict_check(repo: Path):
    from click.testing import CliRunner
    from torget_cli import main

    return CliRunner().invoke(main, ["check", "--strict", "--config", str(CONFIG), "--content", str(repo / "content")])


def test_a_new_thread_publishes_untouched_replies_markdown_as_typed_and_now_as_its_date(admin):
    """Markdown typed into the body is saved as typed (Decap's rich-text
    mode saved ``**fet**`` as ``\\*\\*fet\\*\\*``); the replies start empty and
    the date at now, so neither needs touching; the preview shows no type
    badge until a type is chosen; the saved entry links to its page."""
    from playwright.sync_api import expect

    page, base, repo, rebuild = admin
    page.goto(f"{base}/admin/#/collections/threads/new")
    page.get_by_label("Rubrik").fill("Kan vi få en extra soptunna")
    preview = page.frame_locator("iframe").first
    expect(preview.locator("h1")).to_have_text("Kan vi få en extra soptunna")
    expect(preview.locator(".thread-kicker")).to_be_attached()
    assert preview.locator(".badge").count() == 0
    page.locator("[id^=type-field]").fill("Fråga")
    page.keyboard.press("Enter")
    expect(preview.locator(".badge-question")).to_have_count(1)
    page.locator("[id^=category-field]").fill("Avfall och")
    page.keyboard.press("Enter")
    page.get_by_label("Namn på den som frågar").fill("Olle")
    page.locator("[contenteditable=true]").first.click()
    page.keyboard.type("Vi är **fet** många i hushållet och _tunnan_ räcker inte.")
    assert page.locator("[id^=author-field]").count() == 1  # no reply to fill in or remove
    _publish(page)

    text = (repo / "content" / "posts" / "kan-vi-fa-en-extra-soptunna.md").read_text("utf-8")
    header, body = text.split("\n\n", 1)
    assert body == "Vi är **fet** många i hushållet och _tunnan_ räcker inte.\n"
    assert header.splitlines()[0] == "Title: Kan vi få en extra soptunna" and "--- reply ---" not in text
    written = datetime.strptime(header.splitlines()[1].removeprefix("Date: "), "%Y-%m-%d %H:%M")
    assert abs(written - datetime.now()) < timedelta(minutes=10)  # the browser's now, on this machine
    result = _strict_check(repo)
    assert result.exit_code == 0, result.output
    page.wait_for_url("**/entries/kan-vi-fa-en-extra-soptunna")
    page.reload()  # Decap looks for the entry's page when it opens a saved entry
    link = page.get_by_role("link", name="Visa på webbplatsen")
    expect(link).to_have_attribute("href", f"{base}/posts/kan-vi-fa-en-extra-soptunna/")


def _login(browser, base: str, width: int):
    """A logged-in editor page ``width`` px wide, in a context of its own."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Trådar").first.wait_for()
    return context, page


def _in_view(locator, width: int) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] >= 0


def test_at_390_px_the_editor_does_not_scroll_sideways_and_its_buttons_are_in_reach(browser, editor):
    from playwright.sync_api import expect

    base, _, _ = editor
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{base}/admin/")
    name = page.locator(".admin-forum")
    expect(name).to_have_text("Fråga Ekbacka")  # the forum's name on the login page
    assert _in_view(name, 390)
    from axe_playwright_python.sync_playwright import Axe

    # Torget's own element on the page; the rest is Decap's UI
    assert Axe().run(page, context=".admin-forum").response["violations"] == []
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Trådar").first.wait_for()
    expect(name).to_have_text("Fråga Ekbacka")  # still the page's heading, for screen readers only
    assert name.bounding_box()["width"] <= 1
    scroll = "document.documentElement.scrollWidth"
    assert page.evaluate(scroll) <= 390
    page.goto(f"{base}/admin/#/collections/threads/entries/ansoka-om-fardtjanst")
    title = page.get_by_label("Rubrik")
    expect(title).not_to_have_value("")
    assert page.evaluate(scroll) <= 390
    for control in (page.get_by_role("button", name="Radera inlägg"),
                    page.get_by_role("link", name="Visa på webbplatsen")):
        expect(control).to_be_visible()
        assert _in_view(control, 390), control
    title.press("End")
    title.press_sequentially(" (ändrad)")
    page.get_by_role("button", name="Publicera").first.click()
    for item in ("Publicera nu", "Publicera och skapa ny"):
        expect(page.get_by_text(item)).to_be_visible()
        assert _in_view(page.get_by_text(item), 390), item
    page.keyboard.press("Escape")
    page.goto(f"{base}/admin/#/collections/threads/new")
    page.get_by_label("Rubrik").wait_for()
    assert page.evaluate(scroll) <= 390
    context.close()


#: Phrases of Decap's English that its Swedish locale lacked (issue 23).
ENGLISH = ("Add svar", "Rich Text", "No options", "Collapse", "Expand", "Oops", "Check for Preview",
           "View Live", "to now", "Toggle")

_MISSING_KEYS = """() => {
  const missing = [];
  const walk = (en, sv, path) => Object.keys(en).forEach(key => {
    const here = path ? path + "." + key : key;
    if (en[key] && typeof en[key] === "object") walk(en[key], (sv || {})[key], here);
    else if (!sv || typeof sv[key] !== "string" || !sv[key]) missing.push(here);
  });
  walk(CMS.getLocale("en"), CMS.getLocale("sv"), "");
  return missing;
}"""

_SCREEN_TEXT = r"""() => document.body.innerText + "\n" + Array.from(document.querySelectorAll(
  "[aria-label], [title], [placeholder]")).map(e => [e.getAttribute("aria-label"), e.getAttribute("title"),
  e.getAttribute("placeholder")].join(" ")).join("\n")"""


def test_the_swedish_editor_has_a_phrase_for_every_key_and_no_english_on_its_screens(browser, editor):
    from playwright.sync_api import expect

    base, _, _ = editor
    context, page = _login(browser, base, 1280)
    assert page.evaluate(_MISSING_KEYS) == []
    assert page.evaluate("CMS.getLocale('en').editor.editorToolbar.deployButtonLabel") == "View on the site"
    seen = [page.evaluate(_SCREEN_TEXT)]
    page.get_by_text("Filtrera efter").click()
    seen.append(page.evaluate(_SCREEN_TEXT))
    page.goto(f"{base}/admin/#/collections/threads/entries/ansoka-om-fardtjanst")
    expect(page.get_by_label("Rubrik")).not_to_have_value("")
    expect(page.get_by_role("button", name="Lägg till svar")).to_be_visible()
    seen.append(page.evaluate(_SCREEN_TEXT))
    page.goto(f"{base}/admin/#/collections/threads/new")
    page.locator("[id^=category-field]").fill("zzz")
    expect(page.get_by_text("Inga alternativ")).to_be_visible()
    seen.append(page.evaluate(_SCREEN_TEXT))
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Publicera").first.click()
    page.get_by_text("Publicera nu").click()  # nothing filled in: Decap refuses, in Swedish
    expect(page.get_by_text("Ett obligatoriskt fält är tomt.")).to_be_visible()
    seen.append(page.evaluate(_SCREEN_TEXT))
    context.close()
    for text in seen:
        assert "Trådar" in text or "Rubrik" in text.title()
        for phrase in ENGLISH:
            assert phrase not in text, (phrase, text[:2000])


def test_serve_cms_runs_decap_server_beside_the_preview_and_ends_it(tmp_path, decap_installed):
    """``torget serve --cms``: decap-server on the content's repository folder,
    the preview's editor pointed at it; both end with the command."""
    import sys
    import urllib.request

    shutil.copytree(ROOT / "content", tmp_path / "content")
    api_port, web_port = _free_port(), _free_port()
    config = tmp_path / "cmsconf.py"
    config.write_text(
        "import importlib.util\n"
        f"_spec = importlib.util.spec_from_file_location('_base', {str(CONFIG)!r})\n"
        "_base = importlib.util.module_from_spec(_spec)\n_spec.loader.exec_module(_base)\n"
        "globals().update({k: v for k, v in vars(_base).items() if k.isupper()})\n"
        f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        f"TORGET_CMS = {{'local_backend': 'http://127.0.0.1:{api_port}/api/v1'}}\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "torget_cli", "serve", "--cms", "--no-watch", "--config", str(config),
         "--content", str(tmp_path / "content"), "--output", str(tmp_path / "out"), "--port", str(web_port),
         "--date", "2026-11-20"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{web_port}/admin/config.yml", timeout=2) as response:
                    served = response.read().decode()
                break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "torget serve --cms did not answer"
                time.sleep(0.2)
        assert f'"proxy_url": "http://127.0.0.1:{api_port}/api/v1"' in served
        request = urllib.request.Request(f"http://127.0.0.1:{api_port}/api/v1", data=b'{"action": "info"}',
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            info = json.loads(response.read())
        assert info["type"] == "local_fs" and info["repo"] == tmp_path.name  # the folder holding content/
    finally:
        process.terminate()
        process.wait(timeout=20)
    deadline = time.monotonic() + 20
    while True:  # decap-server ends with torget (the kernel's parent-death signal)
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", api_port)):
                break
        assert time.monotonic() < deadline, "decap-server outlived torget serve"
        time.sleep(0.1)


def test_the_gitlab_editor_logs_in_with_pkce_and_loads_nothing_from_elsewhere(browser, tmp_path, decap_server):
    """Built for a self-hosted GitLab: the login asks GitLab for a PKCE code
    (the request is stopped here, none leaves the machine); with the local
    backend as well, and decap-server running, it edits locally instead."""
    from playwright.sync_api import expect

    _, api = decap_server
    gitlab = "https://gitlab.ekbacka.se"
    for local in (False, True):
        out = tmp_path / f"site-{local}"
        site = build_into_site(out, {**GITLAB, "local_backend": api if local else False})
        assert site.result.ok, site.result.problems
        server = _serve_with_policy(out, _admin_csp(f"{gitlab} {api.rsplit('/api/', 1)[0]}"))
        context = browser.new_context()
        page = context.new_page()
        problems, asked = [], []
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1:", "data:", "blob:"))
                else asked.append(r.url))
        page.route(f"{gitlab}/**", lambda route: route.abort())
        base = f"http://127.0.0.1:{server.server_port}"
        page.goto(f"{base}/admin/")
        if local:
            page.get_by_role("button", name="Logga in").click()
            page.get_by_role("link", name="Trådar").first.wait_for()
            assert asked == []
        else:
            login = page.get_by_role("button", name="Logga in med GitLab")
            expect(login).to_be_visible()
            assert asked == []
            with page.expect_request(lambda r: r.url.startswith(f"{gitlab}/oauth/authorize")) as authorize:
                login.click()
            from urllib.parse import parse_qs, urlsplit

            query = parse_qs(urlsplit(authorize.value.url).query)
            assert query["client_id"] == ["a1b2c3"] and query["response_type"] == ["code"]
            assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
            assert query["redirect_uri"] == [f"{base}/admin/"]
            assert [u for u in asked if not u.startswith(f"{gitlab}/oauth/authorize")] == []
        context.close()
        server.shutdown()
        assert problems == []


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def test_with_the_editorial_workflow_a_save_is_a_branch_that_torget_check_accepts(
        browser, tmp_path, decap_installed):
    """Built for GitLab with ``editorial_workflow``, against decap-server in
    its git mode (Decap's own stand-in for a git backend): saving a new
    thread makes the branch ``cms/threads/<slug>`` (the merge request's) and
    leaves ``main`` as it was; ``torget check --strict`` on that branch, as
    CI runs it on the merge request, accepts the file."""
    from playwright.sync_api import expect

    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.name", "Torget test")
    _git(repo, "config", "user.email", "test@example.org")
    _git(repo, "add", "content")
    _git(repo, "commit", "-q", "-m", "Sample content")
    main = _git(repo, "rev-parse", "main")
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "git",
           "GIT_REPO_DIRECTORY": str(repo), "LOG_LEVEL": "error"}
    process = subprocess.Popen([shutil.which("node"), str(decap_installed)], env=env, cwd=repo, stdin=subprocess.DEVNULL)
    try:
        for _ in range(300):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert process.poll() is None, "decap-server ended"
            time.sleep(0.1)
        api = f"http://127.0.0.1:{port}/api/v1"
        out = tmp_path / "site"
        site = build_into_site(out, {**GITLAB, "local_backend": api, "editorial_workflow": True})
        assert site.result.ok, site.result.problems
        assert admin_config(site)["publish_mode"] == "editorial_workflow"
        server = _serve_with_policy(out, _admin_csp(f"https://gitlab.ekbacka.se http://127.0.0.1:{port}"))
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        base = f"http://127.0.0.1:{server.server_port}"
        page.goto(f"{base}/admin/")
        page.get_by_role("button", name="Logga in").click()
        expect(page.get_by_role("link", name="Arbetsflöde")).to_be_visible()  # Decap's board
        page.goto(f"{base}/admin/#/collections/threads/new")
        page.get_by_label("Rubrik").fill("Trasig gatlampa på Storgatan")
        page.locator("[id^=type-field]").fill("Problem")
        page.keyboard.press("Enter")
        page.locator("[id^=category-field]").fill("Gator")
        page.keyboard.press("Enter")
        page.get_by_label("Namn på den som frågar").fill("Olle")
        page.locator("[contenteditable=true]").first.click()
        page.keyboard.type("Lampan utanför nummer 12 är **släckt** sedan i måndags.")
        page.get_by_role("button", name="Spara").click()
        expect(page.get_by_text("Ändringar sparade")).to_be_visible(timeout=20000)
        context.close()
        server.shutdown()
    finally:
        process.terminate()
        process.wait(timeout=10)
    branch = "cms/threads/trasig-gatlampa-pa-storgatan"
    assert branch in _git(repo, "branch", "--list", "cms/*")
    assert _git(repo, "rev-parse", "main") == main  # nothing published yet
    assert not (repo / "content" / "posts" / "trasig-gatlampa-pa-storgatan.md").exists()
    checkout = tmp_path / "merge-request"
    _git(repo, "worktree", "add", "-q", str(checkout), branch)
    text = (checkout / "content" / "posts" / "trasig-gatlampa-pa-storgatan.md").read_text("utf-8")
    assert text.endswith("\n\nLampan utanför nummer 12 är **släckt** sedan i måndags.\n")
    result = _strict_check(checkout)
    assert result.exit_code == 0, result.output


def build_into_site(out: Path, cms: dict):
    from conftest import build_into

    return build_into(out, ROOT / "content", config=CONFIG, TORGET_CMS=cms)
