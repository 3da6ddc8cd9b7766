"""Page breaks for the PDF: a chart that does not fit at the foot of a page waits for the text.

A chart is kept whole (``break-inside: avoid``), so one that does not fit below the text
before it goes to the next page and leaves the foot of this one empty. As a typesetter
would, :func:`render` then lets the text that follows the chart fill that space first: the
chart's notebook cell changes place with the next cell, if that cell is text or a table of
the same chapter, with no chart of its own. Like a float in print, a chart may so pass the
heading of the next subsection (never a chapter's end). This changes only the PDF; the HTML
page keeps the notebooks' order. A move is kept only if fewer pages end up underfilled.
"""

from __future__ import annotations

import re

__all__ = ["MIN_FILL", "render", "page_fills", "pushed_figures", "defer"]

# A body page should be filled to at least this fraction of its height.
MIN_FILL = 2 / 3
# How far below the top of a page a chart may start and still count as opening the page
# (a heading kept with it may stand above it), in CSS pixels.
OPENS_PAGE = 100
CELL = '\n<div class="cell border-box-sizing'
PASSES = 3


def _boxes(box):
    """Every box below ``box``, except the page's margin boxes (header, footer)."""
    for child in getattr(box, "children", None) or []:
        if type(child).__name__ == "MarginBox":
            continue
        yield child
        yield from _boxes(child)


def page_fills(document) -> list[tuple[float, str | None]]:
    """For each page: how far down its body its lowest content reaches (0 to 1), and the id
    of a chart that opens it, if one does."""
    out = []
    for page in document.pages:
        box = page._page_box
        top = box.margin_top + box.border_top_width + box.padding_top
        height = box.height
        bottom, opening = top, None
        for b in _boxes(box):
            if not hasattr(b, "position_y"):
                continue
            if not getattr(b, "children", None):
                bottom = max(bottom, b.position_y + b.margin_height())
            if (
                opening is None
                and getattr(b, "element_tag", None) == "figure"
                and b.position_y - top < OPENS_PAGE
            ):
                opening = b.element.get("id")
        out.append((min(1.0, (bottom - top) / height) if height else 1.0, opening))
    return out


def pushed_figures(fills: list[tuple[float, str | None]]) -> list[str]:
    """Charts that open a page after a page filled less than :data:`MIN_FILL`."""
    return [
        fig
        for (fill, _), (_, fig) in zip(fills, fills[1:], strict=False)
        if fig and fill < MIN_FILL
    ]


def underfilled(fills: list[tuple[float, str | None]]) -> int:
    return sum(fill < MIN_FILL for fill, _ in fills[:-1])


def defer(html: str, figure_id: str) -> str | None:
    """The page with the notebook cell holding ``figure_id`` moved after the next cell, or
    None where that cell holds a chart or a chapter title, or lies in another chapter."""
    at = html.find(f' id="{figure_id}"')
    start = html.rfind(CELL, 0, at)
    following = html.find(CELL, at)
    section_end = html.find("</section>", at)
    if min(at, start, following, section_end) < 0 or following > section_end:
        return None
    after = html.find(CELL, following + 1)
    end = section_end if after < 0 else min(after, section_end)
    nxt = html[following:end]
    if re.search(r"<h1[\s>]|<figure\b", nxt):
        return None
    return html[:start] + nxt + html[start:following] + html[end:]


def render(html: str, base_url: str):
    """The laid-out document, with charts that would leave a page underfilled moved after
    the text that follows them (see the module's docstring)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url).render()
    fills = page_fills(document)
    best = (underfilled(fills), document)
    for _ in range(PASSES):
        # A move may push the next chart on: the next pass may move that one too.
        moved = html
        for figure_id in pushed_figures(fills):
            moved = defer(moved, figure_id) or moved
        if moved == html:
            break
        html = moved
        document = HTML(string=html, base_url=base_url).render()
        fills = page_fills(document)
        if underfilled(fills) < best[0]:
            best = (underfilled(fills), document)
    return best[1]
