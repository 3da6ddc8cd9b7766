"""Labels placed by rule in line and bar charts: beside their marks, or in a column.

:class:`Placer` tries a short list of positions around a mark (:data:`AROUND`)
and keeps the first where the label stays in its plot, clear of every other
text, every mark and every line; :func:`label_column` stacks end labels in a
column beside the plot, each joined to its mark by a thin leader. (The map
places its labels with :mod:`rukg.present.placement`, which also weighs regions,
rivers and optional labels.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.transforms import Bbox

from rukg.present.frame import Layout, text_width
from rukg.present.palette import MUTED

__all__ = ["AROUND", "Placer", "Mark", "label_column", "column_width"]

# Candidate positions of a label around its mark: (dx, dy) in points, ha, va.
AROUND = [
    (6, 0, "left", "center"),
    (-6, 0, "right", "center"),
    (0, 7, "center", "bottom"),
    (0, -7, "center", "top"),
    (6, 7, "left", "bottom"),
    (-6, 7, "right", "bottom"),
    (6, -7, "left", "top"),
    (-6, -7, "right", "top"),
    (0, 16, "center", "bottom"),
    (0, -16, "center", "top"),
    (-10, 16, "right", "bottom"),
    (10, -16, "left", "top"),
    (10, 16, "left", "bottom"),
    (-10, -16, "right", "top"),
]


class Placer:
    """Places labels in one axes clear of the texts, marks and lines already drawn."""

    PAD_PX = 2.0

    def __init__(self, ax):
        self.ax = ax
        self.fig = ax.figure
        # Laid out, not rasterised: only the texts' extents are wanted.
        self.fig.draw_without_rendering()
        self.renderer = self.fig.canvas.get_renderer()
        self.taken: list[Bbox] = []

    def _px(self, points: float) -> float:
        return points * self.fig.dpi / 72

    def take_texts(self) -> None:
        """Hold every text already on the figure (ticks, titles, labels) as taken."""
        self.fig.draw_without_rendering()
        for t in self.fig.texts + [t for a in self.fig.axes for t in a.texts]:
            if t.get_visible() and t.get_text().strip():
                self.taken.append(t.get_window_extent(self.renderer))
        for a in self.fig.axes:
            for t in a.get_xticklabels() + a.get_yticklabels():
                if t.get_visible() and t.get_text().strip():
                    self.taken.append(t.get_window_extent(self.renderer))

    def take_marks(self, xs, ys, size_pt: float) -> None:
        """Hold a square of ``size_pt`` around each point (markers) as taken."""
        r = self._px(size_pt) / 2
        for x, y in zip(xs, ys, strict=True):
            px, py = self.ax.transData.transform((x, y))
            self.taken.append(Bbox.from_extents(px - r, py - r, px + r, py + r))

    def _lines(self):
        out = []
        for line in self.ax.get_lines():
            if line.get_visible() and line.get_linestyle() not in ("None", "none", "", " "):
                out.append(line.get_transform().transform_path(line.get_path()))
        return out

    def free(self, box: Bbox, within: Bbox) -> bool:
        p = self.PAD_PX
        padded = Bbox.from_extents(box.x0 - p, box.y0 - p, box.x1 + p, box.y1 + p)
        if box.x0 < within.x0 or box.x1 > within.x1 or box.y0 < within.y0 or box.y1 > within.y1:
            return False
        if any(padded.overlaps(t) for t in self.taken):
            return False
        return not any(path.intersects_bbox(padded, filled=False) for path in self._lines())

    def place(self, xy, text: str, candidates=AROUND, within: Bbox | None = None, **kw):
        """A label for the mark at ``xy`` (data), at the first free candidate (else the first)."""
        within = within or self.ax.bbox
        label = self.ax.annotate(
            text, xy, xytext=(0, 0), textcoords="offset points", annotation_clip=False, **kw
        )
        chosen = candidates[0]
        for cand in candidates:
            self._set(label, cand)
            box = label.get_window_extent(self.renderer)
            if self.free(box, within):
                chosen = cand
                break
        self._set(label, chosen)
        self.taken.append(label.get_window_extent(self.renderer))
        return label

    @staticmethod
    def _set(label, cand) -> None:
        dx, dy, ha, va = cand
        label.set_position((dx, dy))
        label.set_ha(ha)
        label.set_va(va)


@dataclass
class Mark:
    """One end label for :func:`label_column`: the mark's position, its text and colour."""

    x: float
    y: float
    text: str
    colour: str
    url: str | None = None


def label_column(placer: Placer, marks: Sequence[Mark], layout: Layout, gap_pt: float = 3):
    """End labels stacked beside the plot in the order of their marks, joined by leaders.

    Each label sits as near its mark's height as the labels above it allow; the
    column is pushed up if it would run out of the plot at the bottom.
    """
    ax, r = placer.ax, placer.renderer
    x_col = 1 + 12 / 72 / (ax.bbox.width / ax.figure.dpi)  # 12 pt right of the plot, axes fraction
    marks = sorted(marks, key=lambda m: -ax.transData.transform((m.x, m.y))[1])
    labels = []
    for m in marks:
        t = ax.text(
            x_col,
            0.5,
            m.text,
            transform=ax.transAxes,
            va="center",
            ha="left",
            fontsize=layout.text,
            color=m.colour,
            linespacing=1.05,
            clip_on=False,
        )
        t.set_url(m.url)
        labels.append(t)
    heights = [t.get_window_extent(r).height for t in labels]
    want = [ax.transData.transform((m.x, m.y))[1] for m in marks]
    gap = placer._px(gap_pt)
    ys: list[float] = []
    for i, (w, h) in enumerate(zip(want, heights, strict=True)):
        top = ax.bbox.y1 - h / 2 if i == 0 else ys[-1] - heights[i - 1] / 2 - gap - h / 2
        ys.append(min(w, top))
    floor = ax.bbox.y0 + heights[-1] / 2 if heights else 0
    if ys and ys[-1] < floor:  # push the column up from the bottom
        ys[-1] = floor
        for i in range(len(ys) - 2, -1, -1):
            ys[i] = max(ys[i], ys[i + 1] + heights[i + 1] / 2 + gap + heights[i] / 2)
    to_data = ax.transData.inverted()
    for t, y, m in zip(labels, ys, marks, strict=True):
        t.set_position((x_col, ax.transAxes.inverted().transform((0, y))[1]))
        box = t.get_window_extent(r)
        placer.taken.append(box)
        # The leader: straight from beside the mark to just before the label; labels keep
        # the order of their marks' heights.
        mx, my = ax.transData.transform((m.x, m.y))
        pts = [(mx + placer._px(4), my), (box.x0 - placer._px(1.5), y)]
        xs, ys_ = zip(*to_data.transform(pts), strict=True)
        ax.plot(xs, ys_, color=MUTED, linewidth=0.6, clip_on=False, zorder=2)
    return labels


def column_width(texts: Sequence[str], layout: Layout) -> float:
    """Inches kept right of the plot for a label column of ``texts``."""
    widest = max(
        (text_width(line, layout.text) for t in texts for line in t.split("\n")), default=0
    )
    return widest + 0.14
