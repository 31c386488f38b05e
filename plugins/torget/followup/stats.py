"""Statistics that measure the channel's effect.

One computation (:func:`compute_stats`, from parsed threads and the build
date; it reads neither the clock nor the file system) serves both
``torget stats`` and the editors' statistics page, so the two always show
the same figures. Each figure is named in
:data:`torget.governance.figures.STATISTICS`, the names goals refer to;
the period and each figure's meaning are in docs/governance.md.
"""

from __future__ import annotations

import statistics as pystats
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from torget import DEFAULT_TIMEZONE
from torget.governance.figures import STATISTICS, Statistic
from torget.governance.goals import GoalResult, QualitativeGoal, QuantitativeGoal, goal_result, goal_terms, qualitative_result
from torget.model import Thread, ThreadType
from torget.site.relevance import local_date

__all__ = [
    "ANSWER_WORKDAYS", "STATISTICS", "GoalResult", "MonthCount", "Statistic", "Stats", "StatsOptions",
    "ViewedThread", "add_workdays", "answered_in_time", "compute_stats", "default_url", "goal_result",
    "goal_terms", "url_for",
]


#: Working days (Monday–Friday) within which an answer counts as timely.
ANSWER_WORKDAYS = 2


@dataclass(frozen=True)
class MonthCount:
    """New threads in one calendar month, by type, and how many got an answer."""

    year: int
    month: int
    by_type: tuple[tuple[str, int], ...]
    answered: int

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def total(self) -> int:
        return sum(n for _, n in self.by_type)

    @property
    def answered_percent(self) -> float | None:
        return _percent(self.answered, self.total)


@dataclass(frozen=True)
class ViewedThread:
    title: str
    slug: str
    kind: str  # "thread" or "faq"
    type: str | None
    views: int
    url: str


@dataclass(frozen=True)
class Stats:
    build_date: date
    period_start: date
    period_months: int
    months: tuple[MonthCount, ...]
    figures: Mapping[str, float | int | None]
    most_viewed: tuple[ViewedThread, ...]
    goals: tuple[GoalResult, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready values (``torget stats --json``)."""
        return {
            "build_date": self.build_date.isoformat(),
            "period": {
                "start": self.period_start.isoformat(),
                "end": self.build_date.isoformat(),
                "months": self.period_months,
            },
            "figures": dict(self.figures),
            "threads_per_month": [
                {"month": m.key, "by_type": dict(m.by_type), "total": m.total, "answered": m.answered}
                for m in self.months
            ],
            "most_viewed": [asdict(v) for v in self.most_viewed],
            "goals": [asdict(g) for g in self.goals],
        }


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class StatsOptions:
    """``TORGET_STATS_URL`` (``""``: no page), ``TORGET_STATS_MONTHS`` and ``TORGET_STATS_TOP``."""

    url: str = "statistik/"
    months: int = 12
    top: int = 10


def add_workdays(day: date, count: int) -> date:
    """The date ``count`` working days (Monday–Friday) after ``day``.

    Public holidays are not known to Torget and count as working days.
    """
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def answered_in_time(thread: Thread, timezone: str, workdays: int = ANSWER_WORKDAYS) -> bool:
    """Did the first staff reply come by the end of the ``workdays``-th working day?"""
    reply = thread.first_staff_reply
    if reply is None:
        return False
    deadline = add_workdays(local_date(thread.date, timezone), workdays)
    return local_date(reply.date, timezone) <= deadline


def default_url(thread: Thread) -> str:
    return f"{'faq' if thread.is_faq else 'posts'}/{thread.slug}/"


def url_for(forum) -> Callable[[Thread], str]:
    """Thread URLs from the forum settings (``ARTICLE_URL`` and ``FAQ_ENTRY_URL``):
    ``forum`` is a :class:`torget.settings.forum.ForumSettings`."""
    return lambda thread: forum.thread_url(thread.kind, thread.slug)


def compute_stats(
    threads: Iterable[Thread],
    build_date: date,
    timezone: str = DEFAULT_TIMEZONE,
    months: int = 12,
    top: int = 10,
    quantitative_goals: Iterable[QuantitativeGoal] = (),
    qualitative_goals: Iterable[QualitativeGoal] = (),
    url_for: Callable[[Thread], str] = default_url,
) -> Stats:
    """Every figure for the period ending on ``build_date``."""
    everything = [t for t in threads if local_date(t.date, timezone) <= build_date]
    posts = [t for t in everything if not t.is_faq]
    if months > 0:
        period_start = _month_start(build_date, months - 1)
    else:
        period_start = _month_start(min((local_date(t.date, timezone) for t in posts), default=build_date))
    period = [t for t in posts if local_date(t.date, timezone) >= period_start]
    month_count = (build_date.year - period_start.year) * 12 + build_date.month - period_start.month + 1
    month_rows = _month_rows(period, build_date, month_count, timezone)
    public = [t for t in everything if not t.archived]
    figures = _figures(period, everything, public, month_count, timezone)
    viewed = sorted(public, key=lambda t: (-t.views, t.title))[: max(top, 0)]
    most_viewed = tuple(
        ViewedThread(t.title, t.slug, t.kind.value, t.type.value if t.type else None, t.views, url_for(t))
        for t in viewed
    )
    goals = tuple(goal_result(g, figures) for g in quantitative_goals) + tuple(
        qualitative_result(g) for g in qualitative_goals
    )
    return Stats(build_date, period_start, month_count, tuple(month_rows), figures, most_viewed, goals)


def _month_rows(period: list[Thread], build_date: date, month_count: int, timezone: str) -> list[MonthCount]:
    """The threads of each month of the period by type, oldest month first."""
    by_month: dict[tuple[int, int], list[Thread]] = {}
    for thread in period:
        day = local_date(thread.date, timezone)
        by_month.setdefault((day.year, day.month), []).append(thread)
    month_rows = []
    for offset in range(month_count - 1, -1, -1):
        start = _month_start(build_date, offset)
        items = by_month.get((start.year, start.month), [])
        month_rows.append(
            MonthCount(
                start.year,
                start.month,
                tuple((kind.value, sum(t.type is kind for t in items)) for kind in ThreadType),
                sum(bool(t.staff_replies) for t in items),
            )
        )
    return month_rows


def _figures(period: list[Thread], everything: list[Thread], public: list[Thread], month_count: int,
             timezone: str) -> dict[str, float | int | None]:
    """The named figures (:data:`STATISTICS`): rates over the period, counts over the forum."""
    answered = [t for t in period if t.staff_replies]
    hours = [(t.first_staff_reply.date - t.date).total_seconds() / 3600 for t in answered]
    solvable = [t for t in period if t.type in (ThreadType.QUESTION, ThreadType.PROBLEM)]
    return {
        "threads_in_period": len(period),
        "threads_per_month": round(len(period) / month_count, 1),
        "with_staff_answer": len(answered),
        "staff_answer_percent": _percent(len(answered), len(period)),
        "median_first_staff_reply_hours": round(pystats.median(hours), 1) if hours else None,
        "staff_reply_within_2_workdays_percent": _percent(
            sum(answered_in_time(t, timezone) for t in period), len(period)
        ),
        "accepted_percent": _percent(sum(t.accepted_reply is not None for t in solvable), len(solvable)),
        "archived_count": sum(t.archived for t in everything),
        "public_threads": len(public),
        "faq_entries": sum(t.is_faq for t in public),
        "views_total": sum(t.views for t in public),
    }
