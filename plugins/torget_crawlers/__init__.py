"""Pelican plugin: what search engines' crawlers read besides the pages.

- ``robots.txt`` from the settings: ``/admin/`` (``TORGET_CMS``' URL)
  disallowed and, when ``SITEURL`` is an absolute address, the sitemap's
  absolute URL. Archived threads, the search page and the statistics page
  are *not* disallowed: they carry ``noindex``, which a crawler can only
  obey on a page it may fetch.
- The sitemap's (pelican-sitemap) ``lastmod`` of listing pages (start
  page, categories, FAQ), which have no date of their own: the build date
  instead of the clock, so that a build stays byte-identical. Listings
  change with the build date (ages, decaying popularity).

Which pages the sitemap lists is ``SITEMAP["exclude"]`` in pelicanconf.py;
docs/deploying.md explains the choice.

Settings read: ``SITEURL``, ``OUTPUT_PATH``, ``TIMEZONE``,
``TORGET_BUILD_DATE`` and ``TORGET_CMS`` (through
:class:`torget.settings.forum.ForumSettings`), ``SITEMAP``.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pelican import signals

from torget.build import pelican_compat
from torget.settings.forum import ForumSettings, settle_build_date


def robots_txt(settings) -> str:
    """The text of ``robots.txt`` for ``settings``."""
    forum = ForumSettings.from_pelican(settings)
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    absolute = siteurl.startswith(("http://", "https://"))
    prefix = urlsplit(siteurl).path.rstrip("/") if absolute else ""
    lines = [
        f"# {settings.get('SITENAME', '')}: written by torget build from the settings (docs/deploying.md).",
        "# Archived threads, the search page and the statistics page are not disallowed:",
        "# they say noindex, which a crawler reads only on a page it may fetch.",
        "User-agent: *",
        f"Disallow: {prefix}/{forum.cms.url.strip('/')}/",
        "",
    ]
    if absolute and settings.get("SITEMAP") is not None:
        lines.append(f"Sitemap: {siteurl}/sitemap.{settings['SITEMAP'].get('format', 'xml')}")
    else:
        lines.append("# No Sitemap line: SITEURL is not an absolute address (a preview build).")
    return "\n".join(lines) + "\n"


def write_robots(pelican) -> None:
    target = Path(pelican.settings["OUTPUT_PATH"]) / "robots.txt"
    target.write_text(robots_txt(pelican.settings), encoding="utf-8")


def date_listings(pelican) -> None:
    """Start pelican-sitemap afresh for this run (a failed earlier run in
    the process leaves it waiting for that run) and date listing pages'
    ``lastmod`` with the build date's midnight
    (:mod:`torget.build.pelican_compat`)."""
    settings = pelican.settings
    settle_build_date(settings)  # whichever plugin's initialized handler runs first
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    pelican_compat.reset_sitemap()
    pelican_compat.date_sitemap_listings(
        datetime.combine(ForumSettings.from_pelican(settings).build_date, time(), zone))


def register() -> None:
    signals.initialized.connect(date_listings)
    signals.finalized.connect(write_robots)
