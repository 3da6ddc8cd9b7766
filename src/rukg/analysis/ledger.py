"""One accounting of Russian aid to Kyrgyzstan, in the manner of the Kiel aid tracker.

One row per commitment part (the February 2009 package is four parts, counted once
however often the articles mention it), with the money at each stage. Each stage has
one definition, used by every total, chart and table in the report (:data:`STAGES`):

- **pledged**: the amount announced or promised, as the articles state it;
- **signed**: the amount fixed by a signed agreement, where one is reported
  (Kommersant's $1.1bn military package was a projection; the agreement signed was
  smaller). Where no agreement amount is reported, the pledge stands for it;
- **delivered**: money or goods transferred, by the articles or later reporting;
- **cancelled**: annulled, or withheld and never paid;
- **unresolved**: signed or pledged, with neither delivery nor cancellation reported;
- **never signed**: the part of a headline that no signed agreement carried.

Per part, pledged = delivered + cancelled + unresolved + never signed, so the outcomes
partition the pledges and may be stacked; the stages themselves are never added.

Transfers (grants, loans, credit lines, military aid, project finance) are kept apart
from debt operations: a restructuring moves repayments and transfers nothing, and a
write-off of a loan already counted as delivered is never added to it
(``data/debt_operations.csv`` says which operation is which, with its reason).
Recurring base rent is left out of one-off totals.
"""

from __future__ import annotations

import pandas as pd

from rukg.analysis.overview import source_name
from rukg.catalogue import Catalogue, split_ids
from rukg.catalogue.dates import plot_date
from rukg.config import Paths
from rukg.formatting import format_usd
from rukg.reference import context
from rukg.reference import tables as datasets
from rukg.reference.prices import deflator

__all__ = [
    "INSTRUMENT_LABELS",
    "STAGES",
    "OUTCOMES",
    "TRANSFERS",
    "DEBT_OPERATIONS",
    "transfers",
    "totals",
    "by_year",
    "running_totals",
    "debt_operations",
    "debt_totals",
    "ledger_for_display",
    "debt_for_display",
    "debt_reasons",
]

INSTRUMENT_LABELS = {
    "grant": "Grant",
    "loan": "Loan",
    "credit_line": "Credit line",
    "debt_relief": "Debt relief",
    "debt_restructuring": "Debt restructuring",
    "military_aid": "Military aid",
    "project_financing": "Project financing",
    "investment": "Investment",
    "base_rent": "Base rent",
}

STAGES = {
    "pledged": "announced or promised, as the articles state it",
    "signed": "fixed by a signed agreement (where none is reported, the pledge stands for it)",
    "delivered": "money or goods transferred",
    "cancelled": "annulled, or withheld and never paid",
    "unresolved": "neither delivered nor cancelled by the latest report",
    "never_signed": "the part of a headline that no signed agreement carried",
}
# What became of each pledged dollar: these four partition the pledges.
OUTCOMES = ("delivered", "cancelled", "unresolved", "never_signed")
OUTCOME_LABELS = {
    "pledged": "Pledged",
    "signed": "Signed",
    "delivered": "Delivered",
    "cancelled": "Cancelled or withheld",
    "unresolved": "Unresolved",
    "never_signed": "Never signed",
}
# Instruments that move money or goods to Kyrgyzstan; debt operations are counted apart.
TRANSFERS = (
    "grant",
    "loan",
    "credit_line",
    "military_aid",
    "project_financing",
    "investment",
)
DEBT_OPERATIONS = {"restructuring": "Restructured", "write_off": "Written off"}


def _context_value(paths: Paths, fact_id: str) -> float:
    return context.value(paths, fact_id)


