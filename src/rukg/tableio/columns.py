"""The column helpers and checks the schemas of every table share.

Patterns use ``[0-9]``, never ``\\d``: Python's ``\\d`` also matches full-width and
Arabic-Indic digits, which must not pass as dates or amounts.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa

__all__ = [
    "ISO_FORM",
    "DATE_PATTERN",
    "PRECISIONS",
    "URL",
    "text_column",
    "iso_date_ok",
    "iso_date_check",
    "precision_matches",
    "url_column",
    "pattern_compiles",
    "not_before",
]

ISO_FORM = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
DATE_PATTERN = {
    "year": r"[0-9]{4}",
    "month": r"[0-9]{4}-[0-9]{2}",
    "day": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
}
PRECISIONS = ("day", "month", "year")
URL = r"https?://[^\s<>\"'`]+"


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

    return s.map(ok).astype(bool)  # bool even when empty (map keeps an empty str dtype)


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

    return s.map(ok).astype(bool)  # bool even when empty (map keeps an empty str dtype)


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
