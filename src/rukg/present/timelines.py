"""Chart kinds over time: bands in lanes with labelled events, and dot lanes.

Everything is laid out in inches before it is drawn: the plot area's height is
the sum of the rows its labels need, and the y axis of a lane chart runs in
inches, so a label's box is known from its measured width and never guessed.
Labels go inside a band where they fit and otherwise into rows packed by rule
(first row where the label's box, with a margin, touches no other box); an event
sits on its own row with its label beside it, so no leader line crosses text.
Every mark that stands for catalogue rows links to its evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib.colors import to_rgb

from rukg.present.frame import KeyEntry, Layout, frame, plain_axis, year_axis
from rukg.present.measure import line_height, text_width, wrap
from rukg.present.palette import INK, MUTED

__all__ = [
    "Segment",
    "Lane",
    "Event",
    "decimal_year",
    "pack",
    "lanes_chart",
    "dot_lanes",
]

BAR = 0.22  # height of a band, inches
PAD = 0.08  # least gap between two label boxes on one row, inches
DOT = 5.5  # diameter of an event dot, points


@dataclass
class Segment:
    """A stretch of a band: a term of office, a base, a treaty's term."""

    start: float  # decimal years
    end: float
    colour: str
    label: str = ""
    projected: bool = False  # hatched and light: a term still to come
    url: str | None = None


@dataclass
class Lane:
    name: str
    segments: list[Segment]


@dataclass
class Event:
    when: float  # decimal years
    label: str
    colour: str
    url: str | None = None


def decimal_year(when) -> float:
    """A date as a decimal year (2017-01-29 -> 2017.08), for a time axis in years."""
    t = pd.Timestamp(when)
    start = pd.Timestamp(year=t.year, month=1, day=1)
    days = 366 if t.is_leap_year else 365
    return t.year + (t - start).days / days


def pack(boxes: Sequence[tuple[float, float]], pad: float = 0.0) -> list[int]:
    """The row of each box (x0, x1): the first row where it clears every box already there by ``pad``."""
    rows: list[list[tuple[float, float]]] = []
    out = []
    for x0, x1 in boxes:
        for i, row in enumerate(rows):
            if all(x1 + pad <= a or x0 - pad >= b for a, b in row):
                row.append((x0, x1))
                out.append(i)
                break
        else:
            rows.append([(x0, x1)])
            out.append(len(rows) - 1)
    return out


def _event_items(events, x0, x1, per_in, size):
    """Each event's box (data units), text lines and side, its label beside its dot."""
    r = DOT / 2 / 72 + 0.04  # dot radius and gap, inches
    items = []
    for e in sorted(events, key=lambda e: e.when):
        room_r = (x1 - e.when) / per_in - r - 0.02
        room_l = (e.when - x0) / per_in - r - 0.02
        w = text_width(e.label, size)
        side = "right" if room_r >= w or room_r >= room_l else "left"
        lines = wrap(e.label, size, min(w + 0.01, room_r if side == "right" else room_l))
        w = max(text_width(line, size) for line in lines)
        if side == "right":
            box = (e.when - r * per_in, e.when + (r + w) * per_in)
        else:
            box = (e.when - (r + w) * per_in, e.when + r * per_in)
        items.append((e, box, lines, side))
    return items, r


