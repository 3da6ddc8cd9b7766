"""Boundaries, places and the facility map."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.path import Path as MplPath

from rukg import charts, config, geo

PATHS = config.paths(Path(__file__).resolve().parents[1])
ABROAD = {"L10": "RUS", "L11": "TJK"}  # Moscow, Dushanbe


@pytest.fixture(scope="module")
def boundaries():
    return geo.load_boundaries(PATHS)


@pytest.fixture(scope="module")
def places(boundaries):
    return geo.map_places(PATHS, boundaries)


def _map(boundaries, places):
    return geo.facility_map(
        boundaries,
        places,
        title="Test map",
        subtitle="Places in Kyrgyzstan",
        sources=["Natural Earth", "places.csv"],
        note="a test note.",
    )


def test_boundaries_have_every_country_with_oriented_closed_rings(boundaries):
    assert set(boundaries) == {"KGZ", "KAZ", "UZB", "TJK", "CHN", "RUS", "AFG"}
    for rings in boundaries.values():
        for ring in rings:
            assert ring.shape[1] == 2
            assert np.array_equal(ring[0], ring[-1])
    # Kyrgyzstan: one outer ring (counter-clockwise) and three enclave holes (clockwise).
    areas = [geo._signed_area(r) for r in boundaries["KGZ"]]
    assert areas[0] > 0 and all(a < 0 for a in areas[1:]) and len(areas) == 4


def test_enclaves_are_holes_in_kyrgyzstan(boundaries):
    for code in ("UZB", "TJK"):
        # The small polygons of UZB and TJK whose points are all within KGZ's outer ring.
        outer = boundaries["KGZ"][0]
        enclaves = [r for r in boundaries[code] if MplPath(outer).contains_points(r).all()]
        assert enclaves, code
        for ring in enclaves:
            lon, lat = ring[:-1].mean(axis=0)
            assert geo.contains(boundaries, code, lon, lat)
            assert not geo.contains(boundaries, "KGZ", lon, lat)


def test_places_inside_kyrgyzstan_except_capitals_abroad(boundaries, places):
    for _, p in places.iterrows():
        in_kgz = geo.contains(boundaries, "KGZ", p["lon"], p["lat"])
        if p["id"] in ABROAD:
            assert not in_kgz, p["name"]
            assert geo.contains(boundaries, ABROAD[p["id"]], p["lon"], p["lat"]), p["name"]
        else:
            assert in_kgz, p["name"]
    assert set(places.loc[places["role"] == "Capital abroad", "id"]) == set(ABROAD)


def test_every_place_has_a_citation_with_a_url(places):
    assert len(places) == 11
    assert list(places.columns) == [
        "id",
        "name",
        "lat",
        "lon",
        "role",
        "marks_town",
        "label",
        "citation",
        "precision_note",
    ]
    for _, p in places.iterrows():
        assert p["citation"].strip(), p["id"]
        assert "http://" in p["citation"] or "https://" in p["citation"], p["id"]
        assert p["label"].strip(), p["id"]


def test_roles(places):
    role = places.set_index("id")["role"]
    assert role["L02"] == "Russian facility"  # Kant
    assert role["L08"] == "Former US base"  # Manas
    assert role["L01"] == "City"  # Bishkek
    assert set(role[role == "Russian facility"].index) == {"L02", "L05", "L06", "L07"}
    assert set(role[role == "City"].index) == {"L01", "L03", "L04", "L09"}
    assert set(role) <= set(geo.ROLES)


def test_marks_town_only_where_the_point_is_the_town(places):
    marks = places.set_index("id")["marks_town"]
    assert set(marks[marks].index) == {"L06", "L07"}  # Mailuu-Suu, Kara-Balta/Chaldovar
    labels = places.set_index("id")["label"]
    assert labels["L06"].endswith("(town)") and "(town)" not in labels["L02"]


def test_unknown_role_raises_naming_the_row(tmp_path):
    ref = tmp_path / "data" / "reference"
    (ref / "boundaries").mkdir(parents=True)
    (ref / "facts").mkdir(parents=True)
    src = PATHS.reference / "boundaries" / geo.BOUNDARIES_FILE[1]
    (ref / "boundaries" / src.name).write_bytes(src.read_bytes())
    raw = pd.read_csv(PATHS.reference / "facts" / "places.csv", dtype=str)
    raw.loc[raw["id"] == "L04", "kind"] = "monastery"
    raw.to_csv(ref / "facts" / "places.csv", index=False)
    with pytest.raises(ValueError, match="L04"):
        geo.map_places(config.paths(tmp_path))


def test_contains_square_with_hole():
    outer = np.array([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], dtype=float)
    hole = np.array([[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]], dtype=float)
    b = {"SQ": [outer, hole], "FULL": [outer]}
    assert geo.contains(b, "SQ", 2, 2)
    assert not geo.contains(b, "SQ", 12, 5)
    assert not geo.contains(b, "SQ", -1, -1)
    assert not geo.contains(b, "SQ", 5, 5)  # in the hole
    assert geo.contains(b, "FULL", 5, 5)
    with pytest.raises(KeyError):
        geo.contains(b, "XXX", 1, 1)


def test_map_plots_the_places_in_view(boundaries, places):
    extent = geo.view_extent(boundaries)
    x0, x1, y0, y1 = extent
    assert 68.5 < x0 < 69.5 and 80.5 < x1 < 81.5 and 38.3 < y0 < 39.0 and 43.5 < y1 < 44.3
    fig = _map(boundaries, places)
    expected = places[geo.in_view(places, extent)].reset_index(drop=True)
    pd.testing.assert_frame_equal(fig.plotted, expected)
    assert set(fig.plotted["id"]) == set(places["id"]) - set(ABROAD)
    assert set(fig.off_map["id"]) == set(ABROAD)
    footer = fig.texts[2].get_text()
    assert "hollow" in footer.lower() and "Moscow" in footer and "Dushanbe" in footer
    assert "disputed" in footer
    ax = fig.axes[0]
    assert not ax.get_xticks().size and not ax.get_yticks().size
    assert ax.get_aspect() == pytest.approx(1 / np.cos(np.radians((y0 + y1) / 2)))


def test_map_saves_svg_and_png(boundaries, places, tmp_path):
    fig = _map(boundaries, places)
    charts.save(fig, "test_map", tmp_path)
    assert (tmp_path / "test_map.svg").stat().st_size > 0
    assert (tmp_path / "test_map.png").stat().st_size > 0
