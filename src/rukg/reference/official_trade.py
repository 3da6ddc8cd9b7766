"""Official goods-trade series between Kyrgyzstan and Russia, read from the raw published tables.

Three workbooks in ``data/reference/trade/`` are read as published, never edited:

* ``kg_nsc_4.03.00.18_exports_by_country_1994_2023.xlsx`` -- National Statistical Committee
  of the Kyrgyz Republic (NSC), table 4.03.00.18, exports of goods by country of destination,
  1994-2023, **thousand US dollars**; labels in Kyrgyz, Russian and English.
* ``kg_nsc_4.03.00.20_imports_by_country_1994_2023.xlsx`` -- NSC table 4.03.00.20, imports of
  goods by country of origin, 1994-2023, **thousand US dollars**. Its 2023 column header carries
  footnote "1", "preliminary data"; those values (and anything computed from them) are flagged
  ``provisional``. The workbook also holds an empty second sheet, which is ignored.
* ``ru_fcs_94itog_main_trade_indicators_1994_2021.xlsx`` -- Russian Federal Customs Service
  (FCS) main export and import indicators as published by Rosstat: one sheet per year
  1994-2021 plus a contents sheet, **million US dollars**. Each year sheet has an "Экспорт"
  block and an "Импорт" block (total, far abroad, CIS, then selected CIS countries including
  "Киргизия").

Every value keeps the sheet and cell it came from, units are read from each sheet's own unit
note rather than assumed, and rows and columns are found by their labels. A label, unit note
or year header that cannot be found (or is found twice) raises :class:`ValueError` naming the
file and sheet, so a changed upstream file fails loudly instead of yielding wrong numbers.

Mirror statistics: Kyrgyz exports to Russia (NSC) and Russian imports from Kyrgyzstan (FCS)
describe the same flows but are recorded by different agencies, with different valuation
(FOB/CIF), timing, partner attribution and coverage (e.g. informal and shuttle trade, and the
EAEU's removal of customs controls from 2015). They disagree, by more than half in 1994 and by
around 15% in some later years. The two reporters are therefore kept side by side and never
averaged or mixed within one series.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rukg.memo import FileMemo
from rukg.reference.fcs_trade import read_fcs
from rukg.reference.nsc_trade import read_nsc
from rukg.reference.trade_workbook import CellValue, cell_ref

__all__ = [
    "KG_FILES",
    "RU_FILE",
    "COLUMNS",
    "load_official_trade",
    "russia_share_of_kyrgyz_trade",
]

# NSC file per flow, with the table code its title row must carry (guards against a swapped file).
KG_FILES: dict[str, tuple[str, str]] = {
    "exports": ("kg_nsc_4.03.00.18_exports_by_country_1994_2023.xlsx", "4.03.00.18"),
    "imports": ("kg_nsc_4.03.00.20_imports_by_country_1994_2023.xlsx", "4.03.00.20"),
}
RU_FILE = "ru_fcs_94itog_main_trade_indicators_1994_2021.xlsx"

COLUMNS = [
    "reporter",
    "year",
    "flow",
    "partner",
    "value_usd",
    "provisional",
    "source_file",
    "source_cell",
]


# --- assembly ----------------------------------------------------------------------------


def _frame(values: list[CellValue], reporter: str, files: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "reporter": reporter,
            "year": [v.year for v in values],
            "flow": [v.flow for v in values],
            "partner": [v.partner for v in values],
            # value * factor, so tests can reproduce it exactly from the raw cell.
            "value_usd": [v.value * v.factor for v in values],
            "provisional": [v.provisional for v in values],
            "source_file": [files[v.flow] for v in values],
            "source_cell": [cell_ref(v.sheet, v.coordinate) for v in values],
        }
    )


def _with_turnover(df: pd.DataFrame) -> pd.DataFrame:
    """Add turnover = exports + imports per reporter, partner and year (only where both exist)."""
    keys = ["reporter", "year", "partner"]
    exp = df[df["flow"] == "exports"].set_index(keys)
    imp = df[df["flow"] == "imports"].set_index(keys)
    both = exp.merge(imp, left_index=True, right_index=True, suffixes=("_x", "_m"))
    turnover = pd.DataFrame(
        {
            "flow": "turnover",
            "value_usd": both["value_usd_x"] + both["value_usd_m"],
            "provisional": both["provisional_x"] | both["provisional_m"],
            # Name the file once when both cells are in it, else both in exports+imports order.
            "source_file": [
                x if x == m else f"{x}+{m}"
                for x, m in zip(both["source_file_x"], both["source_file_m"], strict=True)
            ],
            "source_cell": both["source_cell_x"] + "+" + both["source_cell_m"],
        },
        index=both.index,
    ).reset_index()
    return pd.concat([df, turnover[COLUMNS]], ignore_index=True)


# The parsed tables by the workbooks' bytes: every chapter on trade reads them, and the
# build's validation has parsed them already (rukg.memo).
_parsed: FileMemo[pd.DataFrame] = FileMemo("official trade", lambda df: df.copy())


def load_official_trade(reference_dir: Path) -> pd.DataFrame:
    """The NSC and FCS tables as one tidy frame, one row per (reporter, year, flow, partner).

    Columns: ``reporter`` ("KG" for the NSC tables, "RU" for the FCS table), ``year``,
    ``flow`` ("exports", "imports", "turnover" = exports + imports), ``partner`` ("RU", "KG"
    or "WORLD" = the reporter's total), ``value_usd`` (US dollars), ``provisional``,
    ``source_file`` and ``source_cell`` (turnover: both, joined with "+").

    Flows are the reporter's: KG exports to RU are Kyrgyz exports to Russia; RU exports to KG
    are Russian exports to Kyrgyzstan. KG exports to RU mirror RU imports from KG, but the two
    disagree and are never combined.
    """
    reference_dir = Path(reference_dir)
    files = [reference_dir / file for file, _ in KG_FILES.values()] + [reference_dir / RU_FILE]
    key = FileMemo.key(files)
    if (known := _parsed.get(key)) is not None:
        return known
    df = _parse(reference_dir)
    _parsed.put(key, df)
    return df


def _parse(reference_dir: Path) -> pd.DataFrame:
    kg: list[CellValue] = []
    for flow, (file, code) in KG_FILES.items():
        kg.extend(read_nsc(reference_dir / file, flow, code))
    ru = read_fcs(reference_dir / RU_FILE)

    df = pd.concat(
        [
            _frame(kg, "KG", {flow: file for flow, (file, _) in KG_FILES.items()}),
            _frame(ru, "RU", {"exports": RU_FILE, "imports": RU_FILE}),
        ],
        ignore_index=True,
    )
    dupes = df.duplicated(["reporter", "year", "flow", "partner"])
    if dupes.any():
        raise ValueError(f"duplicate official trade rows: {df[dupes].to_dict('records')}")
    df = _with_turnover(df)
    df = df.astype({"year": "int64", "value_usd": "float64", "provisional": "bool"})
    return df.sort_values(["reporter", "partner", "flow", "year"]).reset_index(drop=True)[COLUMNS]


def russia_share_of_kyrgyz_trade(trade: pd.DataFrame) -> pd.DataFrame:
    """Russia's share (0-1) of Kyrgyzstan's goods trade per year, from the NSC (KG) rows.

    share = (KG exports to RU + KG imports from RU) / (KG exports + imports, all countries).
    ``provisional`` is True when any of the four inputs is.
    """
    kg = trade[(trade["reporter"] == "KG") & trade["flow"].isin(["exports", "imports"])]
    wide = kg.pivot_table(
        index="year", columns=["partner", "flow"], values="value_usd", aggfunc="sum"
    )
    prov = kg.groupby("year")["provisional"].any()
    needed = [(p, f) for p in ("RU", "WORLD") for f in ("exports", "imports")]
    missing = [c for c in needed if c not in wide.columns]
    if missing:
        raise ValueError(f"Kyrgyz (NSC) trade rows missing for {missing}")
    wide = wide[needed].dropna()
    share = (wide[("RU", "exports")] + wide[("RU", "imports")]) / (
        wide[("WORLD", "exports")] + wide[("WORLD", "imports")]
    )
    return pd.DataFrame(
        {
            "year": share.index.astype("int64"),
            "share": share.to_numpy(dtype=float),
            "provisional": prov.reindex(share.index).to_numpy(dtype=bool),
        }
    ).reset_index(drop=True)
