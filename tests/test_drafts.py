"""Draft rows that fill themselves in: the parser sets names and year ranges aside, and a
draft proposes year, kind, category and status from the sentence, each with a confidence
and the words it came from; the proposals stay above measured floors on the authored
articles of tests/draft_articles/."""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

import pandas as pd
import pytest

from rukg.catalogue import Catalogue, vocab
from rukg.catalogue.audit import uncovered
from rukg.catalogue.draft_proposals import Sentence, propose
from rukg.catalogue.draft_rules import CONFIDENCES
from rukg.catalogue.drafts import (
    DRAFT_COLUMNS,
    PROPOSED,
    draft_rows,
    drafts_csv,
    merged_figures,
    read_drafts,
)
from rukg.catalogue.quotes import find_mentions
from rukg.errors import DataError

ARTICLES = Path(__file__).parent / "draft_articles"


# --- the parser: names, labels and year ranges are not quantities ------------------------


@pytest.mark.parametrize(
    "text, rule",
    [
        ("the Kambarata-1 hydropower plant", "designation"),
        ("Su-25 jetfighters and Mi-8 helicopters", "designation"),
        ("S-400 air-defence systems", "designation"),
        ("T-72B3 tanks", "designation"),
        ("Su-25SM ground-attack jets", "designation"),
        ("the MH17 crash", "designation"),
        ("Covid-19 measures", "designation"),
        ("In 2016-17 alone", "year range"),
        ("over 2016–2017", "year range"),
        ("the war of 1992-95", "year range"),
        ("in 2019/20", "year range"),
        ("in FY2023", "fiscal year"),
        ("FY16 budget", "fiscal year"),
        ("Under Article 4 of the treaty", "label"),
        ("under article 10 of the constitution", "label"),
        ("Resolution 1373", "label"),
        ("call +996 312 62-45-78", "telephone number"),
        ("on +992 (37) 221-42-16", "telephone number"),
        ("the 201st military base", "ordinal"),
        ("the 21st century", "ordinal"),
        ("signed on 2023-05-08", "numeric date"),
    ],
)
def test_names_labels_and_year_ranges_carry_a_rule(text, rule):
    found = find_mentions(text)
    assert found and all(m.rule is not None for m in found), found
    assert rule in {m.rule for m in found}


@pytest.mark.parametrize(
    "text, number",
    [
        ("the 1992-95 war killed some 50,000 people", "some 50,000"),
        ("a rise of +2.5% this year", "2.5%"),
        ("USD500 million", "USD500 million"),
        ("some US$65 million in trade", "some US$65 million"),
        ("a 62-45 vote", "62"),  # no capitalised word before the hyphen: no name
        ("from 2016-05 onwards", "05"),  # a year and a month, not a range
        ("the South-2006 exercises drew 350 troops", "350"),
    ],
)
def test_numbers_beside_such_forms_are_still_read(text, number):
    assert number in [m.text for m in find_mentions(text) if m.rule is None]


def test_a_year_in_a_name_stays_a_plain_year():
    assert [m.rule for m in find_mentions("the South-2006 exercises")] == ["plain year"]


def test_hyphenated_names_are_set_aside():
    rules = [m.rule for m in find_mentions("Su-25 jetfighters and Kambarata-1")]
    assert rules == ["designation"] * 2


def test_the_real_sources_lose_only_their_designations(real_paths):
    texts = {p.name: p.read_text(encoding="utf-8") for p in real_paths.sources_dir.glob("*.txt")}
    named = sorted(
        re.search(r"[\w-]+$", t[max(0, m.start - 15) : m.end]).group()
        for t in texts.values()
        for m in find_mentions(t)
        if m.rule == "designation"
    )
    assert named == ["Kambaratin-1", "Kambaratin-2", "Mi-8", "Su-25"]


# --- proposals -----------------------------------------------------------------------


def proposals(sentence: str, number: str, published: str = "2023-05-10", before: str = ""):
    """The proposals for the mention of ``sentence`` whose text contains ``number``."""
    m = next(m for m in find_mentions(sentence) if m.rule is None and number in m.text)
    found = propose(
        Sentence(sentence, lambda: _earlier(before, published)), m.start, m.end, m.unit, published
    )
    return {f: (None if p is None else p.value) for f, p in found.items() if f != "unit"} | {
        "unit": found["unit"],
        "_": found,
    }


def _earlier(before: str, published: str):
    from rukg.catalogue.draft_proposals import lowered, year_cues

    found = [(c, y) for c, y in year_cues(lowered(before), int(published[:4])) if y]
    return (before[found[-1][0].start : found[-1][0].end], found[-1][1]) if found else None


