"""Where the sources disagree, with each other or with themselves, found from the catalogue.

Four checks, each a pure function over tables or texts:

- :func:`figure_conflicts`: figures with the same ``subject`` (the same real-world
  quantity) whose values cannot both be true once brought to one unit, or whose
  ``year`` differs.
- :func:`event_conflicts`: events with the same ``subject`` (the same happening)
  whose dates cannot both be true at the precision each states.
- :func:`direction_conflicts`: statements of the form "about 20 miles west of ...
  Bishkek" read from the texts and checked against the coordinates in
  ``data/reference/facts/places.csv`` (bearing and great-circle distance).
- :func:`spelling_variants`: near-identical proper names and acronyms across the
  corpus ("Akayev"/"Akaev", "CSTO"/"SCTO").

:func:`all_conflicts` runs them all on the loaded catalogue and gives each conflict
a ``conflict_id`` derived from its content (``value:kant-distance-from-bishkek``,
``spelling:csto``), so that ``data/corrections.csv`` can record the reading the
report adopts for each. :func:`resolution_problems` says which conflicts have no
resolution and which resolutions match no conflict: it runs in
:func:`rukg.catalogue.core.load`, so the corrections file cannot go stale silently.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from rukg.catalogue.quotes import cached_mentions
from rukg.errors import Problem
from rukg.escape import md_text
from rukg.files import read_text_file
from rukg.progress import progress
from rukg.reference import tables as datasets
from rukg.reference.places import (
    haversine_km,  # one great-circle distance for the map and the checks
)
from rukg.tableio import label_of

if TYPE_CHECKING:  # pragma: no cover
    from rukg.catalogue.core import Catalogue
    from rukg.config import Paths

__all__ = [
    "KM_PER_MILE",
    "OPEN_FACTOR",
    "figure_conflicts",
    "event_conflicts",
    "date_interval",
    "haversine_km",
    "initial_bearing",
    "compass_point",
    "place_aliases",
    "distance_statements",
    "direction_conflicts",
    "spelling_variants",
    "reference_vocabulary",
    "all_conflicts",
    "with_resolutions",
    "resolution_problems",
]

KM_PER_MILE = 1.609344  # international mile
# "More than x" is literally open-ended, but a writer who knew the number was more
# than twice x would not say "more than x" (the maxim of quantity). For the
# *pragmatic* reading an open upper bound is closed at OPEN_FACTOR * x; a conflict
# found only under that reading is marked ``strict = False``.
OPEN_FACTOR = 2.0
# A distance stated in an article may be measured to the edge of a town, or by
# road, rather than centre to centre in a straight line. A stated distance agrees
# with the coordinates when its range meets [0.9 * d, 1.4 * d] for the
# great-circle distance d: 10% for the extent of a town and rounding, 40% for a
# road's detours (road networks typically run 1.2-1.4 times the straight line).
DISTANCE_TOLERANCE = (0.9, 1.4)
# A stated compass direction agrees with the bearing from the coordinates when
# the bearing lies in the stated point's sector of the 8-point compass or a
# neighbouring one (within 67.5 degrees).
DIRECTION_TOLERANCE_DEG = 67.5

_COMPASS = {
    "north": 0.0,
    "northeast": 45.0,
    "east": 90.0,
    "southeast": 135.0,
    "south": 180.0,
    "southwest": 225.0,
    "west": 270.0,
    "northwest": 315.0,
}
_POINTS = ("north", "northeast", "east", "southeast", "south", "southwest", "west", "northwest")


# --- helpers -----------------------------------------------------------------


def _na(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def _num(v) -> float | None:
    return None if _na(v) else float(v)


def _scope(a: str, b: str) -> str:
    return "self" if a == b else "between"


def _fmt(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isinf(x)):
        return "open"
    return f"{x:,.4g}" if abs(x) < 1e4 else f"{x:,.0f}"


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


# --- figures -----------------------------------------------------------------

_PAIR_COLUMNS = [
    "subject",
    "kind",
    "scope",
    "strict",
    "id_a",
    "id_b",
    "source_a",
    "source_b",
    "quote_a",
    "quote_b",
    "unit",
    "value_a",
    "low_a",
    "high_a",
    "value_b",
    "low_b",
    "high_b",
    "year_a",
    "year_b",
]


def _common(
    row: pd.Series, usd_per: Callable[[str, int | None], float] | None
) -> tuple[str, float] | None:
    """The common unit for a figure and the factor that takes its numbers there.

    Miles become km, fractions percent; money becomes USD when ``usd_per`` (US dollars
    per unit of a currency in a year) is given, else stays in its own currency.
    ``None`` when money cannot be converted.
    """
    unit = row["unit"]
    if unit == "miles":
        return "km", KM_PER_MILE
    if unit == "fraction":
        return "percent", 100.0
    if unit == "money":
        cur = row["currency"]
        if cur == "USD":
            return "money USD", 1.0
        if usd_per is None:
            return f"money {cur}", 1.0
        year = None if _na(row["year"]) else int(row["year"])
        try:
            return "money USD", float(usd_per(cur, year))
        except (ValueError, KeyError, TypeError):
            return None
    return unit, 1.0


def _ranges(row: pd.Series, factor: float) -> tuple[float | None, tuple, tuple]:
    """Value and the literal and pragmatic ranges of a figure, in the common unit.

    Exact wording (no ``low`` or ``high``) is the point ``[value, value]``; an open
    upper bound ("more than x") is infinite literally and ``OPEN_FACTOR * x``
    pragmatically; an open lower bound ("up to x") is 0 under both readings.
    """
    value, low, high = _num(row["value"]), _num(row["low"]), _num(row["high"])
    if low is None and high is None:
        low = high = value
        prag_high = high
    elif high is None:
        prag_high = low * OPEN_FACTOR
        high = math.inf
    else:
        prag_high = high
    if low is None:
        low = 0.0

    def scale(x):
        return None if x is None else x * factor

    literal = (scale(low), scale(high) if not math.isinf(high) else math.inf)
    pragmatic = (scale(low), scale(prag_high))
    return scale(value), literal, pragmatic


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    tol = 1e-9 * max(1.0, abs(a[0]), abs(b[0]))
    return a[0] <= b[1] + tol and b[0] <= a[1] + tol


def figure_conflicts(
    figures: pd.DataFrame,
    usd_per: Callable[[str, int | None], float] | None = None,
) -> pd.DataFrame:
    """Pairs of figures with the same subject that cannot both be right.

    Within each ``subject`` every pair of figures is compared in a common unit
    (miles → km with :data:`KM_PER_MILE`; fractions → percent; money → USD via
    ``usd_per(currency, year)`` when given). Two figures *agree* when the ranges
    their wording implies (``low``-``high``, or the exact value) overlap. The
    pair is a conflict of kind:

    - ``"value"`` when the ranges are disjoint. ``strict`` is ``True`` when even
      the literal ranges (open bounds open) are disjoint, ``False`` when only the
      pragmatic ones are (an open "more than x" read as at most
      :data:`OPEN_FACTOR` ``* x``);
    - ``"year"`` when both give a ``year`` and the years differ;
    - ``"unit"`` when the two cannot be brought to one unit (a subject that mixes
      different quantities, or money with no rate): a catalogue error to fix.

    ``scope`` is ``"self"`` for two figures of one source, ``"between"`` otherwise.
    One row per conflicting pair and kind, ids in order (``id_a`` < ``id_b``).
    """
    rows = []
    subjects = figures.dropna(subset=["subject"]).sort_values("id")
    for subject, group in subjects.groupby("subject", sort=True):
        recs = [r for _, r in group.iterrows()]
        for i, a in enumerate(recs):
            for b in recs[i + 1 :]:
                base = {
                    "subject": subject,
                    "scope": _scope(a["source_id"], b["source_id"]),
                    "id_a": a["id"],
                    "id_b": b["id"],
                    "source_a": a["source_id"],
                    "source_b": b["source_id"],
                    "quote_a": a["quote"],
                    "quote_b": b["quote"],
                    "year_a": None if _na(a["year"]) else int(a["year"]),
                    "year_b": None if _na(b["year"]) else int(b["year"]),
                }
                ca, cb = _common(a, usd_per), _common(b, usd_per)
                if ca is None or cb is None or ca[0] != cb[0]:
                    rows.append(
                        {
                            **base,
                            "kind": "unit",
                            "strict": True,
                            "unit": f"{a['unit']} / {b['unit']}",
                        }
                    )
                    continue
                va, lit_a, prag_a = _ranges(a, ca[1])
                vb, lit_b, prag_b = _ranges(b, cb[1])
                numbers = {
                    "unit": ca[0],
                    "value_a": va,
                    "low_a": lit_a[0],
                    "high_a": lit_a[1],
                    "value_b": vb,
                    "low_b": lit_b[0],
                    "high_b": lit_b[1],
                }
                if not _overlap(prag_a, prag_b):
                    strict = not _overlap(lit_a, lit_b)
                    rows.append({**base, **numbers, "kind": "value", "strict": strict})
                if base["year_a"] is not None and base["year_b"] is not None:
                    if base["year_a"] != base["year_b"]:
                        rows.append({**base, **numbers, "kind": "year", "strict": True})
    return pd.DataFrame(rows, columns=_PAIR_COLUMNS)


# --- events ------------------------------------------------------------------


def date_interval(date: str, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day an ISO date of day, month or year precision can mean."""
    start = pd.Timestamp(date)
    if precision == "year":
        return start, pd.Timestamp(f"{date[:4]}-12-31")
    if precision == "month":
        return start, start + pd.offsets.MonthEnd(0)
    return start, start


