"""The project as the benchmark sees it: the interpreter and tools of the venv, temporary
copies of the project to run commands in, the commands, and what identifies a run (the
package's digest, the machine).

Everything runs against temporary copies (``--root <copy>``), so the real ``data/``,
``report/`` and ``build/`` are never touched. The ``rukg`` package itself is the one
installed in ``.venv`` (the checkout's ``src/rukg``), shared by all copies.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

from timing import MB, Result

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV_BIN = ROOT / ".venv" / "bin"
BIN = VENV_BIN if (VENV_BIN / "python").exists() else Path(sys.executable).parent
PY = str(BIN / "python")
JUPYTER = str(BIN / "jupyter")
RUN_PY = str(HERE / "run.py")  # also the entry point of the helpers run as subprocesses

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
EXECUTING = re.compile(r"executing\s+notebooks/([\w.-]+\.ipynb)")


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
