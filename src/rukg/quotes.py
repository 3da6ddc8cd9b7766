"""Reading numbers out of text: the one parser behind validation, the audit and draft rows.

``find_mentions(text)`` returns every numeric expression in ``text`` as a
:class:`Mention`: digits ("1,300", "4.5"), number words ("twenty-nine",
"seventeen"), fractions ("one-third"), multipliers ("tripled", "3-fold") and
vague quantities ("several hundred"), together with what surrounds them: a
currency sign or word ("$", "US$", "rubles"), a scale word ("million",
"-billion-"), a percent sign, a unit word ("tons", "miles", "years") and an
approximating qualifier ("nearly", "some", "more than").

Calendar expressions are found too but carry ``rule`` (why they are not
figures), so callers can skip them: plain years, day numbers beside a month
name, numeric dates, clock times and anything inside a URL. Bare "one" is not
scanned at all: in prose it is nearly always a pronoun ("one of the", "one
another"), and "one-third" is caught as a fraction.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["Mention", "find_mentions", "implied_range", "currency_matches", "UNITS"]

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

_SMALL = {
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
_ONES = {"one": 1, **{k: v for k, v in _SMALL.items() if v < 10 and v > 0}}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_FRACTIONS = {
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
_MULTIPLIER_WORDS = {
    "doubled": 2,
    "tripled": 3,
    "trebled": 3,
    "quadrupled": 4,
    "halved": 0.5,
}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

# Qualifier → (low factor, high factor); None means the bound is open.
_QUALIFIERS: dict[str, tuple[float | None, float | None]] = {
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
_VAGUE = {"hundred": (200.0, 900.0), "thousand": (2000.0, 9000.0)}

_WORD_NUMBER = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:-(?:" + "|".join(_ONES) + r"))?"
    r"|" + "|".join(sorted(_SMALL, key=len, reverse=True)) + r")"
)
_CORE = re.compile(
    r"(?P<vague>\bseveral\s+(?P<vague_scale>hundred|thousand)\b)"
    r"|(?P<multword>\b(?:" + "|".join(_MULTIPLIER_WORDS) + r")\b)"
    r"|(?P<fold>\b(?P<fold_n>\d+|" + _WORD_NUMBER + r")-fold\b)"
    r"|(?P<frac>\b(?P<frac_n>one|two|three|four)[- ](?P<frac_d>" + "|".join(_FRACTIONS) + r")\b)"
    r"|(?P<digits>(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)|(?<![\d.,])\d+(?:\.\d+)?)"
    r"|(?P<word>\b" + _WORD_NUMBER + r"\b)",
    re.IGNORECASE,
)
# Where a number expression can start: a run of digits, or a word that begins one ("one"
# only counts inside "one-third" and the like). Searched in an ASCII-lower-cased copy,
# which keeps every character at its position.
_STARTS = sorted({"one", "several", *_SMALL, *_TENS, *_MULTIPLIER_WORDS}, key=len, reverse=True)
_CANDIDATE = re.compile(r"\d+|\b(?:" + "|".join(_STARTS) + r")\b")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_SCALE_AFTER = re.compile(r"[\s-](hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"[\s-](rubles?|roubles?|(?:US\s)?dollars?)\b", re.IGNORECASE)
_PERCENT_AFTER = re.compile(r"\s?(%|percent\b|per\scent\b)", re.IGNORECASE)
_UNIT_AFTER = re.compile(
    r"[\s-](tons?|tonnes?|miles?|kilometers?|kilometres?|km|years?)\b", re.IGNORECASE
)
_CURRENCY_BEFORE = re.compile(r"(US\$|\$|USD\s?|RUB\s?)$")
_QUALIFIER_BEFORE = re.compile(
    r"\b(" + "|".join(sorted(_QUALIFIERS, key=len, reverse=True)) + r")\s+$", re.IGNORECASE
)
_UNIT_WORDS = {
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

# Calendar and other non-figure spans, found first and handed out with a rule.
_URL = re.compile(r"https?://\S+")
_NUMERIC_DATE = re.compile(r"(?<![\d.])\d{1,2}[./-]\d{1,2}[./-]\d{4}(?![\d])")
_CLOCK = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])")
# Month names are matched as written (capitalised): case-insensitive alternations made
# this scan the slowest part of the audit.
_MONTH_DAY = re.compile(
    r"\b(?:" + _MONTHS + r")\s+(?P<day>\d{1,2}(?:\s*[-–]\s*\d{1,2})?)(?![\d,]\d)"
)
_DAY_MONTH = re.compile(r"(?<![\d.,])(?P<day>\d{1,2})\s+(?:" + _MONTHS + r")\b")
_DECADE = re.compile(r"(?<![\d.,])(?:19|20)\d0s\b")
_DIGITS = re.compile(r"\d+")
_DIGIT_LED = (
    (_NUMERIC_DATE, "numeric date"),
    (_CLOCK, "clock time"),
    (_DAY_MONTH, "day of month"),
    (_DECADE, "decade"),
)


@dataclass(frozen=True)
class Mention:
    """One numeric expression found in a text.

    ``start``/``end`` delimit the whole expression (qualifier to unit) in the
    scanned text; ``number`` is the bare numeral as written ("1,300", "two").
    ``value`` is in base units (``None`` for vague quantities), ``low`` and
    ``high`` the range implied by the qualifier. ``rule`` is set when the
    expression is a calendar date, year, clock time or part of a URL.
    """

    text: str
    number: str
    start: int
    end: int
    value: float | None
    unit: str
    currency: str | None
    qualifier: str | None
    low: float | None
    high: float | None
    rule: str | None = None


def implied_range(value: float, qualifier: str | None) -> tuple[float | None, float | None]:
    """The range that approximate wording implies for ``value`` (see data/README.md, Ranges).

    Exact wording (no qualifier) implies no range: ``(None, None)``.
    """
    if qualifier is None:
        return (None, None)
    lo, hi = _QUALIFIERS[_key(qualifier)]
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


# Case-insensitive matching also pairs a few non-ASCII letters with ASCII ones: long s
# with s, dotless i and dotted capital I with i, the Kelvin sign with k. The tables are
# keyed by ASCII spellings, so words found in the text are looked up through _key.
_ASCII_FOLD = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0130": "i", "\u212a": "k"})


def _key(word: str) -> str:
    """The table key of a word matched case-insensitively ("Some", "thou\u017fand" → ASCII)."""
    return word.translate(_ASCII_FOLD).lower()


def _word_value(word: str) -> float:
    w = _key(word)
    if w in _SMALL:
        return float(_SMALL[w])
    if w in _ONES:
        return float(_ONES[w])
    tens, _, ones = w.partition("-")
    return float(_TENS[tens] + (_ONES[ones] if ones else 0))


def _parse_digits(s: str) -> float:
    return float(s.replace(",", ""))


def _calendar_spans(text: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for m in _URL.finditer(text):
        spans.append((m.start(), m.end(), "inside a URL"))
    for m in _MONTH_DAY.finditer(text):
        spans.append((m.start("day"), m.end("day"), "day of month"))
    # The other calendar forms start with a digit: try them only where a run of digits
    # starts, which is much faster than searching the whole text with each pattern.
    for d in _DIGITS.finditer(text):
        at = d.start()
        for pattern, rule in _DIGIT_LED:
            m = pattern.match(text, at)
            if m:
                group = "day" if "day" in pattern.groupindex else 0
                spans.append((m.start(group), m.end(group), rule))
    return spans


class _Spans:
    """Calendar spans sorted by start, for fast "which span covers this match" lookups.

    A prefix maximum of the ends lets a lookup stop as soon as no earlier span
    can reach the match, so the audit stays linear in the size of the text.
    """

    def __init__(self, spans: list[tuple[int, int, str]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _, _ in self.spans]
        self.reach = []
        furthest = -1
        for _, e, _ in self.spans:
            furthest = max(furthest, e)
            self.reach.append(furthest)

    def rule(self, start: int, end: int) -> str | None:
        i = bisect_right(self.starts, start) - 1
        while i >= 0 and self.reach[i] >= end:
            s, e, rule = self.spans[i]
            if s <= start and end <= e:
                return rule
            i -= 1
        return None


def find_mentions(text: str) -> list[Mention]:
    """Every numeric expression in ``text``, in order of appearance."""
    calendar = _Spans(_calendar_spans(text))
    mentions: list[Mention] = []
    pos = 0
    # Try the full pattern only where a number can start: at digits and at the words that
    # begin number expressions. Matching there, instead of searching everywhere, keeps the
    # audit fast on large corpora.
    for candidate in _CANDIDATE.finditer(text.translate(_ASCII_LOWER)):
        if candidate.start() < pos:
            continue
        m = _CORE.match(text, candidate.start())
        if m is None:
            continue
        pos = m.end()
        start, end = m.start(), m.end()
        number = m.group(0)
        unit = "count"
        currency: str | None = None
        value: float | None
        low = high = None
        kind = m.lastgroup
        if m.group("vague"):
            value = None
            low, high = _VAGUE[_key(m.group("vague_scale"))]
        elif m.group("multword"):
            value = float(_MULTIPLIER_WORDS[_key(number)])
            unit = "multiple"
        elif m.group("fold"):
            n = m.group("fold_n")
            value = _parse_digits(n) if n[0].isdigit() else _word_value(n)
            unit = "multiple"
        elif m.group("frac"):
            num = _ONES[_key(m.group("frac_n"))]
            value = num / _FRACTIONS[_key(m.group("frac_d"))]
            unit = "fraction"
        else:
            kind = "digits" if m.group("digits") else "word"
            value = _parse_digits(number) if kind == "digits" else _word_value(number)
            # Scale word, then currency word or percent, then a unit word.
            sm = _SCALE_AFTER.match(text, end)
            if sm:
                value *= _SCALES[_key(sm.group(1))]
                end = sm.end()
                pos = max(pos, end)
            cm = _CURRENCY_AFTER.match(text, end)
            pm = _PERCENT_AFTER.match(text, end)
            um = _UNIT_AFTER.match(text, end)
            if cm:
                currency = "USD" if "dollar" in _key(cm.group(1)) else "RUB"
                unit = "money"
                end = cm.end()
            elif pm:
                unit = "percent"
                end = pm.end()
            elif um:
                unit = _UNIT_WORDS[_key(um.group(1))]
                end = um.end()
            before = text[max(0, start - 6) : start]
            cb = _CURRENCY_BEFORE.search(before)
            if cb and kind == "digits":
                currency = "RUB" if cb.group(1).startswith("RUB") else "USD"
                unit = "money"
                start -= len(cb.group(1))
        qualifier = None
        qm = _QUALIFIER_BEFORE.search(text[max(0, start - 20) : start])
        if qm:
            qualifier = _key(qm.group(1))
            start -= len(qm.group(0))
            if value is not None:
                low, high = implied_range(value, qualifier)
        rule = calendar.rule(m.start(), m.end())
        if (
            rule is None
            and kind == "digits"
            and unit == "count"
            and re.fullmatch(r"(?:19|20)\d\d", number)
        ):
            rule = "plain year"
        mentions.append(
            Mention(
                text=text[start:end],
                number=number,
                start=start,
                end=end,
                value=value,
                unit=unit,
                currency=currency,
                qualifier=qualifier,
                low=low,
                high=high,
                rule=rule,
            )
        )
    return mentions


def range_rules() -> list[tuple[str, str]]:
    """The approximate-wording rules in words, for the report's methodology (from the same tables)."""
    groups: dict[tuple, list[str]] = {}
    for word, bounds in _QUALIFIERS.items():
        groups.setdefault(bounds, []).append(f'"{word}"')
    out = []
    for (lo, hi), words in groups.items():
        low = "no lower bound" if lo is None else f"{lo:.0%} of x"
        high = "no upper bound" if hi is None else f"{hi:.0%} of x"
        out.append((", ".join(words), f"{low} to {high}"))
    for scale, (lo, hi) in _VAGUE.items():
        out.append((f'"several {scale}"', f"{lo:,.0f} to {hi:,.0f}, no single value"))
    return out
