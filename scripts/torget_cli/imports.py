"""``torget import kundo|stackexchange|export`` and ``torget export``.

Thin front ends: the work is done by ``torget.importers`` and
``torget.records.export``. Problems are printed as ``path:line: message``; any
error makes the command exit with 1.
"""

from __future__ import annotations

from pathlib import Path

import click

from torget.build.run import check_content
from torget.records.export import write_export
from torget.importers.common import ImportResult
from torget.i18n import N_, _
from torget.importers.export import import_export
from torget.importers.kundo import DEFAULT_CATEGORY, import_kundo
from torget.importers.kundo_api import DEFAULT_BASE, SLUG, Client, FetchError, check_base, download
from torget.importers.report import category_form, category_lines, next_steps
from torget.importers.stackexchange import import_stackexchange
from torget.settings.forum import ForumSettings
from torget.settingsfile.assign import assignment

from .common import forum_settings, progress_bar, report, settings_from


class SafePath(click.Path):
    """A path option or argument; a NUL byte in it is an ``error:``, not a traceback."""

    def convert(self, value, param, ctx):
        if "\x00" in str(value):
            self.fail(f"{str(value)!r} contains a NUL byte", param, ctx)
        return super().convert(value, param, ctx)


config_option = click.option(
    "--config", type=SafePath(dir_okay=False, path_type=Path), default="pelicanconf.py", show_default=True,
    help="Pelican settings file (use publishconf.py for production).",
)
content_option = click.option(
    "--content", type=SafePath(file_okay=False, path_type=Path), default=None,
    help="Content folder. Default: PATH from the settings (content/).",
)

force_option = click.option(
    "--force", is_flag=True, help="Also overwrite thread files that were edited by hand since their import."
)


def _import(config: Path, content: Path | None, label: str, run, source: Path, before=None, **options) -> None:
    """Run one importer into the content folder (created when new) and report.

    ``before()``, when given, runs once the settings are known to be good
    (the Kundo API download) and returns how many of its errors did not
    stop it; they make the command exit with 1 too.
    """
    if content is not None:
        content.mkdir(parents=True, exist_ok=True)
    settings = settings_from(config, content)
    forum = forum_settings(settings)
    content_dir = forum.content.root
    failed = before() if before is not None else 0
    result: ImportResult = run(source, forum.content, timezone=forum.timezone, progress=progress_bar(_(label)), **options)
    report(result.problems)
    click.echo(_("Import into %(folder)s: %(summary)s.", folder=content_dir, summary=result.summary), err=True)
    if result.paths:
        _next_steps(result, forum, config)
    if not result.ok or failed:
        raise SystemExit(1)


def _next_steps(result: ImportResult, forum: ForumSettings, config: Path) -> None:
    """What the imported files need before the first build: categories to declare, personal data to remove."""
    steps = next_steps(result.paths, [c.name for c in forum.categories], forum.allowed_contacts,
                       progress_bar(_("Checking the imported files")))
    if steps.undeclared:
        click.echo(_("Categories TORGET_CATEGORIES does not declare: the build stops the threads in them."), err=True)
        for name, count in steps.undeclared.items():
            close = " / ".join(repr(c) for c in steps.close[name])
            if close:
                click.echo(_("  %(name)s (threads: %(n)s; did you mean %(close)s?)", name=name, n=count, close=close), err=True)
            else:
                click.echo(_("  %(name)s (threads: %(n)s)", name=name, n=count), err=True)
        found = assignment(config, "TORGET_CATEGORIES")
        if found:
            click.echo(_("Add these lines to TORGET_CATEGORIES in %(config)s (lines %(start)s–%(end)s), or change the "
                         "threads' Category:", config=config, start=found.line, end=found.end_line), err=True)
        else:
            click.echo(_("Add these lines to TORGET_CATEGORIES in %(config)s, or change the threads' Category:",
                         config=config), err=True)
        for line in category_lines(steps.undeclared, category_form(found)):
            click.echo(line, err=True)
    if steps.personal_data:
        click.echo(_("Contact details the personal-data guard stops at the build, file by file: remove them before the first build, or review them (docs/governance.md)."), err=True)
        report(steps.personal_data)
    if steps.ready:
        click.echo(_("No unknown categories and no contact details: run torget check, then torget build."), err=True)


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
@click.option("--api", "slug", metavar="SLUG",
              help="Download forum SLUG through Kundo's public API into SOURCE first (default folder: kundo-SLUG).")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="With --api: the API's address.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="With --api: seconds to wait for an answer before trying again.")
@click.option("--retries", type=click.IntRange(0, 20), default=5, show_default=True,
              help="With --api: how often a failed request is tried again (the pause doubles each time).")
@click.option("--backoff", type=click.FloatRange(min=0), default=2.0, show_default=True,
              help="With --api: seconds before the first retry; doubled for each further one (or the server's "
                   "Retry-After, if longer).")
@click.option("--pause", type=click.FloatRange(min=0), default=0.2, show_default=True,
              help="With --api: seconds between two requests.")
