"""The thread format's lines, headers, code fences and reply blocks, as every reader of a content file must see them.

Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line; a header runs to the first
blank line; reply markers inside fenced code do not split (docs/content-format.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from torget.format import rules as contentrules

REPLY_MARKER = contentrules.compiled("reply_marker")
_FENCE = contentrules.compiled("fence")
#: One ``Key: value`` line of a header: the key as spelled, and the value.
HEADER_LINE = contentrules.compiled("header_line")
#: The only line endings of the format.
_LINE_END = re.compile(r"\r\n|\r|\n")


def text_lines(text: str) -> list[str]:
    """The lines of a file's text as the parser reads them.

    Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line: ``str.splitlines()``
    would also split on U+2028, U+2029, U+0085, vertical tabs, form feeds
    and U+001C to U+001E, which an editor does not show as line breaks. A
    leading byte-order mark is not part of the first line. Text that ends
    with a line break ends with an empty line, so line ``n`` of the file is
    ``text_lines(text)[n - 1]`` and ``"\\n".join`` gives the text back
    (with ``\\n`` endings).
    """
    return _LINE_END.split(text.removeprefix("\ufeff"))


def lines_with_endings(text: str) -> list[str]:
    """The lines of ``text`` as :func:`text_lines` splits them, each keeping its own ending.

    ``"".join(lines_with_endings(text)) == text``, byte-order mark included
    (it stays on the first line): for edits that must keep every other byte.
    """
    lines, start = [], 0
    for end in _LINE_END.finditer(text):
        lines.append(text[start:end.end()])
        start = end.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def split_lines(text: str) -> list[str]:
    """The lines of a text (a body, a header value) without their endings.

    Split as :func:`text_lines` splits, but like ``str.splitlines()`` there
    is no empty last line after a final line break, and nothing is removed:
    for writing text into a file that :func:`parse_thread` reads back equal.
    """
    return [line.rstrip("\r\n") for line in lines_with_endings(text)]


@dataclass(frozen=True)
class HeaderLine:
    """One line of a header block, as the parser reads it."""

    #: Position in the block's lines (0 for its first line).
    index: int
    #: The key as spelled; for a continuation line (one starting with a
    #: space or tab), the key it continues; ``None`` for a line that is not
    #: ``Key: value``, which the parser reports as an error.
    key: str | None
    #: The value on this line, without surrounding whitespace.
    value: str
    continues: bool = False


def header_lines(lines: list[str]) -> list[HeaderLine]:
    """The header of a block: its lines up to the first blank one.

    A line starting with a space or tab continues the value of the key
    before it; the parser joins the two with one space.
    """
    result: list[HeaderLine] = []
    last_key = None
    for index, line in enumerate(lines):
        if not line.strip():
            break
        match = HEADER_LINE.match(line)
        if line[:1] in " \t" and last_key:
            result.append(HeaderLine(index, last_key, line.strip(), continues=True))
        elif match:
            last_key = match.group(1)
            result.append(HeaderLine(index, last_key, match.group(2).strip()))
        else:
            result.append(HeaderLine(index, None, line.strip()))
    return result


def header_values(lines: list[str]) -> dict[str, str]:
    """The header's values by lower-case key, as the parser reads them.

    A key given twice (an error for the parser) keeps its first value;
    continuation lines are joined to their key's value with a space.
    """
    values: dict[str, str] = {}
    for line in header_lines(lines):
        if line.key is None:
            continue
        key = line.key.lower()
        if line.continues:
            values[key] += " " + line.value
        else:
            values.setdefault(key, line.value)
    return values


class Fences:
    """Which lines are fenced code, read one line at a time.

    A fence opens with three or more backticks or tildes (indented at most
    three spaces) and closes only with the same character at least as many
    times and nothing after it, as in CommonMark.
    """

    def __init__(self) -> None:
        self.fence = ""
        #: Index (as counted by the caller) of the line that opened the fence still open.
        self.opened: int | None = None

    def read(self, line: str, index: int = 0) -> bool:
        """Take the next line; whether it is code: a fence line or inside a fence."""
        match = _FENCE.match(line)
        inside = bool(self.fence)
        if match:
            if not self.fence:
                self.fence, self.opened = match.group(1), index
            elif match.group(1).startswith(self.fence) and not line[match.end():].strip():
                self.fence, self.opened = "", None
        return inside or match is not None


def split_blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Split a file into the question block and one block per reply.

    Returns ``(first_line_number, lines)`` pairs. Reply markers inside
    fenced code blocks do not split; a fence closes only with the same
    character at least as many times, as in CommonMark.
    """
    blocks: list[tuple[int, list[str]]] = [(1, [])]
    fences = Fences()
    for number, line in enumerate(lines, start=1):
        if not fences.read(line) and REPLY_MARKER.match(line):
            blocks.append((number + 1, []))
        else:
            blocks[-1][1].append(line)
    return blocks


def open_fence_line(lines: list[str], start: int) -> int | None:
    """The line of a code fence left open at the end of ``lines``, if any."""
    fences = Fences()
    for number, line in enumerate(lines, start=start):
        fences.read(line, number)
    return fences.opened
