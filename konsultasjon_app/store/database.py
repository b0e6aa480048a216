"""The SQLite database: opening, numbered migrations, loading the register and writing commands in one transaction."""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import itertools
import json
import os
import re
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from ..domain.checks import distinct_parties
from ..domain.model import (
    AgendaEntry,
    Agreement,
    Attachment,
    Assessment,
    CriteriaSet,
    Criterion,
    Decision,
    Deviation,
    Government,
    Meeting,
    MeetingRef,
    Obligations,
    Party,
    Register,
    Settings,
    Signatory,
    Signing,
)
from .backup import DEFAULT_KEEP, Backup
from .errors import StoreError, classify, reraise

if TYPE_CHECKING:
    from ..domain.changes import Applied, Op

# The change machinery (domain.changes) is imported where changes are written: a command that only reads (an
# agenda or an overview PDF, a plan) then loads none of it.

_BUSY_SECONDS = 5.0  # how long a change waits for another connection's write to end before it is refused ("locked")
APPLICATION_ID = 0x4B534B4F  # "KSKO": marks a file as this program's database
# Whether a writer also takes another size or modification time of its own file for another program's write
# (refuse_if_not_its_file). Not on Windows: NTFS may bring a file's last-write time up to date only later (when the
# handles writing it are closed or flushed), after the writer noted it, and every later change would be refused.
# There only a file put in its place or a deleted one is told; a copy written over it in place goes unnoticed.
_COMPARE_WRITE_TIMES = os.name != "nt"
# Whether a database file's writability is told by opening it for writing (and closing it again). On Windows, where
# os.access answers only for the read-only attribute and a file's locks belong to the handle that took them. Not on
# POSIX: access() is truthful there (permissions, ACLs, a read-only mount), and closing any descriptor of the file
# would let go of the locks SQLite holds on it for this process's other connections.
_OPENED_TO_TELL = os.name == "nt"
_SHARING_VIOLATION = 32  # Windows' ERROR_SHARING_VIOLATION
_MIGRATION_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
# A -shm file in use is at least this long: SQLite maps it in pieces of 32 KiB. A shorter one is only ever what a
# connection left when the disk had no room to grow it (tidy_failed_open).
_SHM_PIECE = 32 * 1024


@lru_cache(maxsize=1)
def migrations() -> tuple[tuple[int, Path], ...]:
    """The numbered migration scripts under db/migrations, in order (listed once: they are part of the program)."""
    folder = paths.db_file("migrations")
    found = []
    for path in folder.iterdir():
        m = _MIGRATION_RE.match(path.name)
        if m:
            found.append((int(m.group(1)), path))
    found.sort()
    numbers = [n for n, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):  # a gap is a packaging bug, not a user problem
        raise RuntimeError(f"migrations are not numbered 1..n: {numbers}")
    return tuple(found)


def latest_version() -> int:
    return len(migrations())


def stored_version(path: Path | str) -> int | None:
    """The schema version of the database file at `path` as it stands, looked at without writing it or taking its
    lock; None when it cannot be told just now (opening the database then says why)."""
    from .location import sqlite_uri

    before = side_files(Path(path))
    try:
        conn = sqlite3.connect(sqlite_uri(Path(path), mode="ro"), uri=True, timeout=_BUSY_SECONDS)
    except sqlite3.Error:
        return None
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as exc:
        failed = exc
    finally:
        conn.close()
    _tidy_if_full(failed, Path(path), before)  # (closed first: its side files let go of before they are tidied)
    return None


def side_files(path: Path) -> frozenset[str]:
    """Which of SQLite's -wal and -shm files lie beside the database at `path` now (beside the file a link to it
    points to, where SQLite keeps them): taken before opening it, for `tidy_failed_open`."""
    from .location import linked_file

    real = linked_file(path)
    return frozenset(suffix for suffix in ("-wal", "-shm") if os.path.lexists(f"{real}{suffix}"))


def tidy_failed_open(path: Path, before: frozenset[str]) -> None:
    """Remove the -wal and -shm files that an opening of the database cut short by a full disk made: SQLite makes
    both before it finds no room to grow the -shm to its 32 KiB, and the few bytes it leaves there make every later
    reader fail with "disk I/O error" for as long as the disk stays full. Only a file that was not there before the
    opening (`before`: side_files), an empty -wal and a -shm shorter than one in use ever is, and only while no writer
    holds the database (this process's own lock released first: Session.open); a -wal that holds anything is never
    touched. Tidying only: what cannot be removed stays, and SQLite takes it up again once there is room."""
    from .location import linked_file
    from .lock import WriterLock

    if WriterLock(path).is_held() is not False:
        return
    real = linked_file(path)
    for suffix, shorter_than in (("-shm", _SHM_PIECE), ("-wal", 1)):
        if suffix in before:
            continue
        side = Path(f"{real}{suffix}")
        with contextlib.suppress(OSError):  # another program has it open (Windows), or it went meanwhile
            if side.is_file() and not side.is_symlink() and side.stat().st_size < shorter_than:
                side.unlink()


def _tidy_if_full(exc: BaseException, path: Path, before: frozenset[str]) -> None:
    """tidy_failed_open when `exc`, met opening the database at `path`, is the disk's being full."""
    err = classify(exc, path, opening=True)
    if err is not None and err.kind == "disk-full":
        tidy_failed_open(path, before)


def _writable(path: Path) -> bool:
    """Whether this program may write the file at `path` (or make files in it, for a folder). The read-only attribute
    of a file on Windows, a read-only drive, a share one may only read and a folder one may only read all count. The
    place itself is asked, not only os.access: on Windows that looks at the read-only attribute alone, which a folder
    never has (every folder is "writable" there) and a file on a write-protected USB stick or a read-only share
    seldom has. Was: a database there could not be opened at all on Windows, not even read-only (SQLite's `mode=ro`
    cannot make the -shm file there, and the fallback to reading it as it stands asked os.access)."""
    from .. import files

    if not path.exists():
        return True
    if path.is_dir():
        try:  # as check_writable finds out: make a file there
            fd, name = files._new_file_beside(path, 1)
        except OSError:
            return False
        os.close(fd)
        with contextlib.suppress(OSError):  # (an antivirus program looking at it: left, as any temporary file)
            os.unlink(name)
        return True
    if not os.access(path, os.W_OK):
        return False
    if not _OPENED_TO_TELL:
        return True
    try:
        os.close(os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0)))
    except OSError as exc:
        # Held by another program that shares no writing with others (a backup tool): not write-protected; SQLite
        # tells what it finds when it opens the file.
        return getattr(exc, "winerror", None) == _SHARING_VIOLATION
    return True


def _readable_file(path: Path) -> bool:
    """Whether `path` is a file there to be read (not a folder, not missing)."""
    return path.is_file() and os.access(path, os.R_OK)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _int_bool(value: bool | None) -> int | None:
    return None if value is None else int(value)


@dataclass(frozen=True)
class Upgrade:
    """A database of an older version brought up to this version's schema when it was opened. Told to the user
    (README): older versions of the program, which colleagues may still run on the same file, can no longer open
    it, and the backup made before the upgrade is the one they can."""

    path: Path
    old: int
    new: int
    backup: Backup

    @property
    def message(self) -> str:
        return (f"the database {self.path} was upgraded from schema {self.old} to {self.new}: older versions of this program "
                f"can no longer open it; the backup made before the upgrade is {self.backup.path}")


_CHECK_CACHE_PAGES = 32  # the page cache of the quick check's own connection (_QuickCheck)


