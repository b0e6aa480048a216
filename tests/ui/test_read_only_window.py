"""A window that reads a database it cannot write: it follows what the writer (another window, a command) stores,
and says when the writer has gone; an older database on a read-only drive opens read-only too."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from konsultasjon_app.domain.changes import Command, Put, RenameAgreement
from konsultasjon_app.store import database
from konsultasjon_app.store.session import Session
from konsultasjon_app.ui import bridge as bridge_module
from konsultasjon_app.ui import opening

from ..processes import SCHEMAS, add


@pytest.fixture
def quick_looks(monkeypatch):
    """A read-only window looks at the file every 50 ms instead of every 2 s."""
    monkeypatch.setattr(bridge_module, "FOLLOW_EVERY_MS", 50)


def reader_beside(writer: Session, window_on):
    """The window a colleague opens on the database `writer` (another window) holds, answering Yes to reading it:
    the database holds agreements "a" and "b"."""
    for key in ("a", "b"):
        add(writer, key)
    return window_on(opening.open_database(writer.path))  # answered Yes: read-only


def test_a_read_only_window_follows_the_writer_and_offers_writing_when_it_has_gone(tmp_path, qtbot, messages, show_on, quick_looks,
                                                                                   window_on):
    db = tmp_path / "db.sqlite3"
    writer = Session.open(db, lock=True)  # another window
    try:
        window = reader_beside(writer, window_on)
        bridge = window.bridge
        tab = show_on(window, "register")
        assert bridge.session.read_only and "i bruk hos" in window.banner.text()
        assert tab.select_key("b")

        add(writer, "c")
        qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
        assert window.status_count.text().startswith("3 avtaler")
        assert tab.selected_key() == "b"  # the user's place is kept
        writer.execute(Command("Nytt navn", (RenameAgreement("b", "b2"),)))
        qtbot.waitUntil(lambda: tab.selected_key() == "b2")  # and follows a rename, as after the user's own
        assert [a.key for a in bridge.register.agreements] == ["a", "b2", "c"]  # what exports and PDFs are made of
        assert window.writable_button is None or window.writable_button.isHidden()
    finally:
        writer.close()

    qtbot.waitUntil(lambda: "ikke lenger i bruk andre steder" in window.banner.text())
    assert "i bruk hos" not in window.banner.text() and window.writable_button.isVisible()
    asked = len(messages)
    window.writable_button.click()  # opened again as its writer, as opening does
    assert not bridge.session.read_only and len(messages) == asked  # nothing to ask
    assert window.banner.isHidden() and window.writable_button.isHidden()
    assert "(skrivebeskyttet)" not in window.windowTitle() and window.import_action.isEnabled()
    assert [a.key for a in bridge.register.agreements] == ["a", "b2", "c"] and tab.selected_key() == "b2"


def test_a_screen_reader_is_told_when_the_banner_says_the_writer_has_let_go(tmp_path, qtbot, messages, show_on, quick_looks,
                                                                            window_on, screen_reader_told):
    """The banner changes without the focus, and a screen reader does not read a label that changes: what it now
    says (the other program has let go, «Åpne for skriving») is the banner's accessible name and is announced, once
    (accessibility audit: nothing was said)."""
    from PySide6.QtGui import QAccessible

    told = screen_reader_told
    db = tmp_path / "db.sqlite3"
    writer = Session.open(db, lock=True)  # another window
    try:
        window = reader_beside(writer, window_on)
        show_on(window, "register")
        assert "i bruk hos" in window.banner.text() and window.banner.accessibleName() == window.banner.text()
        told.clear()
    finally:
        writer.close()
    qtbot.waitUntil(lambda: "ikke lenger i bruk andre steder" in window.banner.text())
    text = window.banner.text()
    assert "Åpne for skriving" in text and window.banner.accessibleName() == text
    assert (QAccessible.Event.NameChanged, window.banner, None) in told
    assert [t for t in told if t[0] == QAccessible.Event.Announcement] == [(QAccessible.Event.Announcement, window.banner, text)]
    told.clear()
    window.bridge.follow()  # the window goes on looking: the banner says the same, and nothing is said again
    window._update_banner()
    assert not told


def test_a_writable_window_does_not_look_at_the_file(tmp_path, monkeypatch, window_on):
    """Only a read-only window looks at the file now and then (another program may be writing it); a writable
    window is its only writer, and has nothing to look for. Opened for writing again, it stops looking."""
    looks = []
    monkeypatch.setattr(database.Store, "changed_since_read", lambda store: looks.append(store) or False)
    db = tmp_path / "db.sqlite3"
    bridge = window_on(Session.open(db, lock=True)).bridge
    assert not bridge._follow_timer.isActive()
    bridge.follow()  # and a look asked for all the same is none
    assert looks == []
    bridge.set_session(Session.open(db, read_only=True))
    assert bridge._follow_timer.isActive() and bridge._follow_timer.interval() == bridge_module.FOLLOW_EVERY_MS
    bridge.follow()
    assert len(looks) == 1
    bridge.set_session(Session.open(db, lock=True))
    assert not bridge._follow_timer.isActive()


@pytest.mark.parametrize("version", range(1, database.latest_version()))
def test_an_older_database_on_a_read_only_drive_opens_read_only(tmp_path, monkeypatch, messages, version, window_on):
    """As tests/store/test_environment.py makes a read-only drive: nothing may be written, no -wal file opened."""
    db = tmp_path / "gammel.sqlite3"
    shutil.copy(SCHEMAS / f"schema-v{version}.sqlite3", db)
    Path(f"{db}-wal").mkdir()
    monkeypatch.setattr(database, "_writable", lambda path: False)
    session = opening.open_database(db)
    assert messages[0][0] == "question" and "kan ikke skrives" in messages[0][1]
    assert session is not None and session.read_only
    window = window_on(session)
    bridge = window.bridge
    assert window.register_tab.model.rowCount() == 1
    banner = window.banner.text()
    assert banner.startswith("Databasen er åpen skrivebeskyttet: du kan lese")
    bridge.follow()  # it looks at the file as well, twice (two looks in a row decide): nothing changes, nothing is offered
    bridge.follow()
    assert window.writable_button is None and [kind for kind, _ in messages] == ["question"]
    assert window.banner.text() == banner and window.register_tab.model.rowCount() == 1


def test_an_open_read_only_form_follows_the_writer(tmp_path, qtbot, messages, show_on, quick_looks, window_on):
    """The form of an agreement, opened in the read-only window and left open, shows what the writer stores of it,
    and says so; when the writer deletes it, the form says that. Was: the table behind the form followed, the form
    went on showing the old title, and stayed open on an agreement that no longer existed."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from konsultasjon_app.domain.changes import Delete
    from konsultasjon_app.domain.model import Decision, MeetingRef

    db = tmp_path / "db.sqlite3"
    writer = Session.open(db, lock=True)  # another window
    try:
        window = reader_beside(writer, window_on)
        tab = show_on(window, "register")
        assert tab.select_key("b")
        seen = {}

        def in_the_form() -> None:
            form = QApplication.activeModalWidget()
            try:
                seen["title"] = form.title.text(), form.history_model.rowCount()
                b = writer.register.agreement("b")
                writer.execute(Command("Endre", (Put("agreements", replace(b, title="Avtale b – ny tittel", notes="Lagt til")),
                                                 Put("decisions", Decision("b", MeetingRef(2026, 2), "continue")))))
                qtbot.waitUntil(lambda: form.title.text() == "Avtale b – ny tittel")
                seen["changed"] = (form.notes.toPlainText(), form.decision_model.rowCount(), form.summary.text(), form.history_model.rowCount())
                writer.execute(Command("Nytt navn", (RenameAgreement("b", "b2"),)))
                qtbot.waitUntil(lambda: form.key.text() == "b2")  # a new key is the same agreement
                writer.execute(Command("Slett", (Delete("agreements", "b2"),)))
                qtbot.waitUntil(lambda: "slettet" in form.summary.text())
                seen["deleted"] = (form.summary.text(), form.windowTitle(), form.title.text())
                add(writer, "c")  # another agreement new there is not taken for this one
                window.bridge.follow()
                seen["after"] = (form.key.text(), form.summary.text() == seen["deleted"][0])
            finally:
                form.reject()

        QTimer.singleShot(0, in_the_form)
        tab.edit_selected()  # Enter on the row: the read-only form
    finally:
        writer.close()
    title, history_before = seen["title"]
    assert title == "Avtale b"
    notes, decisions, notice, history = seen["changed"]
    assert (notes, decisions) == ("Lagt til", 1) and history > history_before and "endret i et annet vindu" in notice
    notice, title, shown = seen["deleted"]
    assert "slettet i et annet vindu" in notice and "slettet" in title and shown == "Avtale b – ny tittel"  # as it was
    assert seen["after"] == ("b2", True)


