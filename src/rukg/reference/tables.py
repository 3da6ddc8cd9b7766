"""The tables the analyses read beside the catalogue: each with its path, its schema and
one reader.

``data/leaders.csv``, ``data/presence.csv`` and ``data/mention_terms.csv`` are written by
this project; the tables under ``data/reference/`` are copies of cited files, never
edited (their checksums are in ``provenance.csv``), so their schemas describe them as
published: free-text dates such as ``c.1996`` stay text, but numbers must be numbers,
links must be http(s) and ids unique. :func:`check_all` checks them all (``make validate``
calls it through :func:`rukg.catalogue.core.load`); :func:`read` gives one table, validated.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from rukg.config import Paths
from rukg.errors import DataError, Problem
from rukg.files import file_problem, read_text_file
from rukg.tableio import (
    iso_date_ok,
    label_of,
    not_before,
    pattern_compiles,
    read_table,
    schema_problems,
    text_column,
    url_column,
)

__all__ = ["TABLES", "Table", "read", "check_all"]

_NUMBER = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$"


# Reference facts state dates and amounts as their publishers did: a date, a span of
# dates, or either with a note in brackets; an amount with "+" or a range.
_ISO = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
_STATED_DATE = "a date or span of dates (2019-04, 2016-2025, 2019-04/2019-11, 2014 (note))"
_STATED_NUMBER = r"^[0-9]+(?:\.[0-9]+)?(?:\+|[-–][0-9]+(?:\.[0-9]+)?)?(?: \([^()]*\))?$"


def _stated_date(s: pd.Series) -> pd.Series:
    def ok(v: str) -> bool:
        m = re.fullmatch(rf"({_ISO})(?:[-/]({_ISO}))?(?: \([^()]*\))?", v)
        if not m:
            return False
        try:
            first = pd.Timestamp(m.group(1))
            last = pd.Timestamp(m.group(2)) if m.group(2) else first
        except ValueError:
            return False
        return first <= last

    return s.map(ok)


def _number(within: tuple[float, float, str] | None = None, **kw) -> pa.Column:
    """A decimal number kept as written (callers convert it), in ASCII digits; ``within``:
    (low, high, what it then is, in words) when only a range makes sense."""
    checks = [pa.Check.str_matches(_NUMBER, name="a number")]
    if within:
        low, high, what = within
        checks.append(
            pa.Check(
                lambda s: s.map(lambda v: not re.fullmatch(_NUMBER, v) or low <= float(v) <= high),
                name=what,
            )
        )
    return text_column(checks=checks, **kw)


def _year(**kw) -> pa.Column:
    return text_column(
        checks=pa.Check.str_matches(r"^(?:19[5-9][0-9]|20[0-9]{2})$", name="a year (1950–2099)"),
        **kw,
    )


def _dated(form: str, name: str) -> pa.Check:
    """A real calendar date written in ``form`` (a regex of ASCII digits and dashes)."""

    def check(s: pd.Series) -> pd.Series:
        return s.str.fullmatch(form) & iso_date_ok(s.where(s.str.fullmatch(form), "x"))

    return pa.Check(check, name=name)


def _real_day(fmt: str, name: str) -> pa.Check:
    def check(s: pd.Series) -> pd.Series:
        parsed = pd.to_datetime(s, format=fmt, errors="coerce")
        return parsed.notna() & s.str.fullmatch(r"[0-9/-]+")

    return pa.Check(check, name=name)


def _leaders() -> pa.DataFrameSchema:
    day = _dated(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "a date YYYY-MM-DD")
    return pa.DataFrameSchema(
        {
            "id": text_column(
                checks=pa.Check.str_matches(
                    r"^L-(?:kg|ru)-[a-z0-9-]+$", name="an id L-kg-… or L-ru-…"
                ),
                unique=True,
            ),
            "country": text_column(checks=pa.Check.isin(["KG", "RU"])),
            "name": text_column(),
            "office": text_column(),
            "start": text_column(checks=day),
            "end": text_column(checks=day, nullable=True),
            "acting": text_column(checks=pa.Check.isin(["yes", "no"])),
            "note": text_column(nullable=True),
            "citation": url_column(),
        },
        checks=[not_before("start", "end")],
        strict=True,
        ordered=False,
    )


def _presence() -> pa.DataFrameSchema:
    date = _dated(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?", "a date YYYY-MM or YYYY-MM-DD")
    return pa.DataFrameSchema(
        {
            "id": text_column(
                checks=pa.Check.str_matches(r"^S-[a-z]{2}-[a-z0-9-]+$", name="an id S-xx-…"),
                unique=True,
            ),
            "actor": text_column(checks=pa.Check.str_matches(r"^[A-Z]{2}$", name="a country code")),
            "site": text_column(),
            "start": text_column(checks=date),
            "end": text_column(checks=date, nullable=True),
            # closed: the presence ended at `end`; agreement: it runs to the end the basing
            # agreement's terms give (computed, so `end` stays blank).
            "end_kind": text_column(checks=pa.Check.isin(["closed", "agreement"])),
            "citation": text_column(),
            "note": text_column(nullable=True),
        },
        checks=[
            not_before("start", "end"),
            pa.Check(
                lambda df: (df["end_kind"] == "closed") == df["end"].notna(),
                name="end: required when end_kind is closed, blank otherwise",
            ),
        ],
        strict=True,
        ordered=False,
    )


def _mention_terms() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "term": text_column(unique=True),
            "group": text_column(
                checks=pa.Check.isin(["organisation", "outside power", "neighbour"])
            ),
            "pattern": text_column(
                checks=[
                    pa.Check(pattern_compiles, name="a regular expression that compiles"),
                    pa.Check.str_length(max_value=300, name="a pattern of at most 300 characters"),
                ]
            ),
        },
        strict=True,
        ordered=False,
    )


def _aid_facts() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(r"^A[0-9]{2,3}$"), unique=True),
            "year": _year(),
            "date": text_column(checks=pa.Check(_stated_date, name=_STATED_DATE)),
            "item": text_column(),
            "category": text_column(),
            "amount": _number(nullable=True),
            "currency": text_column(nullable=True),
            "amount_usd_millions": text_column(
                nullable=True,
                checks=pa.Check.str_matches(
                    _STATED_NUMBER, name="a number as stated (250, 250+, 600-660)"
                ),
            ),
            "status": text_column(),
            "status_detail": text_column(nullable=True),
            "source_url": url_column(),
            "publisher": text_column(),
            "published": text_column(),
            "paraphrase": text_column(),
        },
        checks=[
            pa.Check(
                lambda df: df["amount"].isna() | df["currency"].notna(),
                name="currency: required with an amount",
            ),
        ],
        strict=True,
        ordered=False,
    )


def _places() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(r"^L[0-9]{2}$"), unique=True),
            "name": text_column(unique=True),
            "lat": _number(within=(-90, 90, "a latitude between -90 and 90")),
            "lon": _number(within=(-180, 180, "a longitude between -180 and 180")),
            "kind": text_column(),
            "description": text_column(),
            "coord_source_url": url_column(),
            "coord_publisher": text_column(),
            "coord_revision_or_date": text_column(),
            "precision_note": text_column(),
            "context_source_url": url_column(nullable=True),
        },
        strict=True,
        ordered=False,
    )


def _remittances() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(r"^M[0-9]{2,3}$"), unique=True),
            "year": _year(nullable=True),
            "period": text_column(),
            "partial_year": text_column(checks=pa.Check.isin(["yes", "no"])),
            "measure": text_column(checks=pa.Check.str_matches(r"^[a-z_]+$")),
            "value": _number(),
            "unit": text_column(),
            "data_originator": text_column(),
            "source_url": url_column(),
            "publisher": text_column(),
            "published": text_column(),
            "paraphrase": text_column(),
            "note": text_column(nullable=True),
        },
        strict=True,
        ordered=False,
    )


def _trade_statements() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(r"^[A-Z]-[A-Za-z0-9-]+$"), unique=True),
            "year": _year(nullable=True),
            "period": text_column(),
            "partial_year": text_column(checks=pa.Check.isin(["yes", "no", "unclear"])),
            "measure": text_column(checks=pa.Check.str_matches(r"^[a-z_]+$")),
            "value": _number(nullable=True),
            "unit": text_column(),
            "growth_pct": _number(nullable=True),
            "growth_basis": text_column(nullable=True),
            "stat_side": text_column(),
            "source_url": url_column(),
            "publisher": text_column(),
            "published": text_column(),
            "paraphrase": text_column(),
            "disagreement_note": text_column(nullable=True),
        },
        strict=True,
        ordered=False,
    )


def _fx() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            # As the publisher writes it: month/day/year.
            "date": text_column(
                checks=_real_day("%m/%d/%Y", "a real date MM/DD/YYYY"), unique=True
            ),
            "rate": _number(within=(1e-6, 1e6, "a positive rate (roubles per US dollar)")),
        },
        strict=True,
        ordered=False,
    )


def _cpi() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "Date": text_column(
                checks=_dated(r"[0-9]{4}-[0-9]{2}-01", "a month's first day YYYY-MM-01"),
                unique=True,
            ),
            "Index": _number(within=(1e-6, 1e6, "a positive index")),
            "Inflation": _number(nullable=True),
        },
        strict=True,
        ordered=False,
    )


def _debt_operations() -> pa.DataFrameSchema:
    """``data/debt_operations.csv``: each restructuring or write-off of Kyrgyz debt once, with
    the row its amount comes from and why it is the kind it is (links checked by the catalogue)."""
    ids = r"^[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+)*$"
    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(r"^D-[0-9]{4}-[a-z0-9-]+$"), unique=True),
            "date": text_column(checks=_dated(r"[0-9]{4}(-[0-9]{2}){0,2}", "ISO date")),
            "kind": text_column(checks=pa.Check.isin(("restructuring", "write_off"))),
            "amount_from": text_column(checks=pa.Check.str_matches(r"^[A-Za-z0-9-]+$")),
            "part_id": text_column(
                nullable=True, checks=pa.Check.str_matches(r"^P-[0-9A-Za-z-]+$")
            ),
            "writes_off": text_column(
                nullable=True, checks=pa.Check.str_matches(r"^P-[0-9A-Za-z-]+$")
            ),
            "evidence": text_column(checks=pa.Check.str_matches(ids)),
            "reason": text_column(),
        },
        strict=True,
        ordered=False,
    )


def _map_places() -> pa.DataFrameSchema:
    # The schema lives with the map's place data; imported here, where it is needed,
    # because rukg.reference.places reads its tables through this module.
    from rukg.reference.places import map_table_schema

    return map_table_schema()


def _watchlist() -> pa.DataFrameSchema:
    """``data/watchlist.csv``: indicators to watch, each with the name of its computed latest
    value, a threshold (a number, or the name of a computed value) and what crossing it means."""
    name = r"^[a-z][a-z0-9_]*$"
    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(r"^W-[a-z0-9-]+$"), unique=True),
            "indicator": text_column(),
            "latest": text_column(checks=pa.Check.str_matches(name)),
            "threshold": text_column(
                checks=pa.Check.str_matches(r"^(?:[0-9]+(?:\.[0-9]+)?|[a-z][a-z0-9_]*)$")
            ),
            "fmt": text_column(checks=pa.Check.isin(("usd", "pct", "pp", "int", "year"))),
            "direction": text_column(checks=pa.Check.isin(("above", "below", "before"))),
            "signal": text_column(),
        },
        strict=True,
        ordered=False,
    )


def _source_assessments() -> pa.DataFrameSchema:
    """``data/source_assessments.csv``: how far the report trusts each source, one row per
    source (its ids checked against ``data/sources.csv`` by :func:`_known_sources`)."""

    def line() -> pa.Column:
        return text_column(
            checks=[
                pa.Check(lambda s: ~s.str.contains(r"[\r\n]"), name="one line of text"),
                pa.Check(lambda s: ~s.str.contains(r"[<>]"), name="plain text (no HTML)"),
                pa.Check(lambda s: s.str.len() <= 400, name="a text of at most 400 characters"),
            ]
        )

    return pa.DataFrameSchema(
        {
            "source_id": text_column(unique=True),
            "viewpoint": line(),
            "compiled": line(),
            "trust_less": line(),
            "why": line(),
        },
        strict=True,
        ordered=False,
    )


def _known_sources(paths: Paths, df: pd.DataFrame) -> list[Problem]:
    """Each ``source_id`` is an id in ``data/sources.csv`` (an unreadable register: nothing
    to say here, the catalogue reports it)."""
    label = label_of(TABLES["source_assessments"].path(paths), paths)
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


def _context_facts() -> pa.DataFrameSchema:
    from rukg.reference import (
        context,  # the facts' rules live with their reader, which imports this
    )

    return context.schema()


def _context_cross(paths: Paths, df: pd.DataFrame) -> list[Problem]:
    from rukg.reference import context

    return context.problems(paths, df)


@dataclass(frozen=True)
class Table:
    """A table the analyses read: where it lies under the project root, and its schema."""

    name: str
    parts: tuple[str, ...]
    schema: Callable[[], pa.DataFrameSchema]
    # Checks against other files, run when the schema passes (never memoised: they read them).
    cross: Callable[[Paths, pd.DataFrame], list[Problem]] | None = None

    def path(self, paths: Paths) -> Path:
        return paths.root.joinpath(*self.parts)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("leaders", ("data", "leaders.csv"), _leaders),
        Table("presence", ("data", "presence.csv"), _presence),
        Table("mention_terms", ("data", "mention_terms.csv"), _mention_terms),
        Table("context_facts", ("data", "context_facts.csv"), _context_facts, cross=_context_cross),
        Table(
            "source_assessments",
            ("data", "source_assessments.csv"),
            _source_assessments,
            cross=_known_sources,
        ),
        Table("debt_operations", ("data", "debt_operations.csv"), _debt_operations),
        Table("watchlist", ("data", "watchlist.csv"), _watchlist),
        Table("map_places", ("data", "map_places.csv"), _map_places),
        Table("aid_facts", ("data", "reference", "facts", "aid_commitments.csv"), _aid_facts),
        Table("places", ("data", "reference", "facts", "places.csv"), _places),
        Table("remittances", ("data", "reference", "facts", "remittances.csv"), _remittances),
        Table(
            "trade_statements",
            ("data", "reference", "facts", "trade_statements.csv"),
            _trade_statements,
        ),
        Table("fx", ("data", "reference", "fx", "usd_rub_daily.csv"), _fx),
        Table("cpi", ("data", "reference", "prices", "us_cpi_u_monthly.csv"), _cpi),
    )
}


# Results of checking a table, by (table, label, sha256 of its bytes): the reference
# tables are large and never change, and one process (a notebook, the test suite) checks
# them many times. The key holds the content, so an edited file is checked afresh.
_memo: dict[tuple[str, str, str], tuple[pd.DataFrame | None, list[Problem]]] = {}


def _checked(paths: Paths, name: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The table and its problems: its schema's, then (when that passes) its checks
    against other files."""
    df, found = _schema_checked(paths, name)
    table = TABLES[name]
    if df is not None and not found and table.cross is not None:
        found = table.cross(paths, df)
    return df, found


