"""Inline SVG charts drawn at build time, and their primitives.

The statistics page (``torget_governance``) and the benchmark report draw
with :func:`element`, :func:`frame` and the colours here. Each chart is an
``<svg role="img">`` beside a table of the same figures; colours are
presentation attributes, never ``style`` (the strict CSP, docs/deploying.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

#: One colour per thread type, as the type badges use them.
TYPE_COLOURS = {
    "question": "#0b4f8a",
    "problem": "#a1281c",
    "suggestion": "#6a3d9a",
    "praise": "#1f6b37",
}
BAR_COLOUR = "#0b4f8a"
TEXT_COLOUR = "#1d1d1f"
GRID_COLOUR = "#c9ccd3"
FONT = 'font-family="system-ui, sans-serif" font-size="12"'
#: The longest bar of a bar chart, in percent of the chart's width.
BAR_SHARE = 80


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: Sequence[float | None]


def element(tag: str, content: str | None = None, /, **attributes: object) -> str:
    """One SVG element, its attributes in the order given.

    An attribute whose name has an underscore is written with a hyphen
    (``text_anchor`` → ``text-anchor``); values are escaped and ``None``
    leaves an attribute out. ``content`` is markup: escape text first. An
    element without content is self-closing.
    """
    attrs = "".join(f' {name.replace("_", "-")}="{escape(str(value))}"'
                    for name, value in attributes.items() if value is not None)
    return f"<{tag}{attrs}/>" if content is None else f"<{tag}{attrs}>{content}</{tag}>"


def swatch(colour: str) -> Markup:
    """A legend's colour sample: a decorative SVG square (no inline style)."""
    return Markup(
        '<svg class="swatch" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true" focusable="false">'
        + element("rect", x="0.5", y="0.5", width="13", height="13", fill=colour, stroke=GRID_COLOUR)
        + "</svg>"
    )


def nice_step(maximum: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) that divides ``maximum`` into about ``ticks`` parts."""
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def frame(chart_id: str, title: str, desc: str, width: int | None, height: int, body: Sequence[str],
          standalone: bool = False) -> Markup:
    """The ``<svg>`` around a chart's shapes, labelled by its ``<title>`` and ``<desc>``.

    With a ``width`` it is drawn to scale in that many pixels; without, it
    takes the width it is given (``chart-fluid``: shapes placed in percent,
    text at its own size). ``standalone`` makes it an SVG file of its own
    (the SVG namespace, a white background), as an ``<img>`` shows it.
    """
    size = (f'viewBox="0 0 {width} {height}" width="{width}" height="{height}"' if width
            else f'width="100%" height="{height}"')
    namespace = 'xmlns="http://www.w3.org/2000/svg" ' if standalone else ""
    background = [element("rect", width=width or "100%", height=height, fill="#fff")] if standalone else []
    return Markup(
        f'<svg {namespace}class="chart{"" if width else " chart-fluid"}" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" {size} focusable="false" {FONT}>'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>'
        + "".join(background + list(body))
        + "</svg>"
    )


def column_chart(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    fmt: Callable[[float], str] = lambda v: f"{v:g}",
    maximum: float | None = None,
) -> Markup:
    """Vertical bars, one per label; several series are stacked."""
    slot, left, top, plot_height, bottom = 44, 44, 12, 160, 36
    width = left + slot * max(len(labels), 1) + 8
    height = top + plot_height + bottom
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(labels))]
    highest = maximum if maximum is not None else max(totals, default=0)
    step = nice_step(highest)
    axis_max = maximum if maximum is not None else max(step, math.ceil(highest / step) * step)

    def y(value: float) -> float:
        return top + plot_height - plot_height * value / axis_max

    body = []
    tick = 0.0
    while tick <= axis_max + 1e-9:
        body.append(
            element("line", x1=left, x2=width - 8, y1=f"{y(tick):.1f}", y2=f"{y(tick):.1f}", stroke=GRID_COLOUR)
            + element("text", escape(fmt(tick)), x=left - 6, y=f"{y(tick) + 4:.1f}", text_anchor="end",
                      fill=TEXT_COLOUR)
        )
        tick += step
    for index, label in enumerate(labels):
        x = left + slot * index + 8
        base = 0.0
        parts = []
        for item in series:
            value = item.values[index] or 0
            if value <= 0:
                continue
            parts.append(element(
                "rect", f"<title>{escape(label)}: {escape(item.name)} {escape(fmt(value))}</title>",
                x=x, y=f"{y(base + value):.1f}", width=slot - 16, height=f"{y(base) - y(base + value):.1f}",
                fill=item.colour, stroke="#fff", stroke_width=1,
            ))
            base += value
        body.extend(parts)
        centre = x + (slot - 16) / 2
        body.append(element("text", escape(label), x=f"{centre:.1f}", y=top + plot_height + 16,
                            text_anchor="middle", fill=TEXT_COLOUR))
    body.append(element("line", x1=left, x2=width - 8, y1=f"{y(0):.1f}", y2=f"{y(0):.1f}", stroke=TEXT_COLOUR))
    return frame(chart_id, title, desc, width, height, body)


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    rows: Sequence[tuple[str, float]],
    fmt: Callable[[float], str] = lambda v: f"{v:g}",
    label_chars: int = 56,
) -> Markup:
    """Horizontal bars: the label above each bar, the value after it.

    The chart is fluid: bars are drawn in percent of the width it gets (the
    longest :data:`BAR_SHARE` %, leaving room for its value) and text keeps
    12 px, so that on a 390 px phone every label and value can be read
    without scrolling (labels are cut at ``label_chars``; the table beside
    the chart has them whole).
    """
    row_height = 40
    height = row_height * max(len(rows), 1) + 4
    highest = max((value for _, value in rows), default=0) or 1
    body = []
    for index, (label, value) in enumerate(rows):
        top = index * row_height
        shown = label if len(label) <= label_chars else label[: label_chars - 1].rstrip() + "…"
        share = BAR_SHARE * value / highest
        body.append(
            element("text", escape(shown), x=0, y=top + 13, fill=TEXT_COLOUR)
            + element("rect", x=0, y=top + 18, width=f"{share:.1f}%", height=16, fill=BAR_COLOUR)
            + element("text", escape(fmt(value)), x=f"{share:.1f}%", dx=6, y=top + 31, fill=TEXT_COLOUR)
        )
    return frame(chart_id, title, desc, None, height, body)
