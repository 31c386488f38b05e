"""Editor commands that create or change content files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from torget.content.categories import suggestions
from torget.content.editing import EditError, archive_text, declared_slug, edit_file, resolve_thread, unarchive_text
from torget.content.folders import ContentFolders
from torget.content.forum import load_forum, thread_files
from torget.i18n import N_, _, ngettext
from torget.model import Kind, ThreadType
from torget.format.parsing import SLUG, TYPE_ALIASES
from torget.format.writing import PLACEHOLDERS, new_thread_text, slug_for, type_name
from torget.site.view import thread_recency

from .common import config_option, content_option, settings_from
from .common import forum_settings as read_forum_settings

TYPES = [t.value for t in ThreadType]
#: Every type name ``--type`` accepts: English and Swedish, as in the content format.
TYPE_CHOICES = sorted(TYPE_ALIASES)


class _Asker:
    """Asks for what the flags did not give; without anyone to ask, names
    every flag still missing."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        self.asked = False

    def __call__(self, flag: str, text: str, **options):
        self.asked = True
        try:
            value = click.prompt(text, **options)
        except click.exceptions.Abort:
            still = self.missing[self.missing.index(flag):] if flag in self.missing else [flag]
            raise click.UsageError(
                _("missing %(flags)s (nothing to read the answers from; give every value by flags)", flags=", ".join(still))
            ) from None
        if flag in self.missing:
            self.missing.remove(flag)
        return value


def _thread_type(value: str) -> ThreadType:
    found = TYPE_ALIASES.get(str(value).strip().lower())
    if found is None:
        raise click.BadParameter(_("%(value)r is not one of: %(choices)s", value=value, choices=", ".join(TYPE_CHOICES)))
    return found


def _category(value: str, declared: list[str]) -> str:
    """A declared category by name or number in the list (any case)."""
    value = " ".join(str(value).split())
    if not declared:
        if not value:
            raise click.BadParameter(_("the category must not be empty"))
        return value
    if value.isdigit() and 1 <= int(value) <= len(declared):
        return declared[int(value) - 1]
    for name in declared:
        if name.casefold() == value.casefold():
            return name
    close = suggestions(value, declared)
    hint = _("did you mean %(names)s? ", names=_(" or ").join(repr(c) for c in close)) if close else ""
    raise click.BadParameter(_("%(value)r is not declared in TORGET_CATEGORIES; %(hint)sdeclared: %(declared)s",
                               value=value, hint=hint, declared=", ".join(declared)))


def _slug(value: str) -> str:
    if not SLUG.match(value):
        suggestion = slug_for(value)
        raise click.BadParameter(
            _("%(value)r may only contain a-z, 0-9 and single '-'", value=value)
            + (_(" (for example %(slug)r)", slug=suggestion) if suggestion else "")
        )
    return value


@dataclass
class _NewThread:
    """What ``torget new`` writes: the flags' values, then the answers."""

    title: str | None
    thread_type: ThreadType | None
    category: str | None
    author: str | None
    tags: str | None
    slug: str | None
    faq: bool


@click.command()
@config_option
@content_option
@click.option("--title", help="The thread's title (the question).")
@click.option("--type", "thread_type", metavar="TYPE",
              help="question, problem, suggestion or praise (Swedish: fråga, problem, förslag, beröm).")
