"""Read a ``torget export`` folder back into thread files: ``torget import export``.

The export's ``SHA256SUMS`` is checked first: a file that does not match
(or is missing) stops the import, because the record is no longer what was
exported. Then every thread in ``forum.json`` is written to its ``path``
under the content folder, with the same rules as every importer (unchanged
files are left alone, files edited by hand are kept without ``--force``).

Exporting, importing the export into an empty folder and exporting again
gives byte-identical files.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from torget import DEFAULT_TIMEZONE
from torget.records.export import DATA_FILE, FORMAT, SUMS_FILE, VERSION, sha256
from torget.content.folders import ContentFolders
from torget.content.forum import THREAD_FOLDERS, display_path
from torget.i18n import _
from torget.model import Reply, Thread, ThreadType
from torget.importers.common import Draft, Importer, ImportResult, RecordError, Unreadable, read_text
from torget.importers.safejson import JSONProblem, read_records

#: A thread's ``path``: a ``.md`` file under posts/ or faq/, in plain
#: folder names (no control characters, no backslash, no ``..``).
_PATH = re.compile(r"(posts|faq)/([^/\\\x00-\x1f\x7f]+/)*[^/\\\x00-\x1f\x7f]+\.md")
#: Field → (accepted types, required) for threads and replies.
THREAD_FIELDS = {
    "path": str, "slug": str, "kind": str, "type": (str, type(None)), "title": str, "category": str,
    "tags": list, "author": str, "date": str, "modified": (str, type(None)), "votes": int, "views": int,
    "archived": bool, "archive_reason": str, "locked": bool, "evergreen": bool, "summary": str, "body": str,
    "metadata": list, "replies": list,
}
REPLY_FIELDS = {"author": str, "role": str, "avatar": str, "date": str, "staff": bool, "accepted": bool, "body": str}


def verify_sums(folder: Path, importer: Importer) -> bool:
    """Check every file listed in ``SHA256SUMS``; report each mismatch."""
    sums = folder / SUMS_FILE
    if not sums.exists():
        importer.warn(display_path(folder), 1, _("no %(file)s: the export cannot be verified", file=SUMS_FILE))
        return True
    ok = True
    shown = display_path(sums)
    try:
        text = read_text(sums)
    except Unreadable as error:
        importer.error(shown, error.line, error.message)
        return False
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"^([0-9a-f]{64}) [ *](.+)$", line)
        if not match:
            importer.error(shown, number, _("expected %(form)r, got %(line)r", form="<sha256>  <file>", line=line[:60]))
            ok = False
            continue
        target = folder / match.group(2)
        if "/" in match.group(2) or not target.is_file():
            importer.error(shown, number, _("%(file)s is missing from the export", file=match.group(2)))
            ok = False
        elif sha256(target.read_bytes()) != match.group(1):
            importer.error(shown, number, _("%(file)s does not match its SHA-256: the export was changed", file=match.group(2)))
            ok = False
    return ok


def _check(record: Any, fields: dict, what: str) -> list[str]:
    if not isinstance(record, dict):
        return [_("%(what)s is not an object", what=what)]
    problems = []
    for name, types in fields.items():
        if name not in record:
            problems.append(_("%(what)s has no %(name)r", what=what, name=name))
        elif isinstance(record[name], bool) and types is int or not isinstance(record[name], types):
            problems.append(_("%(what)s: %(name)r has the wrong type (%(type)s)", what=what, name=name,
                              type=type(record[name]).__name__))
    return problems


def _date(value: str | None, what: str, problems: list[str]) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        problems.append(_("%(what)s %(value)r is not an ISO 8601 date with an offset", what=what, value=value))
        return None
    return moment


def convert(path: str, line: int, record: Any) -> Draft:
    """One ``threads[]`` entry of ``forum.json`` → a draft at its own path."""
    problems = _check(record, THREAD_FIELDS, _("thread"))
    if problems:
        raise RecordError(path, line, "; ".join(problems))
    label = _("thread %(path)s", path=record["path"])
    if not _PATH.fullmatch(record["path"]) or ".." in record["path"].split("/"):
        raise RecordError(path, line, _("thread %(path)r: path must be a .md file under posts/ or faq/ without control "
                                        "characters, backslashes or '..'", path=record["path"][:80]))
    kind = THREAD_FOLDERS[record["path"].split("/")[0]]
    if record["kind"] != kind.value:
        problems.append(_("kind %(value)r does not match its folder", value=record["kind"]))
    thread_type = None
    if record["type"] is not None:
        try:
            thread_type = ThreadType(record["type"])
        except ValueError:
            problems.append(_("unknown type %(value)r", value=record["type"]))
    date = _date(record["date"], "date", problems)
    modified = _date(record["modified"], "modified", problems)
    replies = []
    for number, reply in enumerate(record["replies"], start=1):
        found = _check(reply, REPLY_FIELDS, _("reply %(number)s", number=number))
        if found:
            problems += found
            continue
        moment = _date(reply["date"], _("reply %(number)s date", number=number), problems)
        replies.append(Reply(author=reply["author"], date=moment, body=reply["body"], role=reply["role"],
                             avatar=reply["avatar"], staff=reply["staff"], accepted=reply["accepted"]))
    extra = []
    for item in record["metadata"]:
        if isinstance(item, dict) and isinstance(item.get("key"), str) and isinstance(item.get("value"), str):
            extra.append((item["key"], item["value"]))
        else:
            problems.append(_("metadata entry %(value)r needs a string key and value", value=item))
    if not all(isinstance(t, str) for t in record["tags"]):
        problems.append(_("tags must be strings"))
    if problems:
        raise RecordError(path, line, f"{label}: " + "; ".join(problems))
    thread = Thread(
        source_path=record["path"], kind=kind, title=record["title"], date=date, category=record["category"],
        author=record["author"], slug=record["slug"], body=record["body"], type=thread_type, modified=modified,
        tags=tuple(record["tags"]), votes=record["votes"], views=record["views"], archived=record["archived"],
        archive_reason=record["archive_reason"], locked=record["locked"], evergreen=record["evergreen"],
        summary=record["summary"], replies=tuple(replies), extra=tuple(extra),
    )
    return Draft(thread, (path, line))


def import_export(source: Path, content_dir: Path | ContentFolders, *, timezone: str = DEFAULT_TIMEZONE, force: bool = False,
                  progress=None) -> ImportResult:
    """Import an export folder (or its ``forum.json``) into ``content_dir``."""
    source = Path(source)
    folder = source.parent if source.is_file() else source
    importer = Importer(content_dir, timezone, force)
    data_file = folder / DATA_FILE
    shown = display_path(data_file)
    if not data_file.exists():
        importer.error(shown, 1, _("no %(file)s: not a torget export", file=DATA_FILE))
        return importer.result()
    if not verify_sums(folder, importer):
        return importer.result()
    try:
        found = read_records(read_text(data_file), "threads", shown, _("; the thread is left out"))
    except (JSONProblem, Unreadable) as error:
        importer.error(shown, error.line, _("not a readable export: %(problem)s", problem=error.message))
        return importer.result()
    header, records = found.members, found.records
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        importer.error(shown, 1, _("expected format %(format)r version %(version)s, got %(got)r version %(got_version)r",
                                   format=FORMAT, version=VERSION, got=header.get("format"), got_version=header.get("version")))
        return importer.result()
    for problem in found.problems:
        importer.error(problem.path, problem.line, problem.message)
    importer.progress = progress
    importer.run([(shown, line, record) for line, record in records], lambda item: convert(*item))
    return importer.result()
