"""Numbers glued in code cells and quoted by name in Markdown (:mod:`rukg.present.glue`).

Most tests build small notebooks in memory with the outputs :func:`rukg.present.glue.glue`
really displays; one executes a tiny notebook on a kernel through the build's own
functions.
"""

from __future__ import annotations

import time

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from rukg import config
from rukg.build import export, report
from rukg.errors import BuildError
from rukg.escape import md_text
from rukg.present import glue


def glued(monkeypatch, *args, **kwargs) -> dict:
    """The bundle glue() displays, captured instead of shown."""
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: shown.append((obj, raw)))
    glue.glue(*args, **kwargs)
    assert len(shown) == 1 and shown[0][1] is True
    return shown[0][0]


def glue_cell(monkeypatch, *calls) -> nbformat.NotebookNode:
    """A code cell whose outputs are those of the given glue calls."""
    cell = new_code_cell("# glue calls")
    for args, kwargs in calls:
        cell.outputs.append(new_output("display_data", data=glued(monkeypatch, *args, **kwargs)))
    return cell


def notebook(*cells) -> nbformat.NotebookNode:
    return new_notebook(cells=list(cells))


FORMAT_CASES = {
    "usd": [(560_000, "$560k"), (4.5e6, "$4.5m"), (1.7e9, "$1.7bn")],
    "pct": [(0.191, "19%"), (1, "100%"), (-0.001, "0%")],
    "pct1": [(0.1912, "19.1%"), (0.19, "19.0%")],
    "pp": [(35.12, "35.1%"), (21.0, "21%"), (np.float64(7.25), "7.2%")],
    "int": [(137_000, "137,000"), (np.int64(1234567), "1,234,567"), (12.6, "13")],
    "year": [(2023, "2023"), (np.int32(2006), "2006"), (2012.0, "2012")],
    "times": [(2.66, "2.7 times"), (3, "3 times")],
    "num": [(1234.5, "1,234.5"), (0.25, "0.25"), (2_500_000, "2,500,000")],
}


def test_every_format_is_tested():
    assert set(glue.FORMATS) == set(FORMAT_CASES)


@pytest.mark.parametrize(
    "fmt,value,text", [(f, v, t) for f, cases in FORMAT_CASES.items() for v, t in cases]
)
def test_formats(monkeypatch, fmt, value, text):
    bundle = glued(monkeypatch, "x", value, fmt)
    assert bundle[glue.MIME] == {"name": "x", "text": text, "markdown": False}


def test_text_plain_shows_the_value_in_jupyterlab(monkeypatch):
    assert glued(monkeypatch, "exports", 4.5e6, "usd")["text/plain"] == "exports = $4.5m"
    assert glued(monkeypatch, "who", "Putin")["text/plain"] == "who = Putin"


@pytest.mark.parametrize("name", ["", "Exports", "1st", "two words", "a-b", "é", None])
def test_bad_names_are_refused(monkeypatch, name):
    with pytest.raises(ValueError, match="must match"):
        glued(monkeypatch, name, 1, "int")


@pytest.mark.parametrize(
    "value,fmt,message",
    [
        (True, "int", "not text or a number"),
        (np.bool_(True), "int", "not text or a number"),
        (None, "int", "not text or a number"),
        ([1], "int", "not text or a number"),
        (float("nan"), "pct", "not a finite number"),
        (np.float64("inf"), "usd", "not a finite number"),
        (3, None, "needs fmt"),
        (3, "dollars", "unknown fmt 'dollars'"),
        ("text", "usd", "fmt 'usd' is for numbers"),
        (2023.5, "year", "not a whole year"),
    ],
)
def test_bad_values_are_refused_naming_the_glue(monkeypatch, value, fmt, message):
    with pytest.raises(ValueError, match=message) as err:
        glued(monkeypatch, "share_ru", value, fmt)
    assert "'share_ru'" in str(err.value)


def test_references_in_order():
    text = "# {glue}`a` and {glue}`b`\n\n| x |\n|---|\n| {glue}`a` |\n{glue}`Bad name`"
    assert glue.references(text) == ["a", "b", "a", "Bad name"]
    assert glue.references("no {glue} here, `code` and {glue} `spaced`") == []


