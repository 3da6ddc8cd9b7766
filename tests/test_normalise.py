"""Conversion, deflation and guarded sums against hand-checked values."""

from __future__ import annotations

import pandas as pd
import pytest

from rukg.reference.prices import (
    MixedBasisError,
    cpi_annual,
    deflator,
    guarded_sum,
    rub_per_usd,
    to_usd,
)


def test_cpi_annual_averages_match_bls(real_paths):
    cpi = cpi_annual(real_paths)
    # BLS CPI-U annual averages, 1982-84 = 100 (published values).
    assert cpi[2009] == pytest.approx(214.537, abs=1e-3)
    assert cpi[2023] == pytest.approx(304.702, abs=1e-3)
    assert 2026 not in cpi.index  # an incomplete year is never used as a base


def test_deflator(real_paths):
    assert deflator(real_paths, 2009, 2023) == pytest.approx(304.702 / 214.537, rel=1e-5)
    assert deflator(real_paths, 2023, 2023) == 1.0
    with pytest.raises(ValueError, match="no complete year"):
        deflator(real_paths, 2009, 2026)


def test_rouble_rate_monthly_mean(real_paths):
    # October 2006: the mean of the 21 daily Bank of Russia rates in the file.
    rate = rub_per_usd(real_paths, "2006-10")
    assert rate.rub_per_usd == pytest.approx(26.8672, abs=1e-4)
    assert rate.days == 21 and rate.period == "2006-10 (monthly mean)"


def test_new_roubles_convert_directly(real_paths):
    usd, rate = to_usd(real_paths, 15e6, "RUB", "2006-10")
    assert usd == pytest.approx(558_301, rel=1e-5)  # the article says "about $560,000"
    assert rate is not None


def test_old_roubles_are_divided_by_1000_first(real_paths):
    # 75 billion pre-1998 roubles in February 1994, at about 1,579 old roubles per dollar.
    usd, rate = to_usd(real_paths, 75e9, "RUR", "1994-02")
    assert rate.rub_per_usd == pytest.approx(1.579125, rel=1e-6)
    assert usd == pytest.approx(47.49e6, rel=1e-3)


def test_day_precision_uses_the_last_rate_set(real_paths):
    rate = rub_per_usd(real_paths, "2006-10-07")  # a Saturday: Friday's rate applies
    assert rate.period <= "2006-10-07" and rate.days == 1


def test_no_rate_before_the_series(real_paths):
    with pytest.raises(ValueError, match="no rouble rate"):
        rub_per_usd(real_paths, "1991-05")


def test_dollars_need_no_rate(real_paths):
    assert to_usd(real_paths, 1.7e9, "USD", "2009-02") == (1.7e9, None)


def test_guarded_sum_refuses_mixed_bases():
    df = pd.DataFrame(
        {
            "amount": [1.0, 2.0],
            "currency": ["USD", "USD"],
            "price_basis": ["constant 2023 USD"] * 2,
            "status": ["pledged", "delivered"],
        }
    )
    with pytest.raises(MixedBasisError, match="status"):
        guarded_sum(df, "amount")
    assert guarded_sum(df, "amount", allow_mixed=("status",)) == 3.0
    df.loc[1, "currency"] = "RUB"
    with pytest.raises(MixedBasisError, match="currency"):
        guarded_sum(df, "amount", allow_mixed=("status",))
    assert guarded_sum(df.iloc[:1], "amount") == 1.0
