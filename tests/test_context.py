"""Context facts (data/context_facts.csv): the real table validates and holds the facts the
report codes against; each kind of bad row is one line naming file, row and column; the
reader's API (value, cite, publishers) and the appendix's display of the table."""

from __future__ import annotations

import pytest
from test_catalogue import rewrite

from rukg.build import cli
from rukg.errors import DataError
from rukg.present import appendix
from rukg.reference import context
from rukg.reference import tables as datasets

TABLE = "data/context_facts.csv"
NOTES = "data/reference/facts/topics_beyond_the_sources.md"

# The facts other code uses, with value (blank for an event or a text fact), unit and as_of.
REQUIRED = {
    "remit-gdp-2010": (21, "percent", "2010"),
    "remit-gdp-2018": (35.1, "percent", "2018"),
    "remit-gdp-2024": (24, "percent", "2024"),
    "remit-total-2017": (2400, "USD million", "2017"),
    "remit-from-russia-2017": (2200, "USD million", "2017"),
    "remit-russia-share-2025": (94, "percent", "2025-05"),
    "migrants-in-russia-2018": (640000, "people", "2018"),
    "migrants-abroad-2018": (800000, "people", "2018"),
    "migrants-registered-2025": (350000, "people", "2025"),
    "migrants-registered-earlier": (650000, "people", "2025"),
    "remit-2009-usd-change": (-15, "percent", "2009-06"),
    "remit-2009-rub-change": (17, "percent", "2009-06"),
    "eaeu-accession": (2015, "year", "2015"),
    "crocus-travel-warnings": (3, "count", "2024"),
    "surge-growth-afp": (145, "percent", "2022"),
    "china-mirror-2024": (22700, "USD million", "2024"),
    "nsc-china-2024-11m": (5100, "USD million", "2024-11"),
    "china-mirror-q1-2024": (4820, "USD million", "2024-03"),
    "nsc-china-q1-2024": (1630, "USD million", "2024-03"),
    "ofac-kyrgyz-firms-2023": (4, "count", "2023-07-20"),
    "ofac-keremet-2025": (None, "date", "2025-01-15"),
    "uk-a7a5-2025": (9300, "USD million", "2025-08"),
    "eu-20th-package-plan": (None, "date", "2026-02-10"),
    "mir-cards-stopped": (None, "date", "2022-10"),
    "state-trading-company": (None, "date", "2023-08"),
    "rouble-settlement-2023": (83, "percent", "2023"),
    "rouble-settlement-2025": (97, "percent", "2025-11"),
    "ru-partner-share-officials": (21, "percent", "2025"),
    "csto-kz-troops-2022": (150, "count", "2022-01"),
    "csto-kz-equipment-2022": (19, "count", "2022-01"),
    "csto-kz-decision": (None, "date", "2022-01-06"),
    "osh-2010-troops-refused": (None, "date", "2010-06-12"),
    "border-2021-killed": (50, "people", "2021-04"),
    "border-2022-kyrgyz-dead": (59, "people", "2022-09"),
    "border-2022-evacuated": (137000, "people", "2022-09"),
    "border-2022-tajik-dead": (41, "people", "2022-09"),
    "csto-2022-ceasefire-call": (None, "date", "2022-09-16"),
    "csto-2014-no-right": (None, "date", "2014-07-29"),
    "kambarata-2012-cost": (2500, "USD million", "2012-09"),
    "upper-naryn-cost": (734, "USD million", "2015"),
    "hydro-russia-cannot-pay": (None, "date", "2015-12-24"),
    "hydro-annulled": (None, "date", "2016-01-22"),
    "rushydro-spent": (37, "USD million", "2016"),
    "rushydro-claim-2025": (51, "USD million", "2025-12"),
    "kambarata-2009-withheld": (1700, "USD million", "2010-04"),
    "kyrgyzgaz-price": (1, "USD", "2013-07"),
    "kyrgyzgaz-debt": (39, "USD million", "2013-07"),
    "gazprom-pledge": (20, "RUB billion", "2013-07"),
    "gazprom-exclusivity": (25, "years", "2014-04"),
    "gazprom-invested-2019": (245, "USD million", "2019-04"),
    "gasification-2019": (30, "percent", "2019-04"),
    "debt-2012-settled": (488.9, "USD million", "2012-09"),
    "debt-writeoff-2013": (188.9, "USD million", "2013"),
    "debt-writeoff-2016-17": (60, "USD million", "2017"),
    "debt-writeoff-2017": (240, "USD million", "2017"),
    "debt-gdp-before": (65.2, "percent", "2017"),
    "debt-gdp-after": (60.6, "percent", "2017"),
    "debt-law-signed": (None, "date", "2018-02-05"),
    "rkdf-capital": (500, "USD million", "2014"),
    "rkdf-borrowing": (500, "USD million", "2014"),
    "rkdf-invested-2025": (1000, "USD million", "2025"),
    "rkdf-projects-2025": (3500, "count", "2025"),
    "rkdf-suspended": (None, "date", "2020-10"),
    "aid-pause-2020": (None, "date", "2020-10"),
    "putin-coups-remark": (None, "date", "2020-11-02"),
    "arms-2012-headline": (1100, "USD million", "2012-11"),
    "arms-2012-signed": (200, "USD million", "2012"),
    "arms-delivered-2020": (126, "USD million", "2020-05"),
    "officers-trained": (400, "count", "2020-05"),
    "cadets-trained": (700, "count", "2020-05"),
    "gratuitous-2019-mi8": (4, "count", "2019"),
    "gratuitous-2019-brdm": (9, "count", "2019"),
    "gratuitous-2019-radars": (2, "count", "2019"),
    "joint-base-sites": (None, "text", "2023-10-04"),
    "base-term-end": (2032, "year", "2013-04"),
    "base-rent": (4.5, "USD million", "2012-03"),
    "rent-arrears-2012": (15.5, "USD million", "2012-03"),
    "mobilisation-warning-2022": (None, "date", "2022-09"),
}


