"""Reading and checking CSV tables: one reader, the checks every table shares, and one
translator of schema failures into ``file:line: row N, column 'c': …`` problems.

Every table of ``data/`` and ``data/reference/`` goes through :func:`read_table`
(:mod:`rukg.tableio.read`) and :func:`schema_problems` (:mod:`rukg.tableio.schema_errors`),
which checks it against its pandera schema, built from the helpers of
:mod:`rukg.tableio.columns`; :mod:`rukg.tableio.labels` says how messages name a file
and show a value.
"""

from rukg.tableio.cells import URL_IN_TEXT, is_missing, number_or_none
from rukg.tableio.columns import (
    DATE_PATTERN,
    ISO_FORM,
    PRECISIONS,
    URL,
    iso_date_check,
    iso_date_ok,
    not_before,
    pattern_compiles,
    precision_matches,
    text_column,
    url_column,
)
from rukg.tableio.labels import fmt_value, label_of
from rukg.tableio.read import MAX_FIELD, read_table, records, validated
from rukg.tableio.schema_errors import schema_problems

__all__ = [
    "MAX_FIELD",
    "label_of",
    "records",
    "read_table",
    "schema_problems",
    "validated",
    "text_column",
    "iso_date_ok",
    "iso_date_check",
    "precision_matches",
    "url_column",
    "pattern_compiles",
    "not_before",
    "fmt_value",
    "ISO_FORM",
    "DATE_PATTERN",
    "PRECISIONS",
    "URL",
    "URL_IN_TEXT",
    "is_missing",
    "number_or_none",
]
