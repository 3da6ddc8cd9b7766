"""Nothing from data reaches the reader as markup, code or a link.

Unit tests of :mod:`rukg.escape` and of every function that puts data text
into Markdown, HTML or a chart, each fed hostile text; and one end-to-end
build of the report from data carrying hostile text in many fields, whose
HTML and PDF are then searched for anything the data could have turned into
markup, script or a link. That build is the suite's one full build
(conftest's ``built_copy``), shared with test_report.py.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import pandas as pd
import pytest
from hostile_data import EVIL_HOST, FIELDS, data_urls, marker
from hypothesis import given, settings
from hypothesis import strategies as st

from rukg.analysis import geopolitics, overview
from rukg.escape import html_text, md_text, safe_url
from rukg.present import appendix, figures, tables
from rukg.present import svg as svg_links
from rukg.present.frame import WIDE, frame
from rukg.present.svg import for_page

ROOT = Path(__file__).resolve().parents[1]

HOSTILE = [
    "[x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "![i](data:image/png;base64,iVBORw0KGgo=)",
    "`code`",
    "**b**",
    "_i_",
    "# h",
    "$x$",
    "a $x$ b $y$ c",
    "~~s~~",
    "| a | b |\n|---|---|",
    "- item",
    "+ item",
    "12. item",
    "    indented code",
    "text\n===",
    ": definition",
    "[ ] task",
    "[x]: http://evil.example",
    "<http://evil.example>",
    "see http://evil.example/a_(b) here",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#106;avascript&#58;alert(1)",
    "\\*not emphasis\\*",
    "trailing backslash \\",
    "{curly} \"quotes\" 'single'",
]


def markdown_to_html(source: str) -> str:
    """Markdown as the report renders it (nbconvert's filter for ``text/markdown`` outputs)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(source)


def shown(s: str) -> str:
    """What a reader should see of ``s``: its characters, whitespace collapsed."""
    return " ".join(s.split())


def assert_renders_as_text(markdown: str, before: str, text: str, after: str) -> None:
    """The Markdown renders as ``before`` + the text, escaped and nothing else, + ``after``."""
    rendered = markdown_to_html(markdown)
    assert rendered.startswith(before) and rendered.endswith(after), rendered
    inner = rendered[len(before) : len(rendered) - len(after)]
    assert "<" not in inner and ">" not in inner, rendered
    assert html.unescape(inner) == text, rendered


# --- md_text --------------------------------------------------------------------------


@pytest.mark.parametrize("s", HOSTILE)
def test_md_text_renders_as_its_characters(s):
    assert_renders_as_text(md_text(s), "<p>", shown(s), "</p>\n")


@pytest.mark.parametrize("s", HOSTILE)
def test_md_text_inside_a_sentence_and_a_list_item(s):
    assert_renders_as_text(f"The {md_text(s)} is.", "<p>", f"The {shown(s)} is.", "</p>\n")
    assert_renders_as_text(f"- {md_text(s)}", "<ul>\n<li>", shown(s), "</li>\n</ul>\n")


def test_md_text_leaves_plain_words_alone():
    for s in ("United States", "Customs union", "edm2006", "gs2019", "security", "F-gs2019-006"):
        assert md_text(s) == s


def test_md_text_of_missing_values_is_empty():
    assert md_text(None) == "" and md_text(float("nan")) == ""


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab1 \n\t.-+=#*_`[]()!<>&;:|~$\\/'\"{}^@%")), max_size=40)
)
def test_md_text_renders_any_text_as_itself(s):
    if s.split():
        assert_renders_as_text(md_text(s), "<p>", shown(s), "</p>\n")
    else:
        assert markdown_to_html(md_text(s)) == ""


# --- html_text and safe_url -------------------------------------------------------------


@pytest.mark.parametrize("s", HOSTILE)
def test_html_text_leaves_no_markup(s):
    out = html_text(s)
    assert "<" not in out and ">" not in out and '"' not in out and "'" not in out
    assert html.unescape(out) == s


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "javascript://example.com/%0Aalert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative/path",
        "#anchor",
        "evil.example",
        "http:evil.example",
        "http://",
        " http://ok.example/",
        "http://ok.example/\nx",
        'http://ok.example/"onmouseover="alert(1)',
        "http://ok.example/<script>",
        "",
        None,
        float("nan"),
        42,
    ],
)
def test_safe_url_refuses(url):
    assert safe_url(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://ok.example/a_(b)",
        "https://ok.example/",
        "HTTPS://OK.EXAMPLE/Path?q=1&r=2#frag",
        "https://en.wikipedia.org/wiki/President_of_the_Kyrgyz_Republic",
        "https://example.org/Côte_d'Ivoire",
    ],
)
def test_safe_url_keeps_http_and_https(url):
    assert safe_url(url) == url


