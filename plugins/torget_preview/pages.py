"""Writing the pages, feeds and API files an applied edit changed.

:class:`PageUpdate` goes through what the generators would write now
(:mod:`.record`) and renders, and writes where the bytes differ from the
output folder, only what may have changed: the thread pages whose view
changed, the listing pages that show the edited thread or other threads
than before (the rest of a listing, and listings without the thread,
stay if one of their pages renders as before), every other page, feed
and API file. One unchanged thread page per template is rendered as a
check: if even that changed, the edit touches every page and
:class:`torget_preview.update.Fallback` is raised. A page written loses
its fingerprint (``torget_incremental``): the next build renders it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pelican.utils import sanitised_join
from pelican.writers import Writer

from torget.atomic import atomic_write
from torget.i18n import _
from torget.settings.forum import ForumSettings
from torget.site.view import is_thread
from torget_api import api_files
from torget_incremental.writer import LISTINGS, STAMP, page_context, page_key, read_stamp

from .record import PageCall, listed, page_calls, record, shown
from .update import Edit, Fallback


class PageUpdate:
    """Writes what one edit changed into ``output`` (a run's settings)."""

    def __init__(self, run, output: Path):
        self.run = run
        self.settings = run.articles.settings
        self.output = output
        self.writer = Writer(str(output), settings=self.settings)
        self.prints, self.folders = read_stamp(output / STAMP)
        self.written: list[str] = []
        #: What the generators write after the edit (the next edit's ``before``).
        self.recording = None

    def early(self, edit: Edit, before) -> None:
        """Write the edited thread's page, and the listing pages that show
        it, as the recording ``before`` the edit wrote them, with the new
        article in its place (:func:`torget_preview.update.early_view`,
        :func:`torget_preview.update.place`). They are written again with
        the rest (their fingerprints are dropped now)."""
        call = next(c for c in before.pages if c.kwargs.get("article") is edit.old)
        kwargs = {key: edit.new if value is edit.old else value for key, value in call.kwargs.items()}
        self._page(call, call.name, kwargs)
        for call in before.pages:
            if call.template_name in LISTINGS and any(article is edit.new for article in listed(call)):
                for name, kwargs in page_calls(call, self.settings):
                    if id(edit.new) in shown(kwargs):
                        self._page(call, name, kwargs)
                        break  # on one page of each listing

    def write(self, edit: Edit, before, members: dict) -> None:
        """Write what ``edit`` changed; ``before``: the recording made
        before it was applied (:func:`torget_preview.record.record`),
        ``members``: the threads of the listings that listed it then
        (:func:`torget_preview.record.listing_members`)."""
        now = self.recording = record(self.run.generators, self.settings)
        changed = {id(article) for article in edit.changed}
        threads = [call for call in now.pages if _thread_page(call)]
        for call in threads:  # first what shows the edit, then what may not
            if id(call.kwargs["article"]) in changed:
                self._page_if_changed(call, call.name, call.kwargs)
        checked: set[str] = set()
        for call in now.pages:
            if call.template_name in LISTINGS:
                self._listing(call, edit, members, checked)
        for call in threads:
            if id(call.kwargs["article"]) not in changed and call.template.name not in checked:
                checked.add(call.template.name)
                self._unchanged(call, call.name, call.kwargs, _("it changes what every thread page shows"))
        thread_pages = {id(call) for call in threads}
        for call in now.pages:
            if call.template_name not in LISTINGS and id(call) not in thread_pages:
                for name, kwargs in page_calls(call, self.settings):
                    self._page_if_changed(call, name, kwargs)
        self._feeds(now.feeds, before.feeds, edit)
        self._api()
        self.save_prints()

    def _listing(self, call: PageCall, edit: Edit, members: dict, checked: set[str]) -> None:
        """A listing's pages that show the edited thread or other threads
        than before; the rest, if one of them renders as before, stay.
        A listing without the thread changes only if every one does."""
        if not any(article is edit.new for article in listed(call)):
            if call.template_name not in checked:
                checked.add(call.template_name)
                name, kwargs = next(page_calls(call, self.settings))
                if self._page_if_changed(call, name, kwargs):
                    reason = _("it changes what every listing shows")
                    raise Fallback(f"{reason} ({name})")
            return
        old, new = id(edit.old), id(edit.new)
        before = tuple(new if i == old else i for i in members.get(call.name, ()))
        same = before == tuple(id(article) for article in listed(call))  # every page shows what it showed
        pages, rest, position, found = page_calls(call, self.settings), [], 0, False
        for name, kwargs in pages:
            now = shown(kwargs)
            if new in now or before[position:position + len(now)] != now:
                self._page_if_changed(call, name, kwargs)
                found = found or new in now
            else:
                rest.append((name, kwargs))
            position += len(now)
            if same and found and rest:
                break  # the pages after these show the threads they showed: like rest[0]
        if rest and self._page_if_changed(call, *rest[0]):
            for name, kwargs in (*rest[1:], *pages):
                self._page_if_changed(call, name, kwargs)

    def _unchanged(self, call: PageCall, name: str, kwargs: dict, reason: str) -> None:
        """A page whose own values did not change must render as before:
        else what every page of its template shows changed."""
        if self._render(call, name, kwargs) != self._read(name):
            raise Fallback(f"{reason} ({name})")

    def _page(self, call: PageCall, name: str, kwargs: dict) -> None:
        """Render the page and put it in place in one rename: a reload
        never finds it missing or half written, and a file linked from
        another build is replaced, never written through."""
        path = Path(sanitised_join(str(self.output), name))
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, self._render(call, name, kwargs))
        self.written.append(name)
        self.prints.pop(page_key(name), None)

    def _unlink(self, name: str) -> None:
        try:
            os.unlink(sanitised_join(str(self.output), name))  # never write through a link to another build's file
        except FileNotFoundError:
            pass

    def _page_if_changed(self, call: PageCall, name: str, kwargs: dict) -> bool:
        """Render the page; write it if it differs from the file. (Its
        fingerprint, if it had one, is forgotten: the next build renders it.)"""
        if not self._file_if_changed(name, self._render(call, name, kwargs)):
            return False
        self.prints.pop(page_key(name), None)
        return True

    def _render(self, call: PageCall, name: str, kwargs: dict) -> bytes:
        localcontext = page_context(call.context, name, kwargs, call.relative_urls)
        return call.template.render(localcontext).encode("utf-8")

    def _read(self, name: str) -> bytes | None:
        try:
            return Path(sanitised_join(str(self.output), name)).read_bytes()
        except OSError:
            return None

    def _file_if_changed(self, name: str, data: bytes) -> bool:
        if self._read(name) == data:
            return False
        path = Path(sanitised_join(str(self.output), name))
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)  # one rename: never a moment without the file
        self.written.append(name)
        return True

    def _feeds(self, now: list, before: list, edit: Edit) -> None:
        """Feeds that list the edited thread, or whose entries changed."""
        limit = self.settings.get("FEED_MAX_ITEMS")
        earlier = {call.path: [id(edit.new if a is edit.old else a) for a in call.elements[:limit]]
                   for call in before}
        for call in now:
            shown = [id(article) for article in call.elements[:limit]]
            if id(edit.new) not in shown and earlier.get(call.path) == shown:
                continue
            self._unlink(call.path)
            self.writer.write_feed(call.elements, call.context, call.path, call.url, call.feed_type,
                                   call.override_output, call.feed_title)
            self.written.append(call.path)

    def _api(self) -> None:
        forum = ForumSettings.from_pelican(self.settings)
        for name, data in api_files(self.run.articles.context.get("articles", ()), forum.site_url,
                                    forum.site_name).items():
            self._file_if_changed(name, data)

    def save_prints(self) -> None:
        stamp = {"pages": self.prints, "folders": self.folders}
        atomic_write(self.output / STAMP, json.dumps(stamp, sort_keys=True).encode("utf-8"))


def _thread_page(call: PageCall) -> bool:
    article = call.kwargs.get("article")
    return article is not None and is_thread(article)
