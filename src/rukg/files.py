"""Reading files safely: regular files only, size-capped, UTF-8, every failure located."""

from __future__ import annotations

import bisect
import hashlib
import os
import re
import stat
from pathlib import Path

from rukg.errors import DataError, Problem

__all__ = [
    "sha256_of",
    "read_text_file",
    "line_col",
    "newline_offsets",
    "file_problem",
    "MAX_TEXT_BYTES",
]

# The largest text file read (a source or a table): far above any article, small enough
# that a mistaken path to a disk image is refused rather than read into memory.
MAX_TEXT_BYTES = 200 * 1024 * 1024


def sha256_of(path: Path) -> str:
    """Checksum of a file (callers check :func:`file_problem` first: a FIFO would block)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_problem(path: Path, label: str) -> Problem | None:
    """Why ``path`` cannot be read as a data file, judged without opening it (``None``: fine).

    Only regular files are read: a FIFO would block the read for ever, a device could be
    endless, and a symbolic link could point outside the project.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return Problem(label, None, None, "file is missing")
    except OSError as e:
        return Problem(label, None, None, f"cannot be read: {e.strerror}")
    if stat.S_ISLNK(st.st_mode):
        return Problem(
            label, None, None, "is a symbolic link; data files must be regular files in the project"
        )
    if stat.S_ISDIR(st.st_mode):
        return Problem(label, None, None, "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        return Problem(label, None, None, "is not a regular file (a pipe, socket or device)")
    if st.st_size > MAX_TEXT_BYTES:
        return Problem(
            label,
            None,
            None,
            f"is {st.st_size:,} bytes; files over {MAX_TEXT_BYTES:,} bytes are refused",
        )
    return None


def read_text_file(path: Path, label: str) -> str:
    """Read a UTF-8 text, turning every failure into a located :class:`DataError`."""
    if problem := file_problem(Path(path), label):
        raise DataError([problem])
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise DataError([Problem(label, None, None, f"cannot be read: {e.strerror}")]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, e.start) + 1
        col = len(data[line_start : e.start].decode("utf-8", errors="replace")) + 1
        raise DataError(
            [
                Problem(
                    label,
                    None,
                    None,
                    f"not UTF-8: byte 0x{data[e.start]:02x} at line {line}, column {col}",
                )
            ]
        ) from None


def newline_offsets(text: str) -> list[int]:
    """Offsets of every line break in ``text``, for :func:`line_col`."""
    return [m.start() for m in re.finditer("\n", text)]


def line_col(text: str, offset: int, newlines: list[int] | None = None) -> tuple[int, int]:
    """1-based line and column of a character offset in ``text``.

    ``newlines``: :func:`newline_offsets` of the text, found once by a caller that asks for
    many offsets (counting from the start for each would be quadratic in the text's size).
    """
    if newlines is None:
        line = text.count("\n", 0, offset) + 1
        return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
    k = bisect.bisect_left(newlines, offset)  # line breaks before the offset
    return k + 1, offset - (newlines[k - 1] + 1 if k else 0) + 1
