"""Opening the database in the window: in use elsewhere (read-only, with a banner), damaged (restore a backup),
not a database at all (a clear message); restoring from the File menu."""

from __future__ import annotations

import contextlib
import getpass
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QPushButton

from konsultasjon_app.domain.changes import Command, Put
from konsultasjon_app.domain.model import Agreement
from konsultasjon_app.store import backup as backups
from konsultasjon_app.store.errors import StoreError
from konsultasjon_app.store.session import Session
from konsultasjon_app.ui import backup_chooser, opening

from ..processes import add, another_writer, lacking, no_room_for_the_shm, reap, restoring_copy


def _opened_keys(db: Path) -> list[str] | None:
    """The agreements' keys of the register `opening.open_database` opens (closed again); None if it opens none."""
    session = opening.open_database(db)
    if session is None:
        return None
    try:
        return [a.key for a in session.register.agreements]
    finally:
        session.close()


def missing_database_answered(monkeypatch, button: str | None) -> list[tuple[str, list[str]]]:
    """The question about a database that is not there while its backups are, answered with the button of that
    object name ("findDatabase", "forgetDatabase", "offerBackups"; None: Avbryt); each time, its text and buttons
    are returned."""
    asked = []

    def click(box):
        asked.append((box.text(), [b.text() for b in box.buttons()]))
        (box.findChild(QPushButton, button) if button else box.button(QMessageBox.StandardButton.Cancel)).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click)
    return asked


def restoring_to_a(db: Path, window_on, monkeypatch):
    """The window on a database that holds agreement "a" (a backup made then) and "b", with that backup chosen for
    the next Gjenopprett sikkerhetskopi: the window and the backup."""
    session = Session.open(db, lock=True)
    add(session, "a")
    point = session.backup("manual")
    add(session, "b")
    choose(monkeypatch, point)
    return window_on(session), point


def damaged_after_a_backup(db: Path):
    """A database that held agreement "a", backed up then, and is damaged now (its -wal gone with it): the backup."""
    session = Session.open(db, lock=True)
    add(session, "a")
    point = session.backup("manual")
    session.close()
    Path(f"{db}-wal").unlink(missing_ok=True)
    db.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 3000)
    return point


def two_backups(db: Path):
    """The open session of a database backed up holding "a" (the older backup), then holding "a" and "b" (the newest)."""
    session = Session.open(db, lock=True)
    add(session, "a")
    older = session.backup("manual")
    add(session, "b")
    return session, older, session.backup("manual")


def choose(monkeypatch, backup) -> None:
    """The next Gjenopprett sikkerhetskopi dialog: `backup` chosen, and OK."""

    def pick(dialog):
        dialog.view.setCurrentIndex(dialog.view.model().index([b.path for b in dialog.backups].index(backup.path), 0))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", pick)


def test_in_use_elsewhere_opens_read_only_with_a_banner(tmp_path, qtbot, messages, window_on):
    db = tmp_path / "db.sqlite3"
    other_window = Session.open(db, lock=True)
    add(other_window, "a")
    try:
        session = opening.open_database(db)
        assert session is not None and session.read_only
        assert messages[0][0] == "question" and "er åpen for skriving hos" in messages[0][1]
        assert messages[0][1].count("skrivebeskyttet") == 1  # asked once, not also told in the message above it
        window = window_on(session)
        assert not window.banner.isHidden()
        assert window.banner.text().startswith("Databasen er åpen skrivebeskyttet fordi den er i bruk hos")
        assert "(skrivebeskyttet)" in window.windowTitle()
        assert not window.register_tab.new_action.isEnabled()
        assert not window.import_action.isEnabled()
        assert window.register_tab.model.rowCount() == 1  # reading works
    finally:
        other_window.close()


def test_a_damaged_database_offers_its_backups_and_keeps_the_damaged_file(tmp_path, monkeypatch, messages):
    db = tmp_path / "db.sqlite3"
    damaged_after_a_backup(db)

    def choose(dialog):
        assert dialog.view.model().rowCount() >= 1
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", choose)
    assert _opened_keys(db) == ["a"]
    assert list(tmp_path.glob("db.skadet-*.sqlite3"))  # the damaged file is kept, never deleted


