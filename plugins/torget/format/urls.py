"""URLs as a browser reads them, and the check of URLs given in a header.

:func:`url_scheme` is shared with the HTML allow-list
(:mod:`torget.html.sanitize`); :func:`metadata_url_problem` checks values
such as a reply's ``Avatar:``.
"""

from __future__ import annotations

import re

from torget.i18n import _
from torget.model import Severity

#: Schemes an image may have (besides a relative source).
IMAGE_SCHEMES = frozenset({"http", "https"})
_IGNORED = re.compile(r"[\t\n\r]")
_STRIPPED = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + " "
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_URL_JUNK = re.compile(r"[\s\x00-\x1f\x7f\"'<>\\`]")


def url_scheme(url: str) -> str | None:
    """The scheme of a URL as a browser reads it (``None`` when relative).

    Browsers strip leading and trailing spaces and control characters
    and drop tabs and line breaks anywhere (``java\\tscript:``).
    """
    match = _SCHEME.match(_IGNORED.sub("", url).strip(_STRIPPED))
    return match.group(1).lower() if match else None


def metadata_url_problem(key: str, value: str, site_path: bool = True) -> tuple[Severity, str] | None:
    """What is wrong with a URL given in a header (``Avatar:``), if anything.

    A URL must be a site path (``/images/…``; only with ``site_path``) or
    an ``http(s)`` address without spaces, quotes or control characters.
    (A picture on another host is valid, but the recommended
    Content-Security-Policy blocks it unless its ``img-src`` names the
    host: docs/deploying.md. Imported avatars are such addresses.)
    """
    shown = value if len(value) <= 60 else value[:57] + "..."
    expected = (_("a site path such as %(path)s or an https:// address", path="/images/staff/sara.png") if site_path
                else _("an https:// address"))
    if _URL_JUNK.search(value):
        return Severity.ERROR, _("%(key)s %(value)r has spaces, quotes or control characters (expected %(expected)s)",
                                 key=key, value=shown, expected=expected)
    scheme = url_scheme(value)
    if scheme is None and not value.startswith("//"):
        if site_path and value.startswith("/"):
            return None
        return Severity.ERROR, _("%(key)s %(value)r is not a URL (expected %(expected)s)", key=key, value=shown, expected=expected)
    if scheme not in (None, *IMAGE_SCHEMES):
        return Severity.ERROR, _("%(key)s %(value)r has the scheme %(scheme)s: (expected %(expected)s)",
                                 key=key, value=shown, scheme=scheme, expected=expected)
    return None
