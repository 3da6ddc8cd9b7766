"""The number parser: what it reads in the formats the articles use, and what it leaves alone."""

import pytest

from rukg.catalogue.quotes import find_mentions, implied_range


def one(text):
    found = [m for m in find_mentions(text) if m.rule is None]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, value, unit, currency",
    [
        ("a $1.7 billion loan", 1.7e9, "money", "USD"),
        ("some US$65 million in trade", 65e6, "money", "USD"),
        ("a 75-billion-ruble line of credit", 75e9, "money", "RUB"),
        ("equipment worth 15 million rubles", 15e6, "money", "RUB"),
        ("(about $560,000)", 560_000, "money", "USD"),
        ("rent of $4.5 million annually", 4.5e6, "money", "USD"),
        ("a 48% stake", 48, "percent", None),
        ("more than 1,300 pieces", 1300, "count", None),
        ("the twenty-nine largest plants", 29, "count", None),
        ("lived seventeen years in Russia", 17, "years", None),
        ("the next five-year period", 5, "years", None),
        ("roughly one-third of trade", 1 / 3, "fraction", None),
        ("trade has nearly tripled", 3, "multiple", None),
        ("estimated at 19,000 tons", 19_000, "tonnes", None),
        ("about 20 miles west", 20, "miles", None),
        ("some 40 kilometers from Bishkek", 40, "km", None),
    ],
)
def test_reads_value_unit_currency(text, value, unit, currency):
    m = one(text)
    assert m.value == pytest.approx(value)
    assert (m.unit, m.currency) == (unit, currency)


@pytest.mark.parametrize(
    "text, qualifier, low, high",
    [
        ("some 350 troops", "some", 315, 385),
        ("nearly tripled", "nearly", 2.7, 3),
        ("more than 70 pieces", "more than", 70, None),
        ("up to 33 years", "up to", None, 33),
        ("at least $1 billion", "at least", 1e9, None),
        ("a $10 million venture", None, None, None),
    ],
)
def test_qualifiers_imply_ranges(text, qualifier, low, high):
    m = one(text)
    assert m.qualifier == qualifier
    assert m.low == (pytest.approx(low) if low is not None else None)
    assert m.high == (pytest.approx(high) if high is not None else None)


def test_several_hundred_is_a_range_without_value():
    m = one("Several hundred are to be implemented soon")
    assert m.value is None and (m.low, m.high) == (200, 900)


def test_mention_spans_cover_the_whole_expression():
    text = "forgiveness of $193 million in debt"
    m = one(text)
    assert text[m.start : m.end] == "$193 million" == m.text


@pytest.mark.parametrize(
    "text, rule",
    [
        ("in February 2009 Medvedev", "plain year"),
        ("held October 2-5 in Osh", "day of month"),
        ("signed on 20 September 2012", "day of month"),
        ("Date of Accession: 09.05.2023", "numeric date"),
        ("modified: 07-02-2019 18:56:18 ZULU", "numeric date"),
        ("see https://example.org/2023/05/08/x-2868265", "inside a URL"),
        ("the South-2006 exercises", "plain year"),
    ],
)
def test_calendar_expressions_carry_a_rule(text, rule):
    found = find_mentions(text)
    assert found and all(m.rule is not None for m in found)
    assert rule in {m.rule for m in found}


def test_bare_one_is_not_scanned_but_two_is():
    assert [m.number for m in find_mentions("one of the two countries")] == ["two"]


def test_implied_range_of_exact_wording_is_empty():
    assert implied_range(5.0, None) == (None, None)


