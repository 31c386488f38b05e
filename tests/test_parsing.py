"""The thread file format and its validation (docs/content-format.md)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from torget import DEFAULT_TIMEZONE
from helpers import reply_text, thread_text, write_thread
from torget.content.editing import archive_text, declared_slug, unarchive_text
from torget.content.forum import header_claim, load_forum
from torget.model import Kind, ThreadType
from torget.format.lexing import (
    Fences,
    header_lines,
    header_values,
    lines_with_endings,
    open_fence_line,
    split_blocks,
    split_lines,
    text_lines,
)
from torget.format.parsing import parse_thread, read_thread_file
from torget.records.privacy import scan_text

TZ = ZoneInfo(DEFAULT_TIMEZONE)


def parse(text: str, kind: Kind = Kind.THREAD):
    return parse_thread("posts/x.md", text, kind)


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_full_thread_parses_into_the_model():
    text = thread_text(
        extra="Tags: lösenord, inloggning\nVotes: 3\nViews: 40\nModified: 2026-01-12\nLocked: yes\nSummary: Kort.\n",
        replies=reply_text(accepted=True) + reply_text(author="Olle", date="2026-01-12 18:00", staff=False, body="Tack!"),
    )
    thread, problems = parse(text)
    assert problems == []
    assert thread.title == "Hur byter jag lösenord?"
    assert thread.type is ThreadType.QUESTION
    assert thread.date == datetime(2026, 1, 10, 10, 0, tzinfo=TZ)
    assert thread.tags == ("lösenord", "inloggning")
    assert (thread.votes, thread.views, thread.locked, thread.archived) == (3, 40, True, False)
    assert thread.slug == "x"
    assert [r.author for r in thread.replies] == ["Sara Lind", "Olle"]
    assert thread.replies[0].staff and thread.replies[0].accepted
    assert not thread.replies[1].staff
    assert thread.replies[1].body == "Tack!\n"
    assert thread.last_activity == datetime(2026, 1, 12, 18, 0, tzinfo=TZ)
    # a visitor's thanks does not make the answer newer; Modified does
    assert thread.age_anchor == datetime(2026, 1, 12, 0, 0, tzinfo=TZ)


def test_swedish_type_names_and_flags_are_accepted():
    thread, problems = parse(thread_text(type_="förslag", extra="Evergreen: ja\n"))
    assert problems == []
    assert thread.type is ThreadType.SUGGESTION and thread.evergreen


def test_five_mistakes_are_all_reported_with_lines():
    text = (
        "Title: \n"               # 1 empty title
        "Date: 2025-31-12\n"       # 2 unparsable date
        "Type: fråg\n"             # 3 unknown type
        "Category: Avfall\n"
        "Author: Karin\n"
        "Votes: många\n"           # 6 not a number
        "Catgory: Avfall\n"        # 7 unknown key (warning)
        "\n"
        "Text.\n"
        "\n--- reply ---\n"       # 11 reply without author
        "Date: 2026-01-01 10:00\n"
        "\n"
        "Svar.\n"
    )
    thread, problems = parse(text)
    assert thread is None
    found = messages(problems)
    assert "posts/x.md:1: empty Title" in found
    assert any(m.startswith("posts/x.md:2: unparsable Date '2025-31-12'") for m in found)
    assert any(m.startswith("posts/x.md:3: unknown Type 'fråg'") for m in found)
    assert "posts/x.md:6: Votes must be a whole number, not 'många'" in found
    assert "posts/x.md:7: warning: unknown metadata key 'Catgory'" in found
    assert "posts/x.md:11: reply has no Author" in found


def test_reply_before_question_and_missing_date():
    text = thread_text(replies=reply_text(date="2026-01-09 08:00") + "\n--- reply ---\nAuthor: Olle\n\nHej\n")
    _, problems = parse(text)
    found = messages(problems)
    assert any("reply dated 2026-01-09 08:00 before the question (2026-01-10 10:00)" in m for m in found)
    assert any(m.endswith("reply has no Date") for m in found)


def test_two_accepted_replies_is_an_error():
    text = thread_text(replies=reply_text(accepted=True) + reply_text(accepted=True, date="2026-01-12 09:00"))
    _, problems = parse(text)
    assert any("more than one accepted reply" in m for m in messages(problems))


def test_reply_marker_inside_code_fence_does_not_split():
    body = "Så här ser filen ut:\n\n```\n--- reply ---\n```\n"
    thread, problems = parse(thread_text(body=body))
    assert problems == [] and thread.replies == ()
    assert "--- reply ---" in thread.body


def test_faq_entries_need_no_type_and_warn_about_one():
    text = "Title: Hur sorterar jag?\nDate: 2025-01-01\nCategory: Avfall\nAuthor: Kommunen\n\nSå här.\n"
    thread, problems = parse(text, Kind.FAQ)
    assert problems == [] and thread.type is None and thread.is_faq
    _, problems = parse(text.replace("Author", "Type: question\nAuthor"), Kind.FAQ)
    assert any("FAQ entries have no Type" in m for m in messages(problems))


def test_source_keys_are_kept_without_warning():
    thread, problems = parse(thread_text(extra="Source-Url: https://example.org/q/1\n"))
    assert problems == []
    assert thread.extra == (("Source-Url", "https://example.org/q/1"),)


def test_byte_order_mark_is_ignored():
    thread, problems = parse("\ufeff" + thread_text())
    assert problems == [] and thread.title


@pytest.mark.parametrize("slug", ["Bad Slug", "åäö", "a--b", "-a"])
def test_invalid_slugs(slug):
    _, problems = parse(thread_text(extra=f"Slug: {slug}\n"))
    assert any("slug" in m and "may only contain" in m for m in messages(problems))


def test_file_not_utf8_names_its_line(tmp_path):
    path = tmp_path / "latin1.md"
    path.write_bytes(thread_text(title="Byta losenord", body="Rad ett.\nR\xe4ksm\xf6rg\xe5s").encode("latin-1"))
    thread, problems = read_thread_file(path, Kind.THREAD, DEFAULT_TIMEZONE, "latin1.md")
    assert thread is None
    assert messages(problems) == ["latin1.md:4: file is not UTF-8 (byte 0xe4); save it as UTF-8"]  # Category: E-tjänster


def test_duplicate_slugs_across_files(tmp_path):
    write_thread(tmp_path, "a.md", thread_text(extra="Slug: samma\n"))
    write_thread(tmp_path, "b.md", thread_text(extra="Slug: samma\n"))
    forum = load_forum(tmp_path)
    assert len(forum.errors) == 1
    assert "duplicate slug 'samma'" in str(forum.errors[0])
    assert str(forum.errors[0]).split(":")[0].endswith("b.md")


def test_missing_required_keys():
    _, problems = parse("Title: X\n\nText\n")
    found = messages(problems)
    for key in ("Date", "Type", "Category", "Author"):
        assert f"posts/x.md:1: missing {key}" in found


def test_parse_cache_reuses_unchanged_files_and_sees_changes(tmp_path):
    content = tmp_path / "content"
    path = write_thread(content, "a.md", thread_text())
    write_thread(content, "b.md", thread_text(title="Annan"))
    cache: dict = {}
    first = load_forum(content, cache=cache)
    assert len(cache) == 2
    again = load_forum(content, cache=cache)
    assert again.threads[0] is first.threads[0]  # from the cache
    path.write_text(thread_text(title="Ändrad titel"), encoding="utf-8")
    changed = load_forum(content, cache=cache)
    assert changed.find("a").title == "Ändrad titel"
    (content / "posts" / "b.md").unlink()
    assert [t.slug for t in load_forum(content, cache=cache).threads] == ["a"] and len(cache) == 1


def test_unclosed_fence_warns_and_longer_fences_nest():
    _, problems = parse(thread_text(body="Kod:\n\n```\nx = 1\n", replies=reply_text()))
    assert any("code block is not closed" in m for m in messages(problems))
    body = "````\n```\n--- reply ---\n```\n````\n"
    thread, problems = parse(thread_text(body=body, replies=reply_text()))
    assert problems == [] and len(thread.replies) == 1 and "--- reply ---" in thread.body


def test_only_real_line_breaks_split_lines():
    thread, problems = parse(thread_text(title="a\u2028b", body="Rad\u2029--- reply ---\ninte ett svar"))
    assert problems == [] and thread.title == "a\u2028b" and thread.replies == ()


def test_categories_and_tags_that_share_a_url_are_reported(tmp_path):
    content = tmp_path / "content"
    write_thread(content, "a.md", thread_text(category="Avfall", extra="Tags: C#\n"))
    write_thread(content, "b.md", thread_text(category="avfall", extra="Tags: C++, ?!\n"))
    found = messages(load_forum(content).problems)
    assert any("category 'avfall' and 'Avfall'" in m and "category/avfall/" in m for m in found)
    assert any("warning: tag 'C++' and 'C#'" in m for m in found)
    assert any("tag '?!' has no letters or digits" in m for m in found)


# --------------------------------------------------------------------------
# The format's public helpers, and the modules that read files with them


def test_only_the_formats_line_endings_end_a_line():
    text = "\ufeffa\u2028b\r\nc\u0085d\x0ce\rf\u2029\n"
    assert text_lines(text) == ["a\u2028b", "c\u0085d\x0ce", "f\u2029", ""]
    assert split_lines(text) == ["\ufeffa\u2028b", "c\u0085d\x0ce", "f\u2029"]
    assert lines_with_endings(text) == ["\ufeffa\u2028b\r\n", "c\u0085d\x0ce\r", "f\u2029\n"]
    assert "".join(lines_with_endings(text)) == text
    assert text_lines("") == [""] and split_lines("") == [] and lines_with_endings("") == []


def test_header_lines_read_the_header_as_the_parser_does():
    lines = ["Title: Första", "  och andra raden", "not a header", "Slug: a\u2028b", "title: igen", "", "Slug: body"]
    read = header_lines(lines)
    assert [(h.index, h.key, h.value, h.continues) for h in read] == [
        (0, "Title", "Första", False), (1, "Title", "och andra raden", True), (2, None, "not a header", False),
        (3, "Slug", "a\u2028b", False), (4, "title", "igen", False),
    ]
    assert header_values(lines) == {"title": "Första och andra raden", "slug": "a\u2028b"}
    thread, problems = parse("\n".join(lines))
    assert thread is None
    assert [p.line for p in problems if p.is_error][:2] == [3, 5]  # the bad line and the repeated Title


def test_fences_mark_code_lines_as_commonmark_closes_them():
    fences = Fences()
    lines = ["text", "````js", "```", "--- reply ---", "````", "after", "~~~", "x"]
    assert [fences.read(line, n) for n, line in enumerate(lines, 1)] == [False, True, True, True, True, False, True, True]
    assert fences.opened == 7
    assert open_fence_line(lines, 1) == 7
    assert [start for start, _ in split_blocks(lines)] == [1]


def test_every_reader_of_a_file_agrees_with_the_parser(tmp_path):
    # A file the old readers split differently: a BOM, CRLF endings, U+2028
    # in a header value and the body, a continuation line.
    text = ("\ufeffTitle: Hur\u2028byter jag?\r\nDate: 2026-01-10 10:00\r\nType: question\r\nCategory: E-tjänster\r\n"
            "Author: Karin\r\nSlug: byta\r\nSource-Url: https://example.org/q?tel=\r\n 070-123 45 67\r\n\r\n"
            "Första\u2028raden. Ring 08-123 456 78.\r\n")
    path = tmp_path / "posts" / "x.md"
    path.parent.mkdir()
    path.write_bytes(text.encode("utf-8"))
    thread, problems = read_thread_file(path, Kind.THREAD, DEFAULT_TIMEZONE)
    assert thread.slug == "byta" and thread.title == "Hur\u2028byter jag?"
    assert thread.extra == (("Source-Url", "https://example.org/q?tel= 070-123 45 67"),)
    assert declared_slug(path) == thread.slug
    claim = header_claim(path, "posts/x.md")
    assert (claim.slug, claim.slug_line, claim.category, claim.category_line) == ("byta", 6, "E-tjänster", 4)
    # The continuation of Source-Url is not scanned, the body's number is, on the parser's line 10.
    assert [(p.line, "possible personal data" in p.message) for p in scan_text("posts/x.md", text)] == [(10, True)]
    archived = archive_text(text)
    assert archived.startswith(text[: text.index("\r\n\r\n")]) and "\r\nArchived: yes\r\n\r\n" in archived
    assert unarchive_text(archived) == text
