"""The report's figures: one registry, each drawn at two widths, checked, saved and shown.

A notebook shows a figure with one line, ``figures.show("economics_trade_turnover",
inputs)``, where ``inputs`` is the chapter's :class:`~rukg.present.inputs.Inputs`. The
registry (:data:`FIGURES`) maps each figure's name to the function that draws it
from those inputs at a :class:`~rukg.present.frame.Layout`;
the functions live in ``rukg.present.<kind>_figures`` (trade, aid, timeline, map). The
tests draw every registered figure at both widths and run :mod:`rukg.present.figcheck`
on each, so a collision or a stray colour fails a test, not a reader.

The page gets both drawings: the wide one on paper and on a desktop, the narrow
one on a phone (the stylesheet shows one), ids prefixed so they stay unique.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from IPython.display import HTML
from matplotlib.figure import Figure
from matplotlib.text import Text

from rukg.config import paths
from rukg.escape import html_text
from rukg.present import (
    aid_figures,
    figcheck,
    map_figures,
    svg,
    timeline_figures,
    trade_figures,
)
from rukg.present.frame import LAYOUTS, NARROW, WIDE, Layout
from rukg.present.inputs import Inputs

__all__ = ["Inputs", "FIGURES", "draw", "show", "save"]


Draw = Callable[[Inputs, Layout], Figure]


def _registry() -> dict[str, Draw]:
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
    # In JupyterLab a chart's faults are printed under it (stderr), without stopping over
    # a label; the tests fail on them. The build (which sets RUKG_FIGURES_DIR) keeps no
    # stderr, so it skips the check, a fifth of the charts' drawing time.
    if os.environ.get("RUKG_FIGURES_DIR"):
        return
    for problem in figcheck.problems(fig, min_size=layout.small):
        print(f"{name} ({layout.name}): {problem}", file=sys.stderr)


def show(name: str, inputs: Inputs, out_dir: Path | None = None):
    """Draw ``name`` wide and narrow, save both to ``figures/``, and return them for the page.

    Files: ``<name>.svg`` and ``<name>.png`` (wide), ``<name>-phone.svg`` (narrow).
    """
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
