"""Taking content back: a thread file or a text, out of the content folder.

``torget forget`` finds what to remove (:func:`find_file`, :func:`find_text`),
shows it, and removes it from the content folder (:func:`remove_file`,
:func:`replace_text`); :mod:`torget.records.history` removes it from the git
history. A text that is a personal identity number, phone number or
e-mail address (as :mod:`torget.records.privacy` reads them) is also found in its
other notations (``811218-9876``, ``19811218 9876``, ``8112189876``).
Messages are msgids of the catalog (:mod:`torget.i18n`), translated where they are shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from torget.addresses import site_link
from torget.content.editing import declared_slug
from torget.content.folders import ContentFolders
from torget.content.forum import content_files, display_path
from torget.i18n import N_
from torget.model import Kind, MessageError
from torget.records.privacy import find_personal_data, normal_form

#: The shortest text ``--text`` takes: shorter ones are in too many places.
MIN_TEXT = 4
#: Build cache files that hold content (Pelican's readers' caches and Torget's).
CACHE_PATTERNS = ("*-Readers", "torget-*")


_NO_THREAD = N_("%(target)s: no thread or FAQ entry with this path or slug in %(folders)s")


class ForgetError(MessageError):
    """What cannot be removed: a message (an English msgid) and its values."""


@dataclass(frozen=True)
class FileTarget:
    """A thread or FAQ file to remove, and the address it had."""

    path: Path
    kind: Kind
    slug: str
    address: str

    @property
    def shown(self) -> str:
        return display_path(self.path)


@dataclass
class TextTarget:
    """A text to remove, its other notations, and where the content holds it."""

    text: str
    #: The text and every other notation of it, longest first.
    variants: tuple[str, ...]
    #: Content file → occurrences of any variant.
    files: dict[Path, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(self.files.values())


def mask(text: str) -> str:
    """``text`` as a report may show it: personal data masked as the guard masks it,
    other text by its first character or two."""
    hits = find_personal_data(text)
    if len(hits) == 1 and (hits[0].start, hits[0].end) == (0, len(text)):
        return hits[0].masked
    keep = 2 if len(text) > 6 else 1
    return text[:keep] + "*" * min(max(len(text) - keep, 1), 12)


def find_file(forum, target: str) -> FileTarget:
    """The thread or FAQ entry at path ``target``, or with slug ``target``;
    ``forum`` is the :class:`torget.settings.forum.ForumSettings`."""
    content = forum.content
    content_dir = content.root
    folders = ", ".join(display_path(f) for f in content.thread_folders())
    as_path = Path(target)
    if as_path.is_file():
        kind = content.kind_of(as_path)
        if kind is None:
            inside = as_path.resolve().is_relative_to(content_dir.resolve())
            raise ForgetError(N_("%(target)s: is a page, not a thread or FAQ entry; torget forget removes threads and FAQ entries "
                                 "(remove a page with git rm)") if inside else _NO_THREAD, target=target, folders=folders)
        path = as_path
    else:
        matches = [p for p, _ in content_files(content).threads
                   if "/" not in target and declared_slug(p) == target]
        if not matches:
            raise ForgetError(_NO_THREAD, target=target, folders=folders)
        if len(matches) > 1:
            raise ForgetError(N_("%(target)s: several files have this slug (%(paths)s); give the path"), target=target, paths=", ".join(display_path(p) for p in matches))
        path = matches[0]
        kind = content.kind_of(path)
    slug = declared_slug(path)
    return FileTarget(path, kind, slug, forum.thread_url(kind, slug).lstrip("/"))


def check_text(text: str) -> None:
    """Refuse a text that cannot be replaced as one literal everywhere."""
    if "\n" in text or "\r" in text or "==>" in text:
        raise ForgetError(N_("--text %(masked)s: the text must not hold line breaks or '%(separator)s'"), masked=mask(text),
                          separator="==>")
    if len(text.strip()) < MIN_TEXT:
        raise ForgetError(N_("--text %(masked)s: too short, at least %(n)s characters (so short a text is in too many places)"), masked=mask(text), n=MIN_TEXT)


def notations(text: str, texts: Iterable[str]) -> set[str]:
    """``text`` and every other notation of it in ``texts``, when it is a
    personal identity number, phone number or e-mail address."""
    found = {text}
    key = normal_form(text)
    if key is None:
        return found
    for other in texts:
        found.update(hit.text for hit in find_personal_data(other) if hit.key == key)
    return found


def prefilter(text: str):
    """A cheap test of raw bytes: can they hold a notation of ``text``?"""
    key = normal_form(text) or ""
    if key.startswith("id:"):
        serial = key[-4:].encode()
        return lambda data: serial in data
    if key.startswith("tel:"):
        tail = key[-2:].encode()  # the last group of digits has at least two
        return lambda data: tail in data
    needle = (key[len("email:"):] if key.startswith("email:") else text).lower().encode()
    return lambda data: needle in data.lower()


def find_text(content: ContentFolders, text: str) -> TextTarget:
    """Where the content's thread, FAQ and page files hold ``text`` (in any notation)."""
    check_text(text)
    found = content_files(content)
    texts: dict[Path, str] = {}
    for path in [p for p, _ in found.threads] + found.pages:
        try:
            texts[path] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    wanted = prefilter(text)
    variants = notations(text, (t for t in texts.values() if wanted(t.encode())))
    target = TextTarget(text, tuple(sorted(variants, key=lambda v: (-len(v), v))))
    for path, content in texts.items():
        count = sum(content.count(v) for v in target.variants)
        if count:
            target.files[path] = count
    return target


def add_variants(target: TextTarget, more: Iterable[str]) -> None:
    """Add notations found elsewhere (the history) to ``target``."""
    target.variants = tuple(sorted(set(target.variants) | set(more), key=lambda v: (-len(v), v)))


def remove_file(target: FileTarget) -> None:
    target.path.unlink()


def replace_text(target: TextTarget, replacement: str) -> None:
    """Replace every notation of the text in the files that hold it, changing no other byte."""
    for path in target.files:
        data = path.read_bytes().decode("utf-8")
        for variant in target.variants:
            data = data.replace(variant, replacement)
        path.write_bytes(data.encode("utf-8"))


def file_addresses(paths: Iterable[Path], forum) -> list[str]:
    """The addresses of the threads, FAQ entries and pages in ``paths``
    (``forum``: the :class:`torget.settings.forum.ForumSettings`)."""
    addresses = []
    for path in paths:
        kind = forum.content.kind_of(path)
        slug = declared_slug(path)
        if kind is None:
            addresses.append(forum.page_url.format(slug=slug).lstrip("/"))
        else:
            addresses.append(forum.thread_url(kind, slug).lstrip("/"))
    return sorted(set(addresses))


def public_url(address: str, site_url: str, channel_url: str = "") -> str:
    """The address as visitors see it: ``SITEURL`` (else the channel's address) and the path."""
    base = site_url if site_url.startswith("http") else channel_url
    return site_link(base, address)


def purge_build_cache(folder: str | Path | None) -> list[Path]:
    """Delete the build cache files that hold content (in ``CACHE_PATH``, ``folder``); returns them."""
    if not folder or not Path(folder).is_dir():
        return []
    removed = []
    for pattern in CACHE_PATTERNS:
        for path in sorted(Path(folder).glob(pattern)):
            if path.is_file():
                path.unlink()
                removed.append(path)
    return removed
