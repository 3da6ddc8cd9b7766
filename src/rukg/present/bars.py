"""Bar and step chart kinds for the aid figures, drawn into the house frame.

Each kind draws into axes made by :func:`rukg.present.frame.frame` and places its
labels by rule, so none collides with another or leaves the figure:

- :func:`outcome_bars`: one horizontal bar per item, split into segments that add up
  to the bar (what became of each pledge), the bar's total labelled at its end;
- :func:`stage_bars`: the stages of one package in rows of their own (announced,
  signed, delivered: never added), equal stages shown once;
- :func:`running_totals`: running totals as filled steps, labelled in the right margin;
- :func:`event_marks`: numbered events on a time axis, listed above the plot.

Colours come from the palette (the caller passes colours it asked for with
:func:`rukg.present.palette.use`); every bar links to its evidence row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from rukg.formatting import format_usd
from rukg.present.frame import Frame, Layout, money_axis, plain_axis, text_width, wrap
from rukg.present.palette import INK, MUTED

__all__ = [
    "Segment",
    "wrapped",
    "label_room",
    "outcome_bars",
    "stage_bars",
    "running_totals",
    "event_marks",
    "fit_limit",
    "measure",
    "event_rows",
    "value_label",
]

PAD = 0.05  # inches between a bar's end and its label
# frame.text_width measures at 72 dpi; hinted text at 150 dpi (the PNG) runs up to 12% wider.
SLACK = 1.12


def measure(text: str, size: float, weight: str = "normal") -> float:
    """The width of ``text`` in inches at any resolution the chart is drawn at (an upper bound)."""
    return text_width(text, size, weight) * SLACK


@dataclass(frozen=True)
class Segment:
    """One piece of a bar: its value, colour and the evidence link of the item it belongs to."""

    value: float
    colour: str
    url: str | None = None


def wrapped(text: str, layout: Layout, width: float) -> str:
    """``text`` wrapped to ``width`` inches at the layout's label size."""
    return "\n".join(wrap(text, layout.text, width / SLACK))


def label_room(labels: Sequence[str], layout: Layout, weight: str = "normal") -> float:
    """Inches the widest line of ``labels`` takes at the layout's label size."""
    lines = [line for label in labels for line in label.split("\n")]
    return max((measure(line, layout.text, weight) for line in lines), default=0.0)


def fit_limit(
    values: Sequence[float], labels: Sequence[str], layout: Layout, plot_w: float
) -> float:
    """The smallest axis limit at which each bar's end label fits inside the plot.

    A bar of value ``v`` ends at ``v / limit * plot_w`` inches; its label needs
    ``PAD`` plus its width after that.
    """
    limit = max(values, default=0.0) * 1.02 or 1.0
    for v, label in zip(values, labels, strict=True):
        room = plot_w - PAD - label_room([label], layout) - 0.02
        if room <= 0:
            raise ValueError(f"no room for the label {label!r} in {plot_w:.2f} in")
        limit = max(limit, v * plot_w / room)
    return limit


def _plot_width(ax) -> float:
    return ax.get_position().width * ax.figure.get_size_inches()[0]


def _value_ticks(ax, layout: Layout) -> None:
    ax.xaxis.set_major_locator(
        MaxNLocator(nbins=4 if layout.narrow else 6, steps=[1, 2, 2.5, 5, 10])
    )
    money_axis(ax, "x")


