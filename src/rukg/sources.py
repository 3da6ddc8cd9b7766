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
        line_start = data.rfind(b"\n", 0, e.start) + 1
        col = len(data[line_start : e.start].decode("utf-8", errors="replace")) + 1
        raise DataError(
            [
                Problem(
                    label,
                    None,
                    None,
                    f"not UTF-8: byte 0x{data[e.start]:02x} at line {line}, column {col}",
                )
            ]
        ) from None


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in ``text``."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def register_source(paths, text_path: Path, fields: dict) -> dict:
    """Copy an article into data/sources/ and add its row (with checksum) to data/sources.csv.

    Refuses to overwrite an existing file or reuse an id. Returns the new row.
    """
    import csv
    import shutil

    text_path = Path(text_path)
    target = paths.sources_dir / text_path.name
    with paths.sources_csv.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        columns, rows = list(reader.fieldnames), list(reader)
    if any(r["id"] == fields["id"] for r in rows):
        raise DataError(
            [Problem("data/sources.csv", None, "id", f"id {fields['id']!r} is already registered")]
        )
    if target.exists():
        raise DataError(
            [
                Problem(
                    f"data/sources/{target.name}", None, None, "a source file of that name exists"
                )
            ]
        )
    read_text_file(text_path, str(text_path))  # must be UTF-8
    shutil.copyfile(text_path, target)
    row = {c: "" for c in columns}
    row.update({k: v for k, v in fields.items() if v is not None})
    row["file"] = target.name
    row["sha256"] = sha256_of(target)
    with paths.sources_csv.open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fieldnames=columns, lineterminator="\n").writerow(row)
    return row
