"""Tables for the report: plain, escaped HTML with numbers right-aligned and nothing truncated.

Every cell is text: whatever a data table holds (markup, Markdown, a script
link) is shown as typed, never run. Every figure or event id in a cell
(``F-gs2019-006``, ``E-edm2006-003``) becomes a link to its row in the
evidence appendix, whose rows carry the ids ``ev-<id>``. The only other links
are to the values of URL fields (a source's ``url``, a file's
``retrieved_from``), named by the caller, and only when they are http or
https URLs (:func:`rukg.escape.safe_url`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from urllib.parse import quote

import pandas as pd

from rukg.escape import html_text, safe_url
from rukg.tableio import URL_IN_TEXT

__all__ = ["to_html", "show", "evidence_anchor", "EVIDENCE_ID"]

EVIDENCE_ID = re.compile(r"\b[FE]-[a-z][a-z0-9-]*?-\d{3}\b")


def evidence_anchor(catalogue_id: str) -> str:
    """The id of a figure's or event's row in the evidence appendix."""
    return f"ev-{catalogue_id}"


def source_anchor(source_id: str) -> str:
    """The id of a source's row in the bibliography."""
    return f"src-{source_id}"


def reference_anchor(file_name: str) -> str:
    """The id of a reference file's row in the appendix ("ref-remittances" for remittances.csv)."""
    stem = str(file_name).rsplit(".", 1)[0]
    return "ref-" + re.sub(r"[^A-Za-z0-9_-]+", "-", stem)


_URL = URL_IN_TEXT  # an address in a cell's text, shown breakable (not a link)


def _shown_url(url: str) -> str:
    # Characters outside ASCII are percent-encoded so that no script-specific font is
    # needed to show them.
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def _url(m: re.Match) -> str:
    # Long addresses may break anywhere (they would widen the table). Text, not a link:
    # the cell is not a URL field. ``m`` matches escaped text, so it stays escaped.
    return f'<span class="url">{_shown_url(m.group(0))}</span>'


def _link(v) -> str:
    """A URL field's value: a link if it is an http(s) URL, else text."""
    url = safe_url(v)
    if url is None:
        return _cell(v, link=False)
    return f'<a class="url" href="{html_text(url)}">{html_text(_shown_url(url))}</a>'


def _cell(v, link: bool = True) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    text = _URL.sub(_url, html_text(v))
    if link:
        text = EVIDENCE_ID.sub(
            lambda m: f'<a href="#{evidence_anchor(m.group(0))}">{m.group(0)}</a>', text
        )
    return text


# About how many characters of table text a row holds (8 pt on paper, 14.5 px on screen),
# and what a column needs besides its text: padding, and room for wide glyphs (digits and
# capitals are wider than the average character).
ROW_CHARS = 110
PAD, WIDE = 3.0, 1.1


