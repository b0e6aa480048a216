"""Rotating backups: on open (when the content changed), before a migration and an import; restoring one."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from konsultasjon_app.store import backup as backups
from konsultasjon_app.store.database import restore_file
from konsultasjon_app.store.errors import StoreError
from konsultasjon_app.store.exchange import import_file
from konsultasjon_app.store.session import Session

from ..processes import SCHEMAS, add, another_writer, keys_in, lacking, new_files_refused, refused_in, refused_over_windows_limit, restoring_copy
from ..test_files import windows_path_limit
from ..windows import held_and_not_copied, in_use_error


def a_backed_up_then_b(db: Path) -> tuple[Session, backups.Backup]:
    """A database holding "a", backed up by the user (the backup returned), then "b" added; the session open."""
    session = Session.open(db)
    add(session, "a")
    point = session.backup("manual")
    add(session, "b")
    return session, point


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
    restore_file(point, db)
    session = Session.open(db)  # "a", and the restore's history row: the same history number as `later`, other content
    assert later.mark == backups.history_mark(session.store.conn)
    made = session.backup("import")
    session.close()
    assert made != later and keys_in(made.path) == ["a"]


def test_a_migration_is_preceded_by_a_backup_of_the_old_version(tmp_path):
    db = tmp_path / "gammel.sqlite3"
    shutil.copy(SCHEMAS / "schema-v1.sqlite3", db)
    Session.open(db).close()
    (made,) = [b for b in backups.list_backups(db) if b.reason == "migration"]
    conn = sqlite3.connect(made.path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


def test_an_upgrade_refused_and_tried_again_does_not_push_older_backups_out(tmp_path, monkeypatch):
    """An older database another program is writing (an older version mid-change): each try to open it made another
    backup "før oppgradering" of the same content, and after Behold sikkerhetskopier tries the restore points of
    earlier days were gone. The backup already made is taken again, as for an import tried again."""
    from konsultasjon_app.store import database

    monkeypatch.setattr(database, "_BUSY_SECONDS", 0.05)  # refused at once, not after the usual wait
    db = tmp_path / "gammel.sqlite3"
    shutil.copy(SCHEMAS / "schema-v2.sqlite3", db)
    earlier = Session.open(tmp_path / "tidligere.sqlite3")
    for day in (1, 2):  # restore points of earlier days, each of another content
        add(earlier, f"dag{day}")
        backups.make_backup(earlier.store.conn, db, "open", 3, now=dt.datetime(2020, 1, day))
    earlier.close()
    before = backups.list_backups(db)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("PRAGMA journal_mode = WAL")  # as the older version keeps it
    other.execute("BEGIN IMMEDIATE")
    try:
        for _ in range(3):
            with pytest.raises(StoreError) as refused:
                Session.open(db, backup_keep=3)
            assert refused.value.kind == "locked"
    finally:
        other.rollback()
        other.close()
    (made, *kept) = backups.list_backups(db)
    assert made.reason == "migration" and kept == before
    session = Session.open(db, backup_keep=3)  # the other program is done: upgraded, with the backup made before
    session.close()
    assert backups.list_backups(db) == [made, *before]


def test_restore_puts_the_backup_in_place(tmp_path):
    db = tmp_path / "db.sqlite3"
    session, point = a_backed_up_then_b(db)
    session.close()
    restore_file(point, db)
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
    restore_file(point, db)
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
        restore_file(point, db)
    assert keys_in(db) == before


@pytest.mark.parametrize("damage", ["truncated", "pages", "cells", "header", "cut off"])
def test_a_damaged_backup_is_told_as_that_backup_damaged(tmp_path, damage):
    """Was: «databasen <the backup> er skadet; gjenopprett en sikkerhetskopi» to a user restoring one (or «… er ikke
    en database for dette programmet» for a damaged header): the backup called the database, and the advice circular."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    for i in range(100):
        add(session, f"k{i}")
    point = session.backup("manual")
    data = bytearray(point.path.read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 3]
    elif damage == "pages":
        data[20480:28672] = b"\xa5" * 8192
    elif damage == "cells":  # a page's count of cells: SQLite's quick check reports it, rather than failing
        page = int.from_bytes(data[16:18], "big")
        data[2 * page + 3 : 2 * page + 5] = b"\x7f\xff"
    elif damage == "header":
        data[:16] = b"X" * 16
    else:  # cut off while an older version wrote it under its own name: its -journal beside it
        Path(f"{point.path}-journal").write_bytes(b"")
    point.path.write_bytes(bytes(data))
    for restore in (session.restore, lambda chosen: restore_file(chosen, tmp_path / "annen.sqlite3")):  # into it, over a file
        with pytest.raises(StoreError) as refused:
            restore(point)
        told = refused.value
        assert told.kind == "backup-damaged" and told.path == str(point.path)
        assert told.message_nb == f"sikkerhetskopien fra {point.label} ({point.path}) er skadet og kan ikke gjenopprettes"
    session.close()


