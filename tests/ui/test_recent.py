"""The databases used last: *Fil → Nylig brukte*, and the one a start without --db opens. A secretariat whose
register lies on a shared drive opens it once with Fil → Åpne; the program then starts on it, and never silently on
another database when it is not there."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from konsultasjon_app import paths
from konsultasjon_app.store import backup as backups
from konsultasjon_app.store.demo import ensure_demo
from konsultasjon_app.ui import app as ui_app
from konsultasjon_app.ui import recent
from konsultasjon_app.ui.settings import AppSettings

from .test_opening import missing_database_answered


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setenv("KONSULTASJON_DATA_DIR", str(tmp_path / "data"))
    return AppSettings(str(tmp_path / "k.ini"))


def start_args() -> argparse.Namespace:
    return argparse.Namespace(db=None, demo=False, screenshot=None, tab=None)


def test_the_list_keeps_the_newest_first_once_each_and_survives_the_settings_file(tmp_path, settings):
    shared = tmp_path / "H" / "Sekretariat & KS" / "register.sqlite3"
    recent.remember(settings, shared)
    settings.sync()
    assert recent.recent(AppSettings(settings.path)) == [shared]  # a list of one, read back from the INI file
    for n in range(8):
        recent.remember(settings, tmp_path / f"{n}.sqlite3")
    recent.remember(settings, tmp_path / "3.sqlite3")
    assert recent.recent(settings) == [tmp_path / f"{n}.sqlite3" for n in (3, 7, 6, 5, 4, 2)]  # six, no repeats
    recent.forget(settings, tmp_path / "7.sqlite3")
    assert tmp_path / "7.sqlite3" not in recent.recent(settings)


def test_the_window_lists_the_databases_used_and_opens_one(tmp_path, settings, qtbot, open_window, messages):
    first, second = tmp_path / "first.sqlite3", tmp_path / "second & co.sqlite3"
    ensure_demo(second)
    window = open_window(first, settings=settings)
    file_items = [a.text() for a in window.menuBar().actions()[0].menu().actions() if a.isVisible()]
    assert file_items[1:3] == ["Å&pne …", "Nylig &brukte"]  # right below Åpne
    assert window._switch_to(second)
    assert recent.recent(settings) == [second, first]
    window.recent_menu.aboutToShow.emit()
    actions = window.recent_menu.actions()
    assert [a.text() for a in actions] == [f"&1 first.sqlite3   ({tmp_path})"]  # the open one is not offered
    actions[0].trigger()
    assert window.bridge.session.path == first
    assert recent.recent(settings) == [first, second]
    window.recent_menu.aboutToShow.emit()
    assert window.recent_menu.actions()[0].text() == f"&1 second && co.sqlite3   ({tmp_path})"  # "&" shown, no mnemonic


def test_a_listed_database_that_is_gone_is_not_made_anew(tmp_path, settings, qtbot, open_window, messages):
    gone = tmp_path / "gone.sqlite3"
    ensure_demo(gone)
    window = open_window(tmp_path / "here.sqlite3", settings=settings)
    window._switch_to(gone)
    window._switch_to(tmp_path / "here.sqlite3")
    window.bridge.session  # noqa: B018 - the window is on "here" again
    for side in ("", "-wal", "-shm"):
        Path(f"{gone}{side}").unlink(missing_ok=True)
    shutil.rmtree(backups.folder(gone))  # gone with its backups (with them, opening offers them: the next test)
    assert window.open_recent(gone) is False
    ((kind, text),) = messages
    assert kind == "question" and str(gone) in text and "finnes ikke" in text
    assert not gone.exists()  # an empty database was not made in its place
    assert gone not in recent.recent(settings)  # Yes: taken off the list


def test_a_start_opens_the_database_used_last(tmp_path, settings, qtbot):
    shared = tmp_path / "delt" / "register.sqlite3"
    ensure_demo(shared)
    recent.remember(settings, shared)
    recent.remember(settings, paths.demo_db_path())  # the demo is listed, but a start is never on it
    session = ui_app._open_session(start_args(), keep=10, settings=settings)
    try:
        assert session is not None and session.path == shared and not session.read_only
    finally:
        session.close()


def test_a_start_with_nothing_used_yet_opens_the_default_database(settings, qtbot):
    session = ui_app._open_session(start_args(), keep=10, settings=settings)
    try:
        assert session.path == paths.default_db_path()
    finally:
        session.close()


@pytest.mark.parametrize("answers", [["default"], ["retry", "default"], ["quit"], ["retry", "retry-after-connecting"]])
def test_a_start_whose_last_database_is_not_there_asks_and_never_opens_another_silently(tmp_path, settings, qtbot, monkeypatch, answers):
    """A network drive not connected in the meeting room: the user tries again once it is, opens the default
    database knowingly, or quits. Was: a start always opened the default database (an empty one, for a secretariat
    working on a shared drive), with nothing said."""
    shared = tmp_path / "nett" / "register.sqlite3"
    recent.remember(settings, shared)
    asked = []

    def ask(parent, path):
        asked.append(path)
        answer = answers[len(asked) - 1]
        if answer == "retry-after-connecting":
            ensure_demo(shared)  # the drive is connected now
            return "retry"
        return answer

    monkeypatch.setattr(recent, "ask_missing", ask)
    session = ui_app._open_session(start_args(), keep=10, settings=settings)
    try:
        assert asked == [shared] * len(answers)
        if answers[-1] == "quit":
            assert session is None
        elif answers[-1] == "default":
            assert session.path == paths.default_db_path()
        else:
            assert session.path == shared and session.register.agreements
    finally:
        if session is not None:
            session.close()
    if answers[-1] != "retry-after-connecting":
        assert not shared.exists() and not shared.parent.exists()  # nothing made where it was


@pytest.mark.parametrize("button, answer", [("Åpne &standarddatabasen", "default"), ("&Prøv igjen", "retry"), ("&Avslutt", "quit")])
def test_the_question_names_the_database_and_its_three_ways(tmp_path, settings, qtbot, button, answer, message_box_clicked_by_the_test):
    shown = []

    def click():
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        shown.append((box.text(), box.informativeText(), [b.text() for b in box.buttons()]))
        next(b for b in box.buttons() if b.text() == button).click()

    QTimer.singleShot(0, click)
    assert recent.ask_missing(None, tmp_path / "nett" / "register.sqlite3") == answer
    ((text, informative, buttons),) = shown
    assert str(tmp_path / "nett" / "register.sqlite3") in text and "nettverksstasjon" in text
    assert str(paths.default_db_path()) in informative
    assert sorted(buttons) == sorted(["&Prøv igjen", "Åpne &standarddatabasen", "&Avslutt"])


def test_a_screenshot_keeps_no_list(tmp_path, settings, qtbot, open_window):
    window = open_window(tmp_path / "a.sqlite3")  # no settings, as --screenshot has it
    assert window.recent_menu.menuAction().isVisible() is False
    assert recent.recent(settings) == []


def _offered_backups(monkeypatch) -> list:
    """BackupChooser shown (and closed with «Begynn med tom database»): the paths it offered backups of."""
    from konsultasjon_app.ui import backup_chooser

    offered = []
    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", lambda chooser: offered.append(chooser) or backup_chooser.BackupChooser.DECLINED)
    return offered


def _lose(path: Path) -> None:
    """The database file deleted (by mistake, a sync tool), its backups left beside it."""
    for side in ("", "-wal", "-shm", ".lock"):
        Path(f"{path}{side}").unlink(missing_ok=True)


def test_a_database_gone_with_its_backups_beside_it_is_offered_for_restore_everywhere(tmp_path, settings, qtbot, monkeypatch, messages, open_window):
    """Deleted by mistake, its backups beside it: the last database used, --db, and Nylig brukte each lead to the
    backups. Was: "try again / the default database / quit", "make a new, empty database?" and "remove it from the
    list?" (found by the audit of this round's changes)."""
    shared = tmp_path / "delt" / "register.sqlite3"
    ensure_demo(shared)
    from konsultasjon_app.store.session import Session

    Session.open(shared, lock=True, backup_on_open=True).close()
    assert backups.list_backups(shared)
    _lose(shared)
    offered = _offered_backups(monkeypatch)
    asked = missing_database_answered(monkeypatch, "offerBackups")  # whether it was moved or renamed, first
    recent.remember(settings, shared)
    monkeypatch.setattr(recent, "ask_missing", lambda *a: pytest.fail("asked about a network drive"))
    session = ui_app._open_session(start_args(), keep=10, settings=settings)  # "begin with an empty database"
    assert len(offered) == 1 and session.path == shared
    session.close()
    _lose(shared)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked to make an empty database"))
    ui_app._open_session(argparse.Namespace(db=shared, demo=False, screenshot=None, tab=None), keep=10).close()
    assert len(offered) == 2
    _lose(shared)
    window = open_window(tmp_path / "annen.sqlite3", settings=settings)
    window.open_recent(shared)
    assert len(offered) == 3 and len(asked) == 3


