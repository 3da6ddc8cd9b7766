"""The trade and remittance charts: labels placed by rule, points linked to their evidence,
panels that say what they show, and the comparison table in five columns."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.text import Text

from rukg.analysis import trade
from rukg.present import figcheck, figures, line_labels, lines, trade_figures
from rukg.present.frame import NARROW, WIDE, frame

NAMES = list(trade_figures.FIGURES)


@pytest.fixture(scope="module")
def inputs(real_paths):
    return figures.Inputs(real_paths)


def _urls(fig) -> set[str]:
    out = set()
    for ax in fig.axes:
        for coll in ax.collections:
            out |= {u for u in (coll.get_urls() or []) if u}
    return out


def test_near_groups_join_only_close_values_of_one_year():
    df = pd.DataFrame(
        {"year": [2024, 2024, 2024, 2025, 2024], "value": [4.1e9, 4.0e9, 3.2e9, 4.05e9, 4.1e9]}
    )
    g = lines.near_groups(df, tolerance=1.06)
    assert g[0] == g[1] == g[4]  # $4bn and $4.1bn, same year
    assert g[2] != g[0]  # $3.2bn is 25% lower
    assert g[3] not in {g[0], g[2]}  # close in value, but another year


def test_later_points_name_each_value_and_who_gave_it(real_paths, inputs):
    later = trade.later_statements(real_paths, inputs.official)
    pts = trade_figures.later_points(later)
    assert len(pts) == len(later)  # every statement keeps its own diamond
    top = pts[pts["value"] == pts["value"].max()]["label"].iloc[0]
    assert top.startswith("$4.1bn (2024): Russian president, Kremlin aide; $4bn: Kyrgyz cabinet")
    assert pts["label"].nunique() == 3


def test_label_column_keeps_order_and_stays_clear():
    f = frame(WIDE, title="t", subtitle="s", sources=["x"], right=1.2)
    ax = f.axes()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    placer = line_labels.Placer(ax)
    marks = [line_labels.Mark(9, y, f"label {y}", "#222222") for y in (5.0, 5.1, 5.2, 0.1)]
    labels = line_labels.label_column(placer, marks, WIDE)
    ys = [t.get_window_extent(placer.renderer).y0 for t in labels]
    assert [t.get_text() for t in labels] == ["label 5.2", "label 5.1", "label 5.0", "label 0.1"]
    assert ys == sorted(ys, reverse=True)
    assert [p for p in figcheck.problems(f.fig) if "colour" not in p] == []
    # the lowest label is lifted into the plot, not left hanging below it
    assert min(ys) >= ax.bbox.y0 - 1
    plt.close(f.fig)


def test_placer_avoids_a_line():
    f = frame(NARROW, title="t", subtitle="s", sources=["x"])
    ax = f.axes()
    ax.plot([0, 10], [5, 5], color="#222222")
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    placer = line_labels.Placer(ax)
    t = placer.place((5, 5), "a label on the line", fontsize=8)
    assert t.get_va() in ("bottom", "top")  # moved off the line it would sit on
    assert [p for p in figcheck.problems(f.fig) if "crosses" in p] == []
    plt.close(f.fig)


def test_turnover_links_every_article_point(inputs):
    fig = figures.draw("economics_trade_turnover", inputs, WIDE)
    want = {f"#ev-{i.split(';')[0]}" for i in trade.derived_values(inputs.cat)["figure_ids"]}
    want |= {f"#ev-{i}" for i in trade.stated_turnover(inputs.cat)["figure_ids"]}
    assert want and want <= _urls(fig)
    texts = " ".join(" ".join(t.get_text().split()) for t in fig.findobj(Text))
    assert "table ends in 2021" in texts
    assert "+51% on 2021" in texts
    plt.close(fig)


def test_share_links_the_articles_share(inputs):
    fig = figures.draw("economics_trade_share", inputs, NARROW)
    ids = trade.stated_share(inputs.cat)["figure_ids"]
    assert {f"#ev-{i}" for i in ids} <= _urls(fig)
    plt.close(fig)


def test_surge_callout_from_the_data(inputs):
    year, value, text = trade_figures.surge_callout(inputs.official)
    kg = trade.official_turnover(inputs.official)["KG"]
    assert year == 2022 and value == kg[2022]
    assert text.startswith(f"2022: {kg[2022] / kg[2021] - 1:+.0%} on 2021")


def test_remittance_panels_say_what_they_show(inputs):
    fig = figures.draw("economics_remittances", inputs, WIDE)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["From Russia, US$", "All remittances, % of Kyrgyz GDP"]
    fig.canvas.draw()
    for ax in fig.axes:
        for t in ax.get_xticklabels():
            if t.get_text():
                assert t.get_text().isdigit()  # whole years, never "2012.5"
    assert fig.rukg_title.startswith("Reported remittances from Russia rose from $1bn in 2010")
    plt.close(fig)


def test_comparison_table_has_five_columns(inputs):
    comp = trade.article_vs_official(inputs.cat, inputs.official)
    shown = trade.comparison_for_display(comp)
    assert len(shown.columns) <= 5
    row = shown[shown["Measure and year"] == "Turnover, 2005"].iloc[0]
    assert row["The articles"] == "$514m (stated)"
    assert row["Kyrgyz statistics"] == "$513m (article +0.1%)"
    assert row["Russian customs"] == "$523m (article -1.7%)"
    assert row["Evidence"] == "F-edm2006-011"
