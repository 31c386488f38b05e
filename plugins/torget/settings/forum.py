"""Typed forum settings, read once from Pelican's settings dict.

Every ``TORGET_*`` setting is declared once, in :mod:`torget.settings.schema`
(name, type, default, documentation line, parser). Plugins and CLI
commands get all of them as one :class:`ForumSettings` through
:meth:`ForumSettings.from_pelican` (also :func:`read`), never by reading
the keys by hand; each distinct set of values is read once and kept. The
object is never put into Pelican's settings dict. :func:`settle_build_date`
is the one place the clock is read.

A bad value raises :class:`~torget.model.ContentError` listing every
error, each at the setting's line (``pelicanconf.py:LINE: NAME: …``);
warnings (gaps in the governance settings) are kept in
:attr:`ForumSettings.problems`. Every setting is documented in
``docs/settings.md``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from torget import DEFAULT_TIMEZONE
from torget.governance.about import AboutTopic
from torget.governance.accessibility import AccessibilityStatement
from torget.content.categories import Category
from torget.content.folders import ContentFolders
from torget.governance.channel import ChannelEntry
from torget.editor.cms import CmsOptions
from torget.i18n import catalog_print
from torget.model import ContentError, Kind, Problem, Severity
from torget.site.relevance import Period, today_in
from torget.content.removal import RemovedPage
from torget.settings.schema import PELICAN_KEYS, SETTINGS, Ask, Link, Timing, read_values
from torget.followup.stats import StatsOptions


@dataclass(frozen=True)
class SearchOptions:
    """How the search index is built and split (``TORGET_SEARCH_*``)."""

    #: ``auto``, ``background`` or ``inline``.
    process: str = "auto"
    #: ``None``: scaled to the number of threads.
    shard_bytes: int | None = None
    docs_per_chunk: int | None = None
    write_full_index: bool = False


@dataclass(frozen=True)
class ForumSettings:
    site_name: str
    organisation: str
    lang: str = "sv"
    timezone: str = DEFAULT_TIMEZONE
    site_url: str = ""
    welcome: str = ""
    warning: str = ""
    description: str = ""
    about_page: str = "om-forumet"
    policy_page: str = "regler"
    links: tuple[Link, ...] = ()
    contact_links: tuple[Link, ...] = ()
    report_url: str = ""
    staff_display: str = "named"
    build_date: date = field(default_factory=lambda: date(1970, 1, 1))
    timing: Timing = field(
        default_factory=lambda: Timing(Period.parse("1 year"), Period.parse("3 months"))
    )
    category_timing: Mapping[str, Timing] = field(default_factory=dict)
    #: TORGET_SEARCH_SYNONYMS: groups of words or phrases that mean the same.
    search_synonyms: tuple[tuple[str, ...], ...] = ()
    #: Matomo's address (ending in ``/``) and site id for site-search
    #: statistics; both empty means nothing is sent anywhere.
    matomo_url: str = ""
    matomo_site_id: str = ""
    list_size: int = 5
    related_count: int = 4
    ask: Ask | None = None
    #: ``TORGET_ASK_PAGE``: the ask page's path (``fraga/``), ``""`` for none.
    ask_page: str = ""
    type_intros: Mapping[str, str] = field(default_factory=dict)
    #: ``TORGET_CATEGORIES``: the declared categories, in the order given;
    #: empty when the site does not declare them (every name is accepted).
    categories: tuple[Category, ...] = ()
    search: SearchOptions = field(default_factory=SearchOptions)
    #: ``TORGET_RENDER_PROCESSES``: ``"auto"`` or a number of processes.
    render_processes: str | int = "auto"
    #: ``TORGET_REUSE_FROM``: the previous output folder whose unchanged
    #: pages may be reused; ``""``: render every page.
    reuse_from: str = ""
    cms: CmsOptions = field(default_factory=CmsOptions)
    #: ``TORGET_CHANNEL``; ``None`` only for settings made in code.
    channel: ChannelEntry | None = None
    about_topics: tuple[AboutTopic, ...] = ()
    allowed_contacts: tuple[str, ...] = ()
    #: ``TORGET_REMOVED``: the addresses of removed threads (:mod:`torget.content.removal`).
    removed: tuple[RemovedPage, ...] = ()
    #: ``TORGET_ACCESSIBILITY``; ``None`` when it is not set (no page).
    accessibility: AccessibilityStatement | None = None
    stats: StatsOptions = field(default_factory=StatsOptions)
    #: ``PATH``, ``ARTICLE_PATHS`` (split by ``TORGET_FAQ_PATHS``), ``PAGE_PATHS``, ``IGNORE_FILES``.
    content: ContentFolders = field(default_factory=ContentFolders)
    #: Pelican's ``ARTICLE_URL``, Torget's ``FAQ_ENTRY_URL`` and Pelican's ``PAGE_URL``.
    article_url: str = "posts/{slug}/"
    faq_entry_url: str = "faq/{slug}/"
    page_url: str = "{slug}/"
    #: The settings file, for problems located at a setting's line.
    config_path: str = "pelicanconf.py"
    #: Warnings about the settings (each ``NAME: …`` at the setting's line).
    problems: tuple[Problem, ...] = ()

    def category(self, name: str) -> Category | None:
        """The declared category called ``name``, if any."""
        return next((c for c in self.categories if c.name == name), None)

    def category_description(self, name: str) -> str:
        """The declared description of category ``name`` (or ``""``)."""
        declared = self.category(name)
        return declared.description if declared else ""

    def timing_for(self, category: str) -> Timing:
        """The category's own timing, or the forum's."""
        return self.category_timing.get(category, self.timing)

    def report_link(self, title: str, url: str) -> str:
        """Fill ``TORGET_REPORT_URL``'s ``{title}`` and ``{url}``, URL-encoded."""
        from urllib.parse import quote

        if not self.report_url:
            return ""
        return self.report_url.format(title=quote(title), url=quote(url, safe=""))

    @property
    def matomo(self) -> dict[str, str] | None:
        """``{"matomo": url, "site": id}`` when Matomo is configured, else ``None``."""
        return {"matomo": self.matomo_url, "site": self.matomo_site_id} if self.matomo_url else None

    def thread_url(self, kind: Kind, slug: str) -> str:
        """The address of a thread or FAQ entry (``ARTICLE_URL``, ``FAQ_ENTRY_URL``)."""
        return (self.faq_entry_url if kind is Kind.FAQ else self.article_url).format(slug=slug)

    def problems_of(self, name: str) -> tuple[Problem, ...]:
        """The warnings about setting ``name``."""
        return tuple(p for p in self.problems if p.message.startswith(name + ": "))

    def problem(self, name: str, message: str, severity: Severity = Severity.ERROR) -> Problem:
        """A problem with setting ``name``, at its line in the settings file."""
        from torget.settingsfile.fields import setting_line
        from torget.content.forum import display_path
        from pathlib import Path

        return Problem(display_path(Path(self.config_path)), setting_line(self.config_path, name),
                       f"{name}: {message}", severity)

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any], config_path: str | None = None) -> ForumSettings:
        """The forum settings of a Pelican settings dict, read once.

        Raises :class:`ContentError` listing every error when any setting
        is wrong, each located at its line in
        ``config_path`` (default: ``TORGET_CONFIG_PATH``, else
        ``pelicanconf.py``).
        """
        config = str(config_path or settings.get("TORGET_CONFIG_PATH") or "pelicanconf.py")
        key = _cache_key(settings, config)
        cached = _CACHE.get(key)
        if cached is None:
            cached = _read(settings, config)
            while len(_CACHE) >= _CACHE_SIZE:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = cached
        return cached


