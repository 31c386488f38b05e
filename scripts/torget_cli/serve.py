"""``torget serve``: build, serve on localhost, rebuild on every change.

A preview build leaves out the content files that have errors
(:mod:`torget.build.leaveout`) and serves the rest. What went wrong is both
printed and served as ``/__torget/status.json`` (:mod:`.preview`), which
the reload script (``preview.js``) shows as a banner on every preview
page and in the editor at /admin/. A change to one thread file updates
only the pages it changes (:mod:`torget_preview`); any other change, or
one the fast path cannot apply, rebuilds the whole site and says why.
"""

from __future__ import annotations

import errno
import functools
import http.server
import os
import threading
from pathlib import Path

import click

from torget.build import cache
from torget.build.run import build_site
from torget.i18n import _
from torget_preview.session import FastPreview, Updated

from .build import report_build
from .common import config_option, content_option, date_option, output_option, progress_bar, settings_from
from .preview import PREVIEW_PREFIX, PreviewHandler, PreviewState

#: How the busy-port message names the way to another port; ``make serve``
#: and ``make cms`` set it to their own (``make serve PORT={port}``).
PORT_HINT_VARIABLE = "TORGET_PORT_HINT"


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

    A content file with errors is left out of the preview and the rest of
    the site is built and served; the errors are printed, and shown as a
    banner on every preview page and in the editor at /admin/, with a link
    that opens the file in the editor. torget build still refuses such a
    file. An error that no file can be left out for (a setting) keeps the
    last good site served, with the same banner. Open pages reload by
    themselves after each good build (through a small script only preview
    builds include), and a missing address shows the site's own 404 page.
    """
    settings = _preview_settings(settings_from(config, content, output, build_date), bind, port)
    out = Path(settings["OUTPUT_PATH"])
    state = PreviewState()
    handler = type("Handler", (PreviewHandler,), {"state": state})
    try:
        # Take the port before building, so a busy port fails at once.
        server = http.server.ThreadingHTTPServer((bind, port), functools.partial(handler, directory=str(out)))
    except OSError as error:
        click.echo(_("error: %(message)s", message=_port_problem(error, bind, port)), err=True)
        raise SystemExit(2) from None
    if cms:
        from .cms import start_local_backend

        start_local_backend(settings)
    # Rebuilds in this process reuse the caches it loaded or saved (and
    # the templates it compiled: torget.build.templates) instead of reading them again.
    cache.keep_loaded()
    fast = FastPreview(out.resolve())
    result = _build(settings, state, fast)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = "http://%s:%s/" % (bind, port)
    click.echo(_("Serving %(folder)s at %(address)s  (Ctrl+C to stop)", folder=out, address=address), err=True)
    try:
        if no_watch:
            threading.Event().wait()
        else:
            _watch(config, settings, state, fast, result)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()


def _port_problem(error: OSError, bind: str, port: int) -> str:
    """Why the port cannot be used, and what to try instead: phrased for
    ``torget serve`` (``--port``) or for how ``PORT_HINT_VARIABLE`` says the
    server was started."""
    if error.errno not in (errno.EADDRINUSE, errno.EACCES):
        address = "%s:%s" % (bind, port)
        return _("cannot listen on %(address)s: %(reason)s", address=address, reason=error.strerror)
    other = port + 1 if port < 65535 else 8000
    hint = os.environ.get(PORT_HINT_VARIABLE) or "--port {port}"
    try:
        retry = hint.format(port=other)
    except (KeyError, IndexError, ValueError):
        retry = f"--port {other}"
    if error.errno == errno.EADDRINUSE:
        return _("port %(port)s is in use; try %(retry)s", port=port, retry=retry)
    return _("port %(port)s is not allowed for this user; try %(retry)s", port=port, retry=retry)


def _build(settings: dict, state: PreviewState, fast: FastPreview):
    """Build once, leaving out files with errors; tell the terminal and the browser."""
    with fast.lock:  # not while the fast path's search index is moved into place
        result = build_site(settings, progress_bar(_("Reading content")), leave_out=True)
    built = report_build(settings, result)
    fast.built(built and result.ok)
    state.record(settings, result, built=built)
    return result


def _fast(changes, settings: dict, state: PreviewState, fast: FastPreview, result) -> bool:
    """Apply ``changes`` on the fast path; false (and why, printed) when
    the whole site must be rebuilt."""
    outcome = fast.apply(changes, shown=lambda: state.record(settings, result, built=True))
    if not isinstance(outcome, Updated):
        click.echo(_("Rebuilding the whole site: %(reason)s", reason=outcome), err=True)
        return False
    state.record(settings, result, built=True)
    click.echo(_("Updated %(count)s files in %(seconds).2f s", count=outcome.files, seconds=outcome.seconds), err=True)
    fast.update_search(lambda seconds: click.echo(_("Search index updated in %(seconds).2f s", seconds=seconds),
                                                  err=True))
    return True


def _watch(config: Path, settings: dict, state: PreviewState, fast: FastPreview, result) -> None:
    from watchfiles import watch

    paths = [settings["PATH"], settings["THEME"], *settings.get("PLUGIN_PATHS", []), str(config)]
    output = Path(settings["OUTPUT_PATH"]).resolve()
    preview = {key: settings[key] for key in ("TORGET_PREVIEW_RELOAD", "FEED_DOMAIN")}

    def relevant(change, path: str) -> bool:
        resolved = Path(path).resolve()
        return output not in resolved.parents and "__pycache__" not in path

    for changes in watch(*[p for p in paths if Path(p).exists()], watch_filter=relevant):
        click.echo(_("Change detected, updating …"), err=True)
        if _fast(changes, settings, state, fast, result):
            continue
        settings = settings_from(config, Path(settings["PATH"]), output, None) | {
            "TORGET_BUILD_DATE": settings["TORGET_BUILD_DATE"]
        } | preview
        result = _build(settings, state, fast)
