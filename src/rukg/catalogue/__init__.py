"""The catalogue of the articles: their register, the number parser, the tables of
figures and events with their checks, and the audit.

``from rukg.catalogue.core import load, Catalogue`` is the way in (:mod:`rukg.catalogue.core`).
"""

from rukg.catalogue.core import *  # noqa: F403
from rukg.catalogue.core import __all__  # noqa: F401
