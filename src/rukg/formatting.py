"""How the report writes numbers: one home for each format, free of matplotlib."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["format_usd", "FORMATS"]


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


def _fixed(x: float, digits: int, sep: bool = False, trim: bool = True) -> str:
    """``x`` with ``digits`` decimals (trailing zeros trimmed unless not ``trim``), never ``-0``."""
    text = f"{x:{',' if sep else ''}.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    # A tiny negative rounds to "-0" or "-0.0", which a reader takes for a sign error.
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def _usd(x: float) -> str:
    return format_usd(x)


def _year(x: float) -> str:
    if x != int(x):
        raise ValueError(f"{x!r} is not a whole year")
    return str(int(x))


def _num(x: float) -> str:
    # ":,g" without its exponent: six significant digits, whole numbers in full.
    if x == int(x):
        return f"{int(x):,}"
    return _fixed(float(f"{x:.6g}"), 6, sep=True)


# The one registry of number formats: name -> function of the number.
FORMATS: dict[str, Callable[[float], str]] = {
    "usd": _usd,  # dollars as the report writes them: 4.5e6 -> "$4.5m"
    "pct": lambda x: _fixed(x * 100, 0) + "%",  # a share 0..1: 0.191 -> "19%"
    "pct1": lambda x: _fixed(x * 100, 1, trim=False) + "%",  # 0.1912 -> "19.1%", 0.19 -> "19.0%"
    "pp": lambda x: _fixed(x, 1) + "%",  # already in per cent: 35.12 -> "35.1%", 21.0 -> "21%"
    "int": lambda x: _fixed(x, 0, sep=True),  # 137000 -> "137,000"
    "year": _year,  # 2023 -> "2023"
    "times": lambda x: _fixed(x, 1) + " times",  # a ratio: 2.66 -> "2.7 times"
    "num": _num,  # 1234.5 -> "1,234.5", 0.25 -> "0.25"
}
