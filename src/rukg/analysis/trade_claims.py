"""The articles' trade figures and what they imply: a growth rate implies the previous
year's value, "nearly tripled since 2000" a range for 2000. Derived values carry their
derivation, range and figure ids; each is set against the official value of its year."""

from __future__ import annotations

import re

import pandas as pd

from rukg.analysis.trade_series import official_turnover
from rukg.catalogue import TRADE_KINDS, Catalogue
from rukg.formatting import format_usd
from rukg.reference.official_trade import russia_share_of_kyrgyz_trade
from rukg.tableio import number_or_none

__all__ = [
    "article_figures",
    "implied_previous_year",
    "implied_base_from_multiple",
    "derived_values",
    "stated_turnover",
    "article_vs_official",
    "stated_share",
    "comparison_for_display",
    "comparison_table",
]


def article_figures(cat: Catalogue) -> pd.DataFrame:
    """The articles' trade figures (kinds trade, trade_growth, trade_share) not set aside."""
    set_aside = set(cat.set_aside["figure_id"])
    f = cat.figures[cat.figures["kind"].isin(TRADE_KINDS) & ~cat.figures["id"].isin(set_aside)]
    return f.reset_index(drop=True)


def implied_previous_year(
    value: float, growth_pct: float, low_pct: float | None, high_pct: float | None
):
    """The previous year's value a growth rate implies: (central, low, high).

    Higher growth means a lower starting point, so the range's ends swap.
    """
    central = value / (1 + growth_pct / 100)
    low = value / (1 + high_pct / 100) if high_pct is not None else None
    high = value / (1 + low_pct / 100) if low_pct is not None else None
    return central, low, high


def implied_base_from_multiple(
    value: float, multiple: float, low_mult: float | None, high_mult: float | None
):
    """The base-year value a multiplier implies ("tripled since 2000"): (central, low, high)."""
    central = value / multiple
    low = value / high_mult if high_mult is not None else None
    high = value / low_mult if low_mult is not None else None
    return central, low, high


def derived_values(cat: Catalogue) -> pd.DataFrame:
    """Turnover values implied by the articles' growth rates and multipliers, with their derivation.

    A growth figure or multiplier is paired with a turnover figure of the same
    source and year; its base year is the year before (growth) or the year
    named after "since" in the quote (multiplier).
    """
    figs = article_figures(cat)
    turnover = figs[(figs["kind"] == "trade") & (figs["unit"] == "money")]
    rows = []
    for _, g in figs[figs["kind"] == "trade_growth"].iterrows():
        match = turnover[
            (turnover["source_id"] == g["source_id"]) & (turnover["year"] == g["year"])
        ]
        if match.empty:
            continue
        t = match.iloc[0]
        value = float(t["value"])
        if g["unit"] == "percent":
            base_year = int(g["year"]) - 1
            central, low, high = implied_previous_year(
                value, float(g["value"]), number_or_none(g["low"]), number_or_none(g["high"])
            )
            how = f"{t['id']} / (1 + {g['id']}): {value / 1e6:,.0f}m / (1 + {float(g['value']):g}%)"
        elif g["unit"] == "multiple":
            since = re.search(r"since (\d{4})", g["quote"])
            if not since:
                continue
            base_year = int(since.group(1))
            central, low, high = implied_base_from_multiple(
                value, float(g["value"]), number_or_none(g["low"]), number_or_none(g["high"])
            )
            how = f"{t['id']} / {g['id']}: {value / 1e6:,.0f}m / {float(g['value']):g}"
        else:
            continue
        rows.append(
            {
                "year": base_year,
                "value_usd": central,
                "low_usd": low,
                "high_usd": high,
                "derivation": how,
                "figure_ids": f"{t['id']};{g['id']}",
                "source_id": g["source_id"],
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "year",
            "value_usd",
            "low_usd",
            "high_usd",
            "derivation",
            "figure_ids",
            "source_id",
        ],
    )


def stated_turnover(cat: Catalogue) -> pd.DataFrame:
    """Turnover amounts the articles state outright, in US dollars."""
    figs = article_figures(cat)
    t = figs[(figs["kind"] == "trade") & (figs["unit"] == "money") & (figs["currency"] == "USD")]
    return pd.DataFrame(
        {
            "year": t["year"].astype(int),
            "value_usd": t["value"].astype(float),
            "figure_ids": t["id"],
            "source_id": t["source_id"],
        }
    ).reset_index(drop=True)


