"""The window from the keyboard alone, with a Norwegian keyboard, and every control named for screen readers."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAccessible, QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from konsultasjon_app.domain.agenda import year_meetings
from konsultasjon_app.domain.changes import Command, Put
from konsultasjon_app.domain.criteria_builtin import MODEL_AGREEMENT
from konsultasjon_app.domain.model import AgendaEntry, MeetingRef
from konsultasjon_app.store.exchange import export_file, read_agreement_table_file
from konsultasjon_app.ui.agenda.dialogs import ItemDialog, MeetingDialog, MoveDialog, YearMeetingsDialog
from konsultasjon_app.ui.backup_chooser import BackupChooser
from konsultasjon_app.ui.evaluation.dialogs import AssessmentDialog, CriteriaSetDialog
from konsultasjon_app.ui.meeting.mode import MeetingMode
from konsultasjon_app.ui.register.form import AgreementForm, DecisionDialog, SigningDialog
from konsultasjon_app.ui.register.governments import GovernmentsDialog
from konsultasjon_app.ui.register.import_preview import ImportPreview
from konsultasjon_app.ui.register.parties import PartiesDialog
from konsultasjon_app.ui.settings_dialog import SettingsDialog
from konsultasjon_app.ui.shortcuts import MEETING_KEYS, ShortcutsDialog, window_shortcuts
from konsultasjon_app.ui.widgets import DateField

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


def test_every_control_of_the_dialogs_has_a_name(window, qtbot, tmp_path):
    register = window.bridge.register
    export_file(register, tmp_path / "avtaler.csv")
    criterion = MODEL_AGREEMENT.criteria[0]
    dialogs = [
        SigningDialog(),  # was: its two dates unnamed (their labels name the field, not the text in it)
        DecisionDialog(2006),
        CriteriaSetDialog(register, None, template=MODEL_AGREEMENT),
        AssessmentDialog(criterion, "Avtale", None, agreement="barnevern", set_key=MODEL_AGREEMENT.key),
        ImportPreview("avtaler.csv", read_agreement_table_file(tmp_path / "avtaler.csv", register)),
        BackupChooser(window.bridge.session.path, "Velg en sikkerhetskopi."),
        AgreementForm(register, window.bridge.session.path, register.agreement("barnevern")),
        PartiesDialog(register),
        GovernmentsDialog(register),
        MeetingDialog(register.meeting(MeetingRef(2006, 2))),
        YearMeetingsDialog(2007, year_meetings(register, 2007)),
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


def alt_letters(top: QWidget) -> dict[str, list[str]]:
    """The Alt+letters window `top` shows: each letter with the texts of the labels (that lead to a field) and
    buttons that carry it."""
    from PySide6.QtWidgets import QLabel

    letters: dict[str, list[str]] = {}
    for widget in top.findChildren(QWidget):
        if widget.window() is not top or not widget.isVisibleTo(top):
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            letter = QKeySequence.mnemonic(widget.text()).toString()
            if letter:
                letters.setdefault(letter, []).append(widget.text())
    return letters


def menu_letters(actions) -> dict[str, list[str]]:
    letters: dict[str, list[str]] = {}
    for action in actions:
        letter = QKeySequence.mnemonic(action.text()).toString()
        if letter and action.isVisible() and not action.isSeparator():
            letters.setdefault(letter, []).append(action.text())
    return letters


def shared(letters: dict[str, list[str]]) -> dict[str, list[str]]:
    return {letter: texts for letter, texts in letters.items() if len(texts) > 1}


def test_each_alt_letter_of_a_dialog_or_menu_is_used_once(window, qtbot):
    """Two controls on one letter make Alt+letter only move between them: a check box is never toggled, a menu
    entry never chosen. Was: Innstillinger's Alt+N, Registrer vedtak's Alt+M, Flytt sak's Alt+T and A in the
    Evaluering grid's context menu each meant two things."""
    from PySide6.QtWidgets import QMenu

    from konsultasjon_app.ui.register.form import DecisionDialog, SigningDialog

    register = window.bridge.register
    dialogs = [
        SettingsDialog(register.settings, 10),
        DecisionDialog(2006),
        SigningDialog(),
        MoveDialog("Sak 1/2006", MeetingRef(2006, 2), allow_date=True, reason_required=True),
        MoveDialog("Sak 1/2006", MeetingRef(2006, 1), allow_date=False, reason_required=False),
        MeetingDialog(register.meeting(MeetingRef(2006, 2))),
        YearMeetingsDialog(2007, year_meetings(register, 2007)),
        ItemDialog(AgendaEntry(MeetingRef(2006, 2), "own", key="x", title="Sak"), "Sak", own=True),
        PartiesDialog(register),
        GovernmentsDialog(register),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        assert shared(alt_letters(dialog)) == {}, dialog.windowTitle()
    window.all_tabs()
    for menu in window.findChildren(QMenu):
        assert shared(menu_letters(menu.actions())) == {}, menu.title()
    for view in (window.register_tab.table, window.agenda_tab.tree, window.evaluation_tab.grid, window.evaluation_tab.sets):
        assert shared(menu_letters(view.actions())) == {}, view.objectName()  # its context menu

    settings, move = dialogs[0], dialogs[3]
    settings.activateWindow()
    qtbot.waitUntil(settings.isActiveWindow)
    checked = settings.resign.isChecked()
    qtbot.keyClick(settings, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: settings.resign.isChecked() != checked)  # the first press ticks it
    settings.done(QDialog.DialogCode.Rejected)  # changed (ticked): closed without Esc's question, which would wait
    move.to_date.setChecked(True)
    move.activateWindow()
    qtbot.waitUntil(move.isActiveWindow)
    move.reason.setFocus()
    qtbot.keyClick(move, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert move.date.edit.hasFocus()
    move.done(QDialog.DialogCode.Rejected)  # changed (to a date): closed without Esc's question, which would wait


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


# -- Tab from control to control --------------------------------------------------------------------------------


def focus_in(qtbot, widget: QWidget) -> None:
    """`widget`'s window active with the focus in `widget`, as a user has it."""
    widget.window().activateWindow()
    qtbot.waitUntil(widget.window().isActiveWindow)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> QWidget:
    """A key as a keyboard sends it (to the widget with the focus); the widget with the focus after it."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    return QApplication.focusWidget()


def tab_out_of(qtbot, view: QAbstractItemView) -> tuple[QWidget, QWidget]:
    """Where Tab and where Shift+Tab go from `view` (a table with rows, its first row current)."""
    assert view.model().rowCount() > 0, view.accessibleName()
    reached = []
    for key, modifier in ((Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)):
        focus_in(qtbot, view)
        view.setCurrentIndex(view.model().index(0, 0))
        reached.append(press(qtbot, key, modifier))
    return reached[0], reached[1]


def shown(qtbot, dialog: QWidget) -> QWidget:
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_tab_leaves_the_tabs_tables(window, qtbot):
    """Tab and Shift+Tab go on to the next control from every table of the tabs, with rows in it. Was: Tab moved
    an unseen cell cursor from column to column, round from the last cell to the first, never out of the table:
    the search field, the filters, the year and Skriv ut could not be reached (a keyboard trap, WCAG 2.1.2)."""
    window.bridge.run(Command("Kriteriesett", (Put("criteria_sets", MODEL_AGREEMENT),)))
    views = []
    for tab, names in (("register", ("table",)), ("agenda", ("warnings",)), ("evaluation", ("grid", "summary_table"))):
        window.show_tab(tab)
        views += [getattr(getattr(window, f"{tab}_tab"), name) for name in names]
        for view in views[-len(names):]:
            forward, back = tab_out_of(qtbot, view)
            assert forward is not view and back is not view, view.accessibleName()
    assert [v.accessibleName() for v in views] == ["Avtaler", "Advarsler i planen", "Vurderinger: avtaler og kriterier", "Oppsummering per kriterium"]
    window.show_tab("register")
    forward, _ = tab_out_of(qtbot, window.register_tab.table)
    assert forward is window.register_tab.details


def test_tab_leaves_the_dialogs_tables(window, qtbot, tmp_path):
    """In the dialogs, Tab from the list goes on to their fields and buttons (Ny part, Importer, Lukk). Was: once
    the table had the focus, Tab went round its cells, and the buttons could not be reached."""
    register = window.bridge.register
    export_file(register, tmp_path / "avtaler.csv")
    parties = shown(qtbot, PartiesDialog(register, window))
    governments = shown(qtbot, GovernmentsDialog(register, window))
    preview = shown(qtbot, ImportPreview("avtaler.csv", read_agreement_table_file(tmp_path / "avtaler.csv", register), window))
    shortcuts = shown(qtbot, ShortcutsDialog(window, window))
    for dialog in (parties, governments, preview, shortcuts):
        forward, back = tab_out_of(qtbot, dialog.view)
        assert dialog.isAncestorOf(forward) and forward is not dialog.view, type(dialog).__name__
        assert dialog.isAncestorOf(back) and back is not dialog.view, type(dialog).__name__
    assert isinstance(tab_out_of(qtbot, shortcuts.view)[0], QAbstractButton)  # Lukk
    assert tab_out_of(qtbot, preview.view)[0] in preview.buttons.buttons()  # Importer / Avbryt


def agreement_form(window, qtbot, monkeypatch, key: str) -> AgreementForm:
    """The agreement's form, shown; closed at the end of the test without asking about what the test changed."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    register = window.bridge.register
    form = AgreementForm(register, window.bridge.session.path, register.agreement(key), parent=window)
    return shown(qtbot, form)


def test_tab_leaves_the_forms_tables(window, qtbot, monkeypatch):
    """The form's read-only tables (Historikk after any edit; Vedtak, Undertegninger, Vedlegg) let Tab out to the
    check pane and Lagre / Avbryt."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    register = window.bridge.register
    window.bridge.run(Command("Endre", (Put("agreements", replace(register.agreement("barnevern"), notes="Notat")),)))
    form = shown(qtbot, window.register_tab.open_form(window.bridge.register.agreement("barnevern")))
    form.pages.setCurrentIndex(5)
    history = form.pages.currentWidget().findChild(QAbstractItemView, "history")
    forward, back = tab_out_of(qtbot, history)
    assert forward is form.checks and back is not history
    assert not any(v.tabKeyNavigation() for v in (form.decision_view, form.signing_view, form.attachment_view))


def test_tab_goes_from_cell_to_cell_in_the_signatories_and_out_from_the_last(window, qtbot, monkeypatch):
    """The signatories are typed in place: Tab goes on to the next cell (and edits it), and from the last cell on
    to the buttons, the text typed kept; Shift+Tab from the first cell goes back out. Was: Tab went from the last
    cell round to the first, and Lagre / Avbryt could not be reached with Tab."""
    form = agreement_form(window, qtbot, monkeypatch, "barnevern")
    form.pages.setCurrentIndex(2)
    view, model = form.signatory_view, form.signatory_model
    add = next(b for b in form.pages.currentWidget().findChildren(QAbstractButton) if "undertegner" in b.text())
    focus_in(qtbot, add)
    press(qtbot, Qt.Key.Key_Space)  # Legg til undertegner: the new row's name is edited
    for text in ("Kari Nordmann", "statsråd", "KD"):
        qtbot.keyClicks(QApplication.focusWidget(), text)
        after = press(qtbot, Qt.Key.Key_Tab)
    assert model.items[-1] == ["Kari Nordmann", "statsråd", "KD"]
    assert after is add and view.state() == QAbstractItemView.State.NoState

    model.add()  # two rows: Tab from cell to cell, out from the last, Shift+Tab out from the first
    focus_in(qtbot, view)
    view.setCurrentIndex(model.index(0, 0))
    assert press(qtbot, Qt.Key.Key_Tab) is view and view.currentIndex() == model.index(0, 1)
    seen = [press(qtbot, Qt.Key.Key_Tab) for _ in range(5)]
    assert seen[:4] == [view] * 4 and view.currentIndex() == model.index(1, 2) and seen[4] is add
    focus_in(qtbot, view)
    view.setCurrentIndex(model.index(0, 0))
    back = press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert back is not view and not view.isAncestorOf(back)
    focus_in(qtbot, view)
    view.setCurrentIndex(model.index(0, 0))
    view.edit(model.index(0, 0))  # typing in the first cell: Shift+Tab goes out as well
    qtbot.keyClicks(QApplication.focusWidget(), "Ola")
    assert press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier) is back and model.items[0][0] == "Ola"


def test_tab_from_the_last_field_of_innhold_goes_on_to_lagre(window, qtbot, monkeypatch):
    """Innhold: Tab from Notater goes on to the check pane, Lagre and Avbryt. Was: back to Felles plikter (the
    obligations' box came after Notater in the Tab order and handed the focus to its first field), for ever."""
    form = agreement_form(window, qtbot, monkeypatch, "barnevern")
    form.pages.setCurrentIndex(1)
    focus_in(qtbot, form.purpose)
    seen = [press(qtbot, Qt.Key.Key_Tab) for _ in range(13)]
    assert seen[:3] == [form.ob_joint, form.ob_ks, form.ob_state]
    after_notes = seen[seen.index(form.notes) + 1:]
    assert after_notes[:2] == [form.checks, form.buttons.buttons()[0]], [w.accessibleName() for w in after_notes]
    qtbot.keyClick(form, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # the label "Partenes plikter" still leads to the first
    assert form.ob_joint.hasFocus()


def test_tab_reaches_a_list_of_parties_and_fjern_and_the_arrows_act_on_its_current_entry(window, qtbot, monkeypatch):
    """Tab from Status goes to the list of state parties (then to the field for a new one); Fjern and ▲/▼ act on the
    entry the list shows as current. Was: Tab skipped the list, and reached by Shift+Tab its first entry was
    current but not selected: Fjern removed nothing and the arrows moved nothing."""
    register = window.bridge.register
    agreement = next(a for a in register.agreements if len(a.state_parties) >= 2)
    form = agreement_form(window, qtbot, monkeypatch, agreement.key)
    editor = form.state_parties
    focus_in(qtbot, form.status)
    assert press(qtbot, Qt.Key.Key_Tab) is editor.view
    assert editor.view.selectionModel().selectedRows() == []  # current, not selected: as Qt leaves it
    while QApplication.focusWidget() is not editor.down_button:
        assert editor.isAncestorOf(press(qtbot, Qt.Key.Key_Tab))
    press(qtbot, Qt.Key.Key_Space)
    first, second, *rest = agreement.state_parties
    assert editor.values() == [second, first, *rest]
    focus_in(qtbot, editor.view)
    editor.view.selectionModel().clearSelection()
    editor.view.setCurrentIndex(editor.model.index(1))
    editor.view.selectionModel().clearSelection()
    focus_in(qtbot, editor.remove_button)
    press(qtbot, Qt.Key.Key_Space)
    assert editor.values() == [second, *rest]
    qtbot.keyClick(form, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # the label's letter: where a new one is typed
    assert editor.input.hasFocus()


def test_fjern_vedtak_acts_on_the_decision_the_table_shows_as_current(window, qtbot, monkeypatch):
    """Tab brings the focus to the form's table of decisions with its first row current, not selected; Tab on to
    "Fjern vedtak" and Space removes that one. Was: nothing, until the row was selected with Space first."""
    from PySide6.QtWidgets import QPushButton

    from konsultasjon_app.domain.model import Decision, MeetingRef

    window.bridge.run(Command("Vedtak", tuple(Put("decisions", Decision("barnevern", MeetingRef(2006, n), "continue")) for n in (2, 3))))
    form = agreement_form(window, qtbot, monkeypatch, "barnevern")
    before = list(form.decisions)
    form.decision_view.setCurrentIndex(form.decision_model.index(0, 0))
    form.decision_view.selectionModel().clearSelection()
    remove = next(b for b in form.findChildren(QPushButton) if b.text() == "Fjern vedtak")
    focus_in(qtbot, remove)
    press(qtbot, Qt.Key.Key_Space)
    assert form.decisions == before[1:]


def test_the_criteria_set_editor_starts_in_tittel_and_tabs_downwards(window, qtbot):
    """Was: it opened in Nøkkel (read-only when editing; typing did nothing), and Tab went up to Tittel."""
    window.bridge.run(Command("Kriteriesett", (Put("criteria_sets", MODEL_AGREEMENT),)))
    register = window.bridge.register
    for dialog in (CriteriaSetDialog(register, None, parent=window), CriteriaSetDialog(register, register.criteria_set(MODEL_AGREEMENT.key), parent=window)):
        shown(qtbot, dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        assert QApplication.focusWidget() is dialog.title, dialog.windowTitle()
        assert press(qtbot, Qt.Key.Key_Tab) is dialog.key
        assert press(qtbot, Qt.Key.Key_Tab) is dialog.criteria_view
        dialog.reject()


# -- meeting mode's text, and the list of keys -------------------------------------------------------------------


def test_the_meeting_items_text_scrolls_from_the_keyboard(window, qtbot):
    """↑/↓ scroll the item's text a line, Space / Shift+Space a page, on the same item; the keys are in the mode's
    help line and in Hurtigtaster. Was: no key scrolled it, and the proposed decision below a long background (or
    at 150 % on a laptop) stayed out of sight."""
    mode = shown(qtbot, MeetingMode(window.bridge, 2006, 2, dt.date(2006, 4, 26), window))
    mode.resize(800, 460)
    focus_in(qtbot, mode)
    bar = mode.body.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 2 * bar.singleStep())
    item = mode.index
    assert press(qtbot, Qt.Key.Key_Down) is mode and bar.value() == bar.singleStep()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Up)
    assert bar.value() == bar.singleStep()
    press(qtbot, Qt.Key.Key_Space)
    assert bar.value() == min(bar.maximum(), bar.singleStep() + bar.pageStep())
    press(qtbot, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Qt.Key.Key_Up)
    assert bar.value() == 0 and mode.index == item and mode.note.toPlainText() == ""
    assert f"{named(Qt.Key.Key_Up)} / {named(Qt.Key.Key_Down)}, {named(Qt.Key.Key_Space)}: bla i teksten" in mode.keys_help.text()
    assert {"Up / Down", "Space / Shift+Space"} <= {keys for keys, _ in MEETING_KEYS}  # (as Qt reads them: see key_names)
    mode.done(0)



def test_the_shortcut_list_says_how_to_leave_meeting_mode_and_the_keys_do_so(window, qtbot):
    """Hjelp → Hurtigtaster: «Esc / Alt+M – Avslutt møtemodus …», and that is what they do: Esc from the keys closes
    the mode, Esc in the protokoll field first goes back to the keys; Alt+M closes it from the field too, with the
    text typed there stored. Was: no row said how to leave the mode, yet Esc closed it at once."""
    rows = {what: keys for where, keys, what in window_shortcuts(window) if where == "Møtemodus"}
    leave = next(what for what in rows if what.startswith("Avslutt møtemodus"))
    assert rows[leave] == f"{named(Qt.Key.Key_Escape)} / {named(Qt.KeyboardModifier.AltModifier | Qt.Key.Key_M)}"
    assert leave == "Avslutt møtemodus, protokollteksten lagres (Esc: fra tastene)"

    mode = shown(qtbot, MeetingMode(window.bridge, 2006, 2, dt.date(2006, 4, 26), window))
    focus_in(qtbot, mode.note)
    press(qtbot, Qt.Key.Key_Escape)
    assert mode.isVisible() and QApplication.focusWidget() is mode  # back to the keys, the mode still open
    press(qtbot, Qt.Key.Key_Escape)
    assert not mode.isVisible()

    mode = shown(qtbot, MeetingMode(window.bridge, 2006, 2, dt.date(2006, 4, 26), window))
    line = mode.current()
    focus_in(qtbot, mode.note)
    qtbot.keyClicks(mode.note, "Partene ble enige")
    press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not mode.isVisible())
    assert next(e for e in window.bridge.register.agenda if e.meeting == line.meeting and e.minutes).minutes == "Partene ble enige"


def named(key) -> str:
    """A key as Qt names it in the language in force ("Ned", once a test has installed the Norwegian translation)."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def test_the_shortcut_list_names_each_key_one_way(window):
    """Hjelp → Hurtigtaster names a key as Qt names the keys of the window's actions, in every row: the keys listed
    by hand (the grid's, the date fields', meeting mode's) too. Was: «Ctrl+Ned» and «Enter / Ned» in some rows,
    «↑ / ↓», «Alt+↓» and «PgDn / →» in others; «Del» in Avtaleregister and Dagsorden, «Delete» in Evaluering."""
    rows = window_shortcuts(window)
    keys = {(where, what): k for where, k, what in rows}
    assert not [row for row in rows if any(sign in row[1] for sign in ("↑", "↓", "←", "→", "Delete", "PgDn"))], rows
    assert keys[("Evaluering", "Fjern vurderingen")] == keys[("Avtaleregister", "Slett")] == named(Qt.Key.Key_Delete)
    assert keys[("Møtemodus", "Neste sak")] == f"{named(Qt.Key.Key_PageDown)} / {named(Qt.Key.Key_Right)}"
    assert keys[("Møtemodus", "Bla i saksteksten")] == f"{named(Qt.Key.Key_Up)} / {named(Qt.Key.Key_Down)}"
    arrows = " / ".join(named(k) for k in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right))
    assert keys[("Evaluering", "Flytt mellom cellene")] == arrows
    assert keys[("Dagsorden", "Flytt ned")] == named(Qt.KeyboardModifier.ControlModifier | Qt.Key.Key_Down)  # (the action's own)


def test_the_shortcut_list_has_enter_on_the_agreements_and_the_date_keys(window, qtbot):
    """Was: README says Hurtigtaster lists every shortcut, but Enter on the agreement table and the date fields'
    keys were in no row. The keys listed are the ones a date field answers to, doing what the list says."""
    rows = window_shortcuts(window)
    enter = QKeySequence(Qt.Key.Key_Return).toString(QKeySequence.SequenceFormat.NativeText)
    assert any(where == "Avtaleregister" and keys == enter for where, keys, _ in rows)
    assert [(keys, what) for where, keys, what in rows if where == "Datofelt"] == [
        (f"{named(Qt.KeyboardModifier.AltModifier | Qt.Key.Key_Down)} / {named(Qt.Key.Key_F4)}", "Velg datoen i kalenderen"),
        (f"{named(Qt.Key.Key_Up)} / {named(Qt.Key.Key_Down)}", "En dag senere / tidligere"),
    ]
    field = DateField()
    qtbot.addWidget(field)
    field.set_value(dt.date(2006, 4, 26))
    field.show()
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)
    assert field.value() == dt.date(2006, 4, 27)
    qtbot.keyClick(field.edit, Qt.Key.Key_Down)
    qtbot.keyClick(field.edit, Qt.Key.Key_Down)
    assert field.value() == dt.date(2006, 4, 25)
    for key, modifier in ((Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier), (Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier)):
        qtbot.keyClick(field.edit, key, modifier)
        assert field._popup is not None and field._popup.isVisible() and field.value() == dt.date(2006, 4, 25)
        field._popup.hide()


def test_the_keypads_enter_opens_what_enter_opens(window, show_on, monkeypatch, qtbot):
    """Hjelp lists Enter for the register and Dagsorden; the keypad's Enter did nothing there (the Evaluering grid
    and meeting mode take both)."""
    from konsultasjon_app.ui.agenda import dialogs as agenda_dialogs
    from konsultasjon_app.ui.register import form as register_form

    opened = []
    monkeypatch.setattr(register_form.AgreementForm, "exec", lambda d: opened.append(type(d).__name__) or QDialog.DialogCode.Rejected)
    monkeypatch.setattr(agenda_dialogs.ItemDialog, "exec", lambda d: opened.append(type(d).__name__) or QDialog.DialogCode.Rejected)
    register = show_on(window, "register")
    register.table.setFocus()
    register.table.selectRow(0)
    for key, modifier in ((Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)):
        qtbot.keyClick(register.table, key, modifier)
    agenda = show_on(window, "agenda")
    agenda.tree.setFocus()
    agenda.select_line(2, 0)
    for key, modifier in ((Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)):
        qtbot.keyClick(agenda.tree, key, modifier)
    assert opened == ["AgreementForm", "AgreementForm", "ItemDialog", "ItemDialog"]


@pytest.mark.parametrize("tab, view", [("register", "table"), ("agenda", "tree")])
def test_shift_f10_opens_the_tabs_action_menu(window, show_on, qtbot, tab, view):
    """Hjelp and the README promise the Menu key or Shift+F10; laptops often have no Menu key, and Qt makes Shift+F10
    a context menu only on Windows: elsewhere it did nothing."""
    widget = getattr(show_on(window, tab), view)
    widget.setFocus()
    shown = []

    def look():
        menu = QApplication.activePopupWidget()
        shown.append([a.text() for a in menu.actions() if not a.isSeparator()] if menu else None)
        if menu:
            menu.close()

    QTimer.singleShot(0, look)
    qtbot.keyClick(widget, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0] == [a.text() for a in widget.actions() if not a.isSeparator()] and len(shown[0]) >= 4


def test_with_no_criteria_set_shift_f10_in_evaluering_reaches_a_new_one(window, show_on, qtbot, monkeypatch):
    """With no criteria set the set list is disabled, and its menu held the only way to «Nytt …» from the keyboard
    (a toolbar button takes no focus). The grid's menu has it now, with the built-in sets."""
    assert window.bridge.register.criteria_sets == ()  # the demo has none
    tab = show_on(window, "evaluation")
    tab.grid.setFocus()
    opened: list[str] = []
    monkeypatch.setattr(CriteriaSetDialog, "exec", lambda dialog: opened.append(dialog.windowTitle()) or 0)
    chosen = []

    def choose():
        menu = QApplication.activePopupWidget()
        chosen.append([a.text() for a in menu.actions() if not a.isSeparator() and a.isEnabled()] if menu else [])
        new = [a for a in menu.actions() if a.objectName() == "newCriteriaSet"] if menu else []
        if menu:
            menu.close()
        for action in new:
            action.trigger()

    QTimer.singleShot(0, choose)
    qtbot.keyClick(tab.grid, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bool(chosen))
    assert "&Nytt …" in chosen[0] and "Legg til innebygd kriteriesett" in chosen[0]
    assert len(opened) == 1


def test_the_date_pickers_parts_are_named_and_its_keys_named_as_hurtigtaster_names_them(window, qtbot):
    """Alt+↓ puts the focus in the calendar grid, which had no name; its month arrows had neither a name nor a
    tooltip (a screen reader said only «knapp»). The ▾ button's tooltip said «Alt+Pil ned», Hurtigtaster «Alt+Ned»."""
    from PySide6.QtCore import QLocale

    field = DateField()
    qtbot.addWidget(field)
    field.set_value(dt.date(2006, 4, 26))
    field.show()
    keys = next(k for where, k, what in window_shortcuts(window) if (where, what) == ("Datofelt", "Velg datoen i kalenderen"))
    assert field.calendar_button.toolTip() == f"Velg i kalenderen ({keys})"
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = field._popup
    assert popup.isVisible() and unnamed_controls(popup) == []
    grid = QApplication.focusWidget()
    assert grid.objectName() == "qt_calendar_calendarview"

    def told(name: str) -> tuple[str, str]:
        part = popup.findChild(QWidget, name)
        return QAccessible.queryAccessibleInterface(part).text(QAccessible.Text.Name), part.toolTip()

    assert told("qt_calendar_calendarview")[0] == "Velg dato"
    assert told("qt_calendar_prevmonth") == ("Forrige måned", f"Forrige måned ({named(Qt.Key.Key_PageUp)})")
    assert told("qt_calendar_nextmonth") == ("Neste måned", f"Neste måned ({named(Qt.Key.Key_PageDown)})")
    # The month and year buttons are read as what they show («april», «2006»), and say what they are for.
    assert told("qt_calendar_monthbutton") == (QLocale().standaloneMonthName(4), "Velg måned")
    assert told("qt_calendar_yearbutton") == ("2006", "Velg år")
    qtbot.keyClick(grid, Qt.Key.Key_PageUp)  # what the tooltip says
    assert field.calendar.monthShown() == 3
    popup.hide()


def test_every_toolbar_button_says_what_it_does_and_names_its_keys(window, show_on):
    """Hovering a toolbar button showed only its own label again («Rediger», «Ny sak»), hiding its key (F2,
    Ctrl+Shift+N, Del, F11), and the status bar said nothing: no action had a status tip. The keys are named as
    Hjelp → Hurtigtaster names them."""
    from PySide6.QtWidgets import QToolBar

    listed = {(where, what): keys for where, keys, what in window_shortcuts(window)}
    places = {"register": "Avtaleregister", "agenda": "Dagsorden", "evaluation": "Evaluering"}
    for tab, place in places.items():
        page = show_on(window, tab)
        for toolbar in page.findChildren(QToolBar):
            for action in toolbar.actions():
                if action.isSeparator() or not action.text():
                    continue
                label = action.text().replace("&", "").rstrip(" …")
                button = toolbar.widgetForAction(action)
                assert button.toolTip() == action.toolTip() and action.statusTip(), label
                keys = listed.get((place, label))
                if keys is not None:
                    assert action.toolTip().endswith(f"({keys})"), (label, action.toolTip())
                assert action.toolTip().split(" (")[0] != label, label  # more than the label again
    agenda = window.agenda_tab
    assert agenda.edit_item_action.toolTip() == f"{agenda.edit_item_action.statusTip()} ({named(Qt.Key.Key_F2)})"
    assert agenda.meeting_mode_action.toolTip().endswith(f"({named(Qt.Key.Key_F11)})")
    assert window.register_tab.findChild(QAction, "editAgreement").toolTip().endswith(f"({named(Qt.Key.Key_F2)})")
    assert agenda.print_button.toolTip() and agenda.print_button.statusTip()
    # Ctrl+N is the window's menu entry's: the register's «Ny avtale» button names it too (found by the README audit).
    assert window.register_tab.new_action.toolTip().endswith(f"({QKeySequence(QKeySequence.StandardKey.New).toString(QKeySequence.SequenceFormat.NativeText)})")
    builtin = window.evaluation_tab.builtin_button
    assert builtin.toolTip() and builtin.statusTip()
    # Evaluering's tips named Delete «Delete», Hurtigtaster «Del».
    assert f"({named(Qt.Key.Key_Delete)})" in window.evaluation_tab.clear_cell_action.toolTip()


def test_every_action_has_a_status_tip(window):
    """The status bar says what a menu entry or button does while the pointer is on it (Qt shows the status tip);
    no action had one."""
    window.all_tabs()
    missing = [
        action.text() for action in window.findChildren(QAction)
        if not action.isSeparator() and action.text() and action.menu() is None and not action.statusTip()
    ]
    assert missing == []


def test_the_toolbars_overflow_button_is_named(window, show_on, qtbot):
    """On a narrow window «Møtemodus» and «Skriv ut» go behind the toolbar's », which had neither a tooltip nor a
    name for a screen reader."""
    from PySide6.QtWidgets import QToolBar, QToolButton

    window.resize(800, 600)
    for tab in ("register", "agenda", "evaluation"):
        page = show_on(window, tab)
        for toolbar in page.findChildren(QToolBar):
            more = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
            assert more.toolTip() and more.accessibleName() == "Flere knapper", toolbar.objectName()
    agenda_bar = show_on(window, "agenda").toolbar  # where it shows at this width
    qtbot.waitUntil(lambda: agenda_bar.findChild(QToolButton, "qt_toolbar_ext_button").isVisible())


def test_meeting_modes_help_line_names_the_keys_as_hurtigtaster_does(window, qtbot):
    """The help line under the item said «PgUp/PgDn» and «↑/↓»; Hurtigtaster says «PgUp», «PgDown», «Opp», «Ned»
    (Qt's names in the language in force). And it said «Ingen beslutning registrert.»: the glossary's word is vedtak."""
    rows = window_shortcuts(window)
    keys = {what: k for where, k, what in rows if where == "Møtemodus"}
    mode = shown(qtbot, MeetingMode(window.bridge, 2006, 2, dt.date(2006, 4, 26), window))
    mode.go(next(i for i, item in enumerate(mode.lines) if item.agreement is None))  # the scope item: no decision keys
    line = mode.keys_help.text()
    assert f"{named(Qt.Key.Key_PageUp)} / {named(Qt.Key.Key_PageDown)}: forrige / neste" in line
    assert keys["Neste sak"].startswith(named(Qt.Key.Key_PageDown)) and keys["Forrige sak"].startswith(named(Qt.Key.Key_PageUp))
    assert "PgDn" not in line and "↑" not in line
    undecided = next(i for i, item in enumerate(mode.lines) if item.agreement is not None and mode._decision(item) is None)
    mode.go(undecided)
    assert mode.decision.text() == "Ikke noe vedtak registrert."
    mode.done(0)
