"""The words of numeric expressions and what they mean: number words, fractions,
multipliers, scales, approximating qualifiers with the ranges they imply, currency and
unit words.

The parser (:mod:`rukg.catalogue.quotes`) builds its patterns from these tables, and the
report's methodology states the range rules from them (:func:`range_rules`), so the
wording is defined once.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["UNITS", "implied_range", "currency_matches", "range_rules"]

UNITS = (
    "money",
    "percent",
    "fraction",
    "multiple",
    "count",
    "people",
    "tonnes",
    "km",
    "miles",
    "years",
)

SMALL = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
ONES = {"one": 1, **{k: v for k, v in SMALL.items() if v < 10 and v > 0}}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# Denominators of the fractions written in words ("one-third", "two quarters").
FRACTIONS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
}
MULTIPLIER_WORDS = {
    "doubled": 2,
    "tripled": 3,
    "trebled": 3,
    "quadrupled": 4,
    "halved": 0.5,
}
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

# Qualifier → (low factor, high factor); None means the bound is open.
QUALIFIERS: dict[str, tuple[float | None, float | None]] = {
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
# "several hundred" and the like: a vague quantity with no single value.
VAGUE = {"hundred": (200.0, 900.0), "thousand": (2000.0, 9000.0)}

# Unit words after a number → the unit a figure row records.
UNIT_WORDS = {
    "ton": "tonnes",
    "tons": "tonnes",
    "tonne": "tonnes",
    "tonnes": "tonnes",
    "mile": "miles",
    "miles": "miles",
    "kilometer": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometres": "km",
    "km": "km",
    "year": "years",
    "years": "years",
}

# A cardinal written in words: "twenty-nine", "seventeen" ("one" alone is not scanned).
WORD_NUMBER = (
    r"(?:(?:" + "|".join(TENS) + r")(?:-(?:" + "|".join(ONES) + r"))?"
    r"|" + "|".join(sorted(SMALL, key=len, reverse=True)) + r")"
)


def word_trie(words: list[str]) -> str:
    """A regular expression matching exactly ``words``, alternatives grouped by their
    common beginnings ("s(?:ix|eve(?:n|ral))"): the regex engine tries each letter
    once at a place instead of once per word, about a third faster over a large text.
    Between a word boundary before and one after, at most one of the words can match
    at a place, so the order of the alternatives does not matter."""
    heads: dict[str, list[str]] = {}
    for w in words:
        heads.setdefault(w[:1], []).append(w[1:])
    optional = "" in heads
    alternatives = [re.escape(h) + word_trie(rest) for h, rest in sorted(heads.items()) if h]
    if not alternatives:
        return ""
    if len(alternatives) == 1 and not optional:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")" + ("?" if optional else "")


# Case-insensitive matching also pairs a few non-ASCII letters with ASCII ones: long s
# with s, dotless i and dotted capital I with i, the Kelvin sign with k. The tables are
# keyed by ASCII spellings, so words found in the text are looked up through key().
_ASCII_FOLD = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0130": "i", "\u212a": "k"})


@lru_cache(maxsize=4096)  # a few hundred words in practice: units, scales, qualifiers
def key(word: str) -> str:
    """The table key of a word matched case-insensitively ("Some", "thou\u017fand" → ASCII)."""
    return word.translate(_ASCII_FOLD).lower()


def word_value(word: str) -> float:
    """The value of a cardinal in words ("Twenty-nine" → 29.0)."""
    w = key(word)
    if w in SMALL:
        return float(SMALL[w])
    if w in ONES:
        return float(ONES[w])
    tens, _, ones = w.partition("-")
    return float(TENS[tens] + (ONES[ones] if ones else 0))


def implied_range(value: float, qualifier: str | None) -> tuple[float | None, float | None]:
    """The range that approximate wording implies for ``value`` (see data/README.md, Ranges).

    Exact wording (no qualifier) implies no range: ``(None, None)``.
    """
    if qualifier is None:
        return (None, None)
    lo, hi = QUALIFIERS[key(qualifier)]
    if (lo, hi) == (1.0, 1.0):  # pragma: no cover - no such qualifier
        return (None, None)
    return (
        None if lo is None else value * lo,
        None if hi is None else value * hi,
    )


def currency_matches(parsed: str | None, recorded: str | None) -> bool:
    """Whether a currency read from text (``USD``, ``RUB``) fits the one recorded in a row.

    The text cannot tell old roubles from new ones; ``RUR`` (pre-1998) and
    ``RUB`` both fit "rubles", and the year decides which is right.
    """
    if parsed == "RUB":
        return recorded in ("RUB", "RUR")
    return parsed == recorded


def range_rules() -> list[tuple[str, str]]:
    """The approximate-wording rules in words, for the report's methodology (from the same tables)."""
    groups: dict[tuple, list[str]] = {}
    for word, bounds in QUALIFIERS.items():
        groups.setdefault(bounds, []).append(f'"{word}"')
    out = []
    for (lo, hi), words in groups.items():
        low = "no lower bound" if lo is None else f"{lo:.0%} of x"
        high = "no upper bound" if hi is None else f"{hi:.0%} of x"
        out.append((", ".join(words), f"{low} to {high}"))
    for scale, (lo, hi) in VAGUE.items():
        out.append((f'"several {scale}"', f"{lo:,.0f} to {hi:,.0f}, no single value"))
    return out
