"""Slugs, the words of a conflict's id."""

from __future__ import annotations

import re


def slug(text: str) -> str:
    """Lowercase letters and digits joined by hyphens: ``Kant air base`` → ``kant-air-base``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
