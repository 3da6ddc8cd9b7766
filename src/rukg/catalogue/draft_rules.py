"""The tables behind draft rows' proposals: which words point to which kind, category,
status and year (applied by :mod:`rukg.catalogue.draft_proposals`).

Each table maps a value to the words that point to it, written as a regular expression
in lower case (the sentence is matched lower-cased) and matched at word boundaries. The
proposal for a field is the value of the cue nearest to the number, in its clause first:
a sentence often states several figures ("pledged a $150 million grant, forgiveness of
$193 million in debt and a $300 million loan"), and the words that qualify a number stand
next to it. So extending a rule is adding words to a table, here.
"""

from __future__ import annotations

import re

__all__ = ["CONFIDENCES"]

CONFIDENCES = ("high", "medium", "low")


def cues(table: dict[str, str]) -> re.Pattern:
    """One pattern with a named group per value, for a lower-cased sentence. A scan finds
    each cue once, leftmost and then first listed, so a longer phrase ("never disbursed")
    is taken before a word inside it ("disbursed"). It is tried only where a word starts
    (the lookbehind and lookahead first): five times faster than a word boundary tried at
    every alternative, which matters for a large article's hundred thousand rows."""
    alternatives = "|".join(f"(?P<{name}>(?:{words}))" for name, words in table.items())
    return re.compile(rf"(?<![\w])(?=[a-z])(?:{alternatives})\b")


# --- kinds ----------------------------------------------------------------------------
# Word → kind, for each unit the number can have. Money can be any flow; a count is of
# people or things; a share or change is of trade or of something else. "other_*"
# names a cue for the kind `other` (a budget, a price, remittances): it keeps a nearer
# word for another kind from claiming the number ("spent $110 million on defence" is no
# military aid). Listed from the most specific phrase to the least.
MONEY_KINDS = {
    "credit_line": r"lines? of credit|credit lines?",
    "debt_restructuring": r"restructur\w*|reschedul\w*",
    "debt_relief": r"write-offs?|writes? off|wrote off|written off|writing off|forgiv\w*|forgave"
    r"|debt relief|cancel\w* (?:\w+ ){0,3}debts?",
    "other_budget": r"on defen[cs]e|defen[cs]e (?:budget|spending)|military budget|budget\w*"
    r"|gdp|remittances?|transfers|costs?|costing|prices?|deficit|salar\w*|wages?",
    "military_aid": r"military(?:-technical)? (?:aid|assistance|equipment|hardware|cooperation)"
    r"|weapons|arms|equipment|military-technical",
    "rent": r"rents?|rental|leases?|leasing",
    "loan": r"loans?|lend\w*|lent|borrow\w*|credits?",
    "grant": r"grants?",
    "investment": r"invest\w*|joint ventures?|stakes?|equity|bought|acquired|acquisition",
    "financing": r"financ\w*|funds?|funding|funded|capital|tranches?|aid package",
    "trade": r"trade|turnover|exports?|imports?|exported|imported|trading",
}
SHARE_KINDS = {  # percentages, fractions, multipliers
    "other_share": r"gdp|budget|population|deficit|capacity|stakes?|interest",
    "trade_share": r"share|accounted for|accounts for|of (?:\w+['’]s |its |their )?(?:total |foreign )*"
    r"(?:trade|turnover|exports|imports)",
    "trade_growth": r"(?:rose|rise|risen|grew|grown|increased|fell|fallen|declined|dropped|jumped"
    r"|climbed|up|down) by|growth|grew|rose|increased|declined|doubled|tripled|halved",
    "trade": r"trade|turnover|exports?|imports?",
}
COUNT_KINDS = {
    "other_casualties": r"killed|dead|died|deaths|casualties|wounded|injured",
    "troops": r"troops|soldiers|servicemen|servicemembers|personnel|officers|paratroopers"
    r"|military staff|border guards|sailors|pilots",
    "weapons": r"weapons|tanks|helicopters|aircraft|jets|fighters|bombers|drones|missiles"
    r"|launchers|(?:armou?red )?vehicles|rifles|guns|artillery|systems|batteries|warships"
    r"|pieces of (?:weapons|equipment|military equipment)",
    "population": r"migrants|citizens|residents|people|ethnic \w+|population|refugees|workers"
    r"|nationals|inhabitants|emigrants|immigrants|speakers",
}
# Words that make a share or a change one of trade ("24% of its foreign trade").
TRADE_WORD = re.compile(r"trade|turnover|export|import")
MASS_KINDS = {"reserves": r"reserves|deposits?"}
# Units that decide the kind by themselves.
UNIT_KINDS = {"km": "distance", "miles": "distance", "years": "duration"}
# The cue tables by the unit of the number; a unit not listed has none (kind `count` or
# `other` by default, below).
KIND_TABLES = {
    "money": cues(MONEY_KINDS),
    "percent": cues(SHARE_KINDS),
    "fraction": cues(SHARE_KINDS),
    "multiple": cues(SHARE_KINDS),
    "count": cues(COUNT_KINDS),
    "tonnes": cues(MASS_KINDS),
}
DEFAULT_KIND = {"count": "count"}  # any other unit: "other"