def _pct_diff(article: float, official_value: float | None) -> float | None:
    if official_value is None or pd.isna(official_value):
        return None
    return (article / official_value - 1) * 100


def article_vs_official(cat: Catalogue, trade: pd.DataFrame) -> pd.DataFrame:
    """Each article trade figure (stated or derived) beside the official values of its year.

    ``diff_*_pct`` is the article's value relative to each official series
    (positive: the article is higher).
    """
    turnover = official_turnover(trade)
    share = russia_share_of_kyrgyz_trade(trade).set_index("year")["share"]
    rows = []
    for _, r in stated_turnover(cat).iterrows():
        rows.append(("turnover", "stated", r["year"], r["value_usd"], r["figure_ids"]))
    for _, r in derived_values(cat).iterrows():
        rows.append(("turnover", "derived", r["year"], r["value_usd"], r["figure_ids"]))
    figs = article_figures(cat)
    for _, r in figs[figs["kind"] == "trade_share"].iterrows():
        value = float(r["value"]) / (100 if r["unit"] == "percent" else 1)
        rows.append(("Russia's share of Kyrgyz trade", "stated", int(r["year"]), value, r["id"]))
    out = []
    for measure, how, year, value, ids in rows:
        if measure == "turnover":
            kg = turnover["KG"].get(year) if "KG" in turnover else None
            ru = turnover["RU"].get(year) if "RU" in turnover else None
        else:
            kg, ru = share.get(year), None
        out.append(
            {
                "measure": measure,
                "how": how,
                "year": year,
                "article": value,
                "official_kg": kg,
                "official_ru": ru,
                "diff_kg_pct": _pct_diff(value, kg),
                "diff_ru_pct": _pct_diff(value, ru),
                "figure_ids": ids,
            }
        )
    return (
        pd.DataFrame(out)
        .sort_values(["measure", "year"], ascending=[False, True])
        .reset_index(drop=True)
    )


def stated_share(cat: Catalogue) -> pd.DataFrame:
    """Russia's share of Kyrgyz trade as the articles state it, as a fraction."""
    figs = article_figures(cat)
    s = figs[figs["kind"] == "trade_share"]
    scale = s["unit"].map({"percent": 100.0, "fraction": 1.0})
    return pd.DataFrame(
        {
            "year": s["year"].astype(int),
            "value": s["value"].astype(float) / scale,
            "figure_ids": s["id"],
            "source_id": s["source_id"],
        }
    ).reset_index(drop=True)


def comparison_for_display(comparison: pd.DataFrame) -> pd.DataFrame:
    """The article-against-official table in five columns, amounts $514m and shares per cent.

    Each official value carries the article's difference from it; the figure ids
    (which link to the evidence appendix) fill the last column.
    """

    def fmt(v, measure):
        if v is None or pd.isna(v):
            return ""
        return format_usd(v) if measure == "turnover" else f"{v:.1%}"

    def against(v, measure, diff):
        if v is None or pd.isna(v):
            return "—"
        return f"{fmt(v, measure)} (article {diff:+.1f}%)"

    c = comparison
    measures = c["measure"].map(lambda m: "Turnover" if m == "turnover" else m)
    return pd.DataFrame(
        {
            "Measure and year": [f"{m}, {y}" for m, y in zip(measures, c["year"], strict=True)],
            "The articles": [
                f"{fmt(v, m)} ({h})"
                for v, m, h in zip(c["article"], c["measure"], c["how"], strict=True)
            ],
            "Kyrgyz statistics": [
                against(v, m, d)
                for v, m, d in zip(c["official_kg"], c["measure"], c["diff_kg_pct"], strict=True)
            ],
            "Russian customs": [
                against(v, m, d)
                for v, m, d in zip(c["official_ru"], c["measure"], c["diff_ru_pct"], strict=True)
            ],
            "Evidence": c["figure_ids"].str.replace(";", ", "),
        }
    )


def comparison_table(cat: Catalogue, trade: pd.DataFrame) -> pd.DataFrame:
    """The articles' trade figures against the official values of their year, for the page."""
    return comparison_for_display(article_vs_official(cat, trade))
