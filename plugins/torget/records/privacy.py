"""Personal-data guard: personal identity numbers, phone numbers, e-mail addresses.

Scans every thread, reply, FAQ entry and page for personal data written
by mistake, for ``torget check``, ``torget build`` and ``torget serve``;
each hit is an error, masked, unless the organisation allowed it.
:func:`scan_site` scans a whole site, with a
:class:`~torget.build.scancache.ScanCache` if given. What is found, what
is left alone and how to allow a hit are in docs/governance.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher, PhoneNumberType
from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.se import personnummer

from torget.format import rules as contentrules
from torget.content.folders import ContentFolders
from torget.content.forum import ContentFiles, content_files, display_path
from torget.model import Problem, Severity
from torget.i18n import N_, _
from torget.format.parsing import SOURCE_PREFIX, header_lines, split_blocks, text_lines

if TYPE_CHECKING:
    from torget.build.scancache import ScanCache

REVIEWED_KEY = contentrules.REVIEWED_KEY
LINE_MARKER = contentrules.LINE_MARKER
_LINE_MARKER = contentrules.compiled("line_marker")
UNSCANNED_KEYS = contentrules.UNSCANNED_KEYS

# The patterns and lists are declared in torget.format.rules, which the
# editor's form checks read too.
_DASHES, _SPACES = contentrules.DASHES, contentrules.SPACES
_IDENTITY = contentrules.compiled("identity")
_EMAIL = contentrules.compiled("email")
_NUMBER_LABEL = contentrules.compiled("number_label")
_IDENTITY_LABEL = contentrules.compiled("identity_label")
_NOT_PHONE = contentrules.compiled("not_phone")
_DIALLABLE = contentrules.compiled("diallable")
#: Phone number types that belong to organisations, not people.
_SERVICE_TYPES = frozenset(getattr(PhoneNumberType, name) for name in contentrules.SERVICE_TYPES)


#: What each kind of hit is called in a message.
HIT_LABELS = {
    "personnummer": N_("personal identity number (personnummer)"),
    "samordningsnummer": N_("coordination number (samordningsnummer)"),
    "phone": N_("phone number"),
    "email": N_("e-mail address"),
}


@dataclass(frozen=True)
class Hit:
    """One piece of personal data found in a text."""

    kind: str  # "personnummer", "samordningsnummer", "phone" or "email"
    start: int
    end: int
    text: str
    masked: str
    #: The normal form the allow-lists compare (see :func:`normal_form`).
    key: str = ""

    @property
    def label(self) -> str:
        return _(HIT_LABELS[self.kind])


def luhn_valid(digits: str) -> bool:
    """The Luhn check digit test of personal identity numbers (:mod:`stdnum.luhn`)."""
    return luhn.is_valid(digits)


def identity_kind(century: str | None, yymmdd: str, serial: str, plus: bool = False) -> str | None:
    """``personnummer``, ``samordningsnummer`` or ``None`` if the number is neither.

    Validated with :mod:`stdnum.se.personnummer` (a real date and the Luhn
    digit); a coordination number is validated as the personal identity
    number of the same date (day − 60) with its own check digit.
    """
    kind, date_part = "personnummer", yymmdd
    day = int(yymmdd[4:])
    if day > 60:
        kind, date_part = "samordningsnummer", f"{yymmdd[:4]}{day - 60:02d}"
    number = f"{century or ''}{date_part}{'+' if plus else '-'}{serial}"
    try:
        born = personnummer.get_birth_date(number)
        if kind == "personnummer":
            personnummer.validate(number)
        else:
            luhn.validate(yymmdd + serial)
    except ValidationError:
        return None
    return kind if born <= date.today() else None


def _mask_last_digits(text: str, count: int) -> str:
    """Replace the last ``count`` digits of ``text`` with ``*``."""
    out = []
    for char in reversed(text):
        if char.isdigit() and count > 0:
            out.append("*")
            count -= 1
        else:
            out.append(char)
    return "".join(reversed(out))


def _labelled(text: str, start: int, label: re.Pattern = _NUMBER_LABEL) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return bool(label.search(text[max(line_start, start - 40):start]))


_SIX_DIGITS = contentrules.compiled("six_digits")


def _identity_hits(text: str) -> Iterator[Hit]:
    if not _SIX_DIGITS.search(text):  # most texts: no need for the slower pattern
        return
    for match in _IDENTITY.finditer(text):
        sep = (match.group("sep") or "").strip(_SPACES)
        kind = identity_kind(match.group("century"), match.group("date"), match.group("serial"), sep == "+")
        if kind is None or _labelled(text, match.start(), _IDENTITY_LABEL):
            continue
        found = match.group(0)
        yield Hit(kind, match.start(), match.end(), found, _mask_last_digits(found, 4),
                  "id:" + match.group("date") + match.group("serial"))


def parse_phone(candidate: str) -> phonenumbers.PhoneNumber | None:
    """A person's phone number written as ``candidate``, or ``None``.

    Valid numbers only (``phonenumbers``' metadata, region SE for national
    notation), written with their trunk prefix or country code, and not
    an organisation's service number (toll-free, premium rate, shared cost).
    """
    candidate = candidate.strip()
    if not _DIALLABLE.match(candidate) or _NOT_PHONE.match(candidate):
        return None
    try:
        number = phonenumbers.parse(candidate, "SE")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) in _SERVICE_TYPES:
        return None
    return number


def _phone_key(number: phonenumbers.PhoneNumber) -> str:
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# A run of characters that may hold a phone number, starting with + or 0
# and not inside a word, number, path or URL; PhoneNumberMatcher reads
# only these runs (reading whole texts took most of the scan's time).
_PHONE_RUN = contentrules.compiled("phone_run")


def _phone_hits(text: str, taken: list[tuple[int, int]]) -> Iterator[Hit]:
    for run in _PHONE_RUN.finditer(text):
        # POSSIBLE leniency finds a number followed by more digits (``ring
        # 070-123 45 67 15 gånger``) as one; the longest valid prefix of
        # whole groups is the number.
        for match in PhoneNumberMatcher(run.group(0), "SE", leniency=Leniency.POSSIBLE):
            candidate = match.raw_string
            while True:
                number = parse_phone(candidate)
                if number is not None:
                    break
                cut = max(candidate.rfind(space) for space in _SPACES)
                if cut <= 0:
                    break
                candidate = candidate[:cut].rstrip(_SPACES)
            if number is None:
                continue
            start = run.start() + match.start
            end = start + len(candidate)
            if (text[end:end + 1].isalnum() or _binary(candidate) or _overlaps(start, end, taken)
                    or _labelled(text, start)):
                continue
            national = phonenumbers.national_significant_number(number)
            subscriber = len(national) - phonenumbers.length_of_national_destination_code(number)
            yield Hit("phone", start, end, candidate, _mask_last_digits(candidate, subscriber), _phone_key(number))


def _binary(candidate: str) -> bool:
    """Only the digits 0 and 1 and no separators: a binary literal."""
    return candidate.isdigit() and set(candidate) <= {"0", "1"}


_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-")


def _email_hits(text: str) -> Iterator[Hit]:
    # Start only where an @ is: trying the pattern at every character took
    # as long as the rest of the scan.
    at = text.find("@")
    while at > 0:
        start = at
        while start > 0 and (text[start - 1] in _EMAIL_LOCAL or (text[start - 1].isalnum())):
            start -= 1
        match = _EMAIL.match(text, start) if start < at else None
        if match:
            found = match.group(0)
            local, domain = found.split("@", 1)
            yield Hit("email", match.start(), match.end(), found, f"{local[0]}***@{domain}", "email:" + found.lower())
        at = text.find("@", at + 1)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def find_personal_data(text: str, allowed: Iterable[str] = ()) -> list[Hit]:
    """Every hit in ``text``, in order; allow-listed contacts are left out.

    A single line break does not end a number or address, because Markdown
    text is often wrapped in the middle of one.
    """
    allow = allowed if isinstance(allowed, AllowList) else AllowList(allowed)
    flat = text.replace("\n", " ")
    hits = list(_identity_hits(flat))
    hits += _email_hits(flat)
    taken = [(h.start, h.end) for h in hits]
    hits += _phone_hits(flat, taken)
    return sorted((h for h in hits if not allow.allows(h)), key=lambda h: h.start)


def normal_form(value: str) -> str | None:
    """What a contact or reviewed number is compared by, or ``None``.

    ``email:`` and the address in lower case; ``tel:`` and the number in
    E.164 (``+46123456700``); ``id:`` and the ten digits of a personal
    identity or coordination number.
    """
    value = str(value).strip()
    lowered = value.lower()
    for scheme in ("mailto:", "tel:"):
        if lowered.startswith(scheme):
            value = value[len(scheme):].strip()
    if _EMAIL.fullmatch(value):
        return "email:" + value.lower()
    identity = _IDENTITY.fullmatch(value)
    if identity:
        sep = (identity.group("sep") or "").strip(_SPACES)
        if identity_kind(identity.group("century"), identity.group("date"), identity.group("serial"), sep == "+"):
            return "id:" + identity.group("date") + identity.group("serial")
    number = parse_phone(value)
    if number is not None:
        return _phone_key(number)
    return None


class AllowList:
    """Contacts and numbers that are not reported, in normal form."""

    def __init__(self, entries: Iterable[str]):
        self.keys: set[str] = set()
        self.invalid: list[str] = []
        for entry in entries:
            key = normal_form(entry)
            if key is None:
                self.invalid.append(str(entry).strip())
            else:
                self.keys.add(key)

    def allows(self, hit: Hit) -> bool:
        return hit.key in self.keys

    def __bool__(self) -> bool:
        return bool(self.keys)


def _scannable(lines: list[str]) -> tuple[str, dict[str, int]]:
    """The text with the lines that are not free text blanked out, and
    the question header's reviewed entries with their line.

    Blanking keeps every offset, so a match's offset gives its line.
    """
    keep = [True] * len(lines)
    reviewed: dict[str, int] = {}
    for start, block in split_blocks(lines):
        # The line before a reply block is its marker.
        if start > 1:
            keep[start - 2] = False
        # The header as the parser reads it: a continuation line belongs
        # to the key before it.
        for line in header_lines(block):
            key = line.key.lower() if line.key else ""
            if key in UNSCANNED_KEYS or key.startswith(SOURCE_PREFIX):
                keep[start - 1 + line.index] = False
                if start == 1 and key == REVIEWED_KEY.lower():
                    for entry in line.value.split(","):
                        if entry.strip():
                            reviewed.setdefault(entry.strip(), line.index + 1)
    return "\n".join(line if kept else " " * len(line) for line, kept in zip(lines, keep)), reviewed


def scan_text(path: str, text: str, allowed: Iterable[str] | AllowList = ()) -> list[Problem]:
    """Problems for every hit in one thread, FAQ or page file's text.

    Hits are errors; a ``Not-personal-data:`` entry that is not a number
    or address is a warning at its line.
    """
    allow = allowed if isinstance(allowed, AllowList) else AllowList(allowed)
    lines = text_lines(text)
    scannable, reviewed_entries = _scannable(lines)
    problems = []
    reviewed = set()
    for entry, line in reviewed_entries.items():
        key = normal_form(entry)
        if key is None:
            problems.append(Problem(path, line, _(
                "%(key)s: %(entry)r is neither a personal identity number, a phone number nor an e-mail address",
                key=REVIEWED_KEY, entry=_mask_entry(entry)), Severity.WARNING))
        else:
            reviewed.add(key)
    marked = {number for number, line in enumerate(lines, 1) if _LINE_MARKER.search(line)}
    for hit in find_personal_data(scannable, allow):
        first = scannable.count("\n", 0, hit.start) + 1
        last = scannable.count("\n", 0, hit.end) + 1
        if hit.key in reviewed or first in marked or last in marked:
            continue
        problems.append(
            Problem(
                path,
                first,
                _("possible personal data: %(what)s %(text)s (remove it; if it is not personal data, see docs/governance.md)",
                  what=hit.label, text=hit.masked),
            )
        )
    return problems


def _mask_entry(entry: str) -> str:
    """A header entry that could not be read, with its last digits hidden."""
    return _mask_last_digits(entry, 4)


# --------------------------------------------------------------------------
# A whole site


def read_utf8(path: Path) -> bytes | None:
    """The bytes of a UTF-8 file, or ``None`` (the content checks report the rest)."""
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return data


def scan_files(files: Iterable[Path], allowed: Iterable[str] = (), cache: ScanCache | None = None,
               progress: Callable[[Iterator], Iterator] | None = None) -> list[Problem]:
    """Scan ``files``; files that are not UTF-8 are left to the content checks."""
    allow = AllowList(allowed)
    files = list(files)
    problems: list[Problem] = []
    if cache is not None:  # the texts it has not seen, all at once
        cache.prepare(files, lambda text: scan_text("", text, allow))
    shown_dirs: dict[Path, Path] = {}
    for path in progress(files) if progress else files:
        parent = path.parent
        if parent not in shown_dirs:
            shown_dirs[parent] = Path(display_path(parent))
        shown = str(shown_dirs[parent] / path.name)
        scan = lambda text, shown=shown: scan_text(shown, text, allow)  # noqa: E731
        if cache is not None:
            problems.extend(cache.problems(path, shown, scan) or ())
        elif (data := read_utf8(path)) is not None:
            problems.extend(scan(data.decode("utf-8")))
    return problems


def scan_content(content: Path | ContentFolders, allowed: Iterable[str] = (), ignore=None) -> list[Problem]:
    """Scan every thread, FAQ and page file below ``content`` (no cache)."""
    found = content_files(content, ignore)
    return scan_files([path for path, _kind in found.threads] + found.pages, allowed)


def scan_site(content: ContentFolders, allowed: Iterable[str] = (), cache: ScanCache | None = None,
              progress: Callable[[Iterator], Iterator] | None = None, found: ContentFiles | None = None) -> list[Problem]:
    """Scan every file the site publishes (the files :func:`torget.content.forum.content_files`
    finds, as the build reads them, or ``found``, what it found for ``content``),
    with ``cache`` if given (and saved);
    ``allowed`` is ``TORGET_ALLOWED_CONTACTS`` (``ForumSettings.allowed_contacts``)."""
    found = found if found is not None else content_files(content)
    problems = scan_files([path for path, _kind in found.threads] + found.pages, tuple(allowed), cache, progress)
    if cache is not None:
        cache.save()
    return problems
