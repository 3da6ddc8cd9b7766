"""The map (chapter 1): where Russia's forces are in Kyrgyzstan."""

from __future__ import annotations

import pandas as pd

from rukg.present.frame import Layout
from rukg.present.map import facility_map
from rukg.reference import places as geo


def map_sources(places: pd.DataFrame) -> list[str]:
    """The sources line: Natural Earth for the ground, then each publisher of coordinates
    with the places it gives (computed from the places drawn)."""
    ground = "borders, lakes, rivers"
    out = {"Natural Earth": ground}
    for publisher, rows in places.groupby("publisher", sort=False):
        names = ", ".join(rows["short_label"])
        out[publisher] = f"{ground}; {names}" if publisher == "Natural Earth" else names
    return [f"{publisher} ({what})" for publisher, what in out.items()]


def facilities_map(inputs, layout: Layout):
    paths = inputs.paths
    boundaries = geo.load_boundaries(paths)
    places = geo.map_places(paths, boundaries)
    known = set(inputs.cat.figures["id"]) | set(inputs.cat.events["id"])
    unknown = sorted(set(places["evidence"]) - known - {""})
    if unknown:
        raise ValueError(f"{'/'.join(geo.MAP_TABLE)}: evidence {unknown} not in the catalogue")
    return facility_map(
        boundaries,
        places,
        lakes=geo.load_lakes(paths),
        rivers=geo.load_rivers(paths),
        title=geo.map_title(places, geo.reference_places(paths)),
        subtitle="Russian military facilities, the former US base at Manas and main cities",
        sources=map_sources(places),
        layout=layout,
    )


FIGURES = {
    "security_facilities_map": facilities_map,
}
