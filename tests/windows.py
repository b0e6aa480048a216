"""What the tests of Windows' file locking share: the error Windows gives for a file another program holds."""

from __future__ import annotations

import errno


def in_use_error(path, winerror: int | None = 32) -> PermissionError:
    """The PermissionError of a move or replace Windows refuses because another program has `path` open: a sharing
    violation (winerror 32) or access denied (5); `winerror` None as a system that gives no such number."""
    error = PermissionError(errno.EACCES, "Prosessen får ikke tilgang til filen fordi den brukes av en annen prosess", str(path))
    if winerror is not None:
        error.winerror = winerror
    return error
