"""What the two detectors of pairs share: rows grouped by ``subject``, and a pair's scope."""

from __future__ import annotations

import pandas as pd


def by_subject(rows: pd.DataFrame) -> list[tuple[str, list[dict]]]:
    """The rows that have a ``subject``, as plain dicts grouped by it: subjects in
    order, rows in order of ``id`` within each.

    Dicts, not pandas rows: each pair is compared in Python, and a pandas group or
    ``iterrows`` Series costs ten times the comparison.
    """
    groups: dict[str, list[dict]] = {}
    for r in rows.dropna(subset=["subject"]).sort_values("id").to_dict("records"):
        groups.setdefault(r["subject"], []).append(r)
    return [(s, groups[s]) for s in sorted(groups)]


def pair_scope(source_a: str, source_b: str) -> str:
    """``self`` for two rows of one source, ``between`` for rows of two."""
    return "self" if source_a == source_b else "between"
