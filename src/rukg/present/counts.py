"""Chart kinds for counts: stacked bars and a dot matrix.

Laid out in inches before they are drawn, like the lane charts of
:mod:`rukg.present.timelines`: a count is written inside its segment or dot
where its measured width fits, else beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.colors import to_rgb

from rukg.present.frame import Layout, frame, plain_axis
from rukg.present.measure import line_height, text_width, wrap
from rukg.present.palette import INK

__all__ = ["stacked_bars", "dot_matrix"]


def stacked_bars(
    layout: Layout,
    table: pd.DataFrame,
    *,
    colours: dict[str, str],
    urls: dict[tuple[str, str], str | None],
    title: str,
    subtitle: str,
    sources: Sequence[str],
    labels: dict[str, str] | None = None,
    note: str | None = None,
):
    """Horizontal bars (rows of ``table``) stacked by column, values inside segments that
    hold them, each bar's total at its end; the key names the columns."""
    size = layout.text
    labels = labels or {}
    key = [(labels.get(c, c), colours[c], "box") for c in table.columns]
    left = max(text_width(str(i), size) for i in table.index) + 0.15
    totals = table.sum(axis=1)
    right = text_width(f"{int(totals.max())}", size) + 0.2
    height = 0.34 * len(table) + 0.1
    fr = frame(
        layout,
        title=title,
        subtitle=subtitle,
        sources=sources,
        note=note,
        key=key,
        plot_height=height,
        left=left,
        right=right,
    )
    ax = fr.axes()
    rows = list(table.index)[::-1]
    peak = float(totals.max())
    per_in = peak / (layout.width - left - right)
    ax.set_xlim(0, peak)
    start = pd.Series(0.0, index=rows)
    for col in table.columns:
        vals = table.loc[rows, col].astype(float)
        bars = ax.barh(range(len(rows)), vals, left=start, color=colours[col], height=0.62)
        for bar, row, v, x in zip(bars, rows, vals, start, strict=True):
            bar.set_url(urls.get((row, col)))
            text = f"{v:.0f}"
            if v > 0 and text_width(text, size) + 0.08 <= v / per_in:
                ax.text(
                    x + v / 2,
                    bar.get_y() + bar.get_height() / 2,
                    text,
                    ha="center",
                    va="center",
                    fontsize=size,
                    color="white",
                    gid="inside:value",
                )
        start += vals
    for i, row in enumerate(rows):
        ax.text(
            start[row] + 0.05 * per_in,
            i,
            f"{start[row]:.0f}",
            va="center",
            fontsize=size,
            color=INK,
        )
    ax.set_yticks(range(len(rows)), rows, fontsize=size)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    plain_axis(ax, grid="x")
    fr.fig.plotted = table.copy()
    return fr.fig


def _dark(colour: str) -> bool:
    """Whether white text on ``colour`` reaches a contrast of 4.5:1 (WCAG)."""

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in to_rgb(colour))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05) >= 4.5


def dot_matrix(
    layout: Layout,
    counts: pd.DataFrame,
    *,
    colours: dict[str, str],
    title: str,
    subtitle: str,
    sources: Sequence[str],
    note: str | None = None,
):
    """Counts as dots of area by value, rows (terms) by columns (sources); rows of zeros left
    out. Each count is written in white inside a dark dot that holds it, else beside it."""
    counts = counts[counts.sum(axis=1) > 0]
    size = layout.text
    left = max(text_width(str(i), size) for i in counts.index) + 0.15
    right = 0.1
    col_w = (layout.width - left - right) / counts.shape[1]
    col_names = [wrap(str(c), size, col_w - 0.08) for c in counts.columns]
    bottom = max(len(n) for n in col_names) * line_height(size) + 0.12
    row_h = 0.32
    fr = frame(
        layout,
        title=title,
        subtitle=subtitle,
        sources=sources,
        note=note,
        plot_height=row_h * len(counts),
        left=left,
        right=right,
        bottom_room=bottom,
    )
    ax = fr.axes()
    rows = list(counts.index)[::-1]
    ax.set_xlim(-0.5, counts.shape[1] - 0.5)
    ax.set_ylim(-0.5, len(rows) - 0.5)
    peak = float(counts.to_numpy().max())
    biggest = min(row_h, col_w) * 0.92 * 72  # points
    for yi, row in enumerate(rows):
        for xi, col in enumerate(counts.columns):
            v = float(counts.loc[row, col])
            if v <= 0:
                continue
            d = max(biggest * (v / peak) ** 0.5, 5.0)
            ax.scatter([xi], [yi], s=d**2, color=colours[row], edgecolor="white", lw=0.5, zorder=3)
            text = f"{v:.0f}"
            fits = max(text_width(text, size) + 0.08, size * 1.3 / 72) <= d / 72
            if _dark(colours[row]) and fits:
                ax.text(
                    xi,
                    yi,
                    text,
                    ha="center",
                    va="center",
                    fontsize=size,
                    color="white",
                    gid="inside:count",
                    zorder=4,
                )
            else:
                ax.text(
                    xi + (d / 2 / 72 + 0.03) / col_w,
                    yi,
                    text,
                    ha="left",
                    va="center",
                    fontsize=size,
                    color=INK,
                )
    ax.set_xticks(range(counts.shape[1]), ["\n".join(n) for n in col_names], fontsize=size)
    ax.set_yticks(range(len(rows)), rows, fontsize=size)
    ax.grid(axis="y", visible=True)
    ax.spines["left"].set_visible(False)
    ax.tick_params(length=0)
    fr.fig.plotted = counts.copy()
    return fr.fig
