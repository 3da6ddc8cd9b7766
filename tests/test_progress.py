"""Progress bars: shown on a terminal, and nowhere else (pipes, logs, tests, CI)."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios

import pytest

from rukg import progress as P

ITEMS = list(range(5))


@pytest.fixture
def no_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)


def test_not_a_terminal_returns_the_iterable_and_prints_nothing(no_ci, monkeypatch, capsys):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    assert not P.enabled()
    assert P.progress(ITEMS, "work") is ITEMS
    with P.bar("work", total=10) as b:
        b.update(3)
    assert err.getvalue() == ""
    assert capsys.readouterr() == ("", "")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_shows_a_bar(no_ci, monkeypatch):
    err = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", err)
    assert P.enabled()
    assert list(P.progress(ITEMS, "work", unit="source")) == ITEMS
    with P.bar("parsing", total=10, unit="char") as b:
        b.update(10)
    shown = err.getvalue()
    assert "work:" in shown and "0/5" in shown and "source" in shown
    assert "parsing:" in shown and "/10" in shown and "char" in shown
    # A finished bar is erased: what the command prints afterwards reads as without one.
    assert shown.endswith("\r")


@pytest.mark.parametrize("value", ["1", "true", "yes"])
def test_ci_turns_bars_off_even_on_a_terminal(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    err = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", err)
    assert not P.enabled()
    assert P.progress(ITEMS, "work") is ITEMS
    assert err.getvalue() == ""


@pytest.mark.parametrize("value", ["", "0", "false", "False"])
def test_ci_unset_or_false_leaves_bars_on(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    monkeypatch.setattr(sys, "stderr", FakeTerminal())
    assert P.enabled()


def test_closed_or_missing_stderr_means_no_bar(no_ci, monkeypatch):
    closed = io.StringIO()
    closed.close()
    monkeypatch.setattr(sys, "stderr", closed)
    assert not P.enabled()
    monkeypatch.setattr(sys, "stderr", None)
    assert not P.enabled()


SCRIPT = "from rukg.progress import progress\nfor _ in progress(range(3), 'demo', unit='x'): pass\n"


def _run(stderr) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, stderr=stderr, env=env
    )


def test_real_terminal_shows_the_bar_and_a_pipe_does_not():
    # A pseudo-terminal as the child's stderr: a bar is drawn there.
    leader, follower = pty.openpty()
    # 24 rows, 100 columns: a new pseudo-terminal has 0 columns, which tqdm draws as nothing.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        r = _run(follower)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # EIO: the child has gone and the buffer is empty
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert r.returncode == 0 and r.stdout == b""
    assert b"demo:" in shown and b"/3" in shown
    # A pipe: nothing at all.
    r = _run(subprocess.PIPE)
    assert r.returncode == 0 and r.stdout == b"" and r.stderr == b""
