"""Numbering the report: headings, figures and tables across all notebooks, and the
table of contents.

Works on the HTML of the notebooks' bodies (:mod:`rukg.build.export`): chapters
are numbered, back matter lettered and the summary left unnumbered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Section", "TocEntry", "number_sections", "toc_html"]


@dataclass(frozen=True)
class Section:
    name: str
    body: str
    numbering: str = "number"  # "number", "letter" or "none"


@dataclass(frozen=True)
class TocEntry:
    level: int
    label: str
    title: str
    anchor: str


_BLOCK = re.compile(
    r'<h(?P<level>[1-3]) id="[^"]*">(?P<title>.*?)<a class="anchor-link"[^>]*>[^<]*</a></h(?P=level)>'
    r'|<div class="rukg-chart" data-name="(?P<chart>[^"]*)" data-title="(?P<ctitle>[^"]*)">'
    r"(?P<cbody>.*?)</div><!-- /rukg-chart -->"
    r'|(?:<p class="table-caption">(?P<caption>.*?)</p>)?<table class="data"(?P<tattrs>[^>]*)>',
    re.S,
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"<[^>]+>", "", text).lower()).strip("-")


def number_sections(sections: list[Section]) -> tuple[list[Section], list[TocEntry]]:
    """Number headings, figures and tables across the document; collect the table of contents.

    Headings become ``<h1 id="sec-2">2 Title</h1>`` (chapters numbered, back
    matter lettered, the summary unnumbered), charts ``<figure id="fig-N">``
    with a caption taken from the chart's title, tables ``Table N.`` captions.
    """
    toc: list[TocEntry] = []
    counts = {"number": 0, "letter": 0, "figure": 0, "table": 0}
    out = []
    for section in sections:
        # Per notebook: the current chapter label and counters for its sub-levels.
        state = {"chapter": "", "sub": [0, 0]}

        def repl(m: re.Match, section: Section = section, state: dict = state) -> str:
            if m.group("level"):
                level, title = int(m.group("level")), m.group("title").strip()
                if section.numbering == "none":
                    anchor = f"s-{_slug(title)}"
                    toc.append(TocEntry(level, "", title, anchor))
                    return f'<h{level} id="{anchor}">{title}</h{level}>'
                if level == 1:
                    counts[section.numbering] += 1
                    n = counts[section.numbering]
                    state["chapter"] = (
                        str(n) if section.numbering == "number" else chr(ord("A") + n - 1)
                    )
                    state["sub"] = [0, 0]
                    label = state["chapter"]
                else:
                    state["sub"][level - 2] += 1
                    if level == 2:
                        state["sub"][1] = 0
                    label = ".".join([state["chapter"], *map(str, state["sub"][: level - 1])])
                anchor = "sec-" + label.replace(".", "-")
                toc.append(TocEntry(level, label, title, anchor))
                return (
                    f'<h{level} id="{anchor}"><span class="secno">{label}</span> {title}</h{level}>'
                )
            if m.group("chart") is not None:
                # The chart draws its own title; the caption only numbers it, so the
                # title appears once. The title stays in the figure's accessible name.
                counts["figure"] += 1
                n = counts["figure"]
                return (
                    f'<figure class="chart rukg-chart" id="fig-{n}" data-name="{m.group("chart")}" '
                    f'aria-label="{m.group("ctitle")}">{m.group("cbody")}'
                    f'<figcaption><span class="figno">Figure {n}</span></figcaption></figure>'
                )
            counts["table"] += 1
            n = counts["table"]
            caption = m.group("caption") or ""
            return (
                f'<p class="table-caption" id="tab-{n}"><span class="tabno">Table {n}.</span> '
                f'{caption}</p><table class="data"{m.group("tattrs")} aria-labelledby="tab-{n}">'
            )

        out.append(Section(section.name, _BLOCK.sub(repl, section.body), section.numbering))
    return out, toc


def toc_html(entries: list[TocEntry]) -> str:
    """The table of contents: chapters and their sections, each a link (with page numbers in print)."""
    items = []
    for e in entries:
        if e.level > 2:
            continue
        label = f'<span class="secno">{e.label}</span> ' if e.label else ""
        items.append(f'<li class="toc-{e.level}"><a href="#{e.anchor}">{label}{e.title}</a></li>')
    return '<nav id="toc"><h2 class="toc-title">Contents</h2><ol>' + "".join(items) + "</ol></nav>"
