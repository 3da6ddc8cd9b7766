"""Command line: ``python -m rukg validate | audit | build``.

Data errors print one line per problem (file, row, column, what is wrong) and
exit 1, without a traceback.
"""

from __future__ import annotations

import argparse
import sys

from rukg import config
from rukg.report import BuildError
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


def cmd_build(args) -> int:
    from rukg.report import build

    build(_paths(args), force=args.force)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rukg", description=__doc__.splitlines()[0])
    parser.add_argument("--root", help="project root (default: this checkout)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every table against its schema and the sources")
    p = sub.add_parser("audit", help="list numbers in the sources that no row covers")
    p.add_argument("source", nargs="*", help="source ids (default: all)")
    p = sub.add_parser("build", help="validate, execute the notebooks, write report HTML and PDF")
    p.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    args = parser.parse_args(argv)
    handler = {"validate": cmd_validate, "audit": cmd_audit, "build": cmd_build}[args.command]
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
