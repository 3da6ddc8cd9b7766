"""Figures over time and counts (chapters 1 and 3, appendix A): how long Russia stays, the
two bases side by side, leaders, the articles' events and what they name.

Each chart answers one question. Chapter 1's asks how long Russia stays (one band from
Kant in 2003 to the agreement's term and renewal, projected where the articles end);
chapter 3's asks how the US and Russian bases overlapped, 2001-2014. Event strips carry
only the events that answer the chart's question, each labelled and linked to its
evidence; the appendix's timeline shows every event, each dot linked.
"""

from __future__ import annotations

import pandas as pd

from rukg.analysis import geopolitics, overview, security
from rukg.catalogue import rejected_ids
from rukg.catalogue.dates import plot_date
from rukg.present import palette, svg, tables
from rukg.present.counts import dot_matrix as draw_dot_matrix
from rukg.present.counts import stacked_bars as draw_stacked_bars
from rukg.present.frame import Layout
from rukg.present.palette import MUTED
from rukg.present.timelines import Event, Lane, Segment, decimal_year, dot_lanes, lanes_chart

# The events each strip labels (catalogue id -> short label); the rest of the articles'
# events are in the appendix's timeline. A label may use the agreement's terms.
BASING_EVENTS = {
    "E-edm2006-003": "Russia sets up Kant air base",
    "E-edm2006-002": "Russia to keep investing in Kant",
    "E-gs2019-018": "Joint-base agreement signed",
    "E-gs2019-019": "Agreement in force for {initial_years} years",
    "E-comm2023-004": "Base to be enlarged",
    "E-comm2023-001": "Putin, Japarov: bases to grow",
}
MANAS_KANT_EVENTS = {
    "E-gs2019-010": "US troops posted",
    "E-edm2006-003": "Russia sets up Kant air base",
    "E-gs2019-012": "Russian arms and aid deal",
    "E-gs2019-014": "Russian aid package pledged",
    "E-blog2013-005": "Bakiyev overthrown",
    "E-gs2019-018": "Joint-base agreement signed",
}
LEADER_EVENTS = {
    "E-edm2006-007": "Friendship treaty",
    "E-edm2006-003": "Kant air base opens",
    "E-gs2019-014": "Aid package pledged",
    "E-gs2019-018": "Joint-base agreement",
    "E-gs2019-024": "Kyrgyzstan joins EAEU",
    "E-comm2023-001": "Russian bases to grow",
}


def _renewals(n: int) -> str:
    words = "no one two three four five six seven eight nine ten".split()
    count = words[n] if 0 <= n < len(words) else f"{n:,}"
    return f"{count} automatic renewal{'' if n == 1 else 's'}"


def _events(cat, fig_labels: dict[str, str], fig, **values) -> list[Event]:
    ev = cat.events.set_index("id")
    overruled = rejected_ids(cat)
    out = []
    for eid, label in fig_labels.items():
        if eid not in ev.index:
            continue  # an adapted catalogue without this event: the strip leaves it out
        if eid in overruled:
            continue  # a correction overrules its reading (data/corrections.csv)
        r = ev.loc[eid]
        out.append(
            Event(
                when=decimal_year(plot_date(r["date"])),
                label=label.format(**values),
                colour=palette.use(fig, "chapter", r["category"]),
                url=svg.evidence_urls([eid])[0],
            )
        )
    return out


def _category_key(fig, events_cats) -> list:
    return [
        (f"Event: {palette.label('chapter', c).lower()}", palette.use(fig, "chapter", c), "dot")
        for c in ("security", "economics", "geopolitics")
        if c in set(events_cats)
    ]


class _Meanings:
    """Colours asked for before the figure exists; copied onto it once drawn."""

    def __init__(self):
        self.__dict__["rukg_meanings"] = {}

    def onto(self, fig):
        fig.__dict__.setdefault("rukg_meanings", {}).update(self.rukg_meanings)
        return fig


