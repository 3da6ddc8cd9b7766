"""Every figure of the report, drawn at both widths, passes the chart checks; the checks
themselves catch what they are for; the palette gives each meaning one colour."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pytest
from matplotlib.colors import to_hex

from rukg.present import figcheck, figures, palette, svg
from rukg.present.frame import LAYOUTS, NARROW, WIDE, frame

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def inputs(real_paths):
    return figures.Inputs(real_paths)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
@pytest.mark.parametrize("name", sorted(figures.FIGURES))
def test_figure_is_fit_to_print(inputs, name, layout):
    fig = figures.draw(name, inputs, layout)
    try:
        found = figcheck.problems(fig, min_size=layout.small)
    finally:
        plt.close(fig)
    assert found == [], f"{name} ({layout.name}):\n  " + "\n  ".join(found)


def test_every_registered_figure_is_shown_once_and_nothing_else(real_paths):
    shown = []
    for nb_path in sorted(real_paths.notebooks.glob("*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                shown += re.findall(r'figures\.show\(\s*"([^"]+)"', cell.source)
    assert sorted(shown) == sorted(figures.FIGURES)


# --- the palette -------------------------------------------------------------------


def test_each_colour_names_one_thing_across_the_report():
    colours = [c for group in palette.GROUPS.values() for c, _ in group.values()]
    assert len(colours) == len(set(colours))
    assert not set(colours) & set(palette.NEUTRALS)
    for c in colours:
        assert len(palette.meanings_of(c)) == 1


def test_use_records_the_meaning_on_the_figure():
    fig = plt.figure()
    c = palette.use(fig, "stage", "delivered")
    assert fig.rukg_meanings == {"stage:delivered": c}
    with pytest.raises(KeyError, match="no colour for stage:spent"):
        palette.use(fig, "stage", "spent")
    plt.close(fig)


# --- the checks catch what they are for ---------------------------------------------


def _plain(layout=WIDE):
    f = frame(layout, title="A finding", subtitle="Measure, unit, period", sources=["Publisher"])
    return f.fig, f.axes()


def test_a_clean_chart_passes():
    fig, ax = _plain()
    ax.plot([0, 1], [0, 1], color=palette.use(fig, "entity", "RU"))
    assert figcheck.problems(fig, min_size=WIDE.small) == []
    plt.close(fig)


def test_overlapping_labels_are_caught():
    fig, ax = _plain()
    ax.text(0.5, 0.5, "first label")
    ax.text(0.5, 0.5, "second label")
    assert any("overlaps" in p for p in figcheck.problems(fig))
    plt.close(fig)


def test_text_leaving_the_figure_is_caught():
    fig, ax = _plain()
    ax.text(1.4, 0.5, "far right", transform=ax.transAxes)
    assert any("leaves the figure" in p for p in figcheck.problems(fig))
    plt.close(fig)


def test_a_line_through_a_label_is_caught():
    fig, ax = _plain()
    ax.plot([0, 1], [0.5, 0.5], color=palette.use(fig, "entity", "KG"))
    ax.text(0.3, 0.5, "struck through", va="center")
    assert any("crosses text" in p for p in figcheck.problems(fig))
    plt.close(fig)


def test_small_text_is_caught():
    fig, ax = _plain(NARROW)
    ax.text(0.1, 0.1, "tiny", fontsize=5)
    assert any("under 7.5 pt" in p for p in figcheck.problems(fig, min_size=NARROW.small))
    plt.close(fig)


def test_a_colour_the_palette_does_not_explain_is_caught():
    fig, ax = _plain()
    ax.bar([0], [1], color="#ff00ff")
    found = figcheck.problems(fig)
    assert f"colour {to_hex('#ff00ff')} is drawn but means nothing in the palette" in found
    plt.close(fig)


def test_one_colour_for_two_meanings_is_caught(monkeypatch):
    fig, ax = _plain()
    fig.rukg_meanings = {"entity:RU": "#c0392b", "stage:cancelled": "#c0392b"}
    ax.bar([0], [1], color="#c0392b")
    assert any("stands for" in p for p in figcheck.problems(fig))
    plt.close(fig)


# --- charts as the page embeds them --------------------------------------------------

SVG = (
    '<?xml version="1.0"?>\n<svg width="10pt" height="5pt" viewBox="0 0 10 5">'
    '<defs><path id="m1" d="M0 0"/><clipPath id="p2"><rect/></clipPath></defs>'
    '<g id="line2d_1" clip-path="url(#p2)"><use xlink:href="#m1"/></g>'
    '<a xlink:href="#ev-F-x-001" target="_blank"><path d="M0 0"/></a></svg>'
)


def test_for_page_prefixes_ids_and_their_references():
    out = svg.for_page(SVG, "chart-wide", {"#ev-F-x-001": "12 USD — “a <quote>” — Pub"})
    assert 'id="chart-wide-m1"' in out and 'xlink:href="#chart-wide-m1"' in out
    assert "url(#chart-wide-p2)" in out and 'id="chart-wide-line2d_1"' in out
    # Evidence links keep their target id, stay in the tab and carry an escaped tooltip.
    assert '<a xlink:href="#ev-F-x-001"><title>12 USD — “a &lt;quote&gt;” — Pub</title>' in out
    assert "target=" not in out and out.startswith("<svg") and 'width="100%"' in out


def test_marks_get_their_own_tooltips_and_links(tmp_path):
    fig, ax = _plain()
    colour = palette.use(fig, "entity", "KG")
    dots = ax.scatter([0, 1], [0, 1], color=colour)
    svg.tip(fig, dots, ["2009: $1bn — first", "2010: $2bn — second"], ["#ref-a", "#ref-b"])
    bar = ax.bar([2], [1], color=colour).patches[0]
    svg.tip(fig, bar, ["a <bar>"], ["#src-x"])
    figures.save(fig, tmp_path / "t.svg")
    out = svg.for_page((tmp_path / "t.svg").read_text(encoding="utf-8"), "p", {}, fig.rukg_tips)
    plt.close(fig)
    assert '<a xlink:href="#ref-a"><title>2009: $1bn — first</title>' in out
    assert '<a xlink:href="#ref-b"><title>2010: $2bn — second</title>' in out
    assert '<a xlink:href="#src-x"><title>a &lt;bar&gt;</title>' in out
