"""Notebooks are stored clean, carry a parameters cell, and are all in the report."""

from __future__ import annotations

import json

import pytest

from rukg import config


def notebooks(paths):
    return sorted(p for p in paths.notebooks.glob("*.ipynb"))


def test_every_notebook_is_in_the_report_order(real_paths):
    assert sorted(p.name for p in notebooks(real_paths)) == sorted(config.REPORT_NOTEBOOKS)


@pytest.mark.parametrize("name", config.REPORT_NOTEBOOKS)
def test_notebook_is_clean(real_paths, name):
    nb = json.loads((real_paths.notebooks / name).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        assert cell.get("id"), "cells need stable ids for a deterministic report"
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{name}: cell {cell['id']} has stored outputs"
            assert cell["execution_count"] is None, (
                f"{name}: cell {cell['id']} has an execution count"
            )


@pytest.mark.parametrize("name", config.REPORT_NOTEBOOKS)
def test_notebook_has_one_parameters_cell(real_paths, name):
    nb = json.loads((real_paths.notebooks / name).read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
