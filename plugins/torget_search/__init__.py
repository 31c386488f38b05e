"""Pelican plugin: the client-side search index (``search/``).

Indexes every published thread and FAQ entry with :mod:`torget.search.index`
(lunr scoring, the pipeline of ``DEFAULT_LANG``, relevance decay as boost);
each thread's index text is the text of its published HTML (:class:`ThreadHTML`).
The index is built in a second process (:mod:`torget.build.background`,
``TORGET_SEARCH_PROCESS``), started once every article is read, or before
reading when the check's threads are in :mod:`torget.build.memo`; the
:class:`SearchGenerator` (``get_generators``) waits for it in
``generate_output``, and a failure there fails the run. Terms and excerpts
are cached per thread in ``CACHE_PATH``. Settings: docs/settings.md.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pelican import signals

from torget.addresses import site_link
from torget.build import memo, state
from torget.build.cache import CacheFile, CachePolicy
from torget.html import rendering
from torget.build.background import Background
from torget.build.minify import minify_scripts
from torget.html.rendering import ThreadRenderer
from torget.search.index import MANIFEST, SearchDoc, build_index, excerpt, package, scaled_sizes, thread_terms
from torget.site.relevance import local_date, relevance_of
from torget.settings.forum import ForumSettings
from torget.search.language import pipeline_for

log = logging.getLogger(__name__)
#: TORGET_SEARCH_PROCESS = "auto" builds the index in a second process up to
#: this many documents, and in the build's own process above: the second
#: process reads every thread, which copies most of the build's memory
#: (copy-on-write, see torget.build.background; docs/search.md has the
#: memory figures behind this limit).
BACKGROUND_MAX_DOCUMENTS = 50_000
#: With TORGET_SEARCH_WRITE_FULL_INDEX: the same index as one lunr index.
FULL_INDEX = "full-index.json"


def _cache_file(settings) -> CacheFile:
    """Each thread's terms and excerpt (:mod:`torget.build.cache`), per
    language; valid while this plugin's code, what it imports and the
    ``MARKDOWN`` setting the text is rendered with are unchanged."""
    markdown = repr(rendering.markdown_config(settings.get("MARKDOWN")))
    return CachePolicy.of(settings).file(f"torget-search-{settings.get('DEFAULT_LANG', 'sv')}.pickle", markdown,
                                         code=[__name__])


def _load_cache(settings) -> dict:
    cache = _cache_file(settings).load()
    return cache if isinstance(cache, dict) else {}


def _save_cache(settings, cache: dict) -> None:
    _cache_file(settings).save(cache)


def _text_key(thread) -> bytes:
    """A hash of everything a thread's terms and excerpt come from."""
    digest = hashlib.blake2b(digest_size=16)
    parts = [thread.title, *thread.tags, "", thread.category, thread.body, thread.summary or ""]
    for reply in thread.replies:
        parts += ["staff" if reply.staff else "reply", reply.body]
    for part in parts:  # length-prefixed, so no two lists give the same bytes
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.digest()


def index_order(threads: dict, slugs) -> list[str]:
    """The slugs in the order the index numbers documents: by last
    activity, oldest first, then slug. "Newest first" on the search page
    is then descending id, with nothing more to download."""
    return sorted(slugs, key=lambda slug: (threads[slug].last_activity, slug))


def published(articles, siteurl: str) -> tuple[list[tuple[str, str]], dict]:
    """Each published thread's and FAQ entry's slug and URL, in
    :func:`index_order`, and their threads by slug: what
    :func:`search_docs` takes."""
    indexed = [a for a in articles if getattr(a, "thread", None) is not None]
    threads = {a.slug: a.thread for a in indexed}
    urls = {a.slug: site_link(siteurl, a.url) for a in indexed}
    return [(slug, urls[slug]) for slug in index_order(threads, urls)], threads