# --- the real table -------------------------------------------------------------------


def test_the_real_table_validates(real_paths):
    _, found = datasets.check_all(real_paths)
    assert [str(p) for p in found if p.file == TABLE] == []
    assert len(context.facts(real_paths)) >= len(REQUIRED)


@pytest.mark.parametrize("fact_id", sorted(REQUIRED))
def test_every_required_fact_is_there(real_paths, fact_id):
    expected, unit, as_of = REQUIRED[fact_id]
    r = context.fact(real_paths, fact_id)
    assert (r["unit"], r["as_of"]) == (unit, as_of)
    if expected is None:
        assert r.isna()["value"]
    else:
        assert context.value(real_paths, fact_id) == pytest.approx(expected)


def test_ranges_keep_their_bounds(real_paths):
    r = context.fact(real_paths, "ru-partner-share-officials")
    assert (r["low"], r["value"], r["high"]) == (20, 21, 22)
    r = context.fact(real_paths, "kyrgyzgaz-debt")
    assert (r["low"], r["high"]) == (38, 40)


def test_the_joint_base_sites_are_rows(real_paths):
    f = context.facts(real_paths)
    shown = {f.loc[i, "value_text"] for i in f.index if i.startswith("base-site-")}
    assert shown == {"Kara-Balta/Chaldovar", "Koy-Sary", "Mailuu-Suu"}
    assert set(f.loc[[i for i in f.index if i.startswith("base-site-")], "publisher"]) == {"TASS"}


# --- the API --------------------------------------------------------------------------


def test_cite_gives_publisher_and_readable_date(real_paths):
    assert context.cite(real_paths, "remit-gdp-2018") == "Asia-Plus, 11 December 2019"
    assert context.cite(real_paths, "hydro-annulled") == "Asia Times, January 2016"
    assert context.cite(real_paths, "remit-russia-share-2025") == "Times of Central Asia, 2025"
    assert context.cite(real_paths, "ofac-kyrgyz-firms-2023") == "Kursiv"  # no date given
    assert context.cite(real_paths, "border-2021-killed") == (
        "source not named in topics_beyond_the_sources.md"
    )


def test_publishers_are_unique_and_in_order(real_paths):
    ids = ["remit-gdp-2018", "remit-gdp-2024", "remit-gdp-2018", "border-2021-killed"]
    assert context.publishers(real_paths, ids) == ["Asia-Plus", "Trend (World Bank)"]


def test_value_of_an_event_is_an_error(real_paths):
    with pytest.raises(ValueError, match="'hydro-annulled' is a date, not a number"):
        context.value(real_paths, "hydro-annulled")


@pytest.mark.parametrize("call", [context.value, context.fact, context.cite])
def test_an_unknown_id_names_the_id_and_the_file(real_paths, call):
    with pytest.raises(LookupError) as e:
        call(real_paths, "no-such-fact")
    assert str(e.value) == (
        "unknown context fact 'no-such-fact': no row of data/context_facts.csv has that id"
    )


