"""Trade between Russia and Kyrgyzstan: the articles' figures, what they imply, and the official series.

The articles give few trade numbers, some only implied: a growth rate implies
the previous year's value, "nearly tripled since 2000" implies a range for
2000. Derived values carry their derivation, range and the figure ids they
come from. The official series are the Kyrgyz statistics committee's and the
Russian customs' mirror tables (:mod:`rukg.reference.official_trade`); they are shown
side by side, never averaged.
"""

from __future__ import annotations

import pandas as pd

from rukg.analysis.overview import source_name

# The chapter's one module for notebooks: the series and the claims live in their own modules.
from rukg.analysis.trade_claims import (
    article_figures,
    article_vs_official,
    comparison_for_display,
    comparison_table,
    derived_values,
    implied_base_from_multiple,
    implied_previous_year,
    stated_share,
    stated_turnover,
)
from rukg.analysis.trade_series import (
    OFFICIAL_PUBLISHERS,
    REPORTERS,
    exports_to_russia,
    growth_index,
    later_statements,
    official,
    official_turnover,
    partner_shares,
    share_series,
    surge_year,
)
from rukg.catalogue import Catalogue
from rukg.formatting import format_usd

__all__ = [
    "OFFICIAL_PUBLISHERS",
    "REPORTERS",
    "exports_to_russia",
    "growth_index",
    "later_statements",
    "official",
    "official_turnover",
    "partner_shares",
    "share_series",
    "surge_year",
    "article_figures",
    "article_vs_official",
    "comparison_for_display",
    "comparison_table",
    "derived_values",
    "implied_base_from_multiple",
    "implied_previous_year",
    "stated_share",
    "stated_turnover",
    "trade_title",
    "share_title",
    "key_numbers",
    "publishers",
    "index_numbers",
]


def _usd(x: float) -> str:
    return format_usd(x)


def trade_title(trade: pd.DataFrame) -> str:
    """The finding of the trade chart: how far turnover grew over the official record."""
    t = official_turnover(trade)["KG"].dropna()
    first, last = int(t.index.min()), int(t.index.max())
    return (
        f"Trade grew from {_usd(t[first])} in {first} to {_usd(t[last])} in {last}, by Kyrgyz count"
    )


def share_title(trade: pd.DataFrame) -> str:
    s = share_series(trade).set_index("year")["share"]
    return f"Russia's share of Kyrgyz trade has ranged from {s.min():.0%} to {s.max():.0%} since {int(s.index.min())}"


def key_numbers(trade: pd.DataFrame, cat: Catalogue) -> dict[str, tuple]:
    """The trade numbers the text quotes, by name, with their formats (for glue)."""
    turnover = official_turnover(trade)
    kg, ru = turnover["KG"].dropna(), turnover["RU"].dropna()
    shares = partner_shares(trade)
    ahead = shares.index[shares["CN"] > shares["RU"]]
    peak = int(shares["RU"].idxmax())
    last = int(shares.index.max())
    exports = exports_to_russia(trade)
    surge = surge_year(trade)
    comparison = article_vs_official(cat, trade)
    stated = comparison[(comparison["measure"] == "turnover") & (comparison["how"] == "stated")]
    stated = stated.iloc[0]
    return {
        "trade_first_year": (int(kg.index.min()), "year"),
        "trade_last_year": (int(kg.index.max()), "year"),
        "trade_first": (float(kg.iloc[0]), "usd"),
        "trade_last": (float(kg.iloc[-1]), "usd"),
        "trade_growth": (float(kg.iloc[-1] / kg.iloc[0]), "times"),
        "trade_ru_last_year": (int(ru.index.max()), "year"),
        "trade_ru_last": (float(ru.iloc[-1]), "usd"),
        "trade_kg_same_year": (float(kg[int(ru.index.max())]), "usd"),
        "share_ru_peak_year": (peak, "year"),
        "share_ru_peak": (float(shares.loc[peak, "RU"]), "pct"),
        "share_last_year": (last, "year"),
        "share_ru_last": (float(shares.loc[last, "RU"]), "pct"),
        "share_cn_last": (float(shares.loc[last, "CN"]), "pct"),
        "cn_first_ahead": (int(ahead.min()), "year"),
        "cn_years_ahead": (len(ahead), "int"),
        "cn_years_since": (last - int(ahead.min()) + 1, "int"),
        "surge_year": (surge, "year"),
        "exports_ru_before_year": (surge - 1, "year"),
        "exports_ru_before": (float(exports[surge - 1]), "usd"),
        "exports_ru_surge": (float(exports[surge]), "usd"),
        "exports_ru_growth": (float(exports[surge] / exports[surge - 1] - 1), "pct"),
        "exports_ru_after": (float(exports[surge + 1]), "usd"),
        "article_turnover_year": (int(stated["year"]), "year"),
        "article_turnover": (float(stated["article"]), "usd"),
        "article_turnover_diff": (abs(float(stated["diff_kg_pct"])) / 100, "pct1"),
    }


def publishers(cat: Catalogue, *frames: pd.DataFrame) -> list[str]:
    """Publishers behind a trade chart: the articles whose figures it shows, then the official tables."""
    ids = sorted({s for f in frames for s in f["source_id"]})
    return [source_name(cat, s) for s in ids] + OFFICIAL_PUBLISHERS


def index_numbers(index: pd.DataFrame, base_year: int) -> dict[str, tuple]:
    """How many times its ``base_year`` value each official count reached in its last year
    (from :func:`growth_index`), for the text."""
    out: dict[str, tuple] = {"index_base_year": (base_year, "year")}
    for reporter in ("KG", "RU"):
        series = index[index["reporter"] == reporter].dropna(subset=["index"])
        last = series.loc[series["year"].idxmax()]
        out[f"index_{reporter.lower()}_growth"] = (float(last["index"]) / 100, "times")
    return out
