"""Loading and validating the catalogue: sources, figures, events, audit dismissals, corrections.

Column types and allowed values are pandera schemas (below), which mirror the
codebook in ``data/README.md``. Checks that need the source texts (quotes found
verbatim, the number in the quote agreeing with the row, checksums) follow the
schemas in :func:`validate`. Every problem becomes a :class:`~rukg.sources.Problem`
naming file, row and column; :func:`load` raises :class:`~rukg.sources.DataError`
with all of them, so nothing downstream runs on bad data.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrorReason

from rukg.config import PATHS, Paths
from rukg.quotes import UNITS, Mention, currency_matches, find_mentions
from rukg.sources import DataError, Problem, read_text_file, sha256_of

__all__ = [
    "Catalogue",
    "split_ids",
    "INSTRUMENTS",
    "AID_KINDS",
    "TRADE_KINDS",
    "load",
    "validate",
    "KINDS",
    "STATUSES",
    "CATEGORIES",
    "CURRENCIES",
    "source_mentions",
    "corrections_schema",
    "CORRECTIONS_FILE",
]

CATEGORIES = ("security", "economics", "geopolitics")
AID_KINDS = (
    "grant",
    "loan",
    "credit_line",
    "debt_restructuring",
    "debt_relief",
    "military_aid",
    "investment",
    "financing",
    "rent",
)
TRADE_KINDS = ("trade", "trade_growth", "trade_share")
# The controlled vocabulary of data/README.md: trade and aid kinds, then the rest.
KINDS = (
    *TRADE_KINDS,
    *AID_KINDS,
    "troops",
    "weapons",
    "population",
    "reserves",
    "distance",
    "duration",
    "count",
    "other",
)
STATUSES = ("pledged", "signed", "delivered", "reported", "proposed", "cancelled", "unclear")
CURRENCIES = ("USD", "RUB", "RUR")
PRECISIONS = ("day", "month", "year")
SOURCE_KINDS = ("news analysis", "reference page", "commentary", "blog")
_DIRECTION = r"^(?:[A-Z]{2}->[A-Z]{2}|[A-Z]{2}<->[A-Z]{2})$"
_DATE_PATTERN = {"year": r"\d{4}", "month": r"\d{4}-\d{2}", "day": r"\d{4}-\d{2}-\d{2}"}
_ISO_FORM = r"\d{4}(-\d{2}(-\d{2})?)?"
_ID = r"[a-z][a-z0-9-]*"
_SUBJECT = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # a slug naming what a figure or event is about
REDENOMINATION_YEAR = 1998  # 1 RUB = 1,000 RUR from 1 January 1998


def _text(**kw) -> pa.Column:
    if kw.get("unique"):  # a repeated key is one problem, at its second occurrence
        kw.setdefault("report_duplicates", "exclude_first")
    return pa.Column(str, **kw)


def _one_line(s: pd.Series) -> pd.Series:
    return ~s.str.contains("\n", regex=False)


def _iso_date_ok(s: pd.Series) -> pd.Series:
    def ok(v: str) -> bool:
        if not re.fullmatch(_ISO_FORM, v):
            return False
        try:
            pd.Timestamp(v)
        except ValueError:
            return False
        return True

    return s.map(ok)


def _precision_matches(date_col: str, precision_col: str):
    def check(df: pd.DataFrame) -> pd.Series:
        # A date not in ISO form at all is reported by its own column's check, not again here.
        return pd.Series(
            [
                bool(re.fullmatch(_DATE_PATTERN.get(p, "$^"), d))
                or not (isinstance(d, str) and re.fullmatch(_ISO_FORM, d))
                for d, p in zip(df[date_col], df[precision_col], strict=True)
            ],
            index=df.index,
        )

    return pa.Check(check, name=f"{precision_col}: does not match the form of '{date_col}'")


def _nonneg_float(**kw) -> pa.Column:
    return pa.Column(float, pa.Check.ge(0), nullable=True, coerce=True, **kw)


def sources_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": _text(checks=pa.Check.str_matches(rf"^{_ID}$"), unique=True),
            "file": _text(checks=pa.Check.str_matches(r"^[^/\\]+\.txt$"), unique=True),
            "publisher": _text(),
            "title": _text(),
            "author": _text(nullable=True),
            "published": _text(checks=pa.Check(_iso_date_ok, name="an ISO date")),
            "published_precision": _text(checks=pa.Check.isin(PRECISIONS)),
            "date_evidence": _text(),
            "url": _text(nullable=True, checks=pa.Check.str_matches(r"^https?://\S+$")),
            "kind": _text(checks=pa.Check.isin(SOURCE_KINDS)),
            "sha256": _text(checks=pa.Check.str_matches(r"^[0-9a-f]{64}$")),
            "notes": _text(nullable=True),
        },
        checks=[_precision_matches("published", "published_precision")],
        strict=True,
        ordered=False,
    )


def figures_schema(source_ids: list[str]) -> pa.DataFrameSchema:
    def currency_iff_money(df: pd.DataFrame) -> pd.Series:
        return (df["unit"] == "money") == df["currency"].notna()

    def value_or_range(df: pd.DataFrame) -> pd.Series:
        return df["value"].notna() | (df["low"].notna() & df["high"].notna())

    def low_le_value(df: pd.DataFrame) -> pd.Series:
        return ~(df["low"] > df["value"]) & ~(df["low"] > df["high"])

    def value_le_high(df: pd.DataFrame) -> pd.Series:
        return ~(df["value"] > df["high"])

    def old_roubles(df: pd.DataFrame) -> pd.Series:
        rur = df["currency"] == "RUR"
        rub = df["currency"] == "RUB"
        early = df["year"] < REDENOMINATION_YEAR
        return ~(rur & ~early.fillna(False)) & ~(rub & early.fillna(False))

    return pa.DataFrameSchema(
        {
            "id": _text(checks=pa.Check.str_matches(rf"^F-{_ID}-\d{{3}}$"), unique=True),
            "source_id": _text(
                checks=pa.Check.isin(source_ids, name="a source id in data/sources.csv")
            ),
            "quote": _text(checks=pa.Check(_one_line, name="on one line")),
            "value": _nonneg_float(),
            "unit": _text(checks=pa.Check.isin(UNITS)),
            "currency": _text(nullable=True, checks=pa.Check.isin(CURRENCIES)),
            "year": pa.Column("Int64", pa.Check.in_range(1900, 2030), nullable=True, coerce=True),
            "category": _text(checks=pa.Check.isin(CATEGORIES)),
            "kind": _text(checks=pa.Check.isin(KINDS)),
            "direction": _text(nullable=True, checks=pa.Check.str_matches(_DIRECTION)),
            "status": _text(checks=pa.Check.isin(STATUSES)),
            "subject": _text(nullable=True, checks=pa.Check.str_matches(_SUBJECT)),
            "low": _nonneg_float(),
            "high": _nonneg_float(),
            "note": _text(nullable=True),
        },
        checks=[
            pa.Check(
                currency_iff_money, name="currency: required when unit is money, blank otherwise"
            ),
            pa.Check(value_or_range, name="value: blank, and no low-high range to replace it"),
            pa.Check(low_le_value, name="low: above value or high"),
            pa.Check(value_le_high, name="high: below value"),
            pa.Check(
                old_roubles,
                name=f"currency: roubles are RUR before {REDENOMINATION_YEAR} and RUB from then on",
            ),
        ],
        strict=True,
        ordered=False,
    )


def events_schema(source_ids: list[str]) -> pa.DataFrameSchema:
    def date_in_range(s: pd.Series) -> pd.Series:
        return s.str[:4].astype(int).between(1990, 2030)

    return pa.DataFrameSchema(
        {
            "id": _text(checks=pa.Check.str_matches(rf"^E-{_ID}-\d{{3}}$"), unique=True),
            "source_id": _text(
                checks=pa.Check.isin(source_ids, name="a source id in data/sources.csv")
            ),
            "date": _text(
                checks=[
                    pa.Check(_iso_date_ok, name="an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"),
                    pa.Check(date_in_range, name="between 1990 and 2030"),
                ]
            ),
            "date_precision": _text(checks=pa.Check.isin(PRECISIONS)),
            "event": _text(),
            "actors": _text(),
            "category": _text(checks=pa.Check.isin(CATEGORIES)),
            "subject": _text(nullable=True, checks=pa.Check.str_matches(_SUBJECT)),
            "quote": _text(checks=pa.Check(_one_line, name="on one line")),
        },
        checks=[_precision_matches("date", "date_precision")],
        strict=True,
        ordered=False,
    )


def dismissed_schema(source_ids: list[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": _text(checks=pa.Check.str_matches(rf"^D-{_ID}-\d{{3}}$"), unique=True),
            "source_id": _text(
                checks=pa.Check.isin(source_ids, name="a source id in data/sources.csv")
            ),
            "quote": _text(),
            "text": _text(),
            "reason": _text(),
        },
        strict=True,
        ordered=False,
    )


INSTRUMENTS = (
    "grant",
    "loan",
    "credit_line",
    "debt_relief",
    "debt_restructuring",
    "military_aid",
    "project_financing",
    "investment",
    "base_rent",
)
COMMITMENT_STATUSES = ("pledged", "committed", "delivered", "cancelled", "unclear")
LATER_STATUSES = ("delivered", "partly_delivered", "cancelled", "unclear")
# How a figure's status (as the article frames it) may be read as a commitment status.
STATUS_READINGS = {
    "pledged": {"pledged"},
    "proposed": {"pledged"},
    "signed": {"committed"},
    "delivered": {"delivered"},
    "reported": {"committed", "delivered"},
    "cancelled": {"cancelled"},
    "unclear": {"unclear"},
}
_ID_LIST = r"^[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+)*$"


def commitments_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": _text(checks=pa.Check.str_matches(r"^C-[0-9]{4}-[a-z0-9-]+$"), unique=True),
            "date": _text(checks=pa.Check(_iso_date_ok, name="an ISO date")),
            "date_precision": _text(checks=pa.Check.isin(PRECISIONS)),
            "date_evidence": _text(),
            "donor": _text(checks=pa.Check.str_matches(r"^[A-Z]{2}$")),
            "recipient": _text(checks=pa.Check.str_matches(r"^[A-Z]{2}$")),
            "title": _text(),
            "figure_ids": _text(nullable=True, checks=pa.Check.str_matches(_ID_LIST)),
            "event_ids": _text(nullable=True, checks=pa.Check.str_matches(_ID_LIST)),
            "note": _text(nullable=True),
        },
        checks=[_precision_matches("date", "date_precision")],
        strict=True,
        ordered=False,
    )


def parts_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": _text(checks=pa.Check.str_matches(r"^P-[0-9]{4}-[a-z0-9-]+$"), unique=True),
            "commitment_id": _text(),
            "part": _text(),
            "instrument": _text(checks=pa.Check.isin(INSTRUMENTS)),
            "amount_figure_id": _text(nullable=True),
            "figure_ids": _text(nullable=True, checks=pa.Check.str_matches(_ID_LIST)),
            "status": _text(checks=pa.Check.isin(COMMITMENT_STATUSES)),
            "recurring": _text(checks=pa.Check.isin(("no", "annual"))),
            "later_status": _text(nullable=True, checks=pa.Check.isin(LATER_STATUSES)),
            "later_facts": _text(nullable=True, checks=pa.Check.str_matches(_ID_LIST)),
            "later_amount_facts": _text(nullable=True, checks=pa.Check.str_matches(_ID_LIST)),
            "later_note": _text(nullable=True),
        },
        strict=True,
        ordered=False,
    )


def set_aside_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {"figure_id": _text(unique=True), "reason": _text()}, strict=True, ordered=False
    )


def annotations_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {"event_id": _text(unique=True), "label": _text()}, strict=True, ordered=False
    )


def provenance_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "file": _text(unique=True),
            "producer": _text(),
            "title": _text(),
            "retrieved_from": _text(),
            "published": _text(nullable=True),
            "accessed": _text(checks=pa.Check(_iso_date_ok, name="an ISO date")),
            "licence": _text(),
            "sha256": _text(checks=pa.Check.str_matches(r"^[0-9a-f]{64}$")),
            "notes": _text(nullable=True),
        },
        strict=True,
        ordered=False,
    )


CORRECTIONS_FILE = "corrections.csv"  # in data/: the resolution adopted for each conflict
_CONFLICT_ID = r"^[a-z]+:[A-Za-z0-9:-]+$"
_URL = r"https?://\S+"


def corrections_schema() -> pa.DataFrameSchema:
    """``data/corrections.csv``: one resolution per conflict found by :mod:`rukg.consistency`."""
    return pa.DataFrameSchema(
        {
            "id": _text(checks=pa.Check.str_matches(r"^K-\d{3}$"), unique=True),
            "conflict_id": _text(checks=pa.Check.str_matches(_CONFLICT_ID), unique=True),
            "adopted": _text(checks=pa.Check(_one_line, name="on one line")),
            "reason": _text(checks=pa.Check(_one_line, name="on one line")),
            "citation": _text(
                checks=pa.Check.str_matches(r"^[^;\s]+(?:;[^;\s]+)*$"),
            ),
        },
        strict=True,
        ordered=False,
    )


def split_ids(cell) -> list[str]:
    """The ids in a ``;``-separated cell (empty for a blank cell)."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return []
    return [x for x in str(cell).split(";") if x]


