"""Where the facilities are: boundaries, places and a map of Kyrgyzstan.

Data
----
``data/reference/boundaries/ne_50m_admin0_kgz_neighbours.geojson`` holds the
Natural Earth 1:50m admin-0 polygons of Kyrgyzstan and its neighbours (KGZ,
KAZ, UZB, TJK, CHN, RUS, AFG), keyed by the ``ADM0_A3`` property, as Polygon
and MultiPolygon geometries. Kyrgyzstan's polygon has three holes: the Uzbek
enclaves of Sokh and Shakhimardan and the Tajik enclave of Vorukh, which are
also separate polygons of UZB and TJK. The boundaries are *de facto* lines as
Natural Earth draws them, not a statement on sovereignty: parts of the
Kyrgyz–Tajik border in Batken Region are disputed (the 2021 and 2022 clashes
were fought over them), and the 1:50m lines are generalised to a few
kilometres. Lakes are not in the layer, so Issyk-Kul is not drawn.

``data/reference/facts/places.csv`` holds one row per place with its
coordinates and where they come from (publisher, revision or date, URL) and a
``precision_note`` saying what the point marks.

Roles
-----
A place's role is read from its ``kind`` (split at "/" into parts) and ``name``:

* a part "former US base" → "Former US base" (Manas);
* a part naming a military installation ("military airbase", "naval test
  site", "seismic station", "naval communications") and "Russian" in the
  name → "Russian facility" (Kant, Koy-Sary, Mailuu-Suu, Kara-Balta/Chaldovar);
* a part "capital city", "city" or "town" → "City" if the point lies in
  Kyrgyzstan, else "Capital abroad" (Moscow, Dushanbe);

checked in that order, so "town / seismic station" is a facility, not a town.
An installation not named as Russian, or a kind with none of these parts, has
no role and :func:`map_places` raises ``ValueError`` naming the row.

marks_town
----------
For a city the town is the site, so ``marks_town`` is False for every "City"
and "Capital abroad". For a facility or base it is True when the precision note
says the coordinates are a settlement's rather than the site's: the note
contains the word "town", "city" or "settlement" (any case), or "approximate".
Checked by hand against all eleven rows: True only for Mailuu-Suu ("TOWN
coordinates, not station site") and Kara-Balta/Chaldovar ("KARA-BALTA TOWN
coordinates ... exact transmitter site not sourced"); the notes for Kant
("airfield reference point"), Koy-Sary (coordinates "as given by
GlobalSecurity") and Manas (airport coordinates) describe the site itself. The
city rows' notes ("city centre point", "arc-minute precision") are about
precision, not about the town standing in for a site.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from rukg import datasets
from rukg.charts import INK, MUTED, _frame
from rukg.config import Paths

__all__ = [
    "BOUNDARIES_FILE",
    "PLACES_FILE",
    "ROLES",
    "ROLE_STYLE",
    "COUNTRY_NAMES",
    "LABEL_OFFSETS",
    "load_boundaries",
    "contains",
    "map_places",
    "view_extent",
    "in_view",
    "facility_map",
]

# Relative to data/reference/; datasets.py names each file once (and checks it).
BOUNDARIES_FILE = datasets.BOUNDARIES[2:]
PLACES_FILE = datasets.TABLES["places"].parts[2:]

ROLES = ("Russian facility", "Former US base", "City", "Capital abroad")

# Parts of the `kind` column (split at "/") and the role each points to.
_US_BASE_KINDS = {"former us base"}
_FACILITY_KINDS = {"military airbase", "naval test site", "seismic station", "naval communications"}
_SETTLEMENT_KINDS = {"capital city", "city", "town"}

# The precision-note words that say the point is a settlement's, not the site's.
_TOWN_WORDS = re.compile(r"\b(town|city|settlement)\b|approximate", re.IGNORECASE)

# Short map labels; "(town)" is added where the point marks the town. A place not
# listed here is labelled with its name up to the first "(" or ":".
SHORT_LABELS = {
    "L02": "Kant air base",
    "L05": "Koy-Sary naval test site\n(Lake Issyk-Kul)",
    "L06": "Mailuu-Suu seismic station",
    "L07": "Kara-Balta/Chaldovar\nnaval comms centre",
    "L08": "Manas airport\n(former US base)",
}

COUNTRY_NAMES = {
    "KGZ": "Kyrgyzstan",
    "KAZ": "Kazakhstan",
    "UZB": "Uzbekistan",
    "TJK": "Tajikistan",
    "CHN": "China",
    "AFG": "Afghanistan",
    "RUS": "Russia",
}

# Where each country's name is written (lon, lat), in an empty part of the country;
# a name is written only if its point is inside the view and inside the country.
_COUNTRY_LABEL_AT = {
    "KGZ": (75.2, 41.45),
    "KAZ": (76.6, 43.55),
    "UZB": (69.75, 41.55),
    "TJK": (71.6, 38.95),
    "CHN": (78.9, 40.0),
    "AFG": (70.5, 38.3),
}

# Marker and colour per role: house colour for security for the Russian
# facilities, the economics blue for Manas, small dark dots for cities.
ROLE_STYLE = {
    "Russian facility": {"marker": "^", "color": "#D55E00", "size": 7.5},
    "Former US base": {"marker": "s", "color": "#0072B2", "size": 6.5},
    "City": {"marker": "o", "color": INK, "size": 3.8},
    "Capital abroad": {"marker": "o", "color": INK, "size": 3.8},
}

# Label placement per place id, in points from the marker: (dx, dy, ha, va).
# Bishkek, Kant and Manas lie within ~25 km of each other (about 10 points
# apart on the map), so their labels go three different ways: Manas up and to
# the left, Bishkek straight down, Kant to the right. Kara-Balta, 60 km west
# of Bishkek, is labelled down and to the left, clear of Bishkek's label.
# Koy-Sary and Karakol (20 km apart on Issyk-Kul) are labelled above-left and
# below-right; Mailuu-Suu to the left, so as not to run into Osh's label.
LABEL_OFFSETS: dict[str, tuple[float, float, str, str]] = {
    "L01": (2, -9, "center", "top"),  # Bishkek
    "L02": (8, -1, "left", "center"),  # Kant
    "L03": (7, -2, "left", "center"),  # Osh
    "L04": (6, -5, "left", "top"),  # Karakol
    "L05": (-6, -5, "right", "top"),  # Koy-Sary
    "L06": (-7, 0, "right", "center"),  # Mailuu-Suu
    "L07": (-6, -6, "right", "top"),  # Kara-Balta/Chaldovar
    "L08": (-7, 7, "right", "bottom"),  # Manas
    "L09": (0, 6, "center", "bottom"),  # Batken
}
_DEFAULT_OFFSET = (6, 0, "left", "center")

VIEW_MARGIN_DEG = 0.6  # around Kyrgyzstan's bounding box

# A white halo keeps labels legible where they cross a boundary line.
_HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]


# --- boundaries ------------------------------------------------------------------


def _signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def load_boundaries(paths: Paths) -> dict[str, list[np.ndarray]]:
    """Every country's rings as (n, 2) arrays of (lon, lat), keyed by ADM0_A3.

    Each list holds the outer ring of every polygon and, after it, that
    polygon's holes. Rings are closed and oriented as RFC 7946 asks (outer
    rings counter-clockwise, holes clockwise), so the sign of a ring's area
    says which it is and a compound path of all rings fills correctly.
    """
    path = paths.reference.joinpath(*BOUNDARIES_FILE)
    data = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, list[np.ndarray]] = {}
    for feature in data["features"]:
        code = feature["properties"]["ADM0_A3"]
        geom = feature["geometry"]
        if geom["type"] == "Polygon":
            polygons = [geom["coordinates"]]
        elif geom["type"] == "MultiPolygon":
            polygons = geom["coordinates"]
        else:
            raise ValueError(f"{code}: unexpected geometry type {geom['type']!r}")
        rings = out.setdefault(code, [])
        for polygon in polygons:
            for i, coords in enumerate(polygon):
                ring = np.asarray(coords, dtype=float)[:, :2]
                if not np.array_equal(ring[0], ring[-1]):
                    ring = np.vstack([ring, ring[:1]])
                outer = i == 0
                if (_signed_area(ring) > 0) != outer:
                    ring = ring[::-1].copy()
                rings.append(ring)
    return out


def contains(boundaries: dict[str, list[np.ndarray]], country: str, lon: float, lat: float) -> bool:
    """Whether (lon, lat) lies inside ``country``: inside an outer ring and not in one of its holes.

    Even-odd rule over all the country's rings: a point inside an odd number of
    rings is inside. For valid polygons (holes inside their outer ring, polygons
    not overlapping) that is exactly "in some polygon and in none of its holes".
    """
    if country not in boundaries:
        raise KeyError(f"no boundary for {country!r}; have {sorted(boundaries)}")
    hits = sum(MplPath(ring).contains_point((lon, lat)) for ring in boundaries[country])
    return hits % 2 == 1


def _compound_path(rings: Sequence[np.ndarray]) -> MplPath:
    verts, codes = [], []
    for ring in rings:
        verts.append(ring)
        c = np.full(len(ring), MplPath.LINETO, dtype=MplPath.code_type)
        c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
        codes.append(c)
    return MplPath(np.concatenate(verts), np.concatenate(codes))


# --- places ----------------------------------------------------------------------


def _role(row: pd.Series, in_kyrgyzstan: bool) -> str:
    parts = {p.strip().lower() for p in str(row["kind"]).split("/")}
    if parts & _US_BASE_KINDS:
        return "Former US base"
    if parts & _FACILITY_KINDS:
        if "russian" in str(row["name"]).lower():
            return "Russian facility"
        raise ValueError(
            f"places.csv row {row['id']} ({row['name']}): kind {row['kind']!r} is an installation "
            "but the name does not say it is Russian; cannot determine its role"
        )
    if parts & _SETTLEMENT_KINDS:
        return "City" if in_kyrgyzstan else "Capital abroad"
    raise ValueError(
        f"places.csv row {row['id']} ({row['name']}): cannot determine a role from kind {row['kind']!r}"
    )


def _marks_town(role: str, note: str) -> bool:
    if role in ("City", "Capital abroad"):
        return False
    return bool(_TOWN_WORDS.search(note or ""))


def _label(row: pd.Series) -> str:
    label = SHORT_LABELS.get(row["id"]) or re.split(r"\s*[(:]", row["name"], maxsplit=1)[0]
    return label + " (town)" if row["marks_town"] else label


def map_places(paths: Paths, boundaries: dict[str, list[np.ndarray]] | None = None) -> pd.DataFrame:
    """The places to map: one row each, with role, label and citation (see the module notes)."""
    raw = datasets.read(paths, "places").fillna("")
    boundaries = boundaries if boundaries is not None else load_boundaries(paths)
    rows = []
    for _, r in raw.iterrows():
        lat, lon = float(r["lat"]), float(r["lon"])
        role = _role(r, contains(boundaries, "KGZ", lon, lat))
        note = r["precision_note"].strip()
        rows.append(
            {
                "id": r["id"],
                "name": r["name"],
                "lat": lat,
                "lon": lon,
                "role": role,
                "marks_town": _marks_town(role, note),
                "citation": ", ".join(
                    p.strip()
                    for p in (
                        r["coord_publisher"],
                        r["coord_revision_or_date"],
                        r["coord_source_url"],
                    )
                    if p.strip()
                ),
                "precision_note": note,
            }
        )
    out = pd.DataFrame(rows)
    out.insert(6, "label", out.apply(_label, axis=1))
    return out[
        ["id", "name", "lat", "lon", "role", "marks_town", "label", "citation", "precision_note"]
    ]


# --- the map -------------------------------------------------------------------


def view_extent(
    boundaries: dict[str, list[np.ndarray]], margin: float = VIEW_MARGIN_DEG
) -> tuple[float, float, float, float]:
    """(lon_min, lon_max, lat_min, lat_max): Kyrgyzstan's bounding box plus ``margin`` degrees."""
    pts = np.concatenate(boundaries["KGZ"])
    return (
        float(pts[:, 0].min() - margin),
        float(pts[:, 0].max() + margin),
        float(pts[:, 1].min() - margin),
        float(pts[:, 1].max() + margin),
    )


