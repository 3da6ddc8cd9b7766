"""Reading a published trade workbook as it stands: rows found by their labels, the unit
read from the sheet's own note, and each value kept with the sheet and cell it came from.

What the NSC and FCS parsers (:mod:`rukg.reference.nsc_trade`,
:mod:`rukg.reference.fcs_trade`) share. A label, unit note or cell that cannot be found
(or is found twice) raises :class:`ValueError` naming the file and sheet, so a changed
upstream file fails loudly instead of yielding wrong numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "UNIT_PATTERNS",
    "PRELIMINARY",
    "YEAR_HEADER",
    "CellValue",
    "norm",
    "where",
    "cell_ref",
    "open_workbook",
    "unit_factor",
    "numeric",
    "find_rows",
    "one_row",
]

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
class CellValue:
    """One number of a trade table, in the sheet's unit, and the cell it was read from."""

    year: int
    flow: str
    partner: str
    value: float  # in the sheet's unit
    factor: float  # sheet unit -> USD
    provisional: bool
    sheet: str
    coordinate: str


def norm(value: Any) -> str:
    """Lower-case, single-spaced text of a cell (non-breaking spaces count as spaces)."""
    if value is None:
        return ""
    return " ".join(str(value).replace("\xa0", " ").split()).casefold()


def where(file: str, sheet: str | None = None) -> str:
    return f"{file}, sheet {sheet!r}" if sheet is not None else file


def cell_ref(sheet: str, coordinate: str) -> str:
    """An Excel-style reference, e.g. "Лист1!O38"; quoted as Excel does for names like "2005"."""
    name = f"'{sheet}'" if re.search(r"[^\w.]", sheet) or sheet[:1].isdigit() else sheet
    return f"{name}!{coordinate}"


def open_workbook(path: Path) -> openpyxl.Workbook:
    if not path.is_file():
        raise ValueError(f"{path.name}: file not found in {path.parent}")
    # data_only: read the values Excel stored, not formulas (some subtotal rows are formulas).
    return openpyxl.load_workbook(path, data_only=True, read_only=False)


def unit_factor(ws: Worksheet, file: str, max_row: int = 6) -> float:
    """Multiplier to USD from the unit note near the top of the sheet; all notes must agree."""
    found = set()
    for row in ws.iter_rows(min_row=1, max_row=max_row):
        for cell in row:
            text = norm(cell.value)
            for pattern, factor in UNIT_PATTERNS:
                if pattern.search(text):
                    found.add(factor)
    if len(found) != 1:
        what = "no unit note" if not found else f"conflicting unit notes {sorted(found)}"
        raise ValueError(f"{where(file, ws.title)}: {what} (expected e.g. 'thousand US dollars')")
    return found.pop()


def numeric(ws: Worksheet, coordinate: str, file: str, what: str) -> float:
    value = ws[coordinate].value
    # bool is an int subclass; a True in a data cell is not a number we want.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(
            f"{where(file, ws.title)}: {what} at {coordinate} is {value!r}, not a number"
        )
    return float(value)


def find_rows(ws: Worksheet, labels: set[str], columns: Iterable[int]) -> list[int]:
    """Rows whose label in any of the given columns (1-based) is one of ``labels``."""
    cols = list(columns)
    rows = []
    for row in ws.iter_rows(min_col=min(cols), max_col=max(cols)):
        if any(norm(c.value) in labels for c in row if c.column in cols):
            rows.append(row[0].row)
    return rows


def one_row(
    rows: list[int], file: str, sheet: str, what: str, labels: set[str], within: str = ""
) -> int:
    if len(rows) != 1:
        found = "no row" if not rows else f"{len(rows)} rows ({rows})"
        raise ValueError(
            f"{where(file, sheet)}: expected one {what} row{within} labelled one of "
            f"{sorted(labels)}, found {found}"
        )
    return rows[0]
