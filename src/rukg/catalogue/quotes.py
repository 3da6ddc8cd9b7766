"""Reading numbers out of text: the one parser behind validation, the audit and draft rows.

``find_mentions(text)`` returns every numeric expression in ``text`` as a
:class:`Mention`: digits ("1,300", "4.5"), number words ("twenty-nine",
"seventeen"), fractions ("one-third"), multipliers ("tripled", "3-fold") and
vague quantities ("several hundred"), together with what surrounds them: a
currency sign or word ("$", "US$", "rubles"), a scale word ("million",
"-billion-"), a percent sign, a unit word ("tons", "miles", "years") and an
approximating qualifier ("nearly", "some", "more than"). The words and what they
mean are in :mod:`rukg.catalogue.wording`.

Calendar expressions and names are found too but carry ``rule`` (why they are
not figures), so callers can skip them: plain years, day numbers beside a month
name, numeric dates, clock times, year ranges ("2016-17"), anything inside a URL,
and numbers that belong to a name or label: designations ("T-72B3"), fiscal years
("FY2023"), articles ("Article 4"), ordinals ("201st") and telephone numbers
(:mod:`rukg.catalogue.calendar_spans`). Bare "one" is not scanned at all: in prose
it is nearly always a pronoun ("one of the", "one another"), and "one-third" is
caught as a fraction.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import NamedTuple

from rukg.catalogue.calendar_spans import CalendarSpans
from rukg.catalogue.wording import (
    FRACTIONS,
    MULTIPLIER_WORDS,
    ONES,
    QUALIFIERS,
    SCALES,
    SMALL,
    TENS,
    UNIT_WORDS,
    UNITS,
    VAGUE,
    WORD_NUMBER,
    currency_matches,
    implied_range,
    key,
    range_rules,
    word_trie,
    word_value,
)
from rukg.progress import bar

__all__ = [
    "Mention",
    "find_mentions",
    "cached_mentions",
    "mentions_between",
    # defined in rukg.catalogue.wording, where the words are; kept importable from here
    "implied_range",
    "currency_matches",
    "range_rules",
    "UNITS",
]

_DIGITS_BRANCH = r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)|(?<![\d.,])\d+(?:\.\d+)?"
_CORE = re.compile(
    r"(?P<vague>\bseveral\s+(?P<vague_scale>hundred|thousand)\b)"
    r"|(?P<multword>\b(?:" + "|".join(MULTIPLIER_WORDS) + r")\b)"
    r"|(?P<fold>\b(?P<fold_n>\d+|" + WORD_NUMBER + r")-fold\b)"
    r"|(?P<frac>\b(?P<frac_n>one|two|three|four)[- ](?P<frac_d>" + "|".join(FRACTIONS) + r")\b)"
    r"|(?P<digits>" + _DIGITS_BRANCH + r")"
    r"|(?P<word>\b" + WORD_NUMBER + r"\b)",
    re.IGNORECASE,
)
# _CORE where a run of digits starts: only its "fold" and "digits" branches can match
# there (every other branch begins with a letter), so only those are tried.
_CORE_AT_DIGIT = re.compile(
    r"(?P<fold>\b(?P<fold_n>\d+)-fold\b)|(?P<digits>" + _DIGITS_BRANCH + r")", re.IGNORECASE
)
# Where a number expression can start: a run of digits, or a word that begins one ("one"
# only counts inside "one-third" and the like). Words are searched in an ASCII-lower-cased
# copy, which keeps every character at its position. The patterns are written so that the
# regex engine can skip quickly to where they may match, which a search of "\d+|\bword\b"
# cannot (it tries both at every character): a pattern that begins with a literal
# character or a class of characters is scanned for that first. So a word is found after
# the character before it: a space (a literal, the quickest scan), or any other non-word
# character (ASCII ones listed, others checked to be non-word), or at the text's start.
# Together these are about twice as fast as the one search.
_STARTS = sorted({"one", "several", *SMALL, *TENS, *MULTIPLIER_WORDS}, key=len, reverse=True)
_DIGIT_RUN = re.compile(r"\d\d*")
_WORD = word_trie(_STARTS) + r"\b"
_WORD_AFTER_SPACE = re.compile(" " + _WORD)
# ASCII non-word characters but the space, or any non-ASCII character that is not a
# word character either (tests/test_quotes.py checks every code point).
_WORD_AFTER_OTHER_GAP = re.compile(r"[\x00-\x1f!-/:-@\[-^`{-\x7f\x80-\U0010ffff](?<=\W)" + _WORD)
_WORD_AT_START = re.compile(_WORD)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_KELVIN = "\u212a"  # the one non-ASCII letter whose lower case is an ASCII letter ("k")
# After a number: a scale word, then a currency word, a percent or a unit word (the first
# of the three that matches), in one pattern.
_AFTER = re.compile(
    r"(?:[\s-](?P<scale>hundred|thousand|million|billion|trillion)\b)?"
    r"(?:[\s-](?P<currency>rubles?|roubles?|(?:US\s)?dollars?)\b"
    r"|\s?(?P<percent>%|percent\b|per\scent\b)"
    r"|[\s-](?P<unit>tons?|tonnes?|miles?|kilometers?|kilometres?|km|years?)\b)?",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(US\$|\$|USD\s?|RUB\s?)$")
_QUALIFIER_BEFORE = re.compile(
    r"\b(" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+$", re.IGNORECASE
)
# The same test, faster: the qualifiers spelt backwards, matched at the start of the
# reversed text before a number once its trailing whitespace is stripped (one attempt,
# where a search of _QUALIFIER_BEFORE tries every place). Longest first, so the match
# is the one that starts leftmost, as a search finds it.
_QUALIFIER_REVERSED = re.compile(
    "(" + "|".join(re.escape(q[::-1]) for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")


class Mention(NamedTuple):
    """One numeric expression found in a text.

    ``start``/``end`` delimit the whole expression (qualifier to unit) in the
    scanned text; ``number`` is the bare numeral as written ("1,300", "two").
    ``value`` is in base units (``None`` for vague quantities), ``low`` and
    ``high`` the range implied by the qualifier. ``rule`` is set when the
    expression is a calendar date, year, clock time or part of a URL.

    A named tuple, immutable: a large corpus has hundreds of thousands of mentions, and
    a tuple is made several times faster than a frozen dataclass and takes less memory.
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


