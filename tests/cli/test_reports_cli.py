"""The document commands: agenda, overview, minutes, calendar. Exit codes, the files written, and lazy imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
from pypdf import PdfReader

from konsultasjon_app.cli import EXIT_ENVIRONMENT, EXIT_INPUT, EXIT_OK, main
from konsultasjon_app.store.demo import demo_bundle_path

ROOT = Path(__file__).resolve().parents[2]
DEMO = demo_bundle_path()


def run(*argv: str) -> int:
    try:
        return main(list(argv))
    except SystemExit as exc:  # argparse's own exits (usage errors)
        return int(exc.code or 0)


@pytest.fixture
def db(tmp_path, capsys) -> Path:
    path = tmp_path / "db.sqlite3"
    assert main(["--db", str(path), "import", str(DEMO)]) == EXIT_OK
    capsys.readouterr()
    return path


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


@pytest.mark.parametrize(
    ("command", "expected", "message"),
    [
        (["agenda", "--year", "2006", "--meeting", "2"], "Dagsorden – 2. konsultasjonsmøte 2006", "agenda of meeting 2/2006 written"),
        (["agenda", "--year", "2006", "--meeting", "3", "--as-of", "2006-05-01"], "Sak 10/2006 Status og evaluering",
         "agenda of meeting 3/2006 written"),
        (["overview", "--year", "2006"], "7 samarbeidsavtaler mellom staten og KS i kraft per 25.10.2006.",
         "overview of the agreements in force for Fellesdokumentet 2006 written"),
        (["minutes", "--year", "2006", "--meeting", "2", "--as-of", "2006-12-31"], "Protokoll – 2. konsultasjonsmøte 2006",
         "minutes of meeting 2/2006 written"),
    ],
)
def test_the_pdf_commands_write_their_document(db, tmp_path, capsys, command, expected, message):
    out = tmp_path / "ut.pdf"
    assert run("--db", str(db), *command, "--pdf", str(out)) == EXIT_OK
    assert expected in pdf_text(out)
    assert capsys.readouterr().out == f"{out}: {message}\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file() and p.suffix != ".lock") == ["db.sqlite3", "ut.pdf"]  # no temporary file left behind


def test_the_calendar_command_writes_the_dated_meetings(db, tmp_path, capsys):
    out = tmp_path / "møter.ics"
    assert run("--db", str(db), "calendar", "--year", "2006", "--ics", str(out)) == EXIT_OK
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [f"{n}. konsultasjonsmøte 2006" for n in (1, 2, 3, 4)]
    assert capsys.readouterr().out == f"{out}: calendar of 4 meetings in 2006 written\n"


@pytest.mark.parametrize(
    "command",
    [
        ["agenda", "--year", "2006", "--meeting", "5", "--pdf"],
        ["minutes", "--year", "2006", "--meeting", "0", "--pdf"],
        ["agenda", "--year", "2006", "--meeting", "to", "--pdf"],
    ],
)
def test_a_meeting_number_outside_1_to_4_is_a_usage_error(db, tmp_path, capsys, command):
    out = tmp_path / "ut.pdf"
    assert run("--db", str(db), *command, str(out)) == EXIT_INPUT
    assert "is not a meeting number (1–4)" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    "command",
    [
        ["agenda", "--year", "2006", "--meeting", "2", "--pdf", "ut.pdf"],
        ["overview", "--year", "2006", "--pdf", "ut.pdf"],
        ["minutes", "--year", "2006", "--meeting", "2", "--pdf", "ut.pdf"],
        ["calendar", "--year", "2006", "--ics", "ut.ics"],
    ],
)
def test_a_missing_database_is_an_input_error_and_is_not_created(tmp_path, monkeypatch, capsys, command):
    missing = tmp_path / "finnes-ikke.sqlite3"
    monkeypatch.chdir(tmp_path)  # the output names are relative: nothing may appear here
    assert run("--db", str(missing), *command) == EXIT_INPUT
    assert "does not exist" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_year_without_dated_meetings_has_no_calendar(db, tmp_path, capsys):
    out = tmp_path / "ut.ics"
    assert run("--db", str(db), "calendar", "--year", "2010", "--ics", str(out)) == EXIT_INPUT
    assert "no meeting of 2010 has a date" in capsys.readouterr().err
    assert not out.exists()


def test_an_output_folder_that_does_not_exist_is_an_input_error(db, tmp_path, capsys):
    out = tmp_path / "mangler" / "ut.pdf"
    assert run("--db", str(db), "overview", "--year", "2006", "--pdf", str(out)) == EXIT_INPUT
    # The folder is named, not "the file does not exist" (a file to be written need not exist).
    assert capsys.readouterr().err == f"error: {out}: the folder {tmp_path / 'mangler'} does not exist\n"
    blocker = tmp_path / "fil.txt"
    blocker.write_text("x")
    out = blocker / "under" / "ut.pdf"
    assert run("--db", str(db), "agenda", "--year", "2006", "--meeting", "2", "--pdf", str(out)) == EXIT_INPUT
    assert capsys.readouterr().err == f"error: {out}: {blocker} is a file, not a folder\n"


# Every command that writes a file it is told to (and --screenshot).
OUTPUT_COMMANDS = [
    ["agenda", "--year", "2006", "--meeting", "2", "--pdf"],
    ["overview", "--year", "2006", "--pdf"],
    ["minutes", "--year", "2006", "--meeting", "2", "--pdf"],
    ["calendar", "--year", "2006", "--ics"],
    ["evaluation", "--criteria-set", "nav2017", "--pdf"],
    ["evaluation", "--criteria-set", "nav2017", "--xlsx"],
    ["--screenshot"],
]


@pytest.mark.parametrize("command", [*OUTPUT_COMMANDS, ["export"]])
def test_an_output_that_is_a_folder_gets_one_message_and_exit_code_everywhere(db, tmp_path, capsys, command):
    folder = tmp_path / "mappe.json"  # with an extension, so that export gets as far as the file
    folder.mkdir()
    assert run("--db", str(db), *command, str(folder)) == EXIT_INPUT
    captured = capsys.readouterr()
    assert captured.err == f"error: {folder}: is a folder, not a file\n" and captured.out == ""
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    "command, name",
    [
        (["agenda", "--year", "2006", "--meeting", "2", "--pdf"], "dagsorden.pdf"),
        (["calendar", "--year", "2006", "--ics"], "møter.ics"),
        (["evaluation", "--criteria-set", "nav2017", "--xlsx"], "vurdering.xlsx"),
        (["export"], "register.json"),
        (["--screenshot"], "bilde.png"),
    ],
)
def test_a_write_protected_file_is_not_replaced(db, tmp_path, capsys, command, name):
    """Was (Linux): replaced through a new file beside it, still marked read-only, exit 0; Windows refuses the same
    replacement. Now refused everywhere, and the file is as it was."""
    import os
    import stat

    protected = tmp_path / name
    protected.write_bytes(b"PROTECTED")
    protected.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        assert run("--db", str(db), *command, str(protected)) == EXIT_ENVIRONMENT
        assert capsys.readouterr().err == f"error: {protected}: the file is write-protected (read-only); nothing was written\n"
        assert protected.read_bytes() == b"PROTECTED"
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left
    finally:
        os.chmod(protected, 0o644)


def test_two_documents_are_written_both_or_neither(db, tmp_path, capsys, monkeypatch):
    """evaluation --pdf --xlsx with the disk full at the workbook: the report was left written while the message
    said "nothing was written". Now neither is, and an earlier report at that name is as it was."""
    import errno

    from konsultasjon_app import files

    pdf, xlsx = tmp_path / "rapport.pdf", tmp_path / "rapport.xlsx"
    pdf.write_bytes(b"EARLIER")
    real = files._written_beside

    def full_at_the_workbook(path, data, durable):
        if path.suffix == ".xlsx":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, durable)

    monkeypatch.setattr(files, "_written_beside", full_at_the_workbook)
    assert run("--db", str(db), "evaluation", "--criteria-set", "nav2017", "--pdf", str(pdf), "--xlsx", str(xlsx)) == EXIT_ENVIRONMENT
    captured = capsys.readouterr()
    assert captured.err.endswith(f"error: {xlsx}: the disk is full; nothing was written\n") and captured.out == ""
    assert pdf.read_bytes() == b"EARLIER" and not xlsx.exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_building_the_parser_does_not_import_reportlab_or_icalendar():
    # A fresh interpreter: this test process has imported both already.
    code = (
        "import sys\n"
        "from konsultasjon_app.cli import build_parser\n"
        "parser, handlers = build_parser()\n"
        "assert {'agenda', 'overview', 'minutes', 'calendar'} <= set(handlers)\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'icalendar', 'PySide6', 'pypdf'))\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_screenshot_that_cannot_be_written_leaves_the_earlier_one(db, tmp_path, capsys, monkeypatch):
    """Was: a full disk left the earlier screenshot deleted (the PNG was written in place, and removed when cut off)."""
    import errno

    from konsultasjon_app import files

    out = tmp_path / "skjerm.png"
    out.write_bytes(b"EARLIER")
    monkeypatch.setattr(files, "_written_beside", lambda *a: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
    assert run("--db", str(db), "--screenshot", str(out)) == EXIT_ENVIRONMENT
    assert capsys.readouterr().err == f"error: {out}: the disk is full; nothing was written\n"
    assert out.read_bytes() == b"EARLIER"


@pytest.mark.parametrize("winerror", [32, 5])
def test_a_document_open_in_another_program_is_told_so(db, tmp_path, capsys, monkeypatch, winerror):
    """Windows will not replace a PDF open in the viewer (a sharing violation, 32, or access denied, 5). Was:
    "permission denied", which sends the user after the folder's permissions instead of the viewer."""
    import errno
    import os

    pdf = tmp_path / "Dagsorden 2. konsultasjonsmøte 2006.pdf"
    pdf.write_bytes(b"EARLIER AGENDA")
    real = os.replace

    def held_open(source, target):
        if str(target) == str(pdf):
            error = PermissionError(errno.EACCES, "The process cannot access the file because it is being used by another process", str(target))
            error.winerror = winerror
            raise error
        return real(source, target)

    monkeypatch.setattr(os, "replace", held_open)
    assert run("--db", str(db), "agenda", "--year", "2006", "--meeting", "2", "--pdf", str(pdf)) == EXIT_ENVIRONMENT
    assert capsys.readouterr().err == (
        f"error: {pdf}: the file is probably open in another program (a PDF viewer, Excel); close it there and try again\n"
    )
    assert pdf.read_bytes() == b"EARLIER AGENDA" and not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("refused", ["moving the earlier workbook aside", "putting the new workbook in place"])
