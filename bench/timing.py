"""Running one command of the benchmark and measuring it: wall time, exit code, peak memory,
and its output lines stamped with the time they arrived; and the summary of several runs.

Every command is a subprocess of the one benchmark process, reaped with ``os.wait4`` (see
:func:`run`). Sizes, throughput and memory are all in MB of 10^6 bytes.
"""

from __future__ import annotations

import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

MB = 1_000_000  # sizes, throughput and memory are all in MB of 10^6 bytes

_t_start = time.perf_counter()


def elapsed() -> float:
    """Seconds since the benchmark started."""
    return time.perf_counter() - _t_start


def log(msg: str) -> None:
    print(f"[bench {elapsed():7.1f}s] {msg}", file=sys.stderr, flush=True)


# --- running one command ---------------------------------------------------------


@dataclass
class Result:
    """One command: wall time, exit code, peak memory, and what it printed."""

    cmd: list[str]
    wall_s: float
    rc: int | None
    maxrss_mb: float  # ru_maxrss from wait4: the largest single process of the tree
    tree_peak_mb: float | None  # sampled sum of RSS over the whole tree (psutil)
    timed_out: bool = False
    stdout: str = field(default="", repr=False)
    stderr: str = field(default="", repr=False)
    lines: list[tuple[float, str]] = field(default_factory=list, repr=False)
    extra: dict = field(default_factory=dict)  # per-run details kept in results.json


class _TreeSampler(threading.Thread):
    """Sums the RSS of a process and all its descendants every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak: float | None = None
        self._halt = threading.Event()

    def run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        self.peak = 0.0
        while not self._halt.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total / MB)
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


def run(
    cmd: list[str],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    keep_stdout: bool = True,
    timeout: float = 3600,
) -> Result:
    """Run ``cmd`` and wait for it with ``os.wait4``, which gives its own resource usage.

    ``ru_maxrss`` of a child reaped with wait4 is the peak RSS of that child or of any
    descendant it reaped itself (Linux keeps the maximum over the subtree), the same
    figure ``/usr/bin/time -v`` prints as "Maximum resident set size".
    Each stdout line is stamped with the time it arrived (the child runs unbuffered),
    so the phases of a build can be read from its log.
    """
    env = dict(os.environ if env is None else env, PYTHONUNBUFFERED="1")
    with tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if keep_stdout else subprocess.DEVNULL,
            stderr=err,
            text=True,
            start_new_session=True,  # its own process group, so a timeout can end the tree
        )
        lines: list[tuple[float, str]] = []

        def read() -> None:
            for line in p.stdout:
                lines.append((time.perf_counter() - t0, line.rstrip("\n")))

        reader = threading.Thread(target=read, daemon=True)
        if keep_stdout:
            reader.start()
        sampler = _TreeSampler(p.pid)
        sampler.start()
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(p.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        sampler.stop()
        p.returncode = os.waitstatus_to_exitcode(status)
        if keep_stdout:
            reader.join(timeout=10)
            p.stdout.close()
        err.seek(0)
        return Result(
            cmd=cmd,
            wall_s=wall,
            rc=p.returncode,
            maxrss_mb=usage.ru_maxrss * 1024 / MB,  # Linux reports KiB
            tree_peak_mb=sampler.peak,
            timed_out=timed_out.is_set(),
            stdout="\n".join(line for _, line in lines),
            stderr=err.read(),
            lines=lines,
        )


def build_phases(r: Result) -> dict[str, float | None]:
    """Split a build's wall time by its log lines (None where a line did not appear).

    ``before_notebooks_s``: start-up, validation and fingerprint, up to the first
    "executing"/"cached" line (or the "up to date" line of a skipped build);
    ``notebooks_s``: from there to "rendering PDF" (executing notebooks and making the HTML);
    ``pdf_s``: from "rendering PDF" to the end.
    """
    first = next((t for t, x in r.lines if re.match(r"(executing|cached)\b", x)), None)
    skip = next((t for t, x in r.lines if "up to date" in x), None)
    pdf = next((t for t, x in r.lines if x.startswith("rendering PDF")), None)
    return {
        "before_notebooks_s": round(first if first is not None else (skip or r.wall_s), 3),
        "notebooks_s": round(pdf - first, 3) if pdf is not None and first is not None else None,
        "pdf_s": round(r.wall_s - pdf, 3) if pdf is not None else None,
    }


def summary(results: list[Result]) -> dict:
    """The runs of one step as results.json keeps them, with their median, range and peaks."""
    walls = [r.wall_s for r in results]
    phases = {}
    for k in ("before_notebooks_s", "notebooks_s", "pdf_s"):
        xs = [r.extra[k] for r in results if r.extra.get(k) is not None]
        if xs:
            phases[k] = round(statistics.median(xs), 3)
    return {
        "median_phases": phases,
        "runs": [
            {
                "wall_s": round(r.wall_s, 3),
                "rc": r.rc,
                "maxrss_mb": round(r.maxrss_mb, 1),
                "tree_peak_mb": None if r.tree_peak_mb is None else round(r.tree_peak_mb, 1),
                "timed_out": r.timed_out,
                **r.extra,
            }
            for r in results
        ],
        "median_s": round(statistics.median(walls), 3) if walls else None,
        "min_s": round(min(walls), 3) if walls else None,
        "max_s": round(max(walls), 3) if walls else None,
        "peak_maxrss_mb": round(max(r.maxrss_mb for r in results), 1) if results else None,
        "peak_tree_mb": (
            round(max(r.tree_peak_mb for r in results if r.tree_peak_mb is not None), 1)
            if any(r.tree_peak_mb is not None for r in results)
            else None
        ),
    }


@dataclass
class Session:
    """What the steps of one benchmark share: the temporary folder, the environment the
    commands run in, the limit per command, the measurements and the notes so far."""

    tmp: Path  # where the temporary copies go
    env: dict[str, str]
    timeout: float
    measurements: dict[str, dict] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def checked(self, r: Result, what: str, ok: tuple[int, ...] = (0,)) -> Result:
        """``r``, with a warning logged and noted when it exited otherwise or timed out."""
        if r.rc not in ok or r.timed_out:
            tail = (r.stderr or r.stdout).strip().splitlines()[-5:]
            timed_out = " (timed out)" if r.timed_out else ""
            msg = f"{what}: exit {r.rc}{timed_out}: " + " | ".join(tail)
            log("WARNING " + msg)
            self.notes.append(msg)
        return r

    def run(self, cmd: list[str], cwd: Path, what: str, ok=(0,), **kw) -> Result:
        """:func:`run` in this session's environment, checked."""
        kw.setdefault("env", self.env)
        return self.checked(run(cmd, cwd=cwd, timeout=self.timeout, **kw), what, ok)
