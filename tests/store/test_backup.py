"""Rotating backups: on open (when the content changed), before a migration and an import; restoring one."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from konsultasjon_app.domain.changes import Command, Put
from konsultasjon_app.domain.model import Agreement
from konsultasjon_app.store import backup as backups
from konsultasjon_app.store.errors import StoreError
from konsultasjon_app.store.exchange import import_file
from konsultasjon_app.store.session import Session

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"


def add(session: Session, key: str) -> None:
    session.execute(Command(f"Ny {key}", (Put("agreements", Agreement(key, f"Avtale {key}")),)))


def a_backed_up_then_b(db: Path) -> tuple[Session, backups.Backup]:
    """A database holding "a", backed up by the user (the backup returned), then "b" added; the session open."""
    session = Session.open(db)
    add(session, "a")
    point = session.backup("manual")
    add(session, "b")
    return session, point


def keys_in(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT key FROM agreements ORDER BY rowid")]
    finally:
        conn.close()


def test_open_backs_up_only_when_the_content_changed(tmp_path):
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True, backup_on_open=True)
    add(session, "a")
    session.close()
    session = Session.open(db, lock=True, backup_on_open=True)
    session.close()
    made = backups.list_backups(db)
    assert [b.reason for b in made].count("open") == 2  # the empty start, then after "a" was added
    session = Session.open(db, lock=True, backup_on_open=True)  # nothing changed since: no new copy
    session.close()
    assert len(backups.list_backups(db)) == len(made)
    assert keys_in(backups.list_backups(db)[0].path) == ["a"]


def test_only_the_newest_are_kept(tmp_path):
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, backup_keep=3)
    start = dt.datetime(2026, 1, 1, 12, 0)
    for i in range(6):
        add(session, f"k{i}")
        backups.make_backup(session.store.conn, db, "manual", keep=3, now=start + dt.timedelta(minutes=i))
    session.close()
    kept = backups.list_backups(db)
    assert len(kept) == 3
    assert [keys_in(b.path)[-1] for b in kept] == ["k5", "k4", "k3"]
    assert kept[0].label == "01.01.2026 12:05:00 – tatt av brukeren"


def test_an_import_is_preceded_by_a_backup(tmp_path, demo_bundle_path):
    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    add(session, "egen")
    import_file(session, demo_bundle_path)
    session.close()
    (made,) = [b for b in backups.list_backups(db) if b.reason == "import"]
    assert keys_in(made.path) == ["egen"]  # the state just before the import


def test_a_retried_import_does_not_push_older_backups_out(tmp_path):
    """An import refused after its backup (the database in use by another program) and tried again backs up the
    same content once: the older restore points stay. A backup the user asks for is always made."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, backup_keep=3)
    for key in ("a", "b"):
        add(session, key)
        session.backup("import")
    before = backups.list_backups(db)
    for _ in range(5):
        assert session.backup("import") == before[0]
    assert backups.list_backups(db) == before
    assert sorted(p.name for p in backups.folder(db).iterdir()) == sorted(b.path.name for b in before)  # no -wal or -shm
    session.backup("manual")
    assert len(backups.list_backups(db)) == 3
    session.close()


def test_a_restored_database_that_reaches_the_same_history_number_is_backed_up_again(tmp_path):
    db = tmp_path / "db.sqlite3"
    session, point = a_backed_up_then_b(db)
    later = session.backup("import")
    session.close()
    backups.restore(point.path, db)
    session = Session.open(db)
    add(session, "c")  # the same history number as `later`, other content
    assert later.mark == backups.history_mark(session.store.conn)
    made = session.backup("import")
    session.close()
    assert made != later and keys_in(made.path) == ["a", "c"]


def test_a_migration_is_preceded_by_a_backup_of_the_old_version(tmp_path):
    db = tmp_path / "gammel.sqlite3"
    shutil.copy(SCHEMAS / "schema-v1.sqlite3", db)
    Session.open(db).close()
    (made,) = [b for b in backups.list_backups(db) if b.reason == "migration"]
    conn = sqlite3.connect(made.path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


def test_restore_puts_the_backup_in_place(tmp_path):
    db = tmp_path / "db.sqlite3"
    session, point = a_backed_up_then_b(db)
    session.close()
    backups.restore(point.path, db)
    session = Session.open(db)
    assert [a.key for a in session.register.agreements] == ["a"]
    add(session, "c")  # and it works as a database afterwards
    session.close()
    assert keys_in(db) == ["a", "c"]


def test_restore_over_a_damaged_file(tmp_path):
    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    add(session, "a")
    point = session.backup("manual")
    session.close()
    db.write_bytes(b"\x00" * 4096 + b"ikke en database")
    Path(f"{db}-wal").unlink(missing_ok=True)
    with pytest.raises(StoreError):
        Session.open(db)
    backups.restore(point.path, db)
    assert keys_in(db) == ["a"]


def test_a_damaged_backup_is_refused_and_the_database_left_alone(tmp_path):
    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    add(session, "a")
    point = session.backup("manual")
    session.close()
    data = bytearray(point.path.read_bytes())
    data[5000:9000] = b"\xff" * 4000  # damage the pages of the backup
    point.path.write_bytes(bytes(data))
    before = keys_in(db)
    with pytest.raises(StoreError):
        backups.restore(point.path, db)
    assert keys_in(db) == before


def test_the_backup_about_to_be_restored_is_not_rotated_away(tmp_path):
    """With the rotation full, choosing the oldest backup: the 'before restore' backup made first must not remove
    the chosen one (the restore then failed, and that restore point was gone for good)."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, backup_keep=3)
    start = dt.datetime(2026, 1, 1, 12, 0)
    for i, key in enumerate("abc"):
        add(session, key)
        backups.make_backup(session.store.conn, db, "manual", keep=3, now=start + dt.timedelta(minutes=i))
    add(session, "d")
    oldest = backups.list_backups(db)[-1]
    session.backup("restore", protect=oldest.path)
    session.close()
    assert oldest.path.exists()
    backups.restore(oldest.path, db)
    assert keys_in(db) == ["a"]


def test_two_databases_of_one_name_keep_their_own_backups(tmp_path):
    """a.sqlite3 and a.db in one folder: each lists and rotates only its own backups."""
    first, second = tmp_path / "a.sqlite3", tmp_path / "a.db"
    for db, key in ((first, "x"), (second, "y")):
        session = Session.open(db)
        add(session, key)
        session.backup("manual")
        session.close()
    assert backups.folder(first).name == "a.sikkerhetskopier" and backups.folder(second).name == "a.db.sikkerhetskopier"
    assert [keys_in(b.path) for b in backups.list_backups(first)] == [["x"]]
    assert [keys_in(b.path) for b in backups.list_backups(second)] == [["y"]]
