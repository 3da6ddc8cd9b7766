"""Text measured for charts laid out in inches before they are drawn.

The measure runs at 72 dpi and the drawings at 100 to 150, so a width carries a
margin of 5 %: a label given the room it measures never overruns it.
"""

from __future__ import annotations

from rukg.present.frame import text_width as _measured
from rukg.present.frame import wrap as _wrap

__all__ = ["LINE", "text_width", "wrap", "line_height"]

LINE = 1.25 / 72  # height of a line of text per point of size, inches


def text_width(text: str, size: float) -> float:
    """Measured width with a margin: the measure runs at 72 dpi, drawings at 100 to 150."""
    return _measured(text, size) * 1.05


def wrap(text: str, size: float, width: float) -> list[str]:
    """``text`` in lines that fit ``width`` inches once measured with the margin."""
    return _wrap(text, size, width / 1.05)


def line_height(size: float) -> float:
    """Height of one line of text at ``size`` points, inches."""
    return size * LINE
