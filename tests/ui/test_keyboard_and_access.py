"""The window from the keyboard alone, with a Norwegian keyboard, and every control named for screen readers."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAccessible, QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from konsultasjon_app.domain.model import AgendaEntry, MeetingRef
from konsultasjon_app.ui.agenda.dialogs import ItemDialog, MeetingDialog, MoveDialog
from konsultasjon_app.ui.meeting.mode import MeetingMode
from konsultasjon_app.ui.register.form import AgreementForm
from konsultasjon_app.ui.register.parties import PartiesDialog
from konsultasjon_app.ui.settings_dialog import SettingsDialog
from konsultasjon_app.ui.shortcuts import ShortcutsDialog, window_shortcuts

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QPlainTextEdit, QTextEdit, QTabBar)


@pytest.fixture
def window(open_window, tmp_path):
    win = open_window(tmp_path / "demo.sqlite3", lock=True)
    win.resize(1280, 800)
    win.show()
    return win


def unnamed_controls(top: QWidget) -> list[str]:
    """Focusable controls a screen reader could not name (Qt's own parts of composite widgets aside)."""
    missing = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox)):
            continue  # the line edit inside a combo box or date edit is named through its owner
        if widget.window() is not top or not widget.isVisibleTo(top):
            continue  # a popup (a combo box's list, a calendar) is a window of Qt's own; hidden pages are checked when shown
        name = QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
        if not name.strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parentWidget()).__name__}")
    return missing


def test_every_control_of_the_window_has_a_name(window):
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        assert unnamed_controls(window) == [], window.tabs.tabText(tab)


def test_every_control_of_the_dialogs_has_a_name(window, qtbot):
    register = window.bridge.register
    dialogs = [
        AgreementForm(register, window.bridge.session.path, register.agreement("barnevern")),
        PartiesDialog(register),
        MeetingDialog(register.meeting(MeetingRef(2006, 2))),
        ItemDialog(AgendaEntry(MeetingRef(2006, 2), "own", key="x", title="Sak"), "Sak", own=True),
        MoveDialog("Sak 1/2006", MeetingRef(2006, 2), allow_date=True, reason_required=True),
        MeetingMode(window.bridge, 2006, 2, dt.date(2006, 4, 26)),
        ShortcutsDialog(window),
        SettingsDialog(register.settings, 10),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        if isinstance(dialog, AgreementForm):
            for page in range(dialog.pages.count()):
                dialog.pages.setCurrentIndex(page)
                assert unnamed_controls(dialog) == [], dialog.pages.tabText(page)
        else:
            assert unnamed_controls(dialog) == [], type(dialog).__name__


def test_no_shortcut_takes_an_altgr_combination(window):
    """On a Norwegian Windows keyboard AltGr is Ctrl+Alt: @ { [ ] } $ € | must arrive as text, never as a shortcut."""
    sequences = []
    for action in window.findChildren(QAction):
        sequences += action.shortcuts()
    for shortcut in window.findChildren(QShortcut):
        sequences.append(shortcut.key())
    for sequence in sequences:
        for i in range(sequence.count()):
            modifiers = sequence[i].keyboardModifiers()
            assert not (modifiers & Qt.KeyboardModifier.ControlModifier and modifiers & Qt.KeyboardModifier.AltModifier), sequence.toString()


@pytest.mark.parametrize("char, key", [("@", Qt.Key.Key_At), ("{", Qt.Key.Key_BraceLeft), ("[", Qt.Key.Key_BracketLeft), ("]", Qt.Key.Key_BracketRight), ("}", Qt.Key.Key_BraceRight), ("$", Qt.Key.Key_Dollar), ("€", Qt.Key.Key_unknown)])
def test_altgr_characters_arrive_as_text(window, qtbot, char, key):
    search = window.register_tab.search
    window.show_tab("register")
    search.setFocus()
    altgr = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(search, QKeyEvent(kind, key, altgr, char))
    assert search.text() == char


def test_create_an_agreement_with_the_keyboard_alone(window, qtbot):
    """Ctrl+N opens the form with the cursor in the title; typing, Tab to the key, Enter saves."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.show_tab("register")
    window.register_tab.table.setFocus()
    seen = {}

    def type_into_the_form():
        form = QApplication.activeModalWidget()
        try:
            seen["form"] = type(form).__name__
            qtbot.waitUntil(lambda: QApplication.focusWidget() is form.title)
            seen["focus"] = True
            qtbot.keyClicks(QApplication.focusWidget(), "Avtale om tastaturbruk")
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            seen["tab"] = QApplication.focusWidget() is form.key
            seen["key"] = form.key.text()
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        finally:
            if form is not None and form.isVisible():
                form.reject()  # never leave a modal dialog open: the test would hang instead of failing

    QTimer.singleShot(0, type_into_the_form)
    qtbot.keyClick(window.register_tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen == {"form": "AgreementForm", "focus": True, "tab": True, "key": "tastaturbruk"}
    assert window.bridge.register.agreement("tastaturbruk").title == "Avtale om tastaturbruk"


def test_the_shortcut_list_is_read_from_the_actions(window):
    rows = window_shortcuts(window)
    keys = {(where, what): k for where, k, what in rows}
    assert keys[("Hele vinduet", "Angre")] == QKeySequence(QKeySequence.StandardKey.Undo).toString(QKeySequence.SequenceFormat.NativeText)
    assert ("Hele vinduet", "Ny avtale") in keys and ("Dagsorden", "Møtemodus") in keys
    assert ("Møtemodus", "Vedtak: reforhandle") in keys
