"""Finding numbers in the sources that the catalogue does not cover.

A number in a source is *covered* when a row of ``data/figures.csv`` records it
(its quote contains the number and its value agrees, by the same reading that
validation uses) or a row of ``data/audit_dismissed.csv`` dismisses it.
Calendar expressions, and names and labels with numbers in them ("T-72B3", "Article 4",
"2016-17"), are dismissed by rule (see :mod:`rukg.catalogue.calendar_spans`). Draft rows for
the numbers found are written by :mod:`rukg.catalogue.drafts`.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from rukg.catalogue.mentions import figure_mention, mentions_within
from rukg.catalogue.model import Catalogue
from rukg.catalogue.quotes import Mention, cached_mentions
from rukg.files import line_col, newline_offsets
from rukg.progress import progress

__all__ = ["Uncovered", "uncovered", "format_uncovered"]


class Uncovered(NamedTuple):
    """A number no row covers, at its line and column (1-based) in the source.

    A named tuple: a large corpus has hundreds of thousands of them, and a tuple is made
    several times faster than a frozen dataclass."""

    source_id: str
    line: int
    col: int
    mention: Mention

    def __str__(self) -> str:
        return f"{self.source_id}:{self.line}:{self.col}: {self.mention.text}"


def _rows_by_source(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The rows of a table grouped by ``source_id``, in table order (one pass over it)."""
    return {sid: rows for sid, rows in df.groupby("source_id", sort=False)}


def covered_spans(
    cat: Catalogue,
    source_id: str,
    figures: pd.DataFrame | None = None,
    dismissed: pd.DataFrame | None = None,
) -> set[tuple[int, int]]:
    """Spans (start, end) of the source's mentions that a figure row or a dismissal covers.

    ``figures`` and ``dismissed``: the source's rows of those tables, when the caller has
    them already (as :func:`uncovered` does for every source, in one pass over each table).
    """
    text = cat.texts[source_id]
    spans: set[tuple[int, int]] = set()
    if figures is None:
        figures = cat.figures[cat.figures["source_id"] == source_id]
    for _, row in figures.iterrows():
        m, _ = figure_mention(row, text)
        if m is None:
            continue
        # The row covers that expression wherever its quote occurs.
        spans |= {
            (x.start, x.end)
            for x in mentions_within(text, row["quote"])
            if x.text == m.text and x.value == m.value
        }
    if dismissed is None:
        dismissed = cat.dismissed[cat.dismissed["source_id"] == source_id]
    for _, row in dismissed.iterrows():
        spans |= {
            (x.start, x.end)
            for x in mentions_within(text, row["quote"])
            if row["text"] in (x.number, x.text)
        }
    return spans


def uncovered(
    cat: Catalogue, source_ids: list[str] | None = None, keep: bool = False
) -> list[Uncovered]:
    """Every numeric expression no row covers, in source order. ``keep``: keep each text's
    parse, for a caller that reads the same few texts again (add-source's conflict check)."""
    out = []
    ids = source_ids or list(cat.sources["id"])
    figures, dismissed = _rows_by_source(cat.figures), _rows_by_source(cat.dismissed)
    no_rows = cat.figures.iloc[:0], cat.dismissed.iloc[:0]
    for sid in progress(ids, "audit", unit="source"):
        text = cat.texts[sid]
        spans: set[tuple[int, int]] = set()
        # Most sources of a large corpus have no rows yet; iterating over an empty frame
        # still costs as much as converting it, so those are not looked at.
        if sid in figures or sid in dismissed:
            spans = covered_spans(
                cat, sid, figures.get(sid, no_rows[0]), dismissed.get(sid, no_rows[1])
            )
        newlines = None
        # Each text is read once here: a text not parsed already (for validation) is not
        # kept parsed, so a large corpus's mentions are not all held in memory at once.
        for m in cached_mentions(text, keep=keep):
            if m.rule is None and (m.start, m.end) not in spans:
                if newlines is None:  # found once per text, only when a number is uncovered
                    newlines = newline_offsets(text)
                out.append(Uncovered(sid, *line_col(text, m.start, newlines), m))
    return out


def format_uncovered(items: list[Uncovered]) -> str:
    return "\n".join(str(u) for u in items)
