"""The detectors beyond spelling: plans recorded as facts, statements against the presence
dates, the presidents' terms and the official trade series, and events possibly one
happening dated differently. Each fails on a crafted wrong input and passes on a right one."""

from __future__ import annotations

import pandas as pd
import pytest

from rukg.analysis.consistency import all_conflicts, for_display
from rukg.analysis.consistency.candidates import content_words, same_happening_candidates
from rukg.analysis.consistency.plans import cited_footnote, footnotes, plan_conflicts
from rukg.analysis.consistency.reference_checks import (
    EXACT_TOLERANCE,
    official_conflicts,
    presence_conflicts,
    surname_key,
    term_conflicts,
)
from rukg.catalogue.model import Catalogue

EVENT_COLUMNS = ["id", "source_id", "date", "date_precision", "event", "actors", "subject"]


def events(*rows, status="occurred") -> pd.DataFrame:
    """Event rows: (id, source, date, precision, quote[, subject[, status]])."""
    out = []
    for r in rows:
        r = list(r) + [None] * (7 - len(r))
        out.append(
            {
                "id": r[0],
                "source_id": r[1],
                "date": r[2],
                "date_precision": r[3],
                "event": r[4],
                "actors": "",
                "category": "security",
                "subject": r[5],
                "status": r[6] or status,
                "quote": r[4],
            }
        )
    return pd.DataFrame(out)


FIGURE_COLUMNS = ["id", "source_id", "subject", "quote", "value", "unit", "currency", "year"]
FIGURE_COLUMNS += ["kind", "status", "low", "high"]


def figures(*rows) -> pd.DataFrame:
    df = pd.DataFrame(
        [dict(zip(FIGURE_COLUMNS, r, strict=True)) for r in rows], columns=FIGURE_COLUMNS
    )
    for col in ("value", "low", "high"):
        df[col] = df[col].astype(float)
    df["year"] = df["year"].astype("Int64")
    return df


NO_FIGURES = figures()


def sources(*rows) -> pd.DataFrame:
    """(id, published, precision) rows."""
    return pd.DataFrame(rows, columns=["id", "published", "published_precision"])


def catalogue(figs=NO_FIGURES, evs=None, srcs=None, texts=None) -> Catalogue:
    empty = pd.DataFrame()
    return Catalogue(
        sources=srcs if srcs is not None else sources(("a", "2013-07-12", "day")),
        figures=figs,
        events=evs if evs is not None else events(),
        dismissed=pd.DataFrame(columns=["id", "source_id", "quote", "text", "reason"]),
        texts=texts or {},
        commitments=empty,
        parts=empty,
        set_aside=pd.DataFrame(columns=["figure_id", "reason"]),
        annotations=empty,
        provenance=empty,
        corrections=pd.DataFrame(columns=["id", "conflict_id", "adopted", "reason", "citation"]),
    )


# --- plans recorded as facts -----------------------------------------------------------


def test_occurred_event_after_publication_is_flagged_at_its_precision():
    src = sources(("a", "2006-10", "month"), ("b", "2013-07-12", "day"))
    ev = events(
        ("E-a-001", "a", "2006-10-30", "day", "held drills"),  # within October 2006
        ("E-a-002", "a", "2006-11", "month", "held more drills"),  # after it
        ("E-a-003", "a", "2006-11", "month", "a summit to come", None, "planned"),
        ("E-b-001", "b", "2013", "year", "sent aid"),  # 2013 may be before 12 July
        ("E-b-002", "b", "2013-07-13", "day", "sent more aid"),
    )
    c = plan_conflicts(ev, NO_FIGURES, src, {})
    assert list(c["id"]) == ["E-a-002", "E-b-002"]
    assert (c["scope"] == "self").all()
    assert "after the article was published (October 2006)" in c.iloc[0]["what"]


