"""Where a text states a date, a clock time or a URL: spans whose numbers are not figures.

The parser (:mod:`rukg.catalogue.quotes`) finds these spans first and gives each number
inside one a ``rule`` saying why it is set aside: a day beside a month name, a numeric
date, a clock time, a decade, anything inside a URL. (Plain years are recognised by the
parser itself, from the number alone.)
"""

from __future__ import annotations

import re
from bisect import bisect_right

from rukg.catalogue.wording import MONTHS, word_trie
from rukg.tableio import URL_IN_TEXT

__all__ = ["CalendarSpans"]

_URL = URL_IN_TEXT
_NUMERIC_DATE = re.compile(r"(?<![\d.])\d{1,2}[./-]\d{1,2}[./-]\d{4}(?![\d])")
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


def _spans(text: str, digit_runs: list[int]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for m in _URL.finditer(text):
        spans.append((m.start(), m.end(), "inside a URL"))
    for m in _MONTH_DAY.finditer(text):
        spans.append((m.start("day"), m.end("day"), "day of month"))
    # The other calendar forms start with a digit: try them only where a run of digits
    # starts, which is much faster than searching the whole text with each pattern.
    match = _DIGIT_LED_ANY.match
    for at in digit_runs:
        m = match(text, at)
        if m:
            name = m.lastgroup
            group = "day" if name == "c2" else name
            spans.append((m.start(group), m.end(group), _DIGIT_LED_RULES[name]))
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
