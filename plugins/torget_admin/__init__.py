"""Pelican plugin: the browser editor at ``/admin/`` (Decap CMS).

When ``TORGET_CMS`` enables it, :class:`AdminGenerator` (registered through
``get_generators``) writes ``admin/index.html`` from the ``admin.html``
template (``noindex``; the vendored Decap CMS, the Torget file format and
the form's checks with their rule table) and ``admin/config.yml``, Decap's
configuration from :func:`torget.editor.cms.decap_config`. At
``initialized`` the page is excluded from the sitemap or, without the
editor, the unused vendored folders are added to ``IGNORE_FILES``.
"""

from __future__ import annotations

import json
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from torget.site.sitemap import leave_out_of_sitemap, page_pattern
from torget.editor.cms import DECAP_VERSION, decap_config
from torget.editor.formchecks import LIBPHONENUMBER_JS_VERSION, browser_table, with_checks
from torget.i18n import _, pgettext, type_name
from torget.model import ThreadType
from torget.settings.forum import ForumSettings


def leave_out_unused_scripts(pelican) -> None:
    """Without the editor, keep its vendored Decap CMS (and libphonenumber-js,
    unless the ask page loads it) out of the output: Pelican's copy of the
    theme's static files honours ``IGNORE_FILES``."""
    settings = pelican.settings
    forum = ForumSettings.from_pelican(settings)
    if forum.cms.enabled:
        return
    unused = [f"decap-cms-{DECAP_VERSION}"]
    if not (forum.ask and forum.ask_page):
        unused.append(f"libphonenumber-js-{LIBPHONENUMBER_JS_VERSION}")
    settings["IGNORE_FILES"] = [*settings.get("IGNORE_FILES", ()), *unused]


def exclude_from_sitemap(pelican) -> None:
    """The editor's page is for editors: not in the sitemap."""
    options = ForumSettings.from_pelican(pelican.settings).cms
    if options.enabled:
        leave_out_of_sitemap(pelican.settings, [page_pattern(options.url)])


def _categories(context) -> set[str]:
    """The categories of every thread and FAQ entry read, archived ones and drafts too."""
    articles = [*context.get("articles", ()), *context.get("hidden_articles", ()), *context.get("drafts", ())]
    return {str(a.category) for a in articles if getattr(a, "category", None)}


def preview_labels(forum: ForumSettings) -> dict:
    """The site's own words for the editor's preview (admin.js)."""
    organisation = forum.organisation
    return {
        "types": {kind.value: type_name(kind.value) for kind in ThreadType},
        "faq": pgettext("entry", "FAQ"), "replies": _("Replies"), "accepted": _("Solves the question"), "locked": _("Locked"),
        "staff": _("Answer from %(org)s", org=organisation), "asked_by": _("Posted by %(author)s", author="{author}"),
        "archived": _("This thread is archived: it no longer applies and is kept for reference only. It was last updated %(date)s.", date="{date}").split(". ")[0] + ".", "archive_reason": _("Why: %(reason)s", reason="{reason}"),
        "tags": _("Tags"),
    }


def checks_table(forum: ForumSettings) -> dict:
    """The rules and messages of the form's checks (torget-checks.js)."""
    return browser_table(forum.lang, forum.allowed_contacts, [c.name for c in forum.categories], forum.timezone)


def config_text(config: dict, url: str) -> str:
    """``config.yml``: Decap's configuration as JSON, which is YAML."""
    return (
        "# Decap CMS configuration for /" + url + ", written by Torget's torget_admin plugin\n"
        "# from TORGET_CMS (docs/settings.md). JSON is YAML: Decap reads it as it is.\n"
        + json.dumps(config, ensure_ascii=False, indent=2) + "\n"
    )


class AdminGenerator(Generator):
    """Writes the editor's page and its Decap configuration."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum = ForumSettings.from_pelican(self.settings)

    def generate_output(self, writer) -> None:
        options = self.forum.cms
        if not options.enabled:
            return
        writer.write_file(
            options.save_as,
            self.get_template("admin"),
            self.context,
            relative_urls=False,
            decap_version=DECAP_VERSION,
            cms_config_url="config.yml",
            preview_labels=json.dumps(preview_labels(self.forum), ensure_ascii=False, sort_keys=True),
            libphonenumber_version=LIBPHONENUMBER_JS_VERSION,
            checks_table=json.dumps(checks_table(self.forum), ensure_ascii=False, sort_keys=True),
        )
        config = with_checks(decap_config(self.forum, _categories(self.context)))
        target = Path(self.output_path) / options.url / "config.yml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(config_text(config, options.url), encoding="utf-8")


def get_generators(pelican):
    return AdminGenerator


def register() -> None:
    signals.initialized.connect(leave_out_unused_scripts)
    signals.initialized.connect(exclude_from_sitemap)
    signals.get_generators.connect(get_generators)
