"""Loading and validating the catalogue: sources, figures, events, audit dismissals, corrections.

Column types and allowed values are pandera schemas (below), which mirror the
codebook in ``data/README.md``. Checks that need the source texts (quotes found
verbatim, the number in the quote agreeing with the row, checksums) follow the
schemas in :func:`validate`. Every problem becomes a :class:`~rukg.catalogue.sources.Problem`
naming file, row and column; :func:`load` raises :class:`~rukg.catalogue.sources.DataError`
with all of them, so nothing downstream runs on bad data.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from rukg.catalogue.quotes import (
    UNITS,
    Mention,
    cached_mentions,
    currency_matches,
    mentions_between,
)
from rukg.config import PATHS, Paths
from rukg.errors import DataError, Problem
from rukg.files import file_problem, read_text_file, sha256_of
from rukg.reference import tables as datasets
from rukg.tableio import (
    PRECISIONS,
    URL,
    fmt_value,
    iso_date_ok,
    label_of,
    precision_matches,
    read_table,
    schema_problems,
    text_column,
    url_column,
)

__all__ = [
    "Catalogue",
    "split_ids",
    "INSTRUMENTS",
    "AID_KINDS",
    "TRADE_KINDS",
    "load",
    "KINDS",
    "STATUSES",
    "CATEGORIES",
    "CURRENCIES",
    "source_mentions",
    "corrections_schema",
    "CORRECTIONS_FILE",
]

CATEGORIES = ("security", "economics", "geopolitics")
AID_KINDS = (
    "grant",
    "loan",
    "credit_line",
    "debt_restructuring",
    "debt_relief",
    "military_aid",
    "investment",
    "financing",
    "rent",
)
TRADE_KINDS = ("trade", "trade_growth", "trade_share")
# The controlled vocabulary of data/README.md: trade and aid kinds, then the rest.
KINDS = (
    *TRADE_KINDS,
    *AID_KINDS,
    "troops",
    "weapons",
    "population",
    "reserves",
    "distance",
    "duration",
    "count",
    "other",
)
STATUSES = ("pledged", "signed", "delivered", "reported", "proposed", "cancelled", "unclear")
CURRENCIES = ("USD", "RUB", "RUR")
SOURCE_KINDS = ("news analysis", "reference page", "commentary", "blog")
_DIRECTION = r"^(?:[A-Z]{2}->[A-Z]{2}|[A-Z]{2}<->[A-Z]{2})$"
_ID = r"[a-z][a-z0-9-]*"
_SUBJECT = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # a slug naming what a figure or event is about
REDENOMINATION_YEAR = 1998  # 1 RUB = 1,000 RUR from 1 January 1998


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
            "year": pa.Column("Int64", pa.Check.in_range(1900, 2030), nullable=True, coerce=True),
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
        return ~iso_date_ok(s).astype(bool) | s.map(lambda d: "1990" <= d[:4] <= "2030")

    return pa.DataFrameSchema(
        {
            "id": text_column(checks=pa.Check.str_matches(rf"^E-{_ID}-[0-9]{{3}}$"), unique=True),
            "source_id": text_column(
                checks=pa.Check.isin(source_ids, name="a source id in data/sources.csv")
            ),
            "date": text_column(
                checks=[
                    pa.Check(iso_date_ok, name="an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"),
                    pa.Check(date_in_range, name="between 1990 and 2030"),
                ]
            ),
            "date_precision": text_column(checks=pa.Check.isin(PRECISIONS)),
            "event": text_column(),
            "actors": text_column(),
            "category": text_column(checks=pa.Check.isin(CATEGORIES)),
            "subject": text_column(nullable=True, checks=pa.Check.str_matches(_SUBJECT)),
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


INSTRUMENTS = (
    "grant",
    "loan",
    "credit_line",
    "debt_relief",
    "debt_restructuring",
    "military_aid",
    "project_financing",
    "investment",
    "base_rent",
)
COMMITMENT_STATUSES = ("pledged", "committed", "delivered", "cancelled", "unclear")
LATER_STATUSES = ("delivered", "partly_delivered", "cancelled", "unclear")
# How a figure's status (as the article frames it) may be read as a commitment status.
STATUS_READINGS = {
    "pledged": {"pledged"},
    "proposed": {"pledged"},
    "signed": {"committed"},
    "delivered": {"delivered"},
    "reported": {"committed", "delivered"},
    "cancelled": {"cancelled"},
    "unclear": {"unclear"},
}
_ID_LIST = r"^[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+)*$"


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


CORRECTIONS_FILE = "corrections.csv"  # in data/: the resolution adopted for each conflict
_CONFLICT_ID = r"^[a-z]+:[A-Za-z0-9:-]+$"


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


def rejected_ids(cat: Catalogue) -> set[str]:
    """Figure and event ids whose reading a correction rejects: never shown as fact."""
    if "rejected_ids" not in cat.corrections:
        return set()
    return {i for cell in cat.corrections["rejected_ids"] for i in split_ids(cell)}


def rejected_phrases(cat: Catalogue) -> dict[str, str]:
    """Each phrase a correction rejects, with the correction's id."""
    if "rejected_text" not in cat.corrections:
        return {}
    return {
        phrase: row["id"]
        for _, row in cat.corrections.iterrows()
        for phrase in ([] if pd.isna(row["rejected_text"]) else row["rejected_text"].split(";"))
    }


