"""The schemas of the tables this project writes beside the catalogue (``data/*.csv``):
leaders, foreign presence, mention terms, context facts, source assessments, debt
operations, the watchlist and the map's places. :data:`rukg.reference.tables.TABLES`
names the file of each, and the checks against other files that a schema cannot make.
"""

from __future__ import annotations

import pandera.pandas as pa

from rukg.reference.boundaries import GAZETTEERS
from rukg.reference.columns import dated
from rukg.tableio import iso_date_check, not_before, pattern_compiles, text_column, url_column

__all__ = [
    "TOPICS",
    "UNITS",
    "leaders_schema",
    "presence_schema",
    "mention_terms_schema",
    "context_facts_schema",
    "source_assessments_schema",
    "debt_operations_schema",
    "watchlist_schema",
    "map_places_schema",
]

# The topics of the context facts, and what a fact's ``value`` counts: a "date" row is an
# event (value blank, value_text states as_of), a "text" row a fact stated in words (value
# blank, value_text names it).
TOPICS = tuple("migration trade sanctions csto energy debt politics military war".split())
UNITS = tuple("percent|USD million|USD|RUB billion|people|count|years|year|date|text".split("|"))

# A catalogue row that places a facility on the map: a figure or an event id.
_EVIDENCE = r"^[FE]-[a-z][a-z0-9-]*?-[0-9]{3}$"


def leaders_schema() -> pa.DataFrameSchema:
    day = dated(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "a date YYYY-MM-DD")
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


def _subject_slug() -> pa.Check:
    return pa.Check.str_matches(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", name="an event subject (a slug)")


def presence_schema() -> pa.DataFrameSchema:
    date = dated(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?", "a date YYYY-MM or YYYY-MM-DD")
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
            # The event subject (data/events.csv) whose events mark the start or the end:
            # the consistency check flags such an event dated outside the start or end.
            "start_subject": text_column(nullable=True, checks=_subject_slug()),
            "end_subject": text_column(nullable=True, checks=_subject_slug()),
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


def mention_terms_schema() -> pa.DataFrameSchema:
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


def context_facts_schema() -> pa.DataFrameSchema:
    """``data/context_facts.csv``: numbers from reporting after (or outside) the five
    articles, each with the sentence of the notes it rests on (checked against the notes
    by :func:`rukg.reference.context_checks.context_facts_problems`)."""

    def number() -> pa.Column:
        return pa.Column(float, nullable=True, coerce=True)

    iso = iso_date_check()
    return pa.DataFrameSchema(
        {
            "id": text_column(
                checks=pa.Check.str_matches(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", name="a slug"),
                unique=True,
            ),
            "topic": text_column(checks=pa.Check.isin(TOPICS)),
            "claim": text_column(
                checks=pa.Check.str_matches(r"^[^0-9]*$", name="free of digits (they go in value)")
            ),
            "value": number(),
            "low": number(),
            "high": number(),
            "unit": text_column(checks=pa.Check.isin(UNITS)),
            "as_of": text_column(checks=iso),
            "publisher": text_column(nullable=True),
            "url": url_column(nullable=True),
            "published": text_column(checks=iso, nullable=True),
            "sentence": text_column(),
            "value_text": text_column(),
            "fact_ids": text_column(
                nullable=True,
                checks=pa.Check.str_matches(r"^[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+)*$", name="ids"),
            ),
        },
        checks=[
            pa.Check(
                lambda df: ~(df["low"] > df["value"]) & ~(df["value"] > df["high"]),
                name="value: not between 'low' and 'high'",
            ),
            pa.Check(
                lambda df: df["value"].isna() == df["unit"].isin(["date", "text"]),
                name="value: must be blank exactly when unit is date or text",
            ),
        ],
        strict=True,
        ordered=False,
    )


def source_assessments_schema() -> pa.DataFrameSchema:
    """``data/source_assessments.csv``: how far the report trusts each source, one row per
    source (its ids checked against ``data/sources.csv`` by the registry)."""

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


def debt_operations_schema() -> pa.DataFrameSchema:
    """``data/debt_operations.csv``: each restructuring or write-off of Kyrgyz debt once, with
    the row its amount comes from and why it is the kind it is (links checked by the catalogue)."""
    ids = r"^[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+)*$"
    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(r"^D-[0-9]{4}-[a-z0-9-]+$"), unique=True),
            "date": text_column(checks=dated(r"[0-9]{4}(-[0-9]{2}){0,2}", "ISO date")),
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


def watchlist_schema() -> pa.DataFrameSchema:
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


def map_places_schema() -> pa.DataFrameSchema:
    """``data/map_places.csv``: which places the map shows, whence their coordinates, their labels."""
    return pa.DataFrameSchema(
        {
            "place": text_column(
                checks=pa.Check.str_matches(r"^L[0-9]{2}$", name="a places.csv id"), unique=True
            ),
            "coordinates": text_column(checks=pa.Check.isin([*GAZETTEERS, "places"])),
            "gazetteer_id": text_column(
                nullable=True,
                checks=pa.Check.str_matches(
                    r"^(?:[0-9]+|[A-Z]{3})$", name="a GeoNames id or an IATA code"
                ),
            ),
            "name": text_column(unique=True),
            "short_name": text_column(nullable=True),
            "what": text_column(nullable=True),
            "evidence": text_column(
                nullable=True, checks=pa.Check.str_matches(_EVIDENCE, name="a figure or event id")
            ),
        },
        checks=[
            pa.Check(
                lambda df: (df["coordinates"] == "places") == df["gazetteer_id"].isna(),
                name="gazetteer_id: required for a gazetteer's point, blank for places",
            )
        ],
        strict=True,
        ordered=False,
    )