def test_two_documents_stay_both_or_neither_when_a_file_cannot_be_replaced(db, tmp_path, capsys, monkeypatch, refused):
    """The workbook open in Excel on Windows: it cannot be moved or replaced. Was: the report had been replaced
    already, and the message named only the workbook (found by the review of this round's change)."""
    import errno
    import os

    pdf, xlsx = tmp_path / "rapport.pdf", tmp_path / "rapport.xlsx"
    pdf.write_bytes(b"EARLIER REPORT")
    xlsx.write_bytes(b"EARLIER WORKBOOK")
    real = os.replace
    moved_aside = []

    def sharing_violation(source, target):
        moving_aside = str(source) == str(xlsx)
        putting_new = str(target) == str(xlsx) and str(source) not in moved_aside  # not the earlier one coming back
        if moving_aside and not refused.startswith("moving"):
            moved_aside.append(str(target))
        if (moving_aside and refused.startswith("moving")) or (putting_new and refused.startswith("putting")):
            raise PermissionError(errno.EACCES, "The process cannot access the file because it is being used by another process")
        return real(source, target)

    monkeypatch.setattr(os, "replace", sharing_violation)
    assert run("--db", str(db), "evaluation", "--criteria-set", "nav2017", "--pdf", str(pdf), "--xlsx", str(xlsx)) == EXIT_ENVIRONMENT
    assert capsys.readouterr().err.endswith(f"error: {xlsx}: permission denied\n")
    assert pdf.read_bytes() == b"EARLIER REPORT" and xlsx.read_bytes() == b"EARLIER WORKBOOK"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("rapport") or p.name.startswith(".")) == ["rapport.pdf", "rapport.xlsx"]