def test_a_database_lacking_a_table_is_told_so_and_offers_its_backups(qapp, tmp_path, monkeypatch, messages):
    """A table dropped with another tool: was the bug handler's «Det oppstod en programfeil». Now it is said to be
    damaged or incomplete, naming the table, as a damaged file is: its backups are offered, or, with none, to set it
    aside and start anew."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "a")
    session.close()
    without = tmp_path / "uten.sqlite3"
    without.write_bytes(db.read_bytes())
    session = Session.open(db, lock=True)
    session.backup("manual")
    session.close()
    for path in (db, without):
        lacking(path, "DROP TABLE signings")
    offered = []

    def choose(dialog):
        offered.append(dialog.findChild(QLabel).text())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", choose)
    assert _opened_keys(db) == ["a"]
    assert f"databasen {db} er skadet eller ufullstendig: tabellen signings mangler" in offered[0]
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: messages.append(("question", text)) or QMessageBox.StandardButton.No)
    assert _opened_keys(without) is None
    assert messages[-1] == ("question", f"databasen {without} er skadet eller ufullstendig: tabellen signings mangler (skjemaversjon 3).\n\n"
                                        "Det finnes ingen sikkerhetskopi av den. Vil du sette filen til side (den tas vare på ved siden av) og begynne med en tom database?")


def test_restoring_over_a_damaged_database_keeps_other_writers_out_until_it_is_open(tmp_path, monkeypatch, messages):
    db = tmp_path / "db.sqlite3"
    point = damaged_after_a_backup(db)
    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    tries, refused = another_writer(db)
    with restoring_copy(monkeypatch, tries):
        session = opening.open_database(db)
    try:
        assert refused == ["in-use"] and messages == []
        assert [a.key for a in session.register.agreements] == ["a"] and session.lock is not None
        assert session.store.history()[0]["command"] == f"Gjenopprettet sikkerhetskopi fra {point.label}"
    finally:
        session.close()


def test_restoring_over_a_damaged_database_another_program_holds_is_refused_and_changes_nothing(tmp_path, monkeypatch):
    """Another program has the damaged database open for writing (it took the lock before it failed, say): the
    restore is not made, the user is told why, and the damaged file stays as it is, where it is."""
    from konsultasjon_app.store.lock import WriterLock

    db = tmp_path / "db.sqlite3"
    point = damaged_after_a_backup(db)
    damaged = db.read_bytes()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a, **k: shown.append((title, text)))
    colleague = WriterLock(db)
    assert colleague.acquire()
    try:
        assert opening.restore_into(db, point, None) is None
    finally:
        colleague.release()
    ((title, text),) = shown
    assert title == "Gjenopprettingen ble ikke gjennomført" and f"Databasen {db} er åpen hos" in text
    assert "gjenopprett sikkerhetskopien på nytt" in text and "skrivebeskyttet" not in text  # a damaged file cannot be read
    assert db.read_bytes() == damaged and not list(tmp_path.glob("db.skadet-*")) and not list(tmp_path.glob(".db.sqlite3.restoring*"))


def test_a_file_that_is_not_a_database_and_has_no_backups_gets_a_message(tmp_path, messages):
    db = tmp_path / "notat.sqlite3"
    db.write_text("Møtenotater, ikke en database", encoding="utf-8")
    assert opening.open_database(db) is None
    kind, text = messages[-1]
    assert kind == "critical" and "er ikke en database for dette programmet" in text
    assert "Fil → Importer" not in text


@pytest.mark.parametrize("content", ['{"format": "konsultasjon-bundle", "version": 1}', "", None], ids=["bundle", "empty", "none"])
@pytest.mark.parametrize("name", ["pakke.json", "avtaler.XLSX", "avtaler.csv"])
def test_a_bundle_or_table_chosen_under_open_says_it_is_imported(tmp_path, messages, name, content):
    """The bundle a colleague sent, chosen with Fil → Åpne: was only «ikke en SQLite-fil», leaving a new user stuck;
    an empty one (or a name with no file) was made into an empty database without a word (review)."""
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert opening.open_database(path) is None
    ((kind, text),) = messages
    assert kind == "critical" and "er ikke en database for dette programmet" in text
    assert text.endswith(f"En {path.suffix.lower()}-fil hentes inn i en database med Fil → Importer.")
    assert (path.read_text(encoding="utf-8") == content) if content is not None else not path.exists()


def test_restore_from_the_file_menu(tmp_path, qtbot, monkeypatch, messages, window_on):
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "a")
    session.backup("manual")
    add(session, "b")
    window = window_on(session)
    bridge = window.bridge

    def choose_oldest_manual(dialog):
        dialog.view.setCurrentIndex(dialog.view.model().index([b.reason for b in dialog.backups].index("manual"), 0))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", choose_oldest_manual)
    window.restore_backup()
    assert [a.key for a in bridge.register.agreements] == ["a"]
    assert not bridge.session.read_only
    # What was there before the restore was backed up first.
    assert backups.list_backups(db)[0].reason in ("restore", "open")
    assert any(b.reason == "restore" for b in backups.list_backups(db))
    assert window.statusBar().currentMessage().startswith("Gjenopprettet sikkerhetskopien fra ")
    assert [kind for kind, _ in messages] == ["information"]


def test_after_a_restore_the_window_says_how_to_go_back(tmp_path, qtbot, monkeypatch, messages, window_on):
    """Ctrl+Z cannot undo a restore (the undo history was made on the content replaced): the window says which
    backup holds what was there before, and restoring that one goes back. Was: only a status-bar word; Ctrl+Z did
    nothing, silently."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "a")
    point = session.backup("manual")
    window = window_on(session)
    bridge = window.bridge
    bridge.run(Command("Ny", (Put("agreements", Agreement("b", "Avtale b")),)))
    assert window.undo_action.isEnabled()
    choose(monkeypatch, point)
    window.restore_backup()
    assert [a.key for a in bridge.register.agreements] == ["a"]
    assert not window.undo_action.isEnabled() and bridge.undo_stack.count() == 0  # its steps were for the content replaced
    (before,) = [b for b in backups.list_backups(db) if b.reason == "restore"]
    ((kind, text),) = messages
    assert kind == "information" and point.label in text
    assert f"sikkerhetskopien fra {before.label}" in text and "før gjenoppretting" in text and "Ctrl+Z" in text
    # And restoring that one goes back, as the message says.
    choose(monkeypatch, before)
    window.restore_backup()
    assert [a.key for a in bridge.register.agreements] == ["a", "b"]


COLLEAGUE = """
import sys
from konsultasjon_app.store.errors import StoreError
from konsultasjon_app.store.session import Session
try:
    session = Session.open(sys.argv[1], lock=True)
except StoreError as exc:
    print(exc.kind, flush=True)
else:
    print("writer", flush=True)
    sys.stdin.read()  # keeps the database, as a colleague's window does
    session.close()
"""


def test_no_other_program_gets_the_database_for_writing_while_the_window_restores(tmp_path, qtbot, monkeypatch, messages, window_on):
    """Was: the window let go of the writer's lock while the backup was copied into place. A colleague's window
    started then became the writer, and what it saved went into the replaced file and was lost; this window was
    told the restore had failed (it had not) and ended up read-only."""
    import os
    import subprocess
    import sys

    db = tmp_path / "db.sqlite3"
    window, point = restoring_to_a(db, window_on, monkeypatch)
    bridge = window.bridge
    colleagues = []

    def a_colleague_starts():  # while the backup is being copied beside the database
        if not colleagues:
            colleague = subprocess.Popen([sys.executable, "-c", COLLEAGUE, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         text=True, env=dict(os.environ))
            colleagues.append((colleague, colleague.stdout.readline().strip()))

    try:
        with restoring_copy(monkeypatch, a_colleague_starts):
            window.restore_backup()
    finally:
        for colleague, _ in colleagues:
            colleague.stdin.close()
            colleague.wait(timeout=30)
            reap(colleague)
    assert [said for _, said in colleagues] == ["in-use"]
    assert [kind for kind, _ in messages] == ["information"]  # not "Gjenopprettingen mislyktes", nor "open it read-only?"
    assert [a.key for a in bridge.register.agreements] == ["a"] and not bridge.session.read_only
    with pytest.raises(StoreError):  # the window is still the writer
        Session.open(db, lock=True)


def test_a_restore_shows_in_the_agreements_history(tmp_path, qtbot, monkeypatch, messages, window_on):
    """Was: Historikk went on from the backup's last change, as if the changes after it had never been made."""
    import dataclasses

    from PySide6.QtWidgets import QTableView

    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "a")
    point = session.backup("manual")
    agreement = session.register.agreement("a")
    session.execute(Command("Endre merknad", (Put("agreements", dataclasses.replace(agreement, notes="etter sikkerhetskopien")),)))
    window = window_on(session)
    bridge = window.bridge
    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", lambda dialog: QDialog.DialogCode.Accepted)  # the newest: `point`
    assert backups.list_backups(db)[0] == point
    window.restore_backup()
    window.show_tab("register")
    form = window.register_tab.open_form(bridge.register.agreement("a"))
    model = form.findChild(QTableView, "history").model()
    rows = [tuple(model.index(r, c).data() for c in range(6)) for r in range(model.rowCount())]
    form.reject()
    assert rows[0][1:] == (getpass.getuser(), f"Gjenopprettet sikkerhetskopi fra {point.label}", "(hele registeret)", "", point.path.name)
    assert [row[2] for row in rows[1:]] == ["Ny a"]