# --- reading -----------------------------------------------------------------


def _label(path: Path, paths: Paths) -> str:
    try:
        return str(path.relative_to(paths.root))
    except ValueError:
        return str(path)


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


def read_table(path: Path, label: str) -> pd.DataFrame:
    """Read a CSV as strings (blank cells → missing), with located errors for broken files."""
    if not path.exists():
        raise DataError([Problem(label, None, None, "file is missing")])
    text = read_text_file(path, label)
    if text.startswith("\ufeff"):  # a byte-order mark is harmless: drop it
        text = text[1:]
    if not text.strip():
        raise DataError([Problem(label, None, None, "file is empty (no header row)")])
    # Parse with the csv module first: it reports the line of a stray quote,
    # which pandas' C parser does not.
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(lines)
    header = next(reader)
    problems = []
    first_line = reader.line_num + 1  # the physical line each record starts on
    for i, row in enumerate(reader, start=1):
        if row and len(row) != len(header):
            k = _broken_field(lines[first_line - 1].rstrip("\r\n"))
            if k is not None and k < len(header):
                where, what = header[k], "its quoting is broken (a stray quote character?)"
            else:
                where, what = None, "a stray quote character or an unquoted comma?"
            problems.append(
                Problem(
                    label, i, where, f"has {len(row)} fields, the header has {len(header)}: {what}"
                )
            )
        first_line = reader.line_num + 1
    if problems:
        raise DataError(problems)
    df = pd.read_csv(io.StringIO(text, newline=""), dtype=str, keep_default_na=False, na_values=[])
    if df.empty:
        raise DataError([Problem(label, None, None, "has a header but no rows")])
    df = df.apply(lambda c: c.str.strip()).replace("", pd.NA)
    df.index = range(1, len(df) + 1)  # data rows count from 1
    return df


