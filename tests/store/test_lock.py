"""One writer per database: a second writer is refused with who holds it; readers may look meanwhile."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from konsultasjon_app.cli import EXIT_ENVIRONMENT, main
from konsultasjon_app.domain.changes import Command, Put
from konsultasjon_app.domain.model import Agreement
from konsultasjon_app.store.errors import StoreError
from konsultasjon_app.store.session import Session

from ..processes import SCHEMAS, reap


def test_a_second_writer_is_refused_and_told_who_has_it(tmp_path):
    db = tmp_path / "db.sqlite3"
    first = Session.open(db, lock=True)
    try:
        with pytest.raises(StoreError) as info:
            Session.open(db, lock=True)
        assert info.value.kind == "in-use"
        assert "prosess" in info.value.message_nb and str(os.getpid()) in info.value.message_nb
    finally:
        first.close()
    Session.open(db, lock=True).close()  # free again once the first is closed


def test_a_reader_sees_what_the_writer_stored_and_cannot_write(tmp_path):
    db = tmp_path / "db.sqlite3"
    writer = Session.open(db, lock=True)
    try:
        writer.execute(Command("Ny", (Put("agreements", Agreement("a", "A")),)))
        reader = Session.open(db, read_only=True)
        try:
            assert [a.key for a in reader.register.agreements] == ["a"]
            assert reader.lock_holder().endswith(")")
            with pytest.raises(StoreError) as info:
                reader.execute(Command("Ny", (Put("agreements", Agreement("b", "B")),)))
            assert info.value.kind == "read-only"
        finally:
            reader.close()
    finally:
        writer.close()


def test_the_command_line_will_not_import_while_the_window_has_the_database(tmp_path, demo_bundle_path, capsys):
    db = tmp_path / "db.sqlite3"
    window = Session.open(db, lock=True)
    try:
        assert main(["--db", str(db), "import", str(demo_bundle_path)]) == EXIT_ENVIRONMENT
        err = capsys.readouterr().err
        assert "is open for writing by" in err and err.rstrip().endswith("close it there and try again")
        assert "read-only" not in err  # an import cannot be done read-only: the message must not suggest it
        assert window.store.load().agreements == ()
    finally:
        window.close()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    db = tmp_path / "db.sqlite3"
    Session.open(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from konsultasjon_app.store.session import Session; s = Session.open(sys.argv[1], lock=True); print('held', flush=True); sys.stdin.read()", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=dict(os.environ),
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError):
            Session.open(db, lock=True)
        holder.kill()
        holder.wait(timeout=30)
    finally:
        reap(holder)
    Session.open(db, lock=True).close()


def test_a_path_that_is_not_a_database_is_refused_without_leaving_a_lock_file(tmp_path, demo_bundle_path, capsys):
    not_a_database = tmp_path / "rich.json"
    not_a_database.write_text('{"format": "konsultasjon-bundle"}', encoding="utf-8")
    assert main(["--db", str(not_a_database), "import", str(demo_bundle_path)]) == EXIT_ENVIRONMENT
    assert "is not a database of this program" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rich.json"]
    # A real database keeps its lock file for the next writer, as before.
    db = tmp_path / "db.sqlite3"
    Session.open(db, lock=True).close()
    assert (tmp_path / "db.sqlite3.lock").exists()


@pytest.mark.skipif(os.name == "nt", reason="Windows removes no open file")
def test_a_lock_taken_on_a_file_removed_meanwhile_is_taken_again_on_the_one_there(tmp_path, monkeypatch):
    """The holder removes the lock file it made (above) while another process has just opened it: that process
    must not go on holding a lock on a file nobody else can find."""
    from konsultasjon_app.store import lock as lock_module

    real_lock = lock_module._lock
    calls = []

    def lock_after_the_file_was_replaced(fh):
        if not calls:  # the first time: the file this process opened is removed, and another made in its place
            (tmp_path / "x.json.lock").unlink()
            (tmp_path / "x.json.lock").write_bytes(b"")
        calls.append(fh)
        real_lock(fh)

    monkeypatch.setattr(lock_module, "_lock", lock_after_the_file_was_replaced)
    writer = lock_module.WriterLock(tmp_path / "x.json")
    assert writer.acquire()
    try:
        assert len(calls) == 2
        assert os.fstat(writer._fh.fileno()).st_ino == os.stat(writer.path).st_ino
    finally:
        writer.release()


def test_a_reader_follows_the_writer_and_sees_it_go(tmp_path):
    """A read-only window's session: what the writer stores is read again (only then), its listeners are told what
    changed as a command would tell them, and once the writer has closed, nobody is named as holding it."""
    from konsultasjon_app.domain.changes import RenameAgreement

    db = tmp_path / "db.sqlite3"
    writer = Session.open(db, lock=True)
    writer.execute(Command("Ny", (Put("agreements", Agreement("a", "A")),)))
    reader = Session.open(db, read_only=True)
    told = []
    reader.subscribe(told.append)
    try:
        assert not reader.follow() and told == []  # nothing new: not read again
        assert str(os.getpid()) in reader.lock_holder()
        writer.execute(Command("Ny", (Put("agreements", Agreement("b", "B")),)))
        assert reader.follow()
        assert [a.key for a in reader.register.agreements] == ["a", "b"]
        assert told[-1].kinds == {"agreements"} and told[-1].agreements == {"b"} and not told[-1].everything
        writer.execute(Command("Nytt navn", (RenameAgreement("a", "a2"),)))
        assert reader.follow() and {"a", "a2"} <= told[-1].agreements  # a rename, as the command itself says it
        assert not reader.follow()
        writer.close()
        assert reader.lock_holder() == ""  # the lock file still names the writer; it holds the lock no longer
        assert [a.key for a in reader.register.agreements] == ["a2", "b"]
    finally:
        reader.close()
        writer.close()


def test_a_reader_follows_the_writer_through_a_restore(tmp_path):
    """The writer restores a backup into the database the read-only window has open: the window reads the restored
    content, and what is written after it. Was: it went on reading the replaced file, and never saw the restore or
    anything written after it (and on Windows the restore failed while the window had the file open)."""
    db = tmp_path / "db.sqlite3"
    writer = Session.open(db, lock=True)
    writer.execute(Command("Ny", (Put("agreements", Agreement("a", "A")),)))
    point = writer.backup("manual")
    writer.execute(Command("Ny", (Put("agreements", Agreement("b", "B")),)))
    reader = Session.open(db, read_only=True)
    try:
        assert [a.key for a in reader.register.agreements] == ["a", "b"]
        writer.restore(point)
        assert not reader.store.replaced()  # the same file: read as any change is
        assert reader.follow()
        assert [a.key for a in reader.register.agreements] == ["a"]
        writer.execute(Command("Ny", (Put("agreements", Agreement("c", "C")),)))
        assert reader.follow() and [a.key for a in reader.register.agreements] == ["a", "c"]
        assert not reader.follow()
    finally:
        reader.close()
        writer.close()


def a_look_at_the_lock(db):
    """The lock file of `db`, locked as a read-only window's look (WriterLock.is_held) locks it for an instant."""
    from konsultasjon_app.store import lock as lock_module

    Session.open(db, lock=True).close()
    looking = open(lock_module.WriterLock(db).path, "rb")  # noqa: SIM115 - closed by the caller
    lock_module._lock(looking)
    return looking