def test_the_last_database_gone_at_start_can_be_taken_off_the_list(tmp_path, settings, qtbot, monkeypatch, messages):
    """The database used last, gone (renamed, moved) with its backups beside it: the start's question offered «Finn
    den …» and the backups but not «Fjern fra listen», which Nylig brukte offers (review 2). Taken off the list, it is
    not tried again: the default database opens, and nothing is made under the old name."""
    from konsultasjon_app.store.session import Session

    shared = tmp_path / "delt" / "register.sqlite3"
    ensure_demo(shared)
    Session.open(shared, lock=True, backup_on_open=True).close()
    _lose(shared)
    recent.remember(settings, shared)
    offered = _offered_backups(monkeypatch)
    asked = missing_database_answered(monkeypatch, "forgetDatabase")
    session = ui_app._open_session(start_args(), keep=10, settings=settings)
    assert session is not None
    session.close()
    ((_, buttons),) = asked
    assert "Fjern fra &listen" in buttons and session.path == paths.default_db_path()
    assert recent.recent(settings) == [] and offered == [] and messages == []
    assert not shared.exists() and backups.list_backups(shared)


def _renamed_after_use(tmp_path, settings, open_window) -> tuple:
    """A register opened (and so backed up), then renamed in Utforsker while another database is open: the old
    path, the new one, and the window on the other database."""
    from konsultasjon_app.store.session import Session

    old = tmp_path / "delt" / "register.sqlite3"
    ensure_demo(old)
    Session.open(old, lock=True, backup_on_open=True).close()
    assert backups.list_backups(old)
    window = open_window(tmp_path / "annen.sqlite3", settings=settings)
    recent.remember(settings, old)
    new = old.with_name("register 2025.sqlite3")
    old.rename(new)
    for side in ("-wal", "-shm", ".lock"):
        Path(f"{old}{side}").unlink(missing_ok=True)
    return old, new, window


