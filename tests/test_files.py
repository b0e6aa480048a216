"""Writing the user's documents: what Windows refuses (a file open in another program) is told as what it is.
Windows is simulated: its errors carry a `winerror`."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from konsultasjon_app import files

IN_USE_NB = "filen er trolig åpen i et annet program (en PDF-leser, Excel); lukk den der og prøv igjen"
IN_USE_EN = "the file is probably open in another program (a PDF viewer, Excel); close it there and try again"


def windows_refuses_to_replace(monkeypatch, held: Path, winerror: int) -> None:
    """os.replace onto (or away from) `held` fails as on Windows while a PDF viewer or Excel has it open: a sharing
    violation (32), or access denied (5)."""
    real = os.replace

    def replace(source, target):
        if held in (Path(source), Path(target)):
            error = PermissionError(errno.EACCES, "Prosessen får ikke tilgang til filen fordi den brukes av en annen prosess", str(target))
            error.winerror = winerror
            raise error
        return real(source, target)

    monkeypatch.setattr(os, "replace", replace)


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("winerror", [32, 33, 5])
def test_a_document_open_in_another_program_is_told_so_and_left_as_it_was(tmp_path, monkeypatch, winerror):
    """Printing the agenda again while the first PDF is open in the viewer. Was: "ingen tilgang" (permission denied),
    which sends the user after the folder's permissions instead of the open viewer."""
    target = tmp_path / "Dagsorden 2. konsultasjonsmøte 2006.pdf"
    target.write_bytes(b"the agenda, open in Acrobat Reader")
    windows_refuses_to_replace(monkeypatch, target, winerror)
    with pytest.raises(files.FileAccessError) as refused:
        files.write_atomic(target, b"%PDF-1.4 the new agenda")
    assert refused.value.kind == "in-use" and refused.value.kind not in files.INPUT_KINDS  # exit 3 on the command line
    assert refused.value.message_nb == f"{target}: {IN_USE_NB}"
    assert refused.value.message == f"{target}: {IN_USE_EN}"
    assert target.read_bytes() == b"the agenda, open in Acrobat Reader" and leftovers(tmp_path) == []


@pytest.mark.parametrize("winerror", [32, 5])
def test_one_of_several_documents_open_in_another_program_is_told_so_and_none_is_written(tmp_path, monkeypatch, winerror):
    pdf, xlsx = tmp_path / "rapport.pdf", tmp_path / "rapport.xlsx"
    pdf.write_bytes(b"EARLIER REPORT")
    xlsx.write_bytes(b"EARLIER WORKBOOK, open in Excel")
    windows_refuses_to_replace(monkeypatch, xlsx, winerror)
    with pytest.raises(files.FileAccessError) as refused:
        files.write_all_atomic([(pdf, b"NEW REPORT"), (xlsx, b"NEW WORKBOOK")])
    assert refused.value.message_nb == f"{xlsx}: {IN_USE_NB}"
    assert pdf.read_bytes() == b"EARLIER REPORT" and xlsx.read_bytes() == b"EARLIER WORKBOOK, open in Excel"
    assert leftovers(tmp_path) == []


def test_access_denied_that_is_not_an_open_file_is_still_denied(tmp_path, monkeypatch):
    """Access denied is taken for an open file only where it can be one: a file that is there and may be written,
    replaced in a folder that has just taken the new file. A folder that takes no new file, and a denial without
    Windows' error number (POSIX), stay "ingen tilgang"."""
    target = tmp_path / "ut.pdf"

    def folder_takes_no_file(path, flags, mode=0o777):
        error = PermissionError(errno.EACCES, "Ingen tilgang", path)
        error.winerror = 5
        raise error

    target.write_bytes(b"EARLIER")
    with monkeypatch.context() as scoped:
        scoped.setattr(os, "open", folder_takes_no_file)
        with pytest.raises(files.FileAccessError) as refused:
            files.write_atomic(target, b"NEW")
    assert refused.value.kind == "denied"
    target.unlink()
    with monkeypatch.context() as scoped:
        windows_refuses_to_replace(scoped, target, 5)  # no file there to be open
        with pytest.raises(files.FileAccessError) as refused:
            files.write_atomic(target, b"NEW")
    assert refused.value.kind == "denied"
    error = PermissionError(errno.EACCES, "Permission denied")  # POSIX: no winerror
    target.write_bytes(b"EARLIER")
    assert files.os_error(error, target, replacing=True).kind == "denied"


def test_a_sharing_violation_met_reading_is_told_as_an_open_file(tmp_path):
    error = PermissionError(errno.EACCES, "The process cannot access the file because it is being used by another process")
    error.winerror = 32
    assert files.os_error(error, tmp_path / "avtaler.xlsx").message_nb == f"{tmp_path / 'avtaler.xlsx'}: {IN_USE_NB}"
