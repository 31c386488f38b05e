"""thread_text: a Thread written to the file format reads back equal.

new_thread_text: the file ``torget new`` writes holds marked placeholders
that the parser refuses, and no staff reply unless one is asked for.
"""

from __future__ import annotations

import dataclasses
import sys
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from torget import DEFAULT_TIMEZONE
from torget.content.forum import thread_files
from torget.model import Kind, Reply, Thread, ThreadType
from torget.format.parsing import parse_date, parse_thread, read_thread_file
from torget.format.writing import HEADER_ORDER, PLACEHOLDERS, format_date, new_thread_text, thread_text

ROOT = Path(__file__).resolve().parent.parent
TZ = DEFAULT_TIMEZONE
STOCKHOLM = ZoneInfo(TZ)


def without_positions(thread: Thread) -> Thread:
    """Line numbers say where things are in a file, not what they are."""
    return dataclasses.replace(thread, replies=tuple(dataclasses.replace(r, line=0) for r in thread.replies))


def round_trip(thread: Thread) -> tuple[Thread, str]:
    text = thread_text(thread, TZ)
    parsed, problems = parse_thread(thread.source_path, text, thread.kind, TZ)
    assert [p for p in problems if p.is_error] == [], text
    return parsed, text


# --- strategies --------------------------------------------------------------
# Every character but what the format refuses: control characters (category
# Cc, all but the tab) are a parse error (test_control_characters_are_refused),
# and surrogates (Cs) are not characters: no UTF-8 file can hold one. Line and
# paragraph separators (U+2028, U+2029) and the other characters that
# str.splitlines() breaks at but the parser does not are in.
_chars = st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t")
one_line = st.text(_chars, min_size=1, max_size=40).map(str.strip).filter(bool)
optional_line = st.one_of(st.just(""), one_line)
# A site path or an https address (anything else is refused: torget.format.urls.metadata_url_problem)
avatars = st.one_of(st.just(""), st.from_regex(r"(/|https://example\.org/)[A-Za-z0-9._~/%-]{0,30}", fullmatch=True))
key = st.from_regex(r"Source-[A-Za-z][A-Za-z0-9_-]{0,12}", fullmatch=True)
zones = st.sampled_from([STOCKHOLM, timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-3))])
moments = st.builds(
    lambda naive, zone: naive.replace(tzinfo=zone),
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31)).map(
        lambda d: d.replace(microsecond=0, fold=0)
    ),
    zones,
)
later = st.integers(min_value=0, max_value=10 * 365 * 86400).map(lambda s: timedelta(seconds=s))


@st.composite
def bodies(draw) -> str:
    # Fences come closed and reply markers only inside them: a body that
    # would split the file is refused (test_what_the_format_cannot_hold_is_refused),
    # and generating many of those made Hypothesis give up on this test.
    lines = draw(st.lists(st.one_of(st.just(""), st.text(_chars, max_size=60), st.sampled_from(
        ["```\n--- reply ---\n```", "~~~\n```\n~~~", "```\nKey: value\n```", "    indented", "# heading",
         "- item", "Key: value", "one\u2028line", "\u2029", "Key:\u2028value"])), min_size=1, max_size=8))
    body = "\n".join(lines).strip("\n")
    assume(body.strip())
    return body + "\n"


@st.composite
def threads(draw) -> Thread:
    kind = draw(st.sampled_from(list(Kind)))
    date = draw(moments)
    extra_keys = draw(st.lists(key, max_size=3, unique_by=str.lower))
    replies = tuple(
        Reply(
            author=draw(one_line), date=date + draw(later), body=draw(bodies()), role=draw(optional_line),
            avatar=draw(avatars), staff=draw(st.booleans()), accepted=(index == 0 and draw(st.booleans())),
        )
        for index in range(draw(st.integers(0, 3)))
    )
    return Thread(
        source_path=f"{'faq' if kind is Kind.FAQ else 'posts'}/x.md", kind=kind, title=draw(one_line), date=date,
        category=draw(one_line), author=draw(one_line), slug=draw(st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True)),
        body=draw(bodies()), type=None if kind is Kind.FAQ else draw(st.sampled_from(list(ThreadType))),
        modified=draw(st.one_of(st.none(), later.map(lambda d: date + d))),
        tags=tuple(draw(st.lists(one_line.filter(lambda t: "," not in t), max_size=4))),
        votes=draw(st.integers(0, 10**6)), views=draw(st.integers(0, 10**9)), archived=draw(st.booleans()),
        archive_reason=draw(optional_line), locked=draw(st.booleans()), evergreen=draw(st.booleans()),
        summary=draw(optional_line), replies=replies, extra=tuple((k, draw(optional_line)) for k in extra_keys),
    )


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(threads())
def test_any_thread_reads_back_equal(thread):
    try:
        thread_text(thread, TZ)
    except ValueError:
        # Only bodies whose reply marker or open code fence would split the
        # file in the wrong place are refused.
        assume(False)
    parsed, text = round_trip(thread)
    assert without_positions(parsed) == without_positions(thread)
    # And writing it again gives the same text: the format has one spelling.
    assert thread_text(parsed, TZ) == text