def _database_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("command", OUTPUT_COMMANDS)
@pytest.mark.parametrize("target", ["", "-wal", "-shm", ".lock"])
def test_an_output_that_names_the_database_or_a_file_beside_it_is_refused(db, tmp_path, capsys, command, target):
    """Was: the PDF, calendar, workbook or screenshot replaced the database file, exit 0, and every command after
    it said "not a database of this program" (while a window wrote on in a file no longer there). Now exit 2,
    the database named, and nothing written; a window holding the writer's lock changes nothing."""
    from konsultasjon_app.store.session import Session

    window = Session.open(db, lock=True)  # the window has it open for writing
    try:
        before = _database_files(tmp_path)
        out = Path(f"{db}{target}")
        assert run("--db", str(db), *command, str(out)) == EXIT_INPUT
        captured = capsys.readouterr()
        named = f"names the database {db}" if not target else f"names the {target} file of the database {db}"
        assert captured.err == f"error: {out}: {named}; nothing was written\n" and captured.out == ""
        assert _database_files(tmp_path) == before
    finally:
        window.close()
    assert run("--db", str(db), "check") == EXIT_OK


@pytest.mark.parametrize("command", [OUTPUT_COMMANDS[0], OUTPUT_COMMANDS[-1]])
def test_an_output_that_reaches_the_database_by_another_name_is_refused(db, tmp_path, capsys, command):
    """A link to the database, or the database named through another folder, is the database all the same."""
    link = tmp_path / "lenke.pdf"
    link.symlink_to(db)
    other_spelling = tmp_path / "mappe" / ".." / db.name
    (tmp_path / "mappe").mkdir()
    for out in (link, other_spelling):
        assert run("--db", str(db), *command, str(out)) == EXIT_INPUT
        assert capsys.readouterr().err.startswith(f"error: {out}: names the database {db};")
    assert db.read_bytes()[:16] == b"SQLite format 3\x00" and link.is_symlink()


