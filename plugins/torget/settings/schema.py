"""Every ``TORGET_*`` setting, declared once.

:data:`SETTINGS` lists each setting ``pelicanconf.py`` or
``publishconf.py`` may set: its name, type, default, a one-line
documentation string and the function that reads and checks its value.
:func:`read_values` reads them all, in that order, from a Pelican settings
dict; :class:`torget.settings.forum.ForumSettings` is built from the result, and
every plugin and command gets its settings from that object
(:meth:`~torget.settings.forum.ForumSettings.from_pelican`), never from the raw
keys.

A bad value is always a :class:`~torget.model.Problem` at the line of the
setting's assignment in the settings file (``TORGET_CONFIG_PATH``, else
``pelicanconf.py``) with the message ``NAME: …``. Errors stop ``torget
check`` and ``torget build`` alike; warnings (the governance settings'
gaps, which ``torget check --strict`` refuses) do not.

:data:`INTERNAL` are keys the build itself puts into the settings, and
:data:`ENVIRONMENT` the environment variables Torget reads: neither is a
setting. ``python -m torget.settings.schema --markdown`` prints the reference table
of ``docs/settings.md`` (a test keeps the two equal).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from torget import DEFAULT_TIMEZONE
from torget.governance.about import about_topics
from torget.governance.accessibility import AccessibilityStatement
from torget.content.categories import read_categories, suggestions
from torget.governance.channel import ChannelEntry
from torget.editor.cms import CmsOptions
from torget.settingsfile.fields import setting_line
from torget.content.forum import display_path
from torget.i18n import LANGUAGES, N_, _, translations
from torget.content.folders import PELICAN_IGNORE_FILES, ContentFolders
from torget.model import Problem, Severity, ThreadType
from torget.records.privacy import AllowList
from torget.content.removal import read_removed
from torget.site.relevance import DECAY_PERIOD_CHOICES, OLD_AFTER_CHOICES, Period, today_in

STAFF_DISPLAY_CHOICES = ("named", "anonymous")
THREAD_TYPES = tuple(t.value for t in ThreadType)
SEARCH_PROCESS_CHOICES = ("auto", "background", "inline")


class Reader:
    """Reads one settings dict: the values read so far and every problem."""

    def __init__(self, settings: Mapping[str, Any], config: str):
        self.settings = settings
        self.config = config
        self.problems: list[Problem] = []
        #: Setting name → value read (in :data:`SETTINGS` order).
        self.values: dict[str, Any] = {}
        #: The setting being read: problems are reported at its line.
        self.name = ""
        self.lang = str(settings.get("DEFAULT_LANG", "sv"))
        if self.lang not in LANGUAGES:
            self.name = "DEFAULT_LANG"
            self.bad(_("%(value)r is not supported (use one of: %(choices)s)", value=self.lang, choices=", ".join(LANGUAGES)))
            self.lang = "sv"
        self.timezone = str(settings.get("TIMEZONE", DEFAULT_TIMEZONE))
        self.site_name = str(settings.get("SITENAME", "Torget"))
        self.site_url = str(settings.get("SITEURL", ""))

    def problem(self, message: str, severity: Severity = Severity.ERROR, name: str = "") -> Problem:
        name = name or self.name
        return Problem(display_path(Path(self.config)), setting_line(self.config, name), f"{name}: {message}", severity)

    def bad(self, message: str, name: str = "") -> None:
        """An error in the setting being read (or in ``name``)."""
        self.problems.append(self.problem(message, Severity.ERROR, name))

    def warn(self, message: str) -> None:
        """A warning about the setting being read."""
        self.problems.append(self.problem(message, Severity.WARNING))

    @property
    def organisation(self) -> str:
        return self.values.get("TORGET_ORGANISATION") or self.site_name


@dataclass(frozen=True)
class Setting:
    """One ``TORGET_*`` setting."""

    name: str
    #: The value's type, in words.
    type: str
    default: Any
    #: One line: what the setting does (docs/settings.md says more).
    doc: str
    #: ``parse(value, reader)``: the value as Torget uses it; reports every
    #: problem through ``reader.bad`` / ``reader.warn``.
    parse: Callable[[Any, Reader], Any]
    #: The default as documented, when it is not the value itself.
    default_text: str = ""

    def default_markdown(self) -> str:
        if self.default_text:
            return self.default_text
        value = self.default
        if isinstance(value, str):
            return f'`"{value}"`'
        return f"`{value!r}`"


# --- the values of some settings -----------------------------------------

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


#: The ask e-mail's subject and body templates, in the forum's language.
ASK_DEFAULTS = {"subject": N_("Question: {query}"), "body": N_("{query}\n\n(Sent from {url})")}


@dataclass(frozen=True)
class Timing:
    """How time affects threads: the old-post threshold and decay period."""

    old_after: Period
    decay_period: Period



# --- parse functions --------------------------------------------------------


def _text(value: Any, r: Reader) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        r.bad(_("must be a text, not %(value)r", value=value))
        return ""
    return str(value)


def _whole(minimum: int) -> Callable[[Any, Reader], int | None]:
    def parse(value: Any, r: Reader) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            if minimum == 1:
                r.bad(_("must be a positive whole number, not %(value)r", value=value))
            else:
                r.bad(_("must be a whole number, %(minimum)s or more, not %(value)r", minimum=minimum, value=value))
            return None
        return value
    return parse


_positive = _whole(1)
_not_negative = _whole(0)


def _automatic_size(value: Any, r: Reader) -> int | None:
    """``None`` (automatic) or a positive whole number."""
    if value in (None, "", 0):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        r.bad(_("must be a positive whole number (or None: automatic), not %(value)r", value=value))
        return None
    return value


def _flag(value: Any, r: Reader) -> bool:
    if value in (None, ""):
        return False
    if not isinstance(value, bool):
        r.bad(_("must be True or False, not %(value)r", value=value))
        return False
    return value


def _choice(choices: tuple[str, ...]) -> Callable[[Any, Reader], str]:
    def parse(value: Any, r: Reader) -> str:
        text = str(value)
        if text not in choices:
            r.bad(_("%(value)r is not one of: %(choices)s", value=value, choices=", ".join(choices)))
            return choices[0]
        return text
    return parse


def _period(choices: tuple[str, ...]) -> Callable[[Any, Reader], Period]:
    def parse(value: Any, r: Reader) -> Period:
        if str(value).strip().lower() not in choices:
            r.bad(_("%(value)r is not one of: %(choices)s", value=value, choices=", ".join(choices)))
            return Period.parse(choices[-2])
        return Period.parse(value)
    return parse


def _build_date(value: Any, r: Reader) -> date:
    if value in (None, ""):
        return today_in(r.timezone)
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        r.bad(_("%(value)r is not a date (YYYY-MM-DD)", value=value))
        return today_in(r.timezone)


def _links(value: Any, r: Reader) -> tuple:
    if isinstance(value, (str, Mapping)) or not isinstance(value, (list, tuple, type(None))):
        r.bad(_("must be a list of (label, url) pairs, not %(value)r", value=value))
        return ()
    result = []
    for item in value or ():
        try:
            label, url = item
        except (TypeError, ValueError):
            r.bad(_("each link must be a (label, url) pair, not %(value)r", value=item))
            continue
        result.append(Link(str(label), str(url)))
    return tuple(result)


def _report_url(value: Any, r: Reader) -> str:
    text = _text(value, r)
    try:
        text.format(title="", url="")
    except (KeyError, IndexError, ValueError) as error:
        r.bad(_("only %(names)s may be used (%(error)s)", names="{title} " + _("and") + " {url}", error=error))
        return ""
    return text


_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")


def _ask(value: Any, r: Reader):
    """An e-mail address, a form URL template, or a dict of either."""
    if value in (None, "", {}):
        return None
    if isinstance(value, str):
        value = {"email": value} if "@" in value and "://" not in value else {"url": value}
    if not isinstance(value, Mapping):
        r.bad(_("must be an e-mail address, a URL or a dict, not %(value)r", value=value))
        return None
    unknown = set(value) - {"url", "email", "subject", "body"}
    if unknown:
        r.bad(_("unknown keys %(keys)s (use url, or email with subject and body)", keys=sorted(unknown)))
    url = str(value.get("url", "") or "").strip()
    email = str(value.get("email", "") or "").strip()
    if bool(url) == bool(email):
        r.bad(_("give either 'url' (a form address) or 'email', not both or neither"))
        return None
    defaults = {key: translations(r.lang).gettext(text) for key, text in ASK_DEFAULTS.items()}
    subject = str(value.get("subject", defaults["subject"]) or "")
    body = str(value.get("body", defaults["body"]) or "")
    for name, text in (("url", url), ("subject", subject), ("body", body)):
        try:
            text.format(query="", url="")
        except (KeyError, IndexError, ValueError) as error:
            r.bad(f"{name}: " + _("only %(names)s may be used (%(error)s)", names="{query} " + _("and") + " {url}", error=error))
            return None
    if url:
        if not re.match(r"^(https?:)?//|^/", url):
            r.bad(_("url %(url)r must be a web address (https://…)", url=url))
            return None
        return Ask(url=url)
    if not _EMAIL.match(email):
        r.bad(_("email %(email)r is not an e-mail address", email=email))
        return None
    return Ask(email=email, subject=subject, body=body)


def _type_intros(value: Any, r: Reader) -> dict[str, str]:
    intros = value or {}
    if not isinstance(intros, Mapping):
        r.bad(_("must be a dict of thread type to text, not %(value)r", value=intros))
        return {}
    result = {}
    for kind, text in intros.items():
        if kind not in THREAD_TYPES:
            r.bad(_("%(value)r is not a thread type (use one of: %(choices)s)", value=kind, choices=", ".join(THREAD_TYPES)))
        else:
            result[kind] = str(text)
    return result


def _categories(value: Any, r: Reader) -> tuple:
    categories, issues = read_categories(value)
    for issue in issues:
        r.bad(issue)
    return categories


def _category_settings(value: Any, r: Reader) -> dict:
    """Per-category timing; needs the forum's timing and categories first."""
    value = value or {}
    if not isinstance(value, Mapping):
        r.bad(_("must be a dict of category name to overrides, not %(value)r", value=value))
        return {}
    old_after, decay = _period(OLD_AFTER_CHOICES), _period(DECAY_PERIOD_CHOICES)
    forum_old, forum_decay = r.values["TORGET_OLD_AFTER"], r.values["TORGET_DECAY_PERIOD"]
    result = {}
    for category, override in value.items():
        if not isinstance(override, Mapping):
            r.bad(_("%(name)s: must be a dict with old_after and decay_period, not %(value)r", name=category, value=override))
            continue
        unknown = set(override) - {"old_after", "decay_period"}
        if unknown:
            r.bad(_("%(name)s: unknown keys %(keys)s", name=category, keys=sorted(unknown)))
        result[category] = Timing(
            old_after(override.get("old_after", str(forum_old)), r),
            decay(override.get("decay_period", str(forum_decay)), r),
        )
    declared = [c.name for c in r.values["TORGET_CATEGORIES"]]
    for name in result if declared else ():
        if name not in declared:
            close = suggestions(name, declared)
            r.bad(_("%(name)r is not declared in TORGET_CATEGORIES", name=name)
                  + (_("; did you mean %(names)s?", names=_(" or ").join(repr(c) for c in close)) if close else ""))
    return result


