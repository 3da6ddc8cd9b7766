"""Events that may be one happening dated differently, which the ``subject`` mechanism
misses because nobody gave them a shared subject: material for the audit, not conflicts.

Two events (of different sources or of one) are a candidate pair when they share no
subject, their dates cannot both hold at their precisions, and their words are alike: the
Jaccard similarity of their content words (:func:`content_words` of the event, actors and
quote) is at least :data:`SIMILARITY_THRESHOLD`, with at least :data:`MIN_SHARED` words
in common. Whoever reads the list decides: give the
two rows one subject (the date check then reports the disagreement) or leave them apart.
"""

from __future__ import annotations

import re
from itertools import combinations

import pandas as pd

from rukg.analysis.consistency.events import date_interval
from rukg.catalogue.wording import MONTHS

__all__ = [
    "SIMILARITY_THRESHOLD",
    "MIN_SHARED",
    "STOPWORDS",
    "content_words",
    "same_happening_candidates",
]

# Share of content words two events must have in common (intersection over union), and how
# many words at least. On the five articles a pair sharing only a person's two names
# scores up to 0.29 (Bakiyev elected, Bakiyev's campaign), so one name is not enough: three
# shared words at a similarity of 0.2 or more keep the pairs that share an actor *and*
# what was done (an aid package announced, a base agreement signed), about twenty in all.
SIMILARITY_THRESHOLD = 0.2
MIN_SHARED = 3

# Words that say nothing about which happening it is: function words, reporting verbs,
# months, titles of office, and the two countries every event is about.
STOPWORDS = frozenset(
    """a an the and or of in on at to for from by with as into about after before during
    since until than that this these those there their its it his her he she they them we
    our was were is are be been being has have had do does did not no but if so also which
    who whom what when where while one two three some any all more most other such own
    same very can could would will shall may might must said says say told announced stated
    according early late earlier later last next year years month months time times
    president presidents prime minister ministers defense defence foreign secretary general
    head leader leaders official officials government
    russia russian russians kyrgyzstan kyrgyz bishkek moscow""".split()
    + [m.lower() for m in MONTHS.split("|")]
)
_WORD = re.compile(r"[a-z]+")


def _stem(word: str) -> str:
    """A crude stem, enough to make "joined"/"join", "agreed"/"agree", "exercises"/"exercise"
    one word: a final "ing", "ed", "es", "s" or "e" dropped, keeping three letters at least."""
    for ending in ("ing", "ed", "es", "s", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 3 and not word.endswith("ss"):
            return word[: -len(ending)]
    return word


def content_words(*texts: str) -> frozenset[str]:
    """The content words of some texts, stemmed (:func:`_stem`): lower case, letters only,
    no stopword, no word of fewer than three letters."""
    return frozenset(
        _stem(w)
        for text in texts
        for w in _WORD.findall(str(text).lower())
        if len(w) >= 3 and w not in STOPWORDS
    )


def same_happening_candidates(
    events: pd.DataFrame, threshold: float = SIMILARITY_THRESHOLD
) -> pd.DataFrame:
    """Pairs of events possibly describing one happening with different dates, most alike
    first: ``id_a``, ``id_b``, ``source_a``, ``source_b``, ``date_a``, ``date_b``,
    ``similarity``, ``shared`` (the common words, ``;``-separated), ``quote_a``, ``quote_b``."""
    recs = events.sort_values("id").to_dict("records")
    words = [content_words(r["event"], r.get("actors", ""), r["quote"]) for r in recs]
    spans = [date_interval(r["date"], r["date_precision"]) for r in recs]
    rows = []
    for i, j in combinations(range(len(recs)), 2):
        a, b = recs[i], recs[j]
        sa, sb = a.get("subject"), b.get("subject")
        if isinstance(sa, str) and sa and sa == sb:
            continue
        if spans[i][0] <= spans[j][1] and spans[j][0] <= spans[i][1]:
            continue  # the dates can both hold
        union = words[i] | words[j]
        shared = words[i] & words[j]
        similarity = len(shared) / len(union) if union else 0.0
        if similarity < threshold or len(shared) < MIN_SHARED:
            continue
        rows.append(
            {
                "id_a": a["id"],
                "id_b": b["id"],
                "source_a": a["source_id"],
                "source_b": b["source_id"],
                "date_a": a["date"],
                "date_b": b["date"],
                "similarity": round(similarity, 3),
                "shared": ";".join(sorted(shared)),
                "quote_a": a["quote"],
                "quote_b": b["quote"],
            }
        )
    columns = [
        "id_a",
        "id_b",
        "source_a",
        "source_b",
        "date_a",
        "date_b",
        "similarity",
        "shared",
        "quote_a",
        "quote_b",
    ]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(
        ["similarity", "id_a"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)
