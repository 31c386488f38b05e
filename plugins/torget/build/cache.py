"""One policy for every cache Torget keeps between builds.

Each cache (parsed threads, the personal-data scan, search terms, and the
key that lets Pelican load its own) is a keyed file in ``CACHE_PATH`` made
through :meth:`CachePolicy.file`. The rule, as docs/settings.md states it:
caches are written when ``CACHE_CONTENT`` is on and ``CACHE_PATH`` is set,
and read back only when ``LOAD_CONTENT_CACHE`` is on too (``publishconf.py``
turns it off). A file is read only under the key it was written with, and
every key holds the :func:`code_version` of the code that fills the cache.
"""

from __future__ import annotations

import ast
import hashlib
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.metadata import PackageNotFoundError, packages_distributions, version
from pathlib import Path
from typing import Any

from torget.build import cachefile

#: The folder that holds the torget package and its Pelican plugins.
SOURCE_ROOT = Path(__file__).resolve().parents[2]
#: The distribution whose modules are the project's own source.
OWN_DISTRIBUTION = "torget"


@dataclass(frozen=True)
class CachePolicy:
    """Where caches live and whether they are written and read."""

    #: ``CACHE_PATH`` when caches are on, else ``None``.
    folder: Path | None
    #: Whether a cache written before may be read (``LOAD_CONTENT_CACHE``).
    loads: bool

    @staticmethod
    def of(settings: Mapping[str, Any]) -> CachePolicy:
        """The policy of these (Pelican) settings; one object per distinct rule."""
        folder = str(settings.get("CACHE_PATH") or "")
        return _policy(bool(settings.get("CACHE_CONTENT")) and bool(folder), folder,
                       bool(settings.get("LOAD_CONTENT_CACHE")))

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def file(self, name: str, *key: Any, code: Iterable[str] = ()) -> CacheFile:
        """The cache file ``name``, valid while ``key`` and the code of the
        modules ``code`` (:func:`code_version`) are unchanged."""
        return CacheFile(self, name, key, tuple(code))


@cache
def _policy(enabled: bool, folder: str, loads: bool) -> CachePolicy:
    return CachePolicy(Path(folder) if enabled else None, enabled and loads)


@dataclass
class CacheFile:
    """One keyed file of a :class:`CachePolicy`; see :mod:`torget.build.cachefile`."""

    policy: CachePolicy
    name: str
    parts: tuple
    code: tuple[str, ...] = field(default=())

    @property
    def path(self) -> Path:
        return (self.policy.folder or Path(".")) / self.name

    @cached_property
    def key(self) -> tuple:
        return (*self.parts, code_version(*self.code)) if self.code else self.parts

    def load(self) -> Any | None:
        """The data saved under this key, or ``None`` (also when caches are not read)."""
        if not self.policy.loads:
            return None
        stamp = _stamp(self.path)
        kept = _kept.get(self.path)
        if kept is not None and stamp is not None and kept[0] == stamp:
            return kept[2] if kept[1] == self.key else None
        data = cachefile.load(self.path, self.key)
        _keep(self.path, stamp, self.key, data)
        return data

    def save(self, data: Any) -> None:
        """Store ``data`` under this key, in one step; nothing when caches are off."""
        if self.policy.enabled:
            cachefile.save(self.path, self.key, data)
            _keep(self.path, _stamp(self.path), self.key, data)

    def forget(self) -> None:
        """Delete the file (when caches are on)."""
        if self.policy.enabled:
            _kept.pop(self.path, None)
            self.path.unlink(missing_ok=True)


#: Cache files this process loaded or saved, while :func:`keep_loaded` is on:
#: path → (the file's stamp, key, data). A file whose stamp is unchanged
#: is not read again.
_kept: dict[Path, tuple] = {}
_keeping = False


def keep_loaded(on: bool = True) -> None:
    """Keep cache files' data in this process between builds (``torget serve``):
    a file is read again only when another process changed it."""
    global _keeping
    _keeping = on
    _kept.clear()


