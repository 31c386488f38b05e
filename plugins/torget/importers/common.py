"""What every importer shares: idempotent writing, checksums, slugs, problems.

An importer turns each source record into a :class:`Draft` (a
:class:`~torget.model.Thread` and where it came from) and hands it to
:meth:`Importer.write`, which

1. finds the file the record was imported to before (by the ``<prefix>-<id>``
   start of its file name, anywhere under ``posts/`` or ``faq/``), so a later
   change of title keeps the URL and a moved file stays where it is;
2. renders the thread with :func:`torget.format.writing.thread_text` and checks
   that it parses without errors;
3. writes it only when it changed, stamping a ``Source-Checksum:`` of what
   it wrote; a file whose text no longer matches its checksum was edited by
   hand and is not overwritten unless ``force`` is set.

Problems are :class:`~torget.model.Problem` values located at the source
file and line (or record number), printed as ``path:line: message``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from torget import DEFAULT_TIMEZONE
from torget.atomic import atomic_write
from torget.content.folders import ContentFolders, folders_of
from torget.content.forum import THREAD_FOLDERS, display_path, thread_files
from torget.model import Kind, Problem, Severity, Thread, TorgetError
from torget.i18n import N_, _
from torget.format.parsing import parse_thread
from torget.format.writing import slug_for, thread_text

CHECKSUM_KEY = "Source-Checksum"
#: Longest HTML body (question, answer, comment) an import converts, in
#: characters: converting long HTML is slow, and the sources' own limits
#: are far lower (Stack Exchange: 30,000).
MAX_BODY = 250_000
_CHECKSUM_LINE = re.compile(r"^source-checksum\s*:\s*(\S*)\s*$", re.IGNORECASE)
#: ``<prefix>-<id>`` at the start of an imported file's name.
_KEY = re.compile(r"^([a-z0-9-]*?-\d+)(?=-|$)")
#: C0 controls but tab, line feed and carriage return, DEL and the C1
#: controls: never in a thread file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class Summary:
    """How many records ended how; printed at the end of every import."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: int = 0

    def __str__(self) -> str:
        return ", ".join(_("%(count)s %(what)s", count=getattr(self, f.name), what=_(SUMMARY_WORDS[f.name]))
                         for f in fields(self))


#: The words of :class:`Summary`'s fields in a message.
SUMMARY_WORDS = {"imported": N_("imported"), "updated": N_("updated"), "unchanged": N_("unchanged"),
                 "skipped": N_("skipped"), "errors": N_("errors")}


@dataclass
class ImportResult:
    summary: Summary
    problems: list[Problem]
    #: Every thread file written or found unchanged, in import order.
    paths: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.summary.errors == 0


class RecordError(TorgetError):
    """One source record cannot be imported; the rest go on."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(message)
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Draft:
    """A converted record, ready to write.

    ``thread.source_path`` is the file's path relative to the content
    folder. ``key`` (``<prefix>-<id>``) finds a file imported earlier under
    another title; without a key the path itself is the identity.
    """

    thread: Thread
    origin: tuple[str, int]
    key: str = ""


def checksum(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def stamped_text(thread: Thread, timezone: str) -> str:
    """The thread's text with a ``Source-Checksum`` of everything else."""
    extra = tuple((k, v) for k, v in thread.extra if k.lower() != CHECKSUM_KEY.lower())
    plain = thread_text(replace(thread, extra=extra), timezone)
    return thread_text(replace(thread, extra=extra + ((CHECKSUM_KEY, checksum(plain)),)), timezone)


def edited_since_import(text: str) -> bool:
    """True unless the text still matches the checksum stamped into it.

    A file without a checksum counts as edited: the importer did not write
    it, so it must not silently replace it.
    """
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            return True
        match = _CHECKSUM_LINE.match(line)
        if match:
            return checksum("\n".join(lines[:index] + lines[index + 1:])) != match.group(1)
    return True


def make_slug(prefix: str, ident: object, title: str, limit: int = 60) -> str:
    """``<prefix>-<id>-<title words>``, cut at a word to at most ``limit``."""
    base = f"{prefix}-{ident}"[:limit]
    words = slug_for(title)
    slug = f"{base}-{words}" if words else base
    if len(slug) > limit:
        slug = slug[: limit + 1].rsplit("-", 1)[0]
    return slug if len(slug) > len(base) else base


class Unreadable(TorgetError, ValueError):
    """A source file cannot be read as text; ``line`` is where."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def read_text(path: Path) -> str:
    """A UTF-8 source file's text; raises :class:`Unreadable` with the line."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise Unreadable(1, _("cannot be read (%(error)s)", error=error.strerror or error)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Unreadable(line, _("not UTF-8 text (byte 0x%(byte)02x)", byte=data[error.start])) from None


