"""The public-records export: ``torget export --out DIR``.

Everything the forum holds, archived threads included, in files that need
no Torget to read (documented in ``docs/import-export.md``)::

    forum.json          site, statistics, categories, tags and every thread
                        with every reply (JSON, described by the schema)
    forum.schema.json   JSON Schema (2020-12) of forum.json
    threads.csv         one row per thread
    replies.csv         one row per reply
    manifest.json       size and SHA-256 of every file above
    SHA256SUMS          the same, for ``sha256sum -c SHA256SUMS``

The export is deterministic: the same content gives byte-identical files
(nothing in it depends on the clock or the order files were read in).
``Source-Checksum`` keys are bookkeeping of the importers and are left out.
``torget import export`` (:mod:`torget.importers.export`) reads it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import csv
import hashlib
import io
import json
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from torget.content.folders import ContentFolders, folders_of
from torget.content.forum import Forum
from torget.i18n import _
from torget.model import Kind, Thread, ThreadType, TorgetError

if TYPE_CHECKING:
    from torget.settings.forum import ForumSettings

FORMAT = "torget-export"
VERSION = 1
DATA_FILE = "forum.json"
SCHEMA_FILE = "forum.schema.json"
MANIFEST_FILE = "manifest.json"
SUMS_FILE = "SHA256SUMS"
#: Metadata keys that are not part of the record.
PRIVATE_KEYS = frozenset({"source-checksum"})

THREAD_COLUMNS = (
    "path", "slug", "kind", "type", "title", "category", "tags", "author", "date", "modified",
    "last_activity", "votes", "views", "replies", "staff_replies", "accepted_reply", "archived",
    "archive_reason", "locked", "evergreen", "summary", "metadata", "body",
)
REPLY_COLUMNS = ("thread_path", "thread_slug", "number", "author", "role", "avatar", "date", "staff", "accepted", "body")

_TEXT = {"type": "string"}
_NAME = {"type": "string", "minLength": 1}
_COUNT = {"type": "integer", "minimum": 0}
_FLAG = {"type": "boolean"}
_DATE = {"type": "string", "format": "date-time", "description": "ISO 8601 with the UTC offset of the site's time zone."}


def _described(schema: dict, description: str) -> dict:
    return {**schema, "description": description}


def _maybe(schema: dict, description: str) -> dict:
    return {"oneOf": [schema, {"type": "null"}], "description": description}


def _object(properties: dict, description: str = "") -> dict:
    """A closed object that has every one of its properties."""
    schema = {"type": "object", "required": list(properties), "additionalProperties": False, "properties": properties}
    return _described(schema, description) if description else schema


def _array(items: dict, description: str) -> dict:
    return {"type": "array", "items": items, "description": description}


_THREAD = _object({
    "path": _described({"type": "string", "pattern": r"^(posts|faq)/.+\.md$"}, "The file, relative to the content folder."),
    "slug": _described({"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}, "The URL name."),
    "kind": {"enum": [k.value for k in Kind]},
    "type": _described({"enum": [*(t.value for t in ThreadType), None]}, "null for FAQ entries."),
    "title": _NAME,
    "category": _NAME,
    "tags": {"type": "array", "items": _NAME},
    "author": _described(_NAME, "The asker's display name."),
    "date": _described(_DATE, "When the question was asked."),
    "modified": _maybe(_DATE, "Last edit by the organisation."),
    "last_activity": _described(_DATE, "Latest of date, modified and every reply."),
    "votes": _COUNT,
    "views": _COUNT,
    "archived": _described(_FLAG, "Archived: readable by link, listed nowhere."),
    "archive_reason": _TEXT,
    "locked": _FLAG,
    "evergreen": _FLAG,
    "summary": _TEXT,
    "body": _described(_NAME, "The question, in Markdown."),
    "metadata": _array(
        _object({"key": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_-]*$"}, "value": _TEXT}),
        "Other header keys in file order (Source-* keys of importers).",
    ),
    "replies": _array({"$ref": "#/$defs/reply"}, "In file order."),
})
_REPLY = _object({
    "author": _NAME,
    "role": _TEXT,
    "avatar": _described(_TEXT, "URL or site path of a picture; empty when none."),
    "date": _DATE,
    "staff": _described(_FLAG, "The organisation's answer."),
    "accepted": _described(_FLAG, "Answers the question; at most one per thread."),
    "body": _described(_NAME, "Markdown."),
})
_STATISTICS = _object({
    "threads": _described(_COUNT, "Threads (files under posts/), archived ones included."),
    "faq_entries": _described(_COUNT, "FAQ entries (files under faq/)."),
    "public": _described(_COUNT, "Threads and FAQ entries that are not archived."),
    "archived": _described(_COUNT, "Threads and FAQ entries with Archived: yes."),
    "locked": _COUNT,
    "replies": _COUNT,
    "staff_replies": _COUNT,
    "answered_threads": _described(_COUNT, "Threads with at least one staff reply."),
    "accepted_replies": _COUNT,
    "votes": _described(_COUNT, "Sum of Votes."),
    "views": _described(_COUNT, "Sum of Views."),
    "by_type": _object({t.value: _COUNT for t in ThreadType}, "Threads per Type."),
    "first_date": _maybe(_DATE, "The oldest question."),
    "last_activity": _maybe(_DATE, "The latest activity anywhere."),
})
_SITE = _object({
    "name": _described(_TEXT, "SITENAME."),
    "organisation": _described(_TEXT, "TORGET_ORGANISATION."),
    "url": _described(_TEXT, "SITEURL; empty when not set."),
    "timezone": _described(_TEXT, "TIMEZONE; every date is given in it."),
    "language": _described(_TEXT, "DEFAULT_LANG."),
}, "The forum's settings at the time of the export.")

SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://torget.example/schemas/forum-export-1.json",
    "title": "Torget public-records export",
    **_object({
        "format": {"const": FORMAT},
        "version": _described({"const": VERSION}, "Changes when the format changes incompatibly."),
        "site": _SITE,
        "statistics": _STATISTICS,
        "categories": _array(_object({
            "name": _TEXT,
            "threads": _described(_COUNT, "Threads and FAQ entries in it."),
            "archived": _described(_COUNT, "Of those, archived."),
        }), "Every category, sorted by name."),
        "tags": _array(_object({"name": _TEXT, "threads": _COUNT}), "Every tag, sorted by name."),
        "threads": _array({"$ref": "#/$defs/thread"}, "Every thread and FAQ entry, sorted by path."),
    }, "Every thread and FAQ entry of a Torget forum, archived ones included, with every reply. "
       "Written by `torget export`, read back by `torget import export`."),
    "$defs": {"thread": _THREAD, "reply": _REPLY},
}


def dump_json(data: object) -> str:
    """Deterministic JSON: sorted keys, two-space indent, UTF-8, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def iso(moment: datetime | None, timezone: str) -> str | None:
    return moment.astimezone(ZoneInfo(timezone)).isoformat() if moment else None


