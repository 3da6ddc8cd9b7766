"""Building the report: validate → execute notebooks → one HTML → PDF, written atomically.

The report knows nothing of trade or aid: it runs the notebooks listed in
:data:`rukg.config.REPORT_NOTEBOOKS`, hides their code, wraps their outputs in
one self-contained HTML page and renders that page to PDF with WeasyPrint.

Nothing is moved into ``report/`` or ``figures/`` until every step has
succeeded, so a failed build leaves the previous report as it was.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from rukg import __version__, config
from rukg.present import glue
from rukg.build.validate import validated
from rukg.catalogue import Catalogue
from rukg.config import Paths
from rukg.build.inputs import fingerprint, input_files, manifest, report_fingerprint, up_to_date
from rukg.errors import BuildError
from rukg.transact import atomic_write

__all__ = ["BuildError", "input_files", "fingerprint", "report_fingerprint", "build"]

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
FONT_FAMILY = "Source Sans 3"
# The shipped faces (templates/fonts/, OFL): file stem -> (weight, style).
FONT_FACES = {
    "SourceSans3-400-normal": (400, "normal"),
    "SourceSans3-400-italic": (400, "italic"),
    "SourceSans3-600-normal": (600, "normal"),
    "SourceSans3-700-normal": (700, "normal"),
}


@contextmanager
def _env(**values: str):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def parameter_names(nb: nbformat.NotebookNode) -> list[str]:
    """Names assigned in the notebook's cell tagged ``parameters``."""
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise BuildError(f"expected one cell tagged 'parameters', found {len(cells)}")
    return re.findall(r"^([A-Za-z_]\w*)\s*=", cells[0].source, re.M)


def inject_parameters(nb: nbformat.NotebookNode, params: dict) -> nbformat.NotebookNode:
    """Add a cell after the ``parameters`` cell setting the given values (papermill's convention).

    Only names the notebook declares are set; the report's methodology prints
    the values actually used.
    """
    names = parameter_names(nb)
    given = {k: v for k, v in params.items() if k in names}
    if not given:
        return nb
    index = next(
        i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])
    )
    cell = nbformat.v4.new_code_cell(
        "# Parameters injected by the build\n"
        + "\n".join(f"{k} = {v!r}" for k, v in sorted(given.items()))
    )
    cell.id = "injected-parameters"
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(index + 1, cell)
    return nb


def load_params(path: Path | None, paths: Paths = config.PATHS) -> dict:
    """Parameters from a YAML file, checked (see :func:`rukg.analysis.parameters.load_params`)."""
    from rukg.analysis.parameters import load_params as load

    return load(path, paths)


def read_notebook(path: Path, label: str) -> nbformat.NotebookNode:
    """A notebook, or a :class:`BuildError` in one line naming it (never a traceback; a
    pipe or a directory in its place is refused without being opened)."""
    from rukg.files import file_problem

    if problem := file_problem(path, label):
        raise BuildError(f"{label}: {problem.message}")
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as e:  # nbformat raises JSON, schema and version errors of many kinds
        what = (str(e).strip().splitlines() or [type(e).__name__])[0][:200]
        raise BuildError(f"{label}: not a valid notebook ({what})") from None
    return nb


def declared_parameters(paths: Paths) -> dict[str, list[str]]:
    """Per notebook of the report, the names its ``parameters`` cell declares."""
    declared = {}
    for name in config.REPORT_NOTEBOOKS:
        nb = read_notebook(paths.notebooks / name, f"notebooks/{name}")
        try:
            declared[name] = parameter_names(nb)
        except BuildError as e:
            raise BuildError(f"notebooks/{name}: {e}") from None
    return declared


def check_params(params: dict, paths: Paths) -> None:
    """The parameters are those :mod:`rukg.analysis.parameters` defines, with valid values, and the
    notebooks' ``parameters`` cells declare only those (each used by at least one notebook)."""
    from rukg.analysis.parameters import PARAMETERS, validate

    declared = declared_parameters(paths)
    for name, names in declared.items():
        stray = sorted(set(names) - set(PARAMETERS))
        if stray:
            raise BuildError(
                f"notebooks/{name}: the parameters cell sets {', '.join(stray)}, which "
                "rukg.analysis.parameters does not define; only user parameters belong there"
            )
    unused = sorted(set(PARAMETERS) - {n for names in declared.values() for n in names})
    if unused:
        raise BuildError(f"no notebook declares the parameter(s) {', '.join(unused)}")
    validate(params, paths)


