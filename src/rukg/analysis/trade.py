"""Trade between Russia and Kyrgyzstan: the articles' figures, what they imply, and the official series.

The articles give few trade numbers, some only implied: a growth rate implies
the previous year's value, "nearly tripled since 2000" implies a range for
2000. Derived values carry their derivation, range and the figure ids they
come from. The official series are the Kyrgyz statistics committee's and the
Russian customs' mirror tables (:mod:`rukg.reference.official_trade`); they are shown
side by side, never averaged.
"""

from __future__ import annotations

import re

import pandas as pd

from rukg.catalogue.core import TRADE_KINDS, Catalogue
from rukg.config import Paths
from rukg.reference import tables as datasets
from rukg.reference.official_trade import load_official_trade, russia_share_of_kyrgyz_trade

__all__ = [
    "official",
    "official_turnover",
    "article_figures",
    "implied_previous_year",
    "implied_base_from_multiple",
    "derived_values",
    "article_vs_official",
    "later_statements",
    "growth_index",
    "share_series",
    "REPORTERS",
]

REPORTERS = {"KG": "Kyrgyz statistics (NSC)", "RU": "Russian customs (FCS)"}


def official(paths: Paths) -> pd.DataFrame:
    """The official tables as one tidy frame (see :func:`rukg.reference.official_trade.load_official_trade`)."""
    return load_official_trade(paths.reference / "trade")


def official_turnover(trade: pd.DataFrame) -> pd.DataFrame:
    """Bilateral turnover by year (rows) and reporter (columns KG, RU), in US dollars."""
    sel = trade[(trade["flow"] == "turnover") & trade["partner"].isin(["RU", "KG"])]
    return sel.pivot(index="year", columns="reporter", values="value_usd").sort_index()


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


def _num(v) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


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
                value, float(g["value"]), _num(g["low"]), _num(g["high"])
            )
            how = f"{t['id']} / (1 + {g['id']}): {value / 1e6:,.0f}m / (1 + {float(g['value']):g}%)"
        elif g["unit"] == "multiple":
            since = re.search(r"since (\d{4})", g["quote"])
            if not since:
                continue
            base_year = int(since.group(1))
            central, low, high = implied_base_from_multiple(
                value, float(g["value"]), _num(g["low"]), _num(g["high"])
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


def _usd(x: float) -> str:
    from rukg.formatting import format_usd

    return format_usd(x)


def trade_title(trade: pd.DataFrame) -> str:
    """The finding of the trade chart: how far turnover grew over the official record."""
    t = official_turnover(trade)["KG"].dropna()
    first, last = int(t.index.min()), int(t.index.max())
    return (
        f"Trade grew from {_usd(t[first])} in {first} to {_usd(t[last])} in {last}, by Kyrgyz count"
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


def share_title(trade: pd.DataFrame) -> str:
    s = share_series(trade).set_index("year")["share"]
    return f"Russia's share of Kyrgyz trade has ranged from {s.min():.0%} to {s.max():.0%} since {int(s.index.min())}"


def comparison_for_display(comparison: pd.DataFrame) -> pd.DataFrame:
    """The article-against-official table in five columns, amounts $514m and shares per cent.

    Each official value carries the article's difference from it; the figure ids
    (which link to the evidence appendix) fill the last column.
    """
    from rukg.formatting import format_usd

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


# The official statistics, as a chart's source line names them.
OFFICIAL_PUBLISHERS = [
    "National Statistical Committee of the Kyrgyz Republic",
    "Federal Customs Service of Russia (via Rosstat)",
]


def publishers(cat: Catalogue, *frames: pd.DataFrame) -> list[str]:
    """Publishers behind a trade chart: the articles whose figures it shows, then the official tables."""
    from rukg.analysis.overview import source_name

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
