"""Draft figure rows for the numbers of a source that no row covers, and merging the
reviewed ones into ``data/figures.csv``.

``rukg draft <source>`` and ``rukg add-source`` write one draft row per uncovered number
(:func:`rukg.catalogue.audit.uncovered`). The parser fills in quote, value, unit,
currency and the implied range; the year, category, kind and status are proposed from
the words of the number's sentence (:mod:`rukg.catalogue.draft_proposals`, by the tables
of :mod:`rukg.catalogue.draft_rules`), each with a
confidence in its own column, and the note says where each came from. A person checks
every row, sets ``reviewed`` to ``yes``, and ``rukg merge`` moves those rows.
"""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_left, bisect_right
from pathlib import Path

import pandas as pd

from rukg.catalogue.audit import Uncovered, uncovered
from rukg.catalogue.draft_proposals import Sentence, lowered, propose, year_cues
from rukg.catalogue.model import Catalogue
from rukg.errors import DataError, Problem
from rukg.files import newline_offsets, read_text_file
from rukg.progress import progress
from rukg.tableio import records
from rukg.transact import appended_rows, atomic_write

__all__ = [
    "DRAFT_COLUMNS",
    "PROPOSED",
    "PROPOSE_AT_MOST",
    "REVIEWED",
    "draft_rows",
    "drafts_csv",
    "write_drafts",
    "read_drafts",
    "merged_figures",
    "proposed_fields",
]

# The fields a draft proposes, each with a confidence column (high, medium, low; blank
# when the field is blank).
PROPOSED = ("year", "category", "kind", "status")
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
    *(f"{field}_confidence" for field in PROPOSED),
    "low",
    "high",
    "note",
]
REVIEWED = ("yes", "no")  # or blank: not yet reviewed


def _sentence_breaks(text: str) -> tuple[list[int], list[int]]:
    """Offsets of every ". " and every line break in ``text``, for :func:`_context`."""
    return [m.start() for m in re.finditer(r"\. ", text)], newline_offsets(text)


def _sentence_span(
    text: str, m, breaks: tuple[list[int], list[int]] | None = None
) -> tuple[int, int]:
    """Where the sentence around a mention starts and ends in ``text``, without the
    whitespace at either end.

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
    # str.strip's whitespace, at either end.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _context(text: str, m, breaks: tuple[list[int], list[int]] | None = None) -> str:
    """The sentence around a mention, on one line, as a draft quote (see
    :func:`_sentence_span`)."""
    start, end = _sentence_span(text, m, breaks)
    return text[start:end]


def _published(cat: Catalogue, source_id: str) -> str:
    """The source's publication date as registered ("" when the register has none)."""
    if "published" not in cat.sources.columns:
        return ""
    dates = cat.sources.loc[cat.sources["id"] == source_id, "published"]
    return "" if dates.empty or pd.isna(dates.iloc[0]) else str(dates.iloc[0])


def proposed_fields(
    text: str,
    m,
    published: str,
    span: tuple[int, int] | None = None,
    sentence: Sentence | None = None,
) -> tuple[dict, str]:
    """The fields a draft row proposes for the mention ``m`` of ``text`` (a source
    published on ``published``): unit, year, category, kind, status and their
    confidences; and the note's account of where they came from. ``span``: the bounds
    of the mention's sentence (:func:`_sentence_span`), and ``sentence`` its
    :class:`Sentence`, when the caller has them (one per sentence, for all its numbers)."""
    start, end = span or _sentence_span(text, m)
    s = sentence or _sentence(text, start, end, _Paragraphs(text, published))
    # The mention may reach past the sentence (a line break inside it): clip to it.
    a, b = max(m.start, start) - start, min(m.end, end) - start
    found = propose(s, a, b, m.unit, published)
    fields = {"unit": found["unit"]}
    why = []
    for field in PROPOSED:
        p = found[field]
        fields[field] = "" if p is None else p.value
        fields[f"{field}_confidence"] = "" if p is None else p.confidence
        if p is not None:
            why.append(f"{field} {p.value} from {p.why} ({p.confidence})")
    if found["unit"] != m.unit:
        why.append(f"unit {found['unit']} for a count of people")
    return fields, "; ".join(why)


# Proposals are made for this many rows of a draft, and the rest are left to the reviewer:
# an article has tens of numbers, and proposing costs about 50 microseconds a row, which
# would make ``add-source`` of the benchmark's 20 MB text (185,000 rows) miss its 15 s
# target by ten seconds (bench/README.md).
PROPOSE_AT_MOST = 10_000
_NOT_PROPOSED = f"nothing proposed after the first {PROPOSE_AT_MOST:,} rows of a draft"
_BLANK_PROPOSALS = {c: "" for f in PROPOSED for c in (f, f"{f}_confidence")}

# How far before a sentence its paragraph is searched for a year (the sentences just
# before it).
_PARAGRAPH_BEFORE = 1000


