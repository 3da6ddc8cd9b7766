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

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

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

# Row labels, compared after _norm(). Several spellings so a relabelled but equivalent row
# still matches; anything else fails loudly.
RUSSIA_LABELS = {"россия", "орусия", "russia", "российская федерация", "russian federation"}
TOTAL_LABELS = {"всего", "бардыгы", "total"}
# Mainland China only: Hong Kong and Taiwan have rows of their own.
CHINA_LABELS = {"китай", "кытай", "china"}
KYRGYZ_LABELS = {
    "киргизия",
    "кыргызстан",
    "киргизстан",
    "кыргызская республика",
    "киргизская республика",
    "kyrgyzstan",
    "kyrgyz republic",
}
EXPORT_LABELS = {"экспорт", "exports", "export"}
IMPORT_LABELS = {"импорт", "imports", "import"}

# Unit notes (en/ru/ky) -> multiplier to US dollars.
UNIT_PATTERNS: list[tuple[re.Pattern[str], float]] = [
    (re.compile(r"\bthousands? (of )?us dollars\b|тыс\.? долл|миң акш"), 1e3),
    (re.compile(r"\bmillions? (of )?us dollars\b|млн\.? долл"), 1e6),
    (re.compile(r"\bbillions? (of )?us dollars\b|млрд\.? долл"), 1e9),
]
# "\u0440" too: the NSC footnote spells "Preliminary" with a Cyrillic capital Er.
PRELIMINARY = re.compile(r"[p\u0440]reliminary|предварительн|алдын ала")
# A year header, optionally followed by a footnote marker ("2023 1", "2023*").
YEAR_HEADER = re.compile(r"^\s*((?:19|20)\d\d)\s*([\d*)¹²³]*)\s*$")


@dataclass(frozen=True)
class _Value:
    year: int
    flow: str
    partner: str
    value: float  # in the sheet's unit
    factor: float  # sheet unit -> USD
    provisional: bool
    sheet: str
    coordinate: str


def _norm(value: Any) -> str:
    """Lower-case, single-spaced text of a cell (non-breaking spaces count as spaces)."""
    if value is None:
        return ""
    return " ".join(str(value).replace("\xa0", " ").split()).casefold()


def _where(file: str, sheet: str | None = None) -> str:
    return f"{file}, sheet {sheet!r}" if sheet is not None else file


def _cell_ref(sheet: str, coordinate: str) -> str:
    """An Excel-style reference, e.g. "Лист1!O38"; quoted as Excel does for names like "2005"."""
    name = f"'{sheet}'" if re.search(r"[^\w.]", sheet) or sheet[:1].isdigit() else sheet
    return f"{name}!{coordinate}"


def _open(path: Path) -> openpyxl.Workbook:
    if not path.is_file():
        raise ValueError(f"{path.name}: file not found in {path.parent}")
    # data_only: read the values Excel stored, not formulas (some subtotal rows are formulas).
    return openpyxl.load_workbook(path, data_only=True, read_only=False)


def _units(ws: Worksheet, file: str, max_row: int = 6) -> float:
    """Multiplier to USD from the unit note near the top of the sheet; all notes must agree."""
    found = set()
    for row in ws.iter_rows(min_row=1, max_row=max_row):
        for cell in row:
            text = _norm(cell.value)
            for pattern, factor in UNIT_PATTERNS:
                if pattern.search(text):
                    found.add(factor)
    if len(found) != 1:
        what = "no unit note" if not found else f"conflicting unit notes {sorted(found)}"
        raise ValueError(f"{_where(file, ws.title)}: {what} (expected e.g. 'thousand US dollars')")
    return found.pop()


def _numeric(ws: Worksheet, coordinate: str, file: str, what: str) -> float:
    value = ws[coordinate].value
    # bool is an int subclass; a True in a data cell is not a number we want.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(
            f"{_where(file, ws.title)}: {what} at {coordinate} is {value!r}, not a number"
        )
    return float(value)


def _find_rows(ws: Worksheet, labels: set[str], columns: Iterable[int]) -> list[int]:
    """Rows whose label in any of the given columns (1-based) is one of ``labels``."""
    cols = list(columns)
    rows = []
    for row in ws.iter_rows(min_col=min(cols), max_col=max(cols)):
        if any(_norm(c.value) in labels for c in row if c.column in cols):
            rows.append(row[0].row)
    return rows


def _one_row(
    rows: list[int], file: str, sheet: str, what: str, labels: set[str], within: str = ""
) -> int:
    if len(rows) != 1:
        found = "no row" if not rows else f"{len(rows)} rows ({rows})"
        raise ValueError(
            f"{_where(file, sheet)}: expected one {what} row{within} labelled one of "
            f"{sorted(labels)}, found {found}"
        )
    return rows[0]


