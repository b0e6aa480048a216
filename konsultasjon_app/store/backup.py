"""Rotating backups of the database with SQLite's online backup API, and restoring one.

Backups lie in `<database name>.sikkerhetskopier/` beside the database (so they travel with it, and a damaged file
can be restored without the program being able to open it). Each file's name says when and why it was made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .errors import StoreError, reraise
from .location import sqlite_uri

DEFAULT_KEEP = 10
_NAME = re.compile(r"^(?P<stem>.+)-(?P<at>\d{8}-\d{6}(?:-\d{6})?)-(?P<reason>[a-z]+)(?:-h(?P<mark>\d+))?\.sqlite3$")
REASONS_NB = {
    "open": "ved åpning",
    "migration": "før oppgradering av databasen",
    "import": "før import",
    "restore": "før gjenoppretting",
    "manual": "tatt av brukeren",
}


def folder(db_path: Path) -> Path:
    """`konsultasjon.sikkerhetskopier/` beside `konsultasjon.sqlite3`; a database of another extension keeps it in
    its name (`a.db.sikkerhetskopier/`), so that `a.sqlite3` and `a.db` in one folder never share backups."""
    shared = db_path.parent / f"{db_path.stem}.sikkerhetskopier"
    if db_path.suffix.lower() == ".sqlite3":
        return shared
    own = db_path.parent / f"{db_path.name}.sikkerhetskopier"
    if not own.exists() and shared.is_dir() and not db_path.with_suffix(".sqlite3").exists():
        return shared  # made before each database had its own, and no .sqlite3 of that name to share it with
    return own


@dataclass(frozen=True)
class Backup:
    """A backup copy of the database in its backups folder: when and why it was made."""

    path: Path
    made: dt.datetime
    reason: str
    mark: int | None  # the last history row when it was made (holds_same tells whether two hold the same content)

    @property
    def label(self) -> str:
        return f"{self.made.strftime('%d.%m.%Y %H:%M:%S')} – {REASONS_NB.get(self.reason, self.reason)}"


def list_backups(db_path: Path) -> list[Backup]:
    """The database's backups, newest first."""
    out = []
    directory = folder(db_path)
    if not directory.is_dir():
        return out
    for path in directory.iterdir():
        m = _NAME.match(path.name)
        if not m or os.path.normcase(m.group("stem")) != os.path.normcase(db_path.stem):  # Windows: K.sqlite3 is k.sqlite3
            continue
        stamp = m.group("at")
        made = dt.datetime.strptime(stamp[:15], "%Y%m%d-%H%M%S")
        if len(stamp) > 15:
            made = made.replace(microsecond=int(stamp[16:]))
        out.append(Backup(path, made, m.group("reason"), int(m.group("mark")) if m.group("mark") else None))
    out.sort(key=lambda b: b.made, reverse=True)
    return out


def history_mark(conn: sqlite3.Connection) -> int | None:
    """The newest history row: a cheap fingerprint of the content (every change writes history)."""
    try:
        row = conn.execute("SELECT max(id) FROM history").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row and row[0] is not None else 0


def holds_same(conn: sqlite3.Connection, backup: Backup) -> bool:
    """Whether a backup holds what the open database holds: the same newest history row, number and time (a
    database restored from an older backup reaches the same numbers again with other changes)."""
    if backup.mark is None or backup.mark != history_mark(conn):
        return False
    newest = "SELECT id, at, command FROM history ORDER BY id DESC LIMIT 1"
    try:
        copy = sqlite3.connect(sqlite_uri(backup.path, mode="ro", immutable="1"), uri=True)  # no -wal or -shm beside it
        try:
            theirs = copy.execute(newest).fetchone()
        finally:
            copy.close()
        return theirs == conn.execute(newest).fetchone()
    except (sqlite3.Error, OSError):
        return False  # a backup that cannot be read holds nothing to rely on


def make_backup(conn: sqlite3.Connection, db_path: Path, reason: str, keep: int = DEFAULT_KEEP, *, now: dt.datetime | None = None,
                protect: Path | None = None) -> Backup:
    """Copy the open database, consistently even while it is in use, and keep only the newest `keep` backups (and
    `protect`, the one about to be restored, even if it is older)."""
    now = now or dt.datetime.now()
    mark = history_mark(conn)
    directory = folder(db_path)
    name = f"{db_path.stem}-{now.strftime('%Y%m%d-%H%M%S-%f')}-{reason}" + (f"-h{mark}" if mark is not None else "") + ".sqlite3"
    target_path = directory / name
    try:
        directory.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(target_path)
        try:
            conn.backup(target)
        finally:
            target.close()
    except (sqlite3.Error, OSError) as exc:
        target_path.unlink(missing_ok=True)
        reraise(exc, target_path)
    rotate(db_path, keep, protect)
    return Backup(target_path, now, reason, mark)


def rotate(db_path: Path, keep: int, protect: Path | None = None) -> None:
    for old in list_backups(db_path)[max(keep, 1):]:
        if protect is not None and old.path == protect:
            continue
        with contextlib.suppress(OSError):  # a backup another program holds open is removed at the next rotation
            old.path.unlink()


def restore(backup: Path, db_path: Path) -> None:
    """Replace the database with a backup's content (the database must not be open in this process).

    The copy is made beside the database and then put in its place in one step, so that a failure half-way
    leaves the database as it was; the old -wal and -shm files go, as they belong to the replaced file.
    """
    temporary = db_path.with_name(f".{db_path.name}.restoring")
    try:
        source = sqlite3.connect(sqlite_uri(backup, mode="ro"), uri=True)
        try:
            try:
                sound = source.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            except sqlite3.DatabaseError as exc:
                reraise(exc, backup)  # the backup cannot be read; what goes wrong after this is the database's side
            if not sound:
                raise StoreError("corrupt", backup)
            temporary.unlink(missing_ok=True)
            target = sqlite3.connect(temporary)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.replace(temporary, db_path)
    except StoreError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        reraise(exc, db_path)


