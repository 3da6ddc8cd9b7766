"""The consistency check: conflicts found on crafted rows and texts, and on the real data."""

from __future__ import annotations

import pandas as pd
import pytest
from test_catalogue import rewrite

from rukg.analysis.consistency import (
    KM_PER_MILE,
    all_conflicts,
    compass_point,
    date_interval,
    direction_conflicts,
    distance_statements,
    event_conflicts,
    figure_conflicts,
    haversine_km,
    initial_bearing,
    resolution_problems,
    spelling_variants,
    with_resolutions,
)
from rukg.build.validate import problems as validate
from rukg.catalogue import load

FIGURE_COLUMNS = [
    "id",
    "source_id",
    "subject",
    "quote",
    "value",
    "unit",
    "currency",
    "year",
    "low",
    "high",
]


def figures(*rows) -> pd.DataFrame:
    df = pd.DataFrame([dict(zip(FIGURE_COLUMNS, r, strict=True)) for r in rows])
    for col in ("value", "low", "high"):
        df[col] = df[col].astype(float)
    df["year"] = df["year"].astype("Int64")
    return df


def events(*rows) -> pd.DataFrame:
    cols = ["id", "source_id", "subject", "date", "date_precision", "quote"]
    return pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows])


# --- figures -------------------------------------------------------------------


def test_disjoint_ranges_conflict_between_sources():
    df = figures(
        ("F-a-001", "a", "d", "about 20 miles", 20, "miles", None, None, 18, 22),
        ("F-b-001", "b", "d", "some 40 kilometers", 40, "km", None, None, 36, 44),
    )
    c = figure_conflicts(df)
    assert list(c["kind"]) == ["value"]
    row = c.iloc[0]
    assert row["scope"] == "between" and row["strict"]
    assert row["unit"] == "km"
    assert row["value_a"] == pytest.approx(20 * KM_PER_MILE)
    assert (row["low_a"], row["high_a"]) == pytest.approx((18 * KM_PER_MILE, 22 * KM_PER_MILE))


def test_agreeing_figures_are_not_flagged():
    # 20 miles is 32.2 km: "about 20 miles" (29-35 km) and an exact 32 km agree.
    df = figures(
        ("F-a-001", "a", "d", "about 20 miles", 20, "miles", None, None, 18, 22),
        ("F-b-001", "b", "d", "32 km", 32, "km", None, None, None, None),
        ("F-c-001", "c", "other", "5 km", 5, "km", None, None, None, None),  # alone in its subject
        ("F-c-002", "c", None, "9 km", 9, "km", None, None, None, None),  # no subject
    )
    assert figure_conflicts(df).empty


def test_self_contradiction_with_open_bounds_is_pragmatic_only():
    df = figures(
        ("F-x-001", "x", "w", "more than 1,300", 1300, "count", None, 2022, 1300, None),
        ("F-x-002", "x", "w", "More Than 70", 70, "count", None, 2022, 70, None),
        ("F-x-003", "x", "w", "more than 100", 100, "count", None, 2022, 100, None),
    )
    c = figure_conflicts(df)
    pairs = {
        (a, b): (s, strict) for a, b, s, strict in c[["id_a", "id_b", "scope", "strict"]].values
    }
    # 70 and 100 agree (100 < 2 x 70); 1,300 disagrees with both, but only pragmatically.
    assert pairs == {
        ("F-x-001", "F-x-002"): ("self", False),
        ("F-x-001", "F-x-003"): ("self", False),
    }


def test_year_and_unit_conflicts():
    df = figures(
        ("F-a-001", "a", "t", "4 facilities in 2012", 4, "count", None, 2012, None, None),
        ("F-b-001", "b", "t", "4 facilities in 2017", 4, "count", None, 2017, None, None),
        ("F-a-002", "a", "m", "15 million rubles", 15e6, "money", "RUB", 2006, None, None),
        ("F-a-003", "a", "m", "about $560,000", 560000, "money", "USD", 2006, 504000, 616000),
    )
    c = figure_conflicts(df)
    assert sorted(zip(c["subject"], c["kind"], strict=True)) == [("m", "unit"), ("t", "year")]
    # With a rate (27 roubles a dollar) the two money figures agree: $555,556.
    converted = figure_conflicts(df, usd_per=lambda cur, year: 1 / 27.0)
    assert list(converted["kind"]) == ["year"]


