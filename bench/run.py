"""Benchmark the report build, validation and the audit on a temporary copy of the project.

Run with ``.venv/bin/python bench/run.py`` (or ``make bench``); ``--quick`` does one run of
everything, ``--help`` lists the options. Progress goes to stderr, a summary table to
stdout, and every raw timing to ``bench/results.json``. See ``bench/README.md``.

Everything runs as subprocesses of this one process against temporary copies of the
project (``--root <copy>``), so the real ``data/``, ``report/`` and ``build/`` are never
touched. Only the standard library is needed; psutil (in the venv through ipykernel)
is used, when present, to sample the summed RSS of each command's process tree.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV_BIN = ROOT / ".venv" / "bin"
BIN = VENV_BIN if (VENV_BIN / "python").exists() else Path(sys.executable).parent
PY = str(BIN / "python")
JUPYTER = str(BIN / "jupyter")

# What a project copy holds (the package itself is the installed one, shared by all).
COPY_ITEMS = (
    "data",
    "notebooks",
    "report",
    "figures",
    "pyproject.toml",
    "requirements.lock",
    "Makefile",
)
TOUCHED_NOTEBOOK = "03_geopolitics.ipynb"
EXECUTING = re.compile(r"executing\s+notebooks/([\w.-]+\.ipynb)")
DISTANCE_WORD = re.compile(r"(?i)\b(?:miles?|kilomet(?:er|re)s?|km)\b")
MB = 1_000_000  # sizes, throughput and memory are all in MB of 10^6 bytes

# Targets: name -> (description, test on the measured value).
TARGETS = {
    "clean_build_vs_baseline": ("clean build / baseline <= 0.5", lambda v: v <= 0.5),
    "noop_rebuild_s": ("no-op rebuild < 1 s", lambda v: v < 1.0),
    "one_notebook_reexecuted": ("one-notebook change re-executes exactly 1", lambda v: v == 1),
    "audit_throughput_mb_s": ("generated-corpus audit >= 5 MB/s", lambda v: v >= 5.0),
    "audit_peak_rss_mb": ("generated-corpus audit peak RSS < 500 MB", lambda v: v < 500.0),
    "report_html_mb": ("report.html < 5 MB", lambda v: v < 5.0),
    "report_pdf_mb": ("report.pdf < 5 MB", lambda v: v < 5.0),
    "add_source_big_s": ("add-source of a 20 MB article < 15 s", lambda v: v < 15.0),
}
BIG_ID = "big2026"  # the id the large article is registered under

_t_start = time.perf_counter()


def log(msg: str) -> None:
    print(f"[bench {time.perf_counter() - _t_start:7.1f}s] {msg}", file=sys.stderr, flush=True)


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


# --- project copies ----------------------------------------------------------------


def make_copy(dest: Path) -> Path:
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    for item in COPY_ITEMS:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, dest / item, ignore=ignore)
        elif src.exists():
            shutil.copy2(src, dest / item)
    return dest


def cli_env() -> dict[str, str]:
    """The caller's environment without variables that would redirect the project."""
    env = dict(os.environ)
    for k in ("RUKG_ROOT", "RUKG_FIGURES_DIR"):
        env.pop(k, None)
    return env


def rukg(copy: Path, *args: str) -> list[str]:
    return [PY, "-m", "rukg", "--root", str(copy), *args]


def touch_notebook(nb: Path, n: int) -> None:
    """Change whitespace inside the first markdown cell (a real content change; still valid)."""
    data = json.loads(nb.read_text(encoding="utf-8"))
    cell = next(c for c in data["cells"] if c["cell_type"] == "markdown")
    src = cell["source"]
    lines = src if isinstance(src, list) else src.splitlines(keepends=True)
    # Trailing spaces on the first line: n of them, so every call differs from the last.
    first = lines[0]
    body, nl = (first[:-1], "\n") if first.endswith("\n") else (first, "")
    lines[0] = body.rstrip(" ") + " " * n + nl
    cell["source"] = lines if isinstance(src, list) else "".join(lines)
    nb.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def executed_notebooks(r: Result) -> list[str]:
    return EXECUTING.findall(r.stdout) or EXECUTING.findall(r.stderr)


