"""Errors in three kinds: bad input and the environment get a message and change nothing; a bug is logged with its
traceback in the data folder (and shown in a dialog on a desktop)."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from konsultasjon_app.domain.changes import Command, Put
from konsultasjon_app.domain.model import Agreement, Decision, MeetingRef
from konsultasjon_app.store.session import Session
from konsultasjon_app.ui import app as ui_app


def test_a_bug_is_logged_with_its_traceback_in_the_data_folder(private_data_dir, monkeypatch):
    root = logging.getLogger()
    before = list(root.handlers)
    ui_app.setup_logging()
    log_path = ui_app.log_path()
    assert log_path == private_data_dir / "konsultasjon.log"
    previous = sys.excepthook
    monkeypatch.setattr(sys, "__excepthook__", lambda *args: None)  # keep the test's output clean
    try:
        ui_app._install_excepthook()
        try:
            raise RuntimeError("en programfeil i testen")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        for handler in root.handlers:
            handler.flush()
        text = log_path.read_text(encoding="utf-8")
        assert "programfeil" in text and "RuntimeError: en programfeil i testen" in text and "Traceback" in text
    finally:
        sys.excepthook = previous
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()


def test_a_log_file_another_window_holds_is_written_on_and_moved_aside_later(private_data_dir, monkeypatch):
    """Two windows (a writer and the read-only second one) write one konsultasjon.log; on Windows it cannot be moved
    aside while the other has it open. Was: every later message of this program lost, the bug report's too."""
    import os
    import time

    from ..windows import in_use_error

    ui_app.setup_logging()
    log_path = ui_app.log_path()
    earlier = log_path.with_name("konsultasjon.log.1")
    earlier.write_text("forrige logg\n", encoding="utf-8")
    held, tried, now = [True], [], [1000.0]
    real_rename, real_replace = os.rename, os.replace

    def moving(real):
        def move(source, target):
            if os.fspath(source) == str(log_path):
                tried.append(target)
                if held[0]:
                    raise in_use_error(source)
            return real(source, target)

        return move

    monkeypatch.setattr(os, "rename", moving(real_rename))
    monkeypatch.setattr(os, "replace", moving(real_replace))
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    log = logging.getLogger("konsultasjon.test")
    for number in range(100):  # some 1.5 MB: beyond the size the log file is moved aside at
        log.info("melding %03d %s", number, "x" * 15_000)
    with log_path.open("a", encoding="utf-8") as other:  # the other window's messages meanwhile
        other.write("den andre\n" * 10_000)
    try:
        raise RuntimeError("en programfeil i testen")
    except RuntimeError:
        log.exception("programfeil:")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_path.read_text(encoding="utf-8")
    assert "melding 000" in text and "melding 099" in text and "RuntimeError: en programfeil i testen" in text
    assert len(tried) == 1  # tried again later, not at every message
    assert earlier.read_text(encoding="utf-8") == "forrige logg\n"  # and nothing older moved on meanwhile
    held[0] = False  # the other window closed
    now[0] += 3600
    log.info("senere")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "melding 099" in earlier.read_text(encoding="utf-8")
    assert log_path.with_name("konsultasjon.log.2").read_text(encoding="utf-8") == "forrige logg\n"
    assert "senere" in log_path.read_text(encoding="utf-8")
    left = sorted(path.name for path in log_path.parent.glob("konsultasjon.log*"))
    assert left == ["konsultasjon.log", "konsultasjon.log.1", "konsultasjon.log.2"]  # nothing left under another name


def test_a_log_moved_aside_while_an_older_one_is_held_is_never_written_over(private_data_dir, monkeypatch):
    """konsultasjon.log.1 held open (a log viewer): the log moved aside stays under a name of its own. Was: one name
    per process, so the next rollover replaced the one left before, a megabyte of messages lost."""
    import os
    import time

    from ..windows import in_use_error

    ui_app.setup_logging()
    log_path = ui_app.log_path()
    earlier = log_path.with_name("konsultasjon.log.1")
    earlier.write_text("forrige logg\n", encoding="utf-8")
    now = [1000.0]
    real_replace = os.replace

    def replace(source, target):
        if os.fspath(source) == str(earlier):
            raise in_use_error(source)
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    log = logging.getLogger("konsultasjon.test")
    for batch in ("første", "andre"):
        for number in range(80):  # some 1.2 MB: beyond the size the log file is moved aside at
            log.info("%s %03d %s", batch, number, "x" * 15_000)
        now[0] += 3600
    for handler in logging.getLogger().handlers:
        handler.flush()
    aside = sorted(log_path.parent.glob("konsultasjon.log.*.rotating"))
    assert len(aside) == 2
    texts = [path.read_text(encoding="utf-8") for path in aside]
    assert any("første 000" in text for text in texts) and any("andre 000" in text or "første 079" in text for text in texts)
    assert earlier.read_text(encoding="utf-8") == "forrige logg\n"


