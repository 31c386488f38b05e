"""The local backend of the editor at /admin/, for ``torget serve --cms``.

decap-server (pinned in ``tools/cms/package.json`` and its lock file) runs
beside the preview server, on 127.0.0.1 only, in its ``fs`` mode: the
editor's saves are written straight into the content folder, which the
preview's watcher rebuilds from. On the first run it is installed with
``npm ci --prefix tools/cms``. It ends with the ``torget`` process.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import click

import torget
from torget.build.background import end_with_parent
from torget.editor.cms import local_root
from torget.i18n import _

from .common import forum_settings

TOOLS = Path(torget.__file__).resolve().parents[2] / "tools" / "cms"
SERVER = TOOLS / "node_modules" / "decap-server" / "dist" / "index.js"


def _installed() -> bool:
    """Whether node_modules holds the decap-server version the lock file pins."""
    try:
        locked = json.loads((TOOLS / "package-lock.json").read_text("utf-8"))["packages"]["node_modules/decap-server"]
        installed = json.loads((TOOLS / "node_modules" / "decap-server" / "package.json").read_text("utf-8"))
    except (OSError, KeyError, ValueError):
        return False
    return SERVER.is_file() and installed.get("version") == locked.get("version")


def install() -> Path:
    """decap-server's entry point, installed from the lock file when missing
    or of another version than the lock file's."""
    if _installed():
        return SERVER
    npm = shutil.which("npm")
    if npm is None:
        raise click.ClickException(_("npm not found: install Node.js and npm (Debian: apt-get install nodejs npm) for --cms"))
    click.echo(_("Installing decap-server into %(folder)s (npm ci)", folder=TOOLS / "node_modules"), err=True)
    done = subprocess.run([npm, "ci", "--prefix", str(TOOLS), "--no-audit", "--no-fund", "--loglevel=error"],
                          capture_output=True, text=True)
    if done.returncode or not SERVER.is_file():
        command = "npm ci --prefix %s" % TOOLS
        raise click.ClickException(_("%(command)s failed: %(message)s", command=command, message="\n" + done.stderr.strip()))
    return SERVER


def start_local_backend(settings: dict) -> subprocess.Popen:
    """Start decap-server at ``TORGET_CMS["local_backend"]`` for ``settings``'
    content folder; it is ended when this process exits."""
    options = forum_settings(settings).cms
    if not options.local_backend:
        raise click.ClickException(_("--cms needs the local backend in the settings: %(setting)s (see docs/settings.md)",
                                     setting='TORGET_CMS = {..., "local_backend": True}'))
    node = shutil.which("node")
    if node is None:
        raise click.ClickException(_("node not found: install Node.js (Debian: apt-get install nodejs npm) for --cms"))
    port = urlsplit(options.local_backend).port or 80
    try:
        root = local_root(options, forum_settings(settings).content.root)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    server = install()
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise click.ClickException(_("port %(port)s is in use: stop what runs there (another decap-server?)", port=port))
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(root), "LOG_LEVEL": "warn"}
    parent = os.getpid()
    process = subprocess.Popen([node, str(server)], env=env, cwd=root, stdin=subprocess.DEVNULL,
                               preexec_fn=lambda: end_with_parent(parent))
    atexit.register(_stop, process)
    deadline = time.monotonic() + 30
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            raise click.ClickException(_("decap-server did not start on port %(port)s (exit code %(code)s)",
                                         port=port, code=process.returncode))
        time.sleep(0.1)
    address = "127.0.0.1:%s" % port
    click.echo(_("Editor: decap-server on %(address)s saves into %(folder)s; open %(url)s on the preview",
                 address=address, folder=root, url="/" + options.url), err=True)
    return process


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