def split_ids(cell) -> list[str]:
    """The ids in a ``;``-separated cell (empty for a blank cell)."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return []
    return [x for x in str(cell).split(";") if x]


# --- reading -----------------------------------------------------------------


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


def source_mentions(text: str) -> list[Mention]:
    """Mentions in a source text (cached: validation, the consistency check and the audit
    share one parse; see :func:`rukg.catalogue.quotes.cached_mentions`)."""
    return cached_mentions(text)


def occurrences(text: str, quote: str) -> list[int]:
    out, i = [], text.find(quote)
    while i >= 0:
        out.append(i)
        i = text.find(quote, i + 1)
    return out


def mentions_within(text: str, quote: str) -> list[Mention]:
    """Mentions (not calendar ones) lying wholly inside some occurrence of ``quote`` in ``text``."""
    found = []
    for start in occurrences(text, quote):
        # An index lookup in the cached parse, not a scan of every mention of the text.
        found += [m for m in mentions_between(text, start, start + len(quote)) if m.rule is None]
    return found


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _na(v) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def _unit_fits(parsed: str, recorded: str) -> bool:
    # The text cannot tell a count of people from other counts.
    return parsed == recorded or (parsed == "count" and recorded == "people")


def figure_mention(
    row: pd.Series, text: str, label: str = "data/figures.csv"
) -> tuple[Mention | None, Problem | None]:
    """The mention in the quote that a figure row records, or the problem with the row.

    Used by validation (agreement of value, unit, currency and range) and by
    the audit (which numbers in the source the row covers).
    """
    r = int(row.name)
    candidates = mentions_within(text, row["quote"])
    value = _na(row["value"])
    if value is None:
        same = [m for m in candidates if m.value is None]
    else:
        same = [m for m in candidates if m.value is not None and _close(m.value, value)]
    if not same:
        stated = ", ".join(f"{m.text!r} ({_fmt(m)})" for m in candidates) or "no number"
        return None, Problem(
            label,
            r,
            "value",
            f"{fmt_value(value)} is not what the quote states; it states {stated}",
        )
    fits = [m for m in same if _unit_fits(m.unit, row["unit"])]
    if not fits:
        m = same[0]
        return None, Problem(
            label, r, "unit", f"{row['unit']!r} but the quote's {m.text!r} reads as {m.unit!r}"
        )
    currency = None if pd.isna(row["currency"]) else row["currency"]
    fits_cur = [m for m in fits if m.currency is None or currency_matches(m.currency, currency)]
    if not fits_cur:
        m = fits[0]
        return None, Problem(
            label, r, "currency", f"{currency!r} but the quote's {m.text!r} is in {m.currency}"
        )
    m = fits_cur[0]
    low, high = _na(row["low"]), _na(row["high"])
    if not (_close(low, m.low) and _close(high, m.high)):
        col = "low" if not _close(low, m.low) else "high"
        if m.qualifier:
            why = f"{m.qualifier!r} implies {fmt_value(m.low)} to {fmt_value(m.high)}"
        else:
            why = "the wording is exact, so low and high stay blank"
        return m, Problem(
            label, r, col, f"range {fmt_value(low)} to {fmt_value(high)} disagrees: {why}"
        )
    return m, None


def _fmt(m: Mention) -> str:
    v = "several" if m.value is None else fmt_value(m.value)
    return f"{v} {m.currency or m.unit}"


def _check_sources(df: pd.DataFrame, paths: Paths) -> tuple[dict[str, str], list[Problem]]:
    label = label_of(paths.sources_csv, paths)
    texts, problems = {}, []
    for r, row in df.iterrows():
        path = paths.sources_dir / row["file"]
        flabel = label_of(path, paths)
        if not path.exists() and not path.is_symlink():
            problems.append(Problem(label, r, "file", f"{flabel} does not exist"))
            continue
        if problem := file_problem(path, flabel):  # checked before hashing: a FIFO would block
            problems.append(problem)
            continue
        digest = sha256_of(path)
        changed = digest != row["sha256"]
        # A text that cannot be read is one problem, whether or not its checksum also changed.
        try:
            text = read_text_file(path, flabel)
            unreadable = None if text.strip() else "source text is empty"
        except DataError as e:
            text, unreadable = None, e.problems[0].message
        if unreadable:
            if changed:
                unreadable += (
                    f"; the file has changed since it was registered (data/sources.csv row {r}): "
                    "sources are never edited, restore it"
                )
            problems.append(Problem(flabel, None, None, unreadable))
            continue
        if changed:
            problems.append(
                Problem(
                    label,
                    r,
                    "sha256",
                    f"{flabel} has changed: its checksum is {digest}. Sources are never "
                    "edited; restore the file, or register a new version deliberately",
                )
            )
        texts[row["id"]] = text
    registered = set(df["file"])
    if paths.sources_dir.is_dir():
        for path in sorted(paths.sources_dir.iterdir()):
            if path.name not in registered:
                problems.append(
                    Problem(
                        label_of(path, paths),
                        None,
                        None,
                        "not registered in data/sources.csv: register it with "
                        "`python -m rukg add-source`, or remove it",
                    )
                )
    return texts, problems


def _check_quotes(df: pd.DataFrame, label: str, texts: dict[str, str]) -> list[Problem]:
    problems = []
    for r, row in df.iterrows():
        text = texts.get(row["source_id"])
        if text is not None and row["quote"] not in text:
            problems.append(
                Problem(label, r, "quote", f"not found verbatim in source {row['source_id']!r}")
            )
    return problems


def load(paths: Paths = PATHS) -> Catalogue:
    """Load and validate every table; raise :class:`DataError` listing all problems.

    That every conflict the consistency finder reports has its row in
    ``data/corrections.csv`` is checked further up the pipeline
    (:func:`rukg.build.validate.validated`), where the finder lives.
    """
    problems: list[Problem] = []

    def table(path: Path) -> pd.DataFrame | None:
        try:
            return read_table(path, label_of(path, paths))
        except DataError as e:
            problems.extend(e.problems)
            return None

    raw_sources = table(paths.sources_csv)
    sources = texts = None
    if raw_sources is not None:
        sources, p = schema_problems(
            raw_sources, sources_schema(), label_of(paths.sources_csv, paths)
        )
        problems += p
        if sources is not None:
            texts, p = _check_sources(sources, paths)
            problems += p
    if sources is None:
        raise DataError(problems)
    ids = list(sources["id"])

    frames = {}
    for name, path, schema in (
        ("figures", paths.figures_csv, figures_schema(ids)),
        ("events", paths.events_csv, events_schema(ids)),
        ("dismissed", paths.dismissed_csv, dismissed_schema(ids)),
    ):
        raw = table(path)
        if raw is None:
            continue
        label = label_of(path, paths)
        df, p = schema_problems(raw, schema, label)
        problems += p
        if df is None:
            continue
        problems += _check_quotes(df, label, texts)
        frames[name] = df

    if "figures" in frames:
        figures = frames["figures"]
        for _, row in figures.iterrows():
            text = texts.get(row["source_id"])
            if text is None or row["quote"] not in text:
                continue
            _, problem = figure_mention(row, text, label_of(paths.figures_csv, paths))
            if problem:
                problems.append(problem)
    if "dismissed" in frames:
        label = label_of(paths.dismissed_csv, paths)
        for r, row in frames["dismissed"].iterrows():
            text = texts.get(row["source_id"])
            if text is None or row["quote"] not in text:
                continue
            if not [
                m for m in mentions_within(text, row["quote"]) if row["text"] in (m.number, m.text)
            ]:
                problems.append(
                    Problem(
                        label,
                        r,
                        "text",
                        f"{row['text']!r} is not a number the audit finds in the quote",
                    )
                )
    for name, path, schema in (
        ("commitments", paths.commitments_csv, commitments_schema()),
        ("parts", paths.commitment_parts_csv, parts_schema()),
        ("set_aside", paths.set_aside_csv, set_aside_schema()),
        ("annotations", paths.annotations_csv, annotations_schema()),
        ("provenance", paths.provenance_csv, provenance_schema()),
        ("corrections", paths.data / CORRECTIONS_FILE, corrections_schema()),
    ):
        raw = table(path)
        if raw is None:
            continue
        df, p = schema_problems(raw, schema, label_of(path, paths))
        problems += p
        if df is not None:
            frames[name] = df
    if "provenance" in frames:
        problems += _check_reference(frames["provenance"], paths)
    # The other tables (leaders, presence, terms, reference): checked once, and the valid
    # ones passed on to the cross-table checks below rather than read again.
    others, p = datasets.check_all(paths)
    problems += p
    if {"figures", "events", "commitments", "parts", "set_aside", "annotations"} <= set(frames):
        problems += _check_links(frames, others, paths)
    if "corrections" in frames:
        problems += _check_citations(frames, others, ids, paths)
        problems += _check_rejected(frames, texts or {}, paths)

    if problems:
        raise DataError(problems)
    cat = Catalogue(
        sources=sources,
        figures=frames["figures"],
        events=frames["events"],
        dismissed=frames["dismissed"],
        texts=texts,
        commitments=frames["commitments"],
        parts=frames["parts"],
        set_aside=frames["set_aside"],
        annotations=frames["annotations"],
        provenance=frames["provenance"],
        corrections=frames["corrections"],
    )
    return cat


def _check_reference(prov: pd.DataFrame, paths: Paths) -> list[Problem]:
    """Every reference file is registered with its provenance, and unchanged."""
    label = label_of(paths.provenance_csv, paths)
    problems = []
    listed = set()
    for r, row in prov.iterrows():
        path = paths.reference / row["file"]
        listed.add(path)
        if not path.exists() and not path.is_symlink():
            problems.append(Problem(label, r, "file", f"{label_of(path, paths)} does not exist"))
        elif problem := file_problem(path, label_of(path, paths)):
            problems.append(problem)
        elif sha256_of(path) != row["sha256"]:
            problems.append(
                Problem(
                    label,
                    r,
                    "sha256",
                    f"{label_of(path, paths)} has changed (checksum {sha256_of(path)}); reference "
                    "files are never edited: log corrections in data instead",
                )
            )
    for path in sorted(paths.reference.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        if path != paths.provenance_csv and path not in listed:
            what = "not registered in data/reference/provenance.csv"
            if problem := file_problem(path, label_of(path, paths)):
                what = f"{problem.message}, and {what}"
            problems.append(Problem(label_of(path, paths), None, None, what))
    return problems


def _check_citations(
    frames: dict[str, pd.DataFrame],
    others: dict[str, pd.DataFrame],
    source_ids: list[str],
    paths: Paths,
) -> list[Problem]:
    """Each item of a correction's ``citation`` resolves: a URL, a source id, a figure or
    event id, or ``<file>:<row id>`` for a table in ``data/reference/facts/``."""
    label = label_of(paths.data / CORRECTIONS_FILE, paths)
    known = set(source_ids)
    unchecked = []  # ids of a table that failed its own checks are not checked again here
    for name, prefix in (("figures", "F-"), ("events", "E-")):
        if name in frames:
            known |= set(frames[name]["id"])
        else:
            unchecked.append(prefix)
    facts_tables = {
        t.parts[-1]: name
        for name, t in datasets.TABLES.items()
        if t.parts[:-1] == ("data", "reference", "facts")
    }
    fact_ids: dict[str, set[str] | None] = {}
    problems = []
    for r, row in frames["corrections"].iterrows():
        for item in split_ids(row["citation"]):
            if re.fullmatch(URL, item) or item in known or item.startswith(tuple(unchecked)):
                continue
            file, sep, fact = item.partition(":")
            if sep and re.fullmatch(r"[A-Za-z0-9_.-]+\.csv", file):
                if file not in fact_ids:
                    table = others.get(facts_tables.get(file, ""))
                    fact_ids[file] = None if table is None else set(table["id"])
                if file in facts_tables and fact_ids[file] is None:
                    continue  # the table is invalid: its own problems are reported
                if fact_ids[file] is None:
                    problems.append(
                        Problem(
                            label,
                            r,
                            "citation",
                            f"{item!r}: no file {file} in data/reference/facts/",
                        )
                    )
                elif fact not in fact_ids[file]:
                    problems.append(
                        Problem(label, r, "citation", f"{item!r}: no row {fact!r} in {file}")
                    )
                continue
            problems.append(
                Problem(
                    label,
                    r,
                    "citation",
                    f"{item!r} is not a URL, a source id, a figure or event id, or <facts file>:<row id>",
                )
            )
    return problems


def _check_rejected(
    frames: dict[str, pd.DataFrame], texts: dict[str, str], paths: Paths
) -> list[Problem]:
    """What a correction rejects is real: ids in the catalogue, phrases in a source text."""
    label = label_of(paths.data / CORRECTIONS_FILE, paths)
    # An invalid figures or events table reports its own problems; ids wait until it is fixed.
    checkable = {"figures", "events"} <= set(frames)
    known = {i for name in ("figures", "events") if checkable for i in frames[name]["id"]}
    problems = []
    for r, row in frames["corrections"].iterrows():
        for x in split_ids(row["rejected_ids"]):
            if checkable and x not in known:
                problems.append(Problem(label, r, "rejected_ids", f"unknown figure or event {x!r}"))
        phrases = [] if pd.isna(row["rejected_text"]) else row["rejected_text"].split(";")
        for phrase in phrases:
            if texts and not any(phrase in t for t in texts.values()):
                problems.append(
                    Problem(label, r, "rejected_text", f"{phrase!r} is in no source text")
                )
    return problems


def _check_links(
    frames: dict[str, pd.DataFrame], others: dict[str, pd.DataFrame], paths: Paths
) -> list[Problem]:
    """Ids that commitments, parts, set-asides and annotations point to exist and fit."""
    problems = []
    figures = frames["figures"].set_index("id")
    event_ids = set(frames["events"]["id"])
    # None when invalid: its own problems are reported by datasets.check_all.
    facts = others["aid_facts"].set_index("id") if "aid_facts" in others else None
    commitments, parts = frames["commitments"], frames["parts"]

    unresolved: set[str] = set()  # the kinds of id that failed to resolve

    def unknown(label, r, col, ids, known, what):
        for x in ids:
            if x not in known:
                unresolved.add(what)
                problems.append(Problem(label, r, col, f"unknown {what} {x!r}"))

    clabel = label_of(paths.commitments_csv, paths)
    for r, row in commitments.iterrows():
        unknown(clabel, r, "figure_ids", split_ids(row["figure_ids"]), figures.index, "figure id")
        unknown(clabel, r, "event_ids", split_ids(row["event_ids"]), event_ids, "event id")

    plabel = label_of(paths.commitment_parts_csv, paths)
    for r, row in parts.iterrows():
        unknown(
            plabel,
            r,
            "commitment_id",
            [row["commitment_id"]],
            set(commitments["id"]),
            "commitment id",
        )
        amount_ids = split_ids(row["amount_figure_id"])
        unknown(plabel, r, "amount_figure_id", amount_ids, figures.index, "figure id")
        unknown(plabel, r, "figure_ids", split_ids(row["figure_ids"]), figures.index, "figure id")
        if facts is not None:
            unknown(
                plabel,
                r,
                "later_facts",
                split_ids(row["later_facts"]),
                facts.index,
                "reference fact",
            )
        later = set(split_ids(row["later_facts"]))
        for x in split_ids(row["later_amount_facts"]):
            if x not in later:
                problems.append(
                    Problem(plabel, r, "later_amount_facts", f"{x!r} is not in later_facts")
                )
            elif facts is not None and x in facts.index:
                amount = facts.loc[x, "amount_usd_millions"]
                if pd.isna(amount) or not re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", amount):
                    problems.append(
                        Problem(
                            plabel,
                            r,
                            "later_amount_facts",
                            f"{x} states no single amount in US dollars ({amount!r})",
                        )
                    )
        if amount_ids and amount_ids[0] in figures.index:
            fig = figures.loc[amount_ids[0]]
            if fig["unit"] != "money":
                problems.append(
                    Problem(
                        plabel, r, "amount_figure_id", f"{amount_ids[0]} is not an amount of money"
                    )
                )
            readings = STATUS_READINGS[fig["status"]]
            if row["status"] not in readings:
                problems.append(
                    Problem(
                        plabel,
                        r,
                        "status",
                        f"{row['status']!r} does not fit the source's framing of {amount_ids[0]} "
                        f"({fig['status']!r}, read as {' or '.join(sorted(readings))})",
                    )
                )
        if not pd.isna(row["later_status"]) and not later:
            problems.append(
                Problem(
                    plabel,
                    r,
                    "later_facts",
                    "a later status needs the reference fact that gives it",
                )
            )

    if "debt_operations" in others and facts is not None:
        dlabel = label_of(paths.data / "debt_operations.csv", paths)
        part_ids = set(parts["id"])
        for r, row in others["debt_operations"].iterrows():
            amount_from = [row["amount_from"]]
            unknown(
                dlabel, r, "amount_from", amount_from, set(figures.index) | set(facts.index), "row"
            )
            for col in ("part_id", "writes_off"):
                unknown(dlabel, r, col, split_ids(row[col]), part_ids, "commitment part")
            known = set(figures.index) | event_ids | set(facts.index)
            unknown(
                dlabel, r, "evidence", split_ids(row["evidence"]), known, "figure, event or fact"
            )

    slabel = label_of(paths.set_aside_csv, paths)
    for r, row in frames["set_aside"].iterrows():
        unknown(slabel, r, "figure_id", [row["figure_id"]], figures.index, "figure id")
    alabel = label_of(paths.annotations_csv, paths)
    for r, row in frames["annotations"].iterrows():
        unknown(alabel, r, "event_id", [row["event_id"]], event_ids, "event id")

    # Every aid figure is part of a commitment or set aside with a reason. An unknown
    # figure id above is most likely a mistyped known one: until it is fixed, which
    # figures are linked cannot be told, so this check waits.
    if "figure id" in unresolved:
        return problems
    used = set(frames["set_aside"]["figure_id"])
    for col in ("figure_ids",):
        for cell in commitments[col]:
            used |= set(split_ids(cell))
    for col in ("amount_figure_id", "figure_ids"):
        for cell in parts[col]:
            used |= set(split_ids(cell))
    flabel = label_of(paths.figures_csv, paths)
    for r, (fid, row) in enumerate(figures.iterrows(), start=1):
        if row["kind"] in AID_KINDS and fid not in used:
            problems.append(
                Problem(
                    flabel,
                    r,
                    "kind",
                    f"{fid} is aid ({row['kind']}) but in no commitment (data/commitment_parts.csv) "
                    "and not set aside (data/set_aside.csv)",
                )
            )
    return problems
