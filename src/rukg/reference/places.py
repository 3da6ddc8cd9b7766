"""Where the facilities are: boundaries, water and places (the map is :mod:`rukg.present.map`).

``data/reference/boundaries/`` holds Natural Earth layers, copied byte for byte:
admin-0 polygons of Kyrgyzstan and its neighbours (keyed by ``ADM0_A3``; Kyrgyzstan
has three holes, the enclaves of Sokh, Shakhimardan and Vorukh), 1:50m lakes and
rivers, and two gazetteers: 1:10m populated places (each with its GeoNames id) and
airports (Manas appears as "Vasilyevka", IATA ``FRU``). The borders are *de facto*
and generalised to a few km; parts of the Kyrgyz–Tajik border in Batken are disputed.

``data/reference/facts/places.csv`` (raw; its one reader is :func:`reference_places`)
describes each place: its kind, and coordinates from web pages of uneven weight.
``data/map_places.csv`` (this project's; schema
:func:`rukg.reference.schemas.map_places_schema`) says which places the map shows and
where each one's coordinates come from: ``coordinates`` is ``ne_populated_places``
or ``ne_airports`` (the Natural Earth point with that ``gazetteer_id``: GeoNames id
or IATA code), or ``places`` (places.csv's own point and citation), used only for
facility sites no gazetteer holds (Kant, Koy-Sary, Mailuu-Suu). ``name``,
``short_name`` (narrow map) and ``what`` make the label; ``evidence`` is the
catalogue row (figure or event id) that places a facility.

A place's role comes from places.csv's ``kind`` (split at "/") and ``name``: a part
"former US base" → "Former US base"; a military installation ("military airbase",
"naval test site", "seismic station", "naval communications") with "Russian" in the
name → "Russian facility"; "capital city", "city" or "town" → "City" in Kyrgyzstan,
else "Capital abroad"; in that order, so "town / seismic station" is a facility.
Anything else raises ``ValueError`` naming the row. ``marks_town``: a facility whose
precision note says the point is a settlement's ("town", "city", "settlement",
"approximate"), not the site's (Mailuu-Suu, Kara-Balta/Chaldovar).
"""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
from matplotlib.path import Path as MplPath

from rukg.config import Paths
from rukg.reference import tables as datasets
from rukg.reference.boundaries import (
    BOUNDARIES_FILE,
    GAZETTEERS,
    LAKES_FILE,
    RIVERS_FILE,
)
from rukg.tableio import label_of

__all__ = [
    "MAP_TABLE",
    "ROLES",
    "COUNTRY_NAMES",
    "load_boundaries",
    "load_lakes",
    "load_rivers",
    "gazetteer",
    "contains",
    "reference_places",
    "map_places",
    "view_extent",
    "in_view",
    "haversine_km",
    "distance_km",
    "map_title",
]

# Relative to the project root (for messages that name the map's table).
MAP_TABLE = datasets.TABLES["map_places"].parts

ROLES = ("Russian facility", "Former US base", "City", "Capital abroad")

COUNTRY_NAMES = {
    "KGZ": "Kyrgyzstan",
    "KAZ": "Kazakhstan",
    "UZB": "Uzbekistan",
    "TJK": "Tajikistan",
    "CHN": "China",
    "AFG": "Afghanistan",
    "RUS": "Russia",
}

# Parts of the `kind` column (split at "/") and the role each points to.
_US_BASE_KINDS = {"former us base"}
_FACILITY_KINDS = {"military airbase", "naval test site", "seismic station", "naval communications"}
_SETTLEMENT_KINDS = {"capital city", "city", "town"}
_TOWN_WORDS = re.compile(r"\b(town|city|settlement)\b|approximate", re.IGNORECASE)


# --- boundaries and water ----------------------------------------------------------


def _signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def _features(paths: Paths, file: tuple[str, ...]) -> list[dict]:
    path = paths.reference.joinpath(*file)
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _rings(geom: dict, what: str) -> list[np.ndarray]:
    """A (Multi)Polygon's rings, each closed, outer rings counter-clockwise and holes
    clockwise (RFC 7946), every polygon's outer ring followed by its holes."""
    if geom["type"] == "Polygon":
        polygons = [geom["coordinates"]]
    elif geom["type"] == "MultiPolygon":
        polygons = geom["coordinates"]
    else:
        raise ValueError(f"{what}: unexpected geometry type {geom['type']!r}")
    rings = []
    for polygon in polygons:
        for i, coords in enumerate(polygon):
            ring = np.asarray(coords, dtype=float)[:, :2]
            if not np.array_equal(ring[0], ring[-1]):
                ring = np.vstack([ring, ring[:1]])
            if (_signed_area(ring) > 0) != (i == 0):
                ring = ring[::-1].copy()
            rings.append(ring)
    return rings


