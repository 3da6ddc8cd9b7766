"""The corpus overview: tables, computed sentences and what the charts draw."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest
from test_catalogue import only_problem, rewrite

from rukg.analysis import overview
from rukg.catalogue import load
from rukg.formatting import format_usd
from rukg.present import tables

ASSESSMENT_COLUMNS = ["Source", "Viewpoint", "How compiled", "Trusted less", "Why"]


@pytest.fixture(scope="module")
def cat(real_paths):
    return load(real_paths)


def raw_ids(cat, text: str) -> list[str]:
    """Source ids in ``text``, other than inside a figure or event id (an evidence link)."""
    text = tables.EVIDENCE_ID.sub("", str(text))
    return [s for s in cat.sources["id"] if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text)]


def test_sources_table_counts_match_the_catalogue(cat):
    table = overview.sources_table(cat)
    assert table["Figures"].sum() == len(cat.figures)
    assert table["Events"].sum() == len(cat.events)
    order = overview.sources_in_order(cat)
    assert list(table["Id"]) == order
    assert list(table.index) == [overview.source_name(cat, s) for s in order]


def test_sources_table_names_sources_by_publisher(cat):
    table = overview.sources_table(cat).reset_index()
    for column in table.columns.drop("Id"):
        for v in table[column]:
            assert raw_ids(cat, v) == [], (column, v)


def test_source_names(cat):
    names = {s: overview.source_name(cat, s) for s in cat.sources["id"]}
    assert names == {
        "edm2006": "Jamestown Foundation, Eurasia Daily Monitor (2006)",
        "edm2007": "Jamestown Foundation, Eurasia Daily Monitor (2007)",
        "gs2019": "GlobalSecurity.org (2019)",
        "comm2023": "Unsigned commentary (2023)",
        "blog2013": "Security Assistance Monitor (2013)",
    }


def test_source_labels_are_short_unique_and_name_the_publisher(cat):
    labels = {s: overview.source_label(cat, s) for s in cat.sources["id"]}
    assert labels["edm2006"] == "Jamestown EDM 2006"
    assert labels["gs2019"] == "GlobalSecurity 2019"
    assert labels["blog2013"] == "SAM blog 2013"
    assert labels["comm2023"] == "Unsigned 2023"
    assert len(set(labels.values())) == len(labels)
    # Five fit side by side under a chart's columns.
    assert all(len(v) <= 20 and raw_ids(cat, v) == [] for v in labels.values()), labels


def _hand_cat(*rows) -> SimpleNamespace:
    cols = ["id", "publisher", "kind", "published"]
    return SimpleNamespace(sources=pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows]))


def test_sources_of_one_publisher_and_year_are_told_apart():
    cat = _hand_cat(
        ("a", "Wire, Daily News Digest", "news analysis", "2010-03-02"),
        ("b", "Wire, Daily News Digest", "news analysis", "2010-03-09"),
        ("c", "Wire, Daily News Digest", "news analysis", "2011"),
        ("d", "not stated in the text", "blog", "2012-05"),
    )
    assert overview.source_name(cat, "a") == "Wire, Daily News Digest (2 Mar 2010)"
    assert overview.source_name(cat, "c") == "Wire, Daily News Digest (2011)"
    assert overview.source_name(cat, "d") == "Unsigned blog (2012)"
    # One publisher in one year: the month; in one month too, the id, and only there.
    assert overview.source_label(cat, "a") == "Wire DND Mar 2010 (a)"
    assert overview.source_label(cat, "b") == "Wire DND Mar 2010 (b)"
    assert overview.source_label(cat, "c") == "Wire DND 2011"
    assert overview.source_label(cat, "d") == "Unsigned 2012"


# --- assessments -------------------------------------------------------------------


def test_every_source_has_exactly_one_assessment(cat, real_paths):
    from rukg.reference import tables as datasets

    a = datasets.read(real_paths, "source_assessments")
    assert sorted(a["source_id"]) == sorted(cat.sources["id"])


def test_assessments_table(cat, real_paths):
    table = overview.assessments_table(cat, real_paths)
    assert list(table.columns) == ASSESSMENT_COLUMNS
    order = overview.sources_in_order(cat)
    assert list(table["Source"]) == [overview.source_name(cat, s) for s in order]
    assert table.notna().all().all() and (table != "").all().all()
    assert "Not yet assessed" not in set(table["Viewpoint"])
    for column in table.columns:
        for v in table[column]:
            assert raw_ids(cat, v) == [], (column, v)
            assert "\n" not in v and ".csv" not in v


def test_a_source_without_assessment_is_shown_as_such(project_copy):
    rewrite(
        project_copy.data / "source_assessments.csv",
        lambda rows, fields: rows.pop(
            next(i for i, r in enumerate(rows) if r["source_id"] == "gs2019")
        ),
    )
    cat = load(project_copy)  # valid: a new source is assessed later
    table = overview.assessments_table(cat, project_copy).set_index("Source")
    row = table.loc[overview.source_name(cat, "gs2019")]
    assert list(row) == ["Not yet assessed", "", "", ""]


@pytest.mark.parametrize(
    "value, message",
    [
        ("nosuch", "'nosuch' is not an id in data/sources.csv"),
        ("", "is blank but required"),
        ("edm2006", "duplicate value 'edm2006' (first in row 1)"),
    ],
)
def test_bad_source_id_is_one_located_line(project_copy, value, message):
    def edit(rows, fields):
        rows[1]["source_id"] = value

    rewrite(project_copy.data / "source_assessments.csv", edit)
    assert str(only_problem(project_copy)) == (
        f"data/source_assessments.csv:3: row 2, column 'source_id': {message}"
    )


def test_assessment_text_is_one_line_of_plain_text(project_copy):
    def edit(rows, fields):
        rows[0]["why"] = "first line\nsecond line"

    rewrite(project_copy.data / "source_assessments.csv", edit)
    p = only_problem(project_copy)
    assert (p.file, p.row, p.column) == ("data/source_assessments.csv", 1, "why")
    assert "one line of text" in p.message


def test_findings_are_computed(cat):
    sentence = overview.corpus_finding(cat)
    numbers = [int(n) for n in re.findall(r"\b\d+\b", sentence)]
    assert len(cat.figures) in numbers and len(cat.events) in numbers
    assert overview.figures_chart_title(cat).count(str(len(cat.figures))) == 1
    top = cat.figures["source_id"].value_counts().idxmax()
    for text in (sentence, overview.figures_chart_title(cat), overview.timeline_finding(cat)):
        assert raw_ids(cat, text) == [] and ".csv" not in text, text
    assert overview.source_name(cat, top) in overview.figures_chart_title(cat)
    assert sentence.startswith("The five articles")


@pytest.mark.parametrize(
    "amount, text",
    [(1.7e9, "$1.7bn"), (560_000, "$560k"), (4.5e6, "$4.5m"), (150e6, "$150m"), (950, "$950")],
)
def test_format_usd(amount, text):
    assert format_usd(amount) == text