def test_an_export_over_a_database_of_the_exports_extension_is_refused(tmp_path, demo_bundle_path, capsys):
    """`--db register.json export register.json`: the bundle would replace the database it was read from."""
    db = tmp_path / "register.json"
    assert run("--db", str(db), "import", str(demo_bundle_path)) == EXIT_OK
    capsys.readouterr()
    before = db.read_bytes()
    assert run("--db", str(db), "export", str(db)) == EXIT_INPUT
    assert capsys.readouterr().err == f"error: {db}: names the database {db}; nothing was written\n"
    assert db.read_bytes() == before


@pytest.mark.parametrize("moved_to", [{"to": {"year": 2007, "number": 2}}, {"to_date": "2007-01-15"}], ids=["meeting-2-2007", "day-2007"])
def test_a_signing_moved_on_into_next_year_stays_on_the_agenda_and_minutes_of_meeting_3(tmp_path, capsys, moved_to):
    """Renegotiated at meeting 2, not signed at meeting 3 (30.08.2006), the signing fell back to meeting 4 and was
    moved on from there into 2007: meeting 3's agenda prints the same the day before and the day after the
    meeting, with the signing as Sak 3/2006, and the minutes have the item. Was: printed after the meeting, the
    agenda lost the case (the plan of 2006 alone dropped the item) and the status item became Sak 3/2006."""
    import json

    bundle = {
        "format": "konsultasjon-bundle", "version": 1,
        "meetings": [{"year": 2006, "number": 2, "date": "2006-04-26"}, {"year": 2006, "number": 3, "date": "2006-08-30"},
                     {"year": 2006, "number": 4, "date": "2006-10-18"}],
        "agreements": [{"key": "arkiv", "title": "Avtale om arkiv", "signed_date": "2005-01-10", "end_date": "2008-12-31",
                        "notice_months": 3, "evaluation_clause": "Evalueres."}],
        "decisions": [{"agreement": "arkiv", "meeting": {"year": 2006, "number": 2}, "decision": "renegotiate"}],
        "deviations": [{"action": "sign", "agreement": "arkiv", "from": {"year": 2006, "number": 4}, **moved_to, "reason": "Ikke klar"}],
    }
    source, path = tmp_path / "neste_aar.json", tmp_path / "db.sqlite3"
    source.write_text(json.dumps(bundle), encoding="utf-8")
    assert run("--db", str(path), "import", str(source)) == EXIT_OK
    texts = []
    for day in ("2006-08-29", "2006-08-31"):
        out = tmp_path / f"dagsorden-{day}.pdf"
        assert run("--db", str(path), "agenda", "--year", "2006", "--meeting", "3", "--as-of", day, "--pdf", str(out)) == EXIT_OK
        texts.append(pdf_text(out))
    assert texts[0] == texts[1]
    assert "Sak 3/2006 Undertegning av avtale om arkiv" in texts[1] and "Sak 4/2006 Status og evaluering" in texts[1]
    minutes = tmp_path / "protokoll.pdf"
    assert run("--db", str(path), "minutes", "--year", "2006", "--meeting", "3", "--as-of", "2006-12-31", "--pdf", str(minutes)) == EXIT_OK
    assert "Sak 3/2006 Undertegning av avtale om arkiv" in pdf_text(minutes)
    capsys.readouterr()
