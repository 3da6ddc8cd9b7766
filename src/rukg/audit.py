"""Finding numbers in the sources that the catalogue does not cover, and drafting rows for them.

A number in a source is *covered* when a row of ``data/figures.csv`` records it
(its quote contains the number and its value agrees, by the same reading that
validation uses) or a row of ``data/audit_dismissed.csv`` dismisses it.
Calendar expressions are dismissed by rule (see :mod:`rukg.quotes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


def _context(text: str, m) -> str:
    """The sentence around a mention, on one line, as a draft quote."""
    start = max(text.rfind(". ", 0, m.start), text.rfind("\n", 0, m.start)) + 1
    end_candidates = [i for i in (text.find(". ", m.end), text.find("\n", m.end)) if i >= 0]
    end = min(end_candidates) if end_candidates else len(text)
    return text[start:end].strip()


def draft_rows(cat: Catalogue, source_id: str) -> list[dict]:
    """Draft figure rows for every uncatalogued number in a source, parsed from its text.

    Quote, value, unit, currency and the implied range are filled in by the
    parser; what a person must judge (year, category, kind, direction, status,
    note) is left blank, with ``reviewed`` blank until they have checked the row.
    """
    text = cat.texts[source_id]
    existing = cat.figures[cat.figures["source_id"] == source_id]["id"]
    n = max((int(i.rsplit("-", 1)[1]) for i in existing), default=0)
    rows = []
    for u in uncovered(cat, [source_id]):
        n += 1
        m = u.mention
        unit = m.unit
        rows.append(
            {
                "reviewed": "",
                "id": f"F-{source_id}-{n:03d}",
                "source_id": source_id,
                "subject": "",
                "quote": _context(text, m),
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


def write_drafts(rows: list[dict], path) -> None:
    import csv

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=DRAFT_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def merge_drafts(draft_path, figures_path) -> tuple[int, int]:
    """Append the reviewed rows of a draft file to figures.csv; return (merged, left).

    Only rows marked ``reviewed`` = ``yes`` move; the others stay in the draft
    file for later. The caller validates afterwards and restores figures.csv
    if validation fails, so nothing unreviewed or invalid enters the catalogue.
    """
    import csv

    # utf-8-sig: a byte-order mark (as spreadsheet programs write) is not part of the header.
    with open(draft_path, encoding="utf-8-sig", newline="") as f:
        drafts = list(csv.DictReader(f))
    done = [r for r in drafts if r.get("reviewed", "").strip().lower() == "yes"]
    left = [r for r in drafts if r not in done]
    with open(figures_path, encoding="utf-8-sig", newline="") as f:
        fields = next(csv.reader(f))
    text = Path(figures_path).read_text(encoding="utf-8")
    with open(figures_path, "a", encoding="utf-8", newline="") as f:
        if text and not text.endswith("\n"):
            f.write("\n")
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
        w.writerows(done)
    write_drafts(left, Path(draft_path))
    return len(done), len(left)
