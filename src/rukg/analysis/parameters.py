"""The report's parameters: the one definition of each, with its type, default, meaning and range.

A reader can rebuild the report under other assumptions with a YAML file
(``make report PARAMS=params.yaml``). :func:`load_params` reads that file and
checks every value here, before any notebook runs, and raises one
:class:`~rukg.errors.ParameterError` whose message is a single line
naming the file, and the line or the parameter at fault. Every notebook's cell
tagged ``parameters`` declares the parameters it uses, with these defaults.

Ranges come from the data, never typed: ``base_year`` must be a full year of
the US CPI-U table, ``index_base_year`` a year that both official trade series
report. They are computed only for the parameters a file sets, so that a file
without them costs nothing.
"""

from __future__ import annotations

import difflib
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rukg import config
from rukg.config import Paths
from rukg.errors import ParameterError
from rukg.reference.official_trade import load_official_trade
from rukg.reference.prices import cpi_annual

__all__ = [
    "Parameter",
    "PARAMETERS",
    "DEFAULTS",
    "INTERNAL",
    "MAX_TREATY_EXTENSIONS",
    "ParameterError",
    "load_params",
    "validate",
    "describe",
]

# At most this many automatic extensions of the 2012 base agreement are drawn: five
# (2032 + 5 x 5 = 2057) keep every five-year bar of the basing timeline wide enough for
# its label and the axis readable; more overlap the labels, and a projection over 25
# years past the agreement's own term says nothing the chart needs. (Far larger values
# would also run past the dates pandas can hold.)
MAX_TREATY_EXTENSIONS = 5

# Names the notebooks once took as parameters but the build sets itself.
INTERNAL = {"project_root": "the build sets it (--root, or $RUKG_ROOT)"}

# A parameters file is a few lines; anything larger is a mistake (a data file passed by error).
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Parameter:
    """One user parameter: ``check`` returns ``None``, or what the value must be (in words)."""

    name: str
    type: type  # bool or int
    default: Any
    meaning: str  # one line, as the README's table of parameters gives it
    label: str  # the methodology's row label, read before the value
    check: Callable[[Any, Paths], str | None]


# --- ranges from the data ------------------------------------------------------------------

_cache: dict[tuple, Any] = {}


def _cached(folder: Path, compute: Callable[[], Any]) -> Any:
    """``compute()``, remembered while the files in ``folder`` are unchanged (the build checks
    twice: the command line, then :func:`rukg.build.report.check_params`)."""
    files = tuple(
        (f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in sorted(folder.iterdir())
    )
    key = (str(folder), files, compute.__qualname__)
    if key not in _cache:
        _cache[key] = compute()
    return _cache[key]


def cpi_years(paths: Paths) -> list[int]:
    """The full years of the US CPI-U table, read as :mod:`rukg.reference.prices` reads it (cheap)."""
    return sorted(int(y) for y in cpi_annual(paths).index)


def trade_years(paths: Paths) -> list[int]:
    """Years in which every official trade series (Kyrgyz and Russian) reports a turnover.

    Each series of the trade index is indexed to its own value in the base year,
    so the base year must be one that all of them report.
    """

    def compute() -> list[int]:
        trade = load_official_trade(paths.reference / "trade")
        sel = trade[(trade["flow"] == "turnover") & trade["partner"].isin(["RU", "KG"])]
        wide = sel.pivot(index="year", columns="reporter", values="value_usd")
        return sorted(int(y) for y in wide.dropna(how="any").index)

    return _cached(paths.reference / "trade", compute)


def _years(source: Callable[[Paths], list[int]], what: str, file: str):
    def years(paths: Paths) -> list[int]:
        try:
            found = source(paths)
        except Exception as e:  # a missing or unreadable table: say so, in one line
            first = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise ParameterError(f"cannot read {file} to check the range: {first}") from None
        if not found:
            raise ParameterError(f"{file}: no {what}")
        return found

    def check(value: int, paths: Paths) -> str | None:
        found = years(paths)
        return None if value in found else f"a year from {found[0]} to {found[-1]} ({what})"

    return check


def _extensions_check(value: int, paths: Paths) -> str | None:
    if value < 0:
        return "a whole number ≥ 0"
    if value > MAX_TREATY_EXTENSIONS:
        return f"at most {MAX_TREATY_EXTENSIONS} (more crowd the basing timeline past reading)"
    return None


_base_check = _years(
    cpi_years, "the full years of the US CPI-U table", "data/reference/prices/us_cpi_u_monthly.csv"
)
_index_check = _years(
    trade_years, "the years both official trade series report", "data/reference/trade"
)

PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in (
        Parameter(
            "base_year",
            int,
            config.BASE_YEAR,
            "constant dollars are US dollars of this year (US CPI-U annual average)",
            "Constant dollars are US dollars of",
            _base_check,
        ),
        Parameter(
            "index_base_year",
            int,
            config.INDEX_BASE_YEAR,
            "the trade index is 100 in this year, for each official series",
            "The trade index is 100 in",
            _index_check,
        ),
        Parameter(
            "use_later_facts",
            bool,
            True,
            "update the articles' aid statuses with later reporting (data/reference/facts)",
            "Later reporting used to update the statuses of aid",
            lambda value, paths: None,
        ),
        Parameter(
            "treaty_extensions",
            int,
            1,
            "automatic five-year extensions of the 2012 base agreement drawn on the basing timeline",
            "Automatic extensions of the 2012 base agreement drawn",
            _extensions_check,
        ),
    )
}
DEFAULTS: dict[str, Any] = {name: p.default for name, p in PARAMETERS.items()}


# --- checking values -----------------------------------------------------------------------


