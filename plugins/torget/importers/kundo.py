"""Import an export of Kundo's public forum API: ``torget import kundo``.

Reads the export folder's ``properties.json``, dialog pages and comment
pages (the layout :mod:`torget.importers.kundo_api` downloads) and turns
each dialog into a thread with its comments as replies. The layout and the
full field mapping are in docs/import-export.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from torget import DEFAULT_TIMEZONE
from torget.content.folders import ContentFolders
from torget.content.forum import display_path
from torget.i18n import N_, _, ngettext
from torget.model import Kind, Reply, Thread, ThreadType
from torget.importers.common import MAX_BODY, Draft, Importer, ImportResult, RecordError, make_slug, plain_value, read_text, Unreadable
from torget.importers.safejson import JSONProblem, loads, read_records
from torget.importers.html_markdown import html_to_markdown

PREFIX = "kundo"
FOLDER = "posts/kundo"
DEFAULT_CATEGORY = "Allmänt"
TOPICS = {
    "q": ThreadType.QUESTION, "questions": ThreadType.QUESTION,
    "p": ThreadType.PROBLEM, "problems": ThreadType.PROBLEM,
    "s": ThreadType.SUGGESTION, "suggestions": ThreadType.SUGGESTION,
    "b": ThreadType.PRAISE, "praise": ThreadType.PRAISE,
}
DIALOG_FIELDS = frozenset(
    {"id", "title", "text", "topic", "state", "pub_date", "num_comments", "uri", "absolute_url", "user"}
)
COMMENT_FIELDS = frozenset({"text", "pub_date", "is_org_reply", "user"})
USER_FIELDS = frozenset({"first_name", "work_title", "gravatar_image"})
PROPERTY_FIELDS = frozenset({"name", "formal_name", "enabled_topics", "categories"})
CATEGORY_FIELDS = frozenset({"slug", "heading_name"})
ANONYMOUS = "Anonym"
#: Longest dialog id read (Kundo's are six or seven digits).
MAX_ID_DIGITS = 18
_KEY_CHARS = re.compile(r"[^A-Za-z0-9_-]+")
#: ``48312`` (the first 50 comments) or ``48312-page-2`` (the next 50).
_COMMENTS_PAGE = re.compile(r"([0-9]+)(?:-page-([0-9]{1,9}))?")


@dataclass
class Properties:
    """What ``properties.json`` says about the forum."""

    name: str = ""
    formal_name: str = ""
    enabled_topics: tuple[str, ...] = ()
    categories: dict[str, str] | None = None

    @property
    def organisation(self) -> str:
        return self.formal_name or self.name


def natural_key(path: Path) -> list:
    """``page-2`` sorts before ``page-10``."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


def _comments_page(path: Path) -> tuple:
    """``48312.json``, ``48312-page-2.json``, …, ``48312-page-10.json``."""
    match = _COMMENTS_PAGE.fullmatch(path.stem)
    return (match.group(1), int(match.group(2) or 1)) if match else (path.stem, 0)


def export_layout(source: Path) -> tuple[Path, list[Path]]:
    """The export's root folder and its dialog pages, in order."""
    if source.is_file():
        root = source.parent.parent if source.parent.name == "dialogs" else source.parent
        return root, [source]
    pages = sorted((source / "dialogs").glob("*.json"), key=natural_key)
    if not pages:
        pages = sorted((p for p in source.glob("*.json") if p.name != "properties.json"), key=natural_key)
    return source, pages


def parse_time(value: Any, timezone: str) -> datetime | None:
    """Kundo's ``pub_date``: ISO 8601, local time when it has no offset."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment.replace(microsecond=0)


def json_type(value: Any) -> str:
    """What a JSON value is, in JSON's words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return {str: "a string", list: "a list", dict: "an object"}.get(type(value), "a number")