def execute(
    nb_path: Path, paths: Paths, figures_dir: Path, params: dict | None = None
) -> nbformat.NotebookNode:
    """Run a notebook top to bottom on a fresh kernel, as JupyterLab would."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = inject_parameters(read_notebook(nb_path, f"notebooks/{nb_path.name}"), params or {})
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(nb_path.parent)}},
    )
    # The kernel gets these: the project root to read, the staging folder for charts.
    # Passed to the kernel's process, not set globally, so notebooks can run in parallel.
    env = {
        **os.environ,
        "RUKG_ROOT": str(paths.root),
        "RUKG_FIGURES_DIR": str(figures_dir),
        "MPLBACKEND": "Agg",
    }
    try:
        client.execute(env=env)
    except CellExecutionError as e:
        where = _failed_cell(nb)
        raise BuildError(f"notebooks/{nb_path.name}, {where}: {e.ename}: {e.evalue}") from None
    return nb


def _failed_cell(nb: nbformat.NotebookNode) -> str:
    """The cell that raised, counted as the notebook shows it (the injected cell not counted)."""
    number = 0
    for cell in nb.cells:
        injected = "injected-parameters" in cell.get("metadata", {}).get("tags", [])
        number += not injected
        if cell.cell_type == "code" and any(
            o.get("output_type") == "error" for o in cell.get("outputs", [])
        ):
            return "the injected parameters cell" if injected else f"cell {number}"
    return "a cell"


def _strip_for_report(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what a reader should not see: stderr streams and cells tagged ``remove``."""
    nb = nbformat.from_dict(nb)
    kept = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & {"remove", "remove-cell"}:
            continue
        if cell.cell_type == "code":
            cell.outputs = [
                o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")
            ]
            cell.execution_count = None
        kept.append(cell)
    nb.cells = kept
    return nb


def make_exporter():
    """The HTML exporter for notebook bodies: built once per build, it is slow to load."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="rukg_body",
        extra_template_basedirs=[str(TEMPLATES / "nbconvert")],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def _body_html(nb: nbformat.NotebookNode, exporter, label: str = "notebook") -> str:
    # Glued values enter the prose here, on a copy: the cached notebook keeps its glue outputs.
    body, _ = exporter.from_notebook_node(_strip_for_report(glue.apply(nb, label)))
    # nbconvert marks each cell with its notebook cell id ("cell-id=setup"): every notebook
    # has a "setup" cell, and the page needs none of them.
    return re.sub(r' id="cell-id=[^"]*"', "", body)


@dataclass(frozen=True)
class Section:
    name: str
    body: str
    numbering: str = "number"  # "number", "letter" or "none"


@dataclass(frozen=True)
class TocEntry:
    level: int
    label: str
    title: str
    anchor: str


_BLOCK = re.compile(
    r'<h(?P<level>[1-3]) id="[^"]*">(?P<title>.*?)<a class="anchor-link"[^>]*>[^<]*</a></h(?P=level)>'
    r'|<div class="rukg-chart" data-name="(?P<chart>[^"]*)" data-title="(?P<ctitle>[^"]*)">'
    r"(?P<cbody>.*?)</div><!-- /rukg-chart -->"
    r'|(?:<p class="table-caption">(?P<caption>.*?)</p>)?<table class="data"(?P<tattrs>[^>]*)>',
    re.S,
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"<[^>]+>", "", text).lower()).strip("-")


def number_sections(sections: list[Section]) -> tuple[list[Section], list[TocEntry]]:
    """Number headings, figures and tables across the document; collect the table of contents.

    Headings become ``<h1 id="sec-2">2 Title</h1>`` (chapters numbered, back
    matter lettered, the summary unnumbered), charts ``<figure id="fig-N">``
    with a caption taken from the chart's title, tables ``Table N.`` captions.
    """
    toc: list[TocEntry] = []
    counts = {"number": 0, "letter": 0, "figure": 0, "table": 0}
    out = []
    for section in sections:
        # Per notebook: the current chapter label and counters for its sub-levels.
        state = {"chapter": "", "sub": [0, 0]}

        def repl(m: re.Match, section: Section = section, state: dict = state) -> str:
            if m.group("level"):
                level, title = int(m.group("level")), m.group("title").strip()
                if section.numbering == "none":
                    anchor = f"s-{_slug(title)}"
                    toc.append(TocEntry(level, "", title, anchor))
                    return f'<h{level} id="{anchor}">{title}</h{level}>'
                if level == 1:
                    counts[section.numbering] += 1
                    n = counts[section.numbering]
                    state["chapter"] = (
                        str(n) if section.numbering == "number" else chr(ord("A") + n - 1)
                    )
                    state["sub"] = [0, 0]
                    label = state["chapter"]
                else:
                    state["sub"][level - 2] += 1
                    if level == 2:
                        state["sub"][1] = 0
                    label = ".".join([state["chapter"], *map(str, state["sub"][: level - 1])])
                anchor = "sec-" + label.replace(".", "-")
                toc.append(TocEntry(level, label, title, anchor))
                return (
                    f'<h{level} id="{anchor}"><span class="secno">{label}</span> {title}</h{level}>'
                )
            if m.group("chart") is not None:
                # The chart draws its own title; the caption only numbers it, so the
                # title appears once. The title stays in the figure's accessible name.
                counts["figure"] += 1
                n = counts["figure"]
                return (
                    f'<figure class="chart rukg-chart" id="fig-{n}" data-name="{m.group("chart")}" '
                    f'aria-label="{m.group("ctitle")}">{m.group("cbody")}'
                    f'<figcaption><span class="figno">Figure {n}</span></figcaption></figure>'
                )
            counts["table"] += 1
            n = counts["table"]
            caption = m.group("caption") or ""
            return (
                f'<p class="table-caption" id="tab-{n}"><span class="tabno">Table {n}.</span> '
                f'{caption}</p><table class="data"{m.group("tattrs")} aria-labelledby="tab-{n}">'
            )

        out.append(Section(section.name, _BLOCK.sub(repl, section.body), section.numbering))
    return out, toc


def toc_html(entries: list[TocEntry]) -> str:
    """The table of contents: chapters and their sections, each a link (with page numbers in print)."""
    items = []
    for e in entries:
        if e.level > 2:
            continue
        label = f'<span class="secno">{e.label}</span> ' if e.label else ""
        items.append(f'<li class="toc-{e.level}"><a href="#{e.anchor}">{label}{e.title}</a></li>')
    return '<nav id="toc"><h2 class="toc-title">Contents</h2><ol>' + "".join(items) + "</ol></nav>"


@functools.cache
def _woff(path: Path) -> str:
    """A TrueType font as a base64 WOFF data URI (compressed once per process). The font's
    own timestamp is kept, so the page is the same at every build."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, recalcTimestamp=False)
    font.flavor = "woff"
    buffer = io.BytesIO()
    font.save(buffer)
    return "data:font/woff;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def font_faces() -> str:
    """``@font-face`` rules embedding the report's typeface, for the page and for the PDF."""
    rules = []
    for stem, (weight, style) in FONT_FACES.items():
        uri = _woff(TEMPLATES / "fonts" / f"{stem}.ttf")
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
            f'font-style: {style}; src: url("{uri}") format("woff"); }}'
        )
    return "\n".join(rules)


