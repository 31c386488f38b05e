"""The named figures Torget measures about a forum.

:data:`STATISTICS` is the catalogue: each figure's name, unit and which
direction is good. :func:`torget.followup.stats.compute_stats` produces exactly
these figures, and quantitative goals in the channel register
(``TORGET_CHANNEL``, :mod:`torget.governance.goals`) refer to them by name. Keeping the
catalogue here, below both, is what lets goals and statistics know each
other's names without importing each other.

Reads no settings.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Statistic:
    """A named figure: its unit and which direction is good."""

    name: str
    unit: str  # "count", "percent" or "hours"
    higher_is_better: bool = True


#: Every figure :func:`torget.followup.stats.compute_stats` produces, by name.
STATISTICS: dict[str, Statistic] = {
    s.name: s
    for s in (
        Statistic("threads_in_period", "count"),
        Statistic("threads_per_month", "count"),
        Statistic("with_staff_answer", "count"),
        Statistic("staff_answer_percent", "percent"),
        Statistic("median_first_staff_reply_hours", "hours", higher_is_better=False),
        Statistic("staff_reply_within_2_workdays_percent", "percent"),
        Statistic("accepted_percent", "percent"),
        Statistic("archived_count", "count", higher_is_better=False),
        Statistic("public_threads", "count"),
        Statistic("faq_entries", "count"),
        Statistic("views_total", "count"),
    )
}

#: Figures measured from the organisation's Matomo by ``torget gaps``
#: (:mod:`torget.followup.gaps`), not by ``compute_stats``: a goal may name them; the
#: statistics page, built without reading Matomo, shows them without a value.
MATOMO_STATISTICS: dict[str, Statistic] = {
    s.name: s
    for s in (
        Statistic("search_click_percent", "percent"),
    )
}