def in_view(places: pd.DataFrame, extent: tuple[float, float, float, float]) -> pd.Series:
    """Which places fall inside the map's view."""
    x0, x1, y0, y1 = extent
    return places["lon"].between(x0, x1) & places["lat"].between(y0, y1)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _refit(fig: Figure, height_in: float) -> None:
    """Change the figure's height, keeping the frame's title and subtitle at the same
    distance from the top and the footer at the same distance from the bottom."""
    old = fig.get_figheight()
    for i, t in enumerate(fig.texts):
        x, y = t.get_position()
        if i < 2:  # title, subtitle
            t.set_y(1 - (1 - y) * old / height_in)
        else:  # footer
            t.set_y(y * old / height_in)
    fig.set_figheight(height_in)


def _edge_arrow(ax, p: pd.Series, extent, aspect: float, ref: pd.DataFrame) -> None:
    """An arrow on the view's edge, at the point nearest ``p``, pointing towards it, with its
    name and its distance from the reference place (Bishkek) written at the arrow's tail."""
    x0, x1, y0, y1 = extent
    ix, iy = 0.015 * (x1 - x0), 0.02 * (y1 - y0)
    tip = (min(max(p["lon"], x0 + ix), x1 - ix), min(max(p["lat"], y0 + iy), y1 - iy))
    # Direction on the drawn map, where a degree of longitude is 1/aspect of a degree of latitude.
    ux, uy = (p["lon"] - tip[0]) / aspect, p["lat"] - tip[1]
    norm = math.hypot(ux, uy)
    ux, uy = ux / norm, uy / norm
    length = 26  # points
    ax.annotate(
        "",
        xy=tip,
        xytext=(-ux * length, -uy * length),
        textcoords="offset points",
        arrowprops={
            "arrowstyle": "-|>",
            "color": INK,
            "linewidth": 1.0,
            "shrinkA": 0,
            "shrinkB": 0,
        },
        zorder=8,
    )
    # The text sits beyond the tail, on the side away from the edge.
    ha = "left" if ux < -0.3 else "right" if ux > 0.3 else "center"
    va = "bottom" if uy < -0.3 else "top" if uy > 0.3 else "center"
    if ha == "center":  # near a side: run the text inwards, from the arrow
        ha = "left" if tip[0] < (x0 + x1) / 2 else "right"
    text = p["label"]
    if len(ref):
        km = _km(float(ref["lat"].iloc[0]), float(ref["lon"].iloc[0]), p["lat"], p["lon"])
        text += f"\n{round(km, -1):,.0f} km from Bishkek"
    ax.annotate(
        text,
        xy=tip,
        xytext=(-ux * (length + 3), -uy * (length + 3)),
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=7.5,
        color=INK,
        linespacing=1.05,
        path_effects=_HALO,
        zorder=8,
    )


