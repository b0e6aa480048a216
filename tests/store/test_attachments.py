"""Attachments copied in beside the database: what a full disk or a file one may not read leaves, and says."""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from konsultasjon_app import files
from konsultasjon_app.store import attachments


def writes_refused_in(monkeypatch, folder: Path, error: OSError, *, after: int = 0) -> None:
    """Files opened for writing in `folder` take `after` bytes, then refuse with `error` (a disk that fills up);
    `after=None`: they cannot be made there at all. Reading, and files elsewhere, as usual."""
    real_open = Path.open

    class FillingUp(io.RawIOBase):
        def __init__(self, fh):
            self.fh, self.room = fh, after

        def writable(self):
            return True

        def write(self, data):
            if len(data) > self.room:
                self.fh.write(bytes(data[: self.room]))
                self.room = 0
                raise error
            self.room -= len(data)
            return self.fh.write(data)

        def close(self):
            self.fh.close()
            super().close()

    def open_(self, mode="r", *args, **kwargs):
        if self.parent != folder or "r" in mode:
            return real_open(self, mode, *args, **kwargs)
        if after is None:
            raise error
        return io.BufferedWriter(FillingUp(real_open(self, "wb", buffering=0)))

    monkeypatch.setattr(Path, "open", open_)


def test_an_attachment_that_does_not_fit_on_the_disk_leaves_no_part_copy(tmp_path, monkeypatch):
    source = tmp_path / "Avtale signert.pdf"
    source.write_bytes(b"%PDF" + b"x" * 5000)
    db = tmp_path / "k.sqlite3"
    writes_refused_in(monkeypatch, attachments.folder(db), OSError(errno.ENOSPC, "No space left on device"), after=100)
    with pytest.raises(files.FileAccessError) as failed:
        attachments.copy_in(db, "a", source)
    assert failed.value.kind == "disk-full" and failed.value.path == str(attachments.folder(db))
    assert list(attachments.folder(db).iterdir()) == []


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="a limit on the size of the files a process writes is POSIX")
def test_a_copy_the_disk_refuses_part_way_names_the_attachment_folder_not_the_users_file(tmp_path):
    """The kernel's own refusal, part way through the copy: on Linux shutil.copy2 copied with sendfile, which gives the
    user's file as the error's file name even when writing the copy failed. A full disk holding the database was told
    as «…/Downloads/stort vedlegg.pdf: disken er full», naming a file on another disk with room to spare. Here a file
    size limit (what a full disk cannot be made to be without root) refuses the write with EFBIG part way."""
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    source = downloads / "stort vedlegg.pdf"
    source.write_bytes(os.urandom(300_000))
    db = tmp_path / "k.sqlite3"
    code = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "from konsultasjon_app.files import FileAccessError\n"
        "from konsultasjon_app.store import attachments\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of the process dying\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))\n"
        "try:\n"
        "    attachments.copy_in(Path(sys.argv[1]), 'a', Path(sys.argv[2]))\n"
        "except FileAccessError as exc:\n"
        "    print(exc.path)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(db), str(source)], check=False, capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(attachments.folder(db))
    assert list(attachments.folder(db).iterdir()) == []  # no part-copy left behind


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
    real_open = Path.open
    made: list[str] = []

    def not_found(self, mode="r", *args, **kwargs):
        if "w" in mode:
            made.append(str(self))
            raise FileNotFoundError(errno.ENOENT, "Systemet finner ikke angitt bane", str(self))
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", not_found)
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

    real_open = Path.open

    class Gone(io.RawIOBase):  # a file on a network drive, gone while it is read
        def readable(self):
            return True

        def readinto(self, buffer):
            raise FileNotFoundError(errno.ENOENT, "No such file or directory")

    def open_(self, mode="r", *args, **kwargs):
        return Gone() if self == source else real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    db = tmp_path / "k.sqlite3"
    with pytest.raises(files.FileAccessError) as failed:
        attachments.copy_in(db, "a", source)
    assert failed.value.kind == "missing" and failed.value.path == str(source)
    assert list(attachments.folder(db).iterdir()) == []


