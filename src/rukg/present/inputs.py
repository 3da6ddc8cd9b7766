"""What a chapter is drawn from: the project, its parameters, and the tables computed
from the catalogue, each computed once per build.

A notebook makes one :class:`Inputs` in its data cell; its glued numbers, its
tables and its figures (:func:`rukg.present.figures.show`) all read the same
tables from it. The build computes the tables once, at its parameters, and hands them
to every chapter with the catalogue (:func:`write_validated`); a notebook run by hand
computes each on first use. Nothing here draws: a notebook without charts (the summary)
imports this module and not matplotlib.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path

import pandas as pd

from rukg import config, memo
from rukg.analysis import aid, consistency, geopolitics, ledger, overview, trade, verdict
from rukg.catalogue import Catalogue, load
from rukg.config import Paths
from rukg.present import svg
from rukg.reference import context

__all__ = ["Inputs", "TABLES", "CATALOGUE_ENV", "catalogue_for", "write_validated"]


# Set by the build for its kernels: the file :func:`write_validated` wrote.
CATALOGUE_ENV = "RUKG_CATALOGUE"


def write_validated(inputs: Inputs, path: Path) -> None:
    """For the build's kernels: the catalogue the build has just validated, what
    validating it computed from files (reference tables checked, trade workbooks parsed:
    rukg.memo), and every table of ``inputs``, computed here once for all the chapters."""
    tables = inputs.tables()  # first: computing them may add to the memos
    handed = {
        "catalogue": inputs.cat,
        "memos": memo.snapshot(),
        "tables": {
            "root": str(inputs.paths.root),
            "parameters": inputs.parameters,
            "values": tables,
        },
    }
    path.write_bytes(pickle.dumps(handed))


def _from_build() -> dict | None:
    """What the build handed to this kernel (:func:`write_validated`), or None outside a build."""
    pickled = os.environ.get(CATALOGUE_ENV)
    if not pickled:
        return None
    handed = pickle.loads(Path(pickled).read_bytes())
    memo.restore(handed["memos"])
    return handed


def catalogue_for(paths: Paths) -> Catalogue:
    """The validated catalogue: the build's own copy when a build runs this kernel (it
    validated the data a moment before), else loaded and validated here."""
    handed = _from_build()
    return load(paths) if handed is None else handed["catalogue"]


@dataclass
class Inputs:
    """The project, the report's parameters, and every table a chapter needs, computed
    on first use and kept. ``cat`` is loaded (and validated) when not given; in a kernel of
    the build, the catalogue and the tables are the build's, computed once for all the
    chapters (when the chapter's parameters are the build's)."""

    paths: Paths
    cat: Catalogue | None = None
    base_year: int = config.BASE_YEAR
    index_base_year: int = config.INDEX_BASE_YEAR
    use_later_facts: bool = True
    treaty_extensions: int = 1

    def __post_init__(self) -> None:
        if self.cat is not None:
            return
        handed = _from_build()
        if handed is None:
            self.cat = load(self.paths)
            return
        self.cat = handed["catalogue"]
        tables = handed["tables"]
        if tables["root"] == str(self.paths.root) and tables["parameters"] == self.parameters:
            self.__dict__.update(tables["values"])  # where cached_property keeps its values

    @classmethod
    def for_build(cls, paths: Paths, cat: Catalogue, params: dict) -> Inputs:
        """The inputs at the build's parameters (those of them a chapter gives Inputs)."""
        names = {f.name for f in fields(cls)} - {"paths", "cat"}
        return cls(paths, cat, **{k: v for k, v in params.items() if k in names})

    def tables(self) -> dict[str, object]:
        """Every table, by name, each computed now if it was not yet."""
        return {name: getattr(self, name) for name in TABLES}

    @property
    def parameters(self) -> dict:
        """The report's parameters as this chapter was given them, by name."""
        return {
            "base_year": self.base_year,
            "index_base_year": self.index_base_year,
            "use_later_facts": self.use_later_facts,
            "treaty_extensions": self.treaty_extensions,
        }

    @cached_property
    def official(self) -> pd.DataFrame:
        """Official trade in goods, both countries' counts."""
        return trade.official(self.paths)

    @cached_property
    def trade_index(self) -> pd.DataFrame:
        """Trade as an index, 100 in ``index_base_year``."""
        return trade.growth_index(self.official, self.index_base_year)

    @cached_property
    def commitments(self) -> pd.DataFrame:
        """Russia's commitments, one row per part, in ``base_year`` dollars."""
        return aid.commitments_table(
            self.cat, self.paths, self.base_year, use_later_facts=self.use_later_facts
        )

    @cached_property
    def part_labels(self) -> dict[str, str]:
        """Each commitment part's short name, as tables and charts write it."""
        return aid.part_labels(self.commitments)

    @cached_property
    def transfers(self) -> pd.DataFrame:
        """The aid ledger: each commitment split by what became of it."""
        return ledger.transfers(
            self.commitments,
            self.paths,
            self.cat,
            self.base_year,
            use_later_facts=self.use_later_facts,
        )

    @cached_property
    def debt(self) -> pd.DataFrame:
        """Each restructuring and write-off of Kyrgyz debt to Russia, once."""
        return ledger.debt_operations(self.paths, self.cat)

    @cached_property
    def verdict_numbers(self) -> dict[str, tuple]:
        """Every number the summary and the verdict quote, by glue name."""
        return verdict.all_numbers(
            self.cat,
            self.paths,
            self.official,
            self.transfers,
            self.treaty_extensions,
            self.base_year,
        )

    @cached_property
    def source_names(self) -> dict[str, str]:
        """Each source's name as the reader sees it, oldest first."""
        return overview.source_names(self.cat)

    @cached_property
    def conflicts(self) -> pd.DataFrame:
        """Every conflict between or within the sources, with the reading adopted."""
        return consistency.with_resolutions(
            consistency.all_conflicts(self.cat, self.paths), self.cat.corrections
        )

    @cached_property
    def mention_counts(self) -> pd.DataFrame:
        """Times each source names each organisation or power, sources oldest first."""
        return geopolitics.mention_counts(self.cat, self.paths, overview.sources_in_order(self.cat))

    @cached_property
    def tooltips(self) -> dict[str, str]:
        """The text shown over each chart mark that links to evidence."""
        return svg.evidence_tooltips(self.cat)

    def later_facts(self, *topics: str) -> dict[str, tuple]:
        """The later reporting on ``topics`` as the prose quotes it, for glue."""
        return context.key_numbers(self.paths, context.ids(self.paths, topics))


# The tables of :class:`Inputs`: each computed on first use, handed from the build to its kernels.
TABLES = tuple(name for name, v in vars(Inputs).items() if isinstance(v, cached_property))
