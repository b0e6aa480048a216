"""Where a database file lies (SQLite is not safe on network drives: their locking is unreliable; nor in a folder
OneDrive syncs, which syncs no lock), and the files kept beside it."""

from __future__ import annotations

import os
from pathlib import Path

from .. import files

SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")  # what SQLite keeps beside a database file (a backup's too)
LOCK_SUFFIX = ".lock"  # the writer's lock beside the database (lock.WriterLock)
DATABASE_SIDE_FILES = (*SQLITE_SIDE_FILES, LOCK_SUFFIX)

_NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb", "smbfs", "smb2", "smb3", "afs", "ncpfs", "9p", "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2", "glusterfs", "ceph", "fuse.rclone"}


def is_network_path(path: Path) -> bool:
    """True when the file lies on a network share (a UNC path or a mapped network drive on Windows; an NFS, SMB,
    SSHFS or similar mount on Linux)."""
    resolved = Path(os.path.abspath(path))
    text = str(resolved)
    if os.name == "nt":  # pragma: no cover - Windows
        if text.startswith("\\\\"):
            return True
        import ctypes

        drive = os.path.splitdrive(text)[0] + "\\"
        DRIVE_REMOTE = 4
        return ctypes.windll.kernel32.GetDriveTypeW(drive) == DRIVE_REMOTE
    return _mount_type(resolved) in _NETWORK_FILESYSTEMS


# Windows' file attributes of a file kept by a cloud sync program (OneDrive's Files On-Demand, winnt.h): content
# that lies only in the cloud until the file is read or opened, and the user's "always keep on this device" (pinned)
# or "free up space" (unpinned).
FILE_ATTRIBUTE_OFFLINE = 0x1000
FILE_ATTRIBUTE_RECALL_ON_OPEN = 0x40000
FILE_ATTRIBUTE_PINNED = 0x80000
FILE_ATTRIBUTE_UNPINNED = 0x100000
FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS = 0x400000
_IN_THE_CLOUD_ONLY = FILE_ATTRIBUTE_OFFLINE | FILE_ATTRIBUTE_RECALL_ON_OPEN | FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS
_CLOUD_FILE = _IN_THE_CLOUD_ONLY | FILE_ATTRIBUTE_PINNED | FILE_ATTRIBUTE_UNPINNED
# The folders OneDrive syncs (personal, and the organisation's, where a department's Documents usually lie); a
# SharePoint or Teams library synced by OneDrive lies elsewhere, and is known by its files' attributes.
_ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")
_WINDOWS = os.name == "nt"


def is_cloud_synced(path: Path) -> bool:
    """True when OneDrive keeps the file (or the folder it would be made in) in step with the cloud: it lies under
    one of OneDrive's folders on Windows, or is marked as a cloud file. OneDrive copies a file's content to the other
    PCs, but no lock: two PCs each take themselves for the only writer, and OneDrive makes conflict copies or
    uploads the database and its -wal apart."""
    if _WINDOWS and _under_onedrive(path):
        return True
    path = Path(path)
    return any(_file_attributes(p) & _CLOUD_FILE for p in (path, path.parent))


def is_in_the_cloud_only(path: Path) -> bool:
    """True when the file is a placeholder whose content lies only in the cloud (not downloaded to this PC): it
    cannot be opened without the network."""
    return bool(_file_attributes(Path(path)) & _IN_THE_CLOUD_ONLY)


def _under_onedrive(path: Path) -> bool:
    def key(text: str) -> str:  # Windows compares names regardless of case
        return os.path.normcase(os.path.realpath(text)).casefold()

    text = key(str(path))
    for variable in _ONEDRIVE_VARIABLES:
        folder = os.environ.get(variable, "").strip()
        if folder:
            root = key(folder).rstrip("\\/")
            if text == root or text.startswith((root + "\\", root + "/")):
                return True
    return False


def _file_attributes(path: Path) -> int:
    """The file's Windows attributes (os.stat gives them on Windows only); 0 elsewhere, or when it is not there."""
    try:
        return getattr(os.stat(path), "st_file_attributes", 0)
    except (OSError, ValueError):
        return 0


def _mount_type(path: Path) -> str | None:
    try:
        with open("/proc/mounts", encoding="utf-8") as fh:
            mounts = [line.split() for line in fh if line.strip()]
    except OSError:
        return None
    best, kind = "", None
    text = str(path)
    for fields in mounts:
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if (text == point or text.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def sqlite_uri(path: Path, **params: str) -> str:
    """The `file:` URI SQLite opens `path` by, with `params` (mode=ro, immutable=1). `Path.as_uri()` puts a UNC
    path's server in the URI's authority (file://server/share/…), which the SQLite of Python's Windows builds
    refuses ("invalid uri authority"); here the authority stays empty and the path keeps both slashes
    (file:////server/share/…), which Windows opens as the UNC path."""
    return _uri_of(Path(path).resolve(), params)


def _uri_of(path, params: dict[str, str]) -> str:
    from urllib.parse import quote

    text = path.as_posix()
    if not text.startswith("/"):  # a drive path, C:/Data/…: SQLite reads file:///C:/Data/…
        text = "/" + text
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return "file://" + quote(text, safe="/:") + (f"?{query}" if query else "")


def linked_file(db: Path) -> Path:
    """The file a link at `db` points to, where SQLite keeps the database's -wal and -shm (and the writer its lock);
    `db` itself when it is no link, or one that cannot be followed (a loop: SQLite cannot open it either)."""
    try:
        return db.resolve() if db.is_symlink() else db
    except (OSError, RuntimeError):
        return db


def database_file(path: Path | str, db: Path | str) -> str | None:
    """Which of the database `db`'s files `path` names: "" the database itself, a suffix of DATABASE_SIDE_FILES one
    kept beside it; None neither. An output written there (through a new file put in its place) replaces the
    register, or a writer's changes, and a window writing the database goes on in a file that is no longer there.
    The command line and the window refuse such an output alike."""
    path, db = Path(path), Path(db)
    bases = [db]
    real = linked_file(db)  # a link to the database: SQLite keeps its -wal and -shm beside the file linked to
    if real != db:
        bases.append(real)
    for base in bases:
        if files.same_file(path, base):
            return ""
        for suffix in DATABASE_SIDE_FILES:
            if files.same_file(path, Path(f"{base}{suffix}")):
                return suffix
    return None