def outcome_bars(
    ax,
    layout: Layout,
    rows: Sequence[str],
    segments: Sequence[Sequence[Segment]],
    end_labels: Sequence[str],
    height: float = 0.62,
) -> list:
    """Horizontal bars, first row on top, each the sum of its segments, labelled at its end.

    Returns the bar rectangles (for tests); each carries its segment's link.
    """
    n = len(rows)
    ys = np.arange(n)[::-1].astype(float)
    totals = [sum(s.value for s in segs) for segs in segments]
    limit = fit_limit(totals, end_labels, layout, _plot_width(ax))
    drawn = []
    for y, segs, total, label in zip(ys, segments, totals, end_labels, strict=True):
        left = 0.0
        for s in segs:
            if s.value <= 0:
                continue
            (bar,) = ax.barh([y], [s.value], left=left, height=height, color=s.colour, linewidth=0)
            bar.set_url(s.url)
            drawn.append(bar)
            left += s.value
        ax.annotate(
            label,
            (total, y),
            xytext=(PAD * 72, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=layout.text,
            color=INK,
        )
    ax.set_xlim(0, limit)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_yticks(ys, list(rows))
    ax.tick_params(axis="y", labelsize=layout.text, length=0)
    ax.tick_params(axis="x", labelsize=layout.text)
    plain_axis(ax, grid="x")
    _value_ticks(ax, layout)
    return drawn


def stage_bars(
    ax,
    layout: Layout,
    groups: Sequence[tuple[str, Sequence[tuple[str, float, str, str | None]]]],
    header_x: float,
    height: float = 0.6,
) -> list:
    """Groups of rows (a header, then one row per stage), never stacked or added.

    ``groups`` is ``[(header, [(row label, value, colour, url), ...]), ...]``, first group
    on top. Each value is printed at its bar's end, in its own row, so no two collide.
    ``header_x`` is where headers start, in inches left of the axes.
    """
    ys: list[float] = []
    labels: list[str] = []
    rows: list[tuple[float, float, str, str | None, str]] = []
    headers: list[tuple[float, str]] = []
    y = 0.0
    for header, stages in groups:
        headers.append((y, header))
        y -= 1
        for label, value, colour, url in stages:
            rows.append((y, value, colour, url, value_label(value)))
            ys.append(y)
            labels.append(label)
            y -= 1
        y -= 0.3  # a little air between packages
    lowest = y + 1.3
    limit = fit_limit([r[1] for r in rows], [r[4] for r in rows], layout, _plot_width(ax))
    drawn = []
    for y, value, colour, url, text in rows:
        (bar,) = ax.barh([y], [value], height=height, color=colour, linewidth=0)
        bar.set_url(url)
        drawn.append(bar)
        ax.annotate(
            text,
            (value, y),
            xytext=(PAD * 72, 0),
            textcoords="offset points",
            va="center",
            fontsize=layout.text,
            color=INK,
        )
    left_of_axes = blended_transform_factory(ax.transAxes, ax.transData) + ScaledTranslation(
        -header_x, 0, ax.figure.dpi_scale_trans
    )
    for y, header in headers:
        ax.text(
            0,
            y,
            header,
            transform=left_of_axes,
            fontsize=layout.text,
            fontweight="bold",
            color=INK,
            va="center",
        )
    ax.set_xlim(0, limit)
    ax.set_ylim(lowest - 0.6, 0.5)
    ax.set_yticks(ys, labels)
    ax.tick_params(axis="y", labelsize=layout.text, length=0)
    ax.tick_params(axis="x", labelsize=layout.text)
    plain_axis(ax, grid="x")
    _value_ticks(ax, layout)
    return drawn


def value_label(value: float) -> str:
    return format_usd(value) if value > 0 else "none reported"


def running_totals(
    ax,
    layout: Layout,
    series: Sequence[tuple[str, Sequence, Sequence[float], str, Sequence[str | None]]],
    end,
) -> None:
    """Running totals as filled steps from zero, the first behind the next, dots at each step.

    ``series`` is ``[(end label, dates, running totals, colour, urls), ...]``; each total
    is carried on to ``end`` and labelled in the right margin (two lines, its colour's
    swatch-free name in ink), moved apart if two would touch.
    """
    ends = []
    for label, dates, values, colour, urls in series:
        xs = [*dates, end]
        ys = [*values, values[-1]]
        ax.fill_between(xs, ys, step="post", color=colour, linewidth=0, zorder=1)
        ax.step(xs, ys, where="post", color=colour, linewidth=1.6, zorder=2)
        dots = ax.scatter(
            dates, values, s=16, color=colour, edgecolors="white", linewidths=0.6, zorder=3
        )
        dots.set_urls(list(urls))
        ends.append((ys[-1], label))
    peak = max(v for v, _ in ends)
    ax.set_ylim(0, peak * 1.08)
    first = min(d for _, dates, *_ in series for d in dates)
    ax.set_xlim(first - (end - first) * 0.02, end)
    money_axis(ax)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4 if layout.narrow else 6, steps=[1, 2, 5, 10]))
    ax.tick_params(labelsize=layout.text)
    # End labels: centred on their totals, pushed apart by at least one label height.
    h_in = ax.get_position().height * ax.figure.get_size_inches()[1]
    per_inch = (peak * 1.08) / h_in
    need = 2 * layout.text * 1.8 / 72 * per_inch  # two lines, with air
    placed: list[float] = []
    for value, label in sorted(ends):
        y = value if not placed or value - placed[-1] >= need else placed[-1] + need
        placed.append(y)
        ax.annotate(
            label,
            (1, y),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=layout.text,
            color=INK,
            linespacing=1.05,
            annotation_clip=False,
        )


