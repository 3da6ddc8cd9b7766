"""Properties of the number parser: every amount format the articles use reads back, in any prose.

Generated amounts are rendered in one of the articles' formats ("$1.7 billion",
"US$65 million", "$560,000", "15 million rubles", "75-billion-ruble", "48%", "some
350", "more than 1,300", "nearly tripled", "one-third", "twenty-nine", "up to 33
years"), optionally behind an approximating qualifier, and put between random prose
made of characters that cannot form a number, a unit, a currency, a qualifier or a
date. ``find_mentions`` must then find exactly one non-calendar mention, spanning the
phrase, with the value, unit, currency and range the codebook (data/README.md) gives.

Arbitrary text must never crash the parser, the audit's draft-quote code
(``rukg.catalogue.drafts._context``) or ``rukg.catalogue.sources.line_col``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rukg.catalogue.drafts import _context
from rukg.catalogue.quotes import find_mentions
from rukg.files import line_col

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Ranges implied by approximate wording, as data/README.md states them (factors of x).
RANGES = {
    "nearly": (0.9, 1.0),
    "almost": (0.9, 1.0),
    "just under": (0.9, 1.0),
    "about": (0.9, 1.1),
    "some": (0.9, 1.1),
    "roughly": (0.9, 1.1),
    "around": (0.9, 1.1),
    "approximately": (0.9, 1.1),
    "an estimated": (0.9, 1.1),
    "estimated at": (0.9, 1.1),
    "more than": (1.0, None),
    "over": (1.0, None),
    "at least": (1.0, None),
    "up to": (None, 1.0),
    "as much as": (None, 1.0),
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
UNITS = {"tons": "tonnes", "tonnes": "tonnes", "miles": "miles", "km": "km", "years": "years"}
UNITS |= {"kilometers": "km", "kilometres": "km"}
MULTIPLIERS = {"doubled": 2, "tripled": 3, "trebled": 3, "quadrupled": 4, "halved": 0.5}
FRACTIONS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5}
NUMERATORS = {"one": 1, "two": 2, "three": 3}


@dataclass(frozen=True)
class Amount:
    phrase: str  # as written, qualifier included
    value: float
    unit: str
    currency: str | None
    qualifier: str | None

    @property
    def range(self) -> tuple[float | None, float | None]:
        if self.qualifier is None:
            return (None, None)
        lo, hi = RANGES[self.qualifier]
        return (None if lo is None else self.value * lo, None if hi is None else self.value * hi)


# --- numbers as the articles write them --------------------------------------------------


@st.composite
def decimal(draw, max_whole=999) -> str:
    """ "1.7", "65", "4.5", "0.25": a number with at most two decimals."""
    whole = draw(st.integers(0, max_whole))
    places = draw(st.integers(0, 2))
    if places == 0:
        return str(max(whole, 1))
    return f"{whole}.{draw(st.integers(0, 10**places - 1)):0{places}d}"


def grouped(low=1_000, high=10**9) -> st.SearchStrategy[str]:
    """ "560,000", "1,300": thousands separated by commas."""
    return st.integers(low, high).map(lambda n: f"{n:,}")


def count() -> st.SearchStrategy[str]:
    """A count as digits: plain below 1,000 (four plain digits from 1900 to 2099 read as a
    year, by rule), grouped from 1,000 up."""
    return st.one_of(st.integers(1, 999).map(str), grouped())


def num(text: str) -> float:
    return float(text.replace(",", ""))


@st.composite
def amount(draw) -> tuple[str, float, str, str | None]:
    """(phrase, value, unit, currency) in one of the articles' formats, unqualified."""
    form = draw(
        st.sampled_from(
            [
                "$x scale",
                "US$x scale",
                "$n,nnn",
                "x scale rubles",
                "x-scale-ruble",
                "x%",
                "x percent",
                "count",
                "count unit",
                "multiplier",
                "fraction",
                "word",
                "word unit",
            ]
        )
    )
    x, scale = draw(decimal()), draw(st.sampled_from(sorted(SCALES)))
    if form == "$x scale":
        return f"${x} {scale}", num(x) * SCALES[scale], "money", "USD"
    if form == "US$x scale":
        return f"US${x} {scale}", num(x) * SCALES[scale], "money", "USD"
    if form == "$n,nnn":
        n = draw(grouped())
        return f"${n}", num(n), "money", "USD"
    if form == "x scale rubles":
        word = draw(st.sampled_from(["rubles", "roubles", "ruble"]))
        return f"{x} {scale} {word}", num(x) * SCALES[scale], "money", "RUB"
    if form == "x-scale-ruble":
        return f"{x}-{scale}-ruble", num(x) * SCALES[scale], "money", "RUB"
    if form == "x%":
        return f"{x}%", num(x), "percent", None
    if form == "x percent":
        return f"{x} percent", num(x), "percent", None
    if form == "count":
        n = draw(count())
        return n, num(n), "count", None
    if form == "count unit":
        n, word = draw(count()), draw(st.sampled_from(sorted(UNITS)))
        return f"{n} {word}", num(n), UNITS[word], None
    if form == "multiplier":
        word = draw(st.sampled_from(sorted(MULTIPLIERS)))
        return word, float(MULTIPLIERS[word]), "multiple", None
    if form == "fraction":
        bottom = draw(st.sampled_from(sorted(FRACTIONS)))
        top = "one" if bottom == "half" else draw(st.sampled_from(sorted(NUMERATORS)))
        plural = "s" if NUMERATORS[top] > 1 else ""
        sep = draw(st.sampled_from(["-", " "]))
        return f"{top}{sep}{bottom}{plural}", NUMERATORS[top] / FRACTIONS[bottom], "fraction", None
    # "twenty-nine" style words for 21 to 99
    tens, ones = draw(st.sampled_from(TENS)), draw(st.sampled_from([None, *ONES]))
    word = tens if ones is None else f"{tens}-{ones}"
    value = float((TENS.index(tens) + 2) * 10 + (0 if ones is None else ONES.index(ones) + 1))
    if form == "word unit":
        unit = draw(st.sampled_from(sorted(UNITS)))
        return f"{word} {unit}", value, UNITS[unit], None
    return word, value, "count", None


