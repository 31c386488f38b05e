"""Import the Stack Exchange data dump: ``torget import stackexchange DIR``.

Each question in a site's ``Posts.xml`` becomes a thread with its answers
as replies and comments appended to their posts, linking to the original
and naming its license. The XML is read with expat without ever resolving
a DTD or an entity (:func:`read_rows`). The field mapping is in
docs/import-export.md.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone as dt_timezone
from pathlib import Path
from xml.parsers import expat

from torget import DEFAULT_TIMEZONE
from torget.content.folders import ContentFolders
from torget.content.forum import display_path
from torget.i18n import N_, _
from torget.model import Kind, Reply, Thread, ThreadType, TorgetError
from torget.format.writing import format_date, slug_for
from torget.importers.common import MAX_BODY, Draft, Importer, ImportResult, RecordError, make_slug
from torget.importers.html_markdown import escape_text, html_to_markdown, text_to_markdown

QUESTION, ANSWER = "1", "2"
#: When the dump has no ``ContentLicense``: Stack Exchange's published
#: schedule, by the post's latest edit (UTC).
LICENSE_SCHEDULE = (
    (datetime(2011, 4, 8, tzinfo=dt_timezone.utc), "CC BY-SA 2.5"),
    (datetime(2018, 5, 2, tzinfo=dt_timezone.utc), "CC BY-SA 3.0"),
)
LATEST_LICENSE = "CC BY-SA 4.0"
_LICENSE_URL = re.compile(r"^CC BY-SA (\d\.\d)$")
#: Meta-site tags that say what kind of thread it is.
TYPE_TAGS = {"feature-request": ThreadType.SUGGESTION, "bug": ThreadType.PROBLEM}
#: Longest Id, Score or ViewCount read.
MAX_DIGITS = 18
#: First read of a dump file; doubled while no row ends in what was read.
CHUNK_BYTES = 1 << 20
#: Longest row (one start tag with its attributes) that is read.
MAX_ROW_BYTES = 256 << 20


class UnsafeXML(TorgetError):
    """The XML declares entities; it is not read any further."""


@dataclass
class Row:
    """One ``<row>`` element: its attributes and where it is."""

    path: str
    line: int
    attrs: dict[str, str]

    def get(self, name: str, default: str = "") -> str:
        return self.attrs.get(name, default)


@dataclass
class Question:
    row: Row
    answers: list[Row] = field(default_factory=list)


def read_rows(path: Path, importer: Importer) -> list[Row]:
    """Every ``<row>`` of a dump file, with its line number.

    A DTD internal subset or an entity declaration stops the file with an
    error; a DTD named by ``<!DOCTYPE … SYSTEM …>`` is never fetched.

    The file is fed to expat in chunks that double while no row ends:
    expat parses a start tag again from its beginning each time more of it
    arrives, so fixed small reads would make a very long row quadratic;
    doubling chunks keep it linear. A row longer than :data:`MAX_ROW_BYTES`
    stops the file with an error naming its line.
    """
    reader = _RowReader(display_path(path))
    try:
        with path.open("rb") as stream:
            if not reader.feed(stream):
                line = text_line(path, reader.last_event)
                importer.error(reader.shown, line, _("a row after this line is longer than %(size)s MB; the rest of the file "
                                                     "is not read (the %(rows)s rows before it are imported)",
                                                     size=MAX_ROW_BYTES // 2**20, rows=len(reader.rows)))
    except UnsafeXML as error:
        importer.error(reader.shown, reader.parser.CurrentLineNumber, str(error))
        return []
    except expat.ExpatError as error:
        importer.error(reader.shown, error.lineno, _("malformed XML (%(error)s); the %(rows)s rows before it are imported",
                                                     error=expat.errors.messages[error.code], rows=len(reader.rows)))
    except OSError as error:
        importer.error(reader.shown, 1, _("cannot be read (%(error)s)", error=error.strerror or error))
    return reader.rows


class _RowReader:
    """An expat parser that collects rows and refuses DTDs and entities."""

    def __init__(self, shown: str):
        self.shown = shown
        self.rows: list[Row] = []
        self.last_event = 0  # the byte offset of the last start tag
        self.parser = parser = expat.ParserCreate()
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.refuse
        parser.UnparsedEntityDeclHandler = self.refuse
        parser.ExternalEntityRefHandler = self.refuse
        parser.StartElementHandler = self.start

    def refuse(self, *_args) -> None:
        raise UnsafeXML(_("declares an entity; entities are never resolved, so the file is not imported"))

    def doctype(self, _name, _system, _public, has_internal_subset) -> None:
        if has_internal_subset:
            raise UnsafeXML(_("declares a DTD internal subset (%(syntax)s); DTD declarations and entities "
                              "are never read, so the file is not imported", syntax="<!DOCTYPE … [ … ]>"))

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.last_event = self.parser.CurrentByteIndex
        if name == "row":
            self.rows.append(Row(self.shown, self.parser.CurrentLineNumber, attrs))

    def feed(self, stream) -> bool:
        """Parse the whole stream; ``False`` when a row grew past :data:`MAX_ROW_BYTES`."""
        fed, size = 0, CHUNK_BYTES
        while chunk := stream.read(size):
            before = len(self.rows)
            self.parser.Parse(chunk, False)
            fed += len(chunk)
            if fed - self.last_event > MAX_ROW_BYTES:
                return False
            size = CHUNK_BYTES if len(self.rows) > before else min(2 * size, MAX_ROW_BYTES)
        self.parser.Parse(b"", True)
        return True


def _question_id_and_date(row: Row) -> tuple[str, datetime]:
    """A question's Id and CreationDate; a :class:`RecordError` when either is unusable."""
    ident = row.get("Id")
    missing = [name for name in ("Id", "Title", "CreationDate") if not row.get(name).strip()]
    if missing:
        raise RecordError(row.path, row.line, _("question %(id)s has no %(fields)s", id=ident or "?", fields=", ".join(missing)))
    if _whole(ident) is None or ident.startswith("-"):
        raise RecordError(row.path, row.line, _("question Id %(id)r is not a whole number of at most %(most)s digits",
                                                id=ident[:40], most=MAX_DIGITS))
    date = parse_time(row.get("CreationDate"))
    if date is None:
        raise RecordError(row.path, row.line, _("question %(id)s: unparsable CreationDate %(value)r",
                                                id=ident, value=row.get("CreationDate")))
    return ident, date


