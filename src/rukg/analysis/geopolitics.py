"""Geopolitics: leaders, who else courted Bishkek, and the "client state" argument against the numbers.

Leaders' terms are facts recorded in ``data/leaders.csv`` with a citation on
every row. Mentions of organisations and outside powers are counted by code
from the source texts with the patterns in ``data/mention_terms.csv``.
Dependence indicators come from the official trade tables, the reference
facts on remittances and the commitments table.
"""

from __future__ import annotations

import re

import pandas as pd

from rukg.analysis.aid import aid_facts
from rukg.analysis.overview import source_name, sources_in_order
from rukg.analysis.security import presence
from rukg.catalogue import Catalogue
from rukg.config import Paths
from rukg.escape import md_text
from rukg.formatting import format_usd
from rukg.reference import context
from rukg.reference import tables as datasets
from rukg.reference.context import readable_date

__all__ = [
    "leaders",
    "leader_spans",
    "mention_counts",
    "mentions_finding",
    "client_state_passages",
    "remittance_panels",
]

COUNTRY_NAMES = {"KG": "Kyrgyzstan", "RU": "Russia"}


def leaders(paths: Paths) -> pd.DataFrame:
    """Heads of state of both countries with their terms; every row cites a source."""
    return datasets.read(paths, "leaders")


def leader_spans(table: pd.DataFrame, until: pd.Timestamp) -> pd.DataFrame:
    """Terms as spans for the leaders chart; terms in office run to ``until``."""
    main = table[table["acting"] == "no"]
    return pd.DataFrame(
        {
            "lane": main["country"].map(COUNTRY_NAMES),
            "start": pd.to_datetime(main["start"]),
            "end": pd.to_datetime(main["end"]).fillna(until),
            "label": main["name"].str.split().str[-1],
            "colour_key": main["country"],
        }
    ).reset_index(drop=True)


def mention_terms(paths: Paths) -> pd.DataFrame:
    return datasets.read(paths, "mention_terms")


def mention_counts(cat: Catalogue, paths: Paths, order: list[str]) -> pd.DataFrame:
    """How often each source names each organisation or power (rows terms, columns sources in ``order``)."""
    terms = mention_terms(paths)
    data = {
        sid: [len(re.findall(t["pattern"], cat.texts[sid])) for _, t in terms.iterrows()]
        for sid in order
    }
    return pd.DataFrame(data, index=terms["term"].to_list())


def mentions_finding(counts: pd.DataFrame, paths: Paths) -> str:
    """The most named organisation and power, and the widest named terms (Markdown: terms escaped)."""
    groups = mention_terms(paths).set_index("term")["group"]
    totals = counts.sum(axis=1)
    orgs = totals[groups[totals.index] == "organisation"]
    powers = totals[groups[totals.index] != "organisation"]
    widest = (counts > 0).sum(axis=1)
    return (
        f"The {md_text(orgs.idxmax())} is the organisation the articles name most ({orgs.max()} times), and "
        f"{md_text(powers.idxmax())} the outside power ({powers.max()} times); only "
        f"{', '.join(map(md_text, widest[widest == widest.max()].index))} appear in {widest.max()} of the "
        f"{counts.shape[1]} articles."
    )


def client_state_passages(cat: Catalogue) -> pd.DataFrame:
    """Every sentence in the sources that makes the "client state" argument, with its source."""
    rows = []
    for sid, text in cat.texts.items():
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if re.search(r"client", sentence, re.IGNORECASE):
                rows.append({"source_id": sid, "passage": sentence.strip()})
    return pd.DataFrame(rows)


def remittances(paths: Paths) -> pd.DataFrame:
    """Full-year remittance facts (partial years left out), from the reference facts."""
    r = datasets.read(paths, "remittances")
    r = r[(r["partial_year"] == "no") & r["year"].notna()]
    r = r.assign(year=r["year"].astype(int), value=r["value"].astype(float))
    # Where two reports give the same measure for the same year, keep the first listed
    # (the file's order); the chart note says so and the file keeps both.
    return r.drop_duplicates(["measure", "year"], keep="first")


def leaders_title(table: pd.DataFrame, cat: Catalogue) -> str:
    main = table[table["acting"] == "no"]
    n_kg = main[main["country"] == "KG"]["name"].nunique()
    n_ru = main[main["country"] == "RU"]["name"].nunique()
    return f"Kyrgyzstan had {n_kg} presidents while Russia had {n_ru}"


def mentions_title(counts: pd.DataFrame, paths: Paths) -> str:
    groups = mention_terms(paths).set_index("term")["group"]
    powers = counts[groups[counts.index] != "organisation"].sum(axis=1)
    top = powers.idxmax()
    the = "The " if top.split()[0] in ("United", "Russian") else ""
    return f"{the}{top} is the outside power the articles name most"


def presence_title(paths: Paths) -> str:
    p = presence(paths)
    us = p[p["actor"] == "US"].iloc[0]
    ru = p[p["actor"] == "RU"].iloc[0]
    overlap = int(us["end"][:4]) - int(ru["start"][:4])
    return f"US and Russian air bases stood side by side for {overlap} years, until {us['end'][:4]}"


