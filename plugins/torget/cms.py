"""The browser editor at ``/admin/``: Decap CMS's configuration.

:meth:`CmsOptions.from_value` reads the value of the ``TORGET_CMS`` setting
(docs/settings.md) for :mod:`torget.schema`; plugins and commands get it
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .categories import Category
from .i18n import _

#: The vendored Decap CMS (theme/static/vendor/decap-cms-<version>/).
DECAP_VERSION = "3.16.3"
DEFAULT_LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"
BACKENDS = ("gitlab", "github")
KEYS = frozenset({
    "backend", "repo", "branch", "base_url", "api_root", "app_id", "auth_type", "auth_endpoint",
    "content_folder", "local_backend", "editorial_workflow", "url", "site_domain",
})
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?(Z|[+-]\d{2}:\d{2})?$"
_SLUG_PATTERN = r"^([a-z0-9]+(-[a-z0-9]+)*)?$"
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
        local = raw.get("local_backend", False)
        if local is True:
            local = DEFAULT_LOCAL_BACKEND
        elif local in (False, None, ""):
            local = ""
        elif not isinstance(local, str) or urlsplit(local).hostname not in ("localhost", "127.0.0.1", "::1"):
            issues.append(_("local_backend must be true, false or a URL on localhost, not %(value)r", value=local))
            local = ""
        url = text("url", "admin/").strip("/") + "/"
        if url == "/" or not re.fullmatch(r"[a-z0-9_/-]+/", url):
            issues.append(_("url must be a path such as 'admin/', not %(value)r", value=raw.get("url")))
        content_folder = text("content_folder").strip("/")
        if content_folder and (".." in Path(content_folder).parts or content_folder.startswith("/")):
            issues.append(_("content_folder must be a path inside the repository, not %(value)r", value=content_folder))
        return cls(
            backend=backend, repo=repo, branch=text("branch", "main") or "main", base_url=base_url,
            api_root=api_root, app_id=app_id, auth_type=auth_type, auth_endpoint=text("auth_endpoint"),
            site_domain=text("site_domain"), content_folder=content_folder, local_backend=local,
            editorial_workflow=bool(raw.get("editorial_workflow", False)), url=url,
        )

    def folder(self, settings: Mapping[str, Any]) -> str:
        """The content folder as a path in the repository (Decap's folders)."""
        return self.content_folder or Path(str(settings.get("PATH", "content"))).name

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


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def local_root(options: CmsOptions, settings: Mapping[str, Any]) -> Path:
    """The folder decap-server must serve (its ``GIT_REPO_DIRECTORY``): the
    one that holds the content folder under :meth:`CmsOptions.folder`."""
    path = Path(str(settings.get("PATH", "content"))).resolve()
    folder = Path(options.folder(settings))
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


_LABELS = {
    "sv": {
        "threads": "Trådar", "thread": "Tråd", "faq": "Vanliga frågor", "faq_one": "Vanlig fråga",
        "pages": "Sidor", "page": "Sida", "title": "Rubrik", "date": "Datum",
        "date_hint": "ÅÅÅÅ-MM-DD TT:MM, till exempel 2026-11-02 09:15", "date_error": "Skriv datum som ÅÅÅÅ-MM-DD TT:MM",
        "modified": "Senast ändrad", "modified_hint": "När kommunen senast ändrade tråden (valfritt, ÅÅÅÅ-MM-DD TT:MM)",
        "type": "Typ", "category": "Kategori", "tags": "Taggar", "tags_hint": "Skilj taggarna åt med kommatecken",
        "author": "Namn på den som frågar", "faq_author": "Ansvarig enhet", "slug": "Adress (slug)",
        "slug_hint": "Lämna tomt: filnamnet blir adressen. Bara a–z, 0–9 och bindestreck.",
        "slug_error": "Bara a–z, 0–9 och enkla bindestreck", "summary": "Sammanfattning",
        "summary_hint": "En eller två meningar för listor, sökning och sidans beskrivning (valfritt)",
        "archived": "Arkiverad", "archive_reason": "Skäl till arkivering", "locked": "Låst för nya svar",
        "evergreen": "Alltid aktuell (visas aldrig som inaktuell)", "body": "Frågan", "faq_body": "Svaret",
        "replies": "Svar", "reply": "svar", "reply_author": "Namn", "role": "Roll eller titel",
        "reply_date": "Datum", "staff": "Svar från kommunen", "accepted": "Löser frågan", "text": "Text",
        "status": "Status", "page_body": "Text",
        "question": "Fråga", "problem": "Problem", "suggestion": "Förslag", "praise": "Beröm",
        "published": "Publicerad", "hidden": "Dold (nås bara via länk)", "draft": "Utkast",
    },
    "en": {
        "threads": "Threads", "thread": "Thread", "faq": "FAQ", "faq_one": "FAQ entry",
        "pages": "Pages", "page": "Page", "title": "Title", "date": "Date",
        "date_hint": "YYYY-MM-DD HH:MM, for example 2026-11-02 09:15", "date_error": "Write the date as YYYY-MM-DD HH:MM",
        "modified": "Last modified", "modified_hint": "When the organisation last edited the thread (optional)",
        "type": "Type", "category": "Category", "tags": "Tags", "tags_hint": "Separate tags with commas",
        "author": "Asker's name", "faq_author": "Responsible unit", "slug": "Address (slug)",
        "slug_hint": "Leave empty: the file name is the address. Only a-z, 0-9 and hyphens.",
        "slug_error": "Only a-z, 0-9 and single hyphens", "summary": "Summary",
        "summary_hint": "One or two sentences for listings, search and the page description (optional)",
        "archived": "Archived", "archive_reason": "Archive reason", "locked": "Locked for new replies",
        "evergreen": "Evergreen (never shown as outdated)", "body": "The question", "faq_body": "The answer",
        "replies": "Replies", "reply": "reply", "reply_author": "Name", "role": "Role or title",
        "reply_date": "Date", "staff": "Answer from the organisation", "accepted": "Answers the question",
        "text": "Text", "status": "Status", "page_body": "Text",
        "question": "Question", "problem": "Problem", "suggestion": "Suggestion", "praise": "Praise",
        "published": "Published", "hidden": "Hidden (reachable by link only)", "draft": "Draft",
    },
}


def _thread_fields(t: dict, categories: list[str], faq: bool) -> list[dict]:
    def date_field(name: str, label: str, hint: str, required: bool = True) -> dict:
        return {"name": name, "label": label, "widget": "string", "required": required, "hint": hint,
                "pattern": [_DATE_PATTERN, t["date_error"]]}

    fields = [
        {"name": "title", "label": t["title"], "widget": "string"},
        date_field("date", t["date"], t["date_hint"]),
    ]
    if not faq:
        fields.append({"name": "type", "label": t["type"], "widget": "select",
                       "options": [{"label": t[v], "value": v} for v in ("question", "problem", "suggestion", "praise")]})
    fields += [
        {"name": "category", "label": t["category"], "widget": "select", "options": categories},
        {"name": "tags", "label": t["tags"], "widget": "list", "required": False, "hint": t["tags_hint"]},
        {"name": "author", "label": t["faq_author" if faq else "author"], "widget": "string"},
        {"name": "body", "label": t["faq_body" if faq else "body"], "widget": "markdown",
         "modes": ["raw", "rich_text"], "buttons": ["bold", "italic", "link", "heading-two", "heading-three",
                                                    "quote", "bulleted-list", "numbered-list"],
         "editor_components": []},
    ]
    if not faq:
        fields.append({
            "name": "replies", "label": t["replies"], "label_singular": t["reply"], "widget": "list",
            "required": False, "collapsed": False, "summary": "{{fields.author}}, {{fields.date}}",
            "fields": [
                {"name": "author", "label": t["reply_author"], "widget": "string"},
                {"name": "role", "label": t["role"], "widget": "string", "required": False},
                date_field("date", t["reply_date"], t["date_hint"]),
                {"name": "staff", "label": t["staff"], "widget": "boolean", "required": False, "default": False},
                {"name": "accepted", "label": t["accepted"], "widget": "boolean", "required": False, "default": False},
                {"name": "text", "label": t["text"], "widget": "markdown", "modes": ["raw", "rich_text"],
                 "buttons": ["bold", "italic", "link", "quote", "bulleted-list", "numbered-list"],
                 "editor_components": []},
            ],
        })
    fields += [
        {"name": "summary", "label": t["summary"], "widget": "text", "required": False, "hint": t["summary_hint"]},
        date_field("modified", t["modified"], t["modified_hint"], required=False),
        {"name": "slug", "label": t["slug"], "widget": "string", "required": False, "hint": t["slug_hint"],
         "pattern": [_SLUG_PATTERN, t["slug_error"]]},
        {"name": "archived", "label": t["archived"], "widget": "boolean", "required": False, "default": False},
        {"name": "archive_reason", "label": t["archive_reason"], "widget": "string", "required": False},
        {"name": "locked", "label": t["locked"], "widget": "boolean", "required": False, "default": False},
        {"name": "evergreen", "label": t["evergreen"], "widget": "boolean", "required": False, "default": False},
    ]
    return fields


def decap_config(options: CmsOptions, settings: Mapping[str, Any], categories: Iterable[str],
                 declared: Iterable[Category] = ()) -> dict:
    """Decap CMS's configuration for this forum (written to ``/admin/config.yml``):
    ``categories`` are those the threads use, ``declared`` those of
    ``TORGET_CATEGORIES`` (:func:`category_names`)."""
    lang = "en" if str(settings.get("DEFAULT_LANG", "sv")).startswith("en") else "sv"
    t = _LABELS[lang]
    folder = options.folder(settings)
    names = category_names(declared, categories)
    if options.backend:
        backend: dict[str, Any] = {"name": options.backend, "repo": options.repo, "branch": options.branch}
        for key in ("base_url", "api_root", "auth_type", "app_id", "auth_endpoint", "site_domain"):
            value = getattr(options, key)
            if value:
                backend[key] = value
    else:
        backend = {"name": "proxy", "proxy_url": options.local_backend, "branch": options.branch}
    if options.backend and options.backend in ("gitlab", "github"):
        backend["commit_messages"] = {
            "create": "Ny {{collection}}: {{slug}}" if lang == "sv" else "Create {{collection}} “{{slug}}”",
            "update": "Ändra {{collection}}: {{slug}}" if lang == "sv" else "Update {{collection}} “{{slug}}”",
            "delete": "Ta bort {{collection}}: {{slug}}" if lang == "sv" else "Delete {{collection}} “{{slug}}”",
            "uploadMedia": "Ladda upp {{path}}" if lang == "sv" else "Upload “{{path}}”",
            "deleteMedia": "Ta bort {{path}}" if lang == "sv" else "Delete “{{path}}”",
        }
    site_url = str(settings.get("SITEURL") or "")
    config: dict[str, Any] = {"backend": backend}
    if options.backend and options.local_backend:
        config["local_backend"] = {"url": options.local_backend}
    config.update({
        "locale": lang,
        "publish_mode": "editorial_workflow" if options.editorial_workflow else "simple",
        "media_folder": f"{folder}/images",
        "public_folder": "/images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
    })
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    common = {"extension": "md", "create": True, "slug": "{{slug}}", "identifier_field": "title",
              "sortable_fields": ["title", "date", "category"]}
    config["collections"] = [
        {"name": "threads", "label": t["threads"], "label_singular": t["thread"], "folder": f"{folder}/posts",
         "format": "torget-thread", **common, "summary": "{{title}} ({{category}}, {{date}})",
         "fields": _thread_fields(t, names, faq=False)},
        {"name": "faq", "label": t["faq"], "label_singular": t["faq_one"], "folder": f"{folder}/faq",
         "format": "torget-thread", **common, "summary": "{{title}} ({{category}})",
         "fields": _thread_fields(t, names, faq=True)},
        {"name": "pages", "label": t["pages"], "label_singular": t["page"], "folder": f"{folder}/pages",
         "format": "torget-page", "extension": "md", "create": True, "slug": "{{slug}}", "identifier_field": "title",
         "fields": [
             {"name": "title", "label": t["title"], "widget": "string"},
             {"name": "slug", "label": t["slug"], "widget": "string", "required": False, "hint": t["slug_hint"],
              "pattern": [_SLUG_PATTERN, t["slug_error"]]},
             {"name": "status", "label": t["status"], "widget": "select", "required": False,
              "options": [{"label": t[v], "value": v} for v in ("published", "hidden", "draft")]},
             {"name": "summary", "label": t["summary"], "widget": "text", "required": False},
             {"name": "body", "label": t["page_body"], "widget": "markdown", "modes": ["raw", "rich_text"],
              "editor_components": []},
         ]},
    ]
    return config
