"""Write one large plain-text article, for timing ``rukg add-source`` on a big source.

``.venv/bin/python bench/big_article.py OUT.txt --mb 20 --seed 7`` writes about 20 MB
(10^6 bytes each) of paragraphs, separated by blank lines like the real sources, that
mix two kinds of sentence:

- sentences of the real sources in ``data/sources/``, every run of digits replaced by a
  random number of as many digits (as ``bench/run.py`` does for its corpus);
- sentences from templates full of what the parser reads: money ("$1.7 billion",
  "US$65 million", "75 million rubles"), counts ("350 troops", "more than 2,000
  servicemen", "several hundred"), percentages, fractions ("one-third"), multipliers
  ("tripled", "3-fold"), number words ("twenty-nine"), qualifiers ("about", "some"),
  and what it must set aside: years ("in 2022"), dates ("March 3, 2022", "3 March",
  "12.03.2022"), clock times and URLs.

The article must be a valid source beside the real ones, or ``add-source`` stops at
validation, so it adds no new conflict for the consistency check (which every valid
source needs a row of ``data/corrections.csv`` for): real lines stating a distance are
left out, and so are real sentences with a spelling that check reports as a variant;
the capitalised words of the templates all occur in the real sources already.
The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000
DISTANCE_WORD = re.compile(r"(?i)\b(?:miles?|kilomet(?:er|re)s?|km)\b")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]
_MONTHS += ["September", "October", "December"]  # "November" is in no real source
_WORDS = ["two", "three", "four", "five", "seven", "twelve", "seventeen", "twenty-nine"]
_WORDS += ["forty", "sixty-five"]
_ACTORS = ["Russia", "Moscow", "the Kremlin", "Putin", "the CSTO", "the Eurasian Union"]
_PLACES = ["Kyrgyzstan", "Bishkek", "Osh", "Kant", "Batken"]
_QUAL = ["", "", "", "about ", "some ", "nearly ", "more than ", "up to ", "roughly "]

TEMPLATES = [
    "{actor} pledged {qual}${a}.{b} billion to {place} in {year}, Russian officials said.",
    "{qual}{n3} troops were stationed at Kant in {year}, according to Interfax.",
    "On {month} {day}, {year}, {actor} and {place} signed {word} agreements worth "
    "{n3} million rubles.",
    "Trade between Russia and Kyrgyzstan grew by {qual}{pct} percent in {year}, to US${n3} million.",
    "The CSTO exercises of {day} {month} {year} involved more than {n1},{n3} servicemen and "
    "{n2} aircraft.",
    "About one-third of the {n2} projects announced in {year} were cancelled by {year2}.",
    "Remittances from Russia tripled between {year} and {year2}, reaching {qual}{pct}% of output.",
    "Several hundred migrants returned to {place} in the {decade}, and {word} thousand more "
    "followed.",
    "The debt of ${n3} million was written off at 10:{mm} on {dd}.{mm2}.{year}, {word} years "
    "after it was signed.",
    "{actor} promised a {n2}-fold increase in military aid (see https://akipress.com/news:{n6}/).",
    "In {year}, {qual}{n2}.{d1} percent of the budget of {place} came from Russian loans, "
    "and {n4} tonnes of fuel were delivered.",
    "The {word} agreements of {month} {year} gave {place} a 75-billion-ruble line of credit.",
]


def _real_sentences(sources: Path) -> list[str]:
    """Sentences of the real sources that add no conflict: no distances, no variant spellings."""
    sys.path.insert(0, str(ROOT / "src"))
    from rukg.analysis.consistency import spelling_variants

    texts = {f.name: f.read_text(encoding="utf-8") for f in sorted(sources.glob("*.txt"))}
    sv = spelling_variants(texts)
    variants = set(sv.loc[sv["relation"] != "canonical", "spelling"])
    word = re.compile(r"[A-Za-z]+")
    out = []
    for text in texts.values():
        for line in text.splitlines():
            if not line.strip() or DISTANCE_WORD.search(line):
                continue
            for s in SENTENCE_END.split(line.strip()):
                if len(s) > 40 and not variants & set(word.findall(s)):
                    out.append(s)
    return out


def make_article(size: int, seed: int, sources: Path = ROOT / "data" / "sources") -> str:
    """About ``size`` bytes of article (cut at a paragraph end), the same for the same seed."""
    rng = random.Random(seed)
    real = _real_sentences(sources)

    def vary(m: re.Match) -> str:
        k = len(m.group(0))
        return str(rng.randint(0, 9)) if k == 1 else str(rng.randint(10 ** (k - 1), 10**k - 1))

    def template() -> str:
        year = rng.randint(1992, 2025)
        word = rng.choice(_WORDS)
        s = rng.choice(TEMPLATES).format(
            actor=rng.choice(_ACTORS),
            place=rng.choice(_PLACES),
            qual=rng.choice(_QUAL),
            a=rng.randint(1, 9),
            b=rng.randint(1, 9),
            year=year,
            year2=year + rng.randint(1, 6),
            decade=f"{rng.choice([1990, 2000, 2010])}s",
            month=rng.choice(_MONTHS),
            day=rng.randint(1, 28),
            dd=f"{rng.randint(1, 28):02d}",
            mm=f"{rng.randint(0, 59):02d}",
            mm2=f"{rng.randint(1, 12):02d}",
            word=word,
            n1=rng.randint(1, 9),
            n2=rng.randint(2, 99),
            n3=rng.randint(100, 999),
            n4=rng.randint(1000, 99999),
            n6=rng.randint(100000, 999999),
            d1=rng.randint(0, 9),
            pct=rng.randint(2, 95),
        )
        return s[0].upper() + s[1:]

    parts: list[str] = []
    total = 0
    while total < size:
        sentences = [
            re.sub(r"\d+", vary, rng.choice(real)) if rng.random() < 0.5 else template()
            for _ in range(rng.randint(3, 8))
        ]
        para = " ".join(sentences) + "\n\n"
        parts.append(para)
        total += len(para.encode("utf-8"))
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="where to write the article")
    ap.add_argument("--mb", type=float, default=20.0, help="size in MB of 10^6 bytes (20)")
    ap.add_argument("--seed", type=int, default=20260102, help="random seed (20260102)")
    args = ap.parse_args(argv)
    text = make_article(int(args.mb * MB), args.seed)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {len(text.encode('utf-8')) / MB:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