def test_a_folder_one_may_not_write_is_named_not_the_users_file(tmp_path, monkeypatch):
    source = tmp_path / "Avtale signert.pdf"
    source.write_bytes(b"%PDF")
    db = tmp_path / "k.sqlite3"
    attachments.folder(db).mkdir()
    writes_refused_in(monkeypatch, attachments.folder(db), PermissionError(errno.EACCES, "Permission denied"), after=None)
    with pytest.raises(files.FileAccessError) as failed:
        attachments.copy_in(db, "a", source)
    assert failed.value.kind == "denied" and failed.value.path == str(attachments.folder(db))


def test_an_attachment_is_copied_whole_with_its_dates(tmp_path):
    source = tmp_path / "Avtale signert.pdf"
    source.write_bytes(os.urandom(3 * 1024 * 1024 + 17))  # more than one part of the copy
    os.utime(source, (1_600_000_000, 1_600_000_000))
    db = tmp_path / "k.sqlite3"
    attachment = attachments.copy_in(db, "a", source)
    copy = attachments.path_of(db, attachment)
    assert copy.read_bytes() == source.read_bytes() and copy.stat().st_mtime == 1_600_000_000
    assert attachment.stored.endswith(".pdf") and attachment.stored != source.name


def test_a_read_only_file_attached_gives_a_copy_that_can_be_discarded(tmp_path, monkeypatch):
    """A file saved from Outlook's temporary folder or a scanned PDF marked read-only: its copy kept the read-only
    flag (shutil.copystat), which Windows deletes no file with, so the copy of a cancelled form stayed for good."""
    from ..windows import read_only_files_not_deleted

    source = tmp_path / "Avtale signert.PDF"
    source.write_bytes(b"%PDF-1.4 signert")
    os.chmod(source, 0o444)
    db = tmp_path / "k.sqlite3"
    attachment = attachments.copy_in(db, "a", source)
    copy = attachments.path_of(db, attachment)
    assert copy.stat().st_mode & 0o200 and copy.read_bytes() == b"%PDF-1.4 signert"
    read_only_files_not_deleted(monkeypatch)
    attachments.discard(db, attachment)
    assert not copy.exists()


def test_a_read_only_copy_made_before_is_discarded_all_the_same(tmp_path, monkeypatch):
    """A copy an earlier version made read-only, discarded on Windows: its read-only flag is cleared first."""
    from ..windows import read_only_files_not_deleted

    source = tmp_path / "Avtale signert.pdf"
    source.write_bytes(b"%PDF-1.4 signert")
    db = tmp_path / "k.sqlite3"
    attachment = attachments.copy_in(db, "a", source)
    copy = attachments.path_of(db, attachment)
    os.chmod(copy, 0o444)
    read_only_files_not_deleted(monkeypatch)
    attachments.discard(db, attachment)
    assert not copy.exists()


def test_an_attachment_is_opened_as_a_read_only_copy_under_its_own_name(tmp_path, viewing_copies, monkeypatch):
    """The viewer was given the stored copy: Acrobat and Word showed and mailed «4e32eb8896be.pdf», and Word saved
    edits into the register's signed copy. Now a read-only copy named as the user's file, in this session's
    temporary folder; two attachments of one name get a copy each, and the session's folder goes when it ends, its
    read-only files too (as Windows deletes them)."""
    from ..windows import read_only_files_not_deleted

    db = tmp_path / "reg" / "k.sqlite3"
    db.parent.mkdir()
    signed, draft = tmp_path / "signert", tmp_path / "utkast"
    for folder, text in ((signed, b"%PDF-1.4 signert"), (draft, b"%PDF-1.4 utkast")):
        folder.mkdir()
        (folder / "Avtale signert.PDF").write_bytes(text)
    first = attachments.copy_in(db, "nav", signed / "Avtale signert.PDF")
    second = attachments.copy_in(db, "nav", draft / "Avtale signert.PDF")
    copy = attachments.viewing_copy(db, first, "Avtale signert.PDF")
    assert copy.name == "Avtale signert.PDF" and copy.read_bytes() == b"%PDF-1.4 signert"
    assert viewing_copies / "Konsultasjon" in copy.parents and attachments.folder(db) not in copy.parents
    assert not copy.stat().st_mode & 0o222  # read-only: Word opens it to read, and saves elsewhere
    assert attachments.path_of(db, first).stat().st_mode & 0o200  # the stored copy as it was
    other = attachments.viewing_copy(db, second, "Avtale signert.PDF")
    assert other != copy and other.read_bytes() == b"%PDF-1.4 utkast"
    assert attachments.viewing_copy(db, first, "Avtale signert.PDF") == copy  # opened again: the same copy
    session = attachments.viewing_folder()
    read_only_files_not_deleted(monkeypatch)
    attachments.remove_viewing_copies()
    assert not session.exists() and attachments.path_of(db, first).exists()


