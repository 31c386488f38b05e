"""The accessibility statement's generator: ``accessibility.html`` from
``TORGET_ACCESSIBILITY`` at its address, in the sitemap with its date."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from pelican.generators import Generator

from torget.settings.forum import ForumSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SitemapEntry:
    """What the sitemap plugin reads from a written page: its URL and date."""

    url: str
    date: datetime
    status: str = "published"
    changefreq: str = "monthly"


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