@pytest.mark.parametrize(
    "sentence, number, published, year",
    [
        ("In 2022 Russia sent 500 troops", "500", "2023-05", "2022"),
        ("Russia pledged $1.7 billion in February 2009", "$1.7 billion", "2013", "2009"),
        ("Trade reached $514 million last year", "$514 million", "2006-10", "2005"),
        ("Moscow will deliver 30 tanks this year", "30", "2024-02-09", "2024"),
        ("Russia plans to station 200 troops next year", "200", "2022-10", "2023"),
        ("some 2 million moved between 1992 and 1995", "2 million", "2019", "1995"),
        ("In 2016-17 alone, Russia transferred 27 vehicles", "27", "2017", "2017"),
        ("during the war of 1992-97, 50,000 were killed", "50,000", "2024", "1997"),
        # "since 2003" starts a span that runs to the time of writing
        ("rent has been $4.5 million a year since 2003", "$4.5 million", "2013", "2013"),
        # a year in a later clause belongs to that clause
        ("Russia keeps 1,000 troops there, and plans 200 more next year", "1,000", "2022", "2022"),
    ],
)
def test_year_comes_from_the_sentence(sentence, number, published, year):
    assert proposals(sentence, number, published)["year"] == year


def test_year_falls_back_to_an_earlier_sentence_then_to_publication():
    p = proposals("Moscow agreed to restructure $184 million", "$184", "2006-10")
    assert p["year"] == "2006" and p["_"]["year"].confidence == "low"
    assert "publication date (inferred)" in p["_"]["year"].why
    earlier = proposals(
        "Moscow agreed to restructure $184 million", "$184", "2006-10", "At a summit in 2005, "
    )
    assert earlier["year"] == "2005" and earlier["_"]["year"].confidence == "low"
    assert "earlier sentence" in earlier["_"]["year"].why


def test_no_year_for_a_decade_or_a_distance():
    assert proposals("in the 1990s trade rarely exceeded $150 million", "$150")["year"] is None
    assert proposals("Kant, some 40 kilometres from Bishkek", "40")["year"] is None


def test_an_explicit_year_alone_is_sure_and_a_guess_is_not():
    sure = proposals("In 2022 Russia sent 500 troops", "500")["_"]["year"]
    two = proposals("In 2022 Russia sent 500 troops, as in 2019", "500")["_"]["year"]
    assert (sure.confidence, two.confidence) == ("high", "medium")


@pytest.mark.parametrize(
    "sentence, number, kind, category",
    [
        ("Russia pledged a $300 million low interest loan", "$300", "loan", "economics"),
        ("a 75 million rouble line of credit", "75 million", "credit_line", "economics"),
        ("Russia agreed to restructure the $184 million debt", "$184", "debt_restructuring", None),
        ("Moscow will write off $500 million of debt", "$500", "debt_relief", "economics"),
        ("Medvedev pledged a $150 million grant", "$150", "grant", "economics"),
        ("military equipment worth 15 million rubles", "15 million", "military_aid", "security"),
        ("a $10 million uranium joint venture", "$10", "investment", "economics"),
        ("rent for the base is $4.5 million", "$4.5", "rent", "security"),
        ("Trade reached $1.86 billion", "$1.86", "trade", "economics"),
        ("Kyrgyzstan spent $110 million on defence", "$110", "other", None),
        ("Trade rose by 9.4% in 2018", "9.4%", "trade_growth", "economics"),
        ("Russia accounted for 24% of Kyrgyz trade", "24%", "trade_share", "economics"),
        ("roughly one-third of Kyrgyzstan's foreign trade", "one-third", "trade_share", None),
        ("Bilateral trade has nearly tripled", "tripled", "trade_growth", "economics"),
        ("remittances were equal to 33% of GDP", "33%", "other", None),
        ("Russia sent 500 servicemen to the drills", "500", "troops", "security"),
        ("Russia will deliver 30 tanks", "30", "weapons", "security"),
        ("some 2 million ethnic Russians left", "2 million", "population", None),
        ("reserves are estimated at 19,000 tons", "19,000", "reserves", "economics"),
        ("about 20 miles west of the capital", "20 miles", "distance", None),
        ("up to 33 years", "33", "duration", None),
        ("In total, 31 projects are being implemented", "31", "count", None),
    ],
)
def test_kind_and_category_come_from_the_nearest_words(sentence, number, kind, category):
    p = proposals(sentence, number)
    assert p["kind"] == kind
    if category is not None:
        assert p["category"] == category