@click.option("--category", help="A category declared in TORGET_CATEGORIES, by name.")
@click.option("--author", help="The asker's display name (FAQ entries: default the organisation).")
@click.option("--tags", default=None, help="Comma-separated tags ('' for none).")
@click.option("--slug", help="URL name: a-z, 0-9 and '-'. Default: made from the title.")
@click.option("--faq", is_flag=True, help="Create an FAQ entry in content/faq instead of a thread.")
@click.option("--staff-reply", is_flag=True, help="Add a staff reply block (by TORGET_ORGANISATION) to fill in.")
def new(config, content, title, thread_type, category, author, tags, slug, faq, staff_reply):
    """Create a new thread or FAQ file, asking for what the flags do not give.

    The file gets the current time as its Date and a '[FYLL I: …]' text
    where the question (an FAQ entry's answer) goes: torget check and
    torget build refuse the file until it is replaced. A staff reply is
    added only with --staff-reply. With every value given by flags it asks
    nothing, so it also runs without a terminal. It never overwrites.
    """
    if content is not None:
        content.mkdir(parents=True, exist_ok=True)
    settings = settings_from(config, content)
    forum_settings = read_forum_settings(settings)
    declared = [c.name for c in forum_settings.categories]
    thread = _checked_flags(title, thread_type, category, author, tags, slug, faq, declared)
    _ask_missing(thread, forum_settings, declared)
    path = _free_path(forum_settings.content, thread)
    made = new_thread_text(
        title=thread.title, date=datetime.now(ZoneInfo(forum_settings.timezone)), thread_type=thread.thread_type,
        category=thread.category, author=thread.author, tags=_tag_list(thread.tags),
        organisation=forum_settings.organisation, lang=forum_settings.lang, staff_reply=staff_reply,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # never overwrite, even a file made meanwhile
        handle.write(made.text)
    _say_created(path, thread, made, forum_settings.lang)


def _checked_flags(title, thread_type, category, author, tags, slug, faq: bool, declared: list[str]) -> _NewThread:
    """The flags' values, parsed; every bad flag is reported at once, before anything is asked."""
    errors = []

    def checked(flag: str, check, value):
        try:
            return check(value)
        except click.BadParameter as error:
            errors.append(f"{flag}: {error.message}")
            return None

    parsed_type = checked("--type", _thread_type, thread_type) if thread_type and not faq else None
    category = checked("--category", lambda v: _category(v, declared), category) if category is not None else None
    slug = checked("--slug", _slug, slug) if slug is not None else None
    if faq and thread_type:
        errors.append("--type: " + _("FAQ entries have no type"))
    if errors:
        raise click.UsageError("\n".join(errors))
    return _NewThread(title, parsed_type, category, author, tags, slug, faq)


def _ask_missing(thread: _NewThread, forum_settings, declared: list[str]) -> None:
    """Fill in what the flags did not give, asking in the order of the flags."""
    organisation = forum_settings.organisation
    missing = [flag for flag, given in (("--title", thread.title), ("--type", thread.faq or thread.thread_type),
                                        ("--category", thread.category),
                                        ("--author", thread.author or (thread.faq and organisation))) if not given]
    ask = _Asker(missing)
    if not thread.title:
        thread.title = ask("--title", _("Title"), value_proc=_not_empty)
    if not thread.faq and thread.thread_type is None:
        names = [type_name(t, forum_settings.lang) for t in ThreadType]
        thread.thread_type = ask("--type", _("Type (%(names)s)", names=", ".join(names)), value_proc=_thread_type)
    if thread.category is None:
        thread.category = _ask_category(ask, declared)
    if not thread.author:
        if thread.faq and organisation:
            thread.author = organisation if not ask.asked else ask(
                "--author", _("Author (the organisation's unit)"), default=organisation)
        else:
            thread.author = ask("--author", _("Author (the asker's display name)"), value_proc=_not_empty)
    if thread.tags is None:
        thread.tags = ask("--tags", _("Tags (comma-separated, empty for none)"), default="",
                          show_default=False) if ask.asked else ""
    if thread.slug is None:
        thread.slug = slug_for(thread.title) or ask("--slug", _("Slug (a-z, 0-9 and '-')"), value_proc=_slug)


def _ask_category(ask: _Asker, declared: list[str]) -> str:
    if declared:
        click.echo(_("Categories:"), err=True)
        for number, name in enumerate(declared, 1):
            click.echo(f"  {number}. {name}", err=True)
    return ask("--category", _("Category (number or name)") if declared else _("Category"),
               value_proc=lambda value: _category(value, declared))


def _tag_list(tags: str) -> list[str]:
    return [t.strip() for t in tags.split(",") if t.strip()]


def _free_path(content: ContentFolders, thread: _NewThread) -> Path:
    """Where the new file goes (the first folder of its kind); an error if
    that file or its slug exists."""
    path = content.new_file_folder(Kind.FAQ if thread.faq else Kind.THREAD) / f"{thread.slug}.md"
    if path.exists():
        raise click.ClickException(_("%(path)s: already exists; choose another --slug", path=path))
    taken = next((p for p, _text in thread_files(content) if declared_slug(p) == thread.slug), None)
    if taken is not None:
        raise click.ClickException(_("slug %(slug)r is already used by %(path)s; choose another --slug",
                                     slug=thread.slug, path=taken))
    return path


def _say_created(path: Path, thread: _NewThread, made, lang: str) -> None:
    tag_list = _tag_list(thread.tags)
    what = _("FAQ entry") if thread.faq else _("thread (%(type)s)", type=type_name(thread.thread_type, lang))
    click.echo(_("Created %(path)s: %(what)s in %(category)r", path=path, what=what, category=thread.category)
               + (_(", tags %(tags)s", tags=", ".join(tag_list)) if tag_list else ""))
    marker = PLACEHOLDERS.get(lang, PLACEHOLDERS["en"])["question"].split(":")[0]
    lines = _(" and ").join(str(n) for n in made.placeholder_lines)
    click.echo(ngettext("Replace the %(marker)s: …] text on line %(lines)s, then run: torget check (until then, check and build refuse the file).",
                        "Replace the %(marker)s: …] text on lines %(lines)s, then run: torget check (until then, check and build refuse the file).",
                        len(made.placeholder_lines), marker=marker, lines=lines))


def _not_empty(value: str) -> str:
    value = " ".join(str(value).split())
    if not value:
        raise click.BadParameter(_("must not be empty"))
    return value


def _content_folders(config, content) -> ContentFolders:
    return read_forum_settings(settings_from(config, content)).content


def _edit(config, content, target, change, done: str, unchanged: str) -> None:
    try:
        path = resolve_thread(_content_folders(config, content), target)
        changed = edit_file(path, change)
    except EditError as error:
        raise click.ClickException(str(error)) from None
    except UnicodeDecodeError:
        raise click.ClickException(_("%(path)s: file is not UTF-8", path=target)) from None
    click.echo(f"{_(done) if changed else _(unchanged)}: {path}")


@click.command()
@config_option
@content_option
@click.argument("target", metavar="PATH|SLUG")
@click.option("--reason", help="Why it is archived; shown on the thread's notice.")
def archive(config, content, target, reason):
    """Archive a thread: readable by its link, listed and searchable nowhere.

    Sets 'Archived: yes' (and 'Archive-reason:') in the file's header and
    changes no other byte.
    """
    _edit(config, content, target, lambda text: archive_text(text, reason), N_("Archived"), N_("Already archived"))


@click.command()
@config_option
@content_option
@click.argument("target", metavar="PATH|SLUG")
def unarchive(config, content, target):
    """Undo 'torget archive': remove 'Archived:' and 'Archive-reason:'."""
    _edit(config, content, target, unarchive_text, N_("Unarchived"), N_("Not archived"))


@click.command(name="list")
@config_option
@content_option
@click.option("--archived", is_flag=True, help="Only archived threads and FAQ entries.")
def list_threads(config, content, archived):
    """List threads with their date, latest activity, slug and file.

    Newest activity first. Files with errors are left out; run torget check.
    """
    settings = settings_from(config, content)
    forum_settings = read_forum_settings(settings)
    forum = load_forum(forum_settings.content, forum_settings.timezone)
    threads = [t for t in forum.threads if t.archived or not archived]
    threads.sort(key=thread_recency, reverse=True)
    for thread in threads:
        reason = f"  ({thread.archive_reason})" if archived and thread.archive_reason else ""
        click.echo(
            f"{thread.date:%Y-%m-%d}  {thread.last_activity:%Y-%m-%d}  {thread.slug}  "
            f"{thread.title}  [{thread.source_path}]{reason}"
        )
    if archived:
        click.echo(ngettext("%(num)s archived thread.", "%(num)s archived threads.", len(threads)), err=True)
    else:
        click.echo(ngettext("%(num)s thread.", "%(num)s threads.", len(threads)), err=True)