# Names for the dtypes columns are coerced to, as a reader would say them.
_TYPE_NAMES = {"float64": "number", "Int64": "whole number"}


def _shown(value) -> str:
    if isinstance(value, float):
        return _fmt_value(value)
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
    if check.name == "in_range":
        return f"{shown} is not between {stats['min_value']} and {stats['max_value']}"
    if check.name == "str_matches":
        return f"{shown} does not match {stats['pattern']}"
    return f"{shown} fails check {fallback}"


def _schema_problems(df: pd.DataFrame, schema: pa.DataFrameSchema, label: str):
    """Validate ``df`` against ``schema``: the validated frame, or located problems.

    One problem per thing wrong. A check that could not run at all (it raised,
    because a column it reads is missing or holds the wrong type) follows from
    another problem and is reported only when there is none, as a bug in the
    check; so is the dtype failure that follows a failed conversion.
    """
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


# --- the loaded catalogue ----------------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    """Validated tables and the source texts, keyed by source id."""

    sources: pd.DataFrame
    figures: pd.DataFrame
    events: pd.DataFrame
    dismissed: pd.DataFrame
    texts: dict[str, str]
    commitments: pd.DataFrame
    parts: pd.DataFrame
    set_aside: pd.DataFrame
    annotations: pd.DataFrame
    provenance: pd.DataFrame
    # data/corrections.csv; empty only for a Catalogue built by hand
    corrections: pd.DataFrame = field(default_factory=pd.DataFrame)


