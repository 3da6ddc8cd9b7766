"""Values kept by the bytes of the files they came from (rukg.memo)."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from rukg import memo
from rukg.memo import FileMemo


@pytest.fixture
def fresh_memos(monkeypatch):
    """This test's memos only: the process's own are left as they were."""
    monkeypatch.setattr(memo, "_MEMOS", {})
    monkeypatch.setattr(memo, "_PENDING", {})


def test_a_key_changes_with_the_bytes_and_the_parts(tmp_path, fresh_memos):
    f = tmp_path / "t.csv"
    f.write_text("a\n1\n")
    first = FileMemo.key([f], "leaders")
    assert FileMemo.key([f], "leaders") == first
    assert FileMemo.key([f], "presence") != first
    f.write_text("a\n2\n")
    assert FileMemo.key([f], "leaders") != first


def test_a_file_that_is_not_a_regular_file_is_never_memoised(tmp_path, fresh_memos):
    assert FileMemo.key([tmp_path / "missing.csv"]) is None
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert FileMemo.key([fifo]) is None  # and did not block on it
    m = FileMemo("t", lambda v: v)
    m.put(None, 1)
    assert m.get(None) is None


def test_an_answer_is_a_copy(tmp_path, fresh_memos):
    m = FileMemo("frames", lambda df: df.copy())
    m.put("k", pd.DataFrame({"a": [1]}))
    got = m.get("k")
    got.loc[0, "a"] = 99
    assert m.get("k").loc[0, "a"] == 1


def test_a_snapshot_restores_into_another_process_s_memos(fresh_memos):
    m = FileMemo("tables", lambda v: v)
    m.put("k", "checked")
    taken = memo.snapshot()
    # Another process: the same memo, empty; and one whose module it imports later.
    memo._MEMOS.clear()
    again = FileMemo("tables", lambda v: v)
    memo.restore({**taken, "later": {"k2": "parsed"}})
    assert again.get("k") == "checked"
    assert FileMemo("later", lambda v: v).get("k2") == "parsed"


def test_two_memos_may_not_share_a_name(fresh_memos):
    FileMemo("one", lambda v: v)
    with pytest.raises(ValueError, match="two memos"):
        FileMemo("one", lambda v: v)
