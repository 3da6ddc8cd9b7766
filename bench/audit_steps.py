"""Steps 5, 6 and 8 of the benchmark: validation and the audit on the real data, the audit
of a generated corpus (``corpus.py``), and add-source of one large article
(``big_article.py``). See bench/README.md for what each measures.
"""

from __future__ import annotations

import json
import shutil
import statistics
import time
from pathlib import Path

from big_article import make_article
from corpus import generate_corpus
from project import PY, RUN_PY, make_copy, rukg
from timing import MB, Session, log, summary

BIG_ID = "big2026"  # the id the large article is registered under


def real_data_steps(s: Session, proj: Path, fast_runs: int) -> None:
    """Step 5: ``rukg validate`` and ``rukg audit`` on the copy of the real data."""
    for step in ("validate", "audit"):
        rs = []
        for i in range(fast_runs):
            log(f"{step} (real data) {i + 1}/{fast_runs}: rukg {step}")
            ok = (0, 1) if step == "audit" else (0,)  # audit: 1 = numbers uncatalogued
            rs.append(r := s.run(rukg(proj, step), proj, step, ok=ok))
            log(f"  {r.wall_s:.2f} s, exit {r.rc}")
        s.measurements[f"{step}_real"] = summary(rs) | {"rc": [r.rc for r in rs]}


def corpus_steps(s: Session, runs: int, articles: int, corpus_mb: float, seed: int) -> None:
    """Step 6: the audit of a generated corpus, by the CLI and by the parser alone."""
    m = s.measurements
    gen = make_copy(s.tmp / "corpus")
    log(f"generating {articles} articles (~{corpus_mb:g} MB) in {gen}")
    t0 = time.perf_counter()
    corpus = generate_corpus(gen, articles, corpus_mb, seed)
    corpus["generate_s"] = round(time.perf_counter() - t0, 2)
    log(f"  {corpus['mb']:.1f} MB in {corpus['generate_s']} s")
    # Check the corpus is valid first: otherwise the audit stops at validation.
    log("validate (generated corpus) 1/1: rukg validate")
    r = s.run(rukg(gen, "validate"), gen, "validate (generated)")
    log(f"  {r.wall_s:.1f} s, exit {r.rc}: {(r.stdout + r.stderr).strip()[-200:]}")
    m["validate_generated"] = summary([r]) | {"rc": [r.rc], "output_tail": r.stdout[-300:]}
    audits, cores, core_json = [], [], []
    for i in range(runs):
        log(f"audit (generated corpus) {i + 1}/{runs}: rukg audit > /dev/null")
        r = s.run(rukg(gen, "audit"), gen, "audit (generated)", ok=(1,), keep_stdout=False)
        audits.append(r)
        tail = r.stderr.strip()[-200:]
        log(f"  {r.wall_s:.1f} s, exit {r.rc}, maxrss {r.maxrss_mb:.0f} MB: {tail}")
        log(f"audit core {i + 1}/{runs}: find_mentions over every text")
        c = s.run([PY, RUN_PY, "_audit-core", str(gen / "data" / "sources")], gen, "audit core")
        cores.append(c)
        try:
            core_json.append(json.loads(c.stdout.strip().splitlines()[-1]))
        except (ValueError, IndexError):
            core_json.append(None)
        log(f"  {c.wall_s:.1f} s, maxrss {c.maxrss_mb:.0f} MB, {core_json[-1]}")
    # Throughput is over the whole corpus the audit reads: generated plus the real five.
    mb = (corpus["bytes"] + corpus["real_articles_bytes"]) / MB
    a = summary(audits)
    m["audit_generated"] = a | {
        "rc": [r.rc for r in audits],
        "stderr_tail": [r.stderr.strip()[-300:] for r in audits],
        "corpus": corpus,
        "corpus_mb_read": round(mb, 3),
        "throughput_mb_s": round(mb / a["median_s"], 3),
    }
    parse = [c["parse_s"] for c in core_json if c]
    core_mb = core_json[0]["bytes"] / MB if core_json and core_json[0] else mb
    m["audit_core_generated"] = summary(cores) | {
        "what": "rukg.catalogue.quotes.find_mentions over every text, in a subprocess",
        "inner": core_json,
        "parse_median_s": round(statistics.median(parse), 3) if parse else None,
        "parse_throughput_mb_s": (round(core_mb / statistics.median(parse), 3) if parse else None),
        "process_throughput_mb_s": round(core_mb / statistics.median([c.wall_s for c in cores]), 3),
    }
    if a["median_s"] and a["median_s"] > 60:
        s.notes.append(
            f"the CLI audit of {articles} generated sources took {a['median_s']:.0f} s "
            "(it validates every source first); see audit_core_generated for the parser alone"
        )


def add_source_steps(s: Session, runs: int, article_mb: float, seed: int) -> None:
    """Step 8: add-source of one large article, on a fresh copy of the project each run."""
    article = s.tmp / f"{BIG_ID}.txt"
    log(f"writing a {article_mb:g} MB article to {article}")
    data = make_article(int(article_mb * MB), seed).encode("utf-8")
    article.write_bytes(data)
    adds = []
    for i in range(runs):
        copy = make_copy(s.tmp / f"add-source-{i + 1}")
        log(f"add-source {i + 1}/{runs}: rukg add-source {article.name} (stdout discarded)")
        cmd = rukg(copy, "add-source", str(article), "--id", BIG_ID)
        cmd += ["--publisher", "rukg benchmark (generated)", "--title", "Large article"]
        cmd += ["--published", "2026-01-02", "--date-evidence", "bench/big_article.py"]
        cmd += ["--kind", "news analysis"]
        r = s.run(cmd, copy, "add-source", keep_stdout=False)
        drafts = copy / "review" / f"{BIG_ID}_figures.csv"
        rows = sum(1 for _ in drafts.open(encoding="utf-8")) - 1 if drafts.exists() else None
        r.extra = {"draft_rows": None if rows is None else max(0, rows)}
        adds.append(r)
        log(
            f"  {r.wall_s:.1f} s, exit {r.rc}, maxrss {r.maxrss_mb:.0f} MB, "
            f"{r.extra['draft_rows']} draft rows"
        )
        shutil.rmtree(copy, ignore_errors=True)
    s.measurements["add_source_big"] = summary(adds) | {
        "rc": [r.rc for r in adds],
        "article_mb": round(len(data) / MB, 3),
        "draft_rows": [r.extra["draft_rows"] for r in adds],
    }
