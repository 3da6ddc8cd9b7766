"""Proposals for a draft row's year, kind, category and status, from the words of the
number's sentence (the tables are in :mod:`rukg.catalogue.draft_rules`).

For each field the cue nearest to the number decides: one in the number's clause, else
(at lower confidence, or not at all where another clause speaks of something else) one
elsewhere in the sentence; a year may also come from earlier in the paragraph, and
otherwise from the date the source was published, marked as inferred. Each proposal has
a confidence (``high``: a cue next to the number or a rule without exceptions; ``medium``:
a cue in its clause; ``low``: a weaker guess) and the words it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rukg.catalogue import draft_rules as rules

__all__ = ["Proposal", "Sentence", "propose", "year_cues", "lowered"]


class Proposal(NamedTuple):
    """A proposed value for one field, how sure it is, and why (for the note)."""

    value: str
    confidence: str
    why: str


class Cue(NamedTuple):
    name: str
    start: int
    end: int


def lowered(text: str) -> str:
    """``text`` lower-cased with every character at its place (``str.lower`` lengthens
    a few characters, such as dotted capital I; then only A-Z are lowered)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c.lower() if c.isascii() else c for c in text)


class Sentence:
    """A sentence, scanned once per table for all the numbers it states."""

    def __init__(self, text: str, earlier: Callable[[], tuple[str, int] | None] | None = None):
        self.text = text
        self.low = lowered(text)
        # Finds the last year stated before the sentence in its paragraph (as written,
        # and the year), when it is needed: most sentences state their own.
        self.earlier = earlier or (lambda: None)
        self._scans: dict = {}
        self._breaks: list[tuple[int, int]] | None = None

    def memo(self, key, compute: Callable):
        """``compute(self)``, computed once per sentence and key."""
        found = self._scans.get(key)
        if found is None:
            found = self._scans[key] = compute(self)
        return found

    def cues(self, pattern) -> list[Cue]:
        """The cues of a table (:func:`rukg.catalogue.draft_rules.cues`) in the sentence."""
        return self.memo(
            pattern,
            lambda s: [Cue(m.lastgroup, m.start(), m.end()) for m in pattern.finditer(s.low)],
        )

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The bounds of the clause that holds ``text[start:end]``."""
        if self._breaks is None:
            self._breaks = [(m.start(), m.end()) for m in rules.CLAUSE_BREAK.finditer(self.low)]
        lo, hi = 0, len(self.text)
        for s, e in self._breaks:
            if e <= start:
                lo = e
            elif s >= end:
                hi = s
                break
        return lo, hi

    def years(self, published: int | None) -> list[tuple[Cue, int | None]]:
        """The years the sentence states (:func:`year_cues`)."""
        return self.memo("years", lambda s: year_cues(s.low, published))

    def quoted(self, c: Cue) -> str:
        return repr(self.text[c.start : c.end])


class Spot(NamedTuple):
    """Where a number stands in its sentence, and the bounds of its clause."""

    start: int
    end: int
    lo: int
    hi: int

    def distance(self, c: Cue, after_weight: float) -> float:
        """How far a cue is from the number; one after it counts ``after_weight`` times.
        Of two cues as far, the one on the side the weight favours is nearer (half a
        character): "a $150 million grant, $193 million in debt relief" is debt relief."""
        if c.end <= self.start:
            return self.start - c.end + (0.5 if after_weight < 1 else 0.0)
        if c.start >= self.end:
            return (c.start - self.end) * after_weight + (0.5 if after_weight > 1 else 0.0)
        return 0.0


def _nearest(cues, at: Spot, after_weight: float):
    """The cue nearest to the number, or None."""
    best, best_d = None, 0.0
    for c in cues:
        d = at.distance(c, after_weight)
        if best is None or d < best_d:
            best, best_d = c, d
    return best


def _pick(cues: list[Cue], at: Spot, field: str) -> tuple[Cue, str] | None:
    """The nearest cue in the number's clause (``high`` when next to it, else ``medium``),
    or else the nearest in the sentence (``low``); None when there is none."""
    weight = rules.AFTER_WEIGHT[field]
    best = inside = None
    best_d = inside_d = 0.0
    for c in cues:
        d = at.distance(c, weight)
        if best is None or d < best_d:
            best, best_d = c, d
        if at.lo <= c.start and c.end <= at.hi and (inside is None or d < inside_d):
            inside, inside_d = c, d
    if inside is not None:
        return inside, "high" if inside_d <= rules.NEXT_TO else "medium"
    return (best, "low") if best is not None else None


def propose_kind(s: Sentence, at: Spot, unit: str) -> Proposal:
    if unit in rules.UNIT_KINDS:
        return Proposal(rules.UNIT_KINDS[unit], "high", f"unit {unit!r}")
    table = rules.KIND_TABLES.get(unit)
    cues = [] if table is None else s.cues(table)
    picked = _pick(cues, at, "kind")
    if picked is None:
        return Proposal(rules.DEFAULT_KIND.get(unit, "other"), "low", "no cue")
    cue, confidence = picked
    kind = cue.name
    if kind == "trade" and unit in ("percent", "fraction", "multiple"):
        # A trade share or change: a word of change in the clause makes it a change.
        growth = any(c.name == "trade_growth" and at.lo <= c.start < at.hi for c in cues)
        kind = "trade_growth" if growth or unit == "multiple" else "trade_share"
        confidence = "medium"
    elif kind in ("trade_share", "trade_growth") and not any(
        c.name == "trade" or rules.TRADE_WORD.search(s.low, c.start, c.end) for c in cues
    ):
        kind = "other"  # a share or change of something that is not trade
    return Proposal("other" if kind.startswith("other_") else kind, confidence, s.quoted(cue))


def _category_counts(s: Sentence) -> tuple[list[Cue], set[str], int]:
    """The sentence's category cues, the categories with most cues, and by how many cues
    the first leads the second."""
    cues = s.cues(rules.CATEGORY_PATTERN)
    counts: dict[str, int] = {}
    for c in cues:
        counts[c.name] = counts.get(c.name, 0) + 1
    ranked = sorted(counts.values(), reverse=True) + [0, 0]
    top = {name for name, n in counts.items() if n == ranked[0]}
    return cues, top, ranked[0] - ranked[1]


def propose_category(s: Sentence, at: Spot, kind: str) -> Proposal | None:
    if kind in rules.KIND_CATEGORY:
        return Proposal(rules.KIND_CATEGORY[kind], "high", f"kind {kind!r}")
    cues, top, lead = s.memo("categories", _category_counts)
    if not cues:
        return None
    # The category with most cue words; a tie goes to the nearest cue of those tied.
    name = (
        next(iter(top))
        if len(top) == 1
        else _nearest([c for c in cues if c.name in top], at, 1.0).name
    )
    words = ", ".join(sorted({s.quoted(c) for c in cues if c.name == name}))
    return Proposal(name, "medium" if lead >= 2 else "low", words)


def propose_status(s: Sentence, at: Spot, kind: str) -> Proposal:
    if kind in rules.FACT_KINDS:
        return Proposal("reported", "high", f"kind {kind!r} (a stated fact)")
    cues = s.cues(rules.STATUS_PATTERN)
    # A clause that says the thing was withdrawn states its last stage, whatever stages
    # it names before ("a loan offered in 2009 was never disbursed"); so does a later
    # clause that says so after "but" ("was to rise to $1 billion, but ... frozen").
    undone = [c for c in cues if c.name == "cancelled" and at.lo <= c.start < at.hi]
    if not undone:
        later = [c for c in cues if c.name == "cancelled" and c.start >= at.hi]
        if later and " but " in s.low[at.end : later[0].start]:
            undone = later[:1]
    if undone:
        return Proposal("cancelled", "medium", s.quoted(_nearest(undone, at, 1.0)))
    picked = _pick(cues, at, "status")
    if picked is None or picked[1] == "low":  # no cue in the clause
        status = rules.DEFAULT_STATUS.get(kind, "reported")
        return Proposal(status, "medium" if kind in rules.DEFAULT_STATUS else "low", "no cue")
    cue, confidence = picked
    status = rules.STATUS_FOR_KIND.get((kind, cue.name), cue.name)
    return Proposal(status, confidence, s.quoted(cue))


def year_cues(low: str, published: int | None, offset: int = 0) -> list[tuple[Cue, int | None]]:
    """Every statement of a year in a lower-cased text, in order, with the year it gives
    (None for a decade, which gives no single year); ``offset`` is added to positions."""
    found: list[tuple[Cue, int | None]] = []
    spans = []
    for m in rules.YEAR_WORDS.finditer(low):
        at, to = m.start() + offset, m.end() + offset
        if m.lastgroup == "between":
            first, last = int(m.group("c")), int(m.group("d"))
            if first < last <= first + rules.LONGEST_RANGE:
                found.append((Cue("range", at, to), last))
                spans.append((m.start(), m.end()))
        elif published is not None:
            shift = rules.RELATIVE_YEARS[int(m.lastgroup[1:])][1]
            found.append((Cue("relative", at, to), published + shift))
    for m in rules.YEAR_DIGITS.finditer(low):
        name, at, to = m.lastgroup, m.start() + offset, m.end() + offset
        if name == "url" or any(s <= m.start() < e for s, e in spans):
            continue
        if m.group("a"):
            first, last = m.group("a"), m.group("b")
            year = int(last) if len(last) == 4 else int(first) - int(first) % 100 + int(last)
            if int(first) < year <= int(first) + rules.LONGEST_RANGE:
                found.append((Cue("range", at, to), year))
        elif name == "decade":
            found.append((Cue("decade", at, to), None))
        elif not rules.SINCE.search(low, max(0, m.start() - 20), m.start()):
            found.append((Cue("year", at, to), int(m.group())))
    found.sort(key=lambda x: x[0].start)
    return found


def propose_year(s: Sentence, at: Spot, kind: str, pub: int | None) -> Proposal | None:
    if kind in rules.TIMELESS_KINDS:
        return None
    # A year in the number's clause or before it (a time stated first scopes over what
    # follows: "In 2019, trade rose 5% and exports 8%"); one in a later clause belongs
    # to that clause ("maintains 1,000 troops, and plans 200 more next year").
    weight = rules.AFTER_WEIGHT["year"]
    best = None
    best_d, n = 0.0, 0
    for c, year in s.years(pub):
        if c.start >= at.hi:
            break
        n += 1
        d = at.distance(c, weight)
        if best is None or d < best_d:
            best, best_d = (c, year), d
    if best is not None:
        cue, year = best
        if year is None:
            return None  # "in the 1990s": no single year
        sure = n == 1 and cue.name == "year"
        return Proposal(str(year), "high" if sure else "medium", s.quoted(cue))
    # An earlier sentence of the paragraph ("At a summit in 2005 ... Moscow also agreed").
    earlier = s.earlier()
    if earlier is not None:
        said, year = earlier
        return Proposal(str(year), "low", f"{said!r} in an earlier sentence")
    if pub is None:
        return None
    return Proposal(str(pub), "low", "the publication date (inferred)")


def people_unit(s: Sentence, at: Spot, unit: str, kind: str) -> str:
    """``people`` for a count of people (a population, or people named right after the
    number: "100 people", "137,000 Kyrgyz residents"); otherwise ``unit`` unchanged."""
    if unit != "count":
        return unit
    if kind == "population":
        return "people"
    after = s.low[at.end : at.end + rules.NEXT_TO]
    m = rules.PEOPLE_WORDS.search(after)
    return "people" if m and after[: m.start()].strip(" ,").count(" ") < 2 else unit


def propose(s: Sentence, start: int, end: int, unit: str, published: str) -> dict:
    """Proposals for the number at ``s.text[start:end]``, of unit ``unit``, in a source
    published on ``published`` (an ISO date, or ""): field → :class:`Proposal` (None
    where nothing is proposed) for year, category, kind and status; and ``unit``, the
    unit with a count of people made ``people``."""
    at = Spot(start, end, *s.clause(start, end))
    pub = int(published[:4]) if published[:4].isdigit() else None
    kind = propose_kind(s, at, unit)
    return {
        "year": propose_year(s, at, kind.value, pub),
        "category": propose_category(s, at, kind.value),
        "kind": kind,
        "status": propose_status(s, at, kind.value),
        "unit": people_unit(s, at, unit, kind.value),
    }
