"""Pages pelican-sitemap leaves out, added to its public ``SITEMAP`` setting."""

from __future__ import annotations

import re
from collections.abc import Iterable


def page_pattern(url: str, whole: bool = False) -> str:
    """The ``SITEMAP["exclude"]`` pattern of the page at ``url`` (and,
    unless ``whole``, of every page below it)."""
    return "^" + re.escape(url) + ("$" if whole else "")


def leave_out_of_sitemap(settings: dict, patterns: Iterable[str]) -> None:
    """Add ``patterns`` to ``SITEMAP["exclude"]`` (each once)."""
    sitemap = dict(settings.get("SITEMAP") or {})
    excluded = list(sitemap.get("exclude", ()))
    sitemap["exclude"] = excluded + [p for p in patterns if p not in excluded]
    settings["SITEMAP"] = sitemap
