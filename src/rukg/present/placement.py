"""Labels placed by rule: no label touches another, a mark or a line.

A :class:`Room` holds what is already drawn in an axes, in display pixels: boxes
(labels, markers) and lines (borders, arrows) that no label may touch, and soft
lines (rivers) that a label crosses only if it must. :func:`place` puts one label
at the first free candidate position; :func:`place_all` labels many points at
once: it finds each item's free candidates, then a depth-first search takes for
each item, in order of importance, the first candidate that leaves room for all
later required items, leaving out an optional one only where none fits.
Candidates (:func:`label_offsets`) go right, left, above, below, then the
diagonals, then the same further out; the furthest carry a leader line. Among
free candidates, those that keep the label in the point's own region (``region``)
come first, then those without a leader, then those crossing no soft line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox

from rukg.present.palette import MUTED

__all__ = ["Room", "label_offsets", "place_all"]

PAD_PX = 1.5  # clearance around every label


def label_offsets(gap: float, far: Sequence[float] = ()) -> list[tuple]:
    """Candidate positions (dx, dy in points, ha, va, leader) around a point, best first: right,
    left, above, below, the diagonals, then the same further out; at the ``far`` multiples of
    ``gap`` a leader line joins label and point."""
    out = []
    for k in (1.0, 1.8, 2.6, *far):
        g, d = gap * k, gap * k * 0.75
        out += [
            (dx, dy, ha, va, k > 2.6)
            for dx, dy, ha, va in (
                (g, 0, "left", "center"),
                (-g, 0, "right", "center"),
                (0, g, "center", "bottom"),
                (0, -g, "center", "top"),
                (d, d, "left", "bottom"),
                (d, -d, "left", "top"),
                (-d, d, "right", "bottom"),
                (-d, -d, "right", "top"),
            )
        ]
    return out


class Room:
    """What is already on the map, in display pixels: boxes (labels, marks) and lines."""

    def __init__(self, ax, region: Callable[[float, float], object] = lambda x, y: None) -> None:
        self.ax = ax
        self.region = region  # the region (a country) a data point lies in
        self.renderer = ax.figure.canvas.get_renderer()
        self.boxes: list[Bbox] = []
        self.lines: list[MplPath] = []
        self.soft: list[MplPath] = []  # rivers: a label may cross one (on its halo) if it must
        b = ax.bbox
        self.frame = Bbox.from_extents(b.x0 + 2, b.y0 + 2, b.x1 - 2, b.y1 - 2)

    def add_line(self, lonlat: np.ndarray) -> None:
        self.lines.append(MplPath(self.ax.transData.transform(lonlat)))

    def add_mark(self, lon: float, lat: float, size_pt: float) -> None:
        x, y = self.ax.transData.transform((lon, lat))
        r = (size_pt / 2 + 1) * self.ax.figure.dpi / 72
        self.boxes.append(Bbox.from_extents(x - r, y - r, x + r, y + r))

    def free(self, box: Bbox) -> bool:
        b = Bbox.from_extents(box.x0 - PAD_PX, box.y0 - PAD_PX, box.x1 + PAD_PX, box.y1 + PAD_PX)
        f = self.frame
        if b.x0 < f.x0 or b.y0 < f.y0 or b.x1 > f.x1 or b.y1 > f.y1:
            return False
        if any(b.overlaps(o) for o in self.boxes):
            return False
        return not any(p.intersects_bbox(b, filled=False) for p in self.lines)

    def crosses_soft(self, box: Bbox) -> bool:
        return any(p.intersects_bbox(box, filled=False) for p in self.soft)

    def place(self, xy, variants: Sequence[str], offsets, **text_kw):
        """The first (variant, offset) whose text is free, drawn and taken; else None."""
        for text in variants:
            for dx, dy, ha, va, *_ in offsets:
                t = self.ax.annotate(
                    text, xy, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, **text_kw
                )
                box = t.get_window_extent(self.renderer)
                if self.free(box) and not self.crosses_soft(box):
                    self.boxes.append(box)
                    return t
                t.remove()
        return None


def _hit(a: Bbox, b: Bbox) -> bool:
    return (
        a.x0 < b.x1 + PAD_PX
        and b.x0 < a.x1 + PAD_PX
        and a.y0 < b.y1 + PAD_PX
        and b.y0 < a.y1 + PAD_PX
    )


def _leader(room: Room, xy, box: Bbox, gap_pt: float) -> MplPath:
    """A line from just outside the marker at ``xy`` to just short of the label's box."""
    p = room.ax.transData.transform(xy)
    q = np.array([min(max(p[0], box.x0), box.x1), min(max(p[1], box.y0), box.y1)])
    u = (q - p) / np.hypot(*(q - p))
    start = p + u * gap_pt * room.ax.figure.dpi / 72
    return MplPath(np.array([start, q - u * 3]))


