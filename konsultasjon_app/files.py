"""Reading and writing the user's files safely: atomic replacement, and environment errors told in words."""

from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path

MAX_INPUT_BYTES = 50 * 1024 * 1024  # a bundle or spreadsheet larger than this is not a register

_MESSAGES = {
    "missing": ("{path}: the file does not exist", "{path}: filen finnes ikke"),
    "missing-folder": ("{path}: the folder {folder} does not exist", "{path}: mappen {folder} finnes ikke"),
    "not-a-folder": ("{path}: {folder} is a file, not a folder", "{path}: {folder} er en fil, ikke en mappe"),
    "is-directory": ("{path}: is a folder, not a file", "{path}: er en mappe, ikke en fil"),
    "denied": ("{path}: permission denied", "{path}: ingen tilgang"),
    "read-only-drive": (
        "{path}: the drive or folder is write-protected (read-only); nothing was written; choose another folder",
        "{path}: stasjonen eller mappen er skrivebeskyttet; ingenting ble skrevet – velg en annen mappe",
    ),
    "in-use": (
        "{path}: the file is probably open in another program (a PDF viewer, Excel); close it there and try again",
        "{path}: filen er trolig åpen i et annet program (en PDF-leser, Excel); lukk den der og prøv igjen",
    ),
    "too-long": (
        (
            "{path}: the path is too long for Windows (at most {limit} characters, unless long paths are turned on); "
            "save it in a folder with a shorter path, or under a shorter name"
        ),
        (
            "{path}: stien er for lang for Windows (høyst {limit} tegn, med mindre lange stier er slått på); "
            "lagre den i en mappe med kortere sti, eller under et kortere navn"
        ),
    ),
    "write-protected": (
        "{path}: the file is write-protected (read-only); nothing was written",
        "{path}: filen er skrivebeskyttet; ingenting ble skrevet",
    ),
    "disk-full": ("{path}: the disk is full; nothing was written", "{path}: disken er full; ingenting ble skrevet"),
    "too-large": (
        "{path}: the file is {size} MB; at most {limit} MB can be imported",
        "{path}: filen er {size} MB; høyst {limit} MB kan importeres",
    ),
    "io": ("{path}: could not be read or written ({detail})", "{path}: kunne ikke leses eller skrives ({detail})"),
}


class FileAccessError(Exception):
    """A file could not be read or written for a reason of the environment."""

    def __init__(self, kind: str, path: Path | str, **params: object):
        self.kind = kind
        self.path = str(path)
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _MESSAGES[self.kind][0].format(path=self.path, **self.params)

    @property
    def message_nb(self) -> str:
        return _MESSAGES[self.kind][1].format(path=self.path, **self.params)


# Kinds that are the user's own mistake in naming a file (exit 2 on the command line), not the environment's refusal.
INPUT_KINDS = ("missing", "missing-folder", "not-a-folder", "is-directory", "too-large")


# What Path.is_dir() and Path.exists() take for "nothing there" (pathlib's own list): not there, a file on the way,
# a loop of links; on Windows a drive not ready, a name Windows refuses, a link it cannot follow.
_NOTHING_THERE = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)
_NOTHING_THERE_WINDOWS = (21, 123, 1921)


def _looked_at(path: Path | str, named: Path | str | None) -> os.stat_result | None:
    try:
        return os.stat(path)
    except ValueError:  # a NUL in the name: no file can have it
        return None
    except OSError as exc:
        if exc.errno in _NOTHING_THERE or getattr(exc, "winerror", None) in _NOTHING_THERE_WINDOWS:
            return None
        raise os_error(exc, Path(named if named is not None else path)) from exc


def is_folder(path: Path | str, *, named: Path | str | None = None) -> bool:
    """Path.is_dir(), except that a path which cannot be looked at raises FileAccessError (os_error: "permission
    denied" for one in a folder the user may not open, a share folder say) naming it, or `named` (the user's file,
    when `path` is a folder on its way). Path.is_dir() raises the PermissionError itself (Python 3.11-3.13), which
    the command line told as a bug (a traceback, exit 1)."""
    found = _looked_at(path, named)
    return found is not None and stat.S_ISDIR(found.st_mode)


