"""--screenshot only reads: it opens the database as the commands that only read do (Store.for_reading); and it
saves the window as the window painted itself when shown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QImage

from konsultasjon_app.cli import run_program
from konsultasjon_app.store import backup as backups
from konsultasjon_app.store.demo import ensure_demo
from konsultasjon_app.store.lock import WriterLock
from konsultasjon_app.ui.app import painted

from ..processes import SCHEMAS, user_version


def is_screenshot(png: Path) -> bool:
    image = QImage(str(png))
    return (image.width(), image.height()) == (1280, 800)


def test_a_screenshot_leaves_an_older_database_another_program_writes_as_it_is(qapp, tmp_path, capsys):
    """An older version's window has the database open for writing. Was: the screenshot upgraded it in place under
    that window (which must not find its schema changed under it) and backed it up first; `export` left it alone.
    Now it is read through an upgraded copy in memory, as every command that only reads does."""
    db = tmp_path / "gammel.sqlite3"
    shutil.copy(SCHEMAS / "schema-v1.sqlite3", db)
    other = WriterLock(db)
    assert other.acquire()
    try:
        assert run_program(["--db", str(db), "--screenshot", str(tmp_path / "s.png")]) == 0
    finally:
        other.release()
    assert capsys.readouterr().err == ""
    assert user_version(db) == 1
    assert backups.list_backups(db) == [] and not backups.folder(db).exists()
    assert is_screenshot(tmp_path / "s.png")


def test_a_screenshot_reads_a_database_that_cannot_be_written(qapp, tmp_path, monkeypatch, capsys):
    """On a write-protected USB stick or a share one may only read (made as tests/cli makes one: SQLite cannot open
    the -wal file beside it, and nothing may be written). Was: exit 3, "cannot be written", where check, plan and
    export read it."""
    from konsultasjon_app.store import database

    db = tmp_path / "demo.sqlite3"
    ensure_demo(db)
    Path(f"{db}-wal").unlink(missing_ok=True)
    Path(f"{db}-wal").mkdir()
    monkeypatch.setattr(database, "_writable", lambda path: False)
    out = tmp_path / "bilder" / "s.png"
    assert run_program(["--db", str(db), "--screenshot", str(out)]) == 0
    assert capsys.readouterr().err == ""
    assert is_screenshot(out)


def test_a_screenshot_that_upgrades_an_older_database_says_so_on_standard_error(qapp, tmp_path, capsys):
    """As every command that upgrades one: older versions can no longer open it, and the backup from before is named."""
    db = tmp_path / "gammel.sqlite3"
    shutil.copy(SCHEMAS / "schema-v2.sqlite3", db)
    assert run_program(["--db", str(db), "--screenshot", str(tmp_path / "s.png")]) == 0
    (made,) = backups.list_backups(db)
    assert capsys.readouterr().err == (f"note: the database {db} was upgraded from schema 2 to 3: older versions of this program can no "
                                       f"longer open it; the backup made before the upgrade is {made.path}\n")
    assert user_version(db) == 3 and is_screenshot(tmp_path / "s.png")


class _PaintsCounted(QObject):
    """Counts the paint events the window's widgets receive while installed on the application."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's naming
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _taken(app, window, platform=None) -> tuple[QImage, int]:
    """What painted() takes of the window (on `platform`'s screen: by default the application's, offscreen), as
    32-bit pixels, and how many paint events taking it cost."""
    counted = _PaintsCounted()
    app.installEventFilter(counted)
    try:
        image = painted(platform or app, window).toImage().convertToFormat(QImage.Format.Format_RGB32)
    finally:
        app.removeEventFilter(counted)
    return image, counted.count


@pytest.mark.parametrize("tab", ["agenda", "register", "evaluation"])
def test_a_screenshot_is_the_window_as_it_painted_itself_when_shown(qapp, open_window, tmp_path, tab):
    """--screenshot saves the pixels the window painted when it was shown (the offscreen screen's copy), not the
    window painted a second time for it: the same pixels, without a paint."""
    window = open_window(tmp_path / "demo.sqlite3")
    window.resize(1280, 800)
    window.show_tab(tab)
    window.show()
    qapp.processEvents()
    image, paints = _taken(qapp, window)
    assert paints == 0
    assert (image.width(), image.height()) == (1280, 800)
    assert image == window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_a_window_on_a_real_screen_is_painted_again_for_its_screenshot(qapp, open_window, tmp_path):
    """On a screen other programs' windows may cover part of it: its own paint is what is taken there."""

    class Desktop:
        def platformName(self) -> str:  # noqa: N802 - Qt's naming
            return "xcb"

    window = open_window(tmp_path / "demo.sqlite3")
    window.resize(1280, 800)
    window.show()
    qapp.processEvents()
    image, paints = _taken(qapp, window, Desktop())
    assert paints > 0
    assert image == window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
