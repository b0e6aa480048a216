"""Where the window writes a printed document, a workbook or an export: never over the database it has open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from konsultasjon_app.store.session import Session

from .conftest import override_shape


def database_files(db: Path) -> dict[str, bytes]:
    """The database and the files SQLite and the writer's lock keep beside it, as they are now."""
    return {p.name: p.read_bytes() for p in db.parent.iterdir() if p.is_file() and p.name.startswith(db.name)}


def warnings(messages) -> list[str]:
    return [text for kind, text in messages if kind == "warning"]


@pytest.mark.parametrize("target", ["", "-wal", "-shm", ".lock"])
def test_a_printed_document_is_not_written_over_the_open_database(open_window, tmp_path, messages, target):
    """Was: the agenda PDF replaced the database file (and the window went on writing to a file no longer there):
    at the next start the register was "not a database". Now the user is told, and nothing is written."""
    db = tmp_path / "demo.sqlite3"
    window = open_window(db, lock=True)  # as the user has it: this window its writer
    tab = window.agenda_tab
    tab.today = dt.date(2006, 1, 10)
    tab.year.setValue(2006)
    tab.replan()
    tab.select_meeting(2)
    before = database_files(db)
    out = Path(f"{db}{target}")
    assert tab.write_document("agenda", out) is None
    if target:
        assert warnings(messages) == [f"{out} er en fil som hører til databasen som er åpen ({db}). Den skrives ikke over; velg et annet filnavn."]
    else:
        assert warnings(messages) == [f"{out} er databasen som er åpen. Den skrives ikke over; velg et annet filnavn."]
    assert database_files(db) == before
    window.bridge.close()
    Session.open(db).close()  # still the database


def test_an_evaluation_workbook_is_not_written_over_the_open_database(open_window, tmp_path, messages):
    db = tmp_path / "demo.sqlite3"
    window = open_window(db, lock=True)
    window.show_tab("evaluation")
    tab = window.evaluation_tab
    [action] = [a for a in tab.builtin_menu.actions() if a.objectName() == "builtin-monsteravtale"]
    action.trigger()
    before = database_files(db)
    assert tab.write_document("xlsx", db) is None
    assert warnings(messages) == [f"{db} er databasen som er åpen. Den skrives ikke over; velg et annet filnavn."]
    assert database_files(db) == before


def test_an_export_is_not_written_over_the_open_database(open_window, tmp_path, messages, monkeypatch):
    """A database may have any name (`--db register.json`): Eksporter to that name would replace it."""
    db = tmp_path / "register.json"
    window = open_window(db, lock=True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(db), "Konsultasjonspakke – alt (*.json)"))
    before = database_files(db)
    window.export_file()
    assert warnings(messages) == [f"{db} er databasen som er åpen. Den skrives ikke over; velg et annet filnavn."]
    assert database_files(db) == before
    window.bridge.close()
    Session.open(db).close()


def test_a_document_beside_the_open_database_is_written(open_window, tmp_path, messages, monkeypatch):
    """Only the database's own files are refused: a name that begins as the database's does is a file like any other."""
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    db = tmp_path / "demo.sqlite3"
    window = open_window(db, lock=True)
    tab = window.agenda_tab
    tab.today = dt.date(2006, 1, 10)
    tab.year.setValue(2006)
    tab.replan()
    out = tmp_path / "demo.sqlite3.ics"
    assert tab.write_document("calendar", out) == out
    assert out.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR") and warnings(messages) == []


# -- the wait cursor while a document is made -----------------------------------------------------------------------


