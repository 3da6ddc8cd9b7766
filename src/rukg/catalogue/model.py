"""The validated catalogue as the analyses receive it, and how its cells of ids are read."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Catalogue", "split_ids", "rejected_ids", "overruled_by", "rejected_phrases"]


@dataclass(frozen=True)
class Catalogue:
    """Validated tables and the source texts, keyed by source id."""

    sources: pd.DataFrame
    figures: pd.DataFrame
    events: pd.DataFrame
    dismissed: pd.DataFrame
    texts: dict[str, str]
    commitments: pd.DataFrame
    parts: pd.DataFrame
    set_aside: pd.DataFrame
    annotations: pd.DataFrame
    provenance: pd.DataFrame
    # data/corrections.csv; empty only for a Catalogue built by hand
    corrections: pd.DataFrame = field(default_factory=pd.DataFrame)


def split_ids(cell) -> list[str]:
    """The ids in a ``;``-separated cell (empty for a blank cell)."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return []
    return [x for x in str(cell).split(";") if x]


def rejected_ids(cat: Catalogue) -> set[str]:
    """Figure and event ids whose reading a correction rejects: never shown as fact."""
    return set(overruled_by(cat))


def overruled_by(cat: Catalogue) -> dict[str, str]:
    """Each figure or event id a correction rejects, and that correction's id."""
    if "rejected_ids" not in cat.corrections:
        return {}
    return {
        i: k
        for k, cell in zip(cat.corrections["id"], cat.corrections["rejected_ids"], strict=True)
        for i in split_ids(cell)
    }


def rejected_phrases(cat: Catalogue) -> dict[str, str]:
    """Each phrase a correction rejects, with the correction's id."""
    if "rejected_text" not in cat.corrections:
        return {}
    return {
        phrase: row["id"]
        for _, row in cat.corrections.iterrows()
        for phrase in ([] if pd.isna(row["rejected_text"]) else row["rejected_text"].split(";"))
    }
