"""Context facts: numbers from reporting after (or outside) the five articles, one row of
``data/context_facts.csv`` each, with publisher, URL, date and the bullet of
``data/reference/facts/topics_beyond_the_sources.md`` it rests on (codebook: data/README.md),
so that no context number is typed into prose.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd
import pandera.pandas as pa

from rukg.config import Paths
from rukg.errors import Problem
from rukg.files import file_problem, read_text_file
from rukg.reference import tables as datasets
from rukg.tableio import fmt_value, iso_date_check, label_of, text_column, url_column

__all__ = ["TOPICS", "UNITS", "schema", "problems", "facts", "fact", "value", "cite", "publishers"]
__all__ += ["readable_date", "stated_numbers", "stated_date"]

TOPICS = tuple("migration trade sanctions csto energy debt politics military war".split())
# What ``value`` counts; a "date" row is an event (value blank, value_text states as_of),
# a "text" row a fact stated in words (value blank, value_text names it).
UNITS = tuple("percent|USD million|USD|RUB billion|people|count|years|year|date|text".split("|"))
FILE = ("data", "context_facts.csv")
NOTES = ("data", "reference", "facts", "topics_beyond_the_sources.md")
# The tables whose ids fact_ids may name (names in datasets.TABLES).
OTHERS = ("aid_facts", "remittances", "trade_statements")

_SCALE = {"bn": 1e9, "billion": 1e9, "m": 1e6, "million": 1e6, "k": 1e3, "thousand": 1e3}
_BASE = {"USD million": 1e6, "RUB billion": 1e9}
_WORDS = "one two three four five six seven eight nine ten eleven twelve".split()
# A number with its scale word; not the digits of a name (Mi-8, P-18), but "700k-1m" is a range.
_NUM = re.compile(
    r"(?<![\w.])(?<![A-Za-jlo-z]-)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?"
    r"(?:\s?(bn|billion|million|thousand|m|k)(?![A-Za-z]))?"
)
_MONTH = "January February March April May June July August September October November"
_MONTH = (_MONTH + " December").split()
_DATE = re.compile(
    r"(?<![0-9])(?:([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?"
    rf"|(?:([0-9]{{1,2}}) )?({'|'.join(_MONTH)}) ([0-9]{{4}})|([0-9]{{4}}))(?![0-9])"
)


def schema() -> pa.DataFrameSchema:
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
    months = len(re.findall("|".join(_MONTH), text))  # "6 January to 7 March 2022" is a span
    if len(dates) != 1 or months != bool(dates[0].group(5)) or re.search(r"[0-9][-–][0-9]+ ", text):
        return None
    y, mo, d, day, month, year, bare = dates[0].groups()
    if y:
        return "-".join(p for p in (y, mo, d) if p)
    if month:
        iso = f"{year}-{_MONTH.index(month) + 1:02d}"
        return f"{iso}-{int(day):02d}" if day else iso
    return bare


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def problems(paths: Paths, df: pd.DataFrame) -> list[Problem]:
    """What the schema cannot see: each row against the notes and the other facts tables."""
    label = label_of(paths.root.joinpath(*FILE), paths)
    notes_path = paths.root.joinpath(*NOTES)
    try:
        notes = " ".join(read_text_file(notes_path, label_of(notes_path, paths)).split())
    except datasets.DataError as e:
        return e.problems
    known: set[str] = set()
    for name in OTHERS:
        try:
            known |= set(datasets.read(paths, name)["id"])
        except datasets.DataError:
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


_memo: dict[tuple[str, str], pd.DataFrame] = {}


def facts(paths: Paths) -> pd.DataFrame:
    """The validated facts, indexed by id (raises :class:`rukg.catalogue.sources.DataError`); memoised
    by the bytes of the table, the notes and the facts tables, as :mod:`rukg.reference.tables` is."""
    files = [paths.root.joinpath(*FILE), paths.root.joinpath(*NOTES)]
    files += [datasets.TABLES[n].path(paths) for n in OTHERS]
    key = None
    if all(file_problem(f, str(f)) is None for f in files):
        h = hashlib.sha256(b"".join(hashlib.sha256(f.read_bytes()).digest() for f in files))
        key = (str(paths.root), h.hexdigest())
        if key in _memo:
            return _memo[key].copy()
    df = datasets.read(paths, "context_facts").set_index("id")
    if key is not None:
        _memo[key] = df.copy()
    return df


def fact(paths: Paths, fact_id: str) -> pd.Series:
    df = facts(paths)
    if fact_id not in df.index:
        raise LookupError(
            f"unknown context fact {fact_id!r}: no row of {'/'.join(FILE)} has that id"
        )
    return df.loc[fact_id]


def value(paths: Paths, fact_id: str) -> float:
    r = fact(paths, fact_id)
    if pd.isna(r["value"]):
        raise ValueError(f"context fact {fact_id!r} is a {r['unit']}, not a number")
    return float(r["value"])


def readable_date(iso) -> str:
    """``2019-12-11`` → ``11 December 2019``; ``2019-12`` → ``December 2019``."""
    if not isinstance(iso, str):
        return ""
    parts = iso.split("-")
    if len(parts) == 1:
        return iso
    month = f"{_MONTH[int(parts[1]) - 1]} {parts[0]}"
    return f"{int(parts[2])} {month}" if len(parts) == 3 else month


def cite(paths: Paths, fact_id: str) -> str:
    """``Publisher, 11 December 2019``, as a source line or a parenthesis cites it."""
    r = fact(paths, fact_id)
    if pd.isna(r["publisher"]):
        return f"source not named in {NOTES[-1]}"
    return ", ".join(p for p in (r["publisher"], readable_date(r["published"])) if p)


def publishers(paths: Paths, ids) -> list[str]:
    """The publishers of ``ids``, each once, in order (for a chart's source line)."""
    out = [fact(paths, i)["publisher"] for i in ids]
    return list(dict.fromkeys(p for p in out if isinstance(p, str)))


def ids(paths: Paths, topics) -> list[str]:
    """The ids of the facts on ``topics``, in the table's order."""
    df = facts(paths)
    return list(df.index[df["topic"].isin(list(topics))])


# How a value of each unit is written in the text (a glue format and a scale to dollars).
_GLUE = {
    "percent": ("pp", 1.0),
    "USD million": ("usd", 1e6),
    "USD": ("usd", 1.0),
    "people": ("int", 1.0),
    "count": ("int", 1.0),
    "years": ("int", 1.0),
    "year": ("year", 1.0),
}


def key_numbers(paths: Paths, fact_ids) -> dict[str, tuple]:
    """The facts as the text quotes them, for glue: ``<id>`` (its value, or for a dated event
    its date) and ``<id>_by`` (publisher and date). Ids become names: dashes to underscores."""
    out: dict[str, tuple] = {}
    for fid in fact_ids:
        r = fact(paths, fid)
        name = fid.replace("-", "_")
        if r["unit"] in _GLUE and not pd.isna(r["value"]):
            fmt, scale = _GLUE[r["unit"]]
            out[name] = (float(r["value"]) * scale, fmt)
        elif r["unit"] == "RUB billion" and not pd.isna(r["value"]):
            out[name] = (f"{float(r['value']):g}bn", None)
        else:
            out[name] = (readable_date(r["as_of"]), None)
        out[f"{name}_by"] = (cite(paths, fid), None)
    return out
