"""Where a text states a date, a clock time, a URL or a name with a number in it: spans
whose numbers are not figures.

The parser (:mod:`rukg.catalogue.quotes`) finds these spans first and gives each number
inside one a ``rule`` saying why it is set aside. Calendar forms: a day beside a month
name, a numeric date (day first or ISO), a clock time, a decade, a year range ("2016-17",
"1992-95", "2019-2020", with its end after its start), anything inside a URL. Names and
labels: a designation ("MH17", "T-72B3": digits glued to letters; "Su-25", "Kambarata-1",
"S-400": digits after a capitalised word and a hyphen), a fiscal year ("FY2023", "FY16"), an
article, section or resolution number ("Article 4", "No. 12"), an ordinal ("201st"), and
a telephone number written with its country code ("+996 312 62-45-78"). Plain years are
recognised by the parser itself, from the number alone (so "South-2006" is a plain year).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from rukg.catalogue.wording import MONTHS, word_trie
from rukg.tableio import URL_IN_TEXT

__all__ = ["CalendarSpans"]

_URL = URL_IN_TEXT
_NUMERIC_DATE = re.compile(r"(?<![\d.])\d{1,2}[./-]\d{1,2}[./-]\d{4}(?![\d])")
# Year first: "2023-05-08", "2023/05/08", "2023.05.08".
_ISO_DATE = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?P<sep>[-/.])\d\d(?P=sep)\d\d(?![\d])")
_CLOCK = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])")
# Month names are matched as written (capitalised): case-insensitive alternations made
# this scan the slowest part of the audit. "\bMonth", written as the first letter, then
# "no word character before it" ((?<!\w.) after one letter), then the rest: a pattern
# that starts with a letter lets the regex engine skip to the letters J, F, M, A, S, O,
# N, D, five times faster than trying the boundary everywhere. No month name begins
# another, so the order of the alternatives does not matter.
_MONTH_HEADS: dict[str, list[str]] = {}
for _month in MONTHS.split("|"):
    _MONTH_HEADS.setdefault(_month[0], []).append(_month[1:])
_MONTH_DAY = re.compile(
    "(?:"
    + "|".join(h + r"(?<!\w.)" + word_trie(rest) for h, rest in sorted(_MONTH_HEADS.items()))
    + r")\s+(?P<day>\d{1,2}(?:\s*[-–]\s*\d{1,2})?)(?![\d,]\d)"
)
_DAY_MONTH = re.compile(r"(?<![\d.,])(?P<day>\d{1,2})\s+(?:" + MONTHS + r")\b")
_DECADE = re.compile(r"(?<![\d.,])(?:19|20)\d0s\b")
# A year, a dash or slash, and a later year in full or by its last two digits; whether
# the second is later is checked in _spans ("2016-05" is no range).
_YEAR_RANGE = re.compile(
    r"(?<![\d.,])(?P<from>(?:19|20)\d\d)\s?[-–—/]\s?(?P<to>(?:19|20)\d\d|\d\d)(?![\d%]|[.,]\d)"
)
_ORDINAL = re.compile(r"(?<![\d.,])\d+(?:st|nd|rd|th)\b")
_DIGIT_LED = (
    (_NUMERIC_DATE, "numeric date"),
    (_CLOCK, "clock time"),
    (_DAY_MONTH, "day of month"),
    (_DECADE, "decade"),
    (_ISO_DATE, "numeric date"),
    (_YEAR_RANGE, "year range"),
    (_ORDINAL, "ordinal"),
)
# The patterns as one, tried once where a run of digits starts. At most one of them can
# match at a place, but for an ISO date, which begins as a year range does and is tried
# first (after the first one or two digits a date needs one of "./-", a clock ":", a day
# of month a space, a decade, an ISO date or a year range two more digits and then "0s",
# "-dd-" or a dash, an ordinal a letter), so the first that matches is the one. Group
# c<i> is _DIGIT_LED[i]; group "day" the day of month.
_DIGIT_LED_ANY = re.compile(
    "|".join(f"(?P<c{i}>{p.pattern})" for i, (p, _) in enumerate(_DIGIT_LED))
)
_DIGIT_LED_RULES = {f"c{i}": rule for i, (_, rule) in enumerate(_DIGIT_LED)}
_RANGE_GROUP = f"c{[p for p, _ in _DIGIT_LED].index(_YEAR_RANGE)}"
# A year range spans at most this many years ("1992-95", "2016-17"); a longer one is
# more likely something else ("2016-05", a year and a month).
_LONGEST_RANGE = 30

# Names and labels, found by looking at what comes just before a run of digits. Digits
# after a capitalised word and a hyphen are a name ("Su-25", "Kambarata-1", "S-400").

# Words that label the number after them ("Article 4", "section 2"), any capitalisation,
# and a few written only one way; each followed by one space or none ("No.12").
_LABELS = ("article", "articles", "chapter", "section", "clause", "paragraph", "resolution")
_LABELS += ("protocol", "annex", "decree")
_LABELS_AS_WRITTEN = ("No.", "Nos.", "FY")
_LABEL_ENDINGS = tuple(w + " " for w in _LABELS)
_LABEL_ENDINGS_AS_WRITTEN = tuple(w + s for w in _LABELS_AS_WRITTEN for s in ("", " "))
_LONGEST_LABEL = max(len(w) for w in _LABEL_ENDINGS + _LABEL_ENDINGS_AS_WRITTEN)
# Letters a number may follow without being a name: currency codes ("USD500").
_CURRENCY_CODES = ("USD", "RUB")
# What follows the digits of a designation, as part of it ("T-72B3", "S-400s", "Su-25SM").
_NAME_TAIL = re.compile(r"[0-9A-Za-z]*")
# A telephone number after "+": the country code, then groups of digits separated by a
# space, dot or dash, or in brackets; at least _PHONE_DIGITS digits in all.
_PHONE = re.compile(r"\d{1,4}(?:(?:[ .-]|\s?\()\d{1,4}\)?)+")
_PHONE_DIGITS = 8


def _range_is_real(m: re.Match) -> bool:
    """Whether a year-range match ends after it starts, within _LONGEST_RANGE years."""
    start, to = int(m.group("from")), m.group("to")
    end = int(to) if len(to) == 4 else start - start % 100 + int(to)
    if end <= start and len(to) == 2:  # "1999-00": the next century
        end += 100
    return start < end <= start + _LONGEST_RANGE


def _name_before(text: str, at: int) -> tuple[int, int, str] | None:
    """The span and rule of a name or label that the run of digits at ``at`` belongs to,
    judged from the characters before it; None when it is free-standing."""
    if not at:
        return None
    prev = text[at - 1]
    if prev == " " or prev == ".":
        window = text[max(0, at - _LONGEST_LABEL - 1) : at]
        for ending in _LABEL_ENDINGS_AS_WRITTEN:
            if window.endswith(ending) and _starts_word(text, at - len(ending)):
                return at - len(ending), _digits_end(text, at), "label"
        if prev == " " and window.lower().endswith(_LABEL_ENDINGS):
            low = window.lower()
            ending = next(e for e in _LABEL_ENDINGS if low.endswith(e))
            if _starts_word(text, at - len(ending)):
                return at - len(ending), _digits_end(text, at), "label"
        return None
    if prev == "+":
        m = _PHONE.match(text, at)
        if m and sum(c.isdigit() for c in m.group()) >= _PHONE_DIGITS:
            return at - 1, m.end(), "telephone number"
        return None
    if prev.isalpha():  # digits glued to letters: "B3", "MH17", "FY2023", but "USD500"
        start = _word_start(text, at)
        word = text[start:at]
        if word in _CURRENCY_CODES:
            return None
        rule = "fiscal year" if word == "FY" else "designation"
        return start, _NAME_TAIL.match(text, at).end(), rule
    if prev == "-" and at >= 2 and text[at - 2].isalnum():
        start = _word_start(text, at - 1)
        end = _digits_end(text, at)
        if text[start].isupper() and not _is_year(text[at:end]):
            return start, _NAME_TAIL.match(text, at).end(), "designation"
    return None


def _word_start(text: str, end: int) -> int:
    """Where the run of letters and digits ending at ``end`` starts."""
    i = end
    while i > 0 and text[i - 1].isalnum():
        i -= 1
    return i


def _starts_word(text: str, i: int) -> bool:
    return i == 0 or not text[i - 1].isalnum()


def _digits_end(text: str, at: int) -> int:
    i = at
    while i < len(text) and text[i].isdecimal():
        i += 1
    return i


def _is_year(digits: str) -> bool:
    """A plain year: the parser sets those aside by itself ("South-2006")."""
    return len(digits) == 4 and digits[:2] in ("19", "20")


def _spans(text: str, digit_runs: list[int]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for m in _URL.finditer(text):
        spans.append((m.start(), m.end(), "inside a URL"))
    for m in _MONTH_DAY.finditer(text):
        spans.append((m.start("day"), m.end("day"), "day of month"))
    # The other forms start with a digit, or are told by what stands just before one: try
    # them only where a run of digits starts, which is much faster than searching the
    # whole text with each pattern.
    match = _DIGIT_LED_ANY.match
    for at in digit_runs:
        m = match(text, at)
        if m:
            name = m.lastgroup
            if name != _RANGE_GROUP or _range_is_real(m):
                group = "day" if name == "c2" else name
                spans.append((m.start(group), m.end(group), _DIGIT_LED_RULES[name]))
        named = _name_before(text, at)
        if named:
            spans.append(named)
    return spans


class CalendarSpans:
    """The calendar spans of a text, sorted by start, for fast "which span covers this
    number" lookups.

    ``digit_runs``: where each run of digits in ``text`` starts (the parser finds them
    anyway; passing them saves a second scan). A prefix maximum of the ends lets a
    lookup stop as soon as no earlier span can reach the number, so the audit stays
    linear in the size of the text.
    """

    def __init__(self, text: str, digit_runs: list[int]):
        self.spans = sorted(_spans(text, digit_runs))
        self.starts = [s for s, _, _ in self.spans]
        self.reach = []
        furthest = -1
        for _, e, _ in self.spans:
            furthest = max(furthest, e)
            self.reach.append(furthest)

    def rule(self, start: int, end: int) -> str | None:
        """Why the number at ``text[start:end]`` is not a figure, or None if it may be one."""
        i = bisect_right(self.starts, start) - 1
        while i >= 0 and self.reach[i] >= end:
            s, e, rule = self.spans[i]
            if s <= start and end <= e:
                return rule
            i -= 1
        return None
