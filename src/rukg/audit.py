"""Finding numbers in the sources that the catalogue does not cover, and drafting rows for them.

A number in a source is *covered* when a row of ``data/figures.csv`` records it
(its quote contains the number and its value agrees, by the same reading that
validation uses) or a row of ``data/audit_dismissed.csv`` dismisses it.
Calendar expressions are dismissed by rule (see :mod:`rukg.quotes`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rukg.catalogue import Catalogue, figure_mention, mentions_within, source_mentions
from rukg.quotes import Mention
from rukg.sources import line_col

__all__ = ["Uncovered", "uncovered", "format_uncovered"]


@dataclass(frozen=True)
class Uncovered:
    source_id: str
    line: int
    col: int
    mention: Mention

    def __str__(self) -> str:
        return f"{self.source_id}:{self.line}:{self.col}: {self.mention.text}"


def covered_spans(cat: Catalogue, source_id: str) -> set[tuple[int, int]]:
    """Spans (start, end) of the source's mentions that a figure row or a dismissal covers."""
    text = cat.texts[source_id]
    spans: set[tuple[int, int]] = set()
    figs = cat.figures[cat.figures["source_id"] == source_id]
    for _, row in figs.iterrows():
        m, _ = figure_mention(row, text)
        if m is None:
            continue
        # The row covers that expression wherever its quote occurs.
        spans |= {
            (x.start, x.end)
            for x in mentions_within(text, row["quote"])
            if x.text == m.text and x.value == m.value
        }
    dis = cat.dismissed[cat.dismissed["source_id"] == source_id]
    for _, row in dis.iterrows():
        spans |= {
            (x.start, x.end)
            for x in mentions_within(text, row["quote"])
            if row["text"] in (x.number, x.text)
        }
    return spans


def uncovered(cat: Catalogue, source_ids: list[str] | None = None) -> list[Uncovered]:
    """Every numeric expression no row covers, in source order."""
    out = []
    for sid in source_ids or list(cat.sources["id"]):
        text = cat.texts[sid]
        spans = covered_spans(cat, sid)
        for m in source_mentions(text):
            if m.rule is None and (m.start, m.end) not in spans:
                line, col = line_col(text, m.start)
                out.append(Uncovered(sid, line, col, m))
    return out


def format_uncovered(items: list[Uncovered]) -> str:
    return "\n".join(str(u) for u in items)
