"""The forms a date takes in the articles' English ("October 2-5", "September 5, 2005",
"04 February 2019", "early 1995", "the 1990s", "last June"), as patterns, and the rules that
set a date aside as no statement about an event (citation and access dates, footers,
footnotes), and the stretches of a text where they are read (:func:`compact_windows`).
:mod:`rukg.catalogue.event_dates` finds and reads them."""

from __future__ import annotations

import re
from typing import NamedTuple

from rukg.catalogue.wording import MONTHS

__all__ = [
    "FORM_ANCHOR",
    "compact_windows",
    "matches",
    "SPLIT_FORMS",
    "ANCHORS",
    "ANCHOR_REACH",
    "QUALIFIER_BEFORE",
    "QUALIFIED",
    "DateRule",
    "DATE_RULES",
    "URL_RULE",
    "FORMS",
    "COUNTED",
    "NAME_BEFORE",
    "MONTH_NUMBER",
    "SEASON_MONTHS",
]


class DateRule(NamedTuple):
    """Dates that are not statements about events: matched by the text just before the
    date (``before``, anchored at its end) and just after it (``after``, at its start)."""

    name: str
    before: re.Pattern | None
    after: re.Pattern | None
    reason: str


# Every rule that dismisses a date without a row, with its reason. (A date inside a web
# address is dismissed too: "inside a URL", found with rukg.tableio.URL_IN_TEXT.)
DATE_RULES: tuple[DateRule, ...] = (
    DateRule(
        "citation date",
        re.compile(r"\([^()\n]*,\s*$"),
        re.compile(r"^\s*\)"),
        "the date of a news item cited in parentheses, '(RIA-Novosti, October 5)': when the "
        "report was published, not when anything happened",
    ),
    DateRule(
        "access date",
        re.compile(r"Date of Accession:\s*$", re.IGNORECASE),
        None,
        "when the author opened a footnote's web page, not an event",
    ),
    DateRule(
        "page last modified",
        re.compile(r"last modified:\s*$", re.IGNORECASE),
        None,
        "a web page's footer stamp: evidence of the publication date (data/sources.csv), "
        "not an event",
    ),
    DateRule(
        "footnote",
        re.compile(r"^\[\d+\]"),
        None,
        "a footnote's title or access date: the cited publication's words, whose relative "
        "dates ('This Year') count from its own date, not statements of the article",
    ),
)
URL_RULE = "inside a URL"

_M = rf"(?P<month>{MONTHS})"
_Y = r"(?P<year>(?:19|20)\d\d)"
_D = r"(?P<day>\d{1,2})(?:\s?[-–]\s?(?P<day2>\d{1,2}))?"
# Words before a date that narrow it, kept in the expression ("early 1995", "Earlier in
# 2017", "the end of last year"); case-insensitive, so a sentence may begin with them. They
# are looked for just before a date of the forms in QUALIFIED (an optional prefix inside each
# pattern would be tried at every character of the text, four times slower).
QUALIFIER_BEFORE = re.compile(
    r"\b(?:(?i:(?:the\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half)\s+of"
    r"|(?:early|earlier|late|later)\s+in|earlier|later|early|late|mid))(?:\s+|-)$"
)
QUALIFIED = frozenset({"month year", "season year", "relative", "year"})
_QUAL_HYPHEN = r"(?:(?P<qual>(?i:early|late|mid))[- ])"
_REL = r"(?P<rel>(?i:last|this|next|that|the\s+same|the\s+previous|the\s+following))"
_SEASON = r"(?P<season>(?i:spring|summer|autumn|fall|winter))"
_NOT_DIGIT_BEFORE = r"(?<![\d$.,/])"
_NOT_DIGIT_AFTER = r"(?![\d])(?![.,]\d)"

