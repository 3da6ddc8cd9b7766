"""Reading a CSV table: one reader for every table of ``data/`` and ``data/reference/``.

:func:`read_table` refuses what no table may hold (a non-regular file, broken quoting,
control characters, markup or script links, fields beyond :data:`MAX_FIELD` characters)
before pandas sees it; :func:`validated` then checks the table against its schema.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from rukg.errors import DataError, Problem
from rukg.files import read_text_file
from rukg.tableio.schema_errors import schema_problems

__all__ = ["MAX_FIELD", "records", "read_table", "validated"]

MAX_FIELD = 10_000  # characters; the longest real cell (a correction's reason) is under 500
# Control characters other than tab and newline, and the invisible bidirectional overrides
# that can make text read differently from what it holds.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# What would become markup or a script link if a renderer forgot to escape: an HTML tag,
# a Markdown inline link or image, a javascript:/vbscript: scheme, a data: URI.
_MARKUP = re.compile(
    r"<\s*[A-Za-z!/?]"
    r"|\]\("
    r"|(?i:\b(?:javascript|vbscript)\s*:)"
    r"|(?i:\bdata\s*:\s*[a-z]+/[a-z0-9.+-]+\s*[;,])"
)


def _broken_field(line: str) -> int | None:
    """The index of the first field of a CSV line whose quoting is broken (``None`` if none is).

    A field is either unquoted and free of quote characters, or wholly quoted
    (``"…"`` with inner quotes doubled) and followed by a comma or the line's end.
    """
    field, i = 0, 0
    while True:
        if line.startswith('"', i):
            j = i + 1
            while (j := line.find('"', j)) >= 0 and line.startswith('""', j):
                j += 2
            if j < 0 or not (j + 1 == len(line) or line[j + 1] == ","):
                return field
            i = j + 1
        else:
            j = line.find(",", i)
            j = len(line) if j < 0 else j
            if '"' in line[i:j]:
                return field
            i = j
        if i >= len(line):
            return None
        i += 1
        field += 1


def _cell_problem(value: str) -> str | None:
    """What no cell of any table may hold, in words (``None`` when the cell is fine)."""
    if len(value) > MAX_FIELD:
        return f"is {len(value):,} characters long; no field may exceed {MAX_FIELD:,}"
    if m := _CONTROL.search(value):
        return f"contains the control character U+{ord(m.group()):04X}"
    if m := _MARKUP.search(value):
        return (
            f"contains markup or a script link ({m.group()!r}); tables hold plain text, "
            "and links only in URL columns"
        )
    return None


def records(text: str, label: str) -> tuple[list[str], list[Problem]]:
    """The header and the problems of a CSV text, checked record by record with the csv
    module (which, unlike pandas' C parser, tells the line of a stray quote)."""
    lines = io.StringIO(text, newline="").readlines()
    limit = csv.field_size_limit()
    # Fields of any length are read, then refused with their row and column, not by csv.
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        reader = csv.reader(lines)
        try:
            header = next(reader)
        except csv.Error as e:
            return [], [Problem(label, None, None, f"header cannot be read as CSV: {e}")]
        problems = []
        seen = set()
        for k, name in enumerate(header):
            stripped = name.strip().lstrip("\ufeff")
            if not stripped:
                problems.append(Problem(label, None, None, f"header field {k + 1} is blank"))
            elif stripped in seen:
                problems.append(Problem(label, None, stripped, "appears twice in the header"))
            elif why := _cell_problem(stripped):
                problems.append(Problem(label, None, None, f"header field {k + 1} {why}"))
            seen.add(stripped)
        first_line = reader.line_num + 1  # the physical line each record starts on
        i = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                problems.append(Problem(label, i + 1, None, f"cannot be read as CSV: {e}"))
                break
            if not row:  # a blank line is skipped, as pandas does
                first_line = reader.line_num + 1
                continue
            i += 1
            if len(row) != len(header):
                k = _broken_field(lines[first_line - 1].rstrip("\r\n"))
                if k is not None and k < len(header):
                    where, what = header[k], "its quoting is broken (a stray quote character?)"
                else:
                    where, what = None, "a stray quote character or an unquoted comma?"
                problems.append(
                    Problem(
                        label,
                        i,
                        where,
                        f"has {len(row)} fields, the header has {len(header)}: {what}",
                    )
                )
            else:
                for name, value in zip(header, row, strict=True):
                    if why := _cell_problem(value):
                        problems.append(Problem(label, i, name.strip(), why))
            first_line = reader.line_num + 1
    finally:
        csv.field_size_limit(limit)
    return header, problems


def read_table(path: Path, label: str) -> pd.DataFrame:
    """Read a CSV as strings (blank cells → missing), with located errors for broken files.

    Refuses, without opening it, anything but a regular file (a FIFO would hang the read);
    then checks every record (see :func:`records`) before pandas parses the text.
    """
    text = read_text_file(path, label)
    if text.startswith("\ufeff"):  # a byte-order mark is harmless: drop it
        text = text[1:]
    if not text.strip():
        raise DataError([Problem(label, None, None, "file is empty (no header row)")])
    _, problems = records(text, label)
    if problems:
        raise DataError(problems)
    df = pd.read_csv(io.StringIO(text, newline=""), dtype=str, keep_default_na=False, na_values=[])
    if df.empty:
        raise DataError([Problem(label, None, None, "has a header but no rows")])
    df.columns = [c.strip() for c in df.columns]
    df = df.apply(lambda c: c.str.strip()).replace("", pd.NA)
    df.index = range(1, len(df) + 1)  # data rows count from 1
    return df


def validated(path: Path, schema: pa.DataFrameSchema, label: str) -> pd.DataFrame:
    """Read and validate one table, raising :class:`DataError` with every problem."""
    df, problems = schema_problems(read_table(path, label), schema, label)
    if problems:
        raise DataError(problems)
    return df
