"""The writer that links unchanged pages from the previous output.

:class:`PageReuse` is one build's state: the previous output
(``TORGET_REUSE_FROM``) and its page fingerprints (:data:`STAMP` inside
it), and the fingerprints of this build's pages. :class:`ReusingWriter`
is Pelican's writer with :meth:`~ReusingWriter.write_file` deciding, page
by page, between linking the previous file and rendering.

The stamp is published with the site, and an archived thread is listed
nowhere: it keys fingerprints by a hash of the page's file name and names
only the folders of listed pages (made ahead by the next build).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from pathlib import Path

from pelican import signals
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from torget.build import ahead
from torget.build.fingerprint import build_print
from torget.build.outputguard import PAGE_PRINTS
from torget.settings.forum import ForumSettings
from torget.site.view import is_thread

from .folders import folders_of
from .prints import Printer, Uncovered, digest
from .split import Page, PageQueue

log = logging.getLogger(__name__)

#: The page fingerprints a build writes into its output folder.
STAMP = PAGE_PRINTS
#: Paginated templates whose pages are lists of threads (``_listing.html``).
LISTINGS = frozenset({"tag", "category", "type"})


def page_key(name: str) -> str:
    """How the stamp names a page."""
    return hashlib.blake2b(name.encode(), digest_size=16).hexdigest()


def joined(base: str, name: str) -> str:
    """Pelican's ``sanitised_join(base, name)`` for ``base`` absolute and
    normalized (``os.path.abspath``): a plain relative name without ``..``
    is joined by string, anything else as Pelican joins it."""
    if name and not os.path.isabs(name) and ".." not in name.split("/"):
        below = os.path.normpath(name)
        if below != ".":
            return f"{base}/{below}" if base != "/" else f"/{below}"
    return sanitised_join(base, name)


def read_stamp(path: Path) -> tuple[dict[str, str], list[str]]:
    """The fingerprints (by :func:`page_key`) and folders of a previous build."""
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
        return dict(stamp["pages"]), list(stamp["folders"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}, []


class PageReuse:
    """One build's previous output, its fingerprints and the new ones."""

    def __init__(self, settings: dict, output_path: str):
        self.output_path = output_path
        source = ForumSettings.from_pelican(settings).reuse_from
        same = bool(source) and os.path.realpath(source) == os.path.realpath(output_path)
        self.previous_output = Path(source) if source and not same else None
        self._previous_base = os.path.abspath(source) if self.previous_output else None
        self.previous, self.previous_folders = read_stamp(self.previous_output / STAMP) if self.previous_output else ({}, [])
        self.prints: dict[str, str] = {}
        self.writers: list = []  # this build's writers (ReusingWriter)
        self.names: set[str] = set()  # every page fingerprinted
        self.listed: set[str] = set()  # ... of which these are listed
        self.settings = settings
        self._printer: Printer | None = None
        self._uncovered: set[str] = set()

    def fingerprint(self, name: str, template, localcontext: dict, own: dict) -> str | None:
        """The page's fingerprint, recorded for the stamp; ``None`` if it
        shows what no fingerprint covers."""
        if self._printer is None:  # once every plugin has set up the settings
            self._printer = Printer(self.settings, build_fingerprint(self.settings))
        try:
            fingerprint = self._printer.page(template, localcontext, own)
        except Uncovered as error:
            if str(error) not in self._uncovered:
                self._uncovered.add(str(error))
                log.info("%s shows a %s, which no fingerprint covers: such pages are always rendered",
                         template.name, error)
            return None
        self.prints[page_key(name)] = fingerprint
        self.names.add(name)
        article = own.get("article")
        if article is None or article.status == "published":
            self.listed.add(name)
        return fingerprint

    def link(self, name: str, fingerprint: str, path: str) -> bool:
        """Link the previous build's ``name`` to ``path`` if it had this
        fingerprint; false if not (or if someone deleted the file)."""
        if self.previous_output is None or self.previous.get(page_key(name)) != fingerprint:
            return False
        old = joined(self._previous_base, name)
        folder = os.path.dirname(path)
        try:
            os.mkdir(folder)  # most pages have a folder of their own
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
        try:
            os.link(old, path)
        except FileNotFoundError:
            return False
        except FileExistsError:  # an output folder built into before
            os.unlink(path)
            return self.link(name, fingerprint, path)
        except OSError:  # another file system, or no hard links
            shutil.copyfile(old, path)
        return True

    def save(self) -> None:
        """Write this build's fingerprints into its output (:data:`STAMP`)."""
        path = Path(self.output_path) / STAMP
        temporary = path.with_name(path.name + ".tmp")
        stamp = {"pages": self.prints, "folders": folders_of(self.listed)}
        temporary.write_text(json.dumps(stamp, sort_keys=True), encoding="utf-8")
        temporary.replace(path)


#: Settings that change no thread or listing page: where the previous pages
#: and the settings file are (the settings themselves are fingerprinted),
#: the sitemap's (plugins add exclusions in their order) and the plugins'.
NOT_SHOWN = frozenset({"TORGET_REUSE_FROM", "TORGET_CONFIG_PATH", "SITEMAP", "PLUGINS"})


