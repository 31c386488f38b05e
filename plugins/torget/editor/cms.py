"""The browser editor at ``/admin/``: Decap CMS's configuration.

:meth:`CmsOptions.from_value` reads the value of the ``TORGET_CMS`` setting
(docs/settings.md) for :mod:`torget.settings.schema`; plugins and commands get it
as ``ForumSettings.cms``;
:func:`decap_config` turns it, with the forum's categories, into the
configuration Decap CMS loads from ``/admin/config.yml``: a collection
each for threads, FAQ entries and pages, in the Torget file format
(``theme/static/js/torget-format.js``). The ``torget_admin`` plugin
writes the page and the configuration; ``torget serve --cms`` runs
decap-server as the local backend (``scripts/torget_cli/cms.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from gettext import NullTranslations
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from torget.format import rules as contentrules
from torget.content.categories import Category
from torget.i18n import TYPE_NAMES, _, translations

#: The vendored Decap CMS (theme/static/vendor/decap-cms-<version>/).
DECAP_VERSION = "3.16.3"
DEFAULT_LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"
BACKENDS = ("gitlab", "github")
KEYS = frozenset({
    "backend", "repo", "branch", "base_url", "api_root", "app_id", "auth_type", "auth_endpoint",
    "content_folder", "local_backend", "editorial_workflow", "url", "site_domain",
})
# the rules of torget.format.rules, for the pattern check of Decap CMS
_DATE_PATTERN = contentrules.PATTERNS["date"]
_SLUG_PATTERN = "^(?:" + contentrules.PATTERNS["slug"].strip("^$") + ")?$"  # or empty: the file name
#: How Decap's datetime widget writes a date: the thread format's (dayjs tokens).
_DATE_FORMAT = "YYYY-MM-DD HH:mm"
#: The body fields are Markdown source only: Decap's rich-text mode escapes
#: Markdown typed into it (``**fet**`` is saved as ``\\*\\*fet\\*\\*``).
_MARKDOWN_MODES = ["raw"]
_REPO = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")


@dataclass(frozen=True)
class CmsOptions:
    """``TORGET_CMS``, checked. ``enabled`` says whether /admin/ is built:
    with a backend, or with the local backend alone (the preview). A value
    with mistakes never gets this far: each is an error of the setting."""

    backend: str = ""
    repo: str = ""
    branch: str = "main"
    base_url: str = ""
    api_root: str = ""
    app_id: str = ""
    auth_type: str = ""
    auth_endpoint: str = ""
    site_domain: str = ""
    content_folder: str = ""
    local_backend: str = ""
    editorial_workflow: bool = False
    url: str = "admin/"

    @property
    def enabled(self) -> bool:
        return bool(self.backend or self.local_backend)

    @property
    def save_as(self) -> str:
        return self.url + "index.html"

    @classmethod
    def from_value(cls, raw: Any, issues: list[str]) -> CmsOptions:
        """Read the value of ``TORGET_CMS``; each mistake is added to ``issues``."""
        raw = raw or {}
        if not isinstance(raw, Mapping):
            issues.append(_("must be a dict, not %(type)s", type=type(raw).__name__))
            return cls()
        unknown = sorted(set(raw) - KEYS)
        if unknown:
            issues.append(_("unknown keys %(keys)s (known: %(known)s)", keys=unknown, known=", ".join(sorted(KEYS))))

        def text(key: str, default: str = "") -> str:
            value = raw.get(key, default)
            if value is None:
                return default
            if not isinstance(value, str):
                issues.append(_("%(key)s must be text, not %(value)r", key=key, value=value))
                return default
            return value.strip()

        backend = text("backend").lower()
        if backend and backend not in BACKENDS:
            issues.append(_("%(key)s must be one of %(choices)s, not %(value)r", key="backend", choices=", ".join(BACKENDS), value=backend))
        repo = text("repo")
        if backend and not _REPO.match(repo):
            issues.append(_("repo must be the repository's path, e.g. 'kommun/forum', not %(value)r", value=repo))
        base_url, api_root = text("base_url").rstrip("/"), text("api_root").rstrip("/")
        for key, value in (("base_url", base_url), ("api_root", api_root)):
            if value and urlsplit(value).scheme not in ("https", "http"):
                issues.append(_("%(key)s must be an http(s) URL, not %(value)r", key=key, value=value))
        auth_type = text("auth_type", "pkce" if backend == "gitlab" else "")
        app_id = str(raw.get("app_id") or "").strip()
        if backend == "gitlab" and auth_type == "pkce" and not app_id:
            issues.append(_("app_id is required for GitLab with auth_type 'pkce' (the OAuth application's ID)"))
        local = _local_backend(raw.get("local_backend", False), issues)
        url = text("url", "admin/").strip("/") + "/"
        if url == "/" or not re.fullmatch(r"[a-z0-9_/-]+/", url):
            issues.append(_("url must be a path such as 'admin/', not %(value)r", value=raw.get("url")))
        workflow = _workflow(raw.get("editorial_workflow", False), backend, issues)
        content_folder = text("content_folder").strip("/")
        if content_folder and (".." in Path(content_folder).parts or content_folder.startswith("/")):
            issues.append(_("content_folder must be a path inside the repository, not %(value)r", value=content_folder))
        return cls(
            backend=backend, repo=repo, branch=text("branch", "main") or "main", base_url=base_url,
            api_root=api_root, app_id=app_id, auth_type=auth_type, auth_endpoint=text("auth_endpoint"),
            site_domain=text("site_domain"), content_folder=content_folder, local_backend=local,
            editorial_workflow=bool(workflow), url=url,
        )

    def folder(self, content_root: Path) -> str:
        """The content folder (``PATH``) as a path in the repository (Decap's folders)."""
        return self.content_folder or Path(content_root).name

    def connect_sources(self) -> list[str]:
        """The origins the editor talks to (its ``connect-src``)."""
        sources = []
        if self.backend == "gitlab":
            sources.append(_origin(self.api_root or (self.base_url or "https://gitlab.com") + "/api/v4"))
            sources.append(_origin(self.base_url or "https://gitlab.com"))
        elif self.backend == "github":
            sources.append(_origin(self.api_root or "https://api.github.com"))
        if self.local_backend:
            sources.append(_origin(self.local_backend))
        return list(dict.fromkeys(sources))


def _local_backend(local: Any, issues: list[str]) -> str:
    """``TORGET_CMS["local_backend"]``: ``True`` for decap-server's default, or a URL on localhost."""
    if local is True:
        return DEFAULT_LOCAL_BACKEND
    if local in (False, None, ""):
        return ""
    if not isinstance(local, str) or urlsplit(local).hostname not in ("localhost", "127.0.0.1", "::1"):
        issues.append(_("local_backend must be true, false or a URL on localhost, not %(value)r", value=local))
        return ""
    return local


def _workflow(workflow: Any, backend: str, issues: list[str]) -> bool:
    """``TORGET_CMS["editorial_workflow"]``, which needs a git host's backend."""
    if workflow not in (True, False, None):
        issues.append(_("editorial_workflow must be True or False, not %(value)r", value=workflow))
        return False
    if workflow and not backend:
        issues.append(_("editorial_workflow needs a backend (gitlab or github): it makes merge requests there"))
    return bool(workflow)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def local_root(options: CmsOptions, content_root: Path) -> Path:
    """The folder decap-server must serve (its ``GIT_REPO_DIRECTORY``): the
    one that holds the content folder (``PATH``) under :meth:`CmsOptions.folder`."""
    path = Path(content_root).resolve()
    folder = Path(options.folder(content_root))
    if path.parts[-len(folder.parts):] != folder.parts:
        raise ValueError(_("TORGET_CMS content_folder %(folder)r is not the end of the content path %(path)s",
                           folder=str(folder), path=path))
    return path.parents[len(folder.parts) - 1]


def category_names(declared: Iterable[Category], used: Iterable[str]) -> list[str]:
    """The categories the editor offers: those declared in
    ``TORGET_CATEGORIES`` (``declared``), in their order (a thread in any
    other is an error); without the setting, the ones the threads use, sorted."""
    declared = tuple(declared)
    if declared:
        return [c.name for c in declared]
    return sorted(set(used), key=lambda c: (c.casefold(), c))


def _date_field(gettext, name: str, label: str, hint: str, required: bool = True) -> dict:
    """Decap's datetime widget: a picker, "now" for a new entry, written
    as the thread format's ``2026-11-02 09:15``."""
    field = {"name": name, "label": label, "widget": "datetime", "format": _DATE_FORMAT, "required": required,
             "hint": hint, "pattern": [_DATE_PATTERN, gettext("Write the date as YYYY-MM-DD HH:MM")]}
    if required:
        field["default"] = "{{now}}"
    return field


def _date_hint(gettext) -> str:
    return gettext("Pick the day and time, or press Now. Saved as 2026-11-02 09:15.")


def _markdown_hint(gettext) -> str:
    return gettext("Markdown: `**bold**`, `_italic_`, `[link](https://…)`, a blank line between paragraphs.")


def _thread_fields(catalog: NullTranslations, categories: list[str], faq: bool) -> list[dict]:
    """The fields of a thread (``faq=False``) or a FAQ entry, in the file's order."""
    gettext, pgettext = catalog.gettext, catalog.pgettext
    types = [{"label": gettext(TYPE_NAMES[v][0]), "value": v} for v in ("question", "problem", "suggestion", "praise")]
    fields = [
        {"name": "title", "label": gettext("Title"), "widget": "string"},
        _date_field(gettext, "date", gettext("Date"), _date_hint(gettext)),
    ]
    if not faq:
        fields.append({"name": "type", "label": gettext("Type"), "widget": "select",
                       "options": types})
    fields += [
        {"name": "category", "label": gettext("Category"), "widget": "select", "options": categories},
        {"name": "tags", "label": pgettext("editor", "Tags"), "widget": "list", "required": False,
         "hint": gettext("Separate tags with commas")},
        {"name": "author", "label": (gettext("Responsible unit") if faq else gettext("Asker's name")), "widget": "string"},
        {"name": "body", "label": (gettext("The answer") if faq else gettext("The question")), "widget": "markdown",
         "hint": _markdown_hint(gettext), "modes": _MARKDOWN_MODES, "buttons": [], "editor_components": []},
    ]
    if not faq:
        fields.append(_replies_field(gettext))
    return fields + _thread_tail_fields(gettext)


def _replies_field(gettext) -> dict:
    """A thread's replies: a list of entries, each with its own fields."""
    return {
        "name": "replies", "label": gettext("Replies"), "label_singular": gettext("reply"), "widget": "list",
        "required": False, "collapsed": False, "summary": "{{fields.author}}, {{fields.date}}",
        "default": [],  # a new thread starts without replies
        "fields": [
            {"name": "author", "label": gettext("Name"), "widget": "string"},
            {"name": "role", "label": gettext("Role or title"), "widget": "string", "required": False},
            _date_field(gettext, "date", gettext("Date"), _date_hint(gettext)),
            {"name": "staff", "label": gettext("Answer from the organisation"), "widget": "boolean",
             "required": False, "default": False},
            {"name": "accepted", "label": gettext("Answers the question"), "widget": "boolean",
             "required": False, "default": False},
            {"name": "text", "label": gettext("Text"), "widget": "markdown", "hint": _markdown_hint(gettext),
             "modes": _MARKDOWN_MODES, "buttons": [], "editor_components": []},
        ],
    }


def _thread_tail_fields(gettext) -> list[dict]:
    """The optional fields after the body and replies, shared by threads and FAQ entries."""
    return [
        {"name": "summary", "label": gettext("Summary"), "widget": "text", "required": False,
         "hint": gettext("One or two sentences for listings, search and the page description (optional)")},
        _date_field(gettext, "modified", gettext("Last modified"),
                    gettext("When the organisation last edited the thread (optional)"), required=False),
        {"name": "slug", "label": gettext("Address (slug)"), "widget": "string", "required": False,
         "hint": gettext("Leave empty: the file name is the address. Only a-z, 0-9 and hyphens."),
         "pattern": [_SLUG_PATTERN, gettext("Only a-z, 0-9 and single hyphens")]},
        {"name": "archived", "label": gettext("Archived"), "widget": "boolean", "required": False, "default": False},
        {"name": "archive_reason", "label": gettext("Archive reason"), "widget": "string", "required": False},
        {"name": "locked", "label": gettext("Locked for new replies"), "widget": "boolean",
         "required": False, "default": False},
        {"name": "evergreen", "label": gettext("Evergreen (never shown as outdated)"), "widget": "boolean",
         "required": False, "default": False},
    ]


def _preview_path(pattern: str) -> dict:
    """Decap's ``preview_path`` ("Visa på webbplatsen") from a Pelican URL
    setting's ``pattern``, when ``{slug}`` (the file name) is its only field."""
    if re.sub(r"\{slug\}", "", pattern).count("{"):
        return {}
    return {"preview_path": pattern.replace("{slug}", "{{slug}}")}


def decap_config(forum, categories: Iterable[str]) -> dict:
    """Decap CMS's configuration for this forum (written to ``/admin/config.yml``):
    ``forum`` is the :class:`torget.settings.forum.ForumSettings`, ``categories``
    are those the threads use (:func:`category_names`). Each collection is the
    first folder of its kind (``ARTICLE_PATHS``, ``TORGET_FAQ_PATHS``, ``PAGE_PATHS``)."""
    options, lang = forum.cms, forum.lang
    # The labels in the forum's language, whichever language this process speaks.
    catalog = translations(lang)
    folder = options.folder(forum.content.root)
    config: dict[str, Any] = {"backend": _backend(options, catalog.gettext)}
    if options.backend and options.local_backend:
        config["local_backend"] = {"url": options.local_backend}
    config.update({
        "locale": lang,
        # a branch and a merge request per change; decap-server in its fs mode (the
        # preview) offers only "simple", and Decap switches to it there
        "publish_mode": "editorial_workflow" if options.backend and options.editorial_workflow else "simple",
        "media_folder": f"{folder}/images",
        "public_folder": "/images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
    })
    if forum.site_url:
        config["site_url"] = forum.site_url
        config["display_url"] = forum.site_url
    config["collections"] = _collections(forum, catalog, folder, category_names(forum.categories, categories))
    return config


def _backend(options: CmsOptions, gettext) -> dict[str, Any]:
    """Decap's ``backend``: the git host's, or the local proxy's alone."""
    if not options.backend:
        return {"name": "proxy", "proxy_url": options.local_backend, "branch": options.branch}
    backend: dict[str, Any] = {"name": options.backend, "repo": options.repo, "branch": options.branch}
    for key in ("base_url", "api_root", "auth_type", "app_id", "auth_endpoint", "site_domain"):
        value = getattr(options, key)
        if value:
            backend[key] = value
    if options.backend in ("gitlab", "github"):
        backend["commit_messages"] = {
            "create": gettext("Create {{collection}} “{{slug}}”"),
            "update": gettext("Update {{collection}} “{{slug}}”"),
            "delete": gettext("Delete {{collection}} “{{slug}}”"),
            "uploadMedia": gettext("Upload “{{path}}”"),
            "deleteMedia": gettext("Delete “{{path}}”"),
        }
    return backend


def _collections(forum, catalog: NullTranslations, folder: str, names: list[str]) -> list[dict]:
    """The threads, FAQ and pages collections, each in its kind's first folder."""
    gettext, pgettext = catalog.gettext, catalog.pgettext
    threads, faq, pages = (f"{folder}/{f[0]}".rstrip("/") for f in (forum.content.threads, forum.content.faq,
                                                                    forum.content.pages))
    common = {"extension": "md", "create": True, "slug": "{{slug}}", "identifier_field": "title",
              # newest first; an archived entry says so in the list, and a filter shows either kind
              "sortable_fields": [{"field": "date", "default_sort": "desc"}, "title", "category"],
              "view_filters": [{"label": gettext("Current"), "field": "archived", "pattern": False},
                               {"label": pgettext("threads", "Archived"), "field": "archived", "pattern": True}]}
    archived = "{{archived | ternary('" + gettext("[Archived]") + " ', '')}}"
    return [
        {"name": "threads", "label": gettext("Threads"), "label_singular": gettext("Thread"), "folder": threads,
         "format": "torget-thread", **common, "summary": archived + "{{title}} ({{category}}, {{date}})",
         **_preview_path(forum.article_url), "fields": _thread_fields(catalog, names, faq=False)},
        {"name": "faq", "label": gettext("FAQ"), "label_singular": pgettext("editor", "FAQ entry"), "folder": faq,
         "format": "torget-thread", **common, "summary": archived + "{{title}} ({{category}})",
         **_preview_path(forum.faq_entry_url), "fields": _thread_fields(catalog, names, faq=True)},
        {"name": "pages", "label": gettext("Pages"), "label_singular": gettext("Page"), "folder": pages,
         "format": "torget-page", "extension": "md", "create": True, "slug": "{{slug}}", "identifier_field": "title",
         **_preview_path(forum.page_url), "fields": _page_fields(gettext)},
    ]


def _page_fields(gettext) -> list[dict]:
    """The fields of a page (``PAGE_PATHS``)."""
    return [
        {"name": "title", "label": gettext("Title"), "widget": "string"},
        {"name": "slug", "label": gettext("Address (slug)"), "widget": "string", "required": False,
         "hint": gettext("Leave empty: the file name is the address. Only a-z, 0-9 and hyphens."),
         "pattern": [_SLUG_PATTERN, gettext("Only a-z, 0-9 and single hyphens")]},
        {"name": "status", "label": gettext("Status"), "widget": "select", "required": False,
         "options": [{"label": gettext("Published"), "value": "published"},
                     {"label": gettext("Hidden (reachable by link only)"), "value": "hidden"},
                     {"label": gettext("Draft"), "value": "draft"}]},
        {"name": "summary", "label": gettext("Summary"), "widget": "text", "required": False},
        {"name": "body", "label": gettext("Text"), "widget": "markdown", "hint": _markdown_hint(gettext),
         "modes": _MARKDOWN_MODES, "buttons": [], "editor_components": []},
    ]
