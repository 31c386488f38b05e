"""Write thread files: a file to fill in (``torget new``) and whole threads (imports).

:func:`thread_text` writes a thread that :func:`torget.format.parsing.parse_thread`
reads back equal; :func:`new_thread_text` leaves placeholders that
``torget check`` refuses, so an unfilled file is never published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

from unidecode import unidecode

from torget import DEFAULT_TIMEZONE
from torget.i18n import _
from torget.model import Thread, ThreadType
from torget.format.lexing import split_blocks, split_lines


def slug_for(title: str) -> str:
    """``Hur byter jag lösenord?`` → ``hur-byter-jag-losenord``."""
    ascii_title = unidecode(title).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:80].strip("-")


#: Thread types by their name in the site's language (``DEFAULT_LANG``).
TYPE_NAMES = {
    "sv": {ThreadType.QUESTION: "fråga", ThreadType.PROBLEM: "problem",
           ThreadType.SUGGESTION: "förslag", ThreadType.PRAISE: "beröm"},
    "en": {t: t.value for t in ThreadType},
}
#: What :func:`new_thread_text` writes where the editor must write, per
#: language; :data:`torget.format.parsing.PLACEHOLDER` finds them, so a file
#: still holding one fails ``torget check`` and the build.
PLACEHOLDERS = {
    "sv": {"question": "[FYLL I: Skriv frågan här.]", "answer": "[FYLL I: Skriv svaret här.]"},
    "en": {"question": "[FILL IN: Write the question here.]", "answer": "[FILL IN: Write the answer here.]"},
}


def type_name(thread_type: ThreadType, lang: str = "sv") -> str:
    """``ThreadType.QUESTION`` → ``fråga`` (Swedish) or ``question``."""
    return TYPE_NAMES.get(lang, TYPE_NAMES["en"])[thread_type]


@dataclass(frozen=True)
class NewFile:
    """The text of a new file and the lines the editor must fill in."""

    text: str
    placeholder_lines: tuple[int, ...]


def new_thread_text(
    *, title: str, date: datetime, thread_type: ThreadType | None, category: str,
    author: str, tags: list[str], organisation: str = "", lang: str = "sv",
    staff_reply: bool = False, reply_author: str = "",
) -> NewFile:
    """A new thread (``thread_type``) or FAQ entry (``None``), ready to fill in.

    Where the editor must write (the question, an FAQ entry's answer, and
    the staff reply's text when ``staff_reply`` asks for one) the file
    holds a :data:`PLACEHOLDERS` text, which ``torget check`` refuses.
    Nothing is pre-filled that would count as an answer: a staff reply is
    written only when asked for.
    """
    words = PLACEHOLDERS.get(lang, PLACEHOLDERS["en"])
    lines = [f"Title: {_value(title)}", f"Date: {date:%Y-%m-%d %H:%M}"]
    if thread_type is not None:
        lines.append(f"Type: {type_name(thread_type, lang)}")
    lines.append(f"Category: {_value(category)}")
    if tags:
        lines.append(f"Tags: {', '.join(_value(t) for t in tags)}")
    lines += [f"Author: {_value(author)}", ""]
    placeholders = [len(lines) + 1]
    lines += [words["question" if thread_type is not None else "answer"]]
    if staff_reply and thread_type is not None:
        lines += [
            "",
            "--- reply ---",
            f"Author: {_value(reply_author or organisation)}",
            f"Date: {date:%Y-%m-%d %H:%M}",
            "Staff: yes",
            "",
        ]
        placeholders.append(len(lines) + 1)
        lines.append(words["answer"])
    return NewFile("\n".join(lines) + "\n", tuple(placeholders))


#: Header keys in the order :func:`thread_text` writes them (the order of
#: the table in ``docs/content-format.md``).
HEADER_ORDER = (
    "Title", "Date", "Modified", "Type", "Category", "Tags", "Author", "Slug",
    "Votes", "Views", "Archived", "Archive-reason", "Locked", "Evergreen", "Summary",
)
_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def format_date(moment: datetime, timezone: str = DEFAULT_TIMEZONE) -> str:
    """A content date that :func:`torget.format.parsing.parse_date` reads back equal.

    Local time of the site's ``timezone`` is written without an offset
    (``2025-03-04 09:12``, seconds only when not zero). A moment in another
    zone is written as local time too, unless that wall-clock time is
    ambiguous (the hour clocks go back); then it keeps its UTC offset.
    Fractions of a second are dropped: the format has none.
    """
    moment = moment.replace(microsecond=0)
    if moment.tzinfo is None or (getattr(moment.tzinfo, "key", None) == timezone and not moment.fold):
        return _wall(moment)
    local = moment.astimezone(ZoneInfo(timezone))
    if local.replace(fold=1 - local.fold).utcoffset() == local.utcoffset():
        return _wall(local)
    offset = moment.utcoffset()
    if offset is None or offset.seconds % 60:
        moment = moment.astimezone(dt_timezone.utc)
    return moment.isoformat()


def _wall(moment: datetime) -> str:
    return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds" if moment.second else "minutes")


def _value(value: str) -> str:
    """A header value on one line: line breaks become spaces."""
    return " ".join(split_lines(str(value))).strip()


def _yes(flag: bool) -> str | None:
    return "yes" if flag else None


def thread_text(thread: Thread, timezone: str = DEFAULT_TIMEZONE) -> str:
    """Serialize a thread to the file format of ``docs/content-format.md``.

    Header keys come in :data:`HEADER_ORDER`, defaults are left out, and the
    thread's ``extra`` keys follow in their own order. Each reply starts with
    ``--- reply ---``. ``parse_thread`` reads the text back into an equal
    thread (only the line numbers, which say where things are, may differ).

    Raises :class:`ValueError` for what the format cannot hold: a tag with a
    comma, an extra key that is not a valid key or repeats another, or a
    body whose ``--- reply ---`` line or unclosed code fence would split the
    file in the wrong places.
    """
    lines = [*_header_lines(thread, timezone), "", *split_lines(thread.body)]
    markers = []
    for reply in thread.replies:
        lines += ["", "--- reply ---"]
        markers.append(len(lines))
        lines += [*_reply_header(reply, timezone), "", *split_lines(reply.body)]
    if [start - 1 for start, _ in split_blocks(lines)[1:]] != markers:
        raise ValueError(
            f"{thread.slug}: a body holds a '--- reply ---' line or an unclosed code fence"
        )
    return "\n".join(lines) + "\n"


def _header_lines(thread: Thread, timezone: str) -> list[str]:
    """The question's header: keys in :data:`HEADER_ORDER` without defaults, then ``extra``."""
    for tag in thread.tags:
        if "," in tag:
            raise ValueError(_("tag %(tag)r contains a comma, which separates tags", tag=tag))
    values = {
        "Title": thread.title,
        "Date": format_date(thread.date, timezone),
        "Modified": format_date(thread.modified, timezone) if thread.modified else None,
        "Type": thread.type.value if thread.type else None,
        "Category": thread.category,
        "Tags": ", ".join(_value(t) for t in thread.tags) or None,
        "Author": thread.author,
        "Slug": thread.slug,
        "Votes": str(thread.votes) if thread.votes else None,
        "Views": str(thread.views) if thread.views else None,
        "Archived": _yes(thread.archived),
        "Archive-reason": thread.archive_reason or None,
        "Locked": _yes(thread.locked),
        "Evergreen": _yes(thread.evergreen),
        "Summary": thread.summary or None,
    }
    lines = [f"{key}: {_value(value)}" for key, value in values.items() if value is not None]
    seen = {key.lower() for key in HEADER_ORDER}
    for key, value in thread.extra:
        if not _KEY.match(key) or key.lower() in seen:
            raise ValueError(_("metadata key %(key)r is not a valid key or is given twice", key=key))
        seen.add(key.lower())
        lines.append(f"{key}: {_value(value)}")
    return lines


def _reply_header(reply, timezone: str) -> list[str]:
    lines = [f"Author: {_value(reply.author)}"]
    if reply.role:
        lines.append(f"Role: {_value(reply.role)}")
    if reply.avatar:
        lines.append(f"Avatar: {_value(reply.avatar)}")
    lines.append(f"Date: {format_date(reply.date, timezone)}")
    lines += [f"{key}: yes" for key, flag in (("Staff", reply.staff), ("Accepted", reply.accepted)) if flag]
    return lines
