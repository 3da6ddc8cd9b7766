"""The built report: fresh, self-contained, deterministic, and never half-written."""

from __future__ import annotations

import json
import re

import pytest
from test_catalogue import rewrite

from rukg import config
from rukg.build import report
from rukg.errors import DataError


def test_committed_report_is_not_stale(real_paths):
    recorded = report.report_fingerprint(real_paths.report_html)
    assert recorded is not None, "report/report.html is missing: run `make report`"
    assert recorded == report.fingerprint(real_paths), (
        "the committed report was built from other inputs: run `make report` and commit it"
    )
    assert real_paths.report_pdf.exists()


def test_fingerprint_does_not_depend_on_location(real_paths, project_copy):
    assert report.fingerprint(project_copy) == report.fingerprint(real_paths)


def test_touching_an_input_makes_the_report_stale(project_copy):
    before = report.fingerprint(project_copy)
    with project_copy.events_csv.open("a", encoding="utf-8") as f:
        f.write("\n")
    assert report.fingerprint(project_copy) != before


def test_html_is_self_contained(real_paths):
    html = real_paths.report_html.read_text(encoding="utf-8")
    # No element may load anything: no scripts, stylesheets, images or frames from a URL.
    assert not re.search(
        r"<(script|link|img|iframe|object|embed)\b[^>]*\b(src|href)\s*=\s*[\"']?(?!data:|#)",
        html,
        re.I,
    )
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html, re.I)
    assert "<svg" in html  # charts are embedded, not referenced


def test_html_hides_code(real_paths):
    html = real_paths.report_html.read_text(encoding="utf-8")
    assert "from rukg import" not in html
    assert 'class="input_area"' not in html


def test_pdf_is_a4_with_page_numbers(real_paths):
    pypdf = pytest.importorskip("pypdf")
    pdf = pypdf.PdfReader(real_paths.report_pdf)
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    n = len(pdf.pages)
    # pypdf reads the two-byte codes of the larger font subset with NULs in between.
    assert f"Page {n} of {n}" in pdf.pages[-1].extract_text().replace("\x00", "")


def test_bad_data_stops_the_build_and_leaves_the_report(project_copy):
    rewrite(project_copy.figures_csv, lambda rows, f: rows[0].update(value="351"))
    before = project_copy.report_html.read_bytes(), project_copy.report_pdf.read_bytes()
    with pytest.raises(DataError):
        report.build(project_copy, force=True, log=lambda *_: None)
    assert (project_copy.report_html.read_bytes(), project_copy.report_pdf.read_bytes()) == before


def test_failing_cell_is_named_and_report_untouched(project_copy):
    nb_path = project_copy.notebooks / "about_sources.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    code_cells = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]
    nb["cells"][code_cells[3]]["source"] = "raise ValueError('broken on purpose')"
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    before = project_copy.report_html.read_bytes(), project_copy.report_pdf.read_bytes()
    figures_before = (
        sorted(p.name for p in project_copy.figures_out.glob("*"))
        if project_copy.figures_out.exists()
        else []
    )
    with pytest.raises(report.BuildError) as err:
        report.build(project_copy, force=True, log=lambda *_: None)
    assert str(err.value) == (
        f"notebooks/about_sources.ipynb, cell {code_cells[3] + 1}: ValueError: broken on purpose"
    )
    assert (project_copy.report_html.read_bytes(), project_copy.report_pdf.read_bytes()) == before
    after = (
        sorted(p.name for p in project_copy.figures_out.glob("*"))
        if project_copy.figures_out.exists()
        else []
    )
    assert after == figures_before


def test_build_is_deterministic_and_incremental(project_copy):
    logs: list[str] = []
    report.build(project_copy, force=True, log=logs.append)
    first = project_copy.report_html.read_bytes(), project_copy.report_pdf.read_bytes()
    svgs = {p.name: p.read_bytes() for p in project_copy.figures_out.glob("*.svg")}
    assert svgs, "the build saved no charts to figures/"
    executed = [line for line in logs if line.startswith("executing")]
    assert len(executed) == len(config.REPORT_NOTEBOOKS)

    # Same inputs, same bytes; and nothing re-executed.
    logs.clear()
    report.build(project_copy, force=True, log=logs.append)
    assert (project_copy.report_html.read_bytes(), project_copy.report_pdf.read_bytes()) == first
    assert {p.name: p.read_bytes() for p in project_copy.figures_out.glob("*.svg")} == svgs
    assert not [line for line in logs if line.startswith("executing")]

    # Touch one notebook: only that one runs again.
    nb_path = project_copy.notebooks / "03_geopolitics.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    md = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    md["source"] = "".join(md["source"]) + " "
    nb_path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    logs.clear()
    report.build(project_copy, force=False, log=logs.append)
    assert [line for line in logs if line.startswith("executing")] == [
        "executing notebooks/03_geopolitics.ipynb"
    ]