def basing_timeline(inputs, layout: Layout):
    """How long Russia stays: one band from Kant (2003) to the agreement's term and renewal."""
    cat = inputs.cat
    m = _Meanings()
    band = security.russia_presence(cat, inputs.paths, extensions=inputs.treaty_extensions)
    ru = palette.use(m, "entity", "RU")
    terms = security.basing_terms(cat)
    segments = [
        Segment(
            decimal_year(r["start"]),
            decimal_year(r["end"]),
            ru,
            r["label"],
            bool(r["projected"]),
            svg.evidence_urls([r["ids"]])[0],
        )
        for _, r in band.iterrows()
    ]
    events = _events(cat, BASING_EVENTS, m, initial_years=terms["initial_years"])
    start, end = segments[0].start, segments[-1].end
    shown = set(cat.events[cat.events["id"].isin(BASING_EVENTS)]["source_id"])
    as_of = security.latest_article(cat)
    fig = lanes_chart(
        layout,
        title=security.basing_title(cat),
        subtitle=(
            f"Russia's military presence in Kyrgyzstan, {int(start)}–{int(end)}, and the events "
            "the articles report about it"
        ),
        sources=[
            overview.source_name(cat, s)
            for s in overview.sources_in_order(cat)
            if s in set(terms["source_ids"]) | shown
        ],
        xlim=(int(start) - 1, int(end) + 1),
        lanes=[Lane("Russia", segments)],
        events=events,
        events_name="In the articles",
        key=_category_key(m, ["security"]),
        note=(
            f"solid: reported, to {as_of:%B %Y}; hatched: projected, the 2012 agreement's "
            f"{terms['initial_years']}-year term and {_renewals(inputs.treaty_extensions)} "
            f"of {terms['extension_years']} years."
        ),
    )
    return m.onto(fig)


def _presence_note(cat, us) -> str:
    """The note under the bases chart: where the bands' dates come from, and the articles'
    dates that a correction overrules (the US start, by data/corrections.csv)."""
    note = "bases as the reference data date them"
    subject = us.get("start_subject")
    ev = cat.events[(cat.events["subject"] == subject) & cat.events["id"].isin(rejected_ids(cat))]
    if len(ev):
        years = " and ".join(sorted({d[:4] for d in ev["date"]}))
        note += f"; the posting of US troops dated {years} by an article is corrected (Appendix A)"
    return note + "."


def manas_kant(inputs, layout: Layout):
    """The US and Russian bases side by side, 2001-2014, with the events that tie them."""
    cat = inputs.cat
    m = _Meanings()
    p = security.presence(inputs.paths).set_index("actor")
    us, ru = p.loc["US"], p.loc["RU"]
    us_start, us_end = decimal_year(plot_date(us["start"])), decimal_year(plot_date(us["end"]))
    ru_start = decimal_year(plot_date(ru["start"]))
    kant_id = security.russia_presence(cat, inputs.paths)["ids"].iloc[0]
    x0, x1 = int(us_start) - 1, int(us_end) + 2
    lanes = [
        Lane(
            "US at Manas",
            [
                Segment(
                    us_start,
                    us_end,
                    palette.use(m, "entity", "US"),
                    f"{pd.Timestamp(plot_date(us['start'])):%b %Y}–{pd.Timestamp(plot_date(us['end'])):%b %Y}",
                )
            ],
        ),
        Lane(
            "Russia at Kant",
            [
                Segment(
                    ru_start,
                    x1,
                    palette.use(m, "entity", "RU"),
                    f"From {pd.Timestamp(plot_date(ru['start'])):%b %Y}, and stays",
                    url=svg.evidence_urls([kant_id])[0],
                )
            ],
        ),
    ]
    events = _events(cat, MANAS_KANT_EVENTS, m)
    overlap = int(us["end"][:4]) - int(ru["start"][:4])
    shown = cat.events[cat.events["id"].isin(MANAS_KANT_EVENTS)]
    fig = lanes_chart(
        layout,
        title=geopolitics.presence_title(inputs.paths),
        subtitle=(
            f"US and Russian air bases in Kyrgyzstan, {x0}–{x1}, and the events in the articles "
            "that tie them together"
        ),
        sources=geopolitics.presence_publishers(cat, shown),
        xlim=(x0, x1),
        lanes=lanes,
        events=events,
        events_name="In the articles",
        shade=(ru_start, us_end, f"Both bases: {overlap} years"),
        key=_category_key(m, shown["category"]),
        note=_presence_note(cat, us),
    )
    return m.onto(fig)