def test_a_renamed_database_on_the_list_is_said_to_be_perhaps_moved_and_can_be_found(tmp_path, settings, qtbot, monkeypatch, messages, open_window):
    """Renamed in Utforsker, chosen from Nylig brukte: was «tom eller finnes ikke» and the backups under the old name
    (a restore there forks the register). Now it says it may be moved or renamed, and «Finn den …» opens the Åpne
    dialog in its folder; the file found opens, and the old name leaves the list."""
    from PySide6.QtWidgets import QFileDialog

    old, new, window = _renamed_after_use(tmp_path, settings, open_window)
    offered = _offered_backups(monkeypatch)
    asked = missing_database_answered(monkeypatch, "findDatabase")
    started_in = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda parent, caption, folder, *a, **k: started_in.append(folder) or (str(new), ""))
    assert window.open_recent(old)
    ((text, buttons),) = asked
    assert "flyttet eller ha fått nytt navn" in text and "register.sqlite3" in text
    assert {"&Finn den …", "Fjern fra &listen", "&Sikkerhetskopier …"} <= set(buttons)
    assert started_in == [str(old.parent)] and offered == []
    assert window.bridge.session.path == new and window.bridge.register.agreements
    assert not old.exists()  # no second register under the old name
    assert old not in recent.recent(settings) and recent.recent(settings)[0] == new


def test_a_renamed_database_can_be_taken_off_the_list_and_nothing_is_made(tmp_path, settings, qtbot, monkeypatch, messages, open_window):
    old, new, window = _renamed_after_use(tmp_path, settings, open_window)
    offered = _offered_backups(monkeypatch)
    missing_database_answered(monkeypatch, "forgetDatabase")
    before = window.bridge.session.path
    assert not window.open_recent(old)
    assert window.bridge.session.path == before and offered == []
    assert old not in recent.recent(settings) and not old.exists() and backups.list_backups(old)


