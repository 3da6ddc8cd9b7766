"""Catalogue dates of day, month or year precision (``2009-02-03``, ``2009-02``, ``2009``):
where one sits on a time axis, and how one reads in a sentence."""

from __future__ import annotations

import pandas as pd

__all__ = ["plot_date", "readable_date"]

_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def plot_date(date: str) -> pd.Timestamp:
    """Where a date of day, month or year precision sits on a time axis."""
    # Place month- and year-precision dates in the middle of their span.
    parts = date.split("-")
    if len(parts) == 1:
        return pd.Timestamp(f"{date}-07-01")
    if len(parts) == 2:
        return pd.Timestamp(f"{date}-15")
    return pd.Timestamp(date)


def readable_date(iso: str) -> str:
    """``2012`` → 2012, ``2003-10`` → October 2003, ``2012-09-20`` → 20 September 2012;
    anything else as it is."""
    parts = iso.split("-")
    if not all(p.isdigit() for p in parts) or len(parts) > 3:
        return iso
    if len(parts) == 1:
        return iso
    month = _MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"