def test_facts_are_memoised_but_not_shared(real_paths):
    a = context.facts(real_paths)
    a.loc["remit-gdp-2018", "value"] = 0
    assert context.value(real_paths, "remit-gdp-2018") == 35.1


@pytest.mark.parametrize(
    ("text", "unit", "numbers"),
    [
        ("$2.2bn from Russia", "USD million", [2200]),
        ("$488.9m", "USD million", [488.9]),
        ("roughly $38-40m", "USD million", [38, 40]),
        ("at least 20bn roubles", "RUB billion", [20]),
        ("for $1", "USD", [1]),
        ("~640k", "people", [640000]),
        ("700k-1m", "people", [700000, 1000000]),
        ("about 137,000 evacuated", "people", [137000]),
        ("more than 50 killed", "people", [50]),
        ("fell 15%", "percent", [-15]),
        ("+145%", "percent", [145]),
        ("four Kyrgyz firms", "count", [4]),
        ("4 Mi-8MT", "count", [4]),
        ("2 P-18 radars", "count", [2]),
        ("25-year exclusivity", "years", [25]),
        ("at least 2032", "year", [2032]),
    ],
)
def test_stated_numbers(text, unit, numbers):
    assert context.stated_numbers(text, unit) == pytest.approx(numbers)


@pytest.mark.parametrize(
    ("text", "unit", "why"),
    [
        ("35.1", "percent", "does not state percent (no % or percent)"),
        ("2.2bn", "USD million", "does not state USD million (no $ or USD or dollar)"),
        ("$5m", "people", "states money or a percentage, but unit is 'people'"),
        ("1, 2 and 3", "count", "states 3 numbers, not one or a range of two"),
        ("many", "count", "states 0 numbers, not one or a range of two"),
    ],
)
def test_stated_numbers_refuses(text, unit, why):
    assert context.stated_numbers(text, unit) == why


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("22 January 2016", "2016-01-22"),
        ("from October 2020", "2020-10"),
        ("2022-09-16", "2022-09-16"),
        ("EAEU membership (2015)", "2015"),
        ("6 January to 7 March 2022", None),
        ("14-17 September 2022", None),
        ("2022-01-06 to 2022-03-07", None),
        ("no date", None),
    ],
)
def test_stated_date(text, iso):
    assert context.stated_date(text) == iso


def test_later_reporting_shows_values_as_people_write_them(real_paths):
    t = appendix.later_reporting(real_paths)
    assert list(t.columns) == [
        "Topic",
        "Fact",
        "Value",
        "As of",
        "Publisher",
        "Published",
        "Sentence",
        "URL",
    ]
    f = context.facts(real_paths).reset_index()
    f = f.sort_values(["topic", "as_of", "id"]).reset_index(drop=True)
    assert list(t["Topic"]) == list(f["topic"]) == sorted(f["topic"])
    assert list(t["As of"]) == [context.readable_date(d) for d in f["as_of"]]
    for topic, dates in f.groupby("topic")["as_of"]:
        assert list(dates) == sorted(dates), topic
    shown = dict(zip(f["id"], t["Value"], strict=True))
    assert shown["remit-gdp-2018"] == "35.1%"
    assert shown["remit-from-russia-2017"] == "$2.2bn"
    assert shown["debt-2012-settled"] == "$488.9m"
    assert shown["border-2022-evacuated"] == "about 137,000 people"
    assert shown["hydro-annulled"] == "22 January 2016"
    assert shown["kyrgyzgaz-debt"] == "about $38–40m"
    assert shown["gazprom-pledge"] == "at least 20bn roubles"
    assert shown["remit-2009-usd-change"] == "-15%"
    assert shown["base-term-end"] == "at least 2032"
    assert shown["joint-base-sites"] == "more than Kant"
    published = dict(zip(f["id"], t["Published"], strict=True))
    assert published["remit-gdp-2018"] == "11 December 2019"
    assert published["hydro-annulled"] == "January 2016"


# --- bad rows: one line each, naming file, row and column --------------------------------

ROW = 2  # remit-gdp-2018
SENTENCE = "35.1% in 2018, among the top five in the world (Asia-Plus, 2019-12-11);"


def broken(paths, row: int = ROW, **values) -> list[str]:
    rewrite(paths.root / TABLE, lambda rows, fields: rows[row - 1].update(**values))
    try:
        context.facts(paths)
    except DataError as e:
        return [str(p) for p in e.problems]
    return []


