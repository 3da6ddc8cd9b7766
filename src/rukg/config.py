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
    def commitments_csv(self) -> Path:
        return self.data / "commitments.csv"

    @property
    def commitment_parts_csv(self) -> Path:
        return self.data / "commitment_parts.csv"

    @property
    def set_aside_csv(self) -> Path:
        return self.data / "set_aside.csv"

    @property
    def annotations_csv(self) -> Path:
        return self.data / "chart_annotations.csv"

    @property
    def reference(self) -> Path:
        return self.data / "reference"

    @property
    def provenance_csv(self) -> Path:
        return self.reference / "provenance.csv"

    @property
    def aid_facts_csv(self) -> Path:
        return self.reference / "facts" / "aid_commitments.csv"

    @property
    def trade_statements_csv(self) -> Path:
        return self.reference / "facts" / "trade_statements.csv"

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
    def manifest(self) -> Path:
        """The fingerprint and output checksums recorded by the last build."""
        return self.report_dir / "manifest.json"

    @property
    def build_dir(self) -> Path:
        """Scratch space for executed notebooks; never committed."""
        return self.root / "build"

    @property
    def review_dir(self) -> Path:
        """Draft catalogue rows awaiting a person's review (never read by the build)."""
        return self.root / "review"

    @property
    def lock(self) -> Path:
        return self.root / "requirements.lock"


def paths(root: Path | str | None = None) -> Paths:
    return Paths(Path(root).resolve() if root else _default_root())


PATHS = paths()

# The notebooks that make up the report, in reading order. The one place that sets it.
REPORT_NOTEBOOKS: tuple[str, ...] = (
    "summary.ipynb",
    "01_security.ipynb",
    "02_economics.ipynb",
    "03_geopolitics.ipynb",
    "04_verdict.ipynb",
    "about_sources.ipynb",
    "appendix.ipynb",
)
# How each notebook's top-level headings are numbered in the report: chapters 1, 2, …;
# back matter A, B, …; the summary not at all.
NUMBERING: dict[str, str] = {
    "summary.ipynb": "none",
    "about_sources.ipynb": "letter",
    "appendix.ipynb": "letter",
}

# Default assumptions; each notebook repeats them in its `parameters` cell.
BASE_YEAR = 2023  # constant dollars are dollars of this year (US CPI-U)
INDEX_BASE_YEAR = 2000  # trade index = 100 in this year

REPORT_TITLE = (
    "Russia and Kyrgyzstan: security, economics and geopolitics in the sources, 1992–2023"
)
