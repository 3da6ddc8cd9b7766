"""Where a source states a date, and which of those dates no event row covers: the date
half of the audit (the number half is :mod:`rukg.catalogue.audit`).

:func:`find_dates` reads every date expression of a text ("October 2-5", "September 5,
2005", "04 February 2019", "February 2009", "early 1995", "the 1990s", "between 1992 and
1995", "last June", "the end of last year", "09.05.2023"), each as one span with the
first and last day it can mean. An expression's text runs from its qualifier ("early",
"the end of", "Earlier in") to its last digit or word; a preposition before it ("in",
"on", "at") is not part of it. A date without a year ("May 16", "in June", "January that
year") takes the year last stated earlier in the same paragraph, else the source's
publication year (the year before when that would put it after publication); "last year",
"last June" and the like count from the publication date.

A date is *covered* when an event row of its source has a quote whose occurrence in the
text overlaps it; or a figure row's quote contains it and the figure's ``year`` is a year
the date can mean (the year a statistic refers to: "increased by some 20% in 2005"); or a
row of ``data/audit_dismissed.csv`` dismisses it (its quote contains the date and its
``text`` is the date's text as printed); or a rule of :data:`DATE_RULES` sets it aside.
:func:`uncovered_dates` lists the rest.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import NamedTuple

import pandas as pd

from rukg.catalogue.date_forms import (
    COUNTED,
    DATE_RULES,
    FORM_ANCHOR,
    MONTH_NUMBER,
    NAME_BEFORE,
    QUALIFIED,
    QUALIFIER_BEFORE,
    SEASON_MONTHS,
    SPLIT_FORMS,
    URL_RULE,
    DateRule,
    compact_windows,
    matches,
)
from rukg.catalogue.mentions import occurrences
from rukg.catalogue.model import Catalogue
from rukg.files import line_col, newline_offsets
from rukg.tableio import URL_IN_TEXT

__all__ = [
    "DateMention",
    "DateRule",
    "DATE_RULES",
    "find_dates",
    "dates_within",
    "UncoveredDate",
    "uncovered_dates",
]


class DateMention(NamedTuple):
    """One date expression: its text and span, its form, the first and last day it can
    mean (ISO ``YYYY-MM-DD``; ``None`` where the text does not tell) and the rule that
    sets it aside (``None``: an event row should cover it)."""

    text: str
    start: int
    end: int
    form: str
    first: str | None
    last: str | None
    rule: str | None = None


def _day(y: int, m: int, d: int) -> str | None:
    if not 1 <= m <= 12 or not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _month_span(y: int, m: int) -> tuple[str, str]:
    return _day(y, m, 1), _day(y, m, calendar.monthrange(y, m)[1])


def _published_span(published: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day a publication date of year, month or day precision can mean."""
    start = pd.Timestamp(published)
    if len(published) == 4:
        return start, pd.Timestamp(f"{published}-12-31")
    if len(published) == 7:
        return start, start + pd.offsets.MonthEnd(0)
    return start, start


def _year_for(month: int, day: int, stated: int | None, pub: tuple) -> int:
    """The year of a date stated without one: the year the paragraph last stated with
    the same month ("in September 2012 ... on September 20"), else the publication's
    (the year before when the date would fall after the publication)."""
    if stated is not None:
        return stated
    year = pub[1].year
    if pd.Timestamp(year=year, month=month, day=min(day, 28)) > pub[1]:
        year -= 1
    return year


class _Paragraph(NamedTuple):
    """The years a paragraph has stated so far: the last one, and the last with each month."""

    year: int | None
    months: dict[int, int]


