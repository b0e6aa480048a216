"""What the tests of Windows' file locking share: the error Windows gives for a file another program holds."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path


def in_use_error(path, winerror: int | None = 32) -> PermissionError:
    """The PermissionError of a move or replace Windows refuses because another program has `path` open: a sharing
    violation (winerror 32) or access denied (5); `winerror` None as a system that gives no such number."""
    error = PermissionError(errno.EACCES, "Prosessen får ikke tilgang til filen fordi den brukes av en annen prosess", str(path))
    if winerror is not None:
        error.winerror = winerror
    return error


def held_and_not_copied(monkeypatch, held: Path) -> None:
    """`held` is held by another program for longer than the program waits (Windows moves no such file), and no
    copy of any file can be made (a full disk)."""
    from konsultasjon_app import files

    real_replace = os.replace

    def replace(source, target):
        if Path(source) == held:
            raise in_use_error(source)
        return real_replace(source, target)

    def no_room(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "_HELD_WAITS", (0.001,))
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(shutil, "copyfileobj", no_room)


def read_only_files_not_deleted(monkeypatch) -> None:
    """Files are deleted as Windows deletes them: one with the read-only attribute (no write permission bit) is
    refused with access denied (winerror 5) until the attribute is cleared."""
    import stat

    real_unlink = os.unlink

    def unlink(path, *args, **kwargs):
        try:
            mode = os.stat(path, follow_symlinks=False).st_mode
        except OSError:
            mode = None
        if mode is not None and stat.S_ISREG(mode) and not mode & stat.S_IWRITE:
            error = PermissionError(errno.EACCES, "Ingen tilgang", str(path))
            error.winerror = 5
            raise error
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)


def file_attributes(monkeypatch, marked: dict) -> None:
    """os.stat gives the Windows file attributes `marked[path]` (st_file_attributes, which only Windows' os.stat
    has) for those paths; every other path, and every other field, as usual."""
    real_stat = os.stat
    marked = {str(path): attributes for path, attributes in marked.items()}

    class WindowsStat:
        def __init__(self, result, attributes):
            self._result, self.st_file_attributes = result, attributes

        def __getattr__(self, name):
            return getattr(self._result, name)

    def stat_(path, *args, **kwargs):
        result = real_stat(path, *args, **kwargs)
        attributes = marked.get(os.fspath(path)) if isinstance(path, (str, os.PathLike)) else None
        return result if attributes is None else WindowsStat(result, attributes)

    monkeypatch.setattr(os, "stat", stat_)


def access_as_on_windows(monkeypatch) -> None:
    """os.access answers as CPython's does on Windows: it looks only at the read-only attribute (here: no write bit
    at all), which a folder never has, so every folder is writable and so is a file on a write-protected USB stick
    or a read-only share; the write-protection itself shows only when something is written."""
    def access(path, mode, *args, **kwargs):
        try:
            mode_of = os.stat(path).st_mode
        except OSError:
            return False
        return not mode & os.W_OK or stat.S_ISDIR(mode_of) or bool(mode_of & 0o222)

    monkeypatch.setattr(os, "access", access)
