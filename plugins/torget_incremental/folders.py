"""Making the previous build's page folders while Pelican reads content."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile


def folders_of(names) -> list[str]:
    """Every folder (and parent folder) that holds one of ``names``,
    parents before children."""
    folders = set()
    for name in names:
        folder = os.path.dirname(name)
        while folder and folder not in folders:
            folders.add(folder)
            folder = os.path.dirname(folder)
    return sorted(folders)


class FolderMaker:
    """``xargs -0 mkdir`` making ``folders`` (relative, parents first) inside
    ``root`` in a separate process.

    A separate program, not a fork of the build: a fork would share the
    build's memory copy-on-write while the build reads content. It runs in
    ``root`` with relative names and without ``-p``, so it can only add
    folders to a folder that still exists: once ``root`` is removed (a
    failed build's staging folder), every ``mkdir`` fails.
    """

    def __init__(self, root: str, folders: list[str]):
        self.process = None
        xargs = shutil.which("xargs") if os.name == "posix" else None
        if xargs is None or not folders or not os.path.isdir(root):
            return  # the writer makes every folder itself
        with tempfile.TemporaryFile() as listing:
            listing.write(b"\0".join(os.fsencode(folder) for folder in folders))
            listing.seek(0)
            self.process = subprocess.Popen([xargs, "-0", "mkdir", "--"], stdin=listing, cwd=root,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def result(self) -> None:
        """Wait until it is done. A folder it could not make is not an
        error: the writer makes (or reports) it."""
        if self.process is not None:
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        self.result()
