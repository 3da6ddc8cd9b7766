"""The aid charts and tables: what was pledged and what became of it, drawn from one accounting."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle

from rukg.analysis import aid, ledger
from rukg.formatting import format_usd
from rukg.present import aid_figures, bars, figcheck, figures, palette
from rukg.present.frame import LAYOUTS, NARROW, WIDE, frame

NAMES = (
    "economics_aid_outcomes",
    "economics_aid_cumulative",
    "security_military_aid",
)


@pytest.fixture(scope="module")
def inputs(real_paths):
    return figures.Inputs(real_paths)


def _bars(fig) -> list[Rectangle]:
    return [
        p for ax in fig.axes for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0
    ]


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(plt.Text) if t.get_text().strip()]


def test_outcome_bars_split_each_pledge_and_link_to_its_evidence(inputs):
    fig = figures.draw("economics_aid_outcomes", inputs, WIDE)
    t = inputs.transfers
    drawn = fig.plotted
    # One bar per commitment part, largest pledge on top.
    assert list(drawn["part_id"]) == list(t.sort_values("pledged", ascending=False)["part_id"])
    rects = _bars(fig)
    by_row: dict[float, list[Rectangle]] = {}
    for r in rects:
        by_row.setdefault(round(r.get_y(), 3), []).append(r)
    ledger_rows = t.set_index("part_id")
    for y, part in zip(sorted(by_row, reverse=True), drawn["part_id"], strict=False):
        row = ledger_rows.loc[part]
        segs = by_row[y]
        assert sum(s.get_width() for s in segs) == pytest.approx(row["pledged"])
        first_id = row["figure_ids"].split(";")[0]
        assert {s.get_url() for s in segs} == {f"#ev-{first_id}"}
        colours = {to_hex(s.get_facecolor()) for s in segs}
        assert colours == {palette.colour("stage", k) for k in ledger.OUTCOMES if row[k] > 0}
    texts = _texts(fig)
    totals = ledger.totals(t)
    # The pledge at each bar's end; the key carries the totals the text quotes.
    for v in t["pledged"]:
        assert format_usd(v) in texts
    assert f"Cancelled or withheld {format_usd(totals['cancelled'])}" in texts
    assert f"Delivered {format_usd(totals['delivered'])}" in texts
    assert fig.rukg_title == aid.outcome_title(t)
    plt.close(fig)


def test_chart_totals_match_the_glued_numbers(inputs):
    numbers = aid.key_numbers(inputs.transfers, inputs.debt, inputs.base_year)
    fig = figures.draw("economics_aid_outcomes", inputs, WIDE)
    title = fig.rukg_title
    assert format_usd(numbers["aid_delivered"][0]) in title
    assert format_usd(numbers["aid_pledged"][0]) in title
    assert f"{numbers['aid_delivered_share_of_pledged'][0]:.0%}" in title
    plt.close(fig)
    fig = figures.draw("security_military_aid", inputs, WIDE)
    for key in ("military_pledged", "military_signed", "military_delivered"):
        assert format_usd(numbers[key][0]) in fig.rukg_title
    plt.close(fig)


def test_military_stages_are_rows_of_their_own_never_added(inputs):
    fig = figures.draw("security_military_aid", inputs, NARROW)
    m = inputs.transfers.set_index("part_id").loc["P-2012-military-kg"]
    widths = sorted(round(r.get_width()) for r in _bars(fig))
    for stage in ("pledged", "signed", "delivered"):
        assert round(m[stage]) in widths
    # The 2006 equipment, delivered in full, is one row, not three equal bars.
    small = inputs.transfers.set_index("part_id").loc["P-2006-equipment"]
    assert widths.count(round(small["pledged"])) == 1
    assert "Delivered in full" in _texts(fig)
    assert all(r.get_url() and r.get_url().startswith("#ev-") for r in _bars(fig))
    plt.close(fig)


def test_stage_rows_merge_only_equal_neighbours():
    stages = {"pledged": "Announced", "signed": "Signed", "delivered": "Delivered"}
    row = pd.Series({"pledged": 10.0, "signed": 10.0, "delivered": 4.0})
    assert aid_figures._stage_rows(row, stages) == [
        ("Announced and signed", "signed"),
        ("Delivered", "delivered"),
    ]
    row = pd.Series({"pledged": 10.0, "signed": 5.0, "delivered": 0.0})
    assert [r[0] for r in aid_figures._stage_rows(row, stages)] == [
        "Announced",
        "Signed",
        "Delivered",
    ]
    row = pd.Series({"pledged": 3.0, "signed": 3.0, "delivered": 3.0})
    assert aid_figures._stage_rows(row, stages) == [("Delivered in full", "delivered")]


def test_cumulative_events_are_numbered_and_listed_once(inputs):
    events = aid.annotations(inputs.cat)
    for layout in LAYOUTS:
        fig = figures.draw("economics_aid_cumulative", inputs, layout)
        texts = _texts(fig)
        assert len(events) <= 8
        for label in events["label"]:
            assert texts.count(label) == 1
        totals = ledger.totals(inputs.transfers)
        assert f"Pledged\n{format_usd(totals['pledged'])}" in texts
        assert f"Delivered\n{format_usd(totals['delivered'])}" in texts
        plt.close(fig)


def test_fit_limit_leaves_room_for_every_end_label():
    plot_w = 3.0
    values = [100.0, 90.0]
    labels = ["$100", "a much longer label than the other"]
    limit = bars.fit_limit(values, labels, WIDE, plot_w)
    for v, label in zip(values, labels, strict=True):
        assert v / limit * plot_w + bars.PAD + bars.label_room([label], WIDE) <= plot_w
    with pytest.raises(ValueError):
        bars.fit_limit([1.0], ["x" * 400], WIDE, plot_w)


def test_end_labels_are_pushed_apart_when_totals_are_close():
    f = frame(WIDE, title="t", subtitle="s", sources=["x"])
    ax = f.axes()
    when = pd.to_datetime(["2000-01-01", "2001-01-01"])
    colour = palette.use(f.fig, "stage", "pledged")
    series = [
        ("A\n$10", list(when), [5.0, 10.0], colour, [None, None]),
        ("B\n$9.9", list(when), [5.0, 9.9], palette.use(f.fig, "stage", "delivered"), [None, None]),
    ]
    bars.running_totals(ax, WIDE, series, pd.Timestamp("2002-01-01"))
    assert figcheck.problems(f.fig, min_size=WIDE.small) == []
    plt.close(f.fig)


# --- tables --------------------------------------------------------------------------


def test_tables_have_at_most_five_columns_and_no_paths(inputs):
    labels = aid.part_labels(inputs.commitments)
    shown = [
        aid.for_display(inputs.commitments, inputs.base_year),
        ledger.ledger_for_display(inputs.transfers, labels),
        ledger.debt_for_display(inputs.debt, inputs.cat, labels),
    ]
    for table in shown:
        assert len(table.columns) <= 5
        cells = table.astype(str).to_numpy().ravel()
        assert not any("data/" in c or ".csv" in c for c in cells)
    # The reasons stay out of the debt table, in a table of their own.
    debt = shown[2]
    assert not any(reason in debt.to_string() for reason in inputs.debt["reason"])
    assert list(ledger.debt_reasons(inputs.debt)["Why this kind"]) == list(inputs.debt["reason"])


def test_ledger_table_total_is_the_ledger_total(inputs):
    t = inputs.transfers
    table = ledger.ledger_for_display(t, aid.part_labels(inputs.commitments))
    totals = ledger.totals(t)
    total = table.iloc[-1]
    assert total["Commitment"] == "Total"
    assert total["Pledged"] == format_usd(totals["pledged"])
    assert total["Delivered"] == format_usd(totals["delivered"])
    assert format_usd(totals["cancelled"]) in total["Not delivered"]
    assert format_usd(totals["never_signed"]) in total["Not delivered"]
    assert len(table) == len(t) + 1
    assert "Kambarata-1" in " ".join(table["Commitment"])


def test_commitments_table_keeps_the_rate_with_the_converted_amount(inputs):
    table = aid.for_display(inputs.commitments, inputs.base_year)
    credit = table[table["As stated"].str.contains("old roubles")].iloc[0]
    # 75 billion old roubles at about 1,579 to the dollar: $47.5m.
    assert credit["Current US dollars"].startswith("$47.5m (1,579 old roubles to the dollar")
    tj = table[table["Commitment"].str.contains("Tajikistan")]
    assert len(tj) == 1 and "(to Tajikistan)" not in tj.iloc[0]["Commitment"]


def test_part_labels_use_the_named_project():
    commitments = pd.DataFrame(
        {
            "part_id": ["a", "b"],
            "year": [2009, 2014],
            "part": ["financing for a dam (Kambarata-1)", "adaptation funds"],
        }
    )
    assert aid.part_labels(commitments) == {
        "a": "2009 Kambarata-1 financing",
        "b": "2014 adaptation funds",
    }


def test_military_title_without_a_signed_amount_or_delivery():
    one = pd.DataFrame([{"pledged": 2e9, "signed": 2e9, "delivered": 0.0}])
    assert aid.military_title(one) == "Of $2bn of arms announced, none is reported delivered"
    two = pd.DataFrame([{"pledged": 2e9, "signed": 5e8, "delivered": 1e8}])
    assert (
        aid.military_title(two) == "Of $2bn of arms announced, $500m was signed and $100m delivered"
    )
