"""Rediger → Regjeringsskifter …: the list of changes of government the planner's review after an election follows
(DOMAIN §2 "the user keeps this list", rule GOV-CHANGE), seen and kept in the window as one undoable step."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from konsultasjon_app.domain.changes import Command, Put
from konsultasjon_app.domain.model import Agreement, Decision, Government, Meeting, MeetingRef
from konsultasjon_app.store.session import Session
from konsultasjon_app.ui.agenda.model import PlanColumn
from konsultasjon_app.ui.register.governments import GovernmentsDialog

STORE = Government("Støre", dt.date(2021, 10, 14))
SOLBERG = Government("Solberg", dt.date(2013, 10, 16))


@pytest.fixture
def new_window(open_window, tmp_path):
    """The window on a new, empty database: no changes of government, as a register the user starts has none."""
    window = open_window(tmp_path / "ny.sqlite3", demo=False)
    assert window.bridge.register.governments == ()
    return window


def run_dialog(monkeypatch, action, fill) -> list[GovernmentsDialog]:
    """Trigger `action`; the dialog it opens is filled by `fill(dialog)` (the user), then OK is pressed (accept,
    which may refuse) and, if it was accepted, the dialog is stored as the window stores it. Every dialog shown is
    returned: one brought back (refused) is filled no more, and closed."""
    shown = []

    def exec_(dialog):
        shown.append(dialog)
        if len(shown) > 1:
            return QDialog.DialogCode.Rejected
        fill(dialog)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(GovernmentsDialog, "exec", exec_)
    action.trigger()
    return shown


def stored(window) -> tuple[Government, ...]:
    return window.bridge.session.store.load().governments


def test_add_correct_and_delete_each_as_one_step_that_ctrl_z_takes_back(new_window, monkeypatch, qtbot):
    window = new_window

    def add(dialog):
        qtbot.mouseClick(dialog.add, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.name, "Solberg")
        qtbot.keyClicks(dialog.date.edit, "16102013")  # typed as the secretariat types it
        qtbot.mouseClick(dialog.add, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.name, "Støre")
        qtbot.keyClicks(dialog.date.edit, "14.10.2021")

    run_dialog(monkeypatch, window.governments_action, add)  # Rediger → Regjeringsskifter …
    assert window.bridge.register.governments == stored(window) == (SOLBERG, STORE)
    assert window.undo_action.text() == "&Angre Endre regjeringsskifter"

    def correct(dialog):  # from the register tab's toolbar this time: the newest is chosen, the oldest listed first
        assert [dialog.model.index(r, c).data() for r in range(2) for c in range(2)] == ["Solberg", "16.10.2013", "Støre", "14.10.2021"]
        assert dialog.name.text() == "Støre"
        dialog.name.setText("Støre (Ap og Sp)")
        dialog.date.edit.setText("14.10.2012")
        assert [g.name for g in dialog.model.governments] == ["Solberg", "Støre (Ap og Sp)"]  # not moved while typed
        dialog.date.edit.editingFinished.emit()  # the cursor leaves the date: it moves before Solberg in the list
        assert [g.name for g in dialog.model.governments] == ["Støre (Ap og Sp)", "Solberg"] and dialog.name.text() == "Støre (Ap og Sp)"
        dialog.date.edit.setText("14.10.2021")  # and back (kept on OK)

    window.show_tab("register")
    run_dialog(monkeypatch, window.register_tab.governments_action, correct)
    assert stored(window) == (SOLBERG, Government("Støre (Ap og Sp)", STORE.took_office))

    def delete(dialog):
        dialog.view.selectRow(0)
        qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
        assert [g.name for g in dialog.model.governments] == ["Støre (Ap og Sp)"] and dialog.name.text() == "Støre (Ap og Sp)"

    run_dialog(monkeypatch, window.governments_action, delete)
    assert stored(window) == (Government("Støre (Ap og Sp)", STORE.took_office),)

    window.undo_action.trigger()  # Ctrl+Z: each dialog was one step
    assert stored(window) == window.bridge.register.governments == (SOLBERG, Government("Støre (Ap og Sp)", STORE.took_office))
    window.undo_action.trigger()
    assert stored(window) == (SOLBERG, STORE)
    window.undo_action.trigger()
    assert stored(window) == () and not window.undo_action.isEnabled()
    window.redo_action.trigger()
    assert stored(window) == (SOLBERG, STORE)


def test_a_date_put_right_replaces_the_entry_with_the_wrong_one(open_window, tmp_path, monkeypatch):
    """The audit's case: 2012 typed for 2021. An import could only add the right one beside it; here the entry is
    corrected, and nothing of the wrong date is left."""
    window = open_window(tmp_path / "ny.sqlite3", demo=False)
    window.bridge.run(Command("Feil", (Put("governments", Government("Støre", dt.date(2012, 10, 14))),)))
    run_dialog(monkeypatch, window.governments_action, lambda d: d.date.edit.setText("14.10.2021"))
    assert stored(window) == (STORE,)


def test_a_date_another_entry_has_is_refused_beside_the_date_field(open_window, tmp_path, qtbot, qtmodeltester, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Cancel)
    window = open_window(tmp_path / "demo.sqlite3")
    register = window.bridge.register
    first = min(register.governments, key=lambda g: g.took_office)
    dialog = GovernmentsDialog(register, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtmodeltester.check(dialog.model)
    dialog._add()
    qtbot.keyClicks(dialog.name, "Ny regjering")
    qtbot.keyClicks(dialog.date.edit, first.took_office.strftime("%d.%m.%Y"))
    message = dialog.error.text()
    assert dialog.error.isVisibleTo(dialog)
    assert message.startswith("Tiltrådte: ") and first.took_office.strftime("%d.%m.%Y") in message and first.name in message
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.error.text() == message  # OK keeps it open
    assert sorted(g.took_office for g in dialog.model.governments if g.took_office) == sorted(g.took_office for g in register.governments)

    dialog.date.edit.setText("31.02.2022")  # no date: the field named too
    assert dialog.error.text() == "Tiltrådte: «31.02.2022» er ikke en dato (dd.mm.åååå)"
    dialog.date.edit.clear()
    dialog.name.setText("x" * 501)  # the bundle reader's limit for a name: the database could not import its export
    assert dialog.error.text().startswith("Navn: er 501 tegn lang")
    dialog.name.setText("Ny regjering")
    dialog.accept()  # a date is required
    assert dialog.result() != QDialog.DialogCode.Accepted and "Fyll ut navn og dato" in dialog.error.text()
    dialog.reject()  # Esc: what was typed is not thrown away unasked
    assert asked == ["Forkaste endringene i listen over regjeringsskifter?"] and dialog.isVisible()
    dialog.done(QDialog.DialogCode.Rejected)


def test_esc_closes_at_once_when_only_rows_were_chosen(open_window, tmp_path, qtbot, monkeypatch):
    window = open_window(tmp_path / "demo.sqlite3")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked with nothing changed"))
    dialog = GovernmentsDialog(window.bridge.register, window)
    qtbot.addWidget(dialog)
    dialog.show()
    for row in (0, 1, 0):
        dialog.view.selectRow(row)
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()


def review_flags(tab, key_title: str) -> str:
    """The flags Dagsorden shows on the item of meeting 2 whose title is `key_title`."""
    meeting2 = tab.model.index(1, 0)
    for row in range(tab.model.rowCount(meeting2)):
        if tab.model.index(row, PlanColumn.TITLE, meeting2).data() == key_title:
            return tab.model.index(row, PlanColumn.FLAGS, meeting2).data()
    raise AssertionError(f"no item «{key_title}» at meeting 2")


def test_a_change_of_government_added_flags_the_reviews_of_the_next_meeting_2_in_dagsorden(new_window, monkeypatch, qtbot, show_on, messages):
    """The audit's repro: in a new register the review at meeting 2 of 2022 had no «regjeringsskifte», for the
    change of government of 14.10.2021 could not be entered."""
    window = new_window
    window.bridge.run(Command("Ny", (Put("agreements", Agreement("a", "Avtale a", signed_date=dt.date(2020, 1, 10), end_date=dt.date(2025, 9, 30))),)))
    tab = show_on(window, "agenda")
    tab.year.setValue(2022)
    qtbot.waitUntil(lambda: review_flags(tab, "Gjennomgang av avtale a") is not None)  # (planned: the item is there)
    assert "regjeringsskifte" not in review_flags(tab, "Gjennomgang av avtale a")

    def add(dialog):
        dialog._add()
        dialog.name.setText("Støre")
        dialog.date.edit.setText("14.10.2021")

    run_dialog(monkeypatch, window.governments_action, add)
    qtbot.waitUntil(lambda: "regjeringsskifte" in review_flags(tab, "Gjennomgang av avtale a"))
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "regjeringsskifte" not in review_flags(tab, "Gjennomgang av avtale a"))


YEAR = dt.date.today().year - 1


def test_a_change_of_government_that_alters_a_held_meeting_asks_first(open_window, tmp_path, monkeypatch):
    """Last year's meetings are held, with 'continue' decided at meeting 2: a change of government before it makes
    that meeting 2 the review after an election, which puts a re-signing on the held meeting 3 (M3-RESIGN). Said,
    and asked; No brings the dialog back as typed, with nothing stored."""
    path = tmp_path / "held.sqlite3"
    session = Session.open(path, lock=True)
    dates = {1: (3, 11), 2: (4, 22), 3: (8, 26), 4: (10, 21)}
    agreement = Agreement("b", "Avtale om barnehage", signed_date=dt.date(YEAR - 3, 1, 15), end_date=dt.date(YEAR + 5, 12, 31))
    session.execute(Command("Oppsett", tuple(Put("meetings", Meeting(YEAR, n, dt.date(YEAR, *md), "Oslo")) for n, md in dates.items())
                            + (Put("agreements", agreement), Put("decisions", Decision("b", MeetingRef(YEAR, 2), "continue")))))
    session.close()
    window = open_window(path, demo=False)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: asked.append(text) or answers[len(asked) - 1])
    shown = []

    def exec_(dialog):
        shown.append(dialog)
        if len(shown) == 1:
            dialog._add()
            dialog.name.setText("Ny regjering")
            dialog.date.edit.setText(f"16.10.{YEAR - 1}")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(GovernmentsDialog, "exec", exec_)
    window.governments_action.trigger()
    assert len(asked) == 2 and len(shown) == 2 and shown[0] is shown[1]  # No: the same dialog again, as typed
    assert f"3. møte {YEAR}" in asked[0] and "Undertegning på nytt av avtale om barnehage" in asked[0]
    assert stored(window) == (Government("Ny regjering", dt.date(YEAR - 1, 10, 16)),)  # Yes the second time


def test_a_read_only_window_shows_the_list_to_read(tmp_path, window_on, monkeypatch):
    """Another program holds the database: the list can be read (it is part of the register), not changed."""
    from konsultasjon_app.store.demo import ensure_demo

    path = tmp_path / "demo.sqlite3"
    ensure_demo(path)
    writer = Session.open(path, lock=True)
    try:
        window = window_on(Session.open(path, read_only=True))
        assert window.bridge.session.read_only and not window.parties_action.isEnabled()
        assert window.governments_action.isEnabled()
        shown = []
        monkeypatch.setattr(GovernmentsDialog, "exec", lambda dialog: shown.append(dialog) or QDialog.DialogCode.Rejected)
        window.governments_action.trigger()
        [dialog] = shown
        from PySide6.QtWidgets import QDialogButtonBox, QLabel

        assert dialog.windowTitle() == "Regjeringsskifter (skrivebeskyttet)"
        assert tuple(dialog.model.governments) == tuple(sorted(window.bridge.register.governments, key=lambda g: g.took_office))
        assert dialog.name.isReadOnly() and dialog.date.edit.isReadOnly() and dialog.name.text()  # shown, to select and copy
        assert not dialog.add.isEnabled() and not dialog.remove.isEnabled()
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isHidden()
        assert "kan leses, ikke endres" in dialog.findChild(QLabel, "readOnlyNotice").text()
        # What the list is for, not how to add to it (was: «Før opp hver ny regjering …» beside a disabled Ny regjering).
        about = dialog.findChild(QLabel, "governmentsAbout").text()
        assert about.startswith("Det første 2. møtet etter hvert regjeringsskifte") and "Før opp" not in about
        dialog.name.setText("Endret")  # (as a program could): nothing goes into the list
        assert dialog.command().ops == () and not dialog.unsaved.changed()
    finally:
        writer.close()


def test_the_list_is_kept_from_the_keyboard_alone(open_window, tmp_path, qtbot):
    """Alt+Y makes a new entry with the cursor in its name, Alt+T goes to the date, Enter keeps the list."""
    window = open_window(tmp_path / "ny.sqlite3", demo=False)
    dialog = GovernmentsDialog(window.bridge.register, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.view.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.name.hasFocus)  # (a button's Alt+letter clicks it a moment later)
    qtbot.keyClicks(QApplication.focusWidget(), "Støre")
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert dialog.date.edit.hasFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "14.10.2021")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.command().ops == (Put("governments", STORE),)
