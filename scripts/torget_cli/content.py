"""Editor commands that create or change content files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from torget.editing import EditError, archive_text, edit_file, resolve_thread, unarchive_text
from torget.forum import load_forum
from torget.model import ThreadType
from torget.writing import new_thread_text, slug_for

from .common import config_option, content_option, settings_from

TYPES = [t.value for t in ThreadType]


@click.command()
@config_option
@content_option
@click.option("--title", help="The thread's title (the question).")
@click.option("--type", "thread_type", type=click.Choice(TYPES), help="What kind of thread it is.")
@click.option("--category", help="Category name, e.g. 'Avfall och återvinning'.")
@click.option("--author", help="The asker's display name.")
@click.option("--tags", default="", help="Comma-separated tags.")
@click.option("--slug", help="URL name. Default: made from the title.")
@click.option("--faq", is_flag=True, help="Create an FAQ entry in content/faq instead of a thread.")
def new(config, content, title, thread_type, category, author, tags, slug, faq):
    """Create a new thread file from flags, asking for what is missing.

    The file gets the current time as its Date and a reply block for the
    organisation's answer to fill in. It is never overwritten.
    """
    if content is not None:
        content.mkdir(parents=True, exist_ok=True)
    settings = settings_from(config, content)
    content_dir = Path(settings["PATH"])
    title = title or click.prompt("Title")
    if not faq:
        thread_type = thread_type or click.prompt("Type", type=click.Choice(TYPES))
    category = category or click.prompt("Category")
    author = author or click.prompt("Author (display name)")
    slug = slug or slug_for(title)
    if not slug:
        raise click.ClickException("could not make a slug from the title; pass --slug")
    now = datetime.now(ZoneInfo(settings.get("TIMEZONE", "Europe/Stockholm")))
    path = content_dir / ("faq" if faq else "posts") / f"{slug}.md"
    if path.exists():
        raise click.ClickException(f"{path}: already exists; choose another --slug")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        new_thread_text(
            title=title,
            date=now,
            thread_type=None if faq else ThreadType(thread_type),
            category=category,
            author=author,
            tags=[t.strip() for t in tags.split(",") if t.strip()],
            organisation=settings.get("TORGET_ORGANISATION", ""),
        ),
        encoding="utf-8",
    )
    click.echo(f"Created {path}")
    click.echo("Write the question and the answer, then run: torget check")


def _content_dir(config, content) -> Path:
    return Path(settings_from(config, content)["PATH"])


def _edit(config, content, target, change, done: str, unchanged: str) -> None:
    try:
        path = resolve_thread(_content_dir(config, content), target)
        changed = edit_file(path, change)
    except EditError as error:
        raise click.ClickException(str(error)) from None
    except UnicodeDecodeError:
        raise click.ClickException(f"{target}: file is not UTF-8") from None
    click.echo(f"{done if changed else unchanged}: {path}")


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
    _edit(config, content, target, lambda text: archive_text(text, reason), "Archived", "Already archived")


@click.command()
@config_option
@content_option
@click.argument("target", metavar="PATH|SLUG")
def unarchive(config, content, target):
    """Undo 'torget archive': remove 'Archived:' and 'Archive-reason:'."""
    _edit(config, content, target, unarchive_text, "Unarchived", "Not archived")


@click.command(name="list")
@config_option
@content_option
@click.option("--archived", is_flag=True, help="Only archived threads and FAQ entries.")
def list_threads(config, content, archived):
    """List threads with their date, latest activity, slug and file.

    Newest activity first. Files with errors are left out; run torget check.
    """
    settings = settings_from(config, content)
    forum = load_forum(Path(settings["PATH"]), settings.get("TIMEZONE", "Europe/Stockholm"))
    threads = [t for t in forum.threads if t.archived or not archived]
    threads.sort(key=lambda t: (t.last_activity, t.slug), reverse=True)
    for thread in threads:
        reason = f"  ({thread.archive_reason})" if archived and thread.archive_reason else ""
        click.echo(
            f"{thread.date:%Y-%m-%d}  {thread.last_activity:%Y-%m-%d}  {thread.slug}  "
            f"{thread.title}  [{thread.source_path}]{reason}"
        )
    click.echo(f"{len(threads)} {'archived ' if archived else ''}threads.", err=True)
