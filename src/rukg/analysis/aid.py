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

from rukg.analysis.ledger import INSTRUMENT_LABELS, debt_totals, loan_written_off, totals
from rukg.analysis.overview import source_name
from rukg.catalogue import Catalogue, split_ids
from rukg.catalogue.dates import plot_date
from rukg.config import Paths
from rukg.formatting import format_usd
from rukg.reference import tables as datasets
from rukg.reference.prices import OLD_ROUBLES_PER_RUB, deflator, to_usd

__all__ = [
    "sources",
    "aid_facts",
    "commitments_table",
    "for_display",
    "part_labels",
    "key_numbers",
    "INSTRUMENT_LABELS",
]


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


def _money(v) -> str:
    return "" if v is None or pd.isna(v) else format_usd(v)


def _stated(r) -> str:
    if r["amount"] is None or pd.isna(r["amount"]):
        return "no amount stated"
    if r["currency"] == "USD":
        return format_usd(r["amount"])
    unit = "old roubles" if r["currency"] == "RUR" else "roubles"
    scale, word = (1e9, "billion") if r["amount"] >= 1e9 else (1e6, "million")
    return f"{r['amount'] / scale:g} {word} {unit}"


_RECIPIENTS = {"KG": "Kyrgyzstan", "TJ": "Tajikistan"}


def _commitment_text(r) -> str:
    """The commitment and its part in one phrase, the part left out where the title says it."""
    title, part = str(r["commitment"]), str(r["part"])
    text = title if part.lower() in title.lower() else f"{title}: {part}"
    to = _RECIPIENTS.get(r["recipient"], r["recipient"])
    return text if r["recipient"] == "KG" or to in text else f"{text} (to {to})"


def _current(r) -> str:
    """Current dollars, with the rouble rate (in the roubles the amount is stated in)."""
    usd = _money(r["amount_usd"])
    if pd.isna(r["rate_rub_per_usd"]) or not usd:
        return usd
    old = r["currency"] == "RUR"
    rate = r["rate_rub_per_usd"] * (OLD_ROUBLES_PER_RUB if old else 1)
    unit = "old roubles" if old else "roubles"
    period = str(r["rate_period"]).split(" ")[0]
    shown = f"{rate:,.0f}" if rate >= 100 else f"{rate:.2f}"
    return f"{usd} ({shown} {unit} to the dollar, {period})"