def settle_build_date(settings: dict) -> str:
    """Fill an empty ``TORGET_BUILD_DATE`` with today in ``TIMEZONE``, once:
    every later reader of ``settings`` sees the same date. Both ``torget``
    commands and a plain ``pelican`` run (``torget_threads``) call it."""
    if not settings.get("TORGET_BUILD_DATE"):
        settings["TORGET_BUILD_DATE"] = today_in(settings.get("TIMEZONE") or DEFAULT_TIMEZONE).isoformat()
    return settings["TORGET_BUILD_DATE"]


def read(settings: Mapping[str, Any]) -> ForumSettings:
    """:meth:`ForumSettings.from_pelican`: the one way to the settings."""
    return ForumSettings.from_pelican(settings)


#: Settings read in this process, by :func:`_cache_key`; a plain
#: ``pelican`` run has one, the tests a few.
_CACHE: dict[tuple, ForumSettings] = {}
_CACHE_SIZE = 16


def _cache_key(settings: Mapping[str, Any], config: str) -> tuple:
    """Everything the settings are read from: the values of the keys
    :mod:`torget.settings.schema` reads, and the settings file (for the lines)."""
    try:
        stamp = os.stat(config).st_mtime_ns
    except OSError:
        stamp = None
    values = tuple((name, settings.get(name)) for name in (*PELICAN_KEYS, *(s.name for s in SETTINGS)))
    return config, stamp, repr(values), catalog_print()  # problems are worded in the language in use


