"""Pelican plugin: the ask page.

With ``TORGET_ASK`` and a ``TORGET_ASK_PAGE`` (default ``fraga/``),
:class:`AskPageGenerator` (registered through ``get_generators``) writes
``ask.html`` there and, beside it, ``checks.json``: the personal-data
checks' rule table (:func:`torget.editor.formchecks.personal_data_table`)
that ``theme/js/ask.js`` loads. The page has ``noindex``; at
``initialized`` it is excluded from the sitemap.
"""

from __future__ import annotations

import json
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from torget.site.sitemap import leave_out_of_sitemap, page_pattern
from torget.editor.formchecks import LIBPHONENUMBER_JS_VERSION, personal_data_table
from torget.settings.forum import ForumSettings

#: The personal-data checks' rule table, next to the page.
CHECKS_FILE = "checks.json"


def exclude_from_sitemap(pelican) -> None:
    """The page is the same for everyone and has no date: not in the sitemap."""
    url = ForumSettings.from_pelican(pelican.settings).ask_page
    if not url:
        return
    leave_out_of_sitemap(pelican.settings, [page_pattern(url)])


def checks_text(forum: ForumSettings) -> str:
    """``checks.json``: the personal-data checks' rules and messages."""
    table = personal_data_table(forum.lang, forum.allowed_contacts, forum.timezone)
    return json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


class AskPageGenerator(Generator):
    """Writes the ask page and its checks' rule table."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum = ForumSettings.from_pelican(self.settings)

    def generate_output(self, writer) -> None:
        forum = self.forum
        if not forum.ask or not forum.ask_page:
            return
        writer.write_file(
            forum.ask_page + "index.html",
            self.get_template("ask"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=forum.ask_page,
            page_name="ask",
            checks_file=CHECKS_FILE,
            libphonenumber_version=LIBPHONENUMBER_JS_VERSION,
        )
        target = Path(self.output_path) / forum.ask_page / CHECKS_FILE
        target.write_text(checks_text(forum), encoding="utf-8")


def get_generators(pelican):
    return AskPageGenerator


def register() -> None:
    signals.initialized.connect(exclude_from_sitemap)
    signals.get_generators.connect(get_generators)