# --- NSC (Kyrgyz) tables -----------------------------------------------------------------


def _nsc_sheet(wb: openpyxl.Workbook, file: str, code: str) -> Worksheet:
    """The sheet whose title rows carry the table code (the imports workbook has an empty extra)."""
    hits = [
        ws
        for ws in wb.worksheets
        if any(code in _norm(c.value) for row in ws.iter_rows(min_row=1, max_row=3) for c in row)
    ]
    if len(hits) != 1:
        raise ValueError(
            f"{file}: expected one sheet titled with table code {code}, found "
            f"{[ws.title for ws in hits] or 'none'} among {wb.sheetnames}"
        )
    return hits[0]


def _nsc_year_header(ws: Worksheet, file: str) -> tuple[int, dict[int, tuple[int, str]]]:
    """The header row and {column: (year, footnote marker)} for the year columns."""
    for row in ws.iter_rows(min_row=1, max_row=15):
        years: dict[int, tuple[int, str]] = {}
        for cell in row:
            v = cell.value
            if isinstance(v, int) and not isinstance(v, bool) and 1900 <= v <= 2100:
                years[cell.column] = (v, "")
            elif isinstance(v, str) and (m := YEAR_HEADER.match(v)):
                years[cell.column] = (int(m.group(1)), m.group(2))
        if len(years) >= 5:  # a real header row, not a stray year in a title
            got = [y for y, _ in years.values()]
            if len(set(got)) != len(got):
                raise ValueError(f"{_where(file, ws.title)}: repeated year in header row")
            if got != sorted(got) or got != list(range(got[0], got[-1] + 1)):
                raise ValueError(
                    f"{_where(file, ws.title)}: header years not consecutive ascending: {got}"
                )
            return row[0].row, years
    raise ValueError(f"{_where(file, ws.title)}: no header row of years in the first 15 rows")


def _preliminary_markers(ws: Worksheet, file: str, markers: set[str]) -> set[str]:
    """Which footnote markers the sheet's own notes define as preliminary data."""
    # A note is text starting with its marker: "1 Preliminary data", not "12.5" or "1994".
    starts = {m: re.compile(rf"{re.escape(m)}(?![\d.])\s*\D") for m in markers}
    notes: dict[str, str] = {}
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str):
                continue  # numbers are never notes
            text = _norm(cell.value)
            if YEAR_HEADER.match(text):
                continue  # a header such as "2023 1"
            for marker, start in starts.items():
                if start.match(text):
                    notes[marker] = notes.get(marker, "") + " " + text
    unexplained = markers - notes.keys()
    if unexplained:
        # An unexplained footnote may be a break in series or an estimate: stop and look.
        raise ValueError(
            f"{_where(file, ws.title)}: year header footnote(s) {sorted(unexplained)} "
            "have no footnote text"
        )
    return {m for m, text in notes.items() if PRELIMINARY.search(text)}


def _read_nsc(path: Path, flow: str, code: str) -> list[_Value]:
    file = path.name
    ws = _nsc_sheet(_open(path), file, code)
    factor = _units(ws, file)
    header_row, years = _nsc_year_header(ws, file)
    label_cols = range(1, min(years))  # the ky/ru/en label columns left of the first year
    if not label_cols:
        raise ValueError(f"{_where(file, ws.title)}: no label columns left of the year columns")
    markers = {m for _, m in years.values() if m}
    preliminary = _preliminary_markers(ws, file, markers)

    out: list[_Value] = []
    rows = {}
    for partner, labels, what in (
        ("WORLD", TOTAL_LABELS, "world total"),
        ("RU", RUSSIA_LABELS, "Russia"),
        ("CN", CHINA_LABELS, "China"),
    ):
        found = [r for r in _find_rows(ws, labels, label_cols) if r > header_row]
        rows[partner] = _one_row(found, file, ws.title, what, labels)
    for col, (year, marker) in years.items():
        values = {}
        for partner, row in rows.items():
            coord = f"{get_column_letter(col)}{row}"
            values[partner] = _numeric(ws, coord, file, f"{partner} {flow} {year}")
            prov = marker in preliminary
            out.append(_Value(year, flow, partner, values[partner], factor, prov, ws.title, coord))
        # A partner above the world total means the wrong row (or column) was picked.
        for partner in ("RU", "CN"):
            if values[partner] > values["WORLD"]:
                raise ValueError(
                    f"{_where(file, ws.title)}: {partner} ({values[partner]}) exceeds the total "
                    f"({values['WORLD']}) in {year}; row labels or layout changed?"
                )
    return out