def _synonyms(value: Any, r: Reader) -> tuple[tuple[str, ...], ...]:
    value = value or ()
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        r.bad(_("must be a list of groups, not %(value)r", value=value))
        return ()
    synonyms = []
    for group in value:
        words = group.split(",") if isinstance(group, str) else group
        if not isinstance(words, (list, tuple)) or not all(isinstance(w, str) for w in words):
            r.bad(_("each group is a text 'a, b' or a list of texts, not %(value)r", value=group))
            continue
        words = tuple(dict.fromkeys(w.strip() for w in words if w.strip()))
        if len(words) < 2:
            r.bad(_("a group needs at least two words, not %(value)r", value=group))
            continue
        synonyms.append(words)
    return tuple(synonyms)


def _matomo_url(value: Any, r: Reader) -> str:
    url = str(value or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.query or parts.fragment:
        r.bad(_("must be the http(s) address of the Matomo installation, not %(value)r", value=url))
        return ""
    if url.endswith("matomo.php"):
        url = url[: -len("matomo.php")]
    return url if url.endswith("/") else url + "/"


def _matomo_site_id(value: Any, r: Reader) -> str:
    """The site id; with ``TORGET_MATOMO_URL``, both or neither."""
    site_id = str(value or "").strip()
    url = str(r.settings.get("TORGET_MATOMO_URL") or "").strip()
    if bool(url) != bool(site_id):
        r.bad(_("set TORGET_MATOMO_URL and TORGET_MATOMO_SITE_ID together (or neither)"),
              "TORGET_MATOMO_URL" if not url else "TORGET_MATOMO_SITE_ID")
        return ""
    if not site_id:
        return ""
    if not site_id.isascii() or not site_id.isdigit() or int(site_id) < 1:
        r.bad(_("must be Matomo's site id, a positive whole number, not %(value)r", value=site_id))
        return ""
    return str(int(site_id))


def _render_processes(value: Any, r: Reader) -> str | int:
    if value == "auto":
        return "auto"
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        r.bad(_("must be auto or a whole number, 1 or more, not %(value)r", value=value))
        return "auto"
    return value


def _cms(value: Any, r: Reader) -> CmsOptions:
    issues: list[str] = []
    options = CmsOptions.from_value(value, issues)
    for issue in issues:
        r.bad(issue)
    return options


def _channel(value: Any, r: Reader) -> ChannelEntry:
    issues: list[str] = []
    entry = ChannelEntry.from_value(value, r.site_name, r.site_url, r.organisation, issues)
    for issue in issues:
        r.warn(issue)
    return entry


def _about_topics(value: Any, r: Reader) -> tuple:
    issues: list[str] = []
    topics = about_topics(value, r.lang, issues)
    for issue in issues:
        r.warn(issue)
    return topics


def _allowed_contacts(value: Any, r: Reader) -> tuple[str, ...]:
    if value is None:
        value = ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple, set, frozenset)):
        r.bad(_("must be a list of phone numbers and e-mail addresses, not %(value)r", value=value))
        return ()
    allowed = tuple(str(v) for v in value)
    for entry in AllowList(allowed).invalid:
        r.warn(_("%(value)r is neither an e-mail address nor a phone number", value=entry))
    return allowed


