"""Where a catalogue date sits on a time axis: the one placement of dates of day, month
or year precision (``2009-02-03``, ``2009-02``, ``2009``)."""

from __future__ import annotations

import pandas as pd

__all__ = ["plot_date"]


def plot_date(date: str) -> pd.Timestamp:
    """Where a date of day, month or year precision sits on a time axis."""
    # Place month- and year-precision dates in the middle of their span.
    parts = date.split("-")
    if len(parts) == 1:
        return pd.Timestamp(f"{date}-07-01")
    if len(parts) == 2:
        return pd.Timestamp(f"{date}-15")
    return pd.Timestamp(date)
