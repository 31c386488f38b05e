"""Download a Kundo forum through its public API: ``torget import kundo --api SLUG``.

Saves the responses as they came, in the export layout that
:mod:`torget.importers.kundo` reads: politely, retrying what may pass,
checking each response and writing it atomically, so a stopped download
resumes. The layout, retries and limits are in docs/import-export.md.
"""

from __future__ import annotations

import email.utils
import http.client
import itertools
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from torget.atomic import atomic_write
from torget.i18n import _
from torget.importers.kundo import MAX_ID_DIGITS
from torget.importers.safejson import JSONProblem, loads
from torget.model import TorgetError

DEFAULT_BASE = "https://kundo.se"
#: Dialogs and comments per response: Kundo's own limit.
PAGE_SIZE = 50
#: Most pages fetched for one list (dialogs, or one dialog's comments):
#: 250,000 dialogs, far more than any forum, so that no loop is endless.
MAX_PAGES = 5_000
#: Largest response read, in bytes.
MAX_RESPONSE = 64 << 20
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class FetchError(TorgetError):
    """A request failed for good; ``url`` is what was asked for."""

    def __init__(self, url: str, message: str, fatal: bool = True):
        super().__init__(f"{url}: {message}")
        self.url, self.message, self.fatal = url, message, fatal
        self.path = url

    def text(self) -> str:
        return self.message


def _user_agent() -> str:
    try:
        return f"torget/{version('torget')} (Kundo import; Python urllib)"
    except PackageNotFoundError:  # pragma: no cover - running from a checkout without install
        return "torget (Kundo import; Python urllib)"


@dataclass
class Client:
    """Polite, patient GET requests for JSON."""

    #: Seconds to wait for the server to answer (and between bytes).
    timeout: float = 30.0
    #: Tries after the first one, for failures that may pass.
    retries: int = 5
    #: First pause before trying again, doubled each time.
    backoff: float = 2.0
    #: Longest pause before trying again; a longer Retry-After is an error.
    max_wait: float = 300.0
    #: Pause between two requests.
    pause: float = 0.2
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0
    #: ``(url, what happened)`` for every try that failed and was repeated.
    retried: list[tuple[str, str]] = field(default_factory=list)
    _last: float = 0.0

    def get(self, url: str, check: Callable[[Any], str]) -> bytes:
        """The body of ``url``; ``check(value)`` says what is wrong with its JSON."""
        failure = ""
        for attempt in range(self.retries + 1):
            if attempt:
                wait = min(self.backoff * 2 ** (attempt - 1), self.max_wait)
                if retry_after is not None:
                    if retry_after > self.max_wait:
                        raise FetchError(url, _("%(failure)s; the server asks to wait %(wait)s s (Retry-After), "
                                                "more than %(most)s s: try again later", failure=failure,
                                                wait=format(retry_after, ".0f"), most=format(self.max_wait, ".0f")))
                    wait = max(wait, retry_after)
                self.retried.append((url, failure))
                self.sleep(wait)
            elif self.pause and self._last:
                self.sleep(max(0.0, self.pause - (time.monotonic() - self._last)))
            retry_after = None
            self.requests += 1
            try:
                body = self._fetch(url)
            except urllib.error.HTTPError as error:
                failure = f"HTTP {error.code} {error.reason}"
                error.close()
                if error.code not in _RETRY_STATUS:
                    raise FetchError(url, failure, fatal=False) from None
                retry_after = _retry_after(error.headers.get("Retry-After"))
                continue
            except (TimeoutError, socket.timeout):
                failure = _("no answer within %(seconds)s s", seconds=format(self.timeout, "g"))
                continue
            except http.client.IncompleteRead as error:
                failure = _("the response was cut short after %(size)s bytes", size=len(error.partial))
                continue
            except (urllib.error.URLError, http.client.HTTPException, ConnectionError, OSError) as error:
                reason = getattr(error, "reason", error)
                failure = _("cannot connect (%(reason)s)", reason=reason)
                continue
            finally:
                self._last = time.monotonic()
            try:
                problem = check(loads(body.decode("utf-8")))
            except JSONProblem as error:
                problem = _("%(problem)s (line %(line)s): a truncated or broken response", problem=error.message, line=error.line)
            except UnicodeDecodeError:
                problem = _("not UTF-8 text: a broken response")
            if not problem:
                return body
            failure = problem
        raise FetchError(url, _("gave up after %(tries)s tries: %(failure)s", tries=self.retries + 1, failure=failure))

    def _fetch(self, url: str) -> bytes:
        """One GET; a body that trickles in for longer than 10 time-outs is a time-out too."""
        request = urllib.request.Request(url, headers={"User-Agent": _user_agent(), "Accept": "application/json"})
        deadline = time.monotonic() + 10 * self.timeout
        parts, size = [], 0
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (http(s) only, checked)
            while block := response.read1(1 << 16):  # returns what one read gives: the deadline is checked
                parts.append(block)
                size += len(block)
                if size > MAX_RESPONSE:
                    raise FetchError(url, _("the response is larger than %(size)s MB; a Kundo page of 50 dialogs is far smaller",
                                            size=MAX_RESPONSE >> 20))  # not retried: it would be as large again
                if time.monotonic() > deadline:
                    raise TimeoutError
            promised = response.headers.get("Content-Length", "")
        body = b"".join(parts)
        if promised.isdigit() and len(body) < int(promised):
            raise http.client.IncompleteRead(body, int(promised) - len(body))
        return body


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds: a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, (moment - datetime.now(timezone.utc)).total_seconds())