def test_an_emptied_or_deleted_database_offers_its_backups(tmp_path, monkeypatch, messages):
    """A 0-byte or missing file with backups beside it (a sync tool truncated it, it was deleted): the backups are
    offered. Was: an empty register without a word, whose backups then pushed the real ones out."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "a")
    session.backup("manual")
    session.close()
    offered = []

    def choose(dialog):
        offered.append(dialog.view.model().rowCount())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", choose)
    asked = missing_database_answered(monkeypatch, "offerBackups")  # (a deleted file: whether it was moved, first)
    for lose in (lambda: db.write_bytes(b""), db.unlink):
        Path(f"{db}-wal").unlink(missing_ok=True)
        Path(f"{db}-shm").unlink(missing_ok=True)
        lose()
        assert _opened_keys(db) == ["a"]
    assert len(offered) == 2 and len(asked) == 1 and messages == []


def test_opening_the_open_database_again_changes_nothing(tmp_path, qtbot, monkeypatch, messages, window_on):
    """Fil → Åpne on the file already open found the window's own lock: answering Yes made the window read-only,
    blaming its own process, with no writer at all."""
    from PySide6.QtWidgets import QFileDialog

    db = tmp_path / "db.sqlite3"
    window = window_on(Session.open(db, lock=True))
    bridge = window.bridge
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(db), ""))
    window.open_database()
    assert messages == [] and not bridge.session.read_only and bridge.session.lock is not None
    assert window.statusBar().currentMessage() == f"{db} er allerede åpen."


def test_a_read_only_window_offers_no_parties_editing(tmp_path, qtbot, window_on):
    db = tmp_path / "db.sqlite3"
    Session.open(db).close()
    window = window_on(Session.open(db, read_only=True))
    window.show_tab("register")
    assert not window.register_tab.parties_action.isEnabled() and not window.parties_action.isEnabled()


def with_two_backups(tmp_path) -> Path:
    """A database with two agreements and a backup after each (made by the user); the callers empty it."""
    import datetime as dt

    db = tmp_path / "a.sqlite3"
    session = Session.open(db)
    for i, key in enumerate("xy"):
        add(session, key)
        backups.make_backup(session.store.conn, db, "manual", keep=2, now=dt.datetime(2026, 1, 1, 12, i))
    session.close()
    return db


def test_starting_empty_when_the_backups_are_declined_pushes_none_of_them_out(tmp_path, qtbot, monkeypatch, messages):
    """«Begynn med tom database» in the backups offered for an emptied database: the old register's backups are kept
    apart (tidligere/), listed and restorable, and the new register's backups never rotate them out. Was: the first
    opening made no backup, but every later one did, and `keep` openings with a change each removed them all, without
    a word (found by the backups audit)."""
    db = with_two_backups(tmp_path)
    before = backups.list_backups(db)
    Path(f"{db}-wal").unlink(missing_ok=True)
    db.write_bytes(b"")
    shown = []
    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", lambda self: shown.append(self) or backup_chooser.BackupChooser.DECLINED)
    session = opening.open_database(db, keep=2)
    session.close()
    (chooser,) = shown
    intro = chooser.findChild(QLabel).text()
    assert chooser.findChild(QPushButton, "decline").text() == "Begynn med tom database"
    assert str(backups.folder(db) / "tidligere") in intro and "ikke skyver dem ut" in intro and "Avbryt åpner ingen database" in intro
    assert "slettes de først når de er over et år gamle, og de nyeste beholdes alltid" in intro  # tidligere/'s rotation
    for start in range(3):  # the next starts, a change each time
        session = opening.open_database(db, keep=2)
        add(session, f"n{start}")
        session.close()
    kept = backups.list_backups(db)
    assert [(b.made, b.reason, b.mark) for b in kept if b.earlier] == [(b.made, b.reason, b.mark) for b in before]
    assert all(b.path.parent == backups.folder(db) / "tidligere" and b.label.endswith("(tidligere database)") for b in kept if b.earlier)
    assert len([b for b in kept if not b.earlier]) == 2  # the new register's own, rotated as before
    restored = opening.restore_into(db, next(b for b in kept if b.earlier), None)  # and still restorable
    try:
        assert [a.key for a in restored.register.agreements] == ["x", "y"]
    finally:
        restored.close()


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes], ids=["nei", "ja"])
def test_starting_empty_names_a_backup_that_could_not_be_kept_apart_and_asks_first(tmp_path, qtbot, monkeypatch, answer):
    """A backup of the lost register another program holds (OneDrive, an antivirus program), and no copy of it can
    be made in tidligere/ (the disk full): the new register's backups would delete it. Was: not a word. Now it is
    named before the new register starts; Nei opens nothing (and the backups are offered again next time)."""
    from ..windows import held_and_not_copied

    db = with_two_backups(tmp_path)
    held = backups.list_backups(db)[0]
    Path(f"{db}-wal").unlink(missing_ok=True)
    db.write_bytes(b"")
    held_and_not_copied(monkeypatch, held.path)
    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", lambda self: backup_chooser.BackupChooser.DECLINED)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: asked.append((title, text)) or answer)
    session = opening.open_database(db, keep=2)
    ((title, text),) = asked
    assert title == "Begynn med tom database"
    assert text.startswith(f"Disse sikkerhetskopiene i mappen {backups.folder(db)} kunne ikke tas vare på i undermappen tidligere, og "
                           "de nye sikkerhetskopiene vil etter hvert slette dem:\n\n"
                           f"• 01.01.2026 12:01:00 – tatt av brukeren: {held.path.name}\n\n")
    assert text.endswith("Vil du begynne med en tom database likevel?")
    if answer == QMessageBox.StandardButton.No:
        assert session is None and db.read_bytes() == b""  # nothing started: offered again at the next opening
    else:
        assert session is not None and session.register.agreements == ()
        session.close()
    assert held.path.exists()


def test_the_question_about_backups_not_kept_names_five_and_counts_the_rest(monkeypatch, tmp_path):
    """Ten backups (the number kept by default) named with their whole paths ran the question below a laptop's
    screen at 150 %, its Ja and Nei out of sight (found by the audit of the new screens): the first five by name,
    and how many more."""
    import datetime as dt

    left = [backups.Backup(tmp_path / "a.sikkerhetskopier" / f"a-2026010{i}-120000-manual.sqlite3", dt.datetime(2026, 1, i + 1, 12), "manual", None, False)
            for i in range(8)]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.No)
    assert not opening._start_all_the_same(tmp_path / "a.sqlite3", left, None)
    (text,) = asked
    listed = [line for line in text.split("\n") if line.startswith(("• ", "… "))]
    assert listed == [f"• {b.label}: {b.path.name}" for b in left[:5]] + ["… og 3 til"]
    assert str(tmp_path / "a.sikkerhetskopier" / "a-20260101") not in text  # no whole path per backup


def test_avbryt_in_the_backups_offered_for_a_lost_database_opens_nothing(tmp_path, qtbot, monkeypatch, messages):
    """Avbryt (or Esc) no longer starts an empty register: only the button that says so does."""
    db = tmp_path / "a.sqlite3"
    session = Session.open(db)
    add(session, "x")
    point = session.backup("manual")
    session.close()
    db.unlink()
    missing_database_answered(monkeypatch, "offerBackups")
    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert opening.open_database(db) is None
    assert not db.exists() and backups.list_backups(db) == [point] and messages == []


def test_a_read_only_window_reopens_its_database_for_writing_once_the_other_user_has_closed_it(tmp_path, qtbot, monkeypatch, messages, window_on):
    from PySide6.QtWidgets import QFileDialog

    db = tmp_path / "db.sqlite3"
    other = Session.open(db, lock=True)
    session = opening.open_database(db)  # answered Yes: read-only
    assert session.read_only
    window = window_on(session)
    bridge = window.bridge
    other.close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(db), ""))
    window.open_database()
    assert not bridge.session.read_only


def test_backups_of_a_db_file_made_in_the_shared_folder_are_still_found(tmp_path):
    """Before each database had a folder of its own, a.db's backups lay in a.sikkerhetskopier/."""
    db = tmp_path / "a.db"
    session = Session.open(db)
    add(session, "k")
    session.backup("manual")
    session.close()
    backups.folder(db).rename(tmp_path / "a.sikkerhetskopier")
    assert [b.path.parent.name for b in backups.list_backups(db)] == ["a.sikkerhetskopier"]


