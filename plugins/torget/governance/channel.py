"""The channel's entry in the organisation's channel register.

A public body may only run a channel it can govern. :class:`ChannelEntry`
reads ``TORGET_CHANNEL``: purpose, target audience, goals (read by
:mod:`torget.governance.goals`), resource planning and readiness, the responsible
manager and the start date. ``torget channel`` prints it for filing
(text or ``--json``); every gap is an issue, which the setting's parser
(:mod:`torget.settings.schema`) reports as a warning at the setting's line.

:meth:`ChannelEntry.from_value` reads the value of ``TORGET_CHANNEL``, with
``SITENAME``, ``SITEURL`` and ``TORGET_ORGANISATION`` as the defaults of
its ``name``, ``url`` and ``organisation``; plugins and commands get the
entry as ``ForumSettings.channel`` (:mod:`torget.settings.forum`).
"""

from __future__ import annotations

import textwrap
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from torget.settingsfile.fields import Fields
from torget.governance.figures import STATISTICS
from torget.governance.goals import QualitativeGoal, QuantitativeGoal, goal_terms, read_goals
from torget.governance.i18n import statistic_name, target
from torget.i18n import N_, _


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

    KEYS = frozenset(
        {
            "name", "url", "organisation", "unit", "purpose", "audience", "quantitative_goals",
            "qualitative_goals", "readiness", "manager", "start_date", "review_date", "decision",
        }
    )

    @classmethod
    def from_value(cls, raw: Any, site_name: str, site_url: str, organisation: str,
                   issues: list[str]) -> ChannelEntry:
        """Read the value of ``TORGET_CHANNEL``; never raises: what is
        missing or wrong is added to ``issues``."""
        present = raw is not None
        if not present:
            issues.append(_(
                "no channel register entry: set purpose, audience, goals, readiness, manager "
                "and start_date (see docs/governance.md)"
            ))

        def need(what: str) -> str:
            # Without any entry, the one message above says it all.
            return what if present else ""

        entry = Fields(raw if present else {}, "", issues, cls.KEYS)
        quantitative, qualitative = read_goals(entry, issues)
        if present and not quantitative and not qualitative:
            issues.append(_("no goals: add 'quantitative_goals' (metric and target) and/or 'qualitative_goals'"))
        readiness = Fields(entry.data.get("readiness", {}), "readiness", issues, Readiness.__dataclass_fields__)
        manager_raw = entry.data.get("manager", {})
        if isinstance(manager_raw, str):
            manager_raw = {"name": manager_raw}
        manager = Fields(manager_raw, "manager", issues, Manager.__dataclass_fields__)
        result = cls(
            name=entry.text("name") or site_name,
            url=entry.text("url") or site_url,
            organisation=entry.text("organisation") or organisation,
            purpose=entry.text("purpose", need(N_("the channel's purpose, syfte"))),
            audience=entry.text("audience", need(N_("target audience, målgrupp"))),
            quantitative_goals=quantitative,
            qualitative_goals=qualitative,
            readiness=Readiness(
                monitored_by=readiness.text("monitored_by", need(N_("who monitors the channel"))),
                hours=readiness.text("hours", need(N_("when the channel is monitored"))),
                out_of_hours=readiness.text("out_of_hours", need(N_("what happens outside monitoring hours"))),
                response_time=readiness.text("response_time"),
                absence=readiness.text("absence"),
                crisis=readiness.text("crisis"),
            ),
            manager=Manager(
                name=manager.text("name", need(N_("the responsible manager"))),
                role=manager.text("role"),
                contact=manager.text("contact"),
            ),
            start_date=entry.date("start_date", need(N_("when the channel started"))),
            unit=entry.text("unit"),
            review_date=entry.date("review_date"),
            decision=entry.text("decision"),
        )
        return result

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON-ready values, for filing (``torget channel --json``)."""
        data = asdict(self)
        for key in ("start_date", "review_date"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    def text(self, width: int = 78) -> str:
        """The entry as readable text in the forum's language."""
        missing = _("(missing)")
        lines: list[str] = []

        def field_line(key: str, value: object, indent: str = "") -> None:
            label = f"{indent}{_(key)}: "
            lines.extend(
                textwrap.wrap(str(value or missing), width, initial_indent=label,
                              subsequent_indent=indent + "  ") or [label]
            )

        def heading(text: str) -> None:
            lines.extend(["", text, "-" * len(text)])

        title = _("Channel register: %(name)s", name=self.name)
        lines += [title, "=" * len(title)]
        for key, value in (
            (N_("Channel"), self.name),
            (N_("Address"), self.url),
            (N_("Organisation"), self.organisation),
            (N_("Responsible unit"), self.unit),
            (N_("Responsible manager"), self.manager if self.manager.name else ""),
            (N_("Start date"), self.start_date),
            (N_("Next review"), self.review_date),
            (N_("Decision"), self.decision),
        ):
            if value or key in (N_("Responsible manager"), N_("Start date")):
                field_line(key, value)
        for key, value in ((N_("Purpose"), self.purpose), (N_("Target audience"), self.audience)):
            heading(_(key))
            lines.extend(textwrap.wrap(value or missing, width))
        heading(_("Quantitative goals"))
        for goal in self.quantitative_goals:
            target_text = target(goal.target, *goal_terms(goal))
            lines.extend(textwrap.wrap(f"- {goal.metric}: {target_text}", width, subsequent_indent="  "))
            if goal.statistic in STATISTICS:
                label = statistic_name(goal.statistic, self.organisation)
                field_line(N_("Compared with"), f"{label} ({goal.statistic})", "  ")
            if goal.source:
                field_line(N_("Measured in"), goal.source, "  ")
        heading(_("Qualitative goals"))
        for goal in self.qualitative_goals:
            lines.extend(textwrap.wrap(f"- {goal.goal}", width, subsequent_indent="  "))
            if goal.follow_up:
                field_line(N_("Follow-up"), goal.follow_up, "  ")
        heading(_("Resource planning and readiness"))
        readiness = self.readiness
        for key, value in (
            (N_("Monitored by"), readiness.monitored_by),
            (N_("Monitoring hours"), readiness.hours),
            (N_("Out of hours"), readiness.out_of_hours),
            (N_("Response time"), readiness.response_time),
            (N_("During holidays and absence"), readiness.absence),
            (N_("In a crisis or under heavy load"), readiness.crisis),
        ):
            if value or key in (N_("Monitored by"), N_("Monitoring hours"), N_("Out of hours")):
                field_line(key, value)
        return "\n".join(lines) + "\n"
