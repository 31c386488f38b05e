"""A build replaces only a folder Torget wrote: every dangerous --output is
refused with exit code 2 and nothing is touched (torget.build.outputguard)."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from helpers import thread_text, write_thread
from torget.build.outputguard import STAMP, BuildLock, OutputFolder

TORGET = [sys.executable, "-m", "torget_cli"]
DATE = ["--date", "2026-11-20"]


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (.git included) with its content hash."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    assert found, f"{folder} is empty"
    return found


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project with the sample content, as a git work tree
    holding an uncommitted file, and a docs folder of its own."""
    root = tmp_path / "forum"
    root.mkdir()
    for name in ("content", "theme", "plugins"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pelicanconf.py", root)
    (root / "docs").mkdir()
    (root / "docs" / "guide.md").write_text("# Our guide\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "uncommitted.txt").write_text("work in progress\n", encoding="utf-8")
    return root


def torget(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*TORGET, *args], cwd=project, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        # in the sample forum's language
        (".", "är projektmappen"),
        ("..", "innehåller projektmappen"),
        ("content", "är innehållsmappen"),
        ("content/posts", "ligger i innehållsmappen"),
        ("theme", "är temamappen"),
        ("theme/static/out", "ligger i temamappen"),
        ("plugins", "är en tilläggsmapp"),
        (".git", "ligger i ett git-förråds .git-mapp"),
        ("docs", "skrevs inte av Torget"),
    ],
)
def test_a_dangerous_output_is_refused_and_nothing_is_touched(project, output, reason):
    before = tree_digest(project)
    run = torget(project, "build", "--output", output, *DATE)
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith("fel: "), run.stderr
    assert reason in run.stderr
    assert "ingenting ändrades" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert tree_digest(project) == before


@pytest.mark.parametrize("output", [".", "content", "theme", ".git"])
def test_force_never_replaces_the_project_or_content_folder(project, output):
    before = tree_digest(project)
    run = torget(project, "build", "--output", output, "--force", *DATE)
    assert run.returncode == 2, run.stderr
    assert tree_digest(project) == before


def test_a_git_work_tree_is_refused_even_with_force(project, tmp_path):
    site = tmp_path / "pages-checkout"
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    (site / "index.html").write_text("old", encoding="utf-8")
    run = torget(project, "build", "--output", str(site), "--force", *DATE)
    assert run.returncode == 2
    assert "är en git-arbetskopia" in run.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "old"


def test_force_replaces_an_unmarked_folder(project):
    run = torget(project, "build", "--output", "docs", "--force", *DATE)
    assert run.returncode == 0, run.stderr
    assert not (project / "docs" / "guide.md").exists()
    assert (project / "docs" / STAMP).is_file()
    assert (project / "docs" / "index.html").is_file()


def test_a_new_an_empty_and_a_stamped_folder_are_built(project, tmp_path):
    (project / "empty").mkdir()
    for output in ("empty", str(tmp_path / "not" / "there" / "yet"), "output"):
        run = torget(project, "build", "--output", output, *DATE)
        assert run.returncode == 0, run.stderr
        stamp = (project / output / STAMP).read_text(encoding="utf-8")
        assert stamp == "Written by Torget for Fråga Ekbacka. The next build replaces this folder.\n"
    # The stamped folder is replaced again; the manifest lies beside it,
    # outside what is published.
    again = torget(project, "build", *DATE)
    assert again.returncode == 0, again.stderr
    manifest = (project / ".output.torget-files").read_text(encoding="utf-8").splitlines()
    assert "index.html" in manifest and STAMP in manifest
    assert not any(name.endswith("torget-files") for name in os.listdir(project / "output"))


def test_files_added_to_a_stamped_folder_are_not_deleted(project):
    assert torget(project, "build", *DATE).returncode == 0
    (project / "output" / "posts" / "notes.txt").write_text("mine", encoding="utf-8")
    before = tree_digest(project)
    run = torget(project, "build", *DATE)
    assert run.returncode == 2
    assert "innehåller filer som Torget inte skrev (posts/notes.txt)" in run.stderr
    assert tree_digest(project) == before
    forced = torget(project, "build", "--force", *DATE)
    assert forced.returncode == 0, forced.stderr
    assert not (project / "output" / "posts" / "notes.txt").exists()


def test_retained_entries_are_not_foreign(project):
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + '\nOUTPUT_RETENTION = ["CNAME"]\n', encoding="utf-8")
    assert torget(project, "build", *DATE).returncode == 0
    (project / "output" / "CNAME").write_text("forum.ekbacka.se\n", encoding="utf-8")
    run = torget(project, "build", *DATE)
    assert run.returncode == 0, run.stderr
    assert (project / "output" / "CNAME").read_text(encoding="utf-8") == "forum.ekbacka.se\n"


def test_a_second_build_of_the_same_folder_is_refused_while_one_runs(project):
    with BuildLock(OutputFolder(project / "output")):
        run = torget(project, "build", *DATE)
    assert run.returncode == 2
    assert "ett annat bygge skriver till" in run.stderr
    assert not (project / "output").exists()


def test_staging_folders_of_a_killed_build_are_removed_by_the_next(project):
    stale = project / ".output.building-abc123"
    (stale / "posts").mkdir(parents=True)
    (stale / "posts" / "index.html").write_text("half", encoding="utf-8")
    run = torget(project, "build", *DATE)
    assert run.returncode == 0, run.stderr
    assert not stale.exists()
    assert not list(project.glob(".output.building-*"))


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def _wait_for(condition, what: str, limit: float = 120.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_a_worker_ends_when_its_parent_is_killed(tmp_path):
    # A parent that forks a worker which would wait forever, then waits.
    script = tmp_path / "parent.py"
    script.write_text(
        "import sys, threading\n"
        "from torget.build.background import Background\n"
        "job = Background(lambda: threading.Event().wait(), name='forever')\n"
        "print(job.process.pid, flush=True)\n"
        "threading.Event().wait()\n",
        encoding="utf-8",
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    try:
        worker = int(parent.stdout.readline())
        assert _alive(worker)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=60)
        _wait_for(lambda: not _alive(worker), "the worker to end with its parent", 60)
    finally:
        if parent.poll() is None:
            parent.kill()
        if _alive(worker):
            os.kill(worker, signal.SIGKILL)


def test_kill_9_of_a_build_leaves_a_staging_folder_the_next_build_removes(project):
    for n in range(260):
        write_thread(project / "content", f"fyllnad-{n}.md",
                     thread_text(title=f"Fråga nummer {n}", body=f"Text om sophämtning och bygglov nummer {n}."))
    build = subprocess.Popen([*TORGET, "build", *DATE], cwd=project,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: list(project.glob(".output.building-*/*")), "the build to write into its staging folder")
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
    # Nothing was swapped in: there was no output before and there is none now.
    assert not (project / "output").exists()
    assert list(project.glob(".output.building-*")), "the killed build left its staging folder"
    run = torget(project, "build", *DATE)
    assert run.returncode == 0, run.stderr
    assert not list(project.glob(".output.building-*"))
    assert (project / "output" / STAMP).is_file()


def test_an_output_from_before_the_stamp_is_replaced(project):
    assert torget(project, "build", *DATE).returncode == 0
    (project / "output" / STAMP).unlink()
    (project / ".output.torget-files").unlink()
    (project / "output" / ".torget-pages.json").unlink()
    # what a Torget version from before the stamp left beside its output
    (project / ".output.pages.json").write_text("{}", encoding="utf-8")
    run = torget(project, "build", *DATE)
    assert run.returncode == 0, run.stderr
    assert (project / "output" / STAMP).is_file()