def test_a_damaged_database_without_backups_can_be_set_aside_for_a_new_one(tmp_path, monkeypatch, messages):
    """Was: 'er skadet; gjenopprett en sikkerhetskopi' with none to restore, and the program ended."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    add(session, "a")
    session.close()
    Path(f"{db}-wal").unlink(missing_ok=True)
    db.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 3000)
    damaged = db.read_bytes()
    session = opening.open_database(db)
    try:
        assert session is not None and session.register.agreements == ()
    finally:
        session.close()
    assert messages[0][0] == "question" and "Det finnes ingen sikkerhetskopi av den" in messages[0][1]
    (aside,) = tmp_path.glob("db.skadet-*.sqlite3")
    assert aside.read_bytes() == damaged  # kept, never deleted


def test_a_backup_that_cannot_be_made_on_opening_is_told_and_the_database_opens(tmp_path, monkeypatch, messages):
    """Was: the program ended with 'disken … er full' and kept its own lock, so a second try said it was in use."""
    from konsultasjon_app.store.errors import StoreError

    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    add(session, "a")
    session.close()

    def full(*args, **kwargs):
        raise StoreError("disk-full", tmp_path / "db.sikkerhetskopier" / "x.sqlite3")

    monkeypatch.setattr("konsultasjon_app.store.session.make_backup", full)
    session = opening.open_database(db)
    try:
        assert session is not None and not session.read_only and [a.key for a in session.register.agreements] == ["a"]
    finally:
        session.close()
    assert messages == [("warning", messages[0][1])]
    assert messages[0][1].startswith("Databasen er åpnet, men det ble ikke tatt sikkerhetskopi av den: disken med")


def test_a_database_that_cannot_be_written_is_offered_read_only(tmp_path, monkeypatch, messages):
    """A read-only file (Windows' attribute), folder or drive: was only 'kan ikke skrives', and no way to read it."""
    from konsultasjon_app.store import database

    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    add(session, "a")
    session.close()
    monkeypatch.setattr(database, "_writable", lambda path: path != db)
    session = opening.open_database(db)
    try:
        assert session is not None and session.read_only and [a.key for a in session.register.agreements] == ["a"]
    finally:
        session.close()
    assert messages[0][0] == "question" and "kan ikke skrives" in messages[0][1] and "skrivebeskyttet?" in messages[0][1]


def test_on_windows_a_database_on_a_read_only_drive_is_offered_read_only_and_read(tmp_path, monkeypatch, messages, read_only_drive):
    """A real read-only drive (a write-protected USB stick, a read-only share), with os.access answering as on Windows:
    every folder "writable". Was: offered read-only, and then «Databasen … kan ikke åpnes»."""
    import shutil

    from ..windows import access_as_on_windows

    drive, make_read_only = read_only_drive
    session = Session.open(tmp_path / "db.sqlite3")
    add(session, "a")
    session.close()
    shutil.copyfile(tmp_path / "db.sqlite3", drive / "db.sqlite3")
    make_read_only()
    access_as_on_windows(monkeypatch)
    session = opening.open_database(drive / "db.sqlite3")
    try:
        assert session is not None and session.read_only and [a.key for a in session.register.agreements] == ["a"]
    finally:
        if session is not None:
            session.close()
    assert [kind for kind, _ in messages] == ["question"] and "kan ikke skrives" in messages[0][1]


def test_the_banner_keeps_why_a_write_protected_database_is_read_only(tmp_path, monkeypatch, messages, window_on):
    """A read-only file (Windows' attribute, a locked file): the question said why, but once it closed the banner
    said only «Databasen er åpen skrivebeskyttet …», where a full disk and a colleague's window name the cause."""
    from konsultasjon_app.store import database

    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    add(session, "a")
    session.close()
    monkeypatch.setattr(database, "_writable", lambda path: path != db)
    window = window_on(opening.open_database(db))
    text = window.banner.text()
    assert text.startswith("Databasen er åpen skrivebeskyttet: du kan lese, søke og skrive ut, men ikke endre. Filen, mappen den "
                           "ligger i, eller stasjonen er skrivebeskyttet")
    assert "Fjern skrivebeskyttelsen" in text and "åpne databasen på nytt (Fil → Åpne …)" in text
    assert not window.banner.isHidden()


def test_a_database_on_a_full_disk_is_offered_read_only_and_the_banner_says_the_disk_is_full(tmp_path, monkeypatch, messages, window_on):
    """No room even for SQLite's -shm (a C: drive filled by OneDrive's cache): was «Kan ikke åpne databasen … disken er
    full; ingenting ble lagret», and the window closed, with the agenda needed in the meeting unreadable."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    add(session, "a")
    session.close()
    no_room_for_the_shm(monkeypatch, db)
    session = opening.open_database(db)
    assert session is not None and session.read_only and [a.key for a in session.register.agreements] == ["a"]
    window = window_on(session)
    assert messages == [("question", (f"Databasen {db} kan ikke åpnes for skriving: disken den ligger på, er full. Endringer kan "
                                      "ikke lagres før det er frigjort plass på disken.\n\nVil du åpne den skrivebeskyttet? Du kan "
                                      "lese og skrive ut, men ikke endre."))]
    assert window.banner.text().startswith("Databasen er åpen skrivebeskyttet: du kan lese, søke og skrive ut, men ikke endre. Disken "
                                           "databasen ligger på, er full: endringer kan ikke lagres før det er frigjort plass.")
    assert not window.import_action.isEnabled()
    assert not Path(f"{db}-shm").exists() and not Path(f"{db}-wal").exists()


@pytest.mark.parametrize("refusal", ["backup", "another program writing it"])
def test_an_older_database_whose_upgrade_cannot_be_made_is_offered_read_only(tmp_path, monkeypatch, messages, refusal):
    """The backup before the upgrade cannot be made (a backups folder this user may not write to, a full disk), or the
    upgrade is refused (another program writing the file). Was: «Kan ikke åpne databasen», and nothing opened, where
    a database of this version opens all the same. Now the reason is told and read-only offered: the register is
    read through an upgraded copy in memory, and the file left as it is."""
    import shutil
    import sqlite3

    from konsultasjon_app.store import database

    from ..processes import SCHEMAS

    db = tmp_path / "gammel.sqlite3"
    shutil.copy(SCHEMAS / "schema-v2.sqlite3", db)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("PRAGMA journal_mode = WAL")  # as the older version keeps it
    if refusal == "backup":
        backups.folder(db).write_text("x")  # in the backups folder's way, as a folder one may not write to would be
    else:
        monkeypatch.setattr(database, "_BUSY_SECONDS", 0.05)  # refused at once, not after the usual wait
        other.execute("BEGIN IMMEDIATE")
    try:
        session = opening.open_database(db)
        try:
            assert session is not None and session.read_only and [a.key for a in session.register.agreements] == ["barnevern"]
        finally:
            session.close()
    finally:
        if other.in_transaction:
            other.rollback()
        other.close()
    ((kind, text),) = messages
    assert kind == "question" and text.startswith(
        f"Databasen {db} er laget av en eldre versjon av programmet og må oppgraderes før den kan endres, men det kan ikke gjøres nå: ")
    assert ("Sikkerhetskopien" if refusal == "backup" else "er i bruk av et annet program") in text
    assert text.endswith("Vil du åpne den skrivebeskyttet? Du kan lese og skrive ut, men ikke endre.")
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()


def test_opening_an_older_database_says_it_was_upgraded_and_names_the_backup(tmp_path, messages):
    """Was silent (no dialog, no status bar, no log line): colleagues on the older version were then refused the shared
    file, and nobody knew why, nor which backup they could open."""
    import shutil

    from ..processes import SCHEMAS

    db = tmp_path / "gammel.sqlite3"
    shutil.copy(SCHEMAS / "schema-v2.sqlite3", db)
    session = opening.open_database(db)
    session.close()
    (made,) = [b for b in backups.list_backups(db) if b.reason == "migration"]
    assert messages == [("information", f"Databasen {db} er oppgradert fra skjemaversjon 2 til 3 for denne versjonen av programmet. "
                                        "Eldre versjoner av programmet kan ikke lenger åpne den.\n\n"
                                        f"Sikkerhetskopien fra før oppgraderingen: {made.path}")]
    opening.open_database(db).close()
    assert len(messages) == 1  # once


def folders_refused(monkeypatch, *locked: Path) -> None:
    """Nothing new can be made in the `locked` folders, as the system refuses a user there (a test run as root is
    not refused by chmod): no folder, no file, no writer's lock, no new database."""
    from konsultasjon_app.store import lock

    from ..processes import new_files_refused

    new_files_refused(monkeypatch, lambda path: PermissionError(13, "Permission denied", path) if Path(path).parent in locked else None)
    real_acquire, real_mkdir = lock.WriterLock.acquire, os.mkdir

    def acquire(writer):
        if writer.path.parent in locked:
            raise PermissionError(13, "Permission denied", str(writer.path))
        return real_acquire(writer)

    def mkdir(path, *args, **kwargs):
        if Path(path).parent in locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(lock.WriterLock, "acquire", acquire)
    monkeypatch.setattr(os, "mkdir", mkdir)


def test_a_new_database_in_a_folder_that_cannot_be_written_says_so_and_what_to_do(tmp_path, monkeypatch, messages):
    """First start where the data folder is there but may not be written (a locked-down profile, a read-only
    redirected folder). Was: «… kan ikke skrives (skrivebeskyttet fil eller mappe) — Vil du åpne den skrivebeskyttet?»
    of a database that does not exist, then «… kan ikke åpnes», and nothing said why or what to do."""
    data = tmp_path / "Konsultasjon"
    data.mkdir()
    shared = tmp_path / "Delt"  # one that is there, in a folder one may only read: still offered read-only
    existing = shared / "register.sqlite3"
    session = Session.open(existing)
    add(session, "a")
    session.close()
    locked_parent = tmp_path / "Profil"  # the data folder not made yet, in a folder one may not write
    locked_parent.mkdir()
    folders_refused(monkeypatch, data, shared, locked_parent)

    for db, folder in ((data / "konsultasjon.sqlite3", data), (locked_parent / "Konsultasjon" / "konsultasjon.sqlite3", locked_parent)):
        messages.clear()
        assert opening.open_database(db) is None
        assert messages == [("critical", messages[0][1])]  # no question: there is nothing to open read-only
        text = messages[0][1]
        assert text.startswith(f"Databasen {db} kunne ikke lages: mappen {folder} kan ikke skrives")
        assert "be om skrivetilgang til mappen" in text.lower() and "Fil → Ny database" in text and "--db" in text
        assert "skrivebeskyttet?" not in text and "kan ikke åpnes" not in text
        assert list(folder.iterdir()) == []

    messages.clear()
    session = opening.open_database(existing)
    try:
        assert session is not None and session.read_only and [a.key for a in session.register.agreements] == ["a"]
    finally:
        session.close()
    assert messages[0][0] == "question" and "skrivebeskyttet?" in messages[0][1]


def test_a_damaged_file_that_cannot_be_set_aside_is_told_in_norwegian(tmp_path, monkeypatch, messages):
    db = tmp_path / "db.sqlite3"
    db.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 3000)

    def held(source, target):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(os, "replace", held)
    assert opening.open_database(db) is None
    kind, text = messages[-1]
    assert kind == "critical" and text == f"{db}: ingen tilgang"


