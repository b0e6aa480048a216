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



def test_a_copy_refused_as_not_found_in_the_attachment_folder_is_not_told_as_a_missing_file(tmp_path, monkeypatch):
    """Windows says "not found" of a path too long for it (a database deep in a OneDrive folder), while the folder
    is there. Was: "…/k.vedlegg: filen finnes ikke" (command line: exit 2, the user's mistake)."""
    source = tmp_path / "Avtale signert.pdf"
    source.write_bytes(b"%PDF")
    deep = tmp_path / ("Konsultasjonsordningen - Dokumenter " * 5).strip() / ("Avtaler og vedlegg " * 4).strip()
    deep.mkdir(parents=True)
    db = deep / "k.sqlite3"
    attachments.folder(db).mkdir()
    made: list[str] = []

    def not_found(src, dst):
        made.append(str(dst))
        raise FileNotFoundError(errno.ENOENT, "Systemet finner ikke angitt bane", str(dst))

    monkeypatch.setattr(attachments.shutil, "copy2", not_found)
    with pytest.raises(files.FileAccessError) as failed:
        attachments.copy_in(db, "a", source)
    assert len(made[0]) > files.WINDOWS_PATH_LIMIT
    assert failed.value.kind == "too-long" and failed.value.kind not in files.INPUT_KINDS  # exit 3, the environment's
    assert failed.value.path == str(attachments.folder(db)) and "finnes ikke" not in failed.value.message_nb
    short = tmp_path / "k.sqlite3"
    attachments.folder(short).mkdir()
    with pytest.raises(files.FileAccessError) as failed:
        attachments.copy_in(short, "a", source)
    assert failed.value.kind == "io" and "finnes ikke" not in failed.value.message_nb
    assert "Systemet finner ikke angitt bane" in failed.value.message_nb


def test_a_source_gone_while_it_is_copied_is_named_as_the_users_file(tmp_path, monkeypatch):
    source = tmp_path / "Avtale signert.pdf"
    source.write_bytes(b"%PDF")

    def gone(src, dst):
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", src)

    monkeypatch.setattr(attachments.shutil, "copy2", gone)
    with pytest.raises(files.FileAccessError) as failed:
        attachments.copy_in(tmp_path / "k.sqlite3", "a", source)
    assert failed.value.kind == "missing" and failed.value.path == str(source)
