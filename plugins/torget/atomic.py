"""Writing a file so that readers find its old bytes or its new ones, never half.

The data goes to a temporary file beside the target (``<name>.<random>.tmp``,
so a cache's stays under the ``torget-*`` names ``torget forget`` purges),
which then replaces the target in one rename. A write stopped by an
exception or Ctrl+C removes the temporary file; the target is untouched.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary handle whose bytes become ``path`` when the block ends without error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f"{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` in one step."""
    with atomic_file(path) as stream:
        stream.write(data.encode("utf-8") if isinstance(data, str) else data)