_mention_cache: dict[str, list[Mention]] = {}


def source_mentions(text: str) -> list[Mention]:
    """Mentions in a source text (cached: validation and the audit share one parse)."""
    key = text
    if key not in _mention_cache:
        _mention_cache[key] = find_mentions(text)
    return _mention_cache[key]


def occurrences(text: str, quote: str) -> list[int]:
    out, i = [], text.find(quote)
    while i >= 0:
        out.append(i)
        i = text.find(quote, i + 1)
    return out


def mentions_within(text: str, quote: str) -> list[Mention]:
    """Mentions (not calendar ones) lying wholly inside some occurrence of ``quote`` in ``text``."""
    found = []
    mentions = source_mentions(text)
    for start in occurrences(text, quote):
        end = start + len(quote)
        found += [m for m in mentions if m.rule is None and m.start >= start and m.end <= end]
    return found


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _na(v) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def _unit_fits(parsed: str, recorded: str) -> bool:
    # The text cannot tell a count of people from other counts.
    return parsed == recorded or (parsed == "count" and recorded == "people")


def figure_mention(
    row: pd.Series, text: str, label: str = "data/figures.csv"
) -> tuple[Mention | None, Problem | None]:
    """The mention in the quote that a figure row records, or the problem with the row.

    Used by validation (agreement of value, unit, currency and range) and by
    the audit (which numbers in the source the row covers).
    """
    r = int(row.name)
    candidates = mentions_within(text, row["quote"])
    value = _na(row["value"])
    if value is None:
        same = [m for m in candidates if m.value is None]
    else:
        same = [m for m in candidates if m.value is not None and _close(m.value, value)]
    if not same:
        stated = ", ".join(f"{m.text!r} ({_fmt(m)})" for m in candidates) or "no number"
        return None, Problem(
            label,
            r,
            "value",
            f"{_fmt_value(value)} is not what the quote states; it states {stated}",
        )
    fits = [m for m in same if _unit_fits(m.unit, row["unit"])]
    if not fits:
        m = same[0]
        return None, Problem(
            label, r, "unit", f"{row['unit']!r} but the quote's {m.text!r} reads as {m.unit!r}"
        )
    currency = None if pd.isna(row["currency"]) else row["currency"]
    fits_cur = [m for m in fits if m.currency is None or currency_matches(m.currency, currency)]
    if not fits_cur:
        m = fits[0]
        return None, Problem(
            label, r, "currency", f"{currency!r} but the quote's {m.text!r} is in {m.currency}"
        )
    m = fits_cur[0]
    low, high = _na(row["low"]), _na(row["high"])
    if not (_close(low, m.low) and _close(high, m.high)):
        col = "low" if not _close(low, m.low) else "high"
        if m.qualifier:
            why = f"{m.qualifier!r} implies {_fmt_value(m.low)} to {_fmt_value(m.high)}"
        else:
            why = "the wording is exact, so low and high stay blank"
        return m, Problem(
            label, r, col, f"range {_fmt_value(low)} to {_fmt_value(high)} disagrees: {why}"
        )
    return m, None


