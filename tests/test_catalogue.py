"""Validation on the real data, and on broken copies: each error names file, row and column."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from rukg.build.validate import problems as validate
from rukg.catalogue import load
from rukg.reference.columns import dated, stated_date
from rukg.tableio.columns import iso_date_ok, pattern_compiles


def rewrite(path, edit):
    """Apply ``edit(rows, fieldnames)`` to a CSV and write it back."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = list(reader.fieldnames), list(reader)
    fields = edit(rows, fields) or fields
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows([{k: r.get(k, "") for k in fields} for r in rows])


def only_problem(paths):
    problems = validate(paths)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_real_data_is_valid(real_paths):
    assert validate(real_paths) == []
    cat = load(real_paths)
    assert len(cat.sources) == 5
    assert cat.figures["id"].is_unique and cat.events["id"].is_unique


def test_missing_column(project_copy):
    def drop_unit(rows, fields):
        return [f for f in fields if f != "unit"]

    rewrite(project_copy.figures_csv, drop_unit)
    problems = validate(project_copy)
    assert any(
        p.file == "data/figures.csv" and p.column == "unit" and "missing" in p.message
        for p in problems
    ), problems


def test_extra_column(project_copy):
    def add(rows, fields):
        for r in rows:
            r["colour"] = "red"
        return [*fields, "colour"]

    rewrite(project_copy.events_csv, add)
    p = only_problem(project_copy)
    assert (p.file, p.row, p.column) == ("data/events.csv", None, "colour")


def test_unknown_source_id(project_copy):
    rewrite(project_copy.figures_csv, lambda rows, f: rows[2].update(source_id="nosuch"))
    p = only_problem(project_copy)
    assert (p.file, p.row, p.column) == ("data/figures.csv", 3, "source_id")


def test_quote_not_in_source(project_copy):
    rewrite(project_copy.figures_csv, lambda rows, f: rows[4].update(quote="a quote nobody wrote"))
    p = only_problem(project_copy)
    assert (p.file, p.row, p.column) == ("data/figures.csv", 5, "quote")
    assert "not found verbatim" in p.message


def test_value_disagreeing_with_quote(project_copy):
    def edit(rows, f):
        row = next(
            r
            for r in rows
            if r["quote"].endswith(
                "$1.7 billion in financing for a Soviet-era hydroelectric project"
            )
        )
        row["value"] = "1800000000"
        return None

    rewrite(project_copy.figures_csv, edit)
    p = only_problem(project_copy)
    assert p.file == "data/figures.csv" and p.column == "value"
    assert "$1.7 billion" in p.message


def test_currency_disagreeing_with_quote(project_copy):
    def edit(rows, f):
        row = next(r for r in rows if r["currency"] == "USD")
        row["currency"] = "RUB"

    rewrite(project_copy.figures_csv, edit)
    p = only_problem(project_copy)
    assert p.column == "currency"


def test_range_must_follow_the_wording(project_copy):
    def edit(rows, f):
        row = next(r for r in rows if r["quote"].startswith("Some 350"))
        row["high"] = "400"

    rewrite(project_copy.figures_csv, edit)
    p = only_problem(project_copy)
    assert (p.column, p.row) == ("high", 1)
    assert "'some' implies" in p.message


def test_old_roubles_before_1998(project_copy):
    def edit(rows, f):
        row = next(r for r in rows if r["currency"] == "RUR")
        row["currency"] = "RUB"

    rewrite(project_copy.figures_csv, edit)
    p = only_problem(project_copy)
    assert p.column == "currency" and "RUR before 1998" in p.message


def test_duplicate_id(project_copy):
    rewrite(project_copy.events_csv, lambda rows, f: rows[7].update(id=rows[6]["id"]))
    problems = validate(project_copy)
    assert {(p.file, p.row, p.column) for p in problems} >= {("data/events.csv", 8, "id")}
    assert all("duplicate" in p.message for p in problems)


def test_unparsable_date(project_copy):
    rewrite(project_copy.events_csv, lambda rows, f: rows[0].update(date="2006-13-02"))
    p = only_problem(project_copy)
    assert (p.file, p.row, p.column) == ("data/events.csv", 1, "date")