@click.argument("source", required=False, type=SafePath(path_type=Path))
def kundo(config, content, force, category, slug, base, timeout, retries, backoff, pause, source):
    """Import a Kundo export: a folder with properties.json, dialogs/*.json
    and comments/<id>.json, or one dialogs page (FILE).

    With --api SLUG, the forum is first downloaded from Kundo's public API
    into SOURCE (default kundo-SLUG/): pages already saved there are not
    fetched again, so an interrupted download resumes. The saved responses
    are the record of what was imported.

    Threads go to posts/kundo/. See docs/import-export.md for the layout
    and how each field is mapped.
    """
    before = None
    if slug is None:
        if source is None:
            raise click.UsageError("give the export folder (SOURCE), or --api SLUG to download one")
        if not source.exists():
            raise click.BadParameter(f"{source}: no such file or folder", param_hint="SOURCE")
        for name in ("base", "timeout", "retries", "backoff", "pause"):
            if click.get_current_context().get_parameter_source(name).name != "DEFAULT":
                raise click.UsageError(f"--{name} is only used with --api SLUG")
    else:
        if not SLUG.fullmatch(slug):
            raise click.BadParameter(f"{slug!r}: a forum slug is letters, digits, '-' and '_' (the <slug> of "
                                     "kundo.se/org/<slug>/)", param_hint="--api")
        if check_base(base):
            raise click.BadParameter(check_base(base), param_hint="--base")
        source = source or Path(f"kundo-{slug}")
        if source.exists() and not source.is_dir():
            raise click.BadParameter(f"{source}: not a folder", param_hint="SOURCE")
        before = lambda: _download(slug, source, base, Client(timeout=timeout, retries=retries, backoff=backoff, pause=pause))  # noqa: E731
    _import(config, content, N_("Importing Kundo dialogs"), import_kundo, source, before=before, force=force,
            category=category)


def _download(slug: str, folder: Path, base: str, client: Client) -> int:
    """Fetch the forum into ``folder``; a failure ends the command (exit 1).

    Returns the number of comments requests refused with 4xx (reported).
    """
    click.echo(_("Downloading %(forum)s from %(base)s into %(folder)s/", forum=slug, base=base, folder=folder), err=True)
    try:
        done = download(slug, folder, base=base, client=client, progress=lambda items, label: progress_bar(label)(items))
    except FetchError as error:
        for url, what in client.retried:
            click.echo(f"{url}: " + _("warning: ") + _("%(failure)s; tried again", failure=what), err=True)
        click.echo(f"{error.url}: " + _("error: %(message)s", message=error.message), err=True)
        click.echo(_("Nothing imported. What was saved stays in %(folder)s/: run the same command again to resume.",
                     folder=folder), err=True)
        raise SystemExit(1) from None
    except OSError as error:
        raise click.ClickException(_("%(folder)s: cannot save the download (%(error)s)", folder=folder,
                                     error=error.strerror or error)) from None
    for url, what in client.retried:
        click.echo(f"{url}: " + _("warning: ") + _("%(failure)s; tried again", failure=what), err=True)
    for error in done.errors:
        click.echo(f"{error.url}: " + _("error: %(message)s", message=error.message)
                   + _("; these comments are not imported"), err=True)
    click.echo(_("Downloaded %(dialogs)s dialogs: %(fetched)s responses fetched, %(reused)s already saved "
                 "(%(requests)s requests).", dialogs=done.dialogs, fetched=done.fetched, reused=done.reused,
                 requests=client.requests), err=True)
    return len(done.errors)


@import_group.command("stackexchange")
@import_options
@click.option("--site", help="The site's domain, when DIR is not named after it (e.g. beer.stackexchange.com).")
@click.argument("source", type=SafePath(exists=True, file_okay=False, path_type=Path))
def stackexchange(config, content, force, site, source):
    """Import a Stack Exchange data dump: DIR holds Posts.xml (and
    Comments.xml, Users.xml), or DIR holds one such folder per site.

    Each question becomes a thread in posts/<site>/ with its answers as
    replies, attributed to its original URL and license.
    """
    _import(config, content, N_("Importing questions"), import_stackexchange, source, force=force, site=site)


@import_group.command("export")
@import_options
@click.argument("source", type=SafePath(exists=True, path_type=Path))
def import_export_command(config, content, force, source):
    """Read a torget export (DIR from torget export --out DIR) back into
    thread files, after checking its SHA256SUMS."""
    _import(config, content, N_("Importing threads"), import_export, source, force=force)


@click.command("export")
@config_option
@content_option
@click.option("--out", required=True, type=SafePath(file_okay=False, path_type=Path),
              help="Folder to write the export into: new, empty, or an earlier export.")
def export(config, content, out):
    """Export every thread, archived ones included, as a public record.

    Writes forum.json (with its JSON Schema, forum.schema.json),
    threads.csv, replies.csv, manifest.json and SHA256SUMS. The same
    content always gives identical files. Content with errors is not
    exported: the record must be complete.
    """
    settings = settings_from(config, content)
    forum, problems = check_content(settings, progress_bar(_("Reading content")))
    if report(problems) or forum is None:
        click.echo(_("Nothing exported: fix the errors above first, so that the record is complete."), err=True)
        raise SystemExit(1)
    written = write_export(forum, Path(settings["PATH"]), out, ForumSettings.from_pelican(settings))
    archived = sum(t.archived for t in forum.threads)
    replies = sum(len(t.replies) for t in forum.threads)
    click.echo(_("Exported %(threads)s threads (%(archived)s archived) and %(replies)s replies into %(folder)s: %(files)s",
                 threads=len(forum.threads), archived=archived, replies=replies, folder=out,
                 files=", ".join(p.name for p in written)), err=True)


#: Registered by ``torget_cli``: the ``import`` group and ``export``.
COMMANDS = (import_group, export)
