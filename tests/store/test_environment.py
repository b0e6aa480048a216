"""The database where the environment is awkward: a read-only drive, file or folder, a UNC path on Windows, a
backup that cannot be made when opening, a restore that cannot write beside the database."""

from __future__ import annotations

import ntpath
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from konsultasjon_app.domain.changes import Command, Delete
from konsultasjon_app.store import backup as backups
from konsultasjon_app.store import database
from konsultasjon_app.store.database import Store, restore_file
from konsultasjon_app.store.errors import StoreError, classify
from konsultasjon_app.store.location import _uri_of, sqlite_uri
from konsultasjon_app.store.lock import WriterLock
from konsultasjon_app.store.session import Session

from ..processes import (
    SCHEMAS,
    add,
    integrity,
    keys_in,
    new_files_refused,
    no_room_for_the_shm,
    refused_in,
    refused_over_windows_limit,
    restoring_copy,
    user_version,
)
from ..test_files import deep_folder
from ..windows import access_as_on_windows, in_use_error


def closed_database(tmp_path: Path, *keys: str) -> Path:
    db = tmp_path / "k.sqlite3"
    session = Session.open(db, lock=True)
    for key in keys:
        add(session, key)
    session.close()
    return db


def no_shm_file(monkeypatch, message: str, code: int) -> None:
    """A connection opened read-only (`mode=ro`, not reading the file as it stands) fails at its first statement as
    SQLite does when it cannot make the -shm file there: with `message` and the extended error `code`."""
    real_connect = sqlite3.connect

    class NoShm:
        def execute(self, *args):
            error = sqlite3.OperationalError(message)
            error.sqlite_errorcode = code
            raise error

        def close(self):
            pass

    def connect(target, *args, **kwargs):
        if "mode=ro" in str(target) and "immutable" not in str(target):
            return NoShm()
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(database.sqlite3, "connect", connect)


def as_on_a_read_only_drive(monkeypatch, db: Path) -> None:
    """Nothing may be written, and SQLite cannot open the -wal file (a folder takes its place), as on a drive
    mounted read-only (see the test with a real one below)."""
    Path(f"{db}-wal").unlink(missing_ok=True)
    Path(f"{db}-wal").mkdir()
    monkeypatch.setattr(database, "_writable", lambda path: False)


def test_a_database_on_a_read_only_drive_is_read_as_it_stands(tmp_path, monkeypatch):
    db = closed_database(tmp_path, "a", "b")
    as_on_a_read_only_drive(monkeypatch, db)
    with pytest.raises(StoreError) as refused:
        Store(db)  # for writing: refused at once, not change by change later
    assert refused.value.kind == "read-only"
    store = Store.for_reading(db)
    try:
        assert store.read_only and [a.key for a in store.load().agreements] == ["a", "b"]
    finally:
        store.close()


def test_a_database_on_a_real_read_only_drive(tmp_path, read_only_drive):
    drive, make_read_only = read_only_drive
    shutil.copyfile(closed_database(tmp_path, "a"), drive / "k.sqlite3")
    (drive / "kopi.sqlite3").write_bytes((drive / "k.sqlite3").read_bytes())
    Path(f"{drive / 'kopi.sqlite3'}-wal").write_bytes(b"\0" * 4096)  # a copy made with changes still in its -wal file
    make_read_only()
    with pytest.raises(StoreError) as refused:
        Session.open(drive / "k.sqlite3", lock=True)  # the writer's lock file cannot be made
    assert refused.value.kind == "read-only"
    store = Store.for_reading(drive / "k.sqlite3")
    try:
        assert [a.key for a in store.load().agreements] == ["a"]
    finally:
        store.close()
    with pytest.raises(StoreError) as unread:
        Store.for_reading(drive / "kopi.sqlite3")
    assert unread.value.kind == "unread-wal" and "-wal" in unread.value.message_nb


def test_on_windows_a_database_on_a_read_only_drive_is_read_as_it_stands(tmp_path, monkeypatch, read_only_drive):
    """os.access as Windows answers it: every folder, and a file on a write-protected USB stick or a share one may
    only read, is "writable". Was: neither the window's read-only opening nor a command that only reads could open
    the database there at all («kan ikke åpnes»), since SQLite cannot make the -shm file `mode=ro` needs and the
    fallback to reading it as it stands asked os.access whether the folder could be written."""
    drive, make_read_only = read_only_drive
    shutil.copyfile(closed_database(tmp_path, "a"), drive / "k.sqlite3")
    (drive / "kopi.sqlite3").write_bytes((drive / "k.sqlite3").read_bytes())
    Path(f"{drive / 'kopi.sqlite3'}-wal").write_bytes(b"\0" * 4096)  # a copy made with changes still in its -wal file
    make_read_only()
    access_as_on_windows(monkeypatch)
    with pytest.raises(StoreError) as refused:
        Session.open(drive / "k.sqlite3", lock=True)  # the writer's lock file cannot be made
    assert refused.value.kind == "read-only"
    session = Session.open(drive / "k.sqlite3", read_only=True)  # what the window offers then
    try:
        assert session.store.immutable and [a.key for a in session.register.agreements] == ["a"]
    finally:
        session.close()
    store = Store.for_reading(drive / "k.sqlite3")  # the commands that only read
    try:
        assert store.read_only and [a.key for a in store.load().agreements] == ["a"]
    finally:
        store.close()
    with pytest.raises(StoreError) as unread:
        Store.for_reading(drive / "kopi.sqlite3")
    assert unread.value.kind == "unread-wal"  # not «kan ikke åpnes»: what is wrong, and what to do


