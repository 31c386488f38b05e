"""``torget build`` and ``torget check`` (``torget serve`` is in :mod:`.serve`)."""

from __future__ import annotations

import click

from torget.build import build_site, check_content

from .common import (
    config_option,
    content_option,
    date_option,
    output_option,
    progress_bar,
    report,
    settings_from,
)


force_option = click.option(
    "--force", is_flag=True,
    help="Replace an output folder that holds files Torget did not write. "
    "Never replaces the project, content, theme or plugin folder or a git work tree.",
)


@click.command()
@config_option
@content_option
@output_option
@date_option
@force_option
def build(config, content, output, build_date, force):
    """Build the site.

    All content is checked first; any error stops the build. The site is
    built into a temporary folder and only replaces the output folder when
    everything succeeded, so a failed build leaves the old site untouched.

    The output folder is replaced only if it is new, empty or written by an
    earlier Torget build (it holds a .torget-output stamp and nothing
    else was added); anything else is refused with exit code 2.
    """
    settings = settings_from(config, content, output, build_date)
    if not _build(settings, force=force):
        raise SystemExit(1)


def _build(settings, force: bool = False) -> bool:
    """Build once; False if it failed. An output folder that must not be
    replaced ends the command with exit code 2."""
    return report_build(settings, build_site(settings, progress_bar("Reading content"), force=force))


def report_build(settings, result) -> bool:
    """Print what a build found and did; False if it failed. An output
    folder that must not be replaced ends the command with exit code 2."""
    if result.refused:
        click.echo(f"error: {result.refused}; nothing was changed.", err=True)
        raise SystemExit(2)
    for path, problems in result.left_out.items():
        report(list(problems))
        why = "until it is fixed (torget build refuses it)" if problems else "with the file of this name that has errors"
        click.echo(f"{path}: left out of the preview {why}", err=True)
    report(result.problems)
    for message in result.log_errors:
        click.echo(f"error: {message}", err=True)
    if not result.ok:
        click.echo(f"Build failed; {result.output} was left as it was.", err=True)
        return False
    left_out = f", leaving out {_count(len(result.left_out), 'file')} with errors" if result.left_out else ""
    click.echo(
        f"Built {result.threads} threads for {settings['TORGET_BUILD_DATE']} into {result.output}{left_out}", err=True
    )
    return True


@click.command()
@config_option
@content_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check(config, content, strict):
    """Check every thread and FAQ file without building.

    Also checks channel governance: the channel register entry, the about
    page's topics, the accessibility statement; each thread's category
    against TORGET_CATEGORIES; and personal data (personnummer, phone
    numbers, e-mail addresses) in every thread, FAQ entry and page, which
    is an error here and in torget build.

    Prints each problem as path:line: message and exits with 1 when there
    are errors (or warnings, with --strict).
    """
    settings = settings_from(config, content)
    forum, problems = check_content(settings, progress_bar("Checking content"))
    errors = report(problems)
    warnings = len(problems) - errors
    files = len(forum.threads) if forum else 0
    click.echo(f"{_count(files, 'thread')} read: {_count(errors, 'error')}, {_count(warnings, 'warning')}.", err=True)
    if errors or (strict and warnings):
        raise SystemExit(1)


def _count(number: int, noun: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