def _keep(path: Path, stamp: tuple | None, key: Any, data: Any) -> None:
    if _keeping and stamp is not None and data is not None:
        _kept[path] = (stamp, key, data)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """The file's size, modification time and inode (a replaced file has a new one)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


@cache
def code_version(*modules: str) -> str:
    """The version of the running code of ``modules`` (:func:`source_version`
    of the installed source, read once per process)."""
    return source_version(modules, SOURCE_ROOT)


def source_version(modules: Iterable[str], root: Path) -> str:
    """A hash of the source of ``modules`` and of every module of the project's
    own (under ``root``) that they import, directly or not, followed with
    :mod:`ast`; with the installed version of each other distribution among
    those imports, and Python's.

    The import graph, not every file of the package: a cache stays valid
    while only code it does not run changes. (No module imports by a computed
    name; tests/test_cache.py checks that.)
    """
    sources, others = import_closure(modules, root)
    digest = hashlib.sha256(sys.version.encode())
    for name in sorted(sources):
        data = sources[name].read_bytes()
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    for top in sorted(others):
        digest.update(f"\0{top}={_distribution_versions(top)}".encode())
    return digest.hexdigest()


def import_closure(modules: Iterable[str], root: Path) -> tuple[dict[str, Path], set[str]]:
    """The own modules (name → file) reachable from ``modules`` through imports,
    the packages that hold them included, and the top-level names of the
    other (non-standard-library) modules they import."""
    sources: dict[str, Path] = {}
    others: set[str] = set()
    queue = list(modules)
    while queue:
        name = queue.pop()
        if name in sources:
            continue
        path = own_file(name, root)
        if path is None:
            top = name.partition(".")[0]
            if top not in sys.stdlib_module_names and own_file(top, root) is None:
                others.add(top)
            continue
        sources[name] = path
        if "." in name:
            queue.append(name.rpartition(".")[0])
        queue.extend(_imported(path, name, root))
    return sources, others


def own_file(name: str, root: Path) -> Path | None:
    """The file of module ``name`` if it is the project's own source under ``root``."""
    top = name.partition(".")[0]
    if top in sys.stdlib_module_names or not _is_own(top):
        return None
    *parents, last = name.split(".")
    folder = root.joinpath(*parents)
    for candidate in (folder / last / "__init__.py", folder / f"{last}.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported(path: Path, name: str, root: Path) -> list[str]:
    """The modules ``path`` (module ``name``) imports anywhere in its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[str] = []
    stat = path.stat()
    for level, base, names in _import_statements(path, (stat.st_mtime_ns, stat.st_size)):
        if level:
            anchor = package.rsplit(".", level - 1)[0] if level > 1 else package
            base = f"{anchor}.{base}" if base else anchor
        found.append(base)
        # ``from package import module``: the names that are modules
        found += [f"{base}.{alias}" for alias in names if own_file(f"{base}.{alias}", root) is not None]
    return found


@cache
def _import_statements(path: Path, _stamp: tuple[int, int]) -> list[tuple[int, str, tuple[str, ...]]]:
    """``(level, module, names)`` of each import in ``path`` (``import a.b`` is ``(0, "a.b", ())``)."""
    found = []
    statements = [ast.parse(path.read_bytes(), filename=str(path))]
    while statements:  # imports are statements: expressions need no visit
        node = statements.pop()
        if isinstance(node, ast.Import):
            found += [(0, alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.level, node.module or "", tuple(alias.name for alias in node.names)))
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(node, name, None)
            if isinstance(block, list):
                statements += block
    return found


@cache
def _distributions() -> Mapping[str, list[str]]:
    return packages_distributions()


def _is_own(top: str) -> bool:
    """Whether a top-level name belongs to no installed distribution but the project's."""
    distributions = _distributions().get(top)
    return not distributions or OWN_DISTRIBUTION in distributions


def _distribution_versions(top: str) -> str:
    versions = []
    for distribution in sorted(set(_distributions().get(top, ()))):
        try:
            versions.append(f"{distribution} {version(distribution)}")
        except PackageNotFoundError:
            versions.append(f"{distribution} ?")
    return ", ".join(versions) or "not installed"
