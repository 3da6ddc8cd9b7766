"""What the report shows of the conflicts: one sentence of what the check found, and a
table with both sides quoted and the reading adopted.

Articles are named by the caller's ``names`` (source id -> name, in the order to list
them), never by id; numbers are rounded for people; no file names. Ids stay in the
``Evidence`` and ``Id`` columns, which link a row to its evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

import pandas as pd

from rukg.analysis.consistency.ranges import OPEN_FACTOR
from rukg.catalogue.dates import readable_date
from rukg.escape import md_text

__all__ = ["finding", "for_display"]

_NUMBER_WORDS = "no one two three four five six seven eight nine ten".split()
_EVIDENCE_ID = re.compile(r"^[FE]-(?P<source>[a-z][a-z0-9-]*?)-[0-9]{3}$")
_RANGE = re.compile(
    r"^(?P<value>between|[0-9][0-9,.]*) (?P<unit>.+?)"
    r"(?: \((?P<low>[0-9][0-9,.]*)-(?P<high>open|[0-9][0-9,.]*)\))?$"
)
_VALUE_WHAT = re.compile(r"^\S+ gives (?P<a>.+?), \S+ (?P<b>.+?): (?P<verdict>.+)$")
_DATE_WHAT = re.compile(r"^\S+ dates it (?P<a>\S+), \S+ (?P<b>\S+)$")
_KM_RANGE = re.compile(r"(?P<low>[0-9][0-9,.]*)-(?P<high>[0-9][0-9,.]*) km\b")
_CSV_NAMED = re.compile(
    r"(?<![\w/.-])(?:the (?P<attr>[a-z_]+)\.csv description|(?P<file>[a-z_]+)\.csv)\b(?!:)"
)
# Kinds whose description the detector words for people, without ids (plans recorded as
# done, presence dates, presidents' terms, official trade series): shown as they are, with
# the other side (what contradicts the quote) in our words, not in quotation marks.
_WORDED_KINDS = ("plan", "presence", "term", "official")


def _number_word(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def _people(x: float) -> str:
    """A number as a reader wants it: 1.1 billion, 1,300, 32, 4.5."""
    for div, word in ((1e9, "billion"), (1e6, "million")):
        if abs(x) >= div:
            return f"{x / div:.3g} {word}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.0f}"
    return f"{x:.2g}"


def _amount(text: str) -> str | None:
    """A range as :func:`_range_text` writes it, for people (``None`` if it is not one)."""
    m = _RANGE.match(text)
    if not m:
        return None
    unit = m["unit"]

    def n(v: str) -> str:
        x = _people(float(v.replace(",", "")))
        if unit == "money USD":
            return f"${x}"
        if unit == "percent":
            return f"{x}%"
        if unit == "count":
            return x
        return f"{x} {unit.removeprefix('money ')}"

    if m["low"] is None:
        return n(m["value"])
    if m["high"] == "open":
        return f"more than {n(m['low'])}"
    if float(m["low"].replace(",", "")) == 0:
        return f"up to {n(m['high'])}"
    low = _people(float(m["low"].replace(",", "")))
    return f"{low}–{n(m['high'])}"


def _subject_words(subject: str, text: str) -> str:
    """A subject slug as words, capitalised as the quotes capitalise each word:
    ``kant-distance-from-bishkek`` → Kant distance from Bishkek; an acronym as the quotes
    write it (``csto`` → CSTO, ``us`` → U.S. where they write "U.S.")."""
    words = []
    for w in subject.split("-"):
        found = re.findall(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.IGNORECASE)
        if len(w) > 1 and w.isalpha():  # a dotted acronym ("U.S.") is the word too
            dotted = r"\.".join(map(re.escape, w)) + r"\."
            found += re.findall(rf"(?<!\w){dotted}", text, re.IGNORECASE)
        capital = bool(found) and all(f[:1].isupper() for f in found)
        acronym = [f for f in found if sum(c.isupper() for c in f) > 1]
        if capital and acronym and len(acronym) == len(found):
            words.append(Counter(acronym).most_common(1)[0][0])
        else:
            words.append(w.capitalize() if capital else w)
    out = " ".join(words)
    return out[:1].upper() + out[1:]


def _in_words(text, names: Mapping[str, str]) -> str:
    """Data text for the reader: source ids become names, file names words. Figure and
    event ids (``E-gs2019-018``) stay: they link to the evidence."""
    if not isinstance(text, str):
        return text
    for sid in sorted(names, key=len, reverse=True):
        pattern = rf"(?<![\w/.-]){re.escape(sid)}(?![\w/-]|\.\w)"
        text = re.sub(pattern, lambda _, s=sid: names[s], text)

    def file_words(m: re.Match) -> str:
        stem = (m["attr"] or m["file"]).replace("_", " ")
        return f"the description in the table of {stem}" if m["attr"] else f"the table of {stem}"

    return _CSV_NAMED.sub(file_words, text)


def _listing(text: str) -> str:
    """A spelling listing (``Akaev (gs2019 2); Akayevs (gs2019 1)``) as counts, without ids."""
    parts = []
    for part in text.split("; "):
        m = re.fullmatch(r"(?P<spelling>\S+) \((?P<where>.*)\)", part)
        if not m:
            return ""
        where = m["where"].split(", ")
        if where == ["reference"]:
            parts.append(f"{m['spelling']}: in the reference data only")
            continue
        counts = [int(w.rsplit(" ", 1)[1]) for w in where if w.rsplit(" ", 1)[-1].isdigit()]
        total = sum(counts)
        times = {1: "once", 2: "twice"}.get(total, f"{total:,} times")
        articles = f"{_number_word(len(counts))} article{'s' if len(counts) != 1 else ''}"
        parts.append(f"{m['spelling']}: {times} in {articles}")
    return "; ".join(parts)


def _source_of(catalogue_id: str) -> str | None:
    m = _EVIDENCE_ID.match(catalogue_id)
    return m["source"] if m else None


def _conflict_text(r: pd.Series, quotes: str) -> str:
    """What the conflict is, in words: no id, numbers for people."""
    kind, scope = r["kind"], r["scope"]
    subject = r["subject"]
    prefix = f"{subject}: "
    if kind in ("direction", "distance"):
        prefix = f"{subject} ({r['source_ids']}): "
    desc = r["description"]
    what = desc[len(prefix) :] if desc.startswith(prefix) else ""
    if kind == "spelling":  # "Akayev: also spelt Akaev, Akayevs (possessive, similar)"
        return desc.rpartition(" (")[0] or desc
    title = _subject_words(subject, quotes)
    one, other = ("one article", "the other") if scope == "between" else ("one place", "another")
    if kind == "value" and (m := _VALUE_WHAT.match(what)):
        a, b = _amount(m["a"]), _amount(m["b"])
        if a and b:
            verdict = (
                "the ranges do not overlap"
                if r["strict"]
                else f"they agree only if 'more than' may mean over {OPEN_FACTOR:g} times the number"
            )
            return f"{title}: {a} in {one}, {b} in {other}; {verdict}"
    if kind in ("date", "year") and (m := _DATE_WHAT.match(what)):
        return (
            f"{title}: dated {readable_date(m['a'])} in {one}, {readable_date(m['b'])} in {other}"
        )
    if kind in _WORDED_KINDS and what:  # the detector has worded it: ids are not in it
        return f"{title}: {what}"
    if kind in ("direction", "distance") and what:
        what = _KM_RANGE.sub(
            lambda m: f"{_people(float(m['low']))}–{_people(float(m['high']))} km", what
        )
        return f"{title}: {what.replace('by coordinates', 'by the coordinates')}"
    generic = {
        "value": "two figures that cannot both be right",
        "year": "two years that cannot both be right",
        "date": "two dates that cannot both be right",
        "unit": "two figures that measure different things",
        "direction": "a direction the coordinates of the places contradict",
        "distance": "a distance the coordinates of the places contradict",
        "plan": "a plan recorded as done",
        "presence": "a date the dates of the military presence contradict",
        "term": "a title of president outside the person's terms of office",
        "official": "a trade figure the official statistics contradict",
    }
    return f"{title}: {generic.get(kind, 'a conflict')}"


def _sources_text(source_ids: str, names: Mapping[str, str]) -> str:
    ids = [s for s in str(source_ids).split(";") if s]
    if len(ids) > 2 and set(ids) == set(names):
        return f"All {_number_word(len(ids))} articles"
    order = list(names)
    ids.sort(key=lambda s: order.index(s) if s in names else len(order))
    return "; ".join(names.get(s, s) for s in ids)


def finding(resolved: pd.DataFrame, names: Mapping[str, str] | None = None) -> str:
    """One sentence on what the consistency check found, counted from the table.

    With ``names`` (source id -> name), a second sentence names the articles most often
    party to a conflict of fact (Markdown: names escaped).
    """
    facts = resolved[resolved["kind"] != "spelling"]
    spelling = len(resolved) - len(facts)
    scope = facts["scope"].value_counts()
    parts = [
        f"{int(scope.get('between', 0))} between articles",
        f"{int(scope.get('self', 0))} within one article",
        f"{int(scope.get('reference', 0))} against the reference data or the reports an "
        "article cites",
    ]
    text = (
        f"The check finds {len(resolved)} conflicts: {len(facts)} of fact (dates, distances, "
        "directions, counts, plans stated as done), of which "
        f"{', '.join(parts)}; and {spelling} names spelt in more "
        "than one way. The report adopts one reading of each, and records why."
    )
    if names and len(facts):
        party = Counter(s for ids in facts["source_ids"] for s in str(ids).split(";") if s)
        most = max(party.values())
        top = [md_text(names.get(s, s)) for s in names if party.get(s) == most]
        who = top[0] if len(top) == 1 else "; ".join(top[:-1]) + f" and {top[-1]}"
        each = "is" if len(top) == 1 else "are each"
        text += f" {who} {each} party to {most} of the {len(facts)} conflicts of fact."
    return text


def for_display(resolved: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The conflicts with both sides quoted and the reading the report adopts, for the report.

    ``names`` maps each source id to the name the reader sees (in the order to list
    them). Six columns, so the table fits an A4 page: Conflict, Sources, What each says
    (both sides in one cell), Reading adopted, Why (ending with the evidence, whose
    figure and event ids link to it) and Id (the correction). Only Why's evidence and
    Id hold ids; files and sources are named in words.
    """
    rows = []
    for _, r in resolved.iterrows():
        rows.append(
            {
                "Conflict": _conflict_text(r, f"{r['quote_a']} {r['quote_b']}"),
                "Sources": _sources_text(r["source_ids"], names),
                "What each says": _both_sides(r, names),
                "Reading adopted": _in_words(r["adopted"], names),
                "Why": _why_with_evidence(r, names),
                "Id": r["correction_id"],
            }
        )
    columns = ["Conflict", "Sources", "What each says", "Reading adopted", "Why", "Id"]
    return pd.DataFrame(rows, columns=columns)