def _parse_digits(s: str) -> float:
    return float(s.replace(",", ""))


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
    the candidate search looks at (tests/test_quotes.py checks every code point).
    """
    low = text.lower()
    if len(low) != len(text) or _KELVIN in text:
        return text.translate(_ASCII_LOWER)
    return low


def _word_starts(text: str) -> list[int]:
    """Where a word that can begin a number expression starts, in order."""
    low = _lowered(text)
    found = [m.start() + 1 for m in _WORD_AFTER_SPACE.finditer(low)]
    found += [m.start() + 1 for m in _WORD_AFTER_OTHER_GAP.finditer(low)]
    if _WORD_AT_START.match(low):
        found.append(0)
    found.sort()
    return found


# How often (in candidates) find_mentions reports how far it has got, when asked to.
_TICK_EVERY = 20_000


def find_mentions(text: str, tick: Callable[[int], None] | None = None) -> list[Mention]:
    """Every numeric expression in ``text``, in order of appearance.

    ``tick``, when given, is called now and then with the offset reached in
    ``text`` (for a progress bar); it does not change what is found.
    """
    digit_runs = [m.start() for m in _DIGIT_RUN.finditer(text)]
    calendar = CalendarSpans(text, digit_runs)
    word_starts = _word_starts(text)
    mentions: list[Mention] = []
    pos = 0
    countdown = _TICK_EVERY
    # Try the full pattern only where a number can start: at digits and at the words that
    # begin number expressions. Matching there, instead of searching everywhere, keeps the
    # audit fast on large corpora. (Both lists are sorted; sorting their sum merges them.)
    for at in sorted(digit_runs + word_starts) if word_starts else digit_runs:
        if tick is not None:
            countdown -= 1
            if not countdown:
                countdown = _TICK_EVERY
                tick(at)
        if at < pos:
            continue
        # A word candidate starts with an ASCII letter; str.isdecimal is what \d matches.
        m = (_CORE_AT_DIGIT if text[at].isdecimal() else _CORE).match(text, at)
        if m is None:
            continue
        start = at
        end = pos = m.end()
        number = m.group(0)
        unit = "count"
        currency: str | None = None
        value: float | None
        low = high = None
        kind = m.lastgroup  # the branch of _CORE that matched: its outermost group closes last
        if kind == "digits" or kind == "word":
            value = _parse_digits(number) if kind == "digits" else word_value(number)
            # Scale word, then currency word or percent, then a unit word.
            after = _AFTER.match(text, end)
            if after.end() > end:
                if scale := after.group("scale"):
                    value *= SCALES[key(scale)]
                    pos = max(pos, after.end("scale"))
                if word := after.group("currency"):
                    currency = "USD" if "dollar" in key(word) else "RUB"
                    unit = "money"
                elif after.group("percent"):
                    unit = "percent"
                elif word := after.group("unit"):
                    unit = UNIT_WORDS[key(word)]
                end = after.end()
            if kind == "digits":
                before = text[max(0, start - 6) : start]
                # The pattern needs one of these; testing for them first is quicker.
                if "$" in before or "USD" in before or "RUB" in before:
                    if cb := _CURRENCY_BEFORE.search(before):
                        currency = "RUB" if cb.group(1).startswith("RUB") else "USD"
                        unit = "money"
                        start -= len(cb.group(1))
        elif kind == "vague":
            value = None
            low, high = VAGUE[key(m.group("vague_scale"))]
        elif kind == "multword":
            value = float(MULTIPLIER_WORDS[key(number)])
            unit = "multiple"
        elif kind == "fold":
            n = m.group("fold_n")
            value = _parse_digits(n) if n[0].isdigit() else word_value(n)
            unit = "multiple"
        else:  # "frac"
            num = ONES[key(m.group("frac_n"))]
            value = num / FRACTIONS[key(m.group("frac_d"))]
            unit = "fraction"
        qualifier = None
        # A qualifier is followed by whitespace: look for one only after whitespace.
        if start and text[start - 1].isspace():
            qm = _qualifier_before(text[max(0, start - 20) : start])
            if qm:
                qualifier = key(qm[0])
                start -= qm[1]
                if value is not None:
                    low, high = implied_range(value, qualifier)
        rule = calendar.rule(at, m.end())
        if rule is None and kind == "digits" and unit == "count" and _YEAR.fullmatch(number):
            rule = "plain year"
        # Positional: the fields in order (text, number, start, end, value, unit, currency,
        # qualifier, low, high, rule).
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


def _parse(text: str) -> list[Mention]:
    """``find_mentions(text)``, with a progress bar for a big text."""
    if len(text) < BIG_TEXT:
        return find_mentions(text)
    with bar("parsing numbers", total=len(text), unit="char", unit_scale=True) as b:
        return find_mentions(text, tick=lambda at: b.update(at - b.n))


def _parsed(text: str) -> tuple[list[Mention], list[int], list[int], bool]:
    hit = _PARSED.get(text)
    if hit is None:
        mentions = _parse(text)
        # Mentions sorted by start (ties in order of appearance); already so in practice.
        order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
        in_order = all(i == k for k, i in enumerate(order))
        hit = (mentions, order, [mentions[i].start for i in order], in_order)
        _PARSED[text] = hit
    return hit


def cached_mentions(text: str, keep: bool = True) -> list[Mention]:
    """``find_mentions(text)``, parsed once per process and text (do not modify the list).

    ``keep=False``: a text not parsed yet is parsed but not kept, for a caller that reads
    each text once (the audit: keeping every mention of a large corpus costs memory).
    """
    hit = _PARSED.get(text)
    if hit is not None:
        return hit[0]
    return _parsed(text)[0] if keep else _parse(text)


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