def text_line(path: Path, offset: int) -> int:
    """The line at byte ``offset`` of a file, counted in blocks."""
    line, done = 1, 0
    with path.open("rb") as stream:
        while done < offset and (block := stream.read(min(CHUNK_BYTES, offset - done))):
            line += block.count(b"\n")
            done += len(block)
    return line


def parse_time(value: str) -> datetime | None:
    """A dump timestamp (UTC, ``2016-08-02T15:39:14.947``), to the second."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt_timezone.utc)
    return moment.replace(microsecond=0)


def parse_tags(value: str) -> tuple[str, ...]:
    """``<a><b>`` or ``|a|b|`` → ``("a", "b")``."""
    names = re.findall(r"<([^<>]*)>", value) if "<" in value else value.split("|")
    return tuple(dict.fromkeys(n.strip().replace(",", " ") for n in names if n.strip()))


def site_prefix(site: str) -> str:
    """``datascience.meta.stackexchange.com`` → ``datascience-meta``."""
    name = site.lower()
    for suffix in (".com", ".net", ".org", ".stackexchange"):
        name = name.removesuffix(suffix)
    return slug_for(name.replace(".", "-")) or "se"


def license_url(name: str) -> str:
    match = _LICENSE_URL.match(name.strip())
    return f"https://creativecommons.org/licenses/by-sa/{match.group(1)}/" if match else ""


class _Site:
    """One site folder being imported."""

    def __init__(self, folder: Path, site: str, importer: Importer):
        self.folder = folder
        self.site = site
        self.prefix = site_prefix(site)
        self.importer = importer
        self.users: dict[str, str] = {}
        self.comments: dict[str, list[Row]] = defaultdict(list)

    # --- reading ------------------------------------------------------
    def questions(self) -> list[Question]:
        """Questions with their answers; orphans and other posts reported."""
        importer = self.importer
        users_file = self.folder / "Users.xml"
        if users_file.exists():
            self.users = {r.get("Id"): r.get("DisplayName") for r in read_rows(users_file, importer)}
        posts_file = self.folder / "Posts.xml"
        rows = read_rows(posts_file, importer)
        questions: dict[str, Question] = {}
        answers: list[Row] = []
        others: dict[str, int] = defaultdict(int)
        for row in rows:
            kind = row.get("PostTypeId")
            if kind == QUESTION:
                if row.get("Id") in questions:
                    importer.error(row.path, row.line, _("question %(id)s appears twice; the second is left out", id=row.get("Id")))
                    continue
                questions[row.get("Id")] = Question(row)
            elif kind == ANSWER:
                answers.append(row)
            else:
                others[kind] += 1
        for row in answers:
            question = questions.get(row.get("ParentId"))
            if question is None:
                importer.skip(row.path, row.line, _("orphan answer %(id)s skipped: its question %(question)s is not in the dump",
                                                    id=row.get("Id"), question=row.get("ParentId") or _("(none)")))
            else:
                question.answers.append(row)
        if others:
            kinds = ", ".join(_("%(count)s of PostTypeId %(kind)s", count=count, kind=kind) for kind, count in sorted(others.items()))
            importer.warn(display_path(posts_file), 1, _("posts that are not questions or answers "
                                                         "(tag wikis and the like) are not imported: %(kinds)s", kinds=kinds))
        self._read_comments(set(questions) | {a.get("Id") for a in answers})
        return list(questions.values())

    def _read_comments(self, post_ids: set[str]) -> None:
        comments_file = self.folder / "Comments.xml"
        if not comments_file.exists():
            return
        unplaced = 0
        for row in read_rows(comments_file, self.importer):
            if row.get("PostId") in post_ids:
                self.comments[row.get("PostId")].append(row)
            else:
                unplaced += 1
        if unplaced:
            self.importer.warn(display_path(comments_file), 1, _("%(count)s comments on posts that are "
                                                                 "not imported (tag wikis, missing posts) are left out",
                                                                 count=unplaced))

    # --- converting ---------------------------------------------------
    def author(self, row: Row, id_field: str = "OwnerUserId", name_field: str = "OwnerDisplayName") -> str:
        user = row.get(id_field)
        name = row.get(name_field).strip() or self.users.get(user, "").strip()
        if name:
            return name
        if user == "-1":
            return "Community"
        return f"user{user}" if user else "anonymous"

    def license(self, row: Row) -> str:
        given = row.get("ContentLicense").strip()
        if given:
            return given
        latest = max(filter(None, (parse_time(row.get("CreationDate")), parse_time(row.get("LastEditDate")))))
        return next((name for until, name in LICENSE_SCHEDULE if latest < until), LATEST_LICENSE)

    def body(self, row: Row, what: str) -> str:
        """A post's Markdown with its comments appended."""
        base = f"https://{self.site}/"
        if len(row.get("Body")) > MAX_BODY:
            raise RecordError(row.path, row.line, _("%(what)s %(id)s: its Body is %(length)s characters, more than the "
                                                    "%(most)s an import takes (Stack Exchange allows 30,000)",
                                                    what=_(what), id=row.get("Id")[:40], length=format(len(row.get("Body")), ","),
                                                    most=format(MAX_BODY, ",")))
        try:
            text = html_to_markdown(row.get("Body"), base)
        except RecursionError:
            raise RecordError(row.path, row.line, _("%(what)s %(id)s: its HTML is nested too deeply to be converted",
                                                    what=_(what), id=row.get("Id")[:40])) from None
        if not text:
            raise RecordError(row.path, row.line, _("%(what)s %(id)s has no text", what=_(what), id=row.get("Id")))
        comments = sorted(self.comments.get(row.get("Id"), ()), key=_in_order)
        items = []
        for comment in comments:
            if len(comment.get("Text")) > MAX_BODY:
                self.importer.error(comment.path, comment.line, _("comment %(id)s: its Text is %(length)s characters, "
                                                                  "more than %(most)s; left out", id=comment.get("Id")[:40],
                                                                  length=format(len(comment.get("Text")), ","),
                                                                  most=format(MAX_BODY, ",")))
                continue
            words = text_to_markdown(comment.get("Text"), base).strip()
            moment = parse_time(comment.get("CreationDate"))
            if not words or moment is None:
                self.importer.error(comment.path, comment.line,
                                    _("comment %(id)s has no text or no valid CreationDate; left out", id=comment.get("Id")))
                continue
            who = escape_text(self.author(comment, "UserId", "UserDisplayName"))
            item = f"{who} ({format_date(moment, self.importer.timezone)}): {words}"
            items.append("-   " + item.replace("\n", "\n    ").replace("\n    \n", "\n\n"))
        if items:
            text += "\n**Comments**\n\n" + "\n".join(items) + "\n"
        return text

    def convert(self, question: Question) -> Draft:
        row = question.row
        ident, date = _question_id_and_date(row)
        title = " ".join(row.get("Title").split())
        url = f"https://{self.site}/questions/{ident}"
        replies, licenses = self.answers(question, ident, date)
        tags = parse_tags(row.get("Tags"))
        score, views = (self.number(row, name) for name in ("Score", "ViewCount"))
        modified = parse_time(row.get("LastActivityDate"))
        closed = parse_time(row.get("ClosedDate"))
        extra = [("Source-Url", url), ("Source-License", ", ".join(licenses))]
        if score < 0:
            extra.append(("Source-Score", str(score)))
        if closed:
            extra.append(("Source-Closed", format_date(closed, self.importer.timezone)))
        slug = make_slug(self.prefix, ident, title)
        thread = Thread(
            source_path=f"posts/{self.prefix}/{slug}.md",
            kind=Kind.THREAD,
            title=title,
            date=date,
            category=self.site,
            author=self.author(row),
            slug=slug,
            body=self.body(row, N_("question")) + "\n" + self.attribution(url, row, licenses),
            type=next((TYPE_TAGS[t] for t in tags if t in TYPE_TAGS), ThreadType.QUESTION),
            modified=modified if modified and modified > date else None,
            tags=tags,
            votes=max(score, 0),
            views=max(views, 0),
            locked=closed is not None,
            replies=tuple(replies),
            extra=tuple(extra),
        )
        return Draft(thread, (row.path, row.line), f"{self.prefix}-{ident}")

    def answers(self, question: Question, ident: str, date: datetime) -> tuple[list[Reply], list[str]]:
        """The question's answers as replies, in order, and the licenses of
        the question and those answers (each once)."""
        row = question.row
        accepted = row.get("AcceptedAnswerId")
        replies, licenses = [], [self.license(row)]
        for answer in sorted(question.answers, key=_in_order):
            reply = self.reply(answer, date, accepted)
            if reply:
                replies.append(reply)
                licenses.append(self.license(answer))
        if accepted and not any(r.accepted for r in replies):
            self.importer.warn(row.path, row.line, _("question %(id)s: accepted answer %(answer)s is not in the dump",
                                                     id=ident, answer=accepted))
        return replies, list(dict.fromkeys(licenses))

    def number(self, row: Row, name: str) -> int:
        """A whole-number attribute; 0 (and a warning) when it is not one."""
        value = row.get(name).strip()
        number = _whole(value) if value else 0
        if number is None:
            shown = repr(value[:20]) + ("…" if len(value) > 20 else "")
            self.importer.warn(row.path, row.line, _("question %(id)s: %(name)s %(value)s is not a whole number of at most "
                                                     "%(most)s digits; 0 is used",
                                                     id=row.get("Id")[:40], name=name, value=shown, most=MAX_DIGITS))
            return 0
        return number

    def reply(self, answer: Row, question_date: datetime, accepted: str) -> Reply | None:
        date = parse_time(answer.get("CreationDate"))
        try:
            if date is None:
                raise RecordError(answer.path, answer.line, _("answer %(id)s: unparsable CreationDate", id=answer.get("Id")))
            if date < question_date:
                raise RecordError(answer.path, answer.line, _("answer %(id)s is dated before its question", id=answer.get("Id")))
            body = self.body(answer, N_("answer"))
        except RecordError as error:
            self.importer.error(error.path, error.line, error.message + _("; the answer is left out"))
            return None
        return Reply(
            author=self.author(answer),
            date=date,
            body=body,
            accepted=bool(accepted) and answer.get("Id") == accepted,
        )

    def attribution(self, url: str, row: Row, licenses: list[str]) -> str:
        names = " and ".join(
            f"[{escape_text(name)}]({license_url(name)})" if license_url(name) else escape_text(name)
            for name in licenses
        )
        return (
            f"*Source: [{escape_text(self.site)}/questions/{row.get('Id')}]({url}), asked by "
            f"{escape_text(self.author(row))}; the question, answers and comments are by their "
            f"authors and licensed under {names}.*\n"
        )


