"""Every path the project uses, built from the project root, and default parameters.

The root is found from this file (``src/rukg/config.py`` → two levels up), or
from the ``RUKG_ROOT`` environment variable, which tests use to run the whole
pipeline on a temporary copy of the project.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _default_root() -> Path:
    env = os.environ.get("RUKG_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Paths:
    """All project paths, derived from one root."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def sources_dir(self) -> Path:
        return self.data / "sources"

    @property
    def sources_csv(self) -> Path:
        return self.data / "sources.csv"

    @property
    def figures_csv(self) -> Path:
        return self.data / "figures.csv"

    @property
    def events_csv(self) -> Path:
        return self.data / "events.csv"

    @property
    def dismissed_csv(self) -> Path:
        return self.data / "audit_dismissed.csv"

    @property
    def reference(self) -> Path:
        return self.data / "reference"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def figures_out(self) -> Path:
        # The build points notebooks at a staging folder (RUKG_FIGURES_DIR) so that a
        # failed build leaves figures/ as it was.
        staged = os.environ.get("RUKG_FIGURES_DIR")
        return Path(staged) if staged else self.root / "figures"

    @property
    def report_dir(self) -> Path:
        return self.root / "report"

    @property
    def report_html(self) -> Path:
        return self.report_dir / "report.html"

    @property
    def report_pdf(self) -> Path:
        return self.report_dir / "report.pdf"

    @property
    def build_dir(self) -> Path:
        """Scratch space for executed notebooks; never committed."""
        return self.root / "build"

    @property
    def lock(self) -> Path:
        return self.root / "requirements.lock"


def paths(root: Path | str | None = None) -> Paths:
    return Paths(Path(root).resolve() if root else _default_root())


PATHS = paths()

# The notebooks that make up the report, in reading order. The one place that sets it.
REPORT_NOTEBOOKS: tuple[str, ...] = ("00_sources.ipynb",)

REPORT_TITLE = (
    "Russia and Kyrgyzstan: security, economics and geopolitics in the sources, 1992–2023"
)