# --- what each response must be ------------------------------------------------


def _a_list(value: Any) -> str:
    if not isinstance(value, list):
        return _("expected a JSON list, got %(type)s", type=type(value).__name__)
    return ""


def _properties(value: Any) -> str:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return "" if isinstance(value, dict) else "expected the forum's properties (one JSON object)"


def _saved(path: Path, check: Callable[[Any], str]) -> Any:
    """The value of a response saved before, or ``None`` when it must be fetched."""
    try:
        value = loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, JSONProblem):
        return None
    return None if check(value) else value


# --- the download --------------------------------------------------------------


@dataclass
class Download:
    """What a download did."""

    folder: Path
    fetched: int = 0
    reused: int = 0
    dialogs: int = 0
    #: Requests that failed for good but did not stop the download.
    errors: list[FetchError] = field(default_factory=list)


def api_urls(base: str, slug: str) -> dict[str, str]:
    """The URL patterns of Kundo's public API for one forum."""
    root = base.rstrip("/")
    quoted = urllib.parse.quote(slug)
    return {
        "properties": f"{root}/api/properties/{quoted}.json",
        "dialogs": f"{root}/api/{quoted}.json?start={{start}}",
        "comments": f"{root}/api/comment/{quoted}/{{ident}}.json?start={{start}}",
    }


def check_base(base: str) -> str:
    """Why ``base`` is not a usable API address, or ``""``."""
    parts = urllib.parse.urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return _("--base %(value)r must be an http:// or https:// address such as %(example)s", value=base, example=DEFAULT_BASE)
    return ""


def download(slug: str, folder: Path, *, base: str = DEFAULT_BASE, client: Client | None = None,
             progress: Callable[[Iterable, str], Iterator] | None = None) -> Download:
    """Save forum ``slug``'s properties, dialogs and comments into ``folder``.

    Raises :class:`FetchError` when a request fails for good (the files
    saved so far stay, so the same call resumes). ``progress(items,
    label)`` wraps the loops (a progress bar).
    """
    client = client or Client()
    urls = api_urls(base, slug)
    result = Download(Path(folder))
    folder = Path(folder)
    wrap = progress or (lambda items, label: iter(items))

    def fetch(url: str, path: Path, check: Callable[[Any], str]) -> Any:
        value = _saved(path, check)
        if value is not None:
            result.reused += 1
            return value
        body = client.get(url, check)
        atomic_write(path, body)
        result.fetched += 1
        return loads(body.decode("utf-8"))

    fetch(urls["properties"], folder / "properties.json", _properties)
    dialogs = _fetch_dialogs(fetch, urls["dialogs"], folder, wrap)
    result.dialogs = len(dialogs)
    for ident in wrap(_commented(dialogs), _("Fetching comments")):
        try:
            _fetch_comments(fetch, urls["comments"], folder, ident)
        except FetchError as error:
            if error.fatal:
                raise
            result.errors.append(error)
    return result


def _fetch_dialogs(fetch: Callable, url_pattern: str, folder: Path, wrap: Callable) -> list[Any]:
    """Every dialog, page by page until a page is not full (at most :data:`MAX_PAGES`)."""
    dialogs: list[Any] = []
    previous = None
    for number in wrap(itertools.islice(itertools.count(1), MAX_PAGES), _("Fetching dialog pages")):
        url = url_pattern.format(start=(number - 1) * PAGE_SIZE)
        page = fetch(url, folder / "dialogs" / f"page-{number}.json", _a_list)
        if page and page == previous:
            raise FetchError(url, _("the same dialogs as page %(page)s: the server does not page with start=", page=number - 1))
        dialogs += page
        previous = page
        if len(page) < PAGE_SIZE:
            return dialogs
    raise FetchError(url_pattern.format(start=MAX_PAGES * PAGE_SIZE), _("more than %(most)s pages; stopped", most=MAX_PAGES))


def _commented(dialogs: list[Any]) -> list[str]:
    """The ids of the dialogs that may have comments, once each, in order."""
    wanted = []
    for dialog in dialogs:
        ident = dialog.get("id") if isinstance(dialog, dict) else None
        ident = str(ident) if isinstance(ident, int) and not isinstance(ident, bool) and ident >= 0 else ident
        if not (isinstance(ident, str) and ident.isascii() and ident.isdigit() and len(ident) <= MAX_ID_DIGITS):
            continue  # the import reports the dialog
        if dialog.get("num_comments") != 0 and ident not in wanted:
            wanted.append(ident)
    return wanted


def _fetch_comments(fetch: Callable, url_pattern: str, folder: Path, ident: str) -> None:
    """One dialog's comments, page by page until a page is not full."""
    previous = None
    for number in range(1, MAX_PAGES + 1):
        url = url_pattern.format(ident=ident, start=(number - 1) * PAGE_SIZE)
        name = f"{ident}.json" if number == 1 else f"{ident}-page-{number}.json"
        page = fetch(url, folder / "comments" / name, _a_list)
        if page and page == previous:
            raise FetchError(url, _("the same comments as start=%(start)s: the server does not page with start=",
                                    start=(number - 2) * PAGE_SIZE))
        previous = page
        if len(page) < PAGE_SIZE:
            return
