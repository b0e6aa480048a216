"""A crash or a flat battery in the middle of a meeting loses nothing already entered."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path


from konsultasjon_app.domain.model import MeetingRef
from konsultasjon_app.store.demo import ensure_demo
from konsultasjon_app.store.session import Session

from ..processes import POSIX, integrity, reap

@POSIX
def test_decisions_entered_before_a_kill_are_all_there(tmp_path):
    db = tmp_path / "demo.sqlite3"
    ensure_demo(db)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("meeting_driver.py")), str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )
    try:
        assert child.stdout.readline().split()[0] == "ready"
        confirmed = {}
        for _ in range(5):
            child.stdin.write("go\n")
            child.stdin.flush()
            word, agreement, decision = child.stdout.readline().split()
            assert word == "decided"
            confirmed[agreement] = decision
        child.stdin.write("go\n")  # a sixth decision is under way when the power goes
        child.stdin.flush()
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        reap(child)
    assert child.returncode == -signal.SIGKILL

    assert integrity(db) == "ok"
    session = Session.open(db)
    try:
        stored = {d.agreement: d.decision for d in session.register.decisions if d.meeting == MeetingRef(2006, 2)}
        notes = {e.agreement: e.minutes for e in session.register.agenda}
    finally:
        session.close()
    assert list(confirmed.values()) == ["continue", "renegotiate", "terminate", "continue", "renegotiate"]
    for agreement, decision in confirmed.items():
        assert stored[agreement] == decision
        assert notes[agreement].startswith("Protokoll ")
    assert len(stored) in (5, 6)  # the sixth is all there or not there at all
