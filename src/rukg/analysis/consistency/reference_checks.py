"""Statements at odds with the reference data the project cites: the dates of foreign
military presence (``data/presence.csv``), the presidents' terms (``data/leaders.csv``) and
the official trade series (:mod:`rukg.analysis.trade_claims`). Every conflict here has
scope ``reference``.

- :func:`presence_conflicts`: an event whose ``subject`` is a presence row's
  ``start_subject`` (or ``end_subject``) and whose date, at its precision, does not meet
  that ``start`` (or ``end``) at its own ("in 2002" against a start of 2001-12).
- :func:`term_conflicts`: an event whose quote gives someone the title of president
  ("Russian President Medvedev", "then-President Almazbek Atambaev") on a date outside
  every term that person held. Names are matched by :func:`surname_key` (Akayev/Akaev,
  Bakiyev/Bakiev, Zhaparov/Japarov are one); "former", "ex-", "late", "future" and
  "President-elect" give no term to check; "then-" does (it asserts the title at the time).
- :func:`official_conflicts`: an article's trade claim (stated, or derived from a growth
  rate or multiple) whose range excludes the official value of **every** count that has
  the year: the Kyrgyz statistics and the Russian customs count the same trade differently
  (mirror statistics), and a claim that matches either is not wrong, only the other count's.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping

import pandas as pd

from rukg.analysis.consistency.events import date_interval
from rukg.analysis.consistency.labels import slug
from rukg.analysis.trade_claims import article_vs_official, derived_values
from rukg.catalogue import Catalogue
from rukg.catalogue.dates import readable_date
from rukg.formatting import format_usd
from rukg.tableio import is_missing, number_or_none

__all__ = [
    "EXACT_TOLERANCE",
    "surname_key",
    "presence_conflicts",
    "term_conflicts",
    "official_conflicts",
]

# An amount stated exactly ("$514 million") is still rounded, and the official tables it is
# set against have been revised since the article was written. Such a claim (and a value
# derived from it) counts as a range of ±2%: the two official counts of one year differ
# from each other by as much (2005: 513 and 523 million dollars, 1.9%), so a smaller gap
# is no disagreement an article could have avoided.
EXACT_TOLERANCE = 0.02

_COLUMNS = ["conflict_id", "subject", "source_id", "what", "quote", "against", "ids"]
_PRECISION = {4: "year", 7: "month", 10: "day"}


def _interval(date: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    return date_interval(date, _PRECISION[len(date)])


def _meet(a: tuple[pd.Timestamp, pd.Timestamp], b: tuple[pd.Timestamp, pd.Timestamp]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


# --- presence ---------------------------------------------------------------------------


def presence_conflicts(events: pd.DataFrame, presence: pd.DataFrame) -> pd.DataFrame:
    """Events marking a presence's start or end (by ``start_subject``/``end_subject``) dated
    where that start or end cannot be; conflict id ``presence:<presence id>-<start|end>:<event id>``."""
    rows = []
    for p in presence.to_dict("records"):
        for side in ("start", "end"):
            subject, date = p.get(f"{side}_subject"), p.get(side)
            if is_missing(subject) or is_missing(date):
                continue
            span = _interval(date)
            marked = events[events["subject"] == subject].sort_values("id")
            for e in marked.to_dict("records"):
                if _meet(date_interval(e["date"], e["date_precision"]), span):
                    continue
                began = "began" if side == "start" else "ended"
                rows.append(
                    {
                        "conflict_id": f"presence:{p['id']}-{side}:{e['id']}",
                        "subject": subject,
                        "source_id": e["source_id"],
                        "what": f"dated {readable_date(e['date'])}, but the {p['actor']} presence "
                        f"at {p['site']} {began} in {readable_date(date)} by the reference data",
                        "quote": e["quote"],
                        "against": f"the reference data: {p['actor']} presence at {p['site']} "
                        f"{began} in {readable_date(date)}",
                        "ids": e["id"],
                    }
                )
    return pd.DataFrame(rows, columns=_COLUMNS)


# --- presidents' terms ----------------------------------------------------------------

# The title, then up to four capitalised words (the name). Before it, "then-" keeps the
# check; "former", "ex-", "late", "future" (and "-elect" after it) mean the person was not
# president at the time, so there is nothing to check.
_TITLE = re.compile(
    r"(?P<pre>\b(?i:then|former|ex|late|future)[- ])?\b(?i:president)(?P<elect>-elect)?"
    r"\s+(?P<names>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"
)
_NO_TERM = ("former", "ex", "late", "future")
_VICE = re.compile(r"\b(?i:vice)[- ]$")
# Spelling differences between transliterations that the key removes: y (Akayev/Akaev,
# Bakiyev/Bakiev, Atambayev/Atambaev), zh/j (Zhaparov/Japarov), and marks (Jeenbekov).
_KEY_RULES = ((re.compile(r"zh"), "j"), (re.compile(r"y"), ""))


def surname_key(word: str) -> str:
    """A name as compared: letters only, lower case, no accents or possessive, and the
    transliteration differences of :data:`_KEY_RULES` removed."""
    w = unicodedata.normalize("NFKD", word)
    w = "".join(c for c in w if not unicodedata.combining(c)).lower()
    w = re.sub(r"['’]s$", "", w)
    w = re.sub(r"[^a-z]", "", w)
    for pattern, repl in _KEY_RULES:
        w = pattern.sub(repl, w)
    return w


def _terms_by_surname(leaders: pd.DataFrame) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in leaders.to_dict("records"):
        out.setdefault(surname_key(str(r["name"]).split()[-1]), []).append(r)
    return out


def _named_leader(names: str, terms: Mapping[str, list[dict]]) -> list[dict] | None:
    for token in names.split():
        key = surname_key(token)
        # A possessive without its apostrophe ("Bakievs regime") is the name too.
        for k in (key, key[:-1] if key.endswith("s") else None):
            if k and k in terms:
                return terms[k]
    return None


def term_conflicts(events: pd.DataFrame, leaders: pd.DataFrame) -> pd.DataFrame:
    """Events whose quote calls someone president on a date outside all their terms;
    conflict id ``term:<event id>:<person>``."""
    terms = _terms_by_surname(leaders)
    rows = []
    for e in events.sort_values("id").to_dict("records"):
        when = date_interval(e["date"], e["date_precision"])
        seen = set()
        for m in _TITLE.finditer(e["quote"]):
            pre = (m.group("pre") or "").lower().strip("- ")
            if pre in _NO_TERM or m.group("elect") or _VICE.search(e["quote"][: m.start()]):
                continue
            held = _named_leader(m.group("names"), terms)
            if not held:
                continue
            name = held[0]["name"]
            spans = [
                (
                    pd.Timestamp(t["start"]),
                    pd.Timestamp(t["end"]) if not is_missing(t["end"]) else pd.Timestamp.max,
                )
                for t in held
            ]
            if name in seen or any(_meet(when, s) for s in spans):
                continue
            seen.add(name)
            held_text = "; ".join(
                f"{readable_date(t['start'])} to "
                + ("today" if is_missing(t["end"]) else readable_date(t["end"]))
                for t in held
            )
            rows.append(
                {
                    "conflict_id": f"term:{e['id']}:{slug(name)}",
                    "subject": f"{slug(name)}-presidency",
                    "source_id": e["source_id"],
                    "what": f"calls {name} president ('{m.group(0)}') on a date, "
                    f"{readable_date(e['date'])}, outside the terms of office ({held_text})",
                    "quote": e["quote"],
                    "against": f"the reference data: {name} was president {held_text}",
                    "ids": e["id"],
                }
            )
    return pd.DataFrame(rows, columns=_COLUMNS)


# --- official trade series ------------------------------------------------------------


def _figure_range(f: Mapping, scale: float = 1.0) -> tuple[float, float]:
    """A figure's range in its own unit over ``scale``: its ``low``/``high``, open where one
    is blank, and ±:data:`EXACT_TOLERANCE` where both are."""
    value = number_or_none(f["value"])
    low, high = number_or_none(f["low"]), number_or_none(f["high"])
    if low is None and high is None:
        return value * (1 - EXACT_TOLERANCE) / scale, value * (1 + EXACT_TOLERANCE) / scale
    return (0.0 if low is None else low / scale), (math.inf if high is None else high / scale)


def _derived_range(ids: str, figures: pd.DataFrame, derived: pd.DataFrame) -> tuple[float, float]:
    """A derived value's range: the growth figure's range carried through (open where it
    is), widened by :data:`EXACT_TOLERANCE` when the stated amount was exact."""
    d = derived[derived["figure_ids"] == ids].iloc[0]
    amount_id, growth_id = ids.split(";")
    growth, amount = figures.loc[growth_id], figures.loc[amount_id]
    if is_missing(growth["low"]) and is_missing(growth["high"]):
        low = high = float(d["value_usd"])
    else:
        low = 0.0 if is_missing(d["low_usd"]) else float(d["low_usd"])
        high = math.inf if is_missing(d["high_usd"]) else float(d["high_usd"])
    if is_missing(amount["low"]) and is_missing(amount["high"]):
        low, high = low * (1 - EXACT_TOLERANCE), high * (1 + EXACT_TOLERANCE)
    return low, high


def _shown(x: float, measure: str) -> str:
    if math.isinf(x):
        return "open"
    return format_usd(x) if measure == "turnover" else f"{x:.1%}"


def official_conflicts(cat: Catalogue, trade: pd.DataFrame) -> pd.DataFrame:
    """Trade claims whose range excludes every official count of their year (see the module
    docstring); conflict id ``official:<figure ids>``."""
    comparison = article_vs_official(cat, trade)
    figures = cat.figures.set_index("id")
    derived = derived_values(cat)
    rows = []
    for r in comparison.to_dict("records"):
        ids, measure = r["figure_ids"], r["measure"]
        if r["how"] == "derived":
            low, high = _derived_range(ids, figures, derived)
        else:
            f = figures.loc[ids]
            scale = 100.0 if f["unit"] == "percent" else 1.0
            low, high = _figure_range(f, scale)
        counts = {
            name: float(v)
            for name, v in (
                ("Kyrgyz statistics", r["official_kg"]),
                ("Russian customs", r["official_ru"]),
            )
            if not is_missing(v)
        }
        if not counts or any(low <= v <= high for v in counts.values()):
            continue
        first = ids.split(";")[0]
        what_measure = "turnover" if measure == "turnover" else "Russian share of Kyrgyz trade"
        official = "; ".join(f"{n} {_shown(v, measure)}" for n, v in counts.items())
        claim = f"{_shown(r['article'], measure)} ({_shown(low, measure)}–{_shown(high, measure)})"
        rows.append(
            {
                "conflict_id": f"official:{ids.replace(';', ':')}",
                "subject": slug(f"{what_measure} {r['year']}"),
                "source_id": figures.loc[first, "source_id"],
                "what": f"{r['how']} {claim}, outside the official "
                f"count{'s' if len(counts) > 1 else ''}: {official}",
                "quote": " … ".join(figures.loc[i, "quote"] for i in ids.split(";")),
                "against": f"official {what_measure}, {r['year']}: {official}",
                "ids": ids,
            }
        )
    return pd.DataFrame(rows, columns=_COLUMNS)