def _fmt_value(v: float | None) -> str:
    if v is None:
        return "blank"
    return f"{v:,.10g}"


def _fmt(m: Mention) -> str:
    v = "several" if m.value is None else _fmt_value(m.value)
    return f"{v} {m.currency or m.unit}"


def _check_sources(df: pd.DataFrame, paths: Paths) -> tuple[dict[str, str], list[Problem]]:
    label = _label(paths.sources_csv, paths)
    texts, problems = {}, []
    for r, row in df.iterrows():
        path = paths.sources_dir / row["file"]
        flabel = _label(path, paths)
        if not path.exists():
            problems.append(Problem(label, r, "file", f"{flabel} does not exist"))
            continue
        digest = sha256_of(path)
        changed = digest != row["sha256"]
        # A text that cannot be read is one problem, whether or not its checksum also changed.
        try:
            text = read_text_file(path, flabel)
            unreadable = None if text.strip() else "source text is empty"
        except DataError as e:
            text, unreadable = None, e.problems[0].message
        if unreadable:
            if changed:
                unreadable += (
                    f"; the file has changed since it was registered (data/sources.csv row {r}): "
                    "sources are never edited, restore it"
                )
            problems.append(Problem(flabel, None, None, unreadable))
            continue
        if changed:
            problems.append(
                Problem(
                    label,
                    r,
                    "sha256",
                    f"{flabel} has changed: its checksum is {digest}. Sources are never "
                    "edited; restore the file, or register a new version deliberately",
                )
            )
        texts[row["id"]] = text
    return texts, problems


