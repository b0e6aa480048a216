"""What every command shares: opening the database, and letting go of it when that fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from konsultasjon_app.cli import EXIT_ENVIRONMENT, EXIT_OK, main
from konsultasjon_app.store.database import Store
from konsultasjon_app.store.errors import StoreError
from konsultasjon_app.store.lock import WriterLock
from konsultasjon_app.store.session import Session

from ..processes import add

FDS = Path("/proc/self/fd")


def held_by_this_process(db: Path) -> list[str]:
    """The database's files (it, its -wal, -shm, .lock) this process still has open. On Windows a file left open
    stays locked: neither another program nor a restore may replace it until the program ends."""
    names = {os.path.realpath(f"{db}{suffix}") for suffix in ("", "-journal", "-wal", "-shm", ".lock")}
    held = []
    for fd in FDS.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed since it was listed
            continue
        if target in names:
            held.append(target)
    return held


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "db.sqlite3"
    session = Session.open(path, lock=True)
    add(session, "a")
    session.close()
    return path


def unreadable_register(monkeypatch, db: Path) -> None:
    """The register cannot be read once the file is open (a disk or network error just then)."""

    def load(self):
        raise StoreError("io", db)

    monkeypatch.setattr(Store, "load", load)


@pytest.mark.skipif(not FDS.is_dir(), reason="reads the process's open files from /proc")
@pytest.mark.parametrize("command", [["check"], ["import", "BUNDLE"]])
def test_a_database_whose_register_cannot_be_read_is_let_go(db, tmp_path, demo_bundle_path, monkeypatch, capsys, command):
    """`check` (reading) and `import` (writing, under the writer's lock) fail with exit 3 and keep no file of the
    database open. Was: the file stayed open in the reading command, which on Windows keeps it locked."""
    argv = [demo_bundle_path.as_posix() if arg == "BUNDLE" else arg for arg in command]
    assert held_by_this_process(db) == []
    unreadable_register(monkeypatch, db)
    assert main(["--db", str(db), *argv]) == EXIT_ENVIRONMENT
    assert f"the database {db} could not be read or written" in capsys.readouterr().err
    assert held_by_this_process(db) == []
    assert WriterLock(db).is_held() is False
    monkeypatch.undo()
    assert main(["--db", str(db), "check"]) == EXIT_OK


@pytest.mark.skipif(not FDS.is_dir(), reason="reads the process's open files from /proc")
def test_a_session_whose_register_cannot_be_read_closes_its_store(db, monkeypatch):
    """Session takes the store it is given: the window's screenshot and the commands' sessions alike."""
    store = Store.for_reading(db)
    unreadable_register(monkeypatch, db)
    with pytest.raises(StoreError):
        Session(store)
    assert held_by_this_process(db) == []