def test_kind_is_taken_from_the_word_next_to_each_number():
    s = "Russia pledged a $150 million grant, $193 million in debt relief and a $300 million loan"
    assert [proposals(s, n)["kind"] for n in ("$150", "$193", "$300")] == [
        "grant",
        "debt_relief",
        "loan",
    ]


def test_a_count_of_people_is_in_people_and_troops_stay_a_count():
    assert proposals("some 2 million ethnic Russians left", "2 million")["unit"] == "people"
    assert proposals("clashes killed at least 100 people", "100")["unit"] == "people"
    assert proposals("Russia sent 500 servicemen", "500")["unit"] == "count"


def test_category_from_the_words_when_the_kind_has_none():
    p = proposals("the Kant air base and three other Russian military facilities", "three")
    assert (p["kind"], p["category"]) == ("count", "security")
    assert proposals("the 1,300 loans went to small firms and banks", "1,300")["category"] == (
        "economics"
    )
    assert proposals("The 42 members met", "42")["category"] is None  # no cue: left blank


@pytest.mark.parametrize(
    "sentence, number, status",
    [
        ("RusHydro could take a stake of up to 30% in the company", "30%", "proposed"),
        ("Kyrgyz officials asked Moscow for a $150 million grant", "$150", "proposed"),
        ("Moscow plans to station 200 troops there", "200", "proposed"),
        ("Several hundred are to be implemented soon", "Several hundred", "proposed"),
        ("Medvedev pledged a $150 million grant", "$150", "pledged"),
        ("Russia will send 30 tanks", "30", "pledged"),
        ("The aid was projected to total $1.1 billion", "$1.1", "pledged"),
        ("Moscow has agreed to help fund $500 million of projects", "$500", "pledged"),
        ("The two sides signed a $2 billion loan agreement", "$2 billion", "signed"),
        ("Moscow agreed to restructure the $184 million debt", "$184", "signed"),
        ("the Duma ratified the write-off of $500 million", "$500", "in_force"),
        ("The agreement is in force during 15 years", "15 years", "in_force"),
        ("Under the agreement Russia keeps the base for 15 years", "15 years", "in_force"),
        ("Moscow pays $60 million a year in rent", "$60", "delivered"),
        ("Russia has provided military equipment worth 15 million rubles", "15", "delivered"),
        ("Russia deposited another $500 million", "$500", "delivered"),
        ("Russia wrote off $193 million of debt", "$193", "delivered"),
        (
            "the Kyrgyz leader reneged on his promise in exchange for a $2 billion loan",
            "$2",
            "cancelled",
        ),
        ("A $2 billion loan offered in 2009 was never disbursed", "$2", "cancelled"),
        ("Its capital was to rise to $1 billion, but Moscow has frozen it", "$1", "cancelled"),
        ("Trade was promised to reach $5 billion", "$5", "reported"),  # a trade value: a fact
        ("About 500 Russian servicemen are stationed at Kant", "500", "reported"),
    ],
)
def test_status_follows_the_codebook_rule(sentence, number, status):
    assert proposals(sentence, number)["status"] == status


def test_every_value_proposed_is_in_the_vocabularies():
    rows = [r for a in _articles() for _, r in _score_module().drafts(a)[1]]
    assert rows
    assert {r["status"] for r in rows} >= {"pledged", "delivered", "reported"}
    for r in rows:
        assert r["kind"] in vocab.KINDS and r["category"] in ("", *vocab.CATEGORIES)
        assert r["status"] in vocab.STATUSES  # the codebook's seven, one list
        assert r["year"] == "" or 1900 <= int(r["year"]) <= 2100
        for f in PROPOSED:
            assert (r[f] == "") == (r[f"{f}_confidence"] == "")
            assert r[f"{f}_confidence"] in ("", *CONFIDENCES)


# --- draft rows and files ----------------------------------------------------------------


def catalogue(text: str, published: str = "2024-05-02") -> Catalogue:
    figures = pd.DataFrame(columns=["id", "source_id", "quote", "value", "unit", "currency"])
    dismissed = pd.DataFrame(columns=["id", "source_id", "quote", "text", "reason"])
    empty = pd.DataFrame()
    return Catalogue(
        sources=pd.DataFrame({"id": ["x"], "published": [published]}),
        figures=figures,
        events=empty,
        dismissed=dismissed,
        texts={"x": text},
        commitments=empty,
        parts=empty,
        set_aside=empty,
        annotations=empty,
        provenance=empty,
    )


