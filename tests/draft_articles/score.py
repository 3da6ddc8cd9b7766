"""How well draft rows fill themselves in, measured on the authored test articles.

Each article in ``articles.csv`` (invented for this purpose, not a source of the report)
is put in a catalogue of its own with no rows, as ``rukg draft`` sees a newly added
source; its draft rows are made by the same code (``uncovered``, ``draft_rows``), written
as a draft file and read back (``drafts_csv``, ``read_drafts``). They are then compared
with the answer key:

- ``expected.csv``: one row per true figure, in text order: the number as written
  (matched to a draft row whose parsed expression contains it), value, unit, currency,
  year, category, kind, status;
- ``not_figures.csv``: numbers that must not become rows, each with a passage that
  holds it; ``by`` = ``rule`` where the parser must set it aside (designations, year
  ranges, dates, telephone numbers), ``hand`` where a person dismisses it ("the two
  countries").

For each field: *precision* is the share of the values proposed that are right (a blank
proposal is not counted), *recall* the share of the key's values that were proposed
right (a missed row misses all its fields). For ``row``, precision is the share of draft
rows that are true figures and recall the share of true figures that got a row.

Run: ``.venv/bin/python tests/draft_articles/score.py`` (``--detail`` lists every miss;
``--corpus`` adds the same comparison for the figures ``data/figures.csv`` records).
"""

from __future__ import annotations

import csv
import math
import re
import sys
import tempfile
from pathlib import Path

import pandas as pd

from rukg.catalogue import Catalogue
from rukg.catalogue.audit import uncovered
from rukg.catalogue.drafts import PROPOSED, draft_rows, drafts_csv, proposed_fields, read_drafts
from rukg.catalogue.mentions import mentions_within, occurrences

HERE = Path(__file__).resolve().parent
FIELDS = ("value", "unit", "currency", "year", "category", "kind", "status")


