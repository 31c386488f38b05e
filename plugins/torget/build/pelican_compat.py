"""The few places Torget reaches into Pelican's or pelican-sitemap's internals.

Nothing else in ``plugins/`` may touch a private attribute of either. Each
function here was written against the versions in :data:`WRITTEN_FOR`;
:func:`unknown_versions` names an installed version that is not among them
(a test fails on it: read the upstream code again before adding it).
"""

from __future__ import annotations

from datetime import datetime
from importlib.metadata import PackageNotFoundError, version

#: Distribution → the versions the functions below were checked against.
WRITTEN_FOR = {
    "pelican": ("4.12.0",),
    "pelican-sitemap": ("1.2.2",),
}


def unknown_versions() -> list[str]:
    """``name version`` of each installed distribution not in :data:`WRITTEN_FOR`."""
    unknown = []
    for name, known in WRITTEN_FOR.items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue
        if installed not in known:
            unknown.append(f"{name} {installed}")
    return unknown


def update_links(article, html: str, siteurl: str) -> str:
    """``html`` with ``{filename}``/``{static}`` links resolved as Pelican
    resolves them in ``article.content``. Pelican offers this only for the
    content itself (``Content.get_content``), through ``_update_content``."""
    return article._update_content(html, siteurl)


def _sitemap():
    try:
        from pelican.plugins.sitemap import sitemap
    except ImportError:  # the plugin is not installed
        return None
    return sitemap.generator


def reset_sitemap() -> None:
    """Start pelican-sitemap afresh. Its one module-level generator writes
    the sitemap only when the first Pelican object of the process finishes
    (``_main_pelican``): after a run that failed, no later run in the same
    process (``torget serve``, the tests) would get a sitemap."""
    generator = _sitemap()
    if generator is not None:
        generator._main_pelican = None
        generator.page_queue = []


def date_sitemap_listings(moment: datetime) -> None:
    """The ``lastmod`` pelican-sitemap gives pages without a date of their
    own (listing pages): its generator's ``now``, otherwise the clock."""
    generator = _sitemap()
    if generator is not None:
        generator.now = moment


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


def _taxonomy_writer(generator, kind: str, items):
    import logging
    from operator import attrgetter

    from pelican.writers import FileOverwriteFailedError

    log = logging.getLogger(__name__)

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
