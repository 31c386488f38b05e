"""The personal-data scan's results kept between runs (:mod:`torget.build.cache`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from torget.build.cache import CachePolicy
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

    def __init__(self, settings: Mapping[str, Any], allowed: tuple[str, ...]):
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

    def problems(self, path: Path, shown: str, scan: Callable[[str], list[Problem]]) -> list[Problem] | None:
        """The file's problems, scanned only if its text is new; ``None`` if it cannot be read."""
        try:
            stat = path.stat()
        except OSError:
            return None
        stamp = self.stamps.get(str(path))
        if stamp is not None and stamp[:2] == (stat.st_size, stat.st_mtime_ns) and stamp[2] in self.results:
            digest = stamp[2]
        else:
            data = read_utf8(path)
            if data is None:
                return None
            digest = hashlib.blake2b(data, digest_size=16).digest()
            if digest not in self.results:
                self.scanned += 1
                self.results[digest] = tuple((p.line, p.message, p.severity.value) for p in scan(data.decode("utf-8")))
        self.used_stamps[str(path)] = (stat.st_size, stat.st_mtime_ns, digest)
        found = self.used[digest] = self.results[digest]
        return [Problem(shown, line, message, Severity(severity)) for line, message, severity in found]

    def save(self) -> None:
        """Write the results of this run (only), if anything changed."""
        if self.used_stamps != self.stamps or self.used.keys() != self.results.keys():
            self.file.save((self.used_stamps, self.used))
