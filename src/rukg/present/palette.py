"""One palette, one meaning: every colour a chart uses names one thing across the report.

Charts never type a colour. They ask for the colour of a *meaning* — an entity
(Russia, the US…), an aid stage (pledged, delivered…), a kind of source
(article, official statistics, later reporting) or a chapter — with
:func:`use`, which records the meaning on the figure. The chart checks
(:mod:`rukg.present.figcheck`) then fail when a figure draws a colour that no
meaning it asked for explains, or when one colour stands for two things.

Colours are distinct across the whole report (a test holds them apart), chosen
for contrast on white and, within each group that shares a chart, told apart by
lightness as well as hue. Greys for text, rules and grids are *neutral*: they
carry no meaning.
"""

from __future__ import annotations

from matplotlib.colors import to_hex

__all__ = [
    "entity_of",
    "GROUPS",
    "NEUTRALS",
    "INK",
    "MUTED",
    "GRID",
    "colour",
    "use",
    "meanings_of",
    "label",
]

INK = "#222222"  # text
MUTED = "#5f5f5f"  # secondary text, axes, event rules
GRID = "#dddddd"  # horizontal grid lines
NEUTRALS = frozenset({INK, MUTED, GRID, "#ffffff", "#f2f2f2", "#bbbbbb"})

# group -> key -> (colour, how the report names it)
GROUPS: dict[str, dict[str, tuple[str, str]]] = {
    # Countries and organisations (ISO codes for countries).
    "entity": {
        "RU": ("#c0392b", "Russia"),
        "KG": ("#12858a", "Kyrgyzstan"),
        "US": ("#2f5fa8", "United States"),
        "CN": ("#d9a21b", "China"),
        "CSTO": ("#7b4fa0", "CSTO"),
        "EAEU": ("#9c5b2e", "Eurasian Economic Union"),
        "SCO": ("#6b8e23", "Shanghai Cooperation Organisation"),
        "other": ("#8c8c8c", "Other"),
    },
    # Stages of a commitment (rukg.analysis.ledger.STAGES): light to dark as it becomes real,
    # warm where it failed, grey where nobody knows.
    "stage": {
        "pledged": ("#b9cde3", "Pledged"),
        "signed": ("#6f97c4", "Signed"),
        "delivered": ("#2e8b57", "Delivered"),
        "cancelled": ("#e07a2f", "Cancelled or withheld"),
        "unresolved": ("#a3a3a3", "Unresolved"),
        "never_signed": ("#f0c99a", "Never signed"),
    },
    # Where a number comes from.
    "source": {
        "article": ("#111111", "The articles"),
        "official": ("#46627a", "Official statistics"),
        "later": ("#c2459b", "Later reporting"),
    },
    # The chapters, and the categories of the catalogue that share their names.
    "chapter": {
        "security": ("#5b3a29", "Security"),
        "economics": ("#3d7a99", "Economics"),
        "geopolitics": ("#8a7a00", "Geopolitics"),
    },
    # The map's ground: lakes and rivers, and the country it is about.
    "map": {
        "water": ("#9fcfe2", "Lakes and rivers"),
        "land": ("#f1ede4", "Land of the country mapped"),
    },
}


def colour(group: str, key: str) -> str:
    """The colour of one meaning, e.g. ``colour("stage", "delivered")``."""
    try:
        return GROUPS[group][key][0]
    except KeyError:
        raise KeyError(f"the palette has no colour for {group}:{key}") from None


def label(group: str, key: str) -> str:
    """How the report names a meaning in keys and labels (``"Cancelled or withheld"``)."""
    return GROUPS[group][key][1]


def use(fig, group: str, key: str) -> str:
    """The colour of a meaning, recorded on ``fig`` as one it draws (see module docstring)."""
    c = colour(group, key)
    used = fig.__dict__.setdefault("rukg_meanings", {})
    used[f"{group}:{key}"] = c
    return c


def meanings_of(hex_colour: str) -> list[str]:
    """Every meaning the palette gives a colour (a test keeps this to one)."""
    h = to_hex(hex_colour)
    return [f"{g}:{k}" for g, keys in GROUPS.items() for k, (c, _) in keys.items() if c == h]


def entity_of(term: str) -> str:
    """The entity key a name is (``"United States"`` -> ``"US"``), else ``"other"``."""
    for key, (_, name) in GROUPS["entity"].items():
        if term in (key, name):
            return key
    return "other"