@pytest.fixture
def evaluation_tab(open_window, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    window = open_window(tmp_path / "demo.sqlite3")
    window.show_tab("evaluation")
    tab = window.evaluation_tab
    [action] = [a for a in tab.builtin_menu.actions() if a.objectName() == "builtin-monsteravtale"]
    action.trigger()
    return tab


@pytest.mark.parametrize(("kind", "module"), [("pdf", "evaluation_pdf"), ("xlsx", "evaluation_xlsx")])
def test_the_wait_cursor_and_a_word_in_the_status_bar_while_a_report_is_made(evaluation_tab, tmp_path, messages, monkeypatch, kind, module):
    """Was: the window froze for up to 11 s (the report of 4,000 agreements) with the ordinary cursor and nothing
    said: it looked hung."""
    import importlib

    from PySide6.QtCore import Qt

    reports = importlib.import_module(f"konsultasjon_app.reports.{module}")
    real = getattr(reports, module)
    seen = []

    def produce(*args, **kwargs):
        seen.append((override_shape(), evaluation_tab.window().statusBar().currentMessage()))
        return real(*args, **kwargs)

    monkeypatch.setattr(reports, module, produce)
    out = tmp_path / f"rapport.{kind}"
    assert evaluation_tab.write_document(kind, out) == out and out.stat().st_size > 0
    assert seen == [(Qt.CursorShape.WaitCursor, f"Lager «rapport.{kind}» …")]
    assert override_shape() is None
    assert evaluation_tab.window().statusBar().currentMessage() == f"Skrev {out}" and messages == []


@pytest.mark.parametrize("failure", ["refused", "disk-full"])
def test_the_cursor_is_back_before_a_report_that_failed_is_told(evaluation_tab, tmp_path, monkeypatch, failure):
    """A report the register cannot support, or a full disk while it is written: the message is read with the
    ordinary cursor, and the cursor stays so."""
    from PySide6.QtWidgets import QMessageBox

    import konsultasjon_app.reports.evaluation_pdf as reports
    from konsultasjon_app import files
    from konsultasjon_app.reports import ReportError

    out = tmp_path / "rapport.pdf"
    if failure == "refused":
        def produce(*args, **kwargs):
            raise ReportError("cannot", "Rapporten kan ikke lages.")

        monkeypatch.setattr(reports, "evaluation_pdf", produce)
    else:
        def write(path, data, **kwargs):
            raise files.FileAccessError("disk-full", path)

        monkeypatch.setattr(files, "write_atomic", write)
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: told.append((title, override_shape())))
    assert evaluation_tab.write_document("pdf", out) is None
    assert told == [("Ikke skrevet", None)]
    assert override_shape() is None and not out.exists()
    assert evaluation_tab.window().statusBar().currentMessage() == ""


# -- where the file dialogs open ------------------------------------------------------------------------------------


@pytest.fixture
def documents_folder(tmp_path, monkeypatch):
    """The user's Documents folder, as Qt knows it (on Windows often redirected to OneDrive)."""
    from PySide6.QtCore import QStandardPaths

    folder = tmp_path / "Dokumenter"
    folder.mkdir()
    real = QStandardPaths.writableLocation
    monkeypatch.setattr(QStandardPaths, "writableLocation",
                        lambda location: str(folder) if location == QStandardPaths.StandardLocation.DocumentsLocation else real(location))
    return folder


def dialogs_answered(monkeypatch, chosen: list[Path]) -> list[Path]:
    """The file dialogs answer with the files in `chosen`, in turn; the folders they opened in are returned."""
    opened_in: list[Path] = []

    def answer(parent, caption, directory, *args, **kwargs):
        start = Path(directory)
        opened_in.append(start if start.is_dir() else start.parent)  # a save dialog is given the proposed file
        return str(chosen.pop(0)), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)
    return opened_in


def test_the_save_dialogs_open_in_documents_then_in_the_folder_last_chosen(open_window, tmp_path, messages, monkeypatch, documents_folder):
    """Every agenda, minutes, calendar and export dialog opened in the home folder (C:\\Users\\<name>, not
    Dokumenter), and forgot the folder chosen: before a meeting the secretary looked for it again for each
    document. Now Dokumenter first, then the folder last chosen for that kind of file, kept in the settings file
    (a folder gone since, a network drive not connected: Dokumenter again)."""
    from PySide6.QtGui import QDesktopServices

    from konsultasjon_app.ui.settings import AppSettings

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    meetings, exchange = tmp_path / "Møter 2006", tmp_path / "Utveksling"
    for folder in (meetings, exchange):
        folder.mkdir()
    ini = str(tmp_path / "k.ini")
    window = open_window(tmp_path / "demo.sqlite3", settings=AppSettings(ini))
    tab = window.agenda_tab
    tab.today = dt.date(2006, 1, 10)
    tab.year.setValue(2006)
    tab.replan()
    opened_in = dialogs_answered(monkeypatch, [meetings / "Møter.ics", meetings / "Møter igjen.ics", exchange / "register.json"])
    tab.write_document("calendar")
    tab.write_document("calendar")
    window.export_file()  # another kind of file: not where the calendars went
    assert opened_in == [documents_folder, meetings, documents_folder]
    assert (meetings / "Møter igjen.ics").is_file() and (exchange / "register.json").is_file()
    window.settings.sync()
    window.close()

    again = open_window(tmp_path / "demo.sqlite3", settings=AppSettings(ini))  # the next start
    opened_in = dialogs_answered(monkeypatch, [exchange / "register.json", meetings / "Møter.ics"])
    again.import_file()
    (meetings / "Møter.ics").unlink()
    (meetings / "Møter igjen.ics").unlink()
    meetings.rmdir()
    again.agenda_tab.year.setValue(2006)
    again.agenda_tab.write_document("calendar")
    assert opened_in == [exchange, documents_folder]