def _resolve(form: str, g: dict, para: _Paragraph, pub: tuple) -> tuple[str | None, str | None]:
    """The first and last day an expression can mean (``None`` where it cannot be read)."""
    first_pub, last_pub = pub if pub else (None, None)  # None: absolute forms only
    year = int(g["year"]) if g.get("year") else None
    month = MONTH_NUMBER.get(g.get("month") or "")
    if form == "span":
        return f"{year:04d}-01-01", f"{int(g['year2']):04d}-12-31"
    if form == "numeric date":  # day first, as the sources write it (07-02-2019, 09.05.2023)
        d = _day(year, int(g["nm"]), int(g["nd"]))
        return d, d
    if form == "iso date":
        d = _day(year, int(g["im"]), int(g["id"]))
        return d, d
    if form in ("day month year", "month day year", "month day", "day month"):
        if year is None:
            year = _year_for(month, int(g["day"]), para.months.get(month), pub)
        return _day(year, month, int(g["day"])), _day(year, month, int(g.get("day2") or g["day"]))
    if form == "month year":
        return _month_span(year, month)
    if form == "season year":
        season = g["season"].lower()
        if season == "winter":
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
        a, b = SEASON_MONTHS[season]
        return _month_span(year, a)[0], _month_span(year, b)[1]
    if form == "year":
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    if form == "decade":
        y = int(g["decade"])
        return f"{y:04d}-01-01", f"{y + 9:04d}-12-31"
    if form == "month":
        return _month_span(_year_for(month, 1, para.months.get(month), pub), month)
    rel = re.sub(r"\s+", " ", (g.get("rel") or "").lower())
    if form == "relative month":  # "last June": the latest June before publication
        y = last_pub.year
        if rel == "last" and month >= last_pub.month:
            y -= 1
        if rel == "next" and month <= first_pub.month:
            y += 1
        return _month_span(y, month)
    shift = {"last": -1, "the previous": -1, "this": 0, "next": 1, "the following": 1}
    if form == "month relative":
        if rel in shift:
            return _month_span(last_pub.year + shift[rel], month)
        return _month_span(para.year, month) if para.year else (None, None)
    if form == "relative":
        unit = g["unit"].lower()
        if rel not in shift:
            y = para.year
            return (f"{y:04d}-01-01", f"{y:04d}-12-31") if unit == "year" and y else (None, None)
        if unit == "year":
            y = last_pub.year + shift[rel]
            return f"{y:04d}-01-01", f"{y:04d}-12-31"
        step = pd.DateOffset(months=1) if unit == "month" else pd.DateOffset(weeks=1)
        a, b = first_pub + step * shift[rel], last_pub + step * shift[rel]
        if unit == "month":
            a, b = a.replace(day=1), b + pd.offsets.MonthEnd(0)
        return a.strftime("%Y-%m-%d"), b.strftime("%Y-%m-%d")
    return None, None


def _is_date(text: str, form: str, m: re.Match) -> bool:
    """Whether a match is a date and not part of a number, designation or count."""
    start = m.start("year") if "year" in m.re.groupindex and m.group("year") else m.start()
    if form in ("year", "span") and NAME_BEFORE.search(text[max(0, start - 2) : start]):
        if not text[max(0, start - 4) : start].lower().endswith("mid-"):
            return False
    if form in ("year", "span", "month year", "day month year", "month day year"):
        if COUNTED.match(text, m.end()):
            return False
    if form in ("month day", "day month", "month day year", "day month year"):
        days = [int(m.group("day"))]
        if "day2" in m.re.groupindex and m.group("day2"):
            days.append(int(m.group("day2")))
        if not all(1 <= d <= 31 for d in days):
            return False
    return True


# How far before a date the rules read: a citation's parenthesis or a footnote's marker lies
# well within it, and a text of long lines is not read again from each line's start.
RULE_WINDOW = 200


def _rule(text: str, start: int, end: int, urls: list[tuple[int, int]]) -> str | None:
    i = bisect_right(urls, (start, len(text))) - 1  # the last address starting at or before it
    if i >= 0 and end <= urls[i][1]:
        return URL_RULE
    # The text before the date back to its line's start, at most RULE_WINDOW characters (a
    # cut window starts with a NUL, so that a rule anchored at "^" cannot match inside the
    # line), and a little after it.
    line_start = text.rfind("\n", max(0, start - RULE_WINDOW), start) + 1
    if line_start == 0 and start > RULE_WINDOW:
        before = "\0" + text[start - RULE_WINDOW : start]
    else:
        before = text[line_start:start]
    after = text[end : end + 20]
    for r in DATE_RULES:
        if (r.before is None or r.before.search(before)) and (
            r.after is None or r.after.match(after)
        ):
            return r.name
    return None


# The forms whose days do not depend on the publication date.
_ABSOLUTE = {"span", "numeric date", "iso date", "month year", "season year", "year", "decade"}
_ABSOLUTE |= {"day month year", "month day year"}


