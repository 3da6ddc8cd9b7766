"""The register of sources (``data/sources.csv``) and the texts it points to."""

from __future__ import annotations

import bisect
import hashlib
import io
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Problem",
    "DataError",
    "sha256_of",
    "read_text_file",
    "line_col",
    "newline_offsets",
    "file_problem",
    "MAX_TEXT_BYTES",
]

# The largest text file read (a source or a table): far above any article, small enough
# that a mistaken path to a disk image is refused rather than read into memory.
MAX_TEXT_BYTES = 200 * 1024 * 1024


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
    """Checksum of a file (callers check :func:`file_problem` first: a FIFO would block)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_problem(path: Path, label: str) -> Problem | None:
    """Why ``path`` cannot be read as a data file, judged without opening it (``None``: fine).

    Only regular files are read: a FIFO would block the read for ever, a device could be
    endless, and a symbolic link could point outside the project.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return Problem(label, None, None, "file is missing")
    except OSError as e:
        return Problem(label, None, None, f"cannot be read: {e.strerror}")
    if stat.S_ISLNK(st.st_mode):
        return Problem(
            label, None, None, "is a symbolic link; data files must be regular files in the project"
        )
    if stat.S_ISDIR(st.st_mode):
        return Problem(label, None, None, "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        return Problem(label, None, None, "is not a regular file (a pipe, socket or device)")
    if st.st_size > MAX_TEXT_BYTES:
        return Problem(
            label,
            None,
            None,
            f"is {st.st_size:,} bytes; files over {MAX_TEXT_BYTES:,} bytes are refused",
        )
    return None


def read_text_file(path: Path, label: str) -> str:
    """Read a UTF-8 text, turning every failure into a located :class:`DataError`."""
    if problem := file_problem(Path(path), label):
        raise DataError([problem])
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise DataError([Problem(label, None, None, f"cannot be read: {e.strerror}")]) from None
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


def newline_offsets(text: str) -> list[int]:
    """Offsets of every line break in ``text``, for :func:`line_col`."""
    return [m.start() for m in re.finditer("\n", text)]


def line_col(text: str, offset: int, newlines: list[int] | None = None) -> tuple[int, int]:
    """1-based line and column of a character offset in ``text``.

    ``newlines``: :func:`newline_offsets` of the text, found once by a caller that asks for
    many offsets (counting from the start for each would be quadratic in the text's size).
    """
    if newlines is None:
        line = text.count("\n", 0, offset) + 1
        return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
    k = bisect.bisect_left(newlines, offset)  # line breaks before the offset
    return k + 1, offset - (newlines[k - 1] + 1 if k else 0) + 1


def source_changes(paths, text_path: Path, fields: dict) -> tuple[dict[Path, bytes], dict, int]:
    """What registering an article changes: its copy in data/sources/ and its row (with
    checksum) appended to data/sources.csv, as bytes not yet written; the new row, and
    its number in data/sources.csv (counted as messages count rows).

    Refuses an unreadable or empty text, a reused id and an existing file name. The row
    itself is checked by the caller, against the sources schema, before anything is written.
    """
    import csv

    from rukg.transact import appended_rows

    text_path = Path(text_path)
    label = str(text_path)
    if problem := file_problem(text_path.resolve(), label):  # a link to a regular file is fine
        raise DataError([problem])
    text = read_text_file(text_path.resolve(), label)  # must be UTF-8
    if not text.strip():
        raise DataError([Problem(label, None, None, "the text is empty")])
    target = paths.sources_dir / text_path.name
    register = paths.sources_csv
    data = read_text_file(register, "data/sources.csv").encode("utf-8")
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    columns, rows = list(reader.fieldnames or []), list(reader)
    if any(r.get("id") == fields["id"] for r in rows):
        raise DataError(
            [Problem("data/sources.csv", None, "id", f"id {fields['id']!r} is already registered")]
        )
    if target.exists() or target.is_symlink():
        raise DataError(
            [
                Problem(
                    f"data/sources/{target.name}", None, None, "a source file of that name exists"
                )
            ]
        )
    raw = text_path.resolve().read_bytes()
    row = {c: "" for c in columns}
    row.update({k: v for k, v in fields.items() if v is not None and k in row})
    row["file"] = target.name
    row["sha256"] = hashlib.sha256(raw).hexdigest()
    return {target: raw, register: appended_rows(data, columns, [row])}, row, len(rows) + 1