# --- events --------------------------------------------------------------------


def test_date_interval():
    assert date_interval("2003", "year") == (pd.Timestamp("2003-01-01"), pd.Timestamp("2003-12-31"))
    assert date_interval("2024-02", "month")[1] == pd.Timestamp("2024-02-29")
    assert date_interval("2012-09-20", "day") == (pd.Timestamp("2012-09-20"),) * 2


def test_event_dates_compatible_at_their_precision():
    df = events(
        ("E-a-001", "a", "opened", "2003-10", "month", "In October 2003"),
        ("E-b-001", "b", "opened", "2003", "year", "since 2003"),
        ("E-a-002", "a", "merged", "2012", "year", "in 2012"),
        ("E-b-002", "b", "merged", "2017", "year", "in 2017"),
        ("E-b-003", "b", "merged", "2017-01-29", "day", "on January 29, 2017"),
    )
    c = event_conflicts(df)
    assert set(zip(c["id_a"], c["id_b"], strict=True)) == {
        ("E-a-002", "E-b-002"),
        ("E-a-002", "E-b-003"),
    }
    assert set(c["subject"]) == {"merged"} and set(c["scope"]) == {"between"}


# --- directions and distances ----------------------------------------------------

PLACES = pd.DataFrame(
    [
        {"id": "P1", "name": "Capital", "lat": 0.0, "lon": 0.0},
        {"id": "P2", "name": "Fort Alpha (a base)", "lat": 0.0, "lon": 0.2},
        {"id": "P3", "name": "Northtown / Oldname", "lat": 0.5, "lon": 0.0},
    ]
)


def test_geometry():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.195, rel=1e-4)
    assert initial_bearing(0, 0, 0, 1) == pytest.approx(90)
    assert initial_bearing(0, 0, 1, 0) == pytest.approx(0)
    assert compass_point(97) == "east" and compass_point(300) == "northwest"
    # Kant and Bishkek, from places.csv: about 19 km apart, Kant to the east.
    km = haversine_km(42.87472, 74.61222, 42.85306, 74.84639)
    assert 19 < km < 19.5
    assert compass_point(initial_bearing(42.87472, 74.61222, 42.85306, 74.84639)) == "east"


def test_direction_and_distance_checked_against_coordinates():
    texts = {
        "s1": "The army set up a post in Fort, about 20 miles west of the capital city, Capital. Then",
        "s2": "Visitors reach Northtown, some 56 kilometers north of Capital.",
        "s3": "Oldname lies 22 km from Capital.",  # 55.6 km by coordinates
    }
    st = distance_statements(texts, PLACES).set_index("source_id")
    assert st.loc["s1", "place_id"] == "P2" and st.loc["s1", "reference_id"] == "P1"
    assert st.loc["s1", "stated_direction"] == "west" and st.loc["s1", "bearing_point"] == "east"
    assert not st.loc["s1", "direction_ok"] and st.loc["s1", "distance_ok"]  # 22.2 km vs 29-35
    assert st.loc["s2", "direction_ok"] and st.loc["s2", "distance_ok"]
    assert st.loc["s3", "direction_ok"] is None and not st.loc["s3", "distance_ok"]
    c = direction_conflicts(texts, PLACES)
    assert sorted(zip(c["source_id"], c["kind"], strict=True)) == [
        ("s1", "direction"),
        ("s3", "distance"),
    ]


# --- spelling ------------------------------------------------------------------


def test_spelling_variants_on_a_crafted_text():
    texts = {
        "a": (
            "President Akayev met Putin. Akayev's plan failed. Akaev left. The Akayevs successor "
            "joined the CSTO. Russia and Russian troops. The Minister and the Ministry agreed; "
            "a minister spoke. Islamic and Islamist groups. Kazakstan."
        ),
        "b": "The SCTO and the CSTO met in Kazakhstan and Kazakhstan. These and Those were there, all of these and those.",
    }
    sv = spelling_variants(texts, reference="Kambarata-1")
    groups = {g: set(d["spelling"]) for g, d in sv.groupby("group")}
    assert groups == {
        "Akayev": {"Akayev", "Akaev", "Akayevs"},
        "CSTO": {"CSTO", "SCTO"},
        "Kazakhstan": {"Kazakhstan", "Kazakstan"},
    }
    rel = dict(zip(sv["spelling"], sv["relation"], strict=True))
    assert rel["Akayevs"] == "possessive" and rel["SCTO"] == "anagram"
    assert rel["Akaev"] == "similar"
    counts = sv.set_index(["spelling", "source_id"])["count"]
    assert counts[("CSTO", "a")] == 1 and counts[("Kazakhstan", "b")] == 2


