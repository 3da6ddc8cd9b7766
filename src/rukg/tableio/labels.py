"""How a problem names a file and shows a value: one way for every table's messages."""

from __future__ import annotations

from pathlib import Path

from rukg.config import Paths

__all__ = ["label_of", "fmt_value"]


def fmt_value(v: float | None) -> str:
    """A number as messages show it: up to ten significant digits, thousands separated."""
    if v is None:
        return "blank"
    return f"{v:,.10g}"


def label_of(path: Path, paths: Paths) -> str:
    """How messages name a file: relative to the project root where it lies inside."""
    try:
        return str(path.relative_to(paths.root))
    except ValueError:
        return str(path)
