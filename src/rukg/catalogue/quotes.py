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
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "Mention",
    "find_mentions",
    "cached_mentions",
    "mentions_between",
    "implied_range",
    "currency_matches",
    "UNITS",
]

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


def _trie(words: list[str]) -> str:
    """A regular expression matching exactly ``words``, alternatives grouped by their
    common beginnings ("s(?:ix|eve(?:n|ral))"): the regex engine tries each letter
    once at a place instead of once per word, about a third faster over a large text.
    Between a word boundary before and one after, at most one of the words can match
    at a place, so the order of the alternatives does not matter."""
    heads: dict[str, list[str]] = {}
    for w in words:
        heads.setdefault(w[:1], []).append(w[1:])
    optional = "" in heads
    alternatives = [re.escape(h) + _trie(rest) for h, rest in sorted(heads.items()) if h]
    if not alternatives:
        return ""
    if len(alternatives) == 1 and not optional:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")" + ("?" if optional else "")


_CANDIDATE = re.compile(r"\d+|\b" + _trie(_STARTS) + r"\b")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_KELVIN = "\u212a"  # the one non-ASCII letter whose lower case is an ASCII letter ("k")
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
# The same test, faster: the qualifiers spelt backwards, matched at the start of the
# reversed text before a number once its trailing whitespace is stripped (one attempt,
# where a search of _QUALIFIER_BEFORE tries every place). Longest first, so the match
# is the one that starts leftmost, as a search finds it.
_QUALIFIER_REVERSED = re.compile(
    "(" + "|".join(re.escape(q[::-1]) for q in sorted(_QUALIFIERS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
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
# this scan the slowest part of the audit. "\bMonth", written as the first letter, then
# "no word character before it" ((?<!\w.) after one letter), then the rest: a pattern
# that starts with a letter lets the regex engine skip to the letters J, F, M, A, S, O,
# N, D, five times faster than trying the boundary everywhere. No month name begins
# another, so the order of the alternatives does not matter.
_MONTH_HEADS: dict[str, list[str]] = {}
for _month in _MONTHS.split("|"):
    _MONTH_HEADS.setdefault(_month[0], []).append(_month[1:])
_MONTH_DAY = re.compile(
    "(?:"
    + "|".join(h + r"(?<!\w.)" + _trie(rest) for h, rest in sorted(_MONTH_HEADS.items()))
    + r")\s+(?P<day>\d{1,2}(?:\s*[-–]\s*\d{1,2})?)(?![\d,]\d)"
)
_DAY_MONTH = re.compile(r"(?<![\d.,])(?P<day>\d{1,2})\s+(?:" + _MONTHS + r")\b")
_DECADE = re.compile(r"(?<![\d.,])(?:19|20)\d0s\b")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DIGITS = re.compile(r"\d+")
_DIGIT_LED = (
    (_NUMERIC_DATE, "numeric date"),
    (_CLOCK, "clock time"),
    (_DAY_MONTH, "day of month"),
    (_DECADE, "decade"),
)
# The four as one pattern, tried once where a run of digits starts. At most one of them
# can match at a place (after the first one or two digits a date needs one of "./-", a
# clock ":", a day of month a space, a decade two more digits), so the first that
# matches is the only one. Group c<i> is _DIGIT_LED[i]; group "day" the day of month.
_DIGIT_LED_ANY = re.compile(
    "|".join(f"(?P<c{i}>{p.pattern})" for i, (p, _) in enumerate(_DIGIT_LED))
)
_DIGIT_LED_RULES = {f"c{i}": rule for i, (_, rule) in enumerate(_DIGIT_LED)}


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


@lru_cache(maxsize=4096)  # a few hundred words in practice: units, scales, qualifiers
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
    match = _DIGIT_LED_ANY.match
    for d in _DIGITS.finditer(text):
        m = match(text, d.start())
        if m:
            name = m.lastgroup
            group = "day" if name == "c2" else name
            spans.append((m.start(group), m.end(group), _DIGIT_LED_RULES[name]))
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


def _qualifier_before(window: str) -> tuple[str, int] | None:
    """The qualifier that ``window`` (the text before a number) ends with, followed by
    whitespace only, as written, and the length of the two together; as
    ``_QUALIFIER_BEFORE.search(window)`` finds it (group 1 and the whole match)."""
    head = window.rstrip()  # str.isspace is what \s matches
    if len(head) == len(window):
        return None
    m = _QUALIFIER_REVERSED.match(head[::-1])
    if m is None:
        return None
    return m.group(1)[::-1], len(window) - len(head) + m.end()


def _lowered(text: str) -> str:
    """``text`` with A-Z lower-cased and every character at its position.

    ``str.lower`` is about ten times faster than ``translate`` and gives the same
    candidates: apart from the Kelvin sign (lower case "k") and dotted capital I
    (two characters), lower-casing never turns a non-ASCII character into an ASCII
    one nor changes whether it is a word character or a digit, which is all that
    ``_CANDIDATE`` looks at (tests/test_quotes.py checks every code point).
    """
    low = text.lower()
    if len(low) != len(text) or _KELVIN in text:
        return text.translate(_ASCII_LOWER)
    return low


# How often (in candidates) find_mentions reports how far it has got, when asked to.
_TICK_EVERY = 20_000


def find_mentions(text: str, tick: Callable[[int], None] | None = None) -> list[Mention]:
    """Every numeric expression in ``text``, in order of appearance.

    ``tick``, when given, is called now and then with the offset reached in
    ``text`` (for a progress bar); it does not change what is found.
    """
    calendar = _Spans(_calendar_spans(text))
    mentions: list[Mention] = []
    pos = 0
    countdown = _TICK_EVERY
    # Try the full pattern only where a number can start: at digits and at the words that
    # begin number expressions. Matching there, instead of searching everywhere, keeps the
    # audit fast on large corpora.
    for candidate in _CANDIDATE.finditer(_lowered(text)):
        if tick is not None:
            countdown -= 1
            if not countdown:
                countdown = _TICK_EVERY
                tick(candidate.start())
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
            # Each is tried only when the one before did not match (the first match wins).
            if cm := _CURRENCY_AFTER.match(text, end):
                currency = "USD" if "dollar" in _key(cm.group(1)) else "RUB"
                unit = "money"
                end = cm.end()
            elif pm := _PERCENT_AFTER.match(text, end):
                unit = "percent"
                end = pm.end()
            elif um := _UNIT_AFTER.match(text, end):
                unit = _UNIT_WORDS[_key(um.group(1))]
                end = um.end()
            before = text[max(0, start - 6) : start]
            cb = _CURRENCY_BEFORE.search(before)
            if cb and kind == "digits":
                currency = "RUB" if cb.group(1).startswith("RUB") else "USD"
                unit = "money"
                start -= len(cb.group(1))
        qualifier = None
        qm = _qualifier_before(text[max(0, start - 20) : start])
        if qm:
            qualifier = _key(qm[0])
            start -= qm[1]
            if value is not None:
                low, high = implied_range(value, qualifier)
        rule = calendar.rule(m.start(), m.end())
        if rule is None and kind == "digits" and unit == "count" and _YEAR.fullmatch(number):
            rule = "plain year"
        # Positional: the fields in order (text, number, start, end, value, unit, currency,
        # qualifier, low, high, rule); a third faster than by keyword, 300,000 times.
        mentions.append(
            Mention(
                text[start:end],
                number,
                start,
                end,
                value,
                unit,
                currency,
                qualifier,
                low,
                high,
                rule,
            )
        )
    if tick is not None:
        tick(len(text))
    return mentions


# --- shared parse ------------------------------------------------------------------
#
# Validation, the consistency check, the audit and draft rows all read the mentions of
# the same texts: each text is parsed once per process and its mentions kept, together
# with an index by start offset for "which mentions lie inside this quote" lookups.

_PARSED: dict[str, tuple[list[Mention], list[int], list[int], bool]] = {}
# Texts at least this long show a progress bar (by characters) while they are parsed.
BIG_TEXT = 2_000_000


def _parsed(text: str) -> tuple[list[Mention], list[int], list[int], bool]:
    hit = _PARSED.get(text)
    if hit is None:
        if len(text) >= BIG_TEXT:
            from rukg.progress import bar

            with bar("parsing numbers", total=len(text), unit="char", unit_scale=True) as b:
                mentions = find_mentions(text, tick=lambda at: b.update(at - b.n))
        else:
            mentions = find_mentions(text)
        # Mentions sorted by start (ties in order of appearance); already so in practice.
        order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
        in_order = all(i == k for k, i in enumerate(order))
        hit = (mentions, order, [mentions[i].start for i in order], in_order)
        _PARSED[text] = hit
    return hit


def cached_mentions(text: str) -> list[Mention]:
    """``find_mentions(text)``, parsed once per process and text (do not modify the list)."""
    return _parsed(text)[0]


def mentions_between(text: str, start: int, end: int) -> list[Mention]:
    """The mentions of ``text`` lying wholly within ``text[start:end]``, in order of appearance.

    Calendar mentions included. A lookup in the cached parse: O(log n + k), not a scan
    of every mention.
    """
    mentions, order, starts, in_order = _parsed(text)
    idx = order[bisect_left(starts, start) : bisect_right(starts, end)]
    if not in_order:  # a start before the one of an earlier mention: back to text order
        idx.sort()
    return [mentions[i] for i in idx if mentions[i].end <= end]


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