def test_fast_lower_casing_finds_the_same_candidates():
    # find_mentions looks for number words in text.lower() instead of lower-casing A-Z
    # only (ten times faster on a large text). That is safe because, for every code point
    # whose lower case is one character, lower-casing keeps it a word character or not, a
    # digit or not, and non-ASCII; the exceptions (dotted capital I, the Kelvin sign) send
    # the text down the slow path.
    import re
    import sys

    from rukg.catalogue.quotes import _ASCII_LOWER, _KELVIN, _lowered

    word, digit = re.compile(r"\w"), re.compile(r"\d")
    odd = []
    for i in range(sys.maxunicode + 1):
        c = chr(i)
        low = c.lower()
        if low == c.translate(_ASCII_LOWER):
            continue
        if len(low) != 1:
            assert _lowered(c) == c, hex(i)  # slow path: position kept
            continue
        if (
            bool(word.match(c)) != bool(word.match(low))
            or bool(digit.match(c)) != bool(digit.match(low))
            or low.isascii()
        ):
            odd.append(c)
    assert odd == [_KELVIN]
    assert _lowered(f"{_KELVIN}m Twenty") == f"{_KELVIN}m twenty"
    assert _lowered("İ Seventeen") == "İ seventeen"


def test_cached_parse_and_index_agree_with_a_scan():
    from rukg.catalogue.quotes import cached_mentions, mentions_between

    text = (
        "In 2022 some 350 troops (about $1.7 billion, one-third of it) arrived; "
        "on March 3, 2022 at 10:30 twenty-nine more.\nSeveral hundred left. 5 5 5."
    )
    found = find_mentions(text)
    assert cached_mentions(text) == found
    assert cached_mentions(text) is cached_mentions(text)
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1, 7):
            naive = [m for m in found if m.start >= start and m.end <= end]
            assert mentions_between(text, start, end) == naive, (start, end)


def test_tick_reports_progress_without_changing_the_result():
    text = "a $1.7 billion loan and 350 troops. " * 30_000
    seen = []
    assert find_mentions(text, tick=seen.append) == find_mentions(text)
    assert seen == sorted(seen) and seen[-1] == len(text) and len(seen) >= 2


def test_candidate_words_regex_matches_exactly_the_words():
    import re

    from rukg.catalogue.quotes import _STARTS
    from rukg.catalogue.wording import word_trie

    words = re.compile(word_trie(_STARTS))
    assert all(words.fullmatch(w) for w in _STARTS)
    near = {w[:i] for w in _STARTS for i in range(len(w))} | {w + "s" for w in _STARTS}
    assert not [w for w in near - set(_STARTS) if words.fullmatch(w)]


@pytest.mark.parametrize(
    "window",
    [
        "",
        "about ",
        "it was about  ",
        "ABOUT\t",
        "\u017fome ",  # long s: case-insensitive "some"
        "some",  # no whitespace after it
        "awesome ",  # not at a word boundary
        "more than ",
        "cost more than\n",
        "an estimated at ",
        "estimated at\u00a0",
        "up to about ",
        "as much as \u2003 ",
        "just under ",
        "under ",
        "  ",
        "about x ",
    ],
)
def test_qualifier_lookup_agrees_with_the_search(window):
    from rukg.catalogue.quotes import _QUALIFIER_BEFORE, _qualifier_before

    m = _QUALIFIER_BEFORE.search(window)
    assert _qualifier_before(window) == (m and (m.group(1), len(m.group(0))))


def test_word_candidates_follow_exactly_the_non_word_characters():
    # The candidate search finds a number word after a space, or after any other character
    # that is not a word character (two patterns, each quick to scan for): together they
    # must accept every non-word character before the word and nothing else.
    import re
    import sys

    from rukg.catalogue.quotes import _WORD_AFTER_OTHER_GAP, _WORD_AFTER_SPACE

    word = re.compile(r"\w")
    wrong = [
        hex(i)
        for i in range(sys.maxunicode + 1)
        if bool(
            _WORD_AFTER_SPACE.match(chr(i) + "two") or _WORD_AFTER_OTHER_GAP.match(chr(i) + "two")
        )
        == bool(word.match(chr(i)))
    ]
    assert wrong == []


def test_digit_candidates_are_told_apart_by_isdecimal():
    # find_mentions tells a digit candidate from a word one with str.isdecimal: it must
    # agree with what \d matches, for every code point.
    import re
    import sys

    digit = re.compile(r"\d")
    assert not [
        i for i in range(sys.maxunicode + 1) if bool(digit.match(chr(i))) != chr(i).isdecimal()
    ]
