"""Tables for the report: plain, escaped HTML with numbers right-aligned and nothing truncated."""

from __future__ import annotations

import html

import pandas as pd

__all__ = ["to_html", "show"]


def _cell(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    return html.escape(str(v))


def to_html(df: pd.DataFrame, caption: str | None = None, index: bool = True) -> str:
    """Render ``df`` as an HTML table; every cell's text is escaped (a quote is shown, never run)."""
    numeric = {c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])}

    def cls(c) -> str:
        return ' class="num"' if c in numeric else ""

    head = []
    if index:
        head.append(f'<th scope="col">{_cell(df.index.name or "")}</th>')
    head += [f'<th scope="col"{cls(c)}>{_cell(c)}</th>' for c in df.columns]
    rows = []
    for idx, row in df.iterrows():
        cells = [f'<th scope="row">{_cell(idx)}</th>'] if index else []
        cells += [f"<td{cls(c)}>{_cell(row[c])}</td>" for c in df.columns]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{_cell(caption)}</caption>" if caption else ""
    return (
        f'<table class="data">{cap}<thead><tr>{"".join(head)}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def show(df: pd.DataFrame, caption: str | None = None, index: bool = True):
    """The table as a display object for a notebook cell."""
    from IPython.display import HTML

    return HTML(to_html(df, caption=caption, index=index))
