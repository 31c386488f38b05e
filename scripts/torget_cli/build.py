"""``torget build``, ``torget serve`` and ``torget check``."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

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
    result = build_site(settings, progress_bar("Reading content"), force=force)
    if result.refused:
        click.echo(f"error: {result.refused}; nothing was changed.", err=True)
        raise SystemExit(2)
    report(result.problems)
    for message in result.log_errors:
        click.echo(f"error: {message}", err=True)
    if not result.ok:
        click.echo(f"Build failed; {result.output} was left as it was.", err=True)
        return False
    threads = result.threads
    click.echo(
        f"Built {threads} threads for {settings['TORGET_BUILD_DATE']} into {result.output}", err=True
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from http.server
        pass


@click.command()
@config_option
@content_option
@output_option
@date_option
@click.option("--port", default=8000, show_default=True, help="Port to serve on.")
@click.option("--bind", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--no-watch", is_flag=True, help="Build once and serve, without rebuilding on changes.")
@click.option("--cms", is_flag=True, help="Also run decap-server at TORGET_CMS's local_backend (127.0.0.1:8081), "
              "so that the editor at /admin/ saves into the content folder (docs/editing.md).")
def serve(config, content, output, build_date, port, bind, no_watch, cms):
    """Build the site, serve it on localhost and rebuild on every change.

    A change that breaks the build prints the problems and keeps serving
    the last good site.
    """
    settings = settings_from(config, content, output, build_date)
    if cms:
        from .cms import start_local_backend

        start_local_backend(settings)
    _build(settings)
    out = Path(settings["OUTPUT_PATH"])
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer((bind, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    click.echo(f"Serving {out} at http://{bind}:{port}/  (Ctrl+C to stop)", err=True)
    try:
        if no_watch:
            threading.Event().wait()
        else:
            _watch(config, settings)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def _watch(config: Path, settings: dict) -> None:
    from watchfiles import watch

    paths = [settings["PATH"], settings["THEME"], *settings.get("PLUGIN_PATHS", []), str(config)]
    output = Path(settings["OUTPUT_PATH"]).resolve()

    def relevant(change, path: str) -> bool:
        resolved = Path(path).resolve()
        return output not in resolved.parents and "__pycache__" not in path

    for _ in watch(*[p for p in paths if Path(p).exists()], watch_filter=relevant):
        click.echo("Change detected, rebuilding …", err=True)
        settings = settings_from(config, Path(settings["PATH"]), output, None) | {
            "TORGET_BUILD_DATE": settings["TORGET_BUILD_DATE"]
        }
        _build(settings)