# --- tables -----------------------------------------------------------------------------


def _parse(fragment: str) -> Page:
    page = Page()
    page.feed(fragment)
    page.close()
    return page


def test_table_cells_are_text():
    df = pd.DataFrame(
        {
            "Quote <b>": HOSTILE,
            "Figure": ["F-gs2019-006 [x](javascript:alert(1))"] * len(HOSTILE),
        },
        index=pd.Index(HOSTILE, name="<i>index</i>"),
    )
    out = tables.to_html(df, caption="<script>alert(1)</script>")
    page = _parse(out)
    assert page.tags.get("script", 0) == page.tags.get("img", 0) == page.tags.get("b", 0) == 0
    assert page.tags.get("i", 0) == 0
    assert {h for _, _, h in page.links} == {"#ev-F-gs2019-006"}
    assert "<script>alert(1)</script>" in page.text  # shown, as text


def test_table_row_ids_are_escaped():
    out = tables.to_html(pd.DataFrame({"a": [1]}), row_ids=['x" onclick="alert(1)'])
    assert "onclick" not in {a for attrs in _parse(out).attrs for a, _ in attrs}


URLS = [
    "http://ok.example/a_(b)",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " javascript:alert(1)",
    "see http://evil.example/",
    None,
]


def test_only_url_fields_link_and_only_to_http():
    df = pd.DataFrame({"URL": URLS, "Note": ["http://evil.example/ <b>x</b>"] * len(URLS)})
    page = _parse(tables.to_html(df, index=False, links={"URL": "URL"}))
    assert [h for _, _, h in page.links] == ["http://ok.example/a_(b)"]
    assert "javascript:alert(1)" in page.text  # refused URLs are shown as text
    assert page.tags.get("b", 0) == 0
    assert _parse(tables.to_html(df, index=False)).links == []


def test_url_field_written_into_another_column():
    df = pd.DataFrame({"Ref": ["<b>T</b> **t**"] * len(URLS), "URL": URLS})
    out = tables.to_html(df, index=False, links={"Ref": "URL"})
    page = _parse(out)
    assert [h for _, _, h in page.links] == ["http://ok.example/a_(b)"]
    assert page.tags.get("th") == 1  # the URL column is not shown on its own
    assert "<b>T</b> **t** javascript:alert(1)" in page.text
    assert page.tags.get("b", 0) == 0


# --- appendix ---------------------------------------------------------------------------


def _sources(**overrides) -> pd.DataFrame:
    row = {
        "id": "evil2020",
        "author": None,
        "publisher": "**Evil** <b>Press</b>",
        "published": "2020-01",
        "title": "[x](javascript:alert(1)) <script>alert(1)</script>",
        "url": "javascript:alert(1)",
        "kind": "blog",
        "date_evidence": "# heading `code`",
    }
    return pd.DataFrame([row | overrides])


def test_bibliography_links_only_http_urls():
    for url, expected in [
        ("javascript:alert(1)", []),
        (None, []),
        ("https://ok.example/a_(b)", ["https://ok.example/a_(b)"]),
    ]:
        cat = SimpleNamespace(sources=_sources(url=url))
        table = appendix.bibliography(cat)
        page = _parse(tables.to_html(table, index=False, links={"Reference": "URL"}))
        assert [h for _, _, h in page.links] == expected
        assert page.tags["th"] == 4
        assert page.tags.get("script", 0) == page.tags.get("b", 0) == 0
        assert "[x](javascript:alert(1)) <script>alert(1)</script>" in page.text


def test_reference_files_link_only_http_urls():
    prov = pd.DataFrame(
        {
            "file": ["a.csv", "b.csv"],
            "producer": ["<b>P</b>", "P"],
            "title": ["T", "T"],
            "retrieved_from": ["javascript:alert(1)", "https://ok.example/x"],
            "licence": ["CC", "CC"],
        }
    )
    table = appendix.reference_files(SimpleNamespace(provenance=prov))
    links = {"Retrieved from": "Retrieved from"}
    page = _parse(tables.to_html(table, index=False, links=links))
    assert [h for _, _, h in page.links] == ["https://ok.example/x"]
    assert page.tags.get("b", 0) == 0


