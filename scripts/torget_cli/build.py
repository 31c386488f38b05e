"""``torget build`` and ``torget check`` (``torget serve`` is in :mod:`.serve`)."""

from __future__ import annotations

import click

from torget.build.run import build_site, check_content
from torget.i18n import _, ngettext

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
    return report_build(settings, build_site(settings, progress_bar(_("Reading content")), force=force))


def report_build(settings, result) -> bool:
    """Print what a build found and did; False if it failed. An output
    folder that must not be replaced ends the command with exit code 2."""
    if result.refused:
        click.echo(_("error: %(reason)s; nothing was changed.", reason=result.refused), err=True)
        raise SystemExit(2)
    for path, problems in result.left_out.items():
        report(list(problems))
        if problems:
            click.echo(_("%(path)s: left out of the preview until it is fixed (torget build refuses it)", path=path), err=True)
        else:
            click.echo(_("%(path)s: left out of the preview with the file of this name that has errors", path=path), err=True)
    report(result.problems)
    for message in result.log_errors:
        click.echo(_("error: %(message)s", message=message), err=True)
    if not result.ok:
        click.echo(_("Build failed; %(output)s was left as it was.", output=result.output), err=True)
        return False
    built = ngettext("Built %(num)s thread for %(date)s into %(output)s", "Built %(num)s threads for %(date)s into %(output)s",
                     result.threads, date=settings["TORGET_BUILD_DATE"], output=result.output)
    if result.left_out:
        built = ngettext("%(built)s, leaving out %(num)s file with errors", "%(built)s, leaving out %(num)s files with errors",
                         len(result.left_out), built=built)
    click.echo(built, err=True)
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
    forum, problems = check_content(settings, progress_bar(_("Checking content")))
    errors = report(problems)
    warnings = len(problems) - errors
    files = len(forum.threads) if forum else 0
    click.echo(_("%(threads)s read: %(errors)s, %(warnings)s.",
                 threads=ngettext("%(num)s thread", "%(num)s threads", files),
                 errors=ngettext("%(num)s error", "%(num)s errors", errors),
                 warnings=ngettext("%(num)s warning", "%(num)s warnings", warnings)), err=True)
    if errors or (strict and warnings):
        raise SystemExit(1)
