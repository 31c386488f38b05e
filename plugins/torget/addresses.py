"""A forum's addresses: a page's URL under the site's address, and a reply's anchor."""

from __future__ import annotations

import re

#: A reply's anchor on its thread's page: ``svar-1`` for the first reply.
REPLY_ANCHOR = "svar-{number}"
#: Any reply's anchor (and the prefix of the ids inside it, ``svar-1-fn:1``).
REPLY_ANCHOR_PATTERN = re.escape(REPLY_ANCHOR).replace(r"\{number\}", r"\d+")


def reply_anchor(number: int) -> str:
    """The anchor of the reply ``number`` (from 1) on its thread's page."""
    return REPLY_ANCHOR.format(number=number)


def site_link(base: str, path: str) -> str:
    """``path`` (a page's ``url``) under the site's address ``base``
    (``SITEURL``); root-relative when the site has no address."""
    path = path.lstrip("/")
    return f"{base.rstrip('/')}/{path}" if base else f"/{path}"
