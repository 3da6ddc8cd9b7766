"""Executing the report's notebooks: each on a fresh kernel, in parallel, cached by a
key over everything it can read, so a notebook re-runs only when its inputs change."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import nbformat

from rukg import config
from rukg.build.inputs import input_files
from rukg.build.notebooks import inject_parameters, read_notebook
from rukg.config import Paths
from rukg.errors import BuildError
from rukg.progress import progress

__all__ = ["execute", "failed_cell", "notebook_keys", "execute_all"]


def execute(
    nb_path: Path,
    paths: Paths,
    figures_dir: Path,
    params: dict | None = None,
    kernel_env: dict[str, str] | None = None,
) -> nbformat.NotebookNode:
    """Run a notebook top to bottom on a fresh kernel, as JupyterLab would; ``kernel_env``
    adds to the kernel's environment."""
    # nbclient is imported here, not at the top: the command line imports this package
    # for every command, and only a build executes notebooks.
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = inject_parameters(read_notebook(nb_path, f"notebooks/{nb_path.name}"), params or {})
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(nb_path.parent)}},
    )
    # The kernel gets these: the project root to read, the staging folder for charts.
    # Passed to the kernel's process, not set globally, so notebooks can run in parallel.
    env = {
        **os.environ,
        "RUKG_ROOT": str(paths.root),
        "RUKG_FIGURES_DIR": str(figures_dir),
        "MPLBACKEND": "Agg",
        **(kernel_env or {}),
    }
    try:
        client.execute(env=env)
    except CellExecutionError as e:
        where = failed_cell(nb)
        raise BuildError(f"notebooks/{nb_path.name}, {where}: {e.ename}: {e.evalue}") from None
    return nb


def failed_cell(nb: nbformat.NotebookNode) -> str:
    """The cell that raised, counted as the notebook shows it (the injected cell not counted)."""
    number = 0
    for cell in nb.cells:
        injected = "injected-parameters" in cell.get("metadata", {}).get("tags", [])
        number += not injected
        if cell.cell_type == "code" and any(
            o.get("output_type") == "error" for o in cell.get("outputs", [])
        ):
            return "the injected parameters cell" if injected else f"cell {number}"
    return "a cell"


def notebook_keys(paths: Paths, params: dict) -> dict[str, str]:
    """A cache key per notebook: a hash of the notebook, of everything else it can read
    (data, package code, templates, the dependency lock) and of the parameters."""
    shared = hashlib.sha256()
    for name, f in input_files(paths).items():
        if not name.startswith("notebooks/"):
            shared.update(name.encode() + b"\0" + f.read_bytes() + b"\0")
    shared.update(json.dumps(params, sort_keys=True, default=str).encode())
    keys = {}
    for name in config.REPORT_NOTEBOOKS:
        h = shared.copy()
        h.update(name.encode() + b"\0" + (paths.notebooks / name).read_bytes())
        keys[name] = h.hexdigest()[:20]
    return keys


def _cache_dir(paths: Paths, name: str, key: str) -> Path:
    return paths.build_dir / "cache" / f"{Path(name).stem}-{key}"


# What a caller may add to a cache entry once its notebook has run: called with the executed
# notebook and the entry's folder, in the worker, while other notebooks still run.
Finish = Callable[[str, nbformat.NotebookNode, Path], None]


def _run_into_cache(
    paths: Paths,
    name: str,
    key: str,
    params: dict,
    kernel_env: dict[str, str] | None = None,
    finish: Finish | None = None,
) -> None:
    """Execute one notebook and store the executed notebook and its charts in the cache."""
    target = _cache_dir(paths, name, key)
    work = Path(tempfile.mkdtemp(dir=paths.build_dir, prefix=f"run-{Path(name).stem}-"))
    try:
        (work / "figures").mkdir()
        nb = execute(paths.notebooks / name, paths, work / "figures", params, kernel_env)
        nbformat.write(nb, work / "executed.ipynb")
        if finish is not None:
            finish(name, nb, work)
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(work, target)  # a cache entry appears whole or not at all
    finally:
        shutil.rmtree(work, ignore_errors=True)


def execute_all(
    paths: Paths,
    params: dict,
    log=print,
    kernel_env: dict[str, str] | None = None,
    finish: Finish | None = None,
) -> dict[str, Path]:
    """Executed notebooks for the report, re-running only those whose inputs changed, in parallel.

    Returns each notebook's cache entry: ``executed.ipynb``, its ``figures/`` and whatever
    ``finish`` wrote there.
    """
    keys = notebook_keys(paths, params)
    todo = [
        n
        for n in config.REPORT_NOTEBOOKS
        if not (_cache_dir(paths, n, keys[n]) / "executed.ipynb").exists()
    ]
    for name in config.REPORT_NOTEBOOKS:
        if name not in todo:
            log(f"cached notebooks/{name}")
    if todo:
        paths.build_dir.mkdir(parents=True, exist_ok=True)
        pool = ThreadPoolExecutor(max_workers=max(1, min(len(todo), os.cpu_count() or 1)))
        try:
            futures = []
            for name in todo:
                log(f"executing notebooks/{name}")
                futures.append(
                    pool.submit(
                        _run_into_cache, paths, name, keys[name], params, kernel_env, finish
                    )
                )
            # A bar of notebooks finished (on a terminal only), after the "executing" lines.
            done = as_completed(futures)
            for f in progress(done, "notebooks", total=len(futures), unit="notebook"):
                f.result()  # the first failure raises, naming notebook and cell
        finally:
            # On a failure, notebooks not yet started are not run: the build has failed anyway.
            pool.shutdown(wait=True, cancel_futures=True)
    return {name: _cache_dir(paths, name, keys[name]) for name in config.REPORT_NOTEBOOKS}
