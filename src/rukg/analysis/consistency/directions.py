"""Statements of the form "about 20 miles west of ... Bishkek" read from the texts and
checked against the coordinates in ``data/reference/facts/places.csv``: the bearing
and the great-circle distance from one place to the other."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

import pandas as pd

from rukg.analysis.consistency.geodesy import COMPASS, angle_between, compass_point, initial_bearing
from rukg.analysis.consistency.labels import slug
from rukg.analysis.consistency.ranges import KM_PER_MILE, overlaps
from rukg.catalogue.quotes import cached_mentions
from rukg.progress import progress
from rukg.reference.places import haversine_km

__all__ = [
    "DISTANCE_TOLERANCE",
    "DIRECTION_TOLERANCE_DEG",
    "place_aliases",
    "distance_statements",
    "direction_conflicts",
]

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
                else angle_between(COMPASS[stated_dir], bearing) <= DIRECTION_TOLERANCE_DEG
            )
            lo_ok, hi_ok = DISTANCE_TOLERANCE
            distance_ok = overlaps((low, high), (gc * lo_ok, gc * hi_ok))
            quote_start = located[-1].start() + _sentence_start(text, m.start)
            quote = text[quote_start : after.start("rest") + ref.end()]
            rows.append(
                {
                    "source_id": source_id,
                    "quote": quote,
                    "place": slug(place_aliases(loc_place["name"])[0]),
                    "place_id": loc_place["id"],
                    "reference": slug(place_aliases(ref_place["name"])[0]),
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