def _one_thread(**change) -> Thread:
    thread = Thread(source_path="posts/a.md", kind=Kind.THREAD, title="T", date=datetime(2025, 1, 1, tzinfo=STOCKHOLM),
                    category="C", author="A", slug="a", body="Text.\n", type=ThreadType.QUESTION)
    return dataclasses.replace(thread, **change)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u00a0\u2028\u3000"])
def test_line_and_paragraph_separators_stay_where_they_are(separator):
    # str.splitlines() breaks at U+2028 and U+2029; the format does not.
    def made(sep: str) -> Thread:
        reply = Reply("Sara", datetime(2025, 1, 2, tzinfo=STOCKHOLM), f"Svar{sep}rad två\n", role=f"Roll{sep}x")
        return _one_thread(title=f"Fråga{sep}ett", body=f"Första{sep}andra\n\nTredje\n", replies=(reply,))

    parsed, text = round_trip(made(separator))
    assert without_positions(parsed) == without_positions(made(separator))
    assert f"Title: Fråga{separator}ett\n" in text and f"\nFörsta{separator}andra\n" in text
    assert text.replace(separator, "-") == thread_text(made("-"), TZ)


#: Every control character but the tab and the line endings \n and \r.
CONTROL_CHARACTERS = [
    c for c in map(chr, range(sys.maxunicode + 1)) if unicodedata.category(c) == "Cc" and c not in "\t\n\r"
]


@pytest.mark.parametrize("where", ["title", "body", "reply"])
def test_control_characters_are_refused(where):
    # What the property test leaves out is exactly what the parser refuses.
    assert len(CONTROL_CHARACTERS) == 62  # C0 but tab, LF and CR; DEL; C1
    for char in CONTROL_CHARACTERS:
        text = f"a{char}b"
        if where == "title":
            thread = _one_thread(title=text)
        elif where == "body":
            thread = _one_thread(body=text + "\n")
        else:
            thread = _one_thread(replies=(Reply("A", datetime(2025, 1, 2, tzinfo=STOCKHOLM), text + "\n"),))
        parsed, problems = parse_thread("posts/a.md", thread_text(thread, TZ), Kind.THREAD, TZ)
        assert parsed is None, repr(char)
        assert [p.message for p in problems if p.is_error] == [
            next(p.message for p in problems if f"U+{ord(char):04X}" in p.message)
        ], repr(char)


def test_every_sample_file_reads_back_equal():
    files = list(thread_files(ROOT / "content"))
    assert len(files) > 40
    for path, kind in files:
        thread, problems = read_thread_file(path, kind, TZ)
        assert thread is not None, problems
        parsed, _ = round_trip(thread)
        assert without_positions(parsed) == without_positions(thread), path


def test_header_order_and_defaults():
    date = datetime(2025, 3, 4, 9, 12, tzinfo=STOCKHOLM)
    thread = Thread(
        source_path="posts/a.md", kind=Kind.THREAD, title="Hur byter jag lösenord?", date=date, category="E-tjänster",
        author="Karin", slug="byta-losenord", body="Jag har glömt det.\n", type=ThreadType.QUESTION,
        modified=date + timedelta(days=6), tags=("lösenord", "inloggning"), votes=3, views=412, locked=True,
        summary="Så byter du lösenord.", extra=(("Source-Url", "https://example.org/1"), ("Source-Id", "1")),
        replies=(Reply(author="Sara Lind", date=date + timedelta(hours=1, seconds=5), body="Klicka på **Glömt**.\n",
                       role="Kundtjänst", avatar="/images/sara.png", staff=True, accepted=True),),
    )
    assert thread_text(thread, TZ) == (
        "Title: Hur byter jag lösenord?\n"
        "Date: 2025-03-04 09:12\n"
        "Modified: 2025-03-10 09:12\n"
        "Type: question\n"
        "Category: E-tjänster\n"
        "Tags: lösenord, inloggning\n"
        "Author: Karin\n"
        "Slug: byta-losenord\n"
        "Votes: 3\n"
        "Views: 412\n"
        "Locked: yes\n"
        "Summary: Så byter du lösenord.\n"
        "Source-Url: https://example.org/1\n"
        "Source-Id: 1\n"
        "\n"
        "Jag har glömt det.\n"
        "\n"
        "--- reply ---\n"
        "Author: Sara Lind\n"
        "Role: Kundtjänst\n"
        "Avatar: /images/sara.png\n"
        "Date: 2025-03-04 10:12:05\n"
        "Staff: yes\n"
        "Accepted: yes\n"
        "\n"
        "Klicka på **Glömt**.\n"
    )
    assert HEADER_ORDER[:3] == ("Title", "Date", "Modified")