def test_a_damaged_file_another_program_has_open_is_told_as_in_use(tmp_path, monkeypatch, messages):
    """Windows moves no file another program has open (a sharing violation, error 32): that is said, naming the
    file. Was: "ingen tilgang", or for the restore "kan ikke skrives (skrivebeskyttet …)"."""
    db = tmp_path / "db.sqlite3"
    damaged_after_a_backup(db)
    offered = []
    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", lambda dialog: offered.append(dialog) or QDialog.DialogCode.Accepted)
    real_replace = os.replace

    def held(source, target):
        if Path(source) == db:
            error = PermissionError(13, "The process cannot access the file because it is being used by another process")
            error.winerror = 32
            raise error
        return real_replace(source, target)

    with monkeypatch.context() as scoped:
        scoped.setattr(os, "replace", held)
        assert opening.open_database(db) is None
    kind, text = messages[-1]
    assert kind == "critical" and text == f"Databasen {db} er i bruk av et annet program; lukk den der og prøv igjen.\n\nIngenting er endret."
    assert len(offered) == 1  # not the backups again: the backup was sound
    from konsultasjon_app.store.lock import WriterLock

    assert WriterLock(db).is_held() is False  # no lock left behind
    assert not list(tmp_path.glob("db.skadet-*")) and not list(tmp_path.glob(".db.sqlite3.restoring*"))  # as it was