class ThreadHTML:
    """A thread's published HTML by slug, which its index text and excerpt
    are the text of (:func:`torget.search.index.html_text`): the question's
    and each reply's.

    Tried in order: ``rendered`` (source path → HTML rendered ahead, or
    ``None``; :func:`torget.build.memo.take_html`), Pelican's content cache
    (``cached``: ``Readers.get_cached_data``), else rendered here with the
    ``MARKDOWN`` setting (:mod:`torget.html.rendering`: the same HTML).
    ``paths`` maps slugs to source paths; ``counts`` tells how many came
    from where.
    """

    def __init__(self, settings, threads: dict, paths: dict[str, str] | None = None,
                 rendered: Callable | None = None, cached: Callable | None = None):
        self.threads = threads
        self.paths = paths or {}
        self.rendered = rendered
        self.cached = cached
        self.markdown = settings.get("MARKDOWN")
        self.renderer: ThreadRenderer | None = None
        self.counts = {"rendered ahead": 0, "from Pelican's cache": 0, "rendered again": 0}

    def __call__(self, slug: str) -> tuple[str, tuple[str, ...]]:
        thread = self.threads[slug]
        path = self.paths.get(slug)
        if path is not None:
            found = self.rendered(path) if self.rendered else None
            if found is not None:
                self.counts["rendered ahead"] += 1
                return found
            content, metadata = (self.cached(path, None) if self.cached else None) or (None, None)
            reply_html = metadata.get("reply_html") if isinstance(metadata, dict) else None
            if isinstance(content, str) and isinstance(reply_html, tuple) and len(reply_html) == len(thread.replies):
                self.counts["from Pelican's cache"] += 1
                return content, reply_html
        if self.renderer is None:
            self.renderer = ThreadRenderer(self.markdown)
        self.counts["rendered again"] += 1
        return self.renderer.render(thread)

    def summary(self) -> str:
        """``HTML of 1000 threads: 998 rendered ahead, 2 rendered again``,
        or empty when every thread's terms were in the index cache."""
        total = sum(self.counts.values())
        if not total:
            return ""
        return f"HTML of {total} thread{'s' if total != 1 else ''}: " + ", ".join(f"{n} {where}" for where, n in self.counts.items() if n)


def search_docs(entries, threads, forum: ForumSettings, cache: dict | None = None,
                html: Callable[[str], tuple[str, tuple[str, ...]]] | None = None) -> list[SearchDoc]:
    """Search documents for ``entries`` (slug and URL, in
    :func:`index_order`), numbered in that order; ``threads`` maps slugs
    to threads.

    ``cache`` maps :func:`_text_key` to a thread's terms and excerpt; it
    is read and filled in. ``html`` gives a thread's HTML by slug (a
    :class:`ThreadHTML`; by default each thread is rendered with the
    sample forum's ``MARKDOWN``).
    """
    cache = {} if cache is None else cache
    html = ThreadHTML({}, threads) if html is None else html
    docs = []
    for number, (slug, url) in enumerate(entries):
        thread = threads[slug]
        key = _text_key(thread)
        known = cache.get(key)
        if known is None:
            terms, where, question = thread_terms(thread, *html(slug), forum.lang)
            known = cache[key] = (terms, excerpt(thread.summary or question), where)
        terms, summary, where = known
        meta = (
            url,
            thread.title,
            thread.type.value if thread.type else "faq",
            thread.category,
            local_date(thread.last_activity, forum.timezone).isoformat(),
            summary,
        )
        docs.append(SearchDoc(number, relevance_of(thread, forum).decay, (), meta, terms, where,
                              answered=thread.is_faq or any(r.staff or r.accepted for r in thread.replies),
                              replies=tuple(_reply_fact(reply, forum) for reply in thread.replies)))
    return docs


def _reply_fact(reply, forum: ForumSettings) -> tuple[str, str]:
    """A reply's author ("" for the organisation's staff) and local date."""
    return ("" if reply.staff else reply.author, local_date(reply.date, forum.timezone).isoformat())


def _process_mode(settings, count: int) -> str:
    """``background`` or ``inline``, from ``TORGET_SEARCH_PROCESS``."""
    mode = ForumSettings.from_pelican(settings).search.process
    if mode == "auto":
        return "background" if count <= BACKGROUND_MAX_DOCUMENTS else "inline"
    return mode


