"""Checks every chart passes before it is saved: no text collides, colours mean one thing.

:func:`problems` draws the figure and returns one line per fault:

- two pieces of text overlap (tick labels, titles, direct labels, annotations, keys);
- text leaves the figure;
- a line of the plot (a series, an event rule) runs through a piece of text;
- a text is smaller than the layout's smallest size;
- a colour is drawn that no palette meaning asked for by the chart explains, or one
  colour stands for two meanings in the chart (:mod:`rukg.present.palette`).

Text drawn with ``gid`` starting ``"inside:"`` sits on a mark by design (a value
printed inside its bar) and may overlap that mark's lines, not other text.
"""

from __future__ import annotations

from itertools import combinations

from matplotlib.collections import Collection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from rukg.present.palette import NEUTRALS

__all__ = ["problems", "text_boxes", "ON_MARK"]

ON_MARK = "inside:"  # gid prefix of a text drawn on its own mark by design

TOLERANCE_PX = 1.0  # boxes may touch; they may not overlap by more than this


def _undrawn_tick_labels(fig) -> set[Text]:
    """Tick labels matplotlib keeps for ticks outside the view: they are never drawn."""
    out: set[Text] = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            drawn = set(axis._update_ticks())  # the ticks the next draw will show
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if tick not in drawn:
                    out |= {tick.label1, tick.label2}
    return out


def _visible_texts(fig) -> list[Text]:
    skip = _undrawn_tick_labels(fig)
    out = []
    for t in fig.findobj(Text):
        if t in skip or not t.get_visible() or not t.get_text().strip():
            continue
        if t.axes is not None and not t.axes.get_visible():
            continue
        out.append(t)
    return out


def text_boxes(fig) -> list[tuple[Text, Bbox]]:
    """Every visible, non-empty text with its box in display pixels (drawn first)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes: list[tuple[Text, Bbox]] = []
    for t in _visible_texts(fig):
        box = t.get_window_extent(renderer)
        if box.width > 0 and box.height > 0:
            boxes.append((t, box))
    return boxes


def _shrunk(box: Bbox, by: float) -> Bbox:
    return Bbox.from_extents(box.x0 + by, box.y0 + by, box.x1 - by, box.y1 - by)


def _name(t: Text) -> str:
    text = " ".join(t.get_text().split())
    return repr(text[:40])


def _data_lines(fig) -> list[Line2D]:
    lines = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        grid = set(ax.xaxis.get_gridlines()) | set(ax.yaxis.get_gridlines())
        ticks = set(ax.xaxis.get_ticklines()) | set(ax.yaxis.get_ticklines())
        for line in ax.get_lines():
            if line in grid or line in ticks or not line.get_visible():
                continue
            if line.get_linestyle() in ("None", "none", "", " "):
                continue  # markers only: covered by the marks' own labels
            lines.append(line)
    return lines


def problems(fig, min_size: float | None = None) -> list[str]:
    """Every layout and colour fault of ``fig`` (an empty list when it is fit to print)."""
    found: list[str] = []
    boxes = text_boxes(fig)
    canvas = fig.bbox
    for t, box in boxes:
        if (
            box.x0 < canvas.x0 - TOLERANCE_PX
            or box.y0 < canvas.y0 - TOLERANCE_PX
            or box.x1 > canvas.x1 + TOLERANCE_PX
            or box.y1 > canvas.y1 + TOLERANCE_PX
        ):
            found.append(f"text {_name(t)} leaves the figure")
        if min_size is not None and t.get_fontsize() < min_size - 1e-6:
            found.append(f"text {_name(t)} is {t.get_fontsize():g} pt, under {min_size:g} pt")
    for (a, ba), (b, bb) in combinations(boxes, 2):
        if _shrunk(ba, TOLERANCE_PX).overlaps(_shrunk(bb, TOLERANCE_PX)):
            found.append(f"text {_name(a)} overlaps text {_name(b)}")
    lines = _data_lines(fig)
    for t, box in boxes:
        if t.axes is None or str(t.get_gid() or "").startswith(ON_MARK):
            continue
        inner = _shrunk(box, TOLERANCE_PX)
        for line in lines:
            if line.axes is not t.axes:
                continue
            path = line.get_transform().transform_path(line.get_path())
            if path.intersects_bbox(inner, filled=False):
                found.append(f"a line crosses text {_name(t)}")
                break
    found += _colour_problems(fig)
    return found


def _drawn_colours(fig) -> set[str]:
    colours: set[str] = set()

    def add(c) -> None:
        rgba = to_rgba(c)
        if rgba[3] > 0:
            colours.add(to_hex(rgba[:3]))

    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for line in ax.get_lines():
            if line.get_visible():
                add(line.get_color())
                if line.get_marker() not in (None, "None", "none", ""):
                    add(line.get_markerfacecolor())
        for patch in ax.patches:
            if patch.get_visible() and patch.get_fill():
                add(patch.get_facecolor())
        for coll in ax.collections:
            if isinstance(coll, Collection) and coll.get_visible():
                for c in coll.get_facecolors():
                    add(c)
    for artist in fig.artists + fig.lines + fig.patches:
        if isinstance(artist, Line2D):
            add(artist.get_color())
        elif isinstance(artist, Patch):
            add(artist.get_facecolor())
    return colours


def _colour_problems(fig) -> list[str]:
    meanings: dict[str, str] = getattr(fig, "rukg_meanings", {})
    by_colour: dict[str, list[str]] = {}
    for meaning, c in meanings.items():
        by_colour.setdefault(to_hex(c), []).append(meaning)
    found = [
        f"colour {c} stands for {' and '.join(sorted(ms))}"
        for c, ms in by_colour.items()
        if len(ms) > 1
    ]
    for c in sorted(_drawn_colours(fig) - set(by_colour) - set(NEUTRALS)):
        found.append(f"colour {c} is drawn but means nothing in the palette")
    return found
