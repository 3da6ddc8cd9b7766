"""The one translator of pandera's schema failures into ``file:line: row N, column 'c': …``
problems, one problem per thing wrong."""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrorReason

from rukg.errors import Problem
from rukg.tableio.labels import fmt_value

__all__ = ["schema_problems"]

# A number as written in ASCII digits (what pandera's float coercion should be fed).
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
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
