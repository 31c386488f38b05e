"""Strict, bounded JSON reading for the importers.

Python's :func:`json.loads` accepts what JSON does not (``NaN``,
``Infinity``, a key given twice, of which it keeps the last), turns a
5,000-digit number into a ``ValueError`` from ``int`` and a hundred thousand
nested ``[`` into a ``RecursionError``. Import files come from elsewhere,
so here

- a file of records (a JSON list, or a list under one key of a top-level
  object) is first cut into its records by a linear scan that only follows
  strings and brackets, then each record is decoded on its own: one broken
  record is reported at its line and the others are read;
- a record nested deeper than :data:`MAX_DEPTH` levels is refused before it
  is decoded, so decoding never recurses deeply;
- ``NaN``, ``Infinity``, duplicate keys, numbers longer than
  :data:`MAX_NUMBER` characters, numbers too large for a float and lone
  surrogates (``"\\ud800"``, not Unicode) are refused with what and where.

A file that cannot be followed raises :class:`JSONProblem` with the 1-based
line it is on; a record left out is a :class:`~torget.model.Problem` at its
file and line in :attr:`Records.problems`.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from torget.i18n import _
from torget.model import Problem, TorgetError

#: Deepest nesting of lists and objects a record (or file) may have.
MAX_DEPTH = 32
#: Longest number, in characters, that is read.
MAX_NUMBER = 100

_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|["\[\]{},:]', re.DOTALL)
_SPACE = re.compile(r"[ \t\n\r]*")


class JSONProblem(TorgetError, ValueError):
    """A JSON text, or one record of it, cannot be read."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


class _Refused(TorgetError):
    """Raised by the decoder hooks; ``find`` locates the culprit."""

    def __init__(self, message: str, find):
        super().__init__(message)
        self.message, self.find = message, find


@dataclass
class Records:
    """What :func:`read_records` found."""

    #: ``(line, value)`` of every record that could be read.
    records: list[tuple[int, Any]] = field(default_factory=list)
    #: One per record left out, and for a list that is cut short (errors).
    problems: list[Problem] = field(default_factory=list)
    #: With ``key``: the other members of the top-level object.
    members: dict[str, Any] = field(default_factory=dict)


# --- the decoder and its hooks ----------------------------------------------


def _pairs(pairs: list[tuple[str, Any]]) -> dict:
    result: dict = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(_("duplicate key %(key)r (JSON readers disagree on which value wins)", key=key),
                           lambda text, start, end: _find_key(text, start, end, key))
        result[key] = value
    return result


def _constant(name: str):
    raise _Refused(_("%(name)s is not a number in JSON", name=name),
                   lambda text, start, end: _find(text, start, end, re.escape(name)))


def _number(text: str) -> None:
    if len(text) > MAX_NUMBER:
        raise _Refused(_("a number of %(length)s characters is too long (at most %(most)s)",
                         length=format(len(text), ","), most=MAX_NUMBER),
                       lambda t, s, e: _find(t, s, e, r"-?\d[\d.eE+-]{%d,}" % MAX_NUMBER))


def _int(text: str) -> int:
    _number(text)
    return int(text)


def _float(text: str) -> float:
    _number(text)
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(_("the number %(number)s is too large", number=text), lambda t, s, e: _find(t, s, e, re.escape(text)))
    return value


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant, parse_int=_int,
                            parse_float=_float)


def _find(text: str, start: int, end: int, pattern: str) -> int:
    """The first place outside strings where ``pattern`` matches, or ``start``."""
    for match in re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|' + pattern, re.DOTALL).finditer(text, start, end):
        if not match.group().startswith('"'):
            return match.start()
    return start


def _find_key(text: str, start: int, end: int, key: str) -> int:
    """Where ``key`` is used as a key the second time, or ``start``."""
    seen = 0
    for match in _TOKEN.finditer(text, start, end):
        token = match.group()
        if len(token) > 1 and text.startswith(":", _SPACE.match(text, match.end()).end()):
            try:
                if json.loads(token) == key:
                    seen += 1
                    if seen == 2:
                        return match.start()
            except ValueError:
                continue
    return start


def _lone_surrogate(value: Any) -> str | None:
    """The first string (or key) in ``value`` that is not Unicode."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return item
        elif isinstance(item, dict):
            stack += item.keys()
            stack += item.values()
        elif isinstance(item, list):
            stack += item
    return None


# --- lines ---------------------------------------------------------------------


class _Lines:
    """Line numbers of offsets, counted forward once."""

    def __init__(self, text: str):
        self.text, self.pos, self.line = text, 0, 1

    def __call__(self, offset: int) -> int:
        if offset < self.pos:  # a step back: count again from the start
            self.pos, self.line = 0, 1
        self.line += self.text.count("\n", self.pos, offset)
        self.pos = offset
        return self.line


def _decode(text: str, start: int, end: int, lines: _Lines) -> Any:
    """One JSON value in ``text[start:end]`` (a record), strictly."""
    start = _SPACE.match(text, start, end).end()
    line = lines(start)
    deep = _too_deep(text, start, end)
    if deep >= 0:
        raise JSONProblem(lines(deep), _("nested more than %(most)s levels deep", most=MAX_DEPTH))
    chunk = text[start:end].rstrip(" \t\n\r")
    try:
        value, stop = _DECODER.raw_decode(chunk)
    except json.JSONDecodeError as error:
        raise JSONProblem(line + error.lineno - 1, _("not valid JSON: %(error)s", error=error.msg)) from None
    except _Refused as error:
        raise JSONProblem(lines(error.find(text, start, end)), error.message) from None
    except RecursionError:  # not reached within MAX_DEPTH; kept as a safety net
        raise JSONProblem(line, _("nested more than %(most)s levels deep", most=MAX_DEPTH)) from None
    if stop != len(chunk):
        raise JSONProblem(lines(start + stop), _("not valid JSON: extra data after the value"))
    bad = _lone_surrogate(value)
    if bad is not None:
        raise JSONProblem(line, _("the text %(text)r holds a lone surrogate escape: not valid Unicode", text=bad[:40]))
    return value


def _too_deep(text: str, start: int, end: int) -> int:
    """Where nesting first goes deeper than :data:`MAX_DEPTH`, or -1."""
    depth = 0
    for match in _TOKEN.finditer(text, start, end):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return match.start()
        elif token in "]}":
            depth -= 1
    return -1


# --- public --------------------------------------------------------------------


def loads(text: str) -> Any:
    """One JSON document, strictly; raises :class:`JSONProblem`."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise JSONProblem(1, _("empty: no JSON value"))
    return _decode(text, 0, len(text), _Lines(text))


