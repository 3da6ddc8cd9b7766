"""Aid figures (chapters 1 and 2): what Russia pledged, and what became of it.

Every amount comes from the one accounting, :func:`rukg.analysis.ledger.transfers`: a
commitment's pledge is split into what was delivered, cancelled or withheld, is
unresolved and was never signed (these add up to the pledge); the stages of a
package (announced, signed, delivered) are shown side by side and never added.
"""

from __future__ import annotations

import pandas as pd

from rukg.analysis import aid, ledger
from rukg.formatting import format_usd
from rukg.present import bars, svg
from rukg.present.frame import Layout, frame, year_axis
from rukg.present.palette import colour, use
from rukg.present.palette import label as stage_name

PARTS_NOTE = "debt operations and recurring base rent are left out."


def _urls(ids) -> list[str | None]:
    return svg.evidence_urls(list(ids))


def _label_width(layout: Layout) -> float:
    return 1.35 if layout.narrow else 2.2


def aid_outcomes(inputs, layout: Layout):
    """One bar per commitment: the pledge, split by what became of it (the client's chart)."""
    transfers = inputs.transfers.sort_values(["pledged", "date"], ascending=[False, True])
    names = inputs.part_labels
    t = ledger.totals(transfers)
    rows = [
        bars.wrapped(names.get(p, lbl), layout, _label_width(layout))
        for p, lbl in zip(transfers["part_id"], transfers["label"], strict=True)
    ]
    ends = [format_usd(v) for v in transfers["pledged"]]
    lines = max(r.count("\n") + 1 for r in rows)
    row_h = max(0.26 if layout.narrow else 0.3, lines * layout.text * 1.64 / 72 + 0.06)
    f = frame(
        layout,
        title=aid.outcome_title(transfers),
        subtitle=(
            f"Each Russian commitment to Kyrgyzstan, {int(transfers['year'].min())}–"
            f"{int(transfers['year'].max())}: the pledge split by what became of it, "
            f"constant {inputs.base_year} US dollars"
        ),
        sources=aid.publishers(inputs.cat, transfers),
        note="a bar's segments add up to the pledge at its end; "
        + PARTS_NOTE
        + aid.basis_note(transfers),
        key=_outcome_key(transfers, t),
        plot_height=row_h * len(rows),
        left=bars.label_room(rows, layout) + 0.12,
        bottom_room=0.3,
    )
    key_colours = {s: use(f.fig, "stage", s) for s in ledger.OUTCOMES if (transfers[s] > 0).any()}
    ax = f.axes()
    urls = _urls(transfers["figure_ids"])
    segments = [
        [bars.Segment(float(r[s]), key_colours[s], url) for s in key_colours]
        for (_, r), url in zip(transfers.iterrows(), urls, strict=True)
    ]
    bars.outcome_bars(ax, layout, rows, segments, ends)
    f.fig.plotted = transfers[["part_id", *ledger.OUTCOMES, "pledged"]].reset_index(drop=True)
    return f.fig


def _outcome_key(data: pd.DataFrame, totals: dict) -> list:
    """The key (label, colour, box) for the outcomes drawn, each with its total."""
    return [
        (f"{stage_name('stage', s)} {format_usd(totals[s])}", colour("stage", s), "box")
        for s in ledger.OUTCOMES
        if (data[s] > 0).any()
    ]


