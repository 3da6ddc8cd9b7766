"""Making amounts comparable: exchange rates, deflation, and sums that refuse to mix bases.

- Roubles → US dollars at the Bank of Russia rate of the time
  (``data/reference/fx/usd_rub_daily.csv``). The rates before 1998 are in
  redenominated roubles, so pre-1998 amounts (``RUR``) are divided by 1,000 first.
- Current → constant US dollars with the US CPI-U annual average
  (``data/reference/prices/us_cpi_u_monthly.csv``) of a stated base year.
- :func:`guarded_sum` adds amounts only when they share one currency, one price
  basis and one status, unless the caller says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from rukg.config import Paths
from rukg.reference import tables as datasets

__all__ = [
    "Rate",
    "MixedBasisError",
    "fx_daily",
    "cpi_annual",
    "rub_per_usd",
    "to_usd",
    "deflator",
    "guarded_sum",
    "OLD_ROUBLES_PER_RUB",
]

OLD_ROUBLES_PER_RUB = 1000  # the 1998 redenomination: 1 new rouble = 1,000 old


class MixedBasisError(ValueError):
    """Raised when a sum would add amounts of different currencies, price bases or statuses."""


@dataclass(frozen=True)
class Rate:
    """An exchange rate as used: roubles (new) per US dollar, over which period."""

    rub_per_usd: float
    period: str  # e.g. "2006-10 (monthly mean)" or "2006-10-05"
    days: int


@lru_cache(maxsize=8)
def _fx(paths: Paths) -> pd.Series:
    df = datasets.read(paths, "fx")
    dates = pd.to_datetime(df["date"], format="%m/%d/%Y")
    return pd.Series(df["rate"].astype(float).to_numpy(), index=dates).sort_index()


def fx_daily(paths: Paths) -> pd.Series:
    """Roubles (new, post-1998 units) per US dollar by day, oldest first."""
    return _fx(paths)


@lru_cache(maxsize=8)
def _cpi(paths: Paths) -> pd.Series:
    df = datasets.read(paths, "cpi")
    df = df.assign(Date=pd.to_datetime(df["Date"]), Index=df["Index"].astype(float))
    df["year"] = df["Date"].dt.year
    grouped = df.groupby("year")["Index"]
    annual = grouped.mean()
    return annual[grouped.count() == 12]  # complete years only


def cpi_annual(paths: Paths) -> pd.Series:
    """US CPI-U annual averages (1982-84 = 100), for complete years only."""
    return _cpi(paths)


def rub_per_usd(paths: Paths, date: str) -> Rate:
    """The rate for an ISO date of day, month or year precision (mean over the month or year)."""
    fx = fx_daily(paths)
    parts = date.split("-")
    if len(parts) == 3:
        day = pd.Timestamp(date)
        window = fx[fx.index <= day].tail(1)  # the last rate set on or before that day
        label = window.index[0].strftime("%Y-%m-%d") if len(window) else date
    elif len(parts) == 2:
        window = fx[fx.index.strftime("%Y-%m") == date]
        label = f"{date} (monthly mean)"
    else:
        window = fx[fx.index.year == int(date)]
        label = f"{date} (annual mean)"
    if window.empty:
        first, last = fx.index.min().date(), fx.index.max().date()
        raise ValueError(f"no rouble rate for {date}: the series runs from {first} to {last}")
    return Rate(float(window.mean()), label, len(window))


def to_usd(paths: Paths, amount: float, currency: str, date: str) -> tuple[float, Rate | None]:
    """An amount in current US dollars, with the rate used (``None`` for dollars)."""
    if currency == "USD":
        return amount, None
    if currency not in ("RUB", "RUR"):
        raise ValueError(f"no conversion for currency {currency!r}")
    rate = rub_per_usd(paths, date)
    new_roubles = amount / OLD_ROUBLES_PER_RUB if currency == "RUR" else amount
    return new_roubles / rate.rub_per_usd, rate


def deflator(paths: Paths, year: int, base_year: int) -> float:
    """Factor turning current dollars of ``year`` into constant dollars of ``base_year``."""
    cpi = cpi_annual(paths)
    for y in (year, base_year):
        if y not in cpi.index:
            raise ValueError(
                f"no complete year of US CPI for {y}: annual averages run {cpi.index.min()}-{cpi.index.max()}"
            )
    return float(cpi[base_year] / cpi[year])


def guarded_sum(
    df: pd.DataFrame,
    value: str,
    *,
    basis: tuple[str, ...] = ("currency", "price_basis", "status"),
    allow_mixed: tuple[str, ...] = (),
) -> float:
    """Sum ``df[value]``, refusing when the rows differ in any ``basis`` column.

    ``allow_mixed`` names the basis columns the caller knowingly mixes (for
    example ``("status",)`` to add pledged and delivered amounts on purpose).
    """
    for col in basis:
        if col in allow_mixed or col not in df.columns:
            continue
        kinds = sorted(df[col].dropna().astype(str).unique())
        if len(kinds) > 1:
            raise MixedBasisError(
                f"refusing to add {value} across different {col} values {kinds}; "
                f"group by {col} or pass allow_mixed=({col!r},)"
            )
    return float(df[value].sum())
