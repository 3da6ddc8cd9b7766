"""The date finder of the audit: every dated statement of a text, with the days it can mean,
and the dates no event row, dismissal or rule covers."""

from __future__ import annotations

import pandas as pd
import pytest

from rukg.catalogue.event_dates import DATE_RULES, dates_within, find_dates, uncovered_dates
from rukg.catalogue.model import Catalogue


def found(text: str, published: str = "2006-10") -> list[tuple[str, str | None, str | None]]:
    return [(d.text, d.first, d.last) for d in find_dates(text, published) if d.rule is None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("held exercises October 2-5 in Osh", ("October 2-5", "2006-10-02", "2006-10-05")),
        ("On May 16 they met", ("May 16", "2006-05-16", "2006-05-16")),
        ("on September 5, 2005, Putin", ("September 5, 2005", "2005-09-05", "2005-09-05")),
        ("said 04 February 2019 that", ("04 February 2019", "2019-02-04", "2019-02-04")),
        (
            "enters into force on January 29, 2017 and",
            ("January 29, 2017", "2017-01-29", "2017-01-29"),
        ),
        ("in 2002 Russia formed", ("2002", "2002-01-01", "2002-12-31")),
        ("In early February 2009, Medvedev", ("early February 2009", "2009-02-01", "2009-02-28")),
        ("In early 1995, Akayev", ("early 1995", "1995-01-01", "1995-12-31")),
        ("Early in 1996, Kyrgyzstan", ("Early in 1996", "1996-01-01", "1996-12-31")),
        ("since the 1990s", ("the 1990s", "1990-01-01", "1999-12-31")),
        ("in mid-2010 it", ("mid-2010", "2010-01-01", "2010-12-31")),
        ("Bakiyev announced last June.", ("last June", "2006-06-01", "2006-06-30")),
        ("to reach $514 million last year", ("last year", "2005-01-01", "2005-12-31")),
        ("At the end of last year Russia", ("the end of last year", "2005-01-01", "2005-12-31")),
        ("by the end of this year", ("the end of this year", "2006-01-01", "2006-12-31")),
        (
            "moved back between 1992 and 1995, with",
            ("between 1992 and 1995", "1992-01-01", "1995-12-31"),
        ),
        ("in the spring of 2005", ("spring of 2005", "2005-03-01", "2005-05-31")),
        ("It happened in June.", ("June", "2006-06-01", "2006-06-30")),
    ],
)
def test_date_forms(text, expected):
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Su-25 jetfighters and Mi-8 helicopters",
        "some 2,000 troops",
        "Publication: Eurasia Daily Monitor Volume: 3 Issue: 189",
        "the South-2006 exercises",
        "2000 troops and 1995 tons",
        "a 15-year term, 31 projects, $1.1 billion, 20%",
        "Ask what they may do",
    ],
)
def test_traps_are_no_dates(text):
    assert found(text) == []


def test_year_of_a_date_without_one():
    # The year the paragraph stated with the same month; else the publication's, or the
    # year before when that would put the date after publication.
    text = (
        "In September 2012 Putin came. He met Atambaev on September 20.\nOn December 3 it snowed."
    )
    assert found(text, "2019-02-07") == [
        ("September 2012", "2012-09-01", "2012-09-30"),
        ("September 20", "2012-09-20", "2012-09-20"),
        ("December 3", "2018-12-03", "2018-12-03"),
    ]
    # A year stated with another month does not carry over; "that year" takes the last year.
    text = "The Tulip Revolution in March 2005 came; on May 17 they met, in January that year too."
    assert found(text, "2007-05") == [
        ("March 2005", "2005-03-01", "2005-03-31"),
        ("May 17", "2007-05-17", "2007-05-17"),
        ("January that year", "2005-01-01", "2005-01-31"),
    ]


def test_relative_dates_count_from_publication():
    assert found("announced last June", "2007-05") == [("last June", "2006-06-01", "2006-06-30")]
    assert found("next year", "2013-07-12") == [("next year", "2014-01-01", "2014-12-31")]
    assert found("last month", "2013-07-12") == [("last month", "2013-06-01", "2013-06-30")]


def test_rules_dismiss_citations_footnotes_and_stamps():
    text = (
        "he explained (RIA-Novosti, October 5). He left (, May 17).\n"
        "See https://example.org/2023/05/08/news and the 1990s.\n"
        "Page last modified: 07-02-2019 18:56:18 ZULU\n"
        "[7] “CSTO Countries to Hold Drills Later This Year”, AA, (Date of Accession: 09.05.2023)."
    )
    rules = {d.text: d.rule for d in find_dates(text, "2019-02-07")}
    assert rules == {
        "October 5": "citation date",
        "May 17": "citation date",
        "the 1990s": None,
        "07-02-2019": "page last modified",
        "Later This Year": "footnote",
        "09.05.2023": "access date",
    }
    assert {r.name for r in DATE_RULES} == {
        "citation date",
        "access date",
        "page last modified",
        "footnote",
    }
    assert all(r.reason for r in DATE_RULES)
    # Parentheses that are no citation keep their date.
    assert found("a line of credit (presumably for use in 1994)") == [
        ("1994", "1994-01-01", "1994-12-31")
    ]