def _quoted(text) -> str:
    return f"\u201c{text}\u201d"


def _both_sides(r: pd.Series, names: Mapping[str, str]) -> str:
    """Both sides of a conflict in one cell: quotes in quotation marks, each with its
    source where two articles disagree; a spelling's forms with their counts."""
    if r["kind"] == "spelling":
        return f"{_listing(r['quote_a'])}; {_listing(r['quote_b'])}"
    a, b = _quoted(r["quote_a"]), _quoted(r["quote_b"])
    ids = str(r["ids"]).split(";")
    if r["kind"] in _WORDED_KINDS:
        b = str(r["quote_b"])
    elif r["scope"] == "reference":
        b = "by the coordinates of the two places: " + str(r["quote_b"]).partition(": ")[2]
    elif r["scope"] == "between" and len(ids) == 2:
        sa, sb = _source_of(ids[0]), _source_of(ids[1])
        if sa in names and sb in names:
            a, b = f"{names[sa]}: {a}", f"{names[sb]}: {b}"
    return f"{a} \u2014 {b}"


_CSV_ROW = re.compile(r"^(?P<file>[a-z_]+)\.csv:(?P<row>\w+)$")


def _why_with_evidence(r: pd.Series, names: Mapping[str, str]) -> str:
    """The reason, then "Evidence: …" in words: a table's row as "the table of places,
    row L01"; figure and event ids and web addresses as they are. Sources cited whole
    are left out: the Sources column names them."""
    why = _in_words(r["reason"], names)
    cite = r["citation"]
    if not isinstance(cite, str) or not cite.strip():
        return why
    items: list[str] = []
    for item in (i.strip() for i in cite.split(";")):
        m = _CSV_ROW.match(item)
        if m:
            item = f"the table of {m['file'].replace('_', ' ')}, row {m['row']}"
        elif item in names:
            continue
        if item:
            items.append(item)
    why = str(why).rstrip(". ") if isinstance(why, str) else ""
    if not items:
        return why
    return f"{why}. Evidence: {'; '.join(items)}" if why else f"Evidence: {'; '.join(items)}"
