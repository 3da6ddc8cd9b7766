"""The house frame of every chart, laid out in inches for two widths.

Each chart is drawn twice: ``WIDE`` for the PDF page and the desktop column,
``NARROW`` for a phone, where the page shows it at about its own size so that
no text falls under 9 px. :func:`frame` wraps the title, subtitle and footer to
the width, stacks them (with a key of series if the chart needs one) around a
plot area of the height asked for, and sizes the figure to fit, so nothing
relies on the saved image growing to take in text that spilled out.

Layout: title (the finding), subtitle (measure, unit, period), key, plot area,
then "Sources: …" and "Note: …". Horizontal grid only; no top or right spines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen here; notebooks display the saved SVG

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.font_manager import FontProperties, fontManager  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from rukg.formatting import format_usd  # noqa: E402
from rukg.present.palette import GRID, INK, MUTED  # noqa: E402

__all__ = ["Layout", "WIDE", "NARROW", "LAYOUTS", "Frame", "frame", "FONT_FAMILY", "FONTS"]

FONTS = Path(__file__).resolve().parents[1] / "templates" / "fonts"
FONT_FAMILY = "Source Sans 3"


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Make the shipped typeface known to matplotlib (once per process)."""
    for f in sorted(FONTS.glob("*.ttf")):
        fontManager.addfont(str(f))


@dataclass(frozen=True)
class Layout:
    """One width of the charts, with the text sizes that stay legible at it."""

    name: str
    width: float  # inches
    plot_height: float  # inches, the default plot area
    title: float  # points
    subtitle: float
    text: float  # tick labels, direct labels, annotations
    small: float  # footer, the smallest text on the chart
    left: float  # inches kept for y tick labels
    right: float  # inches kept right of the plot for end labels
    max_ticks: int  # at most this many ticks on a time axis

    @property
    def narrow(self) -> bool:
        return self.name == "narrow"


# The PDF column is 178 mm (7 in): WIDE draws at print size. NARROW is shown at about
# 365 px on a 390 px phone, its own size, so 7.5 pt text renders at about 10 px.
WIDE = Layout("wide", 7.0, 3.0, 13.0, 9.5, 8.5, 7.5, 0.55, 0.9, 10)
NARROW = Layout("narrow", 3.8, 2.7, 11.5, 8.5, 7.5, 7.5, 0.45, 0.55, 5)
LAYOUTS = (WIDE, NARROW)

_STYLE = {
    "font.family": [FONT_FAMILY, "DejaVu Sans"],
    "font.size": 8.5,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "grid.color": GRID,
    "grid.linewidth": 0.7,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    # Same inputs, same bytes: fixed ids in SVG output, no timestamps.
    "svg.hashsalt": "rukg",
    # Text stays text in SVG: selectable, searchable, and light to render in the PDF.
    "svg.fonttype": "none",
    "path.simplify": True,
    # Amounts are written "$1.7bn": a dollar sign is text, never the start of mathtext.
    "text.parse_math": False,
}


def apply_house_style() -> None:
    """Set the house style (and the shipped font) for every chart drawn afterwards."""
    register_fonts()
    matplotlib.rcParams.update(_STYLE)


apply_house_style()


@lru_cache(maxsize=8192)
def text_width(text: str, size: float, weight: str = "normal") -> float:
    """Width of ``text`` in inches, as the renderer will draw it.

    Cached: wrapping a title at two widths measures the same words again and again, and
    each measurement lays the text out in the font (a millisecond)."""
    from matplotlib.backends.backend_agg import RendererAgg

    renderer = _renderer()
    prop = FontProperties(family=_STYLE["font.family"], size=size, weight=weight)
    w, _, _ = RendererAgg.get_text_width_height_descent(renderer, text, prop, ismath=False)
    return w / renderer.dpi


@lru_cache(maxsize=1)
def _renderer():
    from matplotlib.backends.backend_agg import RendererAgg

    # The dpi figures are drawn at: hinting makes text a little wider at 100 dpi than at 72.
    return RendererAgg(100, 100, _STYLE["figure.dpi"])


