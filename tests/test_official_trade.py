"""The official trade tables: parsed values against cells checked by hand in the raw workbooks."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from rukg.reference.official_trade import (
    COLUMNS,
    KG_FILES,
    RU_FILE,
    load_official_trade,
    russia_share_of_kyrgyz_trade,
)

TRADE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference" / "trade"
KG_EXPORTS = KG_FILES["exports"][0]
KG_IMPORTS = KG_FILES["imports"][0]
THOUSAND, MILLION = 1_000, 1_000_000

# (reporter, year, flow, partner) -> (file, sheet, cell, raw value, unit factor), each looked
# up by hand in the raw workbook (row label and year header checked too).
KNOWN = {
    # NSC 4.03.00.18 row 38 "Орусия / Россия / Russia", column O headed 2005; thousand USD.
    ("KG", 2005, "exports", "RU"): (KG_EXPORTS, "Лист1", "O38", 134397.872, THOUSAND),
    # Row 5 "Бардыгы / Всего / Total".
    ("KG", 2005, "exports", "WORLD"): (KG_EXPORTS, "Лист1", "O5", 672013.7, THOUSAND),
    # NSC 4.03.00.20 (sheet "import") row 44 "Russia", column T headed 2010; thousand USD.
    ("KG", 2010, "imports", "RU"): (KG_IMPORTS, "import", "T44", 1083863.8, THOUSAND),
    ("KG", 2005, "imports", "WORLD"): (KG_IMPORTS, "import", "O4", 1101333.7, THOUSAND),
    # Column AG headed "2023 1"; footnote 1 = preliminary data.
    ("KG", 2023, "imports", "RU"): (KG_IMPORTS, "import", "AG44", 2182927.174, THOUSAND),
    # FCS sheet "2005": "Экспорт" block, row 11 "Киргизия"; million USD.
    ("RU", 2005, "exports", "KG"): (RU_FILE, "2005", "B11", 377, MILLION),
    ("RU", 2021, "exports", "KG"): (RU_FILE, "2021", "B11", 2156, MILLION),
    # "Импорт" block, row 20 "Киргизия".
    ("RU", 1994, "imports", "KG"): (RU_FILE, "1994", "B20", 97.9, MILLION),
    ("RU", 2005, "exports", "WORLD"): (RU_FILE, "2005", "B5", 241473, MILLION),
}


@pytest.fixture(scope="module")
def trade() -> pd.DataFrame:
    return load_official_trade(TRADE_DIR)


def _row(trade: pd.DataFrame, reporter: str, year: int, flow: str, partner: str) -> pd.Series:
    sel = trade[
        (trade["reporter"] == reporter)
        & (trade["year"] == year)
        & (trade["flow"] == flow)
        & (trade["partner"] == partner)
    ]
    assert len(sel) == 1, (reporter, year, flow, partner)
    return sel.iloc[0]


def test_columns_types_and_order(trade):
    assert list(trade.columns) == COLUMNS
    assert trade["year"].dtype == "int64"
    assert trade["value_usd"].dtype == "float64"
    assert trade["provisional"].dtype == bool
    assert set(trade["flow"]) == {"exports", "imports", "turnover"}
    assert set(zip(trade["reporter"], trade["partner"], strict=True)) == {
        ("KG", "RU"),
        ("KG", "CN"),
        ("KG", "WORLD"),
        ("RU", "KG"),
        ("RU", "WORLD"),
    }
    assert not trade.duplicated(["reporter", "year", "flow", "partner"]).any()
    expected = trade.sort_values(["reporter", "partner", "flow", "year"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(trade, expected)
    assert (trade["value_usd"] > 0).all()


@pytest.mark.parametrize("key", list(KNOWN), ids=lambda k: "-".join(map(str, k)))
def test_known_cells(trade, key):
    file, sheet, cell, raw, factor = KNOWN[key]
    # The hand-checked number is really in that cell of the raw file ...
    ws = openpyxl.load_workbook(TRADE_DIR / file, data_only=True)[sheet]
    assert ws[cell].value == raw
    # ... and the parser read that cell and scaled it to dollars.
    row = _row(trade, *key)
    assert row["value_usd"] == raw * factor
    assert row["source_file"] == file
    ref = f"'{sheet}'!{cell}" if sheet[0].isdigit() else f"{sheet}!{cell}"
    assert row["source_cell"] == ref


@pytest.mark.parametrize(("reporter", "first", "last"), [("KG", 1994, 2023), ("RU", 1994, 2021)])
def test_year_coverage(trade, reporter, first, last):
    mine = trade[trade["reporter"] == reporter]
    for (_partner, _flow), years in mine.groupby(["partner", "flow"])["year"]:
        assert sorted(years) == list(range(first, last + 1))


def test_turnover_is_exports_plus_imports(trade):
    wide = trade.pivot_table(
        index=["reporter", "partner", "year"], columns="flow", values="value_usd"
    )
    assert not wide.isna().any().any()
    assert (wide["turnover"] == wide["exports"] + wide["imports"]).all()
    t = _row(trade, "KG", 2005, "turnover", "RU")
    assert t["source_cell"] == "Лист1!O38+import!O44"
    assert t["source_file"] == f"{KG_EXPORTS}+{KG_IMPORTS}"


def test_provisional_flags(trade):
    prov = trade[trade["provisional"]]
    # Only the NSC 2023 imports column is marked preliminary, and what is built from it.
    assert set(zip(prov["reporter"], prov["year"], prov["flow"], strict=True)) == {
        ("KG", 2023, "imports"),
        ("KG", 2023, "turnover"),
    }
    assert set(prov["partner"]) == {"RU", "CN", "WORLD"}
    # The exports table's 2023 column carries no such note.
    assert not _row(trade, "KG", 2023, "exports", "RU")["provisional"]


def test_mirror_series_differ(trade):
    # KG exports to RU and RU imports from KG are the same flow seen from both sides; they
    # must stay separate rows (1994: 58.5 vs 97.9 million USD).
    kg = _row(trade, "KG", 1994, "exports", "RU")["value_usd"]
    ru = _row(trade, "RU", 1994, "imports", "KG")["value_usd"]
    assert kg == 58549 * THOUSAND
    assert ru == 97.9 * MILLION


def test_russia_share(trade):
    share = russia_share_of_kyrgyz_trade(trade)
    assert list(share.columns) == ["year", "share", "provisional"]
    assert list(share["year"]) == list(range(1994, 2024))
    assert share["share"].between(0, 1, inclusive="neither").all()
    s2005 = share.set_index("year").loc[2005]
    expected = (134397.872 + 378944.4) / (672013.7 + 1101333.7)
    assert s2005["share"] == pytest.approx(expected, rel=1e-12)
    assert not s2005["provisional"]
    assert share.set_index("year").loc[2023, "provisional"]
    assert share["provisional"].sum() == 1


# --- a changed upstream file must fail loudly -------------------------------------------


@pytest.fixture
def trade_copy(tmp_path) -> Path:
    for file in (KG_EXPORTS, KG_IMPORTS, RU_FILE):
        shutil.copy2(TRADE_DIR / file, tmp_path / file)
    return tmp_path


def _edit(path: Path, sheet: str, cells: dict[str, object]) -> None:
    wb = openpyxl.load_workbook(path)
    for cell, value in cells.items():
        wb[sheet][cell] = value
    wb.save(path)


def test_copy_loads_like_original(trade_copy, trade):
    pd.testing.assert_frame_equal(load_official_trade(trade_copy), trade)


def test_missing_russia_row_fails(trade_copy):
    _edit(
        trade_copy / KG_EXPORTS, "Лист1", {"A38": "Russland", "B38": "Russland", "C38": "Russland"}
    )
    with pytest.raises(ValueError, match=r"kg_nsc_4\.03\.00\.18.*Лист1.*Russia"):
        load_official_trade(trade_copy)


def test_duplicate_total_row_fails(trade_copy):
    _edit(trade_copy / KG_IMPORTS, "import", {"C6": "Total"})
    with pytest.raises(ValueError, match=r"kg_nsc_4\.03\.00\.20.*import.*world total"):
        load_official_trade(trade_copy)


def test_missing_kyrgyz_row_fails(trade_copy):
    _edit(trade_copy / RU_FILE, "2005", {"A20": "Кыргызия?"})
    with pytest.raises(ValueError, match=r"ru_fcs_94itog.*'2005'.*Kyrgyzstan.*imports"):
        load_official_trade(trade_copy)


def test_missing_unit_note_fails(trade_copy):
    _edit(trade_copy / RU_FILE, "2010", {"B3": None})
    with pytest.raises(ValueError, match=r"ru_fcs_94itog.*'2010'.*unit"):
        load_official_trade(trade_copy)


def test_units_are_read_not_assumed(trade_copy):
    _edit(trade_copy / RU_FILE, "2010", {"B3": "(тыс. долларов США)"})
    t = load_official_trade(trade_copy)
    assert _row(t, "RU", 2010, "exports", "KG")["value_usd"] == 991 * THOUSAND


def test_unexplained_footnote_fails(trade_copy):
    _edit(trade_copy / KG_IMPORTS, "import", {"A210": None, "B210": None, "C210": None})
    with pytest.raises(ValueError, match=r"kg_nsc_4\.03\.00\.20.*footnote"):
        load_official_trade(trade_copy)


def test_missing_file_fails(trade_copy):
    (trade_copy / RU_FILE).unlink()
    with pytest.raises(ValueError, match=r"ru_fcs_94itog_main_trade_indicators_1994_2021\.xlsx"):
        load_official_trade(trade_copy)
