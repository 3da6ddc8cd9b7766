"""The corpus at a glance: tidy tables and computed sentences for ``about_sources``.

Reader-facing text names each article by its publisher (:func:`source_name`, or the
shorter :func:`source_label` where a chart lane has little room), never by its id:
ids stay in the columns named ``Id`` that link a row to its evidence.
"""

from __future__ import annotations

import re

import pandas as pd

from rukg.analysis import consistency
from rukg.catalogue import CATEGORIES, Catalogue
from rukg.catalogue.dates import plot_date
from rukg.config import Paths
from rukg.escape import md_text
from rukg.reference import tables as datasets

__all__ = [
    "sources_in_order",
    "source_name",
    "source_label",
    "sources_table",
    "assessments_table",
    "figures_by_source",
    "events_for_timeline",
    "corpus_finding",
    "timeline_finding",
    "figures_chart_title",
    "timeline_title",
]

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
# A publisher cell that says there is none ("not stated in the text").
_UNSTATED = re.compile(r"^\s*(?:not stated|unknown|none|n/?a)\b", re.IGNORECASE)
# A publisher name longer than this is shortened to its initials in chart labels.
_LABEL_PUBLISHER_MAX = 20


def sources_in_order(cat: Catalogue) -> list[str]:
    """Source ids by publication date, oldest first."""
    return list(cat.sources.sort_values(["published", "id"])["id"])


def _readable_date(iso: str) -> str:
    parts = iso.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def _text(row: pd.Series, column: str) -> str:
    v = row.get(column)
    return v.strip() if isinstance(v, str) else ""


def _publisher(row: pd.Series) -> str | None:
    """The publisher without bracketed remarks ("(blog)"); ``None`` when the text names none."""
    p = _text(row, "publisher")
    if not p or _UNSTATED.match(p):
        return None
    return re.sub(r"\s*\([^()]*\)", "", p).strip() or None


def _unsigned(row: pd.Series) -> str:
    kind = _text(row, "kind")
    return f"Unsigned {kind}" if kind else "Unsigned article"


def _initials(words: str) -> str:
    return "".join(w[0] for w in words.split() if w[:1].isupper())


def _short_publisher(row: pd.Series) -> str:
    """A publisher short enough for a chart lane: "Jamestown EDM", "GlobalSecurity" (a web
    address without its ending), "SAM blog" (initials, a bracketed remark kept), "Unsigned"."""
    name = _publisher(row)
    if name is None:
        return "Unsigned"
    org, comma, outlet = name.partition(", ")
    if comma and len(outlet.split()) > 1:  # "Jamestown Foundation, Eurasia Daily Monitor"
        return f"{org.split()[0]} {_initials(outlet)}"
    name = re.sub(r"(?<=\w)\.(?:org|com|net|info)$", "", name)
    if len(name) > _LABEL_PUBLISHER_MAX and len(_initials(name)) > 1:
        remarks = re.findall(r"\(([^()]*)\)", _text(row, "publisher"))
        return " ".join([_initials(name), *remarks])
    return name


def _sources(cat: Catalogue) -> pd.DataFrame:
    return cat.sources.set_index("id", drop=False)


def source_name(cat: Catalogue, source_id: str) -> str:
    """How the report names a source in text and tables: its publisher and year.

    "Jamestown Foundation, Eurasia Daily Monitor (2006)", "GlobalSecurity.org (2019)";
    "Unsigned commentary (2023)" where the text names no publisher. Two sources of one
    publisher in one year are told apart by their full dates; a register without
    publishers (a hand-built catalogue) gives the id.
    """
    s = _sources(cat)
    row = s.loc[source_id]
    if "publisher" not in s.columns:
        return str(source_id)
    who = _publisher(row) or _unsigned(row)
    when = str(row["published"])
    same = [
        other
        for other, r in s.iterrows()
        if other != source_id
        and (_publisher(r) or _unsigned(r)) == who
        and str(r["published"])[:4] == when[:4]
    ]
    return f"{who} ({_readable_date(when) if same else when[:4]})"


def source_label(cat: Catalogue, source_id: str) -> str:
    """A short label for a chart lane or column: "Jamestown EDM 2006", "GlobalSecurity 2019".

    The year alone, or the month too where the publisher has another source that year
    ("Jamestown EDM Oct 2006"); should two still share a label, the id is added. Five
    labels side by side fit under a chart's columns.
    """
    s = _sources(cat)

    def who(sid: str) -> str:
        return _short_publisher(s.loc[sid]) if "publisher" in s.columns else str(sid)

    def label(sid: str) -> str:
        when = str(s.loc[sid, "published"])
        same_year = [
            o
            for o in s.index
            if o != sid and who(o) == who(sid) and str(s.loc[o, "published"])[:4] == when[:4]
        ]
        return f"{who(sid)} {_readable_date(when[:7]) if same_year else when[:4]}"

    mine = label(source_id)
    if sum(label(other) == mine for other in s.index) > 1:
        return f"{mine} ({source_id})"
    return mine