def _shown(value: Any) -> str:
    """A value as the user wrote it in YAML, on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (null)"
    if isinstance(value, str):
        return f"{_short(value)} (text)"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{value} (a {type(value).__name__})"


def _short(text: str) -> str:
    """Text quoted on one line, cut short if long."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _names() -> str:
    return ", ".join(sorted(PARAMETERS))


def _name_problem(name: Any) -> str | None:
    if not isinstance(name, str):
        return f"parameter names must be text, got {_shown(name)}"
    if name in INTERNAL:
        return f"{name!r} is not a parameter: {INTERNAL[name]}; the parameters are {_names()}"
    if name not in PARAMETERS:
        close = difflib.get_close_matches(name, PARAMETERS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"unknown parameter {_short(name)}{hint}; the parameters are {_names()}"
    return None


def _value_problem(p: Parameter, value: Any, paths: Paths) -> str | None:
    if p.type is bool:
        if not isinstance(value, bool):
            return f"{p.name!r} must be true or false (unquoted), got {_shown(value)}"
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{p.name!r} must be a whole number, got {_shown(value)}"
    need = p.check(value, paths)
    if need is not None:
        return f"{p.name!r} must be {need}, got {_shown(value)}"
    return None


def validate(values: Mapping, paths: Paths = config.PATHS, where: str = "parameters") -> dict:
    """The values, checked: known names of the right type within range, or one ParameterError.

    Names are checked before values; the first problem found is the one reported,
    prefixed by ``where`` (the file name).
    """
    for name in values:
        problem = _name_problem(name)
        if problem:
            raise ParameterError(f"{where}: {problem}")
    out = {}
    for name, value in values.items():
        try:
            problem = _value_problem(PARAMETERS[name], value, paths)
        except ParameterError as e:
            raise ParameterError(f"{where}: {name!r}: {e}") from None
        if problem:
            raise ParameterError(f"{where}: {problem}")
        out[name] = value
    return out


# --- reading a file ------------------------------------------------------------------------


class _Duplicate(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def _loader():
    import yaml

    class Loader(yaml.SafeLoader):
        """The safe loader, refusing a name given twice (PyYAML keeps the last, silently)."""

    def mapping(loader, node, deep=False):
        loader.flatten_mapping(node)
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                if key in seen:
                    raise _Duplicate(line, f"{key!r} is given twice (first on line {seen[key]})")
                seen[key] = line
            except TypeError:
                pass  # unhashable: the safe loader names it below
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return Loader


def _yaml_problem(e: Exception, text: str) -> str:
    """A YAML error on one line: where, and what."""
    import yaml

    mark = getattr(e, "problem_mark", None)
    if isinstance(e, yaml.reader.ReaderError):
        line = text.count("\n", 0, e.position) + 1
        char = e.character if isinstance(e.character, int) else ord(str(e.character)[:1] or "\0")
        return f"line {line}: control character U+{char:04X} is not allowed in YAML"
    problem = " ".join(str(getattr(e, "problem", None) or e).split())
    if mark is not None:
        return f"line {mark.line + 1}, column {mark.column + 1}: not valid YAML: {problem}"
    return f"not valid YAML: {problem}"


def _read_text(path: Path, where: str) -> str:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ParameterError(f"{where}: no such file") from None
    except OSError as e:
        raise ParameterError(f"{where}: cannot read: {e.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ParameterError(f"{where}: is a directory, not a parameters file")
    if not stat.S_ISREG(st.st_mode):
        raise ParameterError(f"{where}: not a regular file (give the path of a YAML file)")
    if st.st_size > MAX_BYTES:
        raise ParameterError(
            f"{where}: {st.st_size:,} bytes is too large for a parameters file "
            f"(at most {MAX_BYTES // 1024} KiB)"
        )
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ParameterError(f"{where}: cannot read: {e.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise ParameterError(
            f"{where}: line {line}: not UTF-8 (byte 0x{data[e.start]:02x} at column {column}); "
            "save the file as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def load_params(path: Path | str | None, paths: Paths = config.PATHS) -> dict:
    """Parameters from a YAML file of ``name: value`` lines, checked; none without a file.

    The file must be a regular UTF-8 file holding a YAML mapping from parameter
    names to plain values. Returns only the values the file sets (the notebooks
    keep their defaults for the others). Raises one :class:`ParameterError`
    whose message is one line starting with the file name.
    """
    if path is None or str(path) == "":
        return {}
    import yaml

    where = str(path)
    text = _read_text(Path(path), where)
    try:
        data = yaml.load(text, Loader=_loader())  # a SafeLoader: plain values only
    except _Duplicate as e:
        raise ParameterError(f"{where}: line {e.line}: {e}") from None
    except yaml.YAMLError as e:
        raise ParameterError(f"{where}: {_yaml_problem(e, text)}") from None
    if data is None:
        return {}  # an empty file, or only comments: no parameters set
    if not isinstance(data, dict):
        got = {list: "a list", str: "text"}.get(type(data), _shown(data))
        raise ParameterError(
            f"{where}: expected a mapping of parameter names to values "
            f"(one 'name: value' per line), got {got}"
        )
    return validate(data, paths, where)


# --- describing them -----------------------------------------------------------------------


def describe(values: Mapping) -> list[tuple[str, str, str]]:
    """For the methodology: (label, value in words, ``name: value`` as in a parameters file)."""
    rows = []
    for name, value in values.items():
        p = PARAMETERS.get(name)
        label = p.label if p else name
        words = _words(value)
        if p is not None and value != p.default:
            words += f" (default: {_words(p.default)})"
        rows.append((label, words, f"{name}: {_shown(value)}"))
    return rows


def _words(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