def test_reference_spelling_is_preferred():
    sv = spelling_variants({"a": "Kambaratin-1 and Kambaratin-2."}, reference="Kambarata-1 HPP")
    assert set(sv["group"]) == {"Kambarata"}
    ref = sv[sv["spelling"] == "Kambarata"].iloc[0]
    assert (ref["relation"], ref["source_id"]) == ("canonical", "reference")


def test_spelling_conflicts_scope_and_listings():
    # A group's scope: "self" when one source uses two of its spellings, "reference" when
    # only the reference facts use the usual one, else "between"; sources in id order.
    from rukg.analysis.consistency.assemble import _from_spelling

    texts = {
        "b": "The SCTO and the CSTO met. Kazakstan.",
        "a": "The CSTO met in Kazakhstan. Akayev and Akaev.",
        "c": "Kambaratin-1 and the CSTO.",
    }
    rows = _from_spelling(spelling_variants(texts, reference="Kambarata-1 HPP"))
    got = {
        r["conflict_id"]: (r["scope"], r["source_ids"], r["quote_a"], r["quote_b"]) for r in rows
    }
    assert got == {
        "spelling:akaev": ("self", "a", "Akaev (a 1)", "Akayev (a 1)"),
        "spelling:csto": ("self", "a;b;c", "CSTO (a 1, b 1, c 1)", "SCTO (b 1)"),
        "spelling:kambarata": ("reference", "c", "Kambarata (reference)", "Kambaratin (c 1)"),
        "spelling:kazakhstan": ("between", "a;b", "Kazakhstan (a 1)", "Kazakstan (b 1)"),
    }
    by_id = {r["conflict_id"]: r for r in rows}
    assert by_id["spelling:csto"]["description"] == "CSTO: also spelt SCTO (anagram)"
    assert by_id["spelling:csto"]["ids"] == "CSTO;SCTO"


# --- the real data ---------------------------------------------------------------


@pytest.fixture(scope="module")
def real(real_paths):
    cat = load(real_paths)
    return cat, all_conflicts(cat, real_paths)


def test_real_data_conflicts_found(real):
    _, c = real
    ids = set(c["conflict_id"])
    expected = {
        "value:kant-distance-from-bishkek",
        "direction:edm2006:kant-air-base-from-bishkek",
        "distance:edm2006:kant-air-base-from-bishkek",
        "distance:gs2019:kant-air-base-from-bishkek",
        "date:russian-facilities-merged",
        "value:weapons-2022-deliveries",
        "spelling:csto",
        "spelling:akayev",
        "spelling:bakiyev",
        "spelling:atambayev",
        "spelling:kyrgyzstan",
        "spelling:kyrgyz",
        "spelling:kazakhstan",
        "spelling:kambarata",
    }
    assert expected <= ids, expected - ids
    assert c["conflict_id"].is_unique
    by = c.set_index("conflict_id")
    assert by.loc["value:weapons-2022-deliveries", "scope"] == "self"
    assert by.loc["date:russian-facilities-merged", "source_ids"] == "comm2023;gs2019"
    assert by.loc["value:kant-distance-from-bishkek", "strict"]
    assert "SCTO" in by.loc["spelling:csto", "quote_b"]


def test_real_kant_statements(real_paths):
    cat = load(real_paths)
    st = distance_statements(cat.texts, pd.read_csv(real_paths.reference / "facts" / "places.csv"))
    kant = st[st["place_id"] == "L02"].set_index("source_id")
    assert set(kant.index) == {"edm2006", "gs2019"}
    assert kant.loc["edm2006", "stated_direction"] == "west"
    assert kant.loc["edm2006", "bearing_point"] == "east"
    assert kant["great_circle_km"].between(19, 19.5).all()
    assert not kant["distance_ok"].any()


