"""Pelican plugin: channel governance pages.

- **Accessibility statement** (tillgänglighetsredogörelse): a page built
  from ``TORGET_ACCESSIBILITY`` with the elements Digg requires, rendered
  with ``accessibility.html`` at ``<slug>/`` (default
  ``tillganglighetsredogorelse/``, ``accessibility-statement/`` in
  English). Every page's footer links to it through the ``accessibility``
  template global. It is in the sitemap, dated by its ``updated`` date.
- **Statistics for editors**: ``statistics.html`` at ``TORGET_STATS_URL``
  (default ``statistik/``; empty turns it off), with the figures of
  :func:`torget.followup.stats.compute_stats` (the same as ``torget stats``), each
  goal of the channel register (``TORGET_CHANNEL``) next to its actual
  value, and inline SVG charts with text alternatives. The page has
  ``noindex``, no link from anywhere, and the plugin adds it to the
  sitemap's ``exclude`` list. Archived threads count in the figures but
  are never listed by title.

Template globals: ``accessibility`` (the
:class:`torget.governance.accessibility.AccessibilityStatement`, or ``None`` when
``TORGET_ACCESSIBILITY`` is not set) and ``gt`` (:mod:`torget.governance.i18n`:
statistic names, compliance texts and number formats).

Settings read, through :class:`torget.settings.forum.ForumSettings`:
``TORGET_ACCESSIBILITY``, ``TORGET_CHANNEL``, ``TORGET_STATS_URL``,
``TORGET_STATS_MONTHS`` (default 12), ``TORGET_STATS_TOP`` (default 10),
``TORGET_ORGANISATION``, ``SITENAME``, ``DEFAULT_LANG``, ``TIMEZONE``,
``TORGET_BUILD_DATE``; directly: ``ARTICLE_URL``, ``FAQ_ENTRY_URL``,
``SITEMAP``, ``RELATIVE_URLS``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from pelican import signals

from torget.html.charts import TYPE_COLOURS, Series, bar_chart, column_chart, swatch
from torget.governance import i18n as governance_i18n
from torget.governance.i18n import figure, number
from torget.i18n import _, month, month_names, type_name
from torget.model import ThreadType
from torget.settings.forum import ForumSettings
from torget.followup.stats import STATISTICS, Stats, compute_stats, url_for

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SitemapEntry:
    """What the sitemap plugin reads from a written page: its URL and date."""

    url: str
    date: datetime
    status: str = "published"
    changefreq: str = "monthly"


def exclude_stats_from_sitemap(pelican) -> None:
    url = ForumSettings.from_pelican(pelican.settings).stats.url
    if not url:
        return
    sitemap = dict(pelican.settings.get("SITEMAP") or {})
    sitemap["exclude"] = [*sitemap.get("exclude", ()), "^" + re.escape(url)]
    pelican.settings["SITEMAP"] = sitemap


def add_template_globals(generator) -> None:
    forum = ForumSettings.from_pelican(generator.settings)
    generator.env.globals.update(
        accessibility=forum.accessibility,
        gt=governance_i18n,
    )


def write_accessibility_statement(generator, writer) -> None:
    forum = ForumSettings.from_pelican(generator.settings)
    statement = forum.accessibility
    if statement is None:
        return
    for problem in forum.problems_of("TORGET_ACCESSIBILITY"):
        log.warning("%s", problem.message)
    dated = statement.updated or statement.assessed or forum.build_date
    zone = ZoneInfo(forum.timezone)
    writer.write_file(
        statement.save_as,
        generator.get_template("accessibility"),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        url=statement.url,
        statement=statement,
        page=SitemapEntry(statement.url, datetime.combine(dated, time(), zone)),
    )


def chart_context(stats: Stats, organisation: str) -> dict:
    """The charts and their labels for ``statistics.html``."""
    months = stats.months
    short = [f"{month_names()[m.month - 1][:3]} {m.year % 100:02d}" for m in months]
    long = [month(m.year, m.month) for m in months]
    types = [kind.value for kind in ThreadType]
    total = sum(m.total for m in months)
    busiest = max(months, key=lambda m: m.total, default=None)
    charts = {
        "months": column_chart(
            "chart-months",
            _("Threads per month and type"),
            _("Stacked bar chart of new threads per month by type, %(start)s–%(end)s. %(total)s threads in all; most in %(busiest)s (%(most)s). Every value is in the table below the chart.", start=long[0] if long else "", end=long[-1] if long else "", total=total,
              busiest=month(busiest.year, busiest.month) if busiest else "", most=busiest.total if busiest else 0),
            short,
            [Series(type_name(kind, plural=True), TYPE_COLOURS[kind], [dict(m.by_type)[kind] for m in months])
             for kind in types],
            fmt=number,
        ),
        "share": column_chart(
            "chart-share",
            _("Share of threads answered by %(org)s per month", org=organisation),
            _("Bar chart of the share of threads answered by %(org)s, per month. Every value is in the table below the chart.", org=organisation),
            short,
            [Series(_("Share answered"), TYPE_COLOURS["question"], [m.answered_percent for m in months])],
            fmt=lambda v: figure(v, "percent"),
            maximum=100,
        ),
    }
    if stats.most_viewed:
        first = stats.most_viewed[0]
        charts["views"] = bar_chart(
            "chart-views",
            _("Most viewed threads"),
            _("Horizontal bar chart of the views of the %(n)s most viewed public threads and FAQ entries. Most viewed is %(first)s (%(views)s). Every value is in the table below the chart.", n=len(stats.most_viewed), first=first.title, views=number(first.views)),
            [(v.title, v.views) for v in stats.most_viewed],
            fmt=number,
        )
    return {"charts": charts, "month_names": long, "types": types, "type_colours": TYPE_COLOURS,
            "swatches": {kind: swatch(TYPE_COLOURS[kind]) for kind in types}}


def write_statistics(generator, writer) -> None:
    settings = generator.settings
    forum = ForumSettings.from_pelican(settings)
    options = forum.stats
    if not options.url:
        return
    threads = [
        a.thread for a in (*generator.articles, *generator.hidden_articles) if getattr(a, "thread", None) is not None
    ]
    entry = forum.channel
    stats = compute_stats(
        threads,
        forum.build_date,
        forum.timezone,
        options.months,
        options.top,
        entry.quantitative_goals,
        entry.qualitative_goals,
        url_for(forum),
    )
    organisation = forum.organisation
    writer.write_file(
        options.url + "index.html",
        generator.get_template("statistics"),
        generator.context,
        relative_urls=settings["RELATIVE_URLS"],
        url=options.url,
        stats=stats,
        statistics=STATISTICS,
        organisation=organisation,
        **chart_context(stats, organisation),
    )


def register() -> None:
    signals.initialized.connect(exclude_stats_from_sitemap)
    signals.generator_init.connect(add_template_globals)
    signals.article_writer_finalized.connect(write_accessibility_statement)
    signals.article_writer_finalized.connect(write_statistics)