def test_a_bug_met_restoring_over_a_damaged_file_leaves_no_lock(tmp_path, monkeypatch, messages):
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "a")
    session.backup("manual")
    session.close()
    db.write_bytes(b"")
    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", lambda dialog: QDialog.DialogCode.Accepted)

    def bug(*args, **kwargs):
        raise RuntimeError("a bug")

    with monkeypatch.context() as scoped, pytest.raises(RuntimeError):
        scoped.setattr(opening, "write_restored", bug)
        opening.open_database(db)
    from konsultasjon_app.store.lock import WriterLock

    assert WriterLock(db).is_held() is False


def test_a_restore_that_fails_is_not_reported_as_done(tmp_path, qtbot, monkeypatch, messages, window_on):
    """Was (review): a restore that failed, with the database opened again, ended in "Gjenopprettet …"."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "a")
    point = session.backup("manual")
    add(session, "b")
    window = window_on(session)
    bridge = window.bridge
    bridge.run(Command("Ny", (Put("agreements", Agreement("c", "Avtale c")),)))
    point.path.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 3000)  # damaged since it was made
    shown = []

    def pick_then_cancel(dialog):  # the damaged one first; then, told it is damaged, Avbryt
        shown.append((dialog.findChild(QLabel).text(), [b.path for b in dialog.backups]))
        if len(shown) > 1:
            return QDialog.DialogCode.Rejected
        dialog.view.setCurrentIndex(dialog.view.model().index([b.path for b in dialog.backups].index(point.path), 0))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", pick_then_cancel)
    window.restore_backup()
    assert messages == [] and len(shown) == 2
    told, offered = shown[1]
    assert told.startswith(f"Sikkerhetskopien fra {point.label} ({point.path}) er skadet og kan ikke gjenopprettes. Ingenting er endret.")
    assert point.path not in offered
    assert not window.statusBar().currentMessage().startswith("Gjenopprettet")
    assert bridge.session is session and not session.closed and session.lock is not None
    assert [a.key for a in bridge.register.agreements] == ["a", "b", "c"] and window.undo_action.isEnabled()  # as it was


def test_a_restore_that_cannot_be_read_back_opens_the_database_again(tmp_path, qtbot, monkeypatch, messages, window_on):
    """The restore is made, but reading it back fails (a disk error just then): the session closes, the database is
    opened again, and the restore is told as done, for it is."""
    from konsultasjon_app.store.database import Store

    db = tmp_path / "db.sqlite3"
    window, point = restoring_to_a(db, window_on, monkeypatch)
    bridge = window.bridge
    real_load = Store.load
    failures = []

    def load_once_failing(store):
        if not failures:
            failures.append(store)
            raise StoreError("io", store.path)
        return real_load(store)

    real_restore = Store.restore

    def restore_then_fail_to_read(store, backup):
        real_restore(store, backup)
        monkeypatch.setattr(Store, "load", load_once_failing)

    session = bridge.session
    monkeypatch.setattr(Store, "restore", restore_then_fail_to_read)
    window.restore_backup()
    assert session.closed and bridge.session is not session
    assert [a.key for a in bridge.register.agreements] == ["a"] and bridge.session.lock is not None
    assert [kind for kind, _ in messages] == ["information"] and "er gjenopprettet" in messages[0][1]


def test_a_restore_that_cannot_be_opened_again_still_tells_the_way_back(tmp_path, qtbot, monkeypatch, messages, window_on):
    """The restore is made, but the database cannot be opened again (the user cancels what opening offers): the
    window closes, and says first which backup holds what was there before. Was: it closed without a word of it."""
    from konsultasjon_app.store.database import Store

    db = tmp_path / "db.sqlite3"
    window, point = restoring_to_a(db, window_on, monkeypatch)
    real_restore = Store.restore

    def restore_then_fail_to_read(store, backup):
        real_restore(store, backup)
        monkeypatch.setattr(Store, "load", lambda store: (_ for _ in ()).throw(StoreError("io", store.path)))

    monkeypatch.setattr(Store, "restore", restore_then_fail_to_read)
    monkeypatch.setattr(opening, "open_database", lambda *args, **kwargs: None)
    window.restore_backup()
    ((kind, text),) = messages
    before = [b for b in backups.list_backups(db) if b.reason == "restore"]
    assert kind == "information" and "kunne ikke åpnes igjen" in text
    assert len(before) == 1 and f"sikkerhetskopien fra {before[0].label}" in text
    assert not window.isVisible()  # closed: nothing could be opened


def test_a_restore_keeps_dagsorden_on_its_year_and_meeting(tmp_path, qtbot, monkeypatch, messages, show_on, window_on):
    """Was: Dagsorden jumped to the year it opens on, and lost the meeting selected."""
    from konsultasjon_app.store.demo import ensure_demo

    db = tmp_path / "db.sqlite3"
    ensure_demo(db)  # meetings in 2006 only: Dagsorden opens on 2006
    session = Session.open(db, lock=True)
    session.backup("manual")
    window = window_on(session)
    tab = show_on(window, "agenda")
    tab.year.setValue(2007)
    tab.select_meeting(3)
    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    window.restore_backup()
    assert [kind for kind, _ in messages] == ["information"]
    qtbot.waitUntil(lambda: not tab._stale)
    assert tab.year.value() == 2007 and (tab.selected_slot().ref.year, tab.selected_slot().ref.number) == (2007, 3)


def test_restoring_over_a_database_that_opens_after_all_keeps_it_aside(tmp_path, messages):
    """The file could not be opened a moment ago (a passing disk error, a sync tool putting it back): by the time
    the backup is chosen it may open, and hold what the backup does not. It is kept aside like a damaged one. Was:
    replaced, with its -wal, and everything after the backup lost."""
    import sqlite3

    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "a")
    point = session.backup("manual")
    add(session, "b")
    session.close()
    restored = opening.restore_into(db, point, None)
    try:
        assert [a.key for a in restored.register.agreements] == ["a"]
    finally:
        restored.close()
    (aside,) = tmp_path.glob("db.skadet-*.sqlite3")
    with contextlib.closing(sqlite3.connect(f"file:{aside}?mode=ro", uri=True)) as kept:
        assert [r[0] for r in kept.execute("SELECT key FROM agreements ORDER BY key")] == ["a", "b"]


def test_a_damaged_database_that_cannot_be_moved_aside_keeps_its_wal_beside_it(tmp_path, monkeypatch):
    """Windows moves no file another program has open (here its -wal): nothing is moved, and the database and its
    last changes stay together where they were. Was: the file moved aside first, and its -wal left behind, beside a
    database that no longer existed."""
    db = tmp_path / "db.sqlite3"
    point = damaged_after_a_backup(db)
    damaged = db.read_bytes()
    wal = Path(f"{db}-wal")
    wal.write_bytes(b"the damaged file's last changes")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a, **k: shown.append(title))
    real_replace = os.replace

    def held_open(source, target):
        if Path(source) == wal:
            raise PermissionError(13, "The process cannot access the file", str(source))
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", held_open)
    assert opening.restore_into(db, point, None) is None
    assert shown == ["Gjenopprettingen mislyktes"]
    assert db.read_bytes() == damaged and wal.read_bytes() == b"the damaged file's last changes"
    assert not list(tmp_path.glob("db.skadet-*"))


# -- a backup that cannot be made: told of the backup, and an import may go on without it -----------------------------


def test_an_import_whose_backup_cannot_be_made_asks_whether_to_import_all_the_same(tmp_path, qtbot, monkeypatch, messages, window_on, demo_bundle_path):
    """A backups folder this user may not write to (a colleague made it): every import was refused with «databasen
    …/db.sikkerhetskopier/db-…-import-….sqlite3 kan ikke åpnes». The user is told why, and asked; the database is as
    it was either way, and the import can be undone (found by the backups audit)."""
    from ..processes import new_files_refused, refused_in

    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "egen")  # a register to keep (a first import into a new database backs up nothing)
    window = window_on(session)
    folder = backups.folder(db)
    folder.mkdir()
    new_files_refused(monkeypatch, refused_in(folder))
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []

    def question(parent, title, text, buttons, default):
        asked.append((text, default))
        return answers[len(asked) - 1]

    monkeypatch.setattr(QMessageBox, "question", question)
    assert window.import_file(demo_bundle_path) is None  # No: nothing imported
    assert [a.key for a in window.bridge.register.agreements] == ["egen"] and messages == []
    window.import_file(demo_bundle_path)  # Yes: imported, without the backup
    assert len(window.bridge.register.agreements) == 11 and [kind for kind, _ in messages] == ["information"]
    text, default = asked[0]
    assert text.startswith(f"Databasen sikkerhetskopieres før hver import, men sikkerhetskopien {folder}{os.sep}db-")
    assert f"kunne ikke lages: mappen for sikkerhetskopier, {folder}, kan ikke skrives" in text and "kan ikke åpnes" not in text
    assert "Vil du importere demo-bundle.json likevel?" in text and default == QMessageBox.StandardButton.No
    window.undo_action.trigger()
    assert [a.key for a in window.bridge.register.agreements] == ["egen"]
    messages.clear()
    window.backup_now()  # Fil → Ta sikkerhetskopi nå: the same words
    ((kind, told),) = messages
    assert kind == "warning" and told.startswith(f"sikkerhetskopien {folder}{os.sep}db-") and f"mappen for sikkerhetskopier, {folder}" in told


def test_the_import_question_names_a_file_where_the_backups_folder_should_be_in_norwegian(tmp_path, monkeypatch, window_on, demo_bundle_path):
    """Was: «… kunne ikke lages i …/db.sikkerhetskopier (File exists).», the system's English words, and no advice
    (found by the audit of importing in the window, with a plain file in the backups folder's place)."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    add(session, "egen")
    window = window_on(session)
    folder = backups.folder(db)
    folder.write_text("", encoding="utf-8")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *rest: asked.append(text) or QMessageBox.StandardButton.No)
    assert window.import_file(demo_bundle_path) is None
    ((text,),) = [asked]
    assert text.startswith(f"Databasen sikkerhetskopieres før hver import, men sikkerhetskopien {folder}{os.sep}db-")
    assert f"kunne ikke lages: {folder} er en fil, ikke en mappe" in text and "flytt filen bort eller gi den et annet navn" in text
    assert "File exists" not in text and "systemet svarte" not in text
    assert [a.key for a in window.bridge.register.agreements] == ["egen"]


