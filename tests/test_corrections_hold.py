"""Every correction holds everywhere: what data/corrections.csv rejects appears in the report
only where the sources are shown as sources (the appendices), never in the body as fact."""

from __future__ import annotations

import html
import re

import pytest

from rukg.catalogue import load, rejected_ids, rejected_phrases


@pytest.fixture(scope="module")
def body(real_paths):
    """The report from the summary up to the first appendix ("About the sources")."""
    page = (real_paths.root / "report" / "report.html").read_text(encoding="utf-8")
    start = page.index('id="s-')  # the summary, after the cover and contents
    end = page.index('id="sec-A"')
    return page[start:end]


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def test_rejected_readings_are_not_stated_in_the_body(real_paths, body):
    cat = load(real_paths)
    phrases = rejected_phrases(cat)
    assert "1,300 pieces" in phrases  # K-016: the district's deliveries, not the bases'
    text = _text(body)
    stated = {p: k for p, k in phrases.items() if re.search(rf"\b{re.escape(p)}\b", text)}
    assert not stated, f"rejected readings stated in the report body: {stated}"


def test_rejected_figures_are_not_cited_in_the_body(real_paths, body):
    cat = load(real_paths)
    ids = rejected_ids(cat)
    assert "F-comm2023-003" in ids
    cited = {i for i in ids if f"#ev-{i}" in body or f">{i}<" in body}
    assert not cited, f"figures whose reading a correction rejects are cited in the body: {cited}"


def test_the_check_can_fail():
    # A body that states K-016's rejected reading is caught by the same pattern.
    text = _text("<td>more than 1,300 pieces of weapons</td>")
    assert re.search(r"\b1,300 pieces\b", text)
