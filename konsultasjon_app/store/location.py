"""Where a database file lies: SQLite is not safe on network drives (their locking is unreliable)."""

from __future__ import annotations

import os
from pathlib import Path

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
