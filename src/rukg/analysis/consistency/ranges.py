"""Ranges of numbers, as the detectors of figures and of distances compare them."""

from __future__ import annotations

KM_PER_MILE = 1.609344  # international mile
# "More than x" is literally open-ended, but a writer who knew the number was more
# than twice x would not say "more than x" (the maxim of quantity). For the
# *pragmatic* reading an open upper bound is closed at OPEN_FACTOR * x; a conflict
# found only under that reading is marked ``strict = False``.
OPEN_FACTOR = 2.0


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two closed ranges ``(low, high)`` meet, up to rounding in the last digits."""
    tol = 1e-9 * max(1.0, abs(a[0]), abs(b[0]))
    return a[0] <= b[1] + tol and b[0] <= a[1] + tol