class _QuickCheck:
    """SQLite's quick check of a database file (`PRAGMA quick_check`: every page of every table and index read and
    its structure checked), run on a connection of its own, in a thread of its own, while the opening reads the
    register (Store.load). SQLite lets go of Python's lock while it works, so on a second core the check is no longer
    part of the time the start takes: it reads the whole file, the change history's pages too (two thirds of the
    benchmark's file of 1,000 agreements, and more with every change), some 5-10 ms there (bench/RESULTS.md,
    twenty-third round). Reading the register takes longer than that, and waits for it only at its end.

    `verdict()` waits for it: SQLite's answer ("ok", or what is wrong), or None when the check could not be made
    this way (the second connection refused: the caller then checks on its own)."""

    def __init__(self, uri: str):
        import threading

        self._answer: str | None = None
        self._thread = threading.Thread(target=self._run, args=(uri,), name="quick_check", daemon=True)
        self._thread.start()

    def _run(self, uri: str) -> None:
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=_BUSY_SECONDS)
            try:
                # A few pages, not SQLite's 2 MB: the check reads each page once, and filling the cache grew this
                # thread's heap a page at a time, some 400 calls that each hold the process's memory map while
                # the reading thread allocates: 12-26 ms of the window's start (bench/RESULTS.md, 24th round).
                conn.execute(f"PRAGMA cache_size = {_CHECK_CACHE_PAGES}")
                self._answer = conn.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                conn.close()
        except Exception:  # noqa: BLE001 - whatever kept it from checking, the reading thread checks on its own connection
            self._answer = None

    def verdict(self) -> str | None:
        self._thread.join()
        return self._answer