def test_on_windows_a_database_file_on_a_read_only_drive_is_refused_for_writing_at_once(tmp_path, monkeypatch, read_only_drive):
    """Windows tells by opening the file for writing: SQLite would open it for reading without a word (and fail on
    its -wal file: «kan ikke åpnes»), where the user is to be told it cannot be written."""
    drive, make_read_only = read_only_drive
    shutil.copyfile(closed_database(tmp_path, "a"), drive / "k.sqlite3")
    make_read_only()
    access_as_on_windows(monkeypatch)
    monkeypatch.setattr(database, "_OPENED_TO_TELL", True, raising=False)
    with pytest.raises(StoreError) as refused:
        Store(drive / "k.sqlite3")
    assert refused.value.kind == "read-only"


@pytest.mark.parametrize("refusal, kind", [(PermissionError(13, "Access is denied"), "read-only"), (in_use_error("k.sqlite3"), None)])
def test_on_windows_a_database_file_one_may_not_write_is_refused_and_one_held_elsewhere_is_not(tmp_path, monkeypatch, refusal, kind):
    """A share's permissions that deny writing the file (no read-only attribute, so os.access says yes on Windows):
    refused at once. A file another program holds (a backup tool that shares no writing) is no write-protection."""
    db = closed_database(tmp_path, "a")
    access_as_on_windows(monkeypatch)
    monkeypatch.setattr(database, "_OPENED_TO_TELL", True, raising=False)
    real_open = os.open

    def open_(path, flags, *args, **kwargs):
        if Path(path) == db and flags & (os.O_RDWR | os.O_WRONLY):
            raise refusal
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    if kind is None:
        Store(db).close()
    else:
        with pytest.raises(StoreError) as refused:
            Store(db)
        assert refused.value.kind == kind


def side_files_of(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if p.name in (f"{db.name}-wal", f"{db.name}-shm"))


def test_a_database_on_a_full_disk_is_read_as_it_stands_and_its_failed_opening_leaves_nothing(tmp_path, monkeypatch):
    """SQLite cannot open a WAL database without room for its 32 KiB -shm, and left a -shm of 3 bytes and an empty
    -wal behind. Was: a full disk kept even the commands that only read from the register ("nothing was saved")."""
    db = closed_database(tmp_path, "a", "b")
    no_room_for_the_shm(monkeypatch, db)
    with pytest.raises(StoreError) as refused:
        Store(db)  # for writing
    assert refused.value.kind == "disk-full" and side_files_of(db) == []
    store = Store.for_reading(db)
    try:
        assert store.read_only and store.disk_full and [a.key for a in store.load().agreements] == ["a", "b"]
        with pytest.raises(StoreError) as unsaved:
            store.write("Ny", (), None)
        assert unsaved.value.kind == "disk-full"  # said as what it is: not a read-only file or folder
    finally:
        store.close()
    assert side_files_of(db) == []


def test_on_a_full_disk_a_window_refused_for_writing_reads_the_database_and_leaves_nothing(tmp_path, monkeypatch):
    """The writer's own lock, held while its opening failed, kept the side files that opening made; they are
    tidied once it lets go, and the same process then reads the database as it stands."""
    db = closed_database(tmp_path, "a")
    no_room_for_the_shm(monkeypatch, db)
    with pytest.raises(StoreError) as refused:
        Session.open(db, lock=True, backup_on_open=True)
    assert refused.value.kind == "disk-full" and side_files_of(db) == []
    session = Session.open(db, read_only=True)
    try:
        assert session.store.disk_full and [a.key for a in session.register.agreements] == ["a"]
    finally:
        session.close()
    assert side_files_of(db) == []


def test_on_a_full_disk_side_files_that_were_there_or_hold_changes_are_left_and_the_reader_says_why(tmp_path, monkeypatch):
    """A -wal that holds changes not yet in the file is never removed (the changes are there alone), and a reader
    cannot read them without room for the -shm: told so, without "nothing was saved" (a reader saves nothing)."""
    db = closed_database(tmp_path, "a")
    Path(f"{db}-wal").write_bytes(b"\1" * 4096)
    no_room_for_the_shm(monkeypatch, db)
    with pytest.raises(StoreError) as unread:
        Store.for_reading(db)
    assert unread.value.kind == "disk-full-read"
    assert unread.value.message_nb == (f"databasen {db} kan ikke leses mens disken den ligger på, er full (SQLite trenger plass "
                                       "til en fil ved siden av den); frigjør plass og prøv igjen")
    assert Path(f"{db}-wal").read_bytes() == b"\1" * 4096 and not Path(f"{db}-shm").exists()  # the -shm was made by it


