"""Security: treaty end years computed from stated terms; basing timeline and military figures."""

from __future__ import annotations

import pandas as pd
import pytest

from rukg.analysis import security
from rukg.catalogue import load


@pytest.fixture(scope="module")
def cat(real_paths):
    return load(real_paths)


def test_treaty_end_dates_from_terms():
    ends = security.treaty_end_dates("2017-01-29", 15, 5, 2)
    assert [d.year for d in ends] == [2032, 2037, 2042]
    assert ends[0] == pd.Timestamp("2032-01-29")
    assert security.treaty_end_dates("2020-02-29", 1, 1, 0) == [pd.Timestamp("2021-02-28")]


def test_terms_come_from_the_catalogue(cat):
    terms = security.basing_terms(cat)
    assert terms["entry_into_force"] == "2017-01-29"
    assert (terms["initial_years"], terms["extension_years"]) == (15, 5)
    assert terms["source_ids"] == ["gs2019"]
    # The finding prints years computed from those terms, not typed ones.
    assert "2032" in security.basing_finding(cat) and "2037" in security.basing_finding(cat)


def test_terms_follow_the_data(cat):
    figures = cat.figures.copy()
    figures.loc[figures["subject"] == "base-agreement-term", "value"] = 25.0
    changed = security.basing_terms(cat.__class__(**{**cat.__dict__, "figures": figures}))
    assert changed["initial_years"] == 25


def test_military_figures_have_sources(cat):
    table = security.military_figures(cat)
    assert set(table["kind"]) <= set(security.MILITARY_KINDS)
    assert table["source_id"].notna().all() and table["quote"].notna().all()
    shown = security.military_for_display(table, cat)
    assert len(shown) == len(table)
