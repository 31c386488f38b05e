"""Removed threads: the addresses listed in ``TORGET_REMOVED``.

A thread taken back (``torget forget``) leaves its address behind: links
and search engines still lead there. Each address in ``TORGET_REMOVED``
(``"posts/<slug>/"``, as in the thread's link) gets a short page in the
forum's language instead of the 404 page (plugin ``torget_removed``).
:func:`read_removed` reads and checks the setting (the address a thread
had is ``ForumSettings.thread_url``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from torget.i18n import _

#: What an address may hold: lower-case letters, digits, ``-``, ``_``,
#: ``.`` and ``/`` (no ``..``, no query, no scheme).
_ADDRESS = re.compile(r"^(?:[a-z0-9_.-]+/)*(?:[a-z0-9_.-]+/|[a-z0-9_-]+\.html)$")


@dataclass(frozen=True)
class RemovedPage:
    """One removed thread's address and the file written there."""

    #: Relative to the site, as in the thread's link: ``posts/<slug>/``.
    url: str

    @property
    def save_as(self) -> str:
        return self.url + "index.html" if self.url.endswith("/") else self.url


_EXAMPLE = '"posts/<slug>/"'


def read_removed(value: Any) -> tuple[tuple[RemovedPage, ...], list[str]]:
    """``TORGET_REMOVED`` as pages, and every issue with it."""
    if value in (None, "", (), []):
        return (), []
    if isinstance(value, (str, Mapping)) or not isinstance(value, (list, tuple)):
        return (), [_("must be a list of addresses such as %(example)s, not %(value)r", example=_EXAMPLE, value=value)]
    pages: list[RemovedPage] = []
    issues: list[str] = []
    for entry in value:
        url = entry.strip().lstrip("/") if isinstance(entry, str) else entry
        if not isinstance(url, str) or not _ADDRESS.match(url) or ".." in url.split("/"):
            issues.append(_("%(value)r is not a thread's address relative to the site, such as %(example)s",
                            value=entry, example=_EXAMPLE))
            continue
        page = RemovedPage(url)
        if page in pages:
            issues.append(_("%(value)r is listed twice", value=entry))
            continue
        pages.append(page)
    return tuple(pages), issues

