"""The build date: settled once per run, and given to pages without ``Date:``."""

from __future__ import annotations

from pelican.utils import get_date

from torget.settings.forum import ForumSettings, settle_build_date


def fix_build_date(pelican) -> None:
    """An empty ``TORGET_BUILD_DATE`` becomes today, once for the whole run."""
    settle_build_date(pelican.settings)


def date_pages(generator, metadata) -> None:
    """A page without ``Date:`` gets the build date, so that its sitemap
    ``lastmod`` does not come from the clock. (Not in the reader: its
    output is cached across builds with other dates.)"""
    if "date" not in metadata:
        metadata["date"] = get_date(ForumSettings.from_pelican(generator.settings).build_date.isoformat())
