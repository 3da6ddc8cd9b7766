"""Exporting the executed notebooks: their bodies as HTML (code hidden, glue applied),
one self-contained page with the report's fonts embedded, and its PDF."""

from __future__ import annotations

import base64
import functools
import gc
import io
import os
import re
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from rukg import __version__, config
from rukg.build import paginate
from rukg.build.inputs import TEMPLATES
from rukg.build.numbering import Section, number_sections, toc_html
from rukg.catalogue import Catalogue
from rukg.present import glue

__all__ = [
    "FONT_FAMILY",
    "FONT_FACES",
    "make_exporter",
    "body_html",
    "font_faces",
    "render_html",
    "write_pdf",
    "inputs_epoch",
    "environment_set",
    "collector_paused",
]

FONT_FAMILY = "Source Sans 3"
# The shipped faces (templates/fonts/, OFL): file stem -> (weight, style).
FONT_FACES = {
    "SourceSans3-400-normal": (400, "normal"),
    "SourceSans3-400-italic": (400, "italic"),
    "SourceSans3-600-normal": (600, "normal"),
    "SourceSans3-700-normal": (700, "normal"),
}


@contextmanager
def environment_set(**values: str):
    """``os.environ`` with ``values`` set for the duration, then restored."""
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextmanager
def collector_paused():
    """The cyclic garbage collector off for the duration, then as it was.

    WeasyPrint builds about a million objects while it lays out and draws the report, and
    the collector would walk them again and again as they pile up: a fifth of the PDF
    step's time, for memory the step needs anyway until it ends.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _strip_for_report(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what a reader should not see: stderr streams and cells tagged ``remove``."""
    nb = nbformat.from_dict(nb)
    kept = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & {"remove", "remove-cell"}:
            continue
        if cell.cell_type == "code":
            cell.outputs = [
                o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")
            ]
            cell.execution_count = None
        kept.append(cell)
    nb.cells = kept
    return nb


def make_exporter():
    """The HTML exporter for notebook bodies: built once per build, it is slow to load."""
    # nbconvert is imported here, not at the top: it takes about a second, and the
    # command line imports this package for commands that export nothing.
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="rukg_body",
        extra_template_basedirs=[str(TEMPLATES / "nbconvert")],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def body_html(nb: nbformat.NotebookNode, exporter, label: str = "notebook") -> str:
    """An executed notebook's outputs and prose as HTML, its glued values in the prose."""
    # Glued values enter the prose here, on a copy: the cached notebook keeps its glue outputs.
    body, _ = exporter.from_notebook_node(_strip_for_report(glue.apply(nb, label)))
    # nbconvert marks each cell with its notebook cell id ("cell-id=setup"): every notebook
    # has a "setup" cell, and the page needs none of them.
    return re.sub(r' id="cell-id=[^"]*"', "", body)


@functools.cache
def _woff(path: Path) -> str:
    """A TrueType font as a base64 WOFF data URI (compressed once per process). The font's
    own timestamp is kept, so the page is the same at every build."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, recalcTimestamp=False)
    font.flavor = "woff"
    buffer = io.BytesIO()
    font.save(buffer)
    return "data:font/woff;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def font_faces() -> str:
    """``@font-face`` rules embedding the report's typeface, for the page and for the PDF."""
    rules = []
    for stem, (weight, style) in FONT_FACES.items():
        uri = _woff(TEMPLATES / "fonts" / f"{stem}.ttf")
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
            f'font-style: {style}; src: url("{uri}") format("woff"); }}'
        )
    return "\n".join(rules)


def render_html(sections: list[Section], cat: Catalogue, fp: str) -> str:
    """The report's one page: the sections numbered, the contents, the fonts and styles inline."""
    sections, toc = number_sections(sections)
    published = sorted(cat.sources["published"])
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        keep_trailing_newline=True,
    )
    template = env.get_template("report.html.j2")
    return template.render(
        title=config.REPORT_TITLE,
        version=__version__,
        fingerprint=fp,
        css=Markup(font_faces() + "\n" + (TEMPLATES / "report.css").read_text(encoding="utf-8")),
        n_sources=len(cat.sources),
        first_published=published[0][:4],
        last_published=published[-1][:4],
        front=[
            Section(s.name, Markup(s.body), s.numbering) for s in sections if s.numbering == "none"
        ],
        sections=[
            Section(s.name, Markup(s.body), s.numbering) for s in sections if s.numbering != "none"
        ],
        toc=Markup(toc_html(toc)),
        data_date=published[-1],
    )


PHONE_CHART = re.compile(r'<div class="chart-narrow">\s*<svg\b.*?</svg>\s*</div>', re.S)


def write_pdf(html: str, target: Path, base: Path, epoch: int) -> None:
    """Render the HTML to PDF; ``epoch`` (seconds) stands in for the clock in embedded fonts.
    A chart that would leave a page underfilled waits for the text after it
    (:mod:`rukg.build.paginate`)."""
    # Paper shows the wide drawing of each chart only: the phone's drawings (hidden in
    # print) would be parsed at every layout pass for nothing.
    html = PHONE_CHART.sub("", html)
    # fontTools stamps font subsets with the time unless SOURCE_DATE_EPOCH is set.
    with environment_set(SOURCE_DATE_EPOCH=str(epoch)), collector_paused():
        paginate.render(html, str(base)).write_pdf(target)


def inputs_epoch(cat: Catalogue) -> int:
    """A timestamp taken from the inputs, not the clock: the newest source's publication date."""
    newest = max(cat.sources["published"])
    return int(pd.Timestamp(newest).tz_localize("UTC").timestamp())