FOOTNOTED = (
    "They held a joint exercise in February 2023. It was big.[7] Another thing was done.[8]\n"
    "The base grew in 2012.[4] It grew again in 2019.[5]\n"
    "[4] “Bishkek, Moscow Agree to Expand Russian Base”, RFERL, https://x.org/a, (Date of "
    "Accession: 09.05.2023).\n"
    "[5] İbid.\n"
    "[7] “CSTO Countries to Hold Military Drills in Kyrgyzstan Later This Year”, Anadolu Agency, "
    "https://x.org/b, (Date of Accession: 09.05.2023).\n"
    "[8] “Russia Will Open a Second Base”, Somebody, https://x.org/c"
)


def test_footnotes_are_read_with_ibid_and_markers_found():
    notes = footnotes(FOOTNOTED)
    assert notes[5] == notes[4] == "Bishkek, Moscow Agree to Expand Russian Base"
    assert notes[7].startswith("CSTO Countries to Hold")
    # The marker after the quote in its paragraph, or the one inside it.
    assert cited_footnote(FOOTNOTED, "They held a joint exercise in February 2023.") == 7
    assert cited_footnote(FOOTNOTED, "It grew again in 2019.[5]") == 5
    assert cited_footnote(FOOTNOTED, "The base grew in 2012.") == 4
    assert cited_footnote(FOOTNOTED, "not in the text") is None


def test_done_event_citing_a_planned_report_is_flagged():
    src = sources(("c", "2023-05", "month"))
    ev = events(
        ("E-c-001", "c", "2023-02", "month", "They held a joint exercise in February 2023."),
        ("E-c-002", "c", "2012", "year", "The base grew in 2012."),  # [4]: no plan wording
        ("E-c-003", "c", "2023", "year", "Another thing was done."),  # [8] "Will Open"
    )
    c = plan_conflicts(ev, NO_FIGURES, src, {"c": FOOTNOTED}).set_index("id")
    assert list(c.index) == ["E-c-001", "E-c-003"]
    row = c.loc["E-c-001"]
    assert row["scope"] == "reference"
    assert "footnote [7]" in row["what"] and "'to Hold'" in row["what"]
    assert row["against"].startswith("footnote [7]: “CSTO Countries")
    # A quote that words it as a plan itself is not stated as done; a planned event is not done.
    ev = events(
        (
            "E-c-001",
            "c",
            "2023-02",
            "month",
            "They held a joint exercise in February 2023.",
            None,
            "planned",
        ),
    )
    assert plan_conflicts(ev, NO_FIGURES, src, {"c": FOOTNOTED}).empty
    text = "They would hold a joint exercise in February 2023.[7]\n" + FOOTNOTED.split("\n", 2)[2]
    ev = events(("E-c-001", "c", "2023-02", "month", "They would hold a joint exercise"))
    assert plan_conflicts(ev, NO_FIGURES, src, {"c": text}).empty


def test_figure_worded_as_a_plan_with_a_done_status_is_flagged():
    src = sources(("a", "2013", "year"))
    figs = figures(
        (
            "F-a-001",
            "a",
            "weapons",
            "1,300 pieces would be supplied",
            1300,
            "count",
            None,
            2022,
            "weapons",
            "delivered",
            None,
            None,
        ),
        (
            "F-a-002",
            "a",
            None,
            "1,300 pieces would be supplied",
            1300,
            "count",
            None,
            2022,
            "weapons",
            "pledged",
            None,
            None,
        ),
        (
            "F-a-003",
            "a",
            None,
            "Russia has provided 15 million rubles",
            15e6,
            "money",
            "RUB",
            2006,
            "military_aid",
            "delivered",
            None,
            None,
        ),
        (
            "F-a-004",
            "a",
            None,
            "in May 2006 it paid $4.5 million",
            4.5e6,
            "money",
            "USD",
            2006,
            "rent",
            "reported",
            None,
            None,
        ),
        (
            "F-a-005",
            "a",
            None,
            "The aid was projected to total $1.1 billion",
            1.1e9,
            "money",
            "USD",
            2012,
            "military_aid",
            "signed",
            None,
            None,
        ),
        (
            "F-a-006",
            "a",
            None,
            "Several hundred are to be implemented soon",
            None,
            "count",
            None,
            2017,
            "count",
            "in_force",
            200,
            900,
        ),
    )
    c = plan_conflicts(events(), figs, src, {}).set_index("id")
    assert list(c.index) == ["F-a-001", "F-a-005", "F-a-006"]
    assert (c["scope"] == "self").all()
    assert c.loc["F-a-001", "subject"] == "weapons"
    assert (
        "recorded as delivered" in c.loc["F-a-001", "what"]
        and "'would'" in c.loc["F-a-001", "what"]
    )
    assert "'projected'" in c.loc["F-a-005", "what"]
    assert "recorded as in force" in c.loc["F-a-006", "what"]
    assert c.loc["F-a-005", "subject"] == "the-aid-was-projected-to-total"


