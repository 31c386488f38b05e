"""``torget channel`` and ``torget stats``: channel governance for editors."""

from __future__ import annotations

import json
from pathlib import Path

import click

from torget.forum import load_forum
from torget.governance_i18n import GovernanceTranslator
from torget.stats import STATISTICS, Stats, compute_stats, url_for_settings

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
        click.echo(entry.text(forum.lang), nl=False)
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
    forum = load_forum(Path(settings["PATH"]), settings_read.timezone)
    if report(list(forum.errors)):
        raise click.ClickException("fix the errors above first; the statistics would leave those threads out")
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
        url_for_settings(settings),
    )
    if as_json:
        _echo_json(result.to_dict())
        return
    click.echo(stats_text(result, GovernanceTranslator(settings_read.lang), settings_read.organisation))


def stats_text(result: Stats, t: GovernanceTranslator, organisation: str) -> str:
    """The statistics as plain text, in the order of the statistics page."""
    lines = [
        t("stats_title"),
        t("stats_period", start=t.date(result.period_start), end=t.date(result.build_date),
          months=result.period_months, date=t.date(result.build_date)),
        "",
        t("stats_goals"),
    ]
    for goal in result.goals:
        if goal.kind == "qualitative":
            lines.append(f"  {goal.metric} ({t('stats_goal_qualitative')}: {goal.follow_up or '–'})")
            continue
        if goal.met is not None:
            status = t("stats_goal_met" if goal.met else "stats_goal_not_met")
        elif goal.source:
            status = t("stats_goal_external", source=goal.source)
        else:
            status = t("stats_goal_no_data")
        text = f"  {goal.metric}: {t('stats_goal_target').lower()} {t.target(goal.target, goal.compare, goal.unit)}"
        if goal.statistic:
            text += f", {t('stats_goal_actual').lower()} {t.figure(goal.actual, goal.unit)}"
        lines.append(f"{text} – {status}")
    if not result.goals:
        lines.append("  " + t("stats_no_goals"))
    lines += ["", t("stats_key_figures")]
    for name, value in result.figures.items():
        lines.append(f"  {t('statistic_' + name, org=organisation)}: {t.figure(value, STATISTICS[name].unit)}")

    lines += ["", t("stats_months_title")]
    headers = [t("stats_month"), *(t.type_name(m, plural=True) for m, _ in (result.months[0].by_type if result.months else ())),
               t("stats_total"), t("stats_share")]
    rows = [
        [t.month(m.year, m.month), *(str(n) for _, n in m.by_type), str(m.total), t.figure(m.answered_percent, "percent")]
        for m in result.months
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    for row in (headers, *rows):
        lines.append("  " + row[0].ljust(widths[0]) + "".join("  " + cell.rjust(w) for cell, w in zip(row[1:], widths[1:])))

    lines += ["", t("stats_most_viewed"), "  " + t("stats_most_viewed_note")]
    for item in result.most_viewed:
        lines.append(f"  {t.number(item.views):>8}  {item.title}  ({item.url})")
    return "\n".join(lines)
