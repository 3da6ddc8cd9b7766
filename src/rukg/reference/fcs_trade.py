"""The Russian Federal Customs Service's main trade indicators as Rosstat publishes them:
one sheet per year, each with an export and an import block whose rows include
"Киргизия"; Russia's trade with Kyrgyzstan and with the world, per year."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rukg.reference.trade_workbook import (
    PRELIMINARY,
    YEAR_HEADER,
    CellValue,
    find_rows,
    norm,
    numeric,
    one_row,
    open_workbook,
    unit_factor,
    where,
)

__all__ = ["read_fcs"]

# Row labels, compared after norm().
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


def _fcs_contents_years(wb: openpyxl.Workbook, file: str) -> list[int]:
    """Years the contents sheet lists; each must have its own sheet."""
    ws = wb.worksheets[0]
    if norm(ws.title) != "содержание":
        raise ValueError(f"{file}: first sheet is {ws.title!r}, expected the contents 'Содержание'")
    years = [
        c.value
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, int) and not isinstance(c.value, bool) and 1900 <= c.value <= 2100
    ]
    if not years:
        raise ValueError(f"{where(file, ws.title)}: no years listed")
    missing = [y for y in years if str(y) not in wb.sheetnames]
    if missing:
        raise ValueError(f"{file}: contents lists years without a sheet: {missing}")
    return sorted(years)


def _read_fcs_sheet(ws: Worksheet, file: str, year: int) -> list[CellValue]:
    factor = unit_factor(ws, file)
    # Preliminary figures would be noted on the sheet itself; none are in the 1994-2021 edition.
    provisional = any(PRELIMINARY.search(norm(c.value)) for row in ws.iter_rows() for c in row)

    # Block headers ("Экспорт", "Импорт") sit in the label column; find that column from them.
    heads: dict[str, tuple[int, int]] = {}
    for flow, labels in (("exports", EXPORT_LABELS), ("imports", IMPORT_LABELS)):
        hits = [(c.row, c.column) for row in ws.iter_rows() for c in row if norm(c.value) in labels]
        if len(hits) != 1:
            raise ValueError(
                f"{where(file, ws.title)}: expected one {flow} block header labelled one of "
                f"{sorted(labels)}, found {len(hits)}"
            )
        heads[flow] = hits[0]
    (exp_row, label_col), (imp_row, imp_col) = heads["exports"], heads["imports"]
    if label_col != imp_col or not exp_row < imp_row:
        raise ValueError(
            f"{where(file, ws.title)}: export/import blocks not stacked in one label column "
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
            f"{where(file, ws.title)}: expected one column headed {year} above the export "
            f"block, found {len(year_cells)}"
        )
    value_col = get_column_letter(year_cells[0].column)

    kyrgyz_rows = find_rows(ws, KYRGYZ_LABELS, [label_col])
    blocks = {"exports": (exp_row, imp_row), "imports": (imp_row, ws.max_row + 1)}
    out: list[CellValue] = []
    for flow, (start, end) in blocks.items():
        row = one_row(
            [r for r in kyrgyz_rows if start < r < end],
            file,
            ws.title,
            "Kyrgyzstan",
            KYRGYZ_LABELS,
            within=f" in the {flow} block",
        )
        total = numeric(ws, f"{value_col}{start}", file, f"total {flow}")
        kg = numeric(ws, f"{value_col}{row}", file, f"{flow} Kyrgyzstan")
        if kg > total:
            raise ValueError(
                f"{where(file, ws.title)}: Kyrgyzstan ({kg}) exceeds total {flow} ({total})"
            )
        for partner, value, coord in (
            ("KG", kg, f"{value_col}{row}"),
            ("WORLD", total, f"{value_col}{start}"),
        ):
            out.append(CellValue(year, flow, partner, value, factor, provisional, ws.title, coord))
    return out


def read_fcs(path: Path) -> list[CellValue]:
    file = path.name
    wb = open_workbook(path)
    out: list[CellValue] = []
    for year in _fcs_contents_years(wb, file):
        out.extend(_read_fcs_sheet(wb[str(year)], file, year))
    return out