def _read(settings: Mapping[str, Any], config: str) -> ForumSettings:
    reader, v = read_values(settings, config)
    errors = [p for p in reader.problems if p.is_error]
    if errors:
        raise ContentError(errors)
    return ForumSettings(
        site_name=reader.site_name,
        organisation=reader.organisation,
        lang=reader.lang,
        timezone=reader.timezone,
        site_url=reader.site_url,
        welcome=v["TORGET_WELCOME"],
        warning=v["TORGET_WARNING"],
        description=v["TORGET_DESCRIPTION"],
        about_page=v["TORGET_ABOUT_PAGE"],
        policy_page=v["TORGET_POLICY_PAGE"],
        links=v["TORGET_LINKS"],
        contact_links=v["TORGET_CONTACT_LINKS"],
        report_url=v["TORGET_REPORT_URL"],
        staff_display=v["TORGET_STAFF_DISPLAY"],
        build_date=v["TORGET_BUILD_DATE"],
        timing=Timing(v["TORGET_OLD_AFTER"], v["TORGET_DECAY_PERIOD"]),
        category_timing=v["TORGET_CATEGORY_SETTINGS"],
        search_synonyms=v["TORGET_SEARCH_SYNONYMS"],
        matomo_url=v["TORGET_MATOMO_URL"],
        matomo_site_id=v["TORGET_MATOMO_SITE_ID"],
        list_size=v["TORGET_LIST_SIZE"],
        related_count=v["TORGET_RELATED_COUNT"],
        ask=v["TORGET_ASK"],
        ask_page=v["TORGET_ASK_PAGE"],
        type_intros=v["TORGET_TYPE_INTROS"],
        categories=v["TORGET_CATEGORIES"],
        search=SearchOptions(
            process=v["TORGET_SEARCH_PROCESS"],
            shard_bytes=v["TORGET_SEARCH_SHARD_BYTES"],
            docs_per_chunk=v["TORGET_SEARCH_DOCS_PER_CHUNK"],
            write_full_index=v["TORGET_SEARCH_WRITE_FULL_INDEX"],
        ),
        render_processes=v["TORGET_RENDER_PROCESSES"],
        reuse_from=v["TORGET_REUSE_FROM"],
        cms=v["TORGET_CMS"],
        channel=v["TORGET_CHANNEL"],
        about_topics=v["TORGET_ABOUT_TOPICS"],
        allowed_contacts=v["TORGET_ALLOWED_CONTACTS"],
        removed=v["TORGET_REMOVED"],
        accessibility=v["TORGET_ACCESSIBILITY"],
        stats=StatsOptions(v["TORGET_STATS_URL"], v["TORGET_STATS_MONTHS"], v["TORGET_STATS_TOP"]),
        content=v["TORGET_FAQ_PATHS"],
        article_url=str(settings.get("ARTICLE_URL", "posts/{slug}/")),
        faq_entry_url=str(settings.get("FAQ_ENTRY_URL", "faq/{slug}/")),
        page_url=str(settings.get("PAGE_URL", "{slug}/")),
        config_path=config,
        problems=tuple(sorted(reader.problems)),
    )
