"""Load and check a whole content folder.

:func:`load_forum` reads every thread and FAQ file below a content folder,
in a stable order, and adds the checks that span files (unique slugs).
``torget check``, ``torget build`` and the importers all go through it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .model import Kind, Problem, Severity, Thread
from .parsing import read_thread_file

#: Content sub-folders that hold thread files, and the kind of each.
THREAD_FOLDERS = {"posts": Kind.THREAD, "faq": Kind.FAQ}


@dataclass(frozen=True)
class Forum:
    """Every thread that parsed, and every problem found while reading."""

    threads: tuple[Thread, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    def find(self, slug: str) -> Thread | None:
        return next((t for t in self.threads if t.slug == slug), None)


def kind_of(path: Path, content_dir: Path) -> Kind | None:
    """The kind of a content file by its top folder, or ``None`` for pages."""
    try:
        top = path.resolve().relative_to(content_dir.resolve()).parts[0]
    except (ValueError, IndexError):
        return None
    return THREAD_FOLDERS.get(top)


def thread_files(content_dir: Path) -> Iterator[tuple[Path, Kind]]:
    """Every thread and FAQ file, sorted by path."""
    for folder, kind in THREAD_FOLDERS.items():
        for path in sorted((content_dir / folder).rglob("*.md")):
            yield path, kind


def display_path(path: Path) -> str:
    """A path as an editor would type it: relative to the working folder."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_forum(
    content_dir: Path,
    timezone: str = "Europe/Stockholm",
    progress: Callable[[Iterator], Iterator] | None = None,
    cache: dict | None = None,
    parsed: dict | None = None,
) -> Forum:
    """Parse every thread file and check what spans files.

    ``progress`` may wrap the file iterator (the CLI passes a progress bar).
    ``cache`` (path → file size, modification time, timezone and result)
    skips files unchanged since they were last parsed; it is updated in
    place. ``parsed``, if given, receives each file's path (as ``str``) and
    its thread, for the Pelican reader to take instead of parsing again.
    """
    files = list(thread_files(content_dir))
    threads: list[Thread] = []
    problems: list[Problem] = []
    shown_dir = Path(display_path(content_dir))  # resolved once, not per file
    for path, kind in progress(files) if progress else files:
        shown = str(shown_dir / path.relative_to(content_dir))
        stat = path.stat()
        stamp = (stat.st_size, stat.st_mtime_ns, timezone, kind, shown)
        cached = cache.get(str(path)) if cache is not None else None
        if cached is not None and cached[0] == stamp:
            thread, found = cached[1]
        else:
            thread, found = read_thread_file(path, kind, timezone, shown)
            if cache is not None:
                cache[str(path)] = (stamp, (thread, found))
        problems.extend(found)
        if thread:
            threads.append(thread)
            if parsed is not None:
                parsed[str(path)] = thread
    if cache is not None:
        for gone in cache.keys() - {str(path) for path, _ in files}:
            del cache[gone]
    problems.extend(duplicate_slugs(threads))
    problems.extend(colliding_names(threads))
    return Forum(tuple(threads), tuple(sorted(problems)))


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
        ("category", "category", lambda t: [t.category], Severity.ERROR),
        ("tag", "tags", lambda t: list(t.tags), Severity.WARNING),
    ):
        first_name: dict[str, tuple[str, Thread]] = {}
        for thread in threads:
            for name in values(thread):
                slug = name_slug(name)
                line = thread.lines.get(key, 1)
                if not slug:
                    problems.append(Problem(thread.source_path, line, f"{what} {name!r} has no letters or digits for its URL"))
                    continue
                seen = first_name.setdefault(slug, (name, thread))
                if seen[0] != name:
                    problems.append(Problem(
                        thread.source_path, line,
                        f"{what} {name!r} and {seen[0]!r} ({seen[1].source_path}) would share the URL {what}/{slug}/; use one spelling",
                        severity,
                    ))
    return problems


def duplicate_slugs(threads: list[Thread]) -> list[Problem]:
    """Two files must not claim the same URL."""
    seen: dict[str, Thread] = {}
    problems = []
    for thread in threads:
        first = seen.setdefault(thread.slug, thread)
        if first is not thread:
            problems.append(
                Problem(
                    thread.source_path,
                    thread.lines.get("slug", 1),
                    f"duplicate slug {thread.slug!r} (also used by {first.source_path})",
                )
            )
    return problems
