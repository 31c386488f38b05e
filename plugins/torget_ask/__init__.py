"""Pelican plugin: the ask page.

Writes ``ask.html`` at ``TORGET_ASK_PAGE`` (default ``fraga/``, ``ask/``
in English; none without ``TORGET_ASK`` or when the setting is empty).
The resident writes a title and the question; ``theme/js/ask.js`` shows
the forum's matching threads and FAQ entries while they type (the search
page's engine, ``window.torgetSearch``) and fills the channel's link with
what they wrote. Before sending it warns about personal data with the
editor's checks (``theme/js/torget-checks.js`` and the vendored
libphonenumber-js, loaded on the first input): their rule table,
:func:`torget.editor.formchecks.personal_data_table` with
``TORGET_ALLOWED_CONTACTS``, is written next to the page as
``checks.json``. Without JavaScript the page offers the channel's link.
Every "Ställ en fråga" links here (``base.html``, ``_macros.html``).

The page has ``noindex`` and is not in the sitemap. Settings read, through
:class:`torget.settings.forum.ForumSettings`: ``TORGET_ASK``, ``TORGET_ASK_PAGE``,
``TORGET_ALLOWED_CONTACTS``, ``TORGET_MATOMO_URL``, ``TORGET_MATOMO_SITE_ID``,
``DEFAULT_LANG``, ``TIMEZONE``; directly: ``RELATIVE_URLS``, ``SITEMAP``, ``OUTPUT_PATH``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pelican import signals

from torget.editor.formchecks import LIBPHONENUMBER_JS_VERSION, personal_data_table
from torget.settings.forum import ForumSettings

#: The personal-data checks' rule table, next to the page.
CHECKS_FILE = "checks.json"


def exclude_from_sitemap(pelican) -> None:
    """The page is the same for everyone and has no date: not in the sitemap."""
    url = ForumSettings.from_pelican(pelican.settings).ask_page
    if not url:
        return
    sitemap = dict(pelican.settings.get("SITEMAP") or {})
    sitemap["exclude"] = [*sitemap.get("exclude", ()), "^" + re.escape(url)]
    pelican.settings["SITEMAP"] = sitemap


def write_ask_page(generator, writer) -> None:
    forum = ForumSettings.from_pelican(generator.settings)
    if not forum.ask or not forum.ask_page:
        return
    writer.write_file(
        forum.ask_page + "index.html",
        generator.get_template("ask"),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        url=forum.ask_page,
        page_name="ask",
        checks_file=CHECKS_FILE,
        libphonenumber_version=LIBPHONENUMBER_JS_VERSION,
    )
    table = personal_data_table(forum.lang, forum.allowed_contacts, forum.timezone)
    target = Path(generator.settings["OUTPUT_PATH"]) / forum.ask_page / CHECKS_FILE
    target.write_text(json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                      encoding="utf-8")


def register() -> None:
    signals.initialized.connect(exclude_from_sitemap)
    signals.article_writer_finalized.connect(write_ask_page)