def test_a_backup_lacking_a_table_is_told_as_that_backup_damaged_and_nothing_changes(tmp_path):
    """Put in place, it would not open (Store: "incomplete"); restored into the open database, it would be read half-way."""
    db = tmp_path / "db.sqlite3"
    session, point = a_backed_up_then_b(db)
    lacking(point.path, "DROP TABLE signings")
    for restore in (session.restore, lambda chosen: restore_file(chosen, db)):
        with pytest.raises(StoreError) as refused:
            restore(point)
        assert refused.value.kind == "backup-damaged" and refused.value.path == str(point.path)
    assert keys_in(db) == ["a", "b"]
    session.close()


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
    restore_file(oldest, db)
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


# -- a restore is one step under the writer's lock, and leaves a row in the history ---------------------------------


def test_no_other_writer_gets_in_while_a_backup_is_restored(tmp_path, monkeypatch):
    """Was: the lock was let go while the backup was copied into place; another window took it, and what it saved
    went into the replaced file and was lost."""
    db = tmp_path / "db.sqlite3"
    session, point = a_backed_up_then_b(db)
    session.close()
    session = Session.open(db, lock=True)
    tries, refused = another_writer(db)
    with restoring_copy(monkeypatch, tries):
        session.restore(point)
    try:
        assert refused and set(refused) == {"in-use"}
        assert [a.key for a in session.register.agreements] == ["a"] and session.lock is not None and not session.closed
        with pytest.raises(StoreError) as held:  # the session still holds its lock
            Session.open(db, lock=True)
        assert held.value.kind == "in-use"
        add(session, "c")
    finally:
        session.close()
    assert keys_in(db) == ["a", "c"]
    Session.open(db, lock=True).close()  # free again once the window is closed


def test_a_restore_that_cannot_be_made_leaves_the_session_open_on_the_database_as_it_was(tmp_path):
    db = tmp_path / "db.sqlite3"
    session, point = a_backed_up_then_b(db)
    session.close()
    session = Session.open(db, lock=True)
    told = []
    session.subscribe(told.append)
    point.path.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 3000)  # damaged since it was made
    with pytest.raises(StoreError) as failed:
        session.restore(point)
    try:
        assert failed.value.path == str(point.path)  # the backup's fault, told as such
        assert not session.closed and session.lock is not None and told == []
        assert not backups.restoring_file(db).exists()
        add(session, "c")
        with pytest.raises(StoreError):  # still the only writer
            Session.open(db, lock=True)
    finally:
        session.close()
    assert keys_in(db) == ["a", "b", "c"]


def test_a_restore_goes_into_the_open_database_and_tells_its_listeners(tmp_path):
    """No file is put in place of the open one (Windows refuses that while another program has it open, and the
    user was told it was read-only): the backup's content is copied into the database, one transaction."""
    from konsultasjon_app.domain.changes import Changed

    db = tmp_path / "db.sqlite3"
    session, point = a_backed_up_then_b(db)
    session.close()
    session = Session.open(db, lock=True)
    told: list[Changed] = []
    session.subscribe(told.append)
    same_file = os.stat(db).st_ino
    try:
        before = session.restore(point)
        assert [a.key for a in session.register.agreements] == ["a"] and told == [Changed(everything=True)]
        assert os.stat(db).st_ino == same_file and not session.closed
        assert before.reason == "restore" and keys_in(before.path) == ["a", "b"]  # the way back
        assert session.store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert session.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert not backups.restoring_file(db).exists()
    finally:
        session.close()


def test_a_backup_of_another_page_size_is_restored_into_the_open_database(tmp_path):
    """SQLite's backup API will not copy into a database in WAL mode in another page size: the content is put in
    the database's own page size first."""
    db = tmp_path / "db.sqlite3"
    session, point = a_backed_up_then_b(db)
    conn = sqlite3.connect(point.path)
    conn.execute("PRAGMA journal_mode = DELETE")  # (made from a database in WAL mode, it is one too)
    conn.execute("PRAGMA page_size = 1024")
    conn.execute("VACUUM")
    assert conn.execute("PRAGMA page_size").fetchone()[0] == 1024
    conn.close()
    try:
        session.restore(point)
        assert [a.key for a in session.register.agreements] == ["a"]
        assert session.store.conn.execute("PRAGMA page_size").fetchone()[0] == 4096
    finally:
        session.close()
    assert keys_in(db) == ["a"]


def test_a_backup_made_before_an_upgrade_is_restored_upgraded(tmp_path):
    """The backup taken before a migration holds the older schema: it is brought up to date in the same step (a
    reader never sees the older schema)."""
    from konsultasjon_app.store.database import latest_version

    db = tmp_path / "gammel.sqlite3"
    shutil.copy(SCHEMAS / "schema-v1.sqlite3", db)
    session = Session.open(db, lock=True)
    (old,) = [b for b in backups.list_backups(db) if b.reason == "migration"]
    keys = [a.key for a in session.register.agreements]
    add(session, "ny")
    try:
        session.restore(old)
        assert [a.key for a in session.register.agreements] == keys
        assert session.store.schema_version == latest_version()
        assert session.store.history()[0]["command"] == old.restore_label
    finally:
        session.close()