def _outputs(generator) -> tuple[ForumSettings, list[str], Path]:
    forum = ForumSettings.from_pelican(generator.settings)
    siteurl = generator.settings.get("SITEURL", "")
    scripts = [site_link(siteurl, f"theme/{path}") for path in pipeline_for(forum.lang).browser_scripts]
    return forum, scripts, Path(generator.output_path) / "search"


def start_early(generator) -> None:
    """Start the index process before Pelican reads (``article_generator_preread``).

    When the memo holds the threads the check parsed, the process works out
    terms and scores for those not archived while Pelican reads and
    renders; :func:`build_search` sends it the slugs and URLs Pelican
    published, and it builds again only if they differ. Handlers of
    ``article_generator_init`` (rendering ahead) have run by then, so the
    process is forked with that HTML. Runs once per run, in the background
    mode only.
    """
    if generator.context.get(_EARLY_TRIED):
        return
    generator.context[_EARLY_TRIED] = True
    settings = generator.settings
    forum, scripts, folder = _outputs(generator)
    parsed = memo.threads(forum.timezone)
    if not parsed or not Background.can_fork() or _process_mode(settings, len(parsed)) != "background":
        return
    threads = {thread.slug: thread for thread in parsed.values()}
    expected = index_order(threads, (slug for slug, thread in threads.items() if not thread.archived))
    markdown = memo.markdown_key(settings.get("MARKDOWN"))
    html = ThreadHTML(settings, threads, {thread.slug: path for path, thread in parsed.items()},
                      lambda path: memo.take_html(path, markdown), generator.readers.get_cached_data)
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)

    def index() -> str:
        send.close()  # the child's copy: if the build dies, receive() ends
        return write_index(receive.recv, threads, forum, settings, scripts, folder, expected, html)

    generator.context[_JOB] = state.start(Background(index, name="search index"))
    receive.close()
    generator.context[_EARLY] = send


#: generator.context keys: the pipe to the process start_early() started,
#: that it has run (it is called once per file), and the index job.
_EARLY = "search_early_pipe"
_EARLY_TRIED = "search_early_tried"
_JOB = "search_index_job"


def _send(pipe, entries) -> None:
    with pipe:
        try:
            pipe.send(entries)
        except OSError:  # the process has ended: its result tells why
            pass


def build_search(generator) -> None:
    """Give templates the manifest's URL and get the index built
    (``article_generator_pretaxonomy``: every article is read).

    Pages only carry the manifest's fixed URL, never anything from the
    index, so it is built while Pelican renders them. If
    :func:`start_early` started the process, it gets the published slugs
    and URLs; otherwise the process starts here.
    """
    settings = generator.settings
    forum, scripts, folder = _outputs(generator)
    siteurl = settings.get("SITEURL", "")
    generator.context["search_manifest"] = site_link(siteurl, f"search/{MANIFEST}")
    generator.context["search_scripts"] = " ".join(scripts)
    entries, threads = published(generator.articles, siteurl)
    early = generator.context.pop(_EARLY, None)
    if early is not None:
        # The process reads them once it has scored the expected threads;
        # a thread sends them so that Pelican need not wait until then.
        threading.Thread(target=_send, args=(early, entries), name="search entries", daemon=True).start()
        return
    # Every thread Pelican read is in its content cache (when CACHE_CONTENT
    # is on), so its HTML is not rendered a second time.
    markdown = memo.markdown_key(settings.get("MARKDOWN"))
    html = ThreadHTML(settings, threads, {a.slug: a.source_path for a in generator.articles},
                      lambda path: memo.take_html(path, markdown), generator.readers.get_cached_data)
    fork = _process_mode(settings, len(entries)) == "background"
    generator.context[_JOB] = state.start(Background(
        lambda: write_index(lambda: entries, threads, forum, settings, scripts, folder, html=html),
        fork=fork, name="search index"))


