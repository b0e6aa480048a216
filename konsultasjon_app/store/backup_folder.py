"""The backups folder of a database: its name, and the backups in it (newest first) with when and why each was made.
Apart from backup.py, which makes, rotates and restores them, so that a message about a damaged database (errors)
can name them without the store's errors and its backups importing each other."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .location import SQLITE_SIDE_FILES

EARLIER = "tidligere"  # the folder, in the backups folder, of the backups of a register not restored (keep_earlier)
_NAME = re.compile(r"^(?P<stem>.+)-(?P<at>\d{8}-\d{6}(?:-\d{6})?)-(?P<reason>[a-z]+)(?:-h(?P<mark>\d+))?\.sqlite3$")
_PART = re.compile(r"^\.(?P<name>.+\.sqlite3)\.part$")  # a backup being written (or cut off by a crash)
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
    earlier: bool = False  # of the register the user did not restore, starting afresh (keep_earlier): rotated apart

    @property
    def reason_nb(self) -> str:
        """Why it was made, in words, and «(tidligere database)» for one kept apart (the backup chooser's column)."""
        reason = REASONS_NB.get(self.reason, self.reason)
        return f"{reason} (tidligere database)" if self.earlier else reason

    @property
    def label(self) -> str:
        return f"{self.made.strftime('%d.%m.%Y %H:%M:%S')} – {self.reason_nb}"

    @property
    def restore_label(self) -> str:
        """What the history says for a restore of this backup."""
        return f"Gjenopprettet sikkerhetskopi fra {self.label}"


def list_backups(db_path: Path) -> list[Backup]:
    """The database's backups, newest first: complete ones only (see `_scan`)."""
    return _scan(db_path)[0]


def _scan(db_path: Path) -> tuple[list[Backup], list[Path]]:
    """The database's complete backups, newest first (those kept apart in `tidligere/` too), and what crashes left
    in its backups folder, each to be removed with its side files: part-files of backups cut off while being written
    (one of an older version, written under its final name, tells by its -journal), and backups gone whose -wal, -shm
    or -journal stayed."""
    backups: list[Backup] = []
    leftovers: set[Path] = set()
    for directory, earlier in ((folder(db_path), False), (folder(db_path) / EARLIER, True)):
        try:
            names = {path.name for path in directory.iterdir()} if directory.is_dir() else set()
        except OSError:
            names = set()
        for name in names:
            side = next((suffix for suffix in SQLITE_SIDE_FILES if name.endswith(suffix)), "")
            base = name[: len(name) - len(side)]
            part = _PART.match(base)
            m = _NAME.match(part.group("name") if part else base)
            if not m or os.path.normcase(m.group("stem")) != os.path.normcase(db_path.stem):  # Windows: K.sqlite3 is k.sqlite3
                continue
            if part or (side and base not in names) or f"{base}-journal" in names:
                if part or not earlier:  # (in tidligere/ only a copy cut off, keep_earlier: the rest was put there whole)
                    leftovers.add(directory / base)
            elif not side:
                stamp = m.group("at")
                made = dt.datetime.strptime(stamp[:15], "%Y%m%d-%H%M%S")
                if len(stamp) > 15:
                    made = made.replace(microsecond=int(stamp[16:]))
                mark = int(m.group("mark")) if m.group("mark") else None
                backups.append(Backup(directory / name, made, m.group("reason"), mark, earlier))
    backups.sort(key=lambda b: b.made, reverse=True)
    return backups, sorted(leftovers)
