"""The independent validators of tools/validators (npm, pinned by its lock
file) for the tests: installed with ``npm ci`` on first use, like the
editor's decap-server. Missing node, npm or Java skip the tests that need
them, except with ``CI=true``, where they fail (.ci/run installs them)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parent.parent / "tools" / "validators"
MODULES = TOOLS / "node_modules"
CI = os.environ.get("CI") == "true"


def _missing(what: str) -> None:
    if CI:
        pytest.fail(f"{what} (CI=true: .ci/run installs it)")
    pytest.skip(what)


def _installed() -> bool:
    """Whether node_modules holds every package at the lock file's version."""
    try:
        locked = json.loads((TOOLS / "package-lock.json").read_text("utf-8"))["packages"]
        wanted = json.loads((TOOLS / "package.json").read_text("utf-8"))["dependencies"]
        for name in wanted:
            installed = json.loads((MODULES / name / "package.json").read_text("utf-8"))
            if installed.get("version") != locked[f"node_modules/{name}"]["version"]:
                return False
    except (OSError, KeyError, ValueError):
        return False
    return True


def install() -> Path:
    """tools/validators/node_modules, installed from the lock file if needed."""
    if _installed():
        return MODULES
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        _missing("node and npm are needed for the validators (apt-get install nodejs npm)")
    done = subprocess.run([npm, "ci", "--prefix", str(TOOLS), "--no-audit", "--no-fund", "--loglevel=error"],
                          capture_output=True, text=True)
    if done.returncode or not _installed():
        _missing(f"npm ci --prefix {TOOLS} failed: {done.stderr.strip()}")
    return MODULES


def java() -> str:
    found = shutil.which("java")
    if found is None:
        _missing("java is needed for the Nu HTML checker (apt-get install default-jre-headless)")
    return found


def run(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=600)
