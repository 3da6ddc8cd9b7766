"""Numbers computed in code cells, quoted by name in the Markdown prose (after MyST-NB ``glue``).

A code cell calls ``glue("exports", 4.5e6, "usd")``; a Markdown cell of the same
notebook writes ``{glue}`exports``` where the number belongs. At build time
:func:`apply` replaces each reference with the formatted value and removes the
glue outputs, so the prose states exactly what the code computed.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass

from rukg.report_errors import BuildError

__all__ = [
    "FORMATS",
    "GlueError",
    "GlueValue",
    "glue",
    "glue_all",
    "references",
    "substitute",
    "values",
    "apply",
]

MIME = "application/vnd.rukg.glue+json"
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# Any backticked text after {glue}, so a misspelt name is reported rather than left in the prose.
REFERENCE = re.compile(r"\{glue\}`([^`\n]*)`")


class GlueError(ValueError):
    """A reference without a value; :func:`apply` adds the notebook and cell."""


@dataclass(frozen=True)
class GlueValue:
    name: str
    text: str  # as formatted, before Markdown escaping
    markdown: bool = False  # insert ``text`` as Markdown, unescaped


def _fixed(x: float, digits: int, sep: bool = False, trim: bool = True) -> str:
    """``x`` with ``digits`` decimals (trailing zeros trimmed unless not ``trim``), never ``-0``."""
    text = f"{x:{',' if sep else ''}.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    # A tiny negative rounds to "-0" or "-0.0", which a reader takes for a sign error.
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def _usd(x: float) -> str:
    from rukg.present.formatting import (
        format_usd,
    )  # charts loads matplotlib: only when a dollar is glued

    return format_usd(x)


def _year(x: float) -> str:
    if x != int(x):
        raise ValueError(f"{x!r} is not a whole year")
    return str(int(x))


def _num(x: float) -> str:
    # ":,g" without its exponent: six significant digits, whole numbers in full.
    if x == int(x):
        return f"{int(x):,}"
    return _fixed(float(f"{x:.6g}"), 6, sep=True)


# The one registry of number formats: name -> function of the number.
FORMATS: dict[str, Callable[[float], str]] = {
    "usd": _usd,  # dollars as the report writes them: 4.5e6 -> "$4.5m"
    "pct": lambda x: _fixed(x * 100, 0) + "%",  # a share 0..1: 0.191 -> "19%"
    "pct1": lambda x: _fixed(x * 100, 1, trim=False) + "%",  # 0.1912 -> "19.1%", 0.19 -> "19.0%"
    "pp": lambda x: _fixed(x, 1) + "%",  # already in per cent: 35.12 -> "35.1%", 21.0 -> "21%"
    "int": lambda x: _fixed(x, 0, sep=True),  # 137000 -> "137,000"
    "year": _year,  # 2023 -> "2023"
    "times": lambda x: _fixed(x, 1) + " times",  # a ratio: 2.66 -> "2.7 times"
    "num": _num,  # 1234.5 -> "1,234.5", 0.25 -> "0.25"
}


def _format(name: str, value, fmt: str | None, markdown: bool) -> str:
    if isinstance(value, str):
        if fmt is not None:
            raise ValueError(f"glue {name!r}: fmt {fmt!r} is for numbers; {value!r} is text")
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"glue {name!r}: {value!r} is not text or a number")
    if markdown:
        raise ValueError(f"glue {name!r}: markdown=True is for text values")
    x = int(value) if isinstance(value, numbers.Integral) else float(value)
    if not math.isfinite(x):
        raise ValueError(f"glue {name!r}: {value!r} is not a finite number")
    if fmt is None:
        raise ValueError(f"glue {name!r}: a number needs fmt, one of {', '.join(FORMATS)}")
    if fmt not in FORMATS:
        raise ValueError(f"glue {name!r}: unknown fmt {fmt!r}; one of {', '.join(FORMATS)}")
    try:
        return FORMATS[fmt](x)
    except ValueError as e:
        raise ValueError(f"glue {name!r}: {e}") from None


def glue(name: str, value, fmt: str | None = None, *, markdown: bool = False) -> None:
    """Show ``value`` under ``name`` for ``{glue}`name``` in this notebook's Markdown.

    Numbers need ``fmt`` (a key of :data:`FORMATS`); text is escaped when it is
    inserted unless ``markdown=True`` (for Markdown the code built from escaped parts).
    """
    if not isinstance(name, str) or not NAME.match(name):
        raise ValueError(f"glue name {name!r} must match {NAME.pattern}")
    text = _format(name, value, fmt, markdown)
    from IPython.display import display

    bundle = {
        MIME: {"name": name, "text": text, "markdown": bool(markdown)},
        "text/plain": f"{name} = {text}",
    }
    display(bundle, raw=True)


def glue_all(numbers: dict[str, tuple]) -> None:
    """Glue every ``name: (value, fmt)`` of a package's key numbers, in one call."""
    for name, (value, fmt) in numbers.items():
        glue(name, value, fmt)


def references(markdown_text: str) -> list[str]:
    """The names referenced as ``{glue}`name``` in the text, in order, repeats included."""
    return REFERENCE.findall(markdown_text)


def substitute(markdown_text: str, values: dict[str, GlueValue]) -> str:
    """The text with every reference replaced by its value; :class:`GlueError` if one has none."""
    from rukg.escape import md_text

    def repl(m: re.Match) -> str:
        name = m.group(1)
        if name not in values:
            raise GlueError(f'{{glue}}`{name}` has no value (glue("{name}", …) is never called)')
        v = values[name]
        return v.text if v.markdown else md_text(v.text)

    return REFERENCE.sub(repl, markdown_text)


def _numbered(nb) -> list[tuple[int, dict]]:
    """Cells with their numbers as the notebook shows them (the injected cell not counted,
    as in :func:`rukg.report._failed_cell`)."""
    out, number = [], 0
    for cell in nb.cells:
        number += "injected-parameters" not in cell.get("metadata", {}).get("tags", [])
        out.append((number, cell))
    return out


def _is_glue(output) -> bool:
    return MIME in output.get("data", {})


def values(nb, label: str = "notebook") -> dict[str, GlueValue]:
    """Every value the executed notebook glued, in cell order; a name glued twice with
    different values is a :class:`BuildError` naming both cells."""
    found: dict[str, tuple[int, GlueValue]] = {}
    for number, cell in _numbered(nb):
        for output in cell.get("outputs", []):
            if not _is_glue(output):
                continue
            data = output["data"][MIME]
            try:
                value = GlueValue(data["name"], data["text"], data.get("markdown", False))
                if not (NAME.match(value.name) and isinstance(value.text, str)):
                    raise TypeError
            except (KeyError, TypeError):
                raise BuildError(f"{label}, cell {number}: a malformed glue output") from None
            if value.name in found and found[value.name][1] != value:
                first = found[value.name][0]
                raise BuildError(
                    f"{label}: {value.name!r} glued twice (cells {first} and {number})"
                )
            found.setdefault(value.name, (number, value))
    return {name: value for name, (_, value) in found.items()}


def apply(nb, label: str = "notebook"):
    """A copy of the executed notebook with references replaced and glue outputs removed."""
    import nbformat

    glued = values(nb, label)
    nb = nbformat.from_dict(nb)  # the cached notebook keeps its glue outputs
    for number, cell in _numbered(nb):
        if cell.cell_type == "markdown":
            try:
                cell.source = substitute(cell.source, glued)
            except GlueError as e:
                raise BuildError(f"{label}, cell {number}: {e}") from None
        elif cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not _is_glue(o)]
    return nb
