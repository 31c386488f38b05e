"""Time and relevance: periods, the old-post threshold and relevance decay.

Every time-based decision in Torget goes through this module and reads one
build date (``TORGET_BUILD_DATE`` / ``torget build --date``). Nothing here
looks at the clock except :func:`today_in`, which the settings call once
when no build date is given.

Periods are calendar periods: a period of *N months* or *N years* ends on
the same day of the month N months later (clamped to the month's last day),
*N weeks* is 7·N days. "Whole periods of inactivity" is the largest ``k``
with ``start + k·period <= build date``. For weeks this is exactly the
seed's ``floor(inactive_days / period_days)``.

:func:`relevance_of` is everything time does to one thread: the plugins
that list, rank and index threads (``torget_relevance``, ``torget_search``)
all call it, and none of them imports another.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from torget.model import Thread, ThreadType


class ForumTime(Protocol):
    """What :func:`relevance_of` reads of :class:`torget.settings.forum.ForumSettings`
    (which imports this module, so it is not imported here)."""

    build_date: date
    timezone: str

    def timing_for(self, category: str): ...

#: Choices for "when is a thread old?" (Kundo's "Tid & relevans").
OLD_AFTER_CHOICES = ("6 months", "1 year", "2 years", "never")
#: Choices for "when does a thread lose popularity and relevance?".
DECAY_PERIOD_CHOICES = ("2 weeks", "1 month", "3 months", "6 months", "1 year", "never")

#: Each whole period of inactivity removes this much relevance ...
DECAY_STEP = 0.1
#: ... down to this floor (a 70 % drop at most).
DECAY_FLOOR = 0.3

_PERIOD_RE = re.compile(r"^\s*(\d+)\s+(week|month|year)s?\s*$")


@dataclass(frozen=True)
class Period:
    """A calendar period such as ``3 months``; ``None`` units mean never."""

    count: int
    unit: str  # "week", "month", "year" or "never"

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``"2 weeks"``, ``"1 month"``, ``"1 year"`` or ``"never"``."""
        if text.strip().lower() == "never":
            return cls(0, "never")
        match = _PERIOD_RE.match(text.lower())
        if not match or int(match.group(1)) < 1:
            raise ValueError(f"not a period: {text!r} (expected e.g. '3 months' or 'never')")
        return cls(int(match.group(1)), match.group(2))

    @property
    def never(self) -> bool:
        return self.unit == "never"

    def after(self, start: date, times: int = 1) -> date:
        """The date ``times`` periods after ``start``."""
        if self.never:
            raise ValueError("a 'never' period has no end")
        if self.unit == "week":
            return start + timedelta(weeks=self.count * times)
        months = self.count * times * (12 if self.unit == "year" else 1)
        year, month0 = divmod(start.month - 1 + months, 12)
        year += start.year
        last_day = calendar.monthrange(year, month0 + 1)[1]
        return date(year, month0 + 1, min(start.day, last_day))

    def whole_periods(self, start: date, end: date) -> int:
        """How many whole periods fit between ``start`` and ``end``."""
        if self.never or end < start:
            return 0
        if self.unit == "week":
            return (end - start).days // (7 * self.count)
        # Estimate from the month difference, then correct by at most one.
        months = (end.year - start.year) * 12 + end.month - start.month
        k = max(0, months // (self.count * (12 if self.unit == "year" else 1)))
        while k > 0 and self.after(start, k) > end:
            k -= 1
        while self.after(start, k + 1) <= end:
            k += 1
        return k

    def __str__(self) -> str:
        if self.never:
            return "never"
        return f"{self.count} {self.unit}{'s' if self.count != 1 else ''}"


def today_in(timezone: str) -> date:
    """Today's date in ``timezone``: the default build date."""
    return datetime.now(ZoneInfo(timezone)).date()


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar date of ``moment`` in the site's timezone."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(ZoneInfo(timezone)).date()


def old_from(anchor: date, old_after: Period) -> date | None:
    """The first date on which a thread anchored at ``anchor`` is old."""
    return None if old_after.never else old_after.after(anchor)


def is_old(anchor: date, build_date: date, old_after: Period) -> bool:
    """Old on the threshold day itself and every day after it."""
    threshold = old_from(anchor, old_after)
    return threshold is not None and build_date >= threshold


def decay_factor(last_activity: date, build_date: date, period: Period) -> float:
    """``max(0.3, 1 - 0.1 * whole_periods)``: the seed's 10 %-per-period decay.

    Never 0, so it is always a valid lunr document boost.
    """
    periods = period.whole_periods(last_activity, build_date)
    # Round away float noise so that 1 - 0.1*3 is exactly 0.7 everywhere.
    return round(max(DECAY_FLOOR, 1.0 - DECAY_STEP * periods), 10)


@dataclass(frozen=True)
class Relevance:
    old_from: date | None
    is_old: bool
    decay: float
    popularity: float


def relevance_of(thread: Thread, forum: ForumTime) -> Relevance:
    """Everything time does to one thread on the build date."""
    timing = forum.timing_for(thread.category)
    timeless = thread.is_faq or thread.evergreen
    threshold = None if timeless else old_from(local_date(thread.age_anchor, forum.timezone), timing.old_after)
    decay = 1.0 if timeless else decay_factor(
        local_date(thread.last_activity, forum.timezone), forum.build_date, timing.decay_period
    )
    return Relevance(
        old_from=threshold,
        is_old=threshold is not None and forum.build_date >= threshold,
        decay=decay,
        popularity=popularity(thread, decay),
    )


def popularity(thread: Thread, decay: float) -> float:
    """``(views + votes for suggestions) × decay``, see docs/relevance.md."""
    votes = thread.votes if thread.type is ThreadType.SUGGESTION else 0
    return round((thread.views + votes) * decay, 6)