def _ident(value: Any) -> str:
    """A dialog id as text: a whole number, not negative, of sensible length."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        value = str(value)
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS:
        return value
    return ""


def _short(value: Any, limit: int = 40) -> str:
    """A value for a message, cut to ``limit`` characters."""
    text = repr(value) if len(str(value)) <= 4 * limit else repr(str(value)[:4 * limit])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _body(text: Any, base: str, problems: list[str]) -> str:
    """A dialog's or comment's HTML as Markdown; ``""`` (and a problem) without."""
    if isinstance(text, str) and len(text) > MAX_BODY:
        problems.append(_("its text is %(length)s characters, more than the %(most)s an import takes",
                          length=format(len(text), ","), most=format(MAX_BODY, ",")))
        return ""
    try:
        body = html_to_markdown(text, base) if isinstance(text, str) else ""
    except RecursionError:
        problems.append("its HTML is nested too deeply to be converted")
        return ""
    if not body:
        problems.append("no text")
    return body


def _text(record: dict, key: str) -> str:
    value = record.get(key)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _url(value: Any) -> str:
    """An http(s) URL or a site path; anything else is not a usable link."""
    if isinstance(value, str) and re.match(r"^(https?://|/)[^\s\"'<>]*$", value.strip()):
        return value.strip()
    return ""


class _KundoImport:
    def __init__(self, importer: Importer, root: Path, category: str):
        self.importer = importer
        self.root = root
        self.category = category
        self.properties = Properties()
        #: Unused field → [path, line, count], reported once at the end.
        self.unused: dict[str, list] = {}
        #: Dialog id → its comments files, first page first.
        self.comment_files: dict[str, list[Path]] = {}
        for path in sorted((root / "comments").glob("*.json"), key=_comments_page):
            match = _COMMENTS_PAGE.fullmatch(path.stem)
            self.comment_files.setdefault(match.group(1) if match else path.stem, []).append(path)
        self.dialog_ids: set[str] = set()

    def note_unused(self, what: str, record: dict, known: frozenset, path: str, line: int) -> None:
        for name in sorted(set(record) - known):
            entry = self.unused.setdefault(_("%(what)s field %(name)r", what=_(what), name=name), [path, line, 0])
            entry[2] += 1

    def report_unused(self) -> None:
        for what, (path, line, count) in sorted(self.unused.items()):
            times = ngettext("once", "%(num)s times", count)
            self.importer.warn(path, line, _("%(what)s is not imported (found %(times)s; first here)", what=what, times=times))

    def load(self, path: Path) -> tuple[str, list[tuple[int, Any]]] | None:
        """A JSON list file's records with lines, or ``None`` after an error.

        Each record is read on its own: one that is not valid JSON (or is
        nested too deeply, holds ``NaN`` or a key twice) is reported at its
        line and left out, and the others are returned.
        """
        shown = display_path(path)
        try:
            found = read_records(read_text(path), None, shown, _("; the record is left out"))
        except (JSONProblem, Unreadable) as error:
            self.importer.error(shown, error.line, _("%(problem)s; the file is not imported", problem=error.message))
            return None
        for problem in found.problems:
            self.importer.error(problem.path, problem.line, problem.message)
        return shown, found.records

    # --- properties ---------------------------------------------------
    def read_properties(self) -> None:
        path = self.root / "properties.json"
        if not path.exists():
            self.importer.warn(display_path(self.root), 1, _("no properties.json: custom categories cannot be named"))
            return
        shown = display_path(path)
        try:
            data = loads(read_text(path))
        except (JSONProblem, Unreadable) as error:
            self.importer.error(shown, error.line, _("%(problem)s; the properties are not used", problem=error.message))
            return
        if isinstance(data, list) and len(data) == 1:
            data = data[0]
        if not isinstance(data, dict):
            self.importer.error(shown, 1, _("expected the forum's properties as one JSON object"))
            return
        self.note_unused(N_("properties"), data, PROPERTY_FIELDS, shown, 1)
        topics = data.get("enabled_topics") or []
        categories: dict[str, str] = {}
        for number, item in enumerate(data.get("categories") or [], start=1):
            if not isinstance(item, dict) or not _text(item, "slug") or not _text(item, "heading_name"):
                self.importer.error(shown, 1, _("category %(number)s needs a slug and a heading_name; it is left out", number=number))
                continue
            self.note_unused(N_("category"), item, CATEGORY_FIELDS, shown, 1)
            categories[_text(item, "slug")] = _text(item, "heading_name")
        self.properties = Properties(
            name=_text(data, "name"),
            formal_name=_text(data, "formal_name"),
            enabled_topics=tuple(str(t) for t in topics) if isinstance(topics, list) else (),
            categories=categories,
        )

    # --- dialogs ------------------------------------------------------
    def convert(self, item: tuple[str, int, Any]) -> Draft:
        path, line, record = item
        if not isinstance(record, dict):
            raise RecordError(path, line, _("expected a dialog object, got %(type)s; left out", type=json_type(record)))
        raw_id = record.get("id")
        ident = _ident(raw_id)
        problems = []
        if not ident:
            problems.append(_("no id") if raw_id is None else _("id %(id)s is not a whole number of at most %(most)s digits",
                                                                 id=_short(raw_id), most=MAX_ID_DIGITS))
        title = _text(record, "title")
        if not title:
            problems.append(_("no title"))
        timezone = self.importer.timezone
        date = parse_time(record.get("pub_date"), timezone)
        if date is None:
            problems.append(_("unparsable pub_date %(value)r", value=record.get("pub_date")) if "pub_date" in record
                            else _("no pub_date"))
        thread_type, category = self.topic(record.get("topic"), problems, path, line)
        base = _url(record.get("absolute_url"))
        base = base if base.startswith("http") else ""
        body = _body(record.get("text"), base, problems)
        if problems:
            raise RecordError(path, line, _("dialog %(id)s: %(problems)s; the dialog is left out",
                                            id=ident or "?", problems="; ".join(problems)))
        self.dialog_ids.add(ident)
        user = record.get("user") if isinstance(record.get("user"), dict) else {}
        slug = make_slug(PREFIX, ident, title)
        thread = Thread(
            source_path=f"{FOLDER}/{slug}.md",
            kind=Kind.THREAD,
            title=title,
            date=date,
            category=category,
            author=_text(user, "first_name") or ANONYMOUS,
            slug=slug,
            body=body,
            type=thread_type,
            replies=self.replies(ident, record, date, base, (path, line)),
            extra=self.metadata(ident, record, user),
        )
        return Draft(thread, (path, line), f"{PREFIX}-{ident}")

    def topic(self, topic: Any, problems: list[str], path: str, line: int) -> tuple[ThreadType, str]:
        name = str(topic).strip() if isinstance(topic, (str, int)) else ""
        categories = self.properties.categories or {}
        if name.lower() in TOPICS:
            enabled = self.properties.enabled_topics
            if enabled and name not in enabled and name.upper() not in enabled:
                self.importer.warn(path, line, _("topic %(name)r is not in the forum's enabled_topics", name=name))
            return TOPICS[name.lower()], self.category
        if name in categories:
            return ThreadType.QUESTION, categories[name]
        known = ", ".join(["Q", "P", "S", "B", *categories])
        problems.append(_("unknown topic %(name)r (expected one of: %(known)s)", name=name, known=known) if name else _("no topic"))
        return ThreadType.QUESTION, self.category

    def metadata(self, ident: str, record: dict, user: dict) -> tuple[tuple[str, str], ...]:
        extra = [("Source-Id", ident)]
        for key, name in (("absolute_url", "Source-Url"), ("uri", "Source-Uri"), ("topic", "Source-Topic"),
                          ("state", "Source-State")):
            if record.get(key) not in (None, ""):
                extra.append((name, plain_value(record[key])))
        if self.properties.organisation:
            extra.append(("Source-Forum", self.properties.organisation))
        for key in sorted(set(record) - DIALOG_FIELDS):
            extra.append((f"Source-Kundo-{_KEY_CHARS.sub('-', key)}", plain_value(record[key])))
        for key in ("work_title", "gravatar_image"):
            if user.get(key):
                extra.append((f"Source-Kundo-user-{key}", plain_value(user[key])))
        for key in sorted(set(user) - USER_FIELDS):
            extra.append((f"Source-Kundo-user-{_KEY_CHARS.sub('-', key)}", plain_value(user[key])))
        return tuple(extra)

    # --- comments -----------------------------------------------------
    def replies(self, ident: str, record: dict, date: datetime, base: str, origin: tuple[str, int]) -> tuple[Reply, ...]:
        """The dialog's comments, oldest first; ``base`` resolves relative links."""
        path, line = origin
        expected = record.get("num_comments")
        comments_paths = self.comment_files.get(ident)
        if comments_paths is None:
            if isinstance(expected, int) and expected > 0:
                self.importer.warn(path, line, _("dialog %(id)s: %(file)s is missing; its %(count)s comments are not imported",
                                                 id=ident, file="comments/%s.json" % ident, count=expected))
            return ()
        records: list[tuple[str, int, Any]] = []
        for comments_path in comments_paths:
            loaded = self.load(comments_path)
            if loaded is not None:
                records += [(loaded[0], comment_line, comment) for comment_line, comment in loaded[1]]
        shown = display_path(comments_paths[0]) + (_(" (and %(count)s more pages)", count=len(comments_paths) - 1)
                                                   if len(comments_paths) > 1 else "")
        if isinstance(expected, int) and expected != len(records):
            self.importer.warn(path, line, _("dialog %(id)s: num_comments is %(expected)s, but %(file)s holds %(count)s",
                                             id=ident, expected=expected, file=shown, count=len(records)))
        replies = []
        for comment_path, comment_line, comment in records:
            try:
                replies.append(self.reply(comment, date, base, comment_path, comment_line))
            except RecordError as error:
                self.importer.error(error.path, error.line, error.message)
        replies.sort(key=lambda r: r.date)
        return tuple(replies)

    def reply(self, comment: Any, dialog_date: datetime, base: str, path: str, line: int) -> Reply:
        if not isinstance(comment, dict):
            raise RecordError(path, line, _("expected a comment object, got %(type)s; left out", type=json_type(comment)))
        self.note_unused(N_("comment"), comment, COMMENT_FIELDS, path, line)
        problems = []
        date = parse_time(comment.get("pub_date"), self.importer.timezone)
        if date is None:
            problems.append(_("unparsable pub_date %(value)r", value=comment.get("pub_date")) if "pub_date" in comment
                            else _("no pub_date"))
        elif date < dialog_date:
            problems.append(_("dated %(date)s, before its dialog", date=comment["pub_date"]))
        body = _body(comment.get("text"), base, problems)
        staff = comment.get("is_org_reply", False)
        if not isinstance(staff, bool):
            problems.append(_("is_org_reply must be true or false, not %(value)r", value=staff))
        if problems:
            raise RecordError(path, line, _("comment: %(problems)s; the comment is left out", problems="; ".join(problems)))
        user = comment.get("user") if isinstance(comment.get("user"), dict) else {}
        self.note_unused(N_("comment user"), user, USER_FIELDS, path, line)
        author = _text(user, "first_name") or (self.properties.organisation if staff else "") or ANONYMOUS
        avatar = _url(user.get("gravatar_image"))
        if user.get("gravatar_image") and not avatar:
            self.importer.warn(path, line, _("gravatar_image %(value)r is not an http(s) URL; left out", value=user["gravatar_image"]))
        return Reply(author=author, date=date, body=body, role=_text(user, "work_title"), avatar=avatar, staff=staff)

    def report_orphans(self) -> None:
        for ident, paths in self.comment_files.items():
            if ident not in self.dialog_ids:
                self.importer.skip(display_path(paths[0]), 1,
                                   _("comments for dialog %(id)s, which is not in the export, are skipped", id=ident))


def import_kundo(source: Path, content_dir: Path | ContentFolders, *, timezone: str = DEFAULT_TIMEZONE, force: bool = False,
                 category: str = DEFAULT_CATEGORY, progress=None) -> ImportResult:
    """Import a Kundo export folder (or one dialogs page) into ``content_dir``.

    ``category`` is the Category of dialogs in the standard topics.
    """
    importer = Importer(content_dir, timezone, force)
    root, pages = export_layout(Path(source))
    kundo = _KundoImport(importer, root, category)
    kundo.read_properties()
    if not pages:
        importer.error(display_path(Path(source)), 1, _("no dialog pages (dialogs/*.json) found"))
    records: list[tuple[str, int, Any]] = []
    for page in pages:
        loaded = kundo.load(page)
        if loaded is not None:
            records += [(loaded[0], line, record) for line, record in loaded[1]]
    importer.progress = progress
    importer.run(records, kundo.convert)
    kundo.report_orphans()
    kundo.report_unused()
    return importer.result()