def test_the_read_only_agreement_form_says_who_has_the_database_and_once_gone_how_to_write(tmp_path, messages, monkeypatch, show_on,
                                                                                          window_on):
    """The agreement form shown to read says what the banner and the other dialogs shown to read say
    (SessionBridge.read_only_notice): who has the database, and once they have closed it, how to open it for
    writing. Was: «Databasen er åpen skrivebeskyttet: avtalen kan leses, ikke endres.» in both cases."""
    from konsultasjon_app.ui.register.form import AgreementForm

    notices = []
    monkeypatch.setattr(AgreementForm, "exec", lambda form: notices.append(form.summary.text()) or 0)
    db = tmp_path / "db.sqlite3"
    writer = Session.open(db, lock=True)  # another window
    try:
        window = reader_beside(writer, window_on)
        tab = show_on(window, "register")
        holder = window.bridge.writer
        assert holder and tab.select_key("b")
        tab.edit_selected()  # Enter on the row
    finally:
        writer.close()
    window.bridge.follow()
    window.bridge.follow()  # (two looks that agree: the writer has gone)
    tab.edit_selected()
    assert notices == [
        f"Databasen er åpen skrivebeskyttet fordi den er i bruk hos {holder}: avtalen kan leses, ikke endres.",
        "Databasen er åpen skrivebeskyttet: avtalen kan leses, ikke endres. Den er ikke lenger i bruk andre steder: velg «Åpne for "
        "skriving» i hovedvinduet for å kunne endre den.",
    ]