# --- categories -----------------------------------------------------------------------
# A kind that belongs to one category; the others (duration, count, distance, other,
# population) take theirs from the words of the sentence.
KIND_CATEGORY = {
    **dict.fromkeys(("trade", "trade_growth", "trade_share"), "economics"),
    **dict.fromkeys(("grant", "loan", "credit_line", "investment", "financing"), "economics"),
    **dict.fromkeys(("debt_restructuring", "debt_relief", "reserves"), "economics"),
    **dict.fromkeys(("military_aid", "troops", "weapons", "rent"), "security"),
}
CATEGORY_CUES = {
    "security": r"military|army|armed|troops|soldiers|servicemen|personnel|bases?|air ?base"
    r"|defen[cs]e|security|csto|weapons|drills?|exercises|border|clashes|war|terror\w*"
    r"|missiles?|aircraft|helicopters|tanks|killed|nato",
    "economics": r"trade|econom\w*|loans?|debts?|invest\w*|budget|gdp|energy|hydropower|power"
    r"|electricity|dam|plant|gas|oil|remittances?|migrants?|work|workers|jobs|labou?r"
    r"|exports?|imports?|compan\w*|banks?|financ\w*|funds?|customs|prices?|roubles?|rubles?"
    r"|dollars|firms|business\w*",
    "geopolitics": r"influence|allian\w*|allies|union|integration|eurasian|eaeu|sco|sovereign\w*"
    r"|diplomat\w*|visits?|summit|language|russian-language|russian speakers|ethnic|passports?"
    r"|citizenship|census|population|culture|cultural|schools?|orbit|geopoliti\w*|exodus|emigra\w*",
}
CATEGORY_PATTERN = cues(CATEGORY_CUES)

# --- statuses -------------------------------------------------------------------------
# The codebook's rule, as words. Listed so that a phrase is found before a word inside
# it ("never disbursed" before "disbursed", "agreed to write off" before "agreed to").
STATUS_CUES = {
    "cancelled": r"cancel\w*|renege\w*|withdr[ae]w\w*|scrapp\w*|frozen|froze|freez\w*"
    r"|abandon\w*|revoked|walked away|pulled out|never (?:been )?(?:disbursed|delivered|paid"
    r"|provided|materiali[sz]ed)|failed to (?:deliver|pay|provide|disburse)",
    "in_force": r"enters? into force|entered into force|in force|ratif\w*|in effect"
    r"|under (?:the|a|an|its|this)(?: [\w-]+)? (?:agreement|treaty|deal|accord|contract)",
    "signed": r"signed|signing|concluded|reached (?:a|an) (?:deal|agreement)"
    r"|agreed to (?:restructure|reschedule|write off|forgive|cancel|extend)",
    "proposed": r"propos\w*|offer\w*|ask\w*|request\w*|plans? to|planned|planning|could|might"
    r"|consider\w*|(?:is |are )?to be implemented|seek\w*|sought|wants? to|hopes? to|suggest\w*"
    r"|under discussion|negotiat\w*|was to|were to",
    "pledged": r"pledg\w*|promis\w*|announc\w*|projected|vowed|committed|agreed to"
    r"|(?:will|would|shall)(?: (?:also|soon|then|now))?(?: be)? (?:provid|giv|send|sent|suppl"
    r"|deliver|pay|paid|repa[iy]|receiv|invest|fund|financ|lend|lent|allocat|transfer|writ|written"
    r"|forgiv|build|built|grant|station|deploy|hand)\w*|is to|are to",
    "delivered": r"provided|delivered|allocated|deposited|contributed|transferred|disbursed"
    r"|handed over|donated|supplied|sent|received|receives|pays|paid|paying|repaid"
    r"|gave|given|wrote off|written off|bought|funds|financed",
}
STATUS_PATTERN = cues(STATUS_CUES)
# Kinds whose numbers are stated facts, whatever verbs stand near them (trade values,
# shares, populations, distances): `reported`, as the codebook's rule says.
FACT_KINDS = frozenset(
    {"trade", "trade_growth", "trade_share", "population", "reserves", "distance"}
)
# What the cue means for a kind where the rule reads it otherwise (none today: a rent said
# to be paid is delivered, as the codebook's example of the Kant rent has it).
STATUS_FOR_KIND: dict[tuple[str, str], str] = {}
# With no cue: a rent runs under an agreement; anything else is a stated fact.
DEFAULT_STATUS = {"rent": "in_force"}

