"""Text from data tables is shown to the reader as text: never as markup, code or a link.

Notes, titles, labels, terms, quotes and the like reach the report through
Markdown (``display(Markdown(...))`` in the notebooks), HTML (tables) and SVG
(charts). Every such string goes through one of these functions first:

- :func:`md_text` for a data string placed in Markdown,
- :func:`html_text` for a data string placed in HTML,
- :func:`safe_url` for a URL field (``url``, ``source_url``, ``citation``, ...)
  that may become a link: only http and https URLs do; nothing else ever does.

Charts need no escaping function: :mod:`rukg.present` draws every text with
mathtext off, so a ``$`` from data is a dollar sign, and matplotlib escapes
SVG text itself.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

__all__ = ["md_text", "html_text", "safe_url"]

# Characters that start Markdown constructs anywhere in a line: escapes, code, emphasis,
# links and images, headings, tables, strikethrough, maths, and the ':' of autolinked URLs
# ("http://..." becomes a link by itself under the GFM url extension). CommonMark lets any
# ASCII punctuation be escaped with a backslash, and the backslash is not shown.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#!|~$:{}])")
# Constructs that only count at the start of a line and use no character escaped above:
# list items ("-", "+", "1."; "1)" is covered by the ")"), setext heading underlines and
# thematic breaks ("=", "-"). Whitespace is collapsed first, so the text has one line.
_MD_LINE_START = re.compile(r"^(?:([-+=])|([0-9]+)\.)")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ALLOWED_SCHEMES = ("http", "https")
# Characters that have no place in a URL we link to (whitespace and controls let browsers
# rewrite a URL: "java\tscript:" is "javascript:"; quotes and angle brackets end attributes).
_URL_BAD = re.compile(r"[\x00-\x20\x7f-\x9f\"<>\\`]")


def _str(s) -> str:
    if s is None:
        return ""
    if not isinstance(s, str):
        try:
            import pandas as pd

            if pd.isna(s):
                return ""
        except (TypeError, ValueError):
            pass
    return str(s)


def md_text(s) -> str:
    """``s`` as literal text for Markdown: it renders as exactly its characters, on one line.

    HTML specials become entities (no raw HTML, no entity of the data's own
    is decoded), Markdown specials are backslash-escaped (no link, image,
    emphasis, code, heading, table, maths or autolink), runs of whitespace
    become one space (no indented code block, no second line that could
    underline a heading), and a leading list or heading marker is escaped.
    ``None`` and NaN give ``""``.
    """
    text = " ".join(_str(s).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\.", text
    )
    return "".join(_HTML.get(c, c) for c in text)


def html_text(s) -> str:
    """``s`` as HTML text or attribute value: ``& < > " '`` escaped. ``None`` and NaN give ``""``."""
    return html.escape(_str(s), quote=True)


def safe_url(s) -> str | None:
    """The URL, if it is an absolute http or https URL with a host, else ``None``.

    Only URL fields may become links, and only through this function: any
    other scheme (``javascript:``, ``data:``, ``vbscript:``, ``file:``), in any
    case, a relative or scheme-less address, and any URL containing whitespace,
    control characters, double quotes, angle brackets, backticks or backslashes
    gives ``None``.
    The result still needs :func:`html_text` when written into an attribute.
    """
    if not isinstance(s, str) or not s or _URL_BAD.search(s):
        return None
    try:
        parts = urlsplit(s)
    except ValueError:
        return None
    if parts.scheme.lower() not in _ALLOWED_SCHEMES or not parts.netloc:
        return None
    return s