# --- the generated corpus ------------------------------------------------------------


def generate_corpus(copy: Path, n: int, total_mb: float, seed: int) -> dict:
    """Write ``n`` articles made from the real ones, numbers varied, and register them."""
    sources = copy / "data" / "sources"
    bases, dropped = [], 0
    for f in sorted(sources.glob("*.txt")):
        # Leave out lines stating a distance ("about 20 miles west of … Bishkek"): the
        # consistency check reads those against coordinates, and every copy of a wrong one
        # would be a new conflict needing its own row in data/corrections.csv.
        lines = f.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [x for x in lines if not DISTANCE_WORD.search(x)]
        dropped += len(lines) - len(kept)
        bases.append((f.name, "".join(kept)))
    mean = statistics.mean(len(t.encode()) for _, t in bases)
    scale = min(1.0, total_mb * MB / n / mean) if total_mb > 0 else 1.0
    cut = []
    for name, text in bases:
        # Shorten each article at a line end so the corpus comes to about total_mb.
        limit = int(len(text) * scale)
        end = text.rfind("\n", 0, limit) + 1 if scale < 1 else len(text)
        cut.append((name, text[: end or limit]))
    rng = random.Random(seed)

    def vary(m: re.Match) -> str:
        k = len(m.group(0))
        return str(rng.randint(0, 9)) if k == 1 else str(rng.randint(10 ** (k - 1), 10**k - 1))

    csv_path = copy / "data" / "sources.csv"
    with csv_path.open(encoding="utf-8", newline="") as f:
        columns = next(csv.reader(f))
    raw = csv_path.read_bytes()
    total = 0
    with csv_path.open("a", encoding="utf-8", newline="") as f:
        if raw and not raw.endswith(b"\n"):
            f.write("\n")
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        for i in range(1, n + 1):
            base_name, text = cut[(i - 1) % len(cut)]
            data = re.sub(r"\d+", vary, text).encode("utf-8")
            name = f"gen{i:05d}.txt"
            (sources / name).write_bytes(data)
            total += len(data)
            row = {c: "" for c in columns}
            row.update(
                id=f"gen{i:05d}",
                file=name,
                publisher="rukg benchmark (generated)",
                title=f"Generated article {i}",
                published="2020-01",
                published_precision="month",
                date_evidence=f"generated by bench/run.py from {base_name}, numbers varied",
                kind="news analysis",
                sha256=hashlib.sha256(data).hexdigest(),
            )
            w.writerow(row)
    real = sum(f.stat().st_size for f in sources.glob("*.txt") if not f.name.startswith("gen"))
    return {
        "articles": n,
        "bytes": total,
        "mb": total / MB,
        "real_articles_bytes": real,
        "seed": seed,
        "shortened_to_fraction": round(scale, 4),
        "distance_lines_left_out": dropped,
    }


# --- internal helpers, run as subprocesses ------------------------------------------


def _helper_baseline_pdf(argv: list[str]) -> int:
    """``_baseline-pdf OUT.pdf A.html B.html …``: one PDF of the bodies of the HTML files."""
    from weasyprint import HTML

    out, htmls = Path(argv[0]), [Path(a) for a in argv[1:]]
    texts = [h.read_text(encoding="utf-8") for h in htmls]
    head = re.search(r"<head[^>]*>(.*?)</head>", texts[0], re.S | re.I)
    bodies = []
    for t in texts:
        m = re.search(r"<body[^>]*>(.*)</body>", t, re.S | re.I)
        bodies.append(m.group(1) if m else t)
    doc = (
        "<!DOCTYPE html>\n<html><head>"
        + (head.group(1) if head else '<meta charset="utf-8">')
        + "</head><body>\n"
        + "\n".join(bodies)
        + "\n</body></html>\n"
    )
    out.with_suffix(".html").write_text(doc, encoding="utf-8")
    HTML(string=doc, base_url=str(htmls[0].parent)).write_pdf(out)
    return 0


