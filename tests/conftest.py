"""Shared fixtures: the real project paths, throwaway copies of the project to break, and the
one full build of the suite.

Full builds are the suite's slowest steps (about half a minute each on two cores), so the
suite makes one: ``built_copy``, a project copy whose data carry hostile text, a byte-order
mark and Windows line endings, built once per session through the command line, in
process. Tests that only read a build's output read that one; tests that change a built
project (a notebook edited, a cell that raises) work on ``built_copy_to_change``, a copy
of it whose notebook cache makes the rebuild run only the notebooks they touch.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile_data import make_hostile

from rukg import config
from rukg.build import cli

ROOT = Path(__file__).resolve().parents[1]


def copy_project(root: Path, folders=("data", "notebooks", "report")) -> config.Paths:
    """A copy of everything the pipeline reads (and the committed report) under ``root``."""
    for name in folders:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, root / name)
    for name in ("pyproject.toml", "requirements.lock"):
        shutil.copy2(ROOT / name, root / name)
    return config.paths(root)


@pytest.fixture(scope="session")
def real_paths() -> config.Paths:
    return config.paths(ROOT)


@pytest.fixture
def project_copy(tmp_path) -> config.Paths:
    """A copy of everything the pipeline reads, so tests can break it without touching data/."""
    return copy_project(tmp_path / "project")


@dataclass(frozen=True)
class Built:
    """A project copy built once: what ``python -m rukg build --force`` printed, and how."""

    paths: config.Paths
    kept: dict[int, str]  # hostile_data.FIELDS index -> the hostile text the data carry
    code: int
    stdout: str
    stderr: str

    def executed(self) -> list[str]:
        return [line for line in self.stdout.splitlines() if line.startswith("executing")]


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory) -> Built:
    """The suite's one full build (see the module docstring). Read it; never change it."""
    paths = copy_project(tmp_path_factory.mktemp("built") / "project")
    kept = make_hostile(paths)
    # A byte-order mark and Windows line endings: harmless, so the same build shows it.
    paths.figures_csv.write_bytes(b"\xef\xbb\xbf" + paths.figures_csv.read_bytes())
    paths.events_csv.write_bytes(paths.events_csv.read_bytes().replace(b"\n", b"\r\n"))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(paths.root), "build", "--force"])
    built = Built(paths, kept, code, out.getvalue(), err.getvalue())
    assert code == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return built


@pytest.fixture
def built_copy_to_change(built_copy, tmp_path) -> config.Paths:
    """A copy of the built project, its report, charts and notebook cache included."""
    root = tmp_path / "project"
    shutil.copytree(built_copy.paths.root, root, symlinks=True)
    return config.paths(root)
