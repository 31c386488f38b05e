"""The personal-data scan's results kept between runs (:mod:`torget.build.cache`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from torget.build.cache import CachePolicy
from torget.build.shared import in_order
from torget.i18n import catalog_print
from torget.model import Problem, Severity
from torget.records.privacy import read_utf8


class ScanCache:
    """Scan results kept between runs (:mod:`torget.build.cache`), keyed by text.

    The cache as a whole is keyed by the code of this module and all it
    imports (the field libraries' versions among it), the allow-list and
    the message catalog, so a change of any of them scans everything again.
    Results are stored per hash of a file's bytes;
    a file whose size and modification time are those of its last scan is
    not even read again (as the parse cache does). Only line numbers and
    masked messages are stored, never the data found.
    """

    FILE = "torget-privacy.pickle"

    def __init__(self, settings: Mapping[str, Any], allowed: tuple[str, ...], share: Callable | None = None):
        # the results' messages are in the forum's language
        self.file = CachePolicy.of(settings).file(self.FILE, allowed, catalog_print(), code=["torget.records.privacy"])
        stored = self.file.load()
        stamps, results = stored if isinstance(stored, tuple) and len(stored) == 2 else ({}, {})
        #: path → (size, modification time, digest) at the last scan.
        self.stamps: dict[str, tuple[int, int, bytes]] = stamps
        #: digest of a file's bytes → its results.
        self.results: dict[bytes, tuple] = results
        self.used_stamps: dict[str, tuple[int, int, bytes]] = {}
        self.used: dict[bytes, tuple] = {}
        self.scanned = 0
        #: ``share(function, texts)``: the new texts' scans, in order
        #: (:func:`torget.build.shared.map_shared`); by default here.
        self.share = share or in_order
        #: path → (size, modification time, digest) read by :meth:`prepare`.
        self.read: dict[str, tuple[int, int, bytes]] = {}
        #: path → its ``stat`` by :meth:`prepare`, for :meth:`problems` (once).
        self.stats: dict[str, object] = {}

    def prepare(self, paths: Sequence[Path], scan: Callable[[str], list[Problem]]) -> None:
        """Scan at once, with ``share``, every file among ``paths`` whose
        text is new, before :meth:`problems` asks for each."""
        new: dict[bytes, str] = {}
        for path in paths:
            try:
                stat = self.stats[str(path)] = path.stat()
            except OSError:
                continue
            if self._known(str(path), stat) is None and (data := read_utf8(path)) is not None:
                digest = hashlib.blake2b(data, digest_size=16).digest()
                self.read[str(path)] = (stat.st_size, stat.st_mtime_ns, digest)
                if digest not in self.results:
                    new.setdefault(digest, data.decode("utf-8"))
        if not new:
            return
        for digest, found in zip(new, self.share(partial(_scanned, scan), list(new.values()))):
            self.scanned += 1
            self.results[digest] = found

    def _known(self, path: str, stat) -> bytes | None:
        """The digest of a file unchanged since it was last read, if its results are here."""
        for stamp in (self.read.get(path), self.stamps.get(path)):
            if stamp is not None and stamp[:2] == (stat.st_size, stat.st_mtime_ns) and stamp[2] in self.results:
                return stamp[2]
        return None

    def problems(self, path: Path, shown: str, scan: Callable[[str], list[Problem]]) -> list[Problem] | None:
        """The file's problems, scanned only if its text is new; ``None`` if it cannot be read."""
        stat = self.stats.pop(str(path), None)
        try:
            stat = stat or path.stat()
        except OSError:
            return None
        digest = self._known(str(path), stat)
        if digest is None:
            data = read_utf8(path)
            if data is None:
                return None
            digest = hashlib.blake2b(data, digest_size=16).digest()
            if digest not in self.results:
                self.scanned += 1
                self.results[digest] = _scanned(scan, data.decode("utf-8"))
        self.used_stamps[str(path)] = (stat.st_size, stat.st_mtime_ns, digest)
        found = self.used[digest] = self.results[digest]
        return [Problem(shown, line, message, Severity(severity)) for line, message, severity in found]

    def save(self) -> None:
        """Write the results of this run (only), if anything changed."""
        if self.used_stamps != self.stamps or self.used.keys() != self.results.keys():
            self.file.save((self.used_stamps, self.used))


def _scanned(scan: Callable[[str], list[Problem]], text: str) -> tuple:
    """What the cache keeps of a scan: each problem's line, message and severity."""
    return tuple((p.line, p.message, p.severity.value) for p in scan(text))
