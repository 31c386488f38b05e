"""Read reports from Matomo's Reporting API (``index.php?module=API``).

One function, :func:`report`, asks for one method's report for a period as
JSON and returns its rows. The token goes in the POST body (never in the
address, where server logs would keep it). Every way it can fail, whether
the network, a slow answer, an HTTP error, Matomo's own
``{"result": "error", "message": …}``, or an answer that is not a report,
raises :class:`MatomoError` with a short code and the details, never
anything else.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from torget.i18n import _
from torget.model import TorgetError


class MatomoError(TorgetError):
    """A report could not be read: ``code`` is one of ``network``,
    ``timeout``, ``token``, ``http``, ``matomo`` and ``malformed``."""

    def __init__(self, code: str, detail: str):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Period:
    """Matomo's ``period`` and ``date`` parameters for a range of days."""

    first: str  # YYYY-MM-DD
    last: str

    def params(self) -> dict[str, str]:
        return {"period": "range", "date": f"{self.first},{self.last}"}


def _post(url: str, body: bytes, timeout: float) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read() or b""
    except (TimeoutError, socket.timeout):
        raise MatomoError("timeout", _("no answer within %(seconds)g s", seconds=timeout)) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, (TimeoutError, socket.timeout)):
            raise MatomoError("timeout", _("no answer within %(seconds)g s", seconds=timeout)) from None
        raise MatomoError("network", str(error.reason)) from None
    except OSError as error:
        raise MatomoError("network", str(error)) from None


def report(base: str, site: str, token: str, method: str, period: Period,
           timeout: float = 30.0, **params: str) -> list[dict]:
    """The rows of ``method``'s report (``Actions.getSiteSearchKeywords`` …).

    ``base`` is the Matomo address ending in ``/`` (``TORGET_MATOMO_URL``).
    """
    query = {"module": "API", "method": method, "idSite": site, "format": "JSON", "filter_limit": "-1",
             **period.params(), **params}
    status, body = _post(base + "index.php?" + urlencode(query), urlencode({"token_auth": token}).encode(),
                         timeout)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    if isinstance(data, dict) and data.get("result") == "error":
        message = str(data.get("message", ""))[:300]
        token_words = ("token", "access", "authenticat", "login")
        if status in (401, 403) or any(word in message.lower() for word in token_words):
            raise MatomoError("token", message)
        raise MatomoError("matomo", message)
    if status in (401, 403):
        raise MatomoError("token", f"HTTP {status}")
    if status != 200:
        raise MatomoError("http", f"HTTP {status}")
    if not isinstance(data, list) or not all(_is_row(row) for row in data):
        raise MatomoError("malformed", _("%(method)s did not answer with a list of rows", method=method))
    return data


def _is_row(row) -> bool:
    return isinstance(row, dict) and isinstance(row.get("label"), (str, int, float)) and (
        "subtable" not in row or (isinstance(row["subtable"], list) and all(_is_row(r) for r in row["subtable"])))