def test_a_look_at_the_lock_does_not_turn_a_writer_away(tmp_path, monkeypatch):
    """A read-only window looks whether the lock is free by taking it for an instant: a writer that comes at that
    moment waits for the look to end instead of being told the database is in use."""
    from konsultasjon_app.store import lock as lock_module

    db = tmp_path / "db.sqlite3"
    looking = a_look_at_the_lock(db)
    try:
        assert lock_module.WriterLock(db).is_held() is True
        waits = []

        def the_look_ends_meanwhile(seconds):
            waits.append(seconds)
            lock_module._unlock(looking)

        monkeypatch.setattr(lock_module.time, "sleep", the_look_ends_meanwhile)
        writer = lock_module.WriterLock(db)
        assert writer.acquire() and len(waits) == 1
        writer.release()
    finally:
        looking.close()
    assert lock_module.WriterLock(db).is_held() is False
    assert lock_module.WriterLock(tmp_path / "nie.sqlite3").is_held() is False  # no lock file: nobody


def test_a_lock_still_taken_after_the_wait_for_a_look_turns_the_writer_away(tmp_path, monkeypatch):
    """What still holds the lock after that one wait is a writer, not a look: the second writer is refused at once
    (it does not wait on and on)."""
    from konsultasjon_app.store import lock as lock_module

    db = tmp_path / "db.sqlite3"
    looking = a_look_at_the_lock(db)
    try:
        waits = []
        monkeypatch.setattr(lock_module.time, "sleep", waits.append)
        writer = lock_module.WriterLock(db)
        assert not writer.acquire() and len(waits) == 1
        assert lock_module.WriterLock(db).is_held() is True  # the holder still has it
    finally:
        looking.close()


