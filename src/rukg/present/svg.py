"""Charts as the page embeds them: ids unique in the page, links in the tab, tooltips on marks.

matplotlib writes the same ids (``patch_1``, ``line2d_3``…) into every SVG; a
page that embeds fifteen charts twice each would repeat them hundreds of times.
:func:`for_page` prefixes every id an SVG defines, and every reference to it,
with the chart's own name. Links to the evidence appendix open in the same tab
and carry an SVG ``<title>`` — the tooltip — naming the value, the quote and the
source of the row they point at.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rukg.analysis.overview import source_names
from rukg.escape import html_text
from rukg.present.tables import evidence_anchor

__all__ = ["for_page", "evidence_tooltips", "evidence_urls", "tip"]

# An id that may become part of an in-page link: letters, digits and "-", "_", ".".
_LINKABLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def evidence_urls(ids) -> list[str | None]:
    """Links from chart elements to the evidence appendix: the first id of each ``;``-list.

    Only in-page links (``#ev-<id>``), and only for ids of plain letters, digits
    and ``-_.``; anything else in the cell gives no link.
    """
    out = []
    for cell in ids:
        first = str(cell).split(";")[0].strip() if isinstance(cell, str) and cell else None
        ok = first is not None and _LINKABLE_ID.fullmatch(first)
        out.append(f"#{evidence_anchor(first)}" if ok else None)
    return out


_ID = re.compile(r'\bid="([^"]+)"')
_LINK = re.compile(r'<a xlink:href="(#[^"]*)"(?: target="_blank")?>')


def tip(fig, artist, texts: list[str], hrefs: list[str | None]) -> None:
    """Give each mark of ``artist`` (a bar, or each point of a collection) a link and a
    tooltip of its own, for marks whose evidence is not a catalogue row (official tables,
    later reporting, counts of a source): :func:`for_page` writes ``texts`` into the SVG."""
    tips = fig.__dict__.setdefault("rukg_tips", {})
    gid = f"tip-{len(tips) + 1}"
    artist.set_gid(gid)
    if hasattr(artist, "set_urls"):
        artist.set_urls(hrefs)
    else:
        artist.set_url(hrefs[0])
    tips[gid] = list(texts)


def _mark_tips(svg: str, tips: Mapping[str, list[str]]) -> str:
    for gid, texts in tips.items():
        start = svg.find(f'<g id="{gid}">')
        if start < 0:
            continue
        out, pos = [svg[:start]], start
        for text in texts:
            m = _LINK.search(svg, pos)
            if m is None:
                break
            out.append(svg[pos : m.end()] + f"<title>{html_text(text)}</title>")
            pos = m.end()
        svg = "".join(out) + svg[pos:]
    return svg


def for_page(
    svg: str,
    prefix: str,
    tooltips: Mapping[str, str] | None = None,
    marks: Mapping[str, list[str]] | None = None,
) -> str:
    """The SVG text ready to embed: no XML prolog, scalable width, prefixed ids, tooltips
    (``tooltips`` by link target; ``marks`` by mark, from :func:`tip`)."""
    svg = svg[svg.index("<svg") :]
    svg = _mark_tips(svg, marks or {})
    svg = re.sub(r'<svg([^>]*?) width="[^"]+" height="[^"]+"', r'<svg\1 width="100%"', svg, count=1)
    ids = set(_ID.findall(svg))

    def ref(m: re.Match) -> str:
        name = m.group(2)
        return m.group(1) + (f"{prefix}-{name}" if name in ids else name) + m.group(3)

    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"(url\(#)([^)]+)(\))", ref, svg)
    svg = re.sub(r'(xlink:href="#)([^"]+)(")', ref, svg)

    def link(m: re.Match) -> str:
        href = m.group(1)
        tip = (tooltips or {}).get(href)
        title = f"<title>{html_text(tip)}</title>" if tip else ""
        return f'<a xlink:href="{href}">{title}'

    return _LINK.sub(link, svg)


def _excerpt(text: str, limit: int = 140) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _value(r) -> str:
    if r["value"] != r["value"]:  # NaN: a figure stated without a number
        return ""
    what = r["currency"] if r["unit"] == "money" and isinstance(r["currency"], str) else r["unit"]
    return f"{r['value']:,.12g} {what}".strip()


def evidence_tooltips(cat) -> dict[str, str]:
    """For each evidence row's link (``#ev-<id>``): its value or date, quote and source."""
    tips = {}
    names = source_names(cat)  # named once per source, not once per row
    for _, r in cat.figures.iterrows():
        value = _value(r)
        tips[f"#{evidence_anchor(r['id'])}"] = (
            f"{r['id']}: {value} — “{_excerpt(r['quote'])}” — {names[r['source_id']]}"
        )
    for _, r in cat.events.iterrows():
        tips[f"#{evidence_anchor(r['id'])}"] = (
            f"{r['id']}: {r['date']} — “{_excerpt(r['quote'])}” — {names[r['source_id']]}"
        )
    return tips
