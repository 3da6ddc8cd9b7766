"""Building the report: validate → execute notebooks → one HTML → PDF, written atomically.

The report knows nothing of trade or aid: it runs the notebooks listed in
:data:`rukg.config.REPORT_NOTEBOOKS`, hides their code, wraps their outputs in
one self-contained HTML page and renders that page to PDF with WeasyPrint.

Nothing is moved into ``report/`` or ``figures/`` until every step has
succeeded, so a failed build leaves the previous report as it was.
"""

from __future__ import annotations

import hashlib
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
from rukg.catalogue import Catalogue, load
from rukg.config import Paths

__all__ = ["BuildError", "input_files", "fingerprint", "report_fingerprint", "build"]

TEMPLATES = Path(__file__).parent / "templates"
FINGERPRINT_META = "rukg-fingerprint"


class BuildError(Exception):
    """A notebook failed; the message names the notebook and the cell."""


def input_files(paths: Paths) -> dict[str, Path]:
    """Every file the report depends on, by a name independent of where the project lies.

    Data, notebooks and the lock are named relative to the project root, package
    code and templates as ``rukg/...``.
    """
    pkg = Path(__file__).parent
    found: dict[str, Path] = {}
    for folder, pattern, prefix in (
        (paths.data, "**/*", "data/"),
        (paths.notebooks, "*.ipynb", "notebooks/"),
        (pkg, "**/*.py", "rukg/"),
        (TEMPLATES, "**/*", "rukg/templates/"),
    ):
        for f in folder.glob(pattern):
            if f.is_file() and "__pycache__" not in f.parts:
                found[prefix + f.relative_to(folder).as_posix()] = f
    for f in (paths.lock, paths.root / "pyproject.toml"):
        if f.exists():
            found[f.name] = f
    return dict(sorted(found.items()))


