"""Typed forum settings, read once from Pelican's settings dict.

Plugins and CLI commands call :meth:`ForumSettings.from_pelican` instead of
reading ``TORGET_*`` keys by hand, so defaults and validation live in one
place. Every setting is documented in ``docs/settings.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .categories import Category, read_categories, suggestions
from .model import ContentError, Problem
from .relevance import DECAY_PERIOD_CHOICES, OLD_AFTER_CHOICES, Period, today_in

STAFF_DISPLAY_CHOICES = ("named", "anonymous")
LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Ask:
    """Where residents send a new question (``TORGET_ASK``).

    Either ``url``, a form address template, or ``email`` with ``subject``
    and ``body`` templates. ``{query}`` (what the visitor searched for, or
    the thread's title) and ``{url}`` (the page they were on) are filled in,
    URL-encoded.
    """

    url: str = ""
    email: str = ""
    subject: str = ""
    body: str = ""

    def template(self, url: str) -> str:
        """The link with ``{url}`` filled in and ``{query}`` left for the page's script.

        ``{query}`` stands where the URL-encoded query goes, so a script can
        replace it with ``encodeURIComponent(query)``.
        """
        from urllib.parse import quote

        def fill(text: str, safe: str) -> str:
            return "{query}".join(quote(part.format(url=url), safe=safe) for part in text.split("{query}"))

        if self.url:
            return "{query}".join(
                part.replace("{url}", quote(url, safe="")) for part in self.url.split("{query}")
            )
        fields = [(name, value) for name, value in (("subject", self.subject), ("body", self.body)) if value]
        query = "&".join(f"{name}={fill(value, '')}" for name, value in fields)
        return f"mailto:{self.email}" + (f"?{query}" if query else "")

    def link(self, url: str, query: str = "") -> str:
        """The finished link for ``query`` (empty: no query)."""
        from urllib.parse import quote

        return self.template(url).replace("{query}", quote(query, safe=""))


ASK_DEFAULTS = {
    "sv": {"subject": "Fråga: {query}", "body": "{query}\n\n(Skickat från {url})"},
    "en": {"subject": "Question: {query}", "body": "{query}\n\n(Sent from {url})"},
}
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")


@dataclass(frozen=True)
class Timing:
    """How time affects threads: the old-post threshold and decay period."""

    old_after: Period
    decay_period: Period


@dataclass(frozen=True)
class ForumSettings:
    site_name: str
    organisation: str
    lang: str = "sv"
    timezone: str = "Europe/Stockholm"
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
    ask: Ask | None = None
    type_intros: Mapping[str, str] = field(default_factory=dict)
    #: ``TORGET_CATEGORIES``: the declared categories, in the order given;
    #: empty when the site does not declare them (every name is accepted).
    categories: tuple[Category, ...] = ()
    #: The settings file, for problems located at a setting's line.
    config_path: str = "pelicanconf.py"

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

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any], config_path: str | None = None) -> ForumSettings:
        """Read and validate the ``TORGET_*`` settings.

        Raises :class:`ContentError` listing every bad setting, each located
        at its line in ``config_path`` when that file is known.
        """
        problems: list[Problem] = []
        config = str(config_path or settings.get("TORGET_CONFIG_PATH") or "pelicanconf.py")

        def bad(name: str, message: str) -> None:
            problems.append(Problem(config, setting_line(config, name), f"{name}: {message}"))

        def period(name: str, value: str, choices: tuple[str, ...]) -> Period:
            if str(value).strip().lower() not in choices:
                bad(name, f"{value!r} is not one of: {', '.join(choices)}")
                return Period.parse(choices[-2])
            return Period.parse(value)

        lang = str(settings.get("DEFAULT_LANG", "sv"))
        if lang not in LANGUAGES:
            bad("DEFAULT_LANG", f"{lang!r} is not supported (use one of: {', '.join(LANGUAGES)})")
            lang = "sv"
        timezone = str(settings.get("TIMEZONE", "Europe/Stockholm"))

        build_date = settings.get("TORGET_BUILD_DATE")
        if build_date in (None, ""):
            build_date = today_in(timezone)
        elif not isinstance(build_date, date):
            try:
                build_date = date.fromisoformat(str(build_date))
            except ValueError:
                bad("TORGET_BUILD_DATE", f"{build_date!r} is not a date (YYYY-MM-DD)")
                build_date = today_in(timezone)

        timing = Timing(
            period("TORGET_OLD_AFTER", settings.get("TORGET_OLD_AFTER", "1 year"), OLD_AFTER_CHOICES),
            period(
                "TORGET_DECAY_PERIOD",
                settings.get("TORGET_DECAY_PERIOD", "3 months"),
                DECAY_PERIOD_CHOICES,
            ),
        )
        category_timing: dict[str, Timing] = {}
        for category, override in dict(settings.get("TORGET_CATEGORY_SETTINGS", {})).items():
            unknown = set(override) - {"old_after", "decay_period"}
            if unknown:
                bad("TORGET_CATEGORY_SETTINGS", f"{category}: unknown keys {sorted(unknown)}")
            category_timing[category] = Timing(
                period(
                    "TORGET_CATEGORY_SETTINGS",
                    override.get("old_after", str(timing.old_after)),
                    OLD_AFTER_CHOICES,
                ),
                period(
                    "TORGET_CATEGORY_SETTINGS",
                    override.get("decay_period", str(timing.decay_period)),
                    DECAY_PERIOD_CHOICES,
                ),
            )

        staff_display = str(settings.get("TORGET_STAFF_DISPLAY", "named"))
        if staff_display not in STAFF_DISPLAY_CHOICES:
            bad("TORGET_STAFF_DISPLAY", f"{staff_display!r} is not one of: {', '.join(STAFF_DISPLAY_CHOICES)}")
            staff_display = "named"

        def links(name: str) -> tuple[Link, ...]:
            result = []
            for item in settings.get(name, ()) or ():
                try:
                    label, url = item
                except (TypeError, ValueError):
                    bad(name, f"each link must be a (label, url) pair, not {item!r}")
                    continue
                result.append(Link(str(label), str(url)))
            return tuple(result)

        report_url = str(settings.get("TORGET_REPORT_URL", ""))
        try:
            report_url.format(title="", url="")
        except (KeyError, IndexError, ValueError) as error:
            bad("TORGET_REPORT_URL", f"only {{title}} and {{url}} may be used ({error})")
            report_url = ""

        ask = _read_ask(settings.get("TORGET_ASK"), lang, lambda message: bad("TORGET_ASK", message))

        type_intros: dict[str, str] = {}
        intros = settings.get("TORGET_TYPE_INTROS", {}) or {}
        if not isinstance(intros, Mapping):
            bad("TORGET_TYPE_INTROS", f"must be a dict of thread type to text, not {intros!r}")
            intros = {}
        for kind, text in intros.items():
            if kind not in THREAD_TYPES:
                bad("TORGET_TYPE_INTROS", f"{kind!r} is not a thread type (use one of: {', '.join(THREAD_TYPES)})")
            else:
                type_intros[kind] = str(text)

        list_size = settings.get("TORGET_LIST_SIZE", 5)
        if not isinstance(list_size, int) or list_size < 1:
            bad("TORGET_LIST_SIZE", f"must be a positive whole number, not {list_size!r}")
            list_size = 5

        categories, category_issues = read_categories(settings.get("TORGET_CATEGORIES"))
        for issue in category_issues:
            bad("TORGET_CATEGORIES", issue)
        declared = [c.name for c in categories]
        for name in category_timing if declared else ():
            if name not in declared:
                close = suggestions(name, declared)
                bad("TORGET_CATEGORY_SETTINGS", f"{name!r} is not declared in TORGET_CATEGORIES"
                    + (f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""))

        synonyms = []
        raw_synonyms = settings.get("TORGET_SEARCH_SYNONYMS", ()) or ()
        if isinstance(raw_synonyms, str) or not isinstance(raw_synonyms, (list, tuple)):
            bad("TORGET_SEARCH_SYNONYMS", f"must be a list of groups, not {raw_synonyms!r}")
            raw_synonyms = ()
        for group in raw_synonyms:
            words = group.split(",") if isinstance(group, str) else group
            if not isinstance(words, (list, tuple)) or not all(isinstance(w, str) for w in words):
                bad("TORGET_SEARCH_SYNONYMS", f"each group is a string \"a, b\" or a list of strings, not {group!r}")
                continue
            words = tuple(dict.fromkeys(w.strip() for w in words if w.strip()))
            if len(words) < 2:
                bad("TORGET_SEARCH_SYNONYMS", f"a group needs at least two words, not {group!r}")
                continue
            synonyms.append(words)

        matomo_url, matomo_site_id = _matomo(settings, bad)

        if problems:
            raise ContentError(problems)
        return cls(
            site_name=str(settings.get("SITENAME", "Torget")),
            organisation=str(settings.get("TORGET_ORGANISATION", settings.get("SITENAME", ""))),
            lang=lang,
            timezone=timezone,
            site_url=str(settings.get("SITEURL", "")),
            welcome=str(settings.get("TORGET_WELCOME", "")),
            warning=str(settings.get("TORGET_WARNING", "")),
            description=str(settings.get("TORGET_DESCRIPTION", "")),
            about_page=str(settings.get("TORGET_ABOUT_PAGE", "om-forumet")),
            policy_page=str(settings.get("TORGET_POLICY_PAGE", "regler")),
            links=links("TORGET_LINKS"),
            contact_links=links("TORGET_CONTACT_LINKS"),
            report_url=report_url,
            staff_display=staff_display,
            build_date=build_date,
            timing=timing,
            category_timing=category_timing,
            list_size=list_size,
            categories=categories,
            config_path=config,
            ask=ask,
            type_intros=type_intros,
            search_synonyms=tuple(synonyms),
            matomo_url=matomo_url,
            matomo_site_id=matomo_site_id,
        )


def _matomo(settings: Mapping[str, Any], bad) -> tuple[str, str]:
    """``TORGET_MATOMO_URL`` and ``TORGET_MATOMO_SITE_ID``: both or neither."""
    from urllib.parse import urlsplit

    url = str(settings.get("TORGET_MATOMO_URL") or "").strip()
    site_id = str(settings.get("TORGET_MATOMO_SITE_ID") or "").strip()
    if not url and not site_id:
        return "", ""
    if not url or not site_id:
        missing = "TORGET_MATOMO_URL" if not url else "TORGET_MATOMO_SITE_ID"
        bad(missing, "set TORGET_MATOMO_URL and TORGET_MATOMO_SITE_ID together (or neither)")
        return "", ""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.query or parts.fragment:
        bad("TORGET_MATOMO_URL", f"must be the http(s) address of the Matomo installation, not {url!r}")
        return "", ""
    if url.endswith("matomo.php"):
        url = url[: -len("matomo.php")]
    if not site_id.isascii() or not site_id.isdigit() or int(site_id) < 1:
        bad("TORGET_MATOMO_SITE_ID", f"must be Matomo's site id, a positive whole number, not {site_id!r}")
        return "", ""
    return url if url.endswith("/") else url + "/", str(int(site_id))


THREAD_TYPES = ("question", "problem", "suggestion", "praise")


def _read_ask(value: Any, lang: str, bad) -> Ask | None:
    """``TORGET_ASK``: an e-mail address, a form URL template, or a dict of either."""
    if value in (None, "", {}):
        return None
    if isinstance(value, str):
        value = {"email": value} if "@" in value and "://" not in value else {"url": value}
    if not isinstance(value, Mapping):
        bad(f"must be an e-mail address, a URL or a dict, not {value!r}")
        return None
    unknown = set(value) - {"url", "email", "subject", "body"}
    if unknown:
        bad(f"unknown keys {sorted(unknown)} (use url, or email with subject and body)")
    url = str(value.get("url", "") or "").strip()
    email = str(value.get("email", "") or "").strip()
    if bool(url) == bool(email):
        bad("give either 'url' (a form address) or 'email', not both or neither")
        return None
    defaults = ASK_DEFAULTS.get(lang, ASK_DEFAULTS["sv"])
    subject = str(value.get("subject", defaults["subject"]) or "")
    body = str(value.get("body", defaults["body"]) or "")
    for name, text in (("url", url), ("subject", subject), ("body", body)):
        try:
            text.format(query="", url="")
        except (KeyError, IndexError, ValueError) as error:
            bad(f"{name}: only {{query}} and {{url}} may be used ({error})")
            return None
    if url:
        if not re.match(r"^(https?:)?//|^/", url):
            bad(f"url {url!r} must be a web address (https://…)")
            return None
        return Ask(url=url)
    if not _EMAIL.match(email):
        bad(f"email {email!r} is not an e-mail address")
        return None
    return Ask(email=email, subject=subject, body=body)


def setting_line(config_path: str, name: str) -> int:
    """The line where ``name`` is assigned in the config file, or 1."""
    try:
        text = Path(config_path).read_text(encoding="utf-8")
    except OSError:
        return 1
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return 1