def transfers(
    commitments: pd.DataFrame,
    paths: Paths,
    cat: Catalogue,
    base_year: int,
    use_later_facts: bool = True,
) -> pd.DataFrame:
    """One row per one-off transfer to Kyrgyzstan with a stated amount: the money at each stage.

    ``commitments`` is :func:`rukg.analysis.aid.commitments_table` made with the same
    ``base_year``; amounts are in its constant dollars. Columns: ``part_id``, ``label``, ``year``, ``date``,
    ``instrument``, ``figure_ids``, ``source_ids``, ``later_sources``, one column per
    stage of :data:`STAGES` and ``outcome`` (delivered, partly delivered, cancelled or
    unresolved).
    """

    parts = cat.parts.set_index("id")
    sel = (
        (commitments["recipient"] == "KG")
        & (commitments["recurring"] == "no")
        & commitments["instrument"].isin(TRANSFERS)
        & commitments["amount_usd"].notna()
    )
    rows = []
    for _, r in commitments[sel].iterrows():
        factor = deflator(paths, int(r["year"]), base_year)  # current -> constant dollars
        pledged = float(r["amount_const_usd"])
        signed = pledged
        signed_ids = split_ids(parts.loc[r["part_id"], "signed_facts"])
        if use_later_facts and signed_ids:
            signed = sum(_context_value(paths, f) for f in signed_ids) * 1e6 * factor
        delivered = cancelled = 0.0
        later = r["later_status"] if use_later_facts else None
        if r["status"] == "delivered":
            delivered = signed
        elif later in ("delivered", "partly_delivered"):
            amount = r["later_amount_usd"]
            delivered = signed if pd.isna(amount) else min(float(amount) * factor, signed)
        elif later == "cancelled":
            cancelled = signed
        unresolved = max(signed - delivered - cancelled, 0.0)
        outcome = (
            "cancelled"
            if cancelled
            else "delivered"
            if delivered >= signed
            else "partly delivered"
            if delivered
            else "unresolved"
        )
        rows.append(
            {
                "part_id": r["part_id"],
                "label": f"{r['year']} {INSTRUMENT_LABELS[r['instrument']].lower()}",
                "year": int(r["year"]),
                "date": r["date"],
                "instrument": r["instrument"],
                "figure_ids": r["figure_ids"],
                "source_ids": r["source_ids"],
                "later_sources": r["later_sources"] if use_later_facts else None,
                "signed_facts": ";".join(signed_ids) if use_later_facts else "",
                "pledged": pledged,
                "signed": signed,
                "delivered": delivered,
                "cancelled": cancelled,
                "unresolved": unresolved,
                "never_signed": pledged - signed,
                "outcome": outcome,
                "base_year": base_year,
            }
        )
    return pd.DataFrame(rows)


def totals(ledger: pd.DataFrame) -> dict[str, float]:
    """The total at each stage (one definition each), and the parts counted."""
    out = {stage: float(ledger[stage].sum()) for stage in STAGES}
    out["parts"] = len(ledger)
    out["delivered_share_of_signed"] = out["delivered"] / out["signed"] if out["signed"] else 0.0
    return out


def by_year(ledger: pd.DataFrame) -> pd.DataFrame:
    """Outcomes of the pledges by the year they were made (rows), one column per outcome.

    The columns partition the pledges, so each year's stack is that year's pledges.
    """
    table = ledger.groupby("year")[list(OUTCOMES)].sum()
    return table.loc[:, (table != 0).any()]


def running_totals(ledger: pd.DataFrame) -> pd.DataFrame:
    """Running totals of pledged and delivered amounts by the date of the commitment."""
    data = ledger.sort_values(["date", "part_id"])
    rows = []
    for stage in ("pledged", "delivered"):
        running = data[stage].cumsum()
        for (_, r), total in zip(data.iterrows(), running, strict=True):
            rows.append(
                {
                    "group": OUTCOME_LABELS[stage],
                    "when": plot_date(r["date"]),
                    "date": r["date"],
                    "part_id": r["part_id"],
                    "cumulative": total,
                    "figure_ids": r["figure_ids"],
                }
            )
    return pd.DataFrame(rows)


def debt_operations(paths: Paths, cat: Catalogue) -> pd.DataFrame:
    """Each restructuring and write-off of Kyrgyz debt to Russia once, in current US dollars.

    Amounts come from the row named in ``amount_from`` (a figure of the articles or a
    reference fact); ``kind`` and its reason from ``data/debt_operations.csv``.
    """
    ops = datasets.read(paths, "debt_operations")
    facts = datasets.read(paths, "aid_facts").set_index("id")
    figures = cat.figures.set_index("id")
    rows = []
    for _, op in ops.iterrows():
        src = op["amount_from"]
        if src in figures.index:
            amount, origin = float(figures.loc[src, "value"]), "article"
            cited = figures.loc[src, "source_id"]
        else:
            amount, origin = float(facts.loc[src, "amount_usd_millions"]) * 1e6, "later reporting"
            cited = f"{facts.loc[src, 'publisher']} ({facts.loc[src, 'published']})"
        rows.append(
            {
                "id": op["id"],
                "date": op["date"],
                "year": int(op["date"][:4]),
                "kind": op["kind"],
                "amount_usd": amount,
                "origin": origin,
                "cited": cited,
                "amount_from": src,
                "part_id": "" if pd.isna(op["part_id"]) else op["part_id"],
                "writes_off": "" if pd.isna(op["writes_off"]) else op["writes_off"],
                "reason": op["reason"],
            }
        )
    return pd.DataFrame(rows).sort_values(["date", "id"]).reset_index(drop=True)