def _clash(c, o) -> bool:
    """Whether two candidates (…, box, leader) touch: boxes, or a leader through a box."""
    if _hit(c[5], o[5]):
        return True
    return any(
        line is not None and line.intersects_bbox(box, filled=False)
        for line, box in ((c[6], o[5]), (o[6], c[5]))
    )


def _options(room: Room, item, common: dict) -> list:
    """An item's candidates that are free given what is already in ``room``, best first."""
    _, _, xy, variants, offsets, style, shore = item
    ax = room.ax
    t = ax.annotate(variants[0], xy, xytext=(0, 0), textcoords="offset points", **common, **style)
    found = []
    for text in variants:
        t.set_text(text)
        for dx, dy, ha, va, leader in offsets:
            t.xyann = (dx, dy)
            t.set_ha(ha)
            t.set_va(va)
            box = t.get_window_extent(room.renderer).frozen()
            if not room.free(box) or any(s.intersects_bbox(box, filled=False) for s in shore):
                continue
            line = _leader(room, xy, box, offsets[0][0] - 0.5) if leader else None
            if line is not None and any(line.intersects_bbox(b, filled=False) for b in room.boxes):
                continue
            found.append((text, dx, dy, ha, va, box, line))
    t.remove()
    home = room.region(*xy)

    def rank(c) -> tuple:
        centre = room.ax.transData.inverted().transform(c[5].corners().mean(axis=0))
        return (room.region(*centre) != home, c[6] is not None, room.crosses_soft(c[5]))

    return sorted(found, key=rank)


def place_all(room: Room, items: list, common: dict, budget: int = 200_000) -> dict:
    """Labels for ``items`` (id, required, xy, variants, offsets, style, shore paths), none
    touching another: each item's free candidates are found, then a depth-first search takes
    for each item, in order, the first candidate that leaves room for all later required ones,
    leaving out an optional item only where no choice of its candidates does."""
    options = [_options(room, item, common) for item in items]
    chosen: list = [None] * len(items)

    def search(i: int) -> bool:
        nonlocal budget
        if i == len(items):
            return True
        for c in options[i]:
            budget -= 1
            if budget < 0:
                return False
            if all(o is None or not _clash(c, o) for o in chosen[:i]):
                chosen[i] = c
                if search(i + 1):
                    return True
        chosen[i] = None
        return not items[i][1] and search(i + 1)

    if not search(0):
        missing = [it[0] for it, o in zip(items, options, strict=True) if it[1] and not o]
        raise ValueError(f"no room on the map for the labels of {missing or 'every place'}")
    out = {}
    ax = room.ax
    for (pid, _, xy, _, _, style, _), c in zip(items, chosen, strict=True):
        if c is not None:
            text, dx, dy, ha, va, box, line = c
            out[pid] = ax.annotate(text, xy, xytext=(dx, dy), textcoords="offset points",
                                   ha=ha, va=va, **common, **style)  # fmt: skip
            room.boxes.append(box)
            if line is not None:
                xs, ys = ax.transData.inverted().transform(line.vertices).T
                ax.plot(xs, ys, color=MUTED, linewidth=0.6, zorder=5)
                room.lines.append(line)
    return out
