"""What a table's cell holds: one test for a missing value, one reading of a number."""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["is_missing", "number_or_none", "URL_IN_TEXT"]

# A web address in running text (a quote, a note): up to the next whitespace. Stricter
# than a URL field's pattern (tableio.columns.URL), which also stops at quotes and angle
# brackets because a field holds nothing but the address.
URL_IN_TEXT = re.compile(r"https?://\S+")


def is_missing(v) -> bool:
    """Whether a cell is empty: ``None``, NaN or ``pd.NA`` (a string never is)."""
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


def number_or_none(v) -> float | None:
    """A cell as a float, or ``None`` when it is empty."""
    return None if is_missing(v) else float(v)