def test_dates_within_a_quote():
    text = "In October 2003, Russia set up an airbase. In 2002 they formed a venture."
    assert [d.text for d in dates_within(text, "In 2002 they formed", "2006-10")] == ["2002"]
    # Without the publication date, the dates are found; only relative ones go unread.
    (d,) = dates_within("It was done last year.", "done last year")
    assert (d.text, d.first, d.last) == ("last year", None, None)


def _catalogue(text: str, events: list[tuple[str, str]], dismissed: list[tuple[str, str]]):
    empty = pd.DataFrame()
    return Catalogue(
        sources=pd.DataFrame({"id": ["s"], "published": ["2006-10"]}),
        figures=empty,
        events=pd.DataFrame(
            [{"id": i, "source_id": "s", "quote": q} for i, q in events],
            columns=["id", "source_id", "quote"],
        ),
        dismissed=pd.DataFrame(
            [{"id": "D-s-001", "source_id": "s", "quote": q, "text": t} for q, t in dismissed],
            columns=["id", "source_id", "quote", "text"],
        ),
        texts={"s": text},
        commitments=empty,
        parts=empty,
        set_aside=empty,
        annotations=empty,
        provenance=empty,
    )


def test_uncovered_dates_with_rows_dismissals_and_rules():
    text = (
        "Publication: Volume: 3 Issue: 189\n\n"
        "They held drills October 2-5 in Osh (RIA-Novosti, October 5).\n"
        "In 2002 they formed a venture. Trade grew in 2005 and last year."
    )
    cat = _catalogue(text, [], [])
    assert [str(u) for u in uncovered_dates(cat)] == [
        "s:3:18: October 2-5 (no event row)",
        "s:4:4: 2002 (no event row)",
        "s:4:46: 2005 (no event row)",
        "s:4:55: last year (no event row)",
    ]
    # An event quote overlapping the date covers it (a part of it is enough); a dismissal
    # covers the date its text names, within its quote.
    cat = _catalogue(
        text,
        [("E-s-001", "They held drills October 2"), ("E-s-002", "In 2002 they")],
        [("grew in 2005 and last year", "2005"), ("grew in 2005", "last year")],
    )
    assert [str(u) for u in uncovered_dates(cat)] == ["s:4:55: last year (no event row)"]


# --- reading only the windows, with the leading assertions apart, changes nothing -----

TRICKY = (
    "between 1992 and 1995 and 12019 and x2019y; XMay 16, 2005 and 1.2019 and 3,2020",
    "lastMay 5; 5 Mayor 2005; Junes 2005; inJune; the1990s; Spring2005 Spring 2005",
    "$2021 and /2022 and .05 May; mid-2000s; 2016-17; Su-25; 04 February 2019",
    "a" * 500 + "2019" + "b" * 500 + " in June " + "c" * 300,
    "LAST YEAR and the previous Month; that year; next week\tin\t2005",
)


def _texts(real_paths):
    return list(TRICKY) + [p.read_text(encoding="utf-8") for p in real_paths.sources_dir.glob("*")]


def test_each_form_split_from_its_assertion_finds_what_it_finds_whole(real_paths):
    from rukg.catalogue.date_forms import FORMS, SPLIT_FORMS, matches

    for (name, whole), (_, rest, lead) in zip(FORMS, SPLIT_FORMS, strict=True):
        for text in _texts(real_paths):
            assert [m.span() for m in matches(rest, lead, text)] == [
                m.span() for m in whole.finditer(text)
            ], name


def test_reading_the_windows_finds_what_reading_the_whole_text_finds(real_paths, monkeypatch):
    from rukg.catalogue import event_dates
    from rukg.catalogue.date_forms import ANCHORS

    texts = _texts(real_paths)
    windowed = [find_dates(t, "2024-01-01") for t in texts]
    # The whole text as one window: every form read everywhere.
    monkeypatch.setattr(
        event_dates,
        "compact_windows",
        lambda text: {name: (text, [0], [0]) for name in ANCHORS},
    )
    whole = [find_dates(t, "2024-01-01") for t in texts]
    assert windowed == whole
    assert sum(map(len, whole)) > 50
