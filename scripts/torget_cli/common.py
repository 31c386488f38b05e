"""Options, output helpers and the error report shared by the ``torget`` commands.

Every command runs in :class:`TorgetGroup`: a :class:`~torget.model.TorgetError`
it does not handle itself is printed as ``path:line: message`` (in the
forum's language) and ends the command with exit status 1.
"""

from __future__ import annotations

import sys
import traceback
from datetime import date
from pathlib import Path

import click

from torget.build.run import load_settings
from torget.model import Problem, TorgetError
from torget.settings.forum import ForumSettings


class TorgetGroup(click.Group):
    """A click group whose commands report a :class:`TorgetError` as
    ``path:line: message`` lines and exit 1, never with a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TorgetError as error:
            report(error.problems_found())
            ctx.exit(1)


def _parse_date(ctx, param, value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


config_option = click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    default="pelicanconf.py",
    show_default=True,
    help="Pelican settings file (use publishconf.py for production).",
)
content_option = click.option(
    "--content",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Content folder. Default: PATH from the settings (content/).",
)
output_option = click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder. Default: OUTPUT_PATH from the settings (output/).",
)
date_option = click.option(
    "--date",
    "build_date",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Build date read by every time-based feature. Default: TORGET_BUILD_DATE, else today.",
)


def settings_from(config: Path, content=None, output=None, build_date=None) -> dict:
    if not config.exists():
        raise click.ClickException(
            f"{config}: settings file not found; run torget in the folder that holds pelicanconf.py, or pass --config"
        )
    if content is not None and not content.is_dir():
        raise click.ClickException(f"{content}: content folder not found")
    try:
        return load_settings(config, content, output, build_date)
    except ValueError as error:  # Pelican's own settings checks
        raise click.ClickException(f"{config}: {error}") from None
    except Exception as error:
        line = settings_file_line(config, error)
        if line is None:  # not the settings file's own failure
            raise
        raise click.ClickException(f"{config}:{line}: {type(error).__name__}: {error}") from None


def settings_file_line(config: Path, error: BaseException) -> int | None:
    """The line of the settings file ``config`` that ``error`` was raised
    from while the file ran (or that does not parse), else ``None``."""
    here = config.resolve()
    if isinstance(error, SyntaxError) and error.filename and Path(error.filename).resolve() == here:
        return error.lineno
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if Path(frame.filename).resolve() == here]
    return lines[-1] if lines else None


def forum_settings(settings: dict) -> ForumSettings:
    """The forum settings; bad ones raise :class:`ContentError`, which the
    command prints as ``path:line: NAME: …`` and ends with exit code 1."""
    return ForumSettings.from_pelican(settings)


def progress_bar(label: str):
    """A wrapper for long loops that shows a click progress bar."""

    def wrap(items):
        with click.progressbar(items, label=label, file=sys.stderr) as bar:
            yield from bar

    return wrap


def report(problems: list[Problem]) -> int:
    """Print problems as ``path:line: message``; return the error count."""
    errors = 0
    for problem in problems:
        click.echo(str(problem), err=True)
        errors += problem.is_error
    return errors
