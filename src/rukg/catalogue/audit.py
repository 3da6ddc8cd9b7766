"""Finding numbers in the sources that the catalogue does not cover, and drafting rows for them.

A number in a source is *covered* when a row of ``data/figures.csv`` records it
(its quote contains the number and its value agrees, by the same reading that
validation uses) or a row of ``data/audit_dismissed.csv`` dismisses it.
Calendar expressions are dismissed by rule (see :mod:`rukg.catalogue.quotes`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from rukg.catalogue.mentions import figure_mention, mentions_within
from rukg.catalogue.model import Catalogue
from rukg.catalogue.quotes import Mention, cached_mentions
from rukg.errors import DataError, Problem
from rukg.files import line_col, newline_offsets, read_text_file
from rukg.progress import progress
from rukg.tableio import records
from rukg.transact import appended_rows, atomic_write

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


def _positions(text: str, pattern: str) -> list[int]:
    """Offsets of every (non-overlapping) occurrence of a regular expression, in order."""
    return [m.start() for m in re.finditer(pattern, text)]


def uncovered(cat: Catalogue, source_ids: list[str] | None = None) -> list[Uncovered]:
    """Every numeric expression no row covers, in source order."""
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
        for m in cached_mentions(text, keep=False):
            if m.rule is None and (m.start, m.end) not in spans:
                if newlines is None:  # found once per text, only when a number is uncovered
                    newlines = newline_offsets(text)
                out.append(Uncovered(sid, *line_col(text, m.start, newlines), m))
    return out


def format_uncovered(items: list[Uncovered]) -> str:
    return "\n".join(str(u) for u in items)


# --- draft rows ------------------------------------------------------------------

DRAFT_COLUMNS = [
    "reviewed",
    "id",
    "source_id",
    "subject",
    "quote",
    "value",
    "unit",
    "currency",
    "year",
    "category",
    "kind",
    "direction",
    "status",
    "low",
    "high",
    "note",
]


def _sentence_breaks(text: str) -> tuple[list[int], list[int]]:
    """Offsets of every ". " and every line break in ``text``, for :func:`_context`."""
    return _positions(text, "\\. "), newline_offsets(text)


def _context(text: str, m, breaks: tuple[list[int], list[int]] | None = None) -> str:
    """The sentence around a mention, on one line, as a draft quote.

    It runs from after the last ". " or line break before the mention to the first
    one after it. ``breaks`` (from :func:`_sentence_breaks`, found once per text)
    make this a lookup; searching the text instead takes as long as the distance to
    the nearest break, which is the whole text when it has none.
    """
    dots, newlines = breaks or _sentence_breaks(text)
    # The last ". " wholly before the mention, and the last line break before it.
    i, j = bisect_right(dots, m.start - 2) - 1, bisect_left(newlines, m.start) - 1
    start = max(dots[i] if i >= 0 else -1, newlines[j] if j >= 0 else -1) + 1
    # The first of either at or after the mention's end.
    i, j = bisect_left(dots, m.end), bisect_left(newlines, m.end)
    end_candidates = [p[k] for p, k in ((dots, i), (newlines, j)) if k < len(p)]
    end = min(end_candidates) if end_candidates else len(text)
    return text[start:end].strip()


def draft_rows(cat: Catalogue, source_id: str, items: list[Uncovered] | None = None) -> list[dict]:
    """Draft figure rows for every uncatalogued number in a source, parsed from its text.

    Quote, value, unit, currency and the implied range are filled in by the
    parser; what a person must judge (year, category, kind, direction, status,
    note) is left blank, with ``reviewed`` blank until they have checked the row.
    ``items``: ``uncovered(cat, [source_id])`` when the caller has it already.
    """
    text = cat.texts[source_id]
    existing = cat.figures[cat.figures["source_id"] == source_id]["id"]
    n = max((int(i.rsplit("-", 1)[1]) for i in existing), default=0)
    rows = []
    if items is None:
        items = uncovered(cat, [source_id])
    breaks = _sentence_breaks(text) if items else ([], [])
    for u in progress(items, "draft rows", unit="row"):
        n += 1
        m = u.mention
        unit = m.unit
        rows.append(
            {
                "reviewed": "",
                "id": f"F-{source_id}-{n:03d}",
                "source_id": source_id,
                "subject": "",
                "quote": _context(text, m, breaks),
                "value": "" if m.value is None else f"{m.value:.10g}",
                "unit": unit,
                "currency": m.currency or "",
                "year": "",
                "category": "",
                "kind": "",
                "direction": "",
                "status": "",
                "low": "" if m.low is None else f"{m.low:.10g}",
                "high": "" if m.high is None else f"{m.high:.10g}",
                "note": f"draft from audit at line {u.line}, column {u.col}: {m.text!r}",
            }
        )
    return rows


def drafts_csv(rows: list[dict]) -> bytes:
    """Draft rows as the bytes of a CSV file with :data:`DRAFT_COLUMNS`."""
    import csv
    import io

    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=DRAFT_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue().encode("utf-8")


def write_drafts(rows: list[dict], path) -> None:
    atomic_write(Path(path), drafts_csv(rows))


REVIEWED = ("yes", "no")  # or blank: not yet reviewed


def read_drafts(draft_path, label: str) -> list[dict]:
    """The rows of a draft file, checked: its header is :data:`DRAFT_COLUMNS` (in any
    order), every record has as many fields, no cell holds what no table may, and
    ``reviewed`` is blank, ``yes`` or ``no``. Raises :class:`DataError`."""
    import csv
    import io

    text = read_text_file(Path(draft_path), label)
    if text.startswith("\ufeff"):  # spreadsheet programs write a byte-order mark
        text = text[1:]
    if not text.strip():
        raise DataError([Problem(label, None, None, "file is empty (no header row)")])
    header, problems = records(text, label)
    names = [h.strip() for h in header]
    for c in DRAFT_COLUMNS:
        if c not in names:
            problems.append(Problem(label, None, c, "required column is missing"))
    for c in names:
        if c not in DRAFT_COLUMNS:
            problems.append(Problem(label, None, c, "unexpected column"))
    if problems:
        raise DataError(problems)
    rows = [
        {k.strip(): (v or "").strip() for k, v in r.items()}
        for r in csv.DictReader(io.StringIO(text, newline=""))
    ]
    for i, r in enumerate(rows, start=1):
        if r["reviewed"].lower() not in ("", *REVIEWED):
            problems.append(
                Problem(label, i, "reviewed", f"{r['reviewed']!r} is not blank, yes or no")
            )
    if problems:
        raise DataError(problems)
    return rows


def merged_figures(rows: list[dict], figures: bytes) -> tuple[bytes, list[dict], list[dict]]:
    """``data/figures.csv`` with the reviewed draft rows appended, and the rows merged and
    left. Only rows marked ``reviewed`` = ``yes`` move; nothing is written here: the caller
    validates the result, then writes it (see :mod:`rukg.transact`)."""
    import csv
    import io

    done = [r for r in rows if r["reviewed"].lower() == "yes"]
    left = [r for r in rows if r["reviewed"].lower() != "yes"]
    header = next(csv.reader(io.StringIO(figures.decode("utf-8-sig"), newline="")))
    moved = [{c: r.get(c, "") for c in header} for r in done]
    return appended_rows(figures, header, moved), done, left