def aid_cumulative(inputs, layout: Layout):
    """Running totals of pledges and deliveries, with the events that framed them, numbered."""
    transfers = inputs.transfers
    running = ledger.running_totals(transfers)
    events = aid.annotations(inputs.cat).sort_values("when").head(8)
    ends = {
        g: f"{g}\n{format_usd(sel['cumulative'].iloc[-1])}"
        for g, sel in running.groupby("group", sort=False)
    }
    right = bars.label_room(list(ends.values()), layout) + 0.12
    labels = list(events["label"])
    list_rows = bars.event_rows(labels, layout, layout.width)
    line = layout.text * 1.45 / 72
    band = list_rows * line + 0.08 + layout.text * 1.5 / 72  # the list, air, the numbers
    plot_h = layout.plot_height
    f = frame(
        layout,
        title=aid.running_title(transfers),
        subtitle=(
            "Running totals of Russian aid to Kyrgyzstan by date of the commitment, "
            f"constant {inputs.base_year} US dollars"
        ),
        sources=aid.publishers(inputs.cat, transfers),
        note="two running totals, never added (deliveries in front); numbers mark the events "
        "listed above. " + PARTS_NOTE.capitalize() + aid.basis_note(transfers),
        plot_height=plot_h + band,
        right=right,
        left=0.5 if layout.narrow else 0.6,
        bottom_room=0.25,
    )
    fig_h = f.fig.get_size_inches()[1]
    axes_top = f.top - band / fig_h
    ax = f.fig.add_axes([f.left, f.bottom, f.right - f.left, axes_top - f.bottom])
    series = []
    for stage in ("pledged", "delivered"):
        sel = running[running["group"] == ledger.OUTCOME_LABELS[stage]]
        series.append(
            (
                ends[ledger.OUTCOME_LABELS[stage]],
                list(sel["when"]),
                list(sel["cumulative"]),
                use(f.fig, "stage", stage),
                _urls(sel["figure_ids"]),
            )
        )
    last = max(
        running["when"].max(), events["when"].max() if len(events) else running["when"].max()
    )
    end = last + pd.DateOffset(years=1)
    bars.running_totals(ax, layout, series, end)
    year_axis(ax, layout, dates=True)
    marks = [
        (r["when"], r["label"], svg.evidence_urls([r["event_id"]])[0]) for _, r in events.iterrows()
    ]
    bars.event_marks(f, ax, marks, band_top=f.top)
    f.fig.plotted = running[["group", "when", "cumulative"]].reset_index(drop=True)
    return f.fig


def military_aid(inputs, layout: Layout):
    """Each military package at each stage: announced, signed, delivered, never added."""
    transfers = inputs.transfers
    military = transfers[transfers["instrument"] == "military_aid"].sort_values(
        "pledged", ascending=False
    )
    names = inputs.part_labels
    stages = {"pledged": "Announced", "signed": "Signed", "delivered": "Delivered"}
    rows_of = [_stage_rows(r, stages) for _, r in military.iterrows()]
    row_labels = [lbl for rows in rows_of for lbl, _ in rows]
    headers = [
        names.get(p, lbl) for p, lbl in zip(military["part_id"], military["label"], strict=True)
    ]
    stage_w = bars.label_room(row_labels, layout)
    header_w = max(bars.measure(h, layout.text, "bold") for h in headers)
    left = max(stage_w + 0.25, min(header_w, 1.2)) + 0.1
    f = frame(
        layout,
        title=aid.military_title(military),
        subtitle=(
            f"Russian military aid to Kyrgyzstan, each package at each stage, constant "
            f"{inputs.base_year} US dollars"
        ),
        sources=aid.publishers(inputs.cat, military),
        note="stages of one package, one row each, never added; delivery is measured "
        "against the signed agreement." + aid.basis_note(military),
        plot_height=0.27 * (len(row_labels) + 1.3 * len(headers)),
        left=left,
        bottom_room=0.3,
    )
    ax = f.axes()
    groups = []
    for (_, r), rows, header in zip(military.iterrows(), rows_of, headers, strict=True):
        url = _urls([r["figure_ids"]])[0]
        groups.append(
            (
                header,
                [(lbl, float(r[stage]), use(f.fig, "stage", stage), url) for lbl, stage in rows],
            )
        )
    bars.stage_bars(ax, layout, groups, header_x=left - 0.06)
    f.fig.plotted = military[["part_id", *stages]].reset_index(drop=True)
    return f.fig


def _stage_rows(r: pd.Series, stages: dict[str, str]) -> list[tuple[str, str]]:
    """The rows of one package: stages with equal amounts shown once, under one name.

    Returns ``[(row label, stage whose colour it takes), ...]``; a package delivered
    in full is one row, "Delivered in full".
    """
    keys = list(stages)
    if all(r[k] == r[keys[0]] for k in keys) and r[keys[-1]] > 0:
        return [("Delivered in full", keys[-1])]
    rows: list[tuple[list[str], str]] = []
    for k in keys:
        if rows and r[k] == r[rows[-1][1]]:
            rows[-1][0].append(stages[k].lower())
            rows[-1] = (rows[-1][0], k)
        else:
            rows.append(([stages[k]], k))
    return [(" and ".join(names), k) for names, k in rows]


FIGURES = {
    "economics_aid_outcomes": aid_outcomes,
    "economics_aid_cumulative": aid_cumulative,
    "security_military_aid": military_aid,
}
