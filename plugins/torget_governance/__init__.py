"""Pelican plugin: channel governance pages.

Two generators, registered through ``get_generators``:
:class:`AccessibilityStatementGenerator` writes the accessibility statement
(``accessibility.html``, from ``TORGET_ACCESSIBILITY``, in the sitemap) and
:class:`StatisticsGenerator` the editors' statistics page
(``statistics.html`` at ``TORGET_STATS_URL``, ``noindex``, excluded from the
sitemap at ``initialized``), with :func:`torget.followup.stats.compute_stats`'s
figures, the channel's goals and charts. Template globals: ``accessibility``
and ``gt`` (:mod:`torget.governance.i18n`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from pelican import signals
from pelican.generators import Generator

from torget.html.charts import TYPE_COLOURS, Series, bar_chart, column_chart, swatch
from torget.governance import i18n as governance_i18n
from torget.governance.i18n import figure, number
from torget.i18n import _, month, month_names, type_name
from torget.model import ThreadType
from torget.settings.forum import ForumSettings
from torget.followup.stats import STATISTICS, Stats, compute_stats, url_for_settings

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


class AccessibilityStatementGenerator(Generator):
    """Writes the accessibility statement when ``TORGET_ACCESSIBILITY`` is set."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum = ForumSettings.from_pelican(self.settings)

    def generate_output(self, writer) -> None:
        forum = self.forum
        statement = forum.accessibility
        if statement is None:
            return
        for problem in forum.problems_of("TORGET_ACCESSIBILITY"):
            log.warning("%s", problem.message)
        dated = statement.updated or statement.assessed or forum.build_date
        writer.write_file(
            statement.save_as,
            self.get_template("accessibility"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=statement.url,
            statement=statement,
            page=SitemapEntry(statement.url, datetime.combine(dated, time(), ZoneInfo(forum.timezone))),
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


def public_threads(context) -> list:
    """The threads of the published and archived (hidden) articles."""
    articles = (*context.get("articles", ()), *context.get("hidden_articles", ()))
    return [a.thread for a in articles if getattr(a, "thread", None) is not None]


class StatisticsGenerator(Generator):
    """Writes the editors' statistics page when ``TORGET_STATS_URL`` is set."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum = ForumSettings.from_pelican(self.settings)

    def stats(self) -> Stats:
        forum = self.forum
        options, entry = forum.stats, forum.channel
        return compute_stats(
            public_threads(self.context),
            forum.build_date,
            forum.timezone,
            options.months,
            options.top,
            entry.quantitative_goals,
            entry.qualitative_goals,
            url_for_settings(self.settings),  # ARTICLE_URL and FAQ_ENTRY_URL
        )

    def generate_output(self, writer) -> None:
        url = self.forum.stats.url
        if not url:
            return
        stats = self.stats()
        organisation = self.forum.organisation
        writer.write_file(
            url + "index.html",
            self.get_template("statistics"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=url,
            stats=stats,
            statistics=STATISTICS,
            organisation=organisation,
            **chart_context(stats, organisation),
        )


def get_generators(pelican):
    return AccessibilityStatementGenerator, StatisticsGenerator


def register() -> None:
    signals.initialized.connect(exclude_stats_from_sitemap)
    signals.generator_init.connect(add_template_globals)
    signals.get_generators.connect(get_generators)
