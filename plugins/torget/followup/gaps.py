"""The content-gap report for editors (``torget gaps``).

From Matomo's Reporting API (:mod:`torget.followup.matomo`) for a period: the
searches without results, the searches with results that nobody opened a
result of, the threads and FAQ entries voted unhelpful ("Hjälpte svaret
dig?" Nej), the pages people went on to ask from and the searches they
asked after, each with its count, and the share of searches with results
that led to a click. The events are those the forum's ``events.js`` and
``ask.js`` send (docs/governance.md). Written as an HTML page and a CSV.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from torget.governance.figures import MATOMO_STATISTICS
from torget.governance.goals import GoalResult, QuantitativeGoal, goal_result
from torget.governance.i18n import figure, number, target
from torget.i18n import N_, _, current_language
from torget.followup.matomo import MatomoError, Period

#: The report's sections, in order: (key, the columns after the label).
SECTIONS = (
    ("no_results", ("searches",)),
    ("no_click", ("searches",)),
    ("unhelpful", ("no", "yes")),
    ("asked_from", ("asks",)),
    ("asked_after_search", ("asks",)),
)
#: Each section's heading, its explanation and its first column's name.
SECTION_TEXTS = {
    "no_results": (N_("Searches without results"),
                   N_("What residents looked for and did not find. Write an FAQ entry or add a synonym."),
                   N_("Search term")),
    "no_click": (N_("Searches with results but no click"),
                 N_("The search found something, but nobody opened a result: the titles may not answer what people wonder."),
                 N_("Search term")),
    "unhelpful": (N_("Answers that did not help"),
                  N_("Threads and FAQ entries where visitors answered No to “Did the answer help you?”."),
                  N_("Page")),
    "asked_from": (N_("Pages visitors asked a question from"),
                   N_("The answer was not here: the visitor went on to send a question."),
                   N_("Page")),
    "asked_after_search": (N_("Searches followed by a question"),
                           N_("The visitor searched, did not find the answer and asked."),
                           N_("Search term")),
}
COLUMN_NAMES = {"searches": N_("Searches"), "no": N_("No"), "yes": N_("Yes"), "asks": N_("Questions")}


@dataclass
class GapReport:
    period: Period
    #: Section key → rows of (label, counts…), most first.
    sections: dict[str, list[tuple]] = field(default_factory=dict)
    searches_with_results: int = 0
    searches_clicked: int = 0
    #: The channel's goals that name one of :data:`MATOMO_STATISTICS`, with this period's value.
    goals: list[GoalResult] = field(default_factory=list)

    @property
    def click_percent(self) -> float | None:
        """The share of searches with results that led to a click."""
        if not self.searches_with_results:
            return None
        return round(100 * self.searches_clicked / self.searches_with_results, 1)

    def follow_up(self, goals: Iterable[QuantitativeGoal]) -> None:
        """Compare the goals (``TORGET_CHANNEL``) that name a Matomo figure with this period's."""
        figures = {"search_click_percent": self.click_percent}
        self.goals = [goal_result(goal, figures) for goal in goals if goal.statistic in MATOMO_STATISTICS]


def _count(row: dict, *names: str) -> int:
    for name in names:
        value = row.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float, str)) or not str(value).isdigit():
            raise MatomoError("malformed", _("%(name)s of %(label)r is not a count: %(value)r",
                                             name=name, label=row.get("label"), value=value))
        return int(value)
    return 0


