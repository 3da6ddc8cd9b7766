"""Security: Russia's bases, the terms that keep them, and the military figures the articles give.

The end years of the 2012 base agreement are computed from its stated terms
(in force from a date, for a number of years, extended automatically by a
number of years), read from the catalogue, never typed.
"""

from __future__ import annotations

import re

import pandas as pd

from rukg.analysis.overview import source_name
from rukg.catalogue import Catalogue, rejected_ids
from rukg.catalogue.dates import plot_date
from rukg.config import Paths
from rukg.formatting import format_usd
from rukg.reference import tables as datasets

__all__ = [
    "treaty_end_dates",
    "basing_terms",
    "russia_presence",
    "basing_finding",
    "military_figures",
    "presence",
    "MILITARY_KINDS",
]

MILITARY_KINDS = ("troops", "weapons", "military_aid", "rent")


def treaty_end_dates(
    entry_into_force: str, initial_years: int, extension_years: int, extensions: int
) -> list[pd.Timestamp]:
    """End of the initial term, then the end of each automatic extension, as dates."""
    start = pd.Timestamp(entry_into_force)
    first = start + pd.DateOffset(years=initial_years)
    return [first + pd.DateOffset(years=extension_years * k) for k in range(extensions + 1)]


def _one(df: pd.DataFrame, what: str) -> pd.Series:
    if len(df) != 1:
        raise ValueError(f"expected one catalogue row for {what}, found {len(df)}")
    return df.iloc[0]


def basing_terms(cat: Catalogue) -> dict:
    """The 2012 agreement's terms as the catalogue states them, with the ids they come from.

    Rows are found by subject: ``base-agreement-term`` and
    ``base-agreement-extension`` (figures, in years) and
    ``base-agreement-in-force`` (the event giving the date of entry into force).
    """
    f, e = cat.figures, cat.events
    term = _one(f[f["subject"] == "base-agreement-term"], "the agreement's term")
    ext = _one(f[f["subject"] == "base-agreement-extension"], "the agreement's extension")
    entry = _one(e[e["subject"] == "base-agreement-in-force"], "the agreement's entry into force")
    return {
        "entry_into_force": entry["date"],
        "initial_years": int(term["value"]),
        "extension_years": int(ext["value"]),
        "ids": [entry["id"], term["id"], ext["id"]],
        "source_ids": sorted({term["source_id"], ext["source_id"], entry["source_id"]}),
    }


def presence(paths: Paths) -> pd.DataFrame:
    """Spans of foreign military presence (``data/presence.csv``), each with its citation."""
    return datasets.read(paths, "presence")


def latest_article(cat: Catalogue) -> pd.Timestamp:
    """Where the latest article sits on a time axis: what the articles can know ends there."""
    return max(plot_date(str(p)) for p in cat.sources["published"])


def russia_presence(cat: Catalogue, paths: Paths, extensions: int = 1) -> pd.DataFrame:
    """Russia's military presence as one band, start to the end of its term and renewals.

    Rows in order: the Kant air base (to the 2012 agreement's entry into force), the
    joint base under the agreement's first term, then ``extensions`` automatic renewals.
    A stretch after the latest article is split off as ``projected``: the articles
    cannot report it, only the agreement's terms. Columns ``start``, ``end``,
    ``stage`` (kant, term, renewal), ``projected``, ``label`` and ``ids`` (evidence).
    """
    terms = basing_terms(cat)
    ends = treaty_end_dates(
        terms["entry_into_force"], terms["initial_years"], terms["extension_years"], extensions
    )
    entry = pd.Timestamp(terms["entry_into_force"])
    ru = presence(paths)
    ru = ru[ru["actor"] == "RU"].iloc[0]
    opened = cat.events[cat.events["subject"] == "kant-base-opened"]
    opened = opened.iloc[(-opened["date"].str.len()).argsort(kind="stable")]  # most precise first
    entry_id = cat.events[cat.events["subject"] == "base-agreement-in-force"]["id"].iloc[0]
    stages = [("kant", plot_date(ru["start"]), entry, opened["id"].iloc[0])]
    stages.append(("term", entry, ends[0], entry_id))
    term_id, ext_id = terms["ids"][1], terms["ids"][2]
    stages += [("renewal", ends[k - 1], ends[k], ext_id) for k in range(1, len(ends))]
    now = latest_article(cat)
    rows = []
    for stage, start, end, ids in stages:
        cuts = [start, *([now] if start < now < end else []), end]
        for a, b in zip(cuts, cuts[1:], strict=False):
            projected = a >= now
            rows.append(
                {
                    "start": a,
                    "end": b,
                    "stage": stage,
                    "projected": projected,
                    "ids": term_id if stage == "term" and projected else ids,
                }
            )
    out = pd.DataFrame(rows)
    out["label"] = [_presence_label(r, terms) for _, r in out.iterrows()]
    return out