@st.composite
def amounts(draw) -> Amount:
    phrase, value, unit, currency = draw(amount())
    qualifier = draw(st.none() | st.sampled_from(sorted(RANGES)))
    if qualifier is not None:
        written = draw(st.sampled_from([qualifier, qualifier.capitalize()]))
        phrase = f"{written} {phrase}"
    return Amount(phrase, value, unit, currency, qualifier)


# Prose that cannot make a number, unit, currency, qualifier, month or URL: consonants
# without "m" (no "km"), spaces, and punctuation other than % $ : / (no vowels: every
# number word, unit word, month name and qualifier has one).
PROSE = st.text(
    alphabet=st.sampled_from(list("bcdfghjklnpqrstvwxzBCDFGHJKLNPQRSTVWXZ .,;!?'\"()-")),
    max_size=40,
)


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9)


@SETTINGS
@given(amounts(), PROSE, PROSE)
def test_amounts_read_back_in_any_prose(expected, before, after):
    text = f"{before} {expected.phrase} {after}"
    found = [m for m in find_mentions(text) if m.rule is None]
    assert len(found) == 1, (text, found)
    m = found[0]
    assert m.text == expected.phrase == text[m.start : m.end]
    assert close(m.value, expected.value), (m.value, expected.value)
    assert (m.unit, m.currency, m.qualifier) == (
        expected.unit,
        expected.currency,
        expected.qualifier,
    )
    low, high = expected.range
    assert close(m.low, low) and close(m.high, high), ((m.low, m.high), (low, high))


# Text made of the parser's own words (so that random text reaches its table lookups),
# digits, separators and random characters, with some letters swapped for those that
# case-insensitive matching pairs with ASCII ones (long s, dotless i, dotted capital I,
# the Kelvin sign).
VOCABULARY = [
    *RANGES,
    *SCALES,
    "hundred",
    "several",
    *TENS,
    *ONES,
    "ten",
    "seventeen",
    *MULTIPLIERS,
    *FRACTIONS,
    "thirds",
    "rubles",
    "roubles",
    "US dollars",
    "percent",
    "per cent",
    "fold",
    *UNITS,
    "mile",
    "year",
    "October",
    "https://",
    "%",
    "$",
    "US$",
    "USD ",
    "RUB ",
    "1",
    "07",
    "350",
    "1,300",
    "2019",
    "4.5",
    ":",
    ".",
    ". ",
    "\n",
]
CONFUSABLE = {"s": "\u017f", "i": "\u0131\u0130", "k": "\u212a"}


@st.composite
def wordy_text(draw) -> str:
    parts = draw(st.lists(st.sampled_from(VOCABULARY) | st.text(max_size=3), max_size=12))
    text = "".join(draw(st.sampled_from(["", " ", "-"])) + p for p in parts)
    for letter, lookalikes in CONFUSABLE.items():
        swap = draw(st.sampled_from(["", *lookalikes]))
        if swap:
            text = text.replace(letter, swap).replace(letter.upper(), swap)
    return text


@SETTINGS
@given(st.text() | wordy_text())
@example("\u017fome 350 ton\u017f")  # once a KeyError: the tables had no "ſome"
@example("5 thou\u017fand")
@example("twenty-\u017fix")
@example("one-th\u0131rd")
@example("at lea\u017ft $5 b\u0130llion")
def test_arbitrary_text_never_crashes_the_parser_or_the_audit(text):
    for m in find_mentions(text):
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start : m.end] == m.text and m.number in m.text
        # The audit's draft quote: the sentence around the mention, verbatim.
        quote = _context(text, m)
        assert quote in text and m.text in quote
        # The audit's location: line and column of the mention's first character.
        line, col = line_col(text, m.start)
        assert text.split("\n")[line - 1][col - 1 :].startswith(m.text.split("\n")[0])


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200), amounts())
def test_amounts_inside_arbitrary_text_never_crash(noise, expected):
    text = f"{noise} {expected.phrase}\n{noise}"
    for m in find_mentions(text):
        assert text[m.start : m.end] == m.text
        _context(text, m)


@SETTINGS
@given(
    st.lists(
        st.sampled_from(["about", "More than", "up to", "some", "\u017fome", "x", "as much as"])
        | st.text(alphabet=" \t\n\u00a0\u2003\x1cabcmost", max_size=4),
        max_size=6,
    ).map("".join)
)
def test_qualifier_lookup_agrees_with_the_search(window):
    # find_mentions reads the qualifier before a number from the reversed text; it must
    # find what a search with _QUALIFIER_BEFORE finds.
    from rukg.catalogue.quotes import _QUALIFIER_BEFORE, _qualifier_before

    window = window[-20:]
    m = _QUALIFIER_BEFORE.search(window)
    assert _qualifier_before(window) == (m and (m.group(1), len(m.group(0))))