def test_a_backup_of_a_newer_version_is_refused_and_nothing_changes(tmp_path):
    db = tmp_path / "db.sqlite3"
    session, point = a_backed_up_then_b(db)
    conn = sqlite3.connect(point.path)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    try:
        with pytest.raises(StoreError) as refused:
            session.restore(point)
        assert refused.value.kind == "newer-schema" and refused.value.path == str(point.path)
        assert [a.key for a in session.register.agreements] == ["a", "b"] and not session.closed
    finally:
        session.close()
    assert keys_in(db) == ["a", "b"]


def test_a_restore_is_in_the_history_of_every_agreement(tmp_path):
    """Was: no trace; the history went on from the backup as if the later changes had never been made."""
    import getpass

    db = tmp_path / "db.sqlite3"
    session, point = a_backed_up_then_b(db)
    session.restore(point)
    try:
        (newest, *_) = session.store.agreement_history("a")
        assert newest["command"] == f"Gjenopprettet sikkerhetskopi fra {point.label}"
        assert newest["user"] == getpass.getuser() and newest["new"] == f'"{point.path.name}"'
        assert dt.datetime.fromisoformat(newest["at"]) > dt.datetime.now().astimezone() - dt.timedelta(minutes=1)
        assert [row["command"] for row in session.store.history()][:2] == [newest["command"], "Ny a"]
        add(session, "c")
        assert [row["command"] for row in session.store.agreement_history("c")] == ["Ny c"]  # made after it
    finally:
        session.close()


# -- a crash leaves nothing that passes for a backup; reading a backup leaves nothing beside it ----------------------


def interrupted_backup(session: Session, db: Path, seen: list) -> None:
    """A backup cut off (as by kill -9 or a power cut) while the copy is being written; `seen` gets what the
    backups folder lists meanwhile."""

    class Cut(BaseException):
        pass

    class Copying:
        def execute(self, *args):
            return session.store.conn.execute(*args)

        def backup(self, target):
            session.store.conn.backup(target)
            seen.append(backups.list_backups(db))
            raise Cut

    with pytest.raises(Cut):
        backups.make_backup(Copying(), db, "import")


def test_a_backup_cut_off_by_a_crash_is_not_listed_nor_taken_for_the_content(tmp_path):
    """Was: the part-file had its final name, so it was listed, and taken as holding what the database holds: the
    next import made no backup, and its only restore point held nothing."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    add(session, "a")
    before = [session.backup("manual")]
    seen: list = []
    interrupted_backup(session, db, seen)
    assert seen == [before] and backups.list_backups(db) == before  # not while it was written, nor after
    assert [p for p in backups.folder(db).iterdir() if p.name.endswith(".part")]  # what the crash left
    made = session.backup("import")  # the content is the same as the manual one's: that one is the restore point
    assert made == before[0]
    add(session, "b")
    made = session.backup("import")
    assert made != before[0] and keys_in(made.path) == ["a", "b"]
    session.close()
    Session.open(db, lock=True).close()  # the writer removes what the crash left (remove_leftovers)
    assert sorted(p.name for p in backups.folder(db).iterdir()) == sorted(b.path.name for b in backups.list_backups(db))


def test_what_a_crash_left_in_the_backups_folder_is_removed_by_the_writer_on_opening(tmp_path):
    """A part-file and its -journal; a backup of an older version cut off under its final name (its -journal beside
    it); the -wal and -shm of a backup removed before them."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    add(session, "a")
    good = session.backup("manual")
    session.close()
    directory = backups.folder(db)
    litter = [
        f".{db.stem}-20260101-120000-000000-import-h1.sqlite3.part", f".{db.stem}-20260101-120000-000000-import-h1.sqlite3.part-journal",
        f"{db.stem}-20260101-120100-000000-import-h1.sqlite3", f"{db.stem}-20260101-120100-000000-import-h1.sqlite3-journal",
        f"{db.stem}-20250101-120000-000000-open-h1.sqlite3-wal", f"{db.stem}-20250101-120000-000000-open-h1.sqlite3-shm",
    ]
    for name in litter:
        shutil.copy(good.path, directory / name)
    other = directory / "notater.txt"  # not the program's: left alone
    other.write_text("x", encoding="utf-8")
    assert backups.list_backups(db) == [good]
    Session.open(db, read_only=True).close()
    Session.open(db).close()
    assert len(list(directory.iterdir())) == len(litter) + 2  # only the writer tidies
    Session.open(db, lock=True).close()
    assert sorted(directory.iterdir()) == sorted([good.path, other])


def test_a_killed_restores_part_file_is_removed_by_the_next_writer_only(tmp_path):
    db = tmp_path / "db.sqlite3"
    session, point = a_backed_up_then_b(db)
    session.close()
    part = tmp_path / ".db.sqlite3.restoring"
    writer = Session.open(db, lock=True)  # a restore running in another window holds the lock, and writes its copy
    for name in (part, Path(f"{part}-journal")):
        shutil.copy(point.path, name)
    Session.open(db, read_only=True).close()
    with pytest.raises(StoreError):
        Session.open(db, lock=True)
    assert part.exists() and Path(f"{part}-journal").exists()
    writer.close()
    Session.open(db, lock=True).close()
    assert not part.exists() and not Path(f"{part}-journal").exists()
    assert keys_in(db) == ["a", "b"]  # the database itself was never touched


