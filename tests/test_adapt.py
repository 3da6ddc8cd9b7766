"""Rerun and adapt: parameters, adding a source, reviewed drafts, and new rows flowing into the report."""

from __future__ import annotations

import contextlib
import csv
import io
from types import SimpleNamespace

import nbformat
import pytest
from notebook_run import run_notebook

from rukg.build import cli, report
from rukg.catalogue import load, vocab
from rukg.catalogue.audit import uncovered

ARTICLE = """Russia and Kyrgyzstan in 2024

Bilateral trade reached $4.1 billion in 2024, the Russian side said, up 13% on the year before.
Moscow also pledged a $30 million grant to support Kyrgyzstan's budget.
"""


def rukg(root, *args) -> SimpleNamespace:
    """``python -m rukg --root ROOT ARGS``, in this process: exit status, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(root), *args])
    return SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())


def test_parameters_are_injected_after_the_parameters_cell(real_paths):
    nb = nbformat.read(real_paths.notebooks / "02_economics.ipynb", as_version=4)
    names = report.parameter_names(nb)
    assert {"base_year", "use_later_facts"} <= set(names)
    assert "project_root" not in names  # internal: the build sets the root, not the user
    injected = report.inject_parameters(nb, {"base_year": 2010, "not_here": 1})
    index = next(
        i for i, c in enumerate(injected.cells) if "parameters" in c.metadata.get("tags", [])
    )
    assert injected.cells[index + 1].source.endswith("base_year = 2010")
    assert "not_here" not in injected.cells[index + 1].source


def test_unknown_parameter_is_refused(real_paths):
    with pytest.raises(report.BuildError, match="unknown parameter"):
        report.check_params({"base_yaer": 2010}, real_paths)


def test_params_change_the_fingerprint(real_paths):
    assert report.fingerprint(real_paths, {"base_year": 2010}) != report.fingerprint(real_paths)


@pytest.mark.slow
def test_add_source_audit_drafts_merge_and_rebuild(project_copy, tmp_path):
    article = tmp_path / "rferl_2024.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    added = rukg(
        project_copy.root,
        "add-source",
        str(article),
        "--id",
        "test2024",
        "--publisher",
        "Test Wire",
        "--title",
        "Russia and Kyrgyzstan in 2024",
        "--published",
        "2024-12",
        "--date-evidence",
        "dated by the test",
        "--kind",
        "news analysis",
    )
    assert added.returncode == 0, added.stderr
    listed = [line for line in added.stdout.splitlines() if line.startswith("test2024:")]
    # Exactly the new article's figures, as SOURCE_ID:LINE:COL: TEXT.
    assert listed == [
        "test2024:3:25: $4.1 billion",
        "test2024:3:73: 13%",
        "test2024:4:23: $30 million",
        # and the dates no event row covers yet
        "test2024:1:26: 2024 (no event row)",
        "test2024:3:41: 2024 (no event row)",
    ]
    assert (project_copy.sources_dir / "rferl_2024.txt").read_text(encoding="utf-8") == ARTICLE

    drafts_path = project_copy.review_dir / "test2024_figures.csv"
    drafts = list(csv.DictReader(drafts_path.open(encoding="utf-8")))
    assert [d["value"] for d in drafts] == ["4100000000", "13", "30000000"]
    assert [d["currency"] for d in drafts] == ["USD", "", "USD"]

    # Unreviewed rows never enter the catalogue.
    merged = rukg(project_copy.root, "merge", str(drafts_path))
    assert merged.returncode == 0 and "merged 0" in merged.stdout

    # A person completes the drafts, links the grant to a commitment, and merges.
    filled = {
        "F-test2024-001": {"kind": "trade", "direction": "RU<->KG", "status": "reported"},
        "F-test2024-002": {"kind": "trade_growth", "direction": "RU<->KG", "status": "reported"},
        "F-test2024-003": {"kind": "grant", "direction": "RU->KG", "status": "pledged"},
    }
    for d in drafts:
        d.update(filled[d["id"]], year="2024", category="economics", reviewed="yes")
    with drafts_path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(drafts[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(drafts)
    with project_copy.commitments_csv.open("a", encoding="utf-8") as f:
        f.write("C-2024-grant,2024-12,month,Dated by the test article,RU,KG,Budget grant,,,\n")
    with project_copy.commitment_parts_csv.open("a", encoding="utf-8") as f:
        f.write("P-2024-grant,C-2024-grant,budget grant,grant,F-test2024-003,,pledged,no,,,,,\n")
    # The 2023 value the growth implies is above the Kyrgyz count: the check finds it, and the
    # person records the reading the report adopts.
    with (project_copy.data / "corrections.csv").open("a", encoding="utf-8") as f:
        f.write(
            "K-900,official:F-test2024-001:F-test2024-002,The official count of 2023 stands,"
            "The test article's growth rate implies more trade in 2023 than the tables give,"
            "test2024,,\n"
        )
    merged = rukg(project_copy.root, "merge", str(drafts_path))
    assert merged.returncode == 0, merged.stderr
    assert rukg(project_copy.root, "validate").returncode == 0
    cat = load(project_copy)
    assert uncovered(cat, ["test2024"]) == []

    # Run the chapters that show the new rows, with another parameter set: the rows flow
    # through without code changes. (These two notebooks, in process: that the build runs
    # every notebook on a kernel is tested by the suite's one full build, conftest's
    # built_copy.)
    figures = tmp_path / "figures"
    figures.mkdir()
    shown = []
    for name in ("02_economics.ipynb", "appendix.ipynb"):
        shown += run_notebook(project_copy.root, name, figures, {"base_year": 2015})[1]
    text = "\n".join(shown)
    assert "Test Wire (2024-12). Russia and Kyrgyzstan in 2024" in text  # bibliography
    assert 'id="ev-F-test2024-001"' in text  # evidence appendix
    turnover_chart = (figures / "economics_trade_turnover.svg").read_text(encoding="utf-8")
    assert "#ev-F-test2024-001" in turnover_chart  # the stated trade point links to its evidence
    assert "Budget grant" in text  # the commitments table
    assert "`base_year: 2015`" in text  # the methodology prints the parameters used


def test_bad_merge_leaves_the_catalogue_untouched(project_copy, tmp_path):
    article = tmp_path / "x.txt"
    article.write_text("Moscow pledged a $30 million grant.\n", encoding="utf-8")
    args = [
        "--publisher",
        "P",
        "--title",
        "T",
        "--published",
        "2024",
        "--date-evidence",
        "e",
        "--kind",
        "blog",
    ]
    assert (
        rukg(project_copy.root, "add-source", str(article), "--id", "x2024", *args).returncode == 0
    )
    drafts_path = project_copy.review_dir / "x2024_figures.csv"
    drafts = list(csv.DictReader(drafts_path.open(encoding="utf-8")))
    drafts[0].update(
        reviewed="yes", year="2024", category="economics", kind="grant", status="pledged"
    )
    with drafts_path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(drafts[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(drafts)
    before = project_copy.figures_csv.read_bytes()
    merged = rukg(project_copy.root, "merge", str(drafts_path))
    assert merged.returncode == 1 and "in no commitment" in merged.stderr
    assert project_copy.figures_csv.read_bytes() == before


def test_adding_a_source_by_hand_works_the_same(project_copy):
    import hashlib

    target = project_copy.sources_dir / "by_hand.txt"
    target.write_text(ARTICLE, encoding="utf-8")
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    with project_copy.sources_csv.open("a", encoding="utf-8") as f:
        f.write(f"hand2024,by_hand.txt,Test Wire,A title,,2024-12,month,by hand,,blog,{digest},\n")
    assert rukg(project_copy.root, "validate").returncode == 0
    audit = rukg(project_copy.root, "audit", "hand2024")
    assert audit.returncode == 1
    assert audit.stdout.splitlines() == [
        "hand2024:3:25: $4.1 billion",
        "hand2024:3:73: 13%",
        "hand2024:4:23: $30 million",
        # and the dates no event row covers yet
        "hand2024:1:26: 2024 (no event row)",
        "hand2024:3:41: 2024 (no event row)",
    ]
    assert rukg(project_copy.root, "draft", "hand2024").returncode == 0
    assert len(list(csv.DictReader((project_copy.review_dir / "hand2024_figures.csv").open()))) == 3


@pytest.mark.parametrize("kind, ok", [("news", True), ("podcast", False)])
def test_a_news_report_registers_as_news(project_copy, tmp_path, kind, ok):
    article = tmp_path / "wire.txt"
    article.write_text("Moscow, 3 May 2024. Trade reached $4 billion.\n", encoding="utf-8")
    added = rukg(
        project_copy.root,
        "add-source",
        str(article),
        *("--id", "wire2024", "--publisher", "Test Wire", "--title", "Trade news"),
        *("--published", "2024-05-03", "--date-evidence", "dateline", "--kind", kind),
    )
    registered = (project_copy.data / "sources.csv").read_text(encoding="utf-8")
    if ok:
        assert added.returncode == 0, added.stderr
        assert ",news," in registered.splitlines()[-1]
    else:
        assert added.returncode == 1 and "wire2024" not in registered
        first = added.stderr.splitlines()[0]
        assert first == "add-source --kind: 'podcast' is not one of " + ", ".join(
            vocab.SOURCE_KINDS
        )
