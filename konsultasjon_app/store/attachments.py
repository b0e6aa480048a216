"""Documents attached to agreements: copies kept in a folder beside the database, so that they travel with it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import stat
import uuid
from pathlib import Path
from typing import BinaryIO

from ..domain.model import Attachment
from ..files import FileAccessError, os_error


def folder(db_path: Path) -> Path:
    """`<database name>.vedlegg/` next to the database file."""
    return db_path.parent / f"{db_path.stem}.vedlegg"


def path_of(db_path: Path, attachment: Attachment) -> Path:
    return folder(db_path) / attachment.stored


def copy_in(db_path: Path, agreement: str, source: Path, today: dt.date | None = None) -> Attachment:
    """Copy a file into the attachment folder under a new unique name and describe it (not yet recorded:
    the caller records it through a command, and removes the copy with `discard` if the user cancels).

    A failure names the side it happened on: reading the user's file names that file; writing the copy (a full
    disk, a folder one may not write) names the attachment folder. The copy is made here, read and write apart,
    because shutil.copy2 cannot tell them apart: on Linux its sendfile gives the source as the error's file name
    even for a full disk being written (was: «…/Downloads/stort vedlegg.pdf: disken er full»)."""
    source = Path(source)
    if not source.is_file():
        raise FileAccessError("is-directory" if source.is_dir() else "missing", source)
    try:
        reading = source.open("rb")
    except OSError as exc:  # a file one may not read (or gone since it was looked at) is the user's file's problem
        raise os_error(exc, source) from exc
    target_dir = folder(db_path)
    target = target_dir / f"{uuid.uuid4().hex[:12]}{source.suffix.lower()}"
    with reading:
        try:
            target_dir.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as writing:
                while chunk := _read(reading, source):
                    writing.write(chunk)
            shutil.copystat(source, target)  # its dates, as shutil.copy2 kept them
            # Not its read-only flag (a file saved from Outlook's temporary folder, a scanned PDF marked read-only):
            # Windows deletes no read-only file, so a copy discarded after a cancelled form stayed for good.
            _make_writable(target)
        except BaseException as exc:
            with contextlib.suppress(OSError):  # a part-copy on a full disk would keep it full, and is never recorded
                _remove(target)
            if not isinstance(exc, OSError):  # the source's own error (_read), or a bug
                raise
            # The folder the user knows, not the copy's made-up name; written into (a path not found there is not
            # the folder missing: a path too long for Windows).
            raise os_error(exc, target_dir, writing=True) from exc
    return Attachment(agreement, target.name, source.name, today or dt.date.today())


_CHUNK = 1024 * 1024  # as shutil copies on Windows


def _read(reading: BinaryIO, source: Path) -> bytes:
    """The next part of the user's file (empty at its end); what stops it being read (gone from a network drive, a
    disk error) is told of that file, not of the attachment folder being written."""
    try:
        return reading.read(_CHUNK)
    except OSError as exc:
        raise os_error(exc, source) from exc


def discard(db_path: Path, attachment: Attachment) -> None:
    """Remove a copy that was never recorded (the form was cancelled, or the file removed again before saving)."""
    with contextlib.suppress(OSError):  # best effort: a stray copy in the attachment folder harms nothing
        _remove(path_of(db_path, attachment))


def _make_writable(path: Path) -> None:
    os.chmod(path, stat.S_IMODE(os.stat(path).st_mode) | stat.S_IWRITE)


def _remove(path: Path) -> None:
    """Delete `path` (if there), read-only or not: Windows refuses to delete a read-only file (access denied), and a
    copy made by an earlier version kept its source's read-only flag."""
    try:
        path.unlink(missing_ok=True)
    except PermissionError:
        _make_writable(path)
        path.unlink(missing_ok=True)
