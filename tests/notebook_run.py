"""A report notebook run in this process, as the build runs it but without a kernel.

A kernel takes seconds to start and the notebooks' imports more; tests that check what a
notebook computes and shows from changed data or parameters run it here instead. That the
notebooks run on kernels is the build's part, tested by the suite's one full build
(conftest's ``built_copy``).
"""

from __future__ import annotations

import ast
from pathlib import Path
from unittest import mock

import nbformat

from rukg.build import export, report
from rukg.present import glue


def _display_value(obj) -> str:
    data = getattr(obj, "data", None)
    return data if isinstance(data, str) else repr(obj)


def run_notebook(root: Path, name: str, figures: Path, params: dict) -> tuple[dict, list[str]]:
    """``notebooks/<name>`` of the project at ``root``, top to bottom with ``params``
    injected and charts saved in ``figures``: its namespace, and what it displayed (each
    output's HTML or Markdown text, then the prose with glued numbers filled in)."""
    nb = nbformat.read(root / "notebooks" / name, as_version=4)
    nb = report.inject_parameters(nb, params)
    shown: list[str] = []
    namespace: dict = {}
    glued: dict[str, glue.GlueValue] = {}

    def display(*objs, **_):
        for o in objs:
            if isinstance(o, dict) and glue.MIME in o:  # a glued value, for the prose
                v = o[glue.MIME]
                glued[v["name"]] = glue.GlueValue(v["name"], v["text"], v["markdown"])
            else:
                shown.append(_display_value(o))

    with (
        export.environment_set(
            RUKG_ROOT=str(root), RUKG_FIGURES_DIR=str(figures), MPLBACKEND="Agg"
        ),
        mock.patch("IPython.display.display", display),
    ):
        for number, cell in enumerate(nb.cells, 1):
            if cell.cell_type != "code":
                continue
            tree = ast.parse(cell.source)
            # A cell's last expression is displayed, as in Jupyter.
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            where = f"{name}, cell {number}"
            exec(compile(tree, where, "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), where, "eval"), namespace)
                if value is not None:
                    display(value)
    # The prose as the report prints it, numbers glued in.
    shown += [glue.substitute(c.source, glued) for c in nb.cells if c.cell_type == "markdown"]
    return namespace, shown
