"""The report's figures: one registry, each drawn at two widths, checked, saved and shown.

A notebook shows a figure with one line, ``figures.show("economics_trade_turnover",
inputs)``. The registry (:data:`FIGURES`) maps each figure's name to the
function that draws it from :class:`Inputs` at a :class:`~rukg.present.frame.Layout`;
the functions live in ``rukg.present.<kind>_figures`` (trade, aid, timeline, map). The
tests draw every registered figure at both widths and run :mod:`rukg.present.figcheck`
on each, so a collision or a stray colour fails a test, not a reader.

The page gets both drawings: the wide one on paper and on a desktop, the narrow
one on a phone (the stylesheet shows one), ids prefixed so they stay unique.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.text import Text

from rukg import config
from rukg.config import Paths
from rukg.present import figcheck, svg
from rukg.present.frame import LAYOUTS, NARROW, WIDE, Layout

__all__ = ["Inputs", "FIGURES", "draw", "show", "save"]


@dataclass
class Inputs:
    """What the figures are drawn from: the project, its parameters, and tables computed once."""

    paths: Paths
    cat: object = None
    base_year: int = config.BASE_YEAR
    index_base_year: int = config.INDEX_BASE_YEAR
    use_later_facts: bool = True
    treaty_extensions: int = 1
    _cache: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.cat is None:
            from rukg.catalogue.core import load

            self.cat = load(self.paths)

    @cached_property
    def official(self):
        from rukg.analysis import trade

        return trade.official(self.paths)

    @cached_property
    def commitments(self):
        from rukg.analysis import aid

        return aid.commitments_table(
            self.cat, self.paths, self.base_year, use_later_facts=self.use_later_facts
        )

    @cached_property
    def transfers(self):
        from rukg.analysis import ledger

        return ledger.transfers(
            self.commitments, self.paths, self.cat, use_later_facts=self.use_later_facts
        )

    @cached_property
    def debt(self):
        from rukg.analysis import ledger

        return ledger.debt_operations(self.paths, self.cat)

    @cached_property
    def tooltips(self) -> dict[str, str]:
        return svg.evidence_tooltips(self.cat)


Draw = Callable[[Inputs, Layout], Figure]


def _registry() -> dict[str, Draw]:
    from rukg.present import aid_figures, map_figures, timeline_figures, trade_figures

    out: dict[str, Draw] = {}
    for module in (map_figures, timeline_figures, aid_figures, trade_figures):
        out.update(module.FIGURES)
    return out


FIGURES: dict[str, Draw] = _registry()


def draw(name: str, inputs: Inputs, layout: Layout = WIDE) -> Figure:
    """Draw one registered figure at one width (not saved, not checked)."""
    fig = FIGURES[name](inputs, layout)
    fig.rukg_name = name
    return fig


def save(fig: Figure, path: Path) -> None:
    """Write ``fig`` as SVG (or PNG, by suffix) deterministically, all text drawn as typed."""
    title = getattr(fig, "rukg_title", path.stem)
    with matplotlib.rc_context({"text.parse_math": False, "text.usetex": False}):
        for text in fig.findobj(Text):
            text.set_parse_math(False)
            text.set_usetex(False)
            if str(text.get_gid() or "").startswith(figcheck.ON_MARK):
                text.set_gid(None)  # a mark for the checks only: an SVG id must be unique
        if path.suffix == ".svg":
            meta = {"Title": title, "Date": None, "Creator": None}
        else:
            meta = {"Title": title, "Software": None}
        fig.savefig(path, metadata=meta)


def _check(fig: Figure, name: str, layout: Layout) -> None:
    # The tests fail on these; a build from adapted data says so on stderr (kept out of
    # the report) rather than stopping over a label.
    for problem in figcheck.problems(fig, min_size=layout.small):
        print(f"{name} ({layout.name}): {problem}", file=sys.stderr)


def show(name: str, inputs: Inputs, out_dir: Path | None = None):
    """Draw ``name`` wide and narrow, save both to ``figures/``, and return them for the page.

    Files: ``<name>.svg`` and ``<name>.png`` (wide), ``<name>-phone.svg`` (narrow).
    """
    from IPython.display import HTML

    from rukg.config import paths

    out = out_dir or paths(inputs.paths.root).figures_out
    out.mkdir(parents=True, exist_ok=True)
    shown = {}
    title = ""
    for layout in LAYOUTS:
        fig = draw(name, inputs, layout)
        _check(fig, name, layout)
        title = getattr(fig, "rukg_title", name)
        marks = getattr(fig, "rukg_tips", {})
        stem = name if layout is WIDE else f"{name}-phone"
        save(fig, out / f"{stem}.svg")
        if layout is WIDE:
            save(fig, out / f"{stem}.png")
        plt.close(fig)
        text = (out / f"{stem}.svg").read_text(encoding="utf-8")
        shown[layout.name] = svg.for_page(text, f"{name}-{layout.name}", inputs.tooltips, marks)
    from rukg.escape import html_text

    html = (
        f'<div class="rukg-chart" data-name="{html_text(name)}" data-title="{html_text(title)}">'
        f'<div class="chart-wide">{shown[WIDE.name]}</div>'
        f'<div class="chart-narrow">{shown[NARROW.name]}</div>'
        "</div><!-- /rukg-chart -->"
    )
    return HTML(html)


CHART_BLOCK = re.compile(
    r'<div class="rukg-chart" data-name="(?P<name>[^"]*)" data-title="(?P<title>[^"]*)">'
    r"(?P<body>.*?)</div><!-- /rukg-chart -->",
    re.S,
)