def test_on_a_full_disk_a_database_a_writer_holds_is_not_read_as_it_stands(tmp_path, monkeypatch):
    """A writer may change the file under a reader that reads it as it stands: refused, and its files untouched."""
    db = closed_database(tmp_path, "a")
    writer = WriterLock(db)
    assert writer.acquire()
    try:
        no_room_for_the_shm(monkeypatch, db)
        with pytest.raises(StoreError) as unread:
            Store.for_reading(db)
        assert unread.value.kind == "disk-full-read"
        assert side_files_of(db) == [f"{db.name}-shm", f"{db.name}-wal"]
    finally:
        writer.release()


@pytest.fixture
def full_disk(tmp_path):
    """A real file system of 300 kB (where this machine lets the tests mount one: root on Linux), and `fill()`,
    which fills it to the last byte."""
    drive = tmp_path / "drive"
    drive.mkdir()
    if os.name == "nt" or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(drive)], check=False, capture_output=True).returncode != 0:
        pytest.skip("no file system can be mounted here")

    def fill() -> None:
        filler = os.open(drive / "fyll", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(filler, b"\0" * 512)
        except OSError:
            pass
        finally:
            os.close(filler)

    try:
        yield drive, fill
    finally:
        if subprocess.run(["umount", str(drive)], check=False).returncode != 0:
            subprocess.run(["umount", "--lazy", str(drive)], check=True)  # a file a failed test left open: not left mounted


def test_a_database_on_a_real_full_disk_is_read_as_it_stands(tmp_path, full_disk):
    drive, fill = full_disk
    db = drive / "k.sqlite3"
    shutil.copyfile(closed_database(tmp_path, "a"), db)
    fill()
    with pytest.raises(StoreError) as refused:
        Session.open(db, lock=True)  # the window, as the only writer
    assert refused.value.kind == "disk-full" and side_files_of(db) == []
    assert WriterLock(db).is_held() is False  # let go, though there was no room to write who held it
    for reader in (lambda: Store.for_reading(db), lambda: Session.open(db, read_only=True).store):
        store = reader()
        try:
            assert store.disk_full and [a.key for a in store.load().agreements] == ["a"]
        finally:
            store.close()
        assert side_files_of(db) == []
    conn = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)  # another program reads it as well
    try:
        assert conn.execute("SELECT count(*) FROM agreements").fetchone()[0] == 1
    finally:
        conn.close()
    (drive / "fyll").unlink()
    session = Session.open(db, lock=True)  # space freed: written again
    try:
        add(session, "b")
    finally:
        session.close()
    assert keys_in(db) == ["a", "b"]


def test_a_read_only_file_is_refused_for_writing_and_its_lock_let_go(tmp_path, monkeypatch):
    """The read-only attribute of a file on Windows: SQLite would open it for reading without a word."""
    db = closed_database(tmp_path, "a")
    monkeypatch.setattr(database, "_writable", lambda path: path != db)
    with pytest.raises(StoreError) as refused:
        Session.open(db, lock=True)
    assert refused.value.kind == "read-only"
    lock = WriterLock(db)
    assert lock.acquire()  # the refused open did not keep the writer's lock
    lock.release()
    session = Session.open(db, read_only=True)
    assert [a.key for a in session.register.agreements] == ["a"]
    session.close()


def test_sqlite_uris_keep_a_unc_path_whole_and_a_drive_path_after_three_slashes():
    assert _uri_of(PureWindowsPath(r"\\fil01\felles\k.sqlite3"), {"mode": "ro"}) == "file:////fil01/felles/k.sqlite3?mode=ro"
    assert _uri_of(PureWindowsPath(r"C:\Data\møter #2\k%.sqlite3"), {}) == "file:///C:/Data/m%C3%B8ter%20%232/k%25.sqlite3"


def test_sqlite_opens_a_path_that_begins_with_two_slashes_as_the_unc_form_is_written(tmp_path):
    db = closed_database(tmp_path / "sær ø#?%", "a")
    uri = _uri_of(PurePosixPath("/" + db.as_posix()), {"mode": "ro"})  # file:////tmp/…: empty authority, //-path
    assert uri.startswith("file:////")
    conn = sqlite3.connect(uri, uri=True)
    try:
        assert conn.execute("SELECT key FROM agreements").fetchall() == [("a",)]
    finally:
        conn.close()
    assert sqlite3.connect(sqlite_uri(db, mode="ro"), uri=True).execute("SELECT count(*) FROM agreements").fetchone() == (1,)


def test_a_backup_that_cannot_be_made_on_opening_does_not_keep_the_register_closed(tmp_path, monkeypatch):
    db = closed_database(tmp_path, "a")

    def full(*args, **kwargs):
        raise StoreError("disk-full", tmp_path / "k.sikkerhetskopier" / "x.sqlite3")

    monkeypatch.setattr("konsultasjon_app.store.session.make_backup", full)
    session = Session.open(db, lock=True, backup_on_open=True)
    try:
        assert session.backup_failure is not None and session.backup_failure.kind == "disk-full"
        assert [a.key for a in session.register.agreements] == ["a"]
        assert not WriterLock(db).acquire()  # it is the writer
    finally:
        session.close()