# A line's width estimated as the sum of its words' widths is off by a pixel or so per word
# (kerning, rounding); only a trial line estimated within this fraction of the limit is
# measured whole, so the breaks are those that measuring every trial would give.
WRAP_MARGIN = 0.05


def wrap(text: str, size: float, width: float, weight: str = "normal") -> list[str]:
    """``text`` broken into lines no wider than ``width`` inches (measured, not guessed)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, estimate = "", 0.0
        for word in paragraph.split(" "):
            if not line:
                line, estimate = word, text_width(word, size, weight)
                continue
            trial = f"{line} {word}"
            trial_estimate = estimate + text_width(f" {word}", size, weight)
            if trial_estimate < width * (1 - WRAP_MARGIN):
                too_wide = False
            elif trial_estimate > width * (1 + WRAP_MARGIN):
                too_wide = True
            else:
                too_wide = text_width(trial, size, weight) > width
            if too_wide:
                lines.append(line)
                line, estimate = word, text_width(word, size, weight)
            else:
                line, estimate = trial, trial_estimate
        lines.append(line)
    return lines


KeyEntry = tuple[str, str, str]  # (label, colour, mark: "box", "line", "dot", "diamond", "ring")


@dataclass
class Frame:
    """A chart's figure and the rectangle (figure fractions) its plots may fill."""

    fig: object
    layout: Layout
    left: float
    bottom: float
    right: float
    top: float
    axes_list: list = field(default_factory=list)

    def axes(self):
        ax = self.fig.add_axes(
            [self.left, self.bottom, self.right - self.left, self.top - self.bottom]
        )
        self.axes_list.append(ax)
        return ax

    def grid(self, nrows: int, ncols: int, **kw):
        """Panels filling the plot area; ``hspace``/``wspace`` as in matplotlib."""
        spec = self.fig.add_gridspec(
            nrows,
            ncols,
            left=self.left,
            right=self.right,
            bottom=self.bottom,
            top=self.top,
            hspace=kw.pop("hspace", 0.5),
            wspace=kw.pop("wspace", 0.3),
        )
        axes = spec.subplots(**kw)
        return axes


def frame(
    layout: Layout,
    *,
    title: str,
    subtitle: str,
    sources: Sequence[str],
    note: str | None = None,
    key: Sequence[KeyEntry] = (),
    plot_height: float | None = None,
    left: float | None = None,
    right: float | None = None,
    bottom_room: float = 0.35,
) -> Frame:
    """A figure with the house frame, sized to fit its text at ``layout``'s width.

    ``bottom_room`` is kept under the plot for x tick labels (inches); ``left``
    and ``right`` override the layout's margins for long tick or end labels.
    """
    w = layout.width
    pad = 0.06
    text_w = w - 2 * pad
    title_lines = wrap(title, layout.title, text_w, "bold")
    sub_lines = wrap(subtitle, layout.subtitle, text_w)
    footer = "Sources: " + "; ".join(dict.fromkeys(sources))
    foot_lines = wrap(footer, layout.small, text_w)
    if note:
        foot_lines += wrap("Note: " + note, layout.small, text_w)
    key_rows = _key_rows(key, layout, text_w)

    lh = 1.65 / 72  # line height per point of font size, inches (Source Sans 3 at spacing 1.15)
    top_h = (
        pad
        + len(title_lines) * layout.title * lh
        + 0.04
        + len(sub_lines) * layout.subtitle * lh
        + (0.06 + len(key_rows) * layout.text * 1.6 / 72 if key_rows else 0)
        + 0.14
    )
    plot_h = plot_height or layout.plot_height
    foot_h = bottom_room + 0.08 + len(foot_lines) * layout.small * lh + pad + 0.04
    h = top_h + plot_h + foot_h
    fig = plt.figure(figsize=(w, h))
    fig.rukg_title = title  # the SVG's title metadata; the report's figure list reads it
    fig.rukg_layout = layout

    def y(inches_from_top: float) -> float:
        return 1 - inches_from_top / h

    cursor = pad
    fig.text(
        pad / w,
        y(cursor),
        "\n".join(title_lines),
        fontsize=layout.title,
        fontweight="bold",
        color=INK,
        va="top",
        linespacing=1.1,
    )
    cursor += len(title_lines) * layout.title * lh + 0.04
    fig.text(
        pad / w,
        y(cursor),
        "\n".join(sub_lines),
        fontsize=layout.subtitle,
        color=MUTED,
        va="top",
        linespacing=1.15,
    )
    cursor += len(sub_lines) * layout.subtitle * lh + 0.06
    for row in key_rows:
        x = pad
        for label, colour, mark, width in row:
            _key_mark(fig, x / w, y(cursor + layout.text * 0.8 / 72), colour, mark, layout)
            fig.text(
                (x + 0.2) / w,
                y(cursor + layout.text * 0.8 / 72),
                label,
                fontsize=layout.text,
                color=INK,
                va="center",
            )
            x += width
        cursor += layout.text * 1.6 / 72
    fig.text(
        pad / w,
        (foot_h - bottom_room - 0.08) / h,
        "\n".join(foot_lines),
        fontsize=layout.small,
        color=MUTED,
        va="top",
        linespacing=1.15,
    )
    lm = layout.left if left is None else left
    rm = layout.right if right is None else right
    # Margins sized to long labels (from data) never squeeze the plot below half the width;
    # a label too long for that is reported by the chart checks, not fatal.
    if lm + rm > w / 2:
        lm, rm = (w / 2) * lm / (lm + rm), (w / 2) * rm / (lm + rm)
    return Frame(fig, layout, lm / w, foot_h / h, 1 - rm / w, 1 - top_h / h)


