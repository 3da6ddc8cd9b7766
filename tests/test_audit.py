"""The audit: complete on the real data; an uncatalogued number is listed with its position."""

from __future__ import annotations

import subprocess
import sys

from test_catalogue import rewrite

from rukg.catalogue import load
from rukg.catalogue.audit import uncovered


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "rukg", *args], capture_output=True, text=True)


def test_real_data_is_fully_catalogued(real_paths):
    assert uncovered(load(real_paths)) == []


def test_removed_row_shows_up_with_line_and_column(project_copy):
    def drop(rows, f):
        rows[:] = [
            r for r in rows if not r["quote"].endswith("twenty-nine largest industrial plants")
        ]

    rewrite(project_copy.figures_csv, drop)
    items = [str(u) for u in uncovered(load(project_copy))]
    text = (project_copy.sources_dir / "001_d8dca360c4384c0c.txt").read_text(encoding="utf-8")
    line_no = next(i for i, line in enumerate(text.splitlines(), 1) if "twenty-nine" in line)
    col = text.splitlines()[line_no - 1].index("twenty-nine") + 1
    assert items == [f"gs2019:{line_no}:{col}: twenty-nine"]


def test_removed_dismissal_shows_up(project_copy):
    def drop(rows, f):
        rows[:] = [r for r in rows if r["quote"] != "He urged the two countries"]

    rewrite(project_copy.dismissed_csv, drop)
    assert [u.mention.number for u in uncovered(load(project_copy))] == ["two"]


def test_cli_exit_codes(real_paths, project_copy):
    ok = run_cli("--root", str(real_paths.root), "audit")
    assert ok.returncode == 0 and "every number" in ok.stdout

    rewrite(project_copy.figures_csv, lambda rows, f: rows.pop(0) and None)
    bad = run_cli("--root", str(project_copy.root), "audit")
    assert bad.returncode == 1
    assert bad.stdout.splitlines() == ["edm2006:5:103: Some 350"]


def test_cli_validate_reports_without_traceback(project_copy):
    rewrite(project_copy.figures_csv, lambda rows, f: rows[2].update(source_id="nosuch"))
    r = run_cli("--root", str(project_copy.root), "validate")
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert r.stderr.startswith("data/figures.csv:4: row 3, column 'source_id'")


def _plain_context(text, m):
    """The draft quote as first written: a search outwards from the mention."""
    start = max(text.rfind(". ", 0, m.start), text.rfind("\n", 0, m.start)) + 1
    ends = [i for i in (text.find(". ", m.end), text.find("\n", m.end)) if i >= 0]
    return text[start : min(ends) if ends else len(text)].strip()


def test_positions_and_draft_quotes_agree_with_a_plain_search():
    import pandas as pd

    from rukg.catalogue import Catalogue
    from rukg.catalogue.drafts import _context, draft_rows
    from rukg.files import line_col

    text = (
        "5 at the start\n\nSome 350 troops. In 2022, 7 more came.. then 12 and 13\n"
        "no sentence end 40 and 41 and forty-two\n\n$4 million.\n8. 9 .10\n11"
    )
    empty = pd.DataFrame(
        columns=["id", "source_id", "quote", "value", "unit", "currency", "low", "high", "text"]
    )
    cat = Catalogue(
        sources=pd.DataFrame({"id": ["x"]}),
        figures=empty,
        events=empty,
        dismissed=empty,
        texts={"x": text},
        commitments=empty,
        parts=empty,
        set_aside=empty,
        annotations=empty,
        provenance=empty,
    )
    items = uncovered(cat)
    assert len(items) == 12  # ".10" is no number: a digit run after a point
    for u in items:
        assert (u.line, u.col) == line_col(text, u.mention.start)
        assert _context(text, u.mention) == _plain_context(text, u.mention)
    rows = draft_rows(cat, "x")
    assert [r["quote"] for r in rows] == [_plain_context(text, u.mention) for u in items]