def test_a_projection_recorded_as_reported_is_not_a_plan_told_as_fact():
    # The codebook records estimates and projections as "reported"; only a thing given or
    # supplied (aid, arms, troops) worded as future should have been "pledged".
    src = sources(("a", "2019", "year"))
    row = (
        "could expand the net debt burden by at least $1 billion",
        1e9,
        "money",
        "USD",
        2009,
    )
    figs = figures(
        ("F-a-001", "a", None, *row, "other", "reported", 1e9, None),
        ("F-a-002", "a", None, *row, "loan", "reported", 1e9, None),
    )
    c = plan_conflicts(events(), figs, src, {})
    assert list(c["id"]) == ["F-a-002"]


# --- presence dates --------------------------------------------------------------------

PRESENCE = pd.DataFrame(
    [
        {
            "id": "S-us-manas",
            "actor": "US",
            "site": "Manas air base",
            "start": "2001-12",
            "end": "2014-06",
            "start_subject": "us-troops-posted",
            "end_subject": "us-troops-leave",
        },
        {
            "id": "S-ru-kant",
            "actor": "RU",
            "site": "Kant",
            "start": "2003-10",
            "end": None,
            "start_subject": None,
            "end_subject": "kant-closed",  # no end: nothing to check
        },
    ]
)


def test_events_outside_the_presence_dates_are_flagged():
    ev = events(
        ("E-a-001", "a", "2002", "year", "troops posted in 2002", "us-troops-posted"),
        ("E-b-001", "b", "2001", "year", "troops posted in 2001", "us-troops-posted"),
        ("E-b-002", "b", "2001-12-16", "day", "troops posted", "us-troops-posted"),
        ("E-b-003", "b", "2014-07", "month", "troops left", "us-troops-leave"),
        ("E-b-004", "b", "2030", "year", "Kant closed", "kant-closed"),
        ("E-b-005", "b", "1990", "year", "other", None),
    )
    c = presence_conflicts(ev, PRESENCE)
    assert list(c["conflict_id"]) == [
        "presence:S-us-manas-start:E-a-001",
        "presence:S-us-manas-end:E-b-003",
    ]
    assert "began in December 2001" in c.iloc[0]["what"]
    assert "ended in June 2014" in c.iloc[1]["against"]
    ok = events(("E-b-002", "b", "2001-12-16", "day", "troops posted", "us-troops-posted"))
    assert presence_conflicts(ok, PRESENCE).empty


# --- presidents' terms -----------------------------------------------------------------

LEADERS = pd.DataFrame(
    [
        ("L-kg-akayev", "KG", "Askar Akayev", "1990-10-27", "2005-03-24"),
        ("L-kg-bakiyev", "KG", "Kurmanbek Bakiyev", "2005-03-25", "2010-04-07"),
        ("L-kg-atambayev", "KG", "Almazbek Atambayev", "2011-12-01", "2017-11-24"),
        ("L-kg-japarov-acting", "KG", "Sadyr Japarov", "2020-10-15", "2020-11-14"),
        ("L-kg-japarov", "KG", "Sadyr Japarov", "2021-01-28", None),
        ("L-ru-medvedev", "RU", "Dmitry Medvedev", "2008-05-07", "2012-05-07"),
    ],
    columns=["id", "country", "name", "start", "end"],
)


