"""The report's back matter: methodology, bibliography and the evidence appendix.

The evidence appendix lists every catalogued figure and event with its quote
and source; each row's id (``ev-<id>``) is the target of the links from charts
and tables, so a reader can check any number in one click.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import pandas as pd

from rukg.analysis.parameters import describe
from rukg.catalogue import Catalogue, overruled_by
from rukg.catalogue.quotes import range_rules
from rukg.formatting import format_usd
from rukg.present.tables import evidence_anchor, reference_anchor, source_anchor
from rukg.reference import context
from rukg.reference.prices import OLD_ROUBLES_PER_RUB

__all__ = [
    "bibliography",
    "reference_files",
    "later_reporting",
    "evidence_figures",
    "evidence_events",
    "methodology",
]


def _date(iso: str) -> str:
    return iso


def bibliography(cat: Catalogue) -> pd.DataFrame:
    """One entry per source, ordered by publication date, as the report cites them.

    The address is a column of its own (``URL``), the only text the report may
    show as a link: ``tables.show(..., links={"Reference": "URL"})`` writes it
    at the end of the reference, a link if it is an http(s) URL.
    """
    s = cat.sources.sort_values(["published", "id"])
    entries = []
    for _, r in s.iterrows():
        who = r["author"] if isinstance(r["author"], str) else r["publisher"]
        url = r["url"] if isinstance(r["url"], str) else "URL not known"
        entries.append(
            {
                "Id": r["id"],
                "Reference": f"{who} ({_date(r['published'])}). {r['title']}. {r['publisher']}.",
                "URL": url,
                "Kind": r["kind"],
                "Date evidence": r["date_evidence"],
            }
        )
    return pd.DataFrame(entries)


def reference_files(cat: Catalogue) -> pd.DataFrame:
    """The supplementary reference files with their producers, origins and licences.

    ``Retrieved from`` is a URL field where it holds a URL (shown as a link with
    ``links={"Retrieved from": "Retrieved from"}``), else a description of the origin.
    """
    p = cat.provenance
    return pd.DataFrame(
        {
            "File": p["file"].map(lambda f: PurePosixPath(str(f)).name),
            "Producer": p["producer"],
            "Title": p["title"],
            "Retrieved from": p["retrieved_from"].map(_origin),
            "Licence": p["licence"],
        }
    )


_REPOSITORY = re.compile(
    r"^(?P<repo>[\w.-]+/[\w.-]+) @ (?P<commit>[0-9a-f]{7,40}) : (?P<path>.*?)\s*(?P<note>\(.*\))?$"
)


def _origin(where) -> str:
    """Where a reference file came from, in words: a URL as it is (the table links it), a
    repository at a commit by name, commit and file name, a local path as "this project"."""
    if not isinstance(where, str) or re.match(r"https?://", where):
        return where
    if m := _REPOSITORY.match(where.strip()):
        name = PurePosixPath(m["path"]).name
        note = f" {m['note']}" if m["note"] else ""
        return f"GitHub {m['repo']} (commit {m['commit'][:8]}), file {name}{note}"
    if where.startswith(("../", "./", "/")):
        return "this project's research notes"
    return where


def later_reporting(paths) -> pd.DataFrame:
    """The facts the report takes from reporting after (or outside) the five articles
    (``data/context_facts.csv``), by topic and date, each with its publisher, URL and the
    sentence of the reference notes it rests on. ``Value`` reads as people write it (35.1%,
    $2.2bn, about 137,000 people, 22 January 2016), keeping the notes' "about" or "more
    than"; show the URL with ``links={"URL": "URL"}``."""

    def shown(r) -> str:
        unit = r["unit"]
        if unit == "date":
            return context.readable_date(r["as_of"])
        if unit == "text":
            return r["value_text"]
        stated = context.stated_numbers(r["value_text"], unit)
        vals = (
            [r["low"], r["high"]] if isinstance(stated, list) and len(stated) == 2 else [r["value"]]
        )
        if unit == "USD million":
            bn = max(abs(v) for v in vals) >= 1000
            text = (
                "$" + "–".join(_plain(v / 1000 if bn else v) for v in vals) + ("bn" if bn else "m")
            )
        else:
            text = "–".join(f"{v:.0f}" if unit == "year" else _plain(v) for v in vals)
            text = {"percent": f"{text}%", "USD": f"${text}", "RUB billion": f"{text}bn roubles",
                    "people": f"{text} people", "years": f"{text} years"}.get(unit, text)  # fmt: skip
        said = r["value_text"].lower()
        for words, qualifier in (
            ("about|~|roughly|around", "about"),
            ("more than|over", "more than"),
            ("at least", "at least"),
            ("almost|nearly", "almost"),
        ):
            if re.search(rf"(?<![a-z])(?:{words})(?![a-z])", said):
                return f"{qualifier} {text}"
        return text

    f = context.facts(paths).reset_index().sort_values(["topic", "as_of", "id"])
    return pd.DataFrame(
        {
            "Topic": f["topic"],
            "Fact": f["claim"],
            "Value": f.apply(shown, axis=1),
            "As of": f["as_of"].map(context.readable_date),
            "Publisher": f["publisher"],
            "Published": f["published"].map(context.readable_date),
            "Sentence": f["sentence"],
            "URL": f["url"],
        }
    ).reset_index(drop=True)


