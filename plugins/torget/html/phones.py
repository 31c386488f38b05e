"""Telephone links whose number does not break across lines.

In every ``<a href="tel:…">`` of sanitized HTML the number (``phonenumbers``'
matcher) gets non-breaking spaces and hyphens, and other words move outside
the link. Used when rendering and as the ``phone_links`` Jinja filter.
"""

from __future__ import annotations

import html
import re

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

#: What a number may be written with, and what it becomes.
NON_BREAKING = str.maketrans({" ": "\u00a0", "-": "\u2011"})
_TEL_LINK = re.compile(r'(<a\s[^>]*?href="tel:([^"]*)"[^>]*>)([^<]*)</a>', re.IGNORECASE)
_ONLY_NUMBER = re.compile(r"^[\s+\d()\-\u00a0\u2011]+$")
#: A run of digits, for a number the matcher does not know (``Ring 112``).
_DIGITS = re.compile(r"\+?\d(?:[\d \-]*\d)?")


def _region(href: str, default: str) -> str:
    try:
        number = phonenumbers.parse(html.unescape(href), default)
    except phonenumbers.NumberParseException:
        return default
    return phonenumbers.region_code_for_number(number) or default


def _link(match: re.Match, default_region: str) -> str:
    opening, href, text = match.groups()
    if _ONLY_NUMBER.match(text):
        return f"{opening}{text.strip().translate(NON_BREAKING)}</a>"
    found = next(iter(PhoneNumberMatcher(text, _region(href, default_region), leniency=Leniency.POSSIBLE)), None)
    if found is not None:
        start, end = found.start, found.end
    else:
        digits = _DIGITS.search(text)
        if digits is None:
            return match.group(0)
        start, end = digits.span()
    before, number, after = text[:start], text[start:end], text[end:]
    return f"{before}{opening}{number.translate(NON_BREAKING)}</a>{after}"


def phone_links(fragment: str, default_region: str = "SE") -> str:
    """``fragment`` (sanitized HTML) with non-breaking phone links."""
    if "tel:" not in fragment:
        return fragment
    return _TEL_LINK.sub(lambda m: _link(m, default_region), fragment)
