"""Loading the catalogue: every table read, checked against its schema, its source texts
and the other tables, in one pass that reports every problem at once.

Every problem becomes a :class:`~rukg.errors.Problem` naming file, row and column;
:func:`load` raises :class:`~rukg.errors.DataError` with all of them, so nothing
downstream runs on bad data.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rukg.catalogue.checks import (
    citation_problems,
    link_problems,
    reference_problems,
    rejection_problems,
)
from rukg.catalogue.model import Catalogue
from rukg.catalogue.schemas import (
    CORRECTIONS_FILE,
    annotations_schema,
    commitments_schema,
    corrections_schema,
    dismissed_schema,
    events_schema,
    figures_schema,
    parts_schema,
    provenance_schema,
    set_aside_schema,
    sources_schema,
)
from rukg.catalogue.texts import (
    dismissal_problems,
    figure_agreement_problems,
    quote_problems,
    source_texts,
)
from rukg.config import PATHS, Paths
from rukg.errors import DataError, Problem
from rukg.reference import tables as datasets
from rukg.tableio import label_of, read_table, schema_problems

__all__ = ["load"]


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
            texts, p = source_texts(sources, paths)
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
        problems += quote_problems(df, label, texts)
        frames[name] = df

    if "figures" in frames:
        problems += figure_agreement_problems(
            frames["figures"], texts, label_of(paths.figures_csv, paths)
        )
    if "dismissed" in frames:
        problems += dismissal_problems(
            frames["dismissed"], texts, label_of(paths.dismissed_csv, paths)
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
        problems += reference_problems(frames["provenance"], paths)
    # The other tables (leaders, presence, terms, reference): checked once, and the valid
    # ones passed on to the cross-table checks below rather than read again.
    others, p = datasets.check_all(paths)
    problems += p
    if {"figures", "events", "commitments", "parts", "set_aside", "annotations"} <= set(frames):
        problems += link_problems(frames, others, paths)
    if "corrections" in frames:
        problems += citation_problems(frames, others, ids, paths)
        problems += rejection_problems(frames, texts or {}, paths)

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
