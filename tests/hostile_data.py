"""Hostile text written into a project copy's data, for the one full build the suite makes.

Fields that reach the report (shown) and some that do not each get the first candidate
that validation accepts (validation refuses some markup by itself), marked so that a test
can find it in the output. ``test_escaping.py`` searches the built HTML and PDF for
anything the data could have turned into markup, script or a link; ``conftest.py`` builds
the copy once per session (``built_copy``).
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from rukg import config
from rukg.build import validate

# (file under data/, key column, key, column, shown in the report)
FIELDS = [
    ("mention_terms.csv", "term", "United States", "term", True),
    ("mention_terms.csv", "term", "CSTO", "term", True),
    ("chart_annotations.csv", "event_id", "E-gs2019-014", "label", True),
    ("chart_annotations.csv", "event_id", "E-blog2013-005", "label", True),
    ("events.csv", "id", "E-gs2019-010", "event", True),
    ("corrections.csv", "id", "K-001", "reason", True),
    ("sources.csv", "id", "edm2006", "title", True),
    ("sources.csv", "id", "edm2006", "publisher", True),
    ("commitments.csv", "id", "C-1994-credit", "title", True),
    ("commitment_parts.csv", "id", "P-1994-credit", "part", True),
    ("leaders.csv", "id", "L-kg-akayev", "name", False),  # only the last word is drawn
    ("leaders.csv", "id", "L-kg-akayev", "note", False),
    ("figures.csv", "id", "F-edm2006-001", "note", False),
    ("reference/facts/aid_commitments.csv", "id", "A01", "publisher", False),
]
EVIL_HOST = "evil.example"


def candidates(marker: str) -> list[str]:
    return [
        f"[{marker}](javascript:alert(1)) <script>alert(1)</script>",
        f"{marker} <img src=x onerror=alert(1)> ![i](data:image/png;base64,iVBORw0KGgo=)",
        f"{marker} **b** _i_ `code` $x$ ~~s~~ | t | [y] http://{EVIL_HOST}/{marker} "
        "&lt;script&gt;alert(1)&lt;/script&gt; # h",
        f"{marker} **b**",
    ]


def marker(i: int) -> str:
    return f"Hostile{i:02d}q"


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def record_checksum(paths: config.Paths, name: str) -> None:
    """Update a reference file's checksum in provenance.csv, as its maintainer would."""
    digest = hashlib.sha256((paths.data / "reference" / name).read_bytes()).hexdigest()
    fields, rows = read_csv(paths.data / "reference" / "provenance.csv")
    for r in rows:
        if r["file"] == name:
            r["sha256"] = digest
    write_csv(paths.data / "reference" / "provenance.csv", fields, rows)


def make_hostile(paths: config.Paths) -> dict[int, str]:
    """Write hostile text into the copy's data; return the text kept for each field.

    A field whose every candidate validation refuses keeps its original text.
    """
    n = len(candidates("x"))
    originals, rows_of = {}, {}
    for i, (name, key, value, column, _) in enumerate(FIELDS):
        _, rows = read_csv(paths.data / name)
        row = next(k for k, r in enumerate(rows) if r[key] == value)
        originals[i] = rows[row][column]
        rows_of[i] = (name, row)
    choice = dict.fromkeys(originals, 0)  # index of the candidate in use; n: the original
    for _ in range(n + 2):
        files: dict[str, tuple[list[str], list[dict]]] = {}
        for i, (name, _, _, column, _) in enumerate(FIELDS):
            _, rows = files.setdefault(name, read_csv(paths.data / name))
            options = candidates(marker(i))
            rows[rows_of[i][1]][column] = options[choice[i]] if choice[i] < n else originals[i]
        for name, (fields, rows) in files.items():
            write_csv(paths.data / name, fields, rows)
            if name.startswith("reference/"):
                record_checksum(paths, name.removeprefix("reference/"))
        problems = validate.problems(paths)  # the catalogue and every table beside it
        if not problems:
            break
        refused = set()
        for p in problems:
            # Problems count data rows from 1; a problem of the whole file blames every edit.
            hits = [
                i
                for i, (name, row) in rows_of.items()
                if str(p.file).replace("\\", "/").endswith(name)
                and (p.row is None or p.row == row + 1)
                and choice[i] < n
            ]
            assert hits, f"the copy fails validation for a reason of its own: {p}"
            refused |= set(hits)
        for i in refused:
            choice[i] += 1
    else:
        pytest.fail(f"hostile data still refused: {problems[:5]}")
    return {i: candidates(marker(i))[c] for i, c in choice.items() if c < n}


def data_urls(paths: config.Paths) -> set[str]:
    """Every value of a URL field in the copy's data."""
    columns = {"url", "source_url", "citation", "coord_source_url", "context_source_url"}
    columns |= {"retrieved_from"}
    urls = set()
    for f in paths.data.rglob("*.csv"):
        fields, rows = read_csv(f)
        for r in rows:
            for c in columns & set(fields):
                urls |= {u for u in (r[c] or "").split(";") if u}
    return urls
