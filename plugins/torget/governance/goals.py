"""The channel's goals, and each goal next to its actual value.

The channel register entry (``TORGET_CHANNEL``, :mod:`torget.governance.channel`)
lists ``quantitative_goals`` and ``qualitative_goals``; this module reads
those two lists (:func:`read_goals`), and :func:`goal_result` sets a
quantitative goal beside the figure it names (:data:`torget.governance.figures.STATISTICS`)
for ``torget stats`` and the editors' statistics page
(:func:`torget.followup.stats.compute_stats`).

Reads no settings itself: it is given the two lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from torget.settingsfile.fields import Fields
from torget.governance.figures import MATOMO_STATISTICS, STATISTICS
from torget.i18n import N_, _

COMPARE_CHOICES = ("at_least", "at_most")


@dataclass(frozen=True)
class QuantitativeGoal:
    """A measurable goal. ``statistic`` names a figure from :data:`torget.governance.figures.STATISTICS`."""

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
class GoalResult:
    """A goal from the channel register next to its actual value."""

    kind: str  # "quantitative" or "qualitative"
    metric: str
    target: float | int | str | None = None
    statistic: str = ""
    unit: str = ""
    compare: str = ""  # "at_least" or "at_most"
    actual: float | int | None = None
    met: bool | None = None
    source: str = ""  # where a goal that Torget cannot measure is measured
    follow_up: str = ""


def read_goals(entry: Fields, issues: list[str]) -> tuple[tuple[QuantitativeGoal, ...], tuple[QualitativeGoal, ...]]:
    """The entry's ``quantitative_goals`` and ``qualitative_goals``; issues are added to ``issues``."""
    quantitative = tuple(
        _quantitative_goal(item, n, issues) for n, item in enumerate(entry.items("quantitative_goals"), 1)
    )
    qualitative = tuple(
        _qualitative_goal(item, n, issues) for n, item in enumerate(entry.items("qualitative_goals"), 1)
    )
    return quantitative, qualitative


def _quantitative_goal(item: Any, number: int, issues: list[str]) -> QuantitativeGoal:
    goal = Fields(item, f"quantitative_goals[{number}]", issues, QuantitativeGoal.__dataclass_fields__)
    metric = goal.text("metric", N_("what is measured"))
    target = goal.data.get("target")
    statistic = goal.text("statistic")
    compare = goal.text("compare").replace(" ", "_").lower()
    if target is None or (isinstance(target, str) and not target.strip()):
        issues.append(_("missing %(key)r (%(what)s)", key=goal.where + ".target", what=_("the value to reach")))
        target = ""
    elif isinstance(target, bool) or not isinstance(target, (int, float, str)):
        issues.append(f"{goal.where}.target: " + _("%(value)r must be a number or a text", value=target))
        target = str(target)
    if statistic and statistic not in STATISTICS and statistic not in MATOMO_STATISTICS:
        known = ", ".join([*STATISTICS, *MATOMO_STATISTICS])
        issues.append(f"{goal.where}.statistic: " + _("unknown statistic %(name)r (known: %(known)s)",
                                                       name=statistic, known=known))
    elif statistic and isinstance(target, str):
        issues.append(f"{goal.where}.target: " + _("must be a number to compare with %(name)r, not %(value)r",
                                                    name=statistic, value=target))
    if compare and compare not in COMPARE_CHOICES:
        issues.append(f"{goal.where}.compare: " + _("%(value)r is not one of: %(choices)s",
                                                     value=compare, choices=", ".join(COMPARE_CHOICES)))
        compare = ""
    return QuantitativeGoal(metric, target, statistic, compare, goal.text("unit"), goal.text("source"))


def _qualitative_goal(item: Any, number: int, issues: list[str]) -> QualitativeGoal:
    if isinstance(item, str):
        item = {"goal": item}
    goal = Fields(item, f"qualitative_goals[{number}]", issues, QualitativeGoal.__dataclass_fields__)
    return QualitativeGoal(goal.text("goal", N_("the goal")), goal.text("follow_up"))


def goal_terms(goal: QuantitativeGoal) -> tuple[str, str]:
    """A goal's comparison (``at_least``/``at_most``) and unit, with defaults from its statistic."""
    statistic = STATISTICS.get(goal.statistic) or MATOMO_STATISTICS.get(goal.statistic)
    higher = statistic.higher_is_better if statistic else True
    compare = goal.compare or ("at_least" if higher else "at_most")
    return compare, goal.unit or (statistic.unit if statistic else "count")


def goal_result(goal: QuantitativeGoal, figures: Mapping[str, float | int | None]) -> GoalResult:
    """A quantitative goal with its actual value, when Torget can measure it."""
    compare, unit = goal_terms(goal)
    statistic = goal.statistic if goal.statistic in STATISTICS or goal.statistic in MATOMO_STATISTICS else ""
    actual = figures.get(statistic) if statistic else None
    met = None
    if actual is not None and not isinstance(goal.target, str):
        met = actual >= goal.target if compare == "at_least" else actual <= goal.target
    return GoalResult("quantitative", goal.metric, goal.target, statistic, unit, compare, actual, met, goal.source)


def qualitative_result(goal: QualitativeGoal) -> GoalResult:
    """A qualitative goal as a result: Torget cannot measure it, so only its follow-up is shown."""
    return GoalResult("qualitative", goal.goal, follow_up=goal.follow_up)