def lanes_chart(
    layout: Layout,
    *,
    title: str,
    subtitle: str,
    sources: Sequence[str],
    xlim: tuple[float, float],
    lanes: Sequence[Lane],
    events: Sequence[Event] = (),
    events_name: str = "",
    shade: tuple[float, float, str] | None = None,
    note: str | None = None,
    key: Sequence[KeyEntry] = (),
):
    """Bands in lanes (top down), then the events, one row each where they crowd.

    ``shade`` = (start, end, label): a grey column behind the lanes, named at its top.
    """
    size = layout.text
    lh = line_height(size)
    names = [lane.name for lane in lanes] + ([events_name] if events_name else [])
    left = max(text_width(n, size) for n in names) + 0.15
    right = 0.12
    aw = layout.width - left - right
    x0, x1 = xlim
    per_in = (x1 - x0) / aw

    plan = []  # (lane, inside labels, outside rows)
    height = 0.08
    if shade:
        height += lh + 0.06
    for lane in lanes:
        inside, outside = [], []
        for s in lane.segments:
            if not s.label:
                continue
            w = text_width(s.label, size)
            if not s.projected and w + 0.1 <= (min(s.end, x1) - max(s.start, x0)) / per_in:
                inside.append(s)
            else:
                mid = (max(s.start, x0) + min(s.end, x1)) / 2
                a = min(max(mid - w / 2 * per_in, x0), x1 - w * per_in)
                outside.append((s, (a, a + w * per_in)))
        rows = pack([b for _, b in outside], PAD * per_in)
        n_rows = max(rows) + 1 if rows else 0
        plan.append((lane, inside, outside, rows, n_rows))
        height += n_rows * (lh + 0.04) + BAR + 0.14
    items, r = _event_items(events, x0, x1, per_in, size)
    ev_rows = pack([b for _, b, _, _ in items], PAD * per_in)
    row_lines = {}
    for (_, _, lines, _), row in zip(items, ev_rows, strict=True):
        row_lines[row] = max(row_lines.get(row, 1), len(lines))
    ev_h = [row_lines[i] * lh + 0.07 for i in range(len(row_lines))]
    height += sum(ev_h) + (0.06 if items else 0)

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
    fig = fr.fig
    ax = fr.axes()
    ax.set_xlim(x0, x1)
    ax.set_ylim(0, height)
    plain_axis(ax, grid="none")
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    year_axis(ax, layout)
    ticks, tick_names = [], []
    y = height - 0.06
    if shade:
        a, b, text = shade
        ax.axvspan(a, b, color="#f2f2f2", zorder=0, lw=0)
        ax.text((a + b) / 2, y - lh / 2, text, ha="center", va="center", fontsize=size, color=MUTED)
        y -= lh + 0.06
    for lane, inside, outside, rows, n_rows in plan:
        for (s, (a, _)), row in zip(outside, rows, strict=True):
            ty = y - (n_rows - 1 - row) * (lh + 0.04) - lh / 2
            ax.text(a, ty, s.label, ha="left", va="center", fontsize=size, color=INK)
        y -= n_rows * (lh + 0.04) + 0.02
        yc = y - BAR / 2
        for s in lane.segments:
            bar = ax.barh(
                yc,
                s.end - s.start,
                left=s.start,
                height=BAR,
                color=(*to_rgb(s.colour), 0.22) if s.projected else s.colour,
                edgecolor="white",
                hatch="////" if s.projected else None,
                hatchcolor=s.colour,
                linewidth=1.0,
                zorder=2,
            )[0]
            if s.url:
                bar.set_url(s.url)
        for s in inside:
            ax.text(
                (max(s.start, x0) + min(s.end, x1)) / 2,
                yc,
                s.label,
                ha="center",
                va="center",
                fontsize=size,
                color=INK if s.projected else "white",
                gid=f"inside:{lane.name}",
                zorder=3,
            )
        ticks.append(yc)
        tick_names.append(lane.name)
        y -= BAR + 0.12
    y -= 0.06 if items else 0
    row_y = []
    for h in ev_h:
        row_y.append(y - h / 2)
        y -= h
    for (e, _, lines, side), row in zip(items, ev_rows, strict=True):
        ey = row_y[row]
        dot = ax.scatter(
            [e.when], [ey], s=DOT**2, color=e.colour, edgecolor="white", lw=0.6, zorder=4
        )
        if e.url:
            dot.set_urls([e.url])
        off = r * per_in
        ax.text(
            e.when + off if side == "right" else e.when - off,
            ey,
            "\n".join(lines),
            ha="left" if side == "right" else "right",
            va="center",
            fontsize=size,
            color=INK,
            linespacing=1.0,
        )
    if items and events_name:
        ticks.append(row_y[0])
        tick_names.append(events_name)
    ax.set_yticks(ticks, tick_names, fontsize=size)
    fig.plotted = {"lanes": list(lanes), "events": list(events), "event_rows": ev_rows}
    return fig


def dot_lanes(
    layout: Layout,
    *,
    title: str,
    subtitle: str,
    sources: Sequence[str],
    lanes: Sequence[str],
    events: pd.DataFrame,
    note: str | None = None,
    key: Sequence[KeyEntry] = (),
):
    """Dots in one lane each (``events``: lane, x in decimal years, colour, url, and
    optionally ``hollow``: drawn as a ring), stacked up and down where two would touch, so
    every dot stays visible and clickable."""
    size = layout.text
    left = max(text_width(n, size) for n in lanes) + 0.15
    right = 0.15
    x0 = float(events["x"].min()) - 1
    x1 = float(events["x"].max()) + 1
    per_in = (x1 - x0) / max(layout.width - left - right, layout.width / 2)  # as frame clamps
    step = 0.075  # inches between stacked dots
    level = pd.Series(0, index=events.index)
    for _, group in events.sort_values("x").groupby("lane", sort=False):
        placed: list[tuple[float, int]] = []
        for i, x in group["x"].items():
            near = {lv for px, lv in placed if abs(px - x) < step * per_in}
            free = (v for v in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5) if v not in near)
            lv = next(free, None)
            if lv is None:  # a crowd beyond five levels stacks on upwards
                lv = max(abs(v) for v in near) + 1
            placed.append((x, lv))
            level[i] = lv
    spread = max(int(level.abs().max()), 1)
    lane_h = max((2 * spread + 1) * step + 0.1, line_height(size) + 0.1)
    height = lane_h * len(lanes)
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
    ax.set_xlim(x0, x1)
    ax.set_ylim(0, height)
    centre = {lane: height - (i + 0.5) * lane_h for i, lane in enumerate(lanes)}
    ys = events["lane"].map(centre) + level * step
    hollow = events["hollow"] if "hollow" in events else pd.Series(False, index=events.index)
    colours = list(events["colour"])
    dots = ax.scatter(
        events["x"],
        ys,
        s=DOT**2,
        facecolors=["white" if h else c for h, c in zip(hollow, colours, strict=True)],
        edgecolors=[c if h else "white" for h, c in zip(hollow, colours, strict=True)],
        lw=[1.0 if h else 0.5 for h in hollow],
        zorder=3,
    )
    dots.set_urls(list(events["url"]))
    ax.set_yticks(list(centre.values()), list(centre), fontsize=size)
    ax.grid(axis="y", visible=True)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    year_axis(ax, layout)
    fr.fig.plotted = events.assign(level=level)
    return fr.fig