def _check_quotes(df: pd.DataFrame, label: str, texts: dict[str, str]) -> list[Problem]:
    problems = []
    for r, row in df.iterrows():
        text = texts.get(row["source_id"])
        if text is not None and row["quote"] not in text:
            problems.append(
                Problem(label, r, "quote", f"not found verbatim in source {row['source_id']!r}")
            )
    return problems


def load(paths: Paths = PATHS) -> Catalogue:
    """Load and validate every table; raise :class:`DataError` listing all problems."""
    problems: list[Problem] = []

    def table(path: Path) -> pd.DataFrame | None:
        try:
            return read_table(path, _label(path, paths))
        except DataError as e:
            problems.extend(e.problems)
            return None

    raw_sources = table(paths.sources_csv)
    sources = texts = None
    if raw_sources is not None:
        sources, p = _schema_problems(
            raw_sources, sources_schema(), _label(paths.sources_csv, paths)
        )
        problems += p
        if sources is not None:
            texts, p = _check_sources(sources, paths)
            problems += p
    if sources is None:
        raise DataError(problems)
    ids = list(sources["id"])

    frames = {}
    for name, path, schema in (
        ("figures", paths.figures_csv, figures_schema(ids)),
        ("events", paths.events_csv, events_schema(ids)),
        ("dismissed", paths.dismissed_csv, dismissed_schema(ids)),
    ):
        raw = table(path)
        if raw is None:
            continue
        label = _label(path, paths)
        df, p = _schema_problems(raw, schema, label)
        problems += p
        if df is None:
            continue
        problems += _check_quotes(df, label, texts)
        frames[name] = df

    if "figures" in frames:
        figures = frames["figures"]
        for _, row in figures.iterrows():
            text = texts.get(row["source_id"])
            if text is None or row["quote"] not in text:
                continue
            _, problem = figure_mention(row, text, _label(paths.figures_csv, paths))
            if problem:
                problems.append(problem)
    if "dismissed" in frames:
        label = _label(paths.dismissed_csv, paths)
        for r, row in frames["dismissed"].iterrows():
            text = texts.get(row["source_id"])
            if text is None or row["quote"] not in text:
                continue
            if not [
                m for m in mentions_within(text, row["quote"]) if row["text"] in (m.number, m.text)
            ]:
                problems.append(
                    Problem(
                        label,
                        r,
                        "text",
                        f"{row['text']!r} is not a number the audit finds in the quote",
                    )
                )
    for name, path, schema in (
        ("commitments", paths.commitments_csv, commitments_schema()),
        ("parts", paths.commitment_parts_csv, parts_schema()),
        ("set_aside", paths.set_aside_csv, set_aside_schema()),
        ("annotations", paths.annotations_csv, annotations_schema()),
        ("provenance", paths.provenance_csv, provenance_schema()),
        ("corrections", paths.data / CORRECTIONS_FILE, corrections_schema()),
    ):
        raw = table(path)
        if raw is None:
            continue
        df, p = _schema_problems(raw, schema, _label(path, paths))
        problems += p
        if df is not None:
            frames[name] = df
    if "provenance" in frames:
        problems += _check_reference(frames["provenance"], paths)
    if {"figures", "events", "commitments", "parts", "set_aside", "annotations"} <= set(frames):
        problems += _check_links(frames, paths)
    if "corrections" in frames:
        problems += _check_citations(frames, ids, paths)

    if problems:
        raise DataError(problems)
    cat = Catalogue(
        sources=sources,
        figures=frames["figures"],
        events=frames["events"],
        dismissed=frames["dismissed"],
        texts=texts,
        commitments=frames["commitments"],
        parts=frames["parts"],
        set_aside=frames["set_aside"],
        annotations=frames["annotations"],
        provenance=frames["provenance"],
        corrections=frames["corrections"],
    )
    # Every conflict the consistency check finds has a resolution, and every
    # resolution a conflict (about 0.3 s; run only on otherwise valid data).
    from rukg.consistency import all_conflicts, resolution_problems

    problems = resolution_problems(
        all_conflicts(cat, paths), cat.corrections, _label(paths.data / CORRECTIONS_FILE, paths)
    )
    if problems:
        raise DataError(problems)
    return cat


