"""The bad-input corpus: malformed content never reaches a traceback.

Each case breaks one thing in a small forum that has been built once, runs
``torget check --strict`` and ``torget build`` on it, and asserts: the exit
code, the ``path:line: message`` naming the cause, no traceback, and the
previous output byte for byte as it was. Harmless oddities (an editor's
lock file, a folder named like a file) must build.

The import half of the corpus is in test_bad_imports.py.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from helpers import english_settings, reply_text, thread_text
from test_output_guard import tree_digest
from torget_cli import main

SAMPLE = ROOT / "content"
BASE_FILES = [
    "posts/glomt-losenord-e-tjanster.md",
    "posts/ansoka-om-hemtjanst.md",
    "faq/skaffa-lanekort.md",
    "pages/om-forumet.md",
    "pages/regler.md",
]
DATE = ["--date", "2026-11-20"]


def thread(extra: str = "", body: str = "Jag har glömt mitt lösenord.", replies: str = "", **fields) -> str:
    return thread_text(extra=extra, body=body, replies=replies, **fields)


def page(header: str = "Title: Om tjänsten\n", body: str = "Text om tjänsten.\n") -> str:
    return f"{header}\n{body}"


def nested_list(levels: int) -> str:
    return "".join("  " * i + "- punkt\n" for i in range(levels))


@dataclass
class Case:
    name: str
    change: Callable[[Path], None]
    #: (shown path, line, part of the message) expected in the output.
    where: tuple[str, int, str]
    exit_code: int = 1


def write(relative: str, text: str | bytes) -> Callable[[Path], None]:
    def change(content: Path) -> None:
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")
    return change


def link(relative: str, target: str | Callable[[Path], str]) -> Callable[[Path], None]:
    def change(content: Path) -> None:
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target(content) if callable(target) else target)
    return change


def outside_file(content: Path) -> str:
    other = content.parent / "elsewhere" / "secret.md"
    other.parent.mkdir(exist_ok=True)
    other.write_text(thread(), encoding="utf-8")
    return str(other)


def outside_folder(content: Path) -> str:
    outside_file(content)
    return str(content.parent / "elsewhere")


X = "content/posts/x.md"
P = "content/pages/p.md"
F = "content/faq/f.md"

CASES = [
    # Header values
    Case("votes-superscript-digit", write("posts/x.md", thread("Votes: ²\n")), (X, 6, "Votes must be a whole number, not '²'")),
    Case("votes-5000-digits", write("posts/x.md", thread("Votes: " + "9" * 5000 + "\n")), (X, 6, "Votes has 5000 digits")),
    Case("views-arabic-digits", write("posts/x.md", thread("Views: ٣٤\n")), (X, 6, "Views must be a whole number")),
    Case("views-negative", write("posts/x.md", thread("Views: -3\n")), (X, 6, "Views must be a whole number, not '-3'")),
    Case("votes-float", write("posts/x.md", thread("Votes: 1e5\n")), (X, 6, "Votes must be a whole number")),
    Case("date-year-9999-offset", write("posts/x.md", thread(date="9999-12-31 23:59-05:00")), (X, 2, "is not in the years 1900–2999")),
    Case("date-year-0001", write("posts/x.md", thread(date="0001-01-01 00:00+05:00")), (X, 2, "is not in the years 1900–2999")),
    Case("date-month-13", write("posts/x.md", thread(date="2026-13-40")), (X, 2, "unparsable Date '2026-13-40'")),
    Case("date-february-30", write("posts/x.md", thread(date="2026-02-30")), (X, 2, "unparsable Date")),
    Case("date-offset-25-hours", write("posts/x.md", thread(date="2026-01-01 10:00+25:00")), (X, 2, "unparsable Date")),
    Case("date-second-60", write("posts/x.md", thread(date="2026-01-01 10:00:60")), (X, 2, "unparsable Date")),
    Case("date-words", write("posts/x.md", thread(date="igår")), (X, 2, "unparsable Date 'igår'")),
    Case("modified-before-date", write("posts/x.md", thread("Modified: 2025-01-01\n")), (X, 6, "Modified 2025-01-01 is before Date")),
    Case("unknown-type", write("posts/x.md", thread(type_="fråg")), (X, 3, "unknown Type 'fråg'")),
    Case("empty-category", write("posts/x.md", thread(category="")), (X, 4, "empty Category")),
    Case("category-without-letters", write("posts/x.md", thread(category="?!")), (X, 4, "has no letters or digits")),
    Case("locked-maybe", write("posts/x.md", thread("Locked: kanske\n")), (X, 6, "Locked must be yes or no")),
    Case("archived-maybe", write("posts/x.md", thread("Archived: typ\n")), (X, 6, "Archived must be yes or no")),
    Case("key-twice", write("posts/x.md", thread("Title: Igen\n")), (X, 6, "Title is given twice")),
    Case("bad-slug", write("posts/x.md", thread("Slug: Ny Fråga!\n")), (X, 6, "slug 'Ny Fråga!' may only contain")),
    Case("file-name-slug", write("posts/Ny fråga.md", thread()), ("content/posts/Ny fråga.md", 1, "rename the file")),
    Case("header-garbage-line", write("posts/x.md", thread("det här är ingen rubrik\n")), (X, 6, "expected 'Key: value' in the header")),
    Case("no-title", write("posts/x.md", "Date: 2026-01-10\nType: question\nCategory: A\nAuthor: K\n\nText.\n"), (X, 1, "missing Title")),
    Case("no-body", write("posts/x.md", thread(body="")), (X, 6, "the question has no text")),
    Case("empty-file", write("posts/x.md", ""), (X, 1, "missing Title")),
    Case("only-whitespace-title", write("posts/x.md", thread(title="   ")), (X, 1, "empty Title")),
    # Replies
    Case("reply-without-header", write("posts/x.md", thread(replies="\n--- reply ---\n\nText.\n")), (X, 9, "reply has no header")),
    Case("reply-without-author", write("posts/x.md", thread(replies="\n--- reply ---\nDate: 2026-01-11\n\nText.\n")), (X, 9, "reply has no Author")),
    Case("reply-date-unparsable", write("posts/x.md", thread(replies=reply_text(date="2026-01-xx"))), (X, 11, "unparsable reply Date")),
    Case("reply-before-question", write("posts/x.md", thread(replies=reply_text(date="2020-01-01 09:00"))), (X, 11, "before the question")),
    Case("reply-without-text", write("posts/x.md", thread(replies="\n--- reply ---\nAuthor: A\nDate: 2026-01-11\n")), (X, 9, "reply has no text")),
    Case("two-accepted", write("posts/x.md", thread(replies=reply_text(accepted=True) + reply_text(accepted=True))), (X, 17, "more than one accepted reply (the first is on line 9)")),
    Case("staff-maybe", write("posts/x.md", thread(replies=reply_text(staff=False).replace("Date:", "Staff: ibland\nDate:"))), (X, 11, "Staff must be yes or no")),
    # Encoding and invisible characters
    Case("latin-1-file", write("posts/x.md", thread(title="Fråga").encode("latin-1")), (X, 1, "file is not UTF-8")),
    Case("utf-16-file", write("posts/x.md", thread().encode("utf-16")), (X, 1, "file is not UTF-8")),
    Case("lone-surrogate-bytes", write("posts/x.md", thread().encode() + b"\xed\xa0\x80\n"), (X, 8, "file is not UTF-8")),
    Case("binary-junk", write("posts/x.md", bytes(range(256)) * 4), (X, 2, "file is not UTF-8")),
    Case("vertical-tab-from-word", write("posts/x.md", thread(body="Första raden\x0bandra raden.")), (X, 7, "invisible vertical tab U+000B in column 13")),
    Case("nul-in-title", write("posts/x.md", thread(title="Lösen\x00ord")), (X, 1, "invisible NUL U+0000 in column 13")),
    Case("escape-in-reply", write("posts/x.md", thread(replies=reply_text(body="Svar \x1b[31m rött"))), (X, 14, "invisible escape U+001B in column 6")),
    Case("form-feed-in-header", write("posts/x.md", thread("Tags: a\x0cb\n")), (X, 6, "invisible form feed U+000C")),
    Case("c1-control", write("posts/x.md", thread(body="Pris \x85 kronor")), (X, 7, "U+0085")),
    Case("delete-char", write("posts/x.md", thread(body="Hej\x7f")), (X, 7, "invisible delete U+007F")),
    # Markdown that would take Python-Markdown down
    Case("list-nested-1000", write("posts/x.md", thread(body=nested_list(1000))), (X, 37, "nested 31 levels deep")),
    Case("ordered-list-nested-100", write("posts/x.md", thread(body="".join("   " * i + "1. x\n" for i in range(100)))), (X, 37, "nested 31 levels deep")),
    Case("quote-nested-1000", write("posts/x.md", thread(body=">" * 1000 + " citat")), (X, 7, "nested 1000 levels deep")),
    Case("brackets-10000", write("posts/x.md", thread(body="[" * 10000 + "x")), (X, 7, "more than 100 '[' or '(' open")),
    Case("link-openers-5000", write("posts/x.md", thread(body="[a](" * 5000)), (X, 7, "more than 100 '[' or '(' open")),
    Case("nested-list-in-reply", write("posts/x.md", thread(replies=reply_text(body=nested_list(200)))), (X, 44, "nested 31 levels deep")),
    # Files that check and build must agree on
    Case("markdown-extension-checked", write("posts/x.markdown", thread(type_="fråg")), ("content/posts/x.markdown", 3, "unknown Type")),
    Case("mkd-extension-checked", write("faq/f.mkd", thread(date="2026-99-01")), ("content/faq/f.mkd", 2, "unparsable Date")),
    Case("upper-case-extension", write("posts/x.MD", thread()), ("content/posts/x.MD", 1, "rename the file to x.md")),
    Case("html-file-in-posts", write("posts/x.html", "<h1>Hej</h1><script>alert(1)</script>"), ("content/posts/x.html", 1, "only Markdown files")),
    Case("rst-file-in-pages", write("pages/x.rst", "Rubrik\n======\n"), ("content/pages/x.rst", 1, "only Markdown files")),
    Case("broken-symlink", link("posts/x.md", "nowhere.md"), (X, 1, "broken symbolic link (to nowhere.md)")),
    Case("symlink-file-outside", link("posts/x.md", outside_file), (X, 1, "symbolic link leads outside the content folder")),
    Case("symlink-folder-outside", link("posts/ute", outside_folder), ("content/posts/ute", 1, "symbolic link leads outside")),
    Case("symlinked-posts-folder-outside", lambda c: (shutil.rmtree(c / "posts"), link("posts", outside_folder)(c)),
         ("content/posts", 1, "symbolic link leads outside")),
    Case("duplicate-slug", write("posts/x.md", thread("Slug: glomt-losenord-e-tjanster\n")), (X, 6, "duplicate slug 'glomt-losenord-e-tjanster'")),
    Case("faq-bad-modified", write("faq/f.md", "Title: F\nDate: 2026-01-10\nModified: 2026-02-31\nCategory: A\nAuthor: K\n\nSvar.\n"), (F, 3, "unparsable Modified")),
    # Pages are checked like threads
    Case("page-bad-date", write("pages/p.md", page("Title: Om\nDate: 2026-13-40\n")), (P, 2, "unparsable Date '2026-13-40'")),
    Case("page-no-title", write("pages/p.md", page("Slug: p\n")), (P, 1, "missing Title")),
    Case("page-bad-slug", write("pages/p.md", page("Title: Om\nSlug: Om Oss\n")), (P, 2, "slug 'Om Oss' may only contain")),
    Case("page-bad-status", write("pages/p.md", page("Title: Om\nStatus: utkast\n")), (P, 2, "Status must be one of published, hidden, draft")),
    Case("page-archived", write("pages/p.md", page("Title: Om\nArchived: yes\n")), (P, 2, "pages cannot be archived")),
    Case("page-control-character", write("pages/p.md", page(body="Text\x0bmer text.\n")), (P, 3, "invisible vertical tab")),
    Case("page-nested-list", write("pages/p.md", page(body=nested_list(500))), (P, 33, "nested 31 levels deep")),
    Case("page-not-utf8", write("pages/p.md", page("Title: Åter\n").encode("latin-1")), (P, 1, "file is not UTF-8")),
    Case("page-no-text", write("pages/p.md", "Title: Tom\n"), (P, 2, "the page has no text")),
    Case("page-key-twice", write("pages/p.md", page("Title: A\nTitle: B\n")), (P, 2, "Title is given twice")),
]

#: Oddities that are not mistakes: the build succeeds and check agrees.
HARMLESS = [
    ("editor-lock-file", link("posts/.#x.md", "karin@dator.1234:1700000000")),
    ("backup-file", write("posts/glomt-losenord-e-tjanster.md~", "gammal kopia")),
    ("folder-named-like-a-file", write("posts/mapp.md/inuti.md", thread(title="I en mapp"))),
    ("symlink-inside-content", link("posts/x.md", lambda c: str(c / "posts" / "ansoka-om-hemtjanst.md"))),
    ("crlf-line-endings", write("posts/x.md", thread("Slug: x\n").replace("\n", "\r\n"))),
    ("tab-in-body", write("posts/x.md", thread(body="Kolumn\tkolumn"))),
    ("u2028-in-body", write("posts/x.md", thread(body="Rad\u2028rad"))),
]


@pytest.fixture(scope="module")
def built_base(tmp_path_factory) -> Path:
    """A small forum built once: content/, output/ and what lies beside it."""
    root = tmp_path_factory.mktemp("base")
    for name in BASE_FILES:
        target = root / "content" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE / name, target)
    english_settings(root)
    old = Path.cwd()
    os.chdir(root)
    try:
        result = torget("build", "--output", "output", *DATE)
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def forum(built_base, tmp_path, monkeypatch) -> Path:
    for entry in built_base.iterdir():
        if entry.is_dir():
            shutil.copytree(entry, tmp_path / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, tmp_path / entry.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def torget(*args: str):
    """The command on the sample forum in English: the corpus's messages are
    English; test_catalogs.py and test_cli.py read the Swedish ones."""
    return CliRunner().invoke(main, [*args, "--config", "pelicanconf-en.py", "--content", "content"])


def assert_no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_at_its_line_and_the_site_is_kept(forum, case):
    before = tree_digest(forum / "output")
    case.change(forum / "content")
    path, line, message = case.where
    expected = re.compile(rf"^{re.escape(path)}:{line}: .*{re.escape(message)}", re.MULTILINE)

    checked = torget("check", "--strict")
    assert_no_traceback(checked)
    assert checked.exit_code == case.exit_code, checked.output
    assert expected.search(checked.output), checked.output

    built = torget("build", "--output", "output", *DATE)
    assert_no_traceback(built)
    assert built.exit_code == case.exit_code, built.output
    assert expected.search(built.output), built.output
    assert "was left as it was" in built.output
    assert tree_digest(forum / "output") == before


@pytest.mark.parametrize(("name", "change"), HARMLESS, ids=[name for name, _ in HARMLESS])
def test_harmless_oddities_build(forum, name, change):
    change(forum / "content")
    checked = torget("check", "--strict")
    assert_no_traceback(checked)
    assert checked.exit_code == 0, checked.output
    built = torget("build", "--output", "output", *DATE)
    assert_no_traceback(built)
    assert built.exit_code == 0, built.output


def test_a_markdown_file_is_built_like_an_md_file(forum):
    write("posts/sopor.markdown", thread(title="Sopor i .markdown", extra="Slug: sopor-markdown\n"))(forum / "content")
    built = torget("build", "--output", "output", *DATE)
    assert built.exit_code == 0, built.output
    assert (forum / "output" / "posts" / "sopor-markdown" / "index.html").is_file()
    assert "sopor-markdown" in (forum / "output" / "search" / "manifest.json").read_text(encoding="utf-8") or any(
        "sopor-markdown" in p.read_text(encoding="utf-8") for p in (forum / "output" / "search").rglob("*.json"))


def test_the_corpus_is_as_large_as_promised():
    assert len(CASES) >= 60 and len(HARMLESS) >= 5
