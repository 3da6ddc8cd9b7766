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
from dataclasses import dataclass

from rukg.errors import BuildError
from rukg.escape import md_text
from rukg.formatting import FORMATS

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

MIME = "application/vnd.rukg.present.glue+json"
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


def glue_all(*numbers: dict[str, tuple]) -> None:
    """Glue every ``name: (value, fmt)`` of the packages' key numbers, in one call."""
    for group in numbers:
        for name, (value, fmt) in group.items():
            glue(name, value, fmt)


def references(markdown_text: str) -> list[str]:
    """The names referenced as ``{glue}`name``` in the text, in order, repeats included."""
    return REFERENCE.findall(markdown_text)


def substitute(markdown_text: str, values: dict[str, GlueValue]) -> str:
    """The text with every reference replaced by its value; :class:`GlueError` if one has none."""

    def repl(m: re.Match) -> str:
        name = m.group(1)
        if name not in values:
            raise GlueError(f'{{glue}}`{name}` has no value (glue("{name}", …) is never called)')
        v = values[name]
        return v.text if v.markdown else md_text(v.text)

    return REFERENCE.sub(repl, markdown_text)


def _numbered(nb) -> list[tuple[int, dict]]:
    """Cells with their numbers as the notebook shows them (the injected cell not counted,
    as in :func:`rukg.build.execute.failed_cell`)."""
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
