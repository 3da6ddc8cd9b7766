"""Commitments: one record per commitment, linked to every mention, converted and deflated."""

from __future__ import annotations

import pytest
from test_catalogue import rewrite

from rukg.analysis import aid, ledger
from rukg.build.validate import problems as validate
from rukg.catalogue import load
from rukg.formatting import format_usd
from rukg.reference.prices import deflator


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


@pytest.fixture(scope="module")
def transfers(table, cat, real_paths):
    return ledger.transfers(table, real_paths, cat, 2023)  # the base year of `table`


@pytest.fixture(scope="module")
def debt(cat, real_paths):
    return ledger.debt_operations(real_paths, cat)


def test_outcomes_partition_each_pledge(transfers):
    # pledged = delivered + cancelled + unresolved + never signed, part by part
    parts = transfers[list(ledger.OUTCOMES)].sum(axis=1)
    assert parts.to_numpy() == pytest.approx(transfers["pledged"].to_numpy())
    assert (transfers[list(ledger.STAGES)] >= 0).all().all()


def test_transfers_leave_out_debt_operations_and_rent(transfers):
    # Error 2: restructurings and write-offs are not transfers, so a loan and its
    # write-off are never both in the totals; recurring rent is not a one-off.
    assert set(transfers["instrument"]) <= set(ledger.TRANSFERS)
    assert "P-2005-debt" not in set(transfers["part_id"])
    assert "P-2012-debt" not in set(transfers["part_id"])
    assert "P-2003-rent" not in set(transfers["part_id"])
    assert "P-2009-loan" in set(transfers["part_id"])


def test_restructurings_are_not_write_offs(debt):
    # Error 1: the 2002 and 2005 deals extended repayment; only the 2012 settlement wrote off.
    kinds = debt.set_index("id")["kind"]
    assert kinds["D-2002-restructuring"] == kinds["D-2005-restructuring"] == "restructuring"
    totals = ledger.debt_totals(debt)
    assert totals["write_off_count"] == 3
    assert totals["write_off"] == pytest.approx(488.9e6)  # A15 + A16 + A17, the 2012 settlement
    assert totals["restructuring"] == pytest.approx(40e6 + 184e6)


def test_the_2009_loan_is_written_off_once_and_counted_once(transfers, debt):
    loan = transfers.set_index("part_id").loc["P-2009-loan"]
    # The write-offs of the loan add up to the loan, and the loan is delivered aid once.
    assert ledger.loan_written_off(debt, "P-2009-loan") == pytest.approx(300e6)
    assert loan["delivered"] == pytest.approx(loan["pledged"])


def test_military_aid_is_measured_against_the_signed_agreement(transfers):
    # Error 4: Kommersant's headline was a projection; the signed agreement was smaller.
    m = transfers.set_index("part_id").loc["P-2012-military-kg"]
    assert m["signed"] < m["pledged"] / 4
    assert m["delivered"] < m["signed"]
    assert m["unresolved"] == pytest.approx(m["signed"] - m["delivered"])
    assert m["never_signed"] == pytest.approx(m["pledged"] - m["signed"])


def test_one_delivered_total_everywhere(transfers):
    # Error 3: the by-year chart, the running total and the key numbers give one total.
    totals = ledger.totals(transfers)
    by_year = ledger.by_year(transfers)
    assert by_year["delivered"].sum() == pytest.approx(totals["delivered"])
    assert by_year.sum().sum() == pytest.approx(totals["pledged"])
    running = ledger.running_totals(transfers).groupby("group")["cumulative"].max()
    assert running["Delivered"] == pytest.approx(totals["delivered"])
    assert running["Pledged"] == pytest.approx(totals["pledged"])
    numbers = aid.key_numbers(transfers, ledger.debt_operations(*_paths_and_cat()), 2023)
    assert numbers["aid_delivered"][0] == pytest.approx(totals["delivered"])
    # Fig 9's complaint: deliveries of 2009 and 2012 show in the by-year chart
    assert by_year.loc[2009, "delivered"] > 0 and by_year.loc[2012, "delivered"] > 0


def _paths_and_cat():
    from rukg.config import paths

    p = paths()
    return p, load(p)


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


def test_chart_titles_are_computed(transfers):
    title = aid.outcome_title(transfers)
    assert format_usd(ledger.totals(transfers)["delivered"]) in title
