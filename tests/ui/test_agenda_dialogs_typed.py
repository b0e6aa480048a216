"""Dagsorden's dialogs opened from the tab and filled as a user does: keys typed into the real fields, the real OK
clicked. The other agenda tests replace exec() and fill the fields in code, so an OK that stays disabled for valid
input went unseen (Ny sak could not be saved: «key: må fylles ut»)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from konsultasjon_app.domain.model import OWN_ACTION, MeetingRef
from konsultasjon_app.ui.agenda import dialogs


@pytest.fixture
def window(open_window, tmp_path, monkeypatch):
    win = open_window(tmp_path / "demo.sqlite3")
    tab = win.agenda_tab
    tab.today = dt.date(2006, 1, 10)  # no meeting of 2006 held yet: no question about a held meeting's agenda
    tab.year.setValue(2006)
    tab.replan()
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    return win


def typed_into(qtbot, dialog_class, type_, open_) -> dict:
    """`open_()` opens a `dialog_class` modally; once it shows, `type_(dialog)` types into its fields. Then its real
    OK is clicked when enabled (else the dialog is closed unsaved, so the test never hangs). Returns what was seen:
    OK's state and the error line."""
    seen: dict = {}
    opening = [True]

    def drive():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, dialog_class) or not dialog.isVisible():
            if opening[0]:
                QTimer.singleShot(10, drive)
            return
        try:
            type_(dialog)
        finally:
            ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
            seen.update(ok_enabled=ok.isEnabled(), error=dialog.error.text())
            if ok.isEnabled():
                qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
            else:
                dialog.done(QDialog.DialogCode.Rejected)  # not reject(): that asks whether to discard what was typed

    QTimer.singleShot(0, drive)
    open_()
    opening[0] = False
    return seen