def load_boundaries(paths: Paths) -> dict[str, list[np.ndarray]]:
    """Every country's rings as (n, 2) arrays of (lon, lat), keyed by ADM0_A3.

    The sign of a ring's area says whether it is an outer ring or a hole, so a
    compound path of all of a country's rings fills correctly.
    """
    out: dict[str, list[np.ndarray]] = {}
    for feature in _features(paths, BOUNDARIES_FILE):
        code = feature["properties"]["ADM0_A3"]
        out.setdefault(code, []).extend(_rings(feature["geometry"], code))
    return out


def load_lakes(paths: Paths) -> dict[str, list[np.ndarray]]:
    """Every lake's rings, as :func:`load_boundaries` gives them, keyed by its Natural Earth name."""
    out: dict[str, list[np.ndarray]] = {}
    for feature in _features(paths, LAKES_FILE):
        name = feature["properties"]["name"]
        out.setdefault(name, []).extend(_rings(feature["geometry"], name))
    return out


def load_rivers(paths: Paths) -> list[np.ndarray]:
    """Every river and lake centre-line as (n, 2) arrays of (lon, lat), one per line part."""
    out = []
    for feature in _features(paths, RIVERS_FILE):
        geom = feature["geometry"]
        parts = [geom["coordinates"]] if geom["type"] == "LineString" else geom["coordinates"]
        out += [np.asarray(p, dtype=float)[:, :2] for p in parts if len(p) > 1]
    return out


def contains(boundaries: dict[str, list[np.ndarray]], country: str, lon: float, lat: float) -> bool:
    """Whether (lon, lat) lies inside ``country``: inside an outer ring and not in one of its holes.

    Even-odd rule over all the country's rings: for valid polygons that is exactly
    "in some polygon and in none of its holes".
    """
    if country not in boundaries:
        raise KeyError(f"no boundary for {country!r}; have {sorted(boundaries)}")
    hits = sum(MplPath(ring).contains_point((lon, lat)) for ring in boundaries[country])
    return hits % 2 == 1


# --- places ----------------------------------------------------------------------


def reference_places(paths: Paths) -> pd.DataFrame:
    """``data/reference/facts/places.csv``, validated: one row per place (id, name, kind,
    citations…), with ``lat`` and ``lon`` as floats and the other columns as strings."""
    places = datasets.read(paths, "places")
    return places.assign(lat=places["lat"].astype(float), lon=places["lon"].astype(float))


def gazetteer(paths: Paths) -> pd.DataFrame:
    """The Natural Earth points the map may use: coordinates (source), gazetteer_id, name, lat, lon."""
    rows = []
    for source, (file, _, _) in GAZETTEERS.items():
        for f in _features(paths, file):
            p = f["properties"]
            key = p.get("iata_code") if source == "ne_airports" else p.get("GEONAMEID")
            if key is None:
                continue
            key = key if isinstance(key, str) else str(int(key))
            lon, lat = f["geometry"]["coordinates"][:2]
            name = p.get("NAME") or p.get("name")
            rows.append((source, key, name, float(lat), float(lon)))
    return pd.DataFrame(
        rows, columns=["coordinates", "gazetteer_id", "gazetteer_name", "lat", "lon"]
    )


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


def _located(m: pd.Series, raw: pd.Series, gaz: pd.DataFrame, label: str) -> tuple:
    """(lat, lon, publisher, citation) of one row of the map table."""
    if m["coordinates"] == "places":
        citation = ", ".join(
            raw[c].strip()
            for c in ("coord_publisher", "coord_revision_or_date", "coord_source_url")
            if raw[c].strip()
        )
        publisher = re.split(r"\s*\(", raw["coord_publisher"].strip(), maxsplit=1)[0]
        return float(raw["lat"]), float(raw["lon"]), publisher, citation
    hit = gaz[(gaz["coordinates"] == m["coordinates"]) & (gaz["gazetteer_id"] == m["gazetteer_id"])]
    if len(hit) != 1:
        raise ValueError(
            f"{label}: {m['place']}: no point {m['gazetteer_id']} in {m['coordinates']}"
        )
    g = hit.iloc[0]
    _, publisher, cite = GAZETTEERS[m["coordinates"]]
    return (
        g["lat"],
        g["lon"],
        publisher,
        cite.format(id=g["gazetteer_id"], name=g["gazetteer_name"]),
    )