class Store:
    """One open database file. All SQL in the program lives in this package."""

    def __init__(self, path: Path | str, *, read_only: bool = False, backup_keep: int | Callable[[], int] = DEFAULT_KEEP,
                 upgrade: bool = True):
        self.path = Path(path)
        self.read_only = read_only
        self._backup_keep = backup_keep
        self.user = _os_user()
        self._conn: sqlite3.Connection | None = None
        self._file: sqlite3.Connection | None = None  # the file's connection, when _conn is an upgraded copy of it
        self._read_version: int | None = None  # the file's data_version when the register was last read
        self._identity = _identity(self.path) if read_only else None  # which file is open (`replaced`; a writer's: once opened)
        self._written: tuple[int, int] | None = None  # a writer's file as it left it: (size, mtime_ns) (`refuse_if_not_its_file`)
        self.immutable = False  # read as it stood when opened: a reader that sees no writer's changes (_connect_read_only)
        self.disk_full = False  # read-only because the disk is full: nothing can be saved until space is freed (_connect_read_only)
        self.upgraded: Upgrade | None = None  # the file, of an older version, was upgraded on opening (to be told)
        self._db = None
        # Whether SQLite's quick check of the file is still to come: made while the register is read (load), or
        # before anything else is done with the file (`conn`, `db`, `_rows`, `_dicts`: `_checked_now`).
        self._unchecked = False
        before = side_files(self.path) if str(path) != ":memory:" else frozenset()
        try:
            if read_only:
                conn = self._connect_read_only(before)
            else:
                if self.path.parent and not self.path.parent.exists():
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                if not _writable(self.path):
                    # SQLite would open it for reading without a word, and refuse every change later.
                    raise StoreError("read-only", self.path)
                conn = sqlite3.connect(str(self.path), timeout=_BUSY_SECONDS)
            self._conn = conn
            conn.execute("PRAGMA foreign_keys = ON")
            self._check_file()
            version = self.schema_version  # (read once: nothing below changes it before the upgrade)
            check_later = self._may_check_later(conn, read_only, version)
            if not check_later:
                _quick_check(conn, self.path)
            if (upgrade and not read_only) or version < latest_version():
                # A writer, before it writes (the history it logs to, too), and before an upgrade (and its backup)
                # or the copy in memory, which would fail half-way on a table that is not there. A reader of this
                # version looks only when reading fails (`_told_incomplete`): the look costs some 7 ms, and a
                # command or a screenshot that reads is told all the same.
                try:
                    _check_schema(conn, self.path)
                except StoreError:
                    if check_later:  # a file damaged too is told as damaged, as when it was checked first
                        _quick_check(conn, self.path)
                    raise
            if not read_only:
                if not upgrade and version == 0:  # an emptied file (the window offers its backups): as it is
                    raise self._emptied()
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                if upgrade:
                    self.migrate()
                self._identity = _identity(self.path)  # the file as made or upgraded (a new one is made only now)
                self._note_written()
            elif version == 0:  # an emptied file (or one never made a database): not an empty register
                raise self._emptied()
            elif version < latest_version():
                self._file = conn
                self._read_upgraded()
            self._unchecked = check_later
        except StoreError:
            self._close_quietly()
            raise
        except (sqlite3.Error, OSError) as exc:
            self._close_quietly()
            err = classify(exc, self.path, opening=True)  # SQLite makes its side files now: a path too long is told so
            if err is None:
                raise
            if err.kind == "disk-full":
                tidy_failed_open(self.path, before)
                if read_only:  # nothing was to be saved: said as what it is, a database that cannot be read now
                    err = StoreError("disk-full-read", self.path)
            raise err from exc

    def _refusal(self) -> StoreError:
        """Why a read-only store writes nothing: a full disk, when that is why it was opened read-only (a file or
        folder that cannot be written would send the user after the wrong cause); else that it cannot be written."""
        return StoreError("disk-full" if self.disk_full else "read-only", self.path)

    def _emptied(self) -> StoreError:
        """Why a reader refuses a file that holds no register (emptied by a sync tool or a crash): damaged, to be
        restored, while backups lie beside it; else "empty", which does not send the user after a backup there is
        none of (the command line has no restore either)."""
        from .backup import list_backups

        return StoreError("corrupt" if list_backups(self.path) else "empty", self.path)

    def _connect_read_only(self, before: frozenset[str]) -> sqlite3.Connection:
        """Open for reading. A database in WAL mode needs its -shm file beside it, which cannot be made on a
        read-only drive or in a read-only folder (a write-protected USB stick, a CD, a share one may only read):
        there nobody can be writing it, so it is read as it stands (immutable) - unless its -wal file holds
        changes not yet in the file, which only a writable place can read. So it is on a disk too full for the
        -shm (a C: drive filled by OneDrive's cache), once the side files that attempt made are tidied away
        (`before`: those there before) and while no writer holds the database (`disk_full` says why)."""
        conn = sqlite3.connect(self._reading_uri(), uri=True, timeout=5.0)
        try:
            conn.execute("PRAGMA schema_version").fetchone()  # opening is lazy: this finds the -shm file missing
            return conn
        except sqlite3.OperationalError as exc:
            conn.close()
            # No -shm file can be made: CANTOPEN on a read-only drive, READONLY_DIRECTORY in a folder one may only read.
            refused = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY)
            refused = refused and not _writable(self.path.parent)
            told = classify(exc, self.path, opening=True)
            full = told is not None and told.kind == "disk-full"
            if not (refused or full) or not self.path.is_file():
                raise
        wal = Path(f"{self.path}-wal")
        if full:
            from .lock import WriterLock

            tidy_failed_open(self.path, before)
            if WriterLock(self.path).is_held() is not False:  # a writer's changes would be read half-made
                raise StoreError("disk-full-read", self.path)
            if wal.is_file() and wal.stat().st_size > 0:
                raise StoreError("disk-full-read", self.path)
        elif wal.is_file() and wal.stat().st_size > 0:
            raise StoreError("unread-wal", self.path)
        self.immutable = True
        self.disk_full = full
        return sqlite3.connect(self._reading_uri(immutable=True), uri=True, timeout=5.0)

    def _reading_uri(self, *, immutable: bool = False) -> str:
        """The URI a connection that only reads the file opens it by; `immutable`: read as it stands (see above)."""
        from .location import sqlite_uri

        return sqlite_uri(self.path, mode="ro", immutable="1") if immutable else sqlite_uri(self.path, mode="ro")

    def _read_upgraded(self) -> None:
        """Read an older database that is opened read-only (it cannot be written, or another program is writing it)
        from a copy in memory brought up to the newest schema, as the program reads it; the file stays as it is.
        Made again when the file has changed (load); once a writer has upgraded the file, the file itself is read."""
        version = self._file.execute("PRAGMA data_version").fetchone()[0]  # before copying: a change meanwhile is read next time
        previous = self._conn  # the copy read until now (the file itself, on opening)
        if self._file.execute("PRAGMA user_version").fetchone()[0] >= latest_version():
            self._conn, self._file, self._db = self._file, None, None
        else:
            copy = sqlite3.connect(":memory:")
            self._conn, self._db = copy, None
            try:
                self._file.backup(copy)
                copy.execute("PRAGMA foreign_keys = ON")
                self.migrate()
            except BaseException:
                self._conn = previous
                copy.close()
                raise
            self._read_version = version
        if previous is not self._conn and previous is not self._file:
            previous.close()

    @property
    def backup_keep(self) -> int:
        """How many backups of the database are kept. Given as a function, it is asked when first needed: the command
        line reads the window's setting for it only when it makes a backup (most commands make none)."""
        if callable(self._backup_keep):
            self._backup_keep = self._backup_keep()
        return self._backup_keep

    @backup_keep.setter
    def backup_keep(self, keep: int) -> None:
        self._backup_keep = keep

    def _may_check_later(self, conn: sqlite3.Connection, read_only: bool, version: int) -> bool:
        """Whether SQLite's quick check may wait for the register to be read (a `_QuickCheck` alongside): only when
        opening writes nothing to the file before then. Not so for an older schema (upgraded, or read through an
        upgraded copy), a new or emptied file, nor a writer's file not yet in WAL mode (switched now); nor for a
        database in memory, which no second connection can read."""
        if str(self.path) == ":memory:" or version != latest_version():
            return False
        return read_only or conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    def _checked_now(self) -> None:
        """The quick check, now, if it is still to come (see _QuickCheck)."""
        if self._unchecked:
            try:
                _quick_check(self._conn, self.path)
            except sqlite3.Error as exc:
                reraise(exc, self.path, opening=True)  # (found as opening finds it)
            self._unchecked = False

    @classmethod
    def for_reading(cls, path: Path | str, *, backup_keep: int | Callable[[], int] = DEFAULT_KEEP) -> Store:
        """The database as a command that only reads opens it: as it is, without the writer's lock (a window may
        be writing it meanwhile). One of an older version is upgraded, backed up first (`backup_keep` of its
        backups kept), under the writer's lock taken for that alone; while another program holds the lock (a window
        writing it, perhaps of that older version, which must not find its schema changed under it), or where the
        file cannot be written (a read-only file, folder or drive) or the backup before the upgrade cannot be made,
        it is read as it is: an older one through an upgraded copy in memory. So it is when the upgrade itself is
        refused (another program writing the file, a disk with room for the backup but not for the upgrade)."""
        from .lock import WriterLock

        try:
            store = cls(path, backup_keep=backup_keep, upgrade=False)
        except StoreError as exc:
            # A reader needs no room to write: read as it stands. Nor a file it can write: on Windows SQLite opens a
            # database on a write-protected drive or a read-only share for writing (nothing there says otherwise),
            # falls back to reading it and then cannot make its -wal and -shm files ("cannot-open"), where reading
            # it as it stands needs neither.
            if exc.kind not in ("read-only", "disk-full") and not (exc.kind == "cannot-open" and _readable_file(Path(path))):
                raise
            return cls(path, read_only=True)
        if store.schema_version >= latest_version():
            return store
        store.close()
        writer = WriterLock(Path(path))
        try:
            held = writer.acquire()
        except OSError:  # no lock file can be made here: nobody can be writing the database here either
            held = False
        if not held:
            return cls(path, read_only=True)
        try:
            try:
                return cls(path, backup_keep=backup_keep)
            except StoreError as exc:
                # A reader needs neither the upgrade nor the backup made before it: one that cannot be made (a
                # backups folder that cannot be written, a full disk, another program writing the file) leaves the
                # file to be read as it is.
                if exc.kind != "read-only" and exc.upgrading is None:
                    raise
            return cls(path, read_only=True)
        finally:
            writer.release()

    @classmethod
    def new_register(cls) -> Register:
        """What a new database holds (the ministries and KS of the first migrations), from one made in memory."""
        store = cls(":memory:")
        try:
            return store.load()
        finally:
            store.close()

    # -- lifecycle -------------------------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        self._checked_now()
        return self._conn

    @property
    def db(self):
        """The connection as a sqlite_utils.Database, made when first needed: sqlite-utils takes longer to import
        than the whole start-up may, and reading the register at start-up needs only plain queries."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def close(self) -> None:
        try:
            self._conn.close()
        finally:
            if self._file is not None:
                self._file.close()

    def _close_quietly(self) -> None:
        for conn in (self._conn, self._file):
            if conn is None:
                continue
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - closing after a failed open; the first error is the one to report
                pass

    @property
    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]  # (the file's header: needs no check)

    def _check_file(self) -> None:
        """Refuse a file that is SQLite but not ours, or ours from a newer version of the program."""
        _check_file(self.conn, self.path)

    def migrate(self) -> list[int]:
        """Bring the schema up to date; each migration runs in one transaction. Returns the versions applied.
        A StoreError met upgrading an older file (its backup, or the upgrade itself: a full disk, another program
        writing it) says so (`upgrading`): a reader can read the file all the same, and the window offers that."""
        version = self.schema_version
        if not (0 < version < latest_version() and self._file is None):  # (an upgraded copy in memory leaves the file as it is)
            return _migrate(self.conn)
        from .backup import held_already, make_backup

        try:
            # An upgrade that goes wrong can be undone. One refused (another program writing the file) and tried
            # again takes the backup already made: each try must not rotate out an older restore point.
            backup = held_already(self.conn, self.path) or make_backup(self.conn, self.path, "migration", self.backup_keep)
            applied = _migrate(self.conn)
        except StoreError as exc:
            exc.upgrading = (version, latest_version())
            raise
        except (sqlite3.Error, OSError) as exc:
            err = classify(exc, self.path, opening=True)
            if err is None:
                raise
            err.upgrading = (version, latest_version())
            raise err from exc
        self.upgraded = Upgrade(self.path, version, self.schema_version, backup)
        return applied

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so that a second writer waits or fails early."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            # References are checked at commit: within one command a record may come before what it refers to
            # (the domain has already checked the end result).
            self.conn.execute("PRAGMA defer_foreign_keys = ON")
        except sqlite3.Error as exc:
            reraise(exc, self.path)
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, (sqlite3.Error, OSError)):
                self._told_incomplete(exc)
                reraise(exc, self.path)
            raise

    def _told_incomplete(self, exc: BaseException) -> None:
        """StoreError "incomplete" when `exc` (met reading or writing) comes of a table or column the database lacks
        (dropped with another tool, a partial copy): said as a damaged file is, naming what is missing, not as a bug.
        Anything else is left to the caller."""
        if isinstance(exc, (sqlite3.OperationalError, IndexError)):  # no such table / column; a Row without the column
            try:
                _check_schema(self._conn, self.path)
            except StoreError as told:
                raise told from exc
            except sqlite3.Error:
                pass

    # -- reading ---------------------------------------------------------------------------------------

    def _rows(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        """The rows, each readable by column name (sqlite3.Row does that in C, without a dict per row)."""
        cursor = self.conn.execute(sql, params)
        cursor.row_factory = sqlite3.Row
        return cursor.fetchall()

    def _tuples(self, sql: str) -> list[tuple]:
        """The rows as plain tuples, in the order the query names its columns (unpacked by position: sqlite3.Row's
        look-up by name compares the name with each column's in turn, some 10 ms over a register of 1,000 agreements)."""
        cursor = self._conn.execute(sql)
        cursor.row_factory = None
        return cursor.fetchall()

    def _dicts(self, sql: str, params: tuple | list = ()) -> Iterator[dict]:
        """The rows as dicts by column name, fetched as they are asked for (as sqlite-utils' `query` gives them,
        without it: importing sqlite-utils took 120-190 ms the first time an agreement form opened)."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return (dict(zip(names, row)) for row in cursor)

    def load(self) -> Register:
        """The whole register, in stored order, as the file holds it now: all of it as of one moment, also while
        another program writes the file. The first load of a file opened without its quick check (`_unchecked`)
        checks it meanwhile, and a damaged file is refused (StoreError "corrupt") whatever reading it gave."""
        check = None
        if self._unchecked:
            try:
                check = _QuickCheck(self._reading_uri(immutable=self.immutable))  # opened as a reader opens it
            except RuntimeError:  # no thread to be had: checked here, first
                self._checked_now()
        try:
            register = self._read_register()
        except Exception:  # (not an interrupt, Ctrl+C: no question of the file, it goes on as it came)
            if check is not None:
                self._settle(check)  # a damaged file is told as that, whatever reading it met
            raise
        if check is not None:
            self._settle(check)
        return register

    def _settle(self, check: _QuickCheck) -> None:
        """The check made while the register was read: StoreError "corrupt" for a damaged file; where it could not
        be made on a connection of its own, made now on this one."""
        answer = check.verdict()
        if answer is None:
            self._checked_now()
        elif answer != "ok":
            raise StoreError("corrupt", self.path)
        self._unchecked = False

    def _read_register(self) -> Register:
        try:
            if self._file is not None and self._data_version() != self._read_version:
                self._read_upgraded()
            self._conn.execute("BEGIN")  # one read transaction: no other program's commit falls between two tables
            try:
                if self._file is None:
                    self._read_version = self._data_version()
                return self._load()
            finally:
                self._conn.execute("COMMIT")
        except (sqlite3.Error, IndexError) as exc:
            self._told_incomplete(exc)
            if isinstance(exc, IndexError):
                raise
            reraise(exc, self.path)

    def changed_since_read(self) -> bool:
        """Whether another program has written the file since `load()` last read it: a cheap look (SQLite's
        data_version, on this connection), for a read-only window that follows the writer."""
        try:
            return self._data_version() != self._read_version
        except sqlite3.Error as exc:
            reraise(exc, self.path)

    def replaced(self) -> bool:
        """For a reader: whether another file now lies at the path, put there by a restore over a damaged or emptied
        file in another window (opening.restore_into, which cannot restore into the file), or by a sync tool that
        replaces files: this connection still reads the one it opened, and sees none of the new one's content.
        (A restore into an open database, Session.restore, replaces no file: a reader sees it as any change.)
        Only where an open file can be replaced (not on Windows). The file is told by (st_dev, st_ino), which is
        not a dependable identity on FAT32/exFAT (USB sticks), where the number comes from the directory entry and
        a file put in its place may get the old one's: there a replacement can go unnoticed until opened again."""
        return self._identity is not None and _identity(self.path) not in (None, self._identity)

    def refuse_if_not_its_file(self) -> None:
        """For a writer, before it writes: StoreError "db-deleted" if no file lies at the path now (deleted or moved
        by another program, a drive unplugged), "db-replaced" if another file lies there (as `replaced` tells a
        reader: a sync tool, a copy moved into its place) or the same file has been written over by another program
        since this writer last wrote it (an older copy put back over it with cp or a file manager: the same file to
        the file system, with another size or time). SQLite would write on into the file it has open: into one no
        longer there (lost at the next start), or into another's content (damaging it), without a word. One stat;
        nothing is refused when the file cannot be looked at just now (the write itself then says what is wrong).
        The time may be the same on FAT32/exFAT, whose times are coarse: a copy of the same size put back over the
        file there within its last seconds can go unnoticed."""
        if self._written is None:  # a reader's, or one in memory
            return
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            raise StoreError("db-deleted", self.path) from None
        except OSError:
            return
        if (now.st_dev, now.st_ino) != self._identity or (_COMPARE_WRITE_TIMES and (now.st_size, now.st_mtime_ns) != self._written):
            raise StoreError("db-replaced", self.path)

    def _note_written(self) -> None:
        """After this writer's own commit or checkpoint, which may have moved the -wal file's pages into the file: the
        file as it left it, for `refuse_if_not_its_file` (not taken from another file found at the path meanwhile)."""
        try:
            now = os.stat(self.path)
        except OSError:
            return
        if (now.st_dev, now.st_ino) == self._identity:
            self._written = (now.st_size, now.st_mtime_ns)

    def restore(self, backup: Backup) -> None:
        """Put `backup`'s content in place of this database's (write_restored: upgraded, with its history row) as one
        transaction through SQLite's backup API on this connection: no file is replaced or removed, so a reader
        (another window, a command) that has the database open stands in no one's way (Windows refuses to replace
        a file another program has open), and sees the restore as it sees any change (data_version). The caller
        holds the writer's lock (Session.restore), and backs up what is here first.

        StoreError if it cannot be done (the backup damaged or of a newer version, the disk full): the database
        is then as it was."""
        from .backup import remove_with_side_files, restoring_file

        if self.read_only:
            raise self._refusal()
        self.refuse_if_not_its_file()
        try:
            try:
                prepared = write_restored(backup, self.path, page_size=self.conn.execute("PRAGMA page_size").fetchone()[0])
                copy = sqlite3.connect(prepared)
                deadline = time.monotonic() + _BUSY_SECONDS

                def give_up_when_held(status: int, remaining: int, total: int) -> None:
                    # Python's copy retries for ever while another connection writes the database (an older version
                    # of the program, without the writer's lock): refused as any change is, after the same wait.
                    if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
                        raise StoreError("locked", self.path)

                try:
                    copy.backup(self.conn, progress=give_up_when_held)  # every page in one step: one commit, all or nothing
                finally:
                    copy.close()
                # SQLite leaves the automatic checkpoint after a backup's commit to the next statement (reading the
                # register again), which would write the file after `_note_written` looked at it: the next change
                # would take that for another program's. Done now.
                with contextlib.suppress(sqlite3.Error):  # the restore is committed all the same
                    self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except (sqlite3.Error, OSError) as exc:
                reraise(exc, self.path)
        finally:
            remove_with_side_files(restoring_file(self.path))
            self._note_written()
        self._db = None  # sqlite-utils' view of the connection is made again for the new content

    def _data_version(self) -> int:
        return (self._file or self._conn).execute("PRAGMA data_version").fetchone()[0]

    def _load(self) -> Register:
        refs: dict[tuple[int, int], MeetingRef] = {}

        def ref(year: int, number: int) -> MeetingRef:
            """One MeetingRef per meeting, shared by the decisions, signings and agenda entries that name it."""
            found = refs.get((year, number))
            if found is None:
                found = refs[(year, number)] = MeetingRef(year, number)
            return found

        settings_rows = {key: json.loads(value) for key, value in self._tuples("SELECT key, value FROM settings")}
        defaults = Settings()
        settings = Settings(
            resign_on_every_continue=bool(settings_rows.get("resign_on_every_continue", defaults.resign_on_every_continue)),
            first_election_year=int(settings_rows.get("first_election_year", defaults.first_election_year)),
            case_numbering=str(settings_rows.get("case_numbering", defaults.case_numbering)),
        )
        governments = tuple(
            Government(name, _date(took_office)) for name, took_office in self._tuples("SELECT name, took_office FROM governments ORDER BY rowid")
        )
        meetings = tuple(
            Meeting(year, number, _date(date), location, time, chair, tuple(json.loads(participants)), notes)
            for year, number, date, location, time, chair, participants, notes in self._tuples(
                "SELECT year, number, date, location, time, chair, participants, notes FROM meetings ORDER BY rowid")
        )
        parties_of: dict[tuple[str, str], list[str]] = defaultdict(list)
        for agreement, side, party in self._tuples("SELECT agreement, side, party FROM agreement_parties ORDER BY agreement, side, position"):
            parties_of[(agreement, side)].append(party)
        signatories_of: dict[str, list[Signatory]] = defaultdict(list)
        for agreement, name, role, party in self._tuples("SELECT agreement, name, role, party FROM signatories ORDER BY agreement, position"):
            signatories_of[agreement].append(Signatory(name, role, party))
        agreements = self._agreements(parties_of, signatories_of)
        decisions = tuple(
            Decision(agreement, ref(year, number), decision, note)
            for agreement, year, number, decision, note in self._tuples(
                "SELECT agreement, meeting_year, meeting_number, decision, note FROM decisions ORDER BY rowid")
        )
        signings = tuple(
            Signing(agreement, _date(date), ref(year, number) if year is not None else None, _date(end_date))
            for agreement, date, year, number, end_date in self._tuples(
                "SELECT agreement, date, meeting_year, meeting_number, end_date FROM signings ORDER BY rowid")
        )
        criteria_of: dict[str, list[Criterion]] = defaultdict(list)
        for criteria_set, key, title, description, subpoints in self._tuples(
                "SELECT criteria_set, key, title, description, subpoints FROM criteria ORDER BY criteria_set, position"):
            criteria_of[criteria_set].append(Criterion(key, title, description, tuple(json.loads(subpoints))))
        criteria_sets = tuple(
            CriteriaSet(key, title, tuple(criteria_of[key])) for key, title in self._tuples("SELECT key, title FROM criteria_sets ORDER BY rowid")
        )
        assessments = tuple(
            Assessment(
                agreement, criteria_set, criterion, rating, justification,
                tuple(json.loads(subpoints_met)) if subpoints_met is not None else None,
                override_reason,
            )
            for agreement, criteria_set, criterion, rating, justification, subpoints_met, override_reason in self._tuples(
                "SELECT agreement, criteria_set, criterion, rating, justification, subpoints_met, override_reason "
                "FROM assessments ORDER BY rowid")
        )
        agenda = tuple(
            AgendaEntry(
                ref(year, number), action, agreement, key, title, background, proposed_decision, position, minutes,
                dt.datetime.fromisoformat(taken_at) if taken_at else None,
                tuple(json.loads(attachments)),
            )
            for year, number, action, agreement, key, title, background, proposed_decision, position, minutes, taken_at, attachments
            in self._tuples(
                "SELECT meeting_year, meeting_number, action, agreement, key, title, background, proposed_decision, position, "
                "minutes, taken_at, attachments FROM agenda_entries ORDER BY rowid")
        )
        attachments = tuple(
            Attachment(agreement, stored, name, _date(added))
            for agreement, stored, name, added in self._tuples("SELECT agreement, stored, name, added FROM attachments ORDER BY rowid")
        )
        deviations = tuple(
            Deviation(action, agreement, ref(from_year, from_number), ref(to_year, to_number) if to_year is not None else None, _date(to_date), reason)
            for action, agreement, from_year, from_number, to_year, to_number, to_date, reason in self._tuples(
                "SELECT action, agreement, from_year, from_number, to_year, to_number, to_date, reason FROM deviations ORDER BY rowid")
        )
        parties = tuple(
            Party(key, name, kind, tuple(json.loads(former_names)))
            for key, name, kind, former_names in self._tuples("SELECT key, name, kind, former_names FROM parties ORDER BY rowid")
        )
        return Register(
            settings=settings,
            governments=governments,
            meetings=meetings,
            agreements=agreements,
            decisions=decisions,
            signings=signings,
            criteria_sets=criteria_sets,
            assessments=assessments,
            deviations=deviations,
            agenda=agenda,
            parties=parties,
            attachments=attachments,
        )

    def _agreements(self, parties_of: dict, signatories_of: dict) -> tuple[Agreement, ...]:
        """The agreements, in stored order, with their parties and signatories (read by load())."""
        return tuple(self._agreement(row, parties_of, signatories_of) for row in self._tuples(
            "SELECT key, title, category, ks_signatory_level, signed_date, start_date, end_date, duration_months, notice_months, "
            "notice_text, purpose, obligations_joint, obligations_ks, obligations_state, economy_text, storting_reservation, "
            "evaluation_clause, evaluation_annual, followup_text, term_exception, status, notes FROM agreements ORDER BY rowid"))

    @staticmethod
    def _agreement(row: tuple, parties_of: dict, signatories_of: dict) -> Agreement:
        """An agreement of its row as `_agreements` selects it (the columns unpacked in the order named there)."""
        (key, title, category, ks_signatory_level, signed_date, start_date, end_date, duration_months, notice_months, notice_text,
         purpose, obligations_joint, obligations_ks, obligations_state, economy_text, storting_reservation, evaluation_clause,
         evaluation_annual, followup_text, term_exception, status, notes) = row
        return Agreement(
            key=key,
            title=title,
            category=category,
            # Each party once: an older version stored «KRD» beside «krd» (the form and every import let it in),
            # which the bundle reader now refuses. Read as one, the export imports again (DOMAIN §6), the documents
            # print it once, and the agreement's next save writes the list clean.
            state_parties=distinct_parties(parties_of.get((key, "state"), ())),
            other_parties=distinct_parties(parties_of.get((key, "other"), ())),
            ks_signatory_level=ks_signatory_level,
            signatories=tuple(signatories_of.get(key, ())),
            signed_date=_date(signed_date),
            start_date=_date(start_date),
            end_date=_date(end_date),
            duration_months=duration_months,
            notice_months=notice_months,
            notice_text=notice_text,
            purpose=purpose,
            obligations=Obligations.of(obligations_joint, obligations_ks, obligations_state),
            economy_text=economy_text,
            storting_reservation=_bool(storting_reservation),
            evaluation_clause=evaluation_clause,
            evaluation_annual=_bool(evaluation_annual),
            followup_text=followup_text,
            term_exception=term_exception,
            status=status,
            notes=notes,
        )

    def integrity_problems(self) -> list[str]:
        """SQLite's integrity check and foreign-key check; empty when the file is sound."""
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
        try:
            _check_schema(self.conn, self.path)  # a table or column missing that reading did not need (history)
        except StoreError as exc:
            problems.insert(0, exc.message)
        for table, rowid, parent, _ in self.conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"{table} row {rowid} refers to a missing {parent} record")
        return problems

    def agreement_history(self, key: str, limit: int = 2000) -> list[dict]:
        """The change log of one agreement and of what belongs to it (decisions, signings, ratings …), newest first;
        under the keys it had before too: a row is logged under the key the agreement had then, and a rename
        hides none of what came before it. A restore of a backup (its row, `write_restored`) is in every agreement's history.
        A record that belongs to an agreement is in its history only when it is that agreement's (`_logged_agreement`):
        not another agreement's whose key begins with this key and an "@", nor a rating in a criteria set keyed like it."""
        spans = self._since_created(self._keys_of_agreement(key))
        # Rows that may be the agreement's (a child record's name holds the key after an "@" or at its start);
        # `_logged_agreement` then tells which of the child records' rows are.
        logged_under = (f"((kind = 'agreements' AND record = ?) OR kind = 'restore' OR (kind IN ({', '.join('?' * len(_CHILD_RECORDS))}) "
                        "AND (record LIKE ? ESCAPE '\\' OR record LIKE ? ESCAPE '\\')))")
        where, params = [], []
        for logged_key, first, end in spans:
            conditions = [logged_under]
            params += [logged_key, *_CHILD_RECORDS, _like_prefix(logged_key) + "@%", "%@" + _like_prefix(logged_key) + "@%"]
            if first is not None:
                conditions.append("id >= ?")
                params.append(first)
            if end is not None:
                conditions.append("id < ?")
                params.append(end)
            where.append("(" + " AND ".join(conditions) + ")")

        def belongs(row: dict) -> bool:
            if row["kind"] not in _CHILD_RECORDS:
                return True
            agreement = self._logged_agreement(row)
            return any(agreement == k and (first is None or row["id"] >= first) and (end is None or row["id"] < end) for k, first, end in spans)

        found = (row for row in self._dicts(f"SELECT * FROM history WHERE {' OR '.join(where)} ORDER BY id DESC", params) if belongs(row))
        rows = list(itertools.islice(found, limit))
        own = next((row for row in reversed(rows) if row["kind"] != "restore"), None)
        if len(rows) < limit and own is not None and own["kind"] == "agreements" and own["field"] is None and own["old"] is None:
            while rows[-1]["kind"] == "restore":  # restores before the agreement was created are not its history
                rows.pop()
        return rows

    def _logged_agreement(self, row: dict) -> str | None:
        """The key of the agreement a history row of a record that belongs to one (a decision, a rating …) was logged
        under; None when nothing tells. The row's `record` (`_ident_text`) names it, but keys may hold an "@" (the
        bundle reader allows it): when the name reads more than one way, the record as it was created or deleted
        (the row itself, or the one nearest it) names its agreement; failing that, the one reading that is an
        agreement's key."""
        readings = _agreement_readings(row["kind"], row["record"] or "")
        if len(readings) <= 1:
            return readings[0] if readings else None
        whole = row if row["field"] is None else next(iter(self._rows(
            "SELECT old, new FROM history WHERE kind = ? AND record = ? AND field IS NULL ORDER BY id > ?, abs(id - ?) LIMIT 1",
            (row["kind"], row["record"], row["id"], row["id"]))), None)
        if whole is not None:
            return json.loads(whole["new"] if whole["new"] is not None else whole["old"]).get("agreement")
        known = [k for k in readings if self._rows(
            "SELECT 1 FROM agreements WHERE key = ? UNION ALL SELECT 1 FROM history WHERE kind = 'agreements' AND record = ? LIMIT 1", (k, k))]
        return known[0] if len(known) == 1 else None

    def _since_created(self, keys: list[tuple[str, int | None, int | None]]) -> list[tuple[str, int | None, int | None]]:
        """The key spans of `_keys_of_agreement` from where this agreement was created: a key deleted and later given
        to a new agreement has the old one's rows before it, which are not this one's. A creation that brings back
        what a delete removed (the delete undone, or the creation redone) is the same agreement, and its history
        goes on back past that delete."""
        names = sorted({k for k, _, _ in keys})
        rows = self._rows(
            "SELECT id, record, old, new FROM history WHERE kind = 'agreements' AND field IS NULL "
            f"AND record IN ({', '.join('?' * len(names))}) AND (old IS NULL) <> (new IS NULL) ORDER BY id DESC",
            tuple(names))
        spans = []
        for logged_key, first, end in keys:
            restored = None  # the content a creation brought back, while looking for the delete that removed it
            for row in rows:
                if row["record"] != logged_key or (end is not None and row["id"] >= end) or (first is not None and row["id"] < first):
                    continue
                if row["old"] is None:  # a creation
                    restored = json.loads(row["new"])
                elif restored is not None:  # the delete before that creation
                    if json.loads(row["old"]) != restored:  # another agreement had the key until then
                        spans.append((logged_key, row["id"] + 1, end))
                        return spans
                    restored = None
            spans.append((logged_key, first, end))
        return spans

    def _keys_of_agreement(self, key: str) -> list[tuple[str, int | None, int | None]]:
        """The keys the agreement now called `key` has had, newest first, each with the history rows logged under
        it as the first id and the id after the last (None: no bound). A rename is logged under the new key, its
        old key in `old`. Going back from the present: a rename *to* the key leads to the key before it; a rename
        *away from* the key means it was another agreement's until then (a key left and given to a new one),
        whose rows are not this agreement's."""
        renames = self._rows("SELECT id, record, old FROM history WHERE kind = 'agreements' AND field = 'key' ORDER BY id DESC")
        keys: list[tuple[str, int | None, int | None]] = []
        end: int | None = None
        while True:
            step = next((r for r in renames if (end is None or r["id"] < end) and key in (r["record"], json.loads(r["old"]))), None)
            if step is None:
                keys.append((key, None, end))
                return keys
            if step["record"] != key:  # renamed away from the key: before that, the key was another agreement's
                keys.append((key, step["id"] + 1, end))
                return keys
            keys.append((key, step["id"], end))
            key, end = json.loads(step["old"]), step["id"]

    def history(self, kind: str | None = None, record: str | None = None, limit: int = 1000) -> list[dict]:
        """The change log, newest first; for one record when kind and record are given."""
        if kind is not None:
            return list(self.db.query(
                "SELECT * FROM history WHERE kind = ? AND (record = ? OR record LIKE ?) ORDER BY id DESC LIMIT ?",
                (kind, record, f"{record}@%", limit),
            ))
        return list(self.db.query("SELECT * FROM history ORDER BY id DESC LIMIT ?", (limit,)))

    # -- writing ---------------------------------------------------------------------------------------

    def write(self, label: str, ops: tuple[Op, ...], applied: Applied) -> None:
        """Write a command's operations and its history rows in one transaction (all or nothing)."""
        if self.read_only:
            raise self._refusal()
        self.refuse_if_not_its_file()
        try:
            with self.transaction():
                for op in ops:
                    self._write_op(op)
                # Records put back in their place (the undo of a delete): the rows of those kinds take the order the
                # register has in memory, once for the whole command.
                for kind in dict.fromkeys(op.kind for op in ops if getattr(op, "before", None) is not None):
                    self._reorder(kind, getattr(applied.register, kind))
                self._log(label, applied)
        finally:  # (also after a failed commit: its checkpoint may have written part of the file)
            self._note_written()

    def checkpoint(self) -> None:
        """Move what was written from the -wal file into the database file itself, so that the file alone, copied
        while the program is open (to a USB stick, by e-mail), holds every change. PASSIVE: it never waits for a
        reader, and a checkpoint that does not finish now is done by the next one. (Closing does it as well.)"""
        if self.read_only:
            return
        try:
            self.refuse_if_not_its_file()
        except StoreError:  # not into a file another program put there: the next change is refused, and says why
            return
        try:
            with contextlib.suppress(sqlite3.Error):  # the changes are committed and safe in the -wal file all the same
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        finally:
            self._note_written()

    def _write_op(self, op: Op) -> None:
        from ..domain.changes import Delete, Put, PutSettings, RenameAgreement, ReplaceAll

        if isinstance(op, Put):
            getattr(self, f"_put_{op.kind}")(op.record)
        elif isinstance(op, Delete):
            self._delete(op.kind, op.ident)
        elif isinstance(op, RenameAgreement):
            self.conn.execute("UPDATE agreements SET key = ? WHERE key = ?", (op.new, op.old))
        elif isinstance(op, PutSettings):
            self._put_settings(op.settings)
        elif isinstance(op, ReplaceAll):
            self._replace_all(op.register)
        else:  # pragma: no cover - a programming error
            raise TypeError(f"unknown operation {op!r}")

    def _upsert(self, table: str, row: dict, pk: tuple[str, ...]) -> None:
        """Update the row with this key in place (keeping its rowid, so that stored order is stable), or insert it."""
        columns = [c for c in row if c not in pk]
        cur = self.conn.execute(
            f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE {' AND '.join(f'{c} = ?' for c in pk)}",
            [row[c] for c in columns] + [row[c] for c in pk],
        )
        if cur.rowcount == 0:
            self._insert(table, [row])

    def _insert(self, table: str, rows: list[dict]) -> None:
        """Insert rows with one prepared statement (sqlite-utils' insert looks the table up on every call, which
        dominated large imports)."""
        if not rows:
            return
        columns = list(rows[0])
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        self.conn.executemany(sql, [[row[c] for c in columns] for row in rows])

    def _put_settings(self, settings: Settings) -> None:
        for key in ("resign_on_every_continue", "first_election_year", "case_numbering"):
            self._upsert("settings", {"key": key, "value": json.dumps(getattr(settings, key))}, ("key",))

    def _put_governments(self, g: Government) -> None:
        self._upsert("governments", {"took_office": g.took_office.isoformat(), "name": g.name}, ("took_office",))

    def _put_meetings(self, m: Meeting) -> None:
        self._upsert(
            "meetings",
            {
                "year": m.year,
                "number": m.number,
                "date": m.date.isoformat(),
                "location": m.location,
                "time": m.time,
                "chair": m.chair,
                "participants": json.dumps(list(m.participants), ensure_ascii=False),
                "notes": m.notes,
            },
            ("year", "number"),
        )

    def _put_parties(self, p: Party) -> None:
        self._upsert(
            "parties", {"key": p.key, "name": p.name, "kind": p.kind, "former_names": json.dumps(list(p.former_names), ensure_ascii=False)}, ("key",)
        )

    def _put_agreements(self, a: Agreement) -> None:
        ob = a.obligations or Obligations()
        row = {
            "key": a.key,
            "title": a.title,
            "category": a.category,
            "ks_signatory_level": a.ks_signatory_level,
            "signed_date": _iso(a.signed_date),
            "start_date": _iso(a.start_date),
            "end_date": _iso(a.end_date),
            "duration_months": a.duration_months,
            "notice_months": a.notice_months,
            "notice_text": a.notice_text,
            "purpose": a.purpose,
            "obligations_joint": ob.joint,
            "obligations_ks": ob.ks,
            "obligations_state": ob.state,
            "economy_text": a.economy_text,
            "storting_reservation": _int_bool(a.storting_reservation),
            "evaluation_clause": a.evaluation_clause,
            "evaluation_annual": _int_bool(a.evaluation_annual),
            "followup_text": a.followup_text,
            "term_exception": a.term_exception,
            "status": a.status,
            "notes": a.notes,
        }
        self._upsert("agreements", row, ("key",))
        self.conn.execute("DELETE FROM agreement_parties WHERE agreement = ?", (a.key,))
        self.conn.execute("DELETE FROM signatories WHERE agreement = ?", (a.key,))
        party_rows = [
            {"agreement": a.key, "side": side, "position": i, "party": party}
            for side, parties in (("state", a.state_parties), ("other", a.other_parties))
            for i, party in enumerate(parties)
        ]
        if party_rows:
            self._insert("agreement_parties", party_rows)
        if a.signatories:
            self._insert(
                "signatories", [{"agreement": a.key, "position": i, "name": s.name, "role": s.role, "party": s.party} for i, s in enumerate(a.signatories)]
            )

    def _put_decisions(self, d: Decision) -> None:
        self._upsert(
            "decisions",
            {"agreement": d.agreement, "meeting_year": d.meeting.year, "meeting_number": d.meeting.number, "decision": d.decision, "note": d.note},
            ("agreement", "meeting_year", "meeting_number"),
        )

    def _put_signings(self, s: Signing) -> None:
        self._upsert(
            "signings",
            {
                "agreement": s.agreement,
                "date": s.date.isoformat(),
                "meeting_year": s.meeting.year if s.meeting else None,
                "meeting_number": s.meeting.number if s.meeting else None,
                "end_date": _iso(s.end_date),
            },
            ("agreement", "date"),
        )

    def _put_criteria_sets(self, c: CriteriaSet) -> None:
        self._upsert("criteria_sets", {"key": c.key, "title": c.title}, ("key",))
        keep = [k.key for k in c.criteria]
        # Criteria no longer in the set go, with their assessments (ON DELETE CASCADE), as in the domain.
        self.conn.execute(
            f"DELETE FROM criteria WHERE criteria_set = ? AND key NOT IN ({', '.join('?' for _ in keep)})", [c.key, *keep]
        )
        for position, k in enumerate(c.criteria):
            self._upsert(
                "criteria",
                {
                    "criteria_set": c.key,
                    "key": k.key,
                    "position": position,
                    "title": k.title,
                    "description": k.description,
                    "subpoints": json.dumps(list(k.subpoints), ensure_ascii=False),
                },
                ("criteria_set", "key"),
            )

    def _put_assessments(self, a: Assessment) -> None:
        self._upsert(
            "assessments",
            {
                "agreement": a.agreement,
                "criteria_set": a.criteria_set,
                "criterion": a.criterion,
                "rating": a.rating,
                "justification": a.justification,
                "subpoints_met": json.dumps(list(a.subpoints_met), ensure_ascii=False) if a.subpoints_met is not None else None,
                "override_reason": a.override_reason,
            },
            ("agreement", "criteria_set", "criterion"),
        )

    def _put_agenda(self, e: AgendaEntry) -> None:
        row = {
            "title": e.title,
            "background": e.background,
            "proposed_decision": e.proposed_decision,
            "position": e.position,
            "minutes": e.minutes,
            "taken_at": e.taken_at.isoformat(timespec="seconds") if e.taken_at else None,
            "attachments": json.dumps(list(e.attachments), ensure_ascii=False),
        }
        key = (e.meeting.year, e.meeting.number, e.action, e.agreement or "", e.key)
        cur = self.conn.execute(
            f"UPDATE agenda_entries SET {', '.join(f'{c} = ?' for c in row)} "
            "WHERE meeting_year = ? AND meeting_number = ? AND action = ? AND coalesce(agreement, '') = ? AND key = ?",
            (*row.values(), *key),
        )
        if cur.rowcount == 0:
            self._insert(
                "agenda_entries",
                [{"meeting_year": e.meeting.year, "meeting_number": e.meeting.number, "action": e.action, "agreement": e.agreement, "key": e.key, **row}],
            )

    def _put_attachments(self, a: Attachment) -> None:
        self._upsert("attachments", {"agreement": a.agreement, "stored": a.stored, "name": a.name, "added": a.added.isoformat()}, ("agreement", "stored"))

    def _put_deviations(self, d: Deviation) -> None:
        row = {
            "to_year": d.to_meeting.year if d.to_meeting else None,
            "to_number": d.to_meeting.number if d.to_meeting else None,
            "to_date": _iso(d.to_date),
            "reason": d.reason,
        }
        key = (d.action, d.agreement or "", d.from_meeting.year, d.from_meeting.number)
        cur = self.conn.execute(
            "UPDATE deviations SET to_year = ?, to_number = ?, to_date = ?, reason = ? "
            "WHERE action = ? AND coalesce(agreement, '') = ? AND from_year = ? AND from_number = ?",
            (*row.values(), *key),
        )
        if cur.rowcount == 0:
            self._insert(
                "deviations", [{"action": d.action, "agreement": d.agreement, "from_year": d.from_meeting.year, "from_number": d.from_meeting.number, **row}]
            )

    def _delete(self, kind: str, ident: Any) -> None:
        table, where, params = self._where(kind, ident)
        self.conn.execute(f"DELETE FROM {table} WHERE {where}", params)

    def _reorder(self, kind: str, records) -> None:
        """Give the rows of `kind` the order of `records`: the register is read in rowid order. The rowids are set
        through negative numbers (two rows may not share one), in one prepared statement."""
        from ..domain.changes import identity

        records = list(records)
        if not records:
            return
        table, where, _ = self._where(kind, identity(kind, records[0]))
        self.conn.executemany(f"UPDATE {table} SET rowid = ? WHERE {where}",
                              [(-position, *self._where(kind, identity(kind, r))[2]) for position, r in enumerate(records, start=1)])
        self.conn.execute(f"UPDATE {table} SET rowid = -rowid WHERE rowid < 0")

    @staticmethod
    def _where(kind: str, ident: Any) -> tuple[str, str, tuple]:
        """The table of a kind of record, and the condition and parameters that find the row of `ident`."""
        if kind == "governments":
            return "governments", "took_office = ?", (ident.isoformat(),)
        if kind == "meetings":
            return "meetings", "year = ? AND number = ?", (ident.year, ident.number)
        if kind in ("agreements", "criteria_sets", "parties"):
            return kind, "key = ?", (ident,)
        if kind == "decisions":
            agreement, ref = ident
            return "decisions", "agreement = ? AND meeting_year = ? AND meeting_number = ?", (agreement, ref.year, ref.number)
        if kind == "signings":
            agreement, date = ident
            return "signings", "agreement = ? AND date = ?", (agreement, date.isoformat())
        if kind == "assessments":
            return "assessments", "agreement = ? AND criteria_set = ? AND criterion = ?", tuple(ident)
        if kind == "agenda":
            ref, action, agreement, key = ident
            return ("agenda_entries", "meeting_year = ? AND meeting_number = ? AND action = ? AND coalesce(agreement, '') = ? AND key = ?",
                    (ref.year, ref.number, action, agreement, key))
        if kind == "attachments":
            return "attachments", "agreement = ? AND stored = ?", tuple(ident)
        if kind == "deviations":
            action, agreement, ref = ident
            return "deviations", "action = ? AND coalesce(agreement, '') = ? AND from_year = ? AND from_number = ?", (action, agreement or "", ref.year, ref.number)
        raise ValueError(kind)  # pragma: no cover - a programming error

    def _replace_all(self, register: Register) -> None:
        for table in (
            "agenda_entries",
            "attachments",
            "assessments",
            "criteria",
            "criteria_sets",
            "deviations",
            "signings",
            "decisions",
            "signatories",
            "agreement_parties",
            "agreements",
            "meetings",
            "governments",
            "settings",
            "parties",
        ):
            self.conn.execute(f"DELETE FROM {table}")
        self._put_settings(register.settings)
        for kind in ("parties", "governments", "meetings", "agreements", "decisions", "signings", "criteria_sets", "assessments", "deviations", "agenda", "attachments"):
            put = getattr(self, f"_put_{kind}")
            for record in getattr(register, kind):
                put(record)

    def _log(self, label: str, applied: Applied) -> None:
        from ..domain.changes import field_changes

        at = _now()
        rows = []
        for kind, ident, old, new in applied.effects:
            base = {"command": label, "kind": kind, "user": self.user, "at": at, "record": _ident_text(ident)}
            if kind in ("register",):
                rows.append(_history_row(**base, new="replaced"))
            elif old is None:
                rows.append(_history_row(**base, new=_json(new)))
            elif new is None:
                rows.append(_history_row(**base, old=_json(old)))
            else:
                for name, before, after in field_changes(old, new):
                    rows.append(_history_row(**base, field=name, old=_json(before), new=_json(after)))
        if rows:
            self._insert("history", rows)


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a damaged file (StoreError "corrupt", naming `path`): SQLite's quick check of every page."""
    if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise StoreError("corrupt", path)


