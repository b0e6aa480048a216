"""One writer per database: an operating-system lock on `<database>.lock`, held while a program may write.

The lock goes with the process (a crash or a killed process leaves no stale lock). The file also says who holds
it (user, machine, process), so that a second window can tell the user where the database is open.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import getpass
import os
import time
from pathlib import Path

from .location import LOCK_SUFFIX, linked_file

_INFO_OFFSET = 16  # the lock covers byte 0; the holder's description is written after it (readable on Windows too)
_LOOK_MS = 50  # how long acquire waits for a look (is_held) to let go: it holds the lock for microseconds
_HELD = (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES)  # a lock refused because another holds it (flock; Windows' locking)


_SQLITE_HEADER = b"SQLite format 3\x00"


class WriterLock:
    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.path = lock_file(db_path)
        self._fh = None
        self._created = False  # whether this lock made its file (see release)

    def acquire(self) -> bool:
        """Take the lock without waiting; False if another process holds it."""
        if self._fh is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(10):
            created = not self.path.exists()
            fh = open(self.path, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
            try:
                _lock(fh)
            except OSError:
                # A read-only window looks whether the lock is free by taking it for an instant (is_held): one
                # more try a moment later, so that such a look is never taken for a writer.
                time.sleep(_LOOK_MS / 1000)
                try:
                    _lock(fh)
                except OSError:
                    fh.close()
                    return False
            if _is_still(fh, self.path):
                break
            # The holder removed the file between our opening and locking it (release): a lock on a file nobody
            # else can find is no lock. Take the one that is there now.
            _unlock(fh)
            fh.close()
        else:  # pragma: no cover - the file vanished under us ten times in a row
            return False
        try:
            fh.seek(_INFO_OFFSET)
            fh.truncate()
            fh.write(_describe_self().encode("utf-8"))
            fh.flush()
        except OSError:
            # No room to say who holds it (a full disk): let go before the error is told. Was: the lock stayed held
            # by a file nothing referred to, and this process itself was "i bruk" to its next opening (read-only too).
            with contextlib.suppress(OSError):
                _unlock(fh)
            with contextlib.suppress(OSError):
                fh.close()
            raise
        self._created = created
        self._fh = fh
        return True

    def holder(self) -> str:
        """Who holds the lock, as its holder wrote it (empty if unknown)."""
        try:
            with open(self.path, "rb") as fh:
                fh.seek(_INFO_OFFSET)
                return fh.read(400).decode("utf-8", "replace").strip()
        except OSError:
            return ""

    def is_held(self) -> bool | None:
        """Whether a writer (another process, or another WriterLock in this one) holds the lock now; None if that
        cannot be told (the lock refused for another reason: no locks on that drive, say). It is taken for an
        instant and let go at once, as a flock can only be tested by taking it (acquire allows for that). One look,
        which never waits: another reader looking in the same instant makes it say True (a caller that looks again
        and again, as a read-only window does, goes by two looks in a row)."""
        if self._fh is not None:
            return True
        try:
            fh = open(self.path, "rb")  # noqa: SIM115 - closed below; reading is enough to lock, and makes no file
        except OSError:
            return False  # no lock file: no writer has had the database (a read-only drive cannot hold one)
        with fh:
            try:
                _lock(fh)
            except OSError as exc:
                return True if exc.errno in _HELD else None
            _unlock(fh)
            return False

    def release(self) -> None:
        if self._fh is None:
            return
        # A lock file is left beside a database for the next writer; beside anything else (`--db` naming a JSON
        # file, refused as not a database, or a database never created) the file this lock made goes again.
        litter = self._created and not is_sqlite_file(self.db_path)
        try:
            if litter and os.name != "nt":
                _remove(self.path)  # while still held: whoever opens it now finds it gone once they hold it
            _unlock(self._fh)
        finally:
            self._fh.close()
            self._fh = None
        if litter and os.name == "nt":
            _remove(self.path)  # Windows removes no file another process has open: then it simply stays


def lock_file(db_path: Path) -> Path:
    """The lock file of the database at `db_path`: beside the database file itself, a link to it followed (where
    SQLite keeps its -wal and -shm too: location.database_file), so that whatever name a program opens it by, it
    finds the one lock (was: beside the link, and a second writer opening it through the link got in). A path that
    is no link keeps its lock where it always lay, as written."""
    real = linked_file(db_path)
    return real.with_name(real.name + LOCK_SUFFIX)


def is_sqlite_file(path: Path) -> bool:
    """Whether the file begins as an SQLite database does (a damaged one still does)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):  # tidying only: a lock file left behind harms nothing
        path.unlink()


def _is_still(fh, path: Path) -> bool:
    """Whether the open file `fh` is still the file at `path` (not removed or replaced since it was opened)."""
    if os.name == "nt":  # pragma: no cover - Windows removes no open file, so it always is
        return True
    try:
        here, there = os.fstat(fh.fileno()), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _describe_self() -> str:
    import socket  # only a writer describes itself; a reader (and a screenshot) starts without it

    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name here; the rest still helps
        user = "ukjent bruker"
    return f"{user} på {socket.gethostname()} (prosess {os.getpid()}, siden {dt.datetime.now().strftime('%d.%m.%Y %H:%M')})"


if os.name == "nt":  # pragma: no cover - Windows
    import msvcrt

    def _lock(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
