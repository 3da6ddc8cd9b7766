"""The facility map: Kyrgyzstan, its lakes and rivers, Russia's facilities and the towns.

Equirectangular projection: longitude and latitude in degrees, one degree of
longitude drawn cos(mean latitude of the view) as wide as a degree of latitude,
true to scale at the view's middle parallel. Places outside the view (the
capitals abroad) get an arrow on the map's edge, at the point nearest each,
labelled with the name and the great-circle distance from Bishkek.

Labels are placed by rule, not by hand: each is tried at positions around its
point (right, left, above, below, then the diagonals, then the same further
out) and put at the first whose box stays inside the map and touches no other
label, no marker and no line (borders, rivers, lake shores, arrows, the scale
bar). Borders and rivers are drawn as lines, so :mod:`rukg.present.figcheck`
fails the map if one runs through a label. Facilities are labelled first, then
the US base, the lakes, the towns and the countries; a town or country that
finds no room is left out (the town's marker too), a facility never is.
On the narrow map facilities carry their names only; a note says what each is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox

from rukg.present import palette
from rukg.present.frame import WIDE, Layout, frame
from rukg.present.palette import INK, MUTED
from rukg.present.placement import Room, label_offsets, place_all
from rukg.present.svg import evidence_urls
from rukg.reference import places as geo

__all__ = ["facility_map", "ROLE_STYLE", "COUNTRY_LABEL_AT"]

BORDER = "#bbbbbb"  # neighbours' borders (neutral); Kyrgyzstan's is MUTED

# Marker, size (points) and palette meaning per role; cities are small ink dots.
ROLE_STYLE = {
    "Russian facility": ("D", 6.5, ("entity", "RU")),
    "Former US base": ("s", 6.5, ("entity", "US")),
    "City": ("o", 4.5, None),
    "Capital abroad": ("o", 4.5, None),
}

# Where each country's name is tried first (lon, lat), in an empty part of the country.
COUNTRY_LABEL_AT = {
    "KGZ": (75.2, 41.45),
    "KAZ": (76.6, 43.55),
    "UZB": (69.75, 41.55),
    "TJK": (71.6, 38.95),
    "CHN": (78.9, 40.0),
}

LAKE_LABEL_DEG = 1.0
ORDER = {
    "City": 0,
    "Capital abroad": 0,
    "Former US base": 1,
    "Russian facility": 2,
}  # lakes at least this wide (degrees of longitude) are named


def _halo(layout: Layout) -> list:
    return [patheffects.withStroke(linewidth=2.4, foreground="white")]


def _runs(ring: np.ndarray, extent, margin: float = 0.3) -> list[np.ndarray]:
    """The parts of a line that fall in the view (with one point beyond each end)."""
    x0, x1, y0, y1 = extent
    x, y = ring[:, 0], ring[:, 1]
    inside = (x > x0 - margin) & (x < x1 + margin) & (y > y0 - margin) & (y < y1 + margin)
    keep = inside.copy()
    keep[1:] |= inside[:-1]
    keep[:-1] |= inside[1:]
    out, start = [], None
    for i, k in enumerate([*keep, False]):
        if k and start is None:
            start = i
        elif not k and start is not None:
            if i - start > 1:
                out.append(ring[start:i])
            start = None
    return out


def _compound_path(rings: Sequence[np.ndarray]) -> MplPath:
    verts, codes = [], []
    for ring in rings:
        verts.append(ring)
        c = np.full(len(ring), MplPath.LINETO, dtype=MplPath.code_type)
        c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
        codes.append(c)
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def _ground(fig, ax, room: Room, boundaries, lakes, rivers, extent) -> None:
    """Kyrgyzstan filled, lakes, rivers and borders (as lines the checks and the labels see)."""
    land, water = palette.use(fig, "map", "land"), palette.use(fig, "map", "water")
    ax.add_patch(
        PathPatch(_compound_path(boundaries["KGZ"]), facecolor=land, edgecolor="none", zorder=1)
    )
    for rings in lakes.values():
        if any(_runs(r, extent) for r in rings):
            ax.add_patch(
                PathPatch(_compound_path(rings), facecolor=water, edgecolor="none", zorder=3)
            )
    runs = [run for line in rivers for run in _runs(line, extent)]
    ax.add_collection(LineCollection(runs, colors=water, linewidths=0.8, zorder=2))
    room.soft += [MplPath(ax.transData.transform(run)) for run in runs]
    for code, rings in boundaries.items():
        kgz = code == "KGZ"
        for ring in rings:
            for run in _runs(ring, extent):
                ax.plot(
                    run[:, 0],
                    run[:, 1],
                    color=MUTED if kgz else BORDER,
                    linewidth=0.9 if kgz else 0.7,
                    zorder=4 if kgz else 3.5,
                )
                room.add_line(run)


def _marker(fig, p: pd.Series, layout: Layout) -> dict:
    marker, size, meaning = ROLE_STYLE[p["role"]]
    colour = palette.use(fig, *meaning) if meaning else INK
    scale = 0.85 if layout.narrow else 1.0
    if p["marks_town"]:  # a ring: the point is the town's, not the site's
        return dict(color=colour, marker="o", markersize=6 * scale, markerfacecolor="white",
                    markeredgecolor=colour, markeredgewidth=1.4)  # fmt: skip
    return dict(color=colour, marker=marker, markersize=size * scale, markerfacecolor=colour,
                markeredgecolor="white", markeredgewidth=0.6)  # fmt: skip


def _edge_arrow(ax, room: Room, p: pd.Series, ref: pd.Series, extent, layout: Layout) -> None:
    """An arrow on the view's edge pointing towards ``p``, its name and distance at the tail."""
    x0, x1, y0, y1 = extent
    ix, iy = 0.012 * (x1 - x0), 0.02 * (y1 - y0)
    tip = (min(max(p["lon"], x0 + ix), x1 - ix), min(max(p["lat"], y0 + iy), y1 - iy))
    a, b = ax.transData.transform(tip), ax.transData.transform((p["lon"], p["lat"]))
    ux, uy = (b - a) / np.hypot(*(b - a))
    km = round(geo.haversine_km(ref["lat"], ref["lon"], p["lat"], p["lon"]), -1)
    name = ref["short_label"]
    variants = [
        f"{p['short_label']}\n{km:,.0f} km from {name}",
        f"{p['short_label']}\n{km:,.0f} km",
    ]
    ha = "left" if ux < -0.3 else "right" if ux > 0.3 else "center"
    va = "bottom" if uy < -0.3 else "top" if uy > 0.3 else "center"
    if ha == "center":
        ha = "left" if tip[0] < (x0 + x1) / 2 else "right"
    side = 1 if ha == "left" else -1
    for length in (22, 16, 30, 40):
        tx, ty = -ux * length, -uy * length  # the tail, in points from the tip
        offsets = [  # beyond the tail, beside it, below or above it
            (tx - ux * 3, ty - uy * 3, ha, va),
            (tx + side * 4, ty, ha, "center"),
            (tx, ty - 4, ha, "top"),
            (tx, ty + 4, ha, "bottom"),
        ]
        t = room.place(tip, variants, offsets, fontsize=layout.text, color=INK,
                       linespacing=1.1, path_effects=_halo(layout), zorder=9)  # fmt: skip
        if t is None:
            continue
        ax.annotate("", xy=tip, xytext=(tx, ty), textcoords="offset points",
                    arrowprops={"arrowstyle": "-|>", "color": INK, "linewidth": 1.0,
                                "shrinkA": 0, "shrinkB": 0}, zorder=9)  # fmt: skip
        tail = a - np.array([ux, uy]) * length * ax.figure.dpi / 72
        room.lines.append(MplPath(np.array([a, tail])))
        return
    raise ValueError(f"no room on the map's edge for the arrow to {p['name']}")


