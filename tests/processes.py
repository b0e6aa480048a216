"""What the tests that start, kill and check on other processes share."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

POSIX = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX; Windows has no equivalent to send")


def integrity(db: Path) -> str:
    """SQLite's own verdict on a database file ("ok" when sound)."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def reap(child: subprocess.Popen, timeout: float = 30) -> None:
    """Make sure a started process is gone (killed if it still runs) and its pipes are closed."""
    if child.poll() is None:
        child.kill()
        child.wait(timeout=timeout)
    for pipe in (child.stdin, child.stdout, child.stderr):
        if pipe is not None:
            pipe.close()
