"""Changes to ``data/`` that happen whole or not at all.

The commands that write data (``add-source``, ``merge``) first compute every new file's
bytes in memory, then validate the catalogue *as it would be* on a scratch copy of
``data/`` (:func:`trial`), and only then write: each file to a temporary name beside it,
then ``os.replace`` over the old one (:func:`commit`), restoring the files already
replaced if a later one fails. A failure at any step leaves ``data/`` byte-identical.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rukg import config
from rukg.config import Paths
from rukg.errors import DataError
from rukg.files import file_problem

__all__ = ["atomic_write", "appended_rows", "trial", "commit"]


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` in one step: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600): give it the old file's mode, or the usual one.
        os.fchmod(fd, _mode_of(path))
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_of(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def appended_rows(data: bytes, header: list[str], rows: list[dict]) -> bytes:
    """``data`` (a CSV file's bytes) with ``rows`` appended in its own line endings.

    A file whose last line lacks its newline gets one first, so the new row is never
    glued onto the last one.
    """
    ending = "\r\n" if b"\r\n" in data else "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator=ending, extrasaction="raise")
    writer.writerows(rows)
    prefix = data if not data or data.endswith((b"\n", b"\r")) else data + ending.encode()
    return prefix + out.getvalue().encode("utf-8")


def _copy_regular(src: str, dst: str) -> str:
    # copytree would open a FIFO and wait for ever: refuse anything but a regular file.
    if problem := file_problem(Path(src), src):
        raise DataError([problem])
    return shutil.copy2(src, dst)


@contextmanager
def trial(paths: Paths, changes: dict[Path, bytes]) -> Iterator[Paths]:
    """The project's paths on a scratch copy of ``data/`` with ``changes`` applied.

    Files keep their names relative to the root, so problems found on the copy name the
    same files, rows and columns as they would in the project.
    """
    scratch = Path(tempfile.mkdtemp(prefix="rukg-trial-"))
    try:
        shutil.copytree(paths.data, scratch / "data", symlinks=True, copy_function=_copy_regular)
        for path, data in changes.items():
            target = scratch / path.relative_to(paths.root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        yield config.paths(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def commit(changes: dict[Path, bytes]) -> None:
    """Write every change atomically; if one fails, put back the ones already written."""
    done: list[tuple[Path, bytes | None]] = []
    try:
        for path, data in changes.items():
            before = path.read_bytes() if path.is_file() else None
            atomic_write(path, data)
            done.append((path, before))
    except BaseException:
        for path, before in reversed(done):
            if before is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write(path, before)
        raise