def test_a_renamed_database_found_as_the_one_open_here_is_said_to_be_open_and_stays_writable(
        tmp_path, settings, qtbot, monkeypatch, messages, open_window):
    """Renamed, opened under its new name, and then its old name chosen from Nylig brukte and «Finn den …» pointed at
    the file open here (review 2): was opened again, found this window's own lock and offered read-only in place of
    the writable session. Now it is said to be open already, as choosing it directly says, and the old name leaves
    the list."""
    from PySide6.QtWidgets import QFileDialog

    old, new, _ = _renamed_after_use(tmp_path, settings, open_window)
    window = open_window(new, demo=False, lock=True, settings=settings)
    session = window.bridge.session
    missing_database_answered(monkeypatch, "findDatabase")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(new), ""))
    window.open_recent(old)
    assert window.bridge.session is session and not session.read_only
    assert window.statusBar().currentMessage() == f"{new} er allerede åpen."
    assert messages == [] and old not in recent.recent(settings)


def starts_on_the_default(settings) -> None:
    """A start without --db whose database used last is refused: the default database opens (closed again here)."""
    session = ui_app._open_session(start_args(), keep=10, settings=settings)
    try:
        assert session is not None and session.path == paths.default_db_path()
    finally:
        session.close()


def test_a_last_database_that_cannot_be_opened_does_not_stop_every_start(tmp_path, settings, qtbot, monkeypatch, messages):
    """The last database used, upgraded by a newer version of the program: every start said so and ended, with no
    window (Fil → Åpne out of reach). Now the default database opens, and the next start tries the last again."""
    import sqlite3

    shared = tmp_path / "delt" / "register.sqlite3"
    ensure_demo(shared)
    with sqlite3.connect(shared) as db:
        db.execute("PRAGMA user_version = 99")
    recent.remember(settings, shared)
    for _ in range(2):
        starts_on_the_default(settings)
        assert [kind for kind, _ in messages[-2:]] == ["critical", "information"]
        assert "nyere versjon" in messages[-2][1] and f"prøver det {shared} igjen" in messages[-1][1]


def test_a_last_database_lacking_a_column_is_told_and_the_start_opens_the_default(tmp_path, settings, qtbot, monkeypatch, messages):
    """A column dropped with another tool (DB Browser): every start ended in the bug handler, and the default database
    was never reached. Now it is told as damaged or incomplete, naming the column, and the default opens."""
    from ..processes import lacking

    shared = tmp_path / "delt" / "register.sqlite3"
    ensure_demo(shared)
    lacking(shared, "ALTER TABLE agreements DROP COLUMN notes")
    recent.remember(settings, shared)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)  # not set aside for a new one
    for _ in range(2):
        starts_on_the_default(settings)
        assert [kind for kind, _ in messages[-1:]] == ["information"] and f"prøver det {shared} igjen" in messages[-1][1]


def test_the_default_database_opened_for_now_leaves_the_last_one_first(tmp_path, settings, qtbot, monkeypatch, messages):
    """Åpne standarddatabasen one morning (the drive not connected): the next day's start tries the shared register
    again. Was: the default stood first from then on, and every start opened it without a word."""
    from konsultasjon_app.ui.main_window import MainWindow  # noqa: F401 - run_gui's window

    shared = tmp_path / "nett" / "register.sqlite3"
    recent.remember(settings, shared)
    monkeypatch.setattr(recent, "ask_missing", lambda *a: "default")
    monkeypatch.setattr(ui_app, "AppSettings", lambda: settings, raising=False)
    from konsultasjon_app.ui import settings as settings_module

    monkeypatch.setattr(settings_module, "AppSettings", lambda *a: settings)
    monkeypatch.setattr(QApplication, "exec", lambda *a: 0)
    args = argparse.Namespace(db=None, demo=False, screenshot=None, tab=None, command=None)
    assert ui_app.run_gui(args) == 0
    assert recent.recent(settings)[:2] == [shared, paths.default_db_path()]
    ensure_demo(shared)  # the drive is connected again
    session = ui_app._open_session(start_args(), keep=10, settings=settings)
    try:
        assert session.path == shared
    finally:
        session.close()


def test_a_last_database_that_cannot_be_opened_lets_the_user_quit_instead(tmp_path, settings, qtbot, monkeypatch, messages):
    import sqlite3

    shared = tmp_path / "delt" / "register.sqlite3"
    ensure_demo(shared)
    with sqlite3.connect(shared) as db:
        db.execute("PRAGMA user_version = 99")
    recent.remember(settings, shared)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    assert ui_app._open_session(start_args(), keep=10, settings=settings) is None
    assert not paths.default_db_path().exists()  # the default was not made