def _helper_audit_core(argv: list[str]) -> int:
    """``_audit-core SOURCES_DIR``: find_mentions over every text; prints JSON timings."""
    from rukg.catalogue.quotes import find_mentions

    files = sorted(Path(argv[0]).glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    t0 = time.perf_counter()
    n = sum(len(find_mentions(t)) for t in texts)
    dt = time.perf_counter() - t0
    size = sum(len(t.encode()) for t in texts)
    print(json.dumps({"texts": len(texts), "bytes": size, "mentions": n, "parse_s": dt}))
    return 0


HELPERS = {"_baseline-pdf": _helper_baseline_pdf, "_audit-core": _helper_audit_core}


# --- the benchmark ----------------------------------------------------------------


def summary(results: list[Result]) -> dict:
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


def package_digest() -> str:
    """SHA-256 of the package sources, to notice code edited while the benchmark ran."""
    h = hashlib.sha256()
    pkg = ROOT / "src" / "rukg"
    for f in sorted(pkg.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.relative_to(pkg).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def machine_info() -> dict:
    info = {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": sys.version.split()[0],
        "python_full": sys.version,
        "platform": platform.platform(),
        "machine": platform.machine(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["mem_total_mb"] = round(int(line.split()[1]) * 1024 / MB)
                break
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    pkgs = {}
    for name in ("nbconvert", "nbclient", "weasyprint", "pandas", "pandera", "psutil"):
        try:
            pkgs[name] = version(name)
        except PackageNotFoundError:
            pkgs[name] = None
    info["packages"] = pkgs
    try:
        info["git_head"] = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        info["git_head"] = None
    return info


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in HELPERS:
        return HELPERS[argv[0]](argv[1:])

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--runs", type=int, default=2, help="runs of the slow steps (clean build, baseline, …)"
    )
    ap.add_argument(
        "--fast-runs", type=int, default=3, help="runs of the fast steps (no-op, validate, audit)"
    )
    ap.add_argument("--quick", action="store_true", help="one run of everything")
    ap.add_argument("--articles", type=int, default=10_000, help="generated corpus: articles")
    ap.add_argument("--corpus-mb", type=float, default=50.0, help="generated corpus: total MB")
    ap.add_argument("--seed", type=int, default=20240601, help="generated corpus: random seed")
    ap.add_argument(
        "--add-source-mb",
        type=float,
        default=20.0,
        help="size in MB of the article for the add-source step (0 = skip it)",
    )
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per command")
    ap.add_argument("--out", type=Path, default=HERE / "results.json")
    ap.add_argument("--keep", action="store_true", help="keep the temporary copies")
    args = ap.parse_args(argv)
    if args.quick:
        args.runs = args.fast_runs = 1
    args.runs, args.fast_runs = max(1, args.runs), max(1, args.fast_runs)

    sys.path.insert(0, str(ROOT / "src"))
    from rukg import config  # the notebook order the report uses

    notebooks = list(config.REPORT_NOTEBOOKS)
    digest_before = package_digest()
    load_before = os.getloadavg()
    log(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load {load_before}")
    tmp = Path(tempfile.mkdtemp(prefix="rukg-bench-"))
    log(f"temporary copies in {tmp}")
    notes: list[str] = []
    m: dict[str, dict] = {}
    T = args.timeout
    try:
        proj = make_copy(tmp / "project")
        env = cli_env()

        def checked(r: Result, what: str, ok=(0,)) -> Result:
            if r.rc not in ok or r.timed_out:
                tail = (r.stderr or r.stdout).strip().splitlines()[-5:]
                msg = f"{what}: exit {r.rc}{' (timed out)' if r.timed_out else ''}: " + " | ".join(
                    tail
                )
                log("WARNING " + msg)
                notes.append(msg)
            return r

        code = {"digest": digest_before}

        def build(what: str, *extra: str) -> Result:
            """One ``rukg build``, with the notebooks it executed and the phases of its log."""
            before = package_digest()
            r = checked(run(rukg(proj, "build", *extra), cwd=proj, env=env, timeout=T), what)
            after = package_digest()
            r.extra = {
                "executed": executed_notebooks(r),
                "said_up_to_date": any("up to date" in x for _, x in r.lines),
                **build_phases(r),
                # The package is part of every cache key and of the fingerprint: if it was
                # edited since the previous build hashed its inputs (at its start), or during
                # this build, nothing can be reused.
                "code_changed": before != code["digest"] or after != before,
                "package_digest": [before[:12], after[:12]],
            }
            code["digest"] = before
            return r

        def executed(rs: list[Result]) -> list[list[str]]:
            return [r.extra["executed"] for r in rs]

        # 1 + 2. Clean build with an empty cache, and the nbconvert baseline, alternated.
        clean, baseline, base_parts = [], [], []
        for i in range(args.runs):
            shutil.rmtree(proj / "build" / "cache", ignore_errors=True)
            log(f"clean build {i + 1}/{args.runs}: rm -rf build/cache; rukg build --force")
            r = build("clean build", "--force")
            clean.append(r)
            log(
                f"  {r.wall_s:.1f} s, {len(r.extra['executed'])} executed, "
                f"maxrss {r.maxrss_mb:.0f} MB, phases {build_phases(r)}"
            )

            out = tmp / f"baseline-{i + 1}"
            (out / "figures").mkdir(parents=True)
            benv = dict(env, RUKG_ROOT=str(proj), RUKG_FIGURES_DIR=str(out / "figures"))
            benv["MPLBACKEND"] = "Agg"  # as the build sets for its kernels
            parts = []
            for nb in notebooks:
                log(f"baseline {i + 1}/{args.runs}: jupyter nbconvert --execute --to html {nb}")
                cmd = [JUPYTER, "nbconvert", "--execute", "--to", "html"]
                cmd += ["--output-dir", str(out), str(proj / "notebooks" / nb)]
                parts.append(checked(run(cmd, cwd=proj, env=benv, timeout=T), f"nbconvert {nb}"))
            htmls = [str(out / (Path(nb).stem + ".html")) for nb in notebooks]
            log(f"baseline {i + 1}/{args.runs}: WeasyPrint PDF of the combined HTML")
            cmd = [PY, str(Path(__file__).resolve()), "_baseline-pdf", str(out / "combined.pdf")]
            parts.append(checked(run(cmd + htmls, cwd=proj, env=benv, timeout=T), "baseline PDF"))
            pdf = out / "combined.pdf"
            total = Result(
                cmd=["baseline"],
                wall_s=sum(p.wall_s for p in parts),
                rc=max((p.rc or 0) for p in parts),
                maxrss_mb=max(p.maxrss_mb for p in parts),
                tree_peak_mb=max((p.tree_peak_mb or 0) for p in parts),
                extra={
                    "parts_s": {
                        (Path(p.cmd[-1]).name if "nbconvert" in p.cmd else "pdf"): round(
                            p.wall_s, 3
                        )
                        for p in parts
                    },
                    "notebooks_s": round(sum(p.wall_s for p in parts[:-1]), 3),
                    "pdf_s": round(parts[-1].wall_s, 3),
                    "pdf_bytes": pdf.stat().st_size if pdf.exists() else None,
                },
            )
            baseline.append(total)
            base_parts.append(parts)
            log(
                f"  {total.wall_s:.1f} s (nbconvert {total.extra['notebooks_s']:.1f} s, "
                f"PDF {total.extra['pdf_s']:.1f} s), PDF {(total.extra['pdf_bytes'] or 0) / MB:.2f} MB"
            )
        html, pdf = proj / "report" / "report.html", proj / "report" / "report.pdf"
        cache = proj / "build" / "cache"
        cache_files = [f for f in cache.rglob("*") if f.is_file()] if cache.exists() else []
        m["clean_build"] = summary(clean) | {"executed": executed(clean)}
        m["baseline"] = summary(baseline)
        m["report_size"] = {
            "html_bytes": html.stat().st_size if html.exists() else None,
            "pdf_bytes": pdf.stat().st_size if pdf.exists() else None,
        }
        m["cache_after_clean_build"] = {
            "exists": cache.exists(),
            "files": len(cache_files),
            "bytes": sum(f.stat().st_size for f in cache_files),
        }
        log(
            f"build/cache after the clean build: {'present' if cache.exists() else 'absent'}, "
            f"{len(cache_files)} files"
        )

        # Forced rebuild with the cache left in place (informational: shows the cache working).
        warm = []
        for i in range(args.runs):
            log(f"forced rebuild, warm cache {i + 1}/{args.runs}: rukg build --force")
            warm.append(r := build("forced rebuild", "--force"))
            log(f"  {r.wall_s:.1f} s, {len(r.extra['executed'])} executed, {build_phases(r)}")
        m["forced_rebuild_warm_cache"] = summary(warm) | {"executed": executed(warm)}

        # 3. No-op rebuild right after a build.
        noop = []
        for i in range(args.fast_runs):
            log(f"no-op rebuild {i + 1}/{args.fast_runs}: rukg build")
            noop.append(r := build("no-op build"))
            log(
                f"  {r.wall_s:.2f} s, {len(r.extra['executed'])} executed, "
                f"up to date: {r.extra['said_up_to_date']}"
            )
        m["noop_rebuild"] = summary(noop) | {"executed": executed(noop)}
        if any(executed(noop)):
            notes.append(
                "a no-op rebuild executed notebooks: the inputs changed between builds "
                "(was the package edited meanwhile? see code_changed)"
            )

        # 4. Rebuild after a whitespace change in one notebook.
        touched = []
        nb_path = proj / "notebooks" / TOUCHED_NOTEBOOK
        for i in range(args.runs):
            touch_notebook(nb_path, i + 1)
            log(f"one-notebook change {i + 1}/{args.runs}: edit {TOUCHED_NOTEBOOK}; rukg build")
            touched.append(r := build("one-notebook rebuild"))
            log(f"  {r.wall_s:.1f} s, executed {r.extra['executed']}, {build_phases(r)}")
        m["one_notebook_change"] = summary(touched) | {
            "notebook": TOUCHED_NOTEBOOK,
            "change": "trailing spaces added to the first line of the first markdown cell",
            "executed": executed(touched),
        }
        for name, rs in (("forced rebuild", warm), ("no-op", noop), ("one-notebook", touched)):
            if any(r.extra["code_changed"] for r in rs):
                notes.append(
                    f"{name}: src/rukg changed before or during a run (code_changed), so the "
                    "cache or the fingerprint could not match; rerun when nobody is editing"
                )

        # 5. validate and audit on the real data.
        for step in ("validate", "audit"):
            rs = []
            for i in range(args.fast_runs):
                log(f"{step} (real data) {i + 1}/{args.fast_runs}: rukg {step}")
                ok = (0, 1) if step == "audit" else (0,)  # audit: 1 = numbers uncatalogued
                r = checked(run(rukg(proj, step), cwd=proj, env=env, timeout=T), step, ok=ok)
                rs.append(r)
                log(f"  {r.wall_s:.2f} s, exit {r.rc}")
            m[f"{step}_real"] = summary(rs) | {"rc": [r.rc for r in rs]}

        # 6. audit on a generated corpus.
        gen = make_copy(tmp / "corpus")
        log(f"generating {args.articles} articles (~{args.corpus_mb:g} MB) in {gen}")
        t0 = time.perf_counter()
        corpus = generate_corpus(gen, args.articles, args.corpus_mb, args.seed)
        corpus["generate_s"] = round(time.perf_counter() - t0, 2)
        log(f"  {corpus['mb']:.1f} MB in {corpus['generate_s']} s")
        # Check the corpus is valid first: otherwise the audit stops at validation.
        log("validate (generated corpus) 1/1: rukg validate")
        r = checked(run(rukg(gen, "validate"), cwd=gen, env=env, timeout=T), "validate (generated)")
        log(f"  {r.wall_s:.1f} s, exit {r.rc}: {(r.stdout + r.stderr).strip()[-200:]}")
        m["validate_generated"] = summary([r]) | {"rc": [r.rc], "output_tail": r.stdout[-300:]}
        audits, cores, core_json = [], [], []
        for i in range(args.runs):
            log(f"audit (generated corpus) {i + 1}/{args.runs}: rukg audit > /dev/null")
            r = run(rukg(gen, "audit"), cwd=gen, env=env, keep_stdout=False, timeout=T)
            checked(r, "audit (generated)", ok=(1,))
            audits.append(r)
            log(
                f"  {r.wall_s:.1f} s, exit {r.rc}, maxrss {r.maxrss_mb:.0f} MB: {r.stderr.strip()[-200:]}"
            )
            log(f"audit core {i + 1}/{args.runs}: find_mentions over every text")
            cmd = [PY, str(Path(__file__).resolve()), "_audit-core", str(gen / "data" / "sources")]
            c = checked(run(cmd, cwd=gen, env=env, timeout=T), "audit core")
            cores.append(c)
            try:
                core_json.append(json.loads(c.stdout.strip().splitlines()[-1]))
            except (ValueError, IndexError):
                core_json.append(None)
            log(f"  {c.wall_s:.1f} s, maxrss {c.maxrss_mb:.0f} MB, {core_json[-1]}")
        # Throughput is over the whole corpus the audit reads: generated plus the real five.
        mb = (corpus["bytes"] + corpus["real_articles_bytes"]) / MB
        a = summary(audits)
        m["audit_generated"] = a | {
            "rc": [r.rc for r in audits],
            "stderr_tail": [r.stderr.strip()[-300:] for r in audits],
            "corpus": corpus,
            "corpus_mb_read": round(mb, 3),
            "throughput_mb_s": round(mb / a["median_s"], 3),
        }
        parse = [c["parse_s"] for c in core_json if c]
        m["audit_core_generated"] = summary(cores) | {
            "what": "rukg.catalogue.quotes.find_mentions over every text, in a subprocess",
            "inner": core_json,
            "parse_median_s": round(statistics.median(parse), 3) if parse else None,
            "parse_throughput_mb_s": (
                round(core_json[0]["bytes"] / MB / statistics.median(parse), 3) if parse else None
            ),
            "process_throughput_mb_s": round(
                (core_json[0]["bytes"] / MB if core_json and core_json[0] else mb)
                / statistics.median([c.wall_s for c in cores]),
                3,
            ),
        }
        if a["median_s"] and a["median_s"] > 60:
            notes.append(
                f"the CLI audit of {args.articles} generated sources took {a['median_s']:.0f} s "
                "(it validates every source first); see audit_core_generated for the parser alone"
            )

        # 8. add-source of one large article (bench/big_article.py), on a fresh copy each run.
        if args.add_source_mb > 0:
            from big_article import make_article  # bench/, beside this file

            article = tmp / f"{BIG_ID}.txt"
            log(f"writing a {args.add_source_mb:g} MB article to {article}")
            data = make_article(int(args.add_source_mb * MB), args.seed).encode("utf-8")
            article.write_bytes(data)
            adds = []
            for i in range(args.runs):
                copy = make_copy(tmp / f"add-source-{i + 1}")
                log(
                    f"add-source {i + 1}/{args.runs}: rukg add-source {article.name} (stdout discarded)"
                )
                cmd = rukg(copy, "add-source", str(article), "--id", BIG_ID)
                cmd += ["--publisher", "rukg benchmark (generated)", "--title", "Large article"]
                cmd += ["--published", "2026-01-02", "--date-evidence", "bench/big_article.py"]
                cmd += ["--kind", "news analysis"]
                r = run(cmd, cwd=copy, env=env, keep_stdout=False, timeout=T)
                checked(r, "add-source")
                drafts = copy / "review" / f"{BIG_ID}_figures.csv"
                r.extra = {
                    "draft_rows": (
                        max(0, sum(1 for _ in drafts.open(encoding="utf-8")) - 1)
                        if drafts.exists()
                        else None
                    )
                }
                adds.append(r)
                log(
                    f"  {r.wall_s:.1f} s, exit {r.rc}, maxrss {r.maxrss_mb:.0f} MB, "
                    f"{r.extra['draft_rows']} draft rows"
                )
                shutil.rmtree(copy, ignore_errors=True)
            m["add_source_big"] = summary(adds) | {
                "rc": [r.rc for r in adds],
                "article_mb": round(len(data) / MB, 3),
                "draft_rows": [r.extra["draft_rows"] for r in adds],
            }
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    # Targets.
    values = {}
    if m["baseline"]["median_s"]:
        values["clean_build_vs_baseline"] = round(
            m["clean_build"]["median_s"] / m["baseline"]["median_s"], 3
        )
    values["noop_rebuild_s"] = m["noop_rebuild"]["median_s"]
    ex = m["one_notebook_change"]["executed"]
    values["one_notebook_reexecuted"] = (
        len(ex[0]) if all(len(e) == len(ex[0]) for e in ex) else [len(e) for e in ex]
    )
    values["audit_throughput_mb_s"] = m["audit_generated"]["throughput_mb_s"]
    values["audit_peak_rss_mb"] = m["audit_generated"]["peak_maxrss_mb"]
    size = m["report_size"]
    values["report_html_mb"] = size["html_bytes"] and round(size["html_bytes"] / MB, 3)
    values["report_pdf_mb"] = size["pdf_bytes"] and round(size["pdf_bytes"] / MB, 3)
    if "add_source_big" in m:
        values["add_source_big_s"] = m["add_source_big"]["median_s"]
    targets = {}
    for name, (desc, ok) in TARGETS.items():
        if name == "add_source_big_s" and "add_source_big" not in m:
            continue  # the step was skipped (--add-source-mb 0)
        v = values.get(name)
        try:
            met = bool(ok(v)) if v is not None else False
        except TypeError:  # e.g. differing counts across runs
            met = False
        targets[name] = {"target": desc, "value": v, "met": met}

    digest_after = package_digest()
    if digest_after != digest_before:
        notes.append("src/rukg changed while the benchmark ran: runs may measure different code")
    cached = m["cache_after_clean_build"]["exists"] and m["cache_after_clean_build"]["files"] > 0
    results = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "total_runtime_s": round(time.perf_counter() - _t_start, 1),
        "machine": machine_info() | {"loadavg_start": load_before, "loadavg_end": os.getloadavg()},
        "config": {
            "runs": args.runs,
            "fast_runs": args.fast_runs,
            "quick": args.quick,
            "articles": args.articles,
            "corpus_mb": args.corpus_mb,
            "seed": args.seed,
            "add_source_mb": args.add_source_mb,
            "notebooks": notebooks,
            "memory": "maxrss_mb: ru_maxrss from os.wait4 on each command (largest single "
            "process in its tree, as /usr/bin/time -v); tree_peak_mb: sum of RSS over the "
            "process tree, sampled every 0.2 s with psutil (shared pages counted per process)",
            "units": "MB = 10^6 bytes everywhere (sizes, throughput, memory)",
        },
        "build_had_cache": cached,
        "package_digest": {"before": digest_before, "after": digest_after},
        "measurements": m,
        "targets": targets,
        "notes": notes,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(table(results))
    log(f"wrote {args.out} ({results['total_runtime_s']} s in all)")
    return 0


def table(res: dict) -> str:
    m, t = res["measurements"], res["targets"]

    def s(x, unit="s", nd=2):
        return "—" if x is None else f"{x:.{nd}f} {unit}".strip()

    def mark(name):
        return "met" if t[name]["met"] else "MISSED"

    rows = [("measurement", "runs", "median", "range / detail", "peak RSS", "target")]

    def timed(label, key, target="", detail=""):
        x = m[key]
        rng = f"{s(x['min_s'])} – {s(x['max_s'])}" if len(x["runs"]) > 1 else ""
        rows.append(
            (
                label,
                str(len(x["runs"])),
                s(x["median_s"]),
                " ".join(p for p in (rng, detail) if p),
                s(x["peak_maxrss_mb"], "MB", 0)
                + (f" (tree {x['peak_tree_mb']:.0f})" if x.get("peak_tree_mb") else ""),
                target,
            )
        )

    c = m["clean_build"]

    def changed(x):
        runs = [i + 1 for i, r in enumerate(x["runs"]) if r.get("code_changed")]
        return f"; code changed in run(s) {runs}" if runs else ""

    def phases(x):
        ph = x["median_phases"]
        return ", ".join(
            f"{label} {ph[k]:.1f} s"
            for k, label in (("notebooks_s", "notebooks"), ("pdf_s", "PDF"))
            if ph.get(k) is not None
        )

    timed(
        "1 clean build (empty cache)",
        "clean_build",
        "",
        f"{len(c['executed'][0])} executed; {phases(c)}",
    )
    timed("2 baseline nbconvert+WeasyPrint", "baseline", "", phases(m["baseline"]))
    ratio = t["clean_build_vs_baseline"]["value"]
    rows.append(
        (
            "  clean / baseline",
            "",
            s(ratio, "", 2),
            "",
            "",
            f"≤ 0.5 {mark('clean_build_vs_baseline')}",
        )
    )
    w = m["forced_rebuild_warm_cache"]
    timed(
        "  forced rebuild, warm cache",
        "forced_rebuild_warm_cache",
        "(info)",
        f"{[len(e) for e in w['executed']]} executed; {phases(w)}{changed(w)}",
    )
    timed(
        "3 no-op rebuild",
        "noop_rebuild",
        f"< 1 s {mark('noop_rebuild_s')}",
        changed(m["noop_rebuild"]).lstrip("; "),
    )
    o = m["one_notebook_change"]
    timed(
        "4 one notebook changed",
        "one_notebook_change",
        f"1 re-executed {mark('one_notebook_reexecuted')}",
        f"re-executed {[len(e) for e in o['executed']]}{changed(o)}",
    )
    timed("5 validate (real data)", "validate_real")
    timed("5 audit (real data)", "audit_real")
    timed(
        "6 validate, generated corpus",
        "validate_generated",
        "(info)",
        f"exit {m['validate_generated']['rc'][0]}",
    )
    a = m["audit_generated"]
    timed(
        f"6 audit, {a['corpus']['articles']} generated",
        "audit_generated",
        f"≥ 5 MB/s {mark('audit_throughput_mb_s')}; < 500 MB {mark('audit_peak_rss_mb')}",
        f"{a['corpus_mb_read']:.1f} MB → {a['throughput_mb_s']:.2f} MB/s",
    )
    core = m["audit_core_generated"]
    timed(
        "  audit core (find_mentions)",
        "audit_core_generated",
        "(info)",
        f"parse {s(core['parse_median_s'])} → {s(core['parse_throughput_mb_s'], 'MB/s')}",
    )
    if "add_source_big" in m:
        b = m["add_source_big"]
        timed(
            f"8 add-source, {b['article_mb']:.0f} MB article",
            "add_source_big",
            f"< 15 s {mark('add_source_big_s')}",
            f"{b['draft_rows'][0]} draft rows",
        )
    size = m["report_size"]
    rows.append(
        (
            "7 report.html size",
            "",
            s(size["html_bytes"] and size["html_bytes"] / MB, "MB"),
            "",
            "",
            f"< 5 MB {mark('report_html_mb')}",
        )
    )
    rows.append(
        (
            "7 report.pdf size",
            "",
            s(size["pdf_bytes"] and size["pdf_bytes"] / MB, "MB"),
            "",
            "",
            f"< 5 MB {mark('report_pdf_mb')}",
        )
    )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    mi = res["machine"]
    lines.append("")
    lines.append(
        f"{mi['cpu_count']} CPUs ({mi.get('cpu_model', '?')}), Python {mi['python']}, "
        f"build cache present: {res['build_had_cache']}, total {res['total_runtime_s']} s"
    )
    lines.append("peak RSS: largest process (wait4 ru_maxrss); tree = sampled sum over the tree")
    for n in res["notes"]:
        lines.append(f"note: {n}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
