"""Regjeringsskifter and Departementer og parter driven from the keyboard and mouse: OK is disabled while the fields
hold an error, and Tab goes as the eye reads (the list, Ny and Slett under it, the fields beside it, OK)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from konsultasjon_app.ui.register.governments import GovernmentsDialog
from konsultasjon_app.ui.register.parties import PartiesDialog


@pytest.fixture
def register(open_window, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)  # closing at the end
    return open_window(tmp_path / "demo.sqlite3").bridge.register


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def retype(qtbot, field, text: str) -> None:
    """`field`'s text replaced from the keyboard: all selected, then typed over (or deleted, for "")."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, text)


def test_governments_ok_is_disabled_while_a_field_holds_an_error(register, qtbot):
    dialog = shown(qtbot, GovernmentsDialog(register))
    assert ok_button(dialog).isEnabled()
    qtbot.mouseClick(dialog.add, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.name, "Regjeringen Testesen")
    qtbot.keyClicks(dialog.date.edit, "31.02.2025")
    assert dialog.error.text() == "Tiltrådte: «31.02.2025» er ikke en dato (dd.mm.åååå)"
    assert not ok_button(dialog).isEnabled()
    taken = register.governments[0].took_office.strftime("%d.%m.%Y")
    retype(qtbot, dialog.date.edit, taken)  # a date another entry has
    assert dialog.error.text().startswith(f"Tiltrådte: {taken} er allerede i listen")
    assert not ok_button(dialog).isEnabled()
    retype(qtbot, dialog.date.edit, "14.10.2025")
    assert not dialog.error.isVisibleTo(dialog) and ok_button(dialog).isEnabled()
    retype(qtbot, dialog.name, "x" * 501)  # more than an import takes
    assert not ok_button(dialog).isEnabled()
    retype(qtbot, dialog.name, "Regjeringen Testesen")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ("Regjeringen Testesen", "2025-10-14") in [(g.name, g.took_office.isoformat()) for g in dialog.model.governments]


def test_parties_ok_is_disabled_while_a_field_holds_an_error(register, qtbot):
    dialog = shown(qtbot, PartiesDialog(register))
    assert ok_button(dialog).isEnabled()
    first, other = register.parties[0], register.parties[1]
    retype(qtbot, dialog.key, "")
    assert dialog.error.text() == "Forkortelsen må fylles ut." and not ok_button(dialog).isEnabled()
    retype(qtbot, dialog.key, other.key)  # another party's
    assert dialog.error.text() == f"Forkortelsen «{other.key}» er allerede i listen."
    assert not ok_button(dialog).isEnabled()
    retype(qtbot, dialog.key, first.key)
    assert ok_button(dialog).isEnabled()
    retype(qtbot, dialog.name, "")
    assert dialog.error.text() == "Navnet må fylles ut." and not ok_button(dialog).isEnabled()
    dialog.view.selectRow(1)  # another party chosen: its fields, right as stored
    assert ok_button(dialog).isEnabled()
    qtbot.mouseClick(dialog.add, Qt.MouseButton.LeftButton)  # a new row, its key and name still the placeholders
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text().startswith("Fyll ut forkortelse og navn")
    assert dialog.key.hasFocus() and dialog.key.selectedText() == dialog.key.text()  # to type over, not on Avbryt
    qtbot.keyClicks(dialog.key, "TST")
    retype(qtbot, dialog.name, "Testdepartementet")
    assert ok_button(dialog).isEnabled()
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and "TST" in [p.key for p in dialog.model.parties]


def tab_chain(qtbot, start, stop) -> list[str]:
    """The accessible names (or texts) of the widgets Tab goes to from `start`, up to `stop`."""
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    names = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        names.append(focused.accessibleName() or focused.text().replace("&", ""))
        if focused is stop:
            break
    return names


def test_governments_tab_goes_from_the_list_to_its_buttons_then_to_the_fields(register, qtbot):
    dialog = shown(qtbot, GovernmentsDialog(register))
    assert tab_chain(qtbot, dialog.view, ok_button(dialog)) == ["Ny regjering", "Slett", "Navn", "Tiltrådte", "OK"]


def test_parties_tab_goes_from_the_list_to_its_buttons_then_to_the_fields(register, qtbot):
    dialog = shown(qtbot, PartiesDialog(register))
    assert tab_chain(qtbot, dialog.view, ok_button(dialog)) == ["Ny part", "Slett", "Forkortelse", "Navn", "Type", "Tidligere navn", "OK"]
