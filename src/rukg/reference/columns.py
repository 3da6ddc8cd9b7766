"""The kinds of column the reference schemas share: a number kept as written, a year, a
date in a given form, a real day in the publisher's form, and a date or amount as a
publisher states it (a span of dates, an amount with "+" or a range)."""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa

from rukg.tableio import iso_date_ok, text_column

__all__ = ["STATED_DATE", "STATED_NUMBER", "number", "year", "dated", "real_day", "stated_date"]

_NUMBER = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$"
_ISO = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
STATED_DATE = "a date or span of dates (2019-04, 2016-2025, 2019-04/2019-11, 2014 (note))"
STATED_NUMBER = r"^[0-9]+(?:\.[0-9]+)?(?:\+|[-–][0-9]+(?:\.[0-9]+)?)?(?: \([^()]*\))?$"


def stated_date(s: pd.Series) -> pd.Series:
    """Each value is a date or a span of dates, either with a note in brackets, and a span
    does not end before it starts."""

    def ok(v: str) -> bool:
        m = re.fullmatch(rf"({_ISO})(?:[-/]({_ISO}))?(?: \([^()]*\))?", v)
        if not m:
            return False
        try:
            first = pd.Timestamp(m.group(1))
            last = pd.Timestamp(m.group(2)) if m.group(2) else first
        except ValueError:
            return False
        return first <= last

    return s.map(ok).astype(bool)  # bool even when empty (map keeps an empty str dtype)


def number(within: tuple[float, float, str] | None = None, **kw) -> pa.Column:
    """A decimal number kept as written (callers convert it), in ASCII digits; ``within``:
    (low, high, what it then is, in words) when only a range makes sense."""
    checks = [pa.Check.str_matches(_NUMBER, name="a number")]
    if within:
        low, high, what = within
        checks.append(
            pa.Check(
                lambda s: s.map(lambda v: not re.fullmatch(_NUMBER, v) or low <= float(v) <= high),
                name=what,
            )
        )
    return text_column(checks=checks, **kw)


def year(**kw) -> pa.Column:
    return text_column(
        checks=pa.Check.str_matches(r"^(?:19[5-9][0-9]|20[0-9]{2})$", name="a year (1950–2099)"),
        **kw,
    )


def dated(form: str, name: str) -> pa.Check:
    """A real calendar date written in ``form`` (a regex of ASCII digits and dashes)."""

    def check(s: pd.Series) -> pd.Series:
        return s.str.fullmatch(form) & iso_date_ok(s.where(s.str.fullmatch(form), "x"))

    return pa.Check(check, name=name)


def real_day(fmt: str, name: str) -> pa.Check:
    """A real day written in the ``strftime`` form ``fmt`` (ASCII digits, slashes, dashes)."""

    def check(s: pd.Series) -> pd.Series:
        parsed = pd.to_datetime(s, format=fmt, errors="coerce")
        return parsed.notna() & s.str.fullmatch(r"[0-9/-]+")

    return pa.Check(check, name=name)
