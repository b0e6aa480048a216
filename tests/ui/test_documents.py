"""Where the window writes a printed document, a workbook or an export: never over the database it has open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

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