def test_reading_a_backup_leaves_no_files_beside_it(tmp_path):
    """Was: restoring opened the backup so that SQLite made -wal and -shm files beside it, which stayed."""
    db = tmp_path / "db.sqlite3"
    session, point = a_backed_up_then_b(db)
    assert not backups.holds_same(session.store.conn, point)
    session.close()
    restore_file(point, db)
    assert sorted(p.name for p in backups.folder(db).iterdir()) == sorted(b.path.name for b in backups.list_backups(db))


def test_the_rotation_removes_a_backup_with_its_side_files(tmp_path):
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, backup_keep=2)
    start = dt.datetime(2026, 1, 1, 12, 0)
    add(session, "a")
    oldest = backups.make_backup(session.store.conn, db, "manual", keep=2, now=start)
    for suffix in ("-wal", "-shm"):  # as an older version left them, reading it (with a -journal, it is one being written)
        Path(f"{oldest.path}{suffix}").write_bytes(b"")
    for i in (1, 2):
        add(session, f"k{i}")
        backups.make_backup(session.store.conn, db, "manual", keep=2, now=start + dt.timedelta(minutes=i))
    session.close()
    assert sorted(p.name for p in backups.folder(db).iterdir()) == sorted(b.path.name for b in backups.list_backups(db))
    assert len(backups.list_backups(db)) == 2


# -- restoring over a file that cannot be opened: the file is replaced, and nothing lost if it cannot be -------------


def wal_left_by_a_crash(tmp_path: Path) -> tuple[Path, backups.Backup]:
    """A database whose last change ("b") is only in its -wal file, as a crash leaves it, and a backup holding "a"."""
    work = tmp_path / "arbeid" / "db.sqlite3"
    work.parent.mkdir()
    session, point = a_backed_up_then_b(work)
    db = tmp_path / "db.sqlite3"
    for suffix in ("", "-wal", "-shm"):  # copied while it is open: what a crash leaves
        shutil.copy(f"{work}{suffix}", f"{db}{suffix}")
    session.close()
    shutil.copytree(backups.folder(work), backups.folder(db))
    assert Path(f"{db}-wal").stat().st_size > 0
    return db, next(b for b in backups.list_backups(db) if b.path.name == point.path.name)


def refuse_to_replace(monkeypatch, db: Path, winerror: int | None) -> None:
    """os.replace over the database fails as on Windows while another program has the file open."""
    real_replace = os.replace

    def replace(source, target):
        if Path(target) == db:
            error = PermissionError(13, "Prosessen får ikke tilgang til filen", str(target))
            if winerror is not None:
                error.winerror = winerror
            raise error
        return real_replace(source, target)

    monkeypatch.setattr(backups.os, "replace", replace)


def test_a_replace_that_fails_leaves_the_database_with_its_last_changes(tmp_path, monkeypatch):
    """Was: the -wal file was deleted before the new file was put in place; when that failed, the changes still in
    the -wal file were gone."""
    db, point = wal_left_by_a_crash(tmp_path)
    wal = Path(f"{db}-wal").read_bytes()
    with monkeypatch.context() as scoped:
        refuse_to_replace(scoped, db, winerror=None)
        with pytest.raises(StoreError):
            restore_file(point, db)
    assert Path(f"{db}-wal").read_bytes() == wal and Path(f"{db}-shm").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["arbeid", "db.sikkerhetskopier", "db.sqlite3", "db.sqlite3-shm", "db.sqlite3-wal"]
    assert keys_in(db) == ["a", "b"]


@pytest.mark.parametrize("winerror", [32, 5])
def test_a_file_another_program_has_open_is_told_as_in_use_not_read_only(tmp_path, monkeypatch, winerror):
    """Windows will not replace a file another program has open (a sharing violation, error 32, or access denied,
    error 5, to a file that may be written). Was: "kan ikke skrives (skrivebeskyttet fil eller mappe)", of a file
    that can be written."""
    db, point = wal_left_by_a_crash(tmp_path)
    refuse_to_replace(monkeypatch, db, winerror=winerror)
    with pytest.raises(StoreError) as refused:
        restore_file(point, db)
    assert refused.value.kind == "locked" and refused.value.path == str(db)
    assert "er i bruk av et annet program" in refused.value.message_nb


def test_restore_over_the_file_replaces_it_with_the_backup_and_its_history_row(tmp_path):
    db, point = wal_left_by_a_crash(tmp_path)
    restore_file(point, db)
    assert keys_in(db) == ["a"] and not Path(f"{db}-wal").exists() and not Path(f"{db}-shm").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # nothing of the restore left beside it
    session = Session.open(db)
    try:
        assert session.store.history()[0]["command"] == point.restore_label
    finally:
        session.close()