def read_records(text: str, key: str | None = None, path: str = "", left_out: str = "") -> Records:
    """The records of a JSON list, each decoded on its own.

    The list is the top level or, with ``key``, the value of that key in a
    top-level object (whose other members are decoded into ``members``).
    A record that cannot be read is a problem at ``path`` and its line, its
    message followed by ``left_out``; a file whose structure cannot be
    followed raises :class:`JSONProblem`.
    """
    text = text.removeprefix("\ufeff")
    lines = _Lines(text)
    found = Records()
    pos = _SPACE.match(text).end()
    if pos == len(text):
        raise JSONProblem(1, _("empty: no JSON value"))
    what = _("a JSON object with a list under %(key)r", key=key) if key else _("a JSON list of records")
    if key is not None:
        if text[pos] != "{":
            raise JSONProblem(lines(pos), _("expected %(what)s", what=what))
        spans, problem = _members(text, pos)
        target = None
        for start, colon, end in spans:
            if colon < 0:
                raise JSONProblem(lines(_SPACE.match(text, start).end()),
                                  _("expected %(form)s in the object", form="'\"name\": value'"))
            try:
                name = _decode(text, start, colon, lines)
            except JSONProblem as error:
                raise JSONProblem(error.line, _("a key of the top-level object: %(problem)s", problem=error.message)) from None
            if not isinstance(name, str):
                raise JSONProblem(lines(start), _("expected a string key"))
            if name in found.members or (name == key and target is not None):
                raise JSONProblem(lines(start), _("duplicate key %(key)r", key=name))
            if name == key:
                target = _SPACE.match(text, colon + 1, end).end()
                found.members[name] = None
            else:
                found.members[name] = _decode(text, colon + 1, end, lines)
        if problem is not None:
            raise problem(lines)
        del found.members[key]  # the records, below
        if target is None or target >= len(text) or text[target] != "[":
            raise JSONProblem(lines(target or pos), _("expected %(what)s", what=what))
        pos = target
    elif text[pos] != "[":
        raise JSONProblem(lines(pos), _("expected %(what)s", what=what))
    spans, problem = _members(text, pos)
    for start, colon, end in spans:
        if colon >= 0:
            found.problems.append(Problem(path, lines(colon), _("not valid JSON: ':' in a list") + left_out))
            continue
        try:
            found.records.append((lines(_SPACE.match(text, start).end()), _decode(text, start, end, lines)))
        except JSONProblem as error:
            found.problems.append(Problem(path, error.line, error.message + left_out))
    if problem is not None:
        cut = problem(lines)
        found.problems.append(Problem(path, cut.line, cut.message))
    return found


def _members(text: str, opened: int):
    """The spans of the members of the list or object opening at ``opened``.

    Returns ``[(start, colon, end)]`` (``colon`` is -1 without one) and a
    function giving the :class:`JSONProblem` that cut the scan short, or
    ``None``. Nothing is decoded: only strings and brackets are followed.
    """
    closer = "]" if text[opened] == "[" else "}"
    spans: list[tuple[int, int, int]] = []
    depth, start, colon, commas = 0, opened + 1, -1, 0
    for match in _TOKEN.finditer(text, opened + 1):
        token = match.group()
        if token == '"':
            at = match.start()
            return spans, lambda lines: JSONProblem(lines(at), _("a string that is never closed; the rest of "
                                                      "the file is not read"))
        if len(token) > 1:
            continue
        if token in "[{":
            depth += 1
        elif token in "]}":
            if depth:
                depth -= 1
                continue
            at = match.start()
            if token != closer:
                return spans, lambda lines: JSONProblem(lines(at), _("expected %(closer)r, found %(token)r",
                                                                      closer=closer, token=token))
            if text[start:at].strip(" \t\n\r"):
                spans.append((start, colon, at))
            elif commas:
                return spans, lambda lines: JSONProblem(lines(at), _("not valid JSON: a comma before the closing bracket"))
            rest = _SPACE.match(text, at + 1).end()
            if opened == _SPACE.match(text).end() and rest < len(text):
                return spans, lambda lines: JSONProblem(lines(rest), _("not valid JSON: extra data after the end"))
            return spans, None
        elif depth == 0 and token == ",":
            at = match.start()
            if not text[start:at].strip(" \t\n\r"):
                return spans, lambda lines: JSONProblem(lines(at), _("not valid JSON: a comma without a value before it"))
            spans.append((start, colon, at))
            start, colon, commas = match.end(), -1, commas + 1
        elif depth == 0 and token == ":" and colon < 0:
            colon = match.start()
    if closer == "]":
        return spans, lambda lines: JSONProblem(lines(opened), _("the list that starts here is never closed; "
                                                                "the rest of the file is not read"))
    return spans, lambda lines: JSONProblem(lines(opened), _("the object that starts here is never closed; "
                                                            "the rest of the file is not read"))
