"""The targets of the benchmark, their values from the measurements, and the table that
prints each result with its target beside it.

The speed targets are those of issue 13: a clean build at most 0.4 of the plain nbconvert
loop, and the audit of the generated 50 MB corpus at 5 MB/s or more with a peak under
500 MB. The others keep what earlier work reached.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

from timing import MB

_TESTS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, "==": operator.eq}
_SIGNS = {"<=": "≤", "<": "<", ">=": "≥", "==": "="}


@dataclass(frozen=True)
class Target:
    what: str  # what is measured, in words
    test: str  # one of _TESTS: how the value must compare with the limit
    limit: float
    unit: str = ""

    def met(self, value) -> bool:
        """Whether ``value`` meets the target (False when missing, or a list of values
        that disagree between runs)."""
        try:
            return value is not None and bool(_TESTS[self.test](value, self.limit))
        except TypeError:
            return False

    def text(self) -> str:
        """ "≥ 5 MB/s", "≤ 0.4"."""
        return f"{_SIGNS[self.test]} {self.limit:g} {self.unit}".strip()


TARGETS = {
    "clean_build_vs_baseline": Target("clean build / nbconvert loop", "<=", 0.4),
    "noop_rebuild_s": Target("no-op rebuild", "<", 1.0, "s"),
    "one_notebook_reexecuted": Target("notebooks re-executed after a one-notebook change", "==", 1),
    "audit_throughput_mb_s": Target("audit of the generated corpus", ">=", 5.0, "MB/s"),
    "audit_peak_rss_mb": Target("audit of the generated corpus, peak RSS", "<", 500.0, "MB"),
    "report_html_mb": Target("report.html", "<", 5.0, "MB"),
    "report_pdf_mb": Target("report.pdf", "<", 5.0, "MB"),
    "add_source_big_s": Target("add-source of the large article", "<", 15.0, "s"),
}


def values(m: dict[str, dict]) -> dict:
    """The value of each target whose step was measured."""
    v: dict = {}
    if "clean_build" in m:
        if m["baseline"]["median_s"]:
            v["clean_build_vs_baseline"] = round(
                m["clean_build"]["median_s"] / m["baseline"]["median_s"], 3
            )
        v["noop_rebuild_s"] = m["noop_rebuild"]["median_s"]
        ex = m["one_notebook_change"]["executed"]
        same = all(len(e) == len(ex[0]) for e in ex)
        v["one_notebook_reexecuted"] = len(ex[0]) if same else [len(e) for e in ex]
        size = m["report_size"]
        v["report_html_mb"] = size["html_bytes"] and round(size["html_bytes"] / MB, 3)
        v["report_pdf_mb"] = size["pdf_bytes"] and round(size["pdf_bytes"] / MB, 3)
    if "audit_generated" in m:
        v["audit_throughput_mb_s"] = m["audit_generated"]["throughput_mb_s"]
        v["audit_peak_rss_mb"] = m["audit_generated"]["peak_maxrss_mb"]
    if "add_source_big" in m:
        v["add_source_big_s"] = m["add_source_big"]["median_s"]
    return v


def evaluate(m: dict[str, dict]) -> dict[str, dict]:
    """``{name: {target, value, met}}`` for every target whose step was measured."""
    out = {}
    for name, value in values(m).items():
        t = TARGETS[name]
        out[name] = {"target": f"{t.what} {t.text()}", "value": value, "met": t.met(value)}
    return out


# --- the table ---------------------------------------------------------------------


def _s(x, unit="s", nd=2) -> str:
    return "—" if x is None else f"{x:.{nd}f} {unit}".strip()


def beside(res: dict, name: str) -> str:
    """A target as printed beside its result: "target ≥ 5 MB/s ✓" or "… ✗ MISSED"."""
    t = res["targets"].get(name)
    if t is None:
        return ""
    return f"target {TARGETS[name].text()} {'✓' if t['met'] else '✗ MISSED'}"


def _changed(x) -> str:
    runs = [i + 1 for i, r in enumerate(x["runs"]) if r.get("code_changed")]
    return f"; code changed in run(s) {runs}" if runs else ""


def _phases(x) -> str:
    ph = x["median_phases"]
    return ", ".join(
        f"{label} {ph[k]:.1f} s"
        for k, label in (("notebooks_s", "notebooks"), ("pdf_s", "PDF"))
        if ph.get(k) is not None
    )


def table(res: dict) -> str:
    """Every measurement, one row each, with its target beside it; then the targets alone."""
    m, t = res["measurements"], res["targets"]
    rows = [("measurement", "runs", "median", "range / detail", "peak RSS", "target")]

    def timed(label, key, target="", detail=""):
        x = m[key]
        rng = f"{_s(x['min_s'])} – {_s(x['max_s'])}" if len(x["runs"]) > 1 else ""
        tree = f" (tree {x['peak_tree_mb']:.0f})" if x.get("peak_tree_mb") else ""
        rows.append(
            (
                label,
                str(len(x["runs"])),
                _s(x["median_s"]),
                " ".join(p for p in (rng, detail) if p),
                _s(x["peak_maxrss_mb"], "MB", 0) + tree,
                target,
            )
        )

    def ratio(label, value, unit, name):
        rows.append((label, "", _s(value, unit, 2), "", "", beside(res, name)))

    if "clean_build" in m:
        c, w, o = m["clean_build"], m["forced_rebuild_warm_cache"], m["one_notebook_change"]
        timed(
            "1 clean build (empty cache)",
            "clean_build",
            "",
            f"{len(c['executed'][0])} executed; {_phases(c)}",
        )
        timed("2 baseline nbconvert+WeasyPrint", "baseline", "", _phases(m["baseline"]))
        if "clean_build_vs_baseline" in t:
            ratio(
                "  clean build / baseline",
                t["clean_build_vs_baseline"]["value"],
                "×",
                "clean_build_vs_baseline",
            )
        timed(
            "  forced rebuild, warm cache",
            "forced_rebuild_warm_cache",
            "(info)",
            f"{[len(e) for e in w['executed']]} executed; {_phases(w)}{_changed(w)}",
        )
        timed(
            "3 no-op rebuild",
            "noop_rebuild",
            beside(res, "noop_rebuild_s"),
            _changed(m["noop_rebuild"]).lstrip("; "),
        )
        timed(
            "4 one notebook changed",
            "one_notebook_change",
            beside(res, "one_notebook_reexecuted"),
            f"re-executed {[len(e) for e in o['executed']]}{_changed(o)}",
        )
    if "validate_real" in m:
        timed("5 validate (real data)", "validate_real")
        timed("5 audit (real data)", "audit_real")
    if "audit_generated" in m:
        timed(
            "6 validate, generated corpus",
            "validate_generated",
            "(info)",
            f"exit {m['validate_generated']['rc'][0]}",
        )
        a = m["audit_generated"]
        timed(
            f"6 audit, {a['corpus']['articles']} generated",
            "audit_generated",
            beside(res, "audit_peak_rss_mb").replace("target", "peak"),
            f"{a['corpus_mb_read']:.1f} MB",
        )
        ratio("  audit throughput", a["throughput_mb_s"], "MB/s", "audit_throughput_mb_s")
        core = m["audit_core_generated"]
        timed(
            "  audit core (find_mentions)",
            "audit_core_generated",
            "(info)",
            f"parse {_s(core['parse_median_s'])} → {_s(core['parse_throughput_mb_s'], 'MB/s')}",
        )
    if "add_source_big" in m:
        b = m["add_source_big"]
        timed(
            f"8 add-source, {b['article_mb']:.0f} MB article",
            "add_source_big",
            beside(res, "add_source_big_s"),
            f"{b['draft_rows'][0]} draft rows",
        )
    if "report_size" in m:
        size = m["report_size"]
        for name, key in (("html", "report_html_mb"), ("pdf", "report_pdf_mb")):
            b = size[f"{name}_bytes"]
            ratio(f"7 report.{name} size", b and b / MB, "MB", key)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines += ["", "targets:"]
    for name, x in t.items():
        target, value = TARGETS[name], x["value"]
        shown = value if isinstance(value, list) else f"{value:.3g} {target.unit}".strip()
        mark = "✓ met" if x["met"] else "✗ MISSED"
        lines.append(f"  {target.what}: {shown} (target {target.text()}) {mark}")
    mi = res["machine"]
    lines.append("")
    lines.append(
        f"{mi['cpu_count']} CPUs ({mi.get('cpu_model', '?')}), Python {mi['python']}, "
        f"load {mi['loadavg_start'][0]:.2f} at the start and {mi['loadavg_end'][0]:.2f} at "
        f"the end, total {res['total_runtime_s']} s"
        + (f", build cache present: {res['build_had_cache']}" if "build_had_cache" in res else "")
    )
    lines.append("peak RSS: largest process (wait4 ru_maxrss); tree = sampled sum over the tree")
    for n in res["notes"]:
        lines.append(f"note: {n}")
    return "\n".join(lines)
