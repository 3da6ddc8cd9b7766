"""Near-identical spellings of one proper name or acronym across the corpus
("Akayev"/"Akaev", "CSTO"/"SCTO"), each tied to the more usual spelling."""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from operator import itemgetter
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from rukg.files import read_text_file
from rukg.progress import progress
from rukg.reference import tables as datasets
from rukg.reference.places import reference_places
from rukg.tableio import URL_IN_TEXT, label_of

if TYPE_CHECKING:  # pragma: no cover
    from rukg.config import Paths

__all__ = ["ENDINGS", "MIN_LENGTH", "MIN_RATIO", "reference_vocabulary", "spelling_variants"]

# Each pattern starts with its first letter and only then looks behind it ("(?<!x.)" after
# one letter is "(?<!x)" before it): the regex engine can then skip to the letters that
# may start a match, about twice as fast over a large text as looking behind everywhere.
_WORD = re.compile(r"([A-Z](?<![\w'’.].)[a-z]+)(['’]s\b)?(?![a-zA-Z])")
_ACRONYM = re.compile(r"([A-Z](?<![\w.].)[A-Z]+)(?!\w|\.\w)")  # not the letters of "U.S."
_URL = URL_IN_TEXT  # addresses in running text are not words or numbers
# English inflectional and derivational endings: two words that are one stem plus
# two of these (Russia/Russian, Pakistan/Pakistani, Islamic/Islamist) are
# different words of one family, not two spellings.
ENDINGS = (
    "",
    "s",
    "n",
    "ns",
    "an",
    "ans",
    "ian",
    "ians",
    "ic",
    "ics",
    "ist",
    "ists",
    "ism",
    "i",
    "is",
    "ese",
    "ish",
)
MIN_LENGTH = 5
MIN_RATIO = 0.8
# Lowercase words of at least MIN_LENGTH letters: only they can make a spelling an
# ordinary English word for the "similar" test (shorter spellings are never compared).
_LOWER = re.compile(rf"[a-z](?<![\w'’].)[a-z]{{{MIN_LENGTH - 1},}}(?![\w])")


def _vocabulary(text: str) -> tuple[list[str], set[str], set[str]]:
    """The tokens of a text, one per occurrence: capitalised words (each part of a
    hyphenated word apart, "'s" stripped) and acronyms; the words written with "'s"; and
    the set of its lowercase words of at least :data:`MIN_LENGTH` letters. URLs left out.

    Tokens come as a list, not counted: ``Counter`` counts a list in C, where counting
    pairs of (word, "'s") and then adding one count to another runs in Python, and over
    thousands of sources that dominated the check.
    """
    text = _URL.sub(" ", text)
    words = _WORD.findall(text)
    possessive = {word for word, apostrophe_s in set(words) if apostrophe_s}
    tokens = list(map(itemgetter(0), words))
    tokens += _ACRONYM.findall(text)
    return tokens, possessive, set(_LOWER.findall(text))


class _SimilarRoots:
    """The roots a spelling may be a "similar" variant of, with their letter counts.

    :meth:`candidates` applies the two cheap tests of the search (lengths, and
    ``SequenceMatcher.quick_ratio``: the share of letters in common as multisets, an
    upper bound of ``ratio``) to every root at once with numpy, instead of one root at
    a time in Python: the pairs of words make the search quadratic in the vocabulary.
    The arithmetic is difflib's (``2.0 * matches / total``), so the same roots pass.
    """

    def __init__(self, alphabet: set[str], capacity: int):
        self.column = {ch: i for i, ch in enumerate(sorted(alphabet))}
        # One row per letter: the counts of one letter in every root lie side by side.
        self.counts = np.zeros((len(self.column), max(capacity, 1)), dtype=np.int32)
        self.lengths = np.zeros(max(capacity, 1), dtype=np.int64)
        self.words: list[str] = []

    def add(self, word: str) -> None:
        i = len(self.words)
        for ch, n in Counter(word).items():
            self.counts[self.column[ch], i] = n
        self.lengths[i] = len(word)
        self.words.append(word)

    def candidates(self, t: str) -> list[str]:
        """Roots of a length that can reach MIN_RATIO with ``t`` and a quick_ratio that does."""
        n = len(self.words)
        if not n:
            return []
        lengths = self.lengths[:n]
        total = lengths + len(t)
        ok = ~(2 * np.minimum(lengths, len(t)) < MIN_RATIO * total)
        common = np.zeros(n, dtype=np.int64)
        for ch, k in Counter(t).items():
            common += np.minimum(self.counts[self.column[ch], :n], k)
        ok &= ~(2.0 * common / total < MIN_RATIO)
        return [self.words[i] for i in np.flatnonzero(ok)]