def _key_rows(key: Sequence[KeyEntry], layout: Layout, width: float) -> list[list]:
    rows: list[list] = []
    row: list = []
    x = 0.0
    for label, colour, mark in key:
        entry_w = 0.2 + text_width(label, layout.text) + 0.22
        if row and x + entry_w > width:
            rows.append(row)
            row, x = [], 0.0
        row.append((label, colour, mark, entry_w))
        x += entry_w
    if row:
        rows.append(row)
    return rows


def _key_mark(fig, x: float, y: float, colour: str, mark: str, layout: Layout) -> None:
    w, h = fig.get_size_inches()
    s = 0.12  # inches
    if mark == "box":
        fig.add_artist(
            Rectangle((x, y - s / 2 / h), s / w, s / h, transform=fig.transFigure, color=colour)
        )
        return
    style = {
        "line": {"marker": None, "linestyle": "-", "linewidth": 2},
        "dot": {"marker": "o", "linestyle": "none"},
        "diamond": {"marker": "D", "linestyle": "none", "markersize": 4.5},
        "ring": {"marker": "o", "linestyle": "none", "markerfacecolor": "white"},
    }[mark]
    xs = [x, x + s / w] if mark == "line" else [x + s / 2 / w]
    fig.add_artist(Line2D(xs, [y] * len(xs), transform=fig.transFigure, color=colour, **style))


# --- axes ----------------------------------------------------------------------


def money_axis(ax, axis: str = "y") -> None:
    fmt = FuncFormatter(lambda v, _: format_usd(v) if v else "0")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def year_axis(ax, layout: Layout, dates: bool = False) -> None:
    """Whole years only (never "2012.5"), at most ``layout.max_ticks`` of them."""
    if dates:
        ax.xaxis.set_major_locator(mdates.YearLocator(_year_step(ax, layout)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        ax.xaxis.set_major_locator(MaxNLocator(nbins=layout.max_ticks, integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}"))


def _year_step(ax, layout: Layout) -> int:
    lo, hi = ax.get_xlim()
    years = max(1.0, (hi - lo) / 365.25)
    for step in (1, 2, 4, 5, 10, 20):
        if years / step <= layout.max_ticks:
            return step
    return 25


def plain_axis(ax, grid: str = "y") -> None:
    """Grid on one axis only, no left spine or ticks where labels say it all."""
    ax.grid(axis="x", visible=grid == "x")
    ax.grid(axis="y", visible=grid == "y")
    if grid == "x":
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