def _text(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    return str(v)


def column_widths(
    columns: Sequence[Sequence[str]], headers: Sequence[str]
) -> tuple[list[float], int]:
    """Each column's share of the table's width, in percent, from the text it holds, and the
    table's width in percent of the page's (a table of short columns need not fill it).

    A column of short values (dates, amounts, ids) gets what its longest value needs. The
    others share the rest by their mean length (so that their rows run to about as many
    lines), each at least as wide as its longest word up to 16 characters, and none wider
    than its longest text. Widths are fixed, so the table is laid out fast and
    is never wider than the page.
    """
    short, floor, most, share = [], [], [], []
    for cells, head in zip(columns, headers, strict=True):
        texts = [t for t in map(_text, cells) if t] or [""]
        longest = max(len(t) for t in texts)
        word = max(len(w) for t in [*texts, head] for w in (t.split() or [""]))
        mean = sum(len(t) for t in texts) / len(texts)
        short.append(longest <= 14)
        floor.append(max(min(word, 16), 3) * WIDE + PAD)
        most.append(max(longest, min(word, 16), 3) * WIDE + PAD)
        share.append(mean)
    widths = [m if s else f for s, f, m in zip(short, floor, most, strict=True)]
    growing = [i for i, s in enumerate(short) if not s]
    # The long columns share what the short ones leave by their mean length, each at
    # least its least width; one held at its most drops out and the others share again.
    while growing:
        budget = ROW_CHARS - sum(w for i, w in enumerate(widths) if i not in growing)
        total = sum(share[i] for i in growing) or 1.0
        for i in growing:
            widths[i] = min(max(budget * share[i] / total, floor[i]), most[i])
        full = [i for i in growing if widths[i] >= most[i]]
        if not full:
            break
        growing = [i for i in growing if i not in full]
    whole = sum(widths)
    return [round(100 * w / whole, 1) for w in widths], min(100, round(100 * whole / ROW_CHARS))


def to_html(
    df: pd.DataFrame,
    caption: str | None = None,
    index: bool = True,
    row_ids: Sequence[str] | None = None,
    links: Mapping[str, str] | None = None,
) -> str:
    """Render ``df`` as an HTML table; every cell's text is escaped (a quote is shown, never run).

    ``row_ids`` gives each body row an ``id`` (the evidence appendix uses it);
    figure and event ids in cells link to the appendix, except in a row that
    is itself the anchor.

    ``links`` maps a shown column to a column holding a URL field. Where the
    two are the same column, its cells are the URLs; otherwise the URL
    column is not shown and each URL is written at the end of the shown
    column's cell. A URL that is http or https becomes a link to itself; any
    other value is text. No other text becomes a link.
    """
    links = dict(links or {})
    url_of = {s: col for s, col in links.items() if s in df.columns and col in df.columns}
    hidden = {col for shown, col in url_of.items() if col != shown}
    df_shown = df[[c for c in df.columns if c not in hidden]]

    def td(row, c, rid) -> str:
        if c not in url_of:
            return _cell(row[c], link=rid is None)
        url = row[url_of[c]]
        if url_of[c] == c:
            return _link(url)
        text = _cell(row[c], link=rid is None)
        if url is None or (not isinstance(url, str) and pd.isna(url)):
            return text
        return f"{text} {_link(url)}" if text else _link(url)

    def td_text(row, c) -> str:
        # The text a cell shows (its URL too, where one is written after it).
        text = _text(row[c])
        if c in url_of and url_of[c] != c:
            text = f"{text} {_text(row[url_of[c]])}".strip()
        return text

    numeric = {c for c in df_shown.columns if pd.api.types.is_numeric_dtype(df_shown[c])}

    def cls(c) -> str:
        return ' class="num"' if c in numeric else ""

    def label(c) -> str:
        # The column's name on each cell, for a phone, where each row becomes a card.
        return f' data-label="{html_text(str(c))}"'

    head = []
    if index:
        head.append(f'<th scope="col">{_cell(df.index.name or "")}</th>')
    head += [f'<th scope="col"{cls(c)}>{_cell(c)}</th>' for c in df_shown.columns]
    index_label = label(df.index.name) if df.index.name else ""
    rows = []
    for i, (idx, row) in enumerate(df.iterrows()):
        rid = row_ids[i] if row_ids is not None else None
        cells = [f'<th scope="row"{index_label}>{_cell(idx)}</th>'] if index else []
        cells += [f"<td{cls(c)}{label(c)}>{td(row, c, rid)}</td>" for c in df_shown.columns]
        attr = f' id="{html_text(rid)}"' if rid else ""
        rows.append(f"<tr{attr}>" + "".join(cells) + "</tr>")
    # The caption is a paragraph before the table, not a <caption>: it then stays with the
    # table's first rows across a page break, and wraps on a phone.
    cap = f'<p class="table-caption">{_cell(caption, link=False)}</p>' if caption else ""
    shown_cols = ([list(df.index)] if index else []) + [
        [td_text(row, c) for _, row in df.iterrows()] for c in df_shown.columns
    ]
    names = ([str(df.index.name or "")] if index else []) + [str(c) for c in df_shown.columns]
    widths, width = column_widths(shown_cols, names)
    cols = "".join(f'<col style="width: {w}%">' for w in widths)
    return (
        f'<div class="table-wrap">{cap}'
        f'<table class="data" data-cols="{len(head)}" style="width: {width}%">'
        f"<colgroup>{cols}</colgroup><thead><tr>{''.join(head)}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def show(
    df: pd.DataFrame,
    caption: str | None = None,
    index: bool = True,
    row_ids: Sequence[str] | None = None,
    links: Mapping[str, str] | None = None,
):
    """The table as a display object for a notebook cell."""
    from IPython.display import HTML

    return HTML(to_html(df, caption=caption, index=index, row_ids=row_ids, links=links))
