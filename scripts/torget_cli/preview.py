"""The preview server's own answers: the reload script and the build status.

:class:`PreviewHandler` serves the built site, its 404 page and, under
:data:`PREVIEW_PREFIX` (where no site file can live), ``reload.js``
(``preview.js``), its stylesheet ``preview.css``, the id of the last good
build (``build-id``) and ``status.json``: that id and, in the forum's
language, what the last build left out or why it failed, each file with
its ``path:line: message`` lines and the address that opens it in the
editor at /admin/. The reload script shows it as a banner.
"""

from __future__ import annotations

import http.server
import json
import os
import threading
from pathlib import Path

from torget.editor.cms import decap_config, local_root
from torget.i18n import _, ngettext
from torget.model import ContentError
from torget.settings.forum import ForumSettings

PREVIEW_PREFIX = "/__torget/"
_FILES = {
    "reload.js": (Path(__file__).with_name("preview.js"), "text/javascript; charset=utf-8"),
    "preview.css": (Path(__file__).with_name("preview.css"), "text/css; charset=utf-8"),
}


class PreviewState:
    """The id of the last good build, which open pages poll to reload,
    and the status of the last build as ``status.json``'s bytes."""

    def __init__(self) -> None:
        self.build_id = 0
        self.status = self._encode({"build": 0, "ok": True, "files": []})
        self.lock = threading.Lock()

    def record(self, settings: dict, result, built: bool) -> None:
        """Record a build: ``built`` when it replaced the site; what
        ``result`` (a :class:`torget.build.run.BuildResult`) left out or why it failed."""
        status = build_status(settings, result)
        with self.lock:
            self.build_id += built
            self.status = self._encode({"build": self.build_id, **status})

    @staticmethod
    def _encode(status: dict) -> bytes:
        return json.dumps(status, ensure_ascii=False, sort_keys=True).encode()


def build_status(settings: dict, result) -> dict:
    """``status.json`` without the build id: ``ok``, and when anything is
    wrong a ``heading``, a ``summary`` and the ``files`` with their problems."""
    try:
        forum = ForumSettings.from_pelican(settings)
    except ContentError:
        forum = None
    same_name = _("Left out because another file with the same name has errors.")
    files = [_file(settings, forum, path, [str(p) for p in problems] or [same_name])
             for path, problems in result.left_out.items()]
    if not result.ok:
        by_path: dict[str, list[str]] = {}
        for problem in result.problems:
            if problem.is_error:
                by_path.setdefault(problem.path, []).append(str(problem))
        files += [_file(settings, forum, path, lines) for path, lines in by_path.items()]
        if result.log_errors:
            files.append({"path": "", "edit": "", "edit_label": "", "problems": list(result.log_errors)})
    if not files:
        return {"ok": result.ok, "files": []}
    if not result.ok:
        summary = _("The preview could not be rebuilt and shows the last version that worked. Fix the errors below.")
    else:
        summary = ngettext("%(num)s file has errors and is left out of the preview. The rest of the site shows your "
                           "latest changes. The file cannot be published until the errors are fixed.",
                           "%(num)s files have errors and are left out of the preview. The rest of the site shows "
                           "your latest changes. The files cannot be published until the errors are fixed.",
                           len(result.left_out))
    return {"ok": result.ok, "heading": _("Preview: errors in the content"), "summary": summary, "files": files}


def _file(settings: dict, forum, path: str, problems: list[str]) -> dict:
    edit = entry_url(settings, forum, path) if forum else ""
    label = _("Open %(name)s in the editor", name=Path(path).name) if edit else ""
    return {"path": path, "edit": edit, "edit_label": label, "problems": problems}


def entry_url(settings: dict, forum: ForumSettings, path: str) -> str:
    """The address that opens the content file ``path`` in the editor at
    /admin/ (``/admin/#/collections/threads/entries/<slug>``), or ``""``
    when there is no editor or the file is in none of its collections."""
    options = forum.cms
    if not options.enabled:
        return ""
    try:
        root = local_root(options, forum.content.root)
    except ValueError:
        return ""
    target = Path(os.path.abspath(path))
    for collection in decap_config(forum, ())["collections"]:
        folder = root / collection["folder"]
        if target.parent in (folder.absolute(), folder.resolve()) and target.suffix == "." + collection["extension"]:
            return f"/{options.url}#/collections/{collection['name']}/entries/{target.stem}"
    return ""


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site, its own 404 page and the preview's endpoints."""

    state: PreviewState
    #: Decap CMS reads /admin/config.yml and warns about any other type.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml"}

    def log_message(self, format, *args):  # noqa: A002 - signature from http.server
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if not path.startswith(PREVIEW_PREFIX):
            # A file rewritten within the second it was served keeps its
            # Last-Modified: a reload's conditional request would be told
            # "not modified" and show the old page.
            del self.headers["If-Modified-Since"]
            return super().do_GET()
        name = path[len(PREVIEW_PREFIX):]
        if name == "build-id":
            return self._send(str(self.state.build_id).encode(), "text/plain; charset=utf-8")
        if name == "status.json":
            return self._send(self.state.status, "application/json; charset=utf-8")
        if name in _FILES:
            file, content_type = _FILES[name]
            return self._send(file.read_bytes(), content_type)
        return self.send_error(404)

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        """A missing page gets the site's own 404 page, as on the web server."""
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            return self._send(page.read_bytes(), "text/html; charset=utf-8", 404)
        return super().send_error(code, message, explain)
