"""The git history of a forum: what it holds, and rewriting it with git-filter-repo.

``torget forget --history`` removes a file or a text from every commit.
:class:`Repository` answers what that needs first (the work tree's root,
whether it is clean, which commits hold a text or once held a file) and
runs ``git-filter-repo`` (from PyPI) in its sensitive-data mode, which
also fetches every ref of ``origin`` first, rewrites every branch and tag,
expires the reflogs and prunes the old objects. Texts are replaced as
literals in every file and every commit message.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from torget.i18n import N_
from torget.model import MessageError


class HistoryError(MessageError):
    """Git could not answer or do what was asked; ``message`` is an English msgid."""


def filter_repo_command() -> list[str] | None:
    """How to run git-filter-repo: the one installed beside this Python, else on ``PATH``."""
    beside = Path(sys.executable).parent / "git-filter-repo"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("git-filter-repo")
    return [found] if found else None


@dataclass(frozen=True)
class Rewrite:
    """What a rewrite removes: files (paths from the work tree's root) and texts."""

    paths: tuple[str, ...] = ()
    #: ``(text, replacement)`` pairs, replaced as literals.
    texts: tuple[tuple[str, str], ...] = ()


def ready_for_rewrite(folder: Path) -> tuple[Repository, list[str]]:
    """The repository that holds ``folder`` and how to run git-filter-repo on it.

    Refuses (:class:`HistoryError`) a folder outside a repository, a
    repository without commits, one with uncommitted or untracked changes
    (a rewrite resets the work tree: they would be lost), and a missing
    git-filter-repo.
    """
    repo = Repository(folder)
    if not repo.has_commits():
        raise HistoryError(N_("the git repository has no commits yet, so there is no history to rewrite"))
    changes = repo.changes()
    if changes:
        raise HistoryError(N_("the git repository has %(n)s uncommitted changes (%(paths)s); commit or remove them first (git status), so that nothing is lost when the history is rewritten"), n=len(changes), paths=", ".join(changes[:5]) + (" …" if len(changes) > 5 else ""))
    command = filter_repo_command()
    if command is None:
        raise HistoryError(N_("git-filter-repo is missing; install it with: pip install git-filter-repo (it is one of Torget's dependencies: pip install -e .)"))
    return repo, command


class Repository:
    """The git work tree that holds ``folder``."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        if shutil.which("git") is None:
            raise HistoryError(N_("git is not installed (--history needs it)"))
        try:
            top = self._git("rev-parse", "--show-toplevel", cwd=self.folder).strip()
        except HistoryError:
            raise HistoryError(N_("%(path)s: is not in a git repository, so there is no history to rewrite (leave out --history)"), path=folder) from None
        self.root = Path(top)
        self.git_dir = Path(self._git("rev-parse", "--absolute-git-dir").strip())

    def _git(self, *args: str, cwd: Path | None = None, check: bool = True) -> str:
        done = subprocess.run(["git", *args], cwd=cwd or self.root, capture_output=True, text=True,
                              encoding="utf-8", errors="replace")
        if check and done.returncode != 0:
            raise HistoryError(N_("%(command)s failed: %(message)s"), command="git " + " ".join(args), message=done.stderr.strip())
        return done.stdout

    def relative(self, path: Path) -> str:
        """``path`` as git names it: from the work tree's root, with ``/``."""
        return Path(path).resolve().relative_to(self.root.resolve()).as_posix()

    def changes(self) -> list[str]:
        """Every changed, staged or untracked path (``git status``), ignored ones not."""
        lines = self._git("status", "--porcelain=v1", "--untracked-files=all").splitlines()
        return [line[3:] for line in lines if line.strip()]

    def has_commits(self) -> bool:
        return bool(self._git("rev-parse", "--verify", "--quiet", "HEAD", check=False).strip())

    def refs(self) -> tuple[int, int]:
        """The number of branches and tags."""
        heads = self._git("for-each-ref", "--format=%(refname)", "refs/heads").split()
        tags = self._git("for-each-ref", "--format=%(refname)", "refs/tags").split()
        return len(heads), len(tags)

    def commit_count(self) -> int:
        return int(self._git("rev-list", "--all", "--count").strip() or 0)

    def file_history(self, path: str) -> tuple[list[str], list[str]]:
        """Every name the file had (renames followed from ``HEAD``), and the commits on any ref that changed it."""
        names = self._git("log", "--follow", "--name-only", "--format=", "HEAD", "--", path).split("\n")
        names = sorted({name for name in names if name.strip()} | {path})
        commits = self._git("log", "--all", "--format=%h", "--", *names).split()
        return commits, names

    def commits_with_text(self, text: str) -> list[str]:
        """Commits that add or remove ``text`` in a file, or hold it in their message."""
        changed = self._git("log", "--all", "--format=%h", "-F", f"-S{text}").split()
        messages = self._git("log", "--all", "--format=%h", "-F", f"--grep={text}").split()
        return list(dict.fromkeys(changed + messages))

    def texts(self, wanted) -> list[str]:
        """Every text blob and commit message for which ``wanted(bytes)`` is true, decoded.

        Reads every object once, as a stream; blobs larger than 1 MB and
        binary ones (a NUL byte) are skipped.
        """
        found = []
        with subprocess.Popen(["git", "cat-file", "--batch-all-objects", "--unordered", "--batch"], cwd=self.root,
                              stdout=subprocess.PIPE) as process:
            stream = process.stdout
            while header := stream.readline():
                _name, kind, size = header.split()
                body = stream.read(int(size))
                stream.read(1)  # the newline after each object
                if kind == b"blob" and len(body) <= 1_000_000 and b"\0" not in body and wanted(body):
                    found.append(body.decode("utf-8", errors="replace"))
        if process.returncode != 0:
            raise HistoryError(N_("%(command)s failed: %(message)s"), command="git cat-file --batch-all-objects", message="")
        if self.has_commits():
            found += [m for m in self._git("log", "--all", "--format=%B%x00").split("\0") if wanted(m.encode())]
        return found

    def origin(self) -> str:
        """The address of ``origin``, or ``""``."""
        return self._git("remote", "get-url", "origin", check=False).strip()

    def rewrite(self, rewrite: Rewrite, command: list[str]) -> list[str]:
        """Run git-filter-repo; returns the first changed commits (old → new)."""
        args = ["--sensitive-data-removal", "--force"]
        with tempfile.TemporaryDirectory(prefix="torget-forget-") as folder:
            if rewrite.paths:
                args += ["--invert-paths", *(arg for path in rewrite.paths for arg in ("--path", path))]
            if rewrite.texts:
                expressions = Path(folder) / "expressions"
                expressions.write_bytes(b"".join(f"literal:{text}==>{replacement}\n".encode()
                                                 for text, replacement in rewrite.texts))
                args += ["--replace-text", str(expressions), "--replace-message", str(expressions)]
            # A run a day after an earlier one asks whether it continues that
            # one: it does not.
            done = subprocess.run([*command, *args], cwd=self.root, input="n\n", capture_output=True, text=True,
                                  encoding="utf-8", errors="replace")
        if done.returncode != 0:
            message = (done.stderr.strip() or done.stdout.strip()).splitlines()
            raise HistoryError(N_("git-filter-repo failed: %(message)s"), message=" ".join(message[-3:]))
        first = self.git_dir / "filter-repo" / "first-changed-commits"
        try:
            return first.read_text(encoding="utf-8").split()
        except OSError:
            return []
