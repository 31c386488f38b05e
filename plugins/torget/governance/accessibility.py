"""The accessibility statement (tillgänglighetsredogörelse).

:class:`AccessibilityStatement` reads ``TORGET_ACCESSIBILITY`` into the
elements Digg requires: compliance status, known shortcomings with their
reasons, assessment and update dates, the evaluation method, a feedback
contact and the link to Digg's complaints form. The ``torget_governance``
plugin publishes it as a page; its gaps are warnings at the setting's
line (the setting's parser in :mod:`torget.settings.schema` reports them).

:meth:`AccessibilityStatement.from_value` reads the value of
``TORGET_ACCESSIBILITY``, with ``TORGET_ORGANISATION``, ``SITENAME`` and
``DEFAULT_LANG`` as the defaults of its ``organisation``, ``service`` and
``slug``; plugins get it as ``ForumSettings.accessibility``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from torget.settingsfile.fields import Fields
from torget.i18n import N_, _


STATUS_ALIASES = {
    "full": "full", "fully": "full", "fullt": "full", "helt": "full",
    "partial": "partial", "partially": "partial", "delvis": "partial",
    "none": "none", "not": "none", "inte": "none", "ej": "none",
}
SHORTCOMING_CATEGORIES = ("non_compliance", "disproportionate_burden", "out_of_scope")
DIGG_COMPLAINTS_URL = "https://www.digg.se/tdosanmalan"
DEFAULT_ACCESSIBILITY_SLUG = {"sv": "tillganglighetsredogorelse", "en": "accessibility-statement"}


@dataclass(frozen=True)
class Shortcoming:
    """A known accessibility problem and why it is there."""

    description: str
    reason: str
    category: str = "non_compliance"
    criteria: tuple[str, ...] = ()
    fix: str = ""


@dataclass(frozen=True)
class AccessibilityStatement:
    """The tillgänglighetsredogörelse, with the elements Digg requires."""

    organisation: str
    service: str
    status: str  # "full", "partial" or "none"
    shortcomings: tuple[Shortcoming, ...]
    assessed: date | None
    updated: date | None
    method: str
    email: str = ""
    phone: str = ""
    contact_url: str = ""
    response_time: str = ""
    complaints_url: str = DIGG_COMPLAINTS_URL
    published: date | None = None
    slug: str = DEFAULT_ACCESSIBILITY_SLUG["sv"]

    KEYS = frozenset(
        {"organisation", "service", "status", "shortcomings", "assessed", "updated", "published", "method",
         "feedback", "complaints_url", "slug"}
    )

    @property
    def url(self) -> str:
        return f"{self.slug}/"

    @property
    def save_as(self) -> str:
        return f"{self.slug}/index.html"

    def by_category(self) -> list[tuple[str, list[Shortcoming]]]:
        return [(c, [s for s in self.shortcomings if s.category == c]) for c in SHORTCOMING_CATEGORIES
                if any(s.category == c for s in self.shortcomings)]

    @classmethod
    def from_value(cls, raw: Any, organisation: str, service: str, lang: str,
                   issues: list[str]) -> AccessibilityStatement:
        """Read the value of ``TORGET_ACCESSIBILITY``; what is missing or
        wrong is added to ``issues``."""
        data = Fields(raw, "", issues, cls.KEYS)
        raw_status = data.text("status", N_("full, partial or none; fullt, delvis or inte förenlig"))
        status = STATUS_ALIASES.get(raw_status.lower().split(" ")[0], "") if raw_status else ""
        if raw_status and not status:
            issues.append("status: " + _("%(value)r is not one of: %(choices)s", value=raw_status, choices="full, partial, none"))
        shortcomings = tuple(_shortcoming(item, n, issues) for n, item in enumerate(data.items("shortcomings"), 1))
        if status in ("partial", "none") and not shortcomings:
            issues.append(_("status is not 'full', so list the known shortcomings with reasons in 'shortcomings'"))
        if status == "full" and any(s.category == "non_compliance" for s in shortcomings):
            issues.append(_("status is 'full' but a shortcoming is a non-compliance; use 'partial'"))
        feedback = Fields(data.data.get("feedback", {}), "feedback", issues, ("email", "phone", "url", "response_time"))
        statement = cls(
            organisation=data.text("organisation") or organisation,
            service=data.text("service") or service,
            status=status,
            shortcomings=shortcomings,
            assessed=data.date("assessed", N_("date of the latest assessment")),
            updated=data.date("updated", N_("date the statement was last updated")),
            method=data.text("method", N_("how the website was evaluated")),
            email=feedback.text("email"),
            phone=feedback.text("phone"),
            contact_url=feedback.text("url"),
            response_time=feedback.text("response_time"),
            complaints_url=data.text("complaints_url") or DIGG_COMPLAINTS_URL,
            published=data.date("published"),
            slug=data.text("slug") or DEFAULT_ACCESSIBILITY_SLUG.get(lang, DEFAULT_ACCESSIBILITY_SLUG["sv"]),
        )
        if not (statement.email or statement.phone or statement.contact_url):
            issues.append(_("missing 'feedback' contact: give an email, phone or url for accessibility feedback"))
        if statement.updated and statement.assessed and statement.updated < statement.assessed:
            issues.append(_("updated %(updated)s is before assessed %(assessed)s", updated=statement.updated, assessed=statement.assessed))
        return statement


def _shortcoming(item: Any, number: int, issues: list[str]) -> Shortcoming:
    fields = Fields(item, f"shortcomings[{number}]", issues, Shortcoming.__dataclass_fields__)
    category = fields.text("category") or "non_compliance"
    if category not in SHORTCOMING_CATEGORIES:
        issues.append(f"{fields.where}.category: " + _("%(value)r is not one of: %(choices)s",
                                                       value=category, choices=", ".join(SHORTCOMING_CATEGORIES)))
    criteria = fields.items("criteria")
    return Shortcoming(
        fields.text("description", N_("what is not accessible")),
        fields.text("reason", N_("why")),
        category,
        tuple(str(c) for c in criteria),
        fields.text("fix"),
    )