def exists(path: Path | str, *, named: Path | str | None = None) -> bool:
    """Path.exists(), except that a path which cannot be looked at raises FileAccessError, as is_folder."""
    return _looked_at(path, named) is not None


def folder_problem(path: Path) -> FileAccessError | None:
    """What is wrong with the folder a file would be in: the nearest folder on its way that does not exist, or a
    file where a folder should be. None when the folder is there. FileAccessError (naming `path`) is raised where
    the way cannot be looked at (a folder the user may not open)."""
    folder = path.parent
    if is_folder(folder, named=path):
        return None
    outermost = folder  # the first step of the way that is not a folder: missing, or a file in the way
    while not is_folder(outermost.parent, named=path) and outermost.parent != outermost:
        outermost = outermost.parent
    if exists(outermost, named=path):
        return FileAccessError("not-a-folder", path, folder=outermost)
    return FileAccessError("missing-folder", path, folder=folder)


# The longest path Windows takes without long-path support (MAX_PATH, 260, less the closing NUL). A longer one it
# refuses as a path not found, which Python raises as FileNotFoundError.
WINDOWS_PATH_LIMIT = 259
_ERROR_WRITE_PROTECT = 19  # Windows: «The media is write protected»
_SHARING_VIOLATIONS = (32, 33)  # Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def held_open(exc: OSError, path: Path | str) -> bool:
    """Whether `exc`, met replacing or moving the file at `path` (a document, the database), says that another
    program has it open, which Windows will not let be replaced: a sharing or lock violation (Windows error 32 or
    33), or access denied to a file that may be written (Windows refuses so to replace a PDF open in a viewer). The
    caller knows that the folder takes new files (it has just written one there): the denial is the file's."""
    winerror = getattr(exc, "winerror", None)  # set on Windows only
    return winerror in _SHARING_VIOLATIONS or (winerror is not None and isinstance(exc, PermissionError) and os.access(path, os.W_OK))


# How long to wait before each new try while Windows refuses to replace a file another program holds for an instant:
# about a second in all, after the first try.
_HELD_WAITS = (0.05, 0.1, 0.2, 0.25, 0.4)


def replace(source: Path | str, target: Path | str) -> None:
    """os.replace(source, target), tried again for a moment while Windows refuses it because another program holds
    one of the files (held_open): OneDrive or an antivirus program opens a file just written for an instant to look
    at it. Any other error, or the refusal still there after about a second, is raised as os.replace raised it."""
    for wait in (*_HELD_WAITS, None):
        try:
            os.replace(source, target)
            return
        except OSError as exc:
            if wait is None or not (held_open(exc, target) or held_open(exc, source)):
                raise
        time.sleep(wait)


def os_error(exc: OSError, path: Path, *, writing: bool = False, replacing: bool = False) -> FileAccessError:
    """The FileAccessError for `exc`, met reading `path`, or `writing` it (a new file beside it), or `replacing` it
    with the one written beside it."""
    path = Path(path)
    # A sharing violation is one whatever was done; a denial is taken for one only where the folder takes new files.
    if getattr(exc, "winerror", None) in _SHARING_VIOLATIONS or (replacing and held_open(exc, path)):
        return FileAccessError("in-use", path)
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)):
        # "The file does not exist" is wrong for a file about to be written into a folder that is not there.
        problem = folder_problem(path)
        if problem is not None or not writing:
            return problem or FileAccessError("missing", path)
        # Its folder is there: Windows refuses a path too long so (the temporary file's, or the file's own).
        if too_long_for_windows(path, exc.filename, exc.filename2):
            return FileAccessError("too-long", path, limit=WINDOWS_PATH_LIMIT)
        return FileAccessError("io", path, detail=exc.strerror or str(exc))
    if isinstance(exc, IsADirectoryError):
        return FileAccessError("is-directory", path)
    if write_protected_drive(exc):  # a write-protected memory stick or share: said so (was «ingen tilgang» alone)
        return FileAccessError("read-only-drive", path)
    if isinstance(exc, PermissionError):
        return FileAccessError("denied", path)
    if exc.errno == errno.ENOSPC:
        return FileAccessError("disk-full", path)
    return FileAccessError("io", path, detail=exc.strerror or str(exc))