def event_conflicts(events: pd.DataFrame) -> pd.DataFrame:
    """Pairs of events with the same subject whose dates cannot both be right.

    Each date stands for the days its precision allows ("2003" is all of 2003,
    "2003-10" all of October 2003); two dates agree when those spans overlap, so
    2003-10 and 2003 agree and 2017 and 2012 conflict. Kind ``"date"``; ``scope``
    as in :func:`figure_conflicts`.
    """
    rows = []
    subjects = events.dropna(subset=["subject"]).sort_values("id")
    for subject, group in subjects.groupby("subject", sort=True):
        recs = [r for _, r in group.iterrows()]
        for i, a in enumerate(recs):
            for b in recs[i + 1 :]:
                sa, ea = date_interval(a["date"], a["date_precision"])
                sb, eb = date_interval(b["date"], b["date_precision"])
                if sa <= eb and sb <= ea:
                    continue
                rows.append(
                    {
                        "subject": subject,
                        "kind": "date",
                        "scope": _scope(a["source_id"], b["source_id"]),
                        "strict": True,
                        "id_a": a["id"],
                        "id_b": b["id"],
                        "source_a": a["source_id"],
                        "source_b": b["source_id"],
                        "quote_a": a["quote"],
                        "quote_b": b["quote"],
                        "date_a": a["date"],
                        "date_b": b["date"],
                    }
                )
    return pd.DataFrame(
        rows,
        columns=[
            "subject",
            "kind",
            "scope",
            "strict",
            "id_a",
            "id_b",
            "source_a",
            "source_b",
            "quote_a",
            "quote_b",
            "date_a",
            "date_b",
        ],
    )


# --- directions and distances ------------------------------------------------


def initial_bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial great-circle bearing from point 1 to point 2, degrees clockwise from north."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(x, y)) % 360.0


