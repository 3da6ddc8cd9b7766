"""Which numbers a quote states, and which one a figure row records: the matching that
validation (agreement of value, unit, currency and range) and the audit (which numbers in
a source the rows cover) share.

Parsing is :mod:`rukg.catalogue.quotes`, whose cache lets validation, the consistency check
and the audit share one parse of each source text.
"""

from __future__ import annotations

import math

import pandas as pd

from rukg.catalogue.quotes import Mention, cached_mentions, mentions_between
from rukg.catalogue.wording import currency_matches
from rukg.errors import Problem
from rukg.tableio import fmt_value, number_or_none

__all__ = ["source_mentions", "occurrences", "mentions_within", "figure_mention"]


def source_mentions(text: str) -> list[Mention]:
    """Mentions in a source text (cached: validation, the consistency check and the audit
    share one parse; see :func:`rukg.catalogue.quotes.cached_mentions`)."""
    return cached_mentions(text)


def occurrences(text: str, quote: str) -> list[int]:
    """Where ``quote`` starts in ``text``, each occurrence (overlapping ones too)."""
    out, i = [], text.find(quote)
    while i >= 0:
        out.append(i)
        i = text.find(quote, i + 1)
    return out


def mentions_within(text: str, quote: str) -> list[Mention]:
    """Mentions (not calendar ones) lying wholly inside some occurrence of ``quote`` in ``text``."""
    found = []
    for start in occurrences(text, quote):
        # An index lookup in the cached parse, not a scan of every mention of the text.
        found += [m for m in mentions_between(text, start, start + len(quote)) if m.rule is None]
    return found


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


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
    value = number_or_none(row["value"])
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
            f"{fmt_value(value)} is not what the quote states; it states {stated}",
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
    low, high = number_or_none(row["low"]), number_or_none(row["high"])
    if not (_close(low, m.low) and _close(high, m.high)):
        col = "low" if not _close(low, m.low) else "high"
        if m.qualifier:
            why = f"{m.qualifier!r} implies {fmt_value(m.low)} to {fmt_value(m.high)}"
        else:
            why = "the wording is exact, so low and high stay blank"
        return m, Problem(
            label, r, col, f"range {fmt_value(low)} to {fmt_value(high)} disagrees: {why}"
        )
    return m, None


def _fmt(m: Mention) -> str:
    v = "several" if m.value is None else fmt_value(m.value)
    return f"{v} {m.currency or m.unit}"