def test_a_restore_whose_backup_of_the_present_content_cannot_be_made_says_so(tmp_path, qtbot, monkeypatch, messages, window_on):
    from ..processes import new_files_refused, refused_in

    db = tmp_path / "db.sqlite3"
    window, point = restoring_to_a(db, window_on, monkeypatch)
    new_files_refused(monkeypatch, refused_in(backups.folder(db)))
    window.restore_backup()
    ((kind, text),) = messages
    assert kind == "warning" and text.startswith("Det som er i databasen nå, sikkerhetskopieres før en gjenoppretting (det er veien tilbake), "
                                                 f"men sikkerhetskopien {backups.folder(db)}{os.sep}db-")
    assert text.endswith("du kan skrive i.\n\nIngenting er endret.")
    assert [a.key for a in window.bridge.register.agreements] == ["a", "b"]


# -- a chosen backup that cannot be restored: said of that backup, and the others offered again -------------------------


def test_at_opening_a_damaged_backup_chosen_is_told_and_the_older_sound_one_offered(tmp_path, qtbot, monkeypatch, messages):
    """The database is damaged, and so is the newest backup, selected in the list (the same disk problem); an older
    one is sound. Was: «Gjenopprettingen mislyktes: databasen <the backup> er skadet; gjenopprett en sikkerhetskopi»,
    the damaged database already moved aside, and the older backup never offered again: the next start found no
    database (found by the backups audit)."""
    db = tmp_path / "db.sqlite3"
    session, older, newest = two_backups(db)
    session.close()
    Path(f"{db}-wal").unlink(missing_ok=True)
    db.write_bytes(db.read_bytes()[:5000])
    damaged = db.read_bytes()
    newest.path.write_bytes(newest.path.read_bytes()[:6000])
    shown = []

    def accept_the_selected(dialog):  # the newest, as the list selects it
        shown.append((dialog.findChild(QLabel).text(), dialog.chosen()))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", accept_the_selected)
    assert _opened_keys(db) == ["a"]
    assert [chosen for _, chosen in shown] == [newest, older] and messages == []
    told = shown[1][0]
    assert f"Sikkerhetskopien fra {newest.label} ({newest.path}) er skadet og kan ikke gjenopprettes." in told
    assert told.endswith("Velg en sikkerhetskopi å gjenopprette. Den skadede filen tas vare på ved siden av.")
    assert "gjenopprett en sikkerhetskopi" not in told.split("\n\n")[1]
    (aside,) = tmp_path.glob("db.skadet-*.sqlite3")  # moved aside once, for the restore that was made
    assert aside.read_bytes() == damaged


