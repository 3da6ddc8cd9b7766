"""Boundaries, water, places and the facility map."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from rukg import catalogue, config
from rukg.errors import DataError
from rukg.present import palette
from rukg.present.frame import LAYOUTS, NARROW, WIDE
from rukg.present.map_figures import facilities_map, map_sources
from rukg.present.placement import Room, label_offsets, place_all
from rukg.reference import places as geo

PATHS = config.paths(Path(__file__).resolve().parents[1])
ABROAD = {"L10": "RUS", "L11": "TJK"}  # Moscow, Dushanbe
FACILITIES = {"L02", "L05", "L06", "L07"}


@pytest.fixture(scope="module")
def boundaries():
    return geo.load_boundaries(PATHS)


@pytest.fixture(scope="module")
def places(boundaries):
    return geo.map_places(PATHS, boundaries)


@pytest.fixture(scope="module")
def inputs():
    return SimpleNamespace(paths=PATHS, cat=catalogue.load(PATHS))


@pytest.fixture(scope="module")
def maps(inputs):
    figs = {layout.name: facilities_map(inputs, layout) for layout in LAYOUTS}
    yield figs
    for fig in figs.values():
        plt.close(fig)


def _project(tmp_path: Path) -> Path:
    """A copy of the data the places need, to break one piece of it."""
    for sub in ("boundaries", "facts"):
        shutil.copytree(PATHS.reference / sub, tmp_path / "data" / "reference" / sub)
    shutil.copy(PATHS.root / "data" / "map_places.csv", tmp_path / "data" / "map_places.csv")
    return tmp_path


# --- boundaries and water --------------------------------------------------------


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
        outer = boundaries["KGZ"][0]
        enclaves = [r for r in boundaries[code] if MplPath(outer).contains_points(r).all()]
        assert enclaves, code
        for ring in enclaves:
            lon, lat = ring[:-1].mean(axis=0)
            assert geo.contains(boundaries, code, lon, lat)
            assert not geo.contains(boundaries, "KGZ", lon, lat)


def test_contains_square_with_hole():
    outer = np.array([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], dtype=float)
    hole = np.array([[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]], dtype=float)
    b = {"SQ": [outer, hole], "FULL": [outer]}
    assert geo.contains(b, "SQ", 2, 2)
    assert not geo.contains(b, "SQ", 12, 5)
    assert not geo.contains(b, "SQ", 5, 5)  # in the hole
    assert geo.contains(b, "FULL", 5, 5)
    with pytest.raises(KeyError):
        geo.contains(b, "XXX", 1, 1)


def test_issyk_kul_and_the_rivers_load(boundaries):
    lakes = geo.load_lakes(PATHS)
    assert "Issyk-Kul" in lakes and "Toktogul Res." in lakes
    ring = lakes["Issyk-Kul"][0]
    assert geo._signed_area(ring) > 0
    lon, lat = ring[:-1].mean(axis=0)
    assert 76.5 < lon < 78.5 and 42.0 < lat < 42.8
    assert geo.contains(boundaries, "KGZ", lon, lat)  # the lake lies inside Kyrgyzstan
    rivers = geo.load_rivers(PATHS)
    assert len(rivers) >= 17 and all(r.ndim == 2 and r.shape[1] == 2 for r in rivers)


# --- places ----------------------------------------------------------------------


def test_gazetteer_holds_manas_as_vasilyevka_and_bishkek_by_geonames_id():
    g = geo.gazetteer(PATHS).set_index(["coordinates", "gazetteer_id"])
    fru = g.loc[("ne_airports", "FRU")]
    assert fru["gazetteer_name"] == "Vasilyevka"
    assert fru["lat"] == pytest.approx(43.0555, abs=1e-3)
    assert g.loc[("ne_populated_places", "1528675"), "gazetteer_name"] == "Bishkek"


def test_coordinates_come_from_the_gazetteers_wherever_they_hold_the_place(places):
    p = places.set_index("id")
    raw = pd.read_csv(PATHS.reference / "facts" / "places.csv", dtype=str).set_index("id")
    # Bishkek: Natural Earth's point (GeoNames 1528675), not the Wikipedia one in places.csv.
    assert p.loc["L01", "lon"] == pytest.approx(74.58326, abs=1e-4)
    assert p.loc["L01", "lon"] != pytest.approx(float(raw.loc["L01", "lon"]), abs=1e-3)
    assert "geonames.org/1528675" in p.loc["L01", "citation"]
    assert p.loc["L08", "publisher"] == "Natural Earth" and "FRU" in p.loc["L08", "citation"]
    # Facility sites no gazetteer holds keep places.csv's point and its citation.
    assert p.loc["L02", "lat"] == float(raw.loc["L02", "lat"])
    assert p.loc["L05", "publisher"] == "GlobalSecurity.org"
    assert set(p[p["publisher"].isin(["Wikipedia", "GlobalSecurity.org"])].index) == {
        "L02",
        "L05",
        "L06",
    }
    assert "L09" not in p.index  # Batken: no gazetteer point, not mapped
    for _, r in places.iterrows():
        assert "http://" in r["citation"] or "https://" in r["citation"], r["id"]


def test_roles_labels_and_evidence(places):
    p = places.set_index("id")
    assert set(p[p["role"] == "Russian facility"].index) == FACILITIES
    assert set(p[p["role"] == "City"].index) == {"L01", "L03", "L04"}
    assert set(p[p["role"] == "Capital abroad"].index) == set(ABROAD)
    assert p.loc["L08", "role"] == "Former US base"
    assert set(p[p["marks_town"]].index) == {"L06", "L07"}
    assert p.loc["L02", "label"] == "Kant air base" and p.loc["L07", "short_label"] == "Kara-Balta"
    assert p.loc["L02", "evidence"] == "E-edm2006-003"
    assert set(p[p["evidence"] != ""].index) == FACILITIES


def test_places_inside_kyrgyzstan_except_capitals_abroad(boundaries, places):
    for _, p in places.iterrows():
        in_kgz = geo.contains(boundaries, "KGZ", p["lon"], p["lat"])
        if p["id"] in ABROAD:
            assert not in_kgz and geo.contains(boundaries, ABROAD[p["id"]], p["lon"], p["lat"])
        else:
            assert in_kgz, p["name"]


def test_unknown_role_raises_naming_the_row(tmp_path):
    root = _project(tmp_path)
    raw = pd.read_csv(root / "data/reference/facts/places.csv", dtype=str)
    raw.loc[raw["id"] == "L04", "kind"] = "monastery"
    raw.to_csv(root / "data/reference/facts/places.csv", index=False)
    with pytest.raises(ValueError, match="L04"):
        geo.map_places(config.paths(root))


def test_a_gazetteer_id_not_in_the_gazetteer_raises(tmp_path):
    root = _project(tmp_path)
    table = (root / "data/map_places.csv").read_text()
    (root / "data/map_places.csv").write_text(
        table.replace("L03,ne_populated_places,1527534", "L03,ne_populated_places,999")
    )
    with pytest.raises(ValueError, match="L03.*999"):
        geo.map_places(config.paths(root))


def test_the_map_table_schema_refuses_a_gazetteer_row_without_an_id(tmp_path):
    root = _project(tmp_path)
    table = (root / "data/map_places.csv").read_text()
    (root / "data/map_places.csv").write_text(table.replace("ne_airports,FRU", "ne_airports,"))
    with pytest.raises(DataError, match="gazetteer_id"):
        geo.map_places(config.paths(root))


# --- geometry --------------------------------------------------------------------


def test_view_takes_in_dushanbe_but_not_moscow(boundaries, places):
    plain = geo.view_extent(boundaries)
    x0, x1, y0, y1 = geo.view_extent(boundaries, places)
    assert 68.5 < x0 < 69.5 and 80.5 < x1 < 81.5 and 38.3 < y0 < plain[2] and 43.5 < y1 < 44.3
    shown = places[geo.in_view(places, (x0, x1, y0, y1))]
    assert set(places["id"]) - set(shown["id"]) == {"L10"}


def test_haversine_and_the_title(places):
    assert geo.haversine_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.01)
    assert geo.haversine_km(42.0, 74.0, 42.0, 74.0) == 0
    kant = geo.distance_km(places, "Kant", "Bishkek")
    assert 21 < kant < 22.5  # GeoNames' Bishkek to Kant's airfield reference point
    assert geo.map_title(places).endswith(f"Kant is {kant:.0f} km from the capital")
    assert "Russia keeps 4 military facilities" in geo.map_title(places)


# --- the map ---------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_every_place_and_issyk_kul_is_labelled(maps, places, layout):
    fig = maps[layout.name]
    labels = fig.labels
    assert set(places["id"]) - {"L10"} <= set(labels)  # Dushanbe is drawn, Moscow pointed at
    assert "lake:Issyk-Kul" in labels
    assert list(fig.off_map["id"]) == ["L10"]
    for pid in FACILITIES:
        assert labels[pid].get_fontsize() >= layout.small
        effects = labels[pid].get_path_effects()
        assert effects, pid  # a white halo
    kant = labels["L02"].get_text()
    assert kant == ("Kant" if layout is NARROW else "Kant air base")
    texts = " ".join(t.get_text() for t in fig.texts)
    assert ("Kant: air base" in texts) == (layout is NARROW)  # the narrow map says what each is
    assert "2,990 km from Bishkek" in " ".join(t.get_text() for t in fig.axes[0].texts) or (
        layout is NARROW
    )


def test_map_draws_water_borders_as_lines_and_links_facilities(maps):
    fig = maps[WIDE.name]
    ax = fig.axes[0]
    water = palette.colour("map", "water")
    assert any(isinstance(p, PathPatch) and to_hex(p.get_facecolor()) == water for p in ax.patches)
    borders = [line for line in ax.get_lines() if line.get_linestyle() == "-"]
    assert len(borders) > 10  # the check sees the borders, so none crosses a label
    urls = {line.get_url() for line in ax.get_lines() if isinstance(line, Line2D)} - {None}
    assert urls == {"#ev-E-edm2006-003", "#ev-F-comm2023-001"}
    footer = " ".join(t.get_text() for t in fig.texts)
    assert "GeoNames via Natural Earth (Bishkek" in footer and "TASS" not in footer
    assert "disputed" in footer


def test_sources_name_each_publisher_with_its_places(places):
    sources = map_sources(places)
    assert sources[0] == "Natural Earth (borders, lakes, rivers; Manas)"
    assert "Wikipedia (Kant, Mailuu-Suu)" in sources
    assert "GlobalSecurity.org (Koy-Sary)" in sources
    assert len(sources) == 4


def test_an_unknown_evidence_id_stops_the_map(inputs, tmp_path):
    root = _project(tmp_path)
    table = (root / "data/map_places.csv").read_text()
    (root / "data/map_places.csv").write_text(table.replace("E-edm2006-003", "E-edm2006-999"))
    bad = SimpleNamespace(paths=config.paths(root), cat=inputs.cat)
    with pytest.raises(ValueError, match="E-edm2006-999"):
        facilities_map(bad, WIDE)


# --- placement -------------------------------------------------------------------


def _axes():
    fig, ax = plt.subplots(figsize=(3, 3))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    fig.canvas.draw()
    return fig, ax


def test_place_all_keeps_close_labels_apart_and_off_lines():
    fig, ax = _axes()
    room = Room(ax)
    room.add_line(np.array([[0, 5.6], [10, 5.6]]))  # a border just above the points
    pts = [(5, 5), (5.3, 5)]
    for x, y in pts:
        room.add_mark(x, y, 5)
    items = [
        (f"p{i}", True, xy, [f"Place {i}"], label_offsets(5.5), {}, []) for i, xy in enumerate(pts)
    ]
    labels = place_all(room, items, {"fontsize": 8})
    boxes = [labels[k].get_window_extent() for k in ("p0", "p1")]
    assert not boxes[0].overlaps(boxes[1])
    line = room.lines[0]
    assert not any(line.intersects_bbox(b, filled=False) for b in boxes)
    plt.close(fig)


def test_place_all_leaves_out_an_optional_label_and_fails_on_a_required_one():
    fig, ax = _axes()
    room = Room(ax)
    # A box around the point fills the axes: nowhere is free.
    room.boxes.append(ax.bbox.frozen())
    opt = [("town", False, (5, 5), ["Town"], label_offsets(4), {}, [])]
    assert place_all(room, opt, {"fontsize": 8}) == {}
    req = [("base", True, (5, 5), ["Base"], label_offsets(4), {}, [])]
    with pytest.raises(ValueError, match="base"):
        place_all(room, req, {"fontsize": 8})
    plt.close(fig)
