"""Shared fixtures: the real project paths, and a throwaway copy of the project to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rukg import config

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def real_paths() -> config.Paths:
    return config.paths(ROOT)


@pytest.fixture
def project_copy(tmp_path) -> config.Paths:
    """A copy of everything the pipeline reads, so tests can break it without touching data/."""
    root = tmp_path / "project"
    for name in ("data", "notebooks", "report"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, root / name)
    for name in ("pyproject.toml", "requirements.lock"):
        shutil.copy2(ROOT / name, root / name)
    return config.paths(root)
