"""pyproject.toml, requirements.lock and environment.yml name the same dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {norm(re.split(r"[<>=!~;\[ ]", d)[0]) for d in deps}


def lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[norm(name)] = version.strip()
    return pins


def conda() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        m = re.fullmatch(r"\s+- ([A-Za-z0-9_.-]+)=([^=\s]+)", line)
        if m:
            pins[norm(m.group(1))] = m.group(2)
    return pins


def test_lock_pins_every_direct_dependency():
    missing = direct_dependencies() - set(lock())
    assert not missing, f"not in requirements.lock: {sorted(missing)} (run `make lock`)"


def test_environment_yml_matches_pyproject_and_lock():
    env = conda()
    python = env.pop("python")
    assert python == "3.11"
    assert set(env) == direct_dependencies()
    pins = lock()
    assert {k: v for k, v in env.items()} == {k: pins[k] for k in env}
