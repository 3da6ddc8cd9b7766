"""Plans or intentions recorded as facts: catalogue rows that say a thing happened (an
event's ``status`` ``occurred``, a figure's ``delivered``, ``reported``, ``signed`` or
``in_force``) where the source, or the publication it cites, words it as still ahead.

Three rules, each one row per catalogue row (a row caught by several gets one conflict
naming them all):

- an ``occurred`` event dated after its source was published: the first day its date can
  mean falls after the last day the publication date can mean (scope ``self``);
- an ``occurred`` event whose quote states it as done (no wording of
  :data:`FUTURE_WORDING`) while the footnote it cites has a title worded as a plan
  (:data:`PLAN_TITLE_WORDING`, "CSTO Countries to Hold Military Drills in Kyrgyzstan Later
  This Year"). The footnote is the last marker ("[7]") inside the quote (which may end with
  one), else the first after it in the same paragraph; "Ibid." is the footnote before. Scope ``reference``: the
  source disagrees with the publication it cites, as it would with the reference facts;
- a figure whose status says it happened while its quote is worded as future, modal or
  projected (:data:`FUTURE_WORDING`: "would be supplied", "is to", "projected"); scope
  ``self``. Only the quote is read: a sentence around it may hedge other things. A
  ``reported`` figure is held to this only where it is given or supplied
  (:data:`COMMITTED_KINDS`): the codebook records projections as ``reported``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from rukg.analysis.consistency.candidates import STOPWORDS
from rukg.analysis.consistency.events import date_interval
from rukg.analysis.consistency.labels import slug
from rukg.catalogue.dates import readable_date
from rukg.catalogue.mentions import occurrences
from rukg.catalogue.vocab import AID_KINDS

__all__ = [
    "FUTURE_WORDING",
    "PLAN_TITLE_WORDING",
    "DONE_STATUSES",
    "footnotes",
    "cited_footnote",
    "plan_conflicts",
]

# Wording that puts a statement ahead of the time it describes, or makes it a possibility:
# (pattern, why). Matched case-insensitively in a quote, except "may" (the month is May).
FUTURE_WORDING: tuple[tuple[str, str], ...] = (
    (r"\bwill\b", "future tense"),
    (r"\bshall\b", "future tense"),
    (r"\bwould\b", "future in the past, or conditional"),
    (r"\b(?:could|might)\b", "a possibility, not a fact"),
    (r"(?-i:\bmay\b)", "a possibility, not a fact"),
    (
        r"\b(?:is|are|was|were)\s+(?:to|due\s+to|set\s+to|about\s+to)\b",
        "'is to': an arrangement ahead",
    ),
    (r"\bto\s+be\s+\w+(?:ed|en|lt|nt|ld|wn|ne|id)\b", "still to be done"),
    (r"\b(?:plans?|planned|planning|intends?|intended|intending)\s+to\b", "an intention"),
    (r"\b(?:promised|pledged|vowed)\s+to\b", "a promise of something still to be done"),
    (r"\b(?:projected|expected|forecast|scheduled|envisaged|anticipated)\b", "a projection"),
    (r"\b(?:forthcoming|upcoming)\b", "still ahead"),
)
# A headline worded as a plan: the cited report was about something still to happen.
# "to Develop", "to Expand" are left out: they name aims that a meeting which did take
# place can announce ("Russia to 'Develop' Its Military Facilities"), not an event to be held.
PLAN_TITLE_WORDING: tuple[tuple[str, str], ...] = (
    (
        r"\bto\s+(?:Hold|Host|Stage|Conduct|Receive|Get|Sign|Open|Launch|Deploy|Build)\b",
        "a headline infinitive: 'X to Hold Drills' reports drills still to be held",
    ),
    (r"\bwill\b", "future tense"),
    (r"\b(?:plans?|planned|planning)\b", "a plan"),
    (r"\blater\s+this\s+(?:year|month)\b", "still ahead when the report was written"),
    (r"\bnext\s+(?:year|month|week)\b", "still ahead when the report was written"),
    (r"\b(?:to\s+be\s+held|scheduled|upcoming|forthcoming|set\s+to|expected\s+to)\b", "ahead"),
)
# A figure's statuses that say the thing has happened (or been concluded).
DONE_STATUSES = ("delivered", "reported", "signed", "in_force")
# ``reported`` is also the codebook's status for projections and estimates that are no stage
# of a commitment ("could expand the debt by at least $1 billion"): future wording in those
# is their nature, not a plan told as a fact. It is a fault only where the thing is given or
# supplied (aid, arms, troops), which future wording would make ``pledged``.
COMMITTED_KINDS = (*AID_KINDS, "weapons", "troops")

_FUTURE = [(re.compile(p, re.IGNORECASE), why) for p, why in FUTURE_WORDING]
_PLAN_TITLE = [(re.compile(p, re.IGNORECASE), why) for p, why in PLAN_TITLE_WORDING]
_FOOTNOTE = re.compile(r"^\[(\d+)\][ \t]*(.*)$", re.MULTILINE)
_MARKER = re.compile(r"\[(\d+)\]")
_IBID = re.compile(r"^[İI]bid\b", re.IGNORECASE)
_TITLE = re.compile(r"[“\"](.+?)[”\"]")
_COLUMNS = [
    "id",
    "source_id",
    "scope",
    "subject",
    "what",
    "quote",
    "against",
    "ids",
]


def _wording(text: str, table: list) -> list[tuple[str, str]]:
    """The words of ``text`` that a wording table matches, with why each counts."""
    return [(m.group(0), why) for p, why in table if (m := p.search(text))]


def footnotes(text: str) -> dict[int, str]:
    """The title of each numbered footnote ("[7] “Title”, Publisher, URL"), "Ibid." resolved
    to the footnote before; the whole entry where it quotes no title."""
    raw = {int(m.group(1)): m.group(2).strip() for m in _FOOTNOTE.finditer(text)}
    out: dict[int, str] = {}
    for n in sorted(raw):
        body = raw[n]
        if _IBID.match(body) and n - 1 in out:
            out[n] = out[n - 1]
            continue
        title = _TITLE.search(body)
        out[n] = title.group(1) if title else body
    return out


def cited_footnote(text: str, quote: str) -> int | None:
    """The footnote a quote cites: the last marker inside it, else the first after it in the
    same paragraph (line); ``None`` where there is none."""
    for start in occurrences(text, quote):
        end = start + len(quote)
        inside = [m for m in _MARKER.finditer(text, start, end)]
        if inside:
            return int(inside[-1].group(1))
        line_end = text.find("\n", end)
        after = _MARKER.search(text, end, len(text) if line_end < 0 else line_end)
        if after:
            return int(after.group(1))
    return None


def _event_subject(row: Mapping) -> str:
    """The event's subject, else the words of its description that its quote uses (the
    report capitalises a subject's words as the quotes do), else its first words."""
    if isinstance(row.get("subject"), str) and row["subject"]:
        return row["subject"]
    words = slug(str(row["event"])).split("-")
    quoted = set(slug(str(row["quote"])).split("-"))
    used = [w for w in words if w in quoted and w not in STOPWORDS]
    return "-".join(used[:8]) if len(used) >= 2 else "-".join(words[:8])


