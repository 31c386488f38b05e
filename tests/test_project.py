"""The project's own plumbing: CI workflow, README commands, serve."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def test_github_workflow_is_valid():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_validation_can_fail(tmp_path):
    broken = tmp_path / "site.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on:", "runs_on:"))
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True, text=True,
    )
    assert result.returncode != 0


def test_workflow_checks_strictly_builds_nightly_and_deploys():
    text = WORKFLOW.read_text()
    assert "torget check --strict" in text
    assert "schedule:" in text and "cron:" in text
    assert "torget build --config publishconf.py --date" in text
    assert "actions/deploy-pages" in text


def test_readme_gives_the_two_commands_and_ci_runs_make_test():
    readme = (ROOT / "README.md").read_text()
    assert "make serve" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    for line in (ROOT / "Makefile").read_text().splitlines():
        if line.startswith(("serve:", "test:")):
            assert "$(STAMP)" in line  # both create the venv first


def test_serve_builds_and_serves_the_site(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "torget_cli", "serve", "--no-watch", "--port", str(port),
         "--output", str(tmp_path / "out"), "--date", "2026-11-20"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/posts/glomt-losenord-e-tjanster/", timeout=2) as response:
                    body = response.read().decode()
                break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "torget serve did not answer"
                time.sleep(0.5)
        assert "lösenord" in body
    finally:
        process.terminate()
        process.wait(timeout=20)
