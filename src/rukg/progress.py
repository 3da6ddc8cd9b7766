"""Progress bars for long work, shown only to a person watching a terminal.

A bar (tqdm, on stderr) appears only when stderr is a terminal and the ``CI``
environment variable is unset or false ("", "0", "false", "no", "off"). Anywhere
else (logs, pipes, tests, notebooks, CI) nothing is printed: :func:`progress` hands
back the iterable itself and :func:`bar` an object whose ``update`` does nothing.
tqdm is imported only when a bar is shown.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["enabled", "progress", "bar"]

T = TypeVar("T")
_FALSE = {"", "0", "false", "no", "off"}


def enabled() -> bool:
    """Whether a bar would be shown now: stderr is a terminal and ``CI`` is unset or false."""
    if os.environ.get("CI", "").strip().lower() not in _FALSE:
        return False
    stream = sys.stderr
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def _tqdm(**kw):
    from tqdm import tqdm

    # leave=False: a finished bar is erased, so the command's own output reads as before.
    return tqdm(file=sys.stderr, leave=False, dynamic_ncols=True, **kw)


def progress(
    iterable: Iterable[T], desc: str, total: int | None = None, unit: str = "it"
) -> Iterable[T]:
    """``iterable`` with a bar counting its items (``total`` if it has no length)."""
    if not enabled():
        return iterable
    return _tqdm(iterable=iterable, desc=desc, total=total, unit=unit)


class _NoBar:
    """Stands in for a bar when none is shown."""

    n = 0

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc) -> None:
        pass

    def __iter__(self) -> Iterator:  # pragma: no cover - not iterated
        return iter(())


def bar(desc: str, total: int, unit: str = "it", unit_scale: bool = False):
    """A bar advanced by hand (``update(n)``, ``close()``, or use ``with``), for work that
    is not a loop over items: e.g. characters of one large text."""
    if not enabled():
        return _NoBar()
    return _tqdm(desc=desc, total=total, unit=unit, unit_scale=unit_scale)