# --- findings (Markdown) ----------------------------------------------------------------


def _markdown_is_text(markdown: str, *hostile: str) -> None:
    page = _parse(markdown_to_html(markdown))
    assert set(page.tags) <= {"p", "ul", "li"}, page.tags
    for s in hostile:
        assert shown(s) in page.text


def _cat(source_id: str, category: str) -> SimpleNamespace:
    return SimpleNamespace(
        sources=pd.DataFrame({"id": [source_id, "plain"], "published": ["2006-10", "2019-02-07"]}),
        figures=pd.DataFrame({"source_id": [source_id, source_id, "plain"]}),
        events=pd.DataFrame(
            {
                "id": ["E-a-001", "E-a-002"],
                "source_id": [source_id, "plain"],
                "date": ["2005-09", "2006"],
                "category": [category, category],
            }
        ),
    )


@pytest.mark.parametrize("s", HOSTILE)
def test_overview_findings_escape_data(s):
    cat = _cat(s, s)
    _markdown_is_text(overview.corpus_finding(cat), s)
    _markdown_is_text(overview.timeline_finding(cat), s)


@pytest.mark.parametrize("s", HOSTILE)
def test_mentions_finding_escapes_terms(s, monkeypatch):
    terms = pd.DataFrame(
        {"term": [s, f"{s} 2", "China"], "group": ["organisation", "outside power", "x"]}
    )
    monkeypatch.setattr(geopolitics, "mention_terms", lambda paths: terms)
    counts = pd.DataFrame({"a": [3, 2, 0], "b": [1, 1, 0]}, index=terms["term"].to_list())
    finding = geopolitics.mentions_finding(counts, paths=None)
    _markdown_is_text(finding, s, f"{s} 2")
    # The summary puts each finding in a list item.
    _markdown_is_text(f"- {finding}\n- {finding}", s)


@pytest.mark.parametrize("s", HOSTILE)
def test_client_state_intro_escapes_source_ids(s):
    passages = pd.DataFrame({"source_id": [s, "plain"], "passage": ["p", "q"]})
    _markdown_is_text(geopolitics.client_state_intro(passages), s)


def test_notebooks_build_no_markdown_from_text_inline():
    """Markdown in the notebooks comes from package functions, never from f-strings over data."""
    import nbformat

    for nb_path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not re.search(r"\b(Markdown|HTML)\(\s*f[\"']", cell.source), nb_path.name


# --- charts -----------------------------------------------------------------------------


def test_chart_links_are_in_page_only():
    urls = svg_links.evidence_urls(
        ["F-gs2019-006;F-gs2019-007", "javascript:alert(1)", '"><script>', None, "", "E-x-001"]
    )
    assert urls == ["#ev-F-gs2019-006", None, None, None, None, "#ev-E-x-001"]


@pytest.mark.parametrize("parse_math", [False, True])
def test_chart_text_is_never_mathtext(parse_math, tmp_path):
    """A ``$`` from data is a dollar sign even if mathtext is switched back on."""
    label = "$x$ costs $5 and $\\alpha$"
    with matplotlib.rc_context({"text.parse_math": parse_math}):
        f = frame(WIDE, title=label, subtitle=label, sources=[label], note=label)
        ax = f.axes()
        ax.set_yticks([0, 1], [label, "<script>s</script>"])
        figures.save(f.fig, tmp_path / "hostile.svg")
        svg = for_page((tmp_path / "hostile.svg").read_text(encoding="utf-8"), "hostile")
    texts = [html.unescape(t) for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)]
    assert label in texts  # the title, as typed
    assert any(label in t for t in texts if t.startswith("Sources: "))
    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;s&lt;/script&gt;" in svg


# --- the whole report, built from hostile data -------------------------------------------
# The suite's one full build (conftest's ``built_copy``) is of data carrying hostile text
# in many fields (``hostile_data.FIELDS``); its HTML and PDF are searched here.