def _accessibility(value: Any, r: Reader) -> AccessibilityStatement | None:
    if value is None:
        r.warn(_("no accessibility statement (tillgänglighetsredogörelse); see docs/governance.md"))
        return None
    issues: list[str] = []
    statement = AccessibilityStatement.from_value(value, r.organisation, r.site_name, r.lang, issues)
    for issue in issues:
        r.warn(issue)
    return statement


def _folder_list(value: Any, r: Reader, name: str) -> tuple[str, ...] | None:
    """A list of folders relative to the content folder, or ``None`` (reported)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        r.bad(_("must be a list of folders in the content folder, not %(value)r", value=value), name)
        return None
    return tuple(v.strip("/") for v in value)


def _content_folders(value: Any, r: Reader) -> ContentFolders:
    """``TORGET_FAQ_PATHS`` with ``PATH``, ``ARTICLE_PATHS``, ``PAGE_PATHS`` and
    ``IGNORE_FILES``: the folders of threads, FAQ entries and pages."""
    default = ContentFolders()
    settings = r.settings
    articles = _folder_list(settings.get("ARTICLE_PATHS", [*default.threads, *default.faq]), r, "ARTICLE_PATHS")
    faq = _folder_list(value, r, "TORGET_FAQ_PATHS")
    pages = _folder_list(settings.get("PAGE_PATHS", list(default.pages)), r, "PAGE_PATHS")
    if articles is None or faq is None or pages is None:
        return default
    if "" in articles or not articles:
        r.bad(_("name the folders in the content folder that hold threads and FAQ entries, for example %(example)r",
                example=["posts", "faq"]), "ARTICLE_PATHS")
        return default
    for folder in faq:
        if folder not in articles:
            r.bad(_("%(folder)r is not in ARTICLE_PATHS (%(paths)s); FAQ entries are read from there",
                    folder=folder, paths=", ".join(articles)))
    ignore = settings.get("IGNORE_FILES", PELICAN_IGNORE_FILES)
    return ContentFolders(Path(str(settings.get("PATH", default.root))), tuple(f for f in articles if f not in faq),
                          tuple(f for f in articles if f in faq), pages, tuple(ignore or ()))


def _removed(value: Any, r: Reader) -> tuple:
    pages, issues = read_removed(value)
    for issue in issues:
        r.bad(issue)
    return pages


#: The ask page's default address, by language (``TORGET_ASK_PAGE``).
ASK_PAGE_DEFAULTS = {"sv": "fraga/", "en": "ask/"}


def _ask_page(value: Any, r: Reader) -> str:
    """The ask page's address; ``""`` (or no ``TORGET_ASK``) means no page."""
    if r.values.get("TORGET_ASK") is None:
        return ""
    if value is None:
        return ASK_PAGE_DEFAULTS.get(r.lang, "fraga/")
    url = _text(value, r).strip("/")
    if url and not re.fullmatch(r"[a-z0-9][a-z0-9/_-]*", url):
        r.bad(_("must be a path of a-z, 0-9, '-', '_' and '/', not %(value)r", value=value))
        return ""
    return url + "/" if url else ""