def debt_totals(ops: pd.DataFrame) -> dict:
    """Restructured and written-off debt, never added together; current US dollars."""
    out: dict = {}
    for kind in DEBT_OPERATIONS:
        sel = ops[ops["kind"] == kind]
        out[kind] = float(sel["amount_usd"].sum())
        out[f"{kind}_count"] = len(sel)
        out[f"{kind}_first"] = int(sel["year"].min()) if len(sel) else None
        out[f"{kind}_last"] = int(sel["year"].max()) if len(sel) else None
    return out


def loan_written_off(ops: pd.DataFrame, part_id: str) -> float:
    """How much of a loan later write-offs cancelled (current dollars)."""
    return float(ops.loc[ops["writes_off"] == part_id, "amount_usd"].sum())


# --- tables for the page (five columns at most; reasoning in notes, not cells) ----------


def _money(v) -> str:
    return "" if v is None or pd.isna(v) else format_usd(v)


def _not_delivered(r) -> str:
    """What became of the part of a pledge not delivered, in words with amounts."""
    parts = [
        f"{_money(r[stage])} {OUTCOME_LABELS[stage].lower()}"
        for stage in ("cancelled", "unresolved", "never_signed")
        if r[stage] > 0
    ]
    return "; ".join(parts) if parts else "none: delivered in full"


def ledger_for_display(ledger: pd.DataFrame, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """The aid accounting, one row per commitment part and a total: the money at each stage.

    Five columns: pledged, signed and delivered, and what became of the rest
    (cancelled or withheld, unresolved, never signed). ``labels`` (from
    :func:`rukg.analysis.aid.part_labels`) names the parts as the aid chart does.
    """
    names = ledger["part_id"].map(labels) if labels else ledger["label"]
    names = names.fillna(ledger["label"])
    out = pd.DataFrame({"Commitment": names.str[:1].str.upper() + names.str[1:]})
    for stage in ("pledged", "signed", "delivered"):
        out[OUTCOME_LABELS[stage]] = ledger[stage].map(lambda v: _money(v) if v else "–")
    out["Not delivered"] = ledger.apply(_not_delivered, axis=1)
    t = totals(ledger)
    total = {"Commitment": "Total"}
    total.update({OUTCOME_LABELS[s]: _money(t[s]) for s in ("pledged", "signed", "delivered")})
    total["Not delivered"] = _not_delivered(pd.Series(t))
    return pd.concat([out, pd.DataFrame([total])], ignore_index=True)


def _debt_operation(r, labels: dict[str, str]) -> str:
    name = DEBT_OPERATIONS[r["kind"]]
    if r["kind"] == "restructuring":
        return f"{name}: repayments rescheduled, the debt still owed"
    if r["writes_off"]:
        return f"{name}, from the {labels.get(r['writes_off'], r['writes_off'])}"
    return name


def debt_for_display(
    ops: pd.DataFrame, cat: Catalogue, labels: dict[str, str] | None = None
) -> pd.DataFrame:
    """Each restructuring and write-off once, with where its amount comes from.

    Why each operation is of its kind is long reasoning; it is in :func:`debt_reasons`
    (for a note under the table or the appendix), not in a cell. ``labels`` (from
    :func:`rukg.analysis.aid.part_labels`) names the loan a write-off cancels.
    """

    def cited(r) -> str:
        return source_name(cat, r["cited"]) if r["origin"] == "article" else r["cited"]

    labels = labels or {}
    return pd.DataFrame(
        {
            "Date": ops["date"],
            "Operation": ops.apply(lambda r: _debt_operation(r, labels), axis=1),
            "Amount (current US dollars)": ops["amount_usd"].map(_money),
            "Amount from": ops.apply(cited, axis=1),
        }
    )


def debt_reasons(ops: pd.DataFrame) -> pd.DataFrame:
    """Why each debt operation is counted as a restructuring or a write-off (for the appendix)."""
    return pd.DataFrame(
        {
            "Operation": ops["date"] + " " + ops["kind"].map(DEBT_OPERATIONS).str.lower(),
            "Why this kind": ops["reason"],
        }
    )
