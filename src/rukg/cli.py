"""Command line: ``python -m rukg validate | audit | build``.

Data errors print one line per problem (file, row, column, what is wrong) and
exit 1, without a traceback.
"""

from __future__ import annotations

import argparse
import sys

from rukg import config
from rukg.sources import DataError


def _paths(args) -> config.Paths:
    return config.paths(args.root) if args.root else config.PATHS


def cmd_validate(args) -> int:
    from rukg.catalogue import load

    cat = load(_paths(args))
    print(
        f"valid: {len(cat.sources)} sources, {len(cat.figures)} figures, "
        f"{len(cat.events)} events, {len(cat.dismissed)} dismissals"
    )
    return 0


def cmd_audit(args) -> int:
    from rukg.audit import uncovered
    from rukg.catalogue import load

    cat = load(_paths(args))
    ids = args.source or None
    unknown = sorted(set(ids or []) - set(cat.sources["id"]))
    if unknown:
        print(f"audit: unknown source id(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    items = uncovered(cat, ids)
    for u in items:
        print(u)
    n_sources = len(ids) if ids else len(cat.sources)
    if items:
        print(
            f"audit: {len(items)} number(s) in {n_sources} source(s) not catalogued",
            file=sys.stderr,
        )
        return 1
    print(f"audit: every number in {n_sources} source(s) is catalogued or dismissed")
    return 0


def cmd_add_source(args) -> int:
    from rukg.audit import draft_rows, uncovered, write_drafts
    from rukg.catalogue import load
    from rukg.sources import register_source

    paths = _paths(args)
    precision = {4: "year", 7: "month", 10: "day"}.get(len(args.published))
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
    register_source(paths, args.path, fields)
    print(f"registered {args.id}: data/sources/{args.path.split('/')[-1]}")
    cat = load(paths)
    items = uncovered(cat, [args.id])
    for u in items:
        print(u)
    drafts = paths.review_dir / f"{args.id}_figures.csv"
    write_drafts(draft_rows(cat, args.id), drafts)
    print(
        f"{len(items)} number(s) still to catalogue; draft rows in {drafts.relative_to(paths.root)}"
    )
    return 0


def cmd_draft(args) -> int:
    from rukg.audit import draft_rows, write_drafts
    from rukg.catalogue import load

    paths = _paths(args)
    cat = load(paths)
    out = paths.review_dir / f"{args.source}_figures.csv"
    rows = draft_rows(cat, args.source)
    write_drafts(rows, out)
    print(
        f"{len(rows)} draft row(s) in {out.relative_to(paths.root)}: complete them, set reviewed=yes, then merge"
    )
    return 0


def cmd_merge(args) -> int:
    from pathlib import Path

    from rukg.audit import merge_drafts
    from rukg.catalogue import load

    paths = _paths(args)
    before = paths.figures_csv.read_bytes()
    draft = Path(args.draft)
    draft_before = draft.read_bytes()
    merged, left = merge_drafts(draft, paths.figures_csv)
    try:
        load(paths)
    except DataError:
        # Nothing invalid enters the catalogue: put both files back as they were.
        paths.figures_csv.write_bytes(before)
        draft.write_bytes(draft_before)
        raise
    print(f"merged {merged} reviewed row(s) into data/figures.csv; {left} left in {args.draft}")
    return 0


def cmd_build(args) -> int:
    from rukg.inputs import fingerprint, report_fingerprint

    paths = _paths(args)
    params = _load_params(args.params)
    # Answer a no-op quickly: unchanged inputs were validated when the report was built.
    fp = fingerprint(paths, params)
    if not args.force and report_fingerprint(paths.report_html) == fp and paths.report_pdf.exists():
        print(f"report is up to date (fingerprint {fp[:12]})")
        return 0
    from rukg.catalogue import load

    # Bad data stop here, before the seconds it takes to import the notebook machinery
    # (rukg.report: nbformat, jsonschema); the build validates again, in under a second.
    load(paths)
    from rukg.report import build

    build(paths, force=True, params=params)
    return 0


def _load_params(path) -> dict:
    if not path:
        return {}
    from rukg.report import load_params

    return load_params(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rukg", description=__doc__.splitlines()[0])
    parser.add_argument("--root", help="project root (default: this checkout)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every table against its schema and the sources")
    p = sub.add_parser("audit", help="list numbers in the sources that no row covers")
    p.add_argument("source", nargs="*", help="source ids (default: all)")
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
        "--kind", required=True, choices=["news analysis", "reference page", "commentary", "blog"]
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
    from rukg.report_errors import BuildError

    try:
        return handler(args)
    except BuildError as e:
        print(f"{args.command}: failed in {e}; the previous report is untouched", file=sys.stderr)
        return 1
    except DataError as e:
        for p in e.problems:
            print(p, file=sys.stderr)
        print(
            f"{args.command}: {len(e.problems)} problem(s) in the data; nothing was built",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
