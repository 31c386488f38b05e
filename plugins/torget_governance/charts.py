"""Inline SVG charts, drawn at build time: no chart JavaScript.

Each chart is an ``<svg role="img">`` labelled by its own ``<title>`` and
``<desc>``; the page shows the same figures in a data table next to it, so
the chart is never the only way to read them. Colours have at least 4.5:1
contrast against white, and stacked segments are separated by white gaps,
so no value depends on telling two colours apart.

Colours are SVG presentation attributes (``fill="…"``), never ``style``
attributes: the pages pass a strict Content-Security-Policy
(``style-src 'self'``), which blocks inline styles but not presentation
attributes. The legend's swatches are small SVGs for the same reason.
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


def swatch(colour: str) -> Markup:
    """A legend's colour sample: a decorative SVG square (no inline style)."""
    return Markup(
        '<svg class="swatch" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true" focusable="false">'
        f'<rect x="0.5" y="0.5" width="13" height="13" fill="{escape(colour)}" stroke="{GRID_COLOUR}"/></svg>'
    )


def nice_step(maximum: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) that divides ``maximum`` into about ``ticks`` parts."""
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _frame(chart_id: str, title: str, desc: str, width: int | None, height: int, body: list[str]) -> Markup:
    """The ``<svg>`` around a chart's shapes. With a ``width`` it is drawn to
    scale in that many pixels; without, it takes the width it is given
    (``chart-fluid``: shapes placed in percent, text at its own size)."""
    size = (f'viewBox="0 0 {width} {height}" width="{width}" height="{height}"' if width
            else f'width="100%" height="{height}"')
    return Markup(
        f'<svg class="chart{"" if width else " chart-fluid"}" id="{chart_id}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" {size} focusable="false" {FONT}>'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        + "".join(body)
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
            f'<line x1="{left}" x2="{width - 8}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="{GRID_COLOUR}"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="{TEXT_COLOUR}">{escape(fmt(tick))}</text>'
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
            parts.append(
                f'<rect x="{x}" y="{y(base + value):.1f}" width="{slot - 16}" '
                f'height="{y(base) - y(base + value):.1f}" fill="{item.colour}" stroke="#fff" stroke-width="1">'
                f"<title>{escape(label)}: {escape(item.name)} {escape(fmt(value))}</title></rect>"
            )
            base += value
        body.extend(parts)
        centre = x + (slot - 16) / 2
        body.append(
            f'<text x="{centre:.1f}" y="{top + plot_height + 16}" text-anchor="middle" fill="{TEXT_COLOUR}">'
            f"{escape(label)}</text>"
        )
    body.append(
        f'<line x1="{left}" x2="{width - 8}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="{TEXT_COLOUR}"/>'
    )
    return _frame(chart_id, title, desc, width, height, body)


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
            f'<text x="0" y="{top + 13}" fill="{TEXT_COLOUR}">{escape(shown)}</text>'
            f'<rect x="0" y="{top + 18}" width="{share:.1f}%" height="16" fill="{BAR_COLOUR}"/>'
            f'<text x="{share:.1f}%" dx="6" y="{top + 31}" fill="{TEXT_COLOUR}">{escape(fmt(value))}</text>'
        )
    return _frame(chart_id, title, desc, None, height, body)
