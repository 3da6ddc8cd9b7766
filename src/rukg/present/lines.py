"""Chart kinds for series over years: official lines with the articles' points, dot panels, bars.

Every label is placed by rule, never by hand, with the placer and the label
column of :mod:`rukg.present.line_labels`. Colours come from
:mod:`rukg.present.palette` only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator, PercentFormatter

from rukg.formatting import format_usd
from rukg.present import palette
from rukg.present.frame import Layout, frame, money_axis, wrap, year_axis
from rukg.present.line_labels import AROUND, Mark, Placer, column_width, label_column
from rukg.present.palette import INK
from rukg.present.svg import evidence_urls

__all__ = [
    "log_money_axis",
    "series_with_claims",
    "near_groups",
    "dot_panels",
    "highlight_bars",
]


def log_money_axis(ax, lo: float, hi: float) -> None:
    """A logarithmic US-dollar axis from ``lo`` to ``hi`` with ticks at 1, 2 and 5 of each decade."""
    ax.set_yscale("log")
    ax.set_ylim(lo, hi)
    ticks = [m * 10**e for e in range(6, 13) for m in (1, 2, 5) if lo <= m * 10**e <= hi]
    ax.yaxis.set_major_locator(FixedLocator(ticks))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_usd(v)))


def _range_marks(ax, df: pd.DataFrame, colour: str) -> None:
    have = df.dropna(subset=["low", "high"])
    have = have[have["high"] > have["low"]]
    if len(have):
        ax.vlines(have["year"], have["low"], have["high"], color=colour, linewidth=1.2, zorder=3)


def series_with_claims(
    lines: pd.DataFrame,
    *,
    line_meanings: dict[str, tuple[str, str]],
    line_labels: dict[str, str],
    stated: pd.DataFrame,
    derived: pd.DataFrame | None,
    later: pd.DataFrame | None,
    stated_label,
    derived_label,
    callout: tuple[float, float, str] | None,
    scale: str,
    title: str,
    subtitle: str,
    sources: Sequence[str],
    note: str | None,
    layout: Layout,
    key: Sequence[str] = (),
):
    """Official lines with the articles' points (dots, rings with ranges) and later statements.

    ``lines``: one column per series, indexed by year, each drawn in the colour of
    ``line_meanings[col]`` (a palette group and key) and labelled at its end in a
    column right of the plot, with the later statements (``later``: ``year``,
    ``value``, ``group``, and ``label``, one per group; diamonds). ``stated`` (``year``, ``value``,
    ``figure_ids``): filled dots; ``derived`` (also ``low``, ``high``): rings
    with their ranges. Points link to their evidence. ``callout`` is
    ``(x, y, text)``: a note placed beside the point ``(x, y)``. ``scale`` is
    "log_usd" or "share". ``key`` lists the marks to explain: "dot", "ring",
    "diamond".
    """
    later = (
        later if later is not None else pd.DataFrame(columns=["year", "value", "label", "group"])
    )
    derived = derived if derived is not None else pd.DataFrame(columns=["year", "value"])
    # One label per group of later statements (statements of one year too close to part).
    groups = later.groupby("group", sort=True).agg(
        year=("year", "first"), value=("value", "mean"), label=("label", "first")
    )
    end_texts = [line_labels[c] for c in lines.columns] + list(groups["label"])
    wrap_w = 1.15 if layout.narrow else 1.7
    end_texts = ["\n".join(wrap(t, layout.text, wrap_w)) for t in end_texts]
    right = column_width(end_texts, layout) + 0.1
    names = {
        "dot": ("The articles' figures", palette.colour("source", "article"), "dot"),
        "ring": ("Implied by them", palette.colour("source", "article"), "ring"),
        "diamond": ("Later statements", palette.colour("source", "later"), "diamond"),
    }
    f = frame(
        layout,
        title=title,
        subtitle=subtitle,
        sources=sources,
        note=note,
        key=[names[k] for k in key],
        right=right,
    )
    fig = f.fig
    for k in key:  # the key's colours are meanings too
        palette.use(fig, "source", "later" if k == "diamond" else "article")
    ax = f.axes()
    article = palette.use(fig, "source", "article")
    colours = {c: palette.use(fig, *line_meanings[c]) for c in lines.columns}
    for col in lines.columns:
        s = lines[col].dropna()
        ax.plot(s.index, s.values, color=colours[col], linewidth=2, solid_capstyle="round")
    x_lo = min(lines.index.min(), *stated["year"], *derived["year"]) - 0.8
    x_hi = max([lines.index.max(), *later["year"]]) + 0.8
    ax.set_xlim(x_lo, x_hi)
    values = [lines.min().min(), lines.max().max(), *stated["value"], *later["value"]]
    if scale == "log_usd":
        log_money_axis(ax, min(values) / 2, max(values) * 1.3)
    else:
        ax.set_ylim(0, max(values) * 1.15)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    year_axis(ax, layout)
    ax.tick_params(labelsize=layout.text)
    marker = 6.5 if not layout.narrow else 5.5
    if len(derived):
        _range_marks(ax, derived, article)
        rings = ax.scatter(
            derived["year"],
            derived["value"],
            s=marker**2,
            facecolors="white",
            edgecolors=article,
            linewidths=1.3,
            zorder=5,
        )
        rings.set_urls(evidence_urls(derived["figure_ids"]))
    dots = ax.scatter(stated["year"], stated["value"], s=marker**2, color=article, zorder=5)
    dots.set_urls(evidence_urls(stated["figure_ids"]))
    later_col = palette.use(fig, "source", "later") if len(later) else None
    if len(later):
        ax.scatter(
            later["year"],
            later["value"],
            s=(marker * 0.9) ** 2,
            marker="D",
            color=later_col,
            zorder=5,
        )
    # Labels: the column beside the plot first (it fixes nothing in the plot), then
    # the article points and the callout wherever they are free.
    placer = Placer(ax)
    placer.take_texts()
    for df in (stated, derived):
        placer.take_marks(df["year"], df["value"], marker + 2)
    if len(later):
        placer.take_marks(later["year"], later["value"], marker + 2)
    if len(derived):
        for _, r in derived.dropna(subset=["low", "high"]).iterrows():
            placer.take_marks([r["year"]] * 2, [r["low"], r["high"]], 3)
    marks = []
    for col, text in zip(lines.columns, end_texts, strict=False):
        s = lines[col].dropna()
        marks.append(Mark(s.index[-1], s.values[-1], text, colours[col]))
    for (_, r), text in zip(groups.iterrows(), end_texts[len(lines.columns) :], strict=True):
        marks.append(Mark(r["year"], r["value"], text, later_col))
    label_column(placer, marks, layout)
    for df, how in ((stated, stated_label), (derived, derived_label)):
        urls = evidence_urls(df["figure_ids"]) if len(df) else []
        for (_, r), url in zip(df.iterrows(), urls, strict=True):
            text = how(r)
            if layout.narrow:
                text = "\n".join(wrap(text, layout.text, 1.25))
            t = placer.place(
                (r["year"], r["value"]), text, fontsize=layout.text, color=article, zorder=6
            )
            t.set_url(url)
    if callout is not None:
        x, y, text = callout
        text = "\n".join(wrap(text, layout.text, 1.3 if layout.narrow else 1.8))
        left_first = [c for c in AROUND if c[2] == "right"] + [c for c in AROUND if c[2] != "right"]
        placer.place((x, y), text, left_first, fontsize=layout.text, color=INK, linespacing=1.05)
    fig.plotted = {"lines": lines.copy(), "stated": stated.copy(), "derived": derived.copy()}
    fig.plotted["later"] = later.copy()
    return fig


def near_groups(df: pd.DataFrame, tolerance: float) -> pd.Series:
    """A group number per row: rows of one year whose values, in order, lie within
    ``tolerance`` (a ratio, e.g. 1.06) of the one before share a group (one label)."""
    group = pd.Series(0, index=df.index)
    n = -1
    for _, g in df.sort_values(["year", "value"]).groupby("year", sort=True):
        prev = None
        for i, v in g["value"].items():
            if prev is None or v / prev > tolerance:
                n += 1
            group[i] = n
            prev = v
    return group


def dot_panels(
    panels: Sequence[tuple[str, pd.DataFrame, str, str]],
    *,
    title: str,
    subtitle: str,
    sources: Sequence[str],
    note: str | None,
    layout: Layout,
):
    """One panel of reported values (dots, no line: the years between are unknown) per measure.

    ``panels``: (panel title, frame with ``year`` and ``value``, format "usd" or
    "pct" (fractions), colour). Side by side when wide, one above the other when
    narrow; every dot carries its value.
    """
    n = len(panels)
    nrows, ncols = (n, 1) if layout.narrow else (1, n)
    f = frame(
        layout,
        title=title,
        subtitle=subtitle,
        sources=sources,
        note=note,
        plot_height=(layout.plot_height * 0.8 * n + 0.35 * (n - 1))
        if layout.narrow
        else layout.plot_height,
        left=0.5 if layout.narrow else 0.55,
        right=0.2,
    )
    fig = f.fig
    axes = np.atleast_1d(f.grid(nrows, ncols, hspace=0.45, wspace=0.3, sharex=True)).ravel()
    room = layout.text * 1.8 / 72 / fig.get_size_inches()[1]  # each panel's title, above it
    for ax in axes:
        pos = ax.get_position()
        ax.set_position([pos.x0, pos.y0, pos.width, pos.height - room])
    years = pd.concat([df["year"] for _, df, _, _ in panels])
    size = 5.5
    for ax, (name, df, fmt, colour) in zip(axes, panels, strict=True):
        ax.scatter(df["year"], df["value"], s=size**2, color=colour, zorder=4)
        ax.set_title(name, fontsize=layout.text, loc="left", color=INK, fontweight="bold")
        ax.set_xlim(years.min() - 1.5, years.max() + 1.5)
        ax.set_ylim(0, df["value"].max() * 1.3)
        year_axis(ax, layout)
        ax.tick_params(labelsize=layout.text, labelbottom=True)
        if fmt == "usd":
            money_axis(ax)
        else:
            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.yaxis.set_major_locator(FixedLocator(_nice_ticks(df["value"].max() * 1.3, 5)))
    for ax, (_, df, fmt, _) in zip(axes, panels, strict=True):
        placer = Placer(ax)
        placer.take_texts()
        placer.take_marks(df["year"], df["value"], size + 2)
        show = format_usd if fmt == "usd" else (lambda v: f"{v:.0%}")
        cands = [c for c in AROUND if c[1] > 0] + [c for c in AROUND if c[1] <= 0]
        for _, r in df.sort_values("year").iterrows():
            placer.place(
                (r["year"], r["value"]), show(r["value"]), cands, fontsize=layout.text, color=INK
            )
    fig.plotted = {name: df.copy() for name, df, _, _ in panels}
    return fig


def _nice_ticks(top: float, most: int) -> list[float]:
    """Ticks from 0 at a round step (1, 2, 2.5 or 5 times a power of ten), at most ``most``."""
    for e in range(-3, 13):
        for m in (1, 2, 2.5, 5):
            step = m * 10.0**e
            if top / step <= most:
                return [i * step for i in range(int(top // step) + 1)]
    return [0.0, top]


def highlight_bars(
    series: pd.Series,
    *,
    highlight: int,
    labelled: Sequence[int],
    colour_meaning: tuple[str, str],
    callout: str,
    title: str,
    subtitle: str,
    sources: Sequence[str],
    note: str | None,
    layout: Layout,
):
    """Bars by year in one colour, tinted except the ``highlight`` year; ``labelled`` years valued."""
    f = frame(layout, title=title, subtitle=subtitle, sources=sources, note=note, right=0.2)
    fig = f.fig
    ax = f.axes()
    colour = palette.use(fig, *colour_meaning)
    bars = ax.bar(
        series.index,
        series.values,
        width=0.75,
        color=colour,
        zorder=3,
    )
    for bar, y in zip(bars, series.index, strict=True):
        bar.set_alpha(1.0 if y == highlight else 0.4)
    money_axis(ax)
    ax.set_ylim(0, series.max() * 1.25)
    ax.yaxis.set_major_locator(FixedLocator(_nice_ticks(series.max() * 1.25, 5)))
    ax.set_xlim(series.index.min() - 0.8, series.index.max() + 0.8)
    year_axis(ax, layout)
    ax.tick_params(labelsize=layout.text)
    placer = Placer(ax)
    placer.take_texts()
    for b in bars:
        placer.taken.append(b.get_window_extent(placer.renderer))
    for y in labelled:
        ax.annotate(
            format_usd(series[y]),
            (y, series[y]),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=layout.text,
            color=INK,
            fontweight="bold" if y == highlight else "normal",
        )
    placer.take_texts()
    text = "\n".join(wrap(callout, layout.text, 1.4 if layout.narrow else 2.2))
    left = [(-10, 0, "right", "center"), (-10, -14, "right", "top"), (-10, 12, "right", "bottom")]
    placer.place((highlight - 0.4, series[highlight] * 0.9), text, left, fontsize=layout.text)
    fig.plotted = series.copy()
    return fig
