"""Personal-data guard: find personnummer, phone numbers and e-mail addresses.

Everything in a thread file is published, so ``torget check`` scans every
thread and FAQ file (archived ones too) for personal data that visitors,
or staff answering them, wrote by mistake:

- Swedish personal identity numbers (*personnummer*) and coordination
  numbers (*samordningsnummer*, day + 60): ``YYMMDD-NNNN``, ``YYMMDD+NNNN``,
  ``YYYYMMDD-NNNN`` and the same without separator. Only numbers whose
  date exists and whose check digit passes the Luhn test count;
- phone numbers in Swedish notations (``070-123 45 67``, ``08-123 456 78``,
  ``0123-45 67 00``, ``+46 70 123 45 67``, ``0046 8 123 456 78`` …) and
  other international numbers written with ``+``;
- e-mail addresses.

Published contact details of the organisation itself are allow-listed in
``TORGET_ALLOWED_CONTACTS``; they are compared in a normal form, so
``+46 123 45 67 00`` is the same number as ``0123-45 67 00``.

Each hit is a :class:`~torget.model.Problem` at the file and line of the
match, with the match masked (``19811218-****``, ``070-*** ** **``,
``k***@example.se``) so the report itself does not repeat the data. Hits
are warnings; ``strict`` makes them errors.

Metadata lines that cannot hold personal data (dates, counters, flags,
slugs, importers' ``Source-*`` keys) are not scanned; titles, summaries,
author names, roles, archive reasons and all text are.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .forum import display_path, thread_files
from .model import Problem, Severity
from .parsing import SOURCE_PREFIX, split_blocks

#: Header keys whose values are never free text (lower-case).
UNSCANNED_KEYS = frozenset(
    {"date", "modified", "type", "slug", "votes", "views", "archived", "locked", "evergreen", "staff", "accepted", "avatar"}
)

# Not part of a longer word, number, code or path.
_START = r"(?<![\w+\-–./,#@])"
_END = r"(?![\w\-–@]|[.,]\d)"

_IDENTITY = re.compile(
    _START
    + r"(?P<century>18|19|20)?(?P<date>\d{6})(?P<sep>[-+–]?)(?P<serial>\d{4})"
    + _END
)
# A Swedish number starts with 0 (area code or mobile prefix 07x) or with
# +46 / 0046 followed by the number without its 0. Subscriber digits are
# grouped with spaces; only the area code is followed by a hyphen.
_PHONE = re.compile(
    _START
    + r"(?P<prefix>(?:\+|00)46[ \u00a0]?(?:\(0\)[ \u00a0]?)?|0)"
    + r"(?P<area>[1-9]\d{0,2})"
    + r"(?P<sep>[ \u00a0]?[-–][ \u00a0]?|[ \u00a0])?"
    + r"(?P<subscriber>\d{2,8}(?:[ \u00a0]\d{2,4}){0,4})"
    + _END
)
# Other countries' numbers are only recognised with a leading +.
_FOREIGN_PHONE = re.compile(
    _START + r"\+(?!46)[1-9]\d{0,2}(?:[ \u00a0\-]?\(?\d{1,4}\)?){2,6}" + _END
)
_EMAIL = re.compile(
    r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}(?![\w\-])"
)
# Numbers that follow one of these labels are some other kind of number.
_NUMBER_LABEL = re.compile(
    r"(?:order|ärende|kund|faktura|ocr|referens|ref|artikel|isbn|issn|bankgiro|plusgiro|bg|pg|"
    r"dnr|diarie|konto|clearing|organisations|org|avi|beställnings|serie|lgh|lägenhets)"
    r"(?:-?(?:nummer|nr|no|number))?[\s.:#-]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Hit:
    """One piece of personal data found in a text."""

    kind: str  # "personnummer", "samordningsnummer", "phone" or "email"
    start: int
    end: int
    text: str
    masked: str

    @property
    def label(self) -> str:
        return {
            "personnummer": "personal identity number (personnummer)",
            "samordningsnummer": "coordination number (samordningsnummer)",
            "phone": "phone number",
            "email": "e-mail address",
        }[self.kind]


def luhn_valid(digits: str) -> bool:
    """The Luhn check used by personnummer: weights 2, 1, 2, 1 … from the left."""
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def _date_exists(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def identity_kind(century: str | None, yymmdd: str) -> str | None:
    """``personnummer``, ``samordningsnummer`` or ``None`` for a date part."""
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    kind = "personnummer"
    if day > 60:
        kind, day = "samordningsnummer", day - 60
    years = [int(century) * 100 + yy] if century else [1900 + yy, 2000 + yy]
    return kind if any(_date_exists(year, month, day) for year in years) else None


def phone_digits(text: str) -> str | None:
    """A phone number in national form (``0701234567``), or ``None``."""
    match = _PHONE.fullmatch(text.strip())
    if match:
        return _national(match)
    return None


def _national(match: re.Match) -> str:
    return "0" + re.sub(r"\D", "", match.group("area") + match.group("subscriber"))


def _plausible_swedish(match: re.Match) -> bool:
    national = _national(match)
    if not 8 <= len(national) <= 10:
        return False
    area = "0" + match.group("area")
    if national.startswith("07"):
        return len(national) == 10 and (not match.group("sep") or len(area) == 3)
    subscriber = len(national) - len(area)
    return not match.group("sep") or 5 <= subscriber <= 8


def _trimmed_phone(text: str, match: re.Match) -> re.Match | None:
    """The match, or a shorter one without trailing groups that are not part of it."""
    candidate = match.group(0)
    while True:
        shorter = _PHONE.fullmatch(candidate)
        if shorter and _plausible_swedish(shorter):
            return _PHONE.match(text, match.start(), match.start() + len(candidate))
        cut = max(candidate.rfind(" "), candidate.rfind("\u00a0"))
        if cut <= 0:
            return None
        candidate = candidate[:cut]


def _mask_digits(text: str, keep: int) -> str:
    """Replace every digit after the first ``keep`` digits with ``*``."""
    out, seen = [], 0
    for char in text:
        if char.isdigit():
            seen += 1
            out.append(char if seen <= keep else "*")
        else:
            out.append(char)
    return "".join(out)


def _labelled(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_NUMBER_LABEL.search(text[max(line_start, start - 40):start]))


def _identity_hits(text: str) -> Iterator[Hit]:
    for match in _IDENTITY.finditer(text):
        kind = identity_kind(match.group("century"), match.group("date"))
        if kind is None or not luhn_valid(match.group("date") + match.group("serial")):
            continue
        found = match.group(0)
        yield Hit(kind, match.start(), match.end(), found, found[: -4] + "****")


def _phone_hits(text: str, taken: list[tuple[int, int]]) -> Iterator[Hit]:
    for match in _PHONE.finditer(text):
        trimmed = _trimmed_phone(text, match)
        if trimmed is None or _overlaps(trimmed.start(), trimmed.end(), taken) or _labelled(text, match.start()):
            continue
        found = trimmed.group(0)
        prefix_digits = len(re.sub(r"\D", "", trimmed.group("prefix")))
        keep = prefix_digits + (len(trimmed.group("area")) if trimmed.group("sep") else 2)
        yield Hit("phone", trimmed.start(), trimmed.end(), found, _mask_digits(found, keep))
    for match in _FOREIGN_PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 8 <= len(digits) <= 15 and not _overlaps(match.start(), match.end(), taken):
            found = match.group(0)
            yield Hit("phone", match.start(), match.end(), found, _mask_digits(found, 2))


def _email_hits(text: str) -> Iterator[Hit]:
    for match in _EMAIL.finditer(text):
        found = match.group(0)
        local, domain = found.split("@", 1)
        yield Hit("email", match.start(), match.end(), found, f"{local[0]}***@{domain}")


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def find_personal_data(text: str, allowed: Iterable[str] = ()) -> list[Hit]:
    """Every hit in ``text``, in order; allow-listed contacts are left out.

    A single line break does not end a number or address, because Markdown
    text is often wrapped in the middle of one.
    """
    allow = AllowList(allowed)
    flat = text.replace("\n", " ")
    hits = list(_identity_hits(flat))
    hits += _email_hits(flat)
    taken = [(h.start, h.end) for h in hits]
    hits += _phone_hits(flat, taken)
    return sorted((h for h in hits if not allow.allows(h)), key=lambda h: h.start)


class AllowList:
    """Published contact details of the organisation, in normal form."""

    def __init__(self, entries: Iterable[str]):
        self.emails: set[str] = set()
        self.phones: set[str] = set()
        self.invalid: list[str] = []
        for entry in entries:
            value = str(entry).strip()
            if value.lower().startswith("mailto:"):
                value = value[len("mailto:"):]
            elif value.lower().startswith("tel:"):
                value = value[len("tel:"):]
            if _EMAIL.fullmatch(value):
                self.emails.add(value.lower())
            elif (digits := phone_digits(value)) is not None:
                self.phones.add(digits)
            elif _FOREIGN_PHONE.fullmatch(value):
                self.phones.add(re.sub(r"\D", "", value))
            else:
                self.invalid.append(value)

    def allows(self, hit: Hit) -> bool:
        if hit.kind == "email":
            return hit.text.lower() in self.emails
        if hit.kind == "phone":
            digits = phone_digits(hit.text) or re.sub(r"\D", "", hit.text)
            return digits in self.phones
        return False


def _scannable(text: str) -> str:
    """``text`` with the lines that are not free text blanked out.

    Blanking keeps every offset, so a match's offset gives its line.
    """
    lines = text.splitlines()
    keep = [True] * len(lines)
    for start, block in split_blocks(lines):
        # The line before a reply block is its marker.
        if start > 1:
            keep[start - 2] = False
        for index, line in enumerate(block):
            if not line.strip():
                break
            key = line.split(":", 1)[0].strip().lower()
            if ":" in line and (key in UNSCANNED_KEYS or key.startswith(SOURCE_PREFIX)):
                keep[start - 1 + index] = False
    return "\n".join(line if kept else " " * len(line) for line, kept in zip(lines, keep))


def scan_text(path: str, text: str, allowed: Iterable[str] = (), strict: bool = False) -> list[Problem]:
    """Problems for every hit in one thread file's text."""
    scannable = _scannable(text.removeprefix("\ufeff"))
    severity = Severity.ERROR if strict else Severity.WARNING
    problems = []
    for hit in find_personal_data(scannable, allowed):
        line = scannable.count("\n", 0, hit.start) + 1
        problems.append(
            Problem(
                path,
                line,
                f"possible personal data: {hit.label} {hit.masked} "
                "(remove it, or add the organisation's own contact details to TORGET_ALLOWED_CONTACTS)",
                severity,
            )
        )
    return problems


def scan_content(content_dir: Path, allowed: Iterable[str] = (), strict: bool = False) -> list[Problem]:
    """Scan every thread and FAQ file below ``content_dir``."""
    allowed = tuple(allowed)
    problems: list[Problem] = []
    for path, _kind in thread_files(content_dir):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the thread check reports unreadable files
        problems.extend(scan_text(display_path(path), text, allowed, strict))
    return problems


def allowed_contacts(settings: Mapping[str, Any]) -> tuple[str, ...]:
    """``TORGET_ALLOWED_CONTACTS`` as a tuple of strings."""
    value = settings.get("TORGET_ALLOWED_CONTACTS", ()) or ()
    if isinstance(value, str):
        value = [value]
    return tuple(str(v) for v in value)
