"""The Natural Earth layers under ``data/reference/boundaries/``: their files, the
gazetteers a mapped place's point may come from, and the check of the admin-0 file.

The layers are copied byte for byte (their checksums are in ``provenance.csv``);
:mod:`rukg.reference.places` reads them, and :func:`boundaries_problems` tells
``make validate`` when the admin-0 file is not what that reader expects.
"""

from __future__ import annotations

import json
import math

from rukg.config import Paths
from rukg.errors import DataError, Problem
from rukg.files import read_text_file
from rukg.tableio import label_of

__all__ = [
    "BOUNDARIES_FILE",
    "LAKES_FILE",
    "RIVERS_FILE",
    "TOWNS_FILE",
    "AIRPORTS_FILE",
    "GAZETTEERS",
    "boundaries_problems",
]

# Relative to data/reference/.
BOUNDARIES_FILE = ("boundaries", "ne_50m_admin0_kgz_neighbours.geojson")
LAKES_FILE = ("boundaries", "ne_50m_lakes_central_asia.geojson")
RIVERS_FILE = ("boundaries", "ne_50m_rivers_central_asia.geojson")
TOWNS_FILE = ("boundaries", "ne_10m_populated_places_kgz_region.geojson")
AIRPORTS_FILE = ("boundaries", "ne_10m_airports_kgz_region.geojson")

# Where a place's coordinates come from: the gazetteer file, who publishes its
# points, and the page a reader can check one point on ({id}: gazetteer_id).
GAZETTEERS = {
    "ne_populated_places": (
        TOWNS_FILE,
        "GeoNames via Natural Earth",
        "Natural Earth 1:10m populated places, GeoNames id {id}: https://www.geonames.org/{id}",
    ),
    "ne_airports": (
        AIRPORTS_FILE,
        "Natural Earth",
        "Natural Earth 1:10m airports, IATA {id} ({name}): "
        "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/airports/",
    ),
}


def _ring_ok(ring) -> bool:
    return (
        isinstance(ring, list)
        and len(ring) >= 3
        and all(
            isinstance(pt, list)
            and len(pt) >= 2
            and all(isinstance(c, int | float) and math.isfinite(c) for c in pt[:2])
            for pt in ring
        )
    )


def boundaries_problems(paths: Paths) -> list[Problem]:
    """The boundaries file is GeoJSON as :func:`rukg.reference.places.load_boundaries` reads it: a
    FeatureCollection of (Multi)Polygons, each with an ``ADM0_A3`` code and numeric rings."""
    path = paths.reference.joinpath(*BOUNDARIES_FILE)
    label = label_of(path, paths)
    try:
        data = json.loads(read_text_file(path, label))
    except DataError as e:
        return e.problems
    except ValueError as e:
        return [Problem(label, None, None, f"not valid JSON: {e}")]

    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return [Problem(label, None, None, "not a GeoJSON FeatureCollection")]
    problems = []
    for i, feature in enumerate(data.get("features") or [], start=1):
        geom = feature.get("geometry") if isinstance(feature, dict) else None
        props = feature.get("properties") if isinstance(feature, dict) else None
        polygons = []
        if isinstance(geom, dict) and geom.get("type") == "Polygon":
            polygons = [geom.get("coordinates")]
        elif isinstance(geom, dict) and geom.get("type") == "MultiPolygon":
            polygons = geom.get("coordinates") or []
        ok = (
            isinstance(props, dict)
            and isinstance(props.get("ADM0_A3"), str)
            and polygons
            and all(isinstance(pg, list) and pg and all(_ring_ok(r) for r in pg) for pg in polygons)
        )
        if not ok:
            problems.append(
                Problem(
                    label,
                    None,
                    None,
                    f"feature {i}: not a Polygon or MultiPolygon with an ADM0_A3 code and "
                    "numeric rings",
                )
            )
    if not data.get("features"):
        problems.append(Problem(label, None, None, "has no features"))
    return problems