def render_html(sections: list[Section], cat: Catalogue, fp: str) -> str:
    sections, toc = number_sections(sections)
    published = sorted(cat.sources["published"])
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        keep_trailing_newline=True,
    )
    template = env.get_template("report.html.j2")
    from markupsafe import Markup

    return template.render(
        title=config.REPORT_TITLE,
        version=__version__,
        fingerprint=fp,
        css=Markup(font_faces() + "\n" + (TEMPLATES / "report.css").read_text(encoding="utf-8")),
        n_sources=len(cat.sources),
        first_published=published[0][:4],
        last_published=published[-1][:4],
        front=[
            Section(s.name, Markup(s.body), s.numbering) for s in sections if s.numbering == "none"
        ],
        sections=[
            Section(s.name, Markup(s.body), s.numbering) for s in sections if s.numbering != "none"
        ],
        toc=Markup(toc_html(toc)),
        data_date=published[-1],
    )


def write_pdf(html: str, target: Path, base: Path, epoch: int) -> None:
    """Render the HTML to PDF; ``epoch`` (seconds) stands in for the clock in embedded fonts.
    A chart that would leave a page underfilled waits for the text after it
    (:mod:`rukg.build.paginate`)."""
    from rukg.build import paginate

    # fontTools stamps font subsets with the time unless SOURCE_DATE_EPOCH is set.
    with _env(SOURCE_DATE_EPOCH=str(epoch)):
        paginate.render(html, str(base)).write_pdf(target)


def inputs_epoch(cat: Catalogue) -> int:
    """A timestamp taken from the inputs, not the clock: the newest source's publication date."""
    newest = max(cat.sources["published"])
    return int(pd.Timestamp(newest).tz_localize("UTC").timestamp())


