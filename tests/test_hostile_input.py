"""Hostile input, in process: every case breaks one thing in a copy of the project, runs the
command a user would (``rukg.build.cli.main``), and asserts the exit status, the exact message
lines, that no traceback was printed, and that ``data/`` and ``report/`` are byte-identical
(sha256) to before.

``make`` itself is exercised by ``test_bad_input.py``; here the cases run in process, so
the matrix stays fast (about half a second a case, most of it validation).
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_catalogue import rewrite

from rukg import config
from rukg.build import cli

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "data/sources/004_e4d2f5cf2dec9cc3.txt"  # blog2013
OK_ARTICLE = "Russia pledged $5 million to Kyrgyzstan in 2022.\n"


# --- the project copy -----------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("template") / "project"
    for name in ("data", "notebooks", "report", "figures"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("pyproject.toml", "requirements.lock"):
        shutil.copy2(ROOT / name, root / name)
    return root


@pytest.fixture
def project(template, tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(template, root, symlinks=True)
    return root


def digest(root: Path) -> dict[str, str]:
    """sha256 of every entry of data/ and report/ (links and pipes by what they are)."""
    out = {}
    for folder in ("data", "report"):
        for p in sorted((root / folder).rglob("*")):
            name = p.relative_to(root).as_posix()
            if p.is_symlink():
                out[name] = "link:" + os.readlink(p)
            elif p.is_fifo():
                out[name] = "fifo"
            elif p.is_file():
                out[name] = hashlib.sha256(p.read_bytes()).hexdigest()
            else:
                out[name] = "dir"
    return out


# --- how cases break things ------------------------------------------------------------


def edit_csv(path: str, change: Callable[[list[dict], list[str]], list[str] | None]):
    return lambda root: rewrite(root / path, change)


def cell(path: str, row: int, **values):
    """Set columns of data row ``row`` (counted from 1, as messages count)."""
    return edit_csv(path, lambda rows, fields: rows[row - 1].update(**values))


def bytes_of(path: str, change: Callable[[bytes], bytes]):
    def apply(root: Path) -> None:
        f = root / path
        f.write_bytes(change(f.read_bytes()))

    return apply


def replace_by_dir(path: str):
    def apply(root: Path) -> None:
        (root / path).unlink()
        (root / path).mkdir()

    return apply


def replace_by_fifo(path: str):
    def apply(root: Path) -> None:
        (root / path).unlink()
        os.mkfifo(root / path)

    return apply


def replace_by_link(path: str, target: str):
    def apply(root: Path) -> None:
        (root / path).unlink()
        (root / path).symlink_to(target)

    return apply


def write(path: str, data: bytes):
    def apply(root: Path) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)

    return apply


def fifo(path: str):
    def apply(root: Path) -> None:
        os.mkfifo(root / path)

    return apply


def both(*steps):
    def apply(root: Path) -> None:
        for step in steps:
            step(root)

    return apply


def _reregister(root: Path, name: str) -> None:
    """Record the new checksum of data/reference/<name> in provenance.csv, as someone who
    edits a reference file on purpose would: then only the file's own checks can catch it."""
    f = root / "data/reference" / name
    digest_ = hashlib.sha256(f.read_bytes()).hexdigest()
    edit_csv(
        "data/reference/provenance.csv",
        lambda rows, fields: next(r for r in rows if r["file"] == name).update(sha256=digest_),
    )(root)


def registered(name: str, data: bytes):
    def apply(root: Path) -> None:
        (root / "data/reference" / name).write_bytes(data)
        _reregister(root, name)

    return apply


def registered_edit(path: str, row: int, **values):
    def apply(root: Path) -> None:
        cell(path, row, **values)(root)
        _reregister(root, path.removeprefix("data/reference/"))

    return apply


def nothing(root: Path) -> None:
    pass


