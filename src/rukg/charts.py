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
    # Text stays text in SVG: selectable, searchable, and far lighter to render in the PDF.
    "svg.fonttype": "none",
    "path.simplify": True,
    # Amounts are written "$1.7bn": a dollar sign is text, never the start of mathtext.
    "text.parse_math": False,
}


# An id that may become part of an in-page link: letters, digits and "-", "_", ".".
_LINKABLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def evidence_urls(ids) -> list[str | None]:
    """Links from chart elements to the evidence appendix: the first id of each ``;``-list.

    Only in-page links (``#ev-<id>``), and only for ids of plain letters, digits
    and ``-_.``; anything else in the cell gives no link.
    """
    from rukg.tables import evidence_anchor

    out = []
    for cell in ids:
        first = str(cell).split(";")[0].strip() if isinstance(cell, str) and cell else None
        ok = first is not None and _LINKABLE_ID.fullmatch(first)
        out.append(f"#{evidence_anchor(first)}" if ok else None)
    return out


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
    fig.rukg_title = title  # saved into the SVG's metadata; the report numbers and captions by it
    fig.text(0.02, 0.955, title, fontsize=13, fontweight="bold", color=INK, va="top")
    fig.text(0.02, 0.885, subtitle, fontsize=9.5, color=MUTED, va="top")
    footer = "Sources: " + ", ".join(sources)
    if note:
        footer += "\nNote: " + note
    # Anchored at its top just under the axis labels; a long footer grows downwards and
    # the tight bounding box at save time makes room for it.
    fig.text(0.02, 0.1, footer, fontsize=7.5, color=MUTED, va="top", wrap=True)
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
        dots = ax.scatter(
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
        if "id" in sel:
            dots.set_urls(evidence_urls(sel["id"]))
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
    file saved in ``figures/``. Every text is drawn as typed: labels, titles and
    notes carry text from the data tables, so none is read as mathtext or TeX
    (a ``$`` is a dollar sign), whatever the rcParams of the moment.
    """
    from IPython.display import SVG
    from matplotlib.text import Text

    out = out_dir or paths().figures_out
    out.mkdir(parents=True, exist_ok=True)
    svg_path, png_path = out / f"{name}.svg", out / f"{name}.png"
    # "tight" grows the canvas to fit anything still outside it instead of clipping.
    opts = {"bbox_inches": "tight", "pad_inches": 0.15}
    title = getattr(fig, "rukg_title", name)
    # Texts made so far, and those made while drawing (tick labels), are plain text.
    with matplotlib.rc_context({"text.parse_math": False, "text.usetex": False}):
        for text in fig.findobj(Text):
            text.set_parse_math(False)
            text.set_usetex(False)
        _fit_left(fig)
        fig.savefig(
            svg_path, format="svg", metadata={"Title": title, "Date": None, "Creator": None}, **opts
        )
        fig.savefig(png_path, format="png", metadata={"Title": title, "Software": None}, **opts)
    plt.close(fig)
    # For the page, let the chart scale to the column: width from the container,
    # height from the viewBox (the file in figures/ keeps its size in points).
    svg = svg_path.read_text(encoding="utf-8")
    svg = re.sub(r'<svg([^>]*?) width="[^"]+" height="[^"]+"', r'<svg\1 width="100%"', svg, count=1)
    return SVG(data=svg)


# --- money and time ------------------------------------------------------------

INSTRUMENT_COLOURS = {
    "grant": "#009E73",
    "loan": "#0072B2",
    "credit_line": "#56B4E9",
    "debt_relief": "#CC79A7",
    "debt_restructuring": "#E69F00",
    "military_aid": "#D55E00",
    "project_financing": "#000000",
    "investment": "#F0E442",
    "base_rent": "#999999",
}
# Stages of aid (rukg.ledger.STAGES): one colour each, the same in every chart.
OUTCOME_COLOURS = {
    "pledged": "#0072B2",
    "signed": "#56B4E9",
    "delivered": "#009E73",
    "cancelled": "#D55E00",
    "unresolved": "#999999",
    "never_signed": "#E69F00",
}
SERIES_COLOURS = {"KG": "#0072B2", "RU": "#D55E00", "article": "#000000", "later": "#CC79A7"}


def _money_axis(ax, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda v, _: format_usd(v) if v else "0")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def stacked_columns_panels(
    tables: dict[str, pd.DataFrame],
    *,
    labels: dict[str, str],
    colours: dict[str, str],
    title: str,
    subtitle: str,
    sources: Sequence[str],
    note: str | None = None,
) -> Figure:
    """One panel per table (side by side, shared money axis): columns by row index, stacked by column.

    Each stack carries its total as a label; series are keyed once above the panels.
    """
    fig, first = _frame(title, subtitle, sources, note)
    first.remove()
    n = len(tables)
    axes = fig.subplots(1, n, sharey=True, gridspec_kw={"wspace": 0.08})
    axes = [axes] if n == 1 else list(axes)
    fig.subplots_adjust(left=0.1, right=0.97, top=0.72, bottom=0.22)
    seen = {}
    for ax, (name, table) in zip(axes, tables.items(), strict=True):
        x = [str(i) for i in table.index]
        bottom = pd.Series(0.0, index=table.index)
        for col in table.columns:
            vals = table[col].astype(float)
            bars = ax.bar(x, vals, bottom=bottom, color=colours.get(col, MUTED), width=0.6)
            seen.setdefault(col, bars)
            bottom += vals
        for xi, total in zip(x, bottom, strict=True):
            ax.text(xi, total, format_usd(total), ha="center", va="bottom", fontsize=8, color=INK)
        ax.set_title(name, fontsize=10, loc="left", color=INK)
        _money_axis(ax)
        ax.margins(y=0.12)
    fig.legend(
        list(seen.values()),
        [labels.get(k, k) for k in seen],
        loc="upper left",
        bbox_to_anchor=(0.015, 0.84),
        ncol=len(seen),
        fontsize=7.5,
        handlelength=1.2,
        handletextpad=0.3,
        columnspacing=0.8,
    )
    fig.plotted = {k: v.copy() for k, v in tables.items()}
    return fig


def paired_bars(
    table: pd.DataFrame,
    *,
    label: str,
    series: dict[str, str],
    title: str,
    subtitle: str,
    sources: Sequence[str],
    note: str | None = None,
) -> Figure:
    """Horizontal bars side by side, one group per row, one bar per series; never stacked or summed.

    ``series`` maps column names to the labels shown; missing values draw no bar.
    """
    fig, ax = _frame(title, subtitle, sources, note)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    rows = list(range(len(table)))[::-1]
    height = 0.8 / len(series)
    for i, (col, name) in enumerate(series.items()):
        ys = [r + 0.4 - height * (i + 0.5) for r in rows]
        vals = table[col].astype(float)
        ax.barh(
            ys,
            vals.fillna(0),
            height=height * 0.95,
            color=OUTCOME_COLOURS.get(col, PALETTE[i]),
            label=name,
        )
        for y, v in zip(ys, vals, strict=True):
            if pd.notna(v):
                ax.text(v, y, " " + format_usd(v), va="center", fontsize=7.5, color=INK)
    ax.set_yticks(rows, list(table[label]))
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    _money_axis(ax, "x")
    ax.margins(x=0.15)
    _key(fig, ax)
    fig.plotted = table[[label, *series]].reset_index(drop=True)
    return fig


def step_lines(
    data: pd.DataFrame,
    *,
    group: str,
    x: str,
    y: str,
    colours: dict[str, str],
    annotations: pd.DataFrame | None = None,
    title: str,
    subtitle: str,
    sources: Sequence[str],
    note: str | None = None,
) -> Figure:
    """Running totals as step lines, labelled at their ends, with dated events marked.

    ``annotations`` has columns ``when`` (datetime) and ``label``.
    """
    fig, ax = _frame(title, subtitle, sources, note)
    end = data[x].max()
    if annotations is not None and len(annotations):
        end = max(end, annotations["when"].max())
    end = end + pd.DateOffset(years=1)
    for name, sel in data.groupby(group, sort=True):
        colour = colours.get(name, INK)
        xs = [*sel[x], end]  # carry the running total on to the end of the axis
        ys = [*sel[y], sel[y].iloc[-1]]
        ax.step(xs, ys, where="post", color=colour, linewidth=2)
        dots = ax.scatter(sel[x], sel[y], s=14, color=colour, zorder=3)
        if "figure_ids" in sel:
            dots.set_urls(evidence_urls(sel["figure_ids"]))
        ax.annotate(
            f"{name}: {format_usd(ys[-1])}",
            (end, ys[-1]),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8.5,
            color=colour,
        )
    if annotations is not None:
        # Events sit in a band above the data, one row each, so their labels never collide.
        peak = float(data[y].max())
        rows = len(annotations)
        ax.set_ylim(0, peak * (1.15 + 0.09 * rows))
        for i, (_, a) in enumerate(annotations.sort_values("when").iterrows()):
            level = peak * (1.12 + 0.09 * (rows - 1 - i))
            ax.axvline(a["when"], color=MUTED, linewidth=0.8, linestyle=":", zorder=0)
            ax.text(a["when"], level, " " + a["label"], fontsize=7.5, color=MUTED, va="center")
    _money_axis(ax)
    ax.xaxis.set_major_locator(mdates.YearLocator(4))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.margins(x=0.08)
    fig.plotted = data[[group, x, y]].reset_index(drop=True)
    return fig


def series_with_claims(
    lines: pd.DataFrame,
    *,
    line_labels: dict[str, str],
    stated: pd.DataFrame | None = None,
    derived: pd.DataFrame | None = None,
    later: pd.DataFrame | None = None,
    y_format: str = "usd",
    title: str,
    subtitle: str,
    sources: Sequence[str],
    note: str | None = None,
) -> Figure:
    """Official series as lines, the articles' figures as points on the same time axis.

    ``lines``: one column per series, indexed by year. ``stated``: columns
    ``year``, ``value`` (filled markers). ``derived``: ``year``, ``value``,
    ``low``, ``high`` (hollow markers with error bars, labelled "derived").
    ``later``: ``year``, ``value``, ``label`` (labelled diamonds, for years
    the official series do not cover).
    """
    fig, ax = _frame(title, subtitle, sources, note)
    fmt = {"usd": format_usd, "share": lambda v: f"{v:.0%}", "index": lambda v: f"{v:.0f}"}[
        y_format
    ]
    for i, col in enumerate(lines.columns):
        s = lines[col].dropna()
        colour = SERIES_COLOURS.get(col, PALETTE[i])
        ax.plot(s.index, s.values, color=colour, linewidth=2)
        ax.annotate(
            line_labels.get(col, col),
            (s.index[-1], s.values[-1]),
            xytext=(5, 0),
            textcoords="offset points",
            color=colour,
            fontsize=8.5,
            va="center",
        )
    plotted = {"lines": lines.copy()}
    if stated is not None and len(stated):
        ax.plot(
            stated["year"],
            stated["value"],
            "o",
            color=SERIES_COLOURS["article"],
            markersize=6,
            zorder=4,
        )
        for _, r in stated.iterrows():
            ax.annotate(
                f"article: {fmt(r['value'])}",
                (r["year"], r["value"]),
                xytext=(6, 6),
                textcoords="offset points",
                fontsize=7.5,
            )
        plotted["stated"] = stated.reset_index(drop=True)
    if derived is not None and len(derived):
        lo = (derived["value"] - derived["low"]).fillna(0)
        hi = (derived["high"] - derived["value"]).fillna(0)
        ax.errorbar(
            derived["year"],
            derived["value"],
            yerr=[lo, hi],
            fmt="o",
            mfc="white",
            mec=SERIES_COLOURS["article"],
            ecolor=SERIES_COLOURS["article"],
            capsize=3,
            markersize=6,
            zorder=4,
        )
        if "figure_ids" in derived:
            hollow = ax.scatter(
                derived["year"],
                derived["value"],
                s=36,
                facecolors="none",
                edgecolors="none",
                zorder=5,
            )
            hollow.set_urls(evidence_urls(derived["figure_ids"]))
        for _, r in derived.iterrows():
            ax.annotate(
                f"derived: {fmt(r['value'])}",
                (r["year"], r["value"]),
                xytext=(6, -12),
                textcoords="offset points",
                fontsize=7.5,
            )
        plotted["derived"] = derived.reset_index(drop=True)
    if later is not None and len(later):
        # Later statements are keyed by letter beside the point and named in the footer,
        # which keeps crowded years legible.
        later = later.sort_values(["year", "value"]).reset_index(drop=True)
        keys = [chr(ord("a") + i) for i in range(len(later))]
        ax.plot(
            later["year"],
            later["value"],
            "D",
            color=SERIES_COLOURS["later"],
            markersize=5,
            zorder=4,
        )
        for key, (_, r) in zip(keys, later.iterrows(), strict=True):
            ax.annotate(
                key,
                (r["year"], r["value"]),
                xytext=(5, 0),
                textcoords="offset points",
                fontsize=7.5,
                va="center",
                color=SERIES_COLOURS["later"],
            )
        legend = "; ".join(
            f"{k}: {r['label']}" for k, (_, r) in zip(keys, later.iterrows(), strict=True)
        )
        footer = fig.texts[-1]
        footer.set_text(footer.get_text() + "\nLater statements (diamonds): " + legend)
        plotted["later"] = later.assign(key=keys)
    if y_format == "usd":
        _money_axis(ax)
    elif y_format == "share":
        from matplotlib.ticker import PercentFormatter

        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylim(bottom=0)
    ax.margins(x=0.06)
    fig.plotted = plotted
    return fig


def small_multiples(
    panels: dict[str, pd.DataFrame],
    *,
    formats: dict[str, str],
    title: str,
    subtitle: str,
    sources: Sequence[str],
    note: str | None = None,
    ncols: int = 2,
) -> Figure:
    """One small line panel per indicator (columns ``year``, ``value``; optional ``kind`` "point").

    ``formats`` gives each panel's number format: "usd", "pct" (fractions) or "index".
    """
    fig, first = _frame(title, subtitle, sources, note)
    first.remove()
    n = len(panels)
    nrows = -(-n // ncols)
    axes = fig.subplots(
        nrows, ncols, sharex=True, gridspec_kw={"hspace": 0.45, "wspace": 0.25}
    ).ravel()
    fig.subplots_adjust(left=0.1, right=0.97, top=0.78, bottom=0.2)
    for ax, (name, df) in zip(axes, panels.items(), strict=False):
        ax.plot(
            df["year"], df["value"], color=PALETTE[0], linewidth=1.8, marker="o", markersize=2.5
        )
        ax.set_title(name, fontsize=9.5, loc="left", color=INK)
        f = formats.get(name, "index")
        if f == "usd":
            _money_axis(ax)
        elif f == "pct":
            from matplotlib.ticker import PercentFormatter

            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_ylim(bottom=0)
    for ax in axes[n:]:
        ax.set_visible(False)
    fig.plotted = {k: v.copy() for k, v in panels.items()}
    return fig


def spans_timeline(
    spans: pd.DataFrame,
    *,
    lanes: Sequence[str],
    lane_labels: dict[str, str] | None = None,
    colours: dict[str, str] | None = None,
    events: pd.DataFrame | None = None,
    title: str,
    subtitle: str,
    sources: Sequence[str],
    note: str | None = None,
) -> Figure:
    """Spans of time as bars in lanes (terms of office, military presence), events as dots over them.

    ``spans``: columns ``lane``, ``start``, ``end`` (datetimes), ``label`` and
    optionally ``projected`` (bool: drawn hatched, e.g. a treaty's future term).
    ``events``: columns ``lane``, ``when``, ``category`` (coloured by category).
    """
    fig, ax = _frame(title, subtitle, sources, note)
    ys = {lane: i for i, lane in enumerate(reversed(list(lanes)))}
    for i, (_, s) in enumerate(spans.iterrows()):
        y = ys[s["lane"]]
        colour = (colours or {}).get(s.get("colour_key", s["lane"]), PALETTE[i % 2 * 5])
        width = s["end"] - s["start"]
        projected = bool(s.get("projected", False))
        ax.barh(
            y,
            width,
            left=s["start"],
            height=0.55,
            color="white" if projected else colour,
            edgecolor=colour,
            hatch="///" if projected else None,
            alpha=0.9 if projected else 0.35,
            linewidth=0.8,
        )
        ax.text(
            s["start"] + width / 2,
            y + 0.36 * (1 if i % 2 else -1),
            s["label"],
            ha="center",
            va="center",
            fontsize=7,
            color=INK,
        )
    if events is not None and len(events):
        for category, colour in CATEGORY_COLOURS.items():
            sel = events[events["category"] == category]
            if len(sel):
                dots = ax.scatter(
                    sel["when"],
                    sel["lane"].map(ys),
                    s=22,
                    color=colour,
                    edgecolor="white",
                    linewidth=0.5,
                    zorder=4,
                    label=f"event: {category}",
                )
                if "event_id" in sel:
                    dots.set_urls(evidence_urls(sel["event_id"]))
        _key(fig, ax)
    ax.set_yticks(list(ys.values()), [(lane_labels or {}).get(k, k) for k in ys])
    ax.set_ylim(-0.8, len(ys) - 0.2)
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_locator(mdates.YearLocator(4))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    plotted = {"spans": spans.reset_index(drop=True)}
    if events is not None:
        plotted["events"] = events.reset_index(drop=True)
    fig.plotted = plotted
    return fig


def dot_matrix(
    counts: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    sources: Sequence[str],
    note: str | None = None,
    row_groups: dict[str, str] | None = None,
) -> Figure:
    """Counts as dots sized by value: rows (terms) by columns (sources), each dot labelled with its count."""
    fig, ax = _frame(title, subtitle, sources, note)
    fig.set_size_inches(WIDTH_IN, HEIGHT_IN + 1.2)
    rows = list(counts.index)[::-1]
    cols = list(counts.columns)
    peak = max(float(counts.to_numpy().max()), 1.0)
    for yi, row in enumerate(rows):
        for xi, col in enumerate(cols):
            v = float(counts.loc[row, col])
            if v <= 0:
                continue
            ax.scatter(
                xi, yi, s=40 + 360 * v / peak, color=PALETTE[0], alpha=0.75, edgecolor="white"
            )
            ax.text(xi, yi, f"{v:.0f}", ha="center", va="center", fontsize=7, color="white")
    ax.set_xticks(range(len(cols)), cols, fontsize=8)
    labels = [f"{r} ({row_groups[r]})" if row_groups else r for r in rows]
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.set_xlim(-0.6, len(cols) - 0.4)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.grid(axis="y", visible=True)
    ax.spines["left"].set_visible(False)
    ax.tick_params(length=0)
    fig.plotted = counts.copy()
    return fig
