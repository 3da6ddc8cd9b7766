"""Malformed inputs stop ``make validate`` and ``make report``, run in a copy of the project.

One case goes through make, to prove that path: it breaks one file of a throwaway copy
(conftest's ``project_copy`` plus the Makefile) and runs both targets there, concurrently,
with this checkout's venv. The other cases run the same commands in process
(``rukg.build.cli.main``), as ``test_hostile_input.py`` runs its full matrix. Bad data must
stop both at validation, before any notebook runs, with exactly one message line naming
file, row and column (the file alone for file-level problems), no traceback, and the
previous report and every data file as they were. The harmless encodings (a byte-order
mark, Windows line endings) must validate and load to the same tables; the full build of a
copy with a byte-order mark and Windows line endings is the suite's one full build
(conftest's ``built_copy``), and a raising notebook cell is in ``test_report.py``.

How make is run: ``make -C <copy> <target> VENV=<this venv> STAMP=``.

* ``VENV`` points the recipes at this checkout's interpreter, so nothing is installed.
* ``STAMP=`` (empty) drops the ``.venv/.installed: pyproject.toml requirements.lock``
  prerequisite. ``shutil.copy2`` keeps the copies' mtimes, so whenever pyproject.toml or
  the lock is newer than the real venv's stamp (as after any edit of either), make would
  otherwise run ``python3 -m venv`` and ``pip install -e .`` *from the copy* into the real
  venv, re-pointing its editable install at a temporary directory. A dry run
  (``make -n``) checks, for the copy, that the rukg command is all that would run.
* ``RUKG_ROOT=<copy>`` makes the CLI read the copy: the editable install would
  otherwise find this checkout's data whatever the working directory.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from test_catalogue import rewrite

from rukg import config
from rukg.build import cli
from rukg.catalogue import load

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
UTF8_SOURCE = "data/sources/004_e4d2f5cf2dec9cc3.txt"  # its title has a ’ (E2 80 99)
BROKEN_NOTEBOOK = "notebooks/summary.ipynb"
BROKEN_CELL = 4  # index of a code cell after the setup, parameters and loading cells


# --- running make in a copy ----------------------------------------------------------


def make_command(root: Path, target: str, *extra: str) -> list[str]:
    return [
        "make",
        "--no-print-directory",
        "-C",
        str(root),
        target,
        f"VENV={VENV}",
        "STAMP=",
        *extra,
    ]


def make_env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env.pop("RUKG_FIGURES_DIR", None)
    return {**env, "RUKG_ROOT": str(root)}


@dataclass
class Run:
    target: str
    returncode: int
    stdout: str
    stderr: str

    def messages(self) -> list[str]:
        """stderr without make's own lines ("make: *** [...] Error 1") and the kernel's log."""
        return [
            line
            for line in self.stderr.splitlines()
            if line.strip() and not line.startswith(("make: ", "make[", "[IPKernelApp]"))
        ]


class Make:
    """``make <target>`` started in the background in a copy; :meth:`wait` collects it."""

    def __init__(self, root: Path, target: str):
        self.target = target
        self.proc = subprocess.Popen(
            make_command(root, target),
            env=make_env(root),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, so a timeout can end make's children
        )

    def wait(self, timeout: float = 600) -> Run:
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            out, err = self.proc.communicate()
            pytest.fail(f"make {self.target} took over {timeout} s:\n{out}\n{err}")
        return Run(self.target, self.proc.returncode, out, err)


def in_process(root: Path, target: str) -> Run:
    """What ``make <target>`` runs (``python -m rukg --root <copy> validate|build``), in process."""
    command = {"validate": "validate", "report": "build"}[target]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(root), command])
    return Run(target, code, out.getvalue(), err.getvalue())


def prepare(root: Path) -> None:
    """Add the Makefile to a project copy and check that make would install nothing there."""
    shutil.copy2(ROOT / "Makefile", root / "Makefile")
    for target in ("validate", "report"):
        dry = subprocess.run(
            make_command(root, target, "-n"), env=make_env(root), capture_output=True, text=True
        )
        assert dry.returncode == 0, dry.stderr
        commands = [line for line in dry.stdout.splitlines() if line.strip()]
        assert len(commands) == 1 and commands[0].startswith(f"{VENV}/bin/python -m rukg "), (
            f"make {target} would run more than the rukg command: {commands}"
        )


def data_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "data").rglob("*"))
        if p.is_file()
    }


def report_files(root: Path) -> tuple[bytes, bytes]:
    return (root / "report/report.html").read_bytes(), (root / "report/report.pdf").read_bytes()


def tables(paths: config.Paths) -> dict[str, object]:
    cat = load(paths)
    return {k: v for k, v in vars(cat).items()}


def assert_same_tables(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for name in a:
        if isinstance(a[name], pd.DataFrame):
            pd.testing.assert_frame_equal(a[name], b[name], obj=name)
        else:
            assert a[name] == b[name], name


# --- the cases -----------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # the file broken, relative to the copy's root
    breaks: Callable[[config.Paths], None]
    where: str  # how the one message line starts: file, row and column
    says: str  # and what it must say


def edit(path: str, edit_rows) -> Callable[[config.Paths], None]:
    return lambda paths: rewrite(paths.root / path, edit_rows)


def transform(path: str, change: Callable[[bytes], bytes]) -> Callable[[config.Paths], None]:
    def apply(paths: config.Paths) -> None:
        f = paths.root / path
        f.write_bytes(change(f.read_bytes()))

    return apply


def drop_column(column: str) -> Callable:
    return lambda rows, fields: [f for f in fields if f != column]


def stray_quote(data: bytes) -> bytes:
    lines = data.splitlines(keepends=True)
    lines[3] = lines[3].replace(b",", b',"', 1)  # data row 3: an opening quote that never closes
    return b"".join(lines)


BAD_DATA = [
    Case(
        "missing-column",
        "data/figures.csv",
        edit("data/figures.csv", drop_column("unit")),
        "data/figures.csv: column 'unit': ",
        "required column is missing",
    ),
    Case(
        # Also a changed checksum: folded into the one message.
        "source-not-utf8",
        UTF8_SOURCE,
        transform(UTF8_SOURCE, lambda b: b.replace("’".encode(), b"\x92")),
        f"{UTF8_SOURCE}: ",
        "not UTF-8: byte 0x92 at line 1, column 49",
    ),
    Case(
        "stray-quote",
        "data/audit_dismissed.csv",
        transform("data/audit_dismissed.csv", stray_quote),
        "data/audit_dismissed.csv:4: row 3, column 'source_id': ",
        "a stray quote character?",
    ),
]


@pytest.mark.parametrize(
    "case, through_make",
    [(c, i == 0) for i, c in enumerate(BAD_DATA)],
    ids=[f"{c.name}-{'make' if i == 0 else 'in-process'}" for i, c in enumerate(BAD_DATA)],
)
def test_bad_data_stops_validate_and_report(project_copy, case, through_make):
    root = project_copy.root
    if through_make:
        prepare(root)
    data_before = data_files(root)
    report_before = report_files(root)
    case.breaks(project_copy)
    broken = (root / case.file).read_bytes()
    assert broken != data_before[case.file], "the case did not change its file"

    if through_make:
        runs = [Make(root, "validate"), Make(root, "report")]
        validate, report = (r.wait() for r in runs)
    else:
        validate, report = in_process(root, "validate"), in_process(root, "report")

    for run, command in ((validate, "validate"), (report, "build")):
        assert run.returncode != 0, f"make {run.target} passed on bad data"
        assert "Traceback" not in run.stdout + run.stderr, run.stderr
        lines = run.messages()
        assert len(lines) == 2, f"make {run.target}: expected one problem, got:\n{run.stderr}"
        assert lines[0].startswith(case.where) and case.says in lines[0], lines[0]
        assert lines[1] == f"{command}: 1 problem(s) in the data; nothing was built"
    # The build stopped at validation: no notebook ran, no scratch space was made.
    assert "executing" not in report.stdout
    assert not (root / "build").exists()
    assert report_files(root) == report_before, "the previous report was touched"
    assert data_files(root) == {**data_before, case.file: broken}, "a data file changed"


# --- harmless encodings ----------------------------------------------------------------


def add_bom(data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data


def crlf(data: bytes) -> bytes:
    return data.replace(b"\n", b"\r\n")


def check_validates_to_same_tables(paths: config.Paths, expected: dict, run: Run) -> None:
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert run.messages() == []
    cat = tables(paths)
    assert run.stdout.splitlines()[-1] == (
        f"valid: {len(cat['sources'])} sources, {len(cat['figures'])} figures, "
        f"{len(cat['events'])} events, {len(cat['dismissed'])} dismissals"
    )
    assert_same_tables(cat, expected)


def test_byte_order_mark_and_crlf_line_endings_are_harmless(project_copy):
    root = project_copy.root
    expected = tables(project_copy)
    for name in ("events.csv", "figures.csv", "commitment_parts.csv"):
        f = project_copy.data / name
        f.write_bytes(crlf(f.read_bytes()))
    project_copy.figures_csv.write_bytes(add_bom(project_copy.figures_csv.read_bytes()))
    broken = data_files(root)
    check_validates_to_same_tables(project_copy, expected, in_process(root, "validate"))
    assert data_files(root) == broken