def test_surname_key_joins_transliterations():
    assert surname_key("Akayev") == surname_key("Akaev") == surname_key("Akayev's")
    assert surname_key("Bakiyev") == surname_key("Bakiev")
    assert surname_key("Atambayev") == surname_key("Atambaev")
    assert surname_key("Zhaparov") == surname_key("Japarov")
    assert surname_key("Jeenbekov") != surname_key("Japarov")


def test_president_named_outside_the_term_is_flagged():
    ev = events(
        ("E-a-001", "a", "2009-02", "month", "Russian President Medvedev pledged a grant"),
        ("E-a-002", "a", "2013", "year", "Russian President Medvedev pledged a grant"),
        ("E-a-003", "a", "1999", "year", "Kyrgyz President Askar Akaev said"),
        ("E-a-004", "a", "2006", "year", "President Akaev said"),
        ("E-a-005", "a", "2010", "year", "former President Akayev said"),
        ("E-a-006", "a", "2018-06", "month", "then-President Almazbek Atambaev said"),
        ("E-a-007", "a", "2007-05", "month", "Kyrgyz Prime Minister Almazbek Atambayev met"),
        ("E-a-008", "a", "2020-11-01", "day", "Kyrgyzstan President Sadr Japarov came"),
        (
            "E-a-009",
            "a",
            "2012",
            "year",
            "the overthrow of Kyrgyz President Kurmanbek Bakievs regime",
        ),
        ("E-a-010", "a", "2001", "year", "Pakistani President Pervez Musharraf visited"),
        ("E-a-011", "a", "2019", "year", "President-elect Bakiyev"),
    )
    c = term_conflicts(ev, LEADERS)
    assert list(c["conflict_id"]) == [
        "term:E-a-002:dmitry-medvedev",
        "term:E-a-004:askar-akayev",
        "term:E-a-006:almazbek-atambayev",
        "term:E-a-009:kurmanbek-bakiyev",
    ]
    assert "(7 May 2008 to 7 May 2012)" in c.iloc[0]["what"]
    assert c.iloc[2]["against"] == (
        "the reference data: Almazbek Atambayev was president 1 December 2011 to 24 November 2017"
    )


# --- official trade series -------------------------------------------------------------


def _trade(kg_turnover: float, ru_turnover: float, ru_share: float) -> pd.DataFrame:
    rows = [
        ("KG", "turnover", "RU", kg_turnover),
        ("RU", "turnover", "KG", ru_turnover),
        ("KG", "exports", "RU", kg_turnover / 2),
        ("KG", "imports", "RU", kg_turnover / 2),
        ("KG", "exports", "WORLD", kg_turnover / ru_share / 2),
        ("KG", "imports", "WORLD", kg_turnover / ru_share / 2),
    ]
    df = pd.DataFrame(rows, columns=["reporter", "flow", "partner", "value_usd"])
    df["year"] = 2005
    df["provisional"] = False
    return df


TRADE_FIGURES = figures(
    (
        "F-a-001",
        "a",
        None,
        "to reach $514 million last year",
        514e6,
        "money",
        "USD",
        2005,
        "trade",
        "reported",
        None,
        None,
    ),
    (
        "F-a-002",
        "a",
        None,
        "roughly one-third",
        1 / 3,
        "fraction",
        None,
        2005,
        "trade_share",
        "reported",
        0.3,
        0.3667,
    ),
)


@pytest.mark.parametrize(
    ("kg", "ru", "share", "expected"),
    [
        (513.3e6, 523e6, 0.289, ["official:F-a-002"]),  # the share is below "roughly one-third"
        (513.3e6, 523e6, 0.32, []),
        (600e6, 523e6, 0.32, []),  # the Russian count agrees within the tolerance
        (600e6, 450e6, 0.32, ["official:F-a-001"]),  # neither count does
    ],
)
def test_trade_claims_excluding_every_official_count(kg, ru, share, expected):
    c = official_conflicts(catalogue(TRADE_FIGURES), _trade(kg, ru, share))
    assert list(c["conflict_id"]) == expected


