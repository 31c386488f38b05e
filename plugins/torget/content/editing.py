"""Change a thread file's header in place, keeping every other byte (``torget archive``, ``unarchive``).

Lines and the header are found with the parser's readers, so an edit
changes the line the parser reads, and archiving then unarchiving gives
back the original bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from torget.content.folders import ContentFolders, folders_of
from torget.content.forum import thread_files
from torget.i18n import _
from torget.format.lexing import HeaderLine, header_lines, header_values, lines_with_endings, text_lines
from torget.model import TorgetError


class EditError(TorgetError):
    """The file to edit could not be found, or not uniquely."""


@dataclass
class _Header:
    lines: list[str]  # each with its own line ending
    fields: list[HeaderLine]  # the header, as the parser reads it

    @property
    def end(self) -> int:
        """Index of the first line after the header."""
        return len(self.fields)


def _split(text: str) -> _Header:
    lines = lines_with_endings(text)
    return _Header(lines, header_lines([line.rstrip("\r\n") for line in lines]))


def _newline(lines: list[str]) -> str:
    for line in lines:
        if line.endswith("\r\n"):
            return "\r\n"
        if line.endswith("\n"):
            return "\n"
    return "\n"


def _find(header: _Header, key: str) -> HeaderLine | None:
    return next(
        (f for f in header.fields if f.key is not None and not f.continues and f.key.lower() == key.lower()), None
    )


def set_header(text: str, key: str, value: str) -> str:
    """Set ``key`` to ``value``: replace its line, or add it to the header."""
    header = _split(text)
    newline = _newline(header.lines)
    found = _find(header, key)
    if found is not None:
        line = header.lines[found.index]
        ending = line[len(line.rstrip("\r\n")):]
        header.lines[found.index] = f"{found.key}: {value}{ending}"
    else:
        if header.end and not header.lines[header.end - 1].endswith(("\n", "\r")):
            header.lines[header.end - 1] += newline
        header.lines.insert(header.end, f"{key}: {value}{newline}")
    return "".join(header.lines)


def remove_header(text: str, key: str) -> str:
    """Remove ``key``'s line from the header, if it is there."""
    header = _split(text)
    found = _find(header, key)
    if found is None:
        return text
    del header.lines[found.index]
    return "".join(header.lines)


def archive_text(text: str, reason: str | None = None) -> str:
    text = set_header(text, "Archived", "yes")
    if reason:
        text = set_header(text, "Archive-reason", " ".join(reason.split()))
    return text


def unarchive_text(text: str) -> str:
    return remove_header(remove_header(text, "Archived"), "Archive-reason")


def edit_file(path: Path, change) -> bool:
    """Apply ``change(text) -> text`` to a file; returns whether it changed."""
    data = path.read_bytes()
    text = data.decode("utf-8")
    new = change(text)
    if new == text:
        return False
    path.write_bytes(new.encode("utf-8"))
    return True


def declared_slug(path: Path) -> str:
    """The file's ``Slug:`` header, else its name: without parsing it all."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return path.stem
    return header_values(text_lines(text)).get("slug") or path.stem


def resolve_thread(content: Path | ContentFolders, target: str) -> Path:
    """Find a thread file by path or slug in the forum's thread and FAQ
    folders; raise :class:`EditError` if not exactly one."""
    content = folders_of(content)
    content_dir = content.root
    as_path = Path(target)
    if as_path.is_file():
        if content.kind_of(as_path) is not None:
            return as_path
        folders = _(" or ").join(str(f) for f in content.thread_folders())
        try:
            as_path.resolve().relative_to(content_dir.resolve())
        except ValueError:
            raise EditError(_("%(path)s: not a thread or FAQ entry (those are in %(folders)s)", path=target, folders=folders)) from None
        raise EditError(_(
            "%(path)s: is a page, not a thread or FAQ entry, and pages cannot be archived; "
            "set 'Status: hidden' in its header to keep it readable by its link but unlisted, "
            "or 'Status: draft' to take it down", path=target))
    if as_path.suffix == ".md" or "/" in target:
        raise EditError(_("%(path)s: no such file", path=target))
    matches = [path for path, _ in thread_files(content) if declared_slug(path) == target]
    if not matches:
        folders = ", ".join(str(f) for f in content.thread_folders())
        raise EditError(_("%(slug)s: no thread or FAQ entry with this slug in %(folders)s", slug=target, folders=folders))
    if len(matches) > 1:
        raise EditError(_("%(slug)s: ambiguous, used by %(paths)s", slug=target, paths=", ".join(str(m) for m in matches)))
    return matches[0]
