"""All the conflicts of the catalogue in one table, each with an id made from its
content, and their resolutions in ``data/corrections.csv``."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from rukg.analysis.consistency.directions import direction_conflicts
from rukg.analysis.consistency.events import event_conflicts
from rukg.analysis.consistency.figures import figure_conflicts
from rukg.analysis.consistency.labels import slug
from rukg.analysis.consistency.plans import plan_conflicts
from rukg.analysis.consistency.ranges import OPEN_FACTOR
from rukg.analysis.consistency.reference_checks import (
    official_conflicts,
    presence_conflicts,
    term_conflicts,
)
from rukg.analysis.consistency.spelling import reference_vocabulary, spelling_variants
from rukg.analysis.trade_series import official
from rukg.errors import Problem
from rukg.reference import tables as datasets
from rukg.reference.places import reference_places
from rukg.reference.prices import to_usd

if TYPE_CHECKING:  # pragma: no cover
    from rukg.catalogue import Catalogue
    from rukg.config import Paths

__all__ = ["CONFLICT_COLUMNS", "all_conflicts", "with_resolutions", "resolution_problems"]

CONFLICT_COLUMNS = [
    "conflict_id",
    "kind",
    "scope",
    "strict",
    "subject",
    "description",
    "source_ids",
    "ids",
    "quote_a",
    "quote_b",
]


def _fmt(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isinf(x)):
        return "open"
    return f"{x:,.4g}" if abs(x) < 1e4 else f"{x:,.0f}"


def _range_text(low: float, high: float, value: float | None, unit: str) -> str:
    if low == high:
        return f"{_fmt(low)} {unit}"
    return f"{_fmt(value) if value is not None else 'between'} {unit} ({_fmt(low)}-{_fmt(high)})"


def _pair_ids(df: pd.DataFrame) -> list[str]:
    """``kind:subject``, or ``kind:subject:id_a:id_b`` where a subject has several pairs."""
    n = Counter(zip(df["kind"], df["subject"], strict=True))
    return [
        f"{k}:{s}" if n[(k, s)] == 1 else f"{k}:{s}:{a}:{b}"
        for k, s, a, b in zip(df["kind"], df["subject"], df["id_a"], df["id_b"], strict=True)
    ]


def _from_figures(fc: pd.DataFrame) -> list[dict]:
    out = []
    for cid, (_, r) in zip(_pair_ids(fc), fc.iterrows(), strict=True):
        if r["kind"] == "value":
            what = (
                f"{r['source_a']} gives {_range_text(r['low_a'], r['high_a'], r['value_a'], r['unit'])}, "
                f"{r['source_b']} {_range_text(r['low_b'], r['high_b'], r['value_b'], r['unit'])}: "
                + (
                    "the ranges do not overlap"
                    if r["strict"]
                    else f"they overlap only if 'more than' may mean over {OPEN_FACTOR:g} times the number"
                )
            )
        elif r["kind"] == "year":
            what = f"{r['source_a']} dates it {r['year_a']}, {r['source_b']} {r['year_b']}"
        else:
            what = f"the figures measure different things ({r['unit']}): check their subject"
        out.append(
            {
                "conflict_id": cid,
                "kind": r["kind"],
                "scope": r["scope"],
                "strict": bool(r["strict"]),
                "subject": r["subject"],
                "description": f"{r['subject']}: {what}",
                "source_ids": ";".join(sorted({r["source_a"], r["source_b"]})),
                "ids": f"{r['id_a']};{r['id_b']}",
                "quote_a": r["quote_a"],
                "quote_b": r["quote_b"],
            }
        )
    return out


def _from_events(ec: pd.DataFrame) -> list[dict]:
    return [
        {
            "conflict_id": cid,
            "kind": "date",
            "scope": r["scope"],
            "strict": True,
            "subject": r["subject"],
            "description": f"{r['subject']}: {r['source_a']} dates it {r['date_a']}, "
            f"{r['source_b']} {r['date_b']}",
            "source_ids": ";".join(sorted({r["source_a"], r["source_b"]})),
            "ids": f"{r['id_a']};{r['id_b']}",
            "quote_a": r["quote_a"],
            "quote_b": r["quote_b"],
        }
        for cid, (_, r) in zip(_pair_ids(ec), ec.iterrows(), strict=True)
    ]


def _from_directions(dc: pd.DataFrame) -> list[dict]:
    out = []
    for _, r in dc.iterrows():
        subject = f"{r['place']}-from-{r['reference']}"
        if r["kind"] == "direction":
            what = (
                f"stated {r['stated_direction']}, but by coordinates it lies "
                f"{r['bearing_point']} (bearing {r['bearing']:.0f}°)"
            )
            computed = f"bearing {r['bearing']:.1f}° ({r['bearing_point']})"
        else:
            what = (
                f"stated {r['stated']} ({_fmt(r['stated_low_km'])}-{_fmt(r['stated_high_km'])} km), "
                f"but the great-circle distance is {r['great_circle_km']:.1f} km"
            )
            computed = f"great-circle distance {r['great_circle_km']:.1f} km"
        out.append(
            {
                "conflict_id": f"{r['kind']}:{r['source_id']}:{subject}",
                "kind": r["kind"],
                "scope": "reference",
                "strict": True,
                "subject": subject,
                "description": f"{subject} ({r['source_id']}): {what}",
                "source_ids": r["source_id"],
                "ids": f"{r['place_id']};{r['reference_id']}",
                "quote_a": r["quote"],
                "quote_b": f"places.csv {r['reference_id']}-{r['place_id']}: {computed}",
            }
        )
    return out


def _listing(rows: list[dict]) -> str:
    """Spellings with the sources of each: ``Akaev (gs2019 2, ...); Akaev (reference)``."""
    where: dict[str, list[str]] = {}
    for r in rows:
        sid = r["source_id"]
        where.setdefault(r["spelling"], []).append(
            f"{sid} {r['count']}" if sid != "reference" else "reference"
        )
    return "; ".join(f"{sp} ({', '.join(w)})" for sp, w in where.items())


def _from_spelling(sv: pd.DataFrame) -> list[dict]:
    # Plain dicts grouped in Python: a pandas group costs more than its few rows, and a
    # group of a common name has a row per source (thousands in the generated corpus).
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in sv.to_dict("records"):
        groups[r["group"]].append(r)
    out = []
    for g in sorted(groups):
        grp = groups[g]
        canon = [r for r in grp if r["relation"] == "canonical"]
        variants = [r for r in grp if r["relation"] != "canonical"]
        spellings_by_source: dict[str, set[str]] = defaultdict(set)
        for r in grp:
            if r["source_id"] != "reference":
                spellings_by_source[r["source_id"]].add(r["spelling"])
        if any(len(s) > 1 for s in spellings_by_source.values()):
            scope = "self"
        elif {r["source_id"] for r in canon} == {"reference"}:
            scope = "reference"
        else:
            scope = "between"
        hows = sorted({r["relation"] for r in variants})
        out.append(
            {
                "conflict_id": f"spelling:{slug(g)}",
                "kind": "spelling",
                "scope": scope,
                "strict": True,
                "subject": slug(g),
                "description": f"{g}: also spelt "
                + ", ".join(dict.fromkeys(r["spelling"] for r in variants))
                + f" ({', '.join(hows)})",
                "source_ids": ";".join(sorted(spellings_by_source)),
                "ids": ";".join(dict.fromkeys(r["spelling"] for r in grp)),
                "quote_a": _listing(canon),
                "quote_b": _listing(variants),
            }
        )
    return out


def _from_plans(pc: pd.DataFrame) -> list[dict]:
    """Rows recorded as done that the text or its footnote words as a plan: ``plan:<row id>``."""
    return _from_reference("plan", pc.assign(conflict_id="plan:" + pc["id"]))


def _from_reference(kind: str, rc: pd.DataFrame) -> list[dict]:
    """Statements the reference data contradict (presence dates, presidents' terms, official
    trade series), or plans told as facts; the detector has made each ``conflict_id``, and
    gives a ``scope`` where it is not ``reference``."""
    return [
        {
            "conflict_id": r["conflict_id"],
            "kind": kind,
            "scope": r.get("scope", "reference"),
            "strict": True,
            "subject": r["subject"],
            "description": f"{r['subject']}: {r['what']}",
            "source_ids": r["source_id"],
            "ids": r["ids"],
            "quote_a": r["quote"],
            "quote_b": r["against"],
        }
        for r in rc.to_dict("records")
    ]


def _usd_per(paths: Paths) -> Callable[[str, int | None], float]:
    """US dollars per unit of a currency in a year, from the reference rates."""

    def usd_per(currency: str, year: int | None) -> float:
        if year is None:
            raise ValueError("no year to take a rate from")
        return to_usd(paths, 1.0, currency, str(year))[0]

    return usd_per


def all_conflicts(cat: Catalogue, paths: Paths) -> pd.DataFrame:
    """Every conflict found in the catalogue, one row each, ordered by ``conflict_id``.

    ``conflict_id`` is built from content: ``kind:subject`` for figures
    (``value``, ``year``, ``unit``) and events (``date``), with the two row ids
    appended when a subject holds more than one conflicting pair;
    ``direction:<source>:<place>-from-<place>`` and ``distance:...`` for
    statements the coordinates contradict; ``spelling:<usual spelling>`` for
    spelling groups; ``plan:<row id>`` for a row recorded as done that its text or
    cited footnote words as a plan; ``presence:<presence id>-<start|end>:<event id>``,
    ``term:<event id>:<person>`` and ``official:<figure ids>`` for statements the
    presence dates, the presidents' terms and the official trade series contradict.
    ``scope`` is ``self`` (within one source), ``between`` (sources) or ``reference``
    (a source against the reference data, or against the report it cites).
    """
    rows = (
        _from_figures(figure_conflicts(cat.figures, _usd_per(paths)))
        + _from_events(event_conflicts(cat.events))
        + _from_directions(direction_conflicts(cat.texts, reference_places(paths)))
        + _from_spelling(spelling_variants(cat.texts, reference_vocabulary(paths)))
        + _from_plans(plan_conflicts(cat.events, cat.figures, cat.sources, cat.texts))
        + _from_reference(
            "presence", presence_conflicts(cat.events, datasets.read(paths, "presence"))
        )
        + _from_reference("term", term_conflicts(cat.events, datasets.read(paths, "leaders")))
        + _from_reference("official", official_conflicts(cat, official(paths)))
    )
    df = pd.DataFrame(rows, columns=CONFLICT_COLUMNS)
    return df.sort_values("conflict_id", kind="stable").reset_index(drop=True)


def with_resolutions(conflicts: pd.DataFrame, corrections: pd.DataFrame) -> pd.DataFrame:
    """The conflicts with the resolution adopted for each (``correction_id``, ``adopted``,
    ``reason``, ``citation``); blank where ``data/corrections.csv`` has none."""
    res = corrections.rename(columns={"id": "correction_id"})[
        ["conflict_id", "correction_id", "adopted", "reason", "citation"]
    ]
    return conflicts.merge(res, on="conflict_id", how="left", validate="one_to_one")


def resolution_problems(
    conflicts: pd.DataFrame, corrections: pd.DataFrame, label: str = "data/corrections.csv"
) -> list[Problem]:
    """Conflicts found with no resolution row, and resolution rows that match no conflict.

    Rows of ``corrections`` are numbered by their index (from 1, as loaded).
    """
    problems = []
    found = set(conflicts["conflict_id"])
    for r, row in corrections.iterrows():
        if row["conflict_id"] not in found:
            problems.append(
                Problem(
                    label,
                    int(r),
                    "conflict_id",
                    f"{row['conflict_id']!r} matches no conflict the consistency check finds "
                    "(fixed in the data, or its id changed): update or remove the row",
                )
            )
    known = set(corrections["conflict_id"])
    for _, c in conflicts.iterrows():
        if c["conflict_id"] not in known:
            problems.append(
                Problem(
                    label,
                    None,
                    "conflict_id",
                    f"no resolution for conflict {c['conflict_id']!r}: {c['description']}",
                )
            )
    return problems
