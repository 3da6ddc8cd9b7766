"""The controlled vocabularies of the catalogue (the codebook in ``data/README.md``): what a
figure, event, commitment or source may say its category, kind and status are.

The units a figure may carry are those the number parser reads
(:data:`rukg.catalogue.wording.UNITS`).
"""

from __future__ import annotations

__all__ = [
    "CATEGORIES",
    "AID_KINDS",
    "TRADE_KINDS",
    "KINDS",
    "STATUSES",
    "CURRENCIES",
    "SOURCE_KINDS",
    "CATALOGUE_YEARS",
    "EVENT_STATUSES",
    "REDENOMINATION_YEAR",
    "INSTRUMENTS",
    "COMMITMENT_STATUSES",
    "LATER_STATUSES",
    "STATUS_READINGS",
]

CATEGORIES = ("security", "economics", "geopolitics")
AID_KINDS = (
    "grant",
    "loan",
    "credit_line",
    "debt_restructuring",
    "debt_relief",
    "military_aid",
    "investment",
    "financing",
    "rent",
)
TRADE_KINDS = ("trade", "trade_growth", "trade_share")
# The controlled vocabulary of data/README.md: trade and aid kinds, then the rest.
KINDS = (
    *TRADE_KINDS,
    *AID_KINDS,
    "troops",
    "weapons",
    "population",
    "reserves",
    "distance",
    "duration",
    "count",
    "other",
)
# A figure's status, by the codebook's rule (data/README.md, "Statuses"): the stages of a
# commitment in their order, then ``reported`` for a stated fact that is no such stage.
STATUSES = ("proposed", "pledged", "signed", "in_force", "delivered", "cancelled", "reported")
# An event either took place by the time of writing or was still ahead (scheduled, intended).
EVENT_STATUSES = ("occurred", "planned")
CURRENCIES = ("USD", "RUB", "RUR")
# What a source is: the one list, read by the schema, the codebook test and add-source.
SOURCE_KINDS = ("news", "news analysis", "reference page", "commentary", "blog")
# Figures and events may be years of future terms the texts state (a base agreement to 2032
# and its renewals), so the latest year is far off; the earliest is before any source's subject.
CATALOGUE_YEARS = (1900, 2100)
REDENOMINATION_YEAR = 1998  # 1 RUB = 1,000 RUR from 1 January 1998

# Commitments and their parts: how a part is given, and what became of it.
INSTRUMENTS = (
    "grant",
    "loan",
    "credit_line",
    "debt_relief",
    "debt_restructuring",
    "military_aid",
    "project_financing",
    "investment",
    "base_rent",
)
COMMITMENT_STATUSES = ("pledged", "committed", "delivered", "cancelled", "unclear")
LATER_STATUSES = ("delivered", "partly_delivered", "cancelled", "unclear")
# How a figure's status (as the article frames it) may be read as a commitment status.
STATUS_READINGS = {
    "pledged": {"pledged"},
    "proposed": {"pledged"},
    "signed": {"committed"},
    "in_force": {"committed"},
    "delivered": {"delivered"},
    "reported": {"committed", "delivered"},
    "cancelled": {"cancelled"},
}