@pytest.mark.parametrize(
    ("values", "line"),
    [
        (
            {"sentence": SENTENCE.replace("2018", "2019")},
            f"{TABLE}:3: row 2, column 'sentence': '35.1% in 2019, among the top five in the "
            f"world (Asia-Plus, …' does not occur in {NOTES}",
        ),
        (
            {"value_text": "35.2%"},
            f"{TABLE}:3: row 2, column 'value_text': '35.2%' does not occur in 'sentence'",
        ),
        (
            {"value": "36.1"},
            f"{TABLE}:3: row 2, column 'value': 36.1 disagrees with value_text '35.1%', "
            "which states 35.1 (percent)",
        ),
        (
            {"value_text": "35.1", "sentence": SENTENCE},
            f"{TABLE}:3: row 2, column 'value_text': '35.1' does not state percent "
            "(no % or percent)",
        ),
        (
            {"claim": "Remittances as a share of GDP in 2018"},
            f"{TABLE}:3: row 2, column 'claim': 'Remittances as a share of GDP in 2018' "
            "is not free of digits (they go in value)",
        ),
        (
            {"unit": "percentage"},
            f"{TABLE}:3: row 2, column 'unit': 'percentage' is not one of "
            + ", ".join(context.UNITS),
        ),
        (
            {"topic": "economy"},
            f"{TABLE}:3: row 2, column 'topic': 'economy' is not one of "
            + ", ".join(context.TOPICS),
        ),
        (
            {"url": "javascript:alert(1)"},
            f"{TABLE}:3: row 2, column 'url': contains markup or a script link ('javascript:'); "
            "tables hold plain text, and links only in URL columns",
        ),
        (
            {"url": "ftp://example.org/remittances"},
            f"{TABLE}:3: row 2, column 'url': 'ftp://example.org/remittances' is not an "
            "http(s) URL",
        ),
        (
            {"fact_ids": "M17;M99"},
            f"{TABLE}:3: row 2, column 'fact_ids': unknown id 'M99' "
            "(not in aid_facts, remittances, trade_statements)",
        ),
        (
            {"as_of": "2018-13"},
            f"{TABLE}:3: row 2, column 'as_of': '2018-13' is not an ISO date "
            "(YYYY, YYYY-MM or YYYY-MM-DD)",
        ),
        (
            {"value": "３５.1"},
            f"{TABLE}:3: row 2, column 'value': '３５.1' is not a number in ASCII digits",
        ),
        (
            {"id": "Remit GDP"},
            f"{TABLE}:3: row 2, column 'id': 'Remit GDP' is not a slug",
        ),
        (
            {"id": "remit-gdp-2010"},
            f"{TABLE}:3: row 2, column 'id': duplicate value 'remit-gdp-2010' (first in row 1)",
        ),
        (
            {"low": "36"},
            f"{TABLE}:3: row 2, column 'value': not between 'low' and 'high'",
        ),
        (
            {"value": ""},
            f"{TABLE}:3: row 2, column 'value': must be blank exactly when unit is date or text",
        ),
    ],
    ids=lambda v: next(iter(v)) if isinstance(v, dict) else None,
)
def test_a_bad_row_is_one_line(project_copy, values, line):
    assert broken(project_copy, **values) == [line]


def test_a_range_that_disagrees_names_its_bound(project_copy):
    f = context.facts(project_copy)
    row = list(f.index).index("kyrgyzgaz-debt") + 1
    assert broken(project_copy, row, low="37") == [
        f"{TABLE}:{row + 1}: row {row}, column 'low': 37 disagrees with value_text "
        "'roughly $38-40m', which states 38 (USD million)"
    ]


def test_an_event_whose_date_disagrees_names_as_of(project_copy):
    f = context.facts(project_copy)
    row = list(f.index).index("hydro-annulled") + 1
    assert broken(project_copy, row, as_of="2016-01-21") == [
        f"{TABLE}:{row + 1}: row {row}, column 'as_of': '2016-01-21' disagrees with value_text "
        "'22 January 2016' (2016-01-22)"
    ]


def test_validate_reports_a_bad_row(project_copy, capsys):
    rewrite(project_copy.root / TABLE, lambda rows, fields: rows[ROW - 1].update(unit="%"))
    code = cli.main(["--root", str(project_copy.root), "validate"])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    mine = [line for line in err if line.startswith(TABLE)]
    assert mine == [
        f"{TABLE}:3: row 2, column 'unit': '%' is not one of " + ", ".join(context.UNITS)
    ]


def test_the_table_is_an_input_of_the_build(real_paths):
    from rukg.build.inputs import input_files

    assert TABLE in input_files(real_paths)