def test_a_backup_made_without_the_writers_lock_leaves_what_looks_left_over(tmp_path):
    """A backup made by a command upgrading an older database (no writer's lock) rotated the folder, and removed
    what looked left over: a backup an older version was writing at that moment (its -journal beside it)."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    add(session, "a")
    good = session.backup("manual")
    directory = backups.folder(db)
    being_written = [f"{db.stem}-20260101-120100-000000-import-h1.sqlite3", f"{db.stem}-20260101-120100-000000-import-h1.sqlite3-journal",
                     f".{db.stem}-20260101-120000-000000-open-h1.sqlite3.part"]
    for name in being_written:
        shutil.copy(good.path, directory / name)
    add(session, "b")
    session.backup("manual")
    session.close()
    assert {name for name in being_written} <= {p.name for p in directory.iterdir()}
    Session.open(db, lock=True).close()  # the writer's lock: now no other program can be writing one
    assert not {name for name in being_written} & {p.name for p in directory.iterdir()}


def test_a_backup_gone_since_it_was_chosen_is_named_and_nothing_changes(tmp_path):
    """Removed (or moved by a sync tool) between the chooser and the restore: the message names the backup, not
    the database, and the database is as it was. Was: "the database … cannot be opened" about the live one, and a
    traceback when restoring over a damaged file."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "a")
    point = session.backup("manual")
    add(session, "b")
    point.path.unlink()
    with pytest.raises(StoreError) as refused:
        session.restore(point)
    assert refused.value.path == str(point.path) and refused.value.kind == "backup-gone"
    assert refused.value.message_nb.startswith(f"sikkerhetskopien fra {point.label} ({point.path}) finnes ikke lenger")
    assert [a.key for a in session.store.load().agreements] == ["a", "b"]
    session.close()
    db.write_bytes(b"")  # and over a database that cannot be opened
    with pytest.raises(StoreError) as refused:
        restore_file(point, db)
    assert refused.value.path == str(point.path) and refused.value.kind == "backup-gone"


def test_a_restore_while_another_connection_writes_is_refused_as_locked_not_waited_on_for_ever(tmp_path, monkeypatch):
    """Another program writing the database without the writer's lock (an older version): the copy is refused as
    any change is, after the usual wait. Was: the window froze for as long as the other program wrote."""
    import sqlite3

    from konsultasjon_app.store import database

    monkeypatch.setattr(database, "_BUSY_SECONDS", 0.2)  # the usual wait, shortened for the test
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "a")
    point = session.backup("manual")
    add(session, "b")
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError) as refused:
            session.restore(point)
        assert refused.value.kind == "locked" and refused.value.path == str(db)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [a.key for a in session.store.load().agreements] == ["a", "b"]  # as it was
    session.close()


def part_held(monkeypatch, times: int, winerror: int | None = 32) -> list[str]:
    """Renaming a backup's part-file fails `times` times as on Windows while OneDrive or an antivirus program looks
    at the file just written (a sharing violation, 32; `winerror` None: a POSIX denial). The list collects the
    refused renames."""
    real_replace = os.replace
    refused: list[str] = []

    def replace(source, target):
        if Path(source).name.endswith(".part") and len(refused) < times:
            refused.append(str(target))
            raise in_use_error(source, winerror)
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    return refused


def test_a_backup_another_program_looks_at_for_an_instant_is_made_all_the_same(tmp_path, monkeypatch):
    """Was: the rename failed at once, and the backup was missing ("databasen … kan ikke skrives")."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    add(session, "a")
    refused = part_held(monkeypatch, times=2)
    made = session.backup("manual")
    session.close()
    assert len(refused) == 2 and made.path.is_file() and keys_in(made.path) == ["a"]
    assert [b.path for b in backups.list_backups(db)] == [made.path]
    assert [p.name for p in backups.folder(db).iterdir()] == [made.path.name]  # no part-file left


@pytest.mark.parametrize(("winerror", "kind"), [(32, "backup-in-use"), (None, "backup-unnamed")])
def test_a_backup_that_cannot_be_given_its_name_is_named_not_told_as_the_database_read_only(tmp_path, monkeypatch, winerror, kind):
    """Was: "databasen …/db.sikkerhetskopier/db-….sqlite3 kan ikke skrives (skrivebeskyttet fil eller mappe)": the
    backup called the database, and a file held by another program called read-only."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "a")
    session.close()
    part_held(monkeypatch, times=1000, winerror=winerror)
    session = Session.open(db, lock=True, backup_on_open=True)  # the window's backup on opening
    try:
        told = session.backup_failure
        assert told is not None and told.kind == kind
        assert Path(told.path).parent == backups.folder(db) and Path(told.path).name.startswith("db-")  # the backup's name
        assert told.message_nb.startswith(f"sikkerhetskopien {told.path} kunne ikke fullføres")
        assert "skrivebeskyttet" not in told.message_nb and "databasen" not in told.message_nb
        if winerror is not None:
            assert told.message_nb.endswith("et annet program (et antivirusprogram, OneDrive) har den åpen; prøv igjen om litt")
            assert told.message.startswith(f"the backup {told.path} could not be completed: another program")
        else:
            # What the system said, said to be the system's (its words are English on an English Windows).
            assert told.message_nb.endswith("(systemet svarte: Prosessen får ikke tilgang til filen fordi den brukes av en annen prosess)")
        add(session, "b")  # the database itself is written as before
        with pytest.raises(StoreError) as manual:
            session.backup("manual")
        assert manual.value.kind == kind
    finally:
        session.close()
    assert keys_in(db) == ["a", "b"]
    assert list(backups.folder(db).iterdir()) == []  # no part-file left