def _value(r) -> str:
    if pd.isna(r["value"]):
        return f"{r['low']:,.0f} to {r['high']:,.0f}"
    if r["unit"] == "money":
        if r["currency"] == "USD":
            return format_usd(r["value"])
        unit = "old roubles" if r["currency"] == "RUR" else "roubles"
        return f"{r['value']:,.0f} {unit}"
    if r["unit"] == "fraction":
        return f"{r['value']:.3f}"
    return f"{_plain(r['value'])} {r['unit']}"


def _plain(v: float) -> str:
    """A number as people write it: grouped thousands, no exponent, no trailing zeros
    (2,000,000, not 2e+06; 1.25, not 1.250000)."""
    if float(v).is_integer():
        return f"{v:,.0f}"
    return f"{v:,.6f}".rstrip("0").rstrip(".")


def _overruled(cat: Catalogue, ids: pd.Series, text: pd.Series) -> pd.Series:
    """``text``, with the correction named where one overrules the row (data/corrections.csv):
    the evidence stays as the article states it, and says the report does not adopt it."""
    by = overruled_by(cat)
    return pd.Series(
        [f"{t} (overruled: {by[i]})" if i in by else t for i, t in zip(ids, text, strict=True)],
        index=text.index,
    )


def evidence_figures(cat: Catalogue) -> tuple[pd.DataFrame, list[str]]:
    """Every figure with its quote and source, and the row anchors (``ev-<figure id>``)."""
    f = cat.figures
    table = pd.DataFrame(
        {
            "Figure": f["id"],
            "Source": f["source_id"],
            "Quote": f["quote"],
            "Value": f.apply(_value, axis=1),
            "Year": f["year"].astype("Int64"),
            "Kind": f["kind"].str.replace("_", " "),
            "Status": _overruled(cat, f["id"], f["status"].str.replace("_", " ")),
        }
    )
    return table, [evidence_anchor(i) for i in f["id"]]


def evidence_events(cat: Catalogue) -> tuple[pd.DataFrame, list[str]]:
    """Every dated event with its quote and source, and the row anchors. An event still
    ahead when its article was written says so."""
    e = cat.events.sort_values(["date", "id"])
    planned = e["status"].eq("planned") if "status" in e else False
    table = pd.DataFrame(
        {
            "Event": e["id"],
            "Source": e["source_id"],
            "Date": e["date"],
            "What": _overruled(
                cat, e["id"], e["event"].where(~planned, e["event"] + " (planned when written)")
            ),
            "Quote": e["quote"],
        }
    )
    return table, [evidence_anchor(i) for i in e["id"]]


def methodology(params: dict) -> str:
    """The methods as Markdown, with the parameters this build used, in words."""
    rows = "\n".join(
        f"| {label} | {value} | `{setting}` |" for label, value, setting in describe(params)
    )
    ranges = "\n".join(f"| {words} | {rule} |" for words, rule in range_rules())
    return f"""
**Catalogue.** Every quantitative statement in the articles is a row of `data/figures.csv` with a verbatim
quote; every dated event a row of `data/events.csv`. At each build the quote is found in the source text,
the number written in it is parsed (digits, number words, fractions, multipliers, currency signs and scale
words) and compared with the row's value, unit, currency and range; the source files are checked against
their SHA-256 checksums. An audit lists any number in the texts that no row covers.

**Approximate wording** implies a range for the stated value x:

| wording | range |
|---|---|
{ranges}

**Derived values.** A growth rate implies the previous year's value (value / (1 + rate)); a multiplier
since a base year implies the base value (value / multiple). The ranges of the wording carry through.
Derived values are drawn hollow, with their range, and name the figures they come from.

**Conversions and deflation.** Rouble amounts are converted to US dollars at the Bank of Russia rate of
the commitment's date (the mean over its month or year); amounts in roubles from before the 1998
redenomination are first divided by {OLD_ROUBLES_PER_RUB:,}. Current dollars are deflated to constant
dollars of the base year with the US CPI-U annual average.

**Commitments, not mentions.** Each Russian commitment is one record in `data/commitments.csv`, with its
parts in `data/commitment_parts.csv` and links to every figure that mentions it, however worded. Totals
never add different currencies, price bases or statuses: pledged or signed amounts and amounts reported as
delivered are kept apart, and later outcomes (delivered, cancelled) from the reference facts are shown
beside the pledges, never summed with them.

**Status rules.** The status of a commitment is the articles' framing (pledged, signed, delivered); a later
status comes only from a cited reference fact. Official trade series from the two reporting countries are
shown side by side and never averaged.

**Consistency.** Conflicts between and within sources are found by code and resolved in
`data/corrections.csv`, each with a reason and a citation; the sources themselves are never edited.

**Parameters used for this build.** Each can be changed with a parameters file
(`make report PARAMS=params.yaml`, one `name: value` per line).

| assumption | value | in a parameters file |
|---|---|---|
{rows}
"""


def bibliography_rows(cat: Catalogue) -> tuple[pd.DataFrame, list[str]]:
    """The bibliography and each row's id, the target of the chart marks' links."""
    table = bibliography(cat)
    return table, [source_anchor(s) for s in table["Id"]]


def reference_file_rows(cat: Catalogue) -> tuple[pd.DataFrame, list[str]]:
    """The supplementary reference files and each row's id, the target of the charts' links."""
    table = reference_files(cat)
    return table, [reference_anchor(f) for f in table["File"]]