def retype(widget, text: str) -> None:
    """Select the field's text (Home, Shift+End) and type `text` over it, key by key."""
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_Home)
    QTest.keyClick(widget, Qt.Key.Key_End, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClicks(widget, text)


def test_ny_sak_typed_title_enables_ok_and_saves_the_item(window, qtbot):
    """Was: OK stayed disabled with «key: må fylles ut» whatever was typed; no own item could be added."""
    tab = window.agenda_tab
    tab.select_meeting(2)

    def type_(dialog):
        QTest.keyClicks(dialog.title, "Orientering om digitaliseringsstrategien")
        QTest.keyClicks(dialog.proposal, "Saken tas til orientering.")

    seen = typed_into(qtbot, dialogs.ItemDialog, type_, tab.new_item_action.trigger)
    assert seen == {"ok_enabled": True, "error": ""}
    stored = [e for e in window.bridge.register.agenda if e.meeting == MeetingRef(2006, 2) and e.action == OWN_ACTION]
    assert [(e.title, e.proposed_decision) for e in stored] == [("Orientering om digitaliseringsstrategien", "Saken tas til orientering.")]
    assert stored[0].key  # keyed when saved
    assert "Orientering om digitaliseringsstrategien" in [line.title for line in tab.model.lines_of(1)]


def test_rediger_sak_typed_background_enables_ok_and_saves_it(window, qtbot):
    tab = window.agenda_tab
    tab.select_line(2, 0)
    seen = typed_into(qtbot, dialogs.ItemDialog, lambda dialog: QTest.keyClicks(dialog.background, "Utkast fra departementet."),
                      tab.edit_item_action.trigger)
    assert seen == {"ok_enabled": True, "error": ""}
    assert tab.model.lines_of(1)[0].background == "Utkast fra departementet."


def test_rediger_sak_of_an_own_item_typed_title_enables_ok_and_saves_it(window, qtbot):
    tab = window.agenda_tab
    tab.standard_items_action.trigger()
    row = [line.title for line in tab.model.lines_of(1)].index("Eventuelt")
    tab.select_line(2, row)
    seen = typed_into(qtbot, dialogs.ItemDialog, lambda dialog: retype(dialog.title, "Eventuelt og orienteringer"),
                      tab.edit_item_action.trigger)
    assert seen == {"ok_enabled": True, "error": ""}
    assert tab.model.lines_of(1)[row].title == "Eventuelt og orienteringer"


def test_flytt_sak_typed_reason_enables_ok_and_moves_the_item(window, qtbot):
    tab = window.agenda_tab
    tab.select_line(2, 0)
    moving = tab.selected_line()
    seen = typed_into(qtbot, dialogs.MoveDialog, lambda dialog: QTest.keyClicks(dialog.reason, "Statsråden kan ikke møte i april"),
                      tab.move_item_action.trigger)
    assert seen == {"ok_enabled": True, "error": ""}
    (deviation,) = window.bridge.register.deviations
    assert (deviation.agreement, deviation.to_meeting, deviation.reason) == (moving.agreement, MeetingRef(2006, 3), "Statsråden kan ikke møte i april")
    assert moving.title in [line.title for line in tab.model.lines_of(2)]


def test_rediger_mote_typed_place_and_time_enables_ok_and_saves_them(window, qtbot):
    tab = window.agenda_tab
    tab.select_meeting(3)

    def type_(dialog):
        retype(dialog.time, "10:00")
        retype(dialog.location, "Regjeringskvartalet, R5")

    seen = typed_into(qtbot, dialogs.MeetingDialog, type_, tab.edit_meeting_action.trigger)
    assert seen == {"ok_enabled": True, "error": ""}
    meeting = window.bridge.register.meeting(MeetingRef(2006, 3))
    assert (meeting.time, meeting.location) == ("10:00", "Regjeringskvartalet, R5")


def test_a_meeting_not_in_the_calendar_typed_date_enables_ok_and_stores_the_meeting(window, qtbot):
    tab = window.agenda_tab
    tab.year.setValue(2007)  # no meeting of 2007 in the calendar: the dialog makes one
    tab.select_meeting(2)
    seen = typed_into(qtbot, dialogs.MeetingDialog, lambda dialog: retype(dialog.date.edit, "24.4.2007"), tab.edit_meeting_action.trigger)
    assert seen == {"ok_enabled": True, "error": ""}
    assert window.bridge.register.meeting(MeetingRef(2007, 2)).date == dt.date(2007, 4, 24)


def test_opprett_arets_moter_typed_date_enables_ok_and_stores_the_meetings(window, qtbot):
    tab = window.agenda_tab
    tab.year.setValue(2007)
    seen = typed_into(qtbot, dialogs.YearMeetingsDialog, lambda dialog: retype(dialog.dates[3].edit, "29.8.2007"),
                      tab.create_meetings_action.trigger)
    assert seen == {"ok_enabled": True, "error": ""}
    stored = [(m.number, m.date) for m in window.bridge.register.meetings if m.year == 2007]
    assert stored == [(1, dt.date(2007, 3, 15)), (2, dt.date(2007, 4, 16)), (3, dt.date(2007, 8, 29)), (4, dt.date(2007, 10, 15))]


def test_a_problem_with_a_field_the_dialog_has_no_label_for_names_the_record_not_the_field():
    """Was: «key: må fylles ut», the field's name in the bundle, in English, of a field the user never sees."""
    from konsultasjon_app.domain.problems import Problem

    problems = [Problem.make("agenda.key", "missing")]
    assert dialogs._first_problem(problems, {"title": "Tittel"}, "Saken") == "Saken: må fylles ut"
    assert dialogs._first_problem([Problem.make("agenda.title", "missing")], {"title": "Tittel"}, "Saken") == "Tittel: må fylles ut"


def test_opprett_arets_moter_shrinks_back_once_a_message_typed_through_is_gone(window, qtbot):
    """A date typed key by key passes through «27.08.20» (a date of 2020: a message, and notes on the other
    meetings), which grows the dialog. Was: the dialog kept that height, the room as blank gaps above the fields
    and the buttons. A height the user gave it by dragging is kept."""
    tab = window.agenda_tab
    tab.year.setValue(2007)
    heights = []

    def type_(dialog):
        heights.append(dialog.height())
        retype(dialog.dates[3].edit, "27.08.20")
        heights.append(dialog.height())
        QTest.keyClicks(dialog.dates[3].edit, "07")
        heights.append(dialog.height())
        dialog.resize(dialog.width(), heights[0] + 150)  # the user drags the lower edge
        retype(dialog.dates[3].edit, "28.08.2007")
        heights.append(dialog.height())

    seen = typed_into(qtbot, dialogs.YearMeetingsDialog, type_, tab.create_meetings_action.trigger)
    assert seen == {"ok_enabled": True, "error": ""}
    opened, typing, typed, dragged = heights
    assert typing > opened  # grown for the message: the fields not squashed
    assert typed == opened
    assert dragged == opened + 150
    assert window.bridge.register.meeting(MeetingRef(2007, 3)).date == dt.date(2007, 8, 28)


def test_opprett_arets_moter_compares_no_date_with_one_of_another_year(window, qtbot):
    """«27.08.20» on the way to 27.08.2007 is refused for meeting 3; was: meetings 1 and 2 were also said to lie
    «etter 3. møte (27.08.2020)»."""
    tab = window.agenda_tab
    tab.year.setValue(2007)
    seen_notes = []

    def type_(dialog):
        retype(dialog.dates[3].edit, "27.08.20")
        seen_notes.append((dialog.error.text(), [dialog.notes[n].text() for n in (1, 2, 4)]))
        QTest.keyClicks(dialog.dates[3].edit, "07")

    typed_into(qtbot, dialogs.YearMeetingsDialog, type_, tab.create_meetings_action.trigger)
    assert seen_notes == [("3. møte: Datoen må ligge i 2007.", ["", "", ""])]


@pytest.mark.parametrize("what", ["Rediger sak", "Rediger møte"])
def test_ok_with_nothing_typed_leaves_no_undo_step_and_no_history(window, qtbot, what):
    """OK on «Rediger sak» or «Rediger møte» left as it opened changes nothing. Was: an undo step «Endre …» whose
    Angre did nothing (the step the user meant to undo was one further back), and for a planner item an empty
    agenda entry stored and logged in the history."""
    tab = window.agenda_tab
    bridge = window.bridge
    history = len(bridge.session.store.history(limit=100000))
    before = bridge.register
    if what == "Rediger sak":
        tab.select_line(2, 0)
        seen = typed_into(qtbot, dialogs.ItemDialog, lambda dialog: None, tab.edit_item_action.trigger)
    else:
        tab.select_meeting(3)
        seen = typed_into(qtbot, dialogs.MeetingDialog, lambda dialog: None, tab.edit_meeting_action.trigger)
    assert seen["ok_enabled"]  # the real OK was clicked
    assert bridge.register == before
    assert bridge.undo_stack.count() == 0 and not window.undo_action.isEnabled()
    assert len(bridge.session.store.history(limit=100000)) == history
