"""Pelican plugin: the browser editor at ``/admin/`` (Decap CMS).

When ``TORGET_CMS`` names a backend (GitLab or GitHub) or a local backend
(decap-server, for the preview), the plugin writes

- ``admin/index.html`` from the ``admin.html`` template: the editor's
  page, ``noindex``, loading the vendored Decap CMS
  (``theme/vendor/decap-cms-<version>/``), the Torget file format
  (``theme/js/torget-format.js``), the form's checks (libphonenumber-js,
  ``theme/js/torget-checks.js`` and ``torget-check-widgets.js``, with
  their rule table from :func:`torget.editor.formchecks.browser_table` in a
  ``meta`` element) and ``theme/js/admin.js``, which registers the format
  and starts Decap;
- ``admin/config.yml``: Decap's configuration from
  :func:`torget.editor.cms.decap_config`: the backend, and collections for
  threads, FAQ entries and pages with the forum's categories (those
  declared in ``TORGET_CATEGORIES``; without it, those of the threads
  read in this build), the checked fields marked by
  :func:`torget.editor.formchecks.with_checks`.

The page is no article or page of Pelican's, so it is in no feed, listing
or search index; the plugin adds its URL to the sitemap's ``exclude``
list. Without ``TORGET_CMS`` nothing is written, and the vendored Decap
CMS folder is not copied into the output, nor libphonenumber-js's unless
the ask page (``torget_ask``) loads it too (their names are added to
``IGNORE_FILES``, which Pelican's copy of the theme's files honours). A
``TORGET_CMS`` with mistakes is an error of the settings
(:mod:`torget.settings.schema`): ``torget check`` and ``torget build`` refuse it.

Signals: ``initialized`` (sitemap exclusion or ``IGNORE_FILES``), ``article_writer_finalized``
(writes the two files, with the categories of the article generator's
threads and FAQ entries).

Settings read, through :class:`torget.settings.forum.ForumSettings`:
``TORGET_CMS``, ``TORGET_CATEGORIES``, ``TORGET_ORGANISATION``,
``TORGET_ALLOWED_CONTACTS``, ``DEFAULT_LANG``, ``TIMEZONE``; directly: ``PATH``, ``SITEURL``, ``SITEMAP``,
``IGNORE_FILES``, ``OUTPUT_PATH``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pelican import signals

from torget.editor.cms import DECAP_VERSION, decap_config
from torget.editor.formchecks import LIBPHONENUMBER_JS_VERSION, browser_table, with_checks
from torget.i18n import _, pgettext, type_name
from torget.model import ThreadType
from torget.settings.forum import ForumSettings


def configure(pelican) -> None:
    """Keep /admin/ out of the sitemap, or, without the editor, its 6 MB
    of Decap CMS out of the output."""
    settings = pelican.settings
    forum = ForumSettings.from_pelican(settings)
    options = forum.cms
    if not options.enabled:
        # Pelican copies the theme's static files past IGNORE_FILES' names
        unused = [f"decap-cms-{DECAP_VERSION}"]
        if not (forum.ask and forum.ask_page):
            unused.append(f"libphonenumber-js-{LIBPHONENUMBER_JS_VERSION}")
        settings["IGNORE_FILES"] = [*settings.get("IGNORE_FILES", ()), *unused]
        return
    sitemap = dict(settings.get("SITEMAP") or {})
    pattern = "^" + re.escape(options.url)
    if pattern not in sitemap.get("exclude", ()):
        sitemap["exclude"] = [*sitemap.get("exclude", ()), pattern]
    settings["SITEMAP"] = sitemap


def _categories(generator) -> set[str]:
    """The categories of every thread and FAQ entry read, archived ones too."""
    articles = [*generator.articles, *getattr(generator, "hidden_articles", ()), *getattr(generator, "drafts", ())]
    return {str(a.category) for a in articles if getattr(a, "category", None)}


def preview_labels(settings) -> dict:
    """The site's own words for the editor's preview (admin.js)."""
    forum = ForumSettings.from_pelican(settings)
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


def write_admin(generator, writer) -> None:
    settings = generator.settings
    forum = ForumSettings.from_pelican(settings)
    options = forum.cms
    if not options.enabled:
        return
    config = with_checks(decap_config(forum, _categories(generator)))
    writer.write_file(
        options.save_as,
        generator.get_template("admin"),
        generator.context,
        relative_urls=False,
        decap_version=DECAP_VERSION,
        cms_config_url="config.yml",
        preview_labels=json.dumps(preview_labels(settings), ensure_ascii=False, sort_keys=True),
        libphonenumber_version=LIBPHONENUMBER_JS_VERSION,
        checks_table=json.dumps(checks_table(forum), ensure_ascii=False, sort_keys=True),
    )
    target = Path(settings["OUTPUT_PATH"]) / options.url / "config.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = (
        "# Decap CMS configuration for /" + options.url + ", written by Torget's torget_admin plugin\n"
        "# from TORGET_CMS (docs/settings.md). JSON is YAML: Decap reads it as it is.\n"
        + json.dumps(config, ensure_ascii=False, indent=2) + "\n"
    )
    target.write_text(text, encoding="utf-8")


def register() -> None:
    signals.initialized.connect(configure)
    signals.article_writer_finalized.connect(write_admin)
