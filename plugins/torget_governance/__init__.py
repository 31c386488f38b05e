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


from pelican import signals

from torget.site.sitemap import leave_out_of_sitemap, page_pattern
from torget.governance import i18n as governance_i18n
from torget.settings.forum import ForumSettings

from .accessibility import AccessibilityStatementGenerator
from .statistics import StatisticsGenerator


def exclude_stats_from_sitemap(pelican) -> None:
    url = ForumSettings.from_pelican(pelican.settings).stats.url
    if not url:
        return
    leave_out_of_sitemap(pelican.settings, [page_pattern(url)])


def add_template_globals(generator) -> None:
    forum = ForumSettings.from_pelican(generator.settings)
    generator.env.globals.update(
        accessibility=forum.accessibility,
        gt=governance_i18n,
    )


def get_generators(pelican):
    return AccessibilityStatementGenerator, StatisticsGenerator


def register() -> None:
    signals.initialized.connect(exclude_stats_from_sitemap)
    signals.generator_init.connect(add_template_globals)
    signals.get_generators.connect(get_generators)
