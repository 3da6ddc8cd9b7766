"""Command line: ``python -m rukg validate | audit | add-source | draft | merge | build``.

Data errors print one line per problem (file, row, column, what is wrong), then a
summary line, and exit 1, without a traceback; so do mistakes in how a command was
called. A bug prints one line saying it is an internal error (``--debug`` shows the
traceback). Commands that write data check everything first and write atomically
(:mod:`rukg.transact`): on any failure ``data/`` is as it was.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rukg import config
from rukg.errors import DataError, Problem


class UserError(Exception):
    """A mistake in how a command was called: printed as one line, exit 1."""


def _paths(args) -> config.Paths:
    return config.paths(args.root) if args.root else config.PATHS


def cmd_validate(args) -> int:
    from rukg.build.validate import validated as load

    cat = load(_paths(args))
    print(
        f"valid: {len(cat.sources)} sources, {len(cat.figures)} figures, "
        f"{len(cat.events)} events, {len(cat.dismissed)} dismissals"
    )
    return 0


def cmd_audit(args) -> int:
    from rukg.build.validate import validated as load
    from rukg.catalogue.audit import uncovered
    from rukg.catalogue.event_dates import uncovered_dates

    # Which numbers are catalogued does not depend on conflicts being resolved (validate's job).
    cat = load(_paths(args), resolutions=False)
    ids = args.source or None
    unknown = sorted(set(ids or []) - set(cat.sources["id"]))
    if unknown:
        print(f"audit: unknown source id(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    items = uncovered(cat, ids)
    for u in items:
        print(u)
    # Then every date a source states that no event row covers (rukg.catalogue.event_dates).
    dates = uncovered_dates(cat, ids)
    for d in dates:
        print(d)
    if args.same_events:
        # For review, not a failure: two rows that are one happening should share a subject.
        from rukg.analysis.consistency.candidates import same_happening_candidates

        events = cat.events if ids is None else cat.events[cat.events["source_id"].isin(ids)]
        for r in same_happening_candidates(events).itertuples():
            print(
                f"same event? {r.id_a} ({r.date_a}) and {r.id_b} ({r.date_b}): "
                f"shared words {r.shared.replace(';', ', ')}",
                file=sys.stderr,
            )
    n_sources = len(ids) if ids else len(cat.sources)
    if items:
        print(
            f"audit: {len(items)} number(s) in {n_sources} source(s) not catalogued",
            file=sys.stderr,
        )
    if dates:
        print(
            f"audit: {len(dates)} date(s) in {n_sources} source(s) with no event row",
            file=sys.stderr,
        )
    if items or dates:
        return 1
    print(f"audit: every number and date in {n_sources} source(s) is catalogued or dismissed")
    return 0


# Where add-source's options land in data/sources.csv, to name the option a problem is in.
_SOURCE_OPTIONS = {
    "id": "--id",
    "publisher": "--publisher",
    "title": "--title",
    "author": "--author",
    "published": "--published",
    "published_precision": "--published",
    "date_evidence": "--date-evidence",
    "url": "--url",
    "kind": "--kind",
    "notes": "--notes",
    "file": "path",
}


def _as_option_problems(e: DataError, new_row: int) -> DataError:
    """Problems in the new row of data/sources.csv, named by the option that gave the value."""
    problems = []
    for p in e.problems:
        if p.file == "data/sources.csv" and p.row == new_row and p.column in _SOURCE_OPTIONS:
            problems.append(
                Problem(f"add-source {_SOURCE_OPTIONS[p.column]}", None, None, p.message)
            )
        else:
            problems.append(p)
    return DataError(problems)


def _unresolved(cat, paths) -> list:
    """Conflicts the consistency finder reports that data/corrections.csv does not resolve."""
    from rukg.analysis.consistency import all_conflicts, resolution_problems

    return resolution_problems(all_conflicts(cat, paths), cat.corrections)


def cmd_add_source(args) -> int:
    from rukg.build.validate import validated as load
    from rukg.catalogue.audit import uncovered
    from rukg.catalogue.drafts import draft_rows, drafts_csv
    from rukg.catalogue.event_dates import uncovered_dates
    from rukg.catalogue.sources import source_changes
    from rukg.transact import atomic_write, commit, trial

    paths = _paths(args)
    precision = {4: "year", 7: "month", 10: "day"}.get(len(args.published), "")
    fields = {
        "id": args.id,
        "publisher": args.publisher,
        "title": args.title,
        "author": args.author,
        "published": args.published,
        "published_precision": precision,
        "date_evidence": args.date_evidence,
        "url": args.url,
        "kind": args.kind,
        "notes": args.notes,
    }
    changes, row, new_row = source_changes(paths, Path(args.path), fields)
    # Check everything, the catalogue as it stands included, on a scratch copy first;
    # write only when all of it is valid.
    with trial(paths, changes) as trial_paths:
        try:
            cat = load(trial_paths, resolutions=False)
        except DataError as e:
            raise _as_option_problems(e, new_row) from None
        # Kept parsed: the conflict check below reads the new text again.
        items = uncovered(cat, [args.id], keep=True)
        dates = uncovered_dates(cat, [args.id])
        rows = draft_rows(cat, args.id, items=items)
        conflicts = _unresolved(cat, trial_paths)
    commit(changes)
    print(f"registered {args.id}: data/sources/{row['file']}")
    for u in items:
        print(u)
    drafts = paths.review_dir / f"{args.id}_figures.csv"
    atomic_write(drafts, drafts_csv(rows))
    print(
        f"{len(items)} number(s) still to catalogue; draft rows in {drafts.relative_to(paths.root)}"
    )
    for d in dates:
        print(d)
    if dates:
        print(
            f"{len(dates)} date(s) with no event row: add them to data/events.csv, or dismiss them"
        )
    for p in conflicts:
        print(f"to resolve: {p}")
    if conflicts:
        print(
            f"{len(conflicts)} conflict(s) to resolve in data/corrections.csv before `make validate` passes"
        )
    return 0


def cmd_draft(args) -> int:
    from rukg.build.validate import validated as load
    from rukg.catalogue.drafts import draft_rows, write_drafts

    paths = _paths(args)
    cat = load(paths, resolutions=False)
    if args.source not in set(cat.sources["id"]):
        raise UserError(
            f"unknown source id {args.source!r}; the sources are {', '.join(cat.sources['id'])}"
        )
    out = paths.review_dir / f"{args.source}_figures.csv"
    rows = draft_rows(cat, args.source)
    write_drafts(rows, out)
    print(
        f"{len(rows)} draft row(s) in {out.relative_to(paths.root)}: complete them, set reviewed=yes, then merge"
    )
    return 0


def cmd_merge(args) -> int:
    from rukg.build.validate import validated as load
    from rukg.catalogue.drafts import drafts_csv, merged_figures, read_drafts
    from rukg.files import read_text_file
    from rukg.transact import commit, trial

    paths = _paths(args)
    draft = Path(args.draft)
    rows = read_drafts(draft, args.draft)
    figures = read_text_file(paths.figures_csv, "data/figures.csv").encode("utf-8")
    new_figures, done, left = merged_figures(rows, figures)
    if not done:
        print(
            f"merged 0 reviewed row(s): none of the {len(rows)} in {args.draft} is marked reviewed=yes"
        )
        return 0
    changes = {paths.figures_csv: new_figures}
    with trial(paths, changes) as trial_paths:
        load(trial_paths)  # nothing invalid enters the catalogue
    # The catalogue first, then the draft: if the draft cannot be rewritten, both are put back.
    commit({**changes, draft.resolve(): drafts_csv(left)})
    print(
        f"merged {len(done)} reviewed row(s) into data/figures.csv; {len(left)} left in {args.draft}"
    )
    return 0


def cmd_build(args) -> int:
    from rukg.build.inputs import fingerprint, up_to_date

    paths = _paths(args)
    # Parameters first: a bad file is refused in a line, before any data or notebook is touched.
    params = _load_params(args.params, paths)
    # Answer a no-op quickly: unchanged inputs were validated when the report was built.
    fp = fingerprint(paths, params)
    if not args.force and up_to_date(paths, fp):
        print(f"report is up to date (fingerprint {fp[:12]})")
        return 0
    from rukg.build.validate import validated as load

    # Bad data stop here, before the seconds it takes to import the notebook machinery
    # (rukg.build.report: nbformat, jsonschema); the build takes the catalogue validated here.
    cat = load(paths)
    from rukg.build.report import build

    build(paths, force=True, params=params, cat=cat)
    return 0


def _load_params(path, paths: config.Paths) -> dict:
    """The checked parameters of a YAML file (rukg.analysis.parameters; cheap: no notebook machinery)."""
    if not path:
        return {}
    from rukg.analysis.parameters import load_params

    return load_params(path, paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rukg", description=__doc__.splitlines()[0])
    parser.add_argument("--root", help="project root (default: this checkout)")
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every table against its schema and the sources")
    p = sub.add_parser(
        "audit", help="list numbers and dates in the sources that no figure or event row covers"
    )
    p.add_argument("source", nargs="*", help="source ids (default: all)")
    p.add_argument(
        "--same-events",
        action="store_true",
        help="also list pairs of events that read alike but are dated differently, for review",
    )
    p = sub.add_parser(
        "add-source", help="copy an article into data/sources/, register it, audit it"
    )
    p.add_argument("path", help="the article as a UTF-8 text file")
    p.add_argument("--id", required=True, help="short, stable id, e.g. rferl2024")
    p.add_argument("--publisher", required=True)
    p.add_argument("--title", required=True)
    p.add_argument("--published", required=True, help="ISO date: YYYY, YYYY-MM or YYYY-MM-DD")
    p.add_argument("--date-evidence", required=True, help="where the date comes from")
    p.add_argument(
        "--kind",
        required=True,
        # Checked with the rest of the row against the sources schema (the kinds are
        # rukg.catalogue.vocab.SOURCE_KINDS); not imported here, to keep "up to date" fast.
        help="what the source is: news, news analysis, reference page, commentary or blog",
    )
    p.add_argument("--author")
    p.add_argument("--url")
    p.add_argument("--notes")
    p = sub.add_parser("draft", help="write draft figure rows for a source's uncatalogued numbers")
    p.add_argument("source", help="source id")
    p = sub.add_parser(
        "merge", help="merge reviewed draft rows into data/figures.csv, then validate"
    )
    p.add_argument("draft", help="the draft file (review/<source>_figures.csv)")
    p = sub.add_parser("build", help="validate, execute the notebooks, write report HTML and PDF")
    p.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    p.add_argument("--params", help="YAML file of parameter values (e.g. base_year: 2020)")
    args = parser.parse_args(argv)
    handler = {
        "validate": cmd_validate,
        "audit": cmd_audit,
        "add-source": cmd_add_source,
        "draft": cmd_draft,
        "merge": cmd_merge,
        "build": cmd_build,
    }[args.command]
    from rukg.errors import BuildError, ParameterError

    writes = args.command in ("add-source", "draft", "merge")
    try:
        if args.root and not Path(args.root, "data").is_dir():
            raise UserError(f"--root {args.root}: no data/ folder there; is it the project root?")
        return handler(args)
    except ParameterError as e:
        print(f"{args.command}: {e}; nothing was built", file=sys.stderr)
        return 1
    except BuildError as e:
        print(f"{args.command}: failed in {e}; the previous report is untouched", file=sys.stderr)
        return 1
    except DataError as e:
        for p in e.problems:
            print(p, file=sys.stderr)
        outcome = "nothing was written" if writes else "nothing was built"
        print(
            f"{args.command}: {len(e.problems)} problem(s) in the data; {outcome}",
            file=sys.stderr,
        )
        return 1
    except UserError as e:
        print(f"{args.command}: {e}", file=sys.stderr)
        return 1
    except OSError as e:  # the machine refused (permissions, a full disk), not the data
        if args.debug:
            raise
        where = f"{e.filename}: " if e.filename else ""
        what = e.strerror or type(e).__name__
        print(f"{args.command}: {where}{what}; nothing was left half-written", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{args.command}: interrupted; nothing was left half-written", file=sys.stderr)
        return 130
    except Exception as e:  # a bug, not the user's mistake: one line, the traceback on request
        if args.debug:
            raise
        what = (str(e).strip().splitlines() or [""])[0][:300]
        print(
            f"{args.command}: internal error ({type(e).__name__}: {what}); this is a bug in "
            "rukg, not in your input. Run `python -m rukg --debug ...` for the traceback",
            file=sys.stderr,
        )
        return 1


def run() -> None:
    """The ``rukg`` command and ``python -m rukg``: :func:`main`, then a prompt exit."""
    code = main()
    # Every output is written, moved into place and closed by now. A normal exit would
    # first free each object left, almost a second after a build (the PDF's layout leaves
    # some 400,000 objects in reference cycles); the process ends, so the system takes its
    # memory back at once instead. Only the printed lines are still buffered.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that closed the pipe: nothing to tell it
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