def test_date_not_matching_precision(project_copy):
    rewrite(project_copy.events_csv, lambda rows, f: rows[0].update(date_precision="month"))
    p = only_problem(project_copy)
    assert (p.row, p.column) == (1, "date_precision")


def test_unknown_unit(project_copy):
    rewrite(project_copy.figures_csv, lambda rows, f: rows[1].update(unit="furlongs"))
    problems = validate(project_copy)
    assert ("data/figures.csv", 2, "unit") in {(p.file, p.row, p.column) for p in problems}


def test_wrong_type(project_copy):
    rewrite(project_copy.figures_csv, lambda rows, f: rows[3].update(value="lots"))
    problems = validate(project_copy)
    assert ("data/figures.csv", 4, "value") in {(p.file, p.row, p.column) for p in problems}


def test_changed_source_file(project_copy):
    path = project_copy.sources_dir / "002_0d13ab68b11dd71d.txt"
    path.write_bytes(path.read_bytes().replace(b"15 years", b"16 years"))
    problems = validate(project_copy)
    assert ("data/sources.csv", 3, "sha256") in {(p.file, p.row, p.column) for p in problems}
    # The edit also breaks the figure quoting "15 years": both are reported.
    assert any(p.file == "data/figures.csv" and p.column == "quote" for p in problems)


def test_source_not_utf8(project_copy):
    path = project_copy.sources_dir / "004_e4d2f5cf2dec9cc3.txt"
    path.write_bytes(path.read_bytes().replace("’".encode(), b"\x92"))
    problems = validate(project_copy)
    assert any(
        p.file == "data/sources/004_e4d2f5cf2dec9cc3.txt" and "not UTF-8" in p.message
        for p in problems
    )


def test_stray_quote_character_names_the_row(project_copy):
    text = project_copy.dismissed_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    text[3] = text[3].replace(",", ',"', 1)
    project_copy.dismissed_csv.write_text("".join(text), encoding="utf-8")
    problems = validate(project_copy)
    assert problems and all(p.file == "data/audit_dismissed.csv" for p in problems)
    assert problems[0].row == 3


@pytest.mark.parametrize("content", ["", "id,source_id,quote,text,reason\n"])
def test_empty_or_header_only(project_copy, content):
    project_copy.dismissed_csv.write_text(content, encoding="utf-8")
    p = only_problem(project_copy)
    assert p.file == "data/audit_dismissed.csv" and p.row is None


def test_bom_and_crlf_are_harmless(project_copy):
    data = project_copy.figures_csv.read_bytes()
    project_copy.figures_csv.write_bytes(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    assert validate(project_copy) == []
    assert len(load(project_copy).figures) == data.count(b"\n") - 1


def test_problem_message_format(project_copy):
    rewrite(project_copy.figures_csv, lambda rows, f: rows[2].update(source_id="nosuch"))
    assert str(only_problem(project_copy)).startswith(
        "data/figures.csv:4: row 3, column 'source_id': "
    )


def test_validation_never_modifies_data(project_copy):
    before = {p: p.read_bytes() for p in project_copy.data.rglob("*") if p.is_file()}
    rewrite(project_copy.figures_csv, lambda rows, f: rows[2].update(source_id="nosuch"))
    before[project_copy.figures_csv] = project_copy.figures_csv.read_bytes()
    validate(project_copy)
    after = {p: p.read_bytes() for p in project_copy.data.rglob("*") if p.is_file()}
    assert after == before


def test_element_checks_answer_in_booleans_even_for_an_empty_column():
    """A column with no values left to check (all blank) gets a boolean answer, which
    pandas can combine with other checks (an empty str answer it will refuse)."""
    empty = pd.Series([], dtype="str")
    for answer in (
        iso_date_ok(empty),
        pattern_compiles(empty),
        stated_date(empty),
        dated(r"[0-9]{4}", "a year")._check_fn(empty),
    ):
        assert answer.dtype == bool