def for_display(table: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """What was committed: amounts as stated, in current dollars (with the rate) and constant dollars.

    Five columns: the rouble rate goes with the current dollars it gives, the part
    and recipient with the commitment (the instrument is the part's own word).
    """
    return pd.DataFrame(
        {
            "Date": table["date"],
            "Commitment": table.apply(_commitment_text, axis=1),
            "As stated": table.apply(_stated, axis=1),
            "Current US dollars": table.apply(_current, axis=1),
            f"{base_year} US dollars": table["amount_const_usd"].map(_money),
        }
    )


def part_labels(commitments: pd.DataFrame) -> dict[str, str]:
    """A short name for each commitment part, for chart axes: year and the part's own words.

    Where the part names its project in brackets, the name stands for the description:
    "financing for a Soviet-era hydroelectric project (Kambarata-1)" -> "Kambarata-1 financing".
    """
    out = {}
    for _, r in commitments.iterrows():
        part = str(r["part"])
        named = re.search(r"\(([^)]+)\)\s*$", part)
        short = f"{named.group(1)} {part.split()[0]}" if named else part
        out[r["part_id"]] = f"{r['year']} {short}"
    return out


def annotations(cat: Catalogue) -> pd.DataFrame:
    """Political events to mark on time charts (``data/chart_annotations.csv``), dated from events.csv."""
    events = cat.events.set_index("id")
    rows = []
    for _, a in cat.annotations.iterrows():
        date = events.loc[a["event_id"], "date"]
        when = plot_date(date)
        rows.append(
            {"when": when, "label": f"{a['label']} ({date[:4]})", "event_id": a["event_id"]}
        )
    return pd.DataFrame(rows)


def key_numbers(ledger: pd.DataFrame, ops: pd.DataFrame, base_year: int) -> dict[str, tuple]:
    """The aid and debt numbers the text quotes, by name, with their formats (for glue)."""

    t, d = totals(ledger), debt_totals(ops)
    military = _largest(ledger[ledger["instrument"] == "military_aid"])
    loan = ledger[ledger["part_id"] == "P-2009-loan"].iloc[0]
    package = ledger[ledger["part_id"].str.startswith("P-2009-")]
    hydro = ledger[ledger["part_id"] == "P-2009-hydro"].iloc[0]
    numbers = {
        "aid_base_year": (base_year, "year"),
        "aid_parts": (t["parts"], "int"),
        "aid_first_year": (int(ledger["year"].min()), "year"),
        "aid_last_year": (int(ledger["year"].max()), "year"),
        "aid_delivered_share_of_pledged": (t["delivered"] / t["pledged"], "pct"),
        "aid_delivered_share_of_signed": (t["delivered_share_of_signed"], "pct"),
        "package_2009_pledged": (float(package["pledged"].sum()), "usd"),
        "package_2009_delivered": (float(package["delivered"].sum()), "usd"),
        "kambarata_2009_const": (float(hydro["cancelled"]), "usd"),
        "military_pledged": (float(military["pledged"]), "usd"),
        "military_signed": (float(military["signed"]), "usd"),
        "military_delivered": (float(military["delivered"]), "usd"),
        "military_delivered_share_of_signed": (
            float(military["delivered"] / military["signed"]),
            "pct",
        ),
        "loan_2009": (float(loan["pledged"]), "usd"),
        "loan_2009_written_off": (loan_written_off(ops, "P-2009-loan"), "usd"),
        "debt_written_off": (d["write_off"], "usd"),
        "debt_writeoffs": (d["write_off_count"], "int"),
        "debt_writeoff_first": (d["write_off_first"], "year"),
        "debt_writeoff_last": (d["write_off_last"], "year"),
        "debt_restructured": (d["restructuring"], "usd"),
        "debt_restructurings": (d["restructuring_count"], "int"),
        "debt_restructuring_first": (d["restructuring_first"], "year"),
        "debt_restructuring_last": (d["restructuring_last"], "year"),
    }
    for stage in ("pledged", "signed", "delivered", "cancelled", "unresolved", "never_signed"):
        numbers[f"aid_{stage}"] = (t[stage], "usd")
    numbers["aid_basis"] = (
        "Delivered counts what the articles or later reporting record as delivered."
        if _later_reporting_used(ledger)
        else "No later reporting on the pledges is used in this build: delivered counts only "
        "what the articles themselves report as delivered.",
        None,
    )
    return numbers


def _later_reporting_used(ledger: pd.DataFrame) -> bool:
    return bool(ledger["later_sources"].notna().any())


def outcome_title(ledger: pd.DataFrame) -> str:

    t = totals(ledger)
    if not _later_reporting_used(ledger):
        return (
            f"Pledges only: the articles themselves report {_money(t['delivered'])} "
            f"of {_money(t['pledged'])} as delivered"
        )
    share = t["delivered"] / t["pledged"]
    return (
        f"Russia delivered {_money(t['delivered'])} of the {_money(t['pledged'])} it pledged "
        f"({share:.0%})"
    )


def _largest(parts: pd.DataFrame) -> pd.Series:
    """The part with the largest pledge (the 2012 package among the military parts)."""
    return parts.loc[parts["pledged"].idxmax()]


def military_title(military: pd.DataFrame) -> str:
    """The finding of the military aid chart: the largest package at each stage it reached."""
    r = _largest(military)
    delivered = _money(r["delivered"]) if r["delivered"] else "none is reported"
    if r["signed"] != r["pledged"]:
        delivered = f"{_money(r['signed'])} was signed and {delivered}"
    return f"Of {_money(r['pledged'])} of arms announced, {delivered} delivered"


def basis_note(ledger: pd.DataFrame) -> str:
    """What a chart's "delivered" rests on, for its note ("" when later reporting is used)."""
    if _later_reporting_used(ledger):
        return ""
    return " Later reporting on the pledges is not used in this build."


def running_title(ledger: pd.DataFrame) -> str:

    t = totals(ledger)
    return f"Pledges ran to {_money(t['pledged'])}; deliveries to {_money(t['delivered'])}"


def publishers(cat: Catalogue, ledger: pd.DataFrame) -> list[str]:
    """Who the numbers of an aid chart come from: the articles' publishers, then later reporting."""
    names = [source_name(cat, s) for s in sources(ledger)]
    for cell in ledger["later_sources"].dropna():
        # "A07: RFE/RL (2009-04) https://…; A08: …" -> the publishers
        for item in cell.split("; "):
            names.append(re.sub(r" \(.*$", "", item.split(": ", 1)[-1].split(" http")[0]))
    return list(dict.fromkeys(names))
