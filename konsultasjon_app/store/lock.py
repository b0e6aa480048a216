"""One writer per database: an operating-system lock on `<database>.lock`, held while a program may write.

The lock goes with the process (a crash or a killed process leaves no stale lock). The file also says who holds
it (user, machine, process), so that a second window can tell the user where the database is open.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from pathlib import Path

_INFO_OFFSET = 16  # the lock covers byte 0; the holder's description is written after it (readable on Windows too)


class WriterLock:
    def __init__(self, db_path: Path):
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fh = None

    def acquire(self) -> bool:
        """Take the lock without waiting; False if another process holds it."""
        if self._fh is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
        try:
            _lock(fh)
        except OSError:
            fh.close()
            return False
        fh.seek(_INFO_OFFSET)
        fh.truncate()
        fh.write(_describe_self().encode("utf-8"))
        fh.flush()
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

    def release(self) -> None:
        if self._fh is None:
            return
        try:
            _unlock(self._fh)
        finally:
            self._fh.close()
            self._fh = None


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