def _check_file(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a file that is SQLite but not ours, or ours from a newer version of the program (naming `path`)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]  # reads the header: "file is not a database" for other files
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    if app_id != APPLICATION_ID and (version != 0 or has_tables):
        raise StoreError("foreign", path)
    known = latest_version()
    if version > known:
        raise StoreError("newer-schema", path, found=version, known=known)


def _check_schema(conn: sqlite3.Connection, path: Path) -> None:
    """StoreError "incomplete" (naming `path` and what is missing) if the database lacks a table or column that its
    schema version has: one dropped with another tool (DB Browser), or a partial copy. Reading or writing it would
    fail half-way, as a bug; told now, as a damaged file is. A table or column more is left alone."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == 0:  # a new file (or an emptied one): nothing is there yet
        return
    found = _tables(conn)
    missing_en, missing_nb = [], []
    for table, columns in required_schema(version).items():
        if table not in found:
            missing_en.append(f"table {table}")
            missing_nb.append(f"tabellen {table}")
            continue
        for column in sorted(columns - found[table]):
            missing_en.append(f"column {table}.{column}")
            missing_nb.append(f"kolonnen {table}.{column}")
    if missing_en:
        raise StoreError("incomplete", path, version=version, missing=", ".join(missing_en), missing_nb=", ".join(missing_nb))


@lru_cache(maxsize=None)
def required_schema(version: int) -> dict[str, frozenset[str]]:
    """The tables of a database of schema `version`, each with its columns: what the migrations up to it make (in a
    database made in memory; the migrations are the one description of the schema)."""
    conn = sqlite3.connect(":memory:")
    try:
        _migrate(conn, upto=version)
        return {table: frozenset(columns) for table, columns in _tables(conn).items()}
    finally:
        conn.close()


def _tables(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """The database's own tables (not SQLite's) and their columns, by lower-case name (SQLite's names ignore case)."""
    tables: dict[str, set[str]] = defaultdict(set)
    for table, column in conn.execute(
        "SELECT lower(m.name), lower(c.name) FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS c "
        "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ):
        tables[table].add(column)
    return dict(tables)


def _migrate(conn: sqlite3.Connection, *, upto: int | None = None) -> list[int]:
    """Run the migrations the database of `conn` lacks (up to version `upto`, or all), each in one transaction; the
    versions applied."""
    applied = []
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, path in migrations():
        if number <= version or (upto is not None and number > upto):
            continue
        script = path.read_text(encoding="utf-8")
        try:
            conn.executescript(f"BEGIN IMMEDIATE;\n{script}\n;PRAGMA application_id = {APPLICATION_ID};\nPRAGMA user_version = {number};\nCOMMIT;")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(number)
    return applied


def restore_file(backup: Backup, db_path: Path) -> None:
    """Put what restoring `backup` gives (write_restored: upgraded, with its history row) in place of the database
    file at `db_path`, which cannot be opened (backup.put_in_place). The caller holds the writer's lock."""
    from .backup import put_in_place

    put_in_place(write_restored(backup, db_path), db_path)


def write_restored(backup: Backup, db_path: Path, *, page_size: int | None = None) -> Path:
    """Write what restoring `backup` over the database at `db_path` puts in place, into a new file beside it
    (backup.restoring_file, returned): the backup's content, brought up to the newest schema as opening it would
    be, with the history row that says it was restored from `backup` (so that the restore and its row are one
    step, however the content is then put in place), in `page_size` if given (a database in WAL mode takes a copy
    only in its own page size: Store.restore). The caller removes the file.

    StoreError naming the backup if it is not a complete, sound backup of this program's database that this
    version can read (backup.unusable: "backup-damaged", "backup-gone" …); naming the database if the file beside
    it cannot be written (nothing is left then)."""
    from .backup import open_sound, raise_unusable, remove_with_side_files, restoring_file

    target = restoring_file(db_path)
    source = open_sound(backup)
    try:
        try:
            _check_file(source, backup.path)
            _check_schema(source, backup.path)
        except sqlite3.DatabaseError as exc:
            raise_unusable(exc, backup)
        except StoreError as exc:
            if exc.kind != "incomplete":
                raise
            # A table or column missing: damaged as a backup (put in place, it would not open), not "restore a backup".
            raise StoreError("backup-damaged", backup.path, label=backup.label) from None
        remove_with_side_files(target)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # no -wal beside it; and only so does VACUUM change the page size
            copy.execute("PRAGMA foreign_keys = ON")
            _migrate(copy)
            if page_size is not None and copy.execute("PRAGMA page_size").fetchone()[0] != page_size:
                copy.execute(f"PRAGMA page_size = {int(page_size)}")
                copy.execute("VACUUM")
            with copy:
                copy.execute(*_history_insert(_history_row(backup.restore_label, "restore", new=_json(backup.path.name))))
        finally:
            copy.close()
    except StoreError:
        remove_with_side_files(target)
        raise
    except (sqlite3.Error, OSError) as exc:
        remove_with_side_files(target)
        reraise(exc, db_path)
    finally:
        source.close()
    return target


def _history_row(command: str, kind: str, *, user: str | None = None, at: str | None = None, record: str | None = None,
                 field: str | None = None, old: str | None = None, new: str | None = None) -> dict:
    """One row of the history table: what was done (`command`, the label the user saw), by whom and when."""
    return {"at": at or _now(), "user": user or _os_user(), "command": command, "kind": kind, "record": record, "field": field, "old": old, "new": new}


def _history_insert(row: dict) -> tuple[str, list]:
    return f"INSERT INTO history ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values())


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _identity(path: Path) -> tuple[int, int] | None:
    """The file at `path` as the file system tells one file from another (None: none there just now)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


# The kinds of record that belong to an agreement, and how the history names one (`_ident_text`: its identity's
# parts joined by "@"): (parts before the agreement's key that never hold an "@": a meeting, an action code;
# keys after it, which may; parts after those that never do: a meeting, a date). An assessment is
# agreement@set@criterion, a deviation action@agreement@from, an agenda item meeting@action@agreement@key.
_CHILD_RECORDS = {
    "decisions": (0, 0, 1),
    "signings": (0, 0, 1),
    "assessments": (0, 2, 0),
    "deviations": (1, 0, 1),
    "agenda": (2, 1, 0),
    "attachments": (0, 1, 0),  # the stored copy's name ends in the original's suffix, which may hold an "@"
}


def _agreement_readings(kind: str, record: str) -> list[str]:
    """The agreement keys the history's name of a child record of `kind` can be read to hold: one, unless a key
    in it holds an "@" and another key follows (an agreement "a@b" rated in set "c", or "a" in set "b@c")."""
    fixed_before, keys_after, fixed_after = _CHILD_RECORDS[kind]
    parts = record.split("@")
    middle = parts[fixed_before: len(parts) - fixed_after]  # the agreement's key, then the keys after it
    if not keys_after:
        return ["@".join(middle)]
    return ["@".join(middle[:n]) for n in range(1, len(middle) - keys_after + 1)]


def _like_prefix(text: str) -> str:
    """`text` for a LIKE pattern, with its own % and _ matched literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _ident_text(ident: Any) -> str | None:
    if ident is None:
        return None
    if isinstance(ident, tuple):
        return "@".join(_ident_text(p) or "" for p in ident)
    if isinstance(ident, MeetingRef):
        return f"{ident.year}/{ident.number}"
    if isinstance(ident, dt.date):
        return ident.isoformat()
    return str(ident)


def plain(value: Any) -> Any:
    """A record's value as the history holds it (JSON's own types): dates as ISO text, a meeting as {year, number},
    tuples as lists, a record as a dict of its fields."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, MeetingRef):
        return {"year": value.year, "number": value.number}
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: plain(getattr(value, k)) for k in value.__dataclass_fields__}
    return value


def _json(value: Any) -> str:
    return json.dumps(plain(value), ensure_ascii=False)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in this environment (e.g. a service account); history still works
        return "ukjent"
