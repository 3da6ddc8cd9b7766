"""The built PDF as a reader gets it: A4, fonts embedded, text selectable, a table of
contents with page numbers, working internal links, and no build dates in the metadata.

The first pages are rendered to PNG in test-artifacts/ with pdftoppm (poppler-utils) for a
person to look at; without pdftoppm that test is skipped, except under CI=true.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
A4 = (595, 842)  # points
# A page whose text, less the running footer, is shorter than this must be a figure page.
MIN_TEXT = 100
FOOTER = re.compile(r"^.*Page \d+ of \d+\s*$", re.M)
# A table-of-contents line: a title, perhaps dot leaders, then a page number.
TOC_LINE = re.compile(r"^(?P<title>\S.*?\S)[\s.·…]*\s(?P<page>\d{1,3})$")


def _require(what: str, ok: bool, hint: str) -> None:
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing: under CI=true it must run ({hint})", pytrace=False)
    pytest.skip(f"{what} is missing ({hint})")


@pytest.fixture(scope="module")
def pdf(real_paths):
    try:
        import pypdf
    except ImportError:
        pypdf = None
    _require("pypdf", pypdf is not None, "pip install -e '.[dev]'")
    assert real_paths.report_pdf.exists(), "report/report.pdf is missing: run `make report`"
    return pypdf.PdfReader(real_paths.report_pdf)


@pytest.fixture(scope="module")
def texts(pdf) -> list[str]:
    # pypdf reads the two-byte codes of the larger font subset with NULs in between.
    return [page.extract_text().replace("\x00", "") for page in pdf.pages]


def _walk_fonts(resources, where: str, seen: set):
    """Yield (where, name, font) for every font in these resources and their form XObjects."""
    if resources is None:
        return
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is not None:
        for name, ref in fonts.get_object().items():
            yield where, name, ref.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for name, ref in xobjects.get_object().items():
            key = getattr(ref, "idnum", None) or id(ref)
            if key in seen:
                continue
            seen.add(key)
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                yield from _walk_fonts(xobject.get("/Resources"), f"{where} {name}", seen)


def _embedded(font) -> bool:
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True  # glyphs are drawn by the PDF's own content streams
    if subtype == "/Type0":
        return all(_embedded(d.get_object()) for d in font["/DescendantFonts"])
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _draws_xobject(page) -> bool:
    resources = page.get("/Resources")
    return resources is not None and bool(resources.get_object().get("/XObject"))


def test_has_pages(pdf):
    assert len(pdf.pages) >= 5


def test_every_page_is_a4(pdf):
    sizes = {
        i + 1: (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for i, p in enumerate(pdf.pages)
    }
    assert {n: s for n, s in sizes.items() if s != A4} == {}


def test_every_font_is_embedded(pdf):
    fonts, seen = [], set()
    for i, page in enumerate(pdf.pages):
        fonts += _walk_fonts(page.get("/Resources"), f"page {i + 1}", seen)
    assert fonts, "the PDF uses no fonts at all"
    missing = sorted(
        {
            f"{where}: {name} {font.get('/BaseFont')}"
            for where, name, font in fonts
            if not _embedded(font)
        }
    )
    assert missing == [], f"fonts not embedded: {missing}"


def test_text_is_extractable(pdf, texts):
    assert sum(len(t) for t in texts) > 200 * len(texts)
    short = [
        i + 1
        for i, (page, text) in enumerate(zip(pdf.pages, texts, strict=True))
        if len(FOOTER.sub("", text).strip()) < MIN_TEXT and not _draws_xobject(page)
    ]
    assert short == [], f"pages with (almost) no extractable text and no figure: {short}"


def _toc_entries(texts: list[str]) -> list[tuple[str, int]]:
    """(title, page) for each line of the table of contents on the first three pages."""
    headings = [re.search(r"^\s*Contents\s*$", text, re.M) for text in texts[:3]]
    start = next((i for i, h in enumerate(headings) if h), None)
    if start is None:
        return []
    heading = headings[start]
    entries = []
    for number, text in enumerate(texts[start:3]):
        lines = text[heading.end() :] if number == 0 else text
        misses = 0
        for line in lines.splitlines():
            line = line.strip()
            found = None if FOOTER.match(line) else TOC_LINE.match(line)
            if found:
                entries.append((found["title"], int(found["page"])))
                misses = 0
            elif line and not FOOTER.match(line):
                misses += 1  # a wrapped title, or the end of the table
                if misses > 1 or number > 0:
                    return entries
    return entries


def _words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text))


def test_table_of_contents_has_page_numbers(pdf, texts):
    n = len(pdf.pages)
    assert any(re.search(r"^\s*Contents\s*$", t, re.M) for t in texts[:3]), (
        "no 'Contents' heading on the first three pages"
    )
    entries = _toc_entries(texts)
    assert len(entries) >= 3, f"too few table-of-contents lines with page numbers: {entries}"
    numbers = [page for _, page in entries]
    assert all(1 <= p <= n for p in numbers), f"page numbers outside 1..{n}: {entries}"
    assert numbers == sorted(numbers), f"page numbers out of order: {entries}"
    # Each title is on the page it names (its first words, at least).
    astray = [
        (title, page)
        for title, page in entries
        if " ".join(_words(title).split()[:4]) not in _words(texts[page - 1])
    ]
    assert astray == [], f"entries whose title is not on the page they name: {astray}"


def _internal_links(pdf):
    """(page, destination) for every link annotation that points inside the document."""
    for i, page in enumerate(pdf.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            action = action.get_object() if action is not None else {}
            if "/Dest" in annot:
                yield i + 1, annot["/Dest"]
            elif action.get("/S") == "/GoTo":
                yield i + 1, action.get("/D")
            elif action.get("/S") == "/URI" and str(action.get("/URI", "")).startswith("#"):
                yield i + 1, str(action["/URI"])[1:]


def test_internal_links_resolve(pdf):
    links = list(_internal_links(pdf))
    assert links, "the PDF has no internal links"
    names = set(pdf.named_destinations)
    dangling = []
    for page, dest in links:
        dest = dest.get_object() if hasattr(dest, "get_object") else dest
        if isinstance(dest, list):
            ok = len(dest) > 0 and hasattr(dest[0], "get_object")  # [page ref, /XYZ …]
        else:
            ok = str(dest) in names
        if not ok:
            dangling.append((page, str(dest)))
    assert dangling == [], f"internal links to nowhere: {dangling[:20]}"


def test_metadata_has_no_build_dates(pdf):
    # A date fixed by the data (e.g. the newest source's) is fine; the wall clock is not.
    # Whether two builds agree byte for byte is test_report.py::test_build_is_deterministic's job.
    info = pdf.metadata or {}
    today = {f"D:{d:%Y%m%d}" for d in (date.today(), datetime.now(UTC).date())}
    stamped = {
        k: str(info[k])
        for k in ("/CreationDate", "/ModDate")
        if k in info and str(info[k])[:10] in today
    }
    assert stamped == {}, f"the PDF records the build time: {stamped}"
    xmp = pdf.trailer["/Root"].get("/Metadata")
    if xmp is not None:
        data = xmp.get_object().get_data().decode("utf-8", "replace")
        assert not re.search(r"CreateDate|ModifyDate|MetadataDate", data), data[:500]
