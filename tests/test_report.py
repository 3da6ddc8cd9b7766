"""The built report: fresh, self-contained, deterministic, and never half-written."""

from __future__ import annotations

import json
import re
import shutil

import psutil
import pytest
from test_catalogue import rewrite

from rukg import config
from rukg.build import report
from rukg.build.execute import notebook_keys
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


def outputs(paths: config.Paths) -> dict[str, bytes]:
    """The report, the PDF and every chart of a built project, by name."""
    files = [paths.report_html, paths.report_pdf, *sorted(paths.figures_out.glob("*"))]
    return {f.relative_to(paths.root).as_posix(): f.read_bytes() for f in files}


@pytest.mark.slow
def test_build_executes_every_notebook_and_records_its_inputs(built_copy):
    paths = built_copy.paths
    assert built_copy.executed() == [f"executing notebooks/{n}" for n in config.REPORT_NOTEBOOKS]
    assert built_copy.stderr == ""
    assert sorted(p.name for p in paths.figures_out.glob("*.svg")), "no charts in figures/"
    assert report.report_fingerprint(paths.report_html) == report.fingerprint(paths)
    # Built just now from these inputs: asked again, the command does nothing.
    logs: list[str] = []
    assert report.build(paths, force=False, log=logs.append) is False
    assert logs == [f"report is up to date (fingerprint {report.fingerprint(paths)[:12]})"]


@pytest.mark.slow
def test_rebuild_gives_the_same_bytes_and_reruns_only_what_changed(built_copy_to_change):
    paths = built_copy_to_change
    first = outputs(paths)
    keys = notebook_keys(paths, {})
    # One notebook's cached run lost: --force renders the report again, re-executes that
    # notebook only, and the same inputs give the same bytes (the HTML, the PDF, the charts).
    entry = paths.build_dir / "cache" / f"03_geopolitics-{keys['03_geopolitics.ipynb']}"
    assert (entry / "executed.ipynb").exists()
    shutil.rmtree(entry)
    logs: list[str] = []
    assert report.build(paths, force=True, log=logs.append) is True
    assert [line for line in logs if line.startswith("executing")] == [
        "executing notebooks/03_geopolitics.ipynb"
    ]
    assert len([line for line in logs if line.startswith("cached")]) == (
        len(config.REPORT_NOTEBOOKS) - 1
    )
    again = outputs(paths)
    assert again.keys() == first.keys()
    for name in first:
        assert again[name] == first[name], f"{name} differs between two builds"

    # A notebook re-runs when it changes, even where the change shows nowhere (a cell's
    # metadata), and only that one; every notebook re-runs when the data change.
    nb_path = paths.notebooks / "03_geopolitics.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    nb["cells"][0]["metadata"]["touched_by_the_test"] = True
    nb_path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    touched = notebook_keys(paths, {})
    assert [n for n in keys if touched[n] != keys[n]] == ["03_geopolitics.ipynb"]
    assert report.report_fingerprint(paths.report_html) != report.fingerprint(paths)  # stale
    with paths.events_csv.open("a", encoding="utf-8") as f:
        f.write("\n")
    assert all(k != touched[n] for n, k in notebook_keys(paths, {}).items())
    assert notebook_keys(paths, {"base_year": 2015}) != notebook_keys(paths, {})


@pytest.mark.slow
def test_failing_cell_is_named_and_report_untouched(built_copy_to_change):
    paths = built_copy_to_change
    nb_path = paths.notebooks / "about_sources.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    code_cells = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]
    nb["cells"][code_cells[3]]["source"] = "raise ValueError('broken on purpose')"
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    before = outputs(paths)
    logs: list[str] = []
    with pytest.raises(report.BuildError) as err:
        report.build(paths, force=True, log=logs.append)
    assert str(err.value) == (
        f"notebooks/about_sources.ipynb, cell {code_cells[3] + 1}: ValueError: broken on purpose"
    )
    assert [line for line in logs if line.startswith("executing")] == [
        "executing notebooks/about_sources.ipynb"
    ]
    assert outputs(paths) == before, "the failed build changed the report or a chart"
    # Nothing of the failed run is left: no kernel running, no scratch folder.
    assert psutil.Process().children(recursive=True) == []
    assert not list(paths.build_dir.glob("run-*"))
