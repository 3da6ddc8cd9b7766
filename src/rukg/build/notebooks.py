"""The report's notebooks as files: read safely, their ``parameters`` cell read and
given the build's values, and the build's parameters checked against them."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from rukg import config
from rukg.analysis.parameters import PARAMETERS, validate
from rukg.config import Paths
from rukg.errors import BuildError
from rukg.files import file_problem

__all__ = [
    "read_notebook",
    "parameter_names",
    "inject_parameters",
    "declared_parameters",
    "check_params",
]


def _is_parameters(cell) -> bool:
    return "parameters" in cell.get("metadata", {}).get("tags", [])


def read_notebook(path: Path, label: str) -> nbformat.NotebookNode:
    """A notebook, or a :class:`BuildError` in one line naming it (never a traceback; a
    pipe or a directory in its place is refused without being opened)."""
    if problem := file_problem(path, label):
        raise BuildError(f"{label}: {problem.message}")
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as e:  # nbformat raises JSON, schema and version errors of many kinds
        what = (str(e).strip().splitlines() or [type(e).__name__])[0][:200]
        raise BuildError(f"{label}: not a valid notebook ({what})") from None
    return nb


def parameter_names(nb: nbformat.NotebookNode) -> list[str]:
    """Names assigned in the notebook's cell tagged ``parameters``."""
    cells = [c for c in nb.cells if _is_parameters(c)]
    if len(cells) != 1:
        raise BuildError(f"expected one cell tagged 'parameters', found {len(cells)}")
    return re.findall(r"^([A-Za-z_]\w*)\s*=", cells[0].source, re.M)


def inject_parameters(nb: nbformat.NotebookNode, params: dict) -> nbformat.NotebookNode:
    """Add a cell after the ``parameters`` cell setting the given values (papermill's convention).

    Only names the notebook declares are set; the report's methodology prints
    the values actually used.
    """
    names = parameter_names(nb)
    given = {k: v for k, v in params.items() if k in names}
    if not given:
        return nb
    index = next(i for i, c in enumerate(nb.cells) if _is_parameters(c))
    cell = nbformat.v4.new_code_cell(
        "# Parameters injected by the build\n"
        + "\n".join(f"{k} = {v!r}" for k, v in sorted(given.items()))
    )
    cell.id = "injected-parameters"
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(index + 1, cell)
    return nb


def declared_parameters(paths: Paths) -> dict[str, list[str]]:
    """Per notebook of the report, the names its ``parameters`` cell declares."""
    declared = {}
    for name in config.REPORT_NOTEBOOKS:
        nb = read_notebook(paths.notebooks / name, f"notebooks/{name}")
        try:
            declared[name] = parameter_names(nb)
        except BuildError as e:
            raise BuildError(f"notebooks/{name}: {e}") from None
    return declared


def check_params(params: dict, paths: Paths) -> None:
    """The parameters are those :mod:`rukg.analysis.parameters` defines, with valid values, and the
    notebooks' ``parameters`` cells declare only those (each used by at least one notebook)."""
    declared = declared_parameters(paths)
    for name, names in declared.items():
        stray = sorted(set(names) - set(PARAMETERS))
        if stray:
            raise BuildError(
                f"notebooks/{name}: the parameters cell sets {', '.join(stray)}, which "
                "rukg.analysis.parameters does not define; only user parameters belong there"
            )
    unused = sorted(set(PARAMETERS) - {n for names in declared.values() for n in names})
    if unused:
        raise BuildError(f"no notebook declares the parameter(s) {', '.join(unused)}")
    validate(params, paths)
