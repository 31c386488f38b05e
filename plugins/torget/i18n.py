"""The interface language: gettext catalogs and CLDR formats.

Interface strings are English msgids marked with ``_()`` (``ngettext``,
``pgettext``) in the code and templates; ``locale/<lang>/LC_MESSAGES/
torget.po`` translates them (docs/translating.md). The language is the
forum's ``DEFAULT_LANG``, chosen once per process with :func:`use_language`
(the plugins on ``initialized``, the CLI when it reads the settings).
Dates and month names come from Babel's CLDR data, the same on every machine.
"""

from __future__ import annotations

import gettext as _gettext
import hashlib
from datetime import date, datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, get_month_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "torget"
#: The forum languages (``DEFAULT_LANG``); English is the msgids themselves.
LANGUAGES = ("sv", "en")


@lru_cache(maxsize=None)
def translations(lang: str) -> _gettext.NullTranslations:
    """The catalog for ``lang``, compiled from its ``.po`` file with Babel."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.exists():
        return _gettext.NullTranslations()
    with po.open("rb") as source:
        catalog = read_po(source, locale=lang, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


class _Active:
    lang = "en"
    catalog: _gettext.NullTranslations = _gettext.NullTranslations()


def use_language(lang: str) -> None:
    """Speak ``lang`` (``DEFAULT_LANG``) from now on in this process."""
    _Active.lang = lang if lang in LANGUAGES else "en"
    _Active.catalog = translations(_Active.lang)


def current_language() -> str:
    """The language :func:`use_language` chose (English until then)."""
    return _Active.lang


def catalog_print() -> tuple[str, str]:
    """The language in use and a hash of its catalog, for caches of messages."""
    po = LOCALE_DIR / _Active.lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    return _Active.lang, hashlib.sha256(po.read_bytes()).hexdigest() if po.exists() else ""


def _format(text: str, values: dict) -> str:
    return text % values if values else text


def gettext(message: str, /, **values: object) -> str:
    """``message`` translated, its ``%(name)s`` placeholders filled from ``values``."""
    return _format(_Active.catalog.gettext(message), values)


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The form for ``n``; ``%(num)s`` is ``n`` unless ``values`` has ``num``."""
    values.setdefault("num", n)
    return _format(_Active.catalog.ngettext(singular, plural, n), values)


def pgettext(context: str, message: str, /, **values: object) -> str:
    """``message`` in ``context``: the same English word with another translation."""
    return _format(_Active.catalog.pgettext(context, message), values)


_ = gettext


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


# Names that must be translated where they are shown (type names, periods).
TYPE_NAMES = {
    "question": (N_("Question"), N_("Questions")),
    "problem": (N_("Problem"), N_("Problems")),
    "suggestion": (N_("Suggestion"), N_("Suggestions")),
    "praise": (N_("Praise"), N_("Praise")),
}
TYPE_INTROS = {
    "question": N_("Questions residents have asked %(org)s, with the answers."),
    "problem": N_("Faults and problems reported to %(org)s, and what was done."),
    "suggestion": N_("Suggestions to %(org)s and what became of them."),
    "praise": N_("Praise for %(org)s's services."),
}


def type_name(value: str, plural: bool = False) -> str:
    return gettext(TYPE_NAMES[value][1 if plural else 0])


def period(count: int, unit: str) -> str:
    """``ett år``, ``sex månader``: the period in words."""
    if count == 1:
        return {"week": gettext("one week"), "month": gettext("one month"), "year": gettext("one year")}[unit]
    words = {2: gettext("two"), 3: gettext("three"), 6: gettext("six")}
    number = words.get(count, str(count))
    if unit == "week":
        return ngettext("%(num)s week", "%(num)s weeks", count, num=number)
    if unit == "month":
        return ngettext("%(num)s month", "%(num)s months", count, num=number)
    return ngettext("%(num)s year", "%(num)s years", count, num=number)


class Dates:
    """Dates in the active language and the site's timezone (CLDR patterns)."""

    def __init__(self, timezone: str | None = None):
        self.zone = ZoneInfo(timezone) if timezone else None

    def __call__(self, moment: date | datetime) -> str:
        """``4 mars 2025`` / ``4 March 2025``."""
        if isinstance(moment, datetime) and moment.tzinfo is not None and self.zone is not None:
            moment = moment.astimezone(self.zone)
        return format_date(moment, "d MMMM y", locale=current_language())


def month_names(lang: str | None = None) -> tuple[str, ...]:
    """The twelve month names, as used in running text (``januari``, ``January``)."""
    names = get_month_names("wide", "format", locale=lang or current_language())
    return tuple(names[m] for m in range(1, 13))


def month(year: int, number: int) -> str:
    """``november 2026`` / ``November 2026``."""
    return f"{month_names()[number - 1]} {year}"

