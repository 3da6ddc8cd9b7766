"""Figures with the same ``subject`` (one real-world quantity) that cannot both be right:
their values, brought to one unit, do not overlap, or their years differ."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import pandas as pd

from rukg.analysis.consistency.pairs import by_subject, pair_scope
from rukg.analysis.consistency.ranges import KM_PER_MILE, OPEN_FACTOR, overlaps
from rukg.tableio import is_missing, number_or_none

__all__ = ["figure_conflicts"]

_PAIR_COLUMNS = [
    "subject",
    "kind",
    "scope",
    "strict",
    "id_a",
    "id_b",
    "source_a",
    "source_b",
    "quote_a",
    "quote_b",
    "unit",
    "value_a",
    "low_a",
    "high_a",
    "value_b",
    "low_b",
    "high_b",
    "year_a",
    "year_b",
]


def _common(
    row: Mapping, usd_per: Callable[[str, int | None], float] | None
) -> tuple[str, float] | None:
    """The common unit for a figure and the factor that takes its numbers there.

    Miles become km, fractions percent; money becomes USD when ``usd_per`` (US dollars
    per unit of a currency in a year) is given, else stays in its own currency.
    ``None`` when money cannot be converted.
    """
    unit = row["unit"]
    if unit == "miles":
        return "km", KM_PER_MILE
    if unit == "fraction":
        return "percent", 100.0
    if unit == "money":
        cur = row["currency"]
        if cur == "USD":
            return "money USD", 1.0
        if usd_per is None:
            return f"money {cur}", 1.0
        year = None if is_missing(row["year"]) else int(row["year"])
        try:
            return "money USD", float(usd_per(cur, year))
        except (ValueError, KeyError, TypeError):
            return None
    return unit, 1.0


def _ranges(row: Mapping, factor: float) -> tuple[float | None, tuple, tuple]:
    """Value and the literal and pragmatic ranges of a figure, in the common unit.

    Exact wording (no ``low`` or ``high``) is the point ``[value, value]``; an open
    upper bound ("more than x") is infinite literally and ``OPEN_FACTOR * x``
    pragmatically; an open lower bound ("up to x") is 0 under both readings.
    """
    value, low, high = (
        number_or_none(row["value"]),
        number_or_none(row["low"]),
        number_or_none(row["high"]),
    )
    if low is None and high is None:
        low = high = value
        prag_high = high
    elif high is None:
        prag_high = low * OPEN_FACTOR
        high = math.inf
    else:
        prag_high = high
    if low is None:
        low = 0.0

    def scale(x):
        return None if x is None else x * factor

    literal = (scale(low), scale(high) if not math.isinf(high) else math.inf)
    pragmatic = (scale(low), scale(prag_high))
    return scale(value), literal, pragmatic


def _pair(subject: str, a: Mapping, b: Mapping, usd_per) -> list[dict]:
    """The conflicts between two figures of one subject (none, one or two rows)."""
    base = {
        "subject": subject,
        "scope": pair_scope(a["source_id"], b["source_id"]),
        "id_a": a["id"],
        "id_b": b["id"],
        "source_a": a["source_id"],
        "source_b": b["source_id"],
        "quote_a": a["quote"],
        "quote_b": b["quote"],
        "year_a": None if is_missing(a["year"]) else int(a["year"]),
        "year_b": None if is_missing(b["year"]) else int(b["year"]),
    }
    ca, cb = _common(a, usd_per), _common(b, usd_per)
    if ca is None or cb is None or ca[0] != cb[0]:
        return [{**base, "kind": "unit", "strict": True, "unit": f"{a['unit']} / {b['unit']}"}]
    va, lit_a, prag_a = _ranges(a, ca[1])
    vb, lit_b, prag_b = _ranges(b, cb[1])
    numbers = {
        "unit": ca[0],
        "value_a": va,
        "low_a": lit_a[0],
        "high_a": lit_a[1],
        "value_b": vb,
        "low_b": lit_b[0],
        "high_b": lit_b[1],
    }
    rows = []
    if not overlaps(prag_a, prag_b):
        strict = not overlaps(lit_a, lit_b)
        rows.append({**base, **numbers, "kind": "value", "strict": strict})
    if base["year_a"] is not None and base["year_b"] is not None:
        if base["year_a"] != base["year_b"]:
            rows.append({**base, **numbers, "kind": "year", "strict": True})
    return rows


def figure_conflicts(
    figures: pd.DataFrame,
    usd_per: Callable[[str, int | None], float] | None = None,
) -> pd.DataFrame:
    """Pairs of figures with the same subject that cannot both be right.

    Within each ``subject`` every pair of figures is compared in a common unit
    (miles → km with :data:`KM_PER_MILE`; fractions → percent; money → USD via
    ``usd_per(currency, year)`` when given). Two figures *agree* when the ranges
    their wording implies (``low``-``high``, or the exact value) overlap. The
    pair is a conflict of kind:

    - ``"value"`` when the ranges are disjoint. ``strict`` is ``True`` when even
      the literal ranges (open bounds open) are disjoint, ``False`` when only the
      pragmatic ones are (an open "more than x" read as at most
      :data:`OPEN_FACTOR` ``* x``);
    - ``"year"`` when both give a ``year`` and the years differ;
    - ``"unit"`` when the two cannot be brought to one unit (a subject that mixes
      different quantities, or money with no rate): a catalogue error to fix.

    ``scope`` is ``"self"`` for two figures of one source, ``"between"`` otherwise.
    One row per conflicting pair and kind, ids in order (``id_a`` < ``id_b``).
    """
    rows = []
    for subject, recs in by_subject(figures):
        for i, a in enumerate(recs):
            for b in recs[i + 1 :]:
                rows += _pair(subject, a, b, usd_per)
    return pd.DataFrame(rows, columns=_PAIR_COLUMNS)