def leaders(inputs, layout: Layout):
    """Presidents of both countries as bands, with the relationship's landmark events."""
    cat = inputs.cat
    m = _Meanings()
    table = geopolitics.leaders(inputs.paths)
    until = pd.Timestamp(max(cat.sources["published"])) + pd.DateOffset(years=1)
    spans = geopolitics.leader_spans(table, until)
    lanes = []
    for country, key in (("Russia", "RU"), ("Kyrgyzstan", "KG")):
        colour = palette.use(m, "entity", key)
        rows = spans[spans["lane"] == country].sort_values("start")
        lanes.append(
            Lane(
                country,
                [
                    Segment(decimal_year(r["start"]), decimal_year(r["end"]), colour, r["label"])
                    for _, r in rows.iterrows()
                ],
            )
        )
    events = _events(cat, LEADER_EVENTS, m)
    x0 = int(min(s.start for lane in lanes for s in lane.segments))
    x1 = decimal_year(until)
    shown = cat.events[cat.events["id"].isin(LEADER_EVENTS)]
    fig = lanes_chart(
        layout,
        title=geopolitics.leaders_title(table, cat),
        subtitle=(
            f"Presidents of Russia and Kyrgyzstan, {x0}–{until.year}, and landmarks of the "
            "relationship the articles date"
        ),
        sources=geopolitics.leader_publishers(cat, shown),
        xlim=(x0, x1),
        lanes=lanes,
        events=events,
        events_name="In the articles",
        key=_category_key(m, shown["category"]),
        note="acting presidents of a few weeks are not drawn; terms in office run to the chart's edge.",
    )
    return m.onto(fig)


def figures_by_category(inputs, layout: Layout):
    cat = inputs.cat
    m = _Meanings()
    table = overview.figures_by_source(cat)
    labels = {s: overview.source_label(cat, s) for s in cat.sources["id"]}
    first = cat.figures.sort_values("id").groupby(["source_id", "category"])["id"].first()
    urls = {(labels[s], c): svg.evidence_urls([i])[0] for (s, c), i in first.items()}
    fig = draw_stacked_bars(
        layout,
        table,
        colours={c: palette.use(m, "chapter", c) for c in table.columns},
        labels={c: palette.label("chapter", c) for c in table.columns},
        urls=urls,
        title=overview.figures_chart_title(cat),
        subtitle="Quantitative statements catalogued, by article and category (count)",
        sources=["the report's catalogue of the articles listed above"],
        note="one catalogue row per statement; the same amount mentioned twice counts twice.",
    )
    return m.onto(fig)


def events_timeline(inputs, layout: Layout):
    cat = inputs.cat
    m = _Meanings()
    ev = overview.events_for_timeline(cat)
    events = pd.DataFrame(
        {
            "lane": ev["lane"],
            "x": ev["when"].map(decimal_year),
            "colour": [palette.use(m, "chapter", c) for c in ev["category"]],
            "url": svg.evidence_urls(ev["id"]),
            "id": ev["id"],
            # Still ahead when the article was written: a ring, not a dot.
            "hollow": ev["status"].eq("planned") if "status" in ev else False,
        }
    )
    key = _category_key(m, ev["category"])
    if events["hollow"].any():
        key.append(("Planned when written", MUTED, "ring"))
    fig = dot_lanes(
        layout,
        title=overview.timeline_title(cat),
        subtitle="Dated events stated in each article, by date of the event (one dot per event)",
        sources=["the report's catalogue of the articles listed above"],
        lanes=[overview.source_label(cat, s) for s in overview.sources_in_order(cat)],
        events=events,
        key=key,
        note="month- and year-precision dates are placed mid-month and mid-year; dots on one date are stacked.",
    )
    return m.onto(fig)


def mentions(inputs, layout: Layout):
    cat = inputs.cat
    m = _Meanings()
    counts = inputs.mention_counts
    counts = counts.rename(columns={s: overview.source_label(cat, s) for s in counts.columns})
    fig = draw_dot_matrix(
        layout,
        counts,
        colours={t: palette.use(m, "entity", palette.entity_of(t)) for t in counts.index},
        title=geopolitics.mentions_title(counts, inputs.paths),
        subtitle="Times each article names an organisation or a country, articles in order of publication",
        sources=["the report's catalogue of the articles listed above"],
        note="counted by code (names, acronyms, capitals, adjectives); names no article uses are left out.",
    )
    # Each dot links to its article's row in the bibliography, the count in the tooltip.
    label_of = {overview.source_label(cat, s): s for s in overview.sources_in_order(cat)}
    shown = counts[counts.sum(axis=1) > 0]
    dots = iter(fig.axes[0].collections)
    for term in list(shown.index)[::-1]:  # drawn bottom row first
        for label in shown.columns:
            n = int(shown.loc[term, label])
            if n > 0:
                sid = label_of[label]
                text = f"{term}: named {n} times in {overview.source_name(cat, sid)}"
                svg.tip(fig, next(dots), [text], ["#" + tables.source_anchor(sid)])
    return m.onto(fig)


FIGURES = {
    "security_basing_timeline": basing_timeline,
    "geopolitics_manas_kant": manas_kant,
    "geopolitics_leaders": leaders,
    "sources_figures_by_category": figures_by_category,
    "sources_events_timeline": events_timeline,
    "geopolitics_mentions": mentions,
}
