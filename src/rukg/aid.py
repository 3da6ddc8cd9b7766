"""Russian aid commitments: one record per commitment part, in current and constant dollars.

The articles mention the same package several times in different words; the
commitments tables (``data/commitments.csv``, ``data/commitment_parts.csv``)
hold each commitment once, with every figure that mentions it. Amounts are read
from the figures (never typed twice), converted at the rate of the time and
deflated to a base year. Later statuses come from the reference facts
(``data/reference/facts/aid_commitments.csv``), each with its citation.
"""

from __future__ import annotations

import re

import pandas as pd

from rukg import datasets
from rukg.catalogue import Catalogue, split_ids
from rukg.config import Paths
from rukg.normalise import deflator, guarded_sum, to_usd

__all__ = [
    "sources",
    "aid_facts",
    "commitments_table",
    "by_year_and_instrument",
    "pledged_and_outcome",
    "cumulative",
    "debt_events",
    "INSTRUMENT_LABELS",
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


def aid_facts(paths: Paths) -> pd.DataFrame:
    """The reference facts on aid, indexed by id (each row cites its own source)."""
    return datasets.read(paths, "aid_facts").set_index("id")


def _sources_of(cat: Catalogue, figure_ids: list[str], event_ids: list[str]) -> set[str]:
    """Source ids behind a commitment: its figures', or its events' where it has no figure."""
    figures = cat.figures.set_index("id")["source_id"]
    events = cat.events.set_index("id")["source_id"]
    return {figures[f] for f in figure_ids} or {events[e] for e in event_ids}


def sources(table: pd.DataFrame) -> list[str]:
    """The source ids a commitments table draws on, for a chart's footer."""
    return sorted({s for cell in table["source_ids"] for s in cell.split(";") if s})


def _year(date: str) -> int:
    return int(date[:4])


def commitments_table(
    cat: Catalogue, paths: Paths, base_year: int, use_later_facts: bool = True
) -> pd.DataFrame:
    """One row per commitment part with its amounts, statuses and the figures behind it.

    Columns include the amount as stated, ``amount_usd`` (current dollars,
    with the rouble rate and its period where converted), ``amount_const_usd``
    (dollars of ``base_year``), ``status`` as the articles frame it and, when
    ``use_later_facts``, ``later_status``/``later_amount_usd`` with citations.
    """
    figures = cat.figures.set_index("id")
    commitments = cat.commitments.set_index("id")
    facts = aid_facts(paths) if use_later_facts else None
    rows = []
    for _, part in cat.parts.iterrows():
        c = commitments.loc[part["commitment_id"]]
        amount_ids = split_ids(part["amount_figure_id"])
        mention_ids = amount_ids + split_ids(part["figure_ids"]) + split_ids(c["figure_ids"])
        row = {
            "part_id": part["id"],
            "commitment_id": part["commitment_id"],
            "commitment": c["title"],
            "part": part["part"],
            "date": c["date"],
            "year": _year(c["date"]),
            "donor": c["donor"],
            "recipient": c["recipient"],
            "instrument": part["instrument"],
            "recurring": part["recurring"],
            "status": part["status"],
            "figure_ids": ";".join(mention_ids),
            "source_ids": ";".join(
                sorted(_sources_of(cat, mention_ids, split_ids(c["event_ids"])))
            ),
            "amount": None,
            "currency": None,
            "amount_usd": None,
            "rate_rub_per_usd": None,
            "rate_period": None,
            "amount_const_usd": None,
            "base_year": base_year,
            "later_status": None,
            "later_amount_usd": None,
            "later_sources": None,
        }
        if amount_ids:
            fig = figures.loc[amount_ids[0]]
            usd, rate = to_usd(paths, float(fig["value"]), fig["currency"], c["date"])
            row.update(
                amount=float(fig["value"]),
                currency=fig["currency"],
                amount_usd=usd,
                rate_rub_per_usd=rate.rub_per_usd if rate else None,
                rate_period=rate.period if rate else None,
                amount_const_usd=usd * deflator(paths, row["year"], base_year),
            )
        if facts is not None and not pd.isna(part["later_status"]):
            cited = split_ids(part["later_facts"])
            row["later_status"] = part["later_status"]
            row["later_sources"] = "; ".join(
                f"{fid}: {facts.loc[fid, 'publisher']} ({facts.loc[fid, 'published']}) {facts.loc[fid, 'source_url']}"
                for fid in cited
            )
            amount_facts = split_ids(part["later_amount_facts"])
            if amount_facts:
                row["later_amount_usd"] = sum(
                    float(facts.loc[fid, "amount_usd_millions"]) * 1e6 for fid in amount_facts
                )
            elif part["later_status"] == "delivered" and row["amount_usd"] is not None:
                row["later_amount_usd"] = row["amount_usd"]
            elif part["later_status"] == "cancelled":
                row["later_amount_usd"] = 0.0
        rows.append(row)
    table = pd.DataFrame(rows)
    table["price_basis"] = f"constant {base_year} USD"
    return table.sort_values(["date", "commitment_id", "part_id"]).reset_index(drop=True)


def _one_off_to(table: pd.DataFrame, recipient: str = "KG") -> pd.DataFrame:
    """Commitments to ``recipient`` with a stated amount, recurring payments left out."""
    sel = (
        (table["recipient"] == recipient)
        & (table["recurring"] == "no")
        & table["amount_usd"].notna()
    )
    return table[sel]


STATUS_GROUPS = {
    "pledged": "Pledged or signed",
    "committed": "Pledged or signed",
    "delivered": "Reported as delivered",
}


def by_year_and_instrument(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Constant-dollar commitments by year (rows) and instrument (columns), one table per status group.

    Amounts of different statuses are never added: pledged and signed
    commitments form one group, those the articles report as already delivered
    another.
    """
    data = _one_off_to(table).assign(group=lambda d: d["status"].map(STATUS_GROUPS))
    out = {}
    for group, sel in data.groupby("group", sort=True):
        cells = {}
        for (year, instrument), cell in sel.groupby(["year", "instrument"]):
            # statuses inside a group are one basis by definition (pledged ≈ signed)
            cells[(year, instrument)] = guarded_sum(
                cell, "amount_const_usd", basis=("price_basis",)
            )
        s = pd.Series(cells)
        s.index.names = ["year", "instrument"]
        out[group] = s.unstack("instrument", fill_value=0.0).sort_index()
    return out


def pledged_and_outcome(table: pd.DataFrame) -> pd.DataFrame:
    """Per commitment part: the amount as committed and, side by side, what the later facts say.

    Columns ``committed``, ``delivered``, ``cancelled`` in constant dollars of
    the base year; ``delivered``/``cancelled`` are blank where no later fact
    is known. The three are never summed.
    """
    data = _one_off_to(table)
    data = data[data["status"] != "delivered"]  # only commitments that were promises
    rows = []
    for _, r in data.iterrows():
        factor = r["amount_const_usd"] / r["amount_usd"]
        later = r["later_amount_usd"]
        delivered = cancelled = None
        if r["later_status"] in ("delivered", "partly_delivered") and later is not None:
            delivered = later * factor
            if r["later_status"] == "partly_delivered":
                cancelled = None  # the rest is undelivered, not formally cancelled
        elif r["later_status"] == "cancelled":
            cancelled = r["amount_const_usd"]
        rows.append(
            {
                "part_id": r["part_id"],
                "label": f"{r['year']} {INSTRUMENT_LABELS[r['instrument']].lower()}",
                "committed": r["amount_const_usd"],
                "delivered": delivered,
                "cancelled": cancelled,
                "later_status": r["later_status"],
                "figure_ids": r["figure_ids"],
            }
        )
    return pd.DataFrame(rows)


def cumulative(table: pd.DataFrame) -> pd.DataFrame:
    """Running totals of commitments to Kyrgyzstan by date, one series per status group."""
    data = _one_off_to(table).assign(group=lambda d: d["status"].map(STATUS_GROUPS))
    data = data.sort_values(["date", "part_id"])
    data["when"] = pd.to_datetime(
        data["date"].where(data["date"].str.len() > 4, data["date"] + "-07")
    )
    data["cumulative"] = data.groupby("group")["amount_const_usd"].cumsum()
    return data[
        ["group", "when", "date", "part_id", "amount_const_usd", "cumulative", "figure_ids"]
    ]


def debt_events(cat: Catalogue, table: pd.DataFrame, paths: Paths) -> pd.DataFrame:
    """Debt restructurings and write-offs over time: the articles' commitments and the later facts.

    One row per event in current US dollars, with ``origin`` "article" (the
    commitment as the articles state it) or "reference fact" (what later
    reporting says was done), and its citation.
    """
    rows = []
    debt = table[table["instrument"].isin(["debt_relief", "debt_restructuring"])]
    for _, r in debt.iterrows():
        rows.append(
            {
                "year": r["year"],
                "what": f"{INSTRUMENT_LABELS[r['instrument']]} ({r['status']})",
                "amount_usd": r["amount_usd"],
                "origin": "article",
                "cited": r["figure_ids"],
            }
        )
    facts = aid_facts(paths)
    for fid, f in facts[facts["category"] == "debt_writeoff"].iterrows():
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(f["date"])):
            continue  # a span such as "2005-2017" is a cumulative total, not an event
        rows.append(
            {
                "year": int(f["year"]),
                "what": f"{f['item']} ({f['status']})",
                "amount_usd": float(f["amount"]) * 1e6 if f["currency"] == "USD" else None,
                "origin": "reference fact",
                "cited": f"{fid}: {f['publisher']}",
            }
        )
    return pd.DataFrame(rows).sort_values(["year", "origin"]).reset_index(drop=True)


def _bn(x: float) -> str:
    from rukg.charts import format_usd

    return format_usd(x)


def commitments_finding(table: pd.DataFrame) -> str:
    """One sentence on the commitments, every number computed from the table."""
    kg = _one_off_to(table)
    promised = kg[kg["status"].isin(["pledged", "committed"])]
    n_commitments = kg["commitment_id"].nunique()
    by_commitment = promised.groupby("commitment_id")["amount_const_usd"].sum()
    top = by_commitment.idxmax()
    top_year = int(kg.loc[kg["commitment_id"] == top, "year"].iloc[0])
    base = int(table["base_year"].iloc[0])
    total = guarded_sum(
        promised.assign(status="pledged or signed"),
        "amount_const_usd",
        basis=("price_basis", "status"),
    )
    return (
        f"The articles describe {n_commitments} Russian commitments to Kyrgyzstan with a stated amount; "
        f"those pledged or signed add up to {_bn(total)} in {base} dollars, and the {top_year} package "
        f"alone is {_bn(by_commitment.max())} of it."
    )


def outcome_finding(outcomes: pd.DataFrame) -> str:
    """What became of the pledges whose fate later reporting records (amounts never mixed)."""
    known = outcomes[outcomes["later_status"].isin(["delivered", "partly_delivered", "cancelled"])]
    pledged = float(known["committed"].sum())
    if not pledged:  # later reporting switched off (use_later_facts) or silent on every pledge
        return (
            f"No later reporting on the pledges is used in this build, so the report does not say what "
            f"became of the {_bn(float(outcomes['committed'].sum()))} pledged; the pledges are shown "
            "as the articles state them."
        )
    delivered = float(known["delivered"].fillna(0).sum())
    cancelled = float(known["cancelled"].fillna(0).sum())
    neither = pledged - delivered - cancelled
    return (
        f"Of {_bn(pledged)} pledged in commitments whose fate later reporting records, "
        f"{_bn(delivered)} was delivered ({delivered / pledged:.0%}) and {_bn(cancelled)} cancelled "
        f"or withheld ({cancelled / pledged:.0%}); the remaining {_bn(neither)} was neither "
        "delivered nor formally cancelled."
    )


def debt_finding(debt: pd.DataFrame) -> str:
    """The debt story in one sentence, from the reference facts of write-offs."""
    facts = debt[
        (debt["origin"] == "reference fact") & debt["what"].str.contains("written off", case=False)
    ]
    return (
        f"Later reporting records {len(facts)} write-offs of Kyrgyz debt to Russia between "
        f"{int(facts['year'].min())} and {int(facts['year'].max())}, worth {_bn(float(facts['amount_usd'].sum()))} "
        "in current dollars as reported."
    )


def _money(v) -> str:
    from rukg.charts import format_usd

    return "" if v is None or pd.isna(v) else format_usd(v)


def _stated(r) -> str:
    from rukg.charts import format_usd

    if r["amount"] is None or pd.isna(r["amount"]):
        return "no amount stated"
    if r["currency"] == "USD":
        return format_usd(r["amount"])
    unit = "old roubles" if r["currency"] == "RUR" else "roubles"
    scale, word = (1e9, "billion") if r["amount"] >= 1e9 else (1e6, "million")
    return f"{r['amount'] / scale:g} {word} {unit}"


def for_display(table: pd.DataFrame) -> pd.DataFrame:
    """What was committed: amounts as stated, in current dollars (with the rate) and constant dollars."""
    base = int(table["base_year"].iloc[0])
    return pd.DataFrame(
        {
            "Date": table["date"],
            "Commitment": table["commitment"],
            "Part": table["part"],
            "To": table["recipient"],
            "Instrument": table["instrument"].map(INSTRUMENT_LABELS),
            "As stated": table.apply(_stated, axis=1),
            "Current USD": table["amount_usd"].map(_money),
            "Rate (RUB per USD)": table.apply(
                lambda r: (
                    ""
                    if pd.isna(r["rate_rub_per_usd"])
                    else f"{r['rate_rub_per_usd']:.2f} ({r['rate_period']})"
                ),
                axis=1,
            ),
            f"{base} USD": table["amount_const_usd"].map(_money),
        }
    )


def statuses_for_display(table: pd.DataFrame) -> pd.DataFrame:
    """What became of each commitment part: the articles' framing, later reporting, and the evidence."""
    return pd.DataFrame(
        {
            "Date": table["date"],
            "Part": table["part"],
            "Status (articles)": table["status"],
            "Later status": table["later_status"].fillna("").str.replace("_", " "),
            "Delivered (later)": table["later_amount_usd"].map(_money),
            "Figures": table["figure_ids"].str.replace(";", ", "),
            # Fact id, publisher and date; the URLs are in the facts file and the table data.
            "Later reporting": table["later_sources"]
            .fillna("")
            .str.replace(r" https?://\S+", "", regex=True),
        }
    )


def by_year_title(table: pd.DataFrame) -> str:
    """The finding of the by-year chart: the largest year of pledges and its main instrument."""
    kg = _one_off_to(table)
    promised = kg[kg["status"].isin(["pledged", "committed"])]
    by_year = promised.groupby("year")["amount_const_usd"].sum()
    year = int(by_year.idxmax())
    top = promised[promised["year"] == year].groupby("instrument")["amount_const_usd"].sum()
    return (
        f"{year} saw the largest pledges, {_bn(by_year.max())}, mostly "
        f"{INSTRUMENT_LABELS[top.idxmax()].lower()}"
    )


def outcome_title(outcomes: pd.DataFrame) -> str:
    known = outcomes[outcomes["later_status"].isin(["delivered", "partly_delivered", "cancelled"])]
    pledged = known["committed"].sum()
    if not pledged:  # no later reporting used: the chart shows the pledges alone
        return (
            "Pledges only: what Russia pledged, as the articles state it (later reporting not used)"
        )
    share = known["delivered"].fillna(0).sum() / pledged
    portion = "Less than half" if share < 0.5 else "Half" if share == 0.5 else "More than half"
    return f"{portion} of what Russia pledged was delivered: {share:.0%} by value"


def outcome_chart_text(base_year: int, use_later_facts: bool, what: str = "Each pledge") -> dict:
    """Series names, subtitle, note and extra sources of a pledged-against-outcome chart,
    worded for whether later reporting is used (the ``use_later_facts`` parameter)."""
    if not use_later_facts:
        return {
            "series": {"committed": "Pledged"},
            "subtitle": f"{what} to Kyrgyzstan, constant {base_year} US dollars; this build "
            "leaves out later reporting",
            "note": "outcomes are not shown: they come from later reporting, switched off for this build.",
            "sources": [],
        }
    return {
        "series": {
            "committed": "Pledged",
            "delivered": "Delivered (later reporting)",
            "cancelled": "Cancelled or withheld",
        },
        "subtitle": f"{what} to Kyrgyzstan and what later reporting says became of it, "
        f"constant {base_year} US dollars",
        "note": "bars side by side, never summed; no bar where later reporting is silent.",
        "sources": ["data/reference/facts/aid_commitments.csv"],
    }


def cumulative_title(running: pd.DataFrame) -> str:
    last = running.groupby("group")["cumulative"].max()
    return (
        f"Pledges ran to {_bn(last.get('Pledged or signed', 0))}; aid reported as delivered, "
        f"{_bn(last.get('Reported as delivered', 0))}"
    )


def annotations(cat: Catalogue) -> pd.DataFrame:
    """Political events to mark on time charts (``data/chart_annotations.csv``), dated from events.csv."""
    from rukg.overview import (
        plot_date,
    )  # overview imports nothing of aid; kept local to avoid a cycle later

    events = cat.events.set_index("id")
    rows = []
    for _, a in cat.annotations.iterrows():
        date = events.loc[a["event_id"], "date"]
        when = plot_date(date)
        rows.append(
            {"when": when, "label": f"{a['label']} ({date[:4]})", "event_id": a["event_id"]}
        )
    return pd.DataFrame(rows)


def debt_for_display(debt: pd.DataFrame) -> pd.DataFrame:
    from rukg.charts import format_usd

    return pd.DataFrame(
        {
            "Year": debt["year"],
            "What": debt["what"],
            "Amount (current USD)": debt["amount_usd"].map(
                lambda v: "" if pd.isna(v) else format_usd(v)
            ),
            "From": debt["origin"],
            "Cited": debt["cited"].str.replace(";", ", "),
        }
    )