def test_a_lock_that_cannot_be_looked_at_is_not_taken_for_a_writer(tmp_path, monkeypatch):
    """A drive without locks (ENOLCK), or one that refuses this kind (EBADF on some network drives): nobody can be
    said to hold it, nor not to. Was: a writer, for ever, so "Åpne for skriving" was never offered."""
    import errno

    from konsultasjon_app.store import lock as lock_module

    db = tmp_path / "db.sqlite3"
    Session.open(db, lock=True).close()

    def no_locks(fh):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(lock_module, "_lock", no_locks)
    assert lock_module.WriterLock(db).is_held() is None
    reader = Session.open(db, read_only=True)
    try:
        assert reader.lock_holder() is None
    finally:
        reader.close()


def test_a_command_that_only_reads_does_not_upgrade_a_database_a_writer_has_open(tmp_path):
    """An older program writing the database would find its schema changed under it. While another holds the
    writer's lock, the older database is read through an upgraded copy in memory; once free, it is upgraded."""
    import shutil

    from konsultasjon_app.store import backup as backups
    from konsultasjon_app.store import lock as lock_module
    from konsultasjon_app.store.database import Store, latest_version

    db = tmp_path / "gammel.sqlite3"
    shutil.copy(SCHEMAS / "schema-v1.sqlite3", db)
    writer = lock_module.WriterLock(db)  # an older version's window
    assert writer.acquire()
    try:
        store = Store.for_reading(db)
        try:
            assert store.read_only and store.schema_version == latest_version() and store.load().agreements
        finally:
            store.close()
        check = Store(db, read_only=True)
        try:
            assert check._file is not None  # the file itself is still of version 1 (read through a copy in memory)
        finally:
            check.close()
        assert backups.list_backups(db) == []
    finally:
        writer.release()
    store = Store.for_reading(db)
    store.close()
    assert [b.reason for b in backups.list_backups(db)] == ["migration"]
    check = Store(db, read_only=True)
    try:
        assert check._file is None and check.schema_version == latest_version()
    finally:
        check.close()
    assert lock_module.WriterLock(db).is_held() is False  # let go once upgraded


def test_a_command_that_only_reads_leaves_the_writers_lock_alone(tmp_path, monkeypatch):
    """`agenda`, `export`, `check` … while a window writes the database: they read it as it is, without taking the
    writer's lock for a moment (which turned away a window opening in that moment, and waited 50 ms whenever a
    window had it). Only an older database's upgrade takes the lock."""
    from konsultasjon_app.store import lock as lock_module
    from konsultasjon_app.store.database import Store

    db = tmp_path / "db.sqlite3"
    window = Session.open(db, lock=True)
    window.execute(Command("Ny", (Put("agreements", Agreement("a", "A")),)))
    taken = []
    real = lock_module.WriterLock.acquire
    monkeypatch.setattr(lock_module.WriterLock, "acquire", lambda lock: taken.append(lock) or real(lock))
    try:
        store = Store.for_reading(db)
        assert [a.key for a in store.load().agreements] == ["a"] and taken == []
        store.close()
    finally:
        window.close()


def linked(tmp_path):
    """The database in a shared folder and a link to it elsewhere (a shortcut in Dokumenter): (the file, the link)."""
    real = tmp_path / "felles" / "reg.sqlite3"
    real.parent.mkdir()
    Session.open(real, lock=True).close()
    link = tmp_path / "reg-snarvei.sqlite3"
    try:
        link.symlink_to(real)
    except OSError:  # pragma: no cover - Windows without the right to make links
        pytest.skip("no symbolic links here")
    return real, link


@pytest.mark.parametrize("first", ["file", "link"])
def test_a_second_writer_through_a_link_to_the_database_is_refused(tmp_path, demo_bundle_path, capsys, first):
    """One writer, whatever name the database is opened by: a command or a window opening it through a link while
    another writes it is refused as on its own name, and a read-only window that way names who writes it. Was:
    the lock lay beside the name given, so through a link a second writer got in, and the first then wrote its
    old content back over the second's changes without a word."""
    real, link = linked(tmp_path)
    holder, other = (real, link) if first == "file" else (link, real)
    writer = Session.open(holder, lock=True)
    try:
        with pytest.raises(StoreError) as info:
            Session.open(other, lock=True)
        assert info.value.kind == "in-use" and str(os.getpid()) in info.value.message_nb
        assert main(["--db", str(other), "import", str(demo_bundle_path)]) == EXIT_ENVIRONMENT
        assert "is open for writing by" in capsys.readouterr().err
        reader = Session.open(other, read_only=True)
        try:
            assert str(os.getpid()) in reader.lock_holder()
        finally:
            reader.close()
        assert writer.store.load().agreements == ()  # the import did not get in
    finally:
        writer.close()
    # The lock lies beside the database file, as SQLite's -wal and -shm do; a database opened by its own name keeps
    # it where it always was.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["felles", "reg-snarvei.sqlite3"]
    assert (real.parent / "reg.sqlite3.lock").exists()
    Session.open(other, lock=True).close()  # free again once the first is closed