def relative_path(thread: Thread, content: Path | ContentFolders) -> str:
    """The thread's file relative to the content folder, with ``/``, under
    ``posts/`` or ``faq/`` whatever the forum calls its folders (``ARTICLE_PATHS``)."""
    path = Path(thread.source_path)
    exchanged = folders_of(content).exchange_path(path)
    if exchanged is not None:
        return exchanged
    try:
        content_dir = folders_of(content).root
        return path.resolve().relative_to(content_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def thread_record(thread: Thread, content_dir: Path | ContentFolders, timezone: str) -> dict:
    return {
        "path": relative_path(thread, content_dir),
        "slug": thread.slug,
        "kind": thread.kind.value,
        "type": thread.type.value if thread.type else None,
        "title": thread.title,
        "category": thread.category,
        "tags": list(thread.tags),
        "author": thread.author,
        "date": iso(thread.date, timezone),
        "modified": iso(thread.modified, timezone),
        "last_activity": iso(thread.last_activity, timezone),
        "votes": thread.votes,
        "views": thread.views,
        "archived": thread.archived,
        "archive_reason": thread.archive_reason,
        "locked": thread.locked,
        "evergreen": thread.evergreen,
        "summary": thread.summary,
        "body": thread.body,
        "metadata": [{"key": k, "value": v} for k, v in thread.extra if k.lower() not in PRIVATE_KEYS],
        "replies": [
            {
                "author": r.author, "role": r.role, "avatar": r.avatar, "date": iso(r.date, timezone),
                "staff": r.staff, "accepted": r.accepted, "body": r.body,
            }
            for r in thread.replies
        ],
    }


def statistics(threads: list[Thread], timezone: str) -> dict:
    posts = [t for t in threads if t.kind is Kind.THREAD]
    replies = [r for t in threads for r in t.replies]
    types = Counter(t.type.value for t in posts if t.type)
    return {
        "threads": len(posts),
        "faq_entries": len(threads) - len(posts),
        "public": sum(not t.archived for t in threads),
        "archived": sum(t.archived for t in threads),
        "locked": sum(t.locked for t in threads),
        "replies": len(replies),
        "staff_replies": sum(r.staff for r in replies),
        "answered_threads": sum(bool(t.staff_replies) for t in posts),
        "accepted_replies": sum(r.accepted for r in replies),
        "votes": sum(t.votes for t in threads),
        "views": sum(t.views for t in threads),
        "by_type": {t.value: types.get(t.value, 0) for t in ThreadType},
        "first_date": iso(min((t.date for t in threads), default=None), timezone),
        "last_activity": iso(max((t.last_activity for t in threads), default=None), timezone),
    }


def forum_record(forum: Forum, content_dir: Path, settings: ForumSettings) -> dict:
    """Everything in ``forum.json``."""
    content_dir = settings.content.at(content_dir)  # the forum's folders, in this content folder
    timezone = settings.timezone
    threads = sorted(forum.threads, key=lambda t: relative_path(t, content_dir))
    categories: dict[str, list[int]] = {}
    tags: Counter = Counter()
    for thread in threads:
        counts = categories.setdefault(thread.category, [0, 0])
        counts[0] += 1
        counts[1] += thread.archived
        tags.update(set(thread.tags))
    return {
        "format": FORMAT,
        "version": VERSION,
        "site": {
            "name": settings.site_name, "organisation": settings.organisation, "url": settings.site_url,
            "timezone": timezone, "language": settings.lang,
        },
        "statistics": statistics(threads, timezone),
        "categories": [{"name": n, "threads": c[0], "archived": c[1]} for n, c in sorted(categories.items())],
        "tags": [{"name": n, "threads": c} for n, c in sorted(tags.items())],
        "threads": [thread_record(t, content_dir, timezone) for t in threads],
    }


def _csv(columns: tuple[str, ...], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def csv_files(record: dict) -> dict[str, str]:
    """``threads.csv`` and ``replies.csv`` from the ``forum.json`` record."""
    threads, replies = [], []
    for thread in record["threads"]:
        accepted = next((i for i, r in enumerate(thread["replies"], start=1) if r["accepted"]), None)
        row = {k: thread[k] for k in THREAD_COLUMNS if k in thread}
        row.update(
            tags=", ".join(thread["tags"]),
            replies=len(thread["replies"]),
            staff_replies=sum(r["staff"] for r in thread["replies"]),
            accepted_reply=accepted,
            metadata=json.dumps(thread["metadata"], ensure_ascii=False, sort_keys=True) if thread["metadata"] else "",
        )
        threads.append(row)
        for number, reply in enumerate(thread["replies"], start=1):
            replies.append({"thread_path": thread["path"], "thread_slug": thread["slug"], "number": number, **reply})
    return {"threads.csv": _csv(THREAD_COLUMNS, threads), "replies.csv": _csv(REPLY_COLUMNS, replies)}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def export_files(forum: Forum, content_dir: Path, settings: ForumSettings) -> dict[str, bytes]:
    """Every file of the export, name → bytes, manifest and sums included."""
    record = forum_record(forum, content_dir, settings)
    files = {DATA_FILE: dump_json(record), SCHEMA_FILE: dump_json(SCHEMA), **csv_files(record)}
    data = {name: text.encode("utf-8") for name, text in files.items()}
    manifest = {
        "format": f"{FORMAT}-manifest",
        "version": VERSION,
        "files": [{"path": n, "bytes": len(b), "sha256": sha256(b)} for n, b in sorted(data.items())],
    }
    data[MANIFEST_FILE] = dump_json(manifest).encode("utf-8")
    data[SUMS_FILE] = "".join(f"{sha256(b)}  {n}\n" for n, b in sorted(data.items())).encode("utf-8")
    return data


class ExportError(TorgetError):
    """The export cannot be written; the message starts with the folder or file."""


def write_export(forum: Forum, content_dir: Path, out: Path, settings: ForumSettings) -> list[Path]:
    """Write the export into ``out``: a new or empty folder, or an earlier export.

    Files of an earlier export (as its manifest lists them) are replaced;
    a folder with anything else in it is refused.
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        manifest = out / MANIFEST_FILE
        if not manifest.exists():
            raise ExportError(_("%(folder)s: not empty and not an earlier export (no %(file)s); choose an empty folder",
                                folder=out, file=MANIFEST_FILE))
        try:
            listed = [f["path"] for f in json.loads(manifest.read_text(encoding="utf-8"))["files"]]
        except (ValueError, KeyError, TypeError) as error:
            raise ExportError(_("%(file)s: unreadable manifest (%(error)s); choose an empty folder", file=manifest, error=error)) from None
        for name in [*listed, MANIFEST_FILE, SUMS_FILE]:
            if "/" not in name and not name.startswith("."):
                (out / name).unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in export_files(forum, content_dir, settings).items():
        (out / name).write_bytes(data)
        written.append(out / name)
    return written
