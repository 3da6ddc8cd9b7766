"""Where the sources disagree, with each other, with themselves, with the reference data or
with the reports they cite, found from the catalogue.

The detectors, each a pure function over tables or texts, one module each:

- :mod:`.figures`: figures with the same ``subject`` (the same real-world quantity)
  whose values cannot both be true once brought to one unit, or whose ``year`` differs.
- :mod:`.events`: events with the same ``subject`` (the same happening) whose dates
  cannot both be true at the precision each states.
- :mod:`.directions`: statements of the form "about 20 miles west of ... Bishkek" read
  from the texts and checked against the coordinates in
  ``data/reference/facts/places.csv`` (bearing and great-circle distance, from
  :mod:`.geodesy`).
- :mod:`.spelling`: near-identical proper names and acronyms across the corpus
  ("Akayev"/"Akaev", "CSTO"/"SCTO").
- :mod:`.plans`: plans or intentions recorded as facts: an ``occurred`` event dated after
  its source was published, or citing a footnote whose title is worded as a plan ("CSTO
  Countries to Hold Military Drills ... Later This Year"); a figure ``delivered``,
  ``reported``, ``signed`` or ``in_force`` whose quote is worded as future or modal
  ("would be supplied", "projected").
- :mod:`.reference_checks`: statements the reference data contradict: an event marking the
  start or end of a military presence (``data/presence.csv``, by ``start_subject`` and
  ``end_subject``) dated elsewhere; a president named ("Russian President Medvedev") on a
  date outside that person's terms (``data/leaders.csv``); a trade claim whose range
  excludes every official count of its year (:mod:`rukg.analysis.trade_claims`).

:mod:`.candidates` is no detector: it lists pairs of events with no shared subject that
read alike but are dated apart ("possibly one happening dated differently"), for whoever
curates the subjects.

:func:`all_conflicts` (:mod:`.assemble`) runs them all on the loaded catalogue and gives
each conflict a ``conflict_id`` derived from its content
(``value:kant-distance-from-bishkek``, ``spelling:csto``), so that
``data/corrections.csv`` can record the reading the report adopts for each.
:func:`resolution_problems` says which conflicts have no resolution and which
resolutions match no conflict: validation runs it, so the corrections file cannot go
stale silently. :mod:`.display` words the result for the report.
"""

from rukg.analysis.consistency.assemble import (
    CONFLICT_COLUMNS,
    all_conflicts,
    resolution_problems,
    with_resolutions,
)
from rukg.analysis.consistency.candidates import (
    SIMILARITY_THRESHOLD,
    same_happening_candidates,
)
from rukg.analysis.consistency.directions import (
    DIRECTION_TOLERANCE_DEG,
    DISTANCE_TOLERANCE,
    direction_conflicts,
    distance_statements,
    place_aliases,
)
from rukg.analysis.consistency.display import finding, for_display
from rukg.analysis.consistency.events import date_interval, event_conflicts
from rukg.analysis.consistency.figures import figure_conflicts
from rukg.analysis.consistency.geodesy import compass_point, initial_bearing
from rukg.analysis.consistency.plans import plan_conflicts
from rukg.analysis.consistency.ranges import KM_PER_MILE, OPEN_FACTOR
from rukg.analysis.consistency.reference_checks import (
    EXACT_TOLERANCE,
    official_conflicts,
    presence_conflicts,
    term_conflicts,
)
from rukg.analysis.consistency.spelling import reference_vocabulary, spelling_variants
from rukg.reference.places import haversine_km

# The old name of places.csv's reader, for rukg.present.map_figures until it calls
# rukg.reference.places.reference_places itself; then drop it.

__all__ = [
    "KM_PER_MILE",
    "OPEN_FACTOR",
    "DISTANCE_TOLERANCE",
    "DIRECTION_TOLERANCE_DEG",
    "CONFLICT_COLUMNS",
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
    "plan_conflicts",
    "presence_conflicts",
    "term_conflicts",
    "official_conflicts",
    "EXACT_TOLERANCE",
    "same_happening_candidates",
    "SIMILARITY_THRESHOLD",
    "all_conflicts",
    "with_resolutions",
    "resolution_problems",
    "finding",
    "for_display",
]
