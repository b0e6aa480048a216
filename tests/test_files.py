"""Writing the user's documents: what Windows refuses (a file open in another program, a path too long) is told as
what it is. Windows is simulated: its errors carry a `winerror`, and its path limit is kept by `os.open`."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from konsultasjon_app import files

from .windows import in_use_error

IN_USE_NB = "filen er trolig åpen i et annet program (en PDF-leser, Excel); lukk den der og prøv igjen"
IN_USE_EN = "the file is probably open in another program (a PDF viewer, Excel); close it there and try again"


def windows_refuses_to_replace(monkeypatch, held: Path, winerror: int) -> None:
    """os.replace onto (or away from) `held` fails as on Windows while a PDF viewer or Excel has it open: a sharing
    violation (32), or access denied (5)."""
    real = os.replace

    def replace(source, target):
        if held in (Path(source), Path(target)):
            raise in_use_error(target, winerror)
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
    assert files.os_error(error, target, writing=True, replacing=True).kind == "denied"


def test_a_sharing_violation_met_reading_is_told_as_an_open_file(tmp_path):
    error = PermissionError(errno.EACCES, "The process cannot access the file because it is being used by another process")
    error.winerror = 32
    assert files.os_error(error, tmp_path / "avtaler.xlsx").message_nb == f"{tmp_path / 'avtaler.xlsx'}: {IN_USE_NB}"


def windows_path_limit(monkeypatch) -> None:
    """os.open and os.replace refuse a path over 259 characters as Windows does without long paths:
    ERROR_PATH_NOT_FOUND, which Python raises as FileNotFoundError."""
    real_open, real_replace = os.open, os.replace

    def too_long(*paths) -> bool:
        return any(len(os.path.abspath(path)) > files.WINDOWS_PATH_LIMIT for path in paths)

    def open_(path, *args, **kwargs):
        if too_long(path):
            raise FileNotFoundError(errno.ENOENT, "Systemet finner ikke angitt bane", os.fspath(path))
        return real_open(path, *args, **kwargs)

    def replace(source, target):
        if too_long(source, target):
            raise FileNotFoundError(errno.ENOENT, "Systemet finner ikke angitt bane", os.fspath(source), None, os.fspath(target))
        return real_replace(source, target)

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "replace", replace)


def deep_folder(tmp_path: Path, name: str, length: int) -> Path:
    """A folder that exists, so deep that `name` in it makes a path of `length` characters."""
    room = length - len(str(tmp_path)) - len(name) - 1  # for the folders under tmp_path, each with its separator
    folder = tmp_path
    while room > 0:
        size = room - 1 if room <= 31 else (29 if room == 32 else 30)  # never leave room for a separator alone
        folder = folder / "Konsultasjonsordningen - Dokumenter"[:size]
        room -= size + 1
    folder.mkdir(parents=True)
    return folder


def test_a_document_whose_path_fits_windows_limit_is_written_in_a_deep_folder(tmp_path, monkeypatch):
    """A OneDrive library folder, the agenda's path 259 characters long: as long as Windows takes. Was: refused,
    since its temporary file beside it was `.<its name>.<8 hex>.tmp`, 15 + 39 characters longer."""
    name = "Dagsorden 2. konsultasjonsmøte 2006.pdf"
    folder = deep_folder(tmp_path, name, files.WINDOWS_PATH_LIMIT)
    target = folder / name
    assert len(str(target)) == files.WINDOWS_PATH_LIMIT
    windows_path_limit(monkeypatch)
    files.check_writable(target)  # the command line's check before it writes anything
    files.write_atomic(target, b"%PDF-1.4 the agenda")
    assert target.read_bytes() == b"%PDF-1.4 the agenda" and leftovers(folder) == []


def test_a_path_too_long_for_windows_is_told_so_not_as_a_file_that_does_not_exist(tmp_path, monkeypatch):
    """Was: "filen finnes ikke" (command line: "the file does not exist", exit 2), of the file being saved, whose
    folder is there."""
    name = "Dagsorden 2. konsultasjonsmøte 2006.pdf"
    folder = deep_folder(tmp_path, name, files.WINDOWS_PATH_LIMIT + 5)
    target = folder / name
    windows_path_limit(monkeypatch)
    for write in (files.check_writable, lambda path: files.write_atomic(path, b"%PDF"), lambda path: files.write_all_atomic([(path, b"%PDF")])):
        with pytest.raises(files.FileAccessError) as refused:
            write(target)
        assert refused.value.kind == "too-long" and refused.value.kind not in files.INPUT_KINDS  # the environment's: exit 3
        assert refused.value.message_nb == (
            f"{target}: stien er for lang for Windows (høyst 259 tegn, med mindre lange stier er slått på); "
            "lagre den i en mappe med kortere sti, eller under et kortere navn"
        )
        assert refused.value.message.startswith(f"{target}: the path is too long for Windows (at most 259 characters")
    assert not target.exists() and leftovers(folder) == []


@pytest.mark.parametrize("name", ["KS.ics", "a.pdf", "KS", "x"])
@pytest.mark.parametrize("length", [files.WINDOWS_PATH_LIMIT - 2, files.WINDOWS_PATH_LIMIT])
def test_a_document_with_a_short_name_whose_path_fits_windows_limit_is_written(tmp_path, monkeypatch, name, length):
    """A calendar file `KS.ics` at 257 characters. Was: refused as «stien er for lang for Windows … eller under et
    kortere navn», by the check and the write alike, since its temporary file beside it (`.1f3a9c2e.tmp`, 13
    characters) was longer than the document itself; a shorter name, as the message advised, made it worse."""
    folder = deep_folder(tmp_path, name, length)
    target = folder / name
    assert len(str(target)) == length
    windows_path_limit(monkeypatch)
    files.check_writable(target)
    files.write_atomic(target, b"BEGIN:VCALENDAR")
    assert target.read_bytes() == b"BEGIN:VCALENDAR" and os.listdir(folder) == [name]
    files.write_atomic(target, b"BEGIN:VCALENDAR again")  # written over: its new content beside it first
    assert target.read_bytes() == b"BEGIN:VCALENDAR again" and os.listdir(folder) == [name]


def test_several_documents_with_short_names_are_written_over_together_at_windows_limit(tmp_path, monkeypatch):
    """The earlier files are moved aside beside themselves before the new ones are put in place: those names fit too."""
    folder = deep_folder(tmp_path, "KS.ics", files.WINDOWS_PATH_LIMIT)
    calendar, agenda = folder / "KS.ics", folder / "KS.pdf"
    calendar.write_bytes(b"old calendar")
    agenda.write_bytes(b"old agenda")
    windows_path_limit(monkeypatch)
    for path in (calendar, agenda):
        files.check_writable(path)
    files.write_all_atomic([(calendar, b"new calendar"), (agenda, b"new agenda")])
    assert (calendar.read_bytes(), agenda.read_bytes()) == (b"new calendar", b"new agenda")
    assert sorted(os.listdir(folder)) == ["KS.ics", "KS.pdf"]


def test_a_short_name_one_character_over_windows_limit_is_refused_by_the_check_and_the_write_alike(tmp_path, monkeypatch):
    folder = deep_folder(tmp_path, "KS.ics", files.WINDOWS_PATH_LIMIT + 1)
    target = folder / "KS.ics"
    windows_path_limit(monkeypatch)
    for write in (files.check_writable, lambda path: files.write_atomic(path, b"BEGIN:VCALENDAR")):
        with pytest.raises(files.FileAccessError) as refused:
            write(target)
        assert refused.value.kind == "too-long"
    assert os.listdir(folder) == []


def test_temporary_files_keep_their_usual_names_where_the_folder_leaves_room(tmp_path, monkeypatch):
    """`.1f3a9c2e.tmp`: shorter, with fewer random digits, only where a longer one would not fit Windows' limit."""
    made: list[str] = []
    real_open = os.open

    def open_(path, *args, **kwargs):
        made.append(os.path.basename(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    files.write_atomic(tmp_path / "KS.ics", b"BEGIN:VCALENDAR")
    files.check_writable(tmp_path / "KS.ics")
    assert [len(name) for name in made] == [13, 13] and all(name.startswith(".") and name.endswith(".tmp") for name in made)


def test_a_file_not_found_writing_in_a_folder_that_is_there_is_not_told_as_a_missing_file(tmp_path):
    """A short path: not Windows' limit, but still no "the file does not exist" of a file being written."""
    error = FileNotFoundError(errno.ENOENT, "No such file or directory", str(tmp_path / ".1a2b3c4d.tmp"))
    told = files.os_error(error, tmp_path / "ut.pdf", writing=True)
    assert told.kind == "io" and "No such file or directory" in told.message
    assert files.os_error(error, tmp_path / "ut.pdf").kind == "missing"  # reading it: it is not there
    assert files.os_error(error, tmp_path / "mappe" / "ut.pdf", writing=True).kind == "missing-folder"


def held_for_a_moment(monkeypatch, held: Path, times: int, winerror: int | None = 32) -> list[tuple[str, str]]:
    """os.replace onto or away from `held` fails `times` times as on Windows while OneDrive or an antivirus program
    looks at a file just written (a sharing violation, 32; `winerror` None: a POSIX denial), then works. The list
    collects every call to os.replace."""
    real = os.replace
    calls: list[tuple[str, str]] = []

    def replace(source, target):
        calls.append((str(source), str(target)))
        if held in (Path(source), Path(target)) and sum(held in (Path(s), Path(t)) for s, t in calls) <= times:
            raise in_use_error(target, winerror)
        return real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    return calls


@pytest.mark.parametrize("winerror", [32, 33, 5])
def test_a_document_another_program_holds_for_an_instant_is_written_all_the_same(tmp_path, monkeypatch, winerror):
    """OneDrive or an antivirus program opens a file just written for an instant: Windows then refuses once or twice
    to replace it. Was: «filen er trolig åpen i et annet program» for a file no program had open any longer."""
    target = tmp_path / "Dagsorden 2. konsultasjonsmøte 2006.pdf"
    target.write_bytes(b"the earlier agenda")
    held_for_a_moment(monkeypatch, target, times=2, winerror=winerror)
    files.write_atomic(target, b"%PDF-1.4 the new agenda")
    assert target.read_bytes() == b"%PDF-1.4 the new agenda" and leftovers(tmp_path) == []


@pytest.mark.parametrize("moment", ["moving the earlier workbook aside", "putting the new workbook in place"])
def test_several_documents_one_held_for_an_instant_are_all_written(tmp_path, monkeypatch, moment):
    pdf, xlsx = tmp_path / "rapport.pdf", tmp_path / "rapport.xlsx"
    pdf.write_bytes(b"EARLIER REPORT")
    xlsx.write_bytes(b"EARLIER WORKBOOK")
    real = os.replace
    refused: list[str] = []

    def replace(source, target):
        aside = Path(source) == xlsx  # the earlier workbook moved aside; else the new one put in its place
        if (aside if moment.startswith("moving") else Path(target) == xlsx) and len(refused) < 2:
            refused.append(str(target))
            error = PermissionError(errno.EACCES, "The process cannot access the file because it is being used by another process")
            error.winerror = 32
            raise error
        return real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    files.write_all_atomic([(pdf, b"NEW REPORT"), (xlsx, b"NEW WORKBOOK")])
    assert len(refused) == 2
    assert pdf.read_bytes() == b"NEW REPORT" and xlsx.read_bytes() == b"NEW WORKBOOK" and leftovers(tmp_path) == []


def test_a_document_held_open_is_tried_for_about_a_second_then_told_as_open(tmp_path, monkeypatch, held_files_tried_quickly):
    """A PDF open in the viewer stays open: after a few tries (about a second in all) the user is told so, and the
    earlier file is as it was."""
    import time

    monkeypatch.setattr(files, "_HELD_WAITS", held_files_tried_quickly)  # the program's own waits, timed here

    target = tmp_path / "ut.pdf"
    target.write_bytes(b"EARLIER, open in the viewer")
    calls = held_for_a_moment(monkeypatch, target, times=1000)
    started = time.monotonic()
    with pytest.raises(files.FileAccessError) as refused:
        files.write_atomic(target, b"NEW")
    waited = time.monotonic() - started
    assert refused.value.kind == "in-use" and refused.value.message_nb == f"{target}: {IN_USE_NB}"
    assert 3 <= len(calls) <= 8 and 0.5 <= waited <= 1.5
    assert target.read_bytes() == b"EARLIER, open in the viewer" and leftovers(tmp_path) == []


def test_a_refusal_that_is_not_another_programs_hold_is_not_tried_again(tmp_path, monkeypatch):
    """A denial without Windows' sharing violation (POSIX; or access denied with no file there to be open) is the
    folder's, which waiting does not change: said at once."""
    target = tmp_path / "ut.pdf"
    target.write_bytes(b"EARLIER")
    calls = held_for_a_moment(monkeypatch, target, times=1000, winerror=None)
    with pytest.raises(files.FileAccessError) as refused:
        files.write_atomic(target, b"NEW")
    assert refused.value.kind == "denied" and len(calls) == 1