def _figure_subject(row: Mapping) -> str:
    """The figure's subject, else its quote's first words (no numbers)."""
    if isinstance(row.get("subject"), str) and row["subject"]:
        return row["subject"]
    words = re.findall(r"[A-Za-z]+", re.sub(r"['’]s\b", "", str(row["quote"])))
    return slug(" ".join(words[:6]))


def _event_findings(
    r: Mapping, published: tuple[str, str], text: str
) -> tuple[list[str], list[str], bool]:
    """What an ``occurred`` event's rules find: readable findings, what they rest on, and
    whether a cited footnote is one of them."""
    what, against, cites = [], [], False
    first, _ = date_interval(r["date"], r["date_precision"])
    _, pub_last = date_interval(*published)
    if first > pub_last:
        what.append(
            f"recorded as having happened, but dated {readable_date(r['date'])}, after the "
            f"article was published ({readable_date(published[0])})"
        )
        against.append(f"the article is dated {readable_date(published[0])}")
    if not _wording(r["quote"], _FUTURE):
        n = cited_footnote(text, r["quote"])
        title = footnotes(text).get(n) if n is not None else None
        plan = _wording(title, _PLAN_TITLE) if title else []
        if plan:
            cites = True
            what.append(
                f"stated as done, but the report it cites in footnote [{n}] is worded as a "
                f"plan ('{plan[0][0]}'): “{title}”"
            )
            against.append(f"footnote [{n}]: “{title}”")
    return what, against, cites


def plan_conflicts(
    events: pd.DataFrame,
    figures: pd.DataFrame,
    sources: pd.DataFrame,
    texts: Mapping[str, str],
) -> pd.DataFrame:
    """Rows recorded as done that the source or its footnote words as a plan (see the module
    docstring), one row each: ``id`` (the catalogue row), ``source_id``, ``scope``,
    ``subject`` (the row's, else a slug of what it is), ``what`` (the findings, in words),
    ``quote``, ``against`` (what contradicts it) and ``ids``."""
    published = {
        s: (p, pr)
        for s, p, pr in zip(
            sources["id"], sources["published"], sources["published_precision"], strict=True
        )
    }
    rows = []
    if "status" in events:
        for r in events[events["status"] == "occurred"].sort_values("id").to_dict("records"):
            sid = r["source_id"]
            if sid not in published:
                continue
            what, against, cites = _event_findings(r, published[sid], texts.get(sid, ""))
            if what:
                rows.append(
                    {
                        "id": r["id"],
                        "source_id": sid,
                        "scope": "reference" if cites else "self",
                        "subject": _event_subject(r),
                        "what": "; ".join(what),
                        "quote": r["quote"],
                        "against": "; ".join(against),
                        "ids": r["id"],
                    }
                )
    done = figures[
        figures["status"].isin(DONE_STATUSES)
        & ((figures["status"] != "reported") | figures["kind"].isin(COMMITTED_KINDS))
    ].sort_values("id")
    for r in done.to_dict("records"):
        words = _wording(r["quote"], _FUTURE)
        if not words:
            continue
        status = str(r["status"]).replace("_", " ")
        rows.append(
            {
                "id": r["id"],
                "source_id": r["source_id"],
                "scope": "self",
                "subject": _figure_subject(r),
                "what": f"recorded as {status}, but worded as not yet done: "
                + ", ".join(f"'{w}' ({why})" for w, why in words),
                "quote": r["quote"],
                "against": f"recorded as {status}",
                "ids": r["id"],
            }
        )
    return pd.DataFrame(rows, columns=_COLUMNS)