# -- a backup that cannot be written is told of the backup and its folder, with what to do ---------------------------


def test_a_backups_folder_this_user_may_not_write_to_is_named_with_what_to_do(tmp_path, monkeypatch):
    """A colleague made the backups folder on a shared drive (or it has other permissions). Was: «databasen
    …/db.sikkerhetskopier/db-….sqlite3 kan ikke åpnes», which reads as if the register itself would not open, of a
    file never made (found by the backups audit; for real as another user, and on a read-only mount of the folder)."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "a")
    folder = backups.folder(db)
    folder.mkdir()
    new_files_refused(monkeypatch, refused_in(folder))
    with pytest.raises(StoreError) as refused:
        session.backup("manual")
    add(session, "b")  # the database itself is written as before
    session.close()
    told = refused.value
    assert told.kind == "backup-denied" and Path(told.path).parent == folder and Path(told.path).name.startswith("db-")
    assert told.message_nb == (
        f"sikkerhetskopien {told.path} kunne ikke lages: mappen for sikkerhetskopier, {folder}, kan ikke skrives (ingen tilgang, "
        "eller en skrivebeskyttet stasjon); be om skrivetilgang til den, eller flytt databasen med mappene ved siden av den til en mappe du kan skrive i"
    )
    assert told.message.startswith(f"the backup {told.path} could not be made: the backups folder {folder} cannot be written")
    assert list(folder.iterdir()) == [] and keys_in(db) == ["a", "b"]


def test_a_backup_whose_path_is_too_long_for_windows_says_so(tmp_path, monkeypatch):
    """A database deep in a OneDrive folder: its own path fits, but its backups' (the name twice, and 58 characters
    more) do not. Was: «databasen … kan ikke åpnes» at every opening and import (simulated: Windows without long paths)."""
    deep = tmp_path / ("Samarbeidsavtaler med KS – arbeidsdokumenter " + "x" * max(0, 150 - len(str(tmp_path))))
    deep.mkdir()
    db = deep / "konsultasjon.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "a")
    new_files_refused(monkeypatch, refused_over_windows_limit)
    assert len(str(db)) < 230
    with pytest.raises(StoreError) as refused:
        session.backup("import")
    session.close()
    told = refused.value
    assert told.kind == "backup-too-long" and Path(told.path).parent == backups.folder(db)
    assert told.message_nb == (
        f"sikkerhetskopien {told.path} kunne ikke lages: stien er for lang for Windows (høyst 259 tegn, med mindre lange stier "
        "er slått på); flytt databasen med mappene ved siden av den til en mappe med kortere sti, eller gi den et kortere navn"
    )


def test_a_full_disk_met_making_a_backup_names_the_backups_folder(tmp_path):
    """Was: «disken med <the backup's path> er full; ingenting ble lagret», told of a file that was never made."""
    import sqlite3

    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    add(session, "a")

    class FillsTheDisk:
        def execute(self, *args):
            return session.store.conn.execute(*args)

        def backup(self, target):
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = sqlite3.SQLITE_FULL
            raise error

    with pytest.raises(StoreError) as refused:
        backups.make_backup(FillsTheDisk(), db, "import")
    session.close()
    told = refused.value
    assert told.kind == "backup-disk-full"
    assert told.message_nb == f"sikkerhetskopien {told.path} kunne ikke lages: disken med {backups.folder(db)} er full; frigjør plass og prøv igjen"
    assert list(backups.folder(db).iterdir()) == []  # no part-file left