class SearchGenerator:
    """Writes ``search/``: waits for the index job :func:`build_search` or
    :func:`start_early` started; its failure fails the run."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context = context

    def generate_output(self, writer) -> None:
        job = self.context.pop(_JOB, None)
        if job is not None:
            log.info("%s", state.finish(job))


def get_generators(pelican):
    return SearchGenerator


def write_index(entries: Callable[[], list[tuple[str, str]]], threads: dict, forum: ForumSettings, settings,
                scripts: list[str], folder: Path, expected: list[str] | None = None,
                html: ThreadHTML | None = None) -> str:
    """Build the index and write its files into ``folder``.

    ``entries()`` gives the published slugs and URLs (:func:`published`);
    ``threads`` maps slugs to threads. With ``expected`` (slugs), the index
    is built for those before ``entries()`` is called, and again only if
    the published slugs differ. ``html`` finds the threads' HTML (by
    default each is rendered with the ``MARKDOWN`` setting).
    """
    started = time.perf_counter()
    html = ThreadHTML(settings, threads) if html is None else html
    previous: dict = _load_cache(settings)
    used: dict = {}
    docs = index = None
    if expected is not None:
        expected = index_order(threads, expected)
        docs = search_docs([(slug, "") for slug in expected], threads, forum, _TrackingCache(previous, used), html)
        index = build_index(docs, forum.lang)
    urls = dict(entries())
    published_entries = [(slug, urls[slug]) for slug in index_order(threads, urls)]
    if docs is not None and [slug for slug, _ in published_entries] == expected:
        docs = [replace(doc, meta=(url, *doc.meta[1:])) for doc, (_, url) in zip(docs, published_entries)]
    else:
        previous, used = {**previous, **used}, {}
        docs = search_docs(published_entries, threads, forum, _TrackingCache(previous, used), html)
        index = build_index(docs, forum.lang)
    if used.keys() != previous.keys() or any(used[key] is not previous[key] for key in used):
        _save_cache(settings, used)  # a thread changed, came or went
    # The index holds what the terms said: let them go before the files are made.
    del previous, used
    docs = [replace(doc, terms=None, where=()) for doc in docs]
    categories = sorted({d.meta[3] for d in docs})
    shard_bytes, docs_per_chunk = scaled_sizes(len(docs))
    files = package(
        index,
        docs,
        forum.lang,
        categories,
        shard_bytes=forum.search.shard_bytes or shard_bytes,
        docs_per_chunk=forum.search.docs_per_chunk or docs_per_chunk,
        scripts=scripts,
        synonyms=forum.search_synonyms,
        analytics={"matomo": forum.matomo_url, "site": forum.matomo_site_id} if forum.matomo_url else None,
    )
    if forum.search.write_full_index:
        files.files[FULL_INDEX] = json.dumps(index.lunr_json(), ensure_ascii=False, separators=(",", ":")).encode()
    folder.mkdir(parents=True, exist_ok=True)
    for name, payload in sorted(files.files.items()):
        (folder / name).write_bytes(payload)
    sources = f" ({html.summary()})" if html.summary() else ""
    return (f"search: {len(docs)} documents, {len(index.postings)} terms, {len(files.files)} files{sources} "
            f"in {time.perf_counter() - started:.2f} s")


class _TrackingCache(dict):
    """A cache that remembers which entries this build used.

    Only used entries are saved, so the cache never grows beyond the
    current content.
    """

    def __init__(self, previous: dict, used: dict):
        super().__init__()
        self.previous = previous
        self.used = used

    def get(self, key, default=None):
        value = self.used.get(key)
        if value is None:
            value = self.previous.get(key)
            if value is not None:
                self.used[key] = value
        return value if value is not None else default

    def __setitem__(self, key, value):
        self.used[key] = value


def minify(pelican) -> None:
    """Once the site is written: the search's scripts, minified
    (:mod:`torget.build.minify`), since a first search downloads them whole."""
    minify_scripts(Path(pelican.output_path))


def register() -> None:
    signals.finalized.connect(minify)
    signals.article_generator_preread.connect(start_early)
    signals.article_generator_pretaxonomy.connect(build_search)
    signals.get_generators.connect(get_generators)
