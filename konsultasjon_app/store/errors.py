"""Errors of the environment (locked, read-only, disk full, not a database), told apart from bugs."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import NoReturn

# SQLite result codes we expect from the environment, not from a bug in this program.
_ENVIRONMENT = {
    sqlite3.SQLITE_BUSY: "locked",
    sqlite3.SQLITE_LOCKED: "locked",
    sqlite3.SQLITE_READONLY: "read-only",
    sqlite3.SQLITE_FULL: "disk-full",
    sqlite3.SQLITE_IOERR: "io",
    sqlite3.SQLITE_CANTOPEN: "cannot-open",
    sqlite3.SQLITE_NOTADB: "not-a-database",
    sqlite3.SQLITE_CORRUPT: "corrupt",
    sqlite3.SQLITE_PERM: "read-only",
    sqlite3.SQLITE_AUTH: "read-only",
}
# Extended codes that say more than their primary code: a -wal's shared-memory file that cannot grow is a full disk
# (SQLite gives it as an I/O error, which would send the user looking for a disk or network fault).
_EXTENDED = {
    sqlite3.SQLITE_IOERR_SHMSIZE: "disk-full",
}

_MESSAGES = {
    "locked": (
        "the database {path} is in use by another program; close it there and try again",
        "databasen {path} er i bruk av et annet program; lukk den der og prøv igjen",
    ),
    "read-only": (
        "the database {path} cannot be written (read-only file or folder)",
        "databasen {path} kan ikke skrives (skrivebeskyttet fil eller mappe)",
    ),
    "disk-full": (
        "the disk holding {path} is full; nothing was saved — free some space and try again",
        "disken med {path} er full; ingenting ble lagret — frigjør plass og prøv igjen",
    ),
    # A reader that could not fall back to reading the file as it stands (store.database: a writer holds it, or its
    # last changes are still in the -wal): nothing was to be saved, so not said as if something had been.
    "disk-full-read": (
        "the database {path} cannot be read while the disk holding it is full (SQLite needs room for a file beside it); free some space and try again",
        "databasen {path} kan ikke leses mens disken den ligger på, er full (SQLite trenger plass til en fil ved siden av den); frigjør plass og prøv igjen",
    ),
    "io": (
        "the database {path} could not be read or written (disk or network error)",
        "databasen {path} kunne ikke leses eller skrives (disk- eller nettverksfeil)",
    ),
    "unread-wal": (
        (
            "the database {path} lies where it cannot be written, and its last changes are still in {path}-wal, "
            "which SQLite can only read where it may write; copy the database with its -wal file to a folder you can write to"
        ),
        (
            "databasen {path} ligger der den ikke kan skrives, og de siste endringene står fortsatt i {path}-wal, "
            "som SQLite bare kan lese der den kan skrive; kopier databasen sammen med -wal-filen til en mappe du kan skrive i"
        ),
    ),
    "cannot-open": ("the database {path} cannot be opened", "databasen {path} kan ikke åpnes"),
    # A OneDrive placeholder offline (Files On-Demand): SQLite says only that it cannot open it.
    "cloud-only": (
        (
            "the database {path} cannot be opened: the file may be only in OneDrive, not downloaded to this PC; connect "
            "to the network, or choose «Always keep on this device» for it in OneDrive (better still, move it to a local folder)"
        ),
        (
            "databasen {path} kan ikke åpnes: filen ligger kanskje bare i OneDrive og er ikke lastet ned til denne PC-en; "
            "koble til nettet, eller velg «Behold alltid på denne enheten» for den i OneDrive (helst: flytt den til en lokal mappe)"
        ),
    ),
    # Windows without long paths refuses the database (or a file SQLite or the lock keeps beside it, whose path is
    # longer) as a path not found: said as files.os_error says it of a document, with the side files' extra length,
    # for a database whose own path fits. Was: «disk- eller nettverksfeil», sending the user after the disk.
    "too-long": (
        (
            "the database {path} cannot be used: its path is too long for Windows (at most {limit} characters, unless long "
            "paths are turned on, and the files kept beside the database have paths up to {extra} characters longer); "
            "move the database with the folders beside it to a folder with a shorter path, or give it a shorter name"
        ),
        (
            "databasen {path} kan ikke brukes: stien er for lang for Windows (høyst {limit} tegn, med mindre lange stier "
            "er slått på, og filene som ligger ved siden av databasen har opptil {extra} tegn lengre sti); flytt databasen "
            "med mappene ved siden av den til en mappe med kortere sti, eller gi den et kortere navn"
        ),
    ),
    "not-a-database": (
        "{path} is not a database of this program (not an SQLite file){backups}",
        "{path} er ikke en database for dette programmet (ikke en SQLite-fil)",
    ),
    "lost": (
        "the database {path} is empty or missing, but its backups lie beside it: restore one by opening the database in "
        "the window ({window}, or Fil → Åpne …), which offers them, or move them away to start a new register",
        "databasen {path} er tom eller finnes ikke, men sikkerhetskopiene av den ligger ved siden av: gjenopprett én ved å "
        "åpne databasen i vinduet (Fil → Åpne …), som tilbyr dem, eller flytt dem bort for å begynne et nytt register",
    ),
    # The English texts are the command line's, which has no restore: where the backups are, and that the window offers
    # them ({restore}, `_restore_params`). Was: «restore a backup», the same with none to restore.
    "corrupt": (
        "the database {path} is damaged; {restore}",
        "databasen {path} er skadet; gjenopprett en sikkerhetskopi",
    ),
    # A table or column its schema version has is missing (database._check_schema): dropped with another tool, or a
    # partial copy. Was: a traceback in every command, and a window that no start got past.
    "incomplete": (
        "the database {path} is damaged or incomplete: {missing} missing (schema version {version}); {restore}",
        "databasen {path} er skadet eller ufullstendig: {missing_nb} mangler (skjemaversjon {version}); gjenopprett en sikkerhetskopi",
    ),
    "empty": (
        "the database {path} holds no register: the file is empty (emptied by a sync tool or a crash, or never made a "
        "database), and no backups lie beside it; put back a copy of the file if there is one, or import a bundle into it to start a new register",
        "databasen {path} inneholder ikke noe register: filen er tom (tømt av et synkroniseringsprogram eller et krasj, eller aldri "
        "laget som database), og det ligger ingen sikkerhetskopier ved siden av den; legg tilbake en kopi av filen om det finnes "
        "en, eller importer en pakke til den for å begynne et nytt register",
    ),
    "newer-schema": (
        "the database {path} was made by a newer version of this program (schema {found}, this version knows {known})",
        "databasen {path} er laget av en nyere versjon av programmet (skjema {found}, denne versjonen kjenner {known})",
    ),
    "in-use": (
        "the database {path} is open for writing by {holder}; close it there and try again",
        "databasen {path} er åpen for skriving hos {holder}; lukk den der og prøv igjen",
    ),
    "backup-in-use": (
        "the backup {path} could not be completed: another program (an antivirus program, OneDrive) has it open; try again in a moment",
        "sikkerhetskopien {path} kunne ikke fullføres: et annet program (et antivirusprogram, OneDrive) har den åpen; prøv igjen om litt",
    ),
    "backup-unnamed": (
        "the backup {path} could not be completed ({detail})",
        "sikkerhetskopien {path} kunne ikke fullføres ({detail_nb})",
    ),
    # A backup being made that cannot be written in its folder: said of the backup and its folder, never as "the
    # database" (the register itself is untouched), with what to do (store.backup.make_backup).
    "backup-denied": (
        (
            "the backup {path} could not be made: the backups folder {folder} cannot be written (no permission, or a "
            "read-only drive); ask for permission to write there, or move the database with the folders beside it to a folder you can write to"
        ),
        (
            "sikkerhetskopien {path} kunne ikke lages: mappen for sikkerhetskopier, {folder}, kan ikke skrives (ingen tilgang, "
            "eller en skrivebeskyttet stasjon); be om skrivetilgang til den, eller flytt databasen med mappene ved siden av den til en mappe du kan skrive i"
        ),
    ),
    "backup-too-long": (
        (
            "the backup {path} could not be made: its path is too long for Windows (at most {limit} characters, unless long "
            "paths are turned on); move the database with the folders beside it to a folder with a shorter path, or give it a shorter name"
        ),
        (
            "sikkerhetskopien {path} kunne ikke lages: stien er for lang for Windows (høyst {limit} tegn, med mindre lange stier "
            "er slått på); flytt databasen med mappene ved siden av den til en mappe med kortere sti, eller gi den et kortere navn"
        ),
    ),
    "backup-disk-full": (
        "the backup {path} could not be made: the disk holding {folder} is full; free some space and try again",
        "sikkerhetskopien {path} kunne ikke lages: disken med {folder} er full; frigjør plass og prøv igjen",
    ),
    # A file (or a link) where the backups folder should be: Windows and Linux say only «File exists» / «Not a directory».
    "backup-not-a-folder": (
        (
            "the backup {path} could not be made: {folder} is a file, not a folder (the backups are kept in a folder of that "
            "name beside the database); move that file away or rename it, and try again"
        ),
        (
            "sikkerhetskopien {path} kunne ikke lages: {folder} er en fil, ikke en mappe (sikkerhetskopiene legges i en mappe med "
            "det navnet ved siden av databasen); flytt filen bort eller gi den et annet navn, og prøv igjen"
        ),
    ),
    # What no message above fits: {detail}/{detail_nb} in words where the cause is known (store.backup.os_detail),
    # else what the system said, said to be that (was: an English «(File exists)» in the window's question).
    "backup-failed": (
        "the backup {path} could not be made in {folder} ({detail})",
        "sikkerhetskopien {path} kunne ikke lages i {folder} ({detail_nb})",
    ),
    # A backup chosen to be restored that cannot be (store.backup.unusable): said of that backup; the window offers the others.
    "backup-damaged": (
        "the backup of {label} ({path}) is damaged and cannot be restored",
        "sikkerhetskopien fra {label} ({path}) er skadet og kan ikke gjenopprettes",
    ),
    "backup-gone": (
        "the backup of {label} ({path}) is no longer there (removed or moved since it was listed)",
        "sikkerhetskopien fra {label} ({path}) finnes ikke lenger (fjernet eller flyttet etter at den ble vist i listen)",
    ),
    "backup-unreadable": (
        "the backup of {label} ({path}) cannot be read ({detail})",
        "sikkerhetskopien fra {label} ({path}) kan ikke leses ({detail})",
    ),
    "restore-in-use": (
        (
            "the restored copy {path} could not be put in the database's place: another program (an antivirus program, "
            "OneDrive) has it open; try again in a moment"
        ),
        (
            "den gjenopprettede kopien {path} kunne ikke settes i databasens sted: et annet program (et antivirusprogram, "
            "OneDrive) har den åpen; prøv igjen om litt"
        ),
    ),
    "foreign": (
        "{path} is an SQLite file, but not a database of this program{backups}",
        "{path} er en SQLite-fil, men ikke en database for dette programmet",
    ),
    # The file a writer has open is no longer the one at its path (Store.refuse_if_not_its_file): said before anything
    # is written into it, with how to see what the path holds now (opened anew, after the program has let go of it).
    "db-replaced": (
        (
            "the database {path} has been replaced or written over by another program since it was opened here (a copy put "
            "back over it, a sync tool); nothing was saved, so as not to write into the other file — close the program and "
            "open the database again to see what it holds now (a backup can then be restored: Fil → Gjenopprett sikkerhetskopi …)"
        ),
        (
            "databasen {path} er byttet ut eller skrevet over av et annet program etter at den ble åpnet her (en kopi lagt "
            "tilbake over den, et synkroniseringsprogram); ingenting ble lagret, for ikke å skrive inn i den andre filen — "
            "lukk programmet og åpne databasen på nytt for å se hva den inneholder nå (en sikkerhetskopi kan da gjenopprettes: "
            "Fil → Gjenopprett sikkerhetskopi …)"
        ),
    ),
    "db-deleted": (
        (
            "the database {path} is no longer there (deleted or moved by another program, or its drive disconnected) since "
            "it was opened here; nothing was saved — put the file back, or close the program and open the database again, "
            "which offers its backups"
        ),
        (
            "databasen {path} finnes ikke lenger (slettet eller flyttet av et annet program, eller stasjonen er koblet fra) "
            "etter at den ble åpnet her; ingenting ble lagret — legg filen tilbake, eller lukk programmet og åpne databasen "
            "på nytt, som da tilbyr sikkerhetskopiene"
        ),
    ),
}


# A backup that could not be made (the database itself is as it was), and a chosen backup that cannot be restored.
UNMADE_BACKUP = ("backup-denied", "backup-too-long", "backup-disk-full", "backup-not-a-folder", "backup-failed", "backup-in-use", "backup-unnamed")
UNUSABLE_BACKUP = ("backup-damaged", "backup-gone", "backup-unreadable")
# A database that cannot be read, whose English message (the command line's) says where its backups are and how to
# restore one; one not of this program says so only when backups of a database by its name lie beside it.
DAMAGED = ("corrupt", "incomplete")
NOT_OURS = ("not-a-database", "foreign")


class StoreError(Exception):
    """A database problem caused by the environment. `kind` is one of the keys of _MESSAGES."""

    def __init__(self, kind: str, path: Path | str, **params: object):
        self.kind = kind
        self.path = str(path)
        self.params = params
        if kind in DAMAGED + NOT_OURS and "restore" not in params:
            self.params.update(_restore_params(kind, path))
        if kind == "lost":
            self.params.setdefault("window", window_command(path))
        # (from, to) schema versions when met upgrading an older database or making its backup before (Store.migrate):
        # each step of an upgrade is one transaction, so the file can still be read, through an upgraded copy in memory.
        self.upgrading: tuple[int, int] | None = None
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _MESSAGES[self.kind][0].format(path=self.path, **self.params)

    @property
    def message_nb(self) -> str:
        return _MESSAGES[self.kind][1].format(path=self.path, **self.params)


def window_command(path: Path | str) -> str:
    """The command that opens the window on `path`, as the user has the program: the installed Konsultasjon.exe (the
    folder PyInstaller made), else `python -m konsultasjon_app`; the path quoted (a user name with a space in it)."""
    program = "Konsultasjon.exe" if getattr(sys, "frozen", False) and os.name == "nt" else (
        "Konsultasjon" if getattr(sys, "frozen", False) else "python -m konsultasjon_app")
    return f'{program} --db "{path}"'


def _restore_params(kind: str, path: Path | str) -> dict[str, str]:
    """{restore} and {backups} of a damaged database's English message: the command line has no restore, so it names
    the backups folder and the newest backup in it, and says that the window offers them when it opens the file (as
    the "lost" message does); or that there is no backup, and what the window offers then."""
    from .backup_folder import folder, list_backups

    path = Path(path)
    where = folder(path)
    found = list_backups(path)
    window = f"opening the database in the window ({window_command(path)}, or Fil → Åpne …)"
    if found:
        newest = found[0]
        named = f"{newest.path.relative_to(where) if newest.path.is_relative_to(where) else newest.path}, made {newest.made:%Y-%m-%d %H:%M:%S}"
        restore = f"its backups lie in {where} (the newest: {named}): restore one by {window}, which offers them and keeps the damaged file aside"
        return {"restore": restore, "backups": f"; if it was one, backups of a database by its name lie in {where} (the newest: {named}): restore one by {window}, which offers them"}
    restore = (f"there is no backup of it (none in {where}): put back a copy of the file if there is one, or start an empty register by "
               f"{window}, which offers to keep the damaged file aside")
    return {"restore": restore, "backups": ""}


def classify(exc: BaseException, path: Path | str, *, opening: bool = False) -> StoreError | None:
    """The StoreError for an sqlite3/OS error caused by the environment, or None if it looks like a bug. `opening`:
    met opening the database at `path`, when SQLite makes or opens its -journal, -wal and -shm beside it; SQLite
    names no file, so "cannot open" or an I/O error there is taken for a file that lies only in OneDrive when the
    file is marked so, and for a path too long for Windows when one of those would be (an OSError names its file,
    and is told so whenever that file's path is too long)."""
    if isinstance(exc, sqlite3.Error):
        kind = _sqlite_kind(exc)
        if kind in ("cannot-open", "io") and opening and _in_the_cloud_only(path):
            return StoreError("cloud-only", path)
        if kind in ("cannot-open", "io") and opening and not _not_a_file_there(path):
            from .location import DATABASE_SIDE_FILES

            too_long = _too_long(path, *(f"{path}{suffix}" for suffix in DATABASE_SIDE_FILES))
            if too_long is not None:
                return too_long
        return StoreError(kind, path) if kind else None
    if isinstance(exc, OSError):
        import errno

        if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:  # a read-only file, folder or drive
            return StoreError("read-only", path)
        if exc.errno == errno.ENOSPC:
            return StoreError("disk-full", path)
        if isinstance(exc, FileNotFoundError):  # as Windows refuses a path too long (the lock file's); not "under a file"
            too_long = _too_long(path, exc.filename, exc.filename2)
            if too_long is not None:
                return too_long
        if opening and _in_the_cloud_only(path):  # Windows' cloud-file errors have no errno of their own
            return StoreError("cloud-only", path)
        return StoreError("io", path)
    return None


def _in_the_cloud_only(path: Path | str) -> bool:
    from .location import is_in_the_cloud_only

    return is_in_the_cloud_only(Path(path))


def _not_a_file_there(path: Path | str) -> bool:
    """Whether `path` is a folder, or lies under a file: what stops SQLite then is that, whatever the path's length
    (was: told «stien er for lang for Windows» on any system, for a folder at a long path)."""
    from .. import files

    path = Path(path)
    if path.is_dir():
        return True
    problem = files.folder_problem(path)
    return problem is not None and problem.kind == "not-a-folder"


def _sqlite_kind(exc: sqlite3.Error) -> str | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        kind = _EXTENDED.get(code) or _ENVIRONMENT.get(code & 0xFF)
        if kind:
            return kind
    text = str(exc).lower()
    for needle, kind in (
        ("database is locked", "locked"),
        ("readonly", "read-only"),
        ("read-only", "read-only"),
        ("disk is full", "disk-full"),
        ("file is not a database", "not-a-database"),
        ("malformed", "corrupt"),
        ("unable to open", "cannot-open"),
        ("disk i/o", "io"),
    ):
        if needle in text:
            return kind
    return None


def _too_long(path: Path | str, *names: object) -> StoreError | None:
    """StoreError "too-long" of the database at `path` if `path` or one of `names` (files beside it) is longer than
    Windows takes without long paths."""
    from .. import files
    from .location import DATABASE_SIDE_FILES

    if not files.too_long_for_windows(path, *names):
        return None
    extra = max(len(suffix) for suffix in DATABASE_SIDE_FILES)
    return StoreError("too-long", path, limit=files.WINDOWS_PATH_LIMIT, extra=extra)


def reraise(exc: BaseException, path: Path | str, *, opening: bool = False) -> NoReturn:
    """Raise the StoreError for an error of the environment (naming `path`), or `exc` itself if it is a bug.
    Called from the `except` block that caught `exc`. `opening`: as for classify."""
    err = classify(exc, path, opening=opening)
    if err is None:
        raise exc
    raise err from exc
