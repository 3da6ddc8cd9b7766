"""Validating the project: the catalogue, every table beside it, and the resolutions.

:func:`rukg.catalogue.load` checks the catalogue and the tables it links to. That every
conflict the consistency finder (an analysis) reports has its resolution in
``data/corrections.csv``, and every resolution a conflict, is checked here, above both.
"""

from __future__ import annotations

from rukg.analysis.consistency import all_conflicts, resolution_problems
from rukg.catalogue import CORRECTIONS_FILE, Catalogue, load
from rukg.config import PATHS, Paths
from rukg.errors import DataError, Problem
from rukg.tableio import label_of

__all__ = ["validated", "problems"]


def validated(paths: Paths = PATHS, resolutions: bool = True) -> Catalogue:
    """The catalogue, valid; raise :class:`DataError` listing all problems.

    ``resolutions=False`` skips the resolution check: a newly added source's conflicts
    are work to do (printed by ``add-source``), not a reason to refuse it. The check
    takes about 0.3 s and runs only on otherwise valid data.
    """
    cat = load(paths)
    if resolutions:
        found = resolution_problems(
            all_conflicts(cat, paths),
            cat.corrections,
            label_of(paths.data / CORRECTIONS_FILE, paths),
        )
        if found:
            raise DataError(found)
    return cat


def problems(paths: Paths = PATHS) -> list[Problem]:
    """Every problem in the project's data (empty when all is well)."""
    try:
        validated(paths)
    except DataError as e:
        return e.problems
    return []