def _in_order(row: Row) -> tuple[str, int]:
    """Rows by CreationDate (ISO text sorts by time), then Id."""
    ident = row.get("Id")
    return row.get("CreationDate"), _whole(ident) or 0


def _whole(value: str) -> int | None:
    """A whole number of at most :data:`MAX_DIGITS` ASCII digits, else ``None``."""
    return int(value) if re.fullmatch(r"-?[0-9]{1,%d}" % MAX_DIGITS, value.strip()) else None


def site_folders(source: Path) -> list[Path]:
    """``source`` itself when it holds ``Posts.xml``, else its site folders."""
    if (source / "Posts.xml").exists():
        return [source]
    return sorted(p for p in source.iterdir() if (p / "Posts.xml").exists()) if source.is_dir() else []


def questions_of(source: Path, importer: Importer, site: str | None = None) -> list[tuple[_Site, Question]]:
    """Every question of every site folder under ``source``, with its site.

    ``site`` names the site when ``source`` is one folder not named after it.
    """
    folders = site_folders(Path(source))
    if not folders:
        importer.error(display_path(Path(source)), 1, "no Posts.xml here or in its sub-folders")
    work = []
    for folder in folders:
        reader = _Site(folder, (site if len(folders) == 1 else None) or folder.resolve().name, importer)
        work += [(reader, question) for question in reader.questions()]
    return work


def import_stackexchange(source: Path, content_dir: Path | ContentFolders, *, timezone: str = DEFAULT_TIMEZONE,
                         force: bool = False, site: str | None = None, progress=None) -> ImportResult:
    """Import one site folder (or a folder of site folders) into ``content_dir``."""
    importer = Importer(content_dir, timezone, force)
    work = questions_of(source, importer, site)
    importer.progress = progress
    importer.run(work, lambda item: item[0].convert(item[1]))
    return importer.result()