def test_a_file_to_attach_is_looked_for_where_the_last_one_was(open_window, tmp_path, monkeypatch, documents_folder):
    """Legg ved fil opened in the working folder (a shortcut's: the program's own folder on Windows)."""
    from konsultasjon_app.ui.register.form import AgreementForm
    from konsultasjon_app.ui.settings import AppSettings

    window = open_window(tmp_path / "demo.sqlite3", settings=AppSettings(str(tmp_path / "k.ini")))
    signed = tmp_path / "Signerte avtaler"
    signed.mkdir()
    for name in ("nav.pdf", "skole.pdf"):
        (signed / name).write_bytes(b"%PDF-1.4 " + name.encode())  # two documents (the same content is attached once)
    register = window.bridge.register
    form = AgreementForm(register, window.bridge.session.path, register.agreement("nav"), parent=window)
    opened_in = dialogs_answered(monkeypatch, [signed / "nav.pdf", signed / "skole.pdf"])
    form._add_attachment()
    form._add_attachment()
    assert opened_in == [documents_folder, signed] and [x.name for x in form.attachments][-2:] == ["nav.pdf", "skole.pdf"]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    form.reject()  # (the copies go with the form)


def test_a_window_that_keeps_no_settings_opens_its_dialogs_in_documents_or_home(open_window, tmp_path, documents_folder):
    """A window without a settings file (a screenshot's) remembers nothing; without a Documents folder (none made,
    or the profile's own gone), the home folder."""
    from konsultasjon_app.ui.documents import remember_folder, start_folder

    window = open_window(tmp_path / "demo.sqlite3")
    remember_folder(window.agenda_tab, "documents", tmp_path / "x.pdf")
    assert start_folder(window.agenda_tab, "documents") == documents_folder
    documents_folder.rmdir()
    assert start_folder(window.agenda_tab, "documents") == Path.home()


def test_a_remembered_folder_out_of_reach_does_not_hold_up_the_dialog(open_window, tmp_path, monkeypatch, documents_folder):
    """Second review of the day: a remembered folder on a share out of reach (offline in the meeting room) takes
    Windows many seconds to say it is not there, and the window hung before every file dialog. One that does not
    answer within FOLDER_WAIT_S counts as not there: Dokumenter."""
    import threading

    from konsultasjon_app.ui import documents
    from konsultasjon_app.ui.settings import AppSettings

    window = open_window(tmp_path / "demo.sqlite3", settings=AppSettings(str(tmp_path / "k.ini")))
    share = tmp_path / "fellesområde"
    share.mkdir()
    documents.remember_folder(window.agenda_tab, "documents", share / "x.pdf")
    assert documents.start_folder(window.agenda_tab, "documents") == share
    real_is_dir = Path.is_dir

    reached = threading.Event()  # the share answers only once the test is done with it

    def out_of_reach(path):
        if path == share:
            reached.wait(10)  # as an unreachable \\\\server\\share keeps Windows waiting
        return real_is_dir(path)

    monkeypatch.setattr(Path, "is_dir", out_of_reach)
    monkeypatch.setattr(documents, "FOLDER_WAIT_S", 0.2)
    # (The share answers «there» only when let go below: Dokumenter means it was not waited for.)
    assert documents.start_folder(window.agenda_tab, "documents") == documents_folder
    reached.set()
