"""Reading and checking CSV tables: one reader, the checks every table shares, and one
translator of schema failures into ``file:line: row N, column 'c': …`` problems.

Every table of ``data/`` and ``data/reference/`` goes through :func:`read_table`, which
refuses what no table may hold (a non-regular file, broken quoting, control characters,
markup or script links, fields beyond :data:`MAX_FIELD` characters) before pandas sees
it, and :func:`schema_problems`, which checks the table against its pandera schema.
Patterns use ``[0-9]``, never ``\\d``: Python's ``\\d`` also matches full-width and
Arabic-Indic digits, which must not pass as dates or amounts.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrorReason

from rukg.config import Paths
from rukg.errors import DataError, Problem
from rukg.files import read_text_file

__all__ = [
    "MAX_FIELD",
    "label_of",
    "records",
    "read_table",
    "schema_problems",
    "validated",
    "text_column",
    "iso_date_ok",
    "iso_date_check",
    "precision_matches",
    "url_column",
    "pattern_compiles",
    "not_before",
    "fmt_value",
    "ISO_FORM",
    "DATE_PATTERN",
    "PRECISIONS",
]

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
ISO_FORM = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
DATE_PATTERN = {
    "year": r"[0-9]{4}",
    "month": r"[0-9]{4}-[0-9]{2}",
    "day": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
}
PRECISIONS = ("day", "month", "year")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
URL = r"https?://[^\s<>\"'`]+"


def fmt_value(v: float | None) -> str:
    if v is None:
        return "blank"
    return f"{v:,.10g}"


def label_of(path: Path, paths: Paths) -> str:
    """How messages name a file: relative to the project root where it lies inside."""
    try:
        return str(path.relative_to(paths.root))
    except ValueError:
        return str(path)


# --- column helpers and checks shared by the schemas -------------------------------


def text_column(**kw) -> pa.Column:
    if kw.get("unique"):  # a repeated key is one problem, at its second occurrence
        kw.setdefault("report_duplicates", "exclude_first")
    return pa.Column(str, **kw)


def iso_date_ok(s: pd.Series) -> pd.Series:
    """Each value is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` in ASCII digits, and a real date."""

    def ok(v: str) -> bool:
        if not re.fullmatch(ISO_FORM, v):
            return False
        try:
            pd.Timestamp(v)
        except ValueError:
            return False
        return True

    return s.map(ok)


def iso_date_check(name: str = "an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)") -> pa.Check:
    return pa.Check(iso_date_ok, name=name)


def precision_matches(date_col: str, precision_col: str) -> pa.Check:
    def check(df: pd.DataFrame) -> pd.Series:
        # A date not in ISO form at all is reported by its own column's check, not again here.
        return pd.Series(
            [
                bool(re.fullmatch(DATE_PATTERN.get(p, "$^"), d))
                or not (isinstance(d, str) and re.fullmatch(ISO_FORM, d))
                for d, p in zip(df[date_col], df[precision_col], strict=True)
            ],
            index=df.index,
        )

    return pa.Check(check, name=f"{precision_col}: does not match the form of '{date_col}'")


def url_column(**kw) -> pa.Column:
    """A link target: http or https only (no javascript:, data:, file: or relative links)."""
    return text_column(checks=pa.Check.str_matches(rf"^{URL}$", name="an http(s) URL"), **kw)


def pattern_compiles(s: pd.Series) -> pd.Series:
    def ok(v: str) -> bool:
        try:
            re.compile(v)
        except re.error:
            return False
        return True

    return s.map(ok)


def not_before(start: str, end: str) -> pa.Check:
    """``end`` is blank or not before ``start`` (ISO strings of any precision compare as text;
    a malformed date is reported by its own column)."""

    def check(df: pd.DataFrame) -> pd.Series:
        def ok(a, b) -> bool:
            if not (isinstance(a, str) and isinstance(b, str)):
                return True
            if not (re.fullmatch(ISO_FORM, a) and re.fullmatch(ISO_FORM, b)):
                return True
            n = min(len(a), len(b))
            return b[:n] >= a[:n]

        return pd.Series(
            [ok(a, b) for a, b in zip(df[start], df[end], strict=True)], index=df.index
        )

    return pa.Check(check, name=f"{end}: before '{start}'")


# --- reading ---------------------------------------------------------------------------


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


# --- the one translator of schema failures ----------------------------------------------

# Names for the dtypes columns are coerced to, as a reader would say them.
_TYPE_NAMES = {"float64": "number", "Int64": "whole number"}
_NUMERIC = ("float64", "Int64", "int64")


def _shown(value) -> str:
    if isinstance(value, float):
        return fmt_value(value)
    return repr(value)


def _column_check(schema: pa.DataFrameSchema, fc: dict) -> pa.Check | None:
    """The :class:`pandera.Check` a failure case comes from (``None`` when no check failed)."""
    number = fc.get("check_number")
    if number is None or pd.isna(number):
        return None
    if fc.get("schema_context") == "Column" and fc.get("column") in schema.columns:
        checks = schema.columns[fc["column"]].checks
    else:
        checks = schema.checks
    return checks[int(number)] if int(number) < len(checks) else None


def _check_failed(check: pa.Check | None, value, fallback: str) -> str:
    """What a failed column check means, in words (``fallback``: pandera's name for it)."""
    shown = _shown(value)
    if check is None:
        return f"{shown} fails check {fallback}"
    # Our own checks, and built-in ones we gave a name, are named for what the value should be.
    if check.error is None or check.name != fallback.partition("(")[0]:
        return f"{shown} is not {check.name}"
    stats = check.statistics or {}
    if check.name == "isin":
        return f"{shown} is not one of {', '.join(map(str, stats['allowed_values']))}"
    if check.name == "greater_than_or_equal_to":
        return f"{shown} is less than {stats['min_value']}"
    if check.name == "greater_than":
        return f"{shown} is not greater than {stats['min_value']}"
    if check.name == "in_range":
        return f"{shown} is not between {stats['min_value']} and {stats['max_value']}"
    if check.name == "str_matches":
        return f"{shown} does not match {stats['pattern']}"
    return f"{shown} fails check {fallback}"


def _ascii_numbers(df: pd.DataFrame, schema: pa.DataFrameSchema, label: str):
    """Numbers must be written in ASCII digits: ``float()`` would accept '１２' or '١٢',
    and 'inf' or 'nan', so pandera's coercion alone lets them through."""
    problems = []
    for name, column in schema.columns.items():
        if name not in df.columns or str(column.dtype) not in _NUMERIC:
            continue
        for row, value in df[name].items():
            if isinstance(value, str) and not _NUMBER.fullmatch(value):
                try:
                    float(value)
                except ValueError:
                    continue  # not a number at all: pandera's coercion reports it
                what = _TYPE_NAMES.get(str(column.dtype), "number")
                problems.append(
                    Problem(label, int(row), name, f"{value!r} is not a {what} in ASCII digits")
                )
    return problems


def schema_problems(df: pd.DataFrame, schema: pa.DataFrameSchema, label: str):
    """Validate ``df`` against ``schema``: the validated frame, or located problems.

    One problem per thing wrong. A check that could not run at all (it raised,
    because a column it reads is missing or holds the wrong type) follows from
    another problem and is reported only when there is none, as a bug in the
    check; so is the dtype failure that follows a failed conversion.
    """
    early = _ascii_numbers(df, schema, label)
    if early:
        # Validate the rest without those cells; what else fails in their rows follows from
        # them (an infinite value above its range, say) and is not reported again.
        df = df.copy()
        for p in early:
            df.loc[p.row, p.column] = pd.NA
        flagged = {p.row for p in early}
        _, others = schema_problems(df, schema, label)
        return None, early + [p for p in others if p.row not in flagged]
    try:
        return schema.validate(df, lazy=True), []
    except pa.errors.SchemaErrors as e:
        errored = {
            se.check.error or se.check.name
            for se in e.schema_errors
            if se.reason_code == SchemaErrorReason.CHECK_ERROR and isinstance(se.check, pa.Check)
        }
        cases = e.failure_cases.to_dict("records")
        unconverted = {
            (fc.get("column"), fc.get("index"))
            for fc in cases
            if str(fc.get("check")).startswith("coerce_dtype")
        }
        problems, could_not_run = [], []
        for fc in cases:
            column, check = fc.get("column"), str(fc.get("check"))
            index = fc.get("index")
            row = int(index) if index is not None and not pd.isna(index) else None
            value = fc.get("failure_case")
            if row is None and check in errored:
                where = check.partition(": ")[0] if ": " in check else column
                could_not_run.append(
                    Problem(label, None, where, f"check {check!r} could not run: {value}")
                )
                continue
            if fc.get("schema_context") == "DataFrameSchema":
                if check == "column_in_schema":
                    problems.append(Problem(label, None, str(value), "unexpected column"))
                    continue
                if check == "column_in_dataframe":
                    problems.append(Problem(label, None, str(value), "required column is missing"))
                    continue
                if ": " in check:  # wide checks are named "column: what is wrong"
                    col, _, what = check.partition(": ")
                    problems.append(Problem(label, row, col, what))
                    continue
                problems.append(Problem(label, row, column, f"{check}: {value}"))
                continue
            if check == "field_uniqueness":
                first = df.index[df[column] == value][0]
                problems.append(
                    Problem(label, row, column, f"duplicate value {value!r} (first in row {first})")
                )
            elif check == "not_nullable":
                problems.append(Problem(label, row, column, "is blank but required"))
            elif check.startswith("coerce_dtype"):
                dtype = check[len("coerce_dtype('") : -len("')")]
                problems.append(
                    Problem(
                        label, row, column, f"{value!r} is not a {_TYPE_NAMES.get(dtype, dtype)}"
                    )
                )
            elif check.startswith("dtype(") and (column, index) in unconverted:
                continue
            else:
                message = _check_failed(_column_check(schema, fc), value, check)
                problems.append(Problem(label, row, column, message))
        return None, problems or could_not_run


def validated(path: Path, schema: pa.DataFrameSchema, label: str) -> pd.DataFrame:
    """Read and validate one table, raising :class:`DataError` with every problem."""
    df, problems = schema_problems(read_table(path, label), schema, label)
    if problems:
        raise DataError(problems)
    return df
