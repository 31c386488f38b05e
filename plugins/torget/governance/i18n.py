"""Translatable names and number formats for channel governance.

The channel register entry (``torget channel``), the statistics and the
accessibility statement look some of their text up by a value (a statistic's
name, a compliance status); those msgids are marked here with ``N_`` and
translated where they are shown. Numbers use Babel's CLDR formats.
"""

from __future__ import annotations

from babel.numbers import format_decimal

from torget.i18n import N_, current_language, gettext

#: The names of the statistics a goal can refer to (``TORGET_CHANNEL``).
STATISTIC_NAMES = {
    "threads_in_period": N_("New threads in the period"),
    "threads_per_month": N_("New threads per month (mean)"),
    "with_staff_answer": N_("Threads answered by %(org)s"),
    "staff_answer_percent": N_("Share of threads answered by %(org)s"),
    "median_first_staff_reply_hours": N_("Median time from question to first answer by %(org)s"),
    "staff_reply_within_2_workdays_percent": N_("Share of threads answered by %(org)s within two working days"),
    "accepted_percent": N_("Share of questions and problems with an answer that solves them"),
    "archived_count": N_("Archived threads and FAQ entries (all time)"),
    "public_threads": N_("Public threads and FAQ entries (all time)"),
    "faq_entries": N_("FAQ entries (public)"),
    "views_total": N_("Views of public threads and FAQ entries (all time)"),
}
COMPARE = {"at_least": N_("at least"), "at_most": N_("at most")}
#: The accessibility statement's compliance status: the label and the sentence.
A11Y_STATUS = {
    "full": (N_("Fully compliant"), N_("%(service)s is fully compliant with the Act on accessibility to digital public services.")),
    "partial": (N_("Partially compliant"), N_("%(service)s is partially compliant with the Act on accessibility to digital public services, due to the problems described below.")),
    "none": (N_("Not compliant"), N_("%(service)s is not compliant with the Act on accessibility to digital public services. The problems we know of are described below.")),
}
A11Y_CATEGORIES = {
    "non_compliance": N_("Non-compliance with the legal requirements"),
    "disproportionate_burden": N_("Disproportionate burden"),
    "out_of_scope": N_("Content outside the scope of the legislation"),
}


def statistic_name(name: str, organisation: str) -> str:
    return gettext(STATISTIC_NAMES[name], org=organisation)


def number(value: float | int | None, decimals: int = 1) -> str:
    """``1 234,5`` in Swedish, ``1,234.5`` in English; ``–`` for no value."""
    if value is None:
        return "–"
    if isinstance(value, int) or float(value).is_integer():
        return format_decimal(int(value), "#,##0", locale=current_language())
    return format_decimal(value, "#,##0." + "0" * decimals, locale=current_language())


def figure(value: float | int | None, unit: str = "count") -> str:
    """A statistic with its unit: ``83,3 %``, ``12,7 timmar``, ``1 234``."""
    if value is None:
        return "–"
    if unit == "percent":
        return gettext("%(n)s %%", n=number(value))
    if unit == "hours":
        return gettext("%(n)s hours", n=number(value))
    return number(value)


def target(value: float | int | str, compare: str, unit: str) -> str:
    """A goal's target: ``minst 90 %``; a text target as it is."""
    if isinstance(value, str):
        return value
    return f"{gettext(COMPARE[compare])} {figure(value, unit)}"
