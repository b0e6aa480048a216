"""What the tests that start, kill and check on other processes share, and the tests of what those processes do
to a database file (a restore, say) while this one works on it."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from konsultasjon_app.domain.changes import Command, Put
from konsultasjon_app.domain.model import Agreement
from konsultasjon_app.store import backup as backups
from konsultasjon_app.store.session import Session

SCHEMAS = Path(__file__).resolve().parent / "fixtures" / "schemas"  # a database of each released schema version

POSIX = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX; Windows has no equivalent to send")


def add(session: Session, key: str) -> None:
    """A new agreement `key` ("Avtale key"), as the user adds one: a command of its own, "Ny key" in the history."""
    session.execute(Command(f"Ny {key}", (Put("agreements", Agreement(key, f"Avtale {key}")),)))


def keys_in(db: Path) -> list[str]:
    """The agreements the file at `db` holds, read as another program reads it."""
    conn = sqlite3.connect(db)
    try:
        return [key for (key,) in conn.execute("SELECT key FROM agreements ORDER BY rowid")]
    finally:
        conn.close()


def lacking(db: Path, sql: str) -> bytes:
    """Drop a table or column of the database at `db` as another tool would (DB Browser); its bytes after that."""
    conn = sqlite3.connect(db)
    try:
        conn.executescript(sql)
    finally:
        conn.close()
    return db.read_bytes()


def user_version(db: Path) -> int:
    """The schema version the file at `db` says it has, read as another program reads it."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


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


@contextlib.contextmanager
def restoring_copy(monkeypatch, during: Callable[[], object]) -> Iterator[None]:
    """Within the block, `during()` is called when a restore starts to write the backup's content beside the
    database (backup.restoring_file), before anything is put in place; if it raises, that is the copy failing.
    Scoped (monkeypatch.context): the test's other patches, and the private data folder, stay after the block."""
    real_connect = sqlite3.connect

    def connect(target, *args, **kwargs):
        if str(target).endswith(".restoring"):
            during()
        return real_connect(target, *args, **kwargs)

    with monkeypatch.context() as scoped:
        scoped.setattr(backups.sqlite3, "connect", connect)
        yield


def another_writer(db: Path) -> tuple[Callable[[], None], list[str]]:
    """Another program trying to open `db` for writing (called during a restore, say), and what it was told: the
    kinds of the StoreErrors that refused it (empty: it got in)."""
    from konsultasjon_app.store.errors import StoreError

    refused: list[str] = []

    def tries() -> None:
        try:
            Session.open(db, lock=True).close()
        except StoreError as exc:
            refused.append(exc.kind)

    return tries, refused


def new_files_refused(monkeypatch, refusal: Callable[[str], OSError | None]) -> None:
    """New files refused as the system refuses them, where this test cannot make it do so (a folder this user may
    not write to, for a test run as root; Windows' path limit): `refusal(path)` is the OSError os.open raises for a
    new file at that path (None: made as usual), and SQLite then cannot open a new database there either (CANTOPEN,
    its one word whatever the cause)."""
    real_connect, real_open = sqlite3.connect, os.open

    def connect(target, *args, **kwargs):
        name = str(target)
        if not name.startswith("file:") and name != ":memory:" and not os.path.exists(name) and refusal(name) is not None:
            error = sqlite3.OperationalError("unable to open database file")
            error.sqlite_errorcode = sqlite3.SQLITE_CANTOPEN
            raise error
        return real_connect(target, *args, **kwargs)

    def open_(path, flags, *args, **kwargs):
        error = refusal(os.fspath(path)) if flags & os.O_CREAT and not os.path.exists(path) else None
        if error is not None:
            raise error
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(os, "open", open_)


def refused_in(folder: Path) -> Callable[[str], OSError | None]:
    """new_files_refused's refusal for a folder this user may not write to (a colleague made it)."""
    return lambda path: PermissionError(13, "Permission denied", path) if Path(path).parent == folder else None


def refused_over_windows_limit(path: str) -> OSError | None:
    """new_files_refused's refusal for a path longer than Windows takes without long paths (as Windows refuses it)."""
    return FileNotFoundError(2, "The system cannot find the path specified", path) if len(os.path.abspath(path)) > 259 else None


def no_room_for_the_shm(monkeypatch, db: Path) -> None:
    """Opening `db` fails as SQLite fails on a completely full disk (checked on a 300 kB tmpfs): it makes the -wal
    (empty) and a -shm of a few bytes, finds no room to grow the -shm to its 32 KiB, and says SQLITE_IOERR_SHMSIZE.
    Read as it stands (immutable=1), which needs neither, it opens."""
    from konsultasjon_app.store import database

    real_connect = sqlite3.connect

    class NoRoom:
        def execute(self, *args):
            Path(f"{db}-wal").open("ab").close()
            with Path(f"{db}-shm").open("ab") as shm:
                if shm.tell() == 0:
                    shm.write(b"\0\0\0")
            error = sqlite3.OperationalError("disk I/O error")
            error.sqlite_errorcode = sqlite3.SQLITE_IOERR_SHMSIZE
            raise error

        def close(self):
            pass

    def connect(target, *args, **kwargs):
        if "immutable=1" not in str(target) and Path(str(target).split("?")[0].removeprefix("file://")).name == db.name:
            return NoRoom()
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(database.sqlite3, "connect", connect)
