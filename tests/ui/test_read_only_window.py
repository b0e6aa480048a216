"""A window that reads a database it cannot write: an older database on a read-only drive opens read-only too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from konsultasjon_app.store import database
from konsultasjon_app.ui import opening
from konsultasjon_app.ui.bridge import SessionBridge
from konsultasjon_app.ui.main_window import MainWindow

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"


@pytest.mark.parametrize("version", range(1, database.latest_version()))
def test_an_older_database_on_a_read_only_drive_opens_read_only(tmp_path, qtbot, monkeypatch, messages, version):
    """As tests/store/test_environment.py makes a read-only drive: nothing may be written, no -wal file opened."""
    db = tmp_path / "gammel.sqlite3"
    shutil.copy(SCHEMAS / f"schema-v{version}.sqlite3", db)
    Path(f"{db}-wal").mkdir()
    monkeypatch.setattr(database, "_writable", lambda path: False)
    session = opening.open_database(db)
    assert messages[0][0] == "question" and "kan ikke skrives" in messages[0][1]
    assert session is not None and session.read_only
    bridge = SessionBridge(session)
    window = MainWindow(bridge)
    qtbot.addWidget(window)
    assert window.register_tab.model.rowCount() == 1
    assert [kind for kind, _ in messages] == ["question"]
    bridge.close()
