"""Context facts: numbers from reporting after (or outside) the five articles, one row of
``data/context_facts.csv`` each, with publisher, URL, date and the bullet of
``data/reference/facts/topics_beyond_the_sources.md`` it rests on (codebook: data/README.md),
so that no context number is typed into prose.
"""

from __future__ import annotations

import pandas as pd

from rukg.config import Paths
from rukg.memo import FileMemo
from rukg.reference import tables as datasets
from rukg.reference.context_checks import MONTHS, NOTES, OTHERS, stated_date, stated_numbers
from rukg.reference.schemas import TOPICS, UNITS

__all__ = ["TOPICS", "UNITS", "facts", "fact", "value", "cite", "publishers", "ids"]
__all__ += ["readable_date", "stated_numbers", "stated_date", "key_numbers"]

_TABLE = datasets.TABLES["context_facts"]


_facts: FileMemo[pd.DataFrame] = FileMemo("context facts", lambda df: df.copy())


def facts(paths: Paths) -> pd.DataFrame:
    """The validated facts, indexed by id (raises :class:`rukg.errors.DataError`); memoised
    by the bytes of the table, the notes and the facts tables (:mod:`rukg.memo`)."""
    files = [_TABLE.path(paths), paths.root.joinpath(*NOTES)]
    files += [datasets.TABLES[n].path(paths) for n in OTHERS]
    key = FileMemo.key(files, str(paths.root))
    if (known := _facts.get(key)) is not None:
        return known
    df = datasets.read(paths, _TABLE.name).set_index("id")
    _facts.put(key, df)
    return df


def fact(paths: Paths, fact_id: str) -> pd.Series:
    df = facts(paths)
    if fact_id not in df.index:
        raise LookupError(
            f"unknown context fact {fact_id!r}: no row of {'/'.join(_TABLE.parts)} has that id"
        )
    return df.loc[fact_id]


def value(paths: Paths, fact_id: str) -> float:
    r = fact(paths, fact_id)
    if pd.isna(r["value"]):
        raise ValueError(f"context fact {fact_id!r} is a {r['unit']}, not a number")
    return float(r["value"])


def readable_date(iso) -> str:
    """``2019-12-11`` → ``11 December 2019``; ``2019-12`` → ``December 2019``."""
    if not isinstance(iso, str):
        return ""
    parts = iso.split("-")
    if len(parts) == 1:
        return iso
    month = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return f"{int(parts[2])} {month}" if len(parts) == 3 else month


def cite(paths: Paths, fact_id: str) -> str:
    """``Publisher, 11 December 2019``, as a source line or a parenthesis cites it."""
    r = fact(paths, fact_id)
    if pd.isna(r["publisher"]):
        return f"source not named in {NOTES[-1]}"
    return ", ".join(p for p in (r["publisher"], readable_date(r["published"])) if p)


def publishers(paths: Paths, ids) -> list[str]:
    """The publishers of ``ids``, each once, in order (for a chart's source line)."""
    out = [fact(paths, i)["publisher"] for i in ids]
    return list(dict.fromkeys(p for p in out if isinstance(p, str)))


def ids(paths: Paths, topics) -> list[str]:
    """The ids of the facts on ``topics``, in the table's order."""
    df = facts(paths)
    return list(df.index[df["topic"].isin(list(topics))])


# How a value of each unit is written in the text (a glue format and a scale to dollars).
_GLUE = {
    "percent": ("pp", 1.0),
    "USD million": ("usd", 1e6),
    "USD": ("usd", 1.0),
    "people": ("int", 1.0),
    "count": ("int", 1.0),
    "years": ("int", 1.0),
    "year": ("year", 1.0),
}


def key_numbers(paths: Paths, fact_ids) -> dict[str, tuple]:
    """The facts as the text quotes them, for glue: ``<id>`` (its value, or for a dated event
    its date) and ``<id>_by`` (publisher and date). Ids become names: dashes to underscores."""
    out: dict[str, tuple] = {}
    for fid in fact_ids:
        r = fact(paths, fid)
        name = fid.replace("-", "_")
        if r["unit"] in _GLUE and not pd.isna(r["value"]):
            fmt, scale = _GLUE[r["unit"]]
            out[name] = (float(r["value"]) * scale, fmt)
        elif r["unit"] == "RUB billion" and not pd.isna(r["value"]):
            out[name] = (f"{float(r['value']):g}bn", None)
        else:
            out[name] = (readable_date(r["as_of"]), None)
        out[f"{name}_by"] = (cite(paths, fid), None)
    return out
