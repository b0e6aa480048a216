"""The window and its dialogs on a 1366x768 laptop at 125 % and 150 % Windows scaling: 1093x582 and 911x485
logical pixels above the taskbar. Every window fits with its title bar, a dialog's OK and Cancel stay in view,
and the columns that name the rows keep their text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QDialog, QScrollArea

from konsultasjon_app.domain.model import AgendaEntry, MeetingRef
from konsultasjon_app.ui.agenda.dialogs import ItemDialog, MeetingDialog
from konsultasjon_app.ui.evaluation.dialogs import CriteriaSetDialog
from konsultasjon_app.ui.register.form import AgreementForm
from konsultasjon_app.ui.register.parties import PartiesDialog
from konsultasjon_app.ui.shortcuts import ShortcutsDialog
from konsultasjon_app.ui.widgets import WINDOW_FRAME, fit_to_screen

LAPTOP_150 = QRect(0, 0, 911, 485)  # 1366x768 at 150 %, less a 40 px taskbar
TITLE_BAR = 31  # a Windows 10/11 title bar, in logical pixels


@pytest.fixture
def laptop(monkeypatch):
    """The screen's work area is that of the laptop at 150 %."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(LAPTOP_150))
    return LAPTOP_150


@pytest.fixture
def window(open_window, tmp_path):
    win = open_window(tmp_path / "demo.sqlite3")
    win.resize(1280, 800)
    win.show()
    return win


def fits(widget, area: QRect) -> bool:
    """Opened no larger than the work area with a title bar, and can be made no smaller than fits in it."""
    smallest = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    return (widget.width() + WINDOW_FRAME[0] <= area.width() and widget.height() + WINDOW_FRAME[1] <= area.height()
            and smallest.width() <= area.width() and smallest.height() + TITLE_BAR <= area.height())


def test_a_dialog_opens_no_larger_than_the_screen(laptop, qtbot):
    big, small = QDialog(), QDialog()
    qtbot.addWidget(big)
    qtbot.addWidget(small)
    fit_to_screen(big, 1100, 720)
    fit_to_screen(small, 400, 300)
    assert big.size().toTuple() == (911 - WINDOW_FRAME[0], 485 - WINDOW_FRAME[1])
    assert small.size().toTuple() == (400, 300)  # a dialog that fits keeps its size


def test_the_main_window_can_be_made_to_fit_the_laptop_at_150_percent(window):
    """Was: at least 900x600, taller than the screen at 150 % (the warnings and the status bar cut off)."""
    window.resize(LAPTOP_150.width() - WINDOW_FRAME[0], LAPTOP_150.height() - WINDOW_FRAME[1])
    assert window.minimumWidth() <= LAPTOP_150.width() and window.minimumHeight() + TITLE_BAR <= LAPTOP_150.height()
    assert window.size().toTuple() == (LAPTOP_150.width() - WINDOW_FRAME[0], LAPTOP_150.height() - WINDOW_FRAME[1])


def test_every_dialog_fits_the_laptop_at_150_percent(window, laptop, qtbot):
    """Was: the agreement form opened at 1100x720 and could not be made smaller than 844x630, its Lagre/Avbryt
    off screen; the criteria set editor could not be made smaller than 738x465."""
    register = window.bridge.register
    dialogs = [
        AgreementForm(register, window.bridge.session.path, None, [], window),
        AgreementForm(register, window.bridge.session.path, register.agreement("barnevern"), [], window),
        CriteriaSetDialog(register, None, parent=window),
        PartiesDialog(register, window),
        MeetingDialog(register.meeting(MeetingRef(2006, 2)), window, others=register.meetings),
        ItemDialog(AgendaEntry(MeetingRef(2006, 2), "own", key=""), "x", window, own=True),
        ShortcutsDialog(window),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        assert fits(dialog, laptop), (dialog.windowTitle(), dialog.size(), dialog.minimumSizeHint())
    form = dialogs[0]
    form.resize(form.minimumSizeHint())  # as small as it goes: Lagre and Avbryt are still there, whole
    qtbot.wait(10)
    assert form.rect().contains(form.buttons.geometry())
    assert form.buttons.visibleRegion().boundingRect() == form.buttons.rect()


def test_a_field_out_of_view_scrolls_into_view_when_its_alt_letter_is_pressed(window, laptop, qtbot):
    """The form's pages scroll on a small screen: Alt+B (Oppsigelsesbestemmelse, the page's last field) brings the
    field into view rather than putting the cursor where it cannot be seen."""
    form = AgreementForm(window.bridge.register, window.bridge.session.path, window.bridge.register.agreement("barnevern"), [], window)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    area = form.pages.currentWidget()
    assert isinstance(area, QScrollArea) and area.verticalScrollBar().maximum() > 0  # too tall to be seen whole

    def in_view(widget) -> bool:
        top_left = widget.mapTo(area.viewport(), QPoint(0, 0))
        return area.viewport().rect().contains(QRect(top_left, widget.size()))

    assert not in_view(form.notice_text)
    qtbot.keyClick(form, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    assert form.notice_text.hasFocus() and in_view(form.notice_text)
    qtbot.keyClick(form, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert form.title.hasFocus() and in_view(form.title)
    form.reject()