def test_every_conflict_has_a_resolution(real):
    cat, c = real
    assert resolution_problems(c, cat.corrections) == []
    joined = with_resolutions(c, cat.corrections)
    assert joined["adopted"].notna().all() and len(joined) == len(c)


def test_unresolved_and_stale_corrections_fail_validation(project_copy):
    def drop_csto(rows, fields):
        rows[:] = [r for r in rows if r["conflict_id"] != "spelling:csto"]
        rows.append(
            {
                "id": "K-999",
                "conflict_id": "value:no-such-subject",
                "adopted": "x",
                "reason": "y",
                "citation": "gs2019",
            }
        )

    rewrite(project_copy.data / "corrections.csv", drop_csto)
    problems = validate(project_copy)
    messages = [p.message for p in problems]
    assert len(problems) == 2, messages
    assert any("no resolution for conflict 'spelling:csto'" in m for m in messages)
    assert any("'value:no-such-subject' matches no conflict" in m for m in messages)


def test_new_subject_conflict_needs_a_resolution(project_copy):
    def same_subject(rows, fields):
        for r in rows:
            if r["id"] in ("E-edm2006-007", "E-edm2006-008"):  # 1992 treaty and 2000 declaration
                r["subject"] = "crafted-subject"

    rewrite(project_copy.events_csv, same_subject)
    problems = validate(project_copy)
    assert [p.column for p in problems] == ["conflict_id"]
    assert "date:crafted-subject" in problems[0].message


def test_bad_citation_is_located(project_copy):
    def bad(rows, fields):
        rows[0]["citation"] = "places.csv:L99;nosuch"

    rewrite(project_copy.data / "corrections.csv", bad)
    problems = validate(project_copy)
    assert [(p.file, p.row, p.column) for p in problems] == [
        ("data/corrections.csv", 1, "citation"),
        ("data/corrections.csv", 1, "citation"),
    ]


def test_token_patterns_read_as_their_look_behind_first_forms():
    # The patterns of the spelling check look behind after their first letter (faster);
    # they must find what the plain forms find, wherever the text starts or breaks.
    import random
    import re

    from rukg.analysis.consistency.spelling import _ACRONYM, _LOWER, _WORD, MIN_LENGTH

    plain = {
        _WORD: re.compile(r"(?<![\w'’.])([A-Z][a-z]+)(['’]s\b)?(?![a-zA-Z])"),
        _ACRONYM: re.compile(r"(?<![\w.])([A-Z]{2,})(?!\w|\.\w)"),
        _LOWER: re.compile(rf"(?<![\w'’])[a-z]{{{MIN_LENGTH},}}(?![\w])"),
    }
    rng = random.Random(0)
    pieces = "Akayev|Akayev's|Moscow’s|U.S.|CSTO|SCTO.|x|often|ruble|Ab|A| |\n|.|'|’|-|_|5|é|É"
    pieces = [*pieces.split("|"), "ßtrasse", "Kyrgyzstan"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        for fast, slow in plain.items():
            assert fast.findall(text) == slow.findall(text), (fast.pattern, text)


# --- for the reader ----------------------------------------------------------------------

READER_COLUMNS = ["Conflict", "Sources", "What each says", "Reading adopted", "Why"]


@pytest.fixture(scope="module")
def shown(real, real_paths):
    from rukg.analysis import overview
    from rukg.analysis.consistency import for_display

    cat, c = real
    names = {s: overview.source_name(cat, s) for s in overview.sources_in_order(cat)}
    resolved = with_resolutions(c, cat.corrections)
    return cat, names, resolved, for_display(resolved, names)


def _raw_ids(ids, text) -> list[str]:
    import re

    from rukg.present.tables import EVIDENCE_ID

    text = EVIDENCE_ID.sub("", str(text))  # a figure or event id is an evidence link
    return [s for s in ids if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text)]


