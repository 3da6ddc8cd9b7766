"""The project's errors, importable from anywhere without heavy dependencies.

:class:`Problem` locates one fault in the data (file, row, column); :class:`DataError`
carries every problem found; :class:`BuildError` and :class:`ParameterError` stop a build
with one line naming the notebook, cell or parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem", "DataError", "BuildError", "ParameterError"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as precisely as possible.

    ``row`` counts data rows from 1 (the header is line 1, so row *n* is on
    line *n + 1*); ``column`` names the CSV column. Either may be ``None`` when
    the problem concerns the whole file or the whole row.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row + 1}: row {self.row}"
        if self.column is not None:
            where += (
                f", column '{self.column}'" if self.row is not None else f": column '{self.column}'"
            )
        return f"{where}: {self.message}"


class DataError(Exception):
    """Raised when data fail validation; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.row or 0, p.column or ""))
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(Exception):
    """A notebook or a parameter file failed; the message names the notebook and the cell."""


class ParameterError(BuildError):
    """A parameters file or value is refused: one line naming the file and the problem."""