def _scale_bar(ax, room: Room, extent, layout: Layout) -> None:
    """100 km at the middle parallel, in the first free corner (bottom right first)."""
    x0, x1, y0, y1 = extent
    bar = 100 / (111.32 * math.cos(math.radians((y0 + y1) / 2)))
    dx, dy = 0.03 * (x1 - x0), 0.05 * (y1 - y0)
    spots = [(x1 - dx - bar - i * bar / 2, y0 + j * dy) for j in (1, 2) for i in range(10)]
    for sx, sy in spots + [(x1 - dx - bar, y1 - 2 * dy)]:
        seg = np.array([[sx, sy], [sx + bar, sy]])
        px = ax.transData.transform(seg)
        if not room.free(Bbox.from_extents(px[0, 0], px[0, 1] - 1, px[1, 0], px[1, 1] + 1)):
            continue
        if room.crosses_soft(Bbox.from_extents(px[0, 0], px[0, 1] - 1, px[1, 0], px[1, 1] + 1)):
            continue
        t = room.place((sx + bar / 2, sy), ["100 km"], [(0, 3, "center", "bottom")],
                       fontsize=layout.small, color=INK)  # fmt: skip
        if t is not None:
            ax.plot(seg[:, 0], seg[:, 1], color=INK, linewidth=1.6, solid_capstyle="butt", zorder=8)
            room.add_line(seg)
            return