def _check_reference(prov: pd.DataFrame, paths: Paths) -> list[Problem]:
    """Every reference file is registered with its provenance, and unchanged."""
    label = _label(paths.provenance_csv, paths)
    problems = []
    listed = set()
    for r, row in prov.iterrows():
        path = paths.reference / row["file"]
        listed.add(path)
        if not path.exists():
            problems.append(Problem(label, r, "file", f"{_label(path, paths)} does not exist"))
        elif sha256_of(path) != row["sha256"]:
            problems.append(
                Problem(
                    label,
                    r,
                    "sha256",
                    f"{_label(path, paths)} has changed (checksum {sha256_of(path)}); reference "
                    "files are never edited: log corrections in data instead",
                )
            )
    for path in sorted(paths.reference.rglob("*")):
        if path.is_file() and path != paths.provenance_csv and path not in listed:
            problems.append(
                Problem(
                    _label(path, paths),
                    None,
                    None,
                    "not registered in data/reference/provenance.csv",
                )
            )
    return problems


def _check_citations(
    frames: dict[str, pd.DataFrame], source_ids: list[str], paths: Paths
) -> list[Problem]:
    """Each item of a correction's ``citation`` resolves: a URL, a source id, a figure or
    event id, or ``<file>:<row id>`` for a table in ``data/reference/facts/``."""
    label = _label(paths.data / CORRECTIONS_FILE, paths)
    known = set(source_ids)
    unchecked = []  # ids of a table that failed its own checks are not checked again here
    for name, prefix in (("figures", "F-"), ("events", "E-")):
        if name in frames:
            known |= set(frames[name]["id"])
        else:
            unchecked.append(prefix)
    facts_dir = paths.reference / "facts"
    fact_ids: dict[str, set[str] | None] = {}
    problems = []
    for r, row in frames["corrections"].iterrows():
        for item in split_ids(row["citation"]):
            if re.fullmatch(_URL, item) or item in known or item.startswith(tuple(unchecked)):
                continue
            file, sep, fact = item.partition(":")
            if sep and re.fullmatch(r"[A-Za-z0-9_.-]+\.csv", file):
                if file not in fact_ids:
                    path = facts_dir / file
                    fact_ids[file] = (
                        set(pd.read_csv(path, dtype=str)["id"]) if path.exists() else None
                    )
                if fact_ids[file] is None:
                    problems.append(
                        Problem(
                            label,
                            r,
                            "citation",
                            f"{item!r}: no file {file} in data/reference/facts/",
                        )
                    )
                elif fact not in fact_ids[file]:
                    problems.append(
                        Problem(label, r, "citation", f"{item!r}: no row {fact!r} in {file}")
                    )
                continue
            problems.append(
                Problem(
                    label,
                    r,
                    "citation",
                    f"{item!r} is not a URL, a source id, a figure or event id, or <facts file>:<row id>",
                )
            )
    return problems


def _aid_fact_ids(paths: Paths) -> set[str]:
    if not paths.aid_facts_csv.exists():
        return set()
    return set(pd.read_csv(paths.aid_facts_csv, dtype=str)["id"])


