"""Read and check one thread, FAQ or page file (docs/content-format.md).

:func:`parse_thread` gives a :class:`Thread` and every :class:`Problem`
with its line, never stopping at the first; :func:`parse_page` checks a
page. Lines, headers and code fences are read as :mod:`torget.format.lexing`
reads them, like everything else that reads or edits a content file.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from torget import DEFAULT_TIMEZONE
from torget.format import rules as contentrules
from torget.i18n import N_, _
from torget.format.lexing import Fences, header_lines, open_fence_line, split_blocks, text_lines
from torget.format.lexing import header_values  # noqa: F401 (torget.governance.about imports it from here)
from torget.format.urls import metadata_url_problem
from torget.model import Kind, Problem, Reply, Severity, Thread, ThreadType

_DATE = contentrules.compiled("date")
SLUG = contentrules.compiled("slug")

#: Thread header keys Torget understands (lower-case).
THREAD_KEYS = frozenset(
    {
        "title", "date", "modified", "type", "category", "tags", "author", "slug",
        "votes", "views", "archived", "archive-reason", "locked", "evergreen", "summary",
    }
)
REPLY_KEYS = frozenset({"author", "date", "role", "avatar", "staff", "accepted"})
#: Prefix of keys that importers add; kept without a warning.
SOURCE_PREFIX = contentrules.SOURCE_PREFIX
#: Keys kept in ``Thread.extra`` without a warning: the personal-data
#: guard's reviewed false positives (:mod:`torget.records.privacy`).
KNOWN_EXTRA_KEYS = frozenset({"not-personal-data"})

TYPE_ALIASES = {
    "question": ThreadType.QUESTION, "fråga": ThreadType.QUESTION,
    "problem": ThreadType.PROBLEM,
    "suggestion": ThreadType.SUGGESTION, "förslag": ThreadType.SUGGESTION,
    "praise": ThreadType.PRAISE, "beröm": ThreadType.PRAISE,
}
#: Deeper nesting of lists and block quotes than this is refused: Python-
#: Markdown recurses once per level (docs/content-format.md, *Validation*).
MAX_NESTING = 30
#: Open ``[`` and ``(`` at once in one paragraph: Python-Markdown's link
#: matching is quadratic in them.
MAX_OPEN_BRACKETS = 100
#: Counts (Votes, Views) have at most this many digits.
MAX_COUNT_DIGITS = 15
#: Dates outside these years are mistakes (and overflow in time arithmetic).
DATE_YEARS = contentrules.DATE_YEARS
_CONTROL_NAMES = contentrules.CONTROL_NAMES
_LIST_ITEM = re.compile(r"^( *)(?:[-*+]|\d{1,9}[.)])(?: |$)")
_QUOTES = re.compile(r"^ {0,3}((?:> ?)+)")
#: Text ``torget new`` writes where the editor must write: a file that
#: still holds one is refused, so it can never be published unfilled.
PLACEHOLDER = contentrules.compiled("placeholder")
_TRUE = set(contentrules.TRUE)
_FALSE = {"no", "false", "nej", "0", ""}


@dataclass
class _Header:
    """Key/value lines of one header block, with their line numbers."""

    values: dict[str, str]
    lines: dict[str, int]
    order: list[str]
    display: dict[str, str]


class _Collector:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def warn(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, Severity.WARNING))


def _is_control(char: str) -> bool:
    return char != "\t" and unicodedata.category(char) == "Cc"


def control_characters(path: str, lines: list[str], start: int = 1) -> list[Problem]:
    """One error per line holding a control character (tabs are fine).

    Word processors paste vertical tabs and form feeds for line breaks;
    such characters are invisible in an editor and break XML feeds.
    """
    problems = []
    for number, line in enumerate(lines, start=start):
        if line.isprintable() or not any(_is_control(c) for c in line):
            continue
        column, char = next((i, c) for i, c in enumerate(line, start=1) if _is_control(c))
        name = _(_CONTROL_NAMES.get(char, N_("control character")))
        problems.append(Problem(path, number, _(
            "invisible %(name)s U+%(code)04X in column %(column)s; delete it (it is often pasted from a word processor)",
            name=name, code=ord(char), column=column)))
    return problems


#: The characters :func:`nesting_problems` counts in a paragraph.
_BRACKETS = re.compile(r"[\[\]()]")


def nesting_problems(path: str, lines: list[str], start: int = 1) -> list[Problem]:
    """Lists and block quotes nested deeper than :data:`MAX_NESTING`, and
    paragraphs with more than :data:`MAX_OPEN_BRACKETS` open ``[`` or ``(``.

    Fenced code is skipped (Markdown does not parse inside it). One problem
    per construct, at the line where the limit is passed.
    """
    problems: list[Problem] = []
    fences = Fences()
    indents: list[int] = []
    brackets = 0
    reported_depth = reported_brackets = False
    for number, line in enumerate(lines, start=start):
        if fences.read(line):
            continue
        if not line.strip():
            brackets, reported_brackets = 0, False
            continue
        quotes = _QUOTES.match(line)
        depth_quotes = quotes.group(1).count(">") if quotes else 0
        rest = line[quotes.end():] if quotes else line
        item = _LIST_ITEM.match(rest.expandtabs(4))
        if item:
            indent = len(item.group(1))
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
        elif not rest.startswith(" "):
            indents.clear()
        depth = depth_quotes + len(indents)
        if depth > MAX_NESTING and not reported_depth:
            problems.append(Problem(path, number, _(
                "lists or quotes nested %(depth)s levels deep (at most %(most)s); flatten them",
                depth=depth, most=MAX_NESTING)))
            reported_depth = True
        elif depth <= MAX_NESTING:
            reported_depth = False
        for char in _BRACKETS.findall(rest):
            if char in "[(":
                brackets += 1
            elif brackets:
                brackets -= 1
        if brackets > MAX_OPEN_BRACKETS and not reported_brackets:
            problems.append(Problem(path, number, _(
                "more than %(most)s '[' or '(' open in one paragraph; close them or write them as \\[ and \\(",
                most=MAX_OPEN_BRACKETS)))
            reported_brackets = True
    return problems


def _read_header(start: int, lines: list[str], out: _Collector) -> tuple[_Header, int]:
    """Read ``Key: value`` lines up to the first blank line.

    Returns the header and the index of the first body line.
    """
    header = _Header({}, {}, [], {})
    read = header_lines(lines)
    for line in read:
        number = start + line.index
        if line.key is None:
            out.error(number, _("expected 'Key: value' in the header, got %(line)r", line=line.value[:60]))
            continue
        key = line.key.lower()
        if line.continues:
            header.values[key] += " " + line.value
        elif key in header.values:
            out.error(number, _("%(key)s is given twice (first on line %(first)s)", key=line.key, first=header.lines[key]))
        else:
            header.values[key] = line.value
            header.lines[key] = number
            header.display[key] = line.key
            header.order.append(key)
    return header, len(read)


def parse_date(value: str, timezone: str) -> datetime | None:
    """Parse a content date; naive dates are in the site's ``timezone``."""
    if not _DATE.match(value.strip()):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if not DATE_YEARS[0] <= moment.year <= DATE_YEARS[1]:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment


def _only_the_year_is_wrong(value: str) -> bool:
    """Whether a date that failed to parse did so only for its year."""
    year = int(value.strip()[:4])
    if DATE_YEARS[0] <= year <= DATE_YEARS[1]:
        return False
    try:
        datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _flag(header: _Header, key: str, out: _Collector) -> bool:
    if key not in header.values:
        return False
    value = header.values[key].strip().lower()
    if value in _TRUE:
        return True
    if value not in _FALSE:
        out.error(header.lines[key], _("%(key)s must be yes or no, not %(value)r", key=header.display[key], value=value))
    return False


def _count(header: _Header, key: str, out: _Collector) -> int:
    value = header.values.get(key, "").strip()
    if not value:
        return 0
    if not (value.isascii() and value.isdigit()):
        out.error(header.lines[key], _("%(key)s must be a whole number, not %(value)r", key=header.display[key], value=value[:40]))
        return 0
    if len(value.lstrip("0")) > MAX_COUNT_DIGITS:
        out.error(header.lines[key], _("%(key)s has %(digits)s digits (at most %(most)s)",
                                       key=header.display[key], digits=len(value), most=MAX_COUNT_DIGITS))
        return 0
    return int(value)


def _date(header: _Header, key: str, timezone: str, out: _Collector, what: str) -> datetime | None:
    value = header.values.get(key)
    if value is None:
        return None
    moment = parse_date(value, timezone)
    if moment is None:
        out.error(
            header.lines[key],
            _("unparsable %(what)s %(value)r (expected YYYY-MM-DD or YYYY-MM-DD HH:MM)", what=what, value=value)
            if _DATE.match(value.strip()) is None or not _only_the_year_is_wrong(value)
            else _("%(what)s %(value)r is not in the years %(first)s–%(last)s",
                   what=what, value=value.strip(), first=DATE_YEARS[0], last=DATE_YEARS[1]),
        )
    return moment


def _body(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n") + "\n" if any(l.strip() for l in lines) else ""


def parse_thread(path: str, text: str, kind: Kind, timezone: str = DEFAULT_TIMEZONE) -> tuple[Thread | None, list[Problem]]:
    """Parse a thread or FAQ file's text.

    Returns the thread (``None`` when an error makes it unusable) and every
    problem found, errors and warnings alike.
    """
    out = _Collector(path)
    lines = text_lines(text)
    blocks = _whole_file_problems(lines, out)
    start, question_lines = blocks[0]
    header, body_at = _read_header(start, question_lines, out)
    question = _question_fields(header, kind, path, timezone, out)
    extra = _extra_keys(header, out)
    if question.modified and question.date and question.modified < question.date:
        out.error(header.lines["modified"], _("Modified %(modified)s is before Date %(date)s",
                                              modified=question.modified.strftime("%Y-%m-%d"),
                                              date=question.date.strftime("%Y-%m-%d")))
    body = _body(question_lines[body_at:])
    if not body:
        out.error(start + body_at, _("the question has no text") if kind is Kind.THREAD else _("the FAQ entry has no text"))
    replies = _replies(blocks[1:], question.date, timezone, out)
    votes = _count(header, "votes", out)
    views = _count(header, "views", out)
    archived, locked, evergreen = (_flag(header, k, out) for k in ("archived", "locked", "evergreen"))
    if any(p.is_error for p in out.problems):
        return None, out.problems
    values = header.values
    return Thread(
        source_path=path, kind=kind, title=question.title, date=question.date, category=question.category,
        author=question.author, slug=question.slug, body=body, type=question.type, modified=question.modified,
        tags=tuple(t.strip() for t in values.get("tags", "").split(",") if t.strip()),
        votes=votes, views=views, archived=archived, archive_reason=values.get("archive-reason", "").strip(),
        locked=locked, evergreen=evergreen, summary=values.get("summary", "").strip(),
        replies=tuple(replies), extra=tuple(extra), lines=dict(header.lines),
        source_digest=source_digest(path, text.removeprefix("\ufeff"), kind, timezone),
    ), out.problems


def _whole_file_problems(lines: list[str], out: _Collector) -> list[tuple[int, list[str]]]:
    """Control characters, deep nesting, placeholders and unclosed code
    fences anywhere in the file; returns its blocks (:func:`split_blocks`)."""
    out.problems.extend(control_characters(out.path, lines))
    out.problems.extend(nesting_problems(out.path, lines))
    blocks = split_blocks(lines)
    for number, line in enumerate(lines, start=1):
        if (placeholder := PLACEHOLDER.search(line)) is not None:
            out.error(number, _("placeholder %(text)r is still here: replace it with the text", text=placeholder.group(0)))
    for start, block in blocks:
        opened = open_fence_line(block, start)
        if opened is not None:
            out.warn(opened, _("code block is not closed (add a closing ``` line)"))
    return blocks


@dataclass
class _Question:
    """The question's own header fields, as read (empty or ``None`` where wrong)."""

    title: str
    category: str
    author: str
    date: datetime | None
    modified: datetime | None
    type: ThreadType | None
    slug: str


def _required(header: _Header, key: str, label: str, out: _Collector) -> str:
    value = header.values.get(key, "").strip()
    if key not in header.values:
        out.error(1, _("missing %(key)s", key=label))
    elif not value:
        out.error(header.lines[key], _("empty %(key)s", key=label))
    return value


def _question_fields(header: _Header, kind: Kind, path: str, timezone: str, out: _Collector) -> _Question:
    title = _required(header, "title", "Title", out)
    category = _required(header, "category", "Category", out)
    author = _required(header, "author", "Author", out)
    date = _date(header, "date", timezone, out, "Date") if "date" in header.values else None
    if "date" not in header.values:
        out.error(1, _("missing %(key)s", key="Date"))
    modified = _date(header, "modified", timezone, out, "Modified")
    thread_type = _thread_type(header, kind, out)
    return _Question(title, category, author, date, modified, thread_type, _slug(header, path, out))


def _thread_type(header: _Header, kind: Kind, out: _Collector) -> ThreadType | None:
    """A thread's ``Type:`` (FAQ entries have none)."""
    if kind is not Kind.THREAD:
        if "type" in header.values:
            out.warn(header.lines["type"], _("FAQ entries have no Type; it is ignored"))
        return None
    raw_type = _required(header, "type", "Type", out)
    if not raw_type:
        return None
    thread_type = TYPE_ALIASES.get(raw_type.lower())
    if thread_type is None:
        out.error(header.lines["type"], _("unknown Type %(value)r (expected one of: %(types)s)",
                                          value=raw_type, types=", ".join(t.value for t in ThreadType)))
    return thread_type


def _slug(header: _Header, path: str, out: _Collector) -> str:
    """``Slug:``, or else the file's name."""
    slug = header.values.get("slug", "").strip() or Path(path).stem
    if not SLUG.match(slug):
        out.error(
            header.lines.get("slug", 1),
            _("slug %(slug)r may only contain a-z, 0-9 and single '-'", slug=slug)
            + ("" if "slug" in header.values else _(" (set Slug: or rename the file)")),
        )
    return slug


def _extra_keys(header: _Header, out: _Collector) -> list[tuple[str, str]]:
    """Header keys the format does not define, as written, with their values."""
    extra = []
    for key in header.order:
        if key in THREAD_KEYS:
            continue
        display, value = header.display[key], header.values[key]
        extra.append((display, value))
        if key.endswith("-url") and value and (bad := metadata_url_problem(display, value, False)):
            out.warn(header.lines[key], bad[1])  # importers' Source-Url: not shown, but exported
        if not key.startswith(SOURCE_PREFIX) and key not in KNOWN_EXTRA_KEYS:
            out.warn(header.lines[key], _("unknown metadata key %(key)r", key=display))
    return extra


def _replies(blocks: list[tuple[int, list[str]]], question_date: datetime | None, timezone: str,
             out: _Collector) -> list[Reply]:
    """The replies without errors; at most one may be accepted."""
    replies = []
    # Marker lines of the replies marked accepted, also of replies with
    # errors of their own: every problem is reported in one run.
    accepted: list[int] = []
    for reply_start, reply_lines in blocks:
        reply = _parse_reply(reply_start, reply_lines, question_date, timezone, out, accepted)
        if reply:
            replies.append(reply)
    for extra_accepted in accepted[1:]:
        out.error(extra_accepted, _("more than one accepted reply (the first is on line %(line)s)", line=accepted[0]))
    return replies


def source_digest(path: str, text: str, kind: Kind, timezone: str) -> str:
    """What :func:`parse_thread` read, as one hash (``Thread.source_digest``)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (path, kind.value, timezone, text):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(b"%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()


def _parse_reply(start: int, lines: list[str], question_date: datetime | None, timezone: str, out: _Collector,
                 accepted_at: list[int] | None = None) -> Reply | None:
    marker_line = start - 1
    header, body_at = _read_header(start, lines, out)
    if not header.values:
        out.error(marker_line, _("reply has no header (expected Author: and Date: lines after '--- reply ---')"))
        return None
    for key in header.order:
        if key not in REPLY_KEYS:
            out.warn(header.lines[key], _("unknown reply key %(key)r", key=header.display[key]))
    avatar = header.values.get("avatar", "").strip()
    if avatar and (bad := metadata_url_problem(header.display["avatar"], avatar)):
        out.error(header.lines["avatar"], bad[1])
    author = header.values.get("author", "").strip()
    if not author:
        out.error(header.lines.get("author", marker_line), _("reply has no %(key)s", key="Author"))
    date = None
    if "date" not in header.values:
        out.error(marker_line, _("reply has no %(key)s", key="Date"))
    else:
        date = _date(header, "date", timezone, out, _("reply Date"))
    if date and question_date and date < question_date:
        out.error(
            header.lines["date"],
            _("reply dated %(date)s before the question (%(asked)s)",
              date=date.strftime("%Y-%m-%d %H:%M"), asked=question_date.strftime("%Y-%m-%d %H:%M")),
        )
    staff = _flag(header, "staff", out)
    accepted = _flag(header, "accepted", out)
    if accepted and accepted_at is not None:
        accepted_at.append(marker_line)
    body = _body(lines[body_at:])
    if not body:
        out.error(marker_line, _("reply has no text"))
    if not author or date is None or not body:
        return None
    return Reply(
        author=author,
        date=date,
        body=body,
        role=header.values.get("role", "").strip(),
        avatar=header.values.get("avatar", "").strip(),
        staff=staff,
        accepted=accepted,
        line=marker_line,
    )


#: ``Status:`` values Pelican knows for pages.
PAGE_STATUSES = ("published", "hidden", "draft")


def parse_page(path: str, text: str, timezone: str = DEFAULT_TIMEZONE) -> list[Problem]:
    """Check a page (``content/pages``), which Pelican's Markdown reader reads.

    Its header is validated as strictly as a thread's: a Title, real dates,
    a valid Slug and Status; pages cannot be archived. Control characters
    and nesting are checked as in threads.
    """
    out = _Collector(path)
    lines = text_lines(text)
    out.problems.extend(control_characters(path, lines))
    out.problems.extend(nesting_problems(path, lines))
    header, body_at = _read_header(1, lines, out)
    values = header.values
    if not values.get("title", "").strip():
        out.error(header.lines.get("title", 1), _("missing %(key)s", key="Title") if "title" not in values else _("empty %(key)s", key="Title"))
    for key, what in (("date", "Date"), ("modified", "Modified")):
        _date(header, key, timezone, out, what)
    if "slug" in values and not SLUG.match(values["slug"].strip()):
        out.error(header.lines["slug"], _("slug %(slug)r may only contain a-z, 0-9 and single '-'", slug=values["slug"].strip()))
    status = values.get("status", "published").strip().lower()
    if status not in PAGE_STATUSES:
        out.error(header.lines["status"], _("Status must be one of %(values)s, not %(value)r",
                                            values=", ".join(PAGE_STATUSES), value=status))
    for key in ("archived", "archive-reason"):
        if key in values:
            out.error(header.lines[key], _("pages cannot be archived; remove %(key)s "
                                           "(Status: hidden keeps a page readable by its link but unlisted)",
                                           key=header.display[key]))
    if not _body(lines[body_at:]):
        out.error(body_at + 1, _("the page has no text"))
    return out.problems


def read_page_file(path: Path, timezone: str, display_path: str | None = None) -> list[Problem]:
    """Read and check a page; a file that is not UTF-8 is one problem."""
    shown = display_path or str(path)
    text, problem = _read_text(path, shown)
    return [problem] if problem else parse_page(shown, text, timezone)


def _read_text(path: Path, shown: str) -> tuple[str, Problem | None]:
    data = path.read_bytes()
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return "", Problem(shown, line, _("file is not UTF-8 (byte 0x%(byte)02x); save it as UTF-8", byte=data[error.start]))


def read_thread_file(path: Path, kind: Kind, timezone: str, display_path: str | None = None) -> tuple[Thread | None, list[Problem]]:
    """Read and parse a file; a file that is not UTF-8 is one problem."""
    shown = display_path or str(path)
    text, problem = _read_text(path, shown)
    if problem:
        return None, [problem]
    return parse_thread(shown, text, kind, timezone)