def _presence_label(r: pd.Series, terms: dict) -> str:
    if r["stage"] == "kant":
        return "Kant air base"
    if r["stage"] == "term":
        return f"Term to {r['end'].year} (projected)" if r["projected"] else "Joint Russian base"
    return f"+{terms['extension_years']} years to {r['end'].year} (projected)"


_BASING = re.compile(r"\bbase\b|Kant|Manas|facilit", re.IGNORECASE)
_US = re.compile(r"Manas|U\.S\.|United States|American", re.IGNORECASE)


def basing_finding(cat: Catalogue, extensions: int = 2) -> str:
    terms = basing_terms(cat)
    ends = treaty_end_dates(
        terms["entry_into_force"], terms["initial_years"], terms["extension_years"], extensions
    )
    entry = pd.Timestamp(terms["entry_into_force"])
    later = ", ".join(str(d.year) for d in ends[1:])
    return (
        f"The 2012 agreement entered into force on {entry.day} {entry:%B %Y} for "
        f"{terms['initial_years']} years: Russia's joint base may stay until {ends[0].year}, and with "
        f"automatic {terms['extension_years']}-year extensions until {later} and beyond, unless a party "
        "withdraws."
    )


def military_figures(cat: Catalogue) -> pd.DataFrame:
    """Troops, weapons, military aid and rent figures by year, each with its source and quote.

    Figures whose reading a correction rejects are left out (the correction is in the
    appendix "About the sources")."""

    f = cat.figures[
        cat.figures["kind"].isin(MILITARY_KINDS) & ~cat.figures["id"].isin(rejected_ids(cat))
    ].copy()
    f["year"] = f["year"].astype("Int64")
    return f.sort_values(["year", "id"])[
        [
            "year",
            "kind",
            "value",
            "unit",
            "currency",
            "low",
            "high",
            "direction",
            "status",
            "source_id",
            "id",
            "quote",
        ]
    ].reset_index(drop=True)


def military_for_display(table: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:

    def amount(r):
        if r["unit"] == "money":
            if r["currency"] == "USD":
                return format_usd(r["value"])
            return f"{r['value'] / 1e6:g} million roubles"
        qualifier = "more than " if pd.notna(r["low"]) and pd.isna(r["high"]) else ""
        qualifier = "about " if pd.notna(r["low"]) and pd.notna(r["high"]) else qualifier
        return f"{qualifier}{r['value']:,.0f}"

    # Five columns for the page: the status goes with the amount, the figure's id (a link
    # to its evidence) with its source.
    return pd.DataFrame(
        {
            "Year": table["year"],
            "Kind": table["kind"].str.replace("_", " ").str.capitalize(),
            "Amount (status)": [
                f"{amount(r)} ({r['status']})" if isinstance(r["status"], str) else amount(r)
                for _, r in table.iterrows()
            ],
            "Source and evidence": [
                f"{source_name(cat, s)}, {i}"
                for s, i in zip(table["source_id"], table["id"], strict=True)
            ],
            "Quote": table["quote"],
        }
    )


def basing_title(cat: Catalogue) -> str:
    terms = basing_terms(cat)
    end = treaty_end_dates(
        terms["entry_into_force"], terms["initial_years"], terms["extension_years"], 0
    )[0]
    start = cat.events[cat.events["subject"] == "kant-base-opened"]["date"].min()[:4]
    return f"Russia has held Kant since {start} and is bound to stay until at least {end.year}"


def key_numbers(cat: Catalogue, extensions: int = 1) -> dict[str, tuple]:
    """The basing numbers the text quotes, by name, with their formats (for glue)."""
    terms = basing_terms(cat)
    ends = treaty_end_dates(
        terms["entry_into_force"], terms["initial_years"], terms["extension_years"], extensions
    )
    rent = cat.figures[cat.figures["subject"] == "kant-rent"].iloc[0]
    opened = cat.events[cat.events["subject"] == "kant-base-opened"]["date"].min()
    return {
        "kant_opened": (int(opened[:4]), "year"),
        "base_in_force": (int(terms["entry_into_force"][:4]), "year"),
        "base_term_years": (terms["initial_years"], "int"),
        "base_term_end": (ends[0].year, "year"),
        "base_extension_years": (terms["extension_years"], "int"),
        "base_extended_end": (ends[-1].year, "year"),
        "base_rent": (float(rent["value"]), "usd"),
        "base_rent_year": (int(rent["year"]), "year"),
    }


def military_table(cat: Catalogue) -> pd.DataFrame:
    """Troops, weapons, military aid and rent as the articles state them, for the page."""
    return military_for_display(military_figures(cat), cat)
