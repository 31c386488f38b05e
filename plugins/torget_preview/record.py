"""The pages and feeds a run's generators write, listed without writing.

:class:`RecordingWriter` stands in for Pelican's writer in a generator's
``generate_output`` and keeps each ``write_file`` and ``write_feed`` call;
:func:`page_calls` expands a call into its pages as Pelican's writer
paginates. Only generators that write through the writer are recorded
(:data:`RECORDED`): the others write files themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from torget_incremental.writer import LISTINGS, pages

#: Generators (by class name) whose output goes through the writer only.
RECORDED = frozenset({"ArticlesGenerator", "PagesGenerator", "TypePages", "StatisticsGenerator"})


@dataclass
class PageCall:
    """One ``write_file`` call."""

    name: str
    template: object
    context: dict
    relative_urls: bool
    paginated: dict | None
    template_name: str | None
    override_output: bool
    url: str | None
    kwargs: dict


@dataclass
class FeedCall:
    """One ``write_feed`` call."""

    elements: list
    context: dict
    path: str | None
    url: str | None
    feed_type: str
    override_output: bool
    feed_title: str | None


@dataclass
class RecordingWriter:
    """Pelican's writer's interface; records instead of writing."""

    output_path: str = ""
    settings: dict = field(default_factory=dict)
    pages: list[PageCall] = field(default_factory=list)
    feeds: list[FeedCall] = field(default_factory=list)

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if name:
            self.pages.append(PageCall(name, template, context, relative_urls, paginated, template_name,
                                       override_output, url, kwargs))

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", override_output=False,
                   feed_title=None):
        self.feeds.append(FeedCall(list(elements), context, path, url, feed_type, override_output, feed_title))


def record(generators, settings: dict) -> RecordingWriter:
    """Every page and feed the recorded generators would write now."""
    writer = RecordingWriter(settings=settings)
    for generator in generators:
        if type(generator).__name__ in RECORDED:
            generator.generate_output(writer)
    return writer


def page_calls(call: PageCall, settings: dict):
    """``(file name, template arguments)`` of each page ``call`` writes."""
    paginated = call.paginated
    if paginated is None:
        paginated = {key: value for key, value in call.kwargs.items() if key in {"articles", "dates"}}
    if paginated and call.template_name in settings["PAGINATED_TEMPLATES"]:
        yield from pages(call.name, call.url, paginated, call.kwargs, settings, call.template_name)
    else:
        yield call.name, call.kwargs


def shown(kwargs: dict) -> tuple[int, ...]:
    """The ids of the threads one listing page shows, in order."""
    page = kwargs.get("articles_page")
    return tuple(id(article) for article in (page.object_list if page is not None else kwargs.get("articles", ())))


def listed(call: PageCall) -> list:
    """The threads a listing call lists, on all its pages."""
    return (call.paginated or call.kwargs).get("articles", ())


def listing_members(recording: RecordingWriter, article) -> dict[str, tuple[int, ...]]:
    """The ids of the threads each listing that lists ``article`` lists, in
    order, by its first page's file name: taken before an edit reorders the lists."""
    return {call.name: tuple(id(a) for a in listed(call)) for call in recording.pages
            if call.template_name in LISTINGS and any(a is article for a in listed(call))}
