"""Geopolitics: leaders' terms with citations, mention counts by code, dependence indicators."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from rukg.analysis import geopolitics, overview
from rukg.catalogue import load
from rukg.errors import DataError


@pytest.fixture(scope="module")
def cat(real_paths):
    return load(real_paths)


def test_leaders_have_citations_and_consistent_terms(real_paths):
    table = geopolitics.leaders(real_paths)
    assert table["citation"].str.startswith("http").all()
    for country, terms in table[table["acting"] == "no"].groupby("country"):
        terms = terms.sort_values("start")
        # Consecutive terms do not overlap.
        assert (terms["start"].iloc[1:].to_numpy() >= terms["end"].iloc[:-1].to_numpy()).all(), (
            country
        )


def test_bad_leader_row_is_reported(project_copy):
    path = project_copy.data / "leaders.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("2011-12-01,2017-11-24", "2011-12-01,2010-11-24"),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as err:
        geopolitics.leaders(project_copy)
    assert err.value.problems[0].column == "end"


def test_mention_counts_match_a_direct_count(cat, real_paths):
    order = overview.sources_in_order(cat)
    counts = geopolitics.mention_counts(cat, real_paths, order)
    assert list(counts.columns) == order
    assert counts.loc["Pakistan", "edm2007"] == len(
        re.findall(r"Pakistan|Islamabad", cat.texts["edm2007"])
    )
    # The typing slip "SCTO" counts as the CSTO.
    assert counts.loc["CSTO", "comm2023"] >= cat.texts["comm2023"].count("SCTO") + cat.texts[
        "comm2023"
    ].count("CSTO")


def test_client_state_passages(cat):
    passages = geopolitics.client_state_passages(cat)
    assert set(passages["source_id"]) == {"gs2019", "blog2013"}


def test_leader_spans_run_to_the_edge(real_paths):
    until = pd.Timestamp("2024-05-01")
    spans = geopolitics.leader_spans(geopolitics.leaders(real_paths), until)
    assert (spans["end"] <= until).all() and (spans["end"] == until).sum() == 2
