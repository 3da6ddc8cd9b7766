"""The pandera schemas of the catalogue's tables, mirroring the codebook in ``data/README.md``:
sources, figures, events, dismissals, commitments and their parts, set-asides,
annotations, the provenance of reference files, and corrections.

Each schema checks one table on its own; checks across tables and against the source
texts follow in :mod:`rukg.catalogue.checks` and :mod:`rukg.catalogue.texts`.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from rukg.catalogue.vocab import (
    CATALOGUE_YEARS,
    CATEGORIES,
    COMMITMENT_STATUSES,
    CURRENCIES,
    EVENT_STATUSES,
    INSTRUMENTS,
    KINDS,
    LATER_STATUSES,
    REDENOMINATION_YEAR,
    SOURCE_KINDS,
    STATUSES,
)
from rukg.catalogue.wording import UNITS
from rukg.tableio import PRECISIONS, iso_date_ok, precision_matches, text_column, url_column

__all__ = [
    "CORRECTIONS_FILE",
    "sources_schema",
    "figures_schema",
    "events_schema",
    "dismissed_schema",
    "commitments_schema",
    "parts_schema",
    "set_aside_schema",
    "annotations_schema",
    "provenance_schema",
    "corrections_schema",
]

CORRECTIONS_FILE = "corrections.csv"  # in data/: the resolution adopted for each conflict
_DIRECTION = r"^(?:[A-Z]{2}->[A-Z]{2}|[A-Z]{2}<->[A-Z]{2})$"
_ID = r"[a-z][a-z0-9-]*"
_SUBJECT = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # a slug naming what a figure or event is about
_ID_LIST = r"^[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+)*$"
_CONFLICT_ID = r"^[a-z]+:[A-Za-z0-9:-]+$"


def _one_line(s: pd.Series) -> pd.Series:
    return ~s.str.contains("\n", regex=False)


def _id_names_source(prefix: str, source_ids: list[str]) -> pa.Check:
    """An id ``<prefix>-<source id>-NNN`` names the source of its own row (an unknown
    source id is reported by its own column, not again here)."""
    known = set(source_ids)

    def check(df: pd.DataFrame) -> pd.Series:
        return pd.Series(
            [
                not isinstance(i, str)
                or sid not in known
                or not i.startswith(f"{prefix}-")
                or i[len(prefix) + 1 :].rpartition("-")[0] == sid
                for i, sid in zip(df["id"], df["source_id"], strict=True)
            ],
            index=df.index,
        )

    return pa.Check(check, name="id: its middle part must be the row's source_id")


def _nonneg_float(**kw) -> pa.Column:
    return pa.Column(float, pa.Check.ge(0), nullable=True, coerce=True, **kw)


def sources_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(rf"^{_ID}$"), unique=True),
            "file": text_column(checks=pa.Check.str_matches(r"^[^/\\]+\.txt$"), unique=True),
            "publisher": text_column(),
            "title": text_column(),
            "author": text_column(nullable=True),
            "published": text_column(checks=pa.Check(iso_date_ok, name="an ISO date")),
            "published_precision": text_column(checks=pa.Check.isin(PRECISIONS)),
            "date_evidence": text_column(),
            "url": url_column(nullable=True),
            "kind": text_column(checks=pa.Check.isin(SOURCE_KINDS)),
            "sha256": text_column(checks=pa.Check.str_matches(r"^[0-9a-f]{64}$")),
            "notes": text_column(nullable=True),
        },
        checks=[precision_matches("published", "published_precision")],
        strict=True,
        ordered=False,
    )


def figures_schema(source_ids: list[str]) -> pa.DataFrameSchema:
    def currency_iff_money(df: pd.DataFrame) -> pd.Series:
        return (df["unit"] == "money") == df["currency"].notna()

    def value_or_range(df: pd.DataFrame) -> pd.Series:
        return df["value"].notna() | (df["low"].notna() & df["high"].notna())

    def low_le_value(df: pd.DataFrame) -> pd.Series:
        return ~(df["low"] > df["value"]) & ~(df["low"] > df["high"])

    def value_le_high(df: pd.DataFrame) -> pd.Series:
        return ~(df["value"] > df["high"])

    def old_roubles(df: pd.DataFrame) -> pd.Series:
        rur = df["currency"] == "RUR"
        rub = df["currency"] == "RUB"
        early = df["year"] < REDENOMINATION_YEAR
        return ~(rur & ~early.fillna(False)) & ~(rub & early.fillna(False))

    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(rf"^F-{_ID}-[0-9]{{3}}$"), unique=True),
            "source_id": text_column(
                checks=pa.Check.isin(source_ids, name="a source id in data/sources.csv")
            ),
            "quote": text_column(checks=pa.Check(_one_line, name="on one line")),
            "value": _nonneg_float(),
            "unit": text_column(checks=pa.Check.isin(UNITS)),
            "currency": text_column(nullable=True, checks=pa.Check.isin(CURRENCIES)),
            "year": pa.Column(
                "Int64", pa.Check.in_range(*CATALOGUE_YEARS), nullable=True, coerce=True
            ),
            "category": text_column(checks=pa.Check.isin(CATEGORIES)),
            "kind": text_column(checks=pa.Check.isin(KINDS)),
            "direction": text_column(nullable=True, checks=pa.Check.str_matches(_DIRECTION)),
            "status": text_column(checks=pa.Check.isin(STATUSES)),
            "subject": text_column(nullable=True, checks=pa.Check.str_matches(_SUBJECT)),
            "low": _nonneg_float(),
            "high": _nonneg_float(),
            "note": text_column(nullable=True),
        },
        checks=[
            pa.Check(
                currency_iff_money, name="currency: required when unit is money, blank otherwise"
            ),
            pa.Check(value_or_range, name="value: blank, and no low-high range to replace it"),
            pa.Check(low_le_value, name="low: above value or high"),
            pa.Check(value_le_high, name="high: below value"),
            pa.Check(
                old_roubles,
                name=f"currency: roubles are RUR before {REDENOMINATION_YEAR} and RUB from then on",
            ),
            _id_names_source("F", source_ids),
        ],
        strict=True,
        ordered=False,
    )


def events_schema(source_ids: list[str]) -> pa.DataFrameSchema:
    def date_in_range(s: pd.Series) -> pd.Series:
        # A date not in ISO form is reported by the check before; not again here.
        first, last = (str(y) for y in CATALOGUE_YEARS)
        return ~iso_date_ok(s).astype(bool) | s.map(lambda d: first <= d[:4] <= last)

    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(rf"^E-{_ID}-[0-9]{{3}}$"), unique=True),
            "source_id": text_column(
                checks=pa.Check.isin(source_ids, name="a source id in data/sources.csv")
            ),
            "date": text_column(
                checks=[
                    pa.Check(iso_date_ok, name="an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"),
                    pa.Check(
                        date_in_range,
                        name="between {} and {}".format(*CATALOGUE_YEARS),
                    ),
                ]
            ),
            "date_precision": text_column(checks=pa.Check.isin(PRECISIONS)),
            "event": text_column(),
            "actors": text_column(),
            "category": text_column(checks=pa.Check.isin(CATEGORIES)),
            "subject": text_column(nullable=True, checks=pa.Check.str_matches(_SUBJECT)),
            "status": text_column(checks=pa.Check.isin(EVENT_STATUSES)),
            "quote": text_column(checks=pa.Check(_one_line, name="on one line")),
        },
        checks=[precision_matches("date", "date_precision"), _id_names_source("E", source_ids)],
        strict=True,
        ordered=False,
    )


def dismissed_schema(source_ids: list[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(rf"^D-{_ID}-[0-9]{{3}}$"), unique=True),
            "source_id": text_column(
                checks=pa.Check.isin(source_ids, name="a source id in data/sources.csv")
            ),
            "quote": text_column(),
            "text": text_column(),
            "reason": text_column(),
        },
        checks=[_id_names_source("D", source_ids)],
        strict=True,
        ordered=False,
    )


def commitments_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(r"^C-[0-9]{4}-[a-z0-9-]+$"), unique=True),
            "date": text_column(checks=pa.Check(iso_date_ok, name="an ISO date")),
            "date_precision": text_column(checks=pa.Check.isin(PRECISIONS)),
            "date_evidence": text_column(),
            "donor": text_column(checks=pa.Check.str_matches(r"^[A-Z]{2}$")),
            "recipient": text_column(checks=pa.Check.str_matches(r"^[A-Z]{2}$")),
            "title": text_column(),
            "figure_ids": text_column(nullable=True, checks=pa.Check.str_matches(_ID_LIST)),
            "event_ids": text_column(nullable=True, checks=pa.Check.str_matches(_ID_LIST)),
            "note": text_column(nullable=True),
        },
        checks=[precision_matches("date", "date_precision")],
        strict=True,
        ordered=False,
    )


def parts_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(r"^P-[0-9]{4}-[a-z0-9-]+$"), unique=True),
            "commitment_id": text_column(),
            "part": text_column(),
            "instrument": text_column(checks=pa.Check.isin(INSTRUMENTS)),
            "amount_figure_id": text_column(nullable=True),
            "figure_ids": text_column(nullable=True, checks=pa.Check.str_matches(_ID_LIST)),
            "status": text_column(checks=pa.Check.isin(COMMITMENT_STATUSES)),
            "recurring": text_column(checks=pa.Check.isin(("no", "annual"))),
            "later_status": text_column(nullable=True, checks=pa.Check.isin(LATER_STATUSES)),
            "later_facts": text_column(nullable=True, checks=pa.Check.str_matches(_ID_LIST)),
            "later_amount_facts": text_column(nullable=True, checks=pa.Check.str_matches(_ID_LIST)),
            # Context facts (data/context_facts.csv) giving the amount of the signed agreement,
            # where it differs from the pledge the articles state.
            "signed_facts": text_column(nullable=True, checks=pa.Check.str_matches(_ID_LIST)),
            "later_note": text_column(nullable=True),
        },
        strict=True,
        ordered=False,
    )


def set_aside_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {"figure_id": text_column(unique=True), "reason": text_column()}, strict=True, ordered=False
    )


def annotations_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {"event_id": text_column(unique=True), "label": text_column()}, strict=True, ordered=False
    )


def provenance_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "file": text_column(
                checks=pa.Check.str_matches(
                    r"^(?!.*(?:^|/)\.\.?(?:/|$))[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*$",
                    name="a path inside data/reference/",
                ),
                unique=True,
            ),
            "producer": text_column(),
            "title": text_column(),
            "retrieved_from": text_column(),
            "published": text_column(nullable=True),
            "accessed": text_column(checks=pa.Check(iso_date_ok, name="an ISO date")),
            "licence": text_column(),
            "sha256": text_column(checks=pa.Check.str_matches(r"^[0-9a-f]{64}$")),
            "notes": text_column(nullable=True),
        },
        strict=True,
        ordered=False,
    )


def corrections_schema() -> pa.DataFrameSchema:
    """``data/corrections.csv``: one resolution per conflict found by :mod:`rukg.analysis.consistency`."""
    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(r"^K-[0-9]{3}$"), unique=True),
            "conflict_id": text_column(checks=pa.Check.str_matches(_CONFLICT_ID), unique=True),
            "adopted": text_column(checks=pa.Check(_one_line, name="on one line")),
            "reason": text_column(checks=pa.Check(_one_line, name="on one line")),
            "citation": text_column(
                checks=pa.Check.str_matches(r"^[^;\s]+(?:;[^;\s]+)*$"),
            ),
            # What the correction rejects, which the report must never state as fact:
            # figure or event ids, and phrases as the sources write them.
            "rejected_ids": text_column(nullable=True, checks=pa.Check.str_matches(_ID_LIST)),
            "rejected_text": text_column(
                nullable=True, checks=pa.Check.str_matches(r"^[^;]+(?:;[^;]+)*$")
            ),
        },
        strict=True,
        ordered=False,
    )
