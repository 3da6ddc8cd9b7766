"""The built HTML report as a reader sees it: headless Chromium opens report/report.html.

Nothing may be fetched from outside the file, nothing may log an error, every chart must
draw, every in-page link must land, and the page must fit a phone. Screenshots at desktop
and phone widths go to test-artifacts/ for a person to look at.

Needs Playwright for Python and Debian's Chromium (/usr/bin/chromium; `.ci/run` installs
it). Without them the module is skipped, except under CI=true, where it fails instead.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}

# The HTML standard looks a fragment up as written, then percent-decoded.
RESOLVE_JS = """
(el) => {
    const href = el.getAttribute('href') ?? el.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    const raw = href.slice(1);
    let decoded = null;
    try { decoded = decodeURIComponent(raw); } catch (e) { decoded = null; }
    const target = document.getElementById(raw) ?? (decoded === null ? null : document.getElementById(decoded));
    return {href: href, found: target !== null, tag: target ? target.tagName.toLowerCase() : null,
            role: target ? target.getAttribute('role') : null};
}
"""


@dataclass
class Loaded:
    """A page with the report open, and what happened while it loaded."""

    name: str
    page: object
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _missing() -> str | None:
    if sync_playwright is None:
        return "Playwright for Python is not installed (pip install playwright)"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser():
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"{missing}: under CI=true the browser checks must run; .ci/run installs Chromium",
                pytrace=False,
            )
        pytest.skip(missing)
    with sync_playwright() as pw, tempfile.TemporaryDirectory(prefix="rukg-chromium-") as profile:
        context = pw.chromium.launch_persistent_context(
            user_data_dir=profile,
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
        )
        try:
            yield context
        finally:
            context.close()


def _open(browser, html: Path, name: str) -> Loaded:
    """Open the report at one of VIEWPORTS, aborting and recording any non-file request."""
    assert html.exists(), "report/report.html is missing: run `make report`"
    width, height = VIEWPORTS[name]
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": height})
    loaded = Loaded(name=name, page=page)

    def route(route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            loaded.external.append(url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: loaded.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: loaded.errors.append(f"uncaught: {exc}"))
    page.goto(html.resolve().as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    return loaded


class Pages(dict):
    """The report opened once per width, on first use, with a full-page screenshot saved."""

    def __init__(self, browser, html: Path):
        super().__init__()
        self.browser, self.html = browser, html

    def __missing__(self, name: str) -> Loaded:
        loaded = self[name] = _open(self.browser, self.html, name)
        ARTIFACTS.mkdir(exist_ok=True)
        loaded.page.screenshot(path=str(ARTIFACTS / f"report-{name}.png"), full_page=True)
        return loaded


@pytest.fixture(scope="module")
def pages(browser, real_paths):
    opened = Pages(browser, real_paths.report_html)
    yield opened
    for loaded in opened.values():
        loaded.page.close()


@pytest.fixture(params=sorted(VIEWPORTS))
def loaded(request, pages) -> Loaded:
    return pages[request.param]


@pytest.fixture
def desktop(pages) -> Loaded:
    return pages["desktop"]


@pytest.fixture
def phone(pages) -> Loaded:
    return pages["phone"]


def test_nothing_is_fetched_from_outside(loaded):
    assert loaded.external == []


def test_no_console_errors(loaded):
    assert loaded.errors == []


def test_images_and_charts_draw(loaded):
    broken = loaded.page.eval_on_selector_all(
        "img",
        "els => els.filter(i => !i.complete || i.naturalWidth === 0)"
        ".map(i => (i.getAttribute('src') || '').slice(0, 80))",
    )
    assert broken == [], f"images that did not load: {broken}"
    sizes = loaded.page.eval_on_selector_all(
        "svg:not(svg svg)",
        # Each chart is embedded at two widths and the page shows one: count those shown.
        "els => els.filter(s => s.getClientRects().length > 0)"
        ".map(s => { const r = s.getBoundingClientRect(); return [r.width, r.height]; })",
    )
    assert sizes, "the report has no inline SVG charts"
    empty = [i for i, (w, h) in enumerate(sizes) if not (w > 0 and h > 0)]
    assert empty == [], f"inline SVGs (by position, of {len(sizes)}) drawn with no size: {empty}"


def test_in_page_links_land(desktop):
    links = desktop.page.eval_on_selector_all(
        'a[href^="#"]', f"els => els.map({RESOLVE_JS})"
    ) + desktop.page.eval_on_selector_all(
        "svg a",
        f"""els => els.filter(a => {{
                const h = a.getAttribute('href') ?? a.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
                return h !== null && h.startsWith('#');
            }}).map({RESOLVE_JS})""",
    )
    assert links, "the report has no in-page links at all"
    dangling = sorted({link["href"] for link in links if not link["found"]})
    assert dangling == [], f"{len(dangling)} in-page links point at no id: {dangling[:20]}"


def test_evidence_links_point_at_appendix_rows(desktop):
    # No evidence links yet is not a failure; every one there is must reach a row.
    links = desktop.page.eval_on_selector_all('a[href^="#ev-"]', f"els => els.map({RESOLVE_JS})")
    wrong = sorted(
        {
            link["href"]
            for link in links
            if not link["found"] or not (link["tag"] == "tr" or link["role"] == "row")
        }
    )
    assert wrong == [], f"evidence links that reach no appendix row: {wrong[:20]}"


def test_table_of_contents_links_to_sections(desktop):
    assert desktop.page.locator("nav#toc").count() == 1, "the report has no nav#toc"
    links = desktop.page.eval_on_selector_all("nav#toc a", f"els => els.map({RESOLVE_JS})")
    assert links, "nav#toc holds no links"
    assert all(link["href"].startswith("#") for link in links), "TOC links must be in-page"
    dangling = [link["href"] for link in links if not link["found"]]
    assert dangling == [], f"TOC entries that point at no section: {dangling}"
    headings = desktop.page.eval_on_selector_all(
        "h1[id], h2[id]", "els => els.filter(h => !h.closest('nav')).map(h => h.id)"
    )
    targets = desktop.page.eval_on_selector_all(
        "nav#toc a",
        "els => els.map(a => { const r = a.getAttribute('href').slice(1);"
        " try { return decodeURIComponent(r); } catch (e) { return r; } })",
    )
    hrefs = {link["href"][1:] for link in links} | set(targets)
    missing = [h for h in headings if h not in hrefs]
    assert missing == [], f"sections missing from the table of contents: {missing}"


OVERFLOW_JS = """
() => {
    const limit = window.innerWidth + 5;
    const scrolls = (el) => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            const o = getComputedStyle(a).overflowX;
            if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
        }
        return false;
    };
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
        if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right <= limit) continue;
        const parent = el.parentElement;
        if (parent && parent !== document.body && parent.getBoundingClientRect().right > limit
            && !scrolls(el)) continue;  // report the outermost offender only
        out.push({
            what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                + (el.className && typeof el.className === 'string'
                   ? '.' + el.className.trim().split(/\\s+/).join('.') : ''),
            right: Math.round(r.right),
            in_scroller: scrolls(el),
            text: (el.textContent || '').trim().slice(0, 60),
        });
    }
    return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
            offenders: out};
}
"""


def test_phone_width_has_no_horizontal_scroll(phone):
    found = phone.page.evaluate(OVERFLOW_JS)
    if found["scrollWidth"] <= found["innerWidth"] + 5:
        return
    outside = [o for o in found["offenders"] if not o["in_scroller"]]
    detail = "\n".join(
        f"  {o['what']} reaches {o['right']} px: {o['text']!r}" for o in found["offenders"][:15]
    )
    if found["offenders"] and not outside:
        pytest.xfail(f"the overflow is inside scroll containers only:\n{detail}")
    pytest.fail(
        f"at {found['innerWidth']} px the page is {found['scrollWidth']} px wide;"
        f" elements past the edge:\n{detail}",
        pytrace=False,
    )


# Rendered size of SVG text: its font size in the SVG's units times the SVG's scale on screen.
CHART_TEXT_JS = """
() => {
    const out = [];
    for (const fig of document.querySelectorAll('figure.chart')) {
        for (const t of fig.querySelectorAll('svg text')) {
            if (t.getClientRects().length === 0) continue;  // in the variant not shown
            const size = parseFloat(getComputedStyle(t).fontSize);
            const px = size * t.getScreenCTM().a;
            out.push({fig: fig.id, text: (t.textContent || '').trim().slice(0, 40), px: px});
        }
    }
    return out;
}
"""


def test_chart_text_is_at_least_9_px(loaded):
    texts = loaded.page.evaluate(CHART_TEXT_JS)
    assert texts, "no chart text is shown"
    small = [t for t in texts if t["px"] < 9 - 0.05]
    detail = "\n".join(f"  {t['fig']}: {t['text']!r} at {t['px']:.1f} px" for t in small[:15])
    assert not small, f"{len(small)} chart texts under 9 px at {loaded.name} width:\n{detail}"


def test_every_shown_chart_fits_the_page(phone):
    widths = phone.page.eval_on_selector_all(
        "figure.chart svg",
        "els => els.filter(s => s.getClientRects().length > 0)"
        ".map(s => s.getBoundingClientRect().right)",
    )
    assert widths and max(widths) <= phone.page.viewport_size["width"]


def test_element_ids_are_unique(desktop):
    dupes = desktop.page.evaluate(
        """() => {
            const seen = new Map();
            for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) || 0) + 1);
            return [...seen].filter(([, n]) => n > 1).map(([id, n]) => id + ' x' + n);
        }"""
    )
    assert dupes == [], f"{len(dupes)} ids used more than once: {dupes[:10]}"


def test_in_page_links_stay_in_the_tab(desktop):
    opening = desktop.page.evaluate(
        """() => [...document.querySelectorAll('a')].filter(a => {
            const h = a.getAttribute('href') ?? a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') ?? '';
            return h.startsWith('#') && a.hasAttribute('target');
        }).map(a => a.getAttribute('href') ?? a.getAttributeNS('http://www.w3.org/1999/xlink', 'href'))"""
    )
    assert opening == [], f"in-page links that open another tab: {opening[:10]}"


def test_bibliography_urls_are_links(desktop):
    hrefs = desktop.page.eval_on_selector_all(
        "table.data a[href^='http']", "els => els.map(a => a.getAttribute('href'))"
    )
    assert len(hrefs) >= 5, f"expected the sources' URLs as links, found {len(hrefs)}"


def test_every_chart_links_its_marks_to_evidence_with_tooltips(loaded):
    charts = loaded.page.evaluate(
        """() => [...document.querySelectorAll('figure.chart')].map(fig => {
            const shown = [...fig.querySelectorAll('svg')].filter(s => s.getClientRects().length > 0);
            const marks = shown.flatMap(s => [...s.querySelectorAll('a')]).filter(a => {
                const h = a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') ?? a.getAttribute('href') ?? '';
                const tip = a.querySelector(':scope > title');
                const row = h.startsWith('#') ? document.getElementById(h.slice(1)) : null;
                return row && row.tagName.toLowerCase() === 'tr' && tip
                    && tip.textContent.trim().length > 0;
            });
            return {fig: fig.id, name: fig.dataset.name, marks: marks.length};
        })"""
    )
    assert charts, "the report has no charts"
    bare = [f"{c['fig']} ({c['name']})" for c in charts if c["marks"] == 0]
    # Evidence is the catalogue row of an article's figure or event, the appendix row of an
    # official table or a later report, or the bibliography row of the article counted.
    assert bare == [], f"charts with no data mark linked to its evidence with a tooltip: {bare}"