def test_a_bug_met_while_following_is_reported_once(tmp_path, qtbot, monkeypatch, quick_looks, bridge_on):
    """Was: the look went on every 2 s, each time into the excepthook's dialog, which piled up behind it."""
    db = tmp_path / "db.sqlite3"
    Session.open(db).close()
    bridge = bridge_on(Session.open(db, read_only=True))
    assert bridge._follow_timer.isActive()

    def bug(session):
        raise RuntimeError("a bug")

    monkeypatch.setattr(bridge.session, "follow", bug.__get__(bridge.session))  # this window's session alone
    with pytest.raises(RuntimeError):
        bridge.follow()
    assert not bridge._follow_timer.isActive()


def test_a_file_that_cannot_be_read_again_leaves_the_window_as_it_was_and_is_logged_once(tmp_path, monkeypatch, caplog, window_on):
    """Another program's change cannot be read just now (a network drive gone for a moment, say): the window goes on
    showing what it read last, says so once in the log (not every 2 s), and reads the file again when it can."""
    import logging

    from konsultasjon_app.store.errors import StoreError

    db = tmp_path / "db.sqlite3"
    writer = Session.open(db, lock=True)
    try:
        add(writer, "a")
        window = window_on(Session.open(db, read_only=True))
        bridge = window.bridge
        shown = bridge.register
        add(writer, "b")

        def unreadable(session):
            raise StoreError("io", session.path)

        caplog.set_level(logging.WARNING, logger="konsultasjon_app.ui.bridge")
        with monkeypatch.context() as scoped:
            scoped.setattr(bridge.session, "follow", unreadable.__get__(bridge.session))  # this window's session alone
            bridge.follow()
            bridge.follow()
        assert bridge.register is shown and window.register_tab.model.rowCount() == 1
        assert bridge._follow_timer.isActive()  # it looks again next time
        (logged,) = [r for r in caplog.records if r.name == "konsultasjon_app.ui.bridge"]
        assert logged.levelno == logging.WARNING and str(db) in logged.getMessage()
        bridge.follow()  # readable again
        assert [a.key for a in bridge.register.agreements] == ["a", "b"] and window.register_tab.model.rowCount() == 2
    finally:
        writer.close()


def test_a_writer_that_cannot_be_told_leaves_the_banner_as_it_was(tmp_path, qtbot, monkeypatch, quick_looks, bridge_on):
    """A look at the lock that fails for another reason than a holder (WriterLock.is_held: None) changes nothing."""
    db = tmp_path / "db.sqlite3"
    writer = Session.open(db, lock=True)
    try:
        bridge = bridge_on(Session.open(db, read_only=True))
        assert bridge.writer
        seen = bridge.writer
        monkeypatch.setattr(Session, "lock_holder", lambda session: None)
        bridge.follow()
        assert bridge.writer == seen and not bridge.writer_gone
    finally:
        writer.close()


