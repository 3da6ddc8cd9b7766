"""Tables for the report: plain, escaped HTML with numbers right-aligned and nothing truncated.

Every figure or event id in a cell (``F-gs2019-006``, ``E-edm2006-003``)
becomes a link to its row in the evidence appendix, whose rows carry the ids
``ev-<id>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from urllib.parse import quote

import pandas as pd

__all__ = ["to_html", "show", "evidence_anchor", "EVIDENCE_ID"]

EVIDENCE_ID = re.compile(r"\b[FE]-[a-z][a-z0-9-]*?-\d{3}\b")


def evidence_anchor(catalogue_id: str) -> str:
    """The id of a figure's or event's row in the evidence appendix."""
    return f"ev-{catalogue_id}"


_URL = re.compile(r"https?://\S+")


def _url(m: re.Match) -> str:
    # Long addresses may break anywhere (they would widen the table); characters outside
    # ASCII are percent-encoded so that no script-specific font is needed to show them.
    url = quote(m.group(0), safe=":/?#[]@!$&'()*+,;=%~-._")
    return f'<span class="url">{url}</span>'


def _cell(v, link: bool = True) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    text = _URL.sub(_url, html.escape(str(v)))
    if link:
        text = EVIDENCE_ID.sub(
            lambda m: f'<a href="#{evidence_anchor(m.group(0))}">{m.group(0)}</a>', text
        )
    return text


def to_html(
    df: pd.DataFrame,
    caption: str | None = None,
    index: bool = True,
    row_ids: Sequence[str] | None = None,
) -> str:
    """Render ``df`` as an HTML table; every cell's text is escaped (a quote is shown, never run).

    ``row_ids`` gives each body row an ``id`` (the evidence appendix uses it);
    figure and event ids in cells link to the appendix, except in a row that
    is itself the anchor.
    """
    numeric = {c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])}

    def cls(c) -> str:
        return ' class="num"' if c in numeric else ""

    head = []
    if index:
        head.append(f'<th scope="col">{_cell(df.index.name or "")}</th>')
    head += [f'<th scope="col"{cls(c)}>{_cell(c)}</th>' for c in df.columns]
    rows = []
    for i, (idx, row) in enumerate(df.iterrows()):
        rid = row_ids[i] if row_ids is not None else None
        cells = [f'<th scope="row">{_cell(idx)}</th>'] if index else []
        cells += [f"<td{cls(c)}>{_cell(row[c], link=rid is None)}</td>" for c in df.columns]
        attr = f' id="{html.escape(rid)}"' if rid else ""
        rows.append(f"<tr{attr}>" + "".join(cells) + "</tr>")
    cap = f"<caption>{_cell(caption, link=False)}</caption>" if caption else ""
    return (
        f'<div class="table-wrap"><table class="data">{cap}<thead><tr>{"".join(head)}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def show(
    df: pd.DataFrame,
    caption: str | None = None,
    index: bool = True,
    row_ids: Sequence[str] | None = None,
):
    """The table as a display object for a notebook cell."""
    from IPython.display import HTML

    return HTML(to_html(df, caption=caption, index=index, row_ids=row_ids))