def _check_links(frames: dict[str, pd.DataFrame], paths: Paths) -> list[Problem]:
    """Ids that commitments, parts, set-asides and annotations point to exist and fit."""
    problems = []
    figures = frames["figures"].set_index("id")
    event_ids = set(frames["events"]["id"])
    fact_ids = _aid_fact_ids(paths)
    commitments, parts = frames["commitments"], frames["parts"]

    unresolved: set[str] = set()  # the kinds of id that failed to resolve

    def unknown(label, r, col, ids, known, what):
        for x in ids:
            if x not in known:
                unresolved.add(what)
                problems.append(Problem(label, r, col, f"unknown {what} {x!r}"))

    clabel = _label(paths.commitments_csv, paths)
    for r, row in commitments.iterrows():
        unknown(clabel, r, "figure_ids", split_ids(row["figure_ids"]), figures.index, "figure id")
        unknown(clabel, r, "event_ids", split_ids(row["event_ids"]), event_ids, "event id")

    plabel = _label(paths.commitment_parts_csv, paths)
    for r, row in parts.iterrows():
        unknown(
            plabel,
            r,
            "commitment_id",
            [row["commitment_id"]],
            set(commitments["id"]),
            "commitment id",
        )
        amount_ids = split_ids(row["amount_figure_id"])
        unknown(plabel, r, "amount_figure_id", amount_ids, figures.index, "figure id")
        unknown(plabel, r, "figure_ids", split_ids(row["figure_ids"]), figures.index, "figure id")
        unknown(plabel, r, "later_facts", split_ids(row["later_facts"]), fact_ids, "reference fact")
        later = set(split_ids(row["later_facts"]))
        for x in split_ids(row["later_amount_facts"]):
            if x not in later:
                problems.append(
                    Problem(plabel, r, "later_amount_facts", f"{x!r} is not in later_facts")
                )
        if amount_ids and amount_ids[0] in figures.index:
            fig = figures.loc[amount_ids[0]]
            if fig["unit"] != "money":
                problems.append(
                    Problem(
                        plabel, r, "amount_figure_id", f"{amount_ids[0]} is not an amount of money"
                    )
                )
            readings = STATUS_READINGS[fig["status"]]
            if row["status"] not in readings:
                problems.append(
                    Problem(
                        plabel,
                        r,
                        "status",
                        f"{row['status']!r} does not fit the source's framing of {amount_ids[0]} "
                        f"({fig['status']!r}, read as {' or '.join(sorted(readings))})",
                    )
                )
        if not pd.isna(row["later_status"]) and not later:
            problems.append(
                Problem(
                    plabel,
                    r,
                    "later_facts",
                    "a later status needs the reference fact that gives it",
                )
            )

    slabel = _label(paths.set_aside_csv, paths)
    for r, row in frames["set_aside"].iterrows():
        unknown(slabel, r, "figure_id", [row["figure_id"]], figures.index, "figure id")
    alabel = _label(paths.annotations_csv, paths)
    for r, row in frames["annotations"].iterrows():
        unknown(alabel, r, "event_id", [row["event_id"]], event_ids, "event id")

    # Every aid figure is part of a commitment or set aside with a reason. An unknown
    # figure id above is most likely a mistyped known one: until it is fixed, which
    # figures are linked cannot be told, so this check waits.
    if "figure id" in unresolved:
        return problems
    used = set(frames["set_aside"]["figure_id"])
    for col in ("figure_ids",):
        for cell in commitments[col]:
            used |= set(split_ids(cell))
    for col in ("amount_figure_id", "figure_ids"):
        for cell in parts[col]:
            used |= set(split_ids(cell))
    flabel = _label(paths.figures_csv, paths)
    for r, (fid, row) in enumerate(figures.iterrows(), start=1):
        if row["kind"] in AID_KINDS and fid not in used:
            problems.append(
                Problem(
                    flabel,
                    r,
                    "kind",
                    f"{fid} is aid ({row['kind']}) but in no commitment (data/commitment_parts.csv) "
                    "and not set aside (data/set_aside.csv)",
                )
            )
    return problems


def validate(paths: Paths = PATHS) -> list[Problem]:
    """Every problem in the data (empty when all is well)."""
    try:
        load(paths)
    except DataError as e:
        return e.problems
    return []
