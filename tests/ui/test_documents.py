"""Where the window writes a printed document, a workbook or an export: never over the database it has open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from konsultasjon_app.store.session import Session


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
