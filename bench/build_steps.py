"""Steps 1–4 and 7 of the benchmark: the report build on a copy of the project.

1 clean build (empty cache) alternated with 2 the baseline (each notebook through
``jupyter nbconvert --execute``, then one WeasyPrint PDF of the six HTML files); a forced
rebuild with the cache kept (information only); 3 a no-op rebuild; 4 a rebuild after a
whitespace change in one notebook; 7 the sizes of report.html and report.pdf. See
bench/README.md for what each measures.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from project import JUPYTER, PY, RUN_PY, executed_notebooks, package_digest, rukg, touch_notebook
from timing import MB, Result, Session, build_phases, log, summary

TOUCHED_NOTEBOOK = "03_geopolitics.ipynb"


class Builder:
    """Runs ``rukg build`` on the copy ``proj`` and tells whether the package changed
    since the previous build (then nothing could be reused)."""

    def __init__(self, s: Session, proj: Path, digest: str):
        self.s, self.proj, self.digest = s, proj, digest

    def build(self, what: str, *extra: str) -> Result:
        """One ``rukg build``, with the notebooks it executed and the phases of its log."""
        before = package_digest()
        r = self.s.run(rukg(self.proj, "build", *extra), self.proj, what)
        after = package_digest()
        r.extra = {
            "executed": executed_notebooks(r),
            "said_up_to_date": any("up to date" in x for _, x in r.lines),
            **build_phases(r),
            # The package is part of every cache key and of the fingerprint: if it was
            # edited since the previous build hashed its inputs (at its start), or during
            # this build, nothing can be reused.
            "code_changed": before != self.digest or after != before,
            "package_digest": [before[:12], after[:12]],
        }
        self.digest = before
        return r


def executed(rs: list[Result]) -> list[list[str]]:
    return [r.extra["executed"] for r in rs]


def baseline(s: Session, proj: Path, notebooks: list[str], i: int, runs: int) -> Result:
    """The plain way: each notebook through nbconvert, then one PDF of the HTML files."""
    out = s.tmp / f"baseline-{i + 1}"
    (out / "figures").mkdir(parents=True)
    env = dict(s.env, RUKG_ROOT=str(proj), RUKG_FIGURES_DIR=str(out / "figures"))
    env["MPLBACKEND"] = "Agg"  # as the build sets for its kernels
    parts = []
    for nb in notebooks:
        log(f"baseline {i + 1}/{runs}: jupyter nbconvert --execute --to html {nb}")
        cmd = [JUPYTER, "nbconvert", "--execute", "--to", "html"]
        cmd += ["--output-dir", str(out), str(proj / "notebooks" / nb)]
        parts.append(s.run(cmd, proj, f"nbconvert {nb}", env=env))
    htmls = [str(out / (Path(nb).stem + ".html")) for nb in notebooks]
    log(f"baseline {i + 1}/{runs}: WeasyPrint PDF of the combined HTML")
    cmd = [PY, RUN_PY, "_baseline-pdf", str(out / "combined.pdf"), *htmls]
    parts.append(s.run(cmd, proj, "baseline PDF", env=env))
    pdf = out / "combined.pdf"
    return Result(
        cmd=["baseline"],
        wall_s=sum(p.wall_s for p in parts),
        rc=max((p.rc or 0) for p in parts),
        maxrss_mb=max(p.maxrss_mb for p in parts),
        tree_peak_mb=max((p.tree_peak_mb or 0) for p in parts),
        extra={
            "parts_s": {
                (Path(p.cmd[-1]).name if "nbconvert" in p.cmd else "pdf"): round(p.wall_s, 3)
                for p in parts
            },
            "notebooks_s": round(sum(p.wall_s for p in parts[:-1]), 3),
            "pdf_s": round(parts[-1].wall_s, 3),
            "pdf_bytes": pdf.stat().st_size if pdf.exists() else None,
        },
    )


def build_steps(
    s: Session, proj: Path, notebooks: list[str], runs: int, fast_runs: int, digest: str
):
    """Steps 1–4 and 7, into ``s.measurements``."""
    m = s.measurements
    b = Builder(s, proj, digest)

    # 1 + 2. Clean build with an empty cache, and the nbconvert baseline, alternated.
    clean, base = [], []
    for i in range(runs):
        shutil.rmtree(proj / "build" / "cache", ignore_errors=True)
        log(f"clean build {i + 1}/{runs}: rm -rf build/cache; rukg build --force")
        clean.append(r := b.build("clean build", "--force"))
        log(
            f"  {r.wall_s:.1f} s, {len(r.extra['executed'])} executed, "
            f"maxrss {r.maxrss_mb:.0f} MB, phases {build_phases(r)}"
        )
        base.append(t := baseline(s, proj, notebooks, i, runs))
        log(
            f"  {t.wall_s:.1f} s (nbconvert {t.extra['notebooks_s']:.1f} s, "
            f"PDF {t.extra['pdf_s']:.1f} s), PDF {(t.extra['pdf_bytes'] or 0) / MB:.2f} MB"
        )
    html, pdf = proj / "report" / "report.html", proj / "report" / "report.pdf"
    cache = proj / "build" / "cache"
    cache_files = [f for f in cache.rglob("*") if f.is_file()] if cache.exists() else []
    m["clean_build"] = summary(clean) | {"executed": executed(clean)}
    m["baseline"] = summary(base)
    m["report_size"] = {
        "html_bytes": html.stat().st_size if html.exists() else None,
        "pdf_bytes": pdf.stat().st_size if pdf.exists() else None,
    }
    m["cache_after_clean_build"] = {
        "exists": cache.exists(),
        "files": len(cache_files),
        "bytes": sum(f.stat().st_size for f in cache_files),
    }
    log(
        f"build/cache after the clean build: {'present' if cache.exists() else 'absent'}, "
        f"{len(cache_files)} files"
    )

    # Forced rebuild with the cache left in place (informational: shows the cache working).
    warm = []
    for i in range(runs):
        log(f"forced rebuild, warm cache {i + 1}/{runs}: rukg build --force")
        warm.append(r := b.build("forced rebuild", "--force"))
        log(f"  {r.wall_s:.1f} s, {len(r.extra['executed'])} executed, {build_phases(r)}")
    m["forced_rebuild_warm_cache"] = summary(warm) | {"executed": executed(warm)}

    # 3. No-op rebuild right after a build.
    noop = []
    for i in range(fast_runs):
        log(f"no-op rebuild {i + 1}/{fast_runs}: rukg build")
        noop.append(r := b.build("no-op build"))
        log(
            f"  {r.wall_s:.2f} s, {len(r.extra['executed'])} executed, "
            f"up to date: {r.extra['said_up_to_date']}"
        )
    m["noop_rebuild"] = summary(noop) | {"executed": executed(noop)}
    if any(executed(noop)):
        s.notes.append(
            "a no-op rebuild executed notebooks: the inputs changed between builds "
            "(was the package edited meanwhile? see code_changed)"
        )

    # 4. Rebuild after a whitespace change in one notebook.
    touched = []
    nb_path = proj / "notebooks" / TOUCHED_NOTEBOOK
    for i in range(runs):
        touch_notebook(nb_path, i + 1)
        log(f"one-notebook change {i + 1}/{runs}: edit {TOUCHED_NOTEBOOK}; rukg build")
        touched.append(r := b.build("one-notebook rebuild"))
        log(f"  {r.wall_s:.1f} s, executed {r.extra['executed']}, {build_phases(r)}")
    m["one_notebook_change"] = summary(touched) | {
        "notebook": TOUCHED_NOTEBOOK,
        "change": "trailing spaces added to the first line of the first markdown cell",
        "executed": executed(touched),
    }
    for name, rs in (("forced rebuild", warm), ("no-op", noop), ("one-notebook", touched)):
        if any(r.extra["code_changed"] for r in rs):
            s.notes.append(
                f"{name}: src/rukg changed before or during a run (code_changed), so the "
                "cache or the fingerprint could not match; rerun when nobody is editing"
            )
