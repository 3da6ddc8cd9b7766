"""What the report is built from, and the fingerprint of it: kept light so that a no-op
build can answer "up to date" without importing the analysis stack."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from rukg.config import Paths

__all__ = [
    "input_files",
    "fingerprint",
    "report_fingerprint",
    "FINGERPRINT_META",
    "manifest",
    "up_to_date",
]

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
FINGERPRINT_META = "rukg-fingerprint"


def input_files(paths: Paths) -> dict[str, Path]:
    """Every file the report depends on, by a name independent of where the project lies.

    Data, notebooks and the lock are named relative to the project root, package
    code and templates as ``rukg/...``.
    """
    pkg = Path(__file__).resolve().parents[1]  # the rukg package
    found: dict[str, Path] = {}
    for folder, pattern, prefix in (
        (paths.data, "**/*", "data/"),
        (paths.notebooks, "*.ipynb", "notebooks/"),
        (pkg, "**/*.py", "rukg/"),
        (TEMPLATES, "**/*", "rukg/templates/"),
    ):
        for f in folder.glob(pattern):
            if f.is_file() and "__pycache__" not in f.parts:
                found[prefix + f.relative_to(folder).as_posix()] = f
    for f in (paths.lock, paths.root / "pyproject.toml"):
        if f.exists():
            found[f.name] = f
    return dict(sorted(found.items()))


def fingerprint(paths: Paths, params: dict | None = None) -> str:
    """SHA-256 over the names and contents of every input file, and the parameters."""
    h = hashlib.sha256()
    if params:
        h.update(b"params\0" + json.dumps(params, sort_keys=True, default=str).encode() + b"\0")
    for name, f in input_files(paths).items():
        h.update(name.encode() + b"\0")
        h.update(f.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return h.hexdigest()


def report_fingerprint(html_path: Path) -> str | None:
    """The fingerprint recorded in a built report, or ``None`` if there is none."""
    if html_path.is_symlink() or not html_path.is_file():
        return None
    marker = f'<meta name="{FINGERPRINT_META}" content="'
    text = html_path.read_text(encoding="utf-8")
    i = text.find(marker)
    if i < 0:
        return None
    j = i + len(marker)
    return text[j : text.index('"', j)]


def _sha256(path: Path) -> str | None:
    # Only regular files count as outputs (is_file follows links, so check for them too).
    if path.is_symlink() or not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _name(path: Path, paths: Paths) -> str:
    # Relative to the root, as up_to_date reads it back; absolute if the charts were sent
    # elsewhere ($RUKG_FIGURES_DIR).
    return path.relative_to(paths.root).as_posix() if path.is_relative_to(paths.root) else str(path)


def manifest(paths: Paths, fp: str, outputs: list[Path]) -> bytes:
    """``report/manifest.json``: the inputs' fingerprint and the checksum of every output,
    recorded when the build writes them (sorted, no timestamps: the same build, the same bytes)."""
    record = {
        "fingerprint": fp,
        "outputs": {_name(f, paths): _sha256(f) for f in sorted(outputs)},
    }
    return (json.dumps(record, indent=1, sort_keys=True) + "\n").encode()


def up_to_date(paths: Paths, fp: str) -> bool:
    """Whether the built report answers to ``fp`` and every output is as the build wrote it.

    An emptied, edited or missing output (the report, the PDF or a chart) makes it stale,
    whatever its fingerprint says.
    """
    try:
        record = json.loads(paths.manifest.read_text(encoding="utf-8"))
        outputs = record["outputs"]
        if record["fingerprint"] != fp or report_fingerprint(paths.report_html) != fp:
            return False
        return bool(outputs) and all(
            _sha256(paths.root / name) == digest for name, digest in outputs.items()
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
