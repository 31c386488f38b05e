"""``torget build``, ``torget serve`` and ``torget check``."""

from __future__ import annotations

import errno
import functools
import http.server
import threading
from pathlib import Path

import click

from torget.build import build_site, check_content
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
    result = build_site(settings, progress_bar(_("Reading content")), force=force)
    if result.refused:
        click.echo(_("error: %(reason)s; nothing was changed.", reason=result.refused), err=True)
        raise SystemExit(2)
    report(result.problems)
    for message in result.log_errors:
        click.echo(_("error: %(message)s", message=message), err=True)
    if not result.ok:
        click.echo(_("Build failed; %(output)s was left as it was.", output=result.output), err=True)
        return False
    click.echo(ngettext("Built %(num)s thread for %(date)s into %(output)s", "Built %(num)s threads for %(date)s into %(output)s",
                        result.threads, date=settings["TORGET_BUILD_DATE"], output=result.output), err=True)
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


#: Where the preview server answers the reload script and the build id;
#: no site file can live under this folder.
PREVIEW_PREFIX = "/__torget/"
PREVIEW_SCRIPT = Path(__file__).with_name("preview.js")


class _PreviewState:
    """The id of the last good build, which open pages poll to reload."""

    def __init__(self) -> None:
        self.build_id = 0

    def built(self) -> None:
        self.build_id += 1


class _PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site, its own 404 page and the reload endpoints."""

    state: _PreviewState

    def log_message(self, format, *args):  # noqa: A002 - signature from http.server
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path.startswith(PREVIEW_PREFIX):
            name = path[len(PREVIEW_PREFIX):]
            if name == "build-id":
                return self._send(str(self.state.build_id).encode(), "text/plain; charset=utf-8")
            if name == "reload.js":
                return self._send(PREVIEW_SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
            return self.send_error(404)
        return super().do_GET()

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        """A missing page gets the site's own 404 page, as on the web server."""
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            return self._send(page.read_bytes(), "text/html; charset=utf-8", 404)
        return super().send_error(code, message, explain)


def _preview_settings(settings: dict, bind: str, port: int) -> dict:
    """What a preview build adds: the reload script and feeds at this address."""
    host = f"[{bind}]" if ":" in bind else bind
    return settings | {
        "TORGET_PREVIEW_RELOAD": PREVIEW_PREFIX + "reload.js",
        "FEED_DOMAIN": f"http://{host}:{port}",
    }


@click.command()
@config_option
@content_option
@output_option
@date_option
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to serve on.")
@click.option("--bind", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--no-watch", is_flag=True, help="Build once and serve, without rebuilding on changes.")
@click.option("--cms", is_flag=True, help="Also run decap-server at TORGET_CMS's local_backend (127.0.0.1:8081), "
              "so that the editor at /admin/ saves into the content folder (docs/editing.md).")
def serve(config, content, output, build_date, port, bind, no_watch, cms):
    """Build the site, serve it on localhost and rebuild on every change.

    A change that breaks the build prints the problems and keeps serving
    the last good site. Open pages reload by themselves after each good
    build (through a small script only preview builds include), and a
    missing address shows the site's own 404 page.
    """
    settings = _preview_settings(settings_from(config, content, output, build_date), bind, port)
    if cms:
        from .cms import start_local_backend

        start_local_backend(settings)
    out = Path(settings["OUTPUT_PATH"])
    state = _PreviewState()
    handler = type("Handler", (_PreviewHandler,), {"state": state})
    try:
        # Take the port before building, so a busy port fails at once.
        server = http.server.ThreadingHTTPServer((bind, port), functools.partial(handler, directory=str(out)))
    except OSError as error:
        if error.errno in (errno.EADDRINUSE, errno.EACCES):
            reason = "in use" if error.errno == errno.EADDRINUSE else "not allowed for this user"
            click.echo(f"error: port {port} is {reason}; try --port {port + 1 if port < 65535 else 8000}", err=True)
        else:
            click.echo(f"error: cannot listen on {bind}:{port}: {error.strerror}", err=True)
        raise SystemExit(2) from None
    if _build(settings):
        state.built()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    click.echo(_("Serving %(folder)s at %(address)s  (Ctrl+C to stop)", folder=out, address="http://%s:%s/" % (bind, port)), err=True)
    try:
        if no_watch:
            threading.Event().wait()
        else:
            _watch(config, settings, state)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()


def _watch(config: Path, settings: dict, state: _PreviewState) -> None:
    from watchfiles import watch

    paths = [settings["PATH"], settings["THEME"], *settings.get("PLUGIN_PATHS", []), str(config)]
    output = Path(settings["OUTPUT_PATH"]).resolve()
    preview = {key: settings[key] for key in ("TORGET_PREVIEW_RELOAD", "FEED_DOMAIN")}

    def relevant(change, path: str) -> bool:
        resolved = Path(path).resolve()
        return output not in resolved.parents and "__pycache__" not in path

    for _changes in watch(*[p for p in paths if Path(p).exists()], watch_filter=relevant):
        click.echo(_("Change detected, rebuilding …"), err=True)
        settings = settings_from(config, Path(settings["PATH"]), output, None) | {
            "TORGET_BUILD_DATE": settings["TORGET_BUILD_DATE"]
        } | preview
        if _build(settings):
            state.built()
