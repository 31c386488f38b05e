"""Which content folders hold threads, FAQ entries and pages.

Pelican's ``ARTICLE_PATHS`` names the folders of threads and FAQ entries,
``TORGET_FAQ_PATHS`` which of them hold FAQ entries, and ``PAGE_PATHS`` the
folders of pages. :class:`ContentFolders` is read once with the forum
settings (``ForumSettings.content``) and says what kind a file is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

from torget.model import Kind

#: The folder of each kind in the export format and in importers' drafts,
#: whatever the forum's own folders are called.
EXCHANGE_FOLDERS = {Kind.THREAD: "posts", Kind.FAQ: "faq"}
#: Pelican's default IGNORE_FILES.
PELICAN_IGNORE_FILES = ("**/.*",)


def _parts(folder: str) -> tuple[str, ...]:
    return tuple(p for p in PurePosixPath(folder).parts if p not in (".", "/"))


@dataclass(frozen=True)
class ContentFolders:
    """The content folder (``PATH``) and its thread, FAQ and page folders,
    each relative to it, in the order the settings give them."""

    root: Path = Path("content")
    threads: tuple[str, ...] = ("posts",)
    faq: tuple[str, ...] = ("faq",)
    pages: tuple[str, ...] = ("pages",)
    #: Pelican's ``IGNORE_FILES``.
    ignore: tuple[str, ...] = PELICAN_IGNORE_FILES

    @cached_property
    def kinds(self) -> dict[str, Kind | None]:
        """Every folder and what it holds (``None``: pages)."""
        return {**{f: Kind.THREAD for f in self.threads}, **{f: Kind.FAQ for f in self.faq},
                **{f: None for f in self.pages}}

    @cached_property
    def _deepest_first(self) -> list[tuple[tuple[str, ...], str]]:
        return sorted(((_parts(f), f) for f in self.kinds), key=lambda item: -len(item[0]))

    def thread_folders(self) -> list[Path]:
        """The folders of threads and FAQ entries, below :attr:`root`."""
        return [self.root / f for f in (*self.threads, *self.faq)]

    def folder_of(self, path: Path) -> str | None:
        """The configured folder ``path`` is in (the deepest that holds it), or ``None``."""
        try:
            relative = path.resolve().relative_to(self.root.resolve()).parts
        except ValueError:
            return None
        return self._holding(relative)

    def _holding(self, relative: tuple[str, ...]) -> str | None:
        return next((f for parts, f in self._deepest_first
                     if len(relative) > len(parts) and relative[: len(parts)] == parts), None)

    def kind_of(self, path: Path) -> Kind | None:
        """The kind of a content file by its folder, or ``None`` for pages and other files."""
        folder = self.folder_of(path)
        return self.kinds[folder] if folder is not None else None

    def kind_of_relative(self, path: Path | str) -> Kind | None:
        """:meth:`kind_of` for a path relative to :attr:`root` (``posts/a.md``),
        by its name alone (links are not followed)."""
        folder = self._holding(PurePosixPath(path).parts)
        return self.kinds[folder] if folder is not None else None

    def exchange_path(self, path: Path) -> str | None:
        """``path`` as the export format names it: under ``posts/`` or ``faq/``
        (:data:`EXCHANGE_FOLDERS`) instead of the forum's folder of its kind."""
        folder = self.folder_of(path)
        kind = self.kinds.get(folder) if folder is not None else None
        if kind is None:
            return None
        inside = path.resolve().relative_to((self.root / folder).resolve())
        return PurePosixPath(EXCHANGE_FOLDERS[kind], *inside.parts).as_posix()

    def new_file_folder(self, kind: Kind) -> Path:
        """Where a new thread (or FAQ entry) is written: the first folder of its kind."""
        return self.root / (self.faq if kind is Kind.FAQ else self.threads)[0]

    def at(self, root: Path) -> ContentFolders:
        """The same folders below another content folder."""
        return ContentFolders(Path(root), self.threads, self.faq, self.pages, self.ignore)


def folders_of(content: Path | ContentFolders, ignore=None) -> ContentFolders:
    """``content`` as :class:`ContentFolders`: a bare path has the default folders."""
    if isinstance(content, ContentFolders):
        return content
    folders = ContentFolders(Path(content))
    return folders if ignore is None else ContentFolders(folders.root, ignore=tuple(ignore))
