"""pyproject.toml, requirements.lock, environment.yml and the Makefile agree: the same
dependencies, and the same Python versions (3.11, 3.12 and 3.13)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
SUPPORTED = ["3.11", "3.12", "3.13"]


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {norm(re.split(r"[<>=!~;\[ ]", d)[0]) for d in deps}


def lock_lines() -> list[str]:
    text = (ROOT / "requirements.lock").read_text()
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def lock() -> dict[str, str]:
    pins = {}
    for line in lock_lines():
        pin = line.partition(";")[0]
        name, _, version = pin.partition("==")
        pins[norm(name)] = version.strip()
    return pins


def conda() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        m = re.fullmatch(r"\s+- ([A-Za-z0-9_.-]+)=([^=\s]+)", line)
        if m:
            pins[norm(m.group(1))] = m.group(2)
    return pins


def conda_python() -> str:
    text = (ROOT / "environment.yml").read_text()
    return re.search(r"^\s+- python([<>=!].*)$", text, re.M).group(1).strip()


def requires_python() -> SpecifierSet:
    return SpecifierSet(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    )


def test_lock_pins_every_direct_dependency():
    missing = direct_dependencies() - set(lock())
    assert not missing, f"not in requirements.lock: {sorted(missing)} (run `make lock`)"


def test_environment_yml_matches_pyproject_and_lock():
    env = conda()
    assert SpecifierSet(conda_python()) == requires_python()
    assert set(env) == direct_dependencies()
    pins = lock()
    assert {k: v for k, v in env.items()} == {k: pins[k] for k in env}


# --- Python versions -------------------------------------------------------------------


def test_supported_pythons_agree():
    """requires-python admits exactly the versions the Makefile builds with."""
    spec = requires_python()
    admitted = [f"3.{minor}" for minor in range(8, 16) if spec.contains(f"3.{minor}.0")]
    assert admitted == SUPPORTED
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^PYTHONS := (.*)$", makefile, re.M).group(1).split() == SUPPORTED


def test_lock_is_one_pin_per_line_with_at_most_a_python_version_marker():
    for line in lock_lines():
        pin, _, marker = line.partition(";")
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[A-Za-z0-9_.+!-]+", pin.strip()), line
        if marker:
            applies = [v for v in SUPPORTED if Marker(marker).evaluate({"python_version": v})]
            assert applies and "python_version" in marker, f"{line}: applies on no version"


# --- the Makefile's choice of Python (dry runs in a scratch folder: nothing installed) ---


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """The Makefile and stand-ins for its prerequisites, older than any stamp made later."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for name in ("pyproject.toml", "requirements.lock"):
        (tmp_path / name).write_text("")
        os.utime(tmp_path / name, (1_000_000_000, 1_000_000_000))
    return tmp_path


def fake_python(folder: Path, version: str) -> Path:
    """An "interpreter" that prints its major.minor version whatever it is asked."""
    path = folder / f"fake-{version}"
    path.write_text(f"#!/bin/sh\necho {version}\n")
    path.chmod(0o755)
    return path


def venv_built_with(folder: Path, version: str) -> None:
    (folder / ".venv").mkdir()
    (folder / ".venv" / "pyvenv.cfg").write_text(f"home = /x/bin\nversion = {version}.1\n")
    (folder / ".venv" / ".installed").touch()


def dry_setup(folder: Path, python: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(
        ["make", "--no-print-directory", "-n", "setup", f"PYTHON={python}"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("version", ["3.10", "3.14"])
def test_make_refuses_other_pythons_in_one_line(scratch: Path, version: str):
    run = dry_setup(scratch, fake_python(scratch, version))
    assert run.returncode != 0
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert "Python 3.11, 3.12 or 3.13 is needed" in lines[0] and f"is Python {version}" in lines[0]


def test_make_refuses_a_python_that_does_not_run(scratch: Path):
    run = dry_setup(scratch, scratch / "no-such-python")
    assert run.returncode != 0
    assert run.stderr.strip().splitlines() == [run.stderr.strip()]
    assert "does not run" in run.stderr


@pytest.mark.parametrize("version", SUPPORTED)
def test_make_builds_the_venv_with_each_supported_python(scratch: Path, version: str):
    python = fake_python(scratch, version)
    run = dry_setup(scratch, python)
    assert run.returncode == 0, run.stderr
    assert f"{python} -m venv .venv" in run.stdout


def test_venv_of_the_same_python_is_kept(scratch: Path):
    venv_built_with(scratch, "3.12")
    run = dry_setup(scratch, fake_python(scratch, "3.12"))
    assert run.returncode == 0, run.stderr
    assert "venv" not in run.stdout and "pip" not in run.stdout


def test_venv_of_another_python_is_rebuilt_from_scratch(scratch: Path):
    venv_built_with(scratch, "3.11")
    python = fake_python(scratch, "3.13")
    run = dry_setup(scratch, python)
    assert run.returncode == 0, run.stderr
    assert f"{python} -m venv --clear .venv" in run.stdout
