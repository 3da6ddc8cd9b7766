"""Trade and remittance figures (chapter 2): both official counts, the articles' figures
and later statements, the 2022 surge, and what migrants send home."""

from __future__ import annotations

import pandas as pd

from rukg.analysis import geopolitics, trade
from rukg.formatting import format_usd
from rukg.present import lines, palette, svg, tables
from rukg.present.frame import Layout
from rukg.reference import official_trade

INVASION_YEAR = 2022  # Russia's full-scale invasion of Ukraine


def later_points(later: pd.DataFrame, tolerance: float = 1.06) -> pd.DataFrame:
    """Later statements as chart points (``year``, ``value``), with one label per ``group``.

    Statements of one year within ``tolerance`` of each other would overprint: they
    share one label, which names each value (highest first) and who stated it.
    """
    pts = later.rename(columns={"value_usd": "value"}).reset_index(drop=True)
    pts = pts.assign(
        who=pts["stated_by"].str.split(" \\(").str[0], group=lines.near_groups(pts, tolerance)
    )
    labels = {}
    for g, rows in pts.sort_values("value", ascending=False).groupby("group"):
        year = int(rows["year"].iloc[0])
        parts = []
        for value, same in rows.groupby("value", sort=False):
            when = "" if parts else f" ({year})"
            parts.append(f"{format_usd(value)}{when}: " + ", ".join(dict.fromkeys(same["who"])))
        labels[g] = "; ".join(parts)
    pts["label"] = pts["group"].map(labels)
    return pts[["year", "value", "group", "label", "id"]].sort_values(["year", "value"])


def _derived_label(r) -> str:
    spread = r["high"] - r["low"] if pd.notna(r["low"]) and pd.notna(r["high"]) else 0
    if spread > 0.05 * r["value"]:
        return f"Implied: {format_usd(r['low'])}–{format_usd(r['high'])} ({r['year']})"
    return f"Implied: {format_usd(r['value'])} ({r['year']})"


def surge_callout(official: pd.DataFrame) -> tuple[int, float, str]:
    """The surge year, the Kyrgyz count's turnover that year, and what the chart says of it."""
    year = trade.surge_year(official)
    kg = trade.official_turnover(official)["KG"]
    rise = kg[year] / kg[year - 1] - 1
    text = f"{year}: {rise:+.0%} on {year - 1}"
    if year == INVASION_YEAR:
        text += ", after Russia invaded Ukraine"
    return year, float(kg[year]), text


def trade_turnover(inputs, layout: Layout):
    cat, official = inputs.cat, inputs.official
    turnover = trade.official_turnover(official)
    stated = trade.stated_turnover(cat).rename(columns={"value_usd": "value"})
    derived = trade.derived_values(cat).rename(
        columns={"value_usd": "value", "low_usd": "low", "high_usd": "high"}
    )
    later = later_points(trade.later_statements(inputs.paths, official))
    ru_end = int(turnover["RU"].dropna().index.max())
    first = int(turnover.dropna(how="all").index.min())
    last = int(max(turnover.dropna(how="all").index.max(), *later["year"]))
    return lines.series_with_claims(
        turnover,
        line_meanings={"KG": ("entity", "KG"), "RU": ("entity", "RU")},
        line_labels={
            "KG": trade.REPORTERS["KG"],
            "RU": f"{trade.REPORTERS['RU']}: table ends in {ru_end}",
        },
        stated=stated,
        derived=derived,
        later=later,
        stated_label=lambda r: f"Article: {format_usd(r['value'])} ({r['year']})",
        derived_label=_derived_label,
        callout=surge_callout(official),
        scale="log_usd",
        key=["dot", "ring", "diamond"],
        title=trade.trade_title(official),
        subtitle=(
            "Russia–Kyrgyzstan trade in goods (exports plus imports), current US dollars, "
            f"logarithmic scale, {first}–{last}"
        ),
        sources=trade.publishers(cat, stated, derived)
        + list(dict.fromkeys(trade.later_statements(inputs.paths, official)["publisher"])),
        note=(
            "the two official counts differ and are never combined; the latest year's Kyrgyz "
            "imports are provisional. Rings are values the articles' growth rates imply, "
            "with their ranges."
        ),
        layout=layout,
    )


def trade_share(inputs, layout: Layout):
    cat, official = inputs.cat, inputs.official
    shares = trade.partner_shares(official)
    stated = trade.stated_share(cat)
    last = int(shares.index.max())
    return lines.series_with_claims(
        shares,
        line_meanings={"RU": ("entity", "RU"), "CN": ("entity", "CN")},
        line_labels={
            k: f"{palette.label('entity', k)}, {shares.loc[last, k]:.0%}" for k in shares.columns
        },
        stated=stated,
        derived=None,
        later=None,
        stated_label=lambda r: f"Article: Russia {r['value']:.0%} ({r['year']})",
        derived_label=None,
        callout=None,
        scale="share",
        title=trade.share_title(official),
        subtitle=(
            "Shares of Kyrgyzstan's goods trade (exports plus imports), per cent, Kyrgyz count, "
            f"{int(shares.index.min())}–{last}"
        ),
        sources=trade.publishers(cat, stated),
        note="mainland China only; the latest year's imports are provisional.",
        layout=layout,
    )


