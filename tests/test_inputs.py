"""The figures' inputs: in a kernel of the build, the catalogue and the chapters' tables
come from the build; a notebook run by hand makes its own."""

from __future__ import annotations

import pytest

from rukg import memo
from rukg.catalogue import load
from rukg.present import inputs as inputs_module
from rukg.present.inputs import CATALOGUE_ENV, TABLES, Inputs, catalogue_for, write_validated
from rukg.reference import tables


@pytest.fixture
def handed(real_paths, tmp_path, monkeypatch):
    """What the build hands its kernels, at the default parameters, in the environment."""
    pickled = tmp_path / "catalogue.pickle"
    write_validated(Inputs.for_build(real_paths, load(real_paths), {}), pickled)
    monkeypatch.setenv(CATALOGUE_ENV, str(pickled))
    return pickled


def test_a_kernel_of_the_build_reads_the_validated_catalogue(real_paths, tmp_path, monkeypatch):
    cat = load(real_paths)
    marked = cat.__class__(**{**cat.__dict__, "figures": cat.figures.assign(marked=True)})
    pickled = tmp_path / "catalogue.pickle"
    write_validated(Inputs(real_paths, marked), pickled)
    monkeypatch.setenv(CATALOGUE_ENV, str(pickled))
    assert "marked" in catalogue_for(real_paths).figures.columns


def test_a_kernel_of_the_build_takes_the_tables_validation_checked(real_paths, handed, monkeypatch):
    """What the build's validation computed from files reaches the kernel: a table it
    checked is answered from the build's result, not checked again."""
    # A kernel starts with empty memos: forget this process's, then read the handover.
    for m in memo._MEMOS.values():
        monkeypatch.setattr(m, "_entries", {})
    catalogue_for(real_paths)
    checked = []
    monkeypatch.setattr(tables, "schema_problems", lambda *a: checked.append(a) or (None, []))
    assert len(tables.read(real_paths, "leaders")) > 0
    assert checked == [], "the kernel checked a table the build had checked"


def test_a_chapter_at_the_build_s_parameters_computes_no_table(real_paths, handed, monkeypatch):
    """Each table is computed once per build: a chapter's Inputs start with every one."""
    monkeypatch.setattr(inputs_module.aid, "commitments_table", None)  # would fail if called
    chapter = Inputs(real_paths)
    assert set(TABLES) <= set(vars(chapter)), "a table was not handed over"
    assert len(chapter.commitments) > 0


def test_a_chapter_at_other_parameters_computes_its_own(real_paths, handed):
    chapter = Inputs(real_paths, base_year=2015)
    assert not set(TABLES) & set(vars(chapter))
    assert chapter.commitments is not None and chapter.base_year == 2015


def test_a_notebook_run_by_hand_validates_the_data(real_paths, monkeypatch):
    monkeypatch.delenv(CATALOGUE_ENV, raising=False)
    assert len(catalogue_for(real_paths).figures) == len(load(real_paths).figures)
