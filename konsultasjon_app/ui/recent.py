"""The databases used last on this machine: *Fil → Nylig brukte*, and the one a start opens when no --db is given.

A secretariat that keeps its register on a shared or network drive opens it once with *Fil → Åpne*; from then on
the program starts on it. The demo database is listed but never started on (the demo is asked for with --demo).
A database that is not there when the program starts (a network drive not connected, a file moved) is never
silently replaced by another: the user is asked whether to try again, open the default database, or quit."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6 import QtWidgets  # the message box's classes are looked up when it is shown
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QMenu, QWidget

from .. import paths
from .settings import AppSettings
from .widgets import ui_text

KEY = "database/recent"
KEEP = 6  # as many as a menu shows at a glance


def _key(path: Path | str) -> str:
    """A path as compared: absolute, in the file system's case (not resolved: a mapped drive H:\\ stays H:\\)."""
    return os.path.normcase(os.path.abspath(path))


def recent(settings: AppSettings) -> list[Path]:
    """The databases used last, newest first."""
    return [Path(p) for p in settings.get(KEY)]


def remember(settings: AppSettings, path: Path) -> None:
    """`path` was opened: it goes first in the list (once), which keeps the newest KEEP."""
    chosen = os.path.abspath(path)
    others = [p for p in settings.get(KEY) if _key(p) != _key(chosen)]
    settings.set(KEY, [chosen, *others][:KEEP])


def forget(settings: AppSettings, path: Path) -> None:
    settings.set(KEY, [p for p in settings.get(KEY) if _key(p) != _key(path)])


def start_database(settings: AppSettings, parent: QWidget | None = None) -> tuple[Path, Path | None] | None:
    """The database a start without --db opens: the last one used (the demo database aside), else the default one;
    with it, the last one when the default is opened in its place for now (remembered again once the window has
    remembered the default, so that the next start tries it). A last one that is not there is asked about: try again (a network drive just connected),
    the default database, or quit (None). One that is gone while its backups lie beside it is opened as it is:
    opening offers the backups (ui.opening)."""
    demo = _key(paths.demo_db_path())
    last = next((p for p in recent(settings) if _key(p) != demo), None)
    if last is None or _key(last) == _key(paths.default_db_path()):
        return paths.default_db_path(), None
    from ..store.backup import list_backups

    while not last.exists() and not list_backups(last):
        answer = ask_missing(parent, last)
        if answer == "default":
            return paths.default_db_path(), last
        if answer != "retry":
            return None
    return last, None


def ask_missing(parent: QWidget | None, path: Path) -> str:
    """'retry', 'default' or 'quit': what to do about the last database used, which is not there now."""
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
    box.setWindowTitle(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Finner ikke databasen")))
    box.setText(ui_text(QT_TRANSLATE_NOOP(
        "Konsultasjon",
        "Databasen du brukte sist, %1, finnes ikke nå. Ligger den på en nettverksstasjon, kobler du til stasjonen og "
        "prøver igjen.")).replace("%1", str(path)))
    retry = box.addButton(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "&Prøv igjen")), QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    default = box.addButton(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Åpne &standarddatabasen")), QtWidgets.QMessageBox.ButtonRole.ActionRole)
    box.addButton(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "&Avslutt")), QtWidgets.QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.setInformativeText(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Standarddatabasen er %1.")).replace("%1", str(paths.default_db_path())))
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    return "retry" if clicked is retry else "default" if clicked is default else "quit"


def fill_menu(menu: QMenu, settings: AppSettings, current: Path, open_path) -> None:
    """*Nylig brukte*: the databases used last but the open one, numbered for the keyboard; `open_path(path)` opens
    one. Filled each time the menu is about to show (another window may have opened one since)."""
    menu.clear()
    shown = [p for p in recent(settings) if _key(p) != _key(current)]
    for number, path in enumerate(shown, start=1):
        action = menu.addAction(f"&{number} " + f"{path.name}   ({path.parent})".replace("&", "&&"))  # "&" in a name is no mnemonic
        action.setToolTip(str(path))
        action.setStatusTip(str(path))  # the status bar: a menu shows no tooltips
        action.triggered.connect(lambda _=False, p=path: open_path(p))
    if not shown:
        none = menu.addAction(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "(ingen andre)")))
        none.setEnabled(False)
