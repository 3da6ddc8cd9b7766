"""The built PDF page by page, as a reader turns it: every word inside the printable area,
no body page more than a third empty (except where a chapter ends), each chart's title
printed once on its page (drawn by the chart, not repeated by a caption or a second drawing
of the chart), and the body set in the report's typeface.

Word positions come from poppler's ``pdftotext -bbox`` (poppler-utils); chapter starts from
the PDF's outline (WeasyPrint writes one bookmark per heading). Like test_pdf.py, these read
the committed ``report/report.pdf`` (and ``report/report.html`` for the chart titles).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest

MM = 72 / 25.4
A4_WIDTH, A4_HEIGHT = 595.28, 841.89
# The @page margins of report.css: 20 mm top and bottom, 16 mm left and right.
TOP, BOTTOM, SIDE = 20 * MM, 20 * MM, 16 * MM
TOLERANCE = 1.5  # points: a glyph's box may overhang its advance a little
BODY = A4_HEIGHT - TOP - BOTTOM
# A body page must be filled to at least this fraction of its height.
MIN_FILL = 2 / 3
RUNNING_HEADER = "Russia and Kyrgyzstan in the sources"
RUNNING_FOOTER = re.compile(r"^Page \d+ of \d+$")
TYPEFACE = "Source-Sans-3"
# The part of the text the typeface must set (the rest: code in DejaVu Sans Mono, and
# any character the typeface lacks, in the DejaVu Sans fallback).
MIN_TYPEFACE_SHARE = 0.95


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def _require(what: str, ok: bool, hint: str) -> None:
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing: under CI=true it must run ({hint})", pytrace=False)
    pytest.skip(f"{what} is missing ({hint})")


def parse_bbox(text: str) -> list[list[Word]]:
    """The words of each page from ``pdftotext -bbox`` output (an XHTML document)."""
    pages = []
    for page in re.split(r"<page\b", text)[1:]:
        words = [
            Word(html.unescape(m["text"]), *(float(m[k]) for k in ("x0", "y0", "x1", "y1")))
            for m in re.finditer(
                r'<word xMin="(?P<x0>[\d.]+)" yMin="(?P<y0>[\d.]+)" '
                r'xMax="(?P<x1>[\d.]+)" yMax="(?P<y1>[\d.]+)">(?P<text>.*?)</word>',
                page,
            )
        ]
        pages.append(words)
    return pages


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines by their baseline (within 2 points), top to bottom."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (round(w.y1), w.x0)):
        if lines and abs(lines[-1][0].y1 - w.y1) <= 2:
            lines[-1].append(w)
        else:
            lines.append([w])
    return lines


def running_lines(words: list[Word]) -> set[Word]:
    """The running header and footer: whole lines in the top or bottom margin that read
    as the report's header or its "Page N of M"."""
    running = set()
    for line in _lines(words):
        text = " ".join(w.text for w in sorted(line, key=lambda w: w.x0))
        top = all(w.y1 <= TOP + TOLERANCE for w in line)
        bottom = all(w.y0 >= A4_HEIGHT - BOTTOM - TOLERANCE for w in line)
        if (top and text == RUNNING_HEADER) or (bottom and RUNNING_FOOTER.match(text)):
            running.update(line)
    return running


def outside(words: list[Word]) -> list[Word]:
    """Words of the body that leave the printable area (A4 less the page margins). A word's
    box is the font's full height, taller than a tight line of large type: above and below,
    a fifth of its height may overhang."""
    running = running_lines(words)
    return [
        w
        for w in words
        if w not in running
        and (
            w.x0 < SIDE - TOLERANCE
            or w.x1 > A4_WIDTH - SIDE + TOLERANCE
            or w.y0 < TOP - max(TOLERANCE, (w.y1 - w.y0) / 5)
            or w.y1 > A4_HEIGHT - BOTTOM + max(TOLERANCE, (w.y1 - w.y0) / 5)
        )
    ]


def fill(words: list[Word]) -> float:
    """How far down the body area the page's lowest body text reaches, from 0 to 1."""
    running = running_lines(words)
    body = [w.y1 for w in words if w not in running]
    return 0.0 if not body else min(1.0, max(0.0, (max(body) - TOP) / BODY))


def underfilled(
    fills: list[float], chapter_starts: set[int], front: int, minimum: float = MIN_FILL
) -> dict[int, float]:
    """Pages (1-based) filled less than ``minimum`` that are neither front matter (pages
    before ``front``) nor the last page before a chapter (or the report) ends."""
    n = len(fills)
    return {
        p: round(f, 2)
        for p, f in enumerate(fills, start=1)
        if f < minimum and p >= front and p < n and (p + 1) not in chapter_starts
    }


