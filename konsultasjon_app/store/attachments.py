"""Documents attached to agreements: copies kept in a folder beside the database, so that they travel with it."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import uuid
from pathlib import Path

from ..domain.model import Attachment
from ..files import FileAccessError, os_error


def folder(db_path: Path) -> Path:
    """`<database name>.vedlegg/` next to the database file."""
    return db_path.parent / f"{db_path.stem}.vedlegg"


def path_of(db_path: Path, attachment: Attachment) -> Path:
    return folder(db_path) / attachment.stored


def copy_in(db_path: Path, agreement: str, source: Path, today: dt.date | None = None) -> Attachment:
    """Copy a file into the attachment folder under a new unique name and describe it (not yet recorded:
    the caller records it through a command, and removes the copy with `discard` if the user cancels)."""
    source = Path(source)
    if not source.is_file():
        raise FileAccessError("is-directory" if source.is_dir() else "missing", source)
    try:
        with source.open("rb"):  # a file one may not read is the user's file's problem, and named so
            pass
    except OSError as exc:
        raise os_error(exc, source) from exc
    target_dir = folder(db_path)
    target = target_dir / f"{uuid.uuid4().hex[:12]}{source.suffix.lower()}"
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    except OSError as exc:
        with contextlib.suppress(OSError):  # a part-copy on a full disk would keep it full, and is never recorded
            target.unlink(missing_ok=True)
        if exc.filename is not None and Path(exc.filename) == source:  # gone (or locked) since it was looked at
            raise os_error(exc, source) from exc
        # The folder the user knows, not the copy's made-up name; written into (a path not found there is not the
        # folder missing: a path too long for Windows).
        raise os_error(exc, target_dir, writing=True) from exc
    return Attachment(agreement, target.name, source.name, today or dt.date.today())


def discard(db_path: Path, attachment: Attachment) -> None:
    """Remove a copy that was never recorded (the form was cancelled, or the file removed again before saving)."""
    with contextlib.suppress(OSError):  # best effort: a stray copy in the attachment folder harms nothing
        path_of(db_path, attachment).unlink(missing_ok=True)
