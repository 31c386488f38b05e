"""Load and check a whole content folder.

:func:`load_forum` reads every thread and FAQ file below a content folder,
in a stable order, and adds the checks that span files (unique slugs).
``torget check``, ``torget build`` and the importers all go through it.
The checks that span files see every file, also those with errors (from
their header alone, :class:`Claim`), so one run reports every problem.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

from torget import DEFAULT_TIMEZONE
from torget.i18n import N_, _, current_language
from torget.content.folders import ContentFolders, folders_of
from torget.model import Kind, Problem, Severity, Thread
from torget.format.parsing import header_lines, read_page_file, read_thread_file, text_lines
from torget.html.sanitize import page_problems, thread_problems

#: The default thread and FAQ folders, and the kind of each (the sample's
#: ``ARTICLE_PATHS``; a forum's own are in ``ForumSettings.content``).
THREAD_FOLDERS = {**{f: Kind.THREAD for f in ContentFolders.threads}, **{f: Kind.FAQ for f in ContentFolders.faq}}
#: The file endings Pelican's Markdown reader reads (lower case only).
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")
#: Endings of Pelican's other readers: raw HTML and reStructuredText would
#: bypass every check of Torget's, so they are refused in content folders.
OTHER_READER_EXTENSIONS = ("html", "htm", "rst")


@dataclass
class ContentFiles:
    """What a build reads below a content folder, and what it must refuse."""

    threads: list[tuple[Path, Kind]] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def content_files(content: Path | ContentFolders, ignore=None) -> ContentFiles:
    """Every file Pelican would read as a thread, FAQ entry or page.

    Walks the folders (:class:`ContentFolders`; a bare path has the
    default ones) as Pelican does (following links, skipping names
    that match ``IGNORE_FILES``), so that ``torget check`` reads exactly
    what the build reads. A link that is broken or leads outside the
    content folder, a Markdown file whose ending Pelican would not read
    (``.MD``) and an HTML or reStructuredText file are errors; other files
    are warnings (they are not published).
    """
    walk = _Walk(folders_of(content, ignore))
    for folder, kind in walk.kinds.items():
        walk.folder(folder, kind)
    walk.found.threads.sort(key=lambda found: found[0].parts)  # a path's order is its parts'
    walk.found.pages.sort(key=lambda path: path.parts)
    return walk.found


class _Walk:
    """One walk over the content folders, collecting files and problems."""

    def __init__(self, folders: ContentFolders):
        self.content_dir, self.ignore, self.kinds = folders.root, folders.ignore, folders.kinds
        # fnmatch.fnmatch's rule, for every pattern at once
        patterns = [fnmatch.translate(os.path.normcase(pattern)) for pattern in self.ignore]
        self._ignored = re.compile("|".join(patterns)).match if patterns else None
        self.found = ContentFiles()
        self.root = self.content_dir.resolve()
        self.shown_dir = Path(display_path(self.content_dir))

    def shown(self, path: Path) -> str:
        return str(self.shown_dir / path.relative_to(self.content_dir))

    def ignored(self, name: str) -> bool:
        return self._ignored is not None and self._ignored(os.path.normcase(name)) is not None

    def problem(self, path: Path, message: str, severity: Severity = Severity.ERROR) -> None:
        self.found.problems.append(Problem(self.shown(path), 1, message, severity))

    def refused_link(self, path: Path) -> bool:
        """Whether ``path`` is a link that is broken or leads outside (reported)."""
        if not path.is_symlink():
            return False
        target = Path(os.path.realpath(path))
        if not target.exists():
            self.problem(path, _("broken symbolic link (to %(target)s); remove it", target=os.readlink(path)))
            return True
        if target != self.root and self.root not in target.parents:
            self.problem(path, _(
                "symbolic link leads outside the content folder (to %(target)s); copy the file into the content folder instead",
                target=target))
            return True
        return False

    def folder(self, folder: str, kind: Kind | None) -> None:
        """Walk one of the folders, following links but never twice into one."""
        top = self.content_dir / folder
        if self.refused_link(top) or not top.is_dir():
            return
        seen = {top.resolve()}
        for dirpath, dirs, files in os.walk(top, followlinks=True):
            here = Path(dirpath)
            for name in sorted(dirs):
                path = here / name
                other_folder = path.relative_to(self.content_dir).as_posix() in self.kinds  # walked as itself
                if self.ignored(name) or other_folder or self.refused_link(path) or path.resolve() in seen:
                    dirs.remove(name)
                else:
                    seen.add(path.resolve())
            for name in files:
                path = here / name
                if not (self.ignored(name) or self.refused_link(path)):
                    self.file(path, name, kind)

    def file(self, path: Path, name: str, kind: Kind | None) -> None:
        """Take one file by its ending, or report why it is not published."""
        extension = name.rpartition(".")[2] if "." in name else ""
        if extension in MARKDOWN_EXTENSIONS:
            if kind is None:
                self.found.pages.append(path)
            else:
                self.found.threads.append((path, kind))
        elif extension.lower() in MARKDOWN_EXTENSIONS:
            self.problem(path, _(
                "Pelican reads only lower-case .%(extension)s: rename the file to %(name)s",
                extension=extension.lower(), name=name[: -len(extension)] + extension.lower()))
        elif extension.lower() in OTHER_READER_EXTENSIONS:
            self.problem(path, _(
                "only Markdown files (.md) are published from the content folders; write it as Markdown"))
        else:
            self.problem(path, _("not a Markdown file (.md): it is not published"), Severity.WARNING)


@dataclass(frozen=True)
class Claim:
    """What one file's header claims, for the checks that span files.

    Taken from the parsed thread or, for a file with errors, from its
    header lines alone.
    """

    path: str
    slug: str
    #: Line of ``Slug:``; 0 when the slug is the file's name.
    slug_line: int
    category: str
    category_line: int
    date: str

    @classmethod
    def of(cls, thread: Thread) -> Claim:
        return cls(thread.source_path, thread.slug, thread.lines.get("slug", 0), thread.category,
                   thread.lines.get("category", 1), thread.date.isoformat() if thread.date else "")


def header_claim(path: Path, shown: str) -> Claim | None:
    """The :class:`Claim` of a file that did not parse, from its header."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    values: dict[str, tuple[str, int]] = {}
    for line in header_lines(text_lines(text)):
        if line.key is not None and not line.continues:
            values.setdefault(line.key.lower(), (line.value, line.index + 1))
    slug, slug_line = values.get("slug", ("", 0))
    category, category_line = values.get("category", ("", 1))
    return Claim(shown, slug or path.stem, slug_line if slug else 0, category, category_line,
                 values.get("date", ("", 0))[0])