def sources_table(cat: Catalogue) -> pd.DataFrame:
    """One row per source: who (the index), what and when, its label in the charts, and how
    much of the catalogue it supplies. Six columns with the index, so it fits the page:
    the kind of text and the full date go with the title."""
    order = sources_in_order(cat)
    s = _sources(cat).loc[order]

    def title(r: pd.Series) -> str:
        about = ", ".join(t for t in (_text(r, "kind"), _readable_date(str(r["published"]))) if t)
        return f"{r['title']} ({about})"

    out = pd.DataFrame(
        {
            "Title (kind, date)": [title(r) for _, r in s.iterrows()],
            "Label in charts": [source_label(cat, sid) for sid in order],
            "Figures": cat.figures["source_id"].value_counts().reindex(s.index, fill_value=0),
            "Events": cat.events["source_id"].value_counts().reindex(s.index, fill_value=0),
            "Id": s["id"],
        }
    )
    out.index = pd.Index([source_name(cat, sid) for sid in order], name="Source")
    return out


def assessments_table(cat: Catalogue, paths: Paths) -> pd.DataFrame:
    """How far the report trusts each source (``data/source_assessments.csv``), oldest first.

    Columns Source (publisher and year), Viewpoint, How compiled, Trusted less, Why. A
    source not yet assessed has its row, saying so.
    """
    a = datasets.read(paths, "source_assessments").set_index("source_id")
    rows = []
    for sid in sources_in_order(cat):
        if sid in a.index:
            r = a.loc[sid]
            texts = [r["viewpoint"], r["compiled"], r["trust_less"], r["why"]]
        else:
            texts = ["Not yet assessed", "", "", ""]
        rows.append([source_name(cat, sid), *texts])
    return pd.DataFrame(
        rows, columns=["Source", "Viewpoint", "How compiled", "Trusted less", "Why"]
    )


def figures_by_source(cat: Catalogue) -> pd.DataFrame:
    """Counts of catalogued figures by source (rows, oldest first) and category (columns)."""
    table = pd.crosstab(cat.figures["source_id"], cat.figures["category"])
    table = table.reindex(index=sources_in_order(cat), columns=list(CATEGORIES), fill_value=0)
    table.index = [source_label(cat, sid) for sid in table.index]
    table.columns.name = None
    return table


def events_for_timeline(cat: Catalogue) -> pd.DataFrame:
    """Events with a plotting date and the source's lane label."""
    ev = cat.events.copy()
    ev["when"] = ev["date"].map(plot_date)
    labels = {sid: source_label(cat, sid) for sid in ev["source_id"].unique()}
    ev["lane"] = ev["source_id"].map(labels)
    return ev.sort_values(["when", "id"]).reset_index(drop=True)


_WORDS = "no one two three four five six seven eight nine ten".split()


def _count(n: int, noun: str, words: bool = False) -> str:
    """The count and its noun: "one figure", "43 figures"; in words up to ten if ``words``
    ("five articles")."""
    number = _WORDS[n] if (words or n == 1) and n < len(_WORDS) else f"{n:,}"
    return f"{number} {noun}" if n == 1 else f"{number} {noun}s"


def corpus_finding(cat: Catalogue) -> str:
    """One sentence on the corpus, every number computed (Markdown: data text escaped)."""
    order = sources_in_order(cat)
    first, last = cat.sources.set_index("id").loc[[order[0], order[-1]], "published"]
    counts = cat.figures["source_id"].value_counts()
    top = counts.idxmax()
    share = counts.max() / counts.sum()
    span = first[:4] if first[:4] == last[:4] else f"between {first[:4]} and {last[:4]}"
    verb = "states" if len(cat.sources) == 1 else "state"
    return (
        f"The {_count(len(cat.sources), 'article', words=True)}, published {span}, {verb} "
        f"{_count(len(cat.figures), 'figure')} and {_count(len(cat.events), 'dated event')}; "
        f"{md_text(source_name(cat, top))} alone supplies {counts.max():,} of the figures "
        f"({share:.0%})."
    )


def timeline_finding(cat: Catalogue) -> str:
    """Where in time the sources' events fall (Markdown: data text escaped)."""
    ev = events_for_timeline(cat)
    years = ev["when"].dt.year
    span = f"{years.min()} to {years.max()}"
    by_cat = ev["category"].value_counts()
    lead = by_cat.idxmax()
    return (
        f"The events the articles date run from {span}; {by_cat.max():,} of {len(ev):,} are "
        f"about {md_text(lead)}."
    )


def figures_chart_title(cat: Catalogue) -> str:
    """The finding of the figures-by-source chart, as its title."""
    counts = cat.figures["source_id"].value_counts()
    by_cat = cat.figures["category"].value_counts()
    return (
        f"{source_name(cat, counts.idxmax())} supplies {counts.max():,} of "
        f"{counts.sum():,} figures; {by_cat.idxmax()} leads"
    )


def timeline_title(cat: Catalogue) -> str:
    """The finding of the events timeline, as its title."""
    years = events_for_timeline(cat)["when"].dt.year
    return f"The articles' events span {years.max() - years.min()} years, {years.min()} to {years.max()}"


def source_names(cat: Catalogue) -> dict[str, str]:
    """Each source's name as the reader sees it (:func:`source_name`), oldest source first."""
    return {s: source_name(cat, s) for s in sources_in_order(cat)}


def conflicts_of_fact(resolved: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The conflicts of fact (every kind but spelling) with the readings adopted, for the page."""
    return consistency.for_display(resolved[resolved["kind"] != "spelling"], names)


def spellings(resolved: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The names spelt more than one way and the form the report writes, for the page."""
    shown = consistency.for_display(resolved[resolved["kind"] == "spelling"], names)
    return shown[["Conflict", "Sources", "Reading adopted", "Why", "Id"]].rename(
        columns={"Conflict": "Spellings found", "Reading adopted": "The report writes"}
    )
