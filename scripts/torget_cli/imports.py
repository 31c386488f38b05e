"""``torget import kundo|stackexchange|export`` and ``torget export``.

Thin front ends: the work is done by ``torget.importers`` and
``torget.export``. Problems are printed as ``path:line: message``; any
error makes the command exit with 1.
"""

from __future__ import annotations

from pathlib import Path

import click

from torget.build import check_content
from torget.export import ExportError, write_export
from torget.importers.common import ImportResult
from torget.importers.export import import_export
from torget.importers.kundo import DEFAULT_CATEGORY, import_kundo
from torget.importers.stackexchange import import_stackexchange
from torget.model import ContentError
from torget.settings import ForumSettings

from .common import config_option, content_option, progress_bar, report, settings_from

force_option = click.option(
    "--force", is_flag=True, help="Also overwrite thread files that were edited by hand since their import."
)


def _import(config: Path, content: Path | None, label: str, run, source: Path, **options) -> None:
    """Run one importer into the content folder (created when new) and report."""
    if content is not None:
        content.mkdir(parents=True, exist_ok=True)
    settings = settings_from(config, content)
    try:
        timezone = ForumSettings.from_pelican(settings).timezone
    except ContentError as error:
        report(error.problems)
        raise SystemExit(1) from None
    content_dir = Path(settings["PATH"])
    result: ImportResult = run(source, content_dir, timezone=timezone, progress=progress_bar(label), **options)
    report(result.problems)
    click.echo(f"Import into {content_dir}: {result.summary}.", err=True)
    if not result.ok:
        raise SystemExit(1)


def import_options(command):
    """--config, --content and --force, which every import takes."""
    return config_option(content_option(force_option(command)))


@click.group("import")
def import_group() -> None:
    """Import threads from another forum, or read back a torget export.

    Thread files are written under --content (default: the site's content/
    folder). Importing the same input again changes nothing; a thread file
    edited by hand since its import is kept unless --force is given.
    """


@import_group.command("kundo")
@import_options
@click.option("--category", default=DEFAULT_CATEGORY, show_default=True,
              help="Category of dialogs in Kundo's standard topics (Q, P, S, B).")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
def kundo(config, content, force, category, source):
    """Import a Kundo export: a folder with properties.json, dialogs/*.json
    and comments/<id>.json, or one dialogs page (FILE).

    Threads go to posts/kundo/. See docs/import-export.md for the layout
    and how each field is mapped.
    """
    _import(config, content, "Importing Kundo dialogs", import_kundo, source, force=force, category=category)


@import_group.command("stackexchange")
@import_options
@click.option("--site", help="The site's domain, when DIR is not named after it (e.g. beer.stackexchange.com).")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
def stackexchange(config, content, force, site, source):
    """Import a Stack Exchange data dump: DIR holds Posts.xml (and
    Comments.xml, Users.xml), or DIR holds one such folder per site.

    Each question becomes a thread in posts/<site>/ with its answers as
    replies, attributed to its original URL and license.
    """
    _import(config, content, "Importing questions", import_stackexchange, source, force=force, site=site)


@import_group.command("export")
@import_options
@click.argument("source", type=click.Path(exists=True, path_type=Path))
def import_export_command(config, content, force, source):
    """Read a torget export (DIR from torget export --out DIR) back into
    thread files, after checking its SHA256SUMS."""
    _import(config, content, "Importing threads", import_export, source, force=force)


@click.command("export")
@config_option
@content_option
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the export into: new, empty, or an earlier export.")
def export(config, content, out):
    """Export every thread, archived ones included, as a public record.

    Writes forum.json (with its JSON Schema, forum.schema.json),
    threads.csv, replies.csv, manifest.json and SHA256SUMS. The same
    content always gives identical files. Content with errors is not
    exported: the record must be complete.
    """
    settings = settings_from(config, content)
    forum, problems = check_content(settings, progress_bar("Reading content"))
    if report(problems) or forum is None:
        click.echo("Nothing exported: fix the errors above first, so that the record is complete.", err=True)
        raise SystemExit(1)
    try:
        written = write_export(forum, Path(settings["PATH"]), out, ForumSettings.from_pelican(settings))
    except ExportError as error:
        raise click.ClickException(str(error)) from None
    archived = sum(t.archived for t in forum.threads)
    replies = sum(len(t.replies) for t in forum.threads)
    click.echo(f"Exported {len(forum.threads)} threads ({archived} archived) and {replies} replies "
               f"into {out}: {', '.join(p.name for p in written)}", err=True)


#: Registered by ``torget_cli``: the ``import`` group and ``export``.
COMMANDS = (import_group, export)
