"""Timelines, event strips and the sources charts: bands run as long as the titles say,
strips carry few labelled and linked events, counts are readable, tables fit the page."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle

from rukg.analysis import consistency, geopolitics, overview, security
from rukg.catalogue import load
from rukg.present import figures, palette
from rukg.present.counts import _dark
from rukg.present.frame import LAYOUTS, NARROW, WIDE
from rukg.present.timelines import decimal_year, dot_lanes, pack

NAMES = [
    "security_basing_timeline",
    "geopolitics_manas_kant",
    "geopolitics_leaders",
    "sources_events_timeline",
    "sources_figures_by_category",
    "geopolitics_mentions",
]


@pytest.fixture(scope="module")
def cat(real_paths):
    return load(real_paths)


@pytest.fixture(scope="module")
def inputs(real_paths, cat):
    return figures.Inputs(real_paths, cat)


@pytest.fixture
def draw(inputs):
    drawn = []

    def _draw(name, layout=WIDE, given=None):
        fig = figures.draw(name, given or inputs, layout)
        drawn.append(fig)
        return fig

    yield _draw
    for fig in drawn:
        plt.close(fig)


def _bars(fig):
    return [p for p in fig.axes[0].patches if isinstance(p, Rectangle) and p.get_width() > 0]


def _dots(fig):
    return [c for c in fig.axes[0].collections if len(c.get_offsets())]


# --- rules -------------------------------------------------------------------------------


def test_pack_puts_touching_boxes_on_new_rows():
    assert pack([(0, 2), (1, 3), (2.5, 4), (5, 6)]) == [0, 1, 0, 0]
    # The margin counts: 0.5 apart is too close when 1 is asked for.
    assert pack([(0, 1), (1.5, 2)], pad=1.0) == [0, 1]
    assert pack([(0, 1), (2.5, 3), (0.5, 2.8)], pad=1.0) == [0, 0, 1]


def test_decimal_year():
    assert decimal_year("2017-01-29") == pytest.approx(2017 + 28 / 365)
    assert decimal_year("2020-07-01") == pytest.approx(2020 + 182 / 366)


def test_white_text_only_on_dark_dots():
    assert _dark(palette.colour("entity", "RU")) and _dark(palette.colour("entity", "US"))
    assert not _dark(palette.colour("entity", "other"))
    assert not _dark(palette.colour("entity", "CN"))


def test_dots_on_one_date_are_stacked_not_hidden():
    events = pd.DataFrame(
        {
            "lane": ["a", "a", "a", "b"],
            "x": [2000.5, 2000.5, 2000.52, 2000.5],
            "colour": [palette.colour("chapter", "security")] * 4,
            "url": ["#ev-1", "#ev-2", "#ev-3", "#ev-4"],
        }
    )
    fig = dot_lanes(WIDE, title="t", subtitle="s", sources=["x"], lanes=["a", "b"], events=events)
    levels = fig.plotted["level"].tolist()
    assert sorted(levels[:3]) == [-1, 0, 1] and levels[3] == 0
    assert list(_dots(fig)[0].get_urls()) == ["#ev-1", "#ev-2", "#ev-3", "#ev-4"]
    plt.close(fig)


# --- Russia's presence -----------------------------------------------------------------------


@pytest.mark.parametrize("extensions, last", [(0, 2032), (1, 2037), (2, 2042)])
def test_russia_presence_is_one_band_to_the_end_of_its_term(cat, real_paths, extensions, last):
    band = security.russia_presence(cat, real_paths, extensions=extensions)
    assert band["start"].iloc[0] == pd.Timestamp("2003-10-15")  # Kant, October 2003
    assert band["end"].iloc[-1].year == last
    # No gap and no overlap: each stretch starts where the last one ended.
    assert (band["start"].iloc[1:].to_numpy() == band["end"].iloc[:-1].to_numpy()).all()
    # Projected exactly from the latest article on.
    latest = security.latest_article(cat)
    assert latest == pd.Timestamp("2023-05-15")
    assert (band["projected"] == (band["start"] >= latest)).all()
    assert band["projected"].iloc[-1] and not band["projected"].iloc[0]
    assert "2032" in " ".join(band["label"])
    assert band["ids"].str.match(r"[FE]-").all()


def test_basing_chart_band_runs_as_long_as_the_title_says(draw, cat, inputs):
    fig = draw("security_basing_timeline")
    title = security.basing_title(cat)
    until = int(title.rsplit(" ", 1)[1])
    bars = _bars(fig)
    right = max(b.get_x() + b.get_width() for b in bars)
    left = min(b.get_x() for b in bars)
    assert right >= until and left < 2004
    hatched = [b for b in bars if b.get_hatch()]
    assert hatched and min(b.get_x() for b in hatched) == pytest.approx(
        decimal_year(security.latest_article(cat))
    )
    assert all(b.get_url() and b.get_url().startswith("#ev-") for b in bars)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "projected" in texts


@pytest.mark.parametrize(
    "name", ["security_basing_timeline", "geopolitics_manas_kant", "geopolitics_leaders"]
)
def test_event_strips_label_five_to_eight_linked_events(draw, name):
    fig = draw(name)
    events = fig.plotted["events"]
    assert 5 <= len(events) <= 8
    assert all(e.url and e.url.startswith("#ev-") for e in events)
    labels = {t.get_text().replace("\n", " ") for t in fig.axes[0].texts}
    assert all(e.label in labels for e in events)


def test_the_two_basing_charts_answer_different_questions(draw):
    ch1 = draw("security_basing_timeline")
    ch3 = draw("geopolitics_manas_kant")
    lanes1 = [lane.name for lane in ch1.plotted["lanes"]]
    lanes3 = [lane.name for lane in ch3.plotted["lanes"]]
    assert lanes1 == ["Russia"] and lanes3 == ["US at Manas", "Russia at Kant"]
    assert ch1.axes[0].get_xlim()[1] > 2032 and ch3.axes[0].get_xlim()[1] < 2020
    colours3 = {to_hex(b.get_facecolor()) for b in _bars(ch3)} - palette.NEUTRALS
    assert colours3 == {palette.colour("entity", "US"), palette.colour("entity", "RU")}


def test_leaders_in_entity_colours_with_names_readable(draw, inputs):
    for layout in LAYOUTS:
        fig = draw("geopolitics_leaders", layout)
        names = {"Yeltsin", "Putin", "Medvedev", "Akayev", "Bakiyev", "Otunbayeva", "Japarov"}
        found = [t for t in fig.axes[0].texts if t.get_text() in names]
        assert {t.get_text() for t in found} == names
        assert min(t.get_fontsize() for t in found) >= 7.5
        colours = {to_hex(b.get_facecolor()) for b in _bars(fig)}
        assert colours == {palette.colour("entity", "RU"), palette.colour("entity", "KG")}


# --- the appendix's charts ---------------------------------------------------------------


def test_events_timeline_draws_every_event_linked(draw, cat):
    fig = draw("sources_events_timeline", NARROW)
    urls = [u for c in _dots(fig) for u in c.get_urls()]
    assert len(urls) == len(cat.events)
    assert sorted(urls) == sorted(f"#ev-{i}" for i in cat.events["id"])


def test_figures_by_category_bars_match_the_table_and_link(draw, cat):
    fig = draw("sources_figures_by_category")
    table = overview.figures_by_source(cat)
    widths = sorted(round(b.get_width()) for b in _bars(fig))
    assert widths == sorted(int(v) for v in table.to_numpy().ravel() if v)
    assert all(b.get_url().startswith("#ev-F-") for b in _bars(fig))
    colours = {to_hex(b.get_facecolor()) for b in _bars(fig)}
    assert colours <= {palette.colour("chapter", c) for c in table.columns}


def test_mentions_drop_empty_rows_and_colour_by_entity(draw, cat, real_paths):
    counts = geopolitics.mention_counts(cat, real_paths, overview.sources_in_order(cat))
    empty = set(counts.index[counts.sum(axis=1) == 0])
    assert empty  # the data has a row no article uses (the CIS)
    for layout in LAYOUTS:
        fig = draw("geopolitics_mentions", layout)
        rows = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert not empty & set(rows) and set(rows) == set(counts.index) - empty
        numbers = [t for t in fig.axes[0].texts if t.get_text().isdigit()]
        assert len(numbers) == int((counts > 0).to_numpy().sum())
        assert min(t.get_fontsize() for t in numbers) >= layout.small
    assert palette.entity_of("United States") == "US"
    assert palette.entity_of("CSTO") == "CSTO"
    assert palette.entity_of("Pakistan") == "other"


# --- tables of the body and the appendix -------------------------------------------------------


def test_body_tables_have_at_most_five_columns(cat, real_paths):
    military = security.military_for_display(security.military_figures(cat), cat)
    assert len(military.columns) <= 5
    assert military["Source and evidence"].str.contains(r"F-[a-z0-9]+-\d{3}$").all()
    chain = geopolitics.chain(cat, real_paths)
    assert len(chain.columns) <= 5
    assert not chain["Date"].str.contains(r"\d{4}-\d{2}").any()
    assert "20 September 2012" in set(chain["Date"])
    passages = geopolitics.passages_for_display(cat, geopolitics.client_state_passages(cat))
    assert len(passages.columns) <= 5 and not passages["Passage"].str.contains("\n").any()


def test_appendix_tables_have_at_most_six_columns(cat, real_paths):
    sources = overview.sources_table(cat)
    assert len(sources.columns) + 1 <= 6  # with the index, Source
    assert "(news analysis, Oct 2006)" in sources["Title (kind, date)"].iloc[0]
    assert len(overview.assessments_table(cat, real_paths).columns) <= 6
    names = {s: overview.source_name(cat, s) for s in overview.sources_in_order(cat)}
    resolved = consistency.with_resolutions(
        consistency.all_conflicts(cat, real_paths), cat.corrections
    )
    table = consistency.for_display(resolved, names)
    assert list(table.columns) == [
        "Conflict",
        "Sources",
        "What each says",
        "Reading adopted",
        "Why",
        "Id",
    ]
    by = table.set_index("Id")
    assert by.loc["K-001", "What each says"].startswith("Unsigned commentary (2023): \u201c")
    assert "\u2014 GlobalSecurity.org (2019): \u201c" in by.loc["K-001", "What each says"]
    assert by.loc["K-015", "Why"].endswith(
        "Evidence: the table of places, row L01; the table of places, row L02; "
        "F-edm2006-004; F-gs2019-015"
    )
    assert not table["Why"].str.contains(r"\.csv").any()