HOSTILE = ["*bold*", "<script>alert(1)</script>", "[x](javascript:alert(1))", "{glue}`y`"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_values_are_escaped(text):
    values = {"t": glue.GlueValue("t", text), "y": glue.GlueValue("y", "Y")}
    assert glue.substitute("Said {glue}`t`.", values) == f"Said {md_text(text)}."


def test_markdown_values_pass_through(monkeypatch):
    bundle = glued(monkeypatch, "link", "[RFE/RL](https://www.rferl.org)", markdown=True)
    assert bundle[glue.MIME]["markdown"] is True
    values = {"link": glue.GlueValue("link", bundle[glue.MIME]["text"], True)}
    assert glue.substitute("See {glue}`link`.", values) == "See [RFE/RL](https://www.rferl.org)."
    with pytest.raises(ValueError, match="markdown=True is for text"):
        glued(monkeypatch, "n", 3, "int", markdown=True)


def test_apply_substitutes_and_removes_glue_outputs(monkeypatch):
    cell = glue_cell(monkeypatch, (("total", 1.7e9, "usd"), {}), (("year", 2023, "year"), {}))
    cell.outputs.append(new_output("stream", name="stdout", text="kept\n"))
    nb = notebook(
        new_markdown_cell("# Aid of {glue}`total`"), cell, new_markdown_cell("In {glue}`year`.")
    )
    before = nbformat.writes(nb)
    out = glue.apply(nb, "notebooks/t.ipynb")
    assert [c.source for c in out.cells if c.cell_type == "markdown"] == [
        "# Aid of \\$1.7bn",  # escaped: two dollars in a line must not become maths
        "In 2023.",
    ]
    assert [o.output_type for o in out.cells[1].outputs] == ["stream"]
    assert nbformat.writes(nb) == before  # the cached notebook keeps its glue outputs
    assert glue.values(nb) == {
        "total": glue.GlueValue("total", "$1.7bn"),
        "year": glue.GlueValue("year", "2023"),
    }


def test_unknown_reference_names_notebook_and_cell(monkeypatch):
    injected = new_code_cell("x = 1")
    injected.metadata["tags"] = ["injected-parameters"]
    nb = notebook(
        new_code_cell("x = 0"),
        injected,  # not counted, as for a failing cell
        glue_cell(monkeypatch, (("a", 1, "int"), {})),
        new_markdown_cell("{glue}`a` and {glue}`missing`"),
    )
    with pytest.raises(BuildError) as err:
        glue.apply(nb, "notebooks/t.ipynb")
    assert str(err.value) == (
        'notebooks/t.ipynb, cell 3: {glue}`missing` has no value (glue("missing", …) is never called)'
    )


def test_name_glued_twice_with_different_values(monkeypatch):
    nb = notebook(
        glue_cell(monkeypatch, (("a", 1, "int"), {})),
        new_markdown_cell("text"),
        glue_cell(monkeypatch, (("a", 1, "int"), {})),  # the same value again is fine
        glue_cell(monkeypatch, (("a", 2, "int"), {})),
    )
    with pytest.raises(BuildError) as err:
        glue.values(nb, "notebooks/t.ipynb")
    assert str(err.value) == "notebooks/t.ipynb: 'a' glued twice (cells 1 and 4)"


def test_hostile_text_never_becomes_markup_in_html(monkeypatch):
    calls = [((f"h{i}", text), {}) for i, text in enumerate(HOSTILE)]
    refs = " ".join(f"{{glue}}`h{i}`" for i in range(len(HOSTILE)))
    nb = notebook(
        glue_cell(monkeypatch, *calls), new_markdown_cell(f"## Heading {{glue}}`h0`\n\n{refs}")
    )
    html = export.body_html(nb, export.make_exporter(), "notebooks/t.ipynb")
    for bad in ("<script", "<em>", "<strong>", "<code>", 'href="javascript', glue.MIME, "h0 = "):
        assert bad not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[x](javascript:alert(1)) {glue}`y`</p>" in html  # text, not a link or a reference
    assert "Heading *bold*" in html


def test_a_notebook_executed_by_the_build(tmp_path):
    """Glue called on a real kernel reaches the prose, headings and tables of the HTML."""
    params = new_code_cell("base_year = 2023")
    params.metadata["tags"] = ["parameters"]
    nb = notebook(
        params,
        new_code_cell(
            "from rukg.present.glue import glue\n"
            "glue('share', 0.191, 'pct')\nglue('value', 4.5e6, 'usd')\nglue('who', '*Moscow*')"
        ),
        new_markdown_cell("# {glue}`share` of trade\n\n| who | value |\n|---|---|\n"),
        new_markdown_cell("| who | value |\n|---|---|\n| {glue}`who` | {glue}`value` |"),
    )
    (tmp_path / "notebooks").mkdir()
    path = tmp_path / "notebooks" / "t.ipynb"
    nbformat.write(nb, path)
    start = time.monotonic()
    executed = report.execute(path, config.paths(tmp_path), tmp_path, {"base_year": 2015})
    assert time.monotonic() - start < 30
    assert glue.values(executed)["who"] == glue.GlueValue("who", "*Moscow*")
    html = export.body_html(executed, export.make_exporter(), "notebooks/t.ipynb")
    assert "19% of trade" in html
    assert "<td>*Moscow*</td>" in html and "<td>$4.5m</td>" in html
    assert "share = 19%" not in html