def test_a_window_that_cannot_follow_the_writer_does_not_say_it_will(tmp_path, qtbot, monkeypatch, messages, quick_looks, window_on):
    """In a folder this program may only read, the database is read as it stood when opened (immutable): a writer's
    changes never show. Was: the banner said they would, within seconds."""
    from konsultasjon_app.store import lock as lock_module

    db = tmp_path / "db.sqlite3"
    seed = Session.open(db)
    add(seed, "a")
    seed.close()
    Path(f"{db}-wal").mkdir()  # as tests/store/test_environment.py makes a read-only drive: no -shm can be made
    monkeypatch.setattr(database, "_writable", lambda path: False)
    window = window_on(opening.open_database(db))
    bridge = window.bridge
    assert bridge.session.store.immutable
    colleague = lock_module.WriterLock(db)  # a colleague who may write there opens it for writing
    assert colleague.acquire()
    try:
        qtbot.waitUntil(lambda: "i bruk hos" in window.banner.text())
        assert "vises her etter noen sekunder" not in window.banner.text()
        assert "vises ikke her før du åpner databasen på nytt" in window.banner.text()
    finally:
        colleague.release()


def test_opening_for_writing_keeps_dagsorden_on_its_year_and_meeting(tmp_path, qtbot, messages, show_on, quick_looks, window_on):
    """The same database opened again for writing (its writer has gone): Dagsorden stays where the user was. Was: it
    jumped to the year it opens on, and lost the meeting selected. Another database still opens on that year."""
    from konsultasjon_app.store.demo import ensure_demo

    db = tmp_path / "db.sqlite3"
    ensure_demo(db)  # meetings in 2006 only: Dagsorden opens on 2006
    writer = Session.open(db, lock=True)
    try:
        window = window_on(opening.open_database(db))  # answered Yes: read-only
        bridge = window.bridge
        tab = show_on(window, "agenda")
        assert tab.year.value() == 2006
        tab.year.setValue(2007)
        tab.select_meeting(3)
        assert (tab.selected_slot().ref.year, tab.selected_slot().ref.number) == (2007, 3)
    finally:
        writer.close()
    qtbot.waitUntil(lambda: window.writable_button is not None and window.writable_button.isVisible())
    window.writable_button.click()
    assert not bridge.session.read_only
    qtbot.waitUntil(lambda: not tab._stale)
    assert tab.year.value() == 2007 and (tab.selected_slot().ref.year, tab.selected_slot().ref.number) == (2007, 3)
    other = tmp_path / "annen.sqlite3"
    ensure_demo(other)
    bridge.set_session(Session.open(other, lock=True))
    assert tab.year.value() == 2006
    qtbot.waitUntil(lambda: not tab._stale)


def test_another_readers_look_at_the_same_instant_is_not_taken_for_a_writer(tmp_path, qtbot, monkeypatch, quick_looks, bridge_on):
    """Two read-only windows looking at the lock in the same instant each find it taken for a moment: one such look
    does not bring the writer back (the banner and "Åpne for skriving" flickered); the window goes by two looks in a
    row, and no look waits on the window's time (a look that waited 50 ms every 2 s made typing stutter)."""
    db = tmp_path / "db.sqlite3"
    writer = Session.open(db, lock=True)
    bridge = bridge_on(Session.open(db, read_only=True))
    try:
        writer.close()
        bridge.follow()
        bridge.follow()
        assert bridge.writer == "" and bridge.writer_gone  # two looks agree: gone
        told = []
        bridge.writer_changed.connect(lambda: told.append(bridge.writer))
        looks = iter(["noen på vm (prosess 1)", ""])  # another reader's look, then free again
        monkeypatch.setattr(Session, "lock_holder", lambda session: next(looks))
        bridge.follow()
        bridge.follow()
        assert told == [] and bridge.writer_gone
    finally:
        writer.close()


