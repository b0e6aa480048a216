"""Attachments copied in beside the database: what a full disk or a file one may not read leaves, and says."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from konsultasjon_app import files
from konsultasjon_app.store import attachments


def test_an_attachment_that_does_not_fit_on_the_disk_leaves_no_part_copy(tmp_path, monkeypatch):
    source = tmp_path / "Avtale signert.pdf"
    source.write_bytes(b"%PDF" + b"x" * 5000)

    def copy_half(src, dst):
        Path(dst).write_bytes(Path(src).read_bytes()[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(attachments.shutil, "copy2", copy_half)
    db = tmp_path / "k.sqlite3"
    with pytest.raises(files.FileAccessError) as failed:
        attachments.copy_in(db, "a", source)
    assert failed.value.kind == "disk-full" and failed.value.path == str(attachments.folder(db))
    assert list(attachments.folder(db).iterdir()) == []


def test_an_attachment_that_cannot_be_read_is_named_as_the_users_file(tmp_path, monkeypatch):
    source = tmp_path / "Avtale signert.pdf"
    source.write_bytes(b"%PDF")
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == source:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(files.FileAccessError) as failed:
        attachments.copy_in(tmp_path / "k.sqlite3", "a", source)
    assert failed.value.kind == "denied" and failed.value.path == str(source)
    with pytest.raises(files.FileAccessError) as folder:
        attachments.copy_in(tmp_path / "k.sqlite3", "a", tmp_path)
    assert folder.value.kind == "is-directory"

