"""What the schema of ``data/context_facts.csv`` cannot see: that each fact's sentence is
in the notes it rests on (``data/reference/facts/topics_beyond_the_sources.md``), that its
``value_text`` states the value, range or date the row gives, and that its ``fact_ids``
name rows of the other facts tables.

The registry (:mod:`rukg.reference.tables`) runs :func:`context_facts_problems` once the
schema passes, handing it its own reader for the other tables; this module reads no table
itself, so the registry can import it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from rukg.config import Paths
from rukg.errors import DataError, Problem
from rukg.files import read_text_file
from rukg.tableio import fmt_value, label_of

__all__ = ["NOTES", "OTHERS", "MONTHS", "context_facts_problems", "stated_numbers", "stated_date"]

NOTES = ("data", "reference", "facts", "topics_beyond_the_sources.md")
# The tables whose ids fact_ids may name (names in rukg.reference.tables.TABLES).
OTHERS = ("aid_facts", "remittances", "trade_statements")
MONTHS = (
    "January February March April May June July August September October November December"
).split()

_SCALE = {"bn": 1e9, "billion": 1e9, "m": 1e6, "million": 1e6, "k": 1e3, "thousand": 1e3}
_BASE = {"USD million": 1e6, "RUB billion": 1e9}
_WORDS = "one two three four five six seven eight nine ten eleven twelve".split()
# A number with its scale word; not the digits of a name (Mi-8, P-18), but "700k-1m" is a range.
_NUM = re.compile(
    r"(?<![\w.])(?<![A-Za-jlo-z]-)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?"
    r"(?:\s?(bn|billion|million|thousand|m|k)(?![A-Za-z]))?"
)
_DATE = re.compile(
    r"(?<![0-9])(?:([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?"
    rf"|(?:([0-9]{{1,2}}) )?({'|'.join(MONTHS)}) ([0-9]{{4}})|([0-9]{{4}}))(?![0-9])"
)


def stated_numbers(text: str, unit: str) -> list[float] | str:
    """The numbers ``text`` states, in ``unit`` (two for a range), or why it states none."""
    found = [
        (m.group(1).replace(",", "") + (m.group(2) or ""), m.group(3)) for m in _NUM.finditer(text)
    ]
    if not found:
        words = [w for w in re.findall(r"[a-z]+", text.lower()) if w in _WORDS]
        found = [(str(_WORDS.index(w) + 1), None) for w in words]
    if not 1 <= len(found) <= 2:
        return f"states {len(found)} numbers, not one or a range of two"
    money = {"USD million": ("$", "USD", "dollar"), "USD": ("$", "USD", "dollar")}
    money |= {"RUB billion": ("rouble", "RUB"), "percent": ("%", "percent")}
    if unit in money and not any(m in text for m in money[unit]):
        return f"does not state {unit} (no {' or '.join(money[unit])})"
    if unit not in money and ("$" in text or "%" in text):
        return f"states money or a percentage, but unit is {unit!r}"
    if len(found) == 2 and found[0][1] is None:  # "$38-40m": the scale of the second
        found[0] = (found[0][0], found[1][1])
    sign = -1 if re.match(r"\s*(?:fell|down|minus|-|\u2212)", text) else 1
    return [sign * float(n) * _SCALE.get(s, 1) / _BASE.get(unit, 1) for n, s in found]


def stated_date(text: str) -> str | None:
    """The one date ``text`` states, as ISO (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    dates = list(_DATE.finditer(text))
    months = len(re.findall("|".join(MONTHS), text))  # "6 January to 7 March 2022" is a span
    if len(dates) != 1 or months != bool(dates[0].group(5)) or re.search(r"[0-9][-–][0-9]+ ", text):
        return None
    y, mo, d, day, month, year, bare = dates[0].groups()
    if y:
        return "-".join(p for p in (y, mo, d) if p)
    if month:
        iso = f"{year}-{MONTHS.index(month) + 1:02d}"
        return f"{iso}-{int(day):02d}" if day else iso
    return bare


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def context_facts_problems(
    paths: Paths, df: pd.DataFrame, label: str, read: Callable[[Paths, str], pd.DataFrame]
) -> list[Problem]:
    """Each row of the facts (``label``) against the notes and, through ``read`` (the
    registry's reader of a validated table by name), the other facts tables."""
    notes_path = paths.root.joinpath(*NOTES)
    try:
        notes = " ".join(read_text_file(notes_path, label_of(notes_path, paths)).split())
    except DataError as e:
        return e.problems
    known: set[str] = set()
    for name in OTHERS:
        try:
            known |= set(read(paths, name)["id"])
        except DataError:
            known = set()  # an invalid table reports its own problems; ids go unchecked
            break
    found = []
    for row, r in df.iterrows():

        def bad(column: str, what: str, row=row) -> None:
            found.append(Problem(label, int(row), column, what))

        sentence, text = " ".join(r["sentence"].split()), r["value_text"]
        if sentence not in notes:
            short = sentence if len(sentence) <= 60 else sentence[:59] + "…"
            bad("sentence", f"{short!r} does not occur in {label_of(notes_path, paths)}")
        if text not in r["sentence"]:
            bad("value_text", f"{text!r} does not occur in 'sentence'")
        elif r["unit"] == "date":
            iso = stated_date(text)
            if iso is None:
                bad("value_text", f"{text!r} does not state one date")
            elif iso != r["as_of"]:
                bad("as_of", f"{r['as_of']!r} disagrees with value_text {text!r} ({iso})")
        elif r["unit"] != "text":
            nums = stated_numbers(text, r["unit"])
            if isinstance(nums, str):
                bad("value_text", f"{text!r} {nums}")
            elif len(nums) == 1 and not _close(nums[0], r["value"]):
                bad("value", f"{fmt_value(r['value'])} disagrees with value_text {text!r}, "
                    f"which states {fmt_value(nums[0])} ({r['unit']})")  # fmt: skip
            for col, n in zip(("low", "high"), nums if len(nums) == 2 else [], strict=False):
                if pd.isna(r[col]) or not _close(n, r[col]):
                    bad(col, f"{fmt_value(None if pd.isna(r[col]) else r[col])} disagrees with "
                        f"value_text {text!r}, which states {fmt_value(n)} ({r['unit']})")  # fmt: skip
        for x in [] if pd.isna(r["fact_ids"]) or not known else r["fact_ids"].split(";"):
            if x not in known:
                bad("fact_ids", f"unknown id {x!r} (not in {', '.join(OTHERS)})")
    return found
