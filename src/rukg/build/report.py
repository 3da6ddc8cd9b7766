"""Building the report: validate → execute notebooks → one HTML → PDF, written atomically.

The report knows nothing of trade or aid: it runs the notebooks listed in
:data:`rukg.config.REPORT_NOTEBOOKS` (:mod:`rukg.build.execute`), hides their
code, wraps their outputs in one self-contained HTML page and renders that page
to PDF with WeasyPrint (:mod:`rukg.build.export`, :mod:`rukg.build.numbering`).

Nothing is moved into ``report/`` or ``figures/`` until every step has
succeeded, so a failed build leaves the previous report as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path

import nbformat

from rukg import config
from rukg.build.execute import execute, execute_all
from rukg.build.export import (
    body_html,
    font_faces,
    inputs_epoch,
    make_exporter,
    render_html,
    write_pdf,
)
from rukg.build.inputs import fingerprint, input_files, manifest, report_fingerprint, up_to_date
from rukg.build.notebooks import (
    check_params,
    declared_parameters,
    inject_parameters,
    parameter_names,
)
from rukg.build.numbering import Section
from rukg.build.validate import validated
from rukg.catalogue import Catalogue
from rukg.config import Paths
from rukg.errors import BuildError
from rukg.present.inputs import CATALOGUE_ENV, Inputs, write_validated
from rukg.transact import atomic_write

__all__ = [
    "BuildError",
    "build",
    "clean",
    # The steps, as the tests and older callers name them from here.
    "input_files",
    "fingerprint",
    "report_fingerprint",
    "check_params",
    "declared_parameters",
    "parameter_names",
    "inject_parameters",
    "execute",
    "make_exporter",
    "font_faces",
]


# A notebook's page body, kept in its cache entry beside the executed notebook.
BODY = "body.html"
_exporters = threading.local()


def _store_body(name: str, nb: nbformat.NotebookNode, entry: Path) -> None:
    """Write the executed notebook's page body into its cache entry (in the worker that ran
    it, while the other notebooks run; one exporter per worker thread)."""
    exporter = getattr(_exporters, "exporter", None)
    if exporter is None:
        exporter = _exporters.exporter = make_exporter()
    (entry / BODY).write_text(body_html(nb, exporter, f"notebooks/{name}"), encoding="utf-8")


def _preload_pdf() -> None:
    import weasyprint  # noqa: F401  (imported for its side effect: loaded once per process)

    font_faces()


def build(
    paths: Paths = config.PATHS,
    force: bool = False,
    log=print,
    params: dict | None = None,
    cat: Catalogue | None = None,
) -> bool:
    """Build ``report/report.html`` and ``report/report.pdf``; return whether anything was built.

    ``params`` override the notebooks' ``parameters`` cells. Skips the work
    when the committed report's fingerprint equals the inputs'. ``cat``: the catalogue,
    when the caller has just validated it (:func:`rukg.build.validate.validated`).
    """
    if cat is None:
        cat = validated(paths)  # validation first: a DataError stops the build here
    params = params or {}
    check_params(params, paths)
    fp = fingerprint(paths, params)
    if not force and up_to_date(paths, fp):
        log(f"report is up to date (fingerprint {fp[:12]})")
        return False

    paths.build_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=paths.build_dir, prefix="stage-") as stage_dir:
        stage = Path(stage_dir)
        figures_stage = stage / "figures"
        figures_stage.mkdir()
        # The kernels read the catalogue just validated instead of validating it again,
        # each, with the files validation checked on the way and the chapters' tables,
        # computed here once (rukg.present.inputs); a notebook run by hand makes its own.
        validated_catalogue = stage / "catalogue.pickle"
        write_validated(Inputs.for_build(paths, cat, params), validated_catalogue)
        # The PDF engine and the page's fonts load while the kernels run: the main process
        # only waits for them then, and the PDF step starts with both ready.
        preload = threading.Thread(target=_preload_pdf, daemon=True)
        preload.start()
        entries = execute_all(
            paths, params, log, {CATALOGUE_ENV: str(validated_catalogue)}, finish=_store_body
        )
        preload.join()
        sections = []
        for name, entry in entries.items():
            for f in sorted((entry / "figures").iterdir()):
                shutil.copyfile(f, figures_stage / f.name)
            numbering = config.NUMBERING.get(name, "number")
            body = (entry / BODY).read_text(encoding="utf-8")
            sections.append(Section(Path(name).stem, body, numbering))
        html = render_html(sections, cat, fp)
        (stage / "report.html").write_text(html, encoding="utf-8")
        log("rendering PDF")
        write_pdf(html, stage / "report.pdf", paths.report_dir, inputs_epoch(cat))

        # Everything succeeded: move the outputs into place, then record their checksums
        # (a no-op build trusts the outputs only if they still match; see inputs.up_to_date).
        paths.report_dir.mkdir(exist_ok=True)
        paths.figures_out.mkdir(exist_ok=True)
        outputs = []
        for f in sorted(figures_stage.iterdir()):
            os.replace(f, paths.figures_out / f.name)
            outputs.append(paths.figures_out / f.name)
        for name in ("report.html", "report.pdf"):
            os.replace(stage / name, paths.report_dir / name)
            outputs.append(paths.report_dir / name)
        atomic_write(paths.manifest, manifest(paths, fp, outputs))
        # Last, once the new outputs stand: a chart no notebook draws any more goes.
        made = {f.name for f in outputs}
        for f in sorted(paths.figures_out.glob("*")):
            if f.suffix in (".svg", ".png") and f.name not in made:
                f.unlink()
    log(
        f"wrote {paths.report_html.relative_to(paths.root)} and {paths.report_pdf.relative_to(paths.root)}"
    )
    return True


def clean(paths: Paths = config.PATHS) -> None:
    shutil.rmtree(paths.build_dir, ignore_errors=True)
