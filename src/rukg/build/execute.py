"""Executing the report's notebooks: each on a fresh kernel, in parallel, cached by a
key over everything it can read, so a notebook re-runs only when its inputs change.

The notebooks run in lanes, one per core, each taking the next notebook not yet started.
The kernel for the next notebook boots while the current ones run, so only the first
notebooks wait the half second a kernel takes to start.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import queue
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from rukg import config
from rukg.build.inputs import input_files
from rukg.build.notebooks import inject_parameters, read_notebook
from rukg.config import Paths
from rukg.errors import BuildError
from rukg.progress import progress

__all__ = ["execute", "failed_cell", "notebook_keys", "execute_all"]

# As nbclient starts a kernel: its command history in memory, no history file written.
_HISTORY_IN_MEMORY = "--HistoryManager.hist_file=:memory:"


def execute(
    nb_path: Path,
    paths: Paths,
    figures_dir: Path,
    params: dict | None = None,
    kernel_env: dict[str, str] | None = None,
) -> nbformat.NotebookNode:
    """Run a notebook top to bottom on a fresh kernel, as JupyterLab would; ``kernel_env``
    adds to the kernel's environment."""

    nb = _prepared(nb_path, params or {})

    async def run() -> nbformat.NotebookNode:
        km = await _start_kernel(paths, figures_dir, kernel_env)
        return await _execute_on(km, nb, nb_path)

    return asyncio.run(run())


def _prepared(nb_path: Path, params: dict) -> nbformat.NotebookNode:
    """The notebook with the build's parameters injected (a :class:`BuildError` if it
    cannot be read or takes no parameters)."""
    return inject_parameters(read_notebook(nb_path, f"notebooks/{nb_path.name}"), params)


async def _start_kernel(paths: Paths, figures_dir: Path, kernel_env: dict[str, str] | None):
    """A fresh kernel, started (its boot goes on in its own process)."""
    # jupyter_client is imported here, not at the top: the command line imports this
    # package for every command, and only a build executes notebooks.
    from jupyter_client.manager import AsyncKernelManager

    # The kernel gets these: the project root to read, the folder for its charts. Passed
    # to the kernel's process, not set globally, so notebooks can run in parallel.
    env = {
        **os.environ,
        "RUKG_ROOT": str(paths.root),
        "RUKG_FIGURES_DIR": str(figures_dir),
        "MPLBACKEND": "Agg",
        **(kernel_env or {}),
    }
    # The kernel talks over local sockets in a folder of its own (short: a socket's path
    # is limited to about a hundred bytes), not over TCP: nothing else can listen in, and
    # the kernel has no warning about unencrypted TCP to print. Windows has no such
    # sockets: there it is TCP on the loopback, as JupyterLab does.
    if os.name == "posix":
        sockets = Path(tempfile.mkdtemp(prefix="rukg-kernel-"))
        km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(sockets / "ipc"))
    else:
        km = AsyncKernelManager(kernel_name="python3")
    try:
        await km.start_kernel(
            extra_arguments=[_HISTORY_IN_MEMORY], cwd=str(paths.notebooks), env=env
        )
    except BaseException:
        await _stop_kernel(km)
        raise
    return km


async def _stop_kernel(km) -> None:
    """Stop the kernel if it still runs, and remove its sockets' folder."""
    if km.has_kernel:
        await km.shutdown_kernel(now=True)
    if km.transport == "ipc":
        shutil.rmtree(Path(km.ip).parent, ignore_errors=True)


async def _execute_on(km, nb: nbformat.NotebookNode, nb_path: Path) -> nbformat.NotebookNode:
    """Run ``nb`` (read from ``nb_path``) on the started kernel ``km``, then stop the kernel
    (whatever happens)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    try:
        client = NotebookClient(
            nb,
            km=km,
            timeout=600,
            kernel_name="python3",
            # Once the last cell has replied, the kernel holds nothing the build needs (its
            # charts are on disk, its outputs in ``nb``): stopping it at once saves the
            # 0.4 s a polite shutdown request waits, per notebook.
            shutdown_kernel="immediate",
            resources={"metadata": {"path": str(nb_path.parent)}},
        )
        try:
            await client.async_execute(cleanup_kc=True)  # the client stops the kernel after
        except CellExecutionError as e:
            where = failed_cell(nb)
            raise BuildError(f"notebooks/{nb_path.name}, {where}: {e.ename}: {e.evalue}") from None
        return nb
    finally:
        await _stop_kernel(km)  # stopped already, unless the client never ran


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
# notebook and the entry's folder, in a worker thread, while other notebooks still run.
Finish = Callable[[str, nbformat.NotebookNode, Path], None]


@dataclass
class _Kernel:
    """A started kernel and the scratch folder of the notebook it will run: its charts go
    to ``work/figures``, and the folder becomes the notebook's cache entry."""

    km: object
    work: Path


async def _kernel_in_scratch(paths: Paths, kernel_env: dict[str, str] | None) -> _Kernel:
    work = Path(tempfile.mkdtemp(dir=paths.build_dir, prefix="run-"))
    try:
        (work / "figures").mkdir()
        return _Kernel(await _start_kernel(paths, work / "figures", kernel_env), work)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


