"""A corpus of malformed import inputs, each run through the real ``torget`` CLI.

Every case builds one broken input (a Kundo export, a Stack Exchange dump,
a ``torget export`` folder, or a command line) beside two good records, runs
``torget import …`` with click's CliRunner and asserts

- the exit code (1 when anything was left out, 2 for a command-line mistake),
- a ``path:line: message`` naming the file (and line) of each problem,
- no traceback, and that the good records were still imported,
- that nothing outside the content folder changed (the input included, and
  a folder a symbolic link in the content folder points to).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from torget.records.export import DATA_FILE, FORMAT, SUMS_FILE, VERSION
from torget_cli import main

ROOT = Path(__file__).resolve().parent.parent
KUNDO = ROOT / "tests" / "data" / "kundo"
DEEP = "[" * 100_000 + "]" * 100_000


# --- inputs ----------------------------------------------------------------------


def dialog(ident: int, **changes) -> dict:
    record = {
        "id": ident, "title": f"Fråga nummer {ident}", "text": f"<p>Hur gör jag med ärende {ident}?</p>",
        "topic": "Q", "state": "", "pub_date": "2025-03-01T10:00:00", "num_comments": 0,
        "uri": f"https://kundo.se/api/dialog/sjovik/{ident}.json",
        "absolute_url": f"https://kundo.se/org/sjovik/d/fraga-{ident}/", "user": {"first_name": "Eva"},
    }
    record.update(changes)
    return record


def comment(number: int) -> dict:
    return {"text": f"<p>Svar {number}</p>", "pub_date": f"2025-03-0{1 + number}T12:00:00", "is_org_reply": True,
            "user": {"first_name": "Maria", "work_title": "Kontaktcenter"}}


def kundo(folder: Path, bad: str | None = None, files: dict[str, str | bytes] | None = None,
          properties: str | bytes | None = None) -> Path:
    """An export with dialogs 1 and 2 (line 2 and 4 of page-1.json) around ``bad`` (line 3)."""
    records = [json.dumps(dialog(1), ensure_ascii=False), json.dumps(dialog(2), ensure_ascii=False)]
    if bad is not None:
        records.insert(1, bad)
    written = {"properties.json": (KUNDO / "properties.json").read_text(encoding="utf-8") if properties is None
               else properties, "dialogs/page-1.json": "[\n" + ",\n".join(records) + "\n]\n"}
    written.update(files or {})
    for name, data in written.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return folder


def comments_file(*items: str) -> str:
    return "[\n" + ",\n".join(items) + "\n]\n"


def row(ident: int, **attrs) -> str:
    values = {"Id": str(ident), "PostTypeId": "1", "CreationDate": "2019-06-01T08:00:00.000", "Score": "1",
              "ViewCount": "3", "Title": f"Question {ident}", "Tags": "&lt;a&gt;",
              "Body": f"&lt;p&gt;Body of question {ident}&lt;/p&gt;", "OwnerUserId": "7"}
    values.update(attrs)
    return "  <row " + " ".join(f'{k}="{v}"' for k, v in values.items()) + " />"


def dump(folder: Path, posts: str | bytes | None = None, bad: str = "", doctype: str = "",
         files: dict[str, str | bytes] | None = None, without_posts: bool = False) -> Path:
    """A site folder whose Posts.xml holds questions 1 (line 3 or 4) and 2 around ``bad``."""
    folder = folder / "x.stackexchange.com"
    folder.mkdir(parents=True)
    if posts is None:
        lines = ['<?xml version="1.0" encoding="utf-8"?>', *([doctype] if doctype else []), "<posts>", row(1),
                 *([bad] if bad else []), row(2), "</posts>", ""]
        posts = "\n".join(lines)
    for name, data in (({} if without_posts else {"Posts.xml": posts}) | (files or {})).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return folder


def thread(path: str, **changes) -> dict:
    record = {
        "path": path, "slug": Path(path).stem, "kind": "thread", "type": "question", "title": f"Tråd {Path(path).stem}",
        "category": "E-tjänster", "tags": [], "author": "Karin", "date": "2026-01-10T10:00:00+01:00",
        "modified": None, "votes": 0, "views": 0, "archived": False, "archive_reason": "", "locked": False,
        "evergreen": False, "summary": "", "body": "Jag har glömt mitt lösenord.\n", "metadata": [], "replies": [],
    }
    record.update(changes)
    return record


def export(folder: Path, bad: str | None = None, head: str | None = None, sums: str | None = None) -> Path:
    """An export with threads a and b (lines 3 and 5 of forum.json) around ``bad`` (line 4)."""
    records = [json.dumps(thread("posts/a.md"), ensure_ascii=False), json.dumps(thread("posts/b.md"), ensure_ascii=False)]
    if bad is not None:
        records.insert(1, bad)
    head = head if head is not None else f'"format": "{FORMAT}", "site": {{"name": "Test"}}, "version": {VERSION}'
    text = '{\n"threads": [\n' + ",\n".join(records) + "\n],\n" + head + "\n}\n"
    folder.mkdir(parents=True)
    (folder / DATA_FILE).write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (folder / SUMS_FILE).write_text(sums if sums is not None else f"{digest}  {DATA_FILE}\n", encoding="utf-8")
    return folder


# --- the corpus ----------------------------------------------------------------------


@dataclass
class Case:
    name: str
    command: str  # kundo, stackexchange or export
    make: Callable[[Path], Path]  # builds the input under the folder given; returns SOURCE
    #: ``(file under the input folder, line or None, words in the message)``
    expected: list[tuple[str, int | None, str]]
    imported: int = 2
    exit_code: int = 1
    #: Prepares the content folder (and what it links to) before the import.
    content: Callable[[Path, Path], None] | None = None
    args: list[str] = field(default_factory=list)


def symlinked_folder(content: Path, outside: Path) -> None:
    (content / "posts").mkdir(parents=True)
    (content / "posts" / "ext").symlink_to(outside, target_is_directory=True)


def symlinked_file(content: Path, outside: Path) -> None:
    (content / "posts").mkdir(parents=True)
    (content / "posts" / "link.md").symlink_to(outside / "kept.md")


D = "dialogs/page-1.json"
P = "properties.json"
X = "x.stackexchange.com/Posts.xml"
F = DATA_FILE
BILLION = ('<!DOCTYPE posts [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
           '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')

CASES = [
    # Kundo dialogs pages: one broken record, the others imported
    Case("kundo-100000-nested-lists-in-a-record", "kundo", lambda d: kundo(d, DEEP),
         [(D, 3, "nested more than 32 levels deep; the record is left out")]),
    Case("kundo-100000-unclosed-lists-in-a-page", "kundo", lambda d: kundo(d, files={"dialogs/page-2.json": "[" * 100_000}),
         [("dialogs/page-2.json", 1, "never closed; the rest of the file is not read")]),
    Case("kundo-100000-nested-lists-as-a-page", "kundo", lambda d: kundo(d, files={"dialogs/page-2.json": DEEP}),
         [("dialogs/page-2.json", 1, "nested more than 32 levels deep")]),
    Case("kundo-deep-object-in-a-field", "kundo",
         lambda d: kundo(d, json.dumps(dialog(3))[:-1] + ', "extra": ' + '{"a": ' * 40 + "1" + "}" * 40 + "}"),
         [(D, 3, "nested more than 32 levels deep")]),
    Case("kundo-nan", "kundo", lambda d: kundo(d, json.dumps(dialog(3))[:-1] + ', "vote_count": NaN}'),
         [(D, 3, "NaN is not a number in JSON")]),
    Case("kundo-infinity", "kundo", lambda d: kundo(d, json.dumps(dialog(3))[:-1] + ', "vote_count": Infinity}'),
         [(D, 3, "Infinity is not a number in JSON")]),
    Case("kundo-minus-infinity", "kundo", lambda d: kundo(d, json.dumps(dialog(3))[:-1] + ', "vote_count": -Infinity}'),
         [(D, 3, "-Infinity is not a number in JSON")]),
    Case("kundo-duplicate-key", "kundo", lambda d: kundo(d, json.dumps(dialog(3))[:-1] + ', "title": "Annan"}'),
         [(D, 3, "duplicate key 'title'")]),
    Case("kundo-5000-digit-number", "kundo", lambda d: kundo(d, json.dumps(dialog(3))[:-1] + ', "vote_count": ' + "9" * 5000 + "}"),
         [(D, 3, "a number of 5,000 characters is too long (at most 100)")]),
    Case("kundo-float-out-of-range", "kundo", lambda d: kundo(d, json.dumps(dialog(3))[:-1] + ', "vote_count": 1e999}'),
         [(D, 3, "the number 1e999 is too large")]),
    Case("kundo-5000-digit-id-string", "kundo", lambda d: kundo(d, json.dumps(dialog("9" * 5000))),
         [(D, 3, "is not a whole number of at most 18 digits")]),
    Case("kundo-id-true", "kundo", lambda d: kundo(d, json.dumps(dialog(True))),
         [(D, 3, "id True is not a whole number")]),
    Case("kundo-negative-id", "kundo", lambda d: kundo(d, json.dumps(dialog(-5))),
         [(D, 3, "id -5 is not a whole number")]),
    Case("kundo-lone-surrogate", "kundo", lambda d: kundo(d, json.dumps(dialog(3)).replace("Fr\\u00e5ga", "\\ud800")),
         [(D, 3, "lone surrogate")]),
    Case("kundo-not-a-record", "kundo", lambda d: kundo(d, '"just a string"'),
         [(D, 3, "expected a dialog object, got a string")]),
    Case("kundo-bad-record-syntax", "kundo", lambda d: kundo(d, '{"id": 3, "title": tru}'),
         [(D, 3, "not valid JSON: Expecting value; the record is left out")]),
    Case("kundo-trailing-comma", "kundo",
         lambda d: kundo(d, files={"dialogs/page-2.json": "[\n" + json.dumps(dialog(3)) + ",\n]"}),
         [("dialogs/page-2.json", 3, "a comma before the closing bracket")], imported=3),
    Case("kundo-truncated-page", "kundo",
         lambda d: kundo(d, files={"dialogs/page-2.json": "[\n" + json.dumps(dialog(3)) + ',\n{"id": 4, "ti'}),
         [("dialogs/page-2.json", 3, "a string that is never closed")], imported=3),
    Case("kundo-not-utf8", "kundo", lambda d: kundo(d, files={"dialogs/page-2.json": b'[\n{"title": "\xff"}]'}),
         [("dialogs/page-2.json", 2, "not UTF-8 text (byte 0xff); the file is not imported")]),
    Case("kundo-error-object-instead-of-page", "kundo",
         lambda d: kundo(d, files={"dialogs/page-2.json": '{"error": "rate limited"}'}),
         [("dialogs/page-2.json", 1, "expected a JSON list of records")]),
    Case("kundo-empty-page", "kundo", lambda d: kundo(d, files={"dialogs/page-2.json": ""}),
         [("dialogs/page-2.json", 1, "empty: no JSON value")]),
    Case("kundo-page-is-a-folder", "kundo", lambda d: kundo(d, files={"dialogs/page-2.json/x": "[]"}),
         [("dialogs/page-2.json", 1, "cannot be read (Is a directory)")]),
    Case("kundo-extra-data-after-page", "kundo", lambda d: kundo(d, files={"dialogs/page-2.json": "[]\n[]"}),
         [("dialogs/page-2.json", 2, "extra data after the end")]),
    Case("kundo-year-9999-with-offset", "kundo",
         lambda d: kundo(d, json.dumps(dialog(3, pub_date="9999-12-31T23:59:00-05:00"))),
         [(D, 3, "cannot be written as a thread: date value out of range")]),
    Case("kundo-300000-character-text", "kundo", lambda d: kundo(d, json.dumps(dialog(3, text="<p>" + "x" * 300_000 + "</p>"))),
         [(D, 3, "its text is 300,007 characters, more than the 250,000 an import takes")]),
    Case("kundo-html-nested-5000-deep", "kundo", lambda d: kundo(d, json.dumps(dialog(3, text="<div>" * 5000 + "x"))),
         [(D, 3, "dialog 3: its HTML is nested too deeply to be converted; the dialog is left out")]),
    Case("kundo-comment-html-nested-5000-deep", "kundo",
         lambda d: kundo(d, json.dumps(dialog(3, num_comments=2)),
                         {"comments/3.json": comments_file(json.dumps(dict(comment(1), text="<b>" * 5000)),
                                                           json.dumps(comment(2)))}),
         [("comments/3.json", 2, "comment: its HTML is nested too deeply to be converted; the comment is left out")],
         imported=3),
    Case("se-answer-html-nested-5000-deep", "stackexchange",
         lambda d: dump(d, bad=row(3, PostTypeId="2", ParentId="1", Body="&lt;i&gt;" * 5000)).parent,
         [(X, 4, "answer 3: its HTML is nested too deeply to be converted; the answer is left out")]),
    Case("kundo-nul-in-title", "kundo", lambda d: kundo(d, json.dumps(dialog(3, title="Fråga\u0000 tre"))),
         [(D, 3, "warning: control characters (U+0000) removed from the title")], imported=3, exit_code=0),
    Case("kundo-word-vertical-tab-in-text", "kundo",
         lambda d: kundo(d, json.dumps(dialog(3, text="<p>Rad ett\u000bRad två\u0007</p>"))),
         [(D, 3, "warning: control characters (U+0007, U+000B) removed from the body")], imported=3, exit_code=0),
    # properties.json: reported, the dialogs still imported
    Case("kundo-properties-5000-digit-number", "kundo",
         lambda d: kundo(d, properties='[\n{\n"name": "Fråga Sjövik",\n"count": ' + "1" * 5000 + "\n}\n]"),
         [(P, 4, "a number of 5,000 characters is too long (at most 100); the properties are not used")]),
    Case("kundo-properties-100000-nested", "kundo", lambda d: kundo(d, properties=DEEP),
         [(P, 1, "nested more than 32 levels deep; the properties are not used")]),
    Case("kundo-properties-nan", "kundo", lambda d: kundo(d, properties='{\n"name": "x",\n"count": NaN\n}'),
         [(P, 3, "NaN is not a number in JSON")]),
    Case("kundo-properties-duplicate-key", "kundo",
         lambda d: kundo(d, properties='{\n"name": "x",\n"categories": [],\n"name": "y"\n}'),
         [(P, 4, "duplicate key 'name'")]),
    Case("kundo-properties-not-utf8", "kundo", lambda d: kundo(d, properties=b'{\n"name": "Sj\xf6vik"}'),
         [(P, 2, "not UTF-8 text")]),
    # comments: one broken comment left out, the others are replies
    Case("kundo-comments-nested-deep", "kundo",
         lambda d: kundo(d, json.dumps(dialog(3, num_comments=2)), {"comments/3.json": comments_file(json.dumps(comment(1)), DEEP)}),
         [("comments/3.json", 3, "nested more than 32 levels deep; the record is left out")], imported=3),
    Case("kundo-comments-infinity", "kundo",
         lambda d: kundo(d, json.dumps(dialog(3, num_comments=2)),
                         {"comments/3.json": comments_file(json.dumps(comment(1))[:-1] + ', "score": Infinity}',
                                                           json.dumps(comment(2)))}),
         [("comments/3.json", 2, "Infinity is not a number in JSON")], imported=3),
    Case("kundo-comments-file-is-a-folder", "kundo",
         lambda d: kundo(d, json.dumps(dialog(3, num_comments=1)), {"comments/3.json/x": "[]"}),
         [("comments/3.json", 1, "cannot be read (Is a directory)")], imported=3),
    # Stack Exchange dumps
    Case("se-billion-laughs", "stackexchange", lambda d: dump(d, doctype=BILLION).parent,
         [(X, 2, "declares a DTD internal subset")], imported=0),
    Case("se-external-entity", "stackexchange",
         lambda d: dump(d, doctype='<!DOCTYPE posts [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').parent,
         [(X, 2, "declares a DTD internal subset")], imported=0),
    Case("se-parameter-entity", "stackexchange",
         lambda d: dump(d, doctype='<!DOCTYPE posts [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x"> %p;]>').parent,
         [(X, 2, "declares a DTD internal subset")], imported=0),
    Case("se-attlist-default", "stackexchange",
         lambda d: dump(d, doctype='<!DOCTYPE posts [<!ATTLIST row Body CDATA "&lt;script&gt;">]>').parent,
         [(X, 2, "declares a DTD internal subset")], imported=0),
    Case("se-undeclared-entity", "stackexchange", lambda d: dump(d, bad=row(3, Title="&xxe;")).parent,
         [(X, 4, "malformed XML (undefined entity); the 1 rows before it are imported")], imported=1),
    Case("se-nul-character-reference", "stackexchange", lambda d: dump(d, bad=row(3, Title="a&#0;b")).parent,
         [(X, 4, "malformed XML (reference to invalid character number)")], imported=1),
    Case("se-truncated", "stackexchange", lambda d: dump(d, posts='<?xml version="1.0"?>\n<posts>\n' + row(1) + "\n" + row(2)[:40]).parent,
         [(X, 4, "malformed XML")], imported=1),
    Case("se-not-utf8", "stackexchange",
         lambda d: dump(d, posts=b'<?xml version="1.0" encoding="utf-8"?>\n<posts>\n' + row(1).encode() + b'\n  <row Id="3" Title="\xff" />\n</posts>').parent,
         [(X, 4, "malformed XML (not well-formed (invalid token))")], imported=1),
    Case("se-300000-character-body", "stackexchange", lambda d: dump(d, bad=row(3, Body="x" * 300_000)).parent,
         [(X, 4, "question 3: its Body is 300,000 characters, more than the 250,000 an import takes")]),
    Case("se-5000-digit-id", "stackexchange", lambda d: dump(d, bad=row("9" * 5000)).parent,
         [(X, 4, "is not a whole number of at most 18 digits")]),
    Case("se-superscript-id", "stackexchange", lambda d: dump(d, bad=row(3).replace('Id="3"', 'Id="²"')).parent,
         [(X, 4, "question Id '²' is not a whole number")]),
    Case("se-5000-digit-score", "stackexchange", lambda d: dump(d, bad=row(3, Score="9" * 5000)).parent,
         [(X, 4, "warning: question 3: Score '99999999999999999999'… is not a whole number of at most 18 digits; 0 is used")],
         imported=3, exit_code=0),
    Case("se-year-9999", "stackexchange", lambda d: dump(d, bad=row(3, CreationDate="9999-12-31T23:59:59.000")).parent,
         [(X, 4, "")]),
    Case("se-posts-is-a-folder", "stackexchange", lambda d: dump(d, files={"Posts.xml/x": "x"}, without_posts=True).parent,
         [(X, 1, "cannot be read (Is a directory)")], imported=0),
    Case("se-users-malformed", "stackexchange",
         lambda d: dump(d, files={"Users.xml": '<?xml version="1.0"?>\n<users>\n<row Id="7" DisplayName="Kim"'}).parent,
         [("x.stackexchange.com/Users.xml", 3, "malformed XML")]),
    Case("se-comments-with-entities", "stackexchange",
         lambda d: dump(d, files={"Comments.xml": '<?xml version="1.0"?>\n' + BILLION + "\n<comments/>"}).parent,
         [("x.stackexchange.com/Comments.xml", 2, "declares a DTD internal subset")]),
    # torget export folders
    Case("export-nul-in-path", "export", lambda d: export(d, json.dumps(thread("posts/a\u0000b.md"))),
         [(F, 4, "path must be a .md file under posts/ or faq/ without control characters")]),
    Case("export-newline-after-path", "export", lambda d: export(d, json.dumps(thread("posts/c.md\n"))),
         [(F, 4, "path must be a .md file under posts/ or faq/")]),
    Case("export-dot-dot", "export", lambda d: export(d, json.dumps(thread("posts/../../c.md"))),
         [(F, 4, "path must be a .md file under posts/ or faq/")]),
    Case("export-through-symlinked-folder", "export", lambda d: export(d, json.dumps(thread("posts/ext/evil.md"))),
         [(F, 4, "posts/ext/evil.md: leads outside the content folder")], content=symlinked_folder),
    Case("export-over-a-symlink", "export", lambda d: export(d, json.dumps(thread("posts/link.md"))),
         [(F, 4, "posts/link.md: is a symbolic link")], content=symlinked_file),
    Case("export-300-character-file-name", "export", lambda d: export(d, json.dumps(thread("posts/" + "a" * 300 + ".md"))),
         [(F, 4, "the file name is longer than 255 bytes")]),
    Case("export-nested-deep", "export", lambda d: export(d, DEEP),
         [(F, 4, "nested more than 32 levels deep; the thread is left out")]),
    Case("export-nan-votes", "export", lambda d: export(d, json.dumps(thread("posts/c.md"))[:-1] + ', "x": NaN}'),
         [(F, 4, "NaN is not a number in JSON")]),
    Case("export-duplicate-key", "export", lambda d: export(d, json.dumps(thread("posts/c.md"))[:-1] + ', "path": "faq/c.md"}'),
         [(F, 4, "duplicate key 'path'")]),
    Case("export-5000-digit-votes", "export",
         lambda d: export(d, json.dumps(thread("posts/c.md", votes=0)).replace('"votes": 0', '"votes": ' + "9" * 5000)),
         [(F, 4, "a number of 5,000 characters is too long")]),
    Case("export-year-9999", "export", lambda d: export(d, json.dumps(thread("posts/c.md", date="9999-12-31T23:59:00-05:00"))),
         [(F, 4, "")]),
    Case("export-deep-header", "export", lambda d: export(d, head=f'"format": "{FORMAT}", "site": {DEEP}, "version": {VERSION}'),
         [(F, 6, "not a readable export: nested more than 32 levels deep")], imported=0),
    Case("export-sums-leave-the-folder", "export", lambda d: export(d, sums="0" * 64 + "  ../../etc/passwd\n"),
         [(SUMS_FILE, 1, "../../etc/passwd is missing from the export")], imported=0),
    Case("export-nul-in-source-argument", "export", lambda d: Path(str(d) + "\u0000x"),
         [("", None, "contains a NUL byte")], imported=0, exit_code=2),
    Case("export-nul-in-content-option", "export", lambda d: export(d),
         [("", None, "contains a NUL byte")], imported=0, exit_code=2, args=["--content", "a\u0000b"]),
]


def snapshot(folder: Path, skip: Path) -> dict[str, object]:
    """Every file, folder and link under ``folder`` except ``skip``."""
    seen: dict[str, object] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        if here == skip:
            dirnames.clear()
            continue
        for name in dirnames + filenames:
            path = here / name
            if path == skip:
                continue
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                seen[key] = ("link", os.readlink(path))
            elif path.is_file():
                seen[key] = path.read_bytes()
            else:
                seen[key] = "folder"
    return seen


def test_the_corpus_is_large_and_named_uniquely():
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_reported_by_path_and_the_rest_imported(case: Case, tmp_path, english_config):
    """The corpus's messages are English: the sample forum in English."""
    source_root, content, outside = tmp_path / "input", tmp_path / "content", tmp_path / "outside"
    outside.mkdir()
    (outside / "kept.md").write_text("Nobody's file.\n", encoding="utf-8")
    source = case.make(source_root)
    if case.content:
        case.content(content, outside)
    before = snapshot(tmp_path, content)

    args = ["import", case.command, "--config", str(english_config), "--content", str(content), *case.args, str(source)]
    if case.args:  # the option given by the case replaces --content
        args = ["import", case.command, "--config", str(english_config), *case.args, str(source)]
    result = CliRunner().invoke(main, args)

    output = result.output
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == case.exit_code, output
    for name, line, words in case.expected:
        where = re.escape(f"{source_root.name}/{name}:{line}:") if name else ""
        pattern = where + (r" .*" if name else ".*") + re.escape(words)
        assert any(re.search(pattern, text) for text in output.splitlines()), f"{name}:{line}: {words}\n{output}"
    if case.exit_code != 2:
        assert f"{case.imported} imported" in output, output
        written = sorted(p for p in content.rglob("*.md") if not p.is_symlink())
        assert len(written) == case.imported
    assert snapshot(tmp_path, content) == before  # nothing outside the content folder changed
    assert (outside / "kept.md").read_text(encoding="utf-8") == "Nobody's file.\n"