# --- FCS (Russian) table -----------------------------------------------------------------


def _fcs_contents_years(wb: openpyxl.Workbook, file: str) -> list[int]:
    """Years the contents sheet lists; each must have its own sheet."""
    ws = wb.worksheets[0]
    if _norm(ws.title) != "содержание":
        raise ValueError(f"{file}: first sheet is {ws.title!r}, expected the contents 'Содержание'")
    years = [
        c.value
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, int) and not isinstance(c.value, bool) and 1900 <= c.value <= 2100
    ]
    if not years:
        raise ValueError(f"{_where(file, ws.title)}: no years listed")
    missing = [y for y in years if str(y) not in wb.sheetnames]
    if missing:
        raise ValueError(f"{file}: contents lists years without a sheet: {missing}")
    return sorted(years)


def _read_fcs_sheet(ws: Worksheet, file: str, year: int) -> list[_Value]:
    factor = _units(ws, file)
    # Preliminary figures would be noted on the sheet itself; none are in the 1994-2021 edition.
    provisional = any(PRELIMINARY.search(_norm(c.value)) for row in ws.iter_rows() for c in row)

    # Block headers ("Экспорт", "Импорт") sit in the label column; find that column from them.
    heads: dict[str, tuple[int, int]] = {}
    for flow, labels in (("exports", EXPORT_LABELS), ("imports", IMPORT_LABELS)):
        hits = [
            (c.row, c.column) for row in ws.iter_rows() for c in row if _norm(c.value) in labels
        ]
        if len(hits) != 1:
            raise ValueError(
                f"{_where(file, ws.title)}: expected one {flow} block header labelled one of "
                f"{sorted(labels)}, found {len(hits)}"
            )
        heads[flow] = hits[0]
    (exp_row, label_col), (imp_row, imp_col) = heads["exports"], heads["imports"]
    if label_col != imp_col or not exp_row < imp_row:
        raise ValueError(
            f"{_where(file, ws.title)}: export/import blocks not stacked in one label column "
            "(layout changed)"
        )

    # The value column is headed by the sheet's year, above the export block.
    year_cells = [
        c
        for row in ws.iter_rows(max_row=exp_row - 1)
        for c in row
        if (isinstance(c.value, int) and not isinstance(c.value, bool) and c.value == year)
        or (isinstance(c.value, str) and (m := YEAR_HEADER.match(c.value)) and int(m[1]) == year)
    ]
    if len(year_cells) != 1:
        raise ValueError(
            f"{_where(file, ws.title)}: expected one column headed {year} above the export "
            f"block, found {len(year_cells)}"
        )
    value_col = get_column_letter(year_cells[0].column)

    kyrgyz_rows = _find_rows(ws, KYRGYZ_LABELS, [label_col])
    blocks = {"exports": (exp_row, imp_row), "imports": (imp_row, ws.max_row + 1)}
    out: list[_Value] = []
    for flow, (start, end) in blocks.items():
        row = _one_row(
            [r for r in kyrgyz_rows if start < r < end],
            file,
            ws.title,
            "Kyrgyzstan",
            KYRGYZ_LABELS,
            within=f" in the {flow} block",
        )
        total = _numeric(ws, f"{value_col}{start}", file, f"total {flow}")
        kg = _numeric(ws, f"{value_col}{row}", file, f"{flow} Kyrgyzstan")
        if kg > total:
            raise ValueError(
                f"{_where(file, ws.title)}: Kyrgyzstan ({kg}) exceeds total {flow} ({total})"
            )
        for partner, value, coord in (
            ("KG", kg, f"{value_col}{row}"),
            ("WORLD", total, f"{value_col}{start}"),
        ):
            out.append(_Value(year, flow, partner, value, factor, provisional, ws.title, coord))
    return out


def _read_fcs(path: Path) -> list[_Value]:
    file = path.name
    wb = _open(path)
    out: list[_Value] = []
    for year in _fcs_contents_years(wb, file):
        out.extend(_read_fcs_sheet(wb[str(year)], file, year))
    return out


# --- assembly ----------------------------------------------------------------------------


def _frame(values: list[_Value], reporter: str, files: dict[str, str]) -> pd.DataFrame:
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
            "source_cell": [_cell_ref(v.sheet, v.coordinate) for v in values],
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
    kg: list[_Value] = []
    for flow, (file, code) in KG_FILES.items():
        kg.extend(_read_nsc(reference_dir / file, flow, code))
    ru = _read_fcs(reference_dir / RU_FILE)

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