def write_protected_drive(exc: OSError) -> bool:
    """Whether the drive or share itself refuses writing: EROFS, or on Windows ERROR_WRITE_PROTECT (19), which comes
    as a PermissionError with errno EACCES (a folder the user may not write gives 5, ERROR_ACCESS_DENIED)."""
    return exc.errno == errno.EROFS or getattr(exc, "winerror", None) == _ERROR_WRITE_PROTECT


def too_long_for_windows(*names: object) -> bool:
    """Whether one of `names` (paths; None or a descriptor, as an OSError may give, is skipped) is longer, made
    absolute, than Windows takes without long paths."""
    return max(map(_absolute_length, names), default=0) > WINDOWS_PATH_LIMIT


def _absolute_length(name: object) -> int:
    if not isinstance(name, (str, os.PathLike)):
        return 0  # no name (or a descriptor) given with the error
    return len(os.path.abspath(name))


def read_bytes(path: Path | str, limit: int = MAX_INPUT_BYTES) -> bytes:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise FileAccessError("too-large", path, size=round(size / 1_048_576, 1), limit=limit // 1_048_576)
        return path.read_bytes()
    except OSError as exc:
        raise os_error(exc, path) from exc


def check_writable(path: Path | str) -> None:
    """Raise FileAccessError unless a file can be written at `path` now: not a folder, in a folder that exists and
    takes new files. A command with several outputs checks them all before it writes (or prints) anything, so
    that a mistake in the last does not leave the first written and the command failed."""
    path = Path(path)
    if is_folder(path):
        raise FileAccessError("is-directory", path)
    problem = folder_problem(path)
    if problem is not None:
        raise problem
    if write_protected(path):
        raise FileAccessError("write-protected", path)
    try:  # the one sure test that the folder takes a new file (permissions, a read-only drive) is to make one
        fd, name = _new_file_beside(path.parent, len(path.name))
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        raise os_error(exc, path, writing=True) from exc


def write_protected(path: Path) -> bool:
    """Whether `path` is a file marked read-only (no one may write it; on Windows, its read-only attribute), or one
    this user may not write. Replacing it through a new file would work on POSIX, where only the folder's
    permission counts, but not on Windows: it is refused on both, as the user meant by protecting it."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # not there (or not to be seen): nothing to protect
    return stat.S_ISREG(mode) and (not mode & 0o222 or not os.access(path, os.W_OK))


def write_atomic(path: Path | str, data: bytes, *, durable: bool = True) -> None:
    """Write a file so that it is either the old or the complete new content, never half of it. `durable`: on the
    disk before it replaces the old (a screenshot, made again in a moment, need not wait for that)."""
    write_all_atomic([(path, data)], durable=durable)


def write_all_atomic(documents: list[tuple[Path | str, bytes]], *, durable: bool = True) -> None:
    """Write several files as one: each is written whole beside its place first, and only then do they replace
    what was there. A full disk, or an earlier file that cannot be moved (open in Excel, on Windows), leaves none
    of them written and every earlier file as it was."""
    written: list[tuple[str, Path]] = []
    try:
        for path, data in documents:
            path = Path(path)
            if is_folder(path):  # said in these words everywhere (Windows refuses os.replace onto a folder as "access denied")
                raise FileAccessError("is-directory", path)
            if write_protected(path):
                raise FileAccessError("write-protected", path)
            try:
                written.append((_written_beside(path, data, durable), path))
            except OSError as exc:
                raise os_error(exc, path, writing=True) from exc
        if not written:
            return
        if len(written) == 1:
            tmp_name, path = written[0]
            try:
                replace(tmp_name, path)
            except OSError as exc:
                raise os_error(exc, path, writing=True, replacing=True) from exc
            written.clear()
        else:
            _replace_all(written)
    finally:
        for tmp_name, _ in written:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _replace_all(written: list[tuple[str, Path]]) -> None:
    """Put each new file in its place, all or none: the earlier files are moved aside first (one that cannot be, a
    file open in another program on Windows, stops it there), and come back if a new one cannot be put in place.
    `written` is emptied of what was put in place."""
    aside: list[tuple[str, Path]] = []
    placed: list[Path] = []
    at = written[0][1]
    try:
        for _, at in written:
            if os.path.lexists(at):
                fd, name = _new_file_beside(at.parent if str(at.parent) else Path("."), len(at.name))
                os.close(fd)
                try:
                    replace(at, name)
                except OSError:
                    os.unlink(name)  # the place made for it, left empty
                    raise
                aside.append((name, at))
        for tmp_name, at in written:
            replace(tmp_name, at)
            placed.append(at)
    except OSError as exc:
        for path in placed:
            if not any(path == back for _, back in aside):
                try:
                    os.unlink(path)  # a new file where there was none
                except OSError:
                    pass
        for name, back in aside:
            try:
                replace(name, back)  # the earlier file, back in its place (over the new one, if it was put there)
            except OSError:
                pass
        written[:] = [(tmp, path) for tmp, path in written if path not in placed]
        raise os_error(exc, at, writing=True, replacing=True) from exc
    written.clear()
    for name, _ in aside:
        try:
            os.unlink(name)
        except OSError:
            pass


def _written_beside(path: Path, data: bytes, durable: bool) -> str:
    """`data` in a new temporary file beside `path` (where it can replace it in one step); its name."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = _new_file_beside(folder, len(path.name))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if os.name == "posix":
                _keep_mode(path, fh.fileno())
            if durable:
                os.fsync(fh.fileno())
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
    return tmp_name


# What tempfile.mkstemp opens with, but with the mode any new file gets (0o666 less the umask) instead of its 0o600:
# an exported bundle or a printed agenda is a document to share, not a secret. (Neither tempfile nor secrets is
# loaded for it: secrets loads hashlib and OpenSSL, 4 MB and some milliseconds at every start.)
_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_TEMPORARY_NAME_LENGTH = 13  # `.1f3a9c2e.tmp`: 8 random hex digits, where the folder leaves room for them


def _new_file_beside(folder: Path, length: int) -> tuple[int, str]:
    """Open a new temporary file in `folder` (where it can replace a file in one step), for a file there whose name
    is `length` characters long; (descriptor, path). Its name (`.1f3a9c2e.tmp`) is as long as the file's own where
    that is longer, and shorter than 13 characters only where the folder leaves no room for more (`.1f3a.tmp`,
    `.1f3`): its path then fits Windows' limit (WINDOWS_PATH_LIMIT) exactly when the file's own does. So a document
    that fits never fails for its temporary file, and one that does not is found before anything is written
    (check_writable makes one as long). Was: never under 13 characters, which refused a short name (`KS.ics`) in
    a folder that left room for it; and before that `.<the document's name>.<8 hex>.tmp`, 15 characters longer."""
    room = WINDOWS_PATH_LIMIT - len(os.path.abspath(folder)) - 1  # the longest name whose path in `folder` fits
    size = max(length, min(_TEMPORARY_NAME_LENGTH, room), 1)
    digits = size - 5 if size >= 8 else size - 1 if size >= 2 else 1  # `.<hex>.tmp`, then `.<hex>`, then one hex digit
    for _ in range(100):
        name = os.urandom((digits + 1) // 2).hex()[:digits]
        candidate = os.path.join(folder, f".{name}.tmp" if size >= 8 else f".{name}" if size >= 2 else name)
        try:
            return os.open(candidate, _NEW_FILE_FLAGS, 0o666), candidate  # the umask applies, as to any new file
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))


def _keep_mode(path: Path, fd: int) -> None:
    """A file written over keeps its permissions (a group-readable register stays group-readable). POSIX only: on
    Windows the mode is the read-only flag alone, and a read-only temporary file could not be removed on failure."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # a new file: the mode it was made with
    os.fchmod(fd, stat.S_IMODE(mode))


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: the same path once resolved, or (a link, another spelling of a Windows
    path) the same file on disk. A path that cannot be resolved (a loop of links) names no other."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False