def fingerprint(paths: Paths, params: dict | None = None) -> str:
    """SHA-256 over the names and contents of every input file, and the parameters."""
    h = hashlib.sha256()
    if params:
        import json

        h.update(b"params\0" + json.dumps(params, sort_keys=True, default=str).encode() + b"\0")
    for name, f in input_files(paths).items():
        h.update(name.encode() + b"\0")
        h.update(f.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return h.hexdigest()


def report_fingerprint(html_path: Path) -> str | None:
    """The fingerprint recorded in a built report, or ``None`` if there is none."""
    if not html_path.exists():
        return None
    marker = f'<meta name="{FINGERPRINT_META}" content="'
    text = html_path.read_text(encoding="utf-8")
    i = text.find(marker)
    if i < 0:
        return None
    j = i + len(marker)
    return text[j : text.index('"', j)]


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


def load_params(path: Path | None) -> dict:
    """Parameters from a YAML file (a mapping of names to plain values); none without a file."""
    if path is None:
        return {}
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise BuildError(f"{path}: cannot read parameters: {e}") from None
    if not isinstance(data, dict):
        raise BuildError(f"{path}: parameters must be a mapping of names to values")
    return data


def check_params(params: dict, paths: Paths) -> None:
    """Every parameter given must be declared by at least one notebook of the report."""
    declared = set()
    for name in config.REPORT_NOTEBOOKS:
        declared |= set(parameter_names(nbformat.read(paths.notebooks / name, as_version=4)))
    unknown = sorted(set(params) - declared)
    if unknown:
        raise BuildError(
            f"unknown parameter(s) {', '.join(unknown)}; the notebooks declare {', '.join(sorted(declared))}"
        )


def execute(
    nb_path: Path, paths: Paths, figures_dir: Path, params: dict | None = None
) -> nbformat.NotebookNode:
    """Run a notebook top to bottom on a fresh kernel, as JupyterLab would."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = inject_parameters(nbformat.read(nb_path, as_version=4), params or {})
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(nb_path.parent)}},
    )
    # The kernel inherits these: the project root to read, the staging folder for charts.
    with _env(RUKG_ROOT=str(paths.root), RUKG_FIGURES_DIR=str(figures_dir), MPLBACKEND="Agg"):
        try:
            client.execute()
        except CellExecutionError as e:
            index = next(
                (
                    i
                    for i, c in enumerate(nb.cells)
                    if c.cell_type == "code"
                    and any(o.get("output_type") == "error" for o in c.get("outputs", []))
                ),
                None,
            )
            where = f"cell {index + 1}" if index is not None else "a cell"
            raise BuildError(f"notebooks/{nb_path.name}, {where}: {e.ename}: {e.evalue}") from None
    return nb


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


def _body_html(nb: nbformat.NotebookNode) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="rukg_body",
        extra_template_basedirs=[str(TEMPLATES / "nbconvert")],
        exclude_input=True,
        exclude_input_prompt=True,
    )
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(_strip_for_report(nb))
    return body


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
    r'|<div class="output_svg output_subarea[^"]*">\s*(?P<svg><svg.*?</svg>)\s*</div>'
    r'|<table class="data">(?:<caption>(?P<caption>.*?)</caption>)?',
    re.S,
)
_SVG_TITLE = re.compile(r"<dc:title>(.*?)</dc:title>", re.S)


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
            if m.group("svg"):
                counts["figure"] += 1
                n = counts["figure"]
                found = _SVG_TITLE.search(m.group("svg"))
                title = found.group(1).strip() if found else ""
                return (
                    f'<figure class="chart" id="fig-{n}">{m.group("svg")}'
                    f'<figcaption><span class="figno">Figure {n}.</span> {title}</figcaption></figure>'
                )
            counts["table"] += 1
            n = counts["table"]
            caption = m.group("caption") or ""
            return (
                f'<table class="data" id="tab-{n}"><caption><span class="tabno">Table {n}.</span> '
                f"{caption}</caption>"
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
        css=Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
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
    """Render the HTML to PDF; ``epoch`` (seconds) stands in for the clock in embedded fonts."""
    from weasyprint import HTML

    # fontTools stamps font subsets with the time unless SOURCE_DATE_EPOCH is set.
    with _env(SOURCE_DATE_EPOCH=str(epoch)):
        HTML(string=html, base_url=str(base)).write_pdf(target)


def inputs_epoch(cat: Catalogue) -> int:
    """A timestamp taken from the inputs, not the clock: the newest source's publication date."""
    newest = max(cat.sources["published"])
    return int(pd.Timestamp(newest).tz_localize("UTC").timestamp())


def build(
    paths: Paths = config.PATHS, force: bool = False, log=print, params: dict | None = None
) -> bool:
    """Build ``report/report.html`` and ``report/report.pdf``; return whether anything was built.

    ``params`` override the notebooks' ``parameters`` cells. Skips the work
    when the committed report's fingerprint equals the inputs'.
    """
    cat = load(paths)  # validation first: a DataError stops the build here
    params = params or {}
    check_params(params, paths)
    fp = fingerprint(paths, params)
    if not force and report_fingerprint(paths.report_html) == fp and paths.report_pdf.exists():
        log(f"report is up to date (fingerprint {fp[:12]})")
        return False

    paths.build_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=paths.build_dir, prefix="stage-") as stage_dir:
        stage = Path(stage_dir)
        figures_stage = stage / "figures"
        figures_stage.mkdir()
        sections = []
        for name in config.REPORT_NOTEBOOKS:
            log(f"executing notebooks/{name}")
            nb = execute(paths.notebooks / name, paths, figures_stage, params)
            executed = paths.build_dir / "executed"
            executed.mkdir(exist_ok=True)
            nbformat.write(nb, executed / name)
            numbering = config.NUMBERING.get(name, "number")
            sections.append(Section(Path(name).stem, _body_html(nb), numbering))
        html = render_html(sections, cat, fp)
        (stage / "report.html").write_text(html, encoding="utf-8")
        log("rendering PDF")
        write_pdf(html, stage / "report.pdf", paths.report_dir, inputs_epoch(cat))

        # Everything succeeded: move the outputs into place.
        paths.report_dir.mkdir(exist_ok=True)
        paths.figures_out.mkdir(exist_ok=True)
        for f in sorted(figures_stage.iterdir()):
            os.replace(f, paths.figures_out / f.name)
        for name in ("report.html", "report.pdf"):
            os.replace(stage / name, paths.report_dir / name)
    log(
        f"wrote {paths.report_html.relative_to(paths.root)} and {paths.report_pdf.relative_to(paths.root)}"
    )
    return True


def clean(paths: Paths = config.PATHS) -> None:
    shutil.rmtree(paths.build_dir, ignore_errors=True)