def _table(name: str) -> list[dict]:
    with (HERE / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _catalogue(article_id: str, text: str, published: str) -> Catalogue:
    """A catalogue of one source with no rows: every number in it is uncovered."""
    figures = pd.DataFrame(columns=["id", "source_id", "quote", "value", "unit", "currency"])
    dismissed = pd.DataFrame(columns=["id", "source_id", "quote", "text", "reason"])
    empty = pd.DataFrame()
    return Catalogue(
        sources=pd.DataFrame({"id": [article_id], "published": [published]}),
        figures=figures,
        events=empty,
        dismissed=dismissed,
        texts={article_id: text},
        commitments=empty,
        parts=empty,
        set_aside=empty,
        annotations=empty,
        provenance=empty,
    )


def drafts(article: dict) -> tuple[str, list]:
    """The article's text and its draft rows as a draft file holds them, each with the
    mention it was made from: [(mention, row)]."""
    text = (HERE / article["file"]).read_text(encoding="utf-8")
    cat = _catalogue(article["article"], text, article["published"])
    items = uncovered(cat, [article["article"]])
    rows = draft_rows(cat, article["article"], items=items)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "drafts.csv"
        path.write_bytes(drafts_csv(rows))
        read = read_drafts(path, "drafts.csv")
    return text, [(u.mention, r) for u, r in zip(items, read, strict=True)]


def _holds(mention_text: str, number: str) -> bool:
    """Whether a parsed expression holds the number as written (not inside a longer one)."""
    return re.search(rf"(?<![\d,.]){re.escape(number)}(?![\d]|[,.]\d)", mention_text) is not None


def _same(field: str, got: str, want: str) -> bool:
    if field == "value" and got and want:
        return math.isclose(float(got), float(want), rel_tol=1e-6)
    return got == want


def score() -> dict:
    """Counts and rates per field, and the misses: {"fields": {field: {...}}, "rule_leaks":
    [...], "hand_rows": [...], "unlisted": [...], "misses": [...]}."""
    expected, not_figures = _table("expected.csv"), _table("not_figures.csv")
    counts = {f: {"proposed": 0, "right": 0, "key": 0} for f in ("row", *FIELDS)}
    misses, rule_leaks, hand_rows, unlisted = [], [], [], []
    for article in _table("articles.csv"):
        aid = article["article"]
        text, found = drafts(article)
        counts["row"]["proposed"] += len(found)
        used: set[int] = set()
        for want in (r for r in expected if r["article"] == aid):
            counts["row"]["key"] += 1
            for f in FIELDS:
                counts[f]["key"] += bool(want[f])
            i = next(
                (
                    k
                    for k, (m, _) in enumerate(found)
                    if k not in used and _holds(m.text, want["number"])
                ),
                None,
            )
            if i is None:
                misses.append((aid, want["number"], "row", "", "a row"))
                continue
            used.add(i)
            counts["row"]["right"] += 1
            got = found[i][1]
            for f in FIELDS:
                if got[f]:
                    counts[f]["proposed"] += 1
                    counts[f]["right"] += _same(f, got[f], want[f])
                if not _same(f, got[f], want[f]):
                    misses.append((aid, want["number"], f, got[f], want[f]))
        for k, (m, row) in enumerate(found):
            if k in used:
                continue
            listed = [
                n
                for n in not_figures
                if n["article"] == aid
                and m.number == n["number"]
                and any(
                    s <= m.start and m.end <= s + len(n["context"])
                    for s in occurrences(text, n["context"])
                )
            ]
            target = (
                rule_leaks
                if any(n["by"] == "rule" for n in listed)
                else hand_rows
                if listed
                else unlisted
            )
            target.append((aid, m.text, row["quote"][:60]))
            # Each field of a row that is no figure is a wrong proposal.
            for f in FIELDS:
                counts[f]["proposed"] += bool(row[f])
    return {
        "fields": _rates(counts),
        "rule_leaks": rule_leaks,
        "hand_rows": hand_rows,
        "unlisted": unlisted,
        "misses": misses,
    }


def corpus_score(root: Path = HERE.parents[1]) -> dict:
    """The proposals for the figures the project's catalogue already records, against the
    values its authors chose (a held-out check: neither the rules nor the articles above
    were written from them). Each figure's number is found in its quote as validation
    finds it (same value); the row is skipped when it cannot be."""
    data = root / "data"
    sources = pd.read_csv(data / "sources.csv", dtype=str, keep_default_na=False)
    figures = pd.read_csv(data / "figures.csv", dtype=str, keep_default_na=False)
    counts = {f: {"proposed": 0, "right": 0, "key": 0} for f in ("unit", *PROPOSED)}
    misses = []
    for _, src in sources.iterrows():
        text = (data / "sources" / src["file"]).read_text(encoding="utf-8")
        for _, fig in figures[figures["source_id"] == src["id"]].iterrows():
            value = float(fig["value"]) if fig["value"] else None
            m = next(
                (
                    x
                    for x in mentions_within(text, fig["quote"])
                    if (x.value is None) == (value is None)
                    and (value is None or math.isclose(x.value, value, rel_tol=1e-6))
                ),
                None,
            )
            if m is None:
                continue
            got, _ = proposed_fields(text, m, src["published"])
            for f in counts:
                want = fig[f].removesuffix(".0") if f == "year" else fig[f]
                counts[f]["key"] += bool(want)
                if got[f]:
                    counts[f]["proposed"] += 1
                    counts[f]["right"] += got[f] == want
                if got[f] != want:
                    misses.append((fig["id"], f, got[f], want))
    return {"fields": _rates(counts), "misses": misses}


def _rates(counts: dict) -> dict:
    return {
        f: {
            **c,
            "precision": c["right"] / c["proposed"] if c["proposed"] else float("nan"),
            "recall": c["right"] / c["key"] if c["key"] else float("nan"),
        }
        for f, c in counts.items()
    }


def table(result: dict) -> str:
    lines = [f"{'field':<10}{'proposed':>9}{'right':>7}{'in key':>8}{'precision':>11}{'recall':>8}"]
    for f, c in result["fields"].items():
        lines.append(
            f"{f:<10}{c['proposed']:>9}{c['right']:>7}{c['key']:>8}"
            f"{c['precision']:>11.2f}{c['recall']:>8.2f}"
        )
    if "rule_leaks" not in result:
        return "\n".join(lines)
    lines.append(
        f"rows for numbers the parser must set aside: {len(result['rule_leaks'])}; "
        f"rows a person dismisses: {len(result['hand_rows'])}; "
        f"rows neither in the key nor listed: {len(result['unlisted'])}"
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    result = score()
    print(table(result))
    if "--detail" in argv:
        for aid, text, quote in result["rule_leaks"]:
            print(f"leak      {aid}: {text!r} in {quote!r}")
        for aid, text, quote in result["unlisted"]:
            print(f"unlisted  {aid}: {text!r} in {quote!r}")
        for aid, number, field, got, want in result["misses"]:
            print(f"miss      {aid} {number!r} {field}: got {got!r}, key {want!r}")
    if "--corpus" in argv:
        corpus = corpus_score()
        print("\nthe catalogue's own figures (data/figures.csv), proposals against its values:")
        print(table(corpus))
        if "--detail" in argv:
            for fid, field, got, want in corpus["misses"]:
                print(f"miss      {fid} {field}: got {got!r}, catalogue {want!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