def compass_point(bearing: float) -> str:
    """The nearest of the eight compass points to a bearing."""
    return _POINTS[int(((bearing % 360.0) + 22.5) // 45.0) % 8]


def _angle(a: float, b: float) -> float:
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d)


def place_aliases(name: str) -> list[str]:
    """Names a place in ``places.csv`` goes by in running text.

    The part of the name before any "(" or ":" is split at "/" (``"Kara-Balta /
    Chaldovar"``); each piece is an alias, and so is its first word when the piece
    has several (``"Kant air base"`` → ``"Kant"``, ``"Manas International Airport"``
    → ``"Manas"``).
    """
    head = re.split(r"[(:]", name, maxsplit=1)[0]
    aliases = []
    for piece in head.split("/"):
        piece = piece.strip()
        if not piece:
            continue
        aliases.append(piece)
        first = piece.split()[0]
        if first != piece and len(first) >= 3:
            aliases.append(first)
    return list(dict.fromkeys(aliases))


_DIR_WORD = r"(?:north|south)(?:-?(?:east|west))?|east|west"
_AFTER = re.compile(
    rf"\s+(?:(?P<dir>{_DIR_WORD})\s+)?(?:of|from)\b(?P<rest>[^.;\n]{{0,80}})", re.IGNORECASE
)


def _sentence_start(text: str, pos: int) -> int:
    cut = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    return 0 if cut < 0 else cut + 1


def distance_statements(texts: Mapping[str, str], places: pd.DataFrame) -> pd.DataFrame:
    """Every "<distance> [<direction>] of/from <place>" statement, checked against coordinates.

    A statement is a distance the quote parser finds (a number with "miles" or
    "kilometers", and its approximating word, which sets the range), followed by
    an optional compass direction and "of" or "from", and a place of
    ``places.csv`` (the reference place) within the same sentence. The located
    place is the last other place named before the distance in the sentence.

    For each statement: the stated range in km, the great-circle distance and
    initial bearing from the reference place to the located one, and whether
    each agrees (``distance_ok``: the stated range meets
    :data:`DISTANCE_TOLERANCE` times the great-circle distance; ``direction_ok``:
    the bearing is within :data:`DIRECTION_TOLERANCE_DEG` of the stated point,
    blank when no direction is stated).
    """
    alias_of: dict[str, pd.Series] = {}
    for _, p in places.iterrows():
        for a in place_aliases(p["name"]):
            alias_of.setdefault(a, p)
    pattern = re.compile(
        r"(?<![\w-])("
        + "|".join(re.escape(a) for a in sorted(alias_of, key=len, reverse=True))
        + r")(?![\w-])"
    )
    rows = []
    for source_id in progress(sorted(texts), "checking distances", unit="source"):
        text = texts[source_id]
        # The parse validation and the audit share (each text is parsed once).
        for m in cached_mentions(text):
            if m.rule is not None or m.unit not in ("km", "miles") or m.value is None:
                continue
            after = _AFTER.match(text, m.end)
            if not after:
                continue
            ref = pattern.search(after.group("rest"))
            if not ref:
                continue
            ref_place = alias_of[ref.group(1)]
            before = text[_sentence_start(text, m.start) : m.start]
            located = [
                x for x in pattern.finditer(before) if alias_of[x.group(1)]["id"] != ref_place["id"]
            ]
            if not located:
                continue
            loc_place = alias_of[located[-1].group(1)]
            factor = KM_PER_MILE if m.unit == "miles" else 1.0
            low = (m.low if m.low is not None else (0.0 if m.qualifier else m.value)) * factor
            high = (
                m.high * factor
                if m.high is not None
                else (math.inf if m.qualifier else m.value * factor)
            )
            gc = haversine_km(
                ref_place["lat"], ref_place["lon"], loc_place["lat"], loc_place["lon"]
            )
            bearing = initial_bearing(
                ref_place["lat"], ref_place["lon"], loc_place["lat"], loc_place["lon"]
            )
            stated_dir = after.group("dir")
            stated_dir = stated_dir.lower().replace("-", "") if stated_dir else None
            direction_ok = (
                None
                if stated_dir is None
                else _angle(_COMPASS[stated_dir], bearing) <= DIRECTION_TOLERANCE_DEG
            )
            lo_ok, hi_ok = DISTANCE_TOLERANCE
            distance_ok = _overlap((low, high), (gc * lo_ok, gc * hi_ok))
            quote_start = located[-1].start() + _sentence_start(text, m.start)
            quote = text[quote_start : after.start("rest") + ref.end()]
            rows.append(
                {
                    "source_id": source_id,
                    "quote": quote,
                    "place": _slug(place_aliases(loc_place["name"])[0]),
                    "place_id": loc_place["id"],
                    "reference": _slug(place_aliases(ref_place["name"])[0]),
                    "reference_id": ref_place["id"],
                    "stated": m.text,
                    "stated_low_km": low,
                    "stated_high_km": high,
                    "stated_direction": stated_dir,
                    "great_circle_km": gc,
                    "bearing": bearing,
                    "bearing_point": compass_point(bearing),
                    "distance_ok": distance_ok,
                    "direction_ok": direction_ok,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "source_id",
            "quote",
            "place",
            "place_id",
            "reference",
            "reference_id",
            "stated",
            "stated_low_km",
            "stated_high_km",
            "stated_direction",
            "great_circle_km",
            "bearing",
            "bearing_point",
            "distance_ok",
            "direction_ok",
        ],
    )


def direction_conflicts(texts: Mapping[str, str], places: pd.DataFrame) -> pd.DataFrame:
    """The distance statements of :func:`distance_statements` that the coordinates contradict.

    One row per statement and failed check: ``kind`` is ``"direction"`` (the
    stated compass point is wrong) or ``"distance"`` (the stated distance is).
    """
    st = distance_statements(texts, places)
    rows = []
    for _, s in st.iterrows():
        if s["direction_ok"] is False:
            rows.append({**s.to_dict(), "kind": "direction"})
        if not s["distance_ok"]:
            rows.append({**s.to_dict(), "kind": "distance"})
    return pd.DataFrame(rows, columns=[*st.columns, "kind"])


# --- spelling ----------------------------------------------------------------

# Each pattern starts with its first letter and only then looks behind it ("(?<!x.)" after
# one letter is "(?<!x)" before it): the regex engine can then skip to the letters that
# may start a match, about twice as fast over a large text as looking behind everywhere.
_WORD = re.compile(r"([A-Z](?<![\w'’.].)[a-z]+)(['’]s\b)?(?![a-zA-Z])")
_ACRONYM = re.compile(r"([A-Z](?<![\w.].)[A-Z]+)(?!\w|\.\w)")  # not the letters of "U.S."
_URL = re.compile(r"https?://\S+")
# English inflectional and derivational endings: two words that are one stem plus
# two of these (Russia/Russian, Pakistan/Pakistani, Islamic/Islamist) are
# different words of one family, not two spellings.
ENDINGS = (
    "",
    "s",
    "n",
    "ns",
    "an",
    "ans",
    "ian",
    "ians",
    "ic",
    "ics",
    "ist",
    "ists",
    "ism",
    "i",
    "is",
    "ese",
    "ish",
)
MIN_LENGTH = 5
MIN_RATIO = 0.8
# Lowercase words of at least MIN_LENGTH letters: only they can make a spelling an
# ordinary English word for the "similar" test (shorter spellings are never compared).
_LOWER = re.compile(rf"[a-z](?<![\w'’].)[a-z]{{{MIN_LENGTH - 1},}}(?![\w])")


def _tokens(text: str) -> tuple[Counter, set[str]]:
    """Capitalised words and acronyms (each part of a hyphenated word apart), and possessives."""
    counts, possessive, _ = _vocabulary(text)
    return counts, possessive


def _vocabulary(text: str) -> tuple[Counter, set[str], set[str]]:
    """:func:`_tokens` of a text, and the set of its lowercase words of at least
    :data:`MIN_LENGTH` letters (URLs left out)."""
    text = _URL.sub(" ", text)
    counts: Counter = Counter()
    possessive: set[str] = set()
    # Counted by Counter over findall (in C), not one match object at a time.
    for (word, apostrophe_s), n in Counter(_WORD.findall(text)).items():
        counts[word] += n
        if apostrophe_s:
            possessive.add(word)
    counts.update(_ACRONYM.findall(text))
    return counts, possessive, set(_LOWER.findall(text))


class _SimilarRoots:
    """The roots a spelling may be a "similar" variant of, with their letter counts.

    :meth:`candidates` applies the two cheap tests of the search (lengths, and
    ``SequenceMatcher.quick_ratio``: the share of letters in common as multisets, an
    upper bound of ``ratio``) to every root at once with numpy, instead of one root at
    a time in Python: the pairs of words make the search quadratic in the vocabulary.
    The arithmetic is difflib's (``2.0 * matches / total``), so the same roots pass.
    """

    def __init__(self, alphabet: set[str], capacity: int):
        self.column = {ch: i for i, ch in enumerate(sorted(alphabet))}
        # One row per letter: the counts of one letter in every root lie side by side.
        self.counts = np.zeros((len(self.column), max(capacity, 1)), dtype=np.int32)
        self.lengths = np.zeros(max(capacity, 1), dtype=np.int64)
        self.words: list[str] = []

    def add(self, word: str) -> None:
        i = len(self.words)
        for ch, n in Counter(word).items():
            self.counts[self.column[ch], i] = n
        self.lengths[i] = len(word)
        self.words.append(word)

    def candidates(self, t: str) -> list[str]:
        """Roots of a length that can reach MIN_RATIO with ``t`` and a quick_ratio that does."""
        n = len(self.words)
        if not n:
            return []
        lengths = self.lengths[:n]
        total = lengths + len(t)
        ok = ~(2 * np.minimum(lengths, len(t)) < MIN_RATIO * total)
        common = np.zeros(n, dtype=np.int64)
        for ch, k in Counter(t).items():
            common += np.minimum(self.counts[self.column[ch], :n], k)
        ok &= ~(2.0 * common / total < MIN_RATIO)
        return [self.words[i] for i in np.flatnonzero(ok)]


def _derived(a: str, b: str) -> bool:
    """One stem with two English endings, or one word extending the other at the end."""
    if a.startswith(b) or b.startswith(a):
        return True
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    return any(a[k:] in ENDINGS and b[k:] in ENDINGS for k in range(max(0, p - 3), p + 1))


def reference_vocabulary(paths: Paths) -> str:
    """The reference facts as one text, whose names are taken as preferred spellings.

    ``places.csv`` names, the ``item``, ``status_detail`` and ``paraphrase`` of
    ``aid_commitments.csv`` and ``topics_beyond_the_sources.md``: later, cited
    sources that spell "Kazakhstan", "Kambarata", "Atambayev".
    """
    facts = paths.reference / "facts"
    parts = []
    parts += list(datasets.read(paths, "places")["name"])
    aid = datasets.read(paths, "aid_facts")
    for col in ("item", "status_detail", "paraphrase"):
        parts += list(aid[col].dropna())
    md = facts / "topics_beyond_the_sources.md"
    if md.exists():
        parts.append(read_text_file(md, label_of(md, paths)))
    return "\n".join(parts)


def spelling_variants(texts: Mapping[str, str], reference: str = "") -> pd.DataFrame:
    """Groups of spellings of one name across the corpus, with counts by source.

    Tokens are capitalised words (each part of a hyphenated word apart, "'s"
    stripped) and all-capital acronyms. A token is tied to another, more usual
    spelling (its parent) when:

    - **possessive**: it is a word plus "s" and the word also appears with an
      apostrophe ("Akayevs" beside "Akayev's"): a possessive missing its
      apostrophe;
    - **anagram**: both are acronyms of three or more letters with the same
      letters in another order ("SCTO"/"CSTO");
    - **similar**: both are words of at least :data:`MIN_LENGTH` letters with a
      ``difflib`` ratio of at least :data:`MIN_RATIO` (about one letter in five
      different), except when either is an ordinary English word, that is, it
      also occurs in lowercase in the corpus or the reference ("Minister"/
      "Ministry", "These"/"Those"), or the two are words of one family: one
      extends the other at the end ("Eurasia"/"Eurasianet") or they are one stem
      with two English endings (:data:`ENDINGS`: "Russia"/"Russian",
      "Islamic"/"Islamist").

    Spellings are taken from the most usual down: the one in the ``reference``
    text (names from the reference facts) first, then the one used by more
    sources, then more often, then alphabetically first. Each becomes a variant
    of the most similar *root* taken before it (a more usual spelling that is not
    itself a variant), or else a root; so two rare forms ("Kyrgystan",
    "Kyrgyzstani") are never tied to each other. A group is a root with its
    variants, named by the root. Reference spellings are only ever roots. No
    stoplist: the two exclusions above are the whole filter.

    One row per group, spelling and source: ``group`` (the root), ``spelling``,
    ``relation`` (``canonical``, ``possessive``, ``anagram``, ``similar``),
    ``ratio`` (similarity to its parent), ``source_id`` (``reference`` for a
    spelling found only there) and ``count``.
    """
    by_source: dict[str, Counter] = {}
    possessive: set[str] = set()
    lower: set[str] = set()  # words also written in lowercase, in the corpus or the reference
    n_sources: Counter = Counter()  # in how many sources each spelling occurs
    for sid in sorted(texts):
        counts, poss, low = _vocabulary(texts[sid])
        by_source[sid] = counts
        possessive |= poss
        lower |= low
        n_sources.update(counts.keys())
    corpus: Counter = Counter()
    for c in by_source.values():
        corpus.update(c)
    ref_counts, ref_poss, ref_lower = _vocabulary(reference)
    lower |= ref_lower
    possessive_anywhere = possessive | ref_poss

    def rank(t: str) -> tuple:
        return (t in ref_counts, n_sources.get(t, 0), corpus.get(t, 0), [-ord(ch) for ch in t])

    order = sorted(set(corpus) | set(ref_counts), key=rank, reverse=True)
    # The roots taken so far, kept where each kind of variant looks for its parent:
    # acronyms by their letters in order, long words with their letter counts.
    acronym_roots: dict[str, list[str]] = defaultdict(list)
    similar_roots = _SimilarRoots({ch for t in order for ch in t}, len(order))
    parent: dict[str, tuple[str, str, float]] = {}
    for t in progress(order, "spelling variants", unit="word"):
        options: list[tuple[float, tuple, str, str]] = []
        if t in ref_counts:
            pass  # a reference spelling is never a variant
        elif t.isupper():
            if len(t) >= 3:
                options = [
                    (1.0, rank(s), s, "anagram")
                    for s in acronym_roots.get("".join(sorted(t)), [])
                    if s != t
                ]
        elif t.endswith("s") and t not in possessive and t[:-1] in possessive_anywhere:
            options = [(1.0, rank(t[:-1]), t[:-1], "possessive")]
        elif len(t) >= MIN_LENGTH and t.lower() not in lower:
            sm = difflib.SequenceMatcher(None, autojunk=False)
            sm.set_seq2(t)
            # Roots of at least MIN_LENGTH letters that are no ordinary word, near in
            # length and in letters (see _SimilarRoots); then difflib's ratio decides.
            for s in similar_roots.candidates(t):
                if _derived(t, s):
                    continue
                sm.set_seq1(s)
                r = sm.ratio()
                if r >= MIN_RATIO:
                    options.append((r, rank(s), s, "similar"))
        if options:
            r, _, s, how = max(options)  # s is unique: the order of options does not matter
            parent[t] = (s, how, r)
        elif t.isupper():
            acronym_roots["".join(sorted(t))].append(t)
        elif len(t) >= MIN_LENGTH and t.lower() not in lower:
            similar_roots.add(t)

    def root(t: str) -> str:
        seen = set()
        while t in parent and t not in seen:
            seen.add(t)
            t = parent[t][0]
        return t

    groups: dict[str, set[str]] = defaultdict(set)
    for t in parent:
        groups[root(t)] |= {t, root(t)}
    rows = []
    for g in sorted(groups):
        for sp in sorted(groups[g], key=lambda x: (x != g, x)):
            how, r = ("canonical", 1.0) if sp == g else parent[sp][1:]
            found = [(sid, c[sp]) for sid, c in by_source.items() if sp in c]
            if not found:
                found = [("reference", 0)]
            for sid, n in found:
                rows.append(
                    {
                        "group": g,
                        "spelling": sp,
                        "relation": how,
                        "ratio": round(r, 3),
                        "source_id": sid,
                        "count": n,
                    }
                )
    return pd.DataFrame(
        rows, columns=["group", "spelling", "relation", "ratio", "source_id", "count"]
    )


# --- everything together -----------------------------------------------------

CONFLICT_COLUMNS = [
    "conflict_id",
    "kind",
    "scope",
    "strict",
    "subject",
    "description",
    "source_ids",
    "ids",
    "quote_a",
    "quote_b",
]


def _range_text(low: float, high: float, value: float | None, unit: str) -> str:
    if low == high:
        return f"{_fmt(low)} {unit}"
    return f"{_fmt(value) if value is not None else 'between'} {unit} ({_fmt(low)}-{_fmt(high)})"


def _pair_ids(df: pd.DataFrame) -> list[str]:
    """``kind:subject``, or ``kind:subject:id_a:id_b`` where a subject has several pairs."""
    n = Counter(zip(df["kind"], df["subject"], strict=True))
    return [
        f"{k}:{s}" if n[(k, s)] == 1 else f"{k}:{s}:{a}:{b}"
        for k, s, a, b in zip(df["kind"], df["subject"], df["id_a"], df["id_b"], strict=True)
    ]


def _from_figures(fc: pd.DataFrame) -> list[dict]:
    out = []
    for cid, (_, r) in zip(_pair_ids(fc), fc.iterrows(), strict=True):
        if r["kind"] == "value":
            what = (
                f"{r['source_a']} gives {_range_text(r['low_a'], r['high_a'], r['value_a'], r['unit'])}, "
                f"{r['source_b']} {_range_text(r['low_b'], r['high_b'], r['value_b'], r['unit'])}: "
                + (
                    "the ranges do not overlap"
                    if r["strict"]
                    else f"they overlap only if 'more than' may mean over {OPEN_FACTOR:g} times the number"
                )
            )
        elif r["kind"] == "year":
            what = f"{r['source_a']} dates it {r['year_a']}, {r['source_b']} {r['year_b']}"
        else:
            what = f"the figures measure different things ({r['unit']}): check their subject"
        out.append(
            {
                "conflict_id": cid,
                "kind": r["kind"],
                "scope": r["scope"],
                "strict": bool(r["strict"]),
                "subject": r["subject"],
                "description": f"{r['subject']}: {what}",
                "source_ids": ";".join(sorted({r["source_a"], r["source_b"]})),
                "ids": f"{r['id_a']};{r['id_b']}",
                "quote_a": r["quote_a"],
                "quote_b": r["quote_b"],
            }
        )
    return out


def _from_events(ec: pd.DataFrame) -> list[dict]:
    return [
        {
            "conflict_id": cid,
            "kind": "date",
            "scope": r["scope"],
            "strict": True,
            "subject": r["subject"],
            "description": f"{r['subject']}: {r['source_a']} dates it {r['date_a']}, "
            f"{r['source_b']} {r['date_b']}",
            "source_ids": ";".join(sorted({r["source_a"], r["source_b"]})),
            "ids": f"{r['id_a']};{r['id_b']}",
            "quote_a": r["quote_a"],
            "quote_b": r["quote_b"],
        }
        for cid, (_, r) in zip(_pair_ids(ec), ec.iterrows(), strict=True)
    ]


def _from_directions(dc: pd.DataFrame) -> list[dict]:
    out = []
    for _, r in dc.iterrows():
        subject = f"{r['place']}-from-{r['reference']}"
        if r["kind"] == "direction":
            what = (
                f"stated {r['stated_direction']}, but by coordinates it lies "
                f"{r['bearing_point']} (bearing {r['bearing']:.0f}°)"
            )
            computed = f"bearing {r['bearing']:.1f}° ({r['bearing_point']})"
        else:
            what = (
                f"stated {r['stated']} ({_fmt(r['stated_low_km'])}-{_fmt(r['stated_high_km'])} km), "
                f"but the great-circle distance is {r['great_circle_km']:.1f} km"
            )
            computed = f"great-circle distance {r['great_circle_km']:.1f} km"
        out.append(
            {
                "conflict_id": f"{r['kind']}:{r['source_id']}:{subject}",
                "kind": r["kind"],
                "scope": "reference",
                "strict": True,
                "subject": subject,
                "description": f"{subject} ({r['source_id']}): {what}",
                "source_ids": r["source_id"],
                "ids": f"{r['place_id']};{r['reference_id']}",
                "quote_a": r["quote"],
                "quote_b": f"places.csv {r['reference_id']}-{r['place_id']}: {computed}",
            }
        )
    return out


def _from_spelling(sv: pd.DataFrame) -> list[dict]:
    out = []
    for g, grp in sv.groupby("group", sort=True):

        def listing(rows: pd.DataFrame) -> str:
            parts = []
            for sp, r in rows.groupby("spelling", sort=False):
                where = ", ".join(
                    f"{s} {n}" if s != "reference" else "reference"
                    for s, n in zip(r["source_id"], r["count"], strict=True)
                )
                parts.append(f"{sp} ({where})")
            return "; ".join(parts)

        canon = grp[grp["relation"] == "canonical"]
        variants = grp[grp["relation"] != "canonical"]
        sources = sorted(set(grp["source_id"]) - {"reference"})
        # One pass per group (a filter per source would grow with sources x groups).
        in_one = bool(
            grp[grp["source_id"] != "reference"]
            .groupby("source_id")["spelling"]
            .nunique()
            .gt(1)
            .any()
        )
        scope = (
            "self"
            if in_one
            else ("reference" if set(canon["source_id"]) == {"reference"} else "between")
        )
        hows = sorted(set(variants["relation"]))
        out.append(
            {
                "conflict_id": f"spelling:{_slug(g)}",
                "kind": "spelling",
                "scope": scope,
                "strict": True,
                "subject": _slug(g),
                "description": f"{g}: also spelt "
                + ", ".join(dict.fromkeys(variants["spelling"]))
                + f" ({', '.join(hows)})",
                "source_ids": ";".join(sources),
                "ids": ";".join(dict.fromkeys(grp["spelling"])),
                "quote_a": listing(canon),
                "quote_b": listing(variants),
            }
        )
    return out


def _usd_per(paths: Paths) -> Callable[[str, int | None], float]:
    from rukg.reference.prices import to_usd

    def usd_per(currency: str, year: int | None) -> float:
        if year is None:
            raise ValueError("no year to take a rate from")
        return to_usd(paths, 1.0, currency, str(year))[0]

    return usd_per


def places_table(paths: Paths) -> pd.DataFrame:
    """``data/reference/facts/places.csv`` (id, name, lat, lon, ...)."""
    places = datasets.read(paths, "places")
    return places.assign(lat=places["lat"].astype(float), lon=places["lon"].astype(float))


def all_conflicts(cat: Catalogue, paths: Paths) -> pd.DataFrame:
    """Every conflict found in the catalogue, one row each, ordered by ``conflict_id``.

    ``conflict_id`` is built from content: ``kind:subject`` for figures
    (``value``, ``year``, ``unit``) and events (``date``), with the two row ids
    appended when a subject holds more than one conflicting pair;
    ``direction:<source>:<place>-from-<place>`` and ``distance:...`` for
    statements the coordinates contradict; ``spelling:<usual spelling>`` for
    spelling groups. ``scope`` is ``self`` (within one source), ``between``
    (sources) or ``reference`` (a source against the reference facts).
    """
    rows = (
        _from_figures(figure_conflicts(cat.figures, _usd_per(paths)))
        + _from_events(event_conflicts(cat.events))
        + _from_directions(direction_conflicts(cat.texts, places_table(paths)))
        + _from_spelling(spelling_variants(cat.texts, reference_vocabulary(paths)))
    )
    df = pd.DataFrame(rows, columns=CONFLICT_COLUMNS)
    return df.sort_values("conflict_id", kind="stable").reset_index(drop=True)


def with_resolutions(conflicts: pd.DataFrame, corrections: pd.DataFrame) -> pd.DataFrame:
    """The conflicts with the resolution adopted for each (``correction_id``, ``adopted``,
    ``reason``, ``citation``); blank where ``data/corrections.csv`` has none."""
    res = corrections.rename(columns={"id": "correction_id"})[
        ["conflict_id", "correction_id", "adopted", "reason", "citation"]
    ]
    return conflicts.merge(res, on="conflict_id", how="left", validate="one_to_one")


def resolution_problems(
    conflicts: pd.DataFrame, corrections: pd.DataFrame, label: str = "data/corrections.csv"
) -> list[Problem]:
    """Conflicts found with no resolution row, and resolution rows that match no conflict.

    Rows of ``corrections`` are numbered by their index (from 1, as loaded).
    """
    problems = []
    found = set(conflicts["conflict_id"])
    for r, row in corrections.iterrows():
        if row["conflict_id"] not in found:
            problems.append(
                Problem(
                    label,
                    int(r),
                    "conflict_id",
                    f"{row['conflict_id']!r} matches no conflict the consistency check finds "
                    "(fixed in the data, or its id changed): update or remove the row",
                )
            )
    known = set(corrections["conflict_id"])
    for _, c in conflicts.iterrows():
        if c["conflict_id"] not in known:
            problems.append(
                Problem(
                    label,
                    None,
                    "conflict_id",
                    f"no resolution for conflict {c['conflict_id']!r}: {c['description']}",
                )
            )
    return problems


# --- for the reader ------------------------------------------------------------
#
# What the report shows of the conflicts: articles named by the caller's ``names``
# (source id -> name, in the order to list them), never by id; numbers rounded for
# people; no file names. Ids stay in the ``Evidence`` and ``Id`` columns, which link a
# row to its evidence.

_NUMBER_WORDS = "no one two three four five six seven eight nine ten".split()
_EVIDENCE_ID = re.compile(r"^[FE]-(?P<source>[a-z][a-z0-9-]*?)-[0-9]{3}$")
_RANGE = re.compile(
    r"^(?P<value>between|[0-9][0-9,.]*) (?P<unit>.+?)"
    r"(?: \((?P<low>[0-9][0-9,.]*)-(?P<high>open|[0-9][0-9,.]*)\))?$"
)
_VALUE_WHAT = re.compile(r"^\S+ gives (?P<a>.+?), \S+ (?P<b>.+?): (?P<verdict>.+)$")
_DATE_WHAT = re.compile(r"^\S+ dates it (?P<a>\S+), \S+ (?P<b>\S+)$")
_KM_RANGE = re.compile(r"(?P<low>[0-9][0-9,.]*)-(?P<high>[0-9][0-9,.]*) km\b")
_CSV_NAMED = re.compile(
    r"(?<![\w/.-])(?:the (?P<attr>[a-z_]+)\.csv description|(?P<file>[a-z_]+)\.csv)\b(?!:)"
)
_MONTHS = "January February March April May June July August September October November December"


def _number_word(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def _people(x: float) -> str:
    """A number as a reader wants it: 1.1 billion, 1,300, 32, 4.5."""
    for div, word in ((1e9, "billion"), (1e6, "million")):
        if abs(x) >= div:
            return f"{x / div:.3g} {word}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.0f}"
    return f"{x:.2g}"


def _readable(iso: str) -> str:
    """``2012`` → 2012, ``2003-10`` → October 2003, ``2012-09-20`` → 20 September 2012."""
    parts = iso.split("-")
    if not all(p.isdigit() for p in parts) or len(parts) > 3:
        return iso
    if len(parts) == 1:
        return iso
    month = _MONTHS.split()[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def _amount(text: str) -> str | None:
    """A range as :func:`_range_text` writes it, for people (``None`` if it is not one)."""
    m = _RANGE.match(text)
    if not m:
        return None
    unit = m["unit"]

    def n(v: str) -> str:
        x = _people(float(v.replace(",", "")))
        if unit == "money USD":
            return f"${x}"
        if unit == "percent":
            return f"{x}%"
        if unit == "count":
            return x
        return f"{x} {unit.removeprefix('money ')}"

    if m["low"] is None:
        return n(m["value"])
    if m["high"] == "open":
        return f"more than {n(m['low'])}"
    if float(m["low"].replace(",", "")) == 0:
        return f"up to {n(m['high'])}"
    low = _people(float(m["low"].replace(",", "")))
    return f"{low}–{n(m['high'])}"


def _subject_words(subject: str, text: str) -> str:
    """A subject slug as words, capitalised as the quotes capitalise each word:
    ``kant-distance-from-bishkek`` → Kant distance from Bishkek."""
    words = []
    for w in subject.split("-"):
        found = re.findall(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.IGNORECASE)
        capital = bool(found) and all(f[:1].isupper() for f in found)
        words.append(w.capitalize() if capital else w)
    out = " ".join(words)
    return out[:1].upper() + out[1:]


def _in_words(text, names: Mapping[str, str]) -> str:
    """Data text for the reader: source ids become names, file names words. Figure and
    event ids (``E-gs2019-018``) stay: they link to the evidence."""
    if not isinstance(text, str):
        return text
    for sid in sorted(names, key=len, reverse=True):
        pattern = rf"(?<![\w/.-]){re.escape(sid)}(?![\w/-]|\.\w)"
        text = re.sub(pattern, lambda _, s=sid: names[s], text)

    def file_words(m: re.Match) -> str:
        stem = (m["attr"] or m["file"]).replace("_", " ")
        return f"the description in the table of {stem}" if m["attr"] else f"the table of {stem}"

    return _CSV_NAMED.sub(file_words, text)


def _listing(text: str) -> str:
    """A spelling listing (``Akaev (gs2019 2); Akayevs (gs2019 1)``) as counts, without ids."""
    parts = []
    for part in text.split("; "):
        m = re.fullmatch(r"(?P<spelling>\S+) \((?P<where>.*)\)", part)
        if not m:
            return ""
        where = m["where"].split(", ")
        if where == ["reference"]:
            parts.append(f"{m['spelling']}: in the reference data only")
            continue
        counts = [int(w.rsplit(" ", 1)[1]) for w in where if w.rsplit(" ", 1)[-1].isdigit()]
        total = sum(counts)
        times = {1: "once", 2: "twice"}.get(total, f"{total:,} times")
        articles = f"{_number_word(len(counts))} article{'s' if len(counts) != 1 else ''}"
        parts.append(f"{m['spelling']}: {times} in {articles}")
    return "; ".join(parts)


def _source_of(catalogue_id: str) -> str | None:
    m = _EVIDENCE_ID.match(catalogue_id)
    return m["source"] if m else None


def _conflict_text(r: pd.Series, quotes: str) -> str:
    """What the conflict is, in words: no id, numbers for people."""
    kind, scope = r["kind"], r["scope"]
    subject = r["subject"]
    prefix = f"{subject}: "
    if kind in ("direction", "distance"):
        prefix = f"{subject} ({r['source_ids']}): "
    desc = r["description"]
    what = desc[len(prefix) :] if desc.startswith(prefix) else ""
    if kind == "spelling":  # "Akayev: also spelt Akaev, Akayevs (possessive, similar)"
        return desc.rpartition(" (")[0] or desc
    title = _subject_words(subject, quotes)
    one, other = ("one article", "the other") if scope == "between" else ("one place", "another")
    if kind == "value" and (m := _VALUE_WHAT.match(what)):
        a, b = _amount(m["a"]), _amount(m["b"])
        if a and b:
            verdict = (
                "the ranges do not overlap"
                if r["strict"]
                else f"they agree only if 'more than' may mean over {OPEN_FACTOR:g} times the number"
            )
            return f"{title}: {a} in {one}, {b} in {other}; {verdict}"
    if kind in ("date", "year") and (m := _DATE_WHAT.match(what)):
        return f"{title}: dated {_readable(m['a'])} in {one}, {_readable(m['b'])} in {other}"
    if kind in ("direction", "distance") and what:
        what = _KM_RANGE.sub(
            lambda m: f"{_people(float(m['low']))}–{_people(float(m['high']))} km", what
        )
        return f"{title}: {what.replace('by coordinates', 'by the coordinates')}"
    generic = {
        "value": "two figures that cannot both be right",
        "year": "two years that cannot both be right",
        "date": "two dates that cannot both be right",
        "unit": "two figures that measure different things",
        "direction": "a direction the coordinates of the places contradict",
        "distance": "a distance the coordinates of the places contradict",
    }
    return f"{title}: {generic.get(kind, 'a conflict')}"


def _sources_text(source_ids: str, names: Mapping[str, str]) -> str:
    ids = [s for s in str(source_ids).split(";") if s]
    if len(ids) > 2 and set(ids) == set(names):
        return f"All {_number_word(len(ids))} articles"
    order = list(names)
    ids.sort(key=lambda s: order.index(s) if s in names else len(order))
    return "; ".join(names.get(s, s) for s in ids)


def finding(resolved: pd.DataFrame, names: Mapping[str, str] | None = None) -> str:
    """One sentence on what the consistency check found, counted from the table.

    With ``names`` (source id -> name), a second sentence names the articles most often
    party to a conflict of fact (Markdown: names escaped).
    """
    facts = resolved[resolved["kind"] != "spelling"]
    spelling = len(resolved) - len(facts)
    scope = facts["scope"].value_counts()
    parts = [
        f"{int(scope.get('between', 0))} between articles",
        f"{int(scope.get('self', 0))} within one article",
        f"{int(scope.get('reference', 0))} against the coordinates of the places",
    ]
    text = (
        f"The check finds {len(resolved)} conflicts: {len(facts)} of fact (dates, distances, "
        f"directions, counts), of which {', '.join(parts)}; and {spelling} names spelt in more "
        "than one way. The report adopts one reading of each, and records why."
    )
    if names and len(facts):
        party = Counter(s for ids in facts["source_ids"] for s in str(ids).split(";") if s)
        most = max(party.values())
        top = [md_text(names.get(s, s)) for s in names if party.get(s) == most]
        who = top[0] if len(top) == 1 else "; ".join(top[:-1]) + f" and {top[-1]}"
        each = "is" if len(top) == 1 else "are each"
        text += f" {who} {each} party to {most} of the {len(facts)} conflicts of fact."
    return text


def for_display(resolved: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The conflicts with both sides quoted and the reading the report adopts, for the report.

    ``names`` maps each source id to the name the reader sees (in the order to list
    them). Six columns, so the table fits an A4 page: Conflict, Sources, What each says
    (both sides in one cell), Reading adopted, Why (ending with the evidence, whose
    figure and event ids link to it) and Id (the correction). Only Why's evidence and
    Id hold ids; files and sources are named in words.
    """
    rows = []
    for _, r in resolved.iterrows():
        rows.append(
            {
                "Conflict": _conflict_text(r, f"{r['quote_a']} {r['quote_b']}"),
                "Sources": _sources_text(r["source_ids"], names),
                "What each says": _both_sides(r, names),
                "Reading adopted": _in_words(r["adopted"], names),
                "Why": _why_with_evidence(r, names),
                "Id": r["correction_id"],
            }
        )
    columns = ["Conflict", "Sources", "What each says", "Reading adopted", "Why", "Id"]
    return pd.DataFrame(rows, columns=columns)


def _quoted(text) -> str:
    return f"\u201c{text}\u201d"


def _both_sides(r: pd.Series, names: Mapping[str, str]) -> str:
    """Both sides of a conflict in one cell: quotes in quotation marks, each with its
    source where two articles disagree; a spelling's forms with their counts."""
    if r["kind"] == "spelling":
        return f"{_listing(r['quote_a'])}; {_listing(r['quote_b'])}"
    a, b = _quoted(r["quote_a"]), _quoted(r["quote_b"])
    ids = str(r["ids"]).split(";")
    if r["scope"] == "reference":
        b = "by the coordinates of the two places: " + str(r["quote_b"]).partition(": ")[2]
    elif r["scope"] == "between" and len(ids) == 2:
        sa, sb = _source_of(ids[0]), _source_of(ids[1])
        if sa in names and sb in names:
            a, b = f"{names[sa]}: {a}", f"{names[sb]}: {b}"
    return f"{a} \u2014 {b}"


_CSV_ROW = re.compile(r"^(?P<file>[a-z_]+)\.csv:(?P<row>\w+)$")


def _why_with_evidence(r: pd.Series, names: Mapping[str, str]) -> str:
    """The reason, then "Evidence: …" in words: a table's row as "the table of places,
    row L01"; figure and event ids and web addresses as they are. Sources cited whole
    are left out: the Sources column names them."""
    why = _in_words(r["reason"], names)
    cite = r["citation"]
    if not isinstance(cite, str) or not cite.strip():
        return why
    items: list[str] = []
    for item in (i.strip() for i in cite.split(";")):
        m = _CSV_ROW.match(item)
        if m:
            item = f"the table of {m['file'].replace('_', ' ')}, row {m['row']}"
        elif item in names:
            continue
        if item:
            items.append(item)
    why = str(why).rstrip(". ") if isinstance(why, str) else ""
    if not items:
        return why
    return f"{why}. Evidence: {'; '.join(items)}" if why else f"Evidence: {'; '.join(items)}"
