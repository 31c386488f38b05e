"""The editor at /admin/: its file format, its generated configuration and
a browser session against decap-server.

- The format: ``theme/static/js/torget-format.js`` (what Decap CMS reads
  and writes files with) runs in Node through
  ``tests/js/torget_format_harness.js`` and is held against the Python
  parser and writer: parse → write gives the same bytes for every sample
  file, an edit changes only its own lines, and what it writes for a new
  entry is what ``torget.writing.thread_text`` writes and parses without
  problems.
- The build: ``plugins/torget_admin`` writes ``/admin/index.html`` and
  ``/admin/config.yml`` from the settings, and keeps the page out of the
  sitemap, feeds and search.
- The browser: Decap CMS in headless Chromium against decap-server on a
  copy of the sample content creates a thread with two replies through
  the form, and saves an unchanged sample thread byte for byte.

Node tests skip when ``node`` is missing and the browser test when
``node_modules/decap-server`` is missing, except with ``CI=true``, where
they fail.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from torget.forum import thread_files
from torget.model import Kind
from torget.parsing import parse_page, parse_thread, read_thread_file
from torget.writing import thread_text

from test_writing import threads  # the Python writer's thread strategy

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "tests" / "js" / "torget_format_harness.js"
TZ = "Europe/Stockholm"
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
