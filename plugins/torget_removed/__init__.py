"""Pelican plugin: a page at each removed thread's address.

For each address in ``TORGET_REMOVED`` (left by ``torget forget``),
:class:`RemovedPagesGenerator` (registered through ``get_generators``)
writes ``removed.html`` ("Tråden har tagits bort", ``noindex``; excluded
from the sitemap at ``initialized``). An address still used by a thread or
page is an error at the setting's line, and the build fails.
"""

from __future__ import annotations

import logging

from pelican import signals
from pelican.generators import Generator

from torget.site.sitemap import leave_out_of_sitemap, page_pattern
from torget.i18n import _
from torget.settings.forum import ForumSettings

log = logging.getLogger(__name__)

#: The context keys of everything Pelican writes from content.
_CONTENT_KEYS = ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages")


class RemovedPagesGenerator(Generator):
    """Writes one ``removed.html`` page per ``TORGET_REMOVED`` address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum = ForumSettings.from_pelican(self.settings)
        self.removed = ()

    def generate_context(self) -> None:
        """Keep the addresses that no content file still uses; log the others as errors."""
        taken = {}
        for key in _CONTENT_KEYS:
            for content in self.context.get(key) or ():
                taken[content.save_as] = content.source_path
        kept = []
        for page in self.forum.removed:
            source = taken.get(page.save_as)
            if source is None:
                kept.append(page)
                continue
            problem = self.forum.problem("TORGET_REMOVED", _(
                "%(url)r is still the address of %(path)s; remove the file (torget forget) or the address from the list",
                url=page.url, path=source))
            log.error("%s", problem)
        self.removed = tuple(kept)

    def generate_output(self, writer) -> None:
        template = self.get_template("removed")
        for page in self.removed:
            writer.write_file(page.save_as, template, self.context, relative_urls=self.settings["RELATIVE_URLS"],
                              url=page.url, removed=page)


def exclude_from_sitemap(pelican) -> None:
    removed = ForumSettings.from_pelican(pelican.settings).removed
    if not removed:
        return
    leave_out_of_sitemap(pelican.settings, [page_pattern(page.url, whole=True) for page in removed])


def get_generators(pelican):
    return RemovedPagesGenerator


def register() -> None:
    signals.initialized.connect(exclude_from_sitemap)
    signals.get_generators.connect(get_generators)
