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


def test_the_evidence_names_the_correction_that_overrules_a_row(real_paths):
    from rukg.catalogue import load, overruled_by
    from rukg.present.appendix import evidence_events, evidence_figures

    cat = load(real_paths)
    by = overruled_by(cat)
    assert by["E-gs2019-010"].startswith("K-") and by["F-comm2023-003"].startswith("K-")
    figures, _ = evidence_figures(cat)
    events, _ = evidence_events(cat)
    status = dict(zip(figures["Figure"], figures["Status"], strict=True))
    what = dict(zip(events["Event"], events["What"], strict=True))
    assert status["F-comm2023-003"].endswith(f"(overruled: {by['F-comm2023-003']})")
    assert what["E-gs2019-010"].endswith(f"(overruled: {by['E-gs2019-010']})")
    # A row no correction touches reads as the article states it.
    assert "overruled" not in status["F-edm2006-001"] and "overruled" not in what["E-edm2006-001"]
    assert status["F-gs2019-013"] == "in force"