def test_viewing_copies_left_by_an_earlier_session_go_once_a_day_old(tmp_path, viewing_copies):
    """A viewer that held a copy open when the program ended (Windows deletes no open file) left it in the temporary
    folder: the next session removes such folders once they are a day old, and leaves a newer one (another window)."""
    root = viewing_copies / "Konsultasjon"
    old, recent = root / "vedlegg-gammel", root / "vedlegg-ny"
    for folder in (old, recent):
        (folder / "a1b2c3").mkdir(parents=True)
        (folder / "a1b2c3" / "Avtale.pdf").write_bytes(b"%PDF")
        os.chmod(folder / "a1b2c3" / "Avtale.pdf", 0o444)
    day_ago = os.stat(old).st_mtime - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    source = tmp_path / "Avtale.pdf"
    source.write_bytes(b"%PDF-1.4")
    db = tmp_path / "k.sqlite3"
    attachments.viewing_copy(db, attachments.copy_in(db, "a", source), "Avtale.pdf")
    assert not old.exists() and (recent / "a1b2c3" / "Avtale.pdf").exists()


def test_a_viewing_copy_that_cannot_be_written_names_the_viewing_copies(tmp_path, viewing_copies, monkeypatch):
    """A full disk holding the temporary folder: told of that folder, not of the attachment (which is there), and no
    part-copy is left to be given the next time."""
    source = tmp_path / "Avtale.pdf"
    source.write_bytes(b"%PDF" + b"x" * 5000)
    db = tmp_path / "k.sqlite3"
    attachment = attachments.copy_in(db, "a", source)
    session = attachments.viewing_folder()
    folder = session / attachment.stored.removesuffix(".pdf")
    writes_refused_in(monkeypatch, folder, OSError(errno.ENOSPC, "No space left on device"), after=100)
    with pytest.raises(files.FileAccessError) as failed:
        attachments.viewing_copy(db, attachment, "Avtale.pdf")
    assert failed.value.kind == "disk-full" and failed.value.path == str(folder)
    assert list(folder.iterdir()) == []


def test_an_attachment_with_a_long_name_is_opened_under_a_shortened_name_within_windows_limit(tmp_path, viewing_copies):
    """The viewing copy's folder (%TEMP%\\Konsultasjon\\vedlegg-…\\<id>) is longer than the Downloads folder the file
    came from: a 190-character name (a mail's subject) that fitted there made the copy's path too long for Windows,
    and the attachment could not be opened at all, where the stored copy had opened (second review of the day)."""
    from konsultasjon_app.files import WINDOWS_PATH_LIMIT

    db = tmp_path / "reg" / "k.sqlite3"
    db.parent.mkdir()
    long_name = "Signert samarbeidsavtale " + "om kvalitetsutvikling i pleie- og omsorgstjenestene " * 5 + "endelig versjon.pdf"
    source = tmp_path / "x.pdf"
    source.write_bytes(b"%PDF-1.4 signert")
    stored = attachments.copy_in(db, "nav", source)
    folder = attachments.viewing_folder() / Path(stored.stored).stem
    assert len(str(folder / long_name)) > WINDOWS_PATH_LIMIT  # as the whole name would have been
    copy = attachments.viewing_copy(db, stored, long_name)
    assert len(os.path.abspath(copy)) <= WINDOWS_PATH_LIMIT
    assert copy.suffix == ".pdf" and copy.name.startswith("Signert samarbeidsavtale om kvalitetsutvikling")
    assert copy.read_bytes() == b"%PDF-1.4 signert"
    assert attachments.viewing_copy(db, stored, "Avtale.pdf").name == "Avtale.pdf"  # a short name as it is