def remittance_view(paths) -> list[tuple[str, pd.DataFrame, str]]:
    """The remittance panels as the chart shows them: (exact panel title, rows, format)."""
    panels = geopolitics.remittance_panels(paths)
    return [
        ("From Russia, US$", panels["Remittances from Russia (USD)"], "usd"),
        ("All remittances, % of Kyrgyz GDP", panels["Remittances, share of GDP"], "pct"),
    ]


def remittances_title(view) -> str:
    """The finding, claiming no more than the reports charted (money from Russia, reported years)."""
    df = view[0][1]
    first, last = df.iloc[0], df.iloc[-1]
    verb = "rose" if last["value"] > first["value"] else "fell"
    return (
        f"Reported remittances from Russia {verb} from {format_usd(first['value'])} in "
        f"{int(first['year'])} to {format_usd(last['value'])} in {int(last['year'])}"
    )


def remittances(inputs, layout: Layout):
    view = remittance_view(inputs.paths)
    years = pd.concat([df["year"] for _, df, _ in view])
    # Red is Russia (the money it sends); the share of GDP counts every country, so it
    # takes a neutral grey that claims no one.
    colours = [palette.colour("entity", "RU"), palette.MUTED]
    fig = lines.dot_panels(
        [(n, df, fmt, c) for (n, df, fmt), c in zip(view, colours, strict=True)],
        title=remittances_title(view),
        subtitle=(
            "Remittances to Kyrgyzstan in the years later reports give a full-year figure, "
            f"{int(years.min())}–{int(years.max())}"
        ),
        sources=geopolitics.remittance_publishers(inputs.paths),
        note=(
            "full-year reports only, so years between the dots are unknown; where two reports "
            "give one year, the first listed is shown. The share of GDP counts remittances "
            "from every country, not only Russia."
        ),
        layout=layout,
    )
    palette.use(fig, "entity", "RU")
    # Each dot links to the remittance table's row in the appendix, its report in the tooltip.
    reports = geopolitics.remittances(inputs.paths).set_index("id")
    href = "#" + tables.reference_anchor("remittances.csv")
    for ax, (_, df, fmt) in zip(fig.axes, view, strict=True):
        show = format_usd if fmt == "usd" else (lambda v: f"{v:.0%}")
        texts = [
            f"{int(r['year'])}: {show(r['value'])} — “{reports.loc[r['id'], 'paraphrase']}” — "
            f"{reports.loc[r['id'], 'publisher']}"
            for _, r in df.iterrows()
        ]
        svg.tip(fig, ax.collections[0], texts, [href] * len(texts))
    return fig


def trade_surge(inputs, layout: Layout):
    official = inputs.official
    exports = trade.exports_to_russia(official)
    year = trade.surge_year(official)
    ratio = exports[year] / exports[year - 1]
    after = exports.get(year + 1)
    title = f"Kyrgyz exports to Russia grew {ratio:.1f} times in {year}"
    if after is not None and after < exports[year]:
        title += f", then fell to {format_usd(after)}"
    callout = f"{ratio:.1f} times {year - 1}'s {format_usd(exports[year - 1])}"
    if year == INVASION_YEAR:
        callout += ", in the year Russia invaded Ukraine"
    labelled = [year]
    fig = lines.highlight_bars(
        exports,
        highlight=year,
        labelled=labelled,
        colour_meaning=("entity", "KG"),
        callout=callout,
        title=title,
        subtitle=(
            "Kyrgyz exports of goods to Russia, current US dollars, by the Kyrgyz count (NSC), "
            f"{int(exports.index.min())}–{int(exports.index.max())}"
        ),
        sources=trade.OFFICIAL_PUBLISHERS[:1],
        note="the latest year is provisional.",
        layout=layout,
    )
    # Each bar links to the NSC export table's row in the appendix.
    href = "#" + tables.reference_anchor(official_trade.KG_FILES["exports"][0])
    for bar, (y, v) in zip(fig.axes[0].patches, exports.items(), strict=True):
        texts = [
            f"{int(y)}: {format_usd(v)} — Kyrgyz exports to Russia — {trade.OFFICIAL_PUBLISHERS[0]}"
        ]
        svg.tip(fig, bar, texts, [href])
    return fig


FIGURES = {
    "economics_trade_turnover": trade_turnover,
    "economics_trade_surge": trade_surge,
    "economics_trade_share": trade_share,
    "economics_remittances": remittances,
}
