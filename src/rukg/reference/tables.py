"""The tables the analyses read beside the catalogue: each with its path, its schema and
one reader.

``data/leaders.csv``, ``data/presence.csv`` and the other ``data/*.csv`` tables here are
written by this project (schemas in :mod:`rukg.reference.schemas`); the tables under
``data/reference/`` are copies of cited files, never edited (schemas in
:mod:`rukg.reference.cited_schemas`). :func:`check_all` checks them all, and the Natural
Earth boundaries file (``make validate`` calls it through :func:`rukg.catalogue.core.load`);
:func:`read` gives one table, validated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from rukg.config import Paths
from rukg.errors import DataError, Problem
from rukg.memo import FileMemo
from rukg.reference import cited_schemas, schemas
from rukg.reference.boundaries import boundaries_problems
from rukg.reference.context_checks import context_facts_problems
from rukg.tableio import label_of, read_table, schema_problems

__all__ = ["TABLES", "Table", "Reader", "read", "check_all"]

# Reads one validated table by name: what a check against other tables is given.
Reader = Callable[[Paths, str], pd.DataFrame]


def _known_sources(paths: Paths, df: pd.DataFrame, label: str, read: Reader) -> list[Problem]:
    """Each ``source_id`` is an id in ``data/sources.csv`` (an unreadable register: nothing
    to say here, the catalogue reports it)."""
    register = label_of(paths.sources_csv, paths)
    try:
        known = set(read_table(paths.sources_csv, register)["id"].dropna())
    except (DataError, KeyError):
        return []
    return [
        Problem(label, int(r), "source_id", f"{v!r} is not an id in {register}")
        for r, v in df["source_id"].items()
        if v not in known
    ]


@dataclass(frozen=True)
class Table:
    """A table the analyses read: where it lies under the project root, and its schema."""

    name: str
    parts: tuple[str, ...]
    schema: Callable[[], pa.DataFrameSchema]
    # Checks against other files, run when the schema passes (never memoised: they read
    # them), given the project, the table, its label and :func:`read` for other tables.
    cross: Callable[[Paths, pd.DataFrame, str, Reader], list[Problem]] | None = None

    def path(self, paths: Paths) -> Path:
        return paths.root.joinpath(*self.parts)


_FACTS = ("data", "reference", "facts")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("leaders", ("data", "leaders.csv"), schemas.leaders_schema),
        Table("presence", ("data", "presence.csv"), schemas.presence_schema),
        Table("mention_terms", ("data", "mention_terms.csv"), schemas.mention_terms_schema),
        Table(
            "context_facts",
            ("data", "context_facts.csv"),
            schemas.context_facts_schema,
            cross=context_facts_problems,
        ),
        Table(
            "source_assessments",
            ("data", "source_assessments.csv"),
            schemas.source_assessments_schema,
            cross=_known_sources,
        ),
        Table("debt_operations", ("data", "debt_operations.csv"), schemas.debt_operations_schema),
        Table("watchlist", ("data", "watchlist.csv"), schemas.watchlist_schema),
        Table("map_places", ("data", "map_places.csv"), schemas.map_places_schema),
        Table("aid_facts", (*_FACTS, "aid_commitments.csv"), cited_schemas.aid_facts_schema),
        Table("places", (*_FACTS, "places.csv"), cited_schemas.places_schema),
        Table("remittances", (*_FACTS, "remittances.csv"), cited_schemas.remittances_schema),
        Table(
            "trade_statements",
            (*_FACTS, "trade_statements.csv"),
            cited_schemas.trade_statements_schema,
        ),
        Table("fx", ("data", "reference", "fx", "usd_rub_daily.csv"), cited_schemas.fx_schema),
        Table(
            "cpi", ("data", "reference", "prices", "us_cpi_u_monthly.csv"), cited_schemas.cpi_schema
        ),
    )
}


# Results of checking a table, by its name, label and bytes: the reference tables are
# large and never change, and one process (a notebook, the test suite) checks them many
# times; the build's kernels take the results of its validation (rukg.memo).
_checked_tables: FileMemo[tuple[pd.DataFrame | None, list[Problem]]] = FileMemo(
    "reference tables", lambda v: (None if v[0] is None else v[0].copy(), list(v[1]))
)


def _checked(paths: Paths, name: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The table and its problems: its schema's, then (when that passes) its checks
    against other files."""
    df, found = _schema_checked(paths, name)
    table = TABLES[name]
    if df is not None and not found and table.cross is not None:
        found = table.cross(paths, df, label_of(table.path(paths), paths), read)
    return df, found


def _schema_checked(paths: Paths, name: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    table = TABLES[name]
    path = table.path(paths)
    label = label_of(path, paths)
    key = _checked_tables.key([path], name, label)
    if (known := _checked_tables.get(key)) is not None:
        return known
    try:
        raw = read_table(path, label)
    except DataError as e:
        return None, e.problems
    df, found = schema_problems(raw, table.schema(), label)
    _checked_tables.put(key, (df, found))
    return df, found


def read(paths: Paths, name: str) -> pd.DataFrame:
    """One table, validated, as strings (blank cells missing); raises :class:`DataError`."""
    df, found = _checked(paths, name)
    if found:
        raise DataError(found)
    return df


def check_all(paths: Paths) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Every table of :data:`TABLES` that is valid, by name, and every problem found (the
    boundaries file's too)."""
    frames: dict[str, pd.DataFrame] = {}
    found: set[Problem] = set(boundaries_problems(paths))
    for name in TABLES:
        df, p = _checked(paths, name)
        if df is not None and not p:
            frames[name] = df
        found |= set(p)
    return frames, sorted(found, key=lambda p: (p.file, p.row or 0, p.column or ""))
