"""The house style and one function per kind of chart.

Every chart: a title that states the finding, a subtitle with the measure,
unit and period, a footer naming the sources (and notes), horizontal grid only,
no top or right spines, series labelled directly where possible. Chart
functions take tidy tables and return a :class:`matplotlib.figure.Figure` whose
``plotted`` attribute holds the data actually drawn, so tests compare it with
the table rather than with pixels.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen here; notebooks display the saved SVG instead

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from rukg.config import paths  # noqa: E402

__all__ = [
    "PALETTE",
    "CATEGORY_COLOURS",
    "apply_house_style",
    "format_usd",
    "stacked_bars",
    "event_timeline",
    "save",
]

# One palette for the whole report (colour-blind safe, after Okabe & Ito).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
CATEGORY_COLOURS = {"security": "#D55E00", "economics": "#0072B2", "geopolitics": "#009E73"}
INK = "#222222"
MUTED = "#666666"
WIDTH_IN, HEIGHT_IN = 8.0, 4.6

_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9.5,
    "axes.titlesize": 12,
    "axes.labelsize": 9.5,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#dddddd",
    "grid.linewidth": 0.8,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    # Same inputs, same bytes: fixed ids in SVG output, no timestamps.
    "svg.hashsalt": "rukg",
    "svg.fonttype": "path",
    "path.simplify": True,
}


def apply_house_style() -> None:
    """Set the house style for every chart drawn afterwards."""
    matplotlib.rcParams.update(_STYLE)


apply_house_style()


def format_usd(x: float) -> str:
    """Amounts as the report writes them: $560k, $4.5m, $1.7bn."""
    sign = "-" if x < 0 else ""
    x = abs(x)
    for div, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if x >= div:
            v = x / div
            text = f"{v:.1f}".rstrip("0").rstrip(".") if v < 100 else f"{v:.0f}"
            return f"{sign}${text}{suffix}"
    return f"{sign}${x:,.0f}"


def _frame(title: str, subtitle: str, sources: Sequence[str], note: str | None = None):
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN))
    fig.subplots_adjust(left=0.1, right=0.97, top=0.74, bottom=0.2)
    fig.text(0.02, 0.955, title, fontsize=13, fontweight="bold", color=INK, va="top")
    fig.text(0.02, 0.885, subtitle, fontsize=9.5, color=MUTED, va="top")
    footer = "Sources: " + ", ".join(sources)
    if note:
        footer += "\nNote: " + note
    fig.text(0.02, 0.02, footer, fontsize=7.5, color=MUTED, va="bottom", wrap=True)
    return fig, ax


def _key(fig, ax) -> None:
    """A one-line key under the subtitle, for charts whose series cannot be labelled in place."""
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(0.015, 0.84),
        ncol=len(labels),
        fontsize=8.5,
        handletextpad=0.3,
        columnspacing=1.2,
    )


def stacked_bars(
    table: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    sources: Sequence[str],
    colours: dict[str, str] | None = None,
    note: str | None = None,
) -> Figure:
    """Horizontal stacked bars: one bar per row of ``table``, one segment per column.

    Segments are labelled with their values inside the bar, and the series
    named once in a row of labels above the bars, instead of a legend box.
    """
    fig, ax = _frame(title, subtitle, sources, note)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    rows = list(table.index)[::-1]
    left = pd.Series(0.0, index=rows)
    for i, col in enumerate(table.columns):
        colour = (colours or {}).get(col, PALETTE[i % len(PALETTE)])
        vals = table.loc[rows, col].astype(float)
        ax.barh(rows, vals, left=left, color=colour, height=0.6, label=col)
        for y, (v, x0) in enumerate(zip(vals, left, strict=True)):
            if v > 0:
                ax.text(
                    x0 + v / 2, y, f"{v:.0f}", ha="center", va="center", fontsize=8, color="white"
                )
        left += vals
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    _key(fig, ax)
    fig.plotted = table.copy()
    return fig


def event_timeline(
    events: pd.DataFrame,
    *,
    lanes: Sequence[str],
    lane_labels: dict[str, str] | None = None,
    title: str,
    subtitle: str,
    sources: Sequence[str],
    note: str | None = None,
) -> Figure:
    """Dated events as dots in one lane per group, coloured by category.

    ``events`` needs columns ``lane``, ``when`` (datetime) and ``category``.
    """
    fig, ax = _frame(title, subtitle, sources, note)
    ys = {lane: i for i, lane in enumerate(reversed(list(lanes)))}
    for category, colour in CATEGORY_COLOURS.items():
        sel = events[events["category"] == category]
        ax.scatter(
            sel["when"],
            sel["lane"].map(ys),
            s=28,
            color=colour,
            alpha=0.85,
            edgecolor="white",
            linewidth=0.5,
            label=category,
            zorder=3,
        )
    ax.set_yticks(list(ys.values()), [(lane_labels or {}).get(k, k) for k in ys])
    ax.set_ylim(-0.7, len(ys) - 0.3)
    ax.grid(axis="y", visible=True)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_locator(mdates.YearLocator(4))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    _key(fig, ax)
    fig.plotted = events[["lane", "when", "category"]].reset_index(drop=True)
    return fig


def _fit_left(fig: Figure, margin: float = 0.02) -> None:
    """Narrow the axes so long tick labels start where the title does, not left of it."""
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        left = ax.get_tightbbox(renderer).transformed(fig.transFigure.inverted()).x0
        if left < margin:
            pos = ax.get_position()
            shift = margin - left
            ax.set_position([pos.x0 + shift, pos.y0, pos.width - shift, pos.height])


def save(fig: Figure, name: str, out_dir: Path | None = None):
    """Write ``figures/<name>.svg`` and ``.png`` deterministically; return the SVG for display.

    The notebook shows the returned object, so the report embeds exactly the
    file saved in ``figures/``.
    """
    from IPython.display import SVG

    out = out_dir or paths().figures_out
    out.mkdir(parents=True, exist_ok=True)
    svg_path, png_path = out / f"{name}.svg", out / f"{name}.png"
    _fit_left(fig)
    # "tight" grows the canvas to fit anything still outside it instead of clipping.
    opts = {"bbox_inches": "tight", "pad_inches": 0.15}
    fig.savefig(svg_path, format="svg", metadata={"Date": None, "Creator": None}, **opts)
    fig.savefig(png_path, format="png", metadata={"Software": None}, **opts)
    plt.close(fig)
    # For the page, let the chart scale to the column: width from the container,
    # height from the viewBox (the file in figures/ keeps its size in points).
    svg = svg_path.read_text(encoding="utf-8")
    svg = re.sub(r'<svg([^>]*?) width="[^"]+" height="[^"]+"', r'<svg\1 width="100%"', svg, count=1)
    return SVG(data=svg)
