"""The corpus overview: tables, computed sentences and what the charts draw."""

from __future__ import annotations

import re

import pytest

from rukg import charts, overview
from rukg.catalogue import load


@pytest.fixture(scope="module")
def cat(real_paths):
    return load(real_paths)


def test_sources_table_counts_match_the_catalogue(cat):
    table = overview.sources_table(cat)
    assert table["Figures"].sum() == len(cat.figures)
    assert table["Events"].sum() == len(cat.events)
    assert list(table.index) == overview.sources_in_order(cat)


def test_figures_chart_draws_its_table(cat, tmp_path):
    table = overview.figures_by_source(cat)
    assert table.to_numpy().sum() == len(cat.figures)
    fig = charts.stacked_bars(table, title="t", subtitle="s", sources=["x"])
    assert fig.plotted.equals(table)
    widths = sorted(round(p.get_width()) for p in fig.axes[0].patches)
    assert widths == sorted(int(v) for v in table.to_numpy().ravel())
    charts.save(fig, "test_chart", tmp_path)
    assert (tmp_path / "test_chart.svg").exists() and (tmp_path / "test_chart.png").exists()


def test_timeline_draws_every_event(cat):
    events = overview.events_for_timeline(cat)
    fig = charts.event_timeline(
        events, lanes=sorted(events["lane"].unique()), title="t", subtitle="s", sources=["x"]
    )
    assert len(fig.plotted) == len(cat.events)
    drawn = sum(len(c.get_offsets()) for c in fig.axes[0].collections)
    assert drawn == len(cat.events)


def test_findings_are_computed(cat):
    sentence = overview.corpus_finding(cat)
    numbers = [int(n) for n in re.findall(r"\b\d+\b", sentence)]
    assert len(cat.figures) in numbers and len(cat.events) in numbers
    assert overview.figures_chart_title(cat).count(str(len(cat.figures))) == 1


@pytest.mark.parametrize(
    "amount, text",
    [(1.7e9, "$1.7bn"), (560_000, "$560k"), (4.5e6, "$4.5m"), (150e6, "$150m"), (950, "$950")],
)
def test_format_usd(amount, text):
    assert charts.format_usd(amount) == text
