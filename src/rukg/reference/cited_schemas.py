"""The schemas of the tables under ``data/reference/``: copies of cited files, never edited
(their checksums are in ``provenance.csv``), so the schemas describe them as published:
free-text dates such as ``c.1996`` stay text, but numbers must be numbers, links must be
http(s) and ids unique. :data:`rukg.reference.tables.TABLES` names the file of each."""

from __future__ import annotations

import pandera.pandas as pa

from rukg.reference.columns import (
    STATED_DATE,
    STATED_NUMBER,
    dated,
    number,
    real_day,
    stated_date,
    year,
)
from rukg.tableio import text_column, url_column

__all__ = [
    "aid_facts_schema",
    "places_schema",
    "remittances_schema",
    "trade_statements_schema",
    "fx_schema",
    "cpi_schema",
]


def aid_facts_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(r"^A[0-9]{2,3}$"), unique=True),
            "year": year(),
            "date": text_column(checks=pa.Check(stated_date, name=STATED_DATE)),
            "item": text_column(),
            "category": text_column(),
            "amount": number(nullable=True),
            "currency": text_column(nullable=True),
            "amount_usd_millions": text_column(
                nullable=True,
                checks=pa.Check.str_matches(
                    STATED_NUMBER, name="a number as stated (250, 250+, 600-660)"
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


def places_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(r"^L[0-9]{2}$"), unique=True),
            "name": text_column(unique=True),
            "lat": number(within=(-90, 90, "a latitude between -90 and 90")),
            "lon": number(within=(-180, 180, "a longitude between -180 and 180")),
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


def remittances_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(r"^M[0-9]{2,3}$"), unique=True),
            "year": year(nullable=True),
            "period": text_column(),
            "partial_year": text_column(checks=pa.Check.isin(["yes", "no"])),
            "measure": text_column(checks=pa.Check.str_matches(r"^[a-z_]+$")),
            "value": number(),
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


def trade_statements_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(r"^[A-Z]-[A-Za-z0-9-]+$"), unique=True),
            "year": year(nullable=True),
            "period": text_column(),
            "partial_year": text_column(checks=pa.Check.isin(["yes", "no", "unclear"])),
            "measure": text_column(checks=pa.Check.str_matches(r"^[a-z_]+$")),
            "value": number(nullable=True),
            "unit": text_column(),
            "growth_pct": number(nullable=True),
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


def fx_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            # As the publisher writes it: month/day/year.
            "date": text_column(checks=real_day("%m/%d/%Y", "a real date MM/DD/YYYY"), unique=True),
            "rate": number(within=(1e-6, 1e6, "a positive rate (roubles per US dollar)")),
        },
        strict=True,
        ordered=False,
    )


def cpi_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "Date": text_column(
                checks=dated(r"[0-9]{4}-[0-9]{2}-01", "a month's first day YYYY-MM-01"),
                unique=True,
            ),
            "Index": number(within=(1e-6, 1e6, "a positive index")),
            "Inflation": number(nullable=True),
        },
        strict=True,
        ordered=False,
    )