def _squash(text: str) -> str:
    """Text without spaces, soft hyphens or line breaks, and with typographic quotes plain."""
    text = html.unescape(text).replace("\u00ad", "")
    text = text.translate(str.maketrans("\u2018\u2019\u201c\u201d\u2212", "''\"\"-"))
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------------------- fixtures --


@pytest.fixture(scope="module")
def pdf_path(real_paths):
    assert real_paths.report_pdf.exists(), "report/report.pdf is missing: run `make report`"
    return real_paths.report_pdf


@pytest.fixture(scope="module")
def words(pdf_path) -> list[list[Word]]:
    pdftotext = shutil.which("pdftotext")
    _require("pdftotext", pdftotext is not None, "apt-get install poppler-utils")
    out = subprocess.run(
        [pdftotext, "-bbox", str(pdf_path), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout
    return parse_bbox(out)


@pytest.fixture(scope="module")
def reader(pdf_path):
    try:
        import pypdf
    except ImportError:
        pypdf = None
    _require("pypdf", pypdf is not None, "pip install -e '.[dev]'")
    return pypdf.PdfReader(pdf_path)


def _outline(reader, items=None, level=1):
    """(level, title, page index, top) for every bookmark."""
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            yield from _outline(reader, item, level + 1)
        else:
            top = item.get("/Top")
            yield level, str(item.title), reader.get_destination_page_number(item), top


@pytest.fixture(scope="module")
def chapters(reader) -> tuple[set[int], int]:
    """The pages (1-based) that begin with a chapter heading, and the first chapter's page."""
    starts, first = set(), None
    for level, title, index, top in _outline(reader):
        if level != 1:
            continue
        # A chapter starts a page when its heading is the first thing below the top margin.
        if top is None or float(top) >= A4_HEIGHT - TOP - 30:
            starts.add(index + 1)
        if first is None and re.match(r"^1\s", title):
            first = index + 1
    assert first is not None, "no bookmark for chapter 1 in the PDF outline"
    return starts, first


# ------------------------------------------------------------------------------- tests --


def test_parse_bbox_reads_words_and_pages():
    sample = (
        '<doc><page width="595.28" height="841.89">'
        '<word xMin="45.4" yMin="60.0" xMax="80.0" yMax="70.0">Trade&amp;aid</word>'
        '</page><page width="595.28" height="841.89"></page></doc>'
    )
    assert parse_bbox(sample) == [[Word("Trade&aid", 45.4, 60.0, 80.0, 70.0)], []]


def test_outside_flags_a_cut_word_but_not_the_running_lines():
    header = [
        Word(t, 46 + 30 * i, 40, 70 + 30 * i, 48) for i, t in enumerate(RUNNING_HEADER.split())
    ]
    footer = [
        Word(t, 500 + 20 * i, 800, 515 + 20 * i, 808) for i, t in enumerate("Page 3 of 9".split())
    ]
    inside = Word("inside", 50, 100, 90, 110)
    cut = Word("Licence", 560, 300, 600, 310)
    stray = Word("stray", 50, 30, 70, 40)  # in the top margin, not the header
    assert outside([*header, *footer, inside, cut, stray]) == [cut, stray]


def test_fill_and_underfilled_pages():
    header = [Word(RUNNING_HEADER, 46, 40, 200, 48)]
    half = [*header, Word("text", 50, TOP, 90, TOP + BODY / 2)]
    full = [Word("text", 50, TOP, 90, TOP + BODY)]
    assert fill(half) == pytest.approx(0.5)
    assert fill(full) == pytest.approx(1.0)
    fills = [0.2, 0.5, 0.9, 0.5, 0.3, 0.4]
    # Page 1 is front matter, page 4 ends a chapter (page 5 starts one), page 6 is the last.
    assert underfilled(fills, chapter_starts={5}, front=2) == {2: 0.5, 5: 0.3}


def test_every_word_is_inside_the_printable_area(words):
    cut = {
        page: [f"{w.text!r} at ({w.x0:.0f}, {w.y0:.0f})-({w.x1:.0f}, {w.y1:.0f})" for w in out]
        for page, out in ((i + 1, outside(ws)) for i, ws in enumerate(words))
        if out
    }
    assert cut == {}, (
        f"words outside the printable area, by page: { {p: w[:5] for p, w in cut.items()} }"
    )


def test_no_body_page_is_more_than_a_third_empty(words, chapters):
    starts, first = chapters
    fills = [fill(ws) for ws in words]
    empty = underfilled(fills, starts, front=first)
    assert empty == {}, (
        f"body pages filled less than {MIN_FILL:.0%} of their height (page: fill), "
        f"not followed by a chapter start: {empty}"
    )


def test_each_chart_title_is_printed_once(real_paths, words):
    page = real_paths.report_html.read_text(encoding="utf-8")
    titles = [
        html.unescape(t)
        for t in re.findall(r'<figure class="(?:[^"]* )?chart\b[^>]*aria-label="([^"]*)"', page)
    ]
    assert titles, "the report has no charts"
    # Page by page: the prose may repeat a finding a chart states, on another page.
    pages = [_squash(" ".join(w.text for w in ws)) for ws in words]
    counts = {t: [page.count(_squash(t)) for page in pages] for t in titles}
    wrong = {t: {p + 1: n for p, n in enumerate(c) if n} for t, c in counts.items() if max(c) != 1}
    assert wrong == {}, (
        f"chart titles not printed exactly once on their page (page: times): {wrong}"
    )


def test_figure_captions_only_number_the_figures(real_paths):
    page = real_paths.report_html.read_text(encoding="utf-8")
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S)
    assert captions
    plain = [re.sub(r"<[^>]+>", "", c).strip() for c in captions]
    assert [c for c in plain if not re.fullmatch(r"Figure \d+", c)] == []


def test_body_text_is_set_in_the_report_typeface(reader):
    chars: dict[str, int] = {}

    def visit(text, cm, tm, font, size):
        if font is not None and text.strip():
            name = str(font.get("/BaseFont", "?")).split("+")[-1]
            chars[name] = chars.get(name, 0) + len(text.strip())

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    total = sum(chars.values())
    ours = sum(n for name, n in chars.items() if name.startswith(TYPEFACE))
    assert total > 0
    assert ours / total >= MIN_TYPEFACE_SHARE, (
        f"only {ours / total:.0%} of the characters are set in {TYPEFACE}: {chars}"
    )


def test_the_typeface_is_embedded(pdf_path):
    pdffonts = shutil.which("pdffonts")
    _require("pdffonts", pdffonts is not None, "apt-get install poppler-utils")
    out = subprocess.run(
        [pdffonts, str(pdf_path)], check=True, capture_output=True, text=True, timeout=120
    ).stdout
    ours = [line.split() for line in out.splitlines()[2:] if TYPEFACE in line]
    assert ours, f"{TYPEFACE} is not among the PDF's fonts:\n{out}"
    # Columns: name, type (may be two words), encoding, emb, sub, uni, object, id.
    assert all(cols[-5] == "yes" for cols in ours), f"{TYPEFACE} not embedded:\n{out}"


# --------------------------------------------- the code that lays the pages out (units) --


def _cells(*bodies: str) -> str:
    return "".join(f'\n<div class="cell border-box-sizing x">{b}</div>' for b in bodies)


def test_column_widths_give_long_text_the_room_and_short_values_what_they_need():
    from rukg.present.tables import column_widths

    dates = ["2012-09", "2014-05"]
    long_text = ["Support for Kyrgyzstan's accession to the Eurasian Economic Union " * 2, "x"]
    who = ["Security Assistance Monitor (2013)", "Interfax"]
    widths, width = column_widths([dates, long_text, who], ["Date", "Commitment", "From"])
    assert width == 100 and sum(widths) == pytest.approx(100, abs=0.3)
    assert widths[1] > widths[2] > widths[0]
    # A table of short columns is only as wide as it needs to be.
    widths, width = column_widths([dates, ["$1.5bn", "$265m"]], ["Date", "Amount"])
    assert width < 40 and sum(widths) == pytest.approx(100, abs=0.3)


def test_column_widths_keep_the_widest_column_for_the_longest_text_when_crowded():
    from rukg.present.tables import column_widths

    columns = [["a somewhat long phrase of text here"] * 3 for _ in range(7)]
    columns.append(["a sentence that runs on and on " * 10] * 3)
    widths, _ = column_widths(columns, [f"c{i}" for i in range(8)])
    assert widths[-1] == max(widths) and widths[-1] > 2 * widths[0]


def test_tables_carry_their_caption_before_them_and_a_label_on_each_cell():
    import pandas as pd

    from rukg.present import tables

    df = pd.DataFrame({"Date": ["2012"], "What <b>": ["Rent & more"]})
    page = tables.to_html(df, caption="Caption <i>", index=False)
    assert page.index('<p class="table-caption">Caption &lt;i&gt;</p>') < page.index("<table")
    assert "<caption" not in page
    assert re.findall(r"<td[^>]*data-label=\"([^\"]*)\"", page) == ["Date", "What &lt;b&gt;"]
    assert page.count("<col ") == 2


def test_table_numbers_go_on_the_caption_paragraph():
    from rukg.build.numbering import Section, number_sections

    body = (
        '<div class="table-wrap"><p class="table-caption">Rent</p>'
        '<table class="data" data-cols="2" style="width: 40%"><thead></thead></table></div>'
        '<div class="table-wrap"><table class="data" data-cols="1"></table></div>'
    )
    (section,), _ = number_sections([Section("x", body)])
    assert (
        '<p class="table-caption" id="tab-1"><span class="tabno">Table 1.</span> Rent</p>'
        '<table class="data" data-cols="2" style="width: 40%" aria-labelledby="tab-1">'
    ) in section.body
    assert 'id="tab-2"' in section.body


def test_a_chart_that_does_not_fit_waits_for_the_text_after_it():
    from rukg.build import paginate

    chart = '<figure class="chart" id="fig-3">C</figure>'
    page = (
        "<section>" + _cells("<p>before</p>", chart, "<p>after</p>", "<h2>next</h2>") + "</section>"
    )
    moved = paginate.defer(page, "fig-3")
    assert moved is not None
    assert moved.index("after") < moved.index("fig-3") < moved.index("next")
    assert sorted(moved) == sorted(page)  # nothing lost, nothing added
    # Past a subsection's heading and text, as a float in print would go...
    opening = "<h3>heading</h3><p>text</p>"
    moved = paginate.defer("<section>" + _cells(chart, opening) + "</section>", "fig-3")
    assert moved is not None and moved.index("text") < moved.index("fig-3")
    # ...but never past a chapter title, another chart or the end of its chapter.
    for after in ("<h1>Chapter</h1>", '<figure class="chart" id="fig-4"></figure>'):
        assert paginate.defer("<section>" + _cells(chart, after) + "</section>", "fig-3") is None
    assert paginate.defer("<section>" + _cells(chart) + "</section>", "fig-3") is None


def test_pushed_figures_are_those_after_an_underfilled_page():
    from rukg.build import paginate

    fills = [(0.9, None), (0.5, None), (0.8, "fig-2"), (0.95, "fig-3"), (0.3, None)]
    assert paginate.pushed_figures(fills) == ["fig-2"]


def test_reference_files_name_files_not_paths():
    from types import SimpleNamespace

    import pandas as pd

    from rukg.present import appendix

    prov = pd.DataFrame(
        {
            "file": ["trade/kg_exports.xlsx", "facts/places.csv", "fx/rates.csv"],
            "producer": ["NSC", "this project", "Bank of Russia"],
            "title": ["T", "T", "T"],
            "retrieved_from": [
                "owner/repo @ 4b6a5dfc864ab3352104974a4516458fd7347b38 : data/x/exports.xlsx",
                "../shared/reference/facts/places.csv",
                "https://cbr.ru/rates",
            ],
            "licence": ["CC", "CC", "CC"],
        }
    )
    t = appendix.reference_files(SimpleNamespace(provenance=prov))
    assert list(t["File"]) == ["kg_exports.xlsx", "places.csv", "rates.csv"]
    assert list(t["Retrieved from"]) == [
        "GitHub owner/repo (commit 4b6a5dfc), file exports.xlsx",
        "this project's research notes",
        "https://cbr.ru/rates",
    ]


def test_the_typeface_is_embedded_in_the_page_as_woff():
    import base64
    import io

    from fontTools.ttLib import TTFont

    from rukg.build import report

    rules = report.font_faces().splitlines()
    assert len(rules) == 4
    styles = set()
    for rule in rules:
        uri = re.search(r'url\("data:font/woff;base64,([^"]+)"\)', rule)
        assert uri, rule
        font = TTFont(io.BytesIO(base64.b64decode(uri[1])))
        assert font.flavor == "woff"
        assert font["name"].getDebugName(1).startswith("Source Sans 3")
        styles.add(re.search(r"font-weight: (\d+); font-style: (\w+)", rule).groups())
    assert styles == {("400", "normal"), ("400", "italic"), ("600", "normal"), ("700", "normal")}
