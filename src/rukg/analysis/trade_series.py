"""The official trade series: the Kyrgyz statistics committee's and the Russian customs'
mirror tables (:mod:`rukg.reference.official_trade`), by year, shown side by side and never
averaged; shares of Kyrgyz trade; later statements for years the tables do not cover."""

from __future__ import annotations

import pandas as pd

from rukg.config import Paths
from rukg.reference import tables as datasets
from rukg.reference.official_trade import load_official_trade, russia_share_of_kyrgyz_trade

__all__ = [
    "REPORTERS",
    "official",
    "official_turnover",
    "later_statements",
    "growth_index",
    "share_series",
    "exports_to_russia",
    "surge_year",
    "partner_shares",
    "OFFICIAL_PUBLISHERS",
]


REPORTERS = {"KG": "Kyrgyz statistics (NSC)", "RU": "Russian customs (FCS)"}


def official(paths: Paths) -> pd.DataFrame:
    """The official tables as one tidy frame (see :func:`rukg.reference.official_trade.load_official_trade`)."""
    return load_official_trade(paths.reference / "trade")


def official_turnover(trade: pd.DataFrame) -> pd.DataFrame:
    """Bilateral turnover by year (rows) and reporter (columns KG, RU), in US dollars."""
    sel = trade[(trade["flow"] == "turnover") & trade["partner"].isin(["RU", "KG"])]
    return sel.pivot(index="year", columns="reporter", values="value_usd").sort_index()


def later_statements(paths: Paths, trade: pd.DataFrame) -> pd.DataFrame:
    """Full-year turnover statements from the reference facts for years no official table covers."""
    s = datasets.read(paths, "trade_statements")
    covered = set(official_turnover(trade).dropna(how="all").index)
    s = s[(s["measure"] == "turnover_goods") & (s["partial_year"] == "no") & s["value"].notna()]
    s = s[~s["year"].astype(int).isin(covered)]
    return pd.DataFrame(
        {
            "id": s["id"],
            "year": s["year"].astype(int),
            "value_usd": s["value"].astype(float) * 1e6,
            "stated_by": s["stat_side"],
            "publisher": s["publisher"],
            "published": s["published"],
            "url": s["source_url"],
        }
    ).reset_index(drop=True)


def growth_index(trade: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """Turnover as an index (base year = 100) and its year-on-year change, per reporter."""
    t = official_turnover(trade)
    if base_year not in t.index:
        raise ValueError(f"no official turnover for the index base year {base_year}")
    index = t / t.loc[base_year] * 100
    yoy = t.pct_change(fill_method=None) * 100
    out = []
    for reporter in t.columns:
        out.append(
            pd.DataFrame(
                {
                    "year": t.index,
                    "reporter": reporter,
                    "index": index[reporter].to_numpy(),
                    "yoy_pct": yoy[reporter].to_numpy(),
                }
            )
        )
    return pd.concat(out, ignore_index=True).dropna(subset=["index"])


def share_series(trade: pd.DataFrame) -> pd.DataFrame:
    """Russia's share of Kyrgyzstan's goods trade by year (official, Kyrgyz side)."""
    return russia_share_of_kyrgyz_trade(trade)


def exports_to_russia(trade: pd.DataFrame) -> pd.Series:
    """Kyrgyz exports to Russia by year, Kyrgyz count, US dollars."""
    sel = trade[
        (trade["reporter"] == "KG") & (trade["flow"] == "exports") & (trade["partner"] == "RU")
    ]
    return sel.set_index("year")["value_usd"].sort_index()


def surge_year(trade: pd.DataFrame) -> int:
    """The year Kyrgyz exports to Russia rose most on the year before (Kyrgyz count)."""
    return int(exports_to_russia(trade).pct_change().idxmax())


def partner_shares(trade: pd.DataFrame) -> pd.DataFrame:
    """Russia's and China's shares (0-1) of Kyrgyzstan's goods trade by year, Kyrgyz count.

    Columns ``RU`` and ``CN``, indexed by year; mainland China only.
    """
    kg = trade[(trade["reporter"] == "KG") & (trade["flow"] == "turnover")]
    wide = kg.pivot(index="year", columns="partner", values="value_usd")
    return wide[["RU", "CN"]].div(wide["WORLD"], axis=0).dropna()


# The official statistics, as a chart's source line names them.
OFFICIAL_PUBLISHERS = [
    "National Statistical Committee of the Kyrgyz Republic",
    "Federal Customs Service of Russia (via Rosstat)",
]
