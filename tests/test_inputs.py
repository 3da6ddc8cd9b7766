"""The figures' inputs: the catalogue comes from the build when a build runs the kernel."""

from __future__ import annotations

import pickle

from rukg.catalogue import load
from rukg.present.inputs import CATALOGUE_ENV, catalogue_for


def test_a_kernel_of_the_build_reads_the_validated_catalogue(real_paths, tmp_path, monkeypatch):
    cat = load(real_paths)
    marked = cat.__class__(**{**cat.__dict__, "figures": cat.figures.head(3)})
    pickled = tmp_path / "catalogue.pickle"
    pickled.write_bytes(pickle.dumps(marked))
    monkeypatch.setenv(CATALOGUE_ENV, str(pickled))
    assert len(catalogue_for(real_paths).figures) == 3


def test_a_notebook_run_by_hand_validates_the_data(real_paths, monkeypatch):
    monkeypatch.delenv(CATALOGUE_ENV, raising=False)
    assert len(catalogue_for(real_paths).figures) == len(load(real_paths).figures)
