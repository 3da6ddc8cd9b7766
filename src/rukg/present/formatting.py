"""How the report writes numbers: one home for each format, free of matplotlib."""

from __future__ import annotations

__all__ = ["format_usd"]


def format_usd(x: float) -> str:
    """Amounts as the report writes them: $560k, $4.5m, $1.7bn."""
    sign = "-" if x < 0 else ""
    x = abs(x)
    for div, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if x >= div:
            v = x / div
            text = f"{v:.1f}".rstrip("0").rstrip(".") if v < 100 else f"{v:.0f}"
            return f"{sign}${text}{suffix}"
    return f"{sign}${x:,.0f}"
