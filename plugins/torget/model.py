"""Typed dataclasses for the forum: threads, replies and content problems.

Every error Torget raises on purpose derives from :class:`TorgetError`; what
it says is one or more :class:`Problem` values, which the ``torget`` command
prints as ``path:line: message``.

These are plain values: parsing lives in :mod:`torget.format.parsing`, time-based
decisions in :mod:`torget.site.relevance`. Objects are frozen so that plugins can
share them without one changing what another sees.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime

from torget.i18n import _


class ThreadType(str, enum.Enum):
    """What a visitor posted. FAQ entries have no type."""

    QUESTION = "question"
    PROBLEM = "problem"
    SUGGESTION = "suggestion"
    PRAISE = "praise"


class Kind(str, enum.Enum):
    """What a thread file is, by its folder: a thread or an FAQ entry
    (``TORGET_FAQ_PATHS`` says which of ``ARTICLE_PATHS`` hold FAQ entries)."""

    THREAD = "thread"
    FAQ = "faq"


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located at a file and line."""

    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        prefix = _("warning: ") if self.severity is Severity.WARNING else ""
        where = f"{self.path}:{self.line}: " if self.path and self.line else f"{self.path}: " if self.path else ""
        return f"{where}{prefix}{self.message}"


class TorgetError(Exception):
    """The base of every error Torget raises on purpose: bad input, a
    refusal, a service that did not answer; never a fault in Torget.

    :meth:`problems_found` says what went wrong as :class:`Problem` values
    (``path`` and ``line`` when the error knows where); the ``torget``
    command prints them and exits non-zero, without a traceback.
    """

    #: Where the problem is (a file, a URL, a folder), when known.
    path: str = ""
    #: Its line in ``path``; 0 when the error is about the whole of it.
    line: int = 0

    def text(self) -> str:
        """The message, in the language in use."""
        return str(self)

    def problems_found(self) -> list[Problem]:
        return [Problem(str(self.path or ""), self.line, self.text())]


class ContentError(TorgetError):
    """Raised when content cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def problems_found(self) -> list[Problem]:
        return list(self.problems)


class MessageError(TorgetError):
    """A :class:`TorgetError` whose ``message`` is an English msgid with
    ``values``, translated when it is shown (:meth:`text`)."""

    def __init__(self, message: str, /, **values: object):
        super().__init__(message)
        self.message, self.values = message, values

    def text(self) -> str:
        return _(self.message, **self.values)


@dataclass(frozen=True)
class Reply:
    """A reply to a thread, in the order it appears in the file."""

    author: str
    date: datetime
    body: str
    role: str = ""
    avatar: str = ""
    staff: bool = False
    accepted: bool = False
    line: int = 0


@dataclass(frozen=True)
class Thread:
    """A thread or FAQ entry: the question with its metadata and replies."""

    source_path: str
    kind: Kind
    title: str
    date: datetime
    category: str
    author: str
    slug: str
    body: str
    type: ThreadType | None = None
    modified: datetime | None = None
    tags: tuple[str, ...] = ()
    votes: int = 0
    views: int = 0
    archived: bool = False
    archive_reason: str = ""
    locked: bool = False
    evergreen: bool = False
    summary: str = ""
    replies: tuple[Reply, ...] = ()
    #: Metadata keys Torget does not interpret (importers' ``Source-*`` keys,
    #: and unknown keys, which also raise a warning), in file order.
    extra: tuple[tuple[str, str], ...] = ()
    #: Line number of each metadata key (lower-case) in the source file.
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    #: A hash of what the thread was parsed from (path, kind, time zone and
    #: text; :func:`torget.format.parsing.parse_thread`): equal hashes mean equal
    #: threads, for the same parser. Empty for threads made in code.
    source_digest: str = field(default="", compare=False, hash=False, repr=False)

    @property
    def is_faq(self) -> bool:
        return self.kind is Kind.FAQ

    @cached_property
    def staff_replies(self) -> tuple[Reply, ...]:
        return tuple(r for r in self.replies if r.staff)

    @property
    def accepted_reply(self) -> Reply | None:
        return next((r for r in self.replies if r.accepted), None)

    @cached_property
    def last_activity(self) -> datetime:
        """Latest of the question, any reply and ``Modified``.

        This is what relevance decay and the "latest" lists count from.
        """
        dates = [self.date, *(r.date for r in self.replies)]
        if self.modified:
            dates.append(self.modified)
        return max(dates)

    @cached_property
    def age_anchor(self) -> datetime:
        """Latest of the question, the latest staff reply and ``Modified``.

        A thread is "old" when this is older than the forum's threshold:
        a visitor's later "thanks" does not make an answer current again.
        """
        dates = [self.date, *(r.date for r in self.staff_replies)]
        if self.modified:
            dates.append(self.modified)
        return max(dates)

    @property
    def first_staff_reply(self) -> Reply | None:
        return min(self.staff_replies, key=lambda r: r.date, default=None)