def _stats_url(value: Any, r: Reader) -> str:
    url = _text(value, r).strip("/")
    return url + "/" if url else ""


# --- the declaration --------------------------------------------------------

#: Every ``TORGET_*`` setting, in the order they are read (a setting may
#: use the values read before it: ``r.values``).
SETTINGS: tuple[Setting, ...] = (
    # Site and organisation
    Setting("TORGET_ORGANISATION", "text", None, "The organisation that runs the forum; labels staff answers.",
            _text, "`SITENAME`"),
    Setting("TORGET_WELCOME", "text", "", "Welcome text at the top of the start page.", _text),
    Setting("TORGET_WARNING", "text", "", "The reminder next to every ask link (empty: a built-in one).", _text),
    Setting("TORGET_DESCRIPTION", "text", "", "One sentence about the forum: footer and meta description.", _text),
    Setting("TORGET_ABOUT_PAGE", "slug", "om-forumet", "Slug of the page that describes the channel.", _text),
    Setting("TORGET_POLICY_PAGE", "slug", "regler", "Slug of the content policy page.", _text),
    Setting("TORGET_LINKS", "list of (label, url)", [], "Extra footer links.", _links),
    Setting("TORGET_CONTACT_LINKS", "list of (label, url)", [], "Other contact channels, shown beside every ask link.",
            _links),
    Setting("TORGET_ASK", "e-mail, URL or dict", None, "Where residents send a new question.", _ask,
            "none (no ask link)"),
    Setting("TORGET_ASK_PAGE", "path", None, "The ask page, which shows existing answers as the question is typed "
            "(empty: none).", _ask_page, "`\"fraga/\"` (`\"ask/\"` in English)"),
    Setting("TORGET_REPORT_URL", "URL template", "", "The \"Anmäl inlägg\" link on every thread ({title}, {url}).",
            _report_url),
    Setting("TORGET_STAFF_DISPLAY", "named or anonymous", "named",
            "Whether staff replies show name, role and picture.", _choice(STAFF_DISPLAY_CHOICES)),
    # Categories
    Setting("TORGET_CATEGORIES", "dict or list", None, "The declared categories, in order.", _categories,
            "none (every category is accepted)"),
    # Time and relevance
    Setting("TORGET_BUILD_DATE", "date (YYYY-MM-DD)", "", "The date every time-based feature reads.", _build_date,
            '`""` (today)'),
    Setting("TORGET_OLD_AFTER", "period", "1 year", "When a thread is old and shows the outdated warning.",
            _period(OLD_AFTER_CHOICES)),
    Setting("TORGET_DECAY_PERIOD", "period", "3 months", "Each idle period lowers relevance by 10 %, down to 70 %.",
            _period(DECAY_PERIOD_CHOICES)),
    Setting("TORGET_CATEGORY_SETTINGS", "dict", {}, "Per-category old_after and decay_period.", _category_settings),
    Setting("TORGET_LIST_SIZE", "whole number ≥ 1", 5, "How many threads the start page's lists show.", _positive),
    Setting("TORGET_RELATED_COUNT", "whole number ≥ 0", 4, "How many related threads a thread page shows.",
            _not_negative),
    # Listings
    Setting("TORGET_TYPE_INTROS", "dict", {}, "The introduction of each type page, by thread type.", _type_intros),
    # Search
    Setting("TORGET_SEARCH_SYNONYMS", "list of groups", [], "Words that mean the same to residents, for search.",
            _synonyms),
    Setting("TORGET_MATOMO_URL", "URL", "", "The organisation's Matomo, for site-search statistics.", _matomo_url),
    Setting("TORGET_MATOMO_SITE_ID", "whole number ≥ 1", "", "The forum's site id in Matomo.", _matomo_site_id),
    Setting("TORGET_SEARCH_PROCESS", "auto, background or inline", "auto", "Where the search index is built.",
            _choice(SEARCH_PROCESS_CHOICES)),
    Setting("TORGET_SEARCH_SHARD_BYTES", "whole number ≥ 1", None, "Target size of one term shard.", _automatic_size,
            "automatic"),
    Setting("TORGET_SEARCH_DOCS_PER_CHUNK", "whole number ≥ 1", None, "Result metadata documents per file.",
            _automatic_size, "automatic"),
    Setting("TORGET_SEARCH_WRITE_FULL_INDEX", "True or False", False, "Also write search/full-index.json.", _flag),
    # Building
    Setting("TORGET_RENDER_PROCESSES", "auto or whole number ≥ 1", "auto",
            "How many processes check new files, render thread Markdown and pages under torget build.", _render_processes),
    Setting("TORGET_REUSE_FROM", "folder path", "",
            "A previous output folder whose unchanged pages may be reused (torget build sets it).", _text,
            '`""` (render every page)'),
    Setting("TORGET_FAQ_PATHS", "list of folders", ["faq"],
            "Which folders of ARTICLE_PATHS hold FAQ entries; the others hold threads.", _content_folders),
    # The editor at /admin/
    Setting("TORGET_CMS", "dict", None, "The browser editor at /admin/ (Decap CMS).", _cms, "none (no /admin/)"),
    # Channel governance
    Setting("TORGET_CHANNEL", "dict", None, "The channel's entry for the channel register.", _channel,
            "none (warning)"),
    Setting("TORGET_ABOUT_TOPICS", "dict", {}, "Changes the topics the about page must cover.", _about_topics),
    Setting("TORGET_ALLOWED_CONTACTS", "list of text", [],
            "The organisation's own contact details, never reported as personal data.", _allowed_contacts),
    Setting("TORGET_REMOVED", "list of addresses", [],
            "Removed threads' addresses (\"posts/<slug>/\"): a page saying so instead of a 404.", _removed),
    Setting("TORGET_ACCESSIBILITY", "dict", None, "The accessibility statement (tillgänglighetsredogörelse).",
            _accessibility, "none (warning, no page)"),
    Setting("TORGET_STATS_URL", "path", "statistik/", "Where the editors' statistics page is written (empty: none).",
            _stats_url),
    Setting("TORGET_STATS_MONTHS", "whole number ≥ 0", 12, "The statistics period in months (0: all time).",
            _not_negative),
    Setting("TORGET_STATS_TOP", "whole number ≥ 0", 10, "How many most viewed threads the statistics list.",
            _not_negative),
)

BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}

#: Keys the build itself puts into the settings dict; never set them.
INTERNAL: dict[str, str] = {
    "TORGET_CONFIG_PATH": "The settings file the settings came from (set by `torget` commands), for `path:line` of setting problems.",
    "TORGET_PREVIEW_RELOAD": "Set by `torget serve` only: the preview's reload script, which every page and the editor then load.",
}

#: Environment variables Torget reads.
ENVIRONMENT: dict[str, str] = {
    "TORGET_SITEURL": "`publishconf.py`'s `SITEURL` (CI sets it to the Pages address).",
    "TORGET_MATOMO_TOKEN": "The Matomo `token_auth` (view access) that `torget gaps` reads the Reporting API with; never put it in a file in the repository.",
    "TORGET_DEBUG": "Set to show the traceback of an unexpected fault in a `torget` command.",
    "TORGET_PORT_HINT": "How `torget serve` names another port when its port is busy, with `{port}` for that port "
                        "(default `--port {port}`; `make serve` and `make cms` set `make serve PORT={port}` and `make cms PORT={port}`).",
    "TORGET_CORPUS": "The converted Stack Exchange corpus that benchmarks, `scripts/make_forum.py` and corpus tests read (default: `shared/corpus/stackexchange` beside the repository).",
}

#: Pelican settings the reader reads beside the ``TORGET_*`` ones.
PELICAN_KEYS = ("DEFAULT_LANG", "TIMEZONE", "SITENAME", "SITEURL", "PATH", "ARTICLE_PATHS", "PAGE_PATHS",
                "IGNORE_FILES", "ARTICLE_URL", "FAQ_ENTRY_URL", "PAGE_URL")


def read_values(settings: Mapping[str, Any], config: str) -> tuple[Reader, dict[str, Any]]:
    """Every setting's value as Torget uses it, and the reader with every problem."""
    reader = Reader(settings, config)
    for setting in SETTINGS:
        reader.name = setting.name
        value = settings.get(setting.name, setting.default)
        reader.values[setting.name] = setting.parse(value, reader)
    reader.name = ""
    return reader, reader.values


def markdown_table() -> str:
    """The reference table of docs/settings.md."""
    lines = ["| Setting | Type | Default | Summary |", "|---|---|---|---|"]
    for setting in SETTINGS:
        lines.append(f"| `{setting.name}` | {setting.type} | {setting.default_markdown()} | {setting.doc} |")
    lines += ["", "Not settings, though named alike:", "", "| Name | Kind | Meaning |", "|---|---|---|"]
    for name, doc in INTERNAL.items():
        lines.append(f"| `{name}` | set by the build | {doc} |")
    for name, doc in ENVIRONMENT.items():
        lines.append(f"| `{name}` | environment variable | {doc} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if argv != ["--markdown"]:
        print("usage: python -m torget.settings.schema --markdown", file=sys.stderr)
        return 2
    sys.stdout.write(markdown_table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