def facility_map(
    boundaries: dict[str, list[np.ndarray]],
    places: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    sources: Sequence[str],
    note: str | None = None,
) -> Figure:
    """Kyrgyzstan with the places of ``places`` (from :func:`map_places`) marked by role.

    Equirectangular projection: longitude and latitude in degrees, with one
    degree of longitude drawn cos(mean latitude of the view) as wide as a degree
    of latitude, true to scale at the view's middle parallel. Places outside the
    view (the capitals abroad) are not drawn: an arrow on the map's edge, at the
    point nearest each, points towards it and is labelled with its name and
    distance from Bishkek, and the footer names them; this keeps Dushanbe, just
    beyond the bottom-left corner, from looking absent, and shows Moscow's
    direction and distance without shrinking Kyrgyzstan to a speck. Hollow markers: the point marks the town, not the site itself.
    ``fig.plotted`` holds the rows of ``places`` drawn on the map.
    """
    extent = view_extent(boundaries)
    x0, x1, y0, y1 = extent
    lat0 = (y0 + y1) / 2
    aspect = 1 / math.cos(math.radians(lat0))
    inside = in_view(places, extent)
    shown = places[inside].reset_index(drop=True)
    away = places[~inside].reset_index(drop=True)

    notes = [note] if note else []
    if shown["marks_town"].any():
        notes.append(
            "hollow markers: the point marks the town, not the site itself (its exact location is not sourced)."
        )
    if len(away):
        names = " and ".join(away["name"]) if len(away) < 3 else ", ".join(away["name"])
        verb = "lies" if len(away) == 1 else "lie"
        notes.append(f"{names} {verb} outside the map; the arrows on its edge point towards them.")
    notes.append(
        "De facto boundaries (Natural Earth 1:50m); parts of the Kyrgyz–Tajik border in Batken are disputed."
    )
    fig, ax = _frame(title, subtitle, sources, " ".join(n[0].upper() + n[1:] for n in notes))

    # Size the figure so the map fills the width between the frame's margins.
    width_in = fig.get_figwidth()
    left, right = 0.02, 0.98
    map_w_in = (right - left) * width_in
    map_h_in = map_w_in * (y1 - y0) * aspect / (x1 - x0)
    top_in, bottom_in = 1.15, 0.62  # title, subtitle and key above; footer below
    height_in = top_in + map_h_in + bottom_in
    _refit(fig, height_in)
    fig.subplots_adjust(
        left=left, right=right, top=1 - top_in / height_in, bottom=bottom_in / height_in
    )

    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(aspect)
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#bbbbbb")
        spine.set_linewidth(0.8)
    ax.set_facecolor("white")

    # Neighbours first (outlines only), then Kyrgyzstan filled on top.
    for code, rings in boundaries.items():
        if code == "KGZ":
            continue
        for ring in rings:
            if (
                ring[:, 0].max() < x0
                or ring[:, 0].min() > x1
                or ring[:, 1].max() < y0
                or ring[:, 1].min() > y1
            ):
                continue
            ax.plot(ring[:, 0], ring[:, 1], color="#9a9a9a", linewidth=0.7, zorder=1)
    ax.add_patch(
        PathPatch(
            _compound_path(boundaries["KGZ"]),
            facecolor="#f1ede4",
            edgecolor="#555555",
            linewidth=0.9,
            zorder=2,
        )
    )
    for code, (lon, lat) in _COUNTRY_LABEL_AT.items():
        if code not in boundaries or not (x0 < lon < x1 and y0 < lat < y1):
            continue
        if not contains(boundaries, code, lon, lat):
            continue
        kgz = code == "KGZ"
        ax.text(
            lon,
            lat,
            COUNTRY_NAMES[code].upper() if kgz else COUNTRY_NAMES[code],
            ha="center",
            va="center",
            fontsize=9 if kgz else 8.5,
            color="#8a7f6a" if kgz else MUTED,
            fontstyle="normal" if kgz else "italic",
            zorder=3,
            **({"fontweight": "bold"} if kgz else {}),
        )

    # Places: cities underneath, facilities on top.
    order = {"City": 0, "Capital abroad": 0, "Former US base": 1, "Russian facility": 2}
    for _, p in shown.sort_values("role", key=lambda s: s.map(order)).iterrows():
        style = ROLE_STYLE[p["role"]]
        hollow = bool(p["marks_town"])
        ax.plot(
            p["lon"],
            p["lat"],
            linestyle="none",
            marker=style["marker"],
            markersize=style["size"],
            markerfacecolor="white" if hollow else style["color"],
            markeredgecolor=style["color"] if hollow else "white",
            markeredgewidth=1.4 if hollow else 0.6,
            zorder=5 + order[p["role"]],
        )
        dx, dy, ha, va = LABEL_OFFSETS.get(p["id"], _DEFAULT_OFFSET)
        city = p["role"] in ("City", "Capital abroad")
        ax.annotate(
            p["label"],
            (p["lon"], p["lat"]),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=7.5,
            color=INK if city else style["color"],
            fontweight="normal" if city else "bold",
            linespacing=1.05,
            path_effects=_HALO,
            zorder=8,
        )

    # Places beyond the view: a short arrow on the edge nearest each, pointing towards it.
    ref = places[places["id"] == "L01"]  # distances are from Bishkek
    for _, p in away.iterrows():
        _edge_arrow(ax, p, extent, aspect, ref)

    # Scale bar, bottom right: 100 km at the middle parallel.
    km_per_deg = 111.32 * math.cos(math.radians(lat0))
    bar = 100 / km_per_deg
    sx, sy = x1 - 0.25 - bar, y0 + 0.22
    ax.plot([sx, sx + bar], [sy, sy], color=INK, linewidth=1.6, solid_capstyle="butt", zorder=8)
    ax.text(sx + bar / 2, sy + 0.07, "100 km", ha="center", va="bottom", fontsize=7, color=INK)

    # Key under the subtitle, one line, as the other charts have.
    handles, labels = [], []
    for role in ("Russian facility", "Former US base", "City"):
        if (shown["role"] == role).any():
            s = ROLE_STYLE[role]
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker=s["marker"],
                    markersize=s["size"],
                    markerfacecolor=s["color"],
                    markeredgecolor="white",
                )
            )
            labels.append(role)
    if shown["marks_town"].any():
        s = ROLE_STYLE["Russian facility"]
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=s["marker"],
                markersize=s["size"],
                markerfacecolor="white",
                markeredgecolor=s["color"],
                markeredgewidth=1.4,
            )
        )
        labels.append("Point marks the town, not the site")
    fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(0.015, 1 - 0.72 / height_in),
        ncol=len(labels),
        fontsize=8.5,
        handletextpad=0.3,
        columnspacing=1.2,
    )

    fig.plotted = shown
    fig.off_map = away
    return fig


