"""The content rules that ``torget check`` and the editor's form share, declared once.

The patterns and lists here are what :mod:`torget.records.privacy` (personal
data) and :mod:`torget.format.parsing` (placeholders, slugs, dates, control
characters) compile, and what :mod:`torget.editor.formchecks` hands to the
browser's implementation (``theme/static/js/torget-checks.js``) as JSON.
Patterns are written in Python's ``re`` syntax; :func:`js_pattern` turns
one into the same pattern for JavaScript's ``RegExp`` with the ``u``
flag. ``tests/test_form_checks.py`` holds the two implementations to the
same answers on every case of the Python tests.
"""

from __future__ import annotations

import re

from torget.i18n import N_

# Hyphen-minus, hyphen, non-breaking hyphen (U+2011, what word processors
# insert), figure dash, en dash, em dash and minus sign.
DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
# Space, no-break space, narrow no-break space and thin space.
SPACES = " \u00a0\u202f\u2009"
_SPACE = f"[{SPACES}]"
# Not part of a longer word, number, code or path …
_START = rf"(?<![\w+{DASHES}./,#@])"
_END = rf"(?![\w{DASHES}@]|[.,]\d)"
# … nor of a longer run of digit groups separated by single spaces.
_NOT_AFTER_GROUP = rf"(?<!\d{_SPACE})"
_NOT_BEFORE_GROUP = rf"(?!{_SPACE}\d)"
_LABELS = (r"order|ärende|kund|faktura|ocr|referens|ref|artikel|isbn|issn|bankgiro|plusgiro|bg|pg|"
           r"dnr|diarie|konto|clearing|organisations|org|avi|beställnings|serie|lgh|lägenhets")
_LABEL_END = r"(?:-?(?:nummer|nr|no|number))?[\s.:#-]*$"

#: Every pattern, by name: Python ``re`` syntax, compiled as it is here.
PATTERNS: dict[str, str] = {
    # personal identity and coordination numbers, with or without century and separator
    "identity": (
        _START + _NOT_AFTER_GROUP
        + r"(?P<century>18|19|20)?(?P<date>\d{6})"
        + rf"(?P<sep>{_SPACE}{{0,2}}[+{DASHES}]{_SPACE}{{0,2}}|{_SPACE})?"
        + r"(?P<serial>\d{4})"
        + _END + _NOT_BEFORE_GROUP
    ),
    "six_digits": r"\d{6}",
    "email": r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}(?![\w\-])",
    "email_local": r"[\w.+\-]",
    # numbers that follow one of these labels are some other kind of number
    "number_label": rf"(?:{_LABELS}){_LABEL_END}",
    # labels before a number with a date and a check digit that is still not a
    # person's (OCR and invoice numbers carry Luhn digits by design); not
    # customer or case numbers: many organisations use the personnummer as one
    "identity_label": (r"(?:order|faktura|ocr|referens|ref|artikel|isbn|issn|bankgiro|plusgiro|bg|pg|"
                       r"dnr|diarie|konto|clearing|organisations|org|avi|beställnings|serie)" + _LABEL_END),
    # what a phone number matcher may take for a number but is a time range or a date
    "not_phone": (
        rf"^\d{{1,2}}[.:]\d{{2}}{_SPACE}*[{DASHES}]{_SPACE}*\d{{1,2}}[.:]\d{{2}}$"
        rf"|^\d{{1,2}}[{DASHES}/.]\d{{1,2}}[{DASHES}/.]\d{{2,4}}$"
        rf"|^\d{{4}}[{DASHES}/.]\d{{1,2}}[{DASHES}/.]\d{{1,2}}$"
    ),
    # national notation starts with the trunk prefix 0, others with + or 00
    "diallable": r"^\(?(?:\+|00|0)",
    # a run that may hold a phone number, not inside a word, number, path or URL
    "phone_run": rf"(?<![\w/=#@&?%.+{DASHES}])(?:\+|\(?0)[\d(){DASHES}{SPACES}./]{{5,40}}",
    "line_marker": r"<!--\s*not-personal-data\s*-->",
    # the content format: lines, headers, code fences, reply markers
    "reply_marker": r"^---\s*reply\s*---\s*$",
    "fence": r"^ {0,3}(`{3,}|~{3,})",
    "header_line": r"^([A-Za-z][A-Za-z0-9_-]*)\s*:\s?(.*)$",
    "slug": r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "placeholder": r"\[(?:FYLL I|FILL IN):[^\]\n]*\]",
    "date": r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?(?:Z|[+-]\d{2}:\d{2})?$",
}
#: Patterns matched without regard to case.
IGNORE_CASE = frozenset({"number_label", "identity_label", "line_marker", "reply_marker"})