@dataclass(frozen=True)
class Forum:
    """Every thread that parsed, and every problem found while reading."""

    threads: tuple[Thread, ...]
    problems: tuple[Problem, ...]
    #: Every file's claim (slug, category), in file order, errors or not.
    claims: tuple[Claim, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    def find(self, slug: str) -> Thread | None:
        return next((t for t in self.threads if t.slug == slug), None)


def kind_of(path: Path, content: Path | ContentFolders) -> Kind | None:
    """The kind of a content file by its folder, or ``None`` for pages
    (:meth:`ContentFolders.kind_of`; a bare path has the default folders)."""
    return folders_of(content).kind_of(path)


def thread_files(content: Path | ContentFolders, ignore=None) -> Iterator[tuple[Path, Kind]]:
    """Every thread and FAQ file, sorted by path (see :func:`content_files`)."""
    yield from content_files(content, ignore).threads


def display_path(path: Path) -> str:
    """A path as an editor would type it: relative to the working folder."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_forum(
    content: Path | ContentFolders,
    timezone: str = DEFAULT_TIMEZONE,
    progress: Callable[[Iterator], Iterator] | None = None,
    cache: dict | None = None,
    parsed: dict | None = None,
    ignore=None,
    markdown_settings: dict | None = None,
    map_files: Callable | None = None,
    found: ContentFiles | None = None,
) -> Forum:
    """Parse every thread file and check what spans files.

    ``progress`` may wrap the file iterator (the CLI passes a progress bar).
    ``cache`` (path → file size, modification time, timezone, language and result)
    skips files unchanged since they were last parsed; it is updated in
    place. ``parsed``, if given, receives each file's path (as ``str``) and
    its thread, for the Pelican reader to take instead of parsing again.
    ``content`` is the forum's :class:`ContentFolders` (``ForumSettings.content``)
    or a content folder with the default ones; ``ignore``, for a bare
    folder, is Pelican's ``IGNORE_FILES``; ``markdown_settings`` the
    site's ``MARKDOWN``, for the warnings about HTML that publishing removes
    (:mod:`torget.html.sanitize`). Pages are checked too
    (:func:`torget.format.parsing.parse_page`). ``map_files(function,
    files, progress)`` parses the files ``cache`` lacks and returns the
    results in order (:func:`torget.build.shared.map_shared` shares them
    between processes); by default one after another, here. ``found``:
    what :func:`content_files` found for ``content``, if the caller has it.
    """
    sources = found if found is not None else content_files(content, ignore)
    content_dir = folders_of(content).root
    shown_dir = Path(display_path(content_dir))  # resolved once, not per file
    problems: list[Problem] = list(sources.problems)
    for page in sources.pages:
        shown = str(shown_dir / page.relative_to(content_dir))
        problems.extend(read_page_file(page, timezone, shown))
        problems.extend(page_problems(page, shown, markdown_settings))  # HTML it will lose
    threads: list[Thread] = []
    claims: list[Claim] = []
    files, markdown_key = sources.threads, repr(markdown_settings)
    shown_name = _ShownName(content_dir, shown_dir)
    stamped = [_Stamped.of(path, kind, shown_name(path), timezone, markdown_key) for path, kind in files]
    parse = partial(_parse_thread, timezone=timezone, markdown_settings=markdown_settings)
    results = _parsed(stamped, cache, parse, map_files or _one_by_one, progress)
    for one, (thread, found) in zip(stamped, results):
        path, shown = one.path, one.shown
        problems.extend(found)
        if thread:
            threads.append(thread)
            claims.append(Claim.of(thread))
            if parsed is not None:
                parsed[str(path)] = thread
        elif (claim := header_claim(path, shown)) is not None:
            claims.append(claim)
    if cache is not None:
        for gone in cache.keys() - {str(path) for path, _ in files}:
            del cache[gone]
    problems.extend(duplicate_slugs(claims))
    problems.extend(colliding_names(threads))
    return Forum(tuple(threads), tuple(sorted(problems)), tuple(claims))


def _parsed(stamped: list[_Stamped], cache: dict | None, parse: Callable, map_files: Callable,
            progress: Callable[[Iterator], Iterator] | None) -> list[tuple[Thread | None, list[Problem]]]:
    """Each file's thread and problems: from ``cache`` when the file is
    unchanged, else parsed with ``map_files`` (and put in the cache)."""
    cached = [cache.get(str(one.path)) if cache is not None else None for one in stamped]
    results = [entry[1] if entry is not None and entry[0] == one.stamp else None for one, entry in zip(stamped, cached)]
    todo = [n for n, result in enumerate(results) if result is None]
    if not todo:
        return results
    for n, result in zip(todo, map_files(parse, [stamped[n] for n in todo], progress)):
        results[n] = result
        if cache is not None:
            cache[str(stamped[n].path)] = (stamped[n].stamp, result)
    return results


def _one_by_one(function: Callable, items: list, progress: Callable[[Iterator], Iterator] | None) -> list:
    return [function(item) for item in (progress(items) if progress else items)]


@dataclass(frozen=True)
class _Stamped:
    """A thread file and what its parse depends on besides its text: the
    cache's key (the problems found are worded in the language in use,
    the HTML warnings depend on ``MARKDOWN``)."""

    path: Path
    kind: Kind
    shown: str
    stamp: tuple

    @classmethod
    def of(cls, path: Path, kind: Kind, shown: str, timezone: str, markdown_key: str) -> _Stamped:
        stat = os.stat(path)
        return cls(path, kind, shown, (stat.st_size, stat.st_mtime_ns, timezone, kind, shown, current_language(),
                                       markdown_key))


class _ShownName:
    """A content file's name as messages show it: ``shown_dir`` (the
    content folder as the editor would type it) joined with the file's
    path below ``content_dir``, by string where the path starts with it."""

    def __init__(self, content_dir: Path, shown_dir: Path):
        self.content_dir, self.shown_dir = content_dir, shown_dir
        self.root = f"{content_dir}/" if str(content_dir) != "/" else "/"
        self.prefix = "" if str(shown_dir) == "." else f"{shown_dir}/"

    def __call__(self, path: Path) -> str:
        name = str(path)
        if name.startswith(self.root) and len(name) > len(self.root):
            return self.prefix + name[len(self.root):]
        return str(self.shown_dir / path.relative_to(self.content_dir))


def _parse_thread(one: _Stamped, timezone: str, markdown_settings: dict | None) -> tuple[Thread | None, list[Problem]]:
    """One thread file and its problems."""
    thread, found = read_thread_file(one.path, one.kind, timezone, one.shown)
    if thread is not None:  # HTML that publishing will remove
        found = [*found, *thread_problems(thread, one.path, markdown_settings)]
    return thread, found


@lru_cache(maxsize=65536)
def name_slug(name: str) -> str:
    """The URL slug Pelican gives a category or tag name."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    return slugify(name, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def colliding_names(threads: list[Thread]) -> list[Problem]:
    """Categories and tags whose names give the same (or an empty) URL.

    ``Avfall`` and ``avfall`` would be one page with one of the names;
    ``C#`` and ``C++`` both become ``c``; ``?!`` has no URL at all.
    Categories that collide are errors (Pelican cannot build them); tags
    are warnings (their pages merge).
    """
    problems = []
    for what, key, values, severity in (
        (N_("category"), "category", lambda t: [t.category], Severity.ERROR),
        (N_("tag"), "tags", lambda t: list(t.tags), Severity.WARNING),
    ):
        first_name: dict[str, tuple[str, Thread]] = {}
        for thread in threads:
            for name in values(thread):
                slug = name_slug(name)
                line = thread.lines.get(key, 1)
                if not slug:
                    problems.append(Problem(thread.source_path, line, _("%(what)s %(name)r has no letters or digits for its URL",
                                                                        what=_(what), name=name)))
                    continue
                seen = first_name.setdefault(slug, (name, thread))
                if seen[0] != name:
                    problems.append(Problem(
                        thread.source_path, line,
                        _("%(what)s %(name)r and %(other)r (%(path)s) would share the URL %(url)s; use one spelling",
                          what=_(what), name=name, other=seen[0], path=seen[1].source_path, url="%s/%s/" % (what, slug)),
                        severity,
                    ))
    return problems


def duplicate_slugs(claims: list[Claim] | list[Thread]) -> list[Problem]:
    """Two files must not claim the same URL.

    The file that keeps the slug is the one named after it (no ``Slug:``
    line), else the oldest (by ``Date``), else the first by path; every
    other file gets the error at its ``Slug:`` line, naming that file.
    """
    claims = [Claim.of(c) if isinstance(c, Thread) else c for c in claims]
    by_slug: dict[str, list[Claim]] = {}
    for claim in claims:
        by_slug.setdefault(claim.slug, []).append(claim)
    problems = []
    for slug, group in by_slug.items():
        if len(group) < 2:
            continue
        first, *others = sorted(group, key=lambda c: (c.slug_line != 0, c.date, c.path))
        for claim in others:
            problems.append(
                Problem(claim.path, claim.slug_line or 1, _("duplicate slug %(slug)r (also used by %(path)s)", slug=slug, path=first.path))
            )
    return problems