def test_a_bug_in_the_backup_on_opening_lets_go_of_the_database(tmp_path, monkeypatch):
    db = closed_database(tmp_path, "a")
    monkeypatch.setattr("konsultasjon_app.store.session.make_backup", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        Session.open(db, lock=True, backup_on_open=True)
    lock = WriterLock(db)
    assert lock.acquire()
    lock.release()


def test_backups_are_found_whatever_case_windows_spells_the_database_in(tmp_path, monkeypatch):
    db = closed_database(tmp_path, "a")
    session = Session.open(db, lock=True)
    session.backup("manual")
    session.close()
    (tmp_path / "K.sikkerhetskopier").symlink_to(tmp_path / "k.sikkerhetskopier")  # one folder, as on Windows
    monkeypatch.setattr(os.path, "normcase", ntpath.normcase)
    assert len(backups.list_backups(tmp_path / "K.sqlite3")) == 1


def test_a_restore_that_cannot_write_beside_the_database_names_the_database(tmp_path, monkeypatch):
    db = closed_database(tmp_path, "a")
    session = Session.open(db, lock=True)
    backup = session.backup("manual")
    session.close()

    def cannot_open():
        raise sqlite3.OperationalError("unable to open database file")

    with restoring_copy(monkeypatch, cannot_open), pytest.raises(StoreError) as failed:
        restore_file(backup, db)
    assert failed.value.path == str(db)  # not the sound backup


def test_a_restore_whose_copy_cannot_grow_its_shared_memory_file_is_told_as_a_full_disk(tmp_path, monkeypatch):
    """On a full disk SQLite may say SQLITE_IOERR_SHMSIZE (the copy's -shm cannot grow: found with 400-416 kB free on
    a small tmpfs), a kind of I/O error. Was: «databasen … kunne ikke leses eller skrives (disk- eller nettverksfeil)»,
    sending the user to look for a disk or network fault instead of freeing space."""
    db = closed_database(tmp_path, "a")
    session = Session.open(db, lock=True)
    backup = session.backup("manual")
    add(session, "b")

    def shm_cannot_grow():
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = sqlite3.SQLITE_IOERR_SHMSIZE
        raise error

    try:
        with restoring_copy(monkeypatch, shm_cannot_grow), pytest.raises(StoreError) as failed:
            session.restore(backup)
        assert failed.value.kind == "disk-full" and failed.value.path == str(db)
        assert failed.value.message_nb == f"disken med {db} er full; ingenting ble lagret — frigjør plass og prøv igjen"
        assert [a.key for a in session.store.load().agreements] == ["a", "b"]  # as it was
    finally:
        session.close()


def test_a_database_in_a_folder_one_may_only_read_is_read_as_it_stands(tmp_path, monkeypatch):
    """There SQLite says READONLY_DIRECTORY (not CANTOPEN, as on a read-only drive) when it cannot make the -shm
    file. (Checked for real as another user on a root-owned folder; here the error is given as SQLite gives it.)"""
    db = closed_database(tmp_path, "a")
    monkeypatch.setattr(database, "_writable", lambda path: False)
    no_shm_file(monkeypatch, "attempt to write a readonly database", 1544)  # SQLITE_READONLY_DIRECTORY
    store = Store.for_reading(db)
    try:
        assert [a.key for a in store.load().agreements] == ["a"]
    finally:
        store.close()


def test_on_windows_a_database_in_a_folder_one_may_only_read_is_read_as_it_stands(tmp_path, monkeypatch):
    """As above, with os.access answering as on Windows (every folder "writable") and the folder refusing new files
    as it does for a user who may only read it: the folder is asked by making a file there. Was: «kan ikke åpnes»."""
    db = closed_database(tmp_path, "a")
    access_as_on_windows(monkeypatch)
    new_files_refused(monkeypatch, refused_in(tmp_path))
    no_shm_file(monkeypatch, "unable to open database file", sqlite3.SQLITE_CANTOPEN)
    store = Store(db, read_only=True)
    try:
        assert store.immutable and [a.key for a in store.load().agreements] == ["a"]
    finally:
        store.close()


@pytest.mark.parametrize("version", range(1, database.latest_version()))
def test_an_older_database_on_a_read_only_drive_is_read_as_the_program_reads_it(tmp_path, monkeypatch, version, capsys):
    """A copy of an older year's database archived on a write-protected stick: read through a copy in memory
    brought up to date (the file stays as it is), by the commands that only read and by the window."""
    from konsultasjon_app.cli import EXIT_OK, main

    db = tmp_path / "gammel.sqlite3"
    shutil.copy(SCHEMAS / f"schema-v{version}.sqlite3", db)
    before = db.read_bytes()
    as_on_a_read_only_drive(monkeypatch, db)
    store = Store.for_reading(db)
    try:
        assert store.read_only and store.schema_version == database.latest_version()
        register = store.load()
        (meeting,) = [m for m in register.meetings if (m.year, m.number) == (2006, 2)]
        assert [a.key for a in register.agreements] == ["barnevern"] and meeting.participants == ()
        assert len(store.history()) >= 1
        with pytest.raises(StoreError) as refused:
            store.write("Ny", (), None)
        assert refused.value.kind == "read-only"
    finally:
        store.close()
    assert main(["--db", str(db), "check"]) == EXIT_OK
    assert main(["--db", str(db), "export", str(tmp_path / "ut.json")]) == EXIT_OK
    assert '"barnevern"' in (tmp_path / "ut.json").read_text(encoding="utf-8")
    assert db.read_bytes() == before and not backups.folder(db).exists()  # nothing written, no backup made


def test_a_reader_of_an_older_database_follows_the_writer_that_upgrades_it(tmp_path):
    """A second window reads an older database read-only (from an upgraded copy); the writer that opens it next
    upgrades the file, and from then on the reader reads the file itself."""
    db = tmp_path / "gammel.sqlite3"
    shutil.copy(SCHEMAS / "schema-v1.sqlite3", db)
    reader = Session.open(db, read_only=True)
    try:
        assert [a.key for a in reader.register.agreements] == ["barnevern"]
        writer = Session.open(db, lock=True)  # upgrades the file
        try:
            add(writer, "ny")
            assert reader.follow()
            assert [a.key for a in reader.register.agreements] == ["barnevern", "ny"]
            assert reader.store.conn.execute("PRAGMA database_list").fetchone()[2] == str(db)  # the file, no copy
            add(writer, "nyere")
            assert reader.follow() and [a.key for a in reader.register.agreements] == ["barnevern", "ny", "nyere"]
        finally:
            writer.close()
    finally:
        reader.close()


def test_an_older_database_whose_backup_cannot_be_made_is_read_all_the_same(tmp_path, capsys):
    """The backup before an upgrade cannot be made (a file lies where the backups folder belongs, as a folder the
    user may not write to or a full disk would refuse it): the commands that only read need neither the upgrade nor
    its backup, and read the file as it is through an upgraded copy in memory (README, Data safety)."""
    from konsultasjon_app.cli import EXIT_OK, main

    db = tmp_path / "gammel.sqlite3"
    shutil.copy(SCHEMAS / "schema-v1.sqlite3", db)
    backups.folder(db).write_text("x")  # in the backups folder's way
    store = Store.for_reading(db)
    try:
        assert store.read_only and [a.key for a in store.load().agreements] == ["barnevern"]
    finally:
        store.close()
    assert main(["--db", str(db), "export", str(tmp_path / "ut.json")]) == EXIT_OK
    assert '"barnevern"' in (tmp_path / "ut.json").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", str(db), "check", "--format", "json"]) == EXIT_OK
    assert '"integrity"' in capsys.readouterr().out
    with sqlite3.connect(db) as conn:  # the file is not upgraded, and no backup was made
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert backups.folder(db).is_file()


def full_disk_for_the_file(monkeypatch) -> None:
    """The upgrade of the file refused as a full disk refuses it (after its backup, which found room); the copy in
    memory has room."""
    real = database._migrate

    def migrate(conn, **kwargs):
        if conn.execute("PRAGMA database_list").fetchone()[2]:  # a file, not a copy in memory
            raise sqlite3.OperationalError("database or disk is full")
        return real(conn, **kwargs)

    monkeypatch.setattr(database, "_migrate", migrate)


@pytest.mark.parametrize("refusal", ["another program writing it", "a full disk"])
def test_an_older_database_whose_upgrade_is_refused_is_read_all_the_same(tmp_path, monkeypatch, capsys, refusal):
    """The upgrade itself refused, its backup made: another program holds a write transaction (DB Browser with
    unsaved edits, an older version mid-change), or the disk has room for the backup but not for the upgrade. Was:
    exit 3, "in use by another program" or "the disk … is full; nothing was saved", from a command that only reads,
    where one whose backup could not be made read the file. Now it is read as it is, through an upgraded copy in memory."""
    from konsultasjon_app.cli import EXIT_OK, main

    monkeypatch.setattr(database, "_BUSY_SECONDS", 0.05)  # refused at once, not after the usual wait
    db = tmp_path / "gammel.sqlite3"
    shutil.copy(SCHEMAS / "schema-v2.sqlite3", db)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("PRAGMA journal_mode = WAL")  # as the older version keeps it
    if refusal == "a full disk":
        full_disk_for_the_file(monkeypatch)
    else:
        other.execute("BEGIN IMMEDIATE")
    try:
        store = Store.for_reading(db)
        try:
            assert store.read_only and [a.key for a in store.load().agreements] == ["barnevern"]
        finally:
            store.close()
        capsys.readouterr()
        assert main(["--db", str(db), "check", "--format", "json"]) == EXIT_OK
        assert '"integrity"' in capsys.readouterr().out
        assert main(["--db", str(db), "export", str(tmp_path / "ut.json")]) == EXIT_OK
        assert '"barnevern"' in (tmp_path / "ut.json").read_text(encoding="utf-8")
        assert main(["--db", str(db), "plan", "--from-year", "2006", "--format", "json"]) == EXIT_OK
        assert '"items"' in capsys.readouterr().out
    finally:
        if other.in_transaction:
            other.rollback()
        other.close()
    assert user_version(db) == 2  # the file is as it was
    assert [b.reason for b in backups.list_backups(db)] == ["migration"]  # made once, taken again at each try


def put_back_over(copy: Path, db: Path, how: str) -> None:
    """Another program puts an older copy where the open database is: written over it in place ("cp", a file
    manager: the same file to the file system), moved into its place ("replaced": a sync tool), or the database is
    deleted ("deleted")."""
    if how == "cp":
        shutil.copyfile(copy, db)
    elif how == "replaced":
        shutil.copyfile(copy, db.with_name("ny.tmp"))
        os.replace(db.with_name("ny.tmp"), db)
    else:
        db.unlink()


@pytest.fixture
def writer(tmp_path):
    """(the database, the window's session writing it), closed at the end."""
    db = tmp_path / "reg.sqlite3"
    session = Session.open(db, lock=True)
    yield db, session
    session.close()


def copied_after_a(session: Session, db: Path) -> Path:
    """Agreement «a» stored and in the file itself (checkpoint), then the file copied away, as a user does; the copy."""
    add(session, "a")
    session.checkpoint()
    copy = db.with_name("kopi.sqlite3")
    shutil.copy(db, copy)
    return copy


@pytest.mark.skipif(os.name == "nt", reason="Windows replaces and deletes no file SQLite has open")
@pytest.mark.parametrize("how", ["cp", "replaced", "deleted"])
def test_a_writer_whose_file_another_program_replaced_writes_nothing_into_it_and_says_so(writer, how):
    """The user copies the database away, works on, and copies the older copy back over it (or a sync tool puts
    its version in place, or the file is deleted) while the window has it open. The next change, its undo and a
    restore are refused, naming the file and what happened; the checkpoint writes nothing into the file either.
    Was: written on without a word, into the file the user put back (a bigger -wal damaged it) or into one no
    longer there (lost at the next start), while the window showed what the file did not hold."""
    db, session = writer
    copy = copied_after_a(session, db)
    point = session.backup("manual")
    add(session, "b")
    undo = session.register
    session.checkpoint()
    put_back_over(copy, db, how)
    before = db.read_bytes() if how != "deleted" else None
    kind = "db-deleted" if how == "deleted" else "db-replaced"

    with pytest.raises(StoreError) as refused:
        add(session, "c")
    assert refused.value.kind == kind and refused.value.path == str(db)
    assert "etter at den ble åpnet her" in refused.value.message_nb and "ingenting ble lagret" in refused.value.message_nb
    assert [a.key for a in session.register.agreements] == ["a", "b"] and session.register is undo  # as it was
    with pytest.raises(StoreError) as refused:  # an undo takes the same path
        session.execute(Command("Angre: Ny b", (Delete("agreements", "b"),), checked=True))
    assert refused.value.kind == kind
    backups_before = backups.list_backups(db)
    with pytest.raises(StoreError) as refused:
        session.restore(point)
    assert refused.value.kind == kind and backups.list_backups(db) == backups_before  # not even its backup first
    session.checkpoint()  # (the window's timer): nothing, and no error
    if how == "deleted":
        assert not db.exists()  # nothing made in its place
    else:
        assert db.read_bytes() == before  # not a byte written into the file put back
    if how == "cp":  # (a file moved into its place is read by others with this writer's -wal file, which SQLite keeps)
        assert keys_in(db) == ["a"] and integrity(db) == "ok"


@pytest.mark.skipif(os.name == "nt", reason="Windows replaces no file SQLite has open")
def test_the_checkpoint_writes_nothing_into_a_copy_put_back_over_the_file(writer):
    """The window's checkpoint (once the edits pause) after an older copy was put back over the file, with changes
    still in the -wal file: not one of their pages is written into the copy. Was: written in, mixing the two."""
    db, session = writer
    copy = copied_after_a(session, db)
    for key in ("b", "c"):
        add(session, key)  # in the -wal file only, until the checkpoint
    put_back_over(copy, db, "cp")
    session.checkpoint()
    assert db.read_bytes() == copy.read_bytes()


def test_a_writer_whose_file_was_moved_away_and_back_writes_again(writer, tmp_path):
    """"Put the file back", as the refusal says: the same file, as this writer left it, is written again."""
    db, session = writer
    add(session, "a")
    os.replace(db, tmp_path / "borte.sqlite3")
    with pytest.raises(StoreError) as refused:
        add(session, "b")
    assert refused.value.kind == "db-deleted"
    os.replace(tmp_path / "borte.sqlite3", db)
    add(session, "b")
    session.close()
    assert keys_in(db) == ["a", "b"]


def test_a_writer_is_not_refused_for_what_it_wrote_itself_or_others_only_read(tmp_path):
    """The look before each change takes none of the writer's own writes for another program's: commits whose
    checkpoint moves the -wal into the file (here after every commit), checkpoints, a restore, an undo; nor a
    command or a read-only window that reads the file meanwhile and closes."""
    from konsultasjon_app.cli import EXIT_OK, main

    db = tmp_path / "reg.sqlite3"
    session = Session.open(db, lock=True, backup_on_open=True)
    try:
        session.store.conn.execute("PRAGMA wal_autocheckpoint = 1")  # every commit also writes the file
        add(session, "a")
        point = session.backup("manual")
        for key in ("b", "c"):
            before = db.read_bytes()
            add(session, key)
            assert db.read_bytes() != before  # (the commit did write the file itself)
        session.checkpoint()
        assert main(["--db", str(db), "export", str(tmp_path / "ut.json")]) == EXIT_OK  # another program reads it
        Session.open(db, read_only=True).close()
        Store.for_reading(db).close()
        session.restore(point)
        add(session, "d")
        session.execute(Command("Angre: Ny d", (Delete("agreements", "d"),), checked=True))
        add(session, "e")
        session.checkpoint()
    finally:
        session.close()
    assert keys_in(db) == ["a", "e"]


def test_on_windows_a_later_write_time_of_the_writers_own_file_refuses_nothing(tmp_path, monkeypatch):
    """NTFS may bring the file's last-write time up to date after the writer noted it (when its handles are flushed
    or closed): on Windows that alone must not be taken for another program's write, or every change after it would
    be refused. A file put in its place is still told (its identity)."""
    monkeypatch.setattr(database, "_COMPARE_WRITE_TIMES", False)
    db = tmp_path / "reg.sqlite3"
    session = Session.open(db, lock=True)
    try:
        add(session, "a")
        later = db.stat().st_mtime_ns + 2_000_000_000
        os.utime(db, ns=(later, later))
        add(session, "b")  # not refused
        assert {a.key for a in session.register.agreements} == {"a", "b"}
        shutil.copy(db, tmp_path / "kopi.sqlite3")
        os.replace(tmp_path / "kopi.sqlite3", db)
        with pytest.raises(StoreError) as refused:
            add(session, "c")
        assert refused.value.kind == "db-replaced"
    finally:
        session.close()


def windows_path_limit(monkeypatch) -> None:
    """Windows without long paths, for a database: the writer's lock file is refused at a path over 259 characters
    (a path not found), and so is the database by SQLite («unable to open», CANTOPEN, naming no file) when it or a
    file it must make beside it would be: the -wal and -shm of one there, the -journal it creates a new one with."""
    from urllib.parse import unquote, urlsplit

    from konsultasjon_app.store import lock

    real_open, real_connect = open, sqlite3.connect

    def open_(path, *args, **kwargs):
        error = refused_over_windows_limit(os.fspath(path))
        if error is not None:
            raise error
        return real_open(path, *args, **kwargs)

    def connect(target, *args, **kwargs):
        name = str(target)
        if name.startswith("file:"):
            name = unquote(urlsplit(name).path)
        if name != ":memory:":
            beside = ("-wal", "-shm") if os.path.exists(name) else ("-journal",)
            if any(refused_over_windows_limit(name + suffix) is not None for suffix in ("", *beside)):
                error = sqlite3.OperationalError("unable to open database file")
                error.sqlite_errorcode = sqlite3.SQLITE_CANTOPEN
                raise error
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(lock, "open", open_, raising=False)  # the lock file's, before the builtin
    monkeypatch.setattr(sqlite3, "connect", connect)


def too_long_nb(db: Path) -> str:
    return (
        f"databasen {db} kan ikke brukes: stien er for lang for Windows (høyst 259 tegn, med mindre lange stier er slått "
        "på, og filene som ligger ved siden av databasen har opptil 8 tegn lengre sti); flytt databasen med mappene ved "
        "siden av den til en mappe med kortere sti, eller gi den et kortere navn"
    )


def too_long_en(db: Path) -> str:
    return (
        f"the database {db} cannot be used: its path is too long for Windows (at most 259 characters, unless long paths "
        "are turned on, and the files kept beside the database have paths up to 8 characters longer); move the database "
        "with the folders beside it to a folder with a shorter path, or give it a shorter name"
    )


@pytest.mark.parametrize("length", [253, 255, 259, 265])
def test_a_database_too_long_for_windows_with_the_files_beside_it_is_told_so_when_opened_to_write(tmp_path, monkeypatch, length):
    """Fil → Ny database or Åpne deep in a OneDrive folder: the database's own path longer than Windows takes, or its
    lock file's (5 characters longer), or the -journal SQLite makes a new one with (8). Was: «databasen … kunne ikke
    leses eller skrives (disk- eller nettverksfeil)», which sends the user after a failing disk or network."""
    folder = deep_folder(tmp_path, "Åse Ødegård.sqlite3", length)
    db = folder / "Åse Ødegård.sqlite3"
    assert len(str(db)) == length
    windows_path_limit(monkeypatch)
    with pytest.raises(StoreError) as refused:
        Session.open(db, lock=True, backup_on_open=True)
    assert refused.value.kind == "too-long" and refused.value.path == str(db)
    assert refused.value.message_nb == too_long_nb(db)
    assert refused.value.message == too_long_en(db)
    assert os.listdir(folder) == []  # no lock file, no empty database left behind


@pytest.mark.parametrize("length", [256, 265])
def test_a_database_too_long_for_windows_is_told_so_when_opened_to_read(tmp_path, monkeypatch, length):
    """Made elsewhere and moved deep into a OneDrive folder, then opened read-only or by a command that only reads:
    its -wal (4 characters longer) or its own path does not fit. Was: «kan ikke åpnes» without a why."""
    folder = deep_folder(tmp_path, "k.sqlite3", length)
    db = folder / "k.sqlite3"
    shutil.copyfile(closed_database(tmp_path, "a"), db)
    windows_path_limit(monkeypatch)
    for opening in (lambda: Session.open(db, read_only=True), lambda: Store.for_reading(db)):
        with pytest.raises(StoreError) as refused:
            opening()
        assert refused.value.kind == "too-long" and refused.value.message_nb == too_long_nb(db)


def test_only_an_error_opening_the_database_is_taken_for_a_path_too_long_for_its_side_files(tmp_path):
    """SQLite names no file: «unable to open» or a disk I/O error met opening a database whose side files would be
    over the limit is told as the path; the same met later (writing, a checkpoint), or beside a short path, is not."""
    cannot_open, io_error = sqlite3.OperationalError("unable to open database file"), sqlite3.OperationalError("disk I/O error")
    cannot_open.sqlite_errorcode, io_error.sqlite_errorcode = sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR
    deep = deep_folder(tmp_path, "ny.sqlite3", 253) / "ny.sqlite3"  # its -journal: 261 characters
    short = tmp_path / "ny.sqlite3"
    for error, kind in ((cannot_open, "cannot-open"), (io_error, "io")):
        assert classify(error, deep, opening=True).kind == "too-long"
        assert classify(error, deep).kind == kind
        assert classify(error, short, opening=True).kind == kind
    locked = sqlite3.OperationalError("database is locked")
    assert classify(locked, deep, opening=True).kind == "locked"
    # An OSError names its file: told as too long whenever that file's path is, and as what it is otherwise.
    fits = deep_folder(tmp_path / "b", "k.sqlite3", 256) / "k.sqlite3"  # its lock file: 261 characters
    assert classify(FileNotFoundError(2, "The system cannot find the path specified", f"{fits}.lock"), fits).kind == "too-long"
    assert classify(FileNotFoundError(2, "No such file or directory", str(short) + ".lock"), short).kind == "io"


def test_a_long_path_that_fails_for_another_reason_is_not_told_too_long_for_windows(tmp_path):
    """A folder, or a database under a file, at a path of 252-259 characters: what stops it is that, as at a short
    path (was: «stien er for lang for Windows» on every system, while a good database at that length opened)."""
    deep = tmp_path / ("d" * 100) / ("f" * max(1, 252 - len(str(tmp_path)) - 100 - 2 - len("/db.sqlite3")))
    deep.mkdir(parents=True)
    folder = deep / "ok.sqlite3"
    folder.mkdir()
    afile = tmp_path / "afile"
    afile.touch()
    under = afile / ("x" * 150) / ("y" * 100) / "db.sqlite3"
    for path in (folder, under):
        with pytest.raises(StoreError) as refused:
            Session.open(path, lock=True)
        assert refused.value.kind != "too-long", (len(str(path)), refused.value.kind)


def test_a_database_only_in_onedrive_that_cannot_be_opened_is_told_so(tmp_path, monkeypatch):
    """Files On-Demand, offline in the meeting room: the database lies only in OneDrive, and SQLite says no more than
    that it cannot open it. Was: «databasen … kan ikke åpnes», with nothing on why or what to do. The same refusal of
    a file that is on the disk is told as before."""
    from ..windows import file_attributes

    db = closed_database(tmp_path, "a")
    real_connect = sqlite3.connect

    def connect(target, *args, **kwargs):
        if db.name in str(target):  # as Windows refuses a placeholder it cannot fetch
            refused = sqlite3.OperationalError("unable to open database file")
            refused.sqlite_errorcode = sqlite3.SQLITE_CANTOPEN
            raise refused
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    with pytest.raises(StoreError) as refused:
        Session.open(db, lock=True)
    assert refused.value.kind == "cannot-open"
    file_attributes(monkeypatch, {db: 0x400000 | 0x100000 | 0x20})  # RECALL_ON_DATA_ACCESS | UNPINNED | ARCHIVE
    for opening in (lambda: Session.open(db, lock=True), lambda: Session.open(db, read_only=True)):
        with pytest.raises(StoreError) as refused:
            opening()
        assert refused.value.kind == "cloud-only"
        assert refused.value.message_nb.startswith(f"databasen {db} kan ikke åpnes: filen ligger kanskje bare i OneDrive og er ikke lastet ned")
        assert "«Behold alltid på denne enheten»" in refused.value.message_nb
    # Met later (writing, not opening), the same error is not taken for the file lying in the cloud.
    assert classify(sqlite3.OperationalError("unable to open database file"), db).kind == "cannot-open"