# --- years ----------------------------------------------------------------------------
# The year a sentence states nearest the number: a year; for a range or "between ... and
# ...", its end (as the catalogue records "between 1992 and 1995": 1995); for a decade,
# none; for words such as "last year", the publication year moved as they say. A year
# after "since" starts a span that runs to the time of writing: not the figure's year.
# Words that place the figure relative to the publication date: (pattern, years added).
RELATIVE_YEARS = (
    (r"last year|a year ago|the previous year|past year", -1),
    (
        r"this year|current year|so far|to date|currently|now|today|yesterday|last month"
        r"|this month|recently|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
        0,
    ),
    (r"next year|the coming year", 1),
)
# How a sentence states a year, in two patterns. In digits (tried only where a 1, 2 or
# "h" stands, which is what makes it fast): a URL (whose digits are no year), a range
# (groups a-b), a decade, a year. In words: "between 1992 and 1995" (groups c-d), or a
# word relative to the publication date (group r<i> is RELATIVE_YEARS[i]).
YEAR_DIGITS = re.compile(
    r"(?=[12h])(?:(?P<url>https?://\S+)"
    r"|(?<![\d.,])(?P<a>(?:19|20)\d\d)\s?[-–—/]\s?(?P<b>(?:19|20)\d\d|\d\d)(?![\d%])"
    r"|(?P<decade>(?<![\d.,])(?:19|20)\d0s\b)"
    r"|(?<![\d.,$])(?P<year>(?:19|20)\d\d)(?![\d%]|[.,]\d))"
)
YEAR_WORDS = cues(
    {
        "between": r"(?:between|from) (?P<c>(?:19|20)\d\d) (?:and|to|until) (?P<d>(?:19|20)\d\d)",
        **{f"r{i}": words for i, (words, _) in enumerate(RELATIVE_YEARS)},
    }
)
# A year range spans at most this many years; "2016-05" is a year and a month.
LONGEST_RANGE = 30
# Text just before a year that makes it the start of a span running to the time of
# writing ("since 2003"): not the figure's year.
SINCE = re.compile(r"\bsince (?:[a-z]+ )?$")
# Kinds with no year: a distance does not change with time.
TIMELESS_KINDS = frozenset({"distance"})

# A cue after the number counts this much farther than one before it (a verb stands
# before its object: "pledged $150 million"); a noun right after a count names what it
# counts ("500 troops"), so for kinds a cue after counts as nearer.
AFTER_WEIGHT = {"status": 1.5, "kind": 0.5, "year": 1.0, "category": 1.0}
# Within this many characters a cue is next to the number: high confidence.
NEXT_TO = 25
# Where a clause ends: a cue across one is weaker than a cue within the number's clause.
# (Tried only at the characters a break starts with: the lookahead first.)
CLAUSE_BREAK = re.compile(
    r"(?=[;:\s,])(?:[;:]|\s[-–—]\s|,? (?:but|while|whereas|although)\b|, and\b)"
)
# Words after a count that make it a number of people (unit `people`, not `count`):
# troops and officers stay a count, as the codebook has it.
PEOPLE_WORDS = cues({"people": COUNT_KINDS["population"] + "|" + COUNT_KINDS["other_casualties"]})
