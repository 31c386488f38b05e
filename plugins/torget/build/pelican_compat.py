"""Where Torget depends on Pelican beyond its public extension points.

(The top part and the version check belong to the build path; the block
at the end is the site layer's.)
"""

from __future__ import annotations


# --- Site layer (torget_listings) ---------------------------------------------
# Pelican 4.12's ArticlesGenerator.generate_tags / generate_categories /
# generate_authors compute each page's `dates` as
# `[a for a in self.dates if a in articles]` (a list scan per article)
# before they look at the page's save_as, so even a page type switched off
# with `*_SAVE_AS = ""` costs a scan of every article for every tag,
# category and author: quadratic in the number of threads. No public
# setting or signal skips that loop without also losing Pelican's
# category and tag feeds, which the same generate_output call writes just
# before. linear_taxonomy_pages() gives the generator versions that make
# the same writer calls in linear time, with upstream's handling of pages
# that would overwrite another.

import logging
from operator import attrgetter

log = logging.getLogger(__name__)


def _taxonomy_writer(generator, kind: str, items):
    from pelican.writers import FileOverwriteFailedError

    def generate(write) -> None:
        template = generator.get_template(kind)
        newest_first = generator.context["NEWEST_FIRST_ARCHIVES"]
        for name, articles in items():
            # Pelican's `dates` is `articles` in the order of the date-sorted
            # list of all articles; both sorts are stable, so this is equal.
            dates = sorted(articles, key=attrgetter("date"), reverse=newest_first)
            try:
                write(name.save_as, template, generator.context, url=name.url, articles=articles, dates=dates,
                      template_name=kind, blog=True, page_name=name.page_name, all_articles=generator.articles,
                      **{kind: name})
            except FileOverwriteFailedError:
                if name.slug:
                    log.error('Failed to write %s page for "%s".', kind.capitalize(), name)
                    raise
                log.info('%s "%s" has an invalid slug; skipping writing its page...', kind.capitalize(), name)

    return generate


def linear_taxonomy_pages(generator) -> None:
    """Give an ArticlesGenerator linear tag, category and author pages."""
    generator.generate_tags = _taxonomy_writer(generator, "tag", lambda: generator.tags.items())
    generator.generate_categories = _taxonomy_writer(generator, "category", lambda: generator.categories)
    generator.generate_authors = _taxonomy_writer(generator, "author", lambda: generator.authors)