def test_bad_input_and_the_environment_get_a_message_and_change_nothing(tmp_path, monkeypatch, qtbot, bridge_on):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    bridge = bridge_on(Session.open(tmp_path / "db.sqlite3", lock=True))
    bad = Command("Vedtak", (Put("decisions", Decision("finnes-ikke", MeetingRef(2006, 2), "continue")),))
    assert not bridge.run_or_tell(bad)
    assert "finnes-ikke" in shown[-1] and "verken finnes i filen eller i databasen" in shown[-1]
    reader = Session.open(tmp_path / "db.sqlite3", read_only=True)
    read_only = bridge_on(reader)
    assert not read_only.run_or_tell(Command("Ny", (Put("agreements", Agreement("a", "A")),)))
    # The file can be written: the window that holds it is named, and the file (not «skrivebeskyttet fil eller mappe»).
    assert "skrivebeskyttet fordi den er i bruk hos" in shown[-1] and str(tmp_path / "db.sqlite3") in shown[-1]
    assert reader.store.load().agreements == ()


def test_a_bug_in_a_command_is_not_swallowed(tmp_path, bridge_on):
    bridge = bridge_on(Session.open(tmp_path / "db.sqlite3"))
    with pytest.raises(TypeError):
        bridge.run_or_tell(Command("Feil", ("ikke en operasjon",)))


def test_a_database_that_cannot_be_made_is_told_in_a_dialog_not_only_on_the_console(tmp_path, monkeypatch, qapp):
    """A windowed program on Windows has no console: when the demo database cannot be made (here its folder is a
    file), the user gets a message box naming the place, and the program ends without a traceback."""
    import argparse

    blocker = tmp_path / "ikke-en-mappe"
    blocker.write_text("")
    monkeypatch.setenv("KONSULTASJON_DATA_DIR", str(blocker))
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a, **k: shown.append(text))
    args = argparse.Namespace(db=None, demo=True, screenshot=None, tab=None)
    assert ui_app._open_session(args, keep=10) is None
    assert len(shown) == 1 and str(blocker) in shown[0]


def test_a_database_named_on_the_command_line_that_is_not_there_is_made_only_when_asked(tmp_path, monkeypatch, qapp, capsys):
    """A typo in a shortcut's --db quietly started an empty register (folders and all); a folder named as the
    database read "kan ikke åpnes", a file in the way "disk- eller nettverksfeil"."""
    import argparse

    monkeypatch.setenv("KONSULTASJON_DATA_DIR", str(tmp_path / "data"))
    shown = []
    answers = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a, **k: shown.append(("critical", text)))
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: shown.append(("question", text)) or answers.pop(0))

    def start(db):
        shown.clear()
        return ui_app._open_session(argparse.Namespace(db=db, demo=False, screenshot=None, tab=None), keep=10)

    typo = tmp_path / "Sekretariat" / "regsiter.sqlite3"
    answers.append(QMessageBox.StandardButton.No)
    assert start(typo) is None
    assert shown == [("question", f"Databasen {typo} finnes ikke, og heller ikke mappen {typo.parent}.\n\nVil du lage en ny, tom database der?")]
    assert not typo.parent.exists()
    answers.append(QMessageBox.StandardButton.Yes)
    session = start(typo)
    try:
        assert session is not None and typo.exists() and not session.register.agreements
    finally:
        session.close()
    folder = tmp_path / "mappe"
    folder.mkdir()
    assert start(folder) is None
    assert shown == [("critical", f"{folder}: er en mappe, ikke en fil")]
    blocker = tmp_path / "fil.txt"
    blocker.write_text("x")
    assert start(blocker / "db.sqlite3") is None
    assert shown == [("critical", f"{blocker / 'db.sqlite3'}: {blocker} er en fil, ikke en mappe")]
    assert capsys.readouterr().err.count("error: ") == 2
