"""The National Statistical Committee of the Kyrgyz Republic's trade-by-country tables
(4.03.00.18 exports, 4.03.00.20 imports): Kyrgyzstan's trade with Russia, China and the
world, per year, with the years its own footnotes call preliminary marked provisional."""

from __future__ import annotations

import re
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

__all__ = ["read_nsc"]

# Row labels, compared after norm(). Several spellings so a relabelled but equivalent row
# still matches; anything else fails loudly.
RUSSIA_LABELS = {"россия", "орусия", "russia", "российская федерация", "russian federation"}
TOTAL_LABELS = {"всего", "бардыгы", "total"}
# Mainland China only: Hong Kong and Taiwan have rows of their own.
CHINA_LABELS = {"китай", "кытай", "china"}


def _nsc_sheet(wb: openpyxl.Workbook, file: str, code: str) -> Worksheet:
    """The sheet whose title rows carry the table code (the imports workbook has an empty extra)."""
    hits = [
        ws
        for ws in wb.worksheets
        if any(code in norm(c.value) for row in ws.iter_rows(min_row=1, max_row=3) for c in row)
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
                raise ValueError(f"{where(file, ws.title)}: repeated year in header row")
            if got != sorted(got) or got != list(range(got[0], got[-1] + 1)):
                raise ValueError(
                    f"{where(file, ws.title)}: header years not consecutive ascending: {got}"
                )
            return row[0].row, years
    raise ValueError(f"{where(file, ws.title)}: no header row of years in the first 15 rows")


def _preliminary_markers(ws: Worksheet, file: str, markers: set[str]) -> set[str]:
    """Which footnote markers the sheet's own notes define as preliminary data."""
    # A note is text starting with its marker: "1 Preliminary data", not "12.5" or "1994".
    starts = {m: re.compile(rf"{re.escape(m)}(?![\d.])\s*\D") for m in markers}
    notes: dict[str, str] = {}
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str):
                continue  # numbers are never notes
            text = norm(cell.value)
            if YEAR_HEADER.match(text):
                continue  # a header such as "2023 1"
            for marker, start in starts.items():
                if start.match(text):
                    notes[marker] = notes.get(marker, "") + " " + text
    unexplained = markers - notes.keys()
    if unexplained:
        # An unexplained footnote may be a break in series or an estimate: stop and look.
        raise ValueError(
            f"{where(file, ws.title)}: year header footnote(s) {sorted(unexplained)} "
            "have no footnote text"
        )
    return {m for m, text in notes.items() if PRELIMINARY.search(text)}


def read_nsc(path: Path, flow: str, code: str) -> list[CellValue]:
    file = path.name
    ws = _nsc_sheet(open_workbook(path), file, code)
    factor = unit_factor(ws, file)
    header_row, years = _nsc_year_header(ws, file)
    label_cols = range(1, min(years))  # the ky/ru/en label columns left of the first year
    if not label_cols:
        raise ValueError(f"{where(file, ws.title)}: no label columns left of the year columns")
    markers = {m for _, m in years.values() if m}
    preliminary = _preliminary_markers(ws, file, markers)

    out: list[CellValue] = []
    rows = {}
    for partner, labels, what in (
        ("WORLD", TOTAL_LABELS, "world total"),
        ("RU", RUSSIA_LABELS, "Russia"),
        ("CN", CHINA_LABELS, "China"),
    ):
        found = [r for r in find_rows(ws, labels, label_cols) if r > header_row]
        rows[partner] = one_row(found, file, ws.title, what, labels)
    for col, (year, marker) in years.items():
        values = {}
        for partner, row in rows.items():
            coord = f"{get_column_letter(col)}{row}"
            values[partner] = numeric(ws, coord, file, f"{partner} {flow} {year}")
            prov = marker in preliminary
            out.append(
                CellValue(year, flow, partner, values[partner], factor, prov, ws.title, coord)
            )
        # A partner above the world total means the wrong row (or column) was picked.
        for partner in ("RU", "CN"):
            if values[partner] > values["WORLD"]:
                raise ValueError(
                    f"{where(file, ws.title)}: {partner} ({values[partner]}) exceeds the total "
                    f"({values['WORLD']}) in {year}; row labels or layout changed?"
                )
    return out
