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