def find_dates(text: str, published: str | None) -> list[DateMention]:
    """Every date expression in ``text``, in order, with the days it can mean.

    ``published``: the source's publication date (``YYYY``, ``YYYY-MM`` or
    ``YYYY-MM-DD``), from which relative dates ("last June") and dates without a year
    are read; ``None`` leaves their days unknown (``first`` and ``last`` ``None``), for a
    caller that wants only where the dates are. Where two forms overlap, the longer
    expression is the date. The forms are read in the stretches around a year, a month's
    name or a unit of time (:func:`rukg.catalogue.date_forms.compact_windows`), joined into one short text: a large text is
    mostly numbers and words that no form needs reading.
    """
    found: list[tuple[int, int, str, re.Match]] = []
    compacts = compact_windows(text)
    for form, pattern, lead in SPLIT_FORMS:
        compact, starts, origins = compacts[FORM_ANCHOR[form]]
        span = "expr" if "expr" in pattern.groupindex else 0
        for m in matches(pattern, lead, compact):
            if not _is_date(compact, form, m):
                continue
            k = bisect_right(starts, m.start()) - 1
            shift = origins[k] - starts[k]
            start, end = m.start(span) + shift, m.end(span) + shift
            if form in QUALIFIED:  # "early 1995": the qualifier is part of the expression
                q = QUALIFIER_BEFORE.search(text, max(0, start - 40), start)
                start = q.start() if q else start
            found.append((start, end, form, m))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    # The longest first, each kept if it overlaps none kept so far. The kept spans are
    # disjoint and held in order, so only the two around a new one need comparing: a large
    # text has hundreds of thousands of dates.
    starts: list[int] = []
    kept: list[tuple[int, int, str, re.Match]] = []
    for f in found:
        i = bisect_left(starts, f[0])
        if i > 0 and kept[i - 1][1] > f[0]:
            continue
        if i < len(kept) and kept[i][0] < f[1]:
            continue
        starts.insert(i, f[0])
        kept.insert(i, f)
    taken = kept
    pub = _published_span(published) if published else None
    urls = [(m.start(), m.end()) for m in URL_IN_TEXT.finditer(text)]
    out: list[DateMention] = []
    para = _Paragraph(None, {})
    line_end = -1
    for start, end, form, m in taken:
        if start > line_end:  # a new paragraph: no year stated in it yet
            para = _Paragraph(None, {})
            nl = text.find("\n", start)
            line_end = len(text) if nl < 0 else nl
        g = m.groupdict()
        if pub is None and form not in _ABSOLUTE:
            first = last = None
        else:
            first, last = _resolve(form, g, para, pub)
        rule = _rule(text, start, end, urls)
        out.append(DateMention(text[start:end], start, end, form, first, last, rule))
        if g.get("year") and rule is None:
            year = int(g.get("year2") or g["year"])
            month = MONTH_NUMBER.get(g.get("month") or "")
            para = _Paragraph(year, {**para.months, **({month: year} if month else {})})
    return out


def dates_within(
    text: str,
    quote: str,
    published: str | None = None,
    found: list[DateMention] | None = None,
) -> list[DateMention]:
    """Dates (not set aside by a rule) lying wholly inside some occurrence of ``quote``: what
    a dismissal's ``text`` may name (see :func:`find_dates` for ``published``). ``found``:
    the text's dates, when the caller has them already (one reading for many quotes)."""
    spans = [(s, s + len(quote)) for s in occurrences(text, quote)]
    return [
        d
        for d in (find_dates(text, published) if found is None else found)
        if d.rule is None and any(s <= d.start and d.end <= e for s, e in spans)
    ]


class UncoveredDate(NamedTuple):
    """A date no event row covers, at its line and column (1-based) in the source."""

    source_id: str
    line: int
    col: int
    date: DateMention

    def __str__(self) -> str:
        return f"{self.source_id}:{self.line}:{self.col}: {self.date.text} (no event row)"


def _quote_spans(text: str, quotes: Iterable[str]) -> list[tuple[int, int]]:
    return [(s, s + len(q)) for q in quotes for s in occurrences(text, q)]


def _by_source(df: pd.DataFrame, columns: list[str]) -> dict[str, list[tuple]]:
    """The rows of a table as plain tuples of ``columns``, grouped by ``source_id`` in one
    pass (a large corpus has thousands of sources, and filtering a frame for each is slow)."""
    out: dict[str, list[tuple]] = {}
    if not len(df):
        return out
    for sid, *values in zip(df["source_id"], *(df[c] for c in columns), strict=True):
        out.setdefault(sid, []).append(tuple(values))
    return out


def uncovered_dates(cat: Catalogue, source_ids: list[str] | None = None) -> list[UncoveredDate]:
    """Every date in the sources that no event row, dismissal or rule covers, in source order."""
    published = dict(zip(cat.sources["id"], cat.sources["published"], strict=True))
    events = _by_source(cat.events, ["quote"])
    dated = cat.figures[cat.figures["year"].notna()] if len(cat.figures) else cat.figures
    figures = _by_source(dated, ["quote", "year"])
    dismissed = _by_source(cat.dismissed, ["quote", "text"])
    out = []
    for sid in source_ids or list(cat.sources["id"]):
        text = cat.texts[sid]
        covered = _quote_spans(text, [q for (q,) in events.get(sid, [])])
        dated_figures = [
            (s, e, int(y)) for q, y in figures.get(sid, []) for s, e in _quote_spans(text, [q])
        ]
        dismissals = [
            (s, e, t) for q, t in dismissed.get(sid, []) for s, e in _quote_spans(text, [q])
        ]
        newlines = None  # found once per text, only when a date is uncovered
        for d in find_dates(text, published[sid]):
            if d.rule is not None:
                continue
            if any(s < d.end and d.start < e for s, e in covered):
                continue
            if d.first is not None and any(
                s <= d.start and d.end <= e and int(d.first[:4]) <= y <= int(d.last[:4])
                for s, e, y in dated_figures
            ):
                continue
            if any(s <= d.start and d.end <= e and t == d.text for s, e, t in dismissals):
                continue
            if newlines is None:
                newlines = newline_offsets(text)
            out.append(UncoveredDate(sid, *line_col(text, d.start, newlines), d))
    return out
