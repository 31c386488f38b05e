"""Which folder a build may replace, and the marks that say Torget wrote it.

A build swaps a freshly built folder into the place of the output folder,
deleting what it held; :func:`refusal` decides before anything is touched
whether that is safe. The stamp, the manifest of written files, the lock
and the staging folders live here too. The rules are in docs/cli.md
("Which output folder a build replaces") and docs/safety.md.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from torget.i18n import N_, _
from torget.model import TorgetError

#: The stamp a Torget build writes into every output folder.
STAMP = ".torget-output"
#: The page fingerprints ``torget_incremental`` writes into the output folder
#: when it may reuse pages (``TORGET_REUSE_FROM``, set by ``torget build``).
PAGE_PRINTS = ".torget-pages.json"
#: How many foreign files a refusal names.
_LISTED_AT_MOST = 5


class OutputRefused(TorgetError):
    """The output folder must not be replaced; the message says why."""


@dataclass(frozen=True)
class OutputFolder:
    """The output folder of one build and the files beside it."""

    path: Path

    @property
    def manifest(self) -> Path:
        return self.path.parent / f".{self.path.name}.torget-files"

    @property
    def lock_file(self) -> Path:
        return self.path.parent / f".{self.path.name}.lock"

    @property
    def legacy_prints(self) -> Path:
        """Page fingerprints that Torget builds have written beside their
        output since before the stamp existed (``torget_incremental``)."""
        return self.path.parent / f".{self.path.name}.pages.json"

    @property
    def pending_manifest(self) -> Path:
        return self.manifest.with_name(self.manifest.name + ".new")

    def commit_manifest(self) -> None:
        """After the swap: the new build's manifest becomes the manifest."""
        self.pending_manifest.replace(self.manifest)

    def staging_folders(self) -> list[Path]:
        return sorted(self.path.parent.glob(f".{self.path.name}.building-*"))


def stamp_text(site_name: str) -> str:
    """The stamp's content: deterministic, one line."""
    name = " ".join(str(site_name).split()) or "a Torget site"
    return f"Written by Torget for {name}. The next build replaces this folder.\n"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def protected_folders(settings: dict) -> list[tuple[Path, str, bool]]:
    """Folders whose content a build must never delete.

    Each is ``(folder, role, may_hold_output)``: the output may lie inside
    the project folder (``output/`` usually does), never inside the others.
    """
    folders: list[tuple[Path, str, bool]] = []
    config = settings.get("TORGET_CONFIG_PATH")
    if config:
        folders.append((Path(config).resolve().parent, N_("the project folder"), True))
    if settings.get("PATH"):
        folders.append((Path(settings["PATH"]).resolve(), N_("the content folder"), False))
    theme = settings.get("THEME")
    if theme and Path(theme).is_dir():
        folders.append((Path(theme).resolve(), N_("the theme folder"), False))
    for plugins in settings.get("PLUGIN_PATHS") or ():
        if Path(plugins).is_dir():
            folders.append((Path(plugins).resolve(), N_("a plugin folder"), False))
    return folders


