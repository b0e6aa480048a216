"""The program never opens a socket: the guard works here and in the processes the tests start."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

import tests.conftest as guard


def test_the_guard_refuses_a_socket_in_this_process():
    with pytest.raises(OSError, match="must not use the network"):
        socket.socket()
    assert guard.SOCKET_ATTEMPTS
    guard.SOCKET_ATTEMPTS.clear()  # this test made the attempt on purpose


def test_the_guard_refuses_a_socket_in_a_started_process():
    done = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"], capture_output=True, text=True, env=dict(os.environ))
    assert done.returncode != 0 and "NETWORK: the program tried to open a socket" in done.stderr


def test_a_whole_window_session_opens_no_socket(tmp_path, demo_bundle_path):
    """Start-up, the three tabs, import, printing, the plan: in a process of its own, with the guard on."""
    db = tmp_path / "db.sqlite3"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for argv in (
        ["import", str(demo_bundle_path)],
        ["plan", "--from-year", "2006", "--format", "json"],
        ["agenda", "--year", "2006", "--meeting", "2", "--pdf", str(tmp_path / "a.pdf")],
        ["--screenshot", str(tmp_path / "s.png"), "--tab", "agenda"],
    ):
        done = subprocess.run([sys.executable, "-m", "konsultasjon_app", "--db", str(db), *argv], capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "NETWORK" not in done.stderr