@pytest.mark.parametrize("made_by", ["open", "manual"])
def test_a_file_where_the_backups_folder_should_be_is_named_in_norwegian_with_what_to_do(tmp_path, made_by):
    """Was: «sikkerhetskopien … kunne ikke lages i …/db.sikkerhetskopier (File exists)», the system's English words and
    no advice, in the window's question whether to import without a backup (found by the audit of importing)."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "a")
    session.close()
    folder = backups.folder(db)
    folder.write_text("ikke en mappe", encoding="utf-8")
    session = Session.open(db, lock=True, backup_on_open=made_by == "open")
    try:
        if made_by == "open":
            told = session.backup_failure
        else:
            with pytest.raises(StoreError) as refused:
                session.backup("import")
            told = refused.value
        add(session, "b")  # the database itself is written as before
    finally:
        session.close()
    assert told is not None and told.kind == "backup-not-a-folder" and Path(told.path).parent == folder
    assert told.message_nb == (
        f"sikkerhetskopien {told.path} kunne ikke lages: {folder} er en fil, ikke en mappe (sikkerhetskopiene legges i en mappe "
        "med det navnet ved siden av databasen); flytt filen bort eller gi den et annet navn, og prøv igjen"
    )
    assert told.message.startswith(f"the backup {told.path} could not be made: {folder} is a file, not a folder")
    assert folder.read_text(encoding="utf-8") == "ikke en mappe" and keys_in(db) == ["a", "b"]


@pytest.mark.parametrize(
    ("refusal", "said_nb"),
    [
        (OSError(errno.EIO, "Input/output error"), "(en disk- eller nettverksfeil)"),
        (OSError(errno.ELOOP, "Too many levels of symbolic links"), "(systemet svarte: Too many levels of symbolic links)"),
    ],
    ids=["io", "other"],
)
def test_a_backup_refused_for_another_cause_says_it_in_norwegian_or_that_the_words_are_the_systems(tmp_path, monkeypatch, refusal, said_nb):
    """A disk or network fault is said in words; a cause without a message of its own is told with the system's text
    as the system's (was: the bare «(Input/output error)», in English on Linux, in the window's Norwegian sentence)."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "a")
    folder = backups.folder(db)
    folder.mkdir()
    new_files_refused(monkeypatch, lambda path: OSError(refusal.errno, refusal.strerror, path) if Path(path).parent == folder else None)
    with pytest.raises(StoreError) as refused:
        session.backup("manual")
    session.close()
    told = refused.value
    assert told.kind == "backup-failed"
    assert told.message_nb == f"sikkerhetskopien {told.path} kunne ikke lages i {folder} {said_nb}"
    assert list(folder.iterdir()) == []


# -- «Begynn med tom database»: the lost register's backups kept apart in tidligere/, never pushed out by the new one's --


def lost_with_backups(db: Path, count: int = 3) -> list[backups.Backup]:
    """A database with `count` backups (the user's, a minute apart, each holding one more agreement), then lost:
    deleted by a sync tool. Its backups, newest first."""
    session = Session.open(db)
    start = dt.datetime.now().replace(second=0, microsecond=0) - dt.timedelta(days=1)  # within tidligere/'s year (EARLIER_DAYS)
    for i in range(count):
        add(session, f"k{i}")
        backups.make_backup(session.store.conn, db, "manual", keep=count, now=start + dt.timedelta(minutes=i))
    session.close()
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        path.unlink(missing_ok=True)
    return backups.list_backups(db)


def new_register_backs_up(db: Path, times: int = 4, keep: int = 2) -> None:
    """The new register started where the old one was lost, changed and backed up `times` times (its rotation)."""
    session = Session.open(db, lock=True, backup_keep=keep)
    for i in range(times):
        add(session, f"ny{i}")
        session.backup("manual")
    session.close()


HELD_BY_THE_THREE = (["k0", "k1", "k2"], ["k0", "k1"], ["k0"])  # lost_with_backups's, newest first


def kept_apart(db: Path) -> list[tuple[dt.datetime, str, list[str]]]:
    """The backups in tidligere/, newest first: when, why, and what they hold."""
    return [(b.made, b.reason, keys_in(b.path)) for b in backups.list_backups(db) if b.earlier]


def test_a_backup_another_program_holds_is_copied_apart_and_never_rotated_out(tmp_path, monkeypatch):
    """OneDrive uploads the newest backup (or an antivirus program scans it) for longer than a move waits: Windows
    refuses to move it. Was: left in the rotation without a word, and deleted by the new register's backups."""
    from konsultasjon_app import files

    db = tmp_path / "Åse Ødegård.sqlite3"
    before = lost_with_backups(db)
    held = before[0].path
    real_replace = os.replace
    refused = []

    def replace(source, target):
        if Path(source) == held:
            refused.append(target)
            raise in_use_error(source)
        return real_replace(source, target)

    monkeypatch.setattr(files, "_HELD_WAITS", (0.001,) * 3)
    monkeypatch.setattr(os, "replace", replace)
    assert backups.keep_earlier(db) == []
    assert refused  # tried, and waited for (files.replace)
    new_register_backs_up(db)
    assert kept_apart(db) == [(b.made, b.reason, keys) for b, keys in zip(before, HELD_BY_THE_THREE, strict=True)]
    assert not held.exists()  # the copy is whole: the backup itself is gone from the rotation
    assert not [p.name for p in (backups.folder(db) / "tidligere").iterdir() if p.name.endswith(".part")]


def test_a_backup_whose_path_in_tidligere_would_be_too_long_for_windows_gets_a_shorter_name_there(tmp_path, monkeypatch):
    """The backups' paths fit (252 characters), but not one folder deeper (simulated: Windows without long paths).
    Was: none was moved, and the new register's backups deleted them all."""
    from konsultasjon_app import files

    deep = tmp_path / ("Samarbeidsavtaler med KS – arbeidsdokumenter " + "x" * 200)[: 252 - len(str(tmp_path)) - 1 - len("/db.sikkerhetskopier/db-20260101-120000-000000-manual-h1.sqlite3")]
    deep.mkdir()
    db = deep / "db.sqlite3"
    before = lost_with_backups(db)
    assert {len(str(b.path)) for b in before} == {252}
    windows_path_limit(monkeypatch)
    assert backups.keep_earlier(db) == []
    new_register_backs_up(db)
    assert kept_apart(db) == [(b.made, b.reason, keys) for b, keys in zip(before, HELD_BY_THE_THREE, strict=True)]
    assert all(len(str(b.path)) <= files.WINDOWS_PATH_LIMIT for b in backups.list_backups(db) if b.earlier)


