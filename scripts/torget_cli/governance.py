"""``torget channel`` and ``torget stats``: channel governance for editors."""

from __future__ import annotations

import json
from pathlib import Path

import click

from torget.content.forum import load_forum
from torget.governance.i18n import figure, number, statistic_name, target
from torget.i18n import Dates, _, month, type_name
from torget.followup.stats import STATISTICS, Stats, compute_stats, url_for

from .common import config_option, content_option, date_option, forum_settings, report, settings_from

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def _echo_json(data: dict) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.command()
@config_option
@json_option
def channel(config, as_json):
    """Print the channel's entry for the channel register (TORGET_CHANNEL).

    Text by default, in the site's language; --json for filing. Missing
    fields are printed as path:line: message and make the command exit 1.
    """
    forum = forum_settings(settings_from(config))
    entry = forum.channel
    if as_json:
        _echo_json(entry.to_dict())
    else:
        click.echo(entry.text(), nl=False)
    problems = forum.problems_of("TORGET_CHANNEL")
    report(list(problems))
    if problems:
        raise SystemExit(1)


@click.command()
@config_option
@content_option
@date_option
@click.option("--months", type=click.IntRange(min=0), default=None,
              help="Length of the period in months, up to the build date (0: all time). Default: TORGET_STATS_MONTHS, 12.")
@click.option("--top", type=click.IntRange(min=0), default=None,
              help="How many of the most viewed threads to list. Default: TORGET_STATS_TOP, 10.")
@json_option
def stats(config, content, build_date, months, top, as_json):
    """Print the forum's statistics and each goal next to its actual value.

    The same figures as the editors' statistics page: threads per month by
    type, the share answered by the organisation, the median time to the
    first answer, the most viewed public threads, the archived count, and
    the goals of the channel register (TORGET_CHANNEL).
    """
    settings = settings_from(config, content, build_date=build_date)
    settings_read = forum_settings(settings)
    forum = load_forum(settings_read.content, settings_read.timezone)
    if report(list(forum.errors)):
        raise click.ClickException(_("fix the errors above first; the statistics would leave those threads out"))
    options = settings_read.stats
    entry = settings_read.channel
    result = compute_stats(
        forum.threads,
        settings_read.build_date,
        settings_read.timezone,
        options.months if months is None else months,
        options.top if top is None else top,
        entry.quantitative_goals,
        entry.qualitative_goals,
        url_for(settings_read),
    )
    if as_json:
        _echo_json(result.to_dict())
        return
    click.echo(stats_text(result, settings_read.organisation))


def stats_text(result: Stats, organisation: str) -> str:
    """The statistics as plain text, in the order of the statistics page."""
    date = Dates()
    lines = [
        _("Statistics for editors"),
        _("The figures cover threads posted %(start)s–%(end)s (%(months)s months). They were computed when the site was built on %(date)s.",
          start=date(result.period_start), end=date(result.build_date),
          months=result.period_months, date=date(result.build_date)),
        "",
        _("Goals and results"),
    ]
    lines += [goal_line(goal) for goal in result.goals]
    if not result.goals:
        lines.append("  " + _("The channel register (TORGET_CHANNEL) has no goals yet."))
    lines += ["", _("Key figures")]
    for name, value in result.figures.items():
        lines.append(f"  {statistic_name(name, organisation)}: {figure(value, STATISTICS[name].unit)}")

    lines += ["", _("Threads per month and type")]
    headers = [_("Month"), *(type_name(kind, plural=True) for kind, _n in (result.months[0].by_type if result.months else ())),
               _("Total"), _("Share answered")]
    rows = [
        [month(m.year, m.month), *(str(n) for _kind, n in m.by_type), str(m.total), figure(m.answered_percent, "percent")]
        for m in result.months
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    for row in (headers, *rows):
        lines.append("  " + row[0].ljust(widths[0]) + "".join("  " + cell.rjust(w) for cell, w in zip(row[1:], widths[1:])))

    lines += ["", _("Most viewed threads"), "  " + _("Only public threads and FAQ entries are listed. Archived threads count in the figures but are never listed by title.")]
    for item in result.most_viewed:
        lines.append(f"  {number(item.views):>8}  {item.title}  ({item.url})")
    return "\n".join(lines)


def goal_line(goal) -> str:
    """One goal with its target, its actual value and whether it is met."""
    if goal.kind == "qualitative":
        return f"  {goal.metric} ({_('Qualitative goal')}: {goal.follow_up or '–'})"
    if goal.met is not None:
        status = _("Met") if goal.met else _("Not met")
    elif goal.source:
        status = _("Measured outside the forum: %(source)s", source=goal.source)
    else:
        status = _("No data")
    text = f"  {goal.metric}: {_('Target').lower()} {target(goal.target, goal.compare, goal.unit)}"
    if goal.statistic:
        text += f", {_('Actual').lower()} {figure(goal.actual, goal.unit)}"
    return f"{text} – {status}"
