"""The figures' inputs: the catalogue comes from the build when a build runs the kernel."""

from __future__ import annotations

from rukg import memo
from rukg.catalogue import load
from rukg.present.inputs import CATALOGUE_ENV, catalogue_for, write_validated
from rukg.reference import tables


def test_a_kernel_of_the_build_reads_the_validated_catalogue(real_paths, tmp_path, monkeypatch):
    cat = load(real_paths)
    marked = cat.__class__(**{**cat.__dict__, "figures": cat.figures.head(3)})
    pickled = tmp_path / "catalogue.pickle"
    write_validated(marked, pickled)
    monkeypatch.setenv(CATALOGUE_ENV, str(pickled))
    assert len(catalogue_for(real_paths).figures) == 3


def test_a_kernel_of_the_build_takes_the_tables_validation_checked(
    real_paths, tmp_path, monkeypatch
):
    """What the build's validation computed from files reaches the kernel: a table it
    checked is answered from the build's result, not checked again."""
    load(real_paths)  # checks every reference table, as the build's validation does
    pickled = tmp_path / "catalogue.pickle"
    write_validated(load(real_paths), pickled)
    # A kernel starts with empty memos: forget this process's, then read the handover.
    monkeypatch.setattr(memo, "_MEMOS", {n: m for n, m in memo._MEMOS.items()})
    for m in memo._MEMOS.values():
        monkeypatch.setattr(m, "_entries", {})
    monkeypatch.setenv(CATALOGUE_ENV, str(pickled))
    catalogue_for(real_paths)
    checked = []
    monkeypatch.setattr(tables, "schema_problems", lambda *a: checked.append(a) or (None, []))
    assert len(tables.read(real_paths, "leaders")) > 0
    assert checked == [], "the kernel checked a table the build had checked"


def test_a_notebook_run_by_hand_validates_the_data(real_paths, monkeypatch):
    monkeypatch.delenv(CATALOGUE_ENV, raising=False)
    assert len(catalogue_for(real_paths).figures) == len(load(real_paths).figures)
