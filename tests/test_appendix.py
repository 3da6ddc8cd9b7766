"""The evidence appendix writes values as people do."""

from __future__ import annotations

import pandas as pd
import pytest

from rukg.present.appendix import _value


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (2_000_000, "people", "2,000,000 people"),
        (1_300, "count", "1,300 count"),
        (33, "years", "33 years"),
        (2.5, "percent", "2.5 percent"),
        (0.125, "multiple", "0.125 multiple"),
        (1234567.5, "km", "1,234,567.5 km"),
    ],
)
def test_values_never_use_an_exponent(value, unit, shown):
    row = pd.Series({"value": value, "unit": unit, "currency": None, "low": None, "high": None})
    assert _value(row) == shown
