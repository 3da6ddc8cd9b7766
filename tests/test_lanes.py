"""The notebooks' lanes (rukg.build.execute): each notebook runs once, on a kernel of its
own started while the one before it ran; a failure stops the lanes and leaves no kernel
running and no scratch folder behind. Kernels are stand-ins here, so the rules are tested
in milliseconds; tests/test_report.py runs the real ones."""

from __future__ import annotations

import asyncio
from pathlib import Path

import nbformat
import pytest

from rukg import config
from rukg.build import execute
from rukg.errors import BuildError


class FakeKernelManager:
    """What the lanes use of a kernel manager: whether its kernel runs, and stopping it."""

    started: list[FakeKernelManager] = []

    def __init__(self, env: dict[str, str], sockets: Path):
        self.env, self.transport, self.ip = env, "ipc", str(sockets / "ipc")
        self.has_kernel = True
        FakeKernelManager.started.append(self)

    async def shutdown_kernel(self, now: bool = False) -> None:
        self.has_kernel = False


@pytest.fixture
def lanes(tmp_path, monkeypatch):
    """A project with three notebooks and stand-in kernels; returns what ran, in order."""
    paths = config.paths(tmp_path)
    paths.notebooks.mkdir(parents=True)
    paths.build_dir.mkdir()
    names = ["a.ipynb", "b.ipynb", "c.ipynb"]
    for name in names:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})]
        nbformat.write(nb, paths.notebooks / name)
    monkeypatch.setattr(config, "REPORT_NOTEBOOKS", names)
    FakeKernelManager.started = []
    ran: list[tuple[str, FakeKernelManager]] = []
    failing: set[str] = set()

    async def start(paths, figures_dir, kernel_env):
        await asyncio.sleep(0)
        sockets = tmp_path / f"sockets-{len(FakeKernelManager.started)}"
        sockets.mkdir()
        return FakeKernelManager({"RUKG_FIGURES_DIR": str(figures_dir)}, sockets)

    async def run(km, nb, nb_path):
        ran.append((nb_path.name, km))
        chart = Path(km.env["RUKG_FIGURES_DIR"]) / f"{nb_path.stem}.svg"
        chart.write_text("<svg/>", encoding="utf-8")
        try:
            await asyncio.sleep(0.01)
            if nb_path.name in failing:
                raise BuildError(f"notebooks/{nb_path.name}, cell 1: ValueError: broken")
            return nb
        finally:
            await stop_kernel(km)  # as the real _execute_on ends, whatever happens

    stop_kernel = execute._stop_kernel
    monkeypatch.setattr(execute, "_start_kernel", start)
    monkeypatch.setattr(execute, "_execute_on", run)
    return paths, names, ran, failing


def test_each_notebook_runs_once_on_a_kernel_of_its_own(lanes, tmp_path):
    paths, names, ran, _ = lanes
    entries = execute.execute_all(paths, {}, log=lambda _: None)
    assert sorted(n for n, _ in ran) == names
    kernels = [km for _, km in ran]
    assert len(set(map(id, kernels))) == len(names), "two notebooks shared a kernel"
    # Every kernel started was used, and none is left running or leaves its sockets.
    assert len(FakeKernelManager.started) == len(names)
    assert not any(km.has_kernel for km in FakeKernelManager.started)
    assert not list(tmp_path.glob("sockets-*"))
    # Each entry is whole, with the charts of its own notebook only; no scratch is left.
    assert all((entries[n] / "executed.ipynb").is_file() for n in names)
    for n in names:
        assert [f.name for f in (entries[n] / "figures").iterdir()] == [f"{n[:-6]}.svg"]
    assert not list(paths.build_dir.glob("run-*"))


def test_a_failure_stops_the_lanes_and_leaves_nothing_running(lanes, monkeypatch, tmp_path):
    paths, names, ran, failing = lanes
    monkeypatch.setattr(execute.os, "cpu_count", lambda: 1)  # one lane: a spare kernel waits
    failing.add("a.ipynb")
    with pytest.raises(BuildError, match=r"notebooks/a.ipynb, cell 1"):
        execute.execute_all(paths, {}, log=lambda _: None)
    assert [n for n, _ in ran] == ["a.ipynb"], "a notebook started after the failure"
    # The kernel started for the next notebook was stopped, its scratch folder removed.
    assert len(FakeKernelManager.started) == 2
    assert not any(km.has_kernel for km in FakeKernelManager.started)
    assert not list(tmp_path.glob("sockets-*"))
    assert not list(paths.build_dir.glob("run-*"))
    assert not (paths.build_dir / "cache").exists() or not any(
        (paths.build_dir / "cache").iterdir()
    )


def test_an_unreadable_notebook_stops_the_build_before_any_kernel_starts(lanes):
    paths, _, ran, _ = lanes
    (paths.notebooks / "b.ipynb").write_text("{ not json", encoding="utf-8")
    with pytest.raises(BuildError, match=r"notebooks/b.ipynb: not a valid notebook"):
        execute.execute_all(paths, {}, log=lambda _: None)
    assert FakeKernelManager.started == [] and ran == []