def test_a_backup_that_cannot_be_kept_apart_is_returned_to_be_told(tmp_path, monkeypatch):
    """Held, and no copy can be made beside it in tidligere/ (the disk full, say): named for the user, who is asked
    before the new register starts (ui.opening); the others are kept apart as usual."""
    db = tmp_path / "db.sqlite3"
    before = lost_with_backups(db)
    held = before[1].path
    held_and_not_copied(monkeypatch, held)
    assert backups.keep_earlier(db) == [before[1]]
    assert [b.path.name for b in backups.list_backups(db) if b.earlier] == [before[0].path.name, before[2].path.name]
    assert held.exists() and not [p.name for p in (backups.folder(db) / "tidligere").iterdir() if p.name.startswith(".")]


def test_a_copy_into_tidligere_cut_off_by_a_crash_is_removed_by_the_next_writer(tmp_path):
    db = tmp_path / "db.sqlite3"
    before = lost_with_backups(db, count=1)
    apart = backups.folder(db) / "tidligere"
    apart.mkdir()
    part = apart / f".{before[0].path.name}.part"
    part.write_bytes(b"cut off")
    assert [b.path for b in backups.list_backups(db)] == [before[0].path]  # not listed
    Session.open(db, lock=True).close()
    assert not part.exists()


def registers_lost_one_after_another(db: Path, starts: list[dt.datetime], count: int = 3) -> list[list[backups.Backup]]:
    """A register at `db` backed up `count` times from each of `starts` (a minute apart, keeping `count`), then lost,
    and a new one started there instead (its backups kept apart, keep_earlier), for each start in turn. The backups
    of each register, newest first."""
    registers = []
    for n, start in enumerate(starts):
        session = Session.open(db)
        for i in range(count):
            add(session, f"r{n}k{i}")
            backups.make_backup(session.store.conn, db, "manual", keep=count, now=start + dt.timedelta(minutes=i))
        session.close()
        registers.append([b for b in backups.list_backups(db) if not b.earlier])
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            path.unlink(missing_ok=True)
        assert backups.keep_earlier(db) == []
    return registers


def test_tidligere_keeps_its_backups_a_year_and_the_newest_ones_always(tmp_path):
    """The backups kept apart in tidligere/ (of registers lost, not restored) rotate on their own: those more than a
    year old go when a backup is made, except the newest ones there (as many as the rotation keeps), which stay
    however old, so that the register set aside last can always be restored. Was: tidligere/ was never cleaned, and
    grew by a register's backups each time one was lost."""
    db = tmp_path / "db.sqlite3"
    today = dt.datetime(2026, 11, 26, 12, 0)
    two_years_ago, half_a_year_ago = registers_lost_one_after_another(db, [today - dt.timedelta(days=730), today - dt.timedelta(days=180)])

    session = Session.open(db)
    add(session, "ny")
    backups.make_backup(session.store.conn, db, "manual", keep=2, now=today)

    apart = [b for b in backups.list_backups(db) if b.earlier]
    assert [b.made for b in apart] == [b.made for b in half_a_year_ago]  # beyond the newest 2, but less than a year old
    assert not any(path.name.startswith(two_years_ago[0].path.name) for path in (backups.folder(db) / "tidligere").iterdir())

    backups.make_backup(session.store.conn, db, "manual", keep=3, now=today + dt.timedelta(days=1000))
    session.close()
    assert [b.made for b in backups.list_backups(db) if b.earlier] == [b.made for b in half_a_year_ago]  # the newest 3: kept


def test_a_backups_contents_are_read_without_writing_and_a_damaged_one_gives_none(tmp_path):
    """What a backup holds, for choosing one to restore (its agreements, meetings and newest change), is read from
    its file as it stands: nothing is written there, and no -wal, -shm or -journal made beside it. A damaged one
    (or one gone since it was listed) gives None, not an error. Was: the chooser showed the time only."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    add(session, "a")
    add(session, "b")
    point = session.backup("manual")
    newest = session.store.conn.execute("SELECT at FROM history ORDER BY id DESC LIMIT 1").fetchone()[0]
    add(session, "c")
    session.close()
    folder = backups.folder(db)
    before = {path.name: path.read_bytes() for path in folder.iterdir()}

    held = backups.contents(point)

    assert (held.agreements, held.meetings) == (2, 0)
    assert held.changed == dt.datetime.fromisoformat(newest).astimezone().replace(tzinfo=None)
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    damaged = backups.Backup(folder / point.path.name.replace("manual", "open"), point.made, "open", point.mark)
    damaged.path.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 3000)
    assert backups.contents(damaged) is None
    damaged.path.unlink()
    assert backups.contents(damaged) is None and not damaged.path.exists()