def draft_file(**changes) -> Callable[[Path], None]:
    """review/d.csv: one draft row for blog2013 with ``changes`` (column → value; a column
    set to None is dropped, an unknown one added)."""

    def apply(root: Path) -> None:
        from rukg.catalogue.drafts import DRAFT_COLUMNS

        row = {
            "reviewed": "yes",
            "id": "F-blog2013-099",
            "source_id": "blog2013",
            "subject": "",
            "quote": "forgive $500 million in debt from the country",
            "value": "500000000",
            "unit": "money",
            "currency": "USD",
            "year": "2013",
            "category": "economics",
            "kind": "other",
            "direction": "RU->KG",
            "status": "pledged",
            "low": "",
            "high": "",
            "note": "test",
        }
        columns = list(DRAFT_COLUMNS)
        for k, v in changes.items():
            if v is None:
                columns.remove(k)
                row.pop(k)
            else:
                if k not in columns:
                    columns.append(k)
                row[k] = v
        (root / "review").mkdir(exist_ok=True)
        with (root / "review/d.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
            w.writeheader()
            w.writerow(row)

    return apply


def add_source_args(path: str = "article.txt", **options) -> list[str]:
    values = {
        "id": "new2024",
        "publisher": "Test Wire",
        "title": "A test article",
        "published": "2024-05-02",
        "date-evidence": "dateline",
        "kind": "news analysis",
        **options,
    }
    args = ["add-source", path]
    for k, v in values.items():
        if v is not None:
            args += [f"--{k}", v]
    return args


def article(data: bytes = OK_ARTICLE.encode()) -> Callable[[Path], None]:
    return write("article.txt", data)


# --- the cases ------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    breaks: Callable[[Path], None]
    args: list[str]  # the command line after --root
    lines: list[str]  # stderr, exactly (the project root written as {root})
    code: int = 1


def problems(command: str, *lines: str, outcome: str = "nothing was built") -> list[str]:
    return [*lines, f"{command}: {len(lines)} problem(s) in the data; {outcome}"]


def bad(name, breaks, *lines, command="validate") -> Case:
    return Case(name, breaks, [command], problems(command, *lines))


def written(command: str, *lines: str) -> list[str]:
    return problems(command, *lines, outcome="nothing was written")


F, E, S = "data/figures.csv", "data/events.csv", "data/sources.csv"
LEADERS, PRESENCE, TERMS = "data/leaders.csv", "data/presence.csv", "data/mention_terms.csv"
FACTS = "data/reference/facts"
MARKUP = "tables hold plain text, and links only in URL columns"

CASES = [
    # --- tables: structure -----------------------------------------------------------
    bad(
        "missing-column",
        edit_csv(F, lambda rows, f: [c for c in f if c != "unit"]),
        "data/figures.csv: column 'unit': required column is missing",
    ),
    bad(
        "extra-column",
        edit_csv(E, lambda rows, f: [*f, "colour"]),
        "data/events.csv: column 'colour': unexpected column",
    ),
    bad(
        "duplicate-header",
        bytes_of(TERMS, lambda b: b.replace(b"term,group,pattern", b"term,term,pattern", 1)),
        "data/mention_terms.csv: column 'term': appears twice in the header",
    ),
    bad(
        "empty-file",
        bytes_of("data/audit_dismissed.csv", lambda b: b""),
        "data/audit_dismissed.csv: file is empty (no header row)",
    ),
    bad(
        "header-only",
        bytes_of("data/audit_dismissed.csv", lambda b: b.splitlines(keepends=True)[0]),
        "data/audit_dismissed.csv: has a header but no rows",
    ),
    bad(
        "stray-quote",
        bytes_of(
            "data/audit_dismissed.csv",
            lambda b: b.replace(b"D-edm2006-005,", b'D-edm2006-005,"', 1),
        ),
        "data/audit_dismissed.csv:4: row 3, column 'source_id': has 3 fields, the header has 5: "
        "its quoting is broken (a stray quote character?)",
    ),
    bad(
        "table-is-a-directory",
        replace_by_dir(PRESENCE),
        "data/presence.csv: is a directory, not a file",
    ),
    bad(
        "table-is-a-fifo",
        replace_by_fifo(LEADERS),
        "data/leaders.csv: is not a regular file (a pipe, socket or device)",
    ),
    bad(
        "table-is-a-symlink",
        replace_by_link(TERMS, "/etc/hostname"),
        "data/mention_terms.csv: is a symbolic link; data files must be regular files in the project",
    ),
    bad("table-missing", lambda r: (r / PRESENCE).unlink(), "data/presence.csv: file is missing"),
    bad(
        "huge-field",
        cell(F, 3, note="x" * 200_000),
        "data/figures.csv:4: row 3, column 'note': is 200,000 characters long; no field may exceed 10,000",
    ),
    bad(
        "table-not-utf8",
        bytes_of(TERMS, lambda b: b.replace(b"Beijing", b"Beij\xefng")),
        "data/mention_terms.csv: not UTF-8: byte 0xef at line 8, column 43",
    ),
    # --- tables: values --------------------------------------------------------------
    bad(
        "text-in-number",
        cell(F, 4, value="lots"),
        "data/figures.csv:5: row 4, column 'value': 'lots' is not a number",
    ),
    bad(
        "duplicate-id",
        edit_csv(E, lambda rows, f: rows[7].update(id=rows[6]["id"])),
        "data/events.csv:9: row 8, column 'id': duplicate value 'E-edm2006-007' (first in row 7)",
    ),
    bad(
        "unknown-source-id",
        cell(F, 3, source_id="nosuch"),
        "data/figures.csv:4: row 3, column 'source_id': 'nosuch' is not a source id in data/sources.csv",
    ),
    bad(
        "id-names-another-source",
        cell(F, 2, id="F-gs2019-099"),
        "data/figures.csv:3: row 2, column 'id': its middle part must be the row's source_id",
    ),
    bad(
        "event-id-names-another-source",
        cell(E, 1, id="E-gs2019-099"),
        "data/events.csv:2: row 1, column 'id': its middle part must be the row's source_id",
    ),
    bad(
        "unknown-event-id",
        cell("data/chart_annotations.csv", 2, event_id="E-blog2013-099"),
        "data/chart_annotations.csv:3: row 2, column 'event_id': unknown event id 'E-blog2013-099'",
    ),
    bad(
        "unknown-figure-id",
        cell("data/commitment_parts.csv", 5, amount_figure_id="F-gs2019-099"),
        "data/commitment_parts.csv:6: row 5, column 'amount_figure_id': unknown figure id 'F-gs2019-099'",
    ),
    bad(
        "quote-not-found",
        cell(F, 5, quote="a quote nobody wrote"),
        "data/figures.csv:6: row 5, column 'quote': not found verbatim in source 'edm2006'",
    ),
    bad(
        "value-disagrees",
        cell(F, 1, value="351"),
        "data/figures.csv:2: row 1, column 'value': 351 is not what the quote states; "
        "it states 'Some 350' (350 count)",
    ),
    bad(
        "unknown-currency",
        cell(F, 3, currency="EUR"),
        "data/figures.csv:4: row 3, column 'currency': 'EUR' is not one of USD, RUB, RUR",
    ),
    bad(
        "negative-amount",
        cell(F, 2, value="-15000000"),
        "data/figures.csv:3: row 2, column 'value': -15,000,000 is less than 0",
    ),
    bad(
        "full-width-digits-in-value",
        cell(F, 1, value="３５０"),
        "data/figures.csv:2: row 1, column 'value': '３５０' is not a number in ASCII digits",
    ),
    bad(
        "arabic-indic-digits-in-value",
        cell(F, 1, value="٣٥٠"),
        "data/figures.csv:2: row 1, column 'value': '٣٥٠' is not a number in ASCII digits",
    ),
    bad(
        "infinite-value",
        cell(F, 1, value="inf"),
        "data/figures.csv:2: row 1, column 'value': 'inf' is not a number in ASCII digits",
    ),
    bad(
        "full-width-digits-in-date",
        cell(E, 1, date="２００６-10-02"),
        "data/events.csv:2: row 1, column 'date': '２００６-10-02' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)",
    ),
    bad(
        "full-width-digits-in-published",
        cell(S, 1, published="２００６-10"),
        "data/sources.csv:2: row 1, column 'published': '２００６-10' is not an ISO date",
    ),
    bad(
        "impossible-date",
        cell(E, 1, date="2006-02-30"),
        "data/events.csv:2: row 1, column 'date': '2006-02-30' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)",
    ),
    bad(
        "event-in-1850",
        cell(E, 1, date="1850-10-02"),
        "data/events.csv:2: row 1, column 'date': '1850-10-02' is not between 1900 and 2100",
    ),
    bad(
        "commitment-month-13",
        cell("data/commitments.csv", 1, date="1994-13"),
        "data/commitments.csv:2: row 1, column 'date': '1994-13' is not an ISO date",
    ),
    bad(
        "nul-byte-in-note",
        cell(F, 2, note="ok\x00then"),
        "data/figures.csv:3: row 2, column 'note': contains the control character U+0000",
    ),
    bad(
        "bidi-override-in-event",
        cell(E, 3, event="Kant \u202eesab"),
        "data/events.csv:4: row 3, column 'event': contains the control character U+202E",
    ),
    bad(
        "script-tag-in-note",
        cell(F, 2, note="<script>alert(1)</script>"),
        f"data/figures.csv:3: row 2, column 'note': contains markup or a script link ('<s'); {MARKUP}",
    ),
    bad(
        "markdown-link-in-term",
        cell(TERMS, 1, term="[x](javascript:alert(1))"),
        f"data/mention_terms.csv:2: row 1, column 'term': contains markup or a script link ('](');"
        f" {MARKUP}",
    ),
    bad(
        "javascript-in-annotation",
        cell("data/chart_annotations.csv", 1, label="javascript:alert(1)"),
        "data/chart_annotations.csv:2: row 1, column 'label': contains markup or a script link "
        f"('javascript:'); {MARKUP}",
    ),
    bad(
        "data-uri-source-url",
        cell(S, 2, url="data:text/html;base64,PHNjcmlwdD4="),
        f"data/sources.csv:3: row 2, column 'url': contains markup or a script link ('data:text/html;');"
        f" {MARKUP}",
    ),
    bad(
        "ftp-source-url",
        cell(S, 2, url="ftp://example.org/a"),
        "data/sources.csv:3: row 2, column 'url': 'ftp://example.org/a' is not an http(s) URL",
    ),
    bad(
        "leader-ends-before-start",
        cell(LEADERS, 2, end="2004-01-01"),
        "data/leaders.csv:3: row 2, column 'end': before 'start'",
    ),
    bad(
        "leader-date-soon",
        cell(LEADERS, 2, end="soon"),
        "data/leaders.csv:3: row 2, column 'end': 'soon' is not a date YYYY-MM-DD",
    ),
    bad(
        "leader-citation-not-a-url",
        cell(LEADERS, 1, citation="see Wikipedia"),
        "data/leaders.csv:2: row 1, column 'citation': 'see Wikipedia' is not an http(s) URL",
    ),
    bad(
        "presence-ends-before-start",
        cell(PRESENCE, 1, end="2001-01"),
        "data/presence.csv:2: row 1, column 'end': before 'start'",
    ),
    bad(
        "presence-start-soon",
        cell(PRESENCE, 2, start="soon"),
        "data/presence.csv:3: row 2, column 'start': 'soon' is not a date YYYY-MM or YYYY-MM-DD",
    ),
    bad(
        "presence-closed-without-end",
        cell(PRESENCE, 1, end=""),
        "data/presence.csv:2: row 1, column 'end': required when end_kind is closed, blank otherwise",
    ),
    bad(
        "invalid-regex",
        cell(TERMS, 2, pattern="\\bSCO(\\b"),
        "data/mention_terms.csv:3: row 2, column 'pattern': '\\\\bSCO(\\\\b' is not a regular "
        "expression that compiles",
    ),
    bad(
        "unknown-term-group",
        cell(TERMS, 2, group="friend"),
        "data/mention_terms.csv:3: row 2, column 'group': 'friend' is not one of organisation, "
        "outside power, neighbour",
    ),
    bad(
        "correction-cites-javascript",
        cell("data/corrections.csv", 1, citation="javascript:alert(1)"),
        "data/corrections.csv:2: row 1, column 'citation': contains markup or a script link "
        f"('javascript:'); {MARKUP}",
    ),
    # --- reference tables (copies of cited files: a change is also a checksum problem) ---
    Case(
        "empty-reference-table",
        bytes_of(f"{FACTS}/remittances.csv", lambda b: b""),
        ["validate"],
        problems(
            "validate",
            "data/reference/facts/remittances.csv: file is empty (no header row)",
            "data/reference/provenance.csv:10: row 9, column 'sha256': "
            "data/reference/facts/remittances.csv has changed (checksum "
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855); reference files "
            "are never edited: log corrections in data instead",
        ),
    ),
    Case(
        "unregistered-reference-file",
        write(f"{FACTS}/extra.csv", b"id\nX\n"),
        ["validate"],
        problems(
            "validate",
            "data/reference/facts/extra.csv: not registered in data/reference/provenance.csv",
        ),
    ),
    bad(
        "boundaries-not-polygons",
        registered(
            "boundaries/ne_50m_admin0_kgz_neighbours.geojson",
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", '
            b'"properties": {}, "geometry": null}]}',
        ),
        "data/reference/boundaries/ne_50m_admin0_kgz_neighbours.geojson: feature 1: not a "
        "Polygon or MultiPolygon with an ADM0_A3 code and numeric rings",
    ),
    bad(
        "reference-table-negative-rate",
        registered("fx/usd_rub_daily.csv", b"date,rate\n11/30/2023,-88.8841\n"),
        "data/reference/fx/usd_rub_daily.csv:2: row 1, column 'rate': '-88.8841' is not a "
        "positive rate (roubles per US dollar)",
    ),
    bad(
        "reference-fact-javascript-url",
        registered_edit(f"{FACTS}/remittances.csv", 1, source_url="javascript:alert(1)"),
        "data/reference/facts/remittances.csv:2: row 1, column 'source_url': contains markup "
        f"or a script link ('javascript:'); {MARKUP}",
    ),
    Case(
        "reference-symlink-loop",
        lambda r: (r / "data/reference/loop").symlink_to("../reference"),
        ["validate"],
        problems(
            "validate",
            "data/reference/loop: is a symbolic link; data files must be regular files in the "
            "project, and not registered in data/reference/provenance.csv",
        ),
    ),
    bad(
        "full-width-year",
        cell(F, 1, year="２００６"),
        "data/figures.csv:2: row 1, column 'year': '２００６' is not a whole number in ASCII digits",
    ),
    bad(
        "provenance-path-escapes",
        cell("data/reference/provenance.csv", 1, file="../../etc/passwd"),
        "data/reference/provenance.csv:2: row 1, column 'file': '../../etc/passwd' is not a path "
        "inside data/reference/",
    ),
    # --- the source texts ----------------------------------------------------------------
    bad(
        "source-not-utf8",
        bytes_of(SOURCE, lambda b: b.replace("’".encode(), b"\x92")),
        f"{SOURCE}: not UTF-8: byte 0x92 at line 1, column 49; the file has changed since it "
        "was registered (data/sources.csv row 5): sources are never edited, restore it",
    ),
    bad(
        "source-empty",
        bytes_of(SOURCE, lambda b: b""),
        f"{SOURCE}: source text is empty; the file has changed since it was registered "
        "(data/sources.csv row 5): sources are never edited, restore it",
    ),
    bad(
        "source-is-a-link-outside",
        replace_by_link(SOURCE, "/etc/hostname"),
        f"{SOURCE}: is a symbolic link; data files must be regular files in the project",
    ),
    bad(
        "source-is-a-fifo",
        replace_by_fifo(SOURCE),
        f"{SOURCE}: is not a regular file (a pipe, socket or device)",
    ),
    bad(
        "unregistered-source",
        write("data/sources/stray.txt", b"An article nobody registered.\n"),
        "data/sources/stray.txt: not registered in data/sources.csv: register it with "
        "`python -m rukg add-source`, or remove it",
    ),
    # --- build: the same data problems stop it before any notebook ---------------------
    bad(
        "build-stops-on-bad-data",
        cell(F, 4, value="lots"),
        "data/figures.csv:5: row 4, column 'value': 'lots' is not a number",
        command="build",
    ),
    bad(
        "audit-stops-on-bad-data",
        cell(TERMS, 2, pattern="("),
        "data/mention_terms.csv:3: row 2, column 'pattern': '(' is not a regular expression "
        "that compiles",
        command="audit",
    ),
    # --- add-source --------------------------------------------------------------------
    Case(
        "add-source-bad-id",
        article(),
        add_source_args(id="../x"),
        written("add-source", "add-source --id: '../x' does not match ^[a-z][a-z0-9-]*$"),
    ),
    Case(
        "add-source-impossible-date",
        article(),
        add_source_args(published="2024-02-30"),
        written("add-source", "add-source --published: '2024-02-30' is not an ISO date"),
    ),
    Case(
        "add-source-javascript-url",
        article(),
        add_source_args(url="javascript:alert(1)"),
        written(
            "add-source",
            f"add-source --url: contains markup or a script link ('javascript:'); {MARKUP}",
        ),
    ),
    Case(
        "add-source-relative-url",
        article(),
        add_source_args(url="www.example.org"),
        written("add-source", "add-source --url: 'www.example.org' is not an http(s) URL"),
    ),
    Case(
        "add-source-unknown-kind",
        article(),
        add_source_args(kind="rumour"),
        written(
            "add-source",
            "add-source --kind: 'rumour' is not one of news, news analysis, reference page, "
            "commentary, blog",
        ),
    ),
    Case(
        "add-source-id-taken",
        article(),
        add_source_args(id="gs2019"),
        written("add-source", "data/sources.csv: column 'id': id 'gs2019' is already registered"),
    ),
    Case(
        "add-source-file-name-taken",
        write("000_73999eaadf003136.txt", OK_ARTICLE.encode()),
        add_source_args(path="000_73999eaadf003136.txt"),
        written(
            "add-source", "data/sources/000_73999eaadf003136.txt: a source file of that name exists"
        ),
    ),
    Case(
        "add-source-missing-file",
        nothing,
        add_source_args(path="nowhere.txt"),
        written("add-source", "nowhere.txt: file is missing"),
    ),
    Case(
        "add-source-directory",
        lambda r: (r / "adir").mkdir(),
        add_source_args(path="adir"),
        written("add-source", "adir: is a directory, not a file"),
    ),
    Case(
        "add-source-fifo",
        fifo("pipe.txt"),
        add_source_args(path="pipe.txt"),
        written("add-source", "pipe.txt: is not a regular file (a pipe, socket or device)"),
    ),
    Case(
        "add-source-not-utf8",
        article(b"Russia gave \xff5 million\n"),
        add_source_args(),
        written("add-source", "article.txt: not UTF-8: byte 0xff at line 1, column 13"),
    ),
    Case(
        "add-source-empty",
        article(b"  \n"),
        add_source_args(),
        written("add-source", "article.txt: the text is empty"),
    ),
    Case(
        "add-source-not-a-text-file-name",
        write("article.md", OK_ARTICLE.encode()),
        add_source_args(path="article.md"),
        written("add-source", "add-source path: 'article.md' does not match ^[^/\\\\]+\\.txt$"),
    ),
    Case(
        "add-source-on-invalid-data",
        both(article(), cell(F, 4, value="lots")),
        add_source_args(),
        written("add-source", "data/figures.csv:5: row 4, column 'value': 'lots' is not a number"),
    ),
    # --- draft and merge ---------------------------------------------------------------
    Case(
        "draft-unknown-id",
        nothing,
        ["draft", "nosuch"],
        [
            "draft: unknown source id 'nosuch'; the sources are edm2006, gs2019, edm2007, "
            "comm2023, blog2013"
        ],
    ),
    Case(
        "merge-extra-column",
        draft_file(colour="red"),
        ["merge", "review/d.csv"],
        written("merge", "review/d.csv: column 'colour': unexpected column"),
    ),
    Case(
        "merge-missing-column",
        draft_file(unit=None),
        ["merge", "review/d.csv"],
        written("merge", "review/d.csv: column 'unit': required column is missing"),
    ),
    Case(
        "merge-invalid-row",
        draft_file(category=""),
        ["merge", "review/d.csv"],
        written("merge", "data/figures.csv:45: row 44, column 'category': is blank but required"),
    ),
    Case(
        "merge-wrong-value",
        draft_file(value="400000000"),
        ["merge", "review/d.csv"],
        written(
            "merge",
            "data/figures.csv:45: row 44, column 'value': 400,000,000 is not what the quote "
            "states; it states '$500 million' (500,000,000 USD)",
        ),
    ),
    Case(
        "merge-reviewed-maybe",
        draft_file(reviewed="maybe"),
        ["merge", "review/d.csv"],
        written(
            "merge", "review/d.csv:2: row 1, column 'reviewed': 'maybe' is not blank, yes or no"
        ),
    ),
    Case(
        "merge-script-in-note",
        draft_file(note="<img src=x onerror=alert(1)>"),
        ["merge", "review/d.csv"],
        written(
            "merge",
            f"review/d.csv:2: row 1, column 'note': contains markup or a script link ('<i'); {MARKUP}",
        ),
    ),
    Case(
        "merge-missing-draft",
        nothing,
        ["merge", "review/none.csv"],
        written("merge", "review/none.csv: file is missing"),
    ),
    Case(
        "merge-draft-is-a-fifo",
        both(lambda r: (r / "review").mkdir(), fifo("review/d.csv")),
        ["merge", "review/d.csv"],
        written("merge", "review/d.csv: is not a regular file (a pipe, socket or device)"),
    ),
    # --- parameters: checked before the data, before any kernel ---------------------------
    *[
        Case(
            f"params-{name}",
            write("p.yaml", text),
            ["build", "--params", "p.yaml"],
            [f"build: p.yaml: {message}; nothing was built"],
        )
        for name, text, message in [
            (
                "string-boolean",
                b'use_later_facts: "false"\n',
                "'use_later_facts' must be true or false (unquoted), got 'false' (text)",
            ),
            (
                "negative-extensions",
                b"treaty_extensions: -1\n",
                "'treaty_extensions' must be a whole number \u2265 0, got -1",
            ),
            ("integer-key", b"1: 2\n", "parameter names must be text, got 1"),
            (
                "internal-name",
                b"project_root: /x\n",
                "'project_root' is not a parameter: the build sets it (--root, or $RUKG_ROOT); "
                "the parameters are base_year, index_base_year, treaty_extensions, use_later_facts",
            ),
            (
                "base-year-before-cpi",
                b"base_year: 1800\n",
                "'base_year' must be a year from 1913 to 2024 (the full years of the US CPI-U "
                "table), got 1800",
            ),
            (
                "unknown-name",
                b"bogus: 1\n",
                "unknown parameter 'bogus'; the parameters are base_year, index_base_year, "
                "treaty_extensions, use_later_facts",
            ),
            (
                "yaml-error",
                b"base_year: [\n",
                "line 2, column 1: not valid YAML: expected the node content, but found "
                "'<stream end>'",
            ),
            (
                "not-utf8",
                b"base_year: 20\xff1\n",
                "line 1: not UTF-8 (byte 0xff at column 14); save the file as UTF-8",
            ),
        ]
    ],
    Case(
        "params-directory",
        lambda r: (r / "p.yaml").mkdir(),
        ["build", "--params", "p.yaml"],
        ["build: p.yaml: is a directory, not a parameters file; nothing was built"],
    ),
    Case(
        "params-missing",
        nothing,
        ["build", "--params", "p.yaml"],
        ["build: p.yaml: no such file; nothing was built"],
    ),
    # --- notebooks ---------------------------------------------------------------------
    Case(
        "notebook-not-json",
        write("notebooks/summary.ipynb", b"{ not json"),
        ["build"],
        [
            "build: failed in notebooks/summary.ipynb: not a valid notebook (Notebook does not "
            "appear to be JSON: '{ not json'); the previous report is untouched"
        ],
    ),
    Case(
        "notebook-is-a-directory",
        replace_by_dir("notebooks/appendix.ipynb"),
        ["build"],
        [
            "build: failed in notebooks/appendix.ipynb: is a directory, not a file; the previous "
            "report is untouched"
        ],
    ),
    Case(
        "notebook-without-parameters-cell",
        bytes_of(
            "notebooks/02_economics.ipynb",
            lambda b: b.replace(b'"parameters"', b'"params"'),
        ),
        ["build"],
        [
            "build: failed in notebooks/02_economics.ipynb: expected one cell tagged 'parameters', "
            "found 0; the previous report is untouched"
        ],
    ),
    # --- the command line itself -------------------------------------------------------
    Case(
        "root-is-not-a-project",
        nothing,
        ["--root", "/", "validate"],
        ["validate: --root /: no data/ folder there; is it the project root?"],
    ),
    Case(
        "audit-unknown-source",
        nothing,
        ["audit", "nosuch"],
        ["audit: unknown source id(s): nosuch"],
        code=2,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_input(case, project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    monkeypatch.setenv("RUKG_ROOT", str(project))
    case.breaks(project)
    before = digest(project)
    args = case.args if case.args[0] == "--root" else ["--root", str(project), *case.args]
    code = cli.main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert err.splitlines() == [line.replace("{root}", str(project)) for line in case.lines], err
    assert code == case.code
    assert digest(project) == before, "data/ or report/ changed"


def test_the_matrix_is_long_enough():
    assert len(CASES) >= 60


# --- writes that succeed are whole, and handle files without a final newline -------------


def test_add_source_appends_after_a_last_line_without_newline(project, capsys):
    sources = project / "data/sources.csv"
    sources.write_bytes(sources.read_bytes().rstrip(b"\n"))
    article()(project)
    code = cli.main(["--root", str(project), *add_source_args(path=str(project / "article.txt"))])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = sources.read_text(encoding="utf-8").splitlines()
    assert lines[-2].startswith("blog2013,") and lines[-1].startswith("new2024,article.txt,")
    assert "new2024:1:16: $5 million" in out.splitlines()
    assert (project / "data/sources/article.txt").read_text() == OK_ARTICLE
    assert (project / "review/new2024_figures.csv").exists()


def test_merge_appends_after_a_last_line_without_newline_and_empties_the_draft(project, capsys):
    figures = project / "data/figures.csv"
    figures.write_bytes(figures.read_bytes().rstrip(b"\n"))
    draft_file()(project)
    code = cli.main(["--root", str(project), "merge", str(project / "review/d.csv")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert figures.read_text(encoding="utf-8").splitlines()[-1].startswith("F-blog2013-099,")
    assert (project / "review/d.csv").read_text() == (
        "reviewed,id,source_id,subject,quote,value,unit,currency,year,category,kind,direction,"
        "status,year_confidence,category_confidence,kind_confidence,status_confidence,"
        "low,high,note\n"
    )


def test_merge_with_a_byte_order_mark_keeps_the_id(project, capsys):
    figures = project / "data/figures.csv"
    figures.write_bytes(b"\xef\xbb\xbf" + figures.read_bytes())
    draft_file()(project)
    draft = project / "review/d.csv"
    draft.write_bytes(b"\xef\xbb\xbf" + draft.read_bytes())
    assert cli.main(["--root", str(project), "merge", str(draft)]) == 0, capsys.readouterr().err
    assert figures.read_text(encoding="utf-8").splitlines()[-1].startswith("F-blog2013-099,")


def test_a_failed_commit_puts_back_what_it_wrote(tmp_path, monkeypatch):
    from rukg import transact

    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(b"old a\n")
    b.write_bytes(b"old b\n")
    real = transact.atomic_write
    calls = []

    def failing(path, data):
        calls.append(path)
        if path == b and data == b"new b\n":
            raise OSError("disk full")
        real(path, data)

    monkeypatch.setattr(transact, "atomic_write", failing)
    with pytest.raises(OSError):
        transact.commit({a: b"new a\n", b: b"new b\n"})
    assert a.read_bytes() == b"old a\n" and b.read_bytes() == b"old b\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"]  # no temp files


# --- internal errors, and the honest up-to-date check ------------------------------------


def test_internal_error_is_one_line_and_debug_shows_the_traceback(project, capsys, monkeypatch):
    import rukg.build.validate

    def broken(*a, **k):
        raise RuntimeError("something nobody expected\nsecond line")

    monkeypatch.setattr(rukg.build.validate, "load", broken)
    assert cli.main(["--root", str(project), "validate"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "validate: internal error (RuntimeError: something nobody expected); this is a bug in "
        "rukg, not in your input. Run `python -m rukg --debug ...` for the traceback"
    ]
    with pytest.raises(RuntimeError):
        cli.main(["--root", str(project), "--debug", "validate"])


def as_if_just_built(root: Path) -> str:
    """Mark the copy's report as built from its current inputs (the fingerprint in the HTML
    and the manifest), so these tests hold whether or not the committed report is fresh."""
    from rukg.build.inputs import FINGERPRINT_META, fingerprint, manifest, report_fingerprint

    paths = config.paths(root)
    fp = fingerprint(paths)
    html = paths.report_html.read_text(encoding="utf-8")
    old = report_fingerprint(paths.report_html)
    marker = f'<meta name="{FINGERPRINT_META}" content="'
    paths.report_html.write_text(html.replace(marker + old, marker + fp), encoding="utf-8")
    outputs = [paths.report_html, paths.report_pdf, *sorted((root / "figures").iterdir())]
    paths.manifest.write_bytes(manifest(paths, fp, outputs))
    return fp


def test_a_refusal_by_the_machine_is_one_line_not_a_bug(project, capsys, monkeypatch):
    from rukg import transact

    def full(path, data):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(transact, "atomic_write", full)
    article()(project)
    before = digest(project)
    code = cli.main(["--root", str(project), *add_source_args(path=str(project / "article.txt"))])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [
        f"add-source: {project}/data/sources/article.txt: No space left on device; nothing was "
        "left half-written"
    ]
    assert digest(project) == before


@pytest.mark.parametrize(
    "damage",
    [
        lambda r: (r / "report/report.pdf").write_bytes(b""),
        lambda r: (r / "report/report.html").write_text("<html></html>"),
        lambda r: (r / "report/report.pdf").unlink(),
        lambda r: (r / "report/manifest.json").unlink(),
        lambda r: (r / "report/manifest.json").write_text("{not json"),
        lambda r: (r / "figures/economics_trade_turnover.svg").write_text("<svg/>"),
        lambda r: (r / "figures/economics_trade_turnover.png").unlink(),
    ],
    ids=[
        "pdf-emptied",
        "html-replaced",
        "pdf-deleted",
        "manifest-deleted",
        "manifest-garbled",
        "chart-edited",
        "chart-deleted",
    ],
)
def test_a_damaged_report_is_not_up_to_date(project, damage, capsys, monkeypatch):
    from rukg.build import report
    from rukg.build.inputs import up_to_date

    paths = config.paths(project)
    fp = as_if_just_built(project)
    assert up_to_date(paths, fp)
    damage(project)
    assert not up_to_date(paths, fp)
    built = []
    monkeypatch.setattr(report, "build", lambda paths, force, params, cat=None: built.append(force))
    assert cli.main(["--root", str(project), "build"]) == 0
    assert built == [True]
    assert "up to date" not in capsys.readouterr().out


def test_force_rebuilds_an_up_to_date_report(project, capsys, monkeypatch):
    from rukg.build import report

    as_if_just_built(project)
    built = []
    monkeypatch.setattr(report, "build", lambda paths, force, params, cat=None: built.append(force))
    assert cli.main(["--root", str(project), "build"]) == 0
    assert "report is up to date" in capsys.readouterr().out and built == []
    assert cli.main(["--root", str(project), "build", "--force"]) == 0
    assert built == [True]
