"""Killed at any moment, the database stays sound and holds every edit confirmed before the kill; an import
killed half-way leaves all of it or none of it."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from konsultasjon_app.domain.changes import Command, Put
from konsultasjon_app.domain.model import Agreement
from konsultasjon_app.store.session import Session

from ..processes import POSIX, integrity, reap
from .test_backup import keys_in

DRIVER = Path(__file__).with_name("edit_driver.py")


def kill_after(args: list[str], lines: int, rng: random.Random) -> list[str]:
    """Start a process, read `lines` lines of its output, then kill it at once (mid-way through an edit), and
    return every line it printed before it died: the process runs on while the signal is on its way, and what it
    confirmed in that time is in the pipe."""
    child = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=dict(os.environ))
    seen = []
    try:
        for _ in range(lines):
            line = child.stdout.readline()
            if not line:
                break
            seen.append(line.strip())
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        seen += [line.strip() for line in child.stdout.read().splitlines()]
    finally:
        reap(child, timeout=60)
    assert child.returncode == -signal.SIGKILL
    return seen


@POSIX
def test_fifty_kills_in_a_stream_of_edits(tmp_path):
    db = tmp_path / "db.sqlite3"
    Session.open(db).close()
    rng = random.Random(20061025)
    confirmed = -1
    for round_ in range(50):
        seen = kill_after([str(DRIVER), str(db)], rng.randint(1, 12), rng)
        numbers = [int(x) for x in seen[1:]]  # after "ready n"
        if numbers:
            confirmed = numbers[-1]
        assert integrity(db) == "ok", f"round {round_}"
        session = Session.open(db)
        try:
            keys = {a.key for a in session.register.agreements}
            decided = {d.agreement for d in session.register.decisions}
        finally:
            session.close()
        # Every confirmed edit is there ...
        assert {f"a{i:05d}" for i in range(confirmed + 1)} <= keys, f"round {round_}"
        # ... and none is there by half: an agreement without its decision, or the other way round.
        assert keys == decided, f"round {round_}"
        assert len(keys) - (confirmed + 1) in (0, 1), f"round {round_}"  # at most the edit under way when killed
    assert confirmed >= 50  # the rounds did make progress


@pytest.fixture(scope="module")
def big_import(tmp_path_factory):
    """A bundle of 6,000 agreements, and how long importing it takes here (measured, so that the kills below
    land inside the import on a fast machine and a slow one alike)."""
    folder = tmp_path_factory.mktemp("stor")
    bundle = folder / "stor.json"
    agreements = [{"key": f"k{i}", "title": f"Avtale {i}", "notes": "n" * 500, "signed_date": "2006-01-02"} for i in range(6000)]
    bundle.write_text(json.dumps({"format": "konsultasjon-bundle", "version": 1, "agreements": agreements}), encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "konsultasjon_app", "--db", str(folder / "full.sqlite3"), "import", str(bundle)],
                   check=True, capture_output=True, env=dict(os.environ))
    return bundle, time.perf_counter() - start


@POSIX
@pytest.mark.parametrize("fraction", [0.35, 0.55, 0.75, 0.9])
def test_an_import_killed_half_way_leaves_all_or_nothing(tmp_path, big_import, fraction):
    bundle, duration = big_import
    db = tmp_path / "db.sqlite3"
    Session.open(db).close()
    child = subprocess.Popen([sys.executable, "-m", "konsultasjon_app", "--db", str(db), "import", str(bundle)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
    try:
        child.wait(timeout=duration * fraction)  # waiting is the clock here; then the power goes
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    assert integrity(db) == "ok"
    session = Session.open(db)
    try:
        count = len(session.register.agreements)
    finally:
        session.close()
    assert count in (0, 6000)


def keys_in_the_file_alone(db: Path, copy: Path) -> list[str]:
    """The agreements a copy of the database file alone holds (without the -wal file beside it)."""
    shutil.copyfile(db, copy)
    return keys_in(copy)


def test_after_a_checkpoint_the_database_file_alone_holds_every_change(tmp_path):
    """Users copy `konsultasjon.sqlite3` to a USB stick with the window open; the -wal file stays behind. (The
    window checkpoints once the edits pause: tests/ui/test_main_window.py.)"""
    db = tmp_path / "k.sqlite3"
    session = Session.open(db, lock=True)
    try:
        session.checkpoint()  # the new database's tables
        for key in ("a", "b"):
            session.execute(Command("Ny", (Put("agreements", Agreement(key, f"Avtale {key}")),)))
        assert keys_in_the_file_alone(db, tmp_path / "før.sqlite3") == []  # still in the -wal file
        session.checkpoint()
        assert keys_in_the_file_alone(db, tmp_path / "etter.sqlite3") == ["a", "b"]
    finally:
        session.close()