def _schema_checked(paths: Paths, name: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    table = TABLES[name]
    path = table.path(paths)
    label = label_of(path, paths)
    if file_problem(path, label) is None:  # hash only a regular file (a FIFO would block)
        key = (name, label, hashlib.sha256(path.read_bytes()).hexdigest())
        if key in _memo:
            df, found = _memo[key]
            return (None if df is None else df.copy()), list(found)
    else:
        key = None
    try:
        raw = read_table(path, label)
    except DataError as e:
        return None, e.problems
    df, found = schema_problems(raw, table.schema(), label)
    if key is not None:
        _memo[key] = (None if df is None else df.copy(), list(found))
    return df, found


def read(paths: Paths, name: str) -> pd.DataFrame:
    """One table, validated, as strings (blank cells missing); raises :class:`DataError`."""
    df, found = _checked(paths, name)
    if found:
        raise DataError(found)
    return df


BOUNDARIES = ("data", "reference", "boundaries", "ne_50m_admin0_kgz_neighbours.geojson")


def boundaries_problems(paths: Paths) -> list[Problem]:
    """The boundaries file is GeoJSON as :func:`rukg.reference.places.load_boundaries` reads it: a
    FeatureCollection of (Multi)Polygons, each with an ``ADM0_A3`` code and numeric rings."""
    path = paths.root.joinpath(*BOUNDARIES)
    label = label_of(path, paths)
    try:
        data = json.loads(read_text_file(path, label))
    except DataError as e:
        return e.problems
    except ValueError as e:
        return [Problem(label, None, None, f"not valid JSON: {e}")]

    def ring_ok(ring) -> bool:
        return (
            isinstance(ring, list)
            and len(ring) >= 3
            and all(
                isinstance(pt, list)
                and len(pt) >= 2
                and all(isinstance(c, int | float) and math.isfinite(c) for c in pt[:2])
                for pt in ring
            )
        )

    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return [Problem(label, None, None, "not a GeoJSON FeatureCollection")]
    problems = []
    for i, feature in enumerate(data.get("features") or [], start=1):
        geom = feature.get("geometry") if isinstance(feature, dict) else None
        props = feature.get("properties") if isinstance(feature, dict) else None
        polygons = []
        if isinstance(geom, dict) and geom.get("type") == "Polygon":
            polygons = [geom.get("coordinates")]
        elif isinstance(geom, dict) and geom.get("type") == "MultiPolygon":
            polygons = geom.get("coordinates") or []
        ok = (
            isinstance(props, dict)
            and isinstance(props.get("ADM0_A3"), str)
            and polygons
            and all(isinstance(pg, list) and pg and all(ring_ok(r) for r in pg) for pg in polygons)
        )
        if not ok:
            problems.append(
                Problem(
                    label,
                    None,
                    None,
                    f"feature {i}: not a Polygon or MultiPolygon with an ADM0_A3 code and "
                    "numeric rings",
                )
            )
    if not data.get("features"):
        problems.append(Problem(label, None, None, "has no features"))
    return problems


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
