"""The articles' trade figures, what they imply, and how they compare with the official series."""

from __future__ import annotations

import pytest

from rukg.analysis import trade
from rukg.catalogue import load


@pytest.fixture(scope="module")
def cat(real_paths):
    return load(real_paths)


@pytest.fixture(scope="module")
def official(real_paths):
    return trade.official(real_paths)


def test_growth_rate_implies_previous_year():
    central, low, high = trade.implied_previous_year(514e6, 20, 18, 22)
    assert central == pytest.approx(514e6 / 1.2)
    assert (low, high) == (pytest.approx(514e6 / 1.22), pytest.approx(514e6 / 1.18))
    assert trade.implied_previous_year(100.0, 25, None, None) == (80.0, None, None)


def test_multiple_implies_base_range():
    central, low, high = trade.implied_base_from_multiple(514e6, 3, 2.7, 3)
    assert central == pytest.approx(171.333e6, rel=1e-4)
    assert low == pytest.approx(514e6 / 3) and high == pytest.approx(514e6 / 2.7)


def test_derived_values_from_the_articles(cat):
    d = trade.derived_values(cat).set_index("year")
    assert set(d.index) == {2000, 2004}
    assert d.loc[2000, "value_usd"] == pytest.approx(514e6 / 3)
    assert d.loc[2000, "high_usd"] == pytest.approx(514e6 / 2.7)
    assert d.loc[2004, "figure_ids"] == "F-edm2006-011;F-edm2006-009"
    assert "/" in d.loc[2004, "derivation"]


def test_comparison_with_official(cat, official):
    comp = trade.article_vs_official(cat, official)
    stated = comp[(comp["how"] == "stated") & (comp["measure"] == "turnover")].iloc[0]
    assert stated["year"] == 2005
    kg = trade.official_turnover(official).loc[2005, "KG"]
    assert stated["diff_kg_pct"] == pytest.approx((514e6 / kg - 1) * 100)
    assert set(comp["figure_ids"].str.split(";").explode()) == set(trade.article_figures(cat)["id"])


def test_every_trade_figure_is_used_or_set_aside(cat, official):
    used = set(trade.article_vs_official(cat, official)["figure_ids"].str.split(";").explode())
    trade_kinds = cat.figures[cat.figures["kind"].isin(["trade", "trade_growth", "trade_share"])]
    unused = set(trade_kinds["id"]) - used - set(cat.set_aside["figure_id"])
    assert not unused


def test_later_statements_only_where_no_official_value(real_paths, official):
    later = trade.later_statements(real_paths, official)
    covered = set(trade.official_turnover(official).dropna(how="all").index)
    assert len(later) and not set(later["year"]) & covered


def test_growth_index_base_is_100(official):
    idx = trade.growth_index(official, 2000)
    assert (idx[idx["year"] == 2000]["index"] == 100).all()
    with pytest.raises(ValueError):
        trade.growth_index(official, 1900)
