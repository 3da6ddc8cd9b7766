"""The catalogue against its source texts: each text registered, unchanged and readable;
each quote found verbatim; each figure agreeing with the number its quote states; each
dismissed number one the audit finds in its quote."""

from __future__ import annotations

import pandas as pd

from rukg.catalogue.event_dates import dates_within, find_dates
from rukg.catalogue.mentions import figure_mention, mentions_within
from rukg.config import Paths
from rukg.errors import DataError, Problem
from rukg.files import file_problem, read_text_file, sha256_of
from rukg.tableio import label_of

__all__ = ["source_texts", "quote_problems", "figure_agreement_problems", "dismissal_problems"]


def source_texts(df: pd.DataFrame, paths: Paths) -> tuple[dict[str, str], list[Problem]]:
    """The text of each registered source, keyed by source id, and the problems with the
    files: missing, unreadable, changed since registered, or present but unregistered."""
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


def quote_problems(df: pd.DataFrame, label: str, texts: dict[str, str]) -> list[Problem]:
    """Each row's quote is found verbatim in its source text."""
    problems = []
    for r, row in df.iterrows():
        text = texts.get(row["source_id"])
        if text is not None and row["quote"] not in text:
            problems.append(
                Problem(label, r, "quote", f"not found verbatim in source {row['source_id']!r}")
            )
    return problems


def figure_agreement_problems(
    figures: pd.DataFrame, texts: dict[str, str], label: str
) -> list[Problem]:
    """Each figure whose quote is found states the value, unit, currency and range of its row
    (a quote not found is reported by :func:`quote_problems`, not again here)."""
    problems = []
    for _, row in figures.iterrows():
        text = texts.get(row["source_id"])
        if text is None or row["quote"] not in text:
            continue
        _, problem = figure_mention(row, text, label)
        if problem:
            problems.append(problem)
    return problems


def dismissal_problems(dismissed: pd.DataFrame, texts: dict[str, str], label: str) -> list[Problem]:
    """Each dismissed number or date is one the audit finds in the row's quote."""
    problems = []
    dates: dict[str, list] = {}  # each text's dates, read once for all its dismissals
    for r, row in dismissed.iterrows():
        sid = row["source_id"]
        text = texts.get(sid)
        if text is None or row["quote"] not in text:
            continue
        if [m for m in mentions_within(text, row["quote"]) if row["text"] in (m.number, m.text)]:
            continue
        if sid not in dates:
            dates[sid] = find_dates(text, None)
        if any(d.text == row["text"] for d in dates_within(text, row["quote"], found=dates[sid])):
            continue
        problems.append(
            Problem(
                label,
                r,
                "text",
                f"{row['text']!r} is not a number or date the audit finds in the quote",
            )
        )
    return problems