def plain_value(value: object) -> str:
    """A source value as one header line: text as is, anything else as JSON."""
    if isinstance(value, str) and value == " ".join(value.splitlines()):
        return value.strip()
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class Importer:
    """Writes drafts into a content folder and keeps the score."""

    def __init__(self, content: Path | ContentFolders, timezone: str = DEFAULT_TIMEZONE, force: bool = False,
                 progress: Callable[[Iterable], Iterator] | None = None):
        #: The forum's folders (``ForumSettings.content``); a bare path has the default ones.
        self.folders = folders_of(content)
        self.content_dir = self.folders.root
        self.timezone = timezone
        self.force = force
        self.progress = progress
        self.summary = Summary()
        self.problems: list[Problem] = []
        self.paths: list[Path] = []
        self._index: dict[str, Path] | None = None
        self._written: dict[Path | str, tuple[str, int]] = {}

    # --- problems -----------------------------------------------------
    def error(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))
        self.summary.errors += 1

    def warn(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message, Severity.WARNING))

    def skip(self, path: str, line: int, message: str) -> None:
        self.warn(path, line, message)
        self.summary.skipped += 1

    # --- the loop -----------------------------------------------------
    def run(self, records: list, convert: Callable[[Any], Draft | None]) -> None:
        """Convert and write every record; a :class:`RecordError` skips one."""
        for record in self.progress(records) if self.progress else records:
            try:
                draft = convert(record)
            except RecordError as error:
                self.error(error.path, error.line, error.message)
                continue
            except RecursionError:  # HTML nested so deep that converting it recurses too far
                self.error(*_origin(record), _("nested too deeply to be converted; the record is left out"))
                continue
            if draft is not None:
                self.write(draft)

    def result(self) -> ImportResult:
        return ImportResult(self.summary, sorted(self.problems), self.paths)

    # --- writing ------------------------------------------------------
    def _existing(self, key: str) -> Path | None:
        """The file imported under ``key`` before, wherever it was moved."""
        if self._index is None:
            self._index = {}
            for path, _kind in thread_files(self.folders):
                match = _KEY.match(path.stem)
                if match:
                    self._index.setdefault(match.group(1), path)
        return self._index.get(key)

    def write(self, draft: Draft) -> str:
        """Write one thread; returns what happened (a :class:`Summary` field)."""
        placed = self._target(draft)
        if placed is None or not self._claim(draft, *placed[1:]):
            return "errors"
        thread, relative, target = placed
        thread = self._clean(thread, draft.origin)
        kind = self.folders.kind_of_relative(relative)
        if kind is None:
            self.error(*draft.origin, _("%(path)s is not under posts/ or faq/", path=relative))
            return "errors"
        refused = self._unsafe(target)
        if refused:
            self.error(*draft.origin, _("%(path)s: %(reason)s; the record is left out", path=relative, reason=refused))
            return "errors"
        text = self._checked_text(thread, relative, kind, draft.origin)
        if text is None:
            return "errors"
        status = self._store(target, relative, text.encode("utf-8"), draft.origin)
        if status in ("imported", "updated", "unchanged"):
            setattr(self.summary, status, getattr(self.summary, status) + 1)
            self.paths.append(target)
        return status

    def _target(self, draft: Draft) -> tuple[Thread, Path, Path] | None:
        """The draft's thread, its path relative to the content folder and
        the file to write: where it was imported to before, if anywhere."""
        thread = draft.thread
        relative = self._placed(Path(thread.source_path))
        if relative is None:
            self.error(*draft.origin, _("%(path)s is not under posts/ or faq/", path=thread.source_path))
            return None
        thread = replace(thread, source_path=str(relative))
        target = self.content_dir / relative
        if draft.key:
            existing = self._existing(draft.key)
            if existing is not None and existing != target:
                target = existing
                relative = existing.relative_to(self.content_dir)
                thread = replace(thread, slug=existing.stem, source_path=str(relative))
        return thread, relative, target

    def _claim(self, draft: Draft, relative: Path, target: Path) -> bool:
        """Whether no earlier record of this run has the draft's key or file
        (reported if one has); the draft claims both."""
        for identity in filter(None, (draft.key, target)):
            if identity in self._written:
                first = self._written[identity]
                self.error(*draft.origin, _("%(record)s was already imported from %(where)s; this record is left out",
                                            record=draft.key or relative, where="%s:%s" % first))
                return False
        self._written.update({identity: draft.origin for identity in filter(None, (draft.key, target))})
        return True

    def _checked_text(self, thread: Thread, relative: Path, kind: Kind, origin: tuple[str, int]) -> str | None:
        """The thread's file text, if it can be written and parses without errors."""
        try:
            text = stamped_text(thread, self.timezone)
        except (ValueError, OverflowError) as error:
            self.error(*origin, _("cannot be written as a thread: %(error)s", error=error))
            return None
        _thread, found = parse_thread(str(relative), text, kind, self.timezone)
        errors = [p.message for p in found if p.is_error]
        if errors:
            self.error(*origin, _("would not be a valid thread: %(errors)s", errors="; ".join(errors)))
            return None
        return text

    def _store(self, target: Path, relative: Path, data: bytes, origin: tuple[str, int]) -> str:
        """Write ``data`` unless the file holds it already or was edited by hand."""
        status = "imported"
        if target.exists():
            old = target.read_bytes()
            if old == data:
                return "unchanged"
            if not self.force and _edited(old):
                self.skip(display_path(target), 1,
                          _("edited by hand since it was imported; not overwritten (use --force to replace it)"))
                return "skipped"
            status = "updated"
        try:
            atomic_write(target, data)
        except OSError as error:
            self.error(*origin, _("%(path)s cannot be written (%(error)s)", path=relative, error=error.strerror or error))
            return "errors"
        return status

    def _placed(self, relative: Path) -> Path | None:
        """A draft's path (under ``posts/`` or ``faq/``, as importers name
        them) in the forum's folder of its kind (``ARTICLE_PATHS``)."""
        kind = THREAD_FOLDERS.get(relative.parts[0]) if relative.parts else None
        if kind is None:
            return None
        return self.folders.new_file_folder(kind).relative_to(self.content_dir).joinpath(*relative.parts[1:])

    def _clean(self, thread: Thread, origin: tuple[str, int]) -> Thread:
        """The thread without control characters (Word's U+000B, a NUL), with a warning naming them."""
        found: dict[str, set[str]] = {}

        def clean(text: str, where: str) -> str:
            bad = set(_CONTROL.findall(text))
            if bad:
                found.setdefault(where, set()).update(bad)
                return _CONTROL.sub("", text)
            return text

        changes: dict[str, Any] = {name: clean(getattr(thread, name), _("the %(field)s", field=name))
                                   for name in ("title", "author", "category", "body", "archive_reason", "summary")}
        changes["tags"] = tuple(clean(tag, _("the tags")) for tag in thread.tags)
        changes["extra"] = tuple((clean(k, _("the %(key)s header", key=k)), clean(v, _("the %(key)s header", key=k)))
                                 for k, v in thread.extra)
        changes["replies"] = tuple(
            replace(reply, **{name: clean(getattr(reply, name), _("reply %(number)s", number=number))
                              for name in ("author", "role", "avatar", "body")})
            for number, reply in enumerate(thread.replies, start=1))
        if not found:
            return thread
        for where, characters in found.items():
            names = ", ".join(f"U+{ord(c):04X}" for c in sorted(characters))
            self.warn(*origin, _("control characters (%(names)s) removed from %(where)s", names=names, where=where))
        return replace(thread, **changes)

    def _unsafe(self, target: Path) -> str:
        """Why ``target`` must not be written, or ``""``.

        Nothing is written outside the content folder: not through a
        symbolic link to a folder elsewhere, not over a link, not over
        something that is not a file.
        """
        if len(target.name.encode("utf-8")) > 255:
            return _("the file name is longer than 255 bytes")
        root = self.content_dir.resolve()
        try:
            if target.is_symlink():
                return _("is a symbolic link; an import does not write through links")
            if target.exists() and not target.is_file():
                return _("exists and is not a file")
            if not target.resolve().is_relative_to(root):
                return _("leads outside the content folder (%(path)s) through a symbolic link", path=display_path(target.resolve()))
        except (OSError, ValueError) as error:
            return _("cannot be checked (%(error)s)", error=getattr(error, "strerror", None) or error)
        return ""


def _origin(record: Any) -> tuple[str, int]:
    """Where a record passed to :meth:`Importer.run` came from, if it says."""
    if isinstance(record, tuple) and len(record) >= 2 and isinstance(record[0], str) and isinstance(record[1], int):
        return record[0], record[1]
    row = getattr(record[1] if isinstance(record, tuple) else record, "row", None)
    return (row.path, row.line) if row is not None else ("?", 1)


def _edited(data: bytes) -> bool:
    try:
        return edited_since_import(data.decode("utf-8"))
    except UnicodeDecodeError:
        return True
