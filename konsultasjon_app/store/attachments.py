"""Documents attached to agreements: copies kept in a folder beside the database, so that they travel with it."""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import os
import shutil
import stat
import tempfile
import time
import uuid
from pathlib import Path
from typing import BinaryIO

from ..domain.model import Attachment
from ..files import WINDOWS_PATH_LIMIT, FileAccessError, os_error


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


_viewing: Path | None = None  # this session's folder of copies opened to be read (viewing_copy)
_removed_at_exit = False  # remove_viewing_copies is registered to run when the program ends
_VIEWING_KEPT_SECONDS = 24 * 3600  # an earlier session's folder (a viewer held a file when it ended) goes after this


def _fitting(folder: Path, name: str) -> str:
    """`name`, its stem shortened (the extension kept) so that the copy's whole path stays within what Windows takes
    without long paths: the temporary folder's path is longer than the one the file came from, and a name that fitted
    there (a mail's subject, say) made the copy fail where the stored copy had opened."""
    room = WINDOWS_PATH_LIMIT - len(os.path.abspath(folder)) - 1
    if len(name) <= room:
        return name
    stem, suffix = os.path.splitext(name)
    return stem[: max(1, room - len(suffix))].rstrip(" .") + suffix


def viewing_copy(db_path: Path, attachment: Attachment, name: str) -> Path:
    """A read-only copy of the attachment, named `name` (its own name, fit for a file's name), in this session's
    temporary folder: what the system's viewer is given. Given the stored copy, Acrobat and Word showed, saved and
    mailed it by its made-up name («4e32eb8896be.pdf»), and Word saved an edit into the register's signed copy,
    with no history of it. Opened again in this session, the copy made before is given (a viewer may hold it open).

    A failure names its side, as copy_in does: reading the stored copy names it; writing names the temporary folder."""
    source = path_of(db_path, attachment)
    try:
        reading = source.open("rb")
    except OSError as exc:
        raise os_error(exc, source) from exc
    with reading:
        try:
            folder = viewing_folder() / Path(attachment.stored).stem  # one each: two attachments may share a name
            target = folder / _fitting(folder, name)
            if target.is_file():
                return target
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise os_error(exc, _viewing or Path(tempfile.gettempdir()), writing=True) from exc
        try:
            with target.open("wb") as writing:
                while chunk := _read(reading, source):
                    writing.write(chunk)
            shutil.copystat(source, target)
            os.chmod(target, stat.S_IMODE(os.stat(target).st_mode) & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        except BaseException as exc:
            with contextlib.suppress(OSError):  # a part-copy would be given the next time
                _remove(target)
            if not isinstance(exc, OSError):
                raise
            raise os_error(exc, folder, writing=True) from exc
    return target


def viewing_folder() -> Path:
    """This session's folder of viewing copies (in `<temp>/Konsultasjon/`), made when first needed and removed when
    the program ends. Earlier sessions' folders left there (Windows deletes no file a viewer holds open) go once
    they are a day old."""
    global _viewing, _removed_at_exit
    if _viewing is None or not _viewing.is_dir():
        root = Path(tempfile.gettempdir()) / "Konsultasjon"
        root.mkdir(exist_ok=True)
        _remove_old_sessions(root)
        _viewing = Path(tempfile.mkdtemp(prefix="vedlegg-", dir=root))
        if not _removed_at_exit:
            atexit.register(remove_viewing_copies)
            _removed_at_exit = True
    return _viewing


def remove_viewing_copies() -> None:
    """Remove this session's viewing copies, as far as the system lets: a file a viewer still holds open on
    Windows stays (and goes with its folder at a later start)."""
    if _viewing is not None:
        _remove_tree(_viewing)


def _remove_old_sessions(root: Path) -> None:
    with contextlib.suppress(OSError):
        for folder in root.glob("vedlegg-*"):
            with contextlib.suppress(OSError):
                if folder.is_dir() and time.time() - folder.stat().st_mtime > _VIEWING_KEPT_SECONDS:
                    _remove_tree(folder)


def _remove_tree(folder: Path) -> None:
    """Remove `folder` and what it holds, read-only files too (shutil.rmtree stops at those on Windows); what cannot
    be removed stays."""
    for parent, folders, names in os.walk(folder, topdown=False):
        for name in names:
            with contextlib.suppress(OSError):
                _remove(Path(parent) / name)
        for name in folders:
            with contextlib.suppress(OSError):
                os.rmdir(Path(parent) / name)
    with contextlib.suppress(OSError):
        os.rmdir(folder)


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
