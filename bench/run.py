"""Benchmark the report build, validation and the audit on temporary copies of the project.

Run with ``.venv/bin/python bench/run.py`` (or ``make bench``); ``--quick`` does one run of
everything, ``--only corpus`` only the audit of the generated corpus, ``--help`` lists the
options. Progress goes to stderr, a table of the results with their targets to stdout,
and every raw timing to ``bench/results.json``. See ``bench/README.md``.

The parts: ``timing.py`` runs and measures one command; ``project.py`` makes the copies
and the commands; ``build_steps.py`` (steps 1–4, 7) and ``audit_steps.py`` (5, 6, 8) are
the steps; ``corpus.py`` and ``big_article.py`` make the generated inputs; ``targets.py``
holds the targets and prints the table. This file reads the options, runs the steps asked
for, and writes the results. Only the standard library is needed; psutil (in the venv
through ipykernel) is used, when present, to sample the summed RSS of each command's
process tree.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from audit_steps import add_source_steps, corpus_steps, real_data_steps
from build_steps import build_steps
from project import HERE, ROOT, cli_env, machine_info, make_copy, package_digest
from targets import evaluate, table
from timing import Session, elapsed, log

# The parts of the benchmark --only can pick, in the order they run.
PARTS = {
    "build": "steps 1-4 and 7: clean build, baseline, rebuilds, report sizes",
    "real": "step 5: validate and audit on the real data",
    "corpus": "step 6: the audit of the generated corpus",
    "add-source": "step 8: add-source of a large article",
}

# --- helpers run as subprocesses (``run.py _baseline-pdf …``, ``run.py _audit-core …``) ---
# They import what they time when they run, so that the benchmark itself needs neither.


def _helper_baseline_pdf(argv: list[str]) -> int:
    """``_baseline-pdf OUT.pdf A.html B.html …``: one PDF of the bodies of the HTML files."""
    from weasyprint import HTML

    out, htmls = Path(argv[0]), [Path(a) for a in argv[1:]]
    texts = [h.read_text(encoding="utf-8") for h in htmls]
    head = re.search(r"<head[^>]*>(.*?)</head>", texts[0], re.S | re.I)
    bodies = []
    for t in texts:
        m = re.search(r"<body[^>]*>(.*)</body>", t, re.S | re.I)
        bodies.append(m.group(1) if m else t)
    doc = (
        "<!DOCTYPE html>\n<html><head>"
        + (head.group(1) if head else '<meta charset="utf-8">')
        + "</head><body>\n"
        + "\n".join(bodies)
        + "\n</body></html>\n"
    )
    out.with_suffix(".html").write_text(doc, encoding="utf-8")
    HTML(string=doc, base_url=str(htmls[0].parent)).write_pdf(out)
    return 0


def _helper_audit_core(argv: list[str]) -> int:
    """``_audit-core SOURCES_DIR``: find_mentions over every text; prints JSON timings."""
    from rukg.catalogue.quotes import find_mentions

    files = sorted(Path(argv[0]).glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    t0 = time.perf_counter()
    n = sum(len(find_mentions(t)) for t in texts)
    dt = time.perf_counter() - t0
    size = sum(len(t.encode()) for t in texts)
    print(json.dumps({"texts": len(texts), "bytes": size, "mentions": n, "parse_s": dt}))
    return 0


HELPERS = {"_baseline-pdf": _helper_baseline_pdf, "_audit-core": _helper_audit_core}


def options(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--runs", type=int, default=2, help="runs of the slow steps (clean build, baseline, …)"
    )
    ap.add_argument(
        "--fast-runs", type=int, default=3, help="runs of the fast steps (no-op, validate, audit)"
    )
    ap.add_argument("--quick", action="store_true", help="one run of everything")
    ap.add_argument(
        "--only",
        action="append",
        choices=list(PARTS),
        help="run only this part (repeat for more): "
        + "; ".join(f"{k} = {v}" for k, v in PARTS.items())
        + ". Results are then written only with --out",
    )
    ap.add_argument("--articles", type=int, default=10_000, help="generated corpus: articles")
    ap.add_argument("--corpus-mb", type=float, default=50.0, help="generated corpus: total MB")
    ap.add_argument("--seed", type=int, default=20240601, help="generated corpus: random seed")
    ap.add_argument(
        "--add-source-mb",
        type=float,
        default=20.0,
        help="size in MB of the article for the add-source step (0 = skip it)",
    )
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per command")
    ap.add_argument(
        "--out", type=Path, default=None, help="where the results go (default bench/results.json)"
    )
    ap.add_argument("--keep", action="store_true", help="keep the temporary copies")
    args = ap.parse_args(argv)
    if args.quick:
        args.runs = args.fast_runs = 1
    args.runs, args.fast_runs = max(1, args.runs), max(1, args.fast_runs)
    # A partial run must not overwrite the full results unless asked to.
    if args.out is None and not args.only:
        args.out = HERE / "results.json"
    args.only = set(args.only or PARTS)
    if args.add_source_mb <= 0:
        args.only.discard("add-source")
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in HELPERS:
        return HELPERS[argv[0]](argv[1:])
    args = options(argv)

    sys.path.insert(0, str(ROOT / "src"))
    from rukg import config  # the notebook order the report uses (rukg is not needed before)

    notebooks = list(config.REPORT_NOTEBOOKS)
    digest_before = package_digest()
    load_before = os.getloadavg()
    log(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load {load_before}")
    log(f"parts: {', '.join(p for p in PARTS if p in args.only)}")
    tmp = Path(tempfile.mkdtemp(prefix="rukg-bench-"))
    log(f"temporary copies in {tmp}")
    s = Session(tmp=tmp, env=cli_env(), timeout=args.timeout)
    try:
        if args.only & {"build", "real"}:
            proj = make_copy(tmp / "project")
        if "build" in args.only:
            build_steps(s, proj, notebooks, args.runs, args.fast_runs, digest_before)
        if "real" in args.only:
            real_data_steps(s, proj, args.fast_runs)
        if "corpus" in args.only:
            corpus_steps(s, args.runs, args.articles, args.corpus_mb, args.seed)
        if "add-source" in args.only:
            add_source_steps(s, args.runs, args.add_source_mb, args.seed)
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    m = s.measurements
    digest_after = package_digest()
    if digest_after != digest_before:
        s.notes.append("src/rukg changed while the benchmark ran: runs may measure different code")
    results = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "total_runtime_s": round(elapsed(), 1),
        "machine": machine_info() | {"loadavg_start": load_before, "loadavg_end": os.getloadavg()},
        "config": {
            "runs": args.runs,
            "fast_runs": args.fast_runs,
            "quick": args.quick,
            "parts": [p for p in PARTS if p in args.only],
            "articles": args.articles,
            "corpus_mb": args.corpus_mb,
            "seed": args.seed,
            "add_source_mb": args.add_source_mb,
            "notebooks": notebooks,
            "memory": "maxrss_mb: ru_maxrss from os.wait4 on each command (largest single "
            "process in its tree, as /usr/bin/time -v); tree_peak_mb: sum of RSS over the "
            "process tree, sampled every 0.2 s with psutil (shared pages counted per process)",
            "units": "MB = 10^6 bytes everywhere (sizes, throughput, memory)",
        },
        "package_digest": {"before": digest_before, "after": digest_after},
        "measurements": m,
        "targets": evaluate(m),
        "notes": s.notes,
    }
    if "cache_after_clean_build" in m:
        cache = m["cache_after_clean_build"]
        results["build_had_cache"] = cache["exists"] and cache["files"] > 0
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(table(results))
    log(f"wrote {args.out} ({results['total_runtime_s']} s in all)" if args.out else "done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