def _usd(x: float) -> str:
    return format_usd(x)


def client_state_intro(passages: pd.DataFrame) -> str:
    """The sentence introducing the passages (Markdown: source ids escaped)."""
    n = passages["source_id"].nunique()
    return (
        f"{n} of the articles call Kyrgyzstan a client state, for different reasons and decades "
        f"apart ({', '.join(map(md_text, sorted(passages['source_id'].unique())))}). Their words:"
    )


def key_numbers(paths: Paths) -> dict[str, tuple]:
    """Dates of the foreign bases the text quotes, from ``data/presence.csv``."""
    p = presence(paths)
    us = p[p["actor"] == "US"].iloc[0]
    return {
        "manas_opened": (int(us["start"][:4]), "year"),
        "manas_closed": (int(us["end"][:4]), "year"),
    }


def remittance_panels(paths: Paths) -> dict[str, pd.DataFrame]:
    """Remittances from Russia (US dollars) and all remittances as a share of GDP, by year."""
    r = remittances(paths)
    from_russia = r[r["measure"] == "from_russia"]
    pct_gdp = r[r["measure"] == "pct_gdp"]
    return {
        "Remittances from Russia (USD)": pd.DataFrame(
            {
                "year": from_russia["year"],
                "value": from_russia["value"] * 1e6,
                "id": from_russia["id"],
            }
        ).sort_values("year"),
        "Remittances, share of GDP": pd.DataFrame(
            {"year": pct_gdp["year"], "value": pct_gdp["value"] / 100, "id": pct_gdp["id"]}
        ).sort_values("year"),
    }


def remittance_publishers(paths: Paths) -> list[str]:
    """Publishers of the remittance reports charted, for a source line."""
    r = remittances(paths)
    r = r[r["measure"].isin(["from_russia", "pct_gdp"])]
    return list(dict.fromkeys(r["publisher"]))


def leader_publishers(cat: Catalogue, events: pd.DataFrame | None = None) -> list[str]:
    """Publishers for the leaders chart: the articles whose events it shows (all, by
    default) and the reference for the terms of office."""
    ids = set(cat.sources["id"] if events is None else events["source_id"])
    return [source_name(cat, s) for s in sources_in_order(cat) if s in ids] + [
        "Wikipedia (presidents)"
    ]


def presence_publishers(cat: Catalogue, events: pd.DataFrame) -> list[str]:
    return [source_name(cat, s) for s in sorted(set(events["source_id"]))] + ["Wikipedia (bases)"]


# The 2009-2014 chain: the articles' events and the later facts that complete it, in order.
CHAIN_EVENTS = ("E-gs2019-014", "E-blog2013-004", "E-blog2013-005", "E-gs2019-016", "E-gs2019-018")
CHAIN_FACTS = ("A06", "A11", "A18")
CHAIN_CONTEXT = ("kambarata-2009-withheld",)


def chain(cat: Catalogue, paths: Paths) -> pd.DataFrame:
    """From the 2009 package to the closing of Manas: dated steps with who reports them."""
    events = cat.events.set_index("id")
    rows = [
        {
            "Date": events.loc[e, "date"],
            "What happened": events.loc[e, "event"],
            "Reported by": f"{source_name(cat, events.loc[e, 'source_id'])}, {e}",
            "From": "the articles",
        }
        for e in CHAIN_EVENTS
    ]
    facts = aid_facts(paths)
    rows += [
        {
            "Date": facts.loc[f, "date"],
            "What happened": facts.loc[f, "paraphrase"],
            "Reported by": f"{facts.loc[f, 'publisher']} ({facts.loc[f, 'published']})",
            "From": "later reporting",
        }
        for f in CHAIN_FACTS
    ]
    for f in CHAIN_CONTEXT:
        row = context.fact(paths, f)
        rows.append(
            {
                "Date": row["as_of"],
                "What happened": row["sentence"],
                "Reported by": context.cite(paths, f),
                "From": "later reporting",
            }
        )
    p = presence(paths)
    us = p[p["actor"] == "US"].iloc[0]
    rows.append(
        {
            "Date": us["end"],
            "What happened": f"US forces leave {us['site']}",
            "Reported by": "Wikipedia (Manas International Airport)",
            "From": "reference data",
        }
    )
    out = pd.DataFrame(rows).sort_values("Date", kind="stable").reset_index(drop=True)
    out["Date"] = out["Date"].map(readable_date)
    out["Reported by"] = out["Reported by"].map(
        lambda t: re.sub(r"\((\d{4}-\d{2}(?:-\d{2})?)\)", lambda m: f"({readable_date(m[1])})", t)
    )
    return out


def passages_for_display(cat: Catalogue, passages: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Source": passages["source_id"].map(lambda s: source_name(cat, s)),
            "Passage": passages["passage"].map(lambda t: " ".join(str(t).split())),
        }
    )


def client_state_table(cat: Catalogue) -> pd.DataFrame:
    """The passages that call Kyrgyzstan a client state, for the page."""
    return passages_for_display(cat, client_state_passages(cat))