def _by_label(rows: list[dict], *names: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        label = str(row["label"]).strip()
        counts[label] = counts.get(label, 0) + _count(row, *names)
    return counts


def _events(categories: list[dict], category: str) -> dict[str, int]:
    """An event category's actions and their event counts."""
    for row in categories:
        if str(row["label"]) == category:
            return _by_label(row.get("subtable") or [], "nb_events")
    return {}


def _most_first(counts: dict[str, int]) -> list[tuple]:
    return sorted(((label, n) for label, n in counts.items() if n > 0), key=lambda item: (-item[1], item[0]))


def build_report(period: Period, keywords: list[dict], no_results: list[dict], events: list[dict]) -> GapReport:
    """The report from the three answers: ``Actions.getSiteSearchKeywords``,
    ``Actions.getSiteSearchNoResultKeywords`` and ``Events.getCategory``
    (``secondaryDimension=eventAction``, ``expanded=1``)."""
    searched = _by_label(keywords, "nb_hits", "nb_visits")
    empty = _by_label(no_results, "nb_hits", "nb_visits")
    clicks = {label.lower(): n for label, n in _events(events, "search-click").items()}
    empty_keys = {label.lower() for label in empty}
    with_results = {label: n for label, n in searched.items() if label.lower() not in empty_keys}
    report = GapReport(period)
    report.searches_with_results = sum(with_results.values())
    report.searches_clicked = sum(min(n, clicks.get(label.lower(), 0)) for label, n in with_results.items())
    no = _events(events, "helpful-no")
    yes = _events(events, "helpful-yes")
    report.sections = {
        "no_results": _most_first(empty),
        "no_click": _most_first({label: n for label, n in with_results.items() if not clicks.get(label.lower())}),
        "unhelpful": [(label, n, yes.get(label, 0)) for label, n in _most_first(no)],
        "asked_from": _most_first(_events(events, "ask")),
        "asked_after_search": _most_first(_events(events, "ask-after-search")),
    }
    return report


def to_csv(report: GapReport) -> str:
    """One row per entry: section, label, count, and the yes votes of unhelpful pages."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "label", "count", "yes_votes"])
    for key, _columns in SECTIONS:
        for row in report.sections.get(key, ()):
            writer.writerow([key, row[0], row[1], row[2] if len(row) > 2 else ""])
    writer.writerow(["searches_with_results", "", report.searches_with_results, ""])
    writer.writerow(["searches_clicked", "", report.searches_clicked, ""])
    for goal in report.goals:
        writer.writerow(["goal", goal.metric, "" if goal.actual is None else goal.actual, ""])
    return out.getvalue()


def _goals_html(report: GapReport) -> list[str]:
    """The channel's goals that these measures follow up, with target, value and verdict."""
    if not report.goals:
        return []
    e = html.escape
    rows = []
    for goal in report.goals:
        verdict = "–" if goal.met is None else _("Met") if goal.met else _("Not met")
        rows.append(f"<tr><th scope=\"row\">{e(goal.metric)}</th><td>{e(target(goal.target, goal.compare, goal.unit))}</td>"
                    f"<td>{e(figure(goal.actual, goal.unit))}</td><td>{e(verdict)}</td></tr>")
    head = "".join(f'<th scope="col">{e(name)}</th>' for name in (_("Target"), _("Actual"), _("Status")))
    return ['<section aria-labelledby="goals">', f'<h2 id="goals">{e(_("Goals and results"))}</h2>', "<table>",
            f'<thead><tr><th scope="col">{e(_("Metric"))}</th>{head}</tr></thead>', "<tbody>", *rows,
            "</tbody>", "</table>", "</section>"]


#: The report page's stylesheet, written beside it as ``gaps.css``.
STYLESHEET = """body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1d1d1f; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #c9ccd3; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
td { text-align: right; font-variant-numeric: tabular-nums; }
thead th { background: #f4f5f7; }
.path { display: block; color: #4a4a52; font-size: 0.875rem; font-weight: 400; }
.share { font-size: 1.15rem; font-weight: 600; }
"""


def to_html(report: GapReport, site_name: str,
            page: Callable[[str], tuple[str, str]]) -> str:
    """A page for editors (with ``gaps.css``); ``page(path)`` is a page's
    ``(title, address)``, each ``""`` when unknown."""
    e = html.escape
    period = _("The period %(first)s to %(last)s, from the organisation's Matomo.",
               first=report.period.first, last=report.period.last)
    title = _("Content gaps")
    share = _("Share of searches with results that led to a click: %(share)s (%(clicked)s of %(total)s).",
              share=figure(report.click_percent, "percent"), clicked=number(report.searches_clicked),
              total=number(report.searches_with_results))
    parts = [
        "<!DOCTYPE html>", f'<html lang="{current_language()}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">', '<meta name="robots" content="noindex">',
        f"<title>{e(title)} – {e(site_name)}</title>", '<link rel="stylesheet" href="gaps.css">',
        "</head>", "<body>", "<main>",
        f"<h1>{e(title)}</h1>", f"<p>{e(period)}</p>", f"<p class=\"share\">{e(share)}</p>",
    ]
    parts += _goals_html(report)
    for key, columns in SECTIONS:
        rows = report.sections.get(key, [])
        heading, about, first = SECTION_TEXTS[key]
        parts += [f'<section aria-labelledby="{key}">', f'<h2 id="{key}">{e(_(heading))}</h2>', f"<p>{e(_(about))}</p>"]
        if not rows:
            parts += [f"<p>{e(_('None in the period.'))}</p>", "</section>"]
            continue
        head = "".join(f'<th scope="col">{e(_(COLUMN_NAMES[c]))}</th>' for c in columns)
        parts += ["<table>", f'<thead><tr><th scope="col">{e(_(first))}</th>{head}</tr></thead>', "<tbody>"]
        for row in rows:
            label = str(row[0])
            title, target = page(label) if key in ("unhelpful", "asked_from") else ("", "")
            text = f'{e(title)}<span class="path">{e(label)}</span>' if title else e(label)
            cell = f'<a href="{e(target)}">{text}</a>' if target else text
            numbers = "".join(f"<td>{e(number(n))}</td>" for n in row[1:])
            parts.append(f"<tr><th scope=\"row\">{cell}</th>{numbers}</tr>")
        parts += ["</tbody>", "</table>", "</section>"]
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)
