"""The register of sources (``data/sources.csv``) and the texts it points to."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from rukg.errors import DataError, Problem
from rukg.files import file_problem, read_text_file
from rukg.transact import appended_rows

__all__ = ["source_changes"]


def source_changes(paths, text_path: Path, fields: dict) -> tuple[dict[Path, bytes], dict, int]:
    """What registering an article changes: its copy in data/sources/ and its row (with
    checksum) appended to data/sources.csv, as bytes not yet written; the new row, and
    its number in data/sources.csv (counted as messages count rows).

    Refuses an unreadable or empty text, a reused id and an existing file name. The row
    itself is checked by the caller, against the sources schema, before anything is written.
    """
    import csv

    text_path = Path(text_path)
    label = str(text_path)
    if problem := file_problem(text_path.resolve(), label):  # a link to a regular file is fine
        raise DataError([problem])
    text = read_text_file(text_path.resolve(), label)  # must be UTF-8
    if not text.strip():
        raise DataError([Problem(label, None, None, "the text is empty")])
    target = paths.sources_dir / text_path.name
    register = paths.sources_csv
    data = read_text_file(register, "data/sources.csv").encode("utf-8")
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    columns, rows = list(reader.fieldnames or []), list(reader)
    if any(r.get("id") == fields["id"] for r in rows):
        raise DataError(
            [Problem("data/sources.csv", None, "id", f"id {fields['id']!r} is already registered")]
        )
    if target.exists() or target.is_symlink():
        raise DataError(
            [
                Problem(
                    f"data/sources/{target.name}", None, None, "a source file of that name exists"
                )
            ]
        )
    raw = text_path.resolve().read_bytes()
    row = {c: "" for c in columns}
    row.update({k: v for k, v in fields.items() if v is not None and k in row})
    row["file"] = target.name
    row["sha256"] = hashlib.sha256(raw).hexdigest()
    return {target: raw, register: appended_rows(data, columns, [row])}, row, len(rows) + 1