# Each form of date, by name; where two matches overlap, find_dates keeps the longer.
FORMS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (name, re.compile(p))
    for name, p in (
        ("span", rf"(?i:between)\s+{_Y}\s+(?i:and)\s+(?P<year2>(?:19|20)\d\d){_NOT_DIGIT_AFTER}"),
        (
            "span",
            rf"(?i:from)\s+{_Y}\s+(?i:to|until|till|through)\s+(?P<year2>(?:19|20)\d\d)"
            + _NOT_DIGIT_AFTER,
        ),
        ("span", rf"{_NOT_DIGIT_BEFORE}{_Y}\s?[-–]\s?(?P<year2>(?:19|20)\d\d){_NOT_DIGIT_AFTER}"),
        (
            "numeric date",
            rf"(?<![\d.])(?P<nd>\d{{1,2}})(?P<sep>[./-])(?P<nm>\d{{1,2}})(?P=sep){_Y}(?!\d)",
        ),
        ("iso date", rf"{_NOT_DIGIT_BEFORE}{_Y}-(?P<im>\d\d)-(?P<id>\d\d)(?!\d)"),
        ("day month year", rf"(?<![\d.,])(?P<day>\d{{1,2}})\s+{_M},?\s+{_Y}{_NOT_DIGIT_AFTER}"),
        ("month day year", rf"\b{_M}\s+{_D},?\s+{_Y}{_NOT_DIGIT_AFTER}"),
        ("month day", rf"\b{_M}\s+{_D}(?!\d)(?![,.]\d)"),
        ("day month", rf"(?<![\d.,])(?P<day>\d{{1,2}})\s+{_M}\b"),
        ("month year", rf"\b{_M},?\s+(?:of\s+)?{_Y}{_NOT_DIGIT_AFTER}"),
        ("season year", rf"\b{_SEASON}\s+(?:of\s+)?{_Y}{_NOT_DIGIT_AFTER}"),
        ("month relative", rf"\b{_M}\s+(?:of\s+)?{_REL}\s+(?i:year)\b"),
        ("relative month", rf"\b(?P<rel>(?i:last|this|next))\s+{_M}\b"),
        ("relative", rf"\b{_REL}\s+(?P<unit>(?i:year|month|week))\b"),
        ("decade", rf"\b(?:(?i:the)\s+)?{_QUAL_HYPHEN}?(?P<decade>(?:19|20)\d0)['’]?s\b"),
        ("year", rf"{_NOT_DIGIT_BEFORE}{_Y}{_NOT_DIGIT_AFTER}"),
        # A month alone after a preposition ("in June"): the month is the expression.
        ("month", rf"\b(?i:in|by|since|until|during)\s+(?P<expr>{_M})\b"),
    )
)
# Every form holds a year, a month's name or the word year, month or week; windows of text
# around these anchors are all the forms need reading (most of a text holds none).
# Three plain patterns, each scanned on its own: the regular-expression engine skips fast to
# a literal's first letters, which one pattern joining them, or a \b before them, prevents
# (five times slower on a 50 MB corpus). A stray hit ("Mayor", "years") only adds a window.
ANCHORS = {
    "year": re.compile(r"(?:19|20)\d\d"),
    "month": re.compile(MONTHS),
    "unit": re.compile(r"year|month|week|Year|Month|Week|YEAR|MONTH|WEEK"),
}
# The anchor each form holds: a form is read only in the windows of its anchor.
FORM_ANCHOR = {
    "span": "year",
    "numeric date": "year",
    "iso date": "year",
    "season year": "year",
    "decade": "year",
    "year": "year",
    "day month year": "month",
    "month day year": "month",
    "month day": "month",
    "day month": "month",
    "month year": "month",
    "month relative": "month",
    "relative month": "month",
    "month": "month",
    "relative": "unit",
}
# How far a date expression reaches from its anchor, either way, in characters ("September
# 5, 2005", "between 1992 and 1995"; a qualifier before it is looked for apart); a longer
# one would be missed.
ANCHOR_REACH = 30

