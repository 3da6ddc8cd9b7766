"""Links from chart marks to the evidence appendix.

The charts themselves live in :mod:`rukg.present`: the palette, the frame, the
kinds of chart, the checks every chart passes and the registry of the report's
figures (:mod:`rukg.present.figures`).
"""

from __future__ import annotations

import re

__all__ = ["evidence_urls"]

# An id that may become part of an in-page link: letters, digits and "-", "_", ".".
_LINKABLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def evidence_urls(ids) -> list[str | None]:
    """Links from chart elements to the evidence appendix: the first id of each ``;``-list.

    Only in-page links (``#ev-<id>``), and only for ids of plain letters, digits
    and ``-_.``; anything else in the cell gives no link.
    """
    from rukg.tables import evidence_anchor

    out = []
    for cell in ids:
        first = str(cell).split(";")[0].strip() if isinstance(cell, str) and cell else None
        ok = first is not None and _LINKABLE_ID.fullmatch(first)
        out.append(f"#{evidence_anchor(first)}" if ok else None)
    return out