def refusal(output: Path, settings: dict, force: bool = False) -> str | None:
    """Why ``output`` must not be replaced, or ``None`` if it may be.

    Only the last reasons, about what the folder holds, yield to ``force``.
    """
    target = output.resolve()  # a link is judged, and replaced, by its target
    if target.exists() and not target.is_dir():
        return _("%(output)s is a file, not a folder", output=output)
    if target == Path(target.anchor):
        return _("%(output)s is the file system root", output=output)
    if target == Path.home().resolve():
        return _("%(output)s is your home folder", output=output)
    for folder, role, may_hold_output in protected_folders(settings):
        if target == folder:
            return _("%(output)s is %(role)s", output=output, role=_(role))
        if target in folder.parents:
            return _("%(output)s contains %(role)s (%(folder)s)", output=output, role=_(role), folder=folder)
        if not may_hold_output and folder in target.parents:
            return _("%(output)s is inside %(role)s (%(folder)s)", output=output, role=_(role), folder=folder)
    if ".git" in target.parts:
        return _("%(output)s is inside a git repository's .git folder", output=output)
    retained = set(settings.get("OUTPUT_RETENTION") or ())
    if (target / ".git").exists() and ".git" not in retained:
        return _("%(output)s is a git work tree (it holds .git); build into another folder, or list .git in OUTPUT_RETENTION",
                 output=output)
    if not target.exists():
        return None
    if force:
        return None
    try:
        names = os.listdir(target)
    except OSError as error:
        return _("%(output)s cannot be read: %(error)s", output=output, error=error.strerror)
    if not names:
        return None
    folder = OutputFolder(target)
    if STAMP not in names and folder.legacy_prints.is_file():
        return None  # written by a Torget build from before the stamp
    if STAMP not in names:
        return _("%(output)s is not empty and was not written by Torget (it has no %(stamp)s file); "
                 "give an empty or new folder, or --force to replace it", output=output, stamp=STAMP)
    foreign = foreign_files(folder, retained)
    if foreign:
        listed = ", ".join(foreign[:_LISTED_AT_MOST])
        more = _(" and %(count)s more", count=len(foreign) - _LISTED_AT_MOST) if len(foreign) > _LISTED_AT_MOST else ""
        return _("%(output)s holds files Torget did not write (%(files)s); move them away, "
                 "or --force to replace the folder with them", output=output, files=listed + more)
    return None


def written_files(folder: Path) -> list[str]:
    """Every file and link below ``folder`` as a sorted ``/``-path list."""
    found = []
    folders = [("", str(folder))]
    while folders:
        prefix, path = folders.pop()
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    # Links (to folders too) are entries of their own, not walked.
                    if entry.is_dir(follow_symlinks=False):
                        folders.append((f"{prefix}{entry.name}/", entry.path))
                    else:
                        found.append(prefix + entry.name)
        except OSError:  # unreadable: as os.walk, skipped
            continue
    return sorted(found)


def foreign_files(folder: OutputFolder, retained: set[str] = frozenset()) -> list[str]:
    """Files in the output that the last build's manifest does not list.

    A manifest written for a build that stopped between its swap and the
    manifest's commit (:meth:`OutputFolder.commit_manifest`) counts too. A
    stamped folder whose manifest is missing (the folder was moved, or the
    manifest deleted) is trusted as Torget's: the stamp is the mark.
    """
    listed: set[str] = set()
    found_one = False
    for manifest in (folder.manifest, folder.pending_manifest):
        try:
            listed.update(manifest.read_text(encoding="utf-8").splitlines())
            found_one = True
        except (OSError, UnicodeDecodeError):
            continue
    if not found_one:
        return []
    return [name for name in written_files(folder.path)
            if name not in listed and name.split("/", 1)[0] not in retained]


def write_marks(staging: Path, output: OutputFolder, site_name: str) -> None:
    """Stamp a finished build and record its files, before the swap."""
    (staging / STAMP).write_text(stamp_text(site_name), encoding="utf-8")
    output.pending_manifest.write_text("".join(f"{name}\n" for name in written_files(staging)), encoding="utf-8")


class BuildLock:
    """An exclusive lock on one output folder for one build.

    Raises :class:`OutputRefused` if another build holds it. The lock is
    the kernel's (``flock``): it ends with the process, however it ends.
    """

    def __init__(self, output: OutputFolder):
        self.output = output
        self._file = None

    def __enter__(self) -> "BuildLock":
        self.output.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(self.output.lock_file, "a+b")  # noqa: SIM115 - held until __exit__
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._file.close()
            raise OutputRefused(_("another build is writing %(output)s right now; wait for it to finish",
                                  output=self.output.path)) from None
        # With the lock held no other build runs: staging folders are
        # leftovers of a build that was killed.
        for stale in self.output.staging_folders():
            shutil.rmtree(stale, ignore_errors=True)
        return self

    def __exit__(self, *exc) -> None:
        fcntl.flock(self._file, fcntl.LOCK_UN)
        self._file.close()