@pytest.mark.parametrize(
    ("moment", "written"),
    [
        (datetime(2025, 1, 2, 8, 0, tzinfo=STOCKHOLM), "2025-01-02 08:00"),
        (datetime(2016, 8, 2, 15, 39, 14, 947000, tzinfo=timezone.utc), "2016-08-02 17:39:14"),
        # 02:30 happens twice on 2021-10-31 in Stockholm: keep the offset.
        (datetime(2021, 10, 31, 0, 30, tzinfo=timezone.utc), "2021-10-31T00:30:00+00:00"),
        (datetime(2021, 3, 28, 2, 30, tzinfo=STOCKHOLM), "2021-03-28 02:30"),
    ],
)
def test_format_date(moment, written):
    assert format_date(moment, TZ) == written
    assert parse_date(written, TZ) == moment.replace(microsecond=0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tags": ("a,b",)}, "comma"),
        ({"extra": (("Title", "x"),)}, "not a valid key"),
        ({"extra": (("Source-A", "1"), ("source-a", "2"))}, "given twice"),
        ({"body": "text\n--- reply ---\nmore\n"}, "reply"),
        ({"body": "```\nopen fence\n", "replies": (Reply("A", datetime(2026, 1, 1, tzinfo=STOCKHOLM), "x\n"),)},
         "code fence"),
    ],
)
def test_what_the_format_cannot_hold_is_refused(change, message):
    thread = Thread(source_path="posts/a.md", kind=Kind.THREAD, title="T", date=datetime(2025, 1, 1, tzinfo=STOCKHOLM),
                    category="C", author="A", slug="a", body="Text.\n", type=ThreadType.QUESTION)
    with pytest.raises(ValueError, match=message):
        thread_text(dataclasses.replace(thread, **change), TZ)


# --------------------------------------------------------------------------
# new_thread_text


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("staff_reply", [False, True])
@pytest.mark.parametrize("thread_type", [*ThreadType, None])
def test_new_file_is_refused_until_every_placeholder_is_replaced(lang, staff_reply, thread_type):
    made = new_thread_text(
        title="Får jag elda?", date=datetime(2026, 3, 2, 9, 15, tzinfo=STOCKHOLM), thread_type=thread_type,
        category="Avfall och återvinning", author="Anna", tags=["eldning", "trädgård"],
        organisation="Ekbacka kommun", lang=lang, staff_reply=staff_reply,
    )
    kind = Kind.FAQ if thread_type is None else Kind.THREAD
    thread, problems = parse_thread("x.md", made.text, kind, TZ)
    assert thread is None
    assert [p.line for p in problems] == list(made.placeholder_lines)
    assert all("placeholder" in p.message and "is still here" in p.message for p in problems)
    lines = made.text.splitlines()
    assert all(lines[n - 1] in PLACEHOLDERS[lang].values() for n in made.placeholder_lines)

    filled = made.text
    for text in PLACEHOLDERS[lang].values():
        filled = filled.replace(text, "Riktig text.")
    thread, problems = parse_thread("x.md", filled, kind, TZ)
    assert problems == [] and thread.type == thread_type and thread.tags == ("eldning", "trädgård")
    with_reply = staff_reply and thread_type is not None
    assert len(thread.replies) == (1 if with_reply else 0)
    if with_reply:
        assert thread.replies[0].staff and thread.replies[0].author == "Ekbacka kommun"


def test_new_file_writes_the_type_in_the_sites_language():
    made = new_thread_text(title="T", date=datetime(2026, 3, 2, 9, 15), thread_type=ThreadType.SUGGESTION,
                           category="C", author="A", tags=[], lang="sv")
    assert "Type: förslag\n" in made.text and "Tags:" not in made.text
    assert "Type: suggestion\n" in new_thread_text(title="T", date=datetime(2026, 3, 2), thread_type=ThreadType.SUGGESTION,
                                                   category="C", author="A", tags=[], lang="en").text
