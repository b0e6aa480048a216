"""Rediger → Innstillinger driven like a user: what was changed is not thrown away unasked, and a first election
year off Norway's four-year series is pointed out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox

from konsultasjon_app.ui.settings_dialog import SettingsDialog


@pytest.fixture
def window(open_window, tmp_path):
    return open_window(tmp_path / "demo.sqlite3")


def asked_with(monkeypatch, answer) -> list[str]:
    """The question «Forkaste …?» answered with `answer`; the texts asked, in order."""
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: asked.append(text) or answer)
    return asked


def run_settings(window, monkeypatch, qtbot, play) -> list[SettingsDialog]:
    """Rediger → Innstillinger as the menu opens it; `play(dialog)` is the user, on the dialog shown, and the
    dialog's own result (Esc, Avbryt or Lagre) is what the window gets back."""
    shown: list[SettingsDialog] = []

    def exec_(dialog):
        shown.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        play(dialog)
        return dialog.result() if not dialog.isVisible() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(SettingsDialog, "exec", exec_)
    window.settings_action.trigger()
    return shown


def type_year(qtbot, dialog: SettingsDialog, year: str) -> None:
    spin = dialog.first_election
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, year)


def test_esc_asks_before_changed_settings_are_thrown_away(window, monkeypatch, qtbot):
    asked = asked_with(monkeypatch, QMessageBox.StandardButton.Cancel)

    def change_then_esc(dialog):
        type_year(qtbot, dialog, "2009")
        qtbot.mouseClick(dialog.resign, Qt.MouseButton.LeftButton)
        qtbot.keyClick(dialog.first_election, Qt.Key.Key_Escape)
        assert asked == ["Forkaste endringene i innstillingene?"]
        assert dialog.isVisible() and dialog.first_election.value() == 2009 and dialog.resign.isChecked()  # kept as typed
        asked_with(monkeypatch, QMessageBox.StandardButton.Discard)
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()  # Avbryt, then Forkast: gone

    run_settings(window, monkeypatch, qtbot, change_then_esc)
    settings = window.bridge.register.settings
    assert (settings.first_election_year, settings.resign_on_every_continue) == (2005, False)


def test_esc_closes_at_once_when_nothing_was_changed(window, monkeypatch, qtbot):
    asked = asked_with(monkeypatch, QMessageBox.StandardButton.Cancel)

    def look_then_esc(dialog):
        type_year(qtbot, dialog, "2009")
        type_year(qtbot, dialog, "2005")  # back as it was
        qtbot.keyClick(dialog.first_election, Qt.Key.Key_Escape)
        assert not dialog.isVisible()

    run_settings(window, monkeypatch, qtbot, look_then_esc)
    assert asked == []


def test_a_first_election_year_off_the_four_year_series_is_pointed_out_but_kept(window, monkeypatch, qtbot):
    def type_2010_then_2013_then_2010(dialog):
        hint = dialog.findChild(QLabel, "electionHint")
        assert not hint.isVisibleTo(dialog)  # 2005, as stored
        type_year(qtbot, dialog, "2010")
        assert hint.isVisibleTo(dialog)
        assert "2009 og 2013" in hint.text() and "2010" in hint.text()
        type_year(qtbot, dialog, "2013")  # an election year: nothing to say
        assert not hint.isVisibleTo(dialog)
        type_year(qtbot, dialog, "1947")
        assert "1945 og 1949" in hint.text()
        type_year(qtbot, dialog, "2010")  # the user's choice all the same: Lagre takes it
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        assert ok.isEnabled()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    run_settings(window, monkeypatch, qtbot, type_2010_then_2013_then_2010)
    assert window.bridge.register.settings.first_election_year == 2010


def test_the_election_hint_takes_its_room_only_while_it_is_shown(window, monkeypatch, qtbot):
    """The hint grows the dialog to its wrapped lines, and going it gives the room back (review 2: was a blank gap of
    20 px under the buttons), but a height the user has dragged the dialog to stays."""
    heights = []

    def type_years(dialog):
        hint = dialog.findChild(QLabel, "electionHint")
        opened = dialog.height()
        type_year(qtbot, dialog, "2010")
        assert dialog.height() > opened and hint.height() >= hint.heightForWidth(hint.width())  # seen whole
        type_year(qtbot, dialog, "2009")
        heights.append((opened, dialog.height()))
        dialog.resize(dialog.width(), opened + 100)  # the user's height
        type_year(qtbot, dialog, "2010")
        type_year(qtbot, dialog, "2013")
        heights.append((opened + 100, dialog.height()))
        dialog.reject()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)  # discard
    run_settings(window, monkeypatch, qtbot, type_years)
    assert heights and all(expected == height for expected, height in heights)