def test_exact_amount_tolerance():
    assert EXACT_TOLERANCE == 0.02
    inside = official_conflicts(catalogue(TRADE_FIGURES), _trade(514e6 * 1.019, 400e6, 0.32))
    outside = official_conflicts(catalogue(TRADE_FIGURES), _trade(514e6 * 1.021, 400e6, 0.32))
    assert inside.empty and list(outside["conflict_id"]) == ["official:F-a-001"]
    assert (
        "outside the official counts: Kyrgyz statistics $525m; Russian customs $400m"
        in outside.iloc[0]["what"]
    )


# --- candidates -------------------------------------------------------------------------


def test_same_happening_candidates():
    assert content_words("Exercises held", "the joined") == {"exercis", "held", "join"}
    ev = events(
        ("E-a-001", "a", "2013", "year", "Shoigu announced a military aid package for Kyrgyzstan"),
        ("E-a-002", "a", "2012", "year", "A military aid package was quietly announced"),
        ("E-b-001", "b", "2012", "year", "Military aid package announced", "pkg"),  # same dates
        ("E-b-002", "b", "2015", "year", "Kyrgyzstan joins the customs union"),
        ("E-c-001", "c", "2014", "year", "Shoigu announced a military aid package", "pkg2"),
        ("E-c-002", "c", "2011", "year", "Shoigu announced a military aid package", "pkg2"),
    )
    c = same_happening_candidates(ev)
    pairs = list(zip(c["id_a"], c["id_b"], strict=True))
    assert ("E-a-001", "E-a-002") in pairs and ("E-a-001", "E-b-001") in pairs
    assert ("E-a-002", "E-b-001") not in pairs  # both 2012: the dates can both hold
    assert ("E-c-001", "E-c-002") not in pairs  # one subject: the date check's business
    assert not any("E-b-002" in p for p in pairs)
    assert set(c.iloc[0]["shared"].split(";")) >= {"aid", "military", "packag"}


# --- the assembled table and its display ----------------------------------------------


def test_all_conflicts_assembles_the_new_kinds(real_paths):
    text = (
        "They held a joint exercise in February 2023. It was big.[7]\n"
        + FOOTNOTED.split("\n", 2)[2]
    )
    ev = events(
        ("E-a-001", "a", "2023-02", "month", "They held a joint exercise in February 2023."),
        ("E-a-002", "a", "2002", "year", "troops posted", "us-troops-posted-kyrgyzstan"),
        ("E-a-003", "a", "2013", "year", "Russian President Medvedev said"),
    )
    cat = catalogue(TRADE_FIGURES, ev, sources(("a", "2023-05", "month")), texts={"a": text})
    c = all_conflicts(cat, real_paths).set_index("conflict_id")
    assert {
        "plan:E-a-001",
        "presence:S-us-manas-start:E-a-002",
        "term:E-a-003:dmitry-medvedev",
        "official:F-a-002",
    } <= set(c.index)
    assert (
        c.loc[["presence:S-us-manas-start:E-a-002", "official:F-a-002"], "scope"] == "reference"
    ).all()
    resolved = c.reset_index()
    resolved[["correction_id", "adopted", "reason", "citation"]] = ["K-1", "x", "y", ""]
    shown = for_display(resolved, {"a": "Wire (2023)"}).set_index("Id")
    plan = shown[resolved["conflict_id"].eq("plan:E-a-001").to_numpy()].iloc[0]
    # The subject: the description's words that its quote uses, capitalised as written.
    assert plan["Conflict"].startswith("Held joint exercise 2023: stated as done")
    assert "E-a-001" not in plan["Conflict"] and " a " not in f" {plan['Sources']} "
    assert plan["What each says"] == (
        "\u201cThey held a joint exercise in February 2023.\u201d \u2014 footnote [7]: "
        "\u201cCSTO Countries to Hold Military Drills in Kyrgyzstan Later This Year\u201d"
    )