def distance_km(places: pd.DataFrame, name_a: str, name_b: str) -> float:
    """Great-circle distance between two places, found by the start of their names."""

    def find(prefix: str) -> pd.Series:
        hit = places[places["name"].str.startswith(prefix)]
        if len(hit) != 1:
            raise ValueError(f"expected one place named {prefix!r}, found {len(hit)}")
        return hit.iloc[0]

    a, b = find(name_a), find(name_b)
    return _km(a["lat"], a["lon"], b["lat"], b["lon"])


def map_title(places: pd.DataFrame) -> str:
    """The map's finding: how many Russian facilities, and how close Kant is to the capital."""
    n = int((places["role"] == "Russian facility").sum())
    kant = distance_km(places, "Kant", "Bishkek")
    return f"Russia keeps {n} military facilities in Kyrgyzstan; its air base at Kant is {kant:.0f} km from the capital"


def places_for_display(places: pd.DataFrame) -> pd.DataFrame:
    """The places table as the report shows it."""
    return pd.DataFrame(
        {
            "Place": places["name"],
            "Role": places["role"],
            "Latitude": places["lat"].map(lambda v: f"{v:.4f}"),
            "Longitude": places["lon"].map(lambda v: f"{v:.4f}"),
            "Point marks": places["marks_town"].map({True: "the town", False: "the site"}),
            "Coordinates from": places["citation"],
        }
    )