class Page(HTMLParser):
    """Tags, attributes, links and text of an HTML page, with the tags enclosing each text."""

    VOID = {"meta", "br", "img", "input", "link", "hr", "col", "source", "wbr", "area", "base"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, int] = {}
        self.attrs: list[list[tuple[str, str | None]]] = []
        self.links: list[tuple[str, str, str]] = []
        self.chunks: list[tuple[str, tuple[str, ...]]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.attrs.append(attrs)
        for name, value in attrs:
            if name in ("href", "xlink:href", "src", "action", "formaction") and tag != "use":
                self.links.append((tag, name, value or ""))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        self.chunks.append((data, tuple(self.stack)))

    @property
    def text(self) -> str:
        return "".join(d for d, _ in self.chunks)


@pytest.fixture(scope="module")
def hostile_build(built_copy):
    page_html = built_copy.paths.report_html.read_text(encoding="utf-8")
    page = Page()
    page.feed(page_html)
    page.close()
    return SimpleNamespace(
        paths=built_copy.paths,
        kept=built_copy.kept,
        html=page_html,
        page=page,
        urls=data_urls(built_copy.paths),
    )


@pytest.mark.slow
def test_a_byte_order_mark_and_crlf_build(hostile_build):
    assert hostile_build.paths.figures_csv.read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in hostile_build.paths.events_csv.read_bytes()
    assert 'id="ev-F-edm2006-001"' in hostile_build.html  # the first figure row, BOM and all


@pytest.mark.slow
def test_hostile_data_was_accepted_and_shown(hostile_build):
    kept = hostile_build.kept
    shown_fields = [i for i, f in enumerate(FIELDS) if f[4]]
    assert len([i for i in shown_fields if i in kept]) >= 6, kept
    for i in shown_fields:
        if i in kept:
            assert marker(i) in hostile_build.page.text, FIELDS[i]


@pytest.mark.slow
def test_hostile_html_has_no_script_or_hostile_tag(hostile_build):
    page = hostile_build.page
    own = Page()
    own.feed((ROOT / "src/rukg/templates/report.html.j2").read_text(encoding="utf-8"))
    assert page.tags.get("script", 0) == own.tags.get("script", 0) == 0
    for tag in ("img", "iframe", "object", "embed", "b", "i", "del", "input", "form", "base"):
        assert page.tags.get(tag, 0) == 0, tag
    for attrs in page.attrs:
        for name, value in attrs:
            assert not name.startswith("on"), (name, value)
            assert "javascript:" not in re.sub(r"\s", "", (value or "").lower()), (name, value)
            assert not (value or "").lower().lstrip().startswith(("data:", "vbscript:"))
    # "javascript:" may be read in the report only as the text a table holds, never in markup.
    in_text = sum(d.lower().count("javascript:") for d, _ in page.chunks)
    assert hostile_build.html.lower().count("javascript:") == in_text


@pytest.mark.slow
def test_hostile_text_is_never_markup(hostile_build):
    page = hostile_build.page
    # (Hostile text may sit in the report's own list items, table cells, captions and SVG
    # titles; never in markup it formed itself.)
    markup = {"a", "strong", "em", "code", "del", "h1", "h2", "h3", "h4", "dt", "dd", "pre"}
    markup |= {"b", "i", "script", "style", "img", "input"}
    for i in hostile_build.kept:
        m = marker(i)
        inside = [tags for data, tags in page.chunks if m in data]
        for tags in inside:
            # In a chart, the report itself links marks and their labels to the evidence
            # (an SVG <a> with a tooltip); any other markup would be the data's own.
            allowed = {"a"} if "svg" in tags else set()
            assert not (set(tags) & (markup - allowed)), (FIELDS[i], tags)
    # Markdown from data is shown as typed, not rendered.
    assert "**b**" in page.text and "`code`" in page.text


@pytest.mark.slow
def test_hostile_html_links_only_in_page_or_to_data_urls(hostile_build):
    for tag, attr, href in hostile_build.page.links:
        if href.startswith("#"):
            continue
        assert safe_url(href) == href, (tag, attr, href)
        assert href in hostile_build.urls, (tag, attr, href)
        assert EVIL_HOST not in href


@pytest.mark.slow
def test_hostile_pdf_links_only_in_page_or_to_data_urls(hostile_build):
    import pypdf

    pdf = pypdf.PdfReader(hostile_build.paths.report_pdf)
    root = pdf.trailer["/Root"]
    assert "/OpenAction" not in root and "/AA" not in root
    names = root.get("/Names")
    assert names is None or "/JavaScript" not in names.get_object()
    external = []
    for page in pdf.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            assert "/AA" not in annot
            action = annot.get("/A")
            if action is None:
                continue
            action = action.get_object()
            assert action.get("/S") in ("/URI", "/GoTo"), action
            uri = str(action.get("/URI", "#"))
            if not uri.startswith("#"):
                external.append(uri)
    for uri in external:
        assert safe_url(uri) == uri, uri
        assert uri in hostile_build.urls, uri
        assert EVIL_HOST not in uri and "javascript" not in uri.lower()
