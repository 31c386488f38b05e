"""Write thread files: new files, and small in-place metadata edits.

Edits change only the lines they must, so a file keeps every other byte
(comments, spacing, line endings) exactly as the editor left it.
"""

from __future__ import annotations

import re
from datetime import datetime

from unidecode import unidecode

from .model import ThreadType


def slug_for(title: str) -> str:
    """``Hur byter jag lösenord?`` → ``hur-byter-jag-losenord``."""
    ascii_title = unidecode(title).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:80].strip("-")


def new_thread_text(
    *, title: str, date: datetime, thread_type: ThreadType | None, category: str,
    author: str, tags: list[str], organisation: str,
) -> str:
    """The text of a new thread or FAQ file, ready to fill in."""
    lines = [f"Title: {title}", f"Date: {date:%Y-%m-%d %H:%M}"]
    if thread_type is not None:
        lines.append(f"Type: {thread_type.value}")
    lines += [f"Category: {category}"]
    if tags:
        lines.append(f"Tags: {', '.join(tags)}")
    lines += [f"Author: {author}", "", "Skriv frågan här.", ""]
    if thread_type is not None:
        lines += [
            "--- reply ---",
            f"Author: {organisation or 'Kundtjänst'}",
            f"Date: {date:%Y-%m-%d %H:%M}",
            "Staff: yes",
            "",
            "Skriv svaret här.",
            "",
        ]
    return "\n".join(lines)
