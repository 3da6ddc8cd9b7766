"""The register of sources (``data/sources.csv``) and the texts it points to."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Problem", "DataError", "sha256_of", "read_text_file", "line_col"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as precisely as possible.

    ``row`` counts data rows from 1 (the header is line 1, so row *n* is on
    line *n + 1*); ``column`` names the CSV column. Either may be ``None`` when
    the problem concerns the whole file or the whole row.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row + 1}: row {self.row}"
        if self.column is not None:
            where += (
                f", column '{self.column}'" if self.row is not None else f": column '{self.column}'"
            )
        return f"{where}: {self.message}"


class DataError(Exception):
    """Raised when data fail validation; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.row or 0, p.column or ""))
        super().__init__("\n".join(str(p) for p in self.problems))


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_text_file(path: Path, label: str) -> str:
    """Read a UTF-8 text, turning decoding failures into a located :class:`DataError`."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise DataError(
            [Problem(label, None, None, f"not UTF-8: byte 0x{data[e.start]:02x} at line {line}")]
        ) from None


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in ``text``."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col