# Each form split into its leading assertion ("\b", or a look-behind such as "(?<![\d.,])")
# and the rest: the engine skips fast to the rest's first letters or digits, which an
# assertion in front prevents. find_dates tests the assertion where the rest matches.
_LEADING = re.compile(r"^(?:\\b|\(\?<![^)]*\))")


def _split(pattern: re.Pattern) -> tuple[re.Pattern, re.Pattern | None]:
    lead = _LEADING.match(pattern.pattern)
    if lead is None:
        return pattern, None
    return re.compile(pattern.pattern[lead.end() :]), re.compile(lead.group())


SPLIT_FORMS: tuple[tuple[str, re.Pattern, re.Pattern | None], ...] = tuple(
    (name, *_split(p)) for name, p in FORMS
)

# A four-digit number followed by one of these counts something; it is not a year.
COUNTED = re.compile(
    r"\s*(?:%|(?:percent|per\s+cent|tons?|tonnes?|miles?|kilometers?|kilometres?|km|troops"
    r"|people|pieces|units|soldiers|hundred|thousand|million|billion|dollars?|rubles?"
    r"|roubles?)\b)",
    re.IGNORECASE,
)
NAME_BEFORE = re.compile(r"[A-Za-z]-$")  # "South-2006", "Su-25": a designation
MONTH_NUMBER = {m: i for i, m in enumerate(MONTHS.split("|"), start=1)}
SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}


# How far a window may stretch past its reach to end at a blank; a text without blanks for
# longer than this is cut where the stretch ends.
_TO_BLANK = 200
_BLANK = re.compile(r"\s")


def _windows(text: str, anchor: re.Pattern) -> list[tuple[int, int]]:
    """Disjoint stretches of ``text`` holding every hit of ``anchor`` with
    :data:`ANCHOR_REACH` characters either side, widened to start after a blank and end
    before one: every date expression holding such an anchor lies in one, and what a
    pattern may test just outside it (a digit, a letter) is a blank."""
    hits = [m.span() for m in anchor.finditer(text)]
    out: list[list[int]] = []
    for start, end in hits:
        a, b = max(0, start - ANCHOR_REACH), min(len(text), end + ANCHOR_REACH)
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    for w in out:
        a, b = w
        lo = max(0, a - _TO_BLANK)
        before = max(text.rfind(" ", lo, a), text.rfind("\n", lo, a))
        w[0] = before + 1 if before >= 0 else max(0, a - _TO_BLANK) if a > _TO_BLANK else 0
        after = _BLANK.search(text, b, b + _TO_BLANK)
        w[1] = after.start() if after else min(len(text), b + _TO_BLANK)
    merged: list[tuple[int, int]] = []
    for a, b in out:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _compact(text: str, windows: list[tuple[int, int]]) -> tuple[str, list[int], list[int]]:
    """The windows joined by NUL (which no form matches and which, like the blank beside each
    window, is neither digit, letter nor punctuation), and where each starts in it and in
    ``text``."""
    pieces, starts, origins, at = [], [], [], 0
    for a, b in windows:
        starts.append(at)
        origins.append(a)
        pieces.append(text[a:b])
        at += b - a + 1
    return "\0".join(pieces), starts, origins


def matches(pattern: re.Pattern, lead: re.Pattern | None, text: str):
    """What ``lead`` followed by ``pattern`` finds, as ``finditer`` would: a match the lead
    refuses is skipped one character on, not past its end, so it hides no later match."""
    if lead is None:
        yield from pattern.finditer(text)
        return
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        if lead.match(text, m.start()):
            yield m
            pos = m.end()
        else:
            pos = m.start() + 1


def compact_windows(text: str) -> dict[str, tuple[str, list[int], list[int]]]:
    """For each anchor (:data:`ANCHORS`), :func:`_compact` of its :func:`_windows`: the
    short text the forms holding that anchor are read in."""
    return {name: _compact(text, _windows(text, a)) for name, a in ANCHORS.items()}