def _derived(a: str, b: str) -> bool:
    """One stem with two English endings, or one word extending the other at the end."""
    if a.startswith(b) or b.startswith(a):
        return True
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    return any(a[k:] in ENDINGS and b[k:] in ENDINGS for k in range(max(0, p - 3), p + 1))


def reference_vocabulary(paths: Paths) -> str:
    """The reference facts as one text, whose names are taken as preferred spellings.

    ``places.csv`` names, the ``item``, ``status_detail`` and ``paraphrase`` of
    ``aid_commitments.csv`` and ``topics_beyond_the_sources.md``: later, cited
    sources that spell "Kazakhstan", "Kambarata", "Atambayev".
    """
    facts = paths.reference / "facts"
    parts = []
    parts += list(reference_places(paths)["name"])
    aid = datasets.read(paths, "aid_facts")
    for col in ("item", "status_detail", "paraphrase"):
        parts += list(aid[col].dropna())
    md = facts / "topics_beyond_the_sources.md"
    if md.exists():
        parts.append(read_text_file(md, label_of(md, paths)))
    return "\n".join(parts)


def spelling_variants(texts: Mapping[str, str], reference: str = "") -> pd.DataFrame:
    """Groups of spellings of one name across the corpus, with counts by source.

    Tokens are capitalised words (each part of a hyphenated word apart, "'s"
    stripped) and all-capital acronyms. A token is tied to another, more usual
    spelling (its parent) when:

    - **possessive**: it is a word plus "s" and the word also appears with an
      apostrophe ("Akayevs" beside "Akayev's"): a possessive missing its
      apostrophe;
    - **anagram**: both are acronyms of three or more letters with the same
      letters in another order ("SCTO"/"CSTO");
    - **similar**: both are words of at least :data:`MIN_LENGTH` letters with a
      ``difflib`` ratio of at least :data:`MIN_RATIO` (about one letter in five
      different), except when either is an ordinary English word, that is, it
      also occurs in lowercase in the corpus or the reference ("Minister"/
      "Ministry", "These"/"Those"), or the two are words of one family: one
      extends the other at the end ("Eurasia"/"Eurasianet") or they are one stem
      with two English endings (:data:`ENDINGS`: "Russia"/"Russian",
      "Islamic"/"Islamist").

    Spellings are taken from the most usual down: the one in the ``reference``
    text (names from the reference facts) first, then the one used by more
    sources, then more often, then alphabetically first. Each becomes a variant
    of the most similar *root* taken before it (a more usual spelling that is not
    itself a variant), or else a root; so two rare forms ("Kyrgystan",
    "Kyrgyzstani") are never tied to each other. A group is a root with its
    variants, named by the root. Reference spellings are only ever roots. No
    stoplist: the two exclusions above are the whole filter.

    One row per group, spelling and source: ``group`` (the root), ``spelling``,
    ``relation`` (``canonical``, ``possessive``, ``anagram``, ``similar``),
    ``ratio`` (similarity to its parent), ``source_id`` (``reference`` for a
    spelling found only there) and ``count``.
    """
    by_source: dict[str, Counter] = {}
    possessive: set[str] = set()
    lower: set[str] = set()  # words also written in lowercase, in the corpus or the reference
    n_sources: Counter = Counter()  # in how many sources each spelling occurs
    corpus: Counter = Counter()  # how often each spelling occurs in all sources
    for sid in sorted(texts):
        tokens, poss, low = _vocabulary(texts[sid])
        counts = Counter(tokens)
        by_source[sid] = counts
        corpus.update(tokens)
        possessive |= poss
        lower |= low
        n_sources.update(counts.keys())
    ref_tokens, ref_poss, ref_lower = _vocabulary(reference)
    ref_counts = Counter(ref_tokens)
    lower |= ref_lower
    possessive_anywhere = possessive | ref_poss

    def rank(t: str) -> tuple:
        return (t in ref_counts, n_sources.get(t, 0), corpus.get(t, 0), [-ord(ch) for ch in t])

    order = sorted(set(corpus) | set(ref_counts), key=rank, reverse=True)
    # The roots taken so far, kept where each kind of variant looks for its parent:
    # acronyms by their letters in order, long words with their letter counts.
    acronym_roots: dict[str, list[str]] = defaultdict(list)
    similar_roots = _SimilarRoots({ch for t in order for ch in t}, len(order))
    parent: dict[str, tuple[str, str, float]] = {}
    for t in progress(order, "spelling variants", unit="word"):
        options: list[tuple[float, tuple, str, str]] = []
        if t in ref_counts:
            pass  # a reference spelling is never a variant
        elif t.isupper():
            if len(t) >= 3:
                options = [
                    (1.0, rank(s), s, "anagram")
                    for s in acronym_roots.get("".join(sorted(t)), [])
                    if s != t
                ]
        elif t.endswith("s") and t not in possessive and t[:-1] in possessive_anywhere:
            options = [(1.0, rank(t[:-1]), t[:-1], "possessive")]
        elif len(t) >= MIN_LENGTH and t.lower() not in lower:
            sm = difflib.SequenceMatcher(None, autojunk=False)
            sm.set_seq2(t)
            # Roots of at least MIN_LENGTH letters that are no ordinary word, near in
            # length and in letters (see _SimilarRoots); then difflib's ratio decides.
            for s in similar_roots.candidates(t):
                if _derived(t, s):
                    continue
                sm.set_seq1(s)
                r = sm.ratio()
                if r >= MIN_RATIO:
                    options.append((r, rank(s), s, "similar"))
        if options:
            r, _, s, how = max(options)  # s is unique: the order of options does not matter
            parent[t] = (s, how, r)
        elif t.isupper():
            acronym_roots["".join(sorted(t))].append(t)
        elif len(t) >= MIN_LENGTH and t.lower() not in lower:
            similar_roots.add(t)

    def root(t: str) -> str:
        seen = set()
        while t in parent and t not in seen:
            seen.add(t)
            t = parent[t][0]
        return t

    groups: dict[str, set[str]] = defaultdict(set)
    for t in parent:
        groups[root(t)] |= {t, root(t)}
    # The sources of each grouped spelling, in source order: one set intersection per
    # source (in C), not a scan of every source for each spelling.
    grouped = set().union(*groups.values())
    found_in: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for sid, c in by_source.items():
        for sp in c.keys() & grouped:
            found_in[sp].append((sid, c[sp]))
    rows = []
    for g in sorted(groups):
        for sp in sorted(groups[g], key=lambda x: (x != g, x)):
            how, r = ("canonical", 1.0) if sp == g else parent[sp][1:]
            for sid, n in found_in.get(sp) or [("reference", 0)]:
                rows.append(
                    {
                        "group": g,
                        "spelling": sp,
                        "relation": how,
                        "ratio": round(r, 3),
                        "source_id": sid,
                        "count": n,
                    }
                )
    return pd.DataFrame(
        rows, columns=["group", "spelling", "relation", "ratio", "source_id", "count"]
    )