def test_at_opening_when_every_backup_is_damaged_the_database_stays_where_it_is(tmp_path, qtbot, monkeypatch, messages):
    db = tmp_path / "db.sqlite3"
    point = damaged_after_a_backup(db)
    damaged = db.read_bytes()
    point.path.write_bytes(point.path.read_bytes()[:3000])
    shown = []

    def accept_then_cancel(dialog):
        shown.append((dialog.findChild(QLabel).text(), len(dialog.backups)))
        return QDialog.DialogCode.Accepted if len(shown) == 1 else QDialog.DialogCode.Rejected

    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", accept_then_cancel)
    assert opening.open_database(db) is None
    assert shown[1][1] == 0 and shown[1][0].endswith("er skadet og kan ikke gjenopprettes. Ingenting er endret.\n\nDet finnes ingen annen sikkerhetskopi å gjenopprette.")
    assert db.read_bytes() == damaged and not list(tmp_path.glob("db.skadet-*"))


def test_from_the_file_menu_a_damaged_backup_is_told_and_another_may_be_chosen(tmp_path, qtbot, monkeypatch, messages, window_on):
    db = tmp_path / "db.sqlite3"
    session, older, newest = two_backups(db)
    add(session, "c")
    window = window_on(session)
    newest.path.write_bytes(newest.path.read_bytes()[:6000])
    shown = []

    def newest_then_older(dialog):
        shown.append((dialog.findChild(QLabel).text(), [b.path for b in dialog.backups]))
        wanted = newest if len(shown) == 1 else older
        dialog.view.setCurrentIndex(dialog.view.model().index([b.path for b in dialog.backups].index(wanted.path), 0))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", newest_then_older)
    window.restore_backup()
    assert [a.key for a in window.bridge.register.agreements] == ["a"]
    told, offered = shown[1]
    assert told.startswith(f"Sikkerhetskopien fra {newest.label} ({newest.path}) er skadet og kan ikke gjenopprettes. Ingenting er endret.\n\n"
                           "Velg sikkerhetskopien som skal erstatte innholdet i databasen.")
    assert newest.path not in offered and older.path in offered
    ((kind, text),) = messages
    assert kind == "information" and f"Sikkerhetskopien fra {older.label} er gjenopprettet" in text


# -- Windows: the restored copy held for an instant by OneDrive or an antivirus program ---------------------------------


def held(monkeypatch, name: str, times: int) -> list[str]:
    """Moving the file called `name` (the restored copy, .db.sqlite3.restoring, say) is refused `times` times, as
    Windows refuses while another program looks at a file (a sharing violation, 32). The refusals are listed."""
    real_replace = os.replace
    refused: list[str] = []

    def replace(source, target):
        if Path(source).name == name and len(refused) < times:
            refused.append(str(source))
            error = PermissionError(13, "The process cannot access the file because it is being used by another process", str(source))
            error.winerror = 32
            raise error
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    return refused


@pytest.mark.parametrize("name", [".db.sqlite3.restoring", "db.sqlite3"])
def test_a_file_held_for_an_instant_is_put_in_place_all_the_same(tmp_path, qtbot, monkeypatch, messages, name):
    """The restored copy just written, or the damaged database moved aside, held for an instant by OneDrive or an
    antivirus program. Was: not tried again, as backups and documents are: «Gjenopprettingen mislyktes: databasen …
    er i bruk av et annet program», of a file already moved aside (found by the backups audit, simulated as the
    tests simulate Windows)."""
    db = tmp_path / "db.sqlite3"
    damaged_after_a_backup(db)
    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    refused = held(monkeypatch, name, times=2)
    assert _opened_keys(db) == ["a"]
    assert len(refused) == 2 and messages == []
    assert len(list(tmp_path.glob("db.skadet-*.sqlite3"))) == 1


def test_a_restored_copy_held_for_good_is_named_and_the_damaged_file_put_back(tmp_path, qtbot, monkeypatch, messages):
    """The refusal lasts: the message names the file really held (the restored copy, not the database moved aside
    a moment before), and the damaged file is back where it was, as the message says."""
    db = tmp_path / "db.sqlite3"
    damaged_after_a_backup(db)
    damaged = db.read_bytes()
    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    held(monkeypatch, ".db.sqlite3.restoring", times=10**6)
    assert opening.open_database(db) is None
    kind, text = messages[-1]
    copy = tmp_path / ".db.sqlite3.restoring"
    assert kind == "critical" and text == (f"Den gjenopprettede kopien {copy} kunne ikke settes i databasens sted: et annet program "
                                           "(et antivirusprogram, OneDrive) har den åpen; prøv igjen om litt.\n\nIngenting er endret.")
    assert db.read_bytes() == damaged and not list(tmp_path.glob("db.skadet-*"))


def test_from_the_file_menu_a_database_without_backups_says_so_and_how_one_is_made(tmp_path, qtbot, monkeypatch, messages, window_on):
    """A new database has no backup yet: Gjenopprett sikkerhetskopi says so, when one is taken and where they lie,
    and offers no list to choose from. Was: a chooser with an empty list and a greyed Gjenopprett, saying nothing."""
    db = tmp_path / "ny.sqlite3"
    window = window_on(Session.open(db, lock=True))
    opened = []
    monkeypatch.setattr(backup_chooser.BackupChooser, "exec", lambda dialog: opened.append(dialog) or QDialog.DialogCode.Rejected)
    window.restore_backup()
    assert opened == []
    ((kind, text),) = messages
    assert kind == "information" and text.startswith("Det finnes ingen sikkerhetskopier av denne databasen ennå.")
    assert "Fil → Ta sikkerhetskopi nå" in text and str(tmp_path / "ny.sikkerhetskopier") in text


@pytest.mark.parametrize("name", ["notat.txt", "referat.docx"])
def test_an_empty_document_chosen_under_open_is_not_made_a_database(tmp_path, messages, name):
    """Åpne with «Alle filer» on an empty .txt or .docx made it an empty database without a word (audit of the new
    screens); a new database is made with Fil → Ny database. An empty .sqlite3 still opens as a new database."""
    path = tmp_path / name
    path.write_bytes(b"")
    assert opening.open_database(path) is None
    ((kind, text),) = messages
    assert kind == "critical" and text == f"{path} er en tom fil, ikke en database for dette programmet. En ny database lages med Fil → Ny database."
    assert path.read_bytes() == b""
    fresh = tmp_path / "ny.sqlite3"
    fresh.write_bytes(b"")
    session = opening.open_database(fresh)
    assert session is not None
    session.close()