def test_a_change_refused_in_a_read_only_window_names_who_has_the_database(tmp_path, messages, bridge_on):
    """A change that reaches the database of a read-only window all the same is refused with the banner's reason
    (who has it), naming the file, not as a «skrivebeskyttet fil eller mappe»: the file is not read-only. A database
    read-only because nobody may write it keeps the store's words."""
    import datetime as dt

    from konsultasjon_app.domain.model import Meeting

    db = tmp_path / "db.sqlite3"
    writer = Session.open(db, lock=True)  # another window
    command = Command("Nytt møte", (Put("meetings", Meeting(2026, 2, dt.date(2026, 4, 20))),))
    try:
        reader = bridge_on(Session.open(db, read_only=True))
        assert not reader.run_or_tell(command)
        assert messages == [("warning", f"Databasen er åpen skrivebeskyttet fordi den er i bruk hos {reader.writer}: ingenting er lagret i {db}.")]
    finally:
        writer.close()
    reader.follow()
    reader.follow()  # (two looks that agree: the writer has gone)
    messages.clear()
    assert reader.writer_gone and not reader.run_or_tell(command)  # says how to write it now
    assert messages == [("warning", f"Databasen er åpen skrivebeskyttet: ingenting er lagret i {db}. Den er ikke lenger i bruk andre steder: "
                                    "velg «Åpne for skriving» i hovedvinduet for å kunne endre den.")]
    messages.clear()
    alone = bridge_on(Session.open(db, read_only=True))  # nobody holds it: read-only as asked, as for a file one may only read
    assert alone.writer == "" and not alone.run_or_tell(command)
    assert messages == [("warning", f"databasen {db} kan ikke skrives (skrivebeskyttet fil eller mappe)")]


def test_the_banner_says_what_a_refused_change_says_and_meeting_mode_looks_like_it(tmp_path, qtbot, messages, window_on):
    """The banner's sentence is the one a refused change, the tabs and meeting mode say (SessionBridge.read_only_notice):
    who has the database, and once they have closed it, how to open it for writing, in the same words. Was: the
    banner made its own ('Databasen er åpen skrivebeskyttet, men den er ikke lenger i bruk andre steder. Velg …'),
    which a change refused at the same moment said otherwise. Meeting mode's notice has the banner's look."""
    import datetime as dt

    from konsultasjon_app.ui.meeting.mode import MeetingMode
    from konsultasjon_app.ui.widgets import BANNER_STYLE

    db = tmp_path / "db.sqlite3"
    writer = Session.open(db, lock=True)  # another window
    try:
        window = reader_beside(writer, window_on)
        bridge = window.bridge
        holder = bridge.writer
        assert holder
        assert window.banner.text() == (f"Databasen er åpen skrivebeskyttet fordi den er i bruk hos {holder}: du kan lese, søke og skrive ut, "
                                        "men ikke endre. Endringer som gjøres der, vises her etter noen sekunder.")
        mode = MeetingMode(bridge, 2026, 1, dt.date(2026, 2, 1))
        qtbot.addWidget(mode)
        assert mode.read_only_notice.styleSheet() == window.banner.styleSheet() == BANNER_STYLE
        mode.reject()
    finally:
        writer.close()
    bridge.follow()
    bridge.follow()  # (two looks that agree: the writer has gone)
    gone = "Den er ikke lenger i bruk andre steder: velg «Åpne for skriving» i hovedvinduet for å kunne endre den."
    assert window.banner.text() == f"Databasen er åpen skrivebeskyttet: du kan lese, søke og skrive ut, men ikke endre. {gone}"
    assert not bridge.run_or_tell(Command("Ny", (Put("agreements", replace(writer.register.agreement("a"), key="c")),)))
    assert messages[-1] == ("warning", f"Databasen er åpen skrivebeskyttet: ingenting er lagret i {db}. {gone}")


def test_a_second_window_through_a_link_to_the_database_opens_read_only(tmp_path, messages, window_on):
    """The database opened through a link to it (a shortcut in Dokumenter to the shared folder's file) while another
    window writes it by its own name: offered read-only, as on its own name, with the banner naming who writes it.
    Was: opened for writing, and each window wrote its own content back over the other's."""
    from ..store.test_lock import linked

    real, link = linked(tmp_path)
    writer = Session.open(real, lock=True)  # another window
    try:
        for key in ("a", "b"):
            add(writer, key)
        window = window_on(opening.open_database(link))  # answered Yes: read-only
        assert len(messages) == 1 and messages[0][0] == "question" and "er åpen for skriving hos" in messages[0][1]
        assert window.bridge.session.read_only and "i bruk hos" in window.banner.text()
        assert [a.key for a in window.bridge.register.agreements] == ["a", "b"]
    finally:
        writer.close()