def test_confidence_columns_follow_the_fields_they_rate():
    i = DRAFT_COLUMNS.index("status")
    assert DRAFT_COLUMNS[i + 1 : i + 5] == [f"{f}_confidence" for f in PROPOSED]
    assert DRAFT_COLUMNS[i + 5 :] == ["low", "high", "note"]


def test_a_draft_row_says_where_each_value_came_from():
    (row,) = draft_rows(catalogue("In 2022 Moscow pledged a $30 million loan.\n"), "x")
    assert list(row) == DRAFT_COLUMNS or set(row) == set(DRAFT_COLUMNS)
    assert (row["year"], row["kind"], row["category"], row["status"]) == (
        "2022",
        "loan",
        "economics",
        "pledged",
    )
    assert row["year_confidence"] == "high" and row["kind_confidence"] == "high"
    assert "year 2022 from '2022'" in row["note"] and "kind loan from 'loan'" in row["note"]
    assert row["note"].startswith("draft from audit at line 1, column 26: '$30 million'")


def test_proposals_stop_after_the_limit(monkeypatch):
    from rukg.catalogue import drafts

    monkeypatch.setattr(drafts, "PROPOSE_AT_MOST", 1)
    rows = draft_rows(catalogue("Russia sent 500 troops and 30 tanks.\n"), "x")
    assert rows[0]["kind"] == "troops" and rows[1]["kind"] == ""
    assert "nothing proposed" in rows[1]["note"] and rows[1]["unit"] == "count"


def test_draft_files_need_the_confidence_columns_and_merge_without_them(tmp_path):
    rows = draft_rows(catalogue("Moscow pledged a $30 million grant.\n"), "x")
    path = tmp_path / "d.csv"
    path.write_bytes(drafts_csv(rows))
    read = read_drafts(path, "d.csv")
    assert read[0]["kind_confidence"] == "high"
    # A draft written before the confidence columns existed is refused, column by column.
    old = [c for c in DRAFT_COLUMNS if not c.endswith("_confidence")]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=old, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(read)
    with pytest.raises(DataError) as e:
        read_drafts(path, "d.csv")
    assert {p.column for p in e.value.problems} == {f"{f}_confidence" for f in PROPOSED}
    # Merging moves only the columns figures.csv has.
    header = "id,source_id,quote,value,unit,currency,year,category,kind,status,note\n"
    read[0]["reviewed"] = "yes"
    merged, done, left = merged_figures(read, header.encode())
    (row,) = list(csv.DictReader(merged.decode().splitlines()))
    assert list(row) == header.strip().split(",") and row["kind"] == "grant"
    assert (len(done), len(left)) == (1, 0)


# --- the measured floors -----------------------------------------------------------------

# Set just below what tests/draft_articles/score.py measured (see its table); a change to
# the rules that lowers a score below its floor fails here.
FLOORS = {  # field: (precision, recall)
    "row": (0.95, 0.98),
    "value": (0.95, 0.98),
    "unit": (0.90, 0.92),
    "currency": (0.98, 0.98),
    "year": (0.80, 0.82),
    "category": (0.88, 0.84),
    "kind": (0.78, 0.80),
    "status": (0.86, 0.89),
}


def _score_module():
    spec = importlib.util.spec_from_file_location("draft_score", ARTICLES / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _articles() -> list[dict]:
    with (ARTICLES / "articles.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_answer_key_quotes_the_articles():
    texts = {a["article"]: (ARTICLES / a["file"]).read_text(encoding="utf-8") for a in _articles()}
    for name in ("expected.csv", "not_figures.csv"):
        with (ARTICLES / name).open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                assert (r.get("number") or "") in texts[r["article"]], r
                assert (r.get("context") or "") in texts[r["article"]], r
    for text in texts.values():
        assert 150 <= len(text.split()) <= 400


def test_scores_stay_at_or_above_their_floors():
    result = _score_module().score()
    assert result["rule_leaks"] == []  # no name, label, range or date became a row
    low = {
        f: (round(c["precision"], 3), round(c["recall"], 3))
        for f, c in result["fields"].items()
        if c["precision"] < FLOORS[f][0] or c["recall"] < FLOORS[f][1]
    }
    assert not low, f"below the floors {FLOORS}: {low}"


def test_uncovered_and_draft_rows_agree_on_the_articles():
    for a in _articles():
        text = (ARTICLES / a["file"]).read_text(encoding="utf-8")
        cat = catalogue(text, a["published"])
        assert len(draft_rows(cat, "x")) == len(uncovered(cat, ["x"]))