def _notes(shown: pd.DataFrame, away: pd.DataFrame, layout: Layout, note: str | None) -> str:
    notes = [note] if note else []
    if layout.narrow:
        what = shown[shown["what"] != ""]
        notes.append("; ".join(f"{r.short_label}: {r.what}" for r in what.itertuples()) + ".")
    if shown["marks_town"].any():
        notes.append("Rings: the facility's own site is not sourced; the point marks its town.")
    if len(away):
        names = " and ".join(away["short_label"])
        verb, them = ("lies", "it") if len(away) == 1 else ("lie", "them")
        notes.append(
            f"{names} {verb} outside the map; an arrow points towards {them} (great-circle km)."
        )
    notes.append(
        "De facto boundaries (Natural Earth 1:50m); parts of the Kyrgyz–Tajik border in Batken "
        "Region are disputed."
    )
    return " ".join(notes)


def facility_map(
    boundaries: dict[str, list[np.ndarray]],
    places: pd.DataFrame,
    *,
    lakes: dict[str, list[np.ndarray]] | None = None,
    rivers: Sequence[np.ndarray] = (),
    title: str,
    subtitle: str,
    sources: Sequence[str],
    note: str | None = None,
    layout: Layout = WIDE,
) -> Figure:
    """Kyrgyzstan with ``places`` (from :func:`rukg.reference.places.map_places`) marked by role.

    ``fig.plotted``: the places drawn on the map; ``fig.off_map``: those shown by an
    arrow; ``fig.labels``: each labelled place's id and its label (a Text).
    """
    lakes = lakes or {}
    extent = geo.view_extent(boundaries, places)
    x0, x1, y0, y1 = extent
    aspect = 1 / math.cos(math.radians((y0 + y1) / 2))
    inside = geo.in_view(places, extent)
    shown, away = places[inside].reset_index(drop=True), places[~inside].reset_index(drop=True)

    key = [("Russian facility", palette.colour("entity", "RU"), "diamond")]
    if shown["marks_town"].any():
        key.append(
            ("Russian facility, located by its town", palette.colour("entity", "RU"), "ring")
        )
    if (shown["role"] == "Former US base").any():
        key.append(("Former US base", palette.colour("entity", "US"), "box"))
    key.append(("City", INK, "dot"))
    margin = 0.06
    map_w = layout.width - 2 * margin
    map_h = map_w * (y1 - y0) * aspect / (x1 - x0)
    fr = frame(layout, title=title, subtitle=subtitle, sources=sources,
               note=_notes(shown, away, layout, note), key=key, plot_height=map_h,
               left=margin, right=margin, bottom_room=0.04)  # fmt: skip
    fig, ax = fr.fig, fr.axes()
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(aspect)
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(BORDER)
        spine.set_linewidth(0.8)
    fig.draw_without_rendering()  # fixes the axes box: the labels are placed in display pixels
    room = Room(
        ax,
        lambda lon, lat: next(
            (c for c in boundaries if geo.contains(boundaries, c, lon, lat)), None
        ),
    )
    _ground(fig, ax, room, boundaries, lakes, rivers, extent)

    marks = {}
    urls = evidence_urls(shown["evidence"])
    for (_, p), url in zip(shown.iterrows(), urls, strict=True):
        (line,) = ax.plot(p["lon"], p["lat"], linestyle="none", zorder=6 + ORDER[p["role"]],
                          **_marker(fig, p, layout))  # fmt: skip
        if url:
            line.set_url(url)
        marks[p["id"]] = line
        room.add_mark(p["lon"], p["lat"], line.get_markersize())

    reference = places[places["name"].str.startswith("Bishkek")].iloc[0]
    for _, p in away.iterrows():
        _edge_arrow(ax, room, p, reference, extent, layout)
    _scale_bar(ax, room, extent, layout)

    halo = _halo(layout)
    items = []  # (id, required, xy, variants, offsets, text style, shore) in order of importance
    for _, p in shown.sort_values("role", key=lambda s: -s.map(ORDER), kind="stable").iterrows():
        city = p["role"] in ("City", "Capital abroad")
        if layout.narrow or not p["what"]:
            variants = [p["short_label"]]
        else:
            variants = [p["label"], p["label"].replace(f" {p['what']}", f"\n{p['what']}")]
        style = {"color": INK if city else palette.colour(*ROLE_STYLE[p["role"]][2]),
                 "fontweight": "normal" if city else "bold"}  # fmt: skip
        gap = marks[p["id"]].get_markersize() / 2 + 3
        required = not city or p["id"] == reference["id"]
        offsets = label_offsets(gap, far=() if city else (4, 5.5))
        items.append((p["id"], required, (p["lon"], p["lat"]), variants, offsets, style, []))
    sites = int((~shown["role"].isin(["City", "Capital abroad"])).sum())
    for name, rings in lakes.items():
        pts = np.concatenate(rings)
        c = ((pts[:, 0].min() + pts[:, 0].max()) / 2, (pts[:, 1].min() + pts[:, 1].max()) / 2)
        if x0 < c[0] < x1 and y0 < c[1] < y1 and np.ptp(pts[:, 0]) >= LAKE_LABEL_DEG:
            shore = [MplPath(ax.transData.transform(r)) for r in rings]
            style = {"color": MUTED, "fontstyle": "italic"}
            at = [(0, 0, "center", "center", False), *label_offsets(10)]
            # After the facilities and the base, before the towns.
            items.insert(sites, (f"lake:{name}", False, c, [name], at, style, shore))
    labels = place_all(room, items, {"fontsize": layout.text, "linespacing": 1.05,
                                      "path_effects": halo, "zorder": 10})  # fmt: skip
    for pid, line in marks.items():
        if pid not in labels:  # a town with no room for its name: no dot either
            line.remove()
    for code, (lon, lat) in COUNTRY_LABEL_AT.items():
        kgz = code == "KGZ"
        text = geo.COUNTRY_NAMES[code].upper() if kgz else geo.COUNTRY_NAMES[code]
        shifts = [(dx, dy, "center", "center") for dy in (0, -10, 10, -20, 20)
                  for dx in (0, -25, 25, -50, 50, -75, 75)]  # fmt: skip
        room.place((lon, lat), [text], shifts, fontsize=layout.text, color=MUTED,
                   fontstyle="normal" if kgz else "italic",
                   fontweight="bold" if kgz else "normal", zorder=5)  # fmt: skip

    fig.plotted = shown[shown["id"].isin(set(labels))].reset_index(drop=True)
    fig.off_map = away
    fig.labels = labels
    return fig
