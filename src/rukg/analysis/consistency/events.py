"""Events with the same ``subject`` (one happening) whose dates cannot both be right."""

from __future__ import annotations

import pandas as pd

from rukg.analysis.consistency.pairs import by_subject, pair_scope

__all__ = ["date_interval", "event_conflicts"]

_COLUMNS = [
    "subject",
    "kind",
    "scope",
    "strict",
    "id_a",
    "id_b",
    "source_a",
    "source_b",
    "quote_a",
    "quote_b",
    "date_a",
    "date_b",
]


def date_interval(date: str, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day an ISO date of day, month or year precision can mean."""
    start = pd.Timestamp(date)
    if precision == "year":
        return start, pd.Timestamp(f"{date[:4]}-12-31")
    if precision == "month":
        return start, start + pd.offsets.MonthEnd(0)
    return start, start


def event_conflicts(events: pd.DataFrame) -> pd.DataFrame:
    """Pairs of events with the same subject whose dates cannot both be right.

    Each date stands for the days its precision allows ("2003" is all of 2003,
    "2003-10" all of October 2003); two dates agree when those spans overlap, so
    2003-10 and 2003 agree and 2017 and 2012 conflict. Kind ``"date"``; ``scope``
    ``"self"`` for two events of one source, ``"between"`` otherwise.
    """
    rows = []
    for subject, recs in by_subject(events):
        spans = [date_interval(r["date"], r["date_precision"]) for r in recs]
        for i, a in enumerate(recs):
            sa, ea = spans[i]
            for j in range(i + 1, len(recs)):
                b = recs[j]
                sb, eb = spans[j]
                if sa <= eb and sb <= ea:
                    continue
                rows.append(
                    {
                        "subject": subject,
                        "kind": "date",
                        "scope": pair_scope(a["source_id"], b["source_id"]),
                        "strict": True,
                        "id_a": a["id"],
                        "id_b": b["id"],
                        "source_a": a["source_id"],
                        "source_b": b["source_id"],
                        "quote_a": a["quote"],
                        "quote_b": b["quote"],
                        "date_a": a["date"],
                        "date_b": b["date"],
                    }
                )
    return pd.DataFrame(rows, columns=_COLUMNS)
