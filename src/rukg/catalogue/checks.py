"""Checks across the catalogue's tables: the ids that commitments, parts, set-asides,
annotations and debt operations point to; the citations and rejections of corrections;
and the registered, unchanged files of ``data/reference/``."""

from __future__ import annotations

import re

import pandas as pd

from rukg.catalogue.model import split_ids
from rukg.catalogue.schemas import CORRECTIONS_FILE
from rukg.catalogue.vocab import AID_KINDS, STATUS_READINGS
from rukg.config import Paths
from rukg.errors import Problem
from rukg.files import file_problem, sha256_of
from rukg.reference import tables as datasets
from rukg.tableio import URL, label_of

__all__ = ["reference_problems", "citation_problems", "rejection_problems", "link_problems"]


def reference_problems(prov: pd.DataFrame, paths: Paths) -> list[Problem]:
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


def citation_problems(
    frames: dict[str, pd.DataFrame],
    others: dict[str, pd.DataFrame],
    source_ids: list[str],
    paths: Paths,
) -> list[Problem]:
    """Each item of a correction's ``citation`` resolves: a URL, a source id, a figure or
    event id, ``<file>:<row id>`` for a table in ``data/reference/facts/``, or
    ``reference/<path>`` for a file of ``data/reference/`` (an official table)."""
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
            if item.startswith("reference/") and ".." not in item and (paths.data / item).is_file():
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
                    f"{item!r} is not a URL, a source id, a figure or event id, <facts file>:<row id> "
                    "or reference/<file>",
                )
            )
    return problems


def rejection_problems(
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


def link_problems(
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
