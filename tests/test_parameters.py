"""Parameters: one definition (rukg.analysis.parameters), refused in one line before any kernel starts,
and each at a non-default value builds a correct report (notebooks run in-process)."""

from __future__ import annotations

import ast
import csv
import os
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from notebook_run import run_notebook

from rukg import config
from rukg.analysis import parameters, security
from rukg.analysis.parameters import DEFAULTS, PARAMETERS, ParameterError, load_params
from rukg.build import cli, execute, report
from rukg.errors import BuildError
from rukg.present import appendix

ROOT = Path(__file__).resolve().parents[1]
NAMES = "base_year, index_base_year, treaty_extensions, use_later_facts"


def cpi_full_years() -> list[int]:
    """The full years of the CPI table, read here independently of the package."""
    months: dict[int, int] = {}
    with (ROOT / "data/reference/prices/us_cpi_u_monthly.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            year = int(row["Date"][:4])
            months[year] = months.get(year, 0) + 1
    return sorted(y for y, n in months.items() if n == 12)


@pytest.fixture
def params_file(tmp_path, monkeypatch):
    """Write ``params.yaml`` (text or bytes) in a temporary working folder; return its name."""
    monkeypatch.chdir(tmp_path)

    def write(content: str | bytes) -> str:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (tmp_path / "params.yaml").write_bytes(data)
        return "params.yaml"

    return write


def refused(name: str, paths: config.Paths) -> str:
    with pytest.raises(ParameterError) as e:
        load_params(name, paths)
    assert isinstance(e.value, BuildError)  # the CLI prints BuildErrors in one line, exit 1
    message = str(e.value)
    assert "\n" not in message
    return message


# --- refusals: exact one-line messages --------------------------------------------------


def _ranges() -> dict[str, str]:
    cpi = cpi_full_years()
    return {"cpi": f"{cpi[0]} to {cpi[-1]}", "cpi_after": str(cpi[-1] + 1)}


REFUSALS = [
    (
        'use_later_facts: "false"\n',
        "params.yaml: 'use_later_facts' must be true or false (unquoted), got 'false' (text)",
    ),
    (
        "use_later_facts: 1\n",
        "params.yaml: 'use_later_facts' must be true or false (unquoted), got 1",
    ),
    (
        "use_later_facts:\n",
        "params.yaml: 'use_later_facts' must be true or false (unquoted), got nothing (null)",
    ),
    (
        "treaty_extensions: -1\n",
        "params.yaml: 'treaty_extensions' must be a whole number ≥ 0, got -1",
    ),
    (
        "treaty_extensions: 6\n",
        "params.yaml: 'treaty_extensions' must be at most 5 (more crowd the basing timeline past "
        "reading), got 6",
    ),
    (
        "treaty_extensions: true\n",
        "params.yaml: 'treaty_extensions' must be a whole number, got true",
    ),
    ("base_year: 2015.0\n", "params.yaml: 'base_year' must be a whole number, got 2015.0"),
    (
        "base_year: '2015'\n",
        "params.yaml: 'base_year' must be a whole number, got '2015' (text)",
    ),
    (
        "base_year: 2015-01-01\n",
        "params.yaml: 'base_year' must be a whole number, got 2015-01-01 (a date)",
    ),
    (
        "base_year: 1900\n",
        "params.yaml: 'base_year' must be a year from {cpi} (the full years of the US CPI-U "
        "table), got 1900",
    ),
    (
        "base_year: {cpi_after}\n",  # the year after the last full one: months missing
        "params.yaml: 'base_year' must be a year from {cpi} (the full years of the US CPI-U "
        "table), got {cpi_after}",
    ),
    (
        "index_base_year: 2022\n",  # the Kyrgyz series has 2022, the Russian one stops in 2021
        "params.yaml: 'index_base_year' must be a year from 1994 to 2021 (the years both official "
        "trade series report), got 2022",
    ),
    ("base_year: twenty\n", "params.yaml: 'base_year' must be a whole number, got 'twenty' (text)"),
    ("foo: 1\n", f"params.yaml: unknown parameter 'foo'; the parameters are {NAMES}"),
    (
        "x" * 60 + ": 1\n",
        f"params.yaml: unknown parameter '{'x' * 37}...'; the parameters are {NAMES}",
    ),
    (
        "base_yaer: 2015\n",
        f"params.yaml: unknown parameter 'base_yaer' (did you mean 'base_year'?); the parameters are {NAMES}",
    ),
    (
        "project_root: /tmp\n",
        "params.yaml: 'project_root' is not a parameter: the build sets it (--root, or "
        f"$RUKG_ROOT); the parameters are {NAMES}",
    ),
    ("2015: 1\n", "params.yaml: parameter names must be text, got 2015"),
    ("yes: 1\n", "params.yaml: parameter names must be text, got true"),  # YAML 1.1: yes is true
    (
        "- base_year: 2015\n",
        "params.yaml: expected a mapping of parameter names to values (one 'name: value' per "
        "line), got a list",
    ),
    (
        "base_year 2015\n",
        "params.yaml: expected a mapping of parameter names to values (one 'name: value' per "
        "line), got text",
    ),
    (
        "base_year: 2015\nuse_later_facts: [true\n",
        "params.yaml: line 3, column 1: not valid YAML: expected ',' or ']', but got '<stream end>'",
    ),
    (
        "base_year: 2015\n  use_later_facts: true\n",
        "params.yaml: line 2, column 18: not valid YAML: mapping values are not allowed here",
    ),
    (
        "base_year:\t2015\n",
        "params.yaml: line 1, column 11: not valid YAML: found character '\\t' that cannot start any token",
    ),
    (
        "base_year: !!python/object/apply:os.system ['true']\n",
        "params.yaml: line 1, column 12: not valid YAML: could not determine a constructor for "
        "the tag 'tag:yaml.org,2002:python/object/apply:os.system'",
    ),
    (
        "base_year: 2015\n---\nbase_year: 2016\n",
        "params.yaml: line 2, column 1: not valid YAML: but found another document",
    ),
    (
        "base_year: 2015\nbase_year: 2016\n",
        "params.yaml: line 2: 'base_year' is given twice (first on line 1)",
    ),
    (
        b"base_year: 2015\n# caf\xe9\n",  # Latin-1
        "params.yaml: line 2: not UTF-8 (byte 0xe9 at column 6); save the file as UTF-8",
    ),
    (
        b"\x89PNG\r\n\x1a\n",
        "params.yaml: line 1: not UTF-8 (byte 0x89 at column 1); save the file as UTF-8",
    ),
    (
        "base_year: 2015\x00\n",
        "params.yaml: line 1: control character U+0000 is not allowed in YAML",
    ),
]


@pytest.mark.parametrize("content, message", REFUSALS, ids=[repr(c)[:40] for c, _ in REFUSALS])
def test_bad_parameters_file_is_refused_in_one_line(params_file, real_paths, content, message):
    ranges = _ranges()
    if isinstance(content, str):
        content = content.format(**ranges)
    assert refused(params_file(content), real_paths) == message.format(**ranges)


def test_a_parameters_path_must_be_a_regular_file(tmp_path, monkeypatch, real_paths):
    monkeypatch.chdir(tmp_path)
    assert refused("missing.yaml", real_paths) == "missing.yaml: no such file"
    (tmp_path / "folder").mkdir()
    assert refused("folder", real_paths) == "folder: is a directory, not a parameters file"
    os.mkfifo(tmp_path / "pipe")
    assert refused("pipe", real_paths) == (
        "pipe: not a regular file (give the path of a YAML file)"
    )
    (tmp_path / "big.yaml").write_text("# x\n" * 20_000, encoding="utf-8")
    assert refused("big.yaml", real_paths) == (
        "big.yaml: 80,000 bytes is too large for a parameters file (at most 64 KiB)"
    )


def test_valid_files_are_accepted(params_file, real_paths):
    assert load_params(None, real_paths) == {}
    assert load_params(params_file(""), real_paths) == {}
    assert load_params(params_file("# nothing changed\n"), real_paths) == {}
    assert load_params(params_file("\ufeffbase_year: 2015\n"), real_paths) == {"base_year": 2015}
    every = "base_year: 1913\nindex_base_year: 1994\nuse_later_facts: false\ntreaty_extensions: 5\n"
    assert load_params(params_file(every), real_paths) == {
        "base_year": 1913,
        "index_base_year": 1994,
        "use_later_facts": False,
        "treaty_extensions": 5,
    }


def test_ranges_come_from_the_data(real_paths):
    assert parameters.cpi_years(real_paths) == cpi_full_years()
    from rukg.analysis import trade

    turnover = trade.official_turnover(trade.official(real_paths))
    assert parameters.trade_years(real_paths) == sorted(turnover.dropna(how="any").index)


def _readme_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("**Change a parameter.**")
    return readme[start : readme.index("\n\n**", start)]


def test_readme_example_is_accepted(tmp_path, real_paths):
    section = _readme_section()
    printf = re.search(r"^printf '([^']*)' > params\.yaml$", section, re.M)
    assert printf, "the README's parameter example is gone"
    path = tmp_path / "params.yaml"
    path.write_text(printf.group(1).replace("\\n", "\n"), encoding="utf-8")
    values = load_params(path, real_paths)
    assert values and set(values) <= set(PARAMETERS)
    assert {k: v for k, v in values.items() if v == DEFAULTS[k]} == {}, (
        "the example sets a parameter to its default"
    )


def test_readme_lists_every_parameter_with_its_range(real_paths):
    rows = {
        m.group(1): m.group(0) for m in re.finditer(r"^\| `(\w+)` \|.*$", _readme_section(), re.M)
    }
    assert set(rows) == set(PARAMETERS)
    for name, p in PARAMETERS.items():
        default = f"`{str(p.default).lower()}`" if p.type is bool else str(p.default)
        assert f"| {default} |" in rows[name], name
        assert rows[name].replace("`", "").endswith(f"| {p.meaning} |"), name
    cpi, years = parameters.cpi_years(real_paths), parameters.trade_years(real_paths)
    assert f"{cpi[0]}–{cpi[-1]}" in rows["base_year"]
    assert f"{years[0]}–{years[-1]}" in rows["index_base_year"]
    assert f"0 to {parameters.MAX_TREATY_EXTENSIONS}" in rows["treaty_extensions"]


def test_cli_refuses_bad_parameters_before_touching_the_data(project_copy, tmp_path, capsys):
    # The data are broken too: the parameters file is what the build must report, at once.
    project_copy.figures_csv.write_text("not,a,catalogue\n", encoding="utf-8")
    bad = tmp_path / "params.yaml"
    bad.write_text('use_later_facts: "false"\n', encoding="utf-8")
    code = cli.main(["--root", str(project_copy.root), "build", "--params", str(bad)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        f"build: {bad}: 'use_later_facts' must be true or false (unquoted), got "
        "'false' (text); nothing was built"
    ]


# --- notebooks and the module agree -----------------------------------------------------


def _parameters_cell(nb) -> str:
    [cell] = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    return cell.source


@pytest.mark.parametrize("name", config.REPORT_NOTEBOOKS)
def test_parameters_cell_declares_only_module_parameters_at_their_defaults(real_paths, name):
    nb = nbformat.read(real_paths.notebooks / name, as_version=4)
    source = _parameters_cell(nb)
    body = ast.parse(source).body
    # Nothing but `name = default` lines: no project_root, no logic.
    for stmt in body:
        assert isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
        assert isinstance(stmt.targets[0], ast.Name)
    names = [stmt.targets[0].id for stmt in body]
    assert names == report.parameter_names(nb)
    assert set(names) <= set(PARAMETERS), f"{name} declares {set(names) - set(PARAMETERS)}"
    values: dict = {"config": config}
    exec(source, values)
    for n in names:
        assert values[n] == DEFAULTS[n] and type(values[n]) is PARAMETERS[n].type, (name, n)
    # Each declared parameter is used by the notebook's other cells.
    rest = "\n".join(c.source for c in nb.cells if c.cell_type == "code" and c.source != source)
    for n in names:
        assert re.search(rf"\b{n}\b", rest), f"{name} declares {n} but never uses it"


def test_every_parameter_is_declared_somewhere_and_check_params_agrees(real_paths):
    declared = report.declared_parameters(real_paths)
    assert set(PARAMETERS) == {n for names in declared.values() for n in names}
    report.check_params({}, real_paths)
    report.check_params({"base_year": 2015, "use_later_facts": False}, real_paths)
    with pytest.raises(ParameterError, match="'project_root' is not a parameter"):
        report.check_params({"project_root": "/tmp"}, real_paths)
    with pytest.raises(ParameterError, match="must be a whole number ≥ 0, got -1"):
        report.check_params({"treaty_extensions": -1}, real_paths)


def test_a_stray_name_in_a_parameters_cell_stops_the_build(project_copy):
    path = project_copy.notebooks / "summary.ipynb"
    nb = nbformat.read(path, as_version=4)
    [cell] = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    cell.source += "\nproject_root = None"
    nbformat.write(nb, path)
    with pytest.raises(BuildError, match="summary.ipynb: the parameters cell sets project_root"):
        report.check_params({}, project_copy)


def test_failing_cell_is_numbered_as_the_notebook_shows_it():
    nb = nbformat.v4.new_notebook()
    parameters_cell = nbformat.v4.new_code_cell("base_year = 2023")
    parameters_cell.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_code_cell("import x"),
        parameters_cell,
        nbformat.v4.new_markdown_cell("# Heading"),
        nbformat.v4.new_code_cell("1 / 0"),
    ]
    nb = report.inject_parameters(nb, {"base_year": 2015})
    assert len(nb.cells) == 5
    nb.cells[4].outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError")]
    assert execute.failed_cell(nb) == "cell 4"
    nb.cells[4].outputs = []
    nb.cells[2].outputs = [nbformat.v4.new_output("error", ename="NameError")]
    assert execute.failed_cell(nb) == "the injected parameters cell"


def test_methodology_prints_parameters_in_words():
    text = appendix.methodology(
        {
            "base_year": 2015,
            "index_base_year": 2000,
            "use_later_facts": False,
            "treaty_extensions": 1,
        }
    )
    assert (
        "| Constant dollars are US dollars of | 2015 (default: 2023) | `base_year: 2015` |" in text
    )
    assert "| The trade index is 100 in | 2000 | `index_base_year: 2000` |" in text
    assert (
        "| Later reporting used to update the statuses of aid | no (default: yes) | "
        "`use_later_facts: false` |" in text
    )
    assert "True" not in text and "False" not in text


# --- each parameter at a non-default value: the notebooks that declare it, run in-process ---


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of what the notebooks read, shared by the runs below (they only read it)."""
    root = tmp_path_factory.mktemp("params") / "project"
    for name in ("data", "notebooks"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("pyproject.toml", "requirements.lock"):
        shutil.copy2(ROOT / name, root / name)
    return root


def run_notebooks(root: Path, figures: Path, params: dict) -> dict[str, tuple[dict, list[str]]]:
    """Each notebook that declares one of ``params``, run in this process with the values
    injected (tests/notebook_run.py): its namespace and what it displayed."""
    out = {}
    for name in config.REPORT_NOTEBOOKS:
        nb = nbformat.read(root / "notebooks" / name, as_version=4)
        if set(params) & set(report.parameter_names(nb)):
            out[name] = run_notebook(root, name, figures, params)
    return out


# Every parameter at a non-default value, in one run of the notebooks (each notebook once:
# these runs are among the suite's slowest steps). Each test below checks its own
# parameter's effect; the values do not interact (constant dollars do not depend on
# statuses, the index and the basing timeline on neither).
NON_DEFAULT = {
    "base_year": 2015,
    "use_later_facts": False,
    "treaty_extensions": 3,
    "index_base_year": 2010,
}


@pytest.fixture(scope="module")
def non_default(project, tmp_path_factory):
    figures = tmp_path_factory.mktemp("figures")
    return run_notebooks(project, figures, NON_DEFAULT), figures


# The notebooks that take base_year and use_later_facts and build the commitments table.
WITH_COMMITMENTS = (
    "summary.ipynb",
    "01_security.ipynb",
    "02_economics.ipynb",
    "03_geopolitics.ipynb",
)


def _cpi(year: int) -> float:
    rows = list(csv.DictReader((ROOT / "data/reference/prices/us_cpi_u_monthly.csv").open()))
    values = [float(r["Index"]) for r in rows if r["Date"].startswith(f"{year}-")]
    return sum(values) / len(values)


@pytest.mark.slow
def test_base_year_changes_the_constant_dollars(non_default):
    runs, figures = non_default
    assert {*WITH_COMMITMENTS, "appendix.ipynb"} <= set(runs)
    for name in WITH_COMMITMENTS:
        c = runs[name][0]["inputs"].commitments
        priced = c[c["amount_usd"].notna()]
        assert (priced["base_year"] == 2015).all(), name
        for _, r in priced.iterrows():
            expected = r["amount_usd"] * _cpi(2015) / _cpi(r["year"])
            assert r["amount_const_usd"] == pytest.approx(expected, rel=1e-9), (name, r["part_id"])
    summary = "\n".join(runs["summary.ipynb"][1])
    assert "in 2015 dollars" in summary and "in 2023 dollars" not in summary
    chart = (figures / "economics_aid_outcomes.svg").read_text(encoding="utf-8")
    assert "constant 2015 US dollars" in chart
    assert "| 2015 (default: 2023) | `base_year: 2015` |" in "\n".join(runs["appendix.ipynb"][1])


@pytest.mark.slow
def test_later_facts_off_keeps_the_articles_statuses(non_default):
    runs, figures = non_default
    assert {*WITH_COMMITMENTS, "appendix.ipynb"} <= set(runs)
    for name in WITH_COMMITMENTS:
        c = runs[name][0]["inputs"].commitments
        assert c["later_status"].isna().all() and c["later_amount_usd"].isna().all(), name
        assert c["later_sources"].isna().all(), name
    # With the default, later reporting does change statuses: the parameter has an effect.
    defaults = runs["summary.ipynb"][0]
    from rukg.analysis import aid

    on = aid.commitments_table(defaults["inputs"].cat, defaults["inputs"].paths, config.BASE_YEAR)
    assert on["later_status"].notna().any()
    summary = "\n".join(runs["summary.ipynb"][1])
    assert "No later reporting on the pledges is used in this build" in summary
    assert "was delivered (" not in summary
    economics = runs["02_economics.ipynb"][0]
    # Without later reporting, only what the articles themselves report as delivered counts.
    t = economics["inputs"].transfers
    articles_delivered = set(c.loc[c["status"] == "delivered", "part_id"])
    assert (t.loc[~t["part_id"].isin(articles_delivered), "delivered"] == 0).all()
    chart = (figures / "economics_aid_outcomes.svg").read_text(encoding="utf-8")
    assert "Pledges only" in chart and "nan%" not in chart
    military = (figures / "security_military_aid.svg").read_text(encoding="utf-8")
    assert "nan%" not in military
    assert "| no (default: yes) | `use_later_facts: false` |" in "\n".join(
        runs["appendix.ipynb"][1]
    )


@pytest.mark.slow
def test_treaty_extensions_move_the_computed_end_year(non_default):
    runs, figures = non_default
    assert {"01_security.ipynb", "appendix.ipynb"} <= set(runs)
    ns = runs["01_security.ipynb"][0]
    terms = security.basing_terms(ns["inputs"].cat)
    first_end = pd.Timestamp(terms["entry_into_force"]).year + terms["initial_years"]
    end = first_end + 3 * terms["extension_years"]
    band = security.russia_presence(ns["inputs"].cat, ns["inputs"].paths, extensions=3)
    assert band["end"].max().year == end and (band["stage"] == "renewal").sum() >= 3
    chart = (figures / "security_basing_timeline.svg").read_text(encoding="utf-8")
    assert f"to {end}" in chart and f"to {end + terms['extension_years']}" not in chart
    assert "| 3 (default: 1) | `treaty_extensions: 3` |" in "\n".join(runs["appendix.ipynb"][1])


@pytest.mark.slow
def test_index_base_year_is_100_in_that_year(non_default):
    runs, figures = non_default
    assert {"02_economics.ipynb", "appendix.ipynb"} <= set(runs)
    index = runs["02_economics.ipynb"][0]["inputs"].trade_index
    at_base = index[index["year"] == 2010]
    assert sorted(at_base["reporter"]) == ["KG", "RU"]
    assert at_base["index"].tolist() == pytest.approx([100.0, 100.0])
    assert not (index[index["year"] == config.INDEX_BASE_YEAR]["index"] == 100).all()
    prose = "\n".join(runs["02_economics.ipynb"][1]).replace("\\", "")  # Markdown escapes
    growth = index[index["reporter"] == "KG"].set_index("year")["index"].iloc[-1] / 100
    assert f"Measured from 2010, trade had grown {growth:.1f} times by the Kyrgyz count" in prose
    assert "| 2010 (default: 2000) | `index_base_year: 2010` |" in "\n".join(
        runs["appendix.ipynb"][1]
    )
