"""The corpus at a glance: tidy tables and computed sentences for ``00_sources``."""

from __future__ import annotations

import pandas as pd

from rukg.catalogue import CATEGORIES, Catalogue
from rukg.escape import md_text

__all__ = [
    "sources_in_order",
    "sources_table",
    "figures_by_source",
    "events_for_timeline",
    "corpus_finding",
    "timeline_finding",
    "source_label",
    "plot_date",
    "figures_chart_title",
    "timeline_title",
]

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def sources_in_order(cat: Catalogue) -> list[str]:
    """Source ids by publication date, oldest first."""
    return list(cat.sources.sort_values(["published", "id"])["id"])


def _readable_date(iso: str) -> str:
    parts = iso.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def source_label(cat: Catalogue, source_id: str) -> str:
    row = cat.sources.set_index("id").loc[source_id]
    return f"{source_id} ({_readable_date(row['published'])})"


def sources_table(cat: Catalogue) -> pd.DataFrame:
    """One row per source: who, what, when, and how much of the catalogue it supplies."""
    s = cat.sources.set_index("id").loc[sources_in_order(cat)]
    out = pd.DataFrame(
        {
            "Publisher": s["publisher"],
            "Title": s["title"],
            "Published": s["published"].map(_readable_date),
            "Kind": s["kind"],
            "Figures": cat.figures["source_id"].value_counts().reindex(s.index, fill_value=0),
            "Events": cat.events["source_id"].value_counts().reindex(s.index, fill_value=0),
        }
    )
    out.index.name = "Source"
    return out


def figures_by_source(cat: Catalogue) -> pd.DataFrame:
    """Counts of catalogued figures by source (rows, oldest first) and category (columns)."""
    table = pd.crosstab(cat.figures["source_id"], cat.figures["category"])
    table = table.reindex(index=sources_in_order(cat), columns=list(CATEGORIES), fill_value=0)
    table.index = [source_label(cat, sid) for sid in table.index]
    table.columns.name = None
    return table


def plot_date(date: str) -> pd.Timestamp:
    """Where a date of day, month or year precision sits on a time axis."""
    # Place month- and year-precision dates in the middle of their span.
    parts = date.split("-")
    if len(parts) == 1:
        return pd.Timestamp(f"{date}-07-01")
    if len(parts) == 2:
        return pd.Timestamp(f"{date}-15")
    return pd.Timestamp(date)


def events_for_timeline(cat: Catalogue) -> pd.DataFrame:
    """Events with a plotting date and the source's lane label."""
    ev = cat.events.copy()
    ev["when"] = ev["date"].map(plot_date)
    ev["lane"] = ev["source_id"].map(lambda s: source_label(cat, s))
    return ev.sort_values(["when", "id"]).reset_index(drop=True)


def corpus_finding(cat: Catalogue) -> str:
    """One sentence on the corpus, every number computed (Markdown: data text escaped)."""
    order = sources_in_order(cat)
    first, last = cat.sources.set_index("id").loc[[order[0], order[-1]], "published"]
    counts = cat.figures["source_id"].value_counts()
    top = counts.idxmax()
    share = counts.max() / counts.sum()
    return (
        f"{len(cat.sources)} sources published between {first[:4]} and {last[:4]} state "
        f"{len(cat.figures)} figures and {len(cat.events)} dated events; {md_text(top)} alone "
        f"supplies {counts.max()} of the figures ({share:.0%})."
    )


def timeline_finding(cat: Catalogue) -> str:
    """Where in time the sources' events fall (Markdown: data text escaped)."""
    ev = events_for_timeline(cat)
    years = ev["when"].dt.year
    span = f"{years.min()} to {years.max()}"
    by_cat = ev["category"].value_counts()
    lead = by_cat.idxmax()
    return (
        f"The events the sources date run from {span}; {by_cat.max()} of {len(ev)} are "
        f"about {md_text(lead)}."
    )


def figures_chart_title(cat: Catalogue) -> str:
    """The finding of the figures-by-source chart, as its title."""
    counts = cat.figures["source_id"].value_counts()
    by_cat = cat.figures["category"].value_counts()
    return (
        f"{counts.idxmax()} supplies {counts.max()} of {counts.sum()} figures; "
        f"{by_cat.idxmax()} is the largest category"
    )


def timeline_title(cat: Catalogue) -> str:
    """The finding of the events timeline, as its title."""
    years = events_for_timeline(cat)["when"].dt.year
    return f"The articles' events span {years.max() - years.min()} years, {years.min()} to {years.max()}"