def notebook_keys(paths: Paths, params: dict) -> dict[str, str]:
    """A cache key per notebook: a hash of the notebook, of everything else it can read
    (data, package code, templates, the dependency lock) and of the parameters."""
    import json

    shared = hashlib.sha256()
    for name, f in input_files(paths).items():
        if not name.startswith("notebooks/"):
            shared.update(name.encode() + b"\0" + f.read_bytes() + b"\0")
    shared.update(json.dumps(params, sort_keys=True, default=str).encode())
    keys = {}
    for name in config.REPORT_NOTEBOOKS:
        h = shared.copy()
        h.update(name.encode() + b"\0" + (paths.notebooks / name).read_bytes())
        keys[name] = h.hexdigest()[:20]
    return keys


def _cache_dir(paths: Paths, name: str, key: str) -> Path:
    return paths.build_dir / "cache" / f"{Path(name).stem}-{key}"


def _run_into_cache(paths: Paths, name: str, key: str, params: dict) -> None:
    """Execute one notebook and store the executed notebook and its charts in the cache."""
    target = _cache_dir(paths, name, key)
    work = Path(tempfile.mkdtemp(dir=paths.build_dir, prefix=f"run-{Path(name).stem}-"))
    try:
        (work / "figures").mkdir()
        nb = execute(paths.notebooks / name, paths, work / "figures", params)
        nbformat.write(nb, work / "executed.ipynb")
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(work, target)  # a cache entry appears whole or not at all
    finally:
        shutil.rmtree(work, ignore_errors=True)


def execute_all(paths: Paths, params: dict, log=print) -> dict[str, Path]:
    """Executed notebooks for the report, re-running only those whose inputs changed, in parallel."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from rukg.progress import progress

    keys = notebook_keys(paths, params)
    todo = [
        n
        for n in config.REPORT_NOTEBOOKS
        if not (_cache_dir(paths, n, keys[n]) / "executed.ipynb").exists()
    ]
    for name in config.REPORT_NOTEBOOKS:
        if name not in todo:
            log(f"cached notebooks/{name}")
    if todo:
        paths.build_dir.mkdir(parents=True, exist_ok=True)
        pool = ThreadPoolExecutor(max_workers=max(1, min(len(todo), os.cpu_count() or 1)))
        try:
            futures = []
            for name in todo:
                log(f"executing notebooks/{name}")
                futures.append(pool.submit(_run_into_cache, paths, name, keys[name], params))
            # A bar of notebooks finished (on a terminal only), after the "executing" lines.
            done = as_completed(futures)
            for f in progress(done, "notebooks", total=len(futures), unit="notebook"):
                f.result()  # the first failure raises, naming notebook and cell
        finally:
            # On a failure, notebooks not yet started are not run: the build has failed anyway.
            pool.shutdown(wait=True, cancel_futures=True)
    return {name: _cache_dir(paths, name, keys[name]) for name in config.REPORT_NOTEBOOKS}


def build(
    paths: Paths = config.PATHS, force: bool = False, log=print, params: dict | None = None
) -> bool:
    """Build ``report/report.html`` and ``report/report.pdf``; return whether anything was built.

    ``params`` override the notebooks' ``parameters`` cells. Skips the work
    when the committed report's fingerprint equals the inputs'.
    """
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
        entries = execute_all(paths, params, log)
        exporter = make_exporter()
        sections = []
        for name, entry in entries.items():
            nb = nbformat.read(entry / "executed.ipynb", as_version=4)
            for f in sorted((entry / "figures").iterdir()):
                shutil.copyfile(f, figures_stage / f.name)
            numbering = config.NUMBERING.get(name, "number")
            body = _body_html(nb, exporter, f"notebooks/{name}")
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
        made = {f.name for f in figures_stage.iterdir()}
        for f in sorted(paths.figures_out.glob("*")):
            # A chart the notebooks no longer draw must not linger in figures/.
            if f.suffix in (".svg", ".png") and f.name not in made:
                f.unlink()
        for f in sorted(figures_stage.iterdir()):
            os.replace(f, paths.figures_out / f.name)
            outputs.append(paths.figures_out / f.name)
        for name in ("report.html", "report.pdf"):
            os.replace(stage / name, paths.report_dir / name)
            outputs.append(paths.report_dir / name)
        atomic_write(paths.manifest, manifest(paths, fp, outputs))
    log(
        f"wrote {paths.report_html.relative_to(paths.root)} and {paths.report_pdf.relative_to(paths.root)}"
    )
    return True


def clean(paths: Paths = config.PATHS) -> None:
    shutil.rmtree(paths.build_dir, ignore_errors=True)
