"""Values computed from files, kept by the files' bytes: the reference tables checked
against their schemas, the official trade workbooks parsed, the context facts indexed.

One process (a notebook, the test suite) asks for them many times, and the build's
kernels ask for what the build has just computed while validating: the build hands its
memos to them (:func:`snapshot`, :func:`restore`). A key holds the content of every file
the value came from, so an edited file is read afresh, and an entry from another process
can only ever answer for the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Generic, TypeVar

from rukg.files import file_problem

__all__ = ["FileMemo", "snapshot", "restore"]

T = TypeVar("T")

# Every memo of the process, by name: what a snapshot holds.
_MEMOS: dict[str, FileMemo] = {}
# Restored entries of memos whose modules are not imported yet, by memo name.
_PENDING: dict[str, dict[str, Any]] = {}


class FileMemo(Generic[T]):
    """Values by the bytes of the files they were computed from; each answer is a copy
    (``copy``), so a caller may change what it is given."""

    def __init__(self, name: str, copy: Callable[[T], T]):
        if name in _MEMOS:
            raise ValueError(f"two memos named {name!r}")
        self.name, self._copy = name, copy
        self._entries: dict[str, T] = _PENDING.pop(name, {})
        _MEMOS[name] = self

    @staticmethod
    def key(files: Iterable[Path], *parts: str) -> str | None:
        """A key over ``parts`` and the bytes of ``files``; None when one is not a regular
        file (nothing is then memoised: its reader reports the problem)."""
        h = hashlib.sha256()
        for part in parts:
            h.update(part.encode() + b"\0")
        for f in files:
            if file_problem(f, str(f)) is not None:  # a FIFO would block the read
                return None
            h.update(hashlib.sha256(f.read_bytes()).digest())
        return h.hexdigest()

    def get(self, key: str | None) -> T | None:
        if key is None or key not in self._entries:
            return None
        return self._copy(self._entries[key])

    def put(self, key: str | None, value: T) -> None:
        if key is not None:
            self._entries[key] = self._copy(value)


def snapshot() -> dict[str, dict[str, Any]]:
    """Every memo's entries, by memo name (picklable: the build passes it to its kernels)."""
    return {name: dict(m._entries) for name, m in _MEMOS.items()}


def restore(entries: dict[str, dict[str, Any]]) -> None:
    """Add a :func:`snapshot`'s entries to this process's memos (kept for a memo whose
    module is imported later)."""
    for name, values in entries.items():
        if name in _MEMOS:
            _MEMOS[name]._entries.update(values)
        else:
            _PENDING.setdefault(name, {}).update(values)