def build_fingerprint(settings: dict) -> str:
    """:func:`torget.build.fingerprint.build_print` without :data:`NOT_SHOWN`,
    and with the plugins as a set (the plugins' order changes no page:
    tests/test_plugin_order.py)."""
    plugins = sorted(str(plugin) for plugin in settings.get("PLUGINS") or ())
    return digest([build_print(settings, ignore=NOT_SHOWN), plugins])


def page_context(context: dict, name: str, kwargs: dict, relative_urls: bool) -> dict:
    """The context Pelican's writer renders page ``name`` with."""
    localcontext = context.copy()
    localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
    if relative_urls:
        relative_url = path_to_url(get_relative_path(name))
        localcontext["SITEURL"] = relative_url
        localcontext["localsiteurl"] = relative_url
    localcontext["output_file"] = name
    localcontext.update(kwargs)
    return localcontext


def pages(name: str, url, paginated: dict, kwargs: dict, settings: dict, template_name: str):
    """``(file name, template arguments)`` of each page, as Pelican's writer
    paginates."""
    per_page = settings["PAGINATED_TEMPLATES"][template_name] or settings["DEFAULT_PAGINATION"]
    paginators = {key: Paginator(name, url, value, settings, per_page) for key, value in paginated.items()}
    for number in range(next(iter(paginators.values())).num_pages):
        page_kwargs = kwargs.copy()
        for key, paginator in paginators.items():
            page = paginator.page(number + 1)
            page_kwargs.update({
                f"{key}_paginator": paginator,
                f"{key}_page": page,
                f"{key}_previous_page": paginator.page(number) if number > 0 else None,
                f"{key}_next_page": paginator.page(number + 2) if number + 1 < paginator.num_pages else None,
            })
        yield page.save_as, page_kwargs


class ReusingWriter(Writer):
    """Pelican's writer, linking thread and listing pages whose
    fingerprint is unchanged from the previous output."""

    reuse: PageReuse  # set on the subclass get_writer returns

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.linked: set[str] = set()
        self.rendered: set[str] = set()  # written from the queue
        self.base = os.path.abspath(self.output_path)
        #: Pages to render together (:mod:`.split`), until :meth:`render_queued`.
        self.queue: PageQueue | None = PageQueue()
        self.reuse.writers.append(self)

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        article = kwargs.get("article")
        if not name or not (template_name in LISTINGS or (article is not None and is_thread(article))):
            if name:
                self._release(joined(self.base, name), override_output)
            return super().write_file(name, template, context, relative_urls, paginated,
                                      template_name, override_output, url, **kwargs)
        if paginated is None:
            paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            for page_name, page_kwargs in pages(name, url, paginated, kwargs, self.settings, template_name):
                self._write_page(page_name, template, context, relative_urls, override_output, page_kwargs)
        else:
            self._write_page(name, template, context, relative_urls, override_output, kwargs)
        return None

    def _write_page(self, name, template, context, relative_urls, override_output, kwargs) -> None:
        path = joined(self.base, name)
        self._release(path, override_output)
        localcontext = page_context(context, name, kwargs, relative_urls)
        fingerprint = self.reuse.fingerprint(name, template, localcontext, kwargs)
        if fingerprint is not None and self.reuse.link(name, fingerprint, path):
            self.linked.add(path)
            if localcontext["localsiteurl"]:
                context["localsiteurl"] = localcontext["localsiteurl"]
            log.info('Linking "%s"', path)
            signals.content_written.send(path, context=localcontext)
            return
        try:
            os.unlink(path)  # never write through a link into the previous output
        except FileNotFoundError:
            pass
        if self.queue is None or relative_urls:  # relative addresses depend on the order of writing
            super().write_file(name, template, context, relative_urls, {}, None, override_output, None, **kwargs)
            return
        self.queue.add(path, Page(name, template, context, override_output, kwargs))
        signals.content_written.send(path, context=localcontext)  # in Pelican's order: the sitemap's

    def render_queued(self) -> None:
        """Render the queued pages (in several processes); pages written
        from now on are rendered at once."""
        queue, self.queue = self.queue, None
        if queue is not None:
            self.rendered.update(queue.pages)
            queue.render(self._render, ahead.page_processes(ForumSettings.from_pelican(self.settings).render_processes))

    def _render(self, page: Page) -> None:
        """Render and write one queued page, as Pelican's writer does."""
        output = page.template.render(page_context(page.context, page.name, page.kwargs, False))
        path = sanitised_join(self.output_path, page.name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as file:
            file.write(output)
        log.info('Writing "%s"', path)

    def _release(self, path: str, override: bool) -> None:
        """A linked, queued or queue-written page written again: Pelican's
        rule for a page written twice, and never through the link."""
        if self.queue is not None:
            self.queue.drop(path, override)
        if path not in self.linked and path not in self.rendered:
            return
        if not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}" as Pelican has already written to it previously '
                "(set `override=True` if intended)")
        self.linked.discard(path)
        self.rendered.discard(path)
        os.unlink(path)