class _Paragraphs:
    """The years stated in the paragraph (the line) of each sentence of a text, found once
    per paragraph: where an earlier sentence states the year a number's sentence does not
    ("At a summit meeting on September 5, 2005, ... Moscow also agreed to ...")."""

    def __init__(self, text: str, published: str, newlines: list[int] | None = None):
        self.text = text
        self.pub = int(published[:4]) if published[:4].isdigit() else None
        self.newlines = newline_offsets(text) if newlines is None else newlines
        self.line: tuple[int, int] | None = None
        self.years: list[tuple[int, int, int]] = []  # (start, end, year), in order
        self.ends: list[int] = []

    def earlier(self, start: int) -> tuple[str, int] | None:
        """The last year stated before ``start`` in its paragraph: (as written, year)."""
        j = bisect_left(self.newlines, start)
        line = (
            self.newlines[j - 1] + 1 if j else 0,
            self.newlines[j] if j < len(self.newlines) else len(self.text),
        )
        if line != self.line:
            self.line = line
            found = year_cues(lowered(self.text[line[0] : line[1]]), self.pub, line[0])
            self.years = [(c.start, c.end, y) for c, y in found if y is not None]
            self.ends = [e for _, e, _ in self.years]
        i = bisect_right(self.ends, start) - 1
        if i < 0 or self.years[i][0] < start - _PARAGRAPH_BEFORE:
            return None
        s, e, year = self.years[i]
        return self.text[s:e], year


def _sentence(text: str, start: int, end: int, paragraphs: _Paragraphs) -> Sentence:
    return Sentence(text[start:end], lambda: paragraphs.earlier(start))


def draft_rows(cat: Catalogue, source_id: str, items: list[Uncovered] | None = None) -> list[dict]:
    """Draft figure rows for every uncatalogued number in a source, parsed from its text.

    Quote, value, unit, currency and the implied range are filled in by the parser;
    year, category, kind and status are proposed from the sentence, with a confidence
    each (:mod:`rukg.catalogue.draft_rules`); direction and subject are left to the
    reviewer, and ``reviewed`` stays blank until they have checked the row.
    ``items``: ``uncovered(cat, [source_id])`` when the caller has it already.
    """
    text = cat.texts[source_id]
    existing = cat.figures[cat.figures["source_id"] == source_id]["id"]
    n = max((int(i.rsplit("-", 1)[1]) for i in existing), default=0)
    published = _published(cat, source_id)
    rows = []
    if items is None:
        items = uncovered(cat, [source_id])
    breaks = _sentence_breaks(text) if items else ([], [])
    paragraphs = _Paragraphs(text, published, breaks[1])
    sentence, span_of = None, None
    for k, u in enumerate(progress(items, "draft rows", unit="row")):
        n += 1
        m = u.mention
        span = _sentence_span(text, m, breaks)
        note = f"draft from audit at line {u.line}, column {u.col}: {m.text!r}"
        if k < PROPOSE_AT_MOST:
            if span != span_of:  # the numbers of a sentence come one after another
                sentence, span_of = _sentence(text, *span, paragraphs), span
            fields, why = proposed_fields(text, m, published, span, sentence)
        else:
            fields, why = {"unit": m.unit, **_BLANK_PROPOSALS}, _NOT_PROPOSED
        rows.append(
            {
                "reviewed": "",
                "id": f"F-{source_id}-{n:03d}",
                "source_id": source_id,
                "subject": "",
                "quote": text[span[0] : span[1]],
                "value": "" if m.value is None else f"{m.value:.10g}",
                "currency": m.currency or "",
                "direction": "",
                **fields,
                "low": "" if m.low is None else f"{m.low:.10g}",
                "high": "" if m.high is None else f"{m.high:.10g}",
                "note": f"{note}; {why}" if why else note,
            }
        )
    return rows


def drafts_csv(rows: list[dict]) -> bytes:
    """Draft rows as the bytes of a CSV file with :data:`DRAFT_COLUMNS`."""
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=DRAFT_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue().encode("utf-8")


def write_drafts(rows: list[dict], path) -> None:
    atomic_write(Path(path), drafts_csv(rows))


def read_drafts(draft_path, label: str) -> list[dict]:
    """The rows of a draft file, checked: its header is :data:`DRAFT_COLUMNS` (in any
    order), every record has as many fields, no cell holds what no table may, and
    ``reviewed`` is blank, ``yes`` or ``no``. Raises :class:`DataError`.

    The confidence columns are required like the others: a draft file is written and
    read by the same version of the code (``rukg draft``, then ``rukg merge``), so a file
    without them comes from an older version; draft it again.
    """
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
    left. Only rows marked ``reviewed`` = ``yes`` move, and only the columns that
    ``figures.csv`` has (not the confidences); nothing is written here: the caller
    validates the result, then writes it (see :mod:`rukg.transact`)."""
    done = [r for r in rows if r["reviewed"].lower() == "yes"]
    left = [r for r in rows if r["reviewed"].lower() != "yes"]
    header = next(csv.reader(io.StringIO(figures.decode("utf-8-sig"), newline="")))
    moved = [{c: r.get(c, "") for c in header} for r in done]
    return appended_rows(figures, header, moved), done, left