def test_display_names_sources_not_ids(shown):
    cat, names, resolved, table = shown
    assert list(table.columns) == [*READER_COLUMNS, "Id"]
    assert len(table) == len(resolved)
    ids = list(cat.sources["id"])
    for column in READER_COLUMNS:
        for v in table[column]:
            if column == "Why":  # ends with the evidence, whose ids link to it
                v = str(v).rpartition("Evidence: ")[0] or v
            assert _raw_ids(ids, v) == [], (column, v)
            assert ".csv" not in str(v) and "data/" not in str(v), (column, v)
    by = table.set_index("Id")
    assert by.loc["K-001", "Sources"] == "GlobalSecurity.org (2019); Unsigned commentary (2023)"
    assert by.loc["K-012", "Sources"] == "All five articles"
    # Between two articles, each quote says whose it is.
    assert by.loc["K-001", "What each says"].startswith("Unsigned commentary (2023): \u201c")
    assert " \u2014 GlobalSecurity.org (2019): \u201c" in by.loc["K-015", "What each says"]


def test_display_words_and_numbers_for_people(shown):
    _, _, _, table = shown
    by = table.set_index("Id")
    assert by.loc["K-015", "Conflict"] == (
        "Kant distance from Bishkek: 29–35 km in one article, 36–44 km in the other; "
        "the ranges do not overlap"
    )
    assert by.loc["K-016", "Conflict"].startswith(
        "Weapons 2022 deliveries: more than 1,300 in one place, more than 70 in another; "
    )
    assert by.loc["K-001", "Conflict"] == (
        "Russian facilities merged: dated 2012 in one article, 2017 in the other"
    )
    assert by.loc["K-003", "Conflict"] == (
        "Kant air base from Bishkek: stated about 20 miles (29–35 km), "
        "but the great-circle distance is 19.2 km"
    )
    assert by.loc["K-002", "What each says"].endswith(
        " \u2014 by the coordinates of the two places: bearing 97.1° (east)"
    )
    assert "the description in the table of places" in by.loc["K-004", "Why"]
    assert by.loc["K-005", "Conflict"] == "Akayev: also spelt Akaev, Akayevs"
    assert by.loc["K-005", "What each says"] == (
        "Akayev: 10 times in one article; Akaev: twice in one article; Akayevs: once in one article"
    )
    # The evidence keeps its ids: they link to the rows they name.
    assert by.loc["K-015", "Why"].endswith(
        "Evidence: the table of places, row L01; the table of places, row L02; "
        "F-edm2006-004; F-gs2019-015"
    )


def test_display_of_crafted_money_conflict():
    from rukg.analysis.consistency import for_display

    resolved = pd.DataFrame(
        [
            {
                "conflict_id": "value:aid",
                "kind": "value",
                "scope": "between",
                "strict": True,
                "subject": "aid-package",
                "description": "aid-package: a gives 1,100,000,000 money USD, "
                "b 200,000,000 money USD: the ranges do not overlap",
                "source_ids": "a;b",
                "ids": "F-a-001;F-b-001",
                "quote_a": "$1.1 billion",
                "quote_b": "$200 million",
                "adopted": "b is right, a.csv is wrong",
                "reason": "because a said so",
                "citation": "a;F-a-001",
                "correction_id": "K-1",
            }
        ]
    )
    row = for_display(resolved, {"a": "Wire (2010)", "b": "Post (2011)"}).iloc[0]
    assert row["Conflict"] == (
        "Aid package: $1.1 billion in one article, $200 million in the other; "
        "the ranges do not overlap"
    )
    assert row["Sources"] == "Wire (2010); Post (2011)"
    assert row["What each says"] == (
        "Wire (2010): \u201c$1.1 billion\u201d \u2014 Post (2011): \u201c$200 million\u201d"
    )
    assert row["Reading adopted"] == "Post (2011) is right, the table of a is wrong"
    assert row["Why"] == "because Wire (2010) said so. Evidence: F-a-001"


def test_finding_names_articles_and_no_files(shown):
    from rukg.analysis.consistency import finding

    cat, names, resolved, _ = shown
    plain = finding(resolved)
    named = finding(resolved, names)
    assert named.startswith(plain)
    for text in (plain, named):
        assert _raw_ids(list(cat.sources["id"]), text) == [] and ".csv" not in text, text
    assert "GlobalSecurity.org \\(2019\\)" in named  # the most conflicts; escaped Markdown
    assert f"The check finds {len(resolved)} conflicts" in plain