def map_places(paths: Paths, boundaries: dict[str, list[np.ndarray]] | None = None) -> pd.DataFrame:
    """The places to map, in the map table's order: one row each, with role, label and citation."""
    raw = reference_places(paths).fillna("").set_index("id", drop=False)
    label = label_of(datasets.TABLES["map_places"].path(paths), paths)
    table = datasets.read(paths, "map_places").fillna("")
    boundaries = boundaries if boundaries is not None else load_boundaries(paths)
    gaz = gazetteer(paths)
    rows = []
    for _, m in table.iterrows():
        if m["place"] not in raw.index:
            raise ValueError(f"{label}: place {m['place']} is not in places.csv")
        r = raw.loc[m["place"]]
        lat, lon, publisher, citation = _located(m, r, gaz, label)
        role = _role(r, contains(boundaries, "KGZ", lon, lat))
        town = role not in ("City", "Capital abroad") and bool(
            _TOWN_WORDS.search(r["precision_note"])
        )
        rows.append(
            {
                "id": m["place"],
                "name": r["name"],
                "lat": float(lat),
                "lon": float(lon),
                "role": role,
                "marks_town": town,
                "label": f"{m['name']} {m['what']}".strip(),
                "short_label": m["short_name"] or m["name"],
                "what": m["what"],
                "publisher": publisher,
                "citation": citation,
                "evidence": m["evidence"],
            }
        )
    return pd.DataFrame(rows)


# --- geometry ---------------------------------------------------------------------

VIEW_MARGIN_DEG = 0.6  # around Kyrgyzstan's bounding box
EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def view_extent(
    boundaries: dict[str, list[np.ndarray]],
    places: pd.DataFrame | None = None,
    margin: float = VIEW_MARGIN_DEG,
) -> tuple[float, float, float, float]:
    """(lon_min, lon_max, lat_min, lat_max): Kyrgyzstan's bounding box plus ``margin`` degrees,
    widened to take in (with 0.15 degrees to spare) any of ``places`` within ``margin`` of it:
    a place just beyond the edge (Dushanbe) is drawn rather than pointed at."""
    pts = np.concatenate(boundaries["KGZ"])
    x0, y0 = pts.min(axis=0) - margin
    x1, y1 = pts.max(axis=0) + margin
    if places is not None:
        lon, lat = places["lon"], places["lat"]
        near = lon.between(x0 - margin, x1 + margin) & lat.between(y0 - margin, y1 + margin)
        if near.any():
            x0, x1 = min(x0, lon[near].min() - 0.15), max(x1, lon[near].max() + 0.15)
            y0, y1 = min(y0, lat[near].min() - 0.15), max(y1, lat[near].max() + 0.15)
    return float(x0), float(x1), float(y0), float(y1)


def in_view(places: pd.DataFrame, extent: tuple[float, float, float, float]) -> pd.Series:
    """Which places fall inside the map's view."""
    x0, x1, y0, y1 = extent
    return places["lon"].between(x0, x1) & places["lat"].between(y0, y1)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points in decimal degrees (mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def distance_km(places: pd.DataFrame, name_a: str, name_b: str) -> float:
    """Great-circle distance between two places, found by the start of their names."""

    def find(prefix: str) -> pd.Series:
        hit = places[places["name"].str.startswith(prefix)]
        if len(hit) != 1:
            raise ValueError(f"expected one place named {prefix!r}, found {len(hit)}")
        return hit.iloc[0]

    a, b = find(name_a), find(name_b)
    return haversine_km(a["lat"], a["lon"], b["lat"], b["lon"])


def map_title(places: pd.DataFrame, reference: pd.DataFrame | None = None) -> str:
    """The map's finding: how many Russian facilities, and how close Kant is to the capital.

    The distance is measured between the points of ``reference`` when given (the
    reference places, whose city-centre point ``data/corrections.csv`` uses), so that
    the report states one distance.
    """
    n = int((places["role"] == "Russian facility").sum())
    kant = distance_km(places if reference is None else reference, "Kant", "Bishkek")
    return f"Russia keeps {n} military facilities in Kyrgyzstan; its air base at Kant is {kant:.0f} km from the capital"
