"""The editors' statistics page's generator: ``statistics.html`` at
``TORGET_STATS_URL`` with :func:`torget.followup.stats.compute_stats`'s
figures, the channel's goals and charts with text alternatives."""

from __future__ import annotations

from pelican.generators import Generator

from torget.site.view import is_thread
from torget.followup.stats import STATISTICS, Stats, compute_stats, url_for
from torget.governance.i18n import figure, number
from torget.html.charts import TYPE_COLOURS, Series, bar_chart, column_chart, swatch
from torget.i18n import _, month, month_names, type_name
from torget.model import ThreadType
from torget.settings.forum import ForumSettings


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


def counted_threads(context) -> list:
    """The threads the statistics count: the published and the archived (hidden) ones."""
    articles = (*context.get("articles", ()), *context.get("hidden_articles", ()))
    return [a.thread for a in articles if is_thread(a)]


class StatisticsGenerator(Generator):
    """Writes the editors' statistics page when ``TORGET_STATS_URL`` is set."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum = ForumSettings.from_pelican(self.settings)

    def stats(self) -> Stats:
        forum = self.forum
        options, entry = forum.stats, forum.channel
        return compute_stats(
            counted_threads(self.context),
            forum.build_date,
            forum.timezone,
            options.months,
            options.top,
            entry.quantitative_goals,
            entry.qualitative_goals,
            url_for(self.forum),
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