#: The header key that lists a file's reviewed false positives.
REVIEWED_KEY = "Not-personal-data"
#: The marker that allows every hit on its line.
LINE_MARKER = "<!-- not-personal-data -->"
#: Header keys whose values are never free text (lower-case).
UNSCANNED_KEYS = frozenset(
    {"date", "modified", "type", "slug", "votes", "views", "archived", "locked", "evergreen", "staff", "accepted",
     "avatar", REVIEWED_KEY.lower()}
)
#: Prefix of keys that importers add (never scanned, kept without a warning).
SOURCE_PREFIX = "source-"
#: Phone number types that belong to organisations, not people (the
#: names of ``phonenumbers.PhoneNumberType`` and libphonenumber-js' types).
SERVICE_TYPES = ("TOLL_FREE", "PREMIUM_RATE", "SHARED_COST", "UAN")
#: Flag values that mean yes.
TRUE = ("yes", "true", "ja", "1")
#: Dates outside these years are mistakes (and overflow in time arithmetic).
DATE_YEARS = (1900, 2999)
#: Names of the control characters editors paste most.
CONTROL_NAMES = {
    "\x00": N_("NUL"), "\x08": N_("backspace"), "\x0b": N_("vertical tab"), "\x0c": N_("form feed"),
    "\x1b": N_("escape"), "\x7f": N_("delete"),
}


def compiled(name: str) -> re.Pattern:
    """The named pattern, compiled for Python."""
    return re.compile(PATTERNS[name], re.IGNORECASE if name in IGNORE_CASE else 0)


_WORD, _DIGIT = r"\p{L}\p{N}_", r"\p{Nd}"
_TOKEN = re.compile(r"\[\^\\W\\d_\]|\\.|\(\?P<|\(\?P=|\[\^?|\]|.", re.DOTALL)


def js_pattern(pattern: str) -> str:
    """``pattern`` for JavaScript's ``RegExp(…, "u")``, matching what Python's ``re`` matches.

    Python's ``\\w`` and ``\\d`` are Unicode-aware on text, JavaScript's
    are ASCII only: they become ``\\p{…}`` classes; ``[^\\W\\d_]`` (a letter)
    becomes ``\\p{L}``; named groups lose their ``P``.
    """
    out: list[str] = []
    in_class = False
    for token in _TOKEN.findall(pattern):
        if token == r"[^\W\d_]":
            out.append(r"\p{L}" if not in_class else r"\p{L}")
        elif token == r"\w":
            out.append(_WORD if in_class else f"[{_WORD}]")
        elif token == r"\d":
            out.append(_DIGIT)
        elif token in (r"\W", r"\D"):
            if in_class:
                raise ValueError(f"{token} inside a class has no JavaScript form: {pattern!r}")
            out.append(f"[^{_WORD}]" if token == r"\W" else r"\P{Nd}")
        elif token == "(?P<":
            out.append("(?<")
        elif token.startswith("[") and not in_class:
            in_class = True
            out.append(token)
        elif token == "]" and in_class:
            in_class = False
            out.append(token)
        elif token.startswith("\\") and token[1:] in "#@&%/,=:'\" " and token[1:]:
            out.append(token[1:])  # an identity escape JavaScript's u flag refuses
        else:
            out.append(token)
    return "".join(out)


def js_patterns() -> dict[str, dict[str, str]]:
    """Every pattern as ``{"source": …, "flags": …}`` for ``new RegExp``."""
    # "s": Python's "." matches all but a line break, and the browser's
    # checks, like Python's, apply patterns with "." to one line at a time
    return {name: {"source": js_pattern(source), "flags": "isu" if name in IGNORE_CASE else "su"}
            for name, source in PATTERNS.items()}