def event_marks(
    f: Frame, ax, events: Sequence[tuple[object, str, str | None]], band_top: float
) -> None:
    """Numbered events: a dotted rule and a number at each date, the list above the plot.

    ``events`` is ``[(date, label, url), ...]`` in date order; ``band_top`` is the figure
    fraction where the list starts (the plot's axes end below it). Rules stop under their
    numbers; numbers sit above the plot; the list flows in rows across the width, so no
    rule crosses any text and no label overlaps another.
    """
    fig, layout = f.fig, f.layout
    w, h = fig.get_size_inches()
    top_of_axes = blended_transform_factory(ax.transData, ax.transAxes)
    # Numbers: at their dates, nudged right where two would touch (rules stay at the date).
    digit_gap = measure("88", layout.text, "bold") + 0.04
    last = -np.inf
    for i, (when, _, url) in enumerate(events, start=1):
        ax.axvline(when, color=MUTED, linewidth=0.8, linestyle=":", zorder=0)
        px = ax.transData.transform((ax.convert_xunits(when), 0))[0] / fig.dpi
        shift = max(0.0, last + digit_gap - px)
        last = px + shift
        t = ax.text(
            when,
            1,
            str(i),
            transform=top_of_axes + ScaledTranslation(shift, 3 / 72, fig.dpi_scale_trans),
            ha="center",
            va="bottom",
            fontsize=layout.text,
            fontweight="bold",
            color=INK,
        )
        t.set_url(url)
    # The list: a numbered column list, filled down then across, from the left edge of the text.
    labels = [label for _, label, _ in events]
    ncols, col_w = _list_columns(labels, layout, w)
    nrows = -(-len(labels) // ncols)
    line = layout.text * 1.45 / 72
    num_w = max(
        (measure(str(i), layout.text, "bold") for i in range(1, len(labels) + 1)), default=0
    )
    for i, (_, label, url) in enumerate(events):
        col, row = divmod(i, nrows)
        x = LIST_PAD + col * col_w
        y = band_top - (row * line + line / 2) / h
        fig.text(
            x / w, y, str(i + 1), fontsize=layout.text, fontweight="bold", color=INK, va="center"
        )
        t = fig.text((x + num_w + 0.06) / w, y, label, fontsize=layout.text, color=INK, va="center")
        t.set_url(url)


LIST_PAD = 0.06  # inches, the frame's margin
LIST_GAP = 0.2  # inches between columns of the event list


def _list_columns(labels: Sequence[str], layout: Layout, width: float) -> tuple[int, float]:
    """How many columns the event list takes across ``width`` inches, and each one's width."""
    num_w = measure(str(len(labels)), layout.text, "bold") + 0.06
    entry = num_w + max((measure(label, layout.text) for label in labels), default=0) + LIST_GAP
    ncols = max(1, min(len(labels), int((width - 2 * LIST_PAD + LIST_GAP) // entry)))
    return ncols, entry


def event_rows(labels: Sequence[str], layout: Layout, width: float) -> int:
    """How many rows :func:`event_marks` needs to list ``labels`` across ``width`` inches."""
    ncols, _ = _list_columns(labels, layout, width)
    return -(-len(labels) // ncols)
