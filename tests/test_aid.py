"""Commitments: one record per commitment, linked to every mention, converted and deflated."""

from __future__ import annotations

import pytest
from test_catalogue import rewrite

from rukg import aid, charts
from rukg.catalogue import load, validate
from rukg.normalise import deflator


@pytest.fixture(scope="module")
def cat(real_paths):
    return load(real_paths)


@pytest.fixture(scope="module")
def table(cat, real_paths):
    return aid.commitments_table(cat, real_paths, 2023)


def test_2009_package_is_one_commitment_linked_to_every_mention(cat, table):
    pkg = table[table["commitment_id"] == "C-2009-package"]
    assert sorted(pkg["instrument"]) == ["debt_relief", "grant", "loan", "project_financing"]
    mentions = set(";".join(pkg["figure_ids"]).split(";"))
    # Every figure of the February 2009 package, in whatever words, is linked to it...
    quotes = cat.figures.set_index("id")["quote"]
    assert any("$2 billion loan" in quotes[f] for f in mentions)
    assert any("48%" in quotes[f] for f in mentions)
    # ...and no figure is the amount of two parts.
    amount_ids = cat.parts["amount_figure_id"].dropna()
    assert amount_ids.is_unique


def test_amounts_are_read_from_figures_and_converted(cat, table):
    t = table.set_index("part_id")
    assert t.loc["P-2009-hydro", "amount_usd"] == 1.7e9
    assert t.loc["P-1994-credit", "currency"] == "RUR"
    assert t.loc["P-1994-credit", "amount_usd"] == pytest.approx(47.49e6, rel=1e-3)
    assert "1994-02" in t.loc["P-1994-credit", "rate_period"]


def test_base_year_is_a_parameter(cat, real_paths, table):
    other = aid.commitments_table(cat, real_paths, 2009).set_index("part_id")
    t = table.set_index("part_id")
    assert other.loc["P-2009-grant", "amount_const_usd"] == pytest.approx(150e6)
    ratio = (
        t.loc["P-2009-grant", "amount_const_usd"] / other.loc["P-2009-grant", "amount_const_usd"]
    )
    assert ratio == pytest.approx(deflator(real_paths, 2009, 2023))


def test_later_facts_can_be_switched_off(cat, real_paths, table):
    off = aid.commitments_table(cat, real_paths, 2023, use_later_facts=False)
    assert off["later_status"].isna().all()
    t = table.set_index("part_id")
    assert t.loc["P-2009-hydro", "later_status"] == "cancelled"
    assert t.loc["P-2012-military-kg", "later_amount_usd"] == pytest.approx(126e6)
    assert "A23" in t.loc["P-2012-military-kg", "later_sources"]


def test_by_year_never_mixes_statuses(table):
    groups = aid.by_year_and_instrument(table)
    assert set(groups) == {"Pledged or signed", "Reported as delivered"}
    assert 2014 in groups["Reported as delivered"].index
    assert 2014 not in groups["Pledged or signed"].index


def test_outcomes_are_side_by_side(table):
    out = aid.pledged_and_outcome(table).set_index("part_id")
    assert out.loc["P-2009-hydro", "cancelled"] == out.loc["P-2009-hydro", "committed"]
    assert out.loc["P-2009-grant", "delivered"] == pytest.approx(
        out.loc["P-2009-grant", "committed"]
    )
    fig = charts.paired_bars(
        out.reset_index(),
        label="label",
        series={"committed": "c", "delivered": "d", "cancelled": "x"},
        title="t",
        subtitle="s",
        sources=["x"],
    )
    drawn = sorted(round(p.get_width()) for p in fig.axes[0].patches if p.get_width() > 0)
    expected = sorted(
        round(v) for v in out[["committed", "delivered", "cancelled"]].stack().tolist() if v > 0
    )
    assert drawn == expected


def test_stacked_panels_draw_their_tables(table):
    groups = aid.by_year_and_instrument(table)
    fig = charts.stacked_columns_panels(
        groups, labels={}, colours={}, title="t", subtitle="s", sources=["x"]
    )
    for ax, t in zip(fig.axes, groups.values(), strict=True):
        heights = sorted(round(p.get_height()) for p in ax.patches if p.get_height() > 0)
        assert heights == sorted(round(v) for v in t.to_numpy().ravel() if v > 0)


def test_cumulative_is_per_status_group(table):
    run = aid.cumulative(table)
    for _, g in run.groupby("group"):
        assert g["cumulative"].is_monotonic_increasing
        assert g["cumulative"].iloc[-1] == pytest.approx(g["amount_const_usd"].sum())


def test_unlinked_aid_figure_fails_validation(project_copy):
    def drop_grant(rows, f):
        rows[:] = [r for r in rows if r["id"] != "P-2009-grant"]

    rewrite(project_copy.commitment_parts_csv, drop_grant)
    problems = validate(project_copy)
    assert any(
        p.file == "data/figures.csv" and p.column == "kind" and "in no commitment" in p.message
        for p in problems
    )


def test_unknown_fact_and_bad_status_are_reported(project_copy):
    def edit(rows, f):
        rows[0]["later_facts"] = "A99"
        rows[1]["status"] = "delivered"  # the article frames the 2005 restructuring as pledged

    rewrite(project_copy.commitment_parts_csv, edit)
    found = {(p.row, p.column) for p in validate(project_copy)}
    assert {(1, "later_facts"), (2, "status")} <= found


def test_findings_are_computed(table):
    sentence = aid.commitments_finding(table)
    assert aid.sources(table) and "2009" in sentence
