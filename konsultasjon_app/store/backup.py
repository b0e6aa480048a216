"""Rotating backups of the database with SQLite's online backup API, and restoring one.

Backups lie in `<database name>.sikkerhetskopier/` beside the database (so they travel with it, and a damaged file
can be restored without the program being able to open it). Each file's name says when and why it was made. A backup
is written under a temporary name (`.NAME.part`) and given its name only once complete, so that one cut off by a
crash is never taken for a restore point; what a crash left is removed later, by the writer (`remove_leftovers`).
The backups of a register the user chose not to restore, starting afresh where it was lost, lie in its `tidligere/`
folder (`keep_earlier`): listed and restorable as the others, but never pushed out by the new register's backups.
They have a rotation of their own, run with the usual one (`rotate`, whenever a backup is made): one made more than
`EARLIER_DAYS` (a year, the secretariat's cycle of meetings) before is removed, except the newest ones there, as many
as the rotation keeps (*Behold sikkerhetskopier*), which stay however old: the register set aside last (whose backups
are the newest there) stays restorable, while those of the registers lost before it do not pile up for ever.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from .. import files
from ..options import BACKUPS_KEEP
from .backup_folder import _NAME, EARLIER, Backup, _scan, folder, list_backups
from .errors import StoreError, classify
from .location import SQLITE_SIDE_FILES, sqlite_uri

DEFAULT_KEEP = BACKUPS_KEEP.default
EARLIER_DAYS = 365  # how long a backup in tidligere/ is kept past the newest ones there (rotate)


def keep_setting() -> int:
    """How many backups the user keeps (Behold sikkerhetskopier, options.BACKUPS_KEEP), as the window's settings
    file holds it, read without Qt: what the command line and a screenshot keep when they make one (an import, an
    upgrade of an older database)."""
    from .. import options, paths

    return options.read(options.BACKUPS_KEEP, paths.settings_path())


def lost(db_path: Path) -> bool:
    """The database file is gone or emptied (deleted, or truncated by a sync tool or a crash): with its backups beside
    it, the window offers them and an import is refused, rather than starting an empty register there whose backups
    would push the real ones out of the rotation. What cannot be looked at is reported when it is opened (False)."""
    try:
        return not db_path.exists() or db_path.stat().st_size == 0
    except OSError:
        return False


def refuse_if_lost(db_path: Path) -> None:
    """StoreError "lost" when the database is gone or emptied (`lost`) while its backups lie beside it: for what
    would read it or write a new one there (the commands, a screenshot); it is to be restored instead."""
    if lost(db_path) and list_backups(db_path):
        raise StoreError("lost", db_path)


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
        copy = _read(backup.path)
        try:
            theirs = copy.execute(newest).fetchone()
        finally:
            copy.close()
        return theirs == conn.execute(newest).fetchone()
    except (sqlite3.Error, OSError):
        return False  # a backup that cannot be read holds nothing to rely on


def _read(backup: Path) -> sqlite3.Connection:
    """A backup opened for reading, with no -wal or -shm file made beside it. It is read as it stands (immutable):
    a listed backup is complete, and nothing writes it."""
    return sqlite3.connect(sqlite_uri(backup, mode="ro", immutable="1"), uri=True)


@dataclass(frozen=True)
class Contents:
    """What a backup holds, for choosing which one to restore: how many agreements and meetings, and when the newest
    change in it was made (its newest history row; None when it records none, or a time that cannot be read)."""

    agreements: int
    meetings: int
    changed: dt.datetime | None


def contents(backup: Backup) -> Contents | None:
    """What `backup` holds (`Contents`), read as it stands (`_read`: nothing written, no side file made beside it), in
    three small queries (two counts and the newest history row, by its key), so that a list of many backups stays
    quick to show. None when it cannot be read: damaged, gone since it was listed, or not a database of this program."""
    try:
        conn = _read(backup.path)
    except sqlite3.Error:
        return None
    try:
        agreements = conn.execute("SELECT count(*) FROM agreements").fetchone()[0]
        meetings = conn.execute("SELECT count(*) FROM meetings").fetchone()[0]
        newest = conn.execute("SELECT at FROM history ORDER BY id DESC LIMIT 1").fetchone()
    except (sqlite3.Error, OSError):
        return None
    finally:
        conn.close()
    return Contents(agreements, meetings, _local_time(newest[0]) if newest else None)


def _local_time(stamp: object) -> dt.datetime | None:
    """A history row's time (ISO, with the offset of the machine that wrote it) as this machine's local time; None
    when it is not one."""
    try:
        at = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return None
    return at.astimezone().replace(tzinfo=None) if at.tzinfo is not None else at


def open_sound(backup: Backup) -> sqlite3.Connection:
    """A backup opened for reading (`_read`) to be restored: StoreError "backup-damaged" if it was cut off while it
    was made or is damaged, "backup-gone" if it is no longer there, or the error of reading it (`unusable`)."""
    if Path(f"{backup.path}-journal").exists():  # cut off while it was made (by an older version): not a backup
        raise StoreError("backup-damaged", backup.path, label=backup.label)
    if not backup.path.is_file():  # gone since it was chosen (removed, moved by a sync tool)
        raise StoreError("backup-gone", backup.path, label=backup.label)
    try:
        source = _read(backup.path)
    except sqlite3.Error as exc:
        raise_unusable(exc, backup)
    try:
        sound = source.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        if not sound:
            raise StoreError("backup-damaged", backup.path, label=backup.label)
    except sqlite3.Error as exc:
        source.close()
        raise_unusable(exc, backup)
    except BaseException:
        source.close()
        raise
    return source


def unusable(exc: BaseException, backup: Backup) -> StoreError | None:
    """What `exc`, met reading `backup` to restore it, says of that backup (not "the database … is damaged; restore a
    backup", which the user is doing): damaged, gone, or not to be read; None if it looks like a bug."""
    err = classify(exc, backup.path)
    if err is None:
        return None
    if not backup.path.is_file():
        return StoreError("backup-gone", backup.path, label=backup.label)
    if err.kind in ("corrupt", "not-a-database"):
        return StoreError("backup-damaged", backup.path, label=backup.label)
    return StoreError("backup-unreadable", backup.path, label=backup.label, detail=str(exc))


def raise_unusable(exc: BaseException, backup: Backup) -> NoReturn:
    """Raise `unusable`'s StoreError for `exc`, or `exc` itself if it is a bug. Called from the `except` block."""
    err = unusable(exc, backup)
    if err is None:
        raise exc
    raise err from exc


def make_backup(conn: sqlite3.Connection, db_path: Path, reason: str, keep: int = DEFAULT_KEEP, *, now: dt.datetime | None = None,
                protect: Path | None = None) -> Backup:
    """Copy the open database, consistently even while it is in use, and keep only the newest `keep` backups (and
    `protect`, the one about to be restored, even if it is older). The copy gets its name only once complete."""
    now = now or dt.datetime.now()
    mark = history_mark(conn)
    directory = folder(db_path)
    name = f"{db_path.stem}-{now.strftime('%Y%m%d-%H%M%S-%f')}-{reason}" + (f"-h{mark}" if mark is not None else "") + ".sqlite3"
    target_path = directory / name
    part = directory / f".{name}.part"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(part)
        try:
            conn.backup(target)
        finally:
            target.close()
    except (sqlite3.Error, OSError) as exc:
        remove_with_side_files(part)
        err = _unwritten(exc, part if directory.is_dir() else directory, target_path)
        if err is None:
            raise
        raise err from exc
    try:
        files.replace(part, target_path)  # tried again while OneDrive or an antivirus program looks at the new file
    except OSError as exc:
        remove_with_side_files(part)
        raise _unnamed(exc, part, target_path) from exc
    rotate(db_path, keep, protect, now=now)
    return Backup(target_path, now, reason, mark)


def held_already(conn: sqlite3.Connection, db_path: Path) -> Backup | None:
    """The newest backup of the database at `db_path` if it holds what `conn` holds now (`holds_same`), else None:
    taken instead of a new one, since retrying what the database refuses (an import, or an upgrade, while another
    program writes it) must not push the older restore points out of the rotation with copies of one state."""
    newest = list_backups(db_path)[:1]
    return newest[0] if newest and holds_same(conn, newest[0]) else None


def _unwritten(exc: sqlite3.Error | OSError, written: Path, backup: Path) -> StoreError | None:
    """Why a backup could not be written into its folder (`written`: the folder being made, or the part-file), said
    of the backup and its folder, with what to do: no permission to write there, a path too long for Windows, a full
    disk, or what the system said. Not classify's words for the database ("databasen … kan ikke åpnes"): the register
    is untouched. SQLite says only that it could not open the file; a file made there the way check_writable makes
    one tells why. None for a bug."""
    directory = backup.parent
    err = classify(exc, backup)
    if err is None:
        return None
    if os.path.lexists(directory) and not directory.is_dir():  # mkdir's «File exists», SQLite's "cannot open"
        return StoreError("backup-not-a-folder", backup, folder=directory)
    if err.kind == "disk-full":
        return StoreError("backup-disk-full", backup, folder=directory)
    if err.kind == "read-only" and isinstance(exc, sqlite3.Error):
        return StoreError("backup-denied", backup, folder=directory)
    problem = None
    if isinstance(exc, OSError):
        problem = files.os_error(exc, written, writing=True)
    elif err.kind in ("cannot-open", "io"):
        try:
            files.check_writable(written)
        except files.FileAccessError as refused:
            problem = refused
        else:
            # The folder takes a file of that name: SQLite refused the path itself, as it does one too long for Windows.
            if len(os.path.abspath(written)) > files.WINDOWS_PATH_LIMIT:
                return StoreError("backup-too-long", backup, limit=files.WINDOWS_PATH_LIMIT)
    if problem is not None:
        if problem.kind in ("denied", "write-protected", "read-only-drive"):
            return StoreError("backup-denied", backup, folder=directory)
        if problem.kind == "too-long":
            return StoreError("backup-too-long", backup, limit=files.WINDOWS_PATH_LIMIT)
        if problem.kind == "disk-full":
            return StoreError("backup-disk-full", backup, folder=directory)
        if problem.kind == "not-a-folder":
            return StoreError("backup-not-a-folder", backup, folder=directory)
        if problem.kind == "in-use":
            return StoreError("backup-in-use", backup)
        if problem.kind != "io":  # (a folder where the part-file would be, say): said as the file's own message
            return StoreError("backup-failed", backup, folder=directory, detail=problem.message, detail_nb=problem.message_nb)
        if isinstance(problem.__cause__, OSError):  # what the system said making a file there (SQLite says less)
            exc = problem.__cause__
    return StoreError("backup-failed", backup, folder=directory, **os_detail(exc))


def os_detail(exc: BaseException) -> dict[str, str]:
    """`detail` and `detail_nb` of a backup-failed or backup-unnamed message: a cause the system names by an error
    number in words (a disk or network fault, a file in use), else what the system said, in its own words (the
    only ones there are; on a Norwegian Windows they are Norwegian), said to be the system's."""
    import errno

    number = getattr(exc, "errno", None)
    if number == errno.EIO or (isinstance(exc, sqlite3.Error) and (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF == sqlite3.SQLITE_IOERR):
        return {"detail": "a disk or network error", "detail_nb": "en disk- eller nettverksfeil"}
    if number in (errno.EBUSY, errno.ETXTBSY):
        return {"detail": "the file is in use by another program", "detail_nb": "filen er i bruk av et annet program"}
    if number == errno.ENOSPC:
        return {"detail": "the disk is full", "detail_nb": "disken er full"}
    said = (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).strip()
    return {"detail": said, "detail_nb": f"systemet svarte: {said}"}


def _unnamed(exc: OSError, part: Path, backup: Path) -> StoreError:
    """Why a backup written whole could not be given its name, naming the backup: another program holding it
    (Windows), or what the system said. Not the database's "skrivebeskyttet" (classify's word for a PermissionError):
    the folder has just taken the copy, and the database is not what was refused."""
    if files.held_open(exc, part):
        return StoreError("backup-in-use", backup)
    return StoreError("backup-unnamed", backup, **os_detail(exc))


def rotate(db_path: Path, keep: int, protect: Path | None = None, *, now: dt.datetime | None = None) -> None:
    """Keep the newest `keep` backups (and `protect`); remove the older ones with their side files. Those kept apart
    in `tidligere/` rotate apart: the newest `keep` of them stay, and the others until they are `EARLIER_DAYS` old
    (at `now`). What crashes left is not touched here: a backup may be made without the writer's lock (a command
    upgrading an older database), and what looks left over may be a backup another program is writing
    (remove_leftovers)."""
    keep = BACKUPS_KEEP.clamp(keep)
    listed = list_backups(db_path)
    current, earlier = [b for b in listed if not b.earlier], [b for b in listed if b.earlier]
    too_old = (now or dt.datetime.now()) - dt.timedelta(days=EARLIER_DAYS)
    removed = current[keep:] + [b for b in earlier[keep:] if b.made < too_old]
    for old in removed:
        if protect is None or old.path != protect:
            remove_with_side_files(old.path)


def keep_earlier(db_path: Path) -> list[Backup]:
    """The database was lost (emptied or deleted) and the user starts afresh there rather than restore one of its
    backups: they are moved into `tidligere/` in the backups folder, where they stay listed (and can be restored,
    Fil → Gjenopprett sikkerhetskopi) but the new register's backups never push them out (they rotate apart: `rotate`,
    `EARLIER_DAYS`). The backups that could not be kept there, to be told before the new register starts: those left
    in the rotation, which the new register's backups will push out.

    Was: one that could not be moved stayed in the rotation without a word, and was deleted a few backups later. A
    move fails where the folder takes new files all the same: another program holds the backup for more than the
    second files.replace waits (OneDrive uploading it, an antivirus scan), or the path is too long for Windows one
    folder deeper. The first gets a copy in tidligere/ (the backup itself removed only once the copy is whole); the
    second a shorter name there (`_apart_names`)."""
    apart = folder(db_path) / EARLIER
    left = []
    for backup in list_backups(db_path):
        if not backup.earlier and not _put_apart(backup, apart):
            left.append(backup)
    return left


def _put_apart(backup: Backup, apart: Path) -> bool:
    """Move `backup` into the folder `apart` (tidligere/), or, when another program holds it (Windows moves no
    such file), copy it there and remove it once the copy is whole. Whether it is there now."""
    try:
        apart.mkdir(exist_ok=True)
    except OSError:
        return False
    names = [name for name in _apart_names(backup) if not _taken(apart / name)]
    for name in names:
        try:
            files.replace(backup.path, apart / name)  # tried again for a moment while another program holds it
            return True
        except OSError as exc:
            if files.held_open(exc, backup.path):
                break  # not the name: a copy, which the holder does not stop
    for name in names:
        if _copied_whole(backup.path, apart / name):
            remove_with_side_files(backup.path)  # still held: it stays in the rotation until then, its copy kept apart
            return True
    return False


def _apart_names(backup: Backup) -> list[str]:
    """The names `backup` may have in tidligere/, each read alike by _scan: its own, then shorter ones without its
    history mark, its microseconds, or both (the same second and reason). With a history mark the last is 10
    characters shorter at least, as much as "tidligere/" adds: one of them fits where the backup did, on Windows
    without long paths (259 characters); without one (a register with no history yet) only 7, so a backup within 3
    characters of that limit may fit under none of them (keep_earlier then names it). The longer names, kept unique
    by their microseconds, are tried first."""
    m = _NAME.match(backup.path.name)
    if m is None:
        return [backup.path.name]
    stem, reason, mark = m.group("stem"), m.group("reason"), f"-h{m.group('mark')}" if m.group("mark") else ""
    second, exact = backup.made.strftime("%Y%m%d-%H%M%S"), m.group("at")
    names = [f"{stem}-{at}-{reason}{h}.sqlite3" for at, h in ((exact, mark), (exact, ""), (second, mark), (second, ""))]
    return list(dict.fromkeys(names))


def _taken(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return True


def _copied_whole(source: Path, target: Path) -> bool:
    """Copy `source` to `target` (through a part-file beside it, given the name once complete and on disk),
    never over a file there. Whether `target` now holds the same bytes as `source`."""
    import filecmp
    import shutil

    part = target.with_name(f".{target.name}.part")
    try:
        with open(source, "rb") as reading, open(part, "wb") as writing:
            shutil.copyfileobj(reading, writing)
            writing.flush()
            os.fsync(writing.fileno())
        if not filecmp.cmp(source, part, shallow=False):
            raise OSError(f"{source} changed while it was copied")
        if _taken(target):
            raise FileExistsError(target)
        files.replace(part, target)
    except OSError:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        return False
    return True


def remove_leftovers(db_path: Path) -> None:
    """Remove what a backup or a restore cut off by a crash left: the part-file of a restore beside the database,
    and those of backups in its folder. Only the database's writer may call this (with the writer's lock held): a
    restore or a backup another process runs now is not disturbed."""
    remove_with_side_files(restoring_file(db_path))
    for path in _scan(db_path)[1]:
        remove_with_side_files(path)


def remove_with_side_files(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        return  # another program holds it open (Windows): it and its side files are removed next time
    for suffix in SQLITE_SIDE_FILES:
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def restoring_file(db_path: Path) -> Path:
    """The part-file beside the database in which a restore prepares the content it puts in place."""
    return db_path.with_name(f".{db_path.name}.restoring")


def put_in_place(prepared: Path, db_path: Path) -> None:
    """Replace the database file with `prepared` (database.restore_file: a backup's content made ready beside it),
    for a database that cannot be opened (damaged or emptied; an open one is restored into, Store.restore). The
    database is not open in this process, and the caller holds the writer's lock; `prepared` is gone afterwards.

    The file is put in the database's place in one step, tried again for a moment while another program holds one
    of them (files.replace: OneDrive or an antivirus program looking at the file just written). The -wal and -shm
    files of the replaced file are moved aside until then, and put back if it cannot be done: a failure half-way
    leaves the database as it was. StoreError "locked" (naming the database) when another program has it open,
    which Windows will not let be replaced; "restore-in-use" (naming `prepared`) when there is no database file
    (set aside, or gone) and another program holds the new one; the error of the environment otherwise."""
    aside: list[tuple[Path, Path]] = []
    try:
        try:
            aside = _move_then(db_path, Path(f"{prepared}.old"), lambda: files.replace(prepared, db_path))
        except OSError as exc:
            if not db_path.exists() and files.held_open(exc, prepared):
                raise StoreError("restore-in-use", prepared) from exc
            raise (in_use_error(exc, db_path) or classify(exc, db_path)) from exc
    finally:
        remove_with_side_files(prepared)
        for _, moved in aside:  # they belonged to the replaced file
            with contextlib.suppress(OSError):
                moved.unlink()


def _move_then(db_path: Path, side_to: Path, move: Callable[[], None]) -> list[tuple[Path, Path]]:
    """The -wal and -shm files of `db_path` moved to `side_to` with their suffix, then `move()` (of a file to or
    from `db_path`); if any of it fails, the side files moved are put back where they were and the OSError is
    raised: a failure half-way leaves the database as it was. The side files moved: (where they were, where now)."""
    moved: list[tuple[Path, Path]] = []
    try:
        for suffix in ("-wal", "-shm"):
            side = Path(f"{db_path}{suffix}")
            if side.exists():
                files.replace(side, f"{side_to}{suffix}")
                moved.append((side, Path(f"{side_to}{suffix}")))
        move()
    except OSError:
        for side, gone in reversed(moved):
            with contextlib.suppress(OSError):
                files.replace(gone, side)
        raise
    return moved


def in_use_error(exc: OSError, db_path: Path) -> StoreError | None:
    """StoreError "locked" if `exc`, met moving or replacing the database's files in a folder in which the restore
    has just written its copy, says another program has one of them open (files.held_open, as for a document)."""
    return StoreError("locked", db_path) if files.held_open(exc, db_path) else None


def set_aside(db_path: Path) -> Path:
    """Move a database that cannot be opened aside, beside it (`db.skadet-20261126101500.sqlite3`), never over
    another: before a restore or a new start puts another file in its place, for it may yet hold what a backup does
    not. The -wal and -shm belong to it (its last changes may be in them): they go first, and the file last, so that
    a move refused half-way (Windows moves no file another program has open) puts back what went, and the database
    stays whole where it was (the OSError is raised). Each move is tried again for a moment (files.replace)."""
    stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S")
    aside = db_path.with_name(f"{db_path.stem}.skadet-{stamp}{db_path.suffix}")
    n = 2
    while aside.exists():
        aside, n = db_path.with_name(f"{db_path.stem}.skadet-{stamp}-{n}{db_path.suffix}"), n + 1
    _move_then(db_path, aside, lambda: files.replace(db_path, aside))
    return aside


def put_back(aside: Path, db_path: Path) -> bool:
    """Undo set_aside when what was to take the database's place could not be put there: the file, then its -wal
    and -shm, back where they were (never over a file there now). Whether the file is back."""
    if db_path.exists():
        return False
    try:
        files.replace(aside, db_path)
    except OSError:
        return False
    for extra in ("-wal", "-shm"):
        side = Path(f"{aside}{extra}")
        if side.exists() and not Path(f"{db_path}{extra}").exists():
            with contextlib.suppress(OSError):
                files.replace(side, f"{db_path}{extra}")
    return True
