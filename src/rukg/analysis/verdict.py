"""The verdict on the "client state" question and what to watch, from numbers computed elsewhere.

Indicators of dependence come from the official trade tables, the remittance facts
and the aid accounting; thresholds to watch are judgements recorded in
``data/watchlist.csv``, each with the signal its crossing would send.
"""

from __future__ import annotations

import pandas as pd

from rukg.analysis import aid, geopolitics, ledger, security, trade
from rukg.analysis.overview import source_name
from rukg.config import Paths
from rukg.formatting import FORMATS
from rukg.reference import context
from rukg.reference import tables as datasets

__all__ = ["remittance_numbers", "watchlist"]


def _full_year(paths: Paths, measure: str) -> pd.Series:
    r = datasets.read(paths, "remittances")
    r = r[(r["partial_year"] == "no") & r["year"].notna() & (r["measure"] == measure)]
    # Where two reports give one year, the first listed is kept (the file keeps both).
    r = r.drop_duplicates("year", keep="first")
    return pd.Series(r["value"].astype(float).to_numpy(), index=r["year"].astype(int)).sort_index()


def remittance_numbers(paths: Paths) -> dict[str, tuple]:
    """Remittances as a share of GDP and Russia's part of them, from full-year reports only."""
    gdp = _full_year(paths, "pct_gdp")
    total, russia = _full_year(paths, "total_inflow"), _full_year(paths, "from_russia")
    both = total.index.intersection(russia.index)
    part = (russia[both] / total[both]).sort_index()
    return {
        "remit_gdp_first_year": (int(gdp.index.min()), "year"),
        "remit_gdp_first": (float(gdp.iloc[0]), "pp"),
        "remit_gdp_peak_year": (int(gdp.idxmax()), "year"),
        "remit_gdp_peak": (float(gdp.max()), "pp"),
        "remit_gdp_last_year": (int(gdp.index.max()), "year"),
        "remit_gdp_last": (float(gdp.iloc[-1]), "pp"),
        "remit_russia_part_years": (len(part), "int"),
        "remit_russia_part_min": (float(part.min()), "pct"),
        "remit_russia_part_max": (float(part.max()), "pct"),
        "remit_russia_part_last_year": (int(part.index.max()), "year"),
        "remit_russia_part_last": (float(part.iloc[-1]), "pct"),
        "remit_from_russia_last": (float(russia[part.index.max()]) * 1e6, "usd"),
    }


def watchlist(paths: Paths, numbers: dict[str, tuple]) -> pd.DataFrame:
    """What to watch: each indicator's latest value, its threshold and what crossing it would mean.

    ``numbers`` holds the computed values by name (the same names the text glues).
    """
    rows = []
    for _, w in datasets.read(paths, "watchlist").iterrows():
        latest, fmt = numbers[w["latest"]]
        threshold = (
            numbers[w["threshold"]][0] if w["threshold"] in numbers else float(w["threshold"])
        )
        show = FORMATS[w["fmt"]]
        rows.append(
            {
                "Indicator": w["indicator"],
                "Latest": show(latest),
                "Watch for": f"{w['direction']} {show(threshold)}",
                "What it would mean": w["signal"],
            }
        )
    return pd.DataFrame(rows)


def all_numbers(
    cat,
    paths: Paths,
    official: pd.DataFrame,
    transfers: pd.DataFrame,
    extensions: int,
    base_year: int,
):
    """Every number the summary and the verdict quote, by name (the names the chapters glue)."""
    passages = geopolitics.client_state_passages(cat)
    published = cat.sources["published"].str[:4].astype(int)
    numbers = {
        **trade.key_numbers(official, cat),
        **aid.key_numbers(transfers, ledger.debt_operations(paths, cat), base_year),
        **security.key_numbers(cat, extensions),
        **remittance_numbers(paths),
        **geopolitics.key_numbers(paths),
        **context.key_numbers(paths, ["rouble-settlement-2025"]),
        "client_state_sources": (passages["source_id"].nunique(), "int"),
        "source_count": (len(cat.sources), "int"),
        "sources_first_year": (int(published.min()), "year"),
        "sources_last_year": (int(published.max()), "year"),
        "source_publishers": (
            "; ".join(dict.fromkeys(source_name(cat, s) for s in cat.sources["id"])),
            None,
        ),
    }
    return numbers


# Each indicator of dependence: the names of its latest value (and year), which way it
# points, and who publishes it.
_INDICATORS = (
    (
        "Remittances, share of GDP",
        "remit_gdp_last",
        "remit_gdp_last_year",
        "dependence",
        "World Bank (via the press)",
    ),
    (
        "Russia's part of remittances",
        "remit_russia_part_last",
        "remit_russia_part_last_year",
        "dependence",
        "National Bank of the Kyrgyz Republic (via the press)",
    ),
    (
        "Russia's share of Kyrgyz goods trade",
        "share_ru_last",
        "share_last_year",
        "less than China's",
        "National Statistical Committee",
    ),
    (
        "China's share of Kyrgyz goods trade",
        "share_cn_last",
        "share_last_year",
        "against clientship",
        "National Statistical Committee",
    ),
    (
        "Debt to Russia written off",
        "debt_written_off",
        "debt_writeoff_last",
        "the debt lever spent",
        "Interfax; UTRK",
    ),
    (
        "Russian base agreement runs to",
        "base_term_end",
        "base_in_force",
        "dependence",
        "the articles (GlobalSecurity.org)",
    ),
    (
        "Aid delivered, share of aid pledged",
        "aid_delivered_share_of_pledged",
        "aid_last_year",
        "against clientship",
        "the articles; later reporting (this report's accounting)",
    ),
)


def indicators(numbers: dict[str, tuple]) -> pd.DataFrame:
    """The verdict's indicators: latest value, its year, which way it points and its publisher."""
    rows = []
    for label, value, year, points, publisher in _INDICATORS:
        v, fmt = numbers[value]
        rows.append(
            {
                "Indicator": label,
                "Latest": FORMATS[fmt](v),
                "Year": FORMATS["year"](numbers[year][0]),
                "Points to": points,
                "From": publisher,
            }
        )
    return pd.DataFrame(rows)
