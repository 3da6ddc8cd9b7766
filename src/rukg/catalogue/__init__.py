"""The catalogue of the articles: the tables of figures and events that the analyses read,
with everything that checks them before they do.

``from rukg.catalogue import load, Catalogue`` is the way in. The modules, in the order
:func:`load` uses them:

- :mod:`~rukg.catalogue.vocab`: the controlled vocabularies (categories, kinds, statuses);
- :mod:`~rukg.catalogue.schemas`: the schema of each table, checked on its own;
- :mod:`~rukg.catalogue.quotes`: the number parser (its words in
  :mod:`~rukg.catalogue.wording`), and the cache of each text's parse;
- :mod:`~rukg.catalogue.mentions`: which number of a quote a figure row records;
- :mod:`~rukg.catalogue.event_dates`: the date finder (every date a text states), its
  patterns and rules in :mod:`~rukg.catalogue.date_forms`;
- :mod:`~rukg.catalogue.texts`: the tables against the source texts;
- :mod:`~rukg.catalogue.checks`: the tables against each other;
- :mod:`~rukg.catalogue.model`: the validated :class:`Catalogue`;
- :mod:`~rukg.catalogue.read`: :func:`load`, which runs them all and reports every problem.

:mod:`~rukg.catalogue.sources` tells what changed in the register of sources and its texts
(for ``add-source``); :mod:`~rukg.catalogue.audit` lists the numbers of the sources that
no row covers, and :mod:`~rukg.catalogue.event_dates` the dates no event row covers.
"""

from rukg.catalogue.mentions import figure_mention, mentions_within, source_mentions
from rukg.catalogue.model import (
    Catalogue,
    overruled_by,
    rejected_ids,
    rejected_phrases,
    split_ids,
)
from rukg.catalogue.read import load
from rukg.catalogue.schemas import CORRECTIONS_FILE, corrections_schema
from rukg.catalogue.vocab import (
    AID_KINDS,
    CATEGORIES,
    CURRENCIES,
    INSTRUMENTS,
    KINDS,
    STATUSES,
    TRADE_KINDS,
)

__all__ = [
    "Catalogue",
    "split_ids",
    "rejected_ids",
    "overruled_by",
    "rejected_phrases",
    "INSTRUMENTS",
    "AID_KINDS",
    "TRADE_KINDS",
    "load",
    "KINDS",
    "STATUSES",
    "CATEGORIES",
    "CURRENCIES",
    "source_mentions",
    "figure_mention",
    "mentions_within",
    "corrections_schema",
    "CORRECTIONS_FILE",
]