async def _discard(kernel: asyncio.Future) -> None:
    """Stop a kernel started for a notebook no lane will run."""
    try:
        k = await kernel
    except Exception:
        return  # it never started: nothing to stop
    await _stop_kernel(k.km)
    shutil.rmtree(k.work, ignore_errors=True)


async def _run_into_cache(
    paths: Paths,
    name: str,
    key: str,
    nb: nbformat.NotebookNode,
    kernel: _Kernel,
    finish: Finish | None,
) -> None:
    """Execute notebook ``name`` (``nb``, parameters injected) on ``kernel`` and store the
    executed notebook and its charts in the cache."""
    target = _cache_dir(paths, name, key)
    try:
        nb = await _execute_on(kernel.km, nb, paths.notebooks / name)
        nbformat.write(nb, kernel.work / "executed.ipynb")
        if finish is not None:  # in a thread: the loop goes on serving the other notebooks
            await asyncio.to_thread(finish, name, nb, kernel.work)
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(kernel.work, target)  # a cache entry appears whole or not at all
    finally:
        shutil.rmtree(kernel.work, ignore_errors=True)


class _KernelPool:
    """Kernels started ahead of the notebooks that will run on them: one booting for the
    next notebook while each notebook runs, and never more in all than there are notebooks."""

    def __init__(self, paths: Paths, kernel_env: dict[str, str] | None, notebooks: int):
        self._paths, self._env, self._left = paths, kernel_env, notebooks
        self._starting: deque[asyncio.Future] = deque()

    def start(self, n: int = 1) -> None:
        for _ in range(min(n, self._left)):
            self._left -= 1
            self._starting.append(asyncio.ensure_future(_kernel_in_scratch(self._paths, self._env)))

    async def take(self) -> _Kernel:
        """The kernel started first; once it is up, the next one starts booting."""
        kernel = await self._starting.popleft()
        self.start()
        return kernel

    async def discard(self) -> None:
        """Stop the kernels no notebook will run on (after a failure)."""
        while self._starting:
            await _discard(self._starting.popleft())


@dataclass
class _Run:
    """One run of the notebooks: what runs, with what, and what the main thread and the
    notebooks' loop share (the notebooks not yet started, one report per notebook finished
    with its error if it failed, and the signal to start no more)."""

    paths: Paths
    keys: dict[str, str]
    notebooks: dict[str, nbformat.NotebookNode]
    kernel_env: dict[str, str] | None
    finish: Finish | None
    waiting: deque[str] = field(init=False)
    finished: queue.Queue[tuple[str | None, BaseException | None]] = field(
        init=False, default_factory=queue.Queue
    )
    stop: threading.Event = field(init=False, default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.waiting = deque(self.notebooks)


async def _run_all(run: _Run, lanes: int) -> None:
    """Run the notebooks, ``lanes`` at a time, each lane taking the next one waiting,
    until none is left or one has failed."""
    pool = _KernelPool(run.paths, run.kernel_env, len(run.waiting))

    async def lane() -> None:
        name = None
        try:
            while run.waiting and not run.stop.is_set():
                name = run.waiting.popleft()
                kernel = await pool.take()
                await _run_into_cache(
                    run.paths, name, run.keys[name], run.notebooks[name], kernel, run.finish
                )
                run.finished.put((name, None))
                name = None
        except BaseException as e:
            run.stop.set()
            run.finished.put((name, e))

    pool.start(lanes)
    try:
        await asyncio.gather(*(lane() for _ in range(lanes)))
    finally:
        await pool.discard()


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
        # Every notebook is read before any kernel starts: an unreadable one stops the
        # build at once.
        notebooks = {name: _prepared(paths.notebooks / name, params) for name in todo}
        for name in todo:
            log(f"executing notebooks/{name}")
        _run_lanes(_Run(paths, keys, notebooks, kernel_env, finish))
    return {name: _cache_dir(paths, name, keys[name]) for name in config.REPORT_NOTEBOOKS}


def _run_lanes(run: _Run) -> None:
    """Run the notebooks on one event loop in a thread of its own (the main thread keeps
    Ctrl-C); raise the first failure once every running notebook has ended. On a failure,
    notebooks not yet started are not run: the build has failed anyway."""
    lanes = max(1, min(len(run.notebooks), os.cpu_count() or 1))
    loop = threading.Thread(target=asyncio.run, args=(_run_all(run, lanes),), name="notebooks")
    failures: list[BaseException] = []

    def finished() -> Iterator[str]:
        for _ in run.notebooks:
            name, error = run.finished.get()
            if error is not None:
                failures.append(error)
                return
            yield name

    loop.start()
    try:
        # A bar of notebooks finished (on a terminal only), after the "executing" lines.
        for _ in progress(finished(), "notebooks", total=len(run.notebooks), unit="notebook"):
            pass
    finally:
        run.stop.set()  # after a failure or an interrupt: running notebooks end, no more start
        loop.join()
    if failures:
        raise failures[0]
