"""Channel governance: register entry, channel description, accessibility.

A public body may only run a channel it can govern. This module reads and
checks what that takes, from the Pelican settings and the about page:

- :class:`ChannelEntry` (``TORGET_CHANNEL``): the channel's entry for the
  organisation's channel register: purpose, target audience, goals,
  resource planning and readiness, responsible manager and start date;
- the channel description: the about page (``TORGET_ABOUT_PAGE``) must
  cover the topics in :data:`DEFAULT_ABOUT_TOPICS` (or
  ``TORGET_ABOUT_TOPICS``);
- :class:`AccessibilityStatement` (``TORGET_ACCESSIBILITY``): the
  tillgänglighetsredogörelse the ``torget_governance`` plugin publishes;
- :func:`governance_problems`: all of the above plus the personal-data
  guard (:mod:`torget.privacy`), as problems for ``torget check``.

Governance problems are warnings: the site still builds, and ``torget
check --strict`` (which CI runs) fails on them. Personal-data hits are
errors in every command: ``torget build`` and ``torget serve`` stop on them. Settings problems are located at the line of the
setting's assignment in the settings file.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .forum import display_path
from .governance_i18n import GovernanceTranslator
from .model import Problem, Severity
from .parsing import header_values, text_lines
from .privacy import AllowList, allowed_contacts, scan_settings
from .settings import _setting_line
from .stats import STATISTICS, StatsOptions, goal_terms

COMPARE_CHOICES = ("at_least", "at_most")


# --------------------------------------------------------------------------
# Reading settings dicts


class _Fields:
    """Reads one settings dict, collecting every issue as a message."""

    def __init__(self, data: Any, where: str, issues: list[str], known: Iterable[str]):
        self.where = where
        self.issues = issues
        if not isinstance(data, Mapping):
            issues.append(f"{where or 'the setting'} must be a dict, not {type(data).__name__}")
            data = {}
        self.data = data
        for key in data:
            if key not in known:
                issues.append(f"unknown key {self._name(key)!r}")

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def text(self, key: str, required: str = "") -> str:
        """A text value; ``required`` names what is missing when it is empty."""
        value = self.data.get(key)
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.issues.append(f"missing {self._name(key)!r} ({required})")
        return text

    def date(self, key: str, required: str = "") -> date | None:
        value = self.data.get(key)
        if value in (None, ""):
            if required:
                self.issues.append(f"missing {self._name(key)!r} ({required})")
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.issues.append(f"{self._name(key)}: {value!r} is not a date (YYYY-MM-DD)")
            return None

    def items(self, key: str) -> list:
        value = self.data.get(key) or []
        if isinstance(value, (str, Mapping)):
            value = [value]
        return list(value)


def _config(settings: Mapping[str, Any]) -> str:
    return str(settings.get("TORGET_CONFIG_PATH") or "pelicanconf.py")


def setting_problems(settings: Mapping[str, Any], name: str, issues: Iterable[str]) -> list[Problem]:
    """Issues with one setting as warnings at the line of its assignment."""
    config = _config(settings)
    line = _setting_line(config, name)
    return [Problem(display_path(Path(config)), line, f"{name}: {issue}", Severity.WARNING) for issue in issues]


# --------------------------------------------------------------------------
# Channel register entry


@dataclass(frozen=True)
class QuantitativeGoal:
    """A measurable goal. ``statistic`` names a figure from :mod:`torget.stats`."""

    metric: str
    target: float | int | str
    statistic: str = ""
    compare: str = ""
    unit: str = ""
    source: str = ""


@dataclass(frozen=True)
class QualitativeGoal:
    goal: str
    follow_up: str = ""


@dataclass(frozen=True)
class Readiness:
    """Resource planning and readiness: who monitors the channel, and when."""

    monitored_by: str
    hours: str
    out_of_hours: str
    response_time: str = ""
    absence: str = ""
    crisis: str = ""


@dataclass(frozen=True)
class Manager:
    name: str
    role: str = ""
    contact: str = ""

    def __str__(self) -> str:
        text = self.name + (f" ({self.role})" if self.role else "")
        return text + (f", {self.contact}" if self.contact else "")


@dataclass(frozen=True)
class ChannelEntry:
    """The channel's entry in the organisation's channel register."""

    name: str
    url: str
    organisation: str
    purpose: str
    audience: str
    quantitative_goals: tuple[QuantitativeGoal, ...]
    qualitative_goals: tuple[QualitativeGoal, ...]
    readiness: Readiness
    manager: Manager
    start_date: date | None
    unit: str = ""
    review_date: date | None = None
    decision: str = ""
    #: What is missing or wrong, as messages; empty when the entry is complete.
    issues: tuple[str, ...] = field(default=(), compare=False)

    KEYS = frozenset(
        {
            "name", "url", "organisation", "unit", "purpose", "audience", "quantitative_goals",
            "qualitative_goals", "readiness", "manager", "start_date", "review_date", "decision",
        }
    )

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> ChannelEntry:
        """Read ``TORGET_CHANNEL``; never raises, see :attr:`issues`."""
        issues: list[str] = []
        raw = settings.get("TORGET_CHANNEL")
        present = raw is not None
        if not present:
            issues.append(
                "no channel register entry: set purpose, audience, goals, readiness, manager "
                "and start_date (see docs/governance.md)"
            )

        def need(what: str) -> str:
            # Without any entry, the one message above says it all.
            return what if present else ""

        entry = _Fields(raw if present else {}, "", issues, cls.KEYS)
        quantitative = tuple(
            _quantitative_goal(item, n, issues) for n, item in enumerate(entry.items("quantitative_goals"), 1)
        )
        qualitative = tuple(
            _qualitative_goal(item, n, issues) for n, item in enumerate(entry.items("qualitative_goals"), 1)
        )
        if present and not quantitative and not qualitative:
            issues.append("no goals: add 'quantitative_goals' (metric and target) and/or 'qualitative_goals'")
        readiness = _Fields(entry.data.get("readiness", {}), "readiness", issues, Readiness.__dataclass_fields__)
        manager_raw = entry.data.get("manager", {})
        if isinstance(manager_raw, str):
            manager_raw = {"name": manager_raw}
        manager = _Fields(manager_raw, "manager", issues, Manager.__dataclass_fields__)
        result = cls(
            name=entry.text("name") or str(settings.get("SITENAME", "")),
            url=entry.text("url") or str(settings.get("SITEURL", "")),
            organisation=entry.text("organisation") or str(settings.get("TORGET_ORGANISATION", "")),
            purpose=entry.text("purpose", need("the channel's purpose, syfte")),
            audience=entry.text("audience", need("target audience, målgrupp")),
            quantitative_goals=quantitative,
            qualitative_goals=qualitative,
            readiness=Readiness(
                monitored_by=readiness.text("monitored_by", need("who monitors the channel")),
                hours=readiness.text("hours", need("when the channel is monitored")),
                out_of_hours=readiness.text("out_of_hours", need("what happens outside monitoring hours")),
                response_time=readiness.text("response_time"),
                absence=readiness.text("absence"),
                crisis=readiness.text("crisis"),
            ),
            manager=Manager(
                name=manager.text("name", need("the responsible manager")),
                role=manager.text("role"),
                contact=manager.text("contact"),
            ),
            start_date=entry.date("start_date", need("when the channel started")),
            unit=entry.text("unit"),
            review_date=entry.date("review_date"),
            decision=entry.text("decision"),
        )
        return _with_issues(result, issues)

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON-ready values, for filing (``torget channel --json``)."""
        data = asdict(self)
        data.pop("issues")
        for key in ("start_date", "review_date"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    def text(self, lang: str = "sv", width: int = 78) -> str:
        """The entry as readable text in the site's language."""
        t = GovernanceTranslator(lang)
        missing = t("channel_missing")
        lines: list[str] = []

        def field_line(key: str, value: object, indent: str = "") -> None:
            label = f"{indent}{t(key)}: "
            lines.extend(
                textwrap.wrap(str(value or missing), width, initial_indent=label,
                              subsequent_indent=indent + "  ") or [label]
            )

        def heading(text: str) -> None:
            lines.extend(["", text, "-" * len(text)])

        title = t("channel_title", name=self.name)
        lines += [title, "=" * len(title)]
        for key, value in (
            ("channel_name", self.name),
            ("channel_url", self.url),
            ("channel_organisation", self.organisation),
            ("channel_unit", self.unit),
            ("channel_manager", self.manager if self.manager.name else ""),
            ("channel_start_date", self.start_date),
            ("channel_review_date", self.review_date),
            ("channel_decision", self.decision),
        ):
            if value or key in ("channel_manager", "channel_start_date"):
                field_line(key, value)
        for key, value in (("channel_purpose", self.purpose), ("channel_audience", self.audience)):
            heading(t(key))
            lines.extend(textwrap.wrap(value or missing, width))
        heading(t("channel_quantitative"))
        for goal in self.quantitative_goals:
            target = t.target(goal.target, *goal_terms(goal))
            lines.extend(textwrap.wrap(f"- {goal.metric}: {target}", width, subsequent_indent="  "))
            if goal.statistic in STATISTICS:
                label = t("statistic_" + goal.statistic, org=self.organisation)
                field_line("channel_statistic", f"{label} ({goal.statistic})", "  ")
            if goal.source:
                field_line("channel_source", goal.source, "  ")
        heading(t("channel_qualitative"))
        for goal in self.qualitative_goals:
            lines.extend(textwrap.wrap(f"- {goal.goal}", width, subsequent_indent="  "))
            if goal.follow_up:
                field_line("channel_follow_up", goal.follow_up, "  ")
        heading(t("channel_readiness"))
        readiness = self.readiness
        for key, value in (
            ("channel_monitored_by", readiness.monitored_by),
            ("channel_hours", readiness.hours),
            ("channel_out_of_hours", readiness.out_of_hours),
            ("channel_response_time", readiness.response_time),
            ("channel_absence", readiness.absence),
            ("channel_crisis", readiness.crisis),
        ):
            if value or key in ("channel_monitored_by", "channel_hours", "channel_out_of_hours"):
                field_line(key, value)
        return "\n".join(lines) + "\n"


def _with_issues(value, issues: list[str]):
    object.__setattr__(value, "issues", tuple(issues))
    return value


def _quantitative_goal(item: Any, number: int, issues: list[str]) -> QuantitativeGoal:
    goal = _Fields(item, f"quantitative_goals[{number}]", issues, QuantitativeGoal.__dataclass_fields__)
    metric = goal.text("metric", "what is measured")
    target = goal.data.get("target")
    statistic = goal.text("statistic")
    compare = goal.text("compare").replace(" ", "_").lower()
    if target is None or (isinstance(target, str) and not target.strip()):
        issues.append(f"missing {goal.where + '.target'!r} (the value to reach)")
        target = ""
    elif isinstance(target, bool) or not isinstance(target, (int, float, str)):
        issues.append(f"{goal.where}.target: {target!r} must be a number or a text")
        target = str(target)
    if statistic and statistic not in STATISTICS:
        issues.append(f"{goal.where}.statistic: unknown statistic {statistic!r} (known: {', '.join(STATISTICS)})")
    elif statistic and isinstance(target, str):
        issues.append(f"{goal.where}.target: must be a number to compare with {statistic!r}, not {target!r}")
    if compare and compare not in COMPARE_CHOICES:
        issues.append(f"{goal.where}.compare: {compare!r} is not one of: {', '.join(COMPARE_CHOICES)}")
        compare = ""
    return QuantitativeGoal(metric, target, statistic, compare, goal.text("unit"), goal.text("source"))


def _qualitative_goal(item: Any, number: int, issues: list[str]) -> QualitativeGoal:
    if isinstance(item, str):
        item = {"goal": item}
    goal = _Fields(item, f"qualitative_goals[{number}]", issues, QualitativeGoal.__dataclass_fields__)
    return QualitativeGoal(goal.text("goal", "the goal"), goal.text("follow_up"))


# --------------------------------------------------------------------------
# Channel description: the about page


@dataclass(frozen=True)
class AboutTopic:
    """A topic the about page must cover.

    ``requires`` is a list of requirements; each is met when the page
    contains any one of its phrases (case-insensitive; Markdown emphasis
    and line breaks do not matter).
    """

    key: str
    label: str
    requires: tuple[tuple[str, ...], ...]


_LEGAL_LIST_SV = (
    ("kränkande uppgifter",),
    ("uppvigling",),
    ("hets mot folkgrupp",),
    ("barnpornografibrott",),
    ("olaga våldsskildring",),
    ("upphovsrättsintrång", "intrång i upphovsrätt"),
)

#: The topics of a channel description, per language (``DEFAULT_LANG``).
DEFAULT_ABOUT_TOPICS: dict[str, dict[str, dict[str, Any]]] = {
    "sv": {
        "usage": {
            "label": "hur forumet är tänkt att användas",
            "requires": [["hur forumet fungerar", "så fungerar forumet", "hur forumet är tänkt att användas",
                          "så använder du forumet", "forumet är till för"]],
        },
        "removed": {
            "label": "vilka inlägg som inte är tillåtna och tas bort",
            "requires": [["inte är tillåtna", "inte är tillåtet", "inte tillåtna", "inte tillåtet", "tas bort", "tar bort"], *_LEGAL_LIST_SV],
        },
        "report": {
            "label": "hur man anmäler ett inlägg",
            "requires": [["anmäl ett inlägg", "anmäl inlägg", "anmäla inlägg", "anmäla ett inlägg", "anmälan av inlägg"]],
        },
        "public_records": {
            "label": "att inlägg är allmänna handlingar och hur de arkiveras",
            "requires": [["allmän handling", "allmänna handlingar"], ["arkiv", "gallr", "diarief", "bevaras"]],
        },
        "personal_data": {
            "label": "hur personuppgifter behandlas",
            "requires": [["behandlar personuppgifter", "behandling av personuppgifter", "personuppgiftsbehandling",
                          "dataskyddsförordningen", "gdpr"]],
        },
        "other_channels": {
            "label": "andra kanaler för personliga ärenden",
            "requires": [["andra kontaktvägar", "andra kanaler", "andra sätt att kontakta", "personliga ärenden",
                          "ditt eget ärende", "enskilda ärenden"]],
        },
    },
    "en": {
        "usage": {
            "label": "how the forum is meant to be used",
            "requires": [["how the forum works", "how to use the forum", "the forum is for", "what the forum is for"]],
        },
        "removed": {
            "label": "which posts are not allowed and are removed",
            "requires": [
                ["not allowed", "are removed", "will be removed", "we remove"],
                ["offensive information", "defamatory", "kränkande uppgifter"],
                ["sedition", "incitement to rebellion", "uppvigling"],
                ["agitation against a population group", "incitement to hatred", "hate speech", "hets mot folkgrupp"],
                ["child pornography", "child sexual abuse", "barnpornografibrott"],
                ["unlawful depiction of violence", "unlawful portrayal of violence", "olaga våldsskildring"],
                ["copyright infringement", "infringe copyright", "upphovsrättsintrång"],
            ],
        },
        "report": {
            "label": "how to report a post",
            "requires": [["report a post", "report post", "reporting a post", "reporting posts"]],
        },
        "public_records": {
            "label": "that posts are public records and how they are archived",
            "requires": [["public record", "public document", "allmän handling", "allmänna handlingar"],
                         ["archiv", "retention", "disposal"]],
        },
        "personal_data": {
            "label": "how personal data is handled",
            "requires": [["process personal data", "processing of personal data", "handle personal data",
                          "personal data is handled", "data protection", "gdpr"]],
        },
        "other_channels": {
            "label": "other channels for personal matters",
            "requires": [["other channels", "other ways to contact", "personal matters", "your own case"]],
        },
    },
}


def about_topics(settings: Mapping[str, Any]) -> tuple[list[AboutTopic], list[str]]:
    """The language's default topics with ``TORGET_ABOUT_TOPICS`` merged over them.

    A topic set to ``None`` is dropped; a new key adds a topic.
    """
    lang = str(settings.get("DEFAULT_LANG", "sv"))
    merged = dict(DEFAULT_ABOUT_TOPICS.get(lang, DEFAULT_ABOUT_TOPICS["sv"]))
    issues: list[str] = []
    custom = settings.get("TORGET_ABOUT_TOPICS") or {}
    if not isinstance(custom, Mapping):
        issues.append("must be a dict of topics")
        custom = {}
    merged.update(custom)
    topics = []
    for key, spec in merged.items():
        if spec is None:
            continue
        fields = _Fields(spec, str(key), issues, ("label", "requires"))
        requires = []
        for requirement in fields.items("requires"):
            phrases = (requirement,) if isinstance(requirement, str) else tuple(requirement)
            phrases = tuple(_normalise(str(p)) for p in phrases if str(p).strip())
            if phrases:
                requires.append(phrases)
        if not requires:
            issues.append(f"{key}: 'requires' needs at least one phrase")
            continue
        topics.append(AboutTopic(str(key), fields.text("label") or str(key), tuple(requires)))
    return topics, issues


_MARKUP = re.compile(r"[*_`>#|]+|\[|\]\([^)]*\)")


def _normalise(text: str) -> str:
    return " ".join(_MARKUP.sub(" ", text).lower().split())


def find_page(content_dir: Path, slug: str, folders: Iterable[str] = ("pages",)) -> Path | None:
    """The Markdown page whose ``Slug:`` (or file name) is ``slug``.

    The header is read as the parser reads it (:func:`torget.parsing.header_values`).
    """
    for folder in folders:
        for path in sorted((content_dir / folder).rglob("*.md")):
            header = header_values(text_lines(path.read_text(encoding="utf-8", errors="replace")))
            if (header.get("slug") or path.stem) == slug:
                return path
    return None


def check_about_text(path: str, text: str, topics: Iterable[AboutTopic]) -> list[Problem]:
    """A warning for each topic the about page does not cover."""
    lines = [_normalise(line) for line in text_lines(text)]
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    flat = " ".join(lines)

    def line_of(phrase: str) -> int | None:
        at = flat.find(phrase)
        if at < 0:
            return None
        return max(i for i, start in enumerate(starts, 1) if start <= at)

    problems = []
    for topic in topics:
        found = [min(filter(None, map(line_of, req)), default=None) for req in topic.requires]
        missing = [req for req, line in zip(topic.requires, found) if line is None]
        if not missing:
            continue
        present = [line for line in found if line is not None]
        if present:
            names = ", ".join(repr(req[0]) for req in missing)
            message = f"the about page's text on {topic.label!r} does not mention: {names}"
        else:
            message = f"the about page does not cover {topic.label!r} (expected e.g. {topic.requires[0][0]!r})"
        problems.append(Problem(path, min(present, default=1), message, Severity.WARNING))
    return problems


def about_page_problems(settings: Mapping[str, Any]) -> list[Problem]:
    topics, issues = about_topics(settings)
    problems = setting_problems(settings, "TORGET_ABOUT_TOPICS", issues)
    slug = str(settings.get("TORGET_ABOUT_PAGE", "om-forumet"))
    content_dir = Path(settings.get("PATH", "content"))
    page = find_page(content_dir, slug, settings.get("PAGE_PATHS") or ("pages",))
    if page is None:
        return problems + setting_problems(
            settings, "TORGET_ABOUT_PAGE", [f"no page with slug {slug!r} in {display_path(content_dir)}"]
        )
    return problems + check_about_text(display_path(page), page.read_text(encoding="utf-8"), topics)


# --------------------------------------------------------------------------
# Accessibility statement


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
    issues: tuple[str, ...] = field(default=(), compare=False)

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
    def from_pelican(cls, settings: Mapping[str, Any]) -> AccessibilityStatement | None:
        """Read ``TORGET_ACCESSIBILITY``; ``None`` when it is not set."""
        raw = settings.get("TORGET_ACCESSIBILITY")
        if raw is None:
            return None
        issues: list[str] = []
        data = _Fields(raw, "", issues, cls.KEYS)
        raw_status = data.text("status", "full, partial or none; fullt, delvis or inte förenlig")
        status = STATUS_ALIASES.get(raw_status.lower().split(" ")[0], "") if raw_status else ""
        if raw_status and not status:
            issues.append(f"status: {raw_status!r} is not one of: full, partial, none")
        shortcomings = tuple(_shortcoming(item, n, issues) for n, item in enumerate(data.items("shortcomings"), 1))
        if status in ("partial", "none") and not shortcomings:
            issues.append("status is not 'full', so list the known shortcomings with reasons in 'shortcomings'")
        if status == "full" and any(s.category == "non_compliance" for s in shortcomings):
            issues.append("status is 'full' but a shortcoming is a non-compliance; use 'partial'")
        feedback = _Fields(data.data.get("feedback", {}), "feedback", issues, ("email", "phone", "url", "response_time"))
        lang = str(settings.get("DEFAULT_LANG", "sv"))
        statement = cls(
            organisation=data.text("organisation") or str(settings.get("TORGET_ORGANISATION", "")),
            service=data.text("service") or str(settings.get("SITENAME", "")),
            status=status,
            shortcomings=shortcomings,
            assessed=data.date("assessed", "date of the latest assessment"),
            updated=data.date("updated", "date the statement was last updated"),
            method=data.text("method", "how the website was evaluated"),
            email=feedback.text("email"),
            phone=feedback.text("phone"),
            contact_url=feedback.text("url"),
            response_time=feedback.text("response_time"),
            complaints_url=data.text("complaints_url") or DIGG_COMPLAINTS_URL,
            published=data.date("published"),
            slug=data.text("slug") or DEFAULT_ACCESSIBILITY_SLUG.get(lang, DEFAULT_ACCESSIBILITY_SLUG["sv"]),
        )
        if not (statement.email or statement.phone or statement.contact_url):
            issues.append("missing 'feedback' contact: give an email, phone or url for accessibility feedback")
        if statement.updated and statement.assessed and statement.updated < statement.assessed:
            issues.append(f"updated {statement.updated} is before assessed {statement.assessed}")
        return _with_issues(statement, issues)


def _shortcoming(item: Any, number: int, issues: list[str]) -> Shortcoming:
    fields = _Fields(item, f"shortcomings[{number}]", issues, Shortcoming.__dataclass_fields__)
    category = fields.text("category") or "non_compliance"
    if category not in SHORTCOMING_CATEGORIES:
        issues.append(f"{fields.where}.category: {category!r} is not one of: {', '.join(SHORTCOMING_CATEGORIES)}")
    criteria = fields.items("criteria")
    return Shortcoming(
        fields.text("description", "what is not accessible"),
        fields.text("reason", "why"),
        category,
        tuple(str(c) for c in criteria),
        fields.text("fix"),
    )


def accessibility_problems(settings: Mapping[str, Any]) -> list[Problem]:
    statement = AccessibilityStatement.from_pelican(settings)
    if statement is None:
        return setting_problems(
            settings, "TORGET_ACCESSIBILITY",
            ["no accessibility statement (tillgänglighetsredogörelse); see docs/governance.md"],
        )
    return setting_problems(settings, "TORGET_ACCESSIBILITY", statement.issues)


# --------------------------------------------------------------------------
# All governance checks


def governance_problems(settings: Mapping[str, Any], personal_data: bool = True) -> list[Problem]:
    """Everything ``torget check`` and ``torget build`` add to the content checks.

    Channel register, about page and accessibility statement problems are
    warnings (``torget check --strict`` fails on them); personal-data hits
    are errors, which stop a build. ``personal_data=False`` skips the scan
    of every thread's and page's text.
    """
    allowed = allowed_contacts(settings)
    stats_issues = [
        problem
        for name, message in StatsOptions.from_pelican(settings).issues
        for problem in setting_problems(settings, name, [message])
    ]
    invalid = [f"{entry!r} is neither an e-mail address nor a phone number" for entry in AllowList(allowed).invalid]
    return [
        *setting_problems(settings, "TORGET_CHANNEL", ChannelEntry.from_pelican(settings).issues),
        *about_page_problems(settings),
        *accessibility_problems(settings),
        *setting_problems(settings, "TORGET_ALLOWED_CONTACTS", invalid),
        *stats_issues,
        *(scan_settings(settings) if personal_data else ()),
    ]
