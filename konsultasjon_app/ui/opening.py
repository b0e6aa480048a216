"""Opening a database in the window, with a clear way out of every problem of the environment:
in use by another window (open read-only), damaged or not a database (restore a backup), locked, read-only."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListView, QMessageBox, QVBoxLayout, QWidget
from PySide6.QtCore import QStringListModel

from .. import files
from ..domain.problems import InvalidInput
from ..store import backup as backups
from ..store.errors import StoreError
from ..store.session import Session
from .errors import environment_message
from .widgets import ok_cancel

log = logging.getLogger(__name__)
DAMAGED = ("corrupt", "not-a-database", "foreign", "io")


class BackupChooser(QDialog):
    """Pick one of a database's backups (newest first)."""

    def __init__(self, db_path: Path, intro: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Gjenopprett sikkerhetskopi"))
        self.backups = backups.list_backups(db_path)
        label = QLabel(intro, self)
        label.setWordWrap(True)
        self.view = QListView(self)
        self.view.setObjectName("backups")
        self.view.setAccessibleName(self.tr("Sikkerhetskopier"))
        self.view.setModel(QStringListModel([b.label for b in self.backups], self))
        if self.backups:
            self.view.setCurrentIndex(self.view.model().index(0, 0))
        buttons = ok_cancel(self, self.tr("Gjenopprett"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.backups))
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def chosen(self) -> backups.Backup | None:
        index = self.view.currentIndex()
        return self.backups[index.row()] if index.isValid() else None


def open_database(path: Path, parent: QWidget | None = None, *, keep: int = backups.DEFAULT_KEEP) -> Session | None:
    """Open `path` as this window's database: the only writer, backed up on open. On problems, ask the user what
    to do (read-only, restore a backup) or tell them; None if nothing could be opened."""
    try:
        return Session.open(path, lock=True, backup_on_open=True, backup_keep=keep)
    except StoreError as exc:
        log.warning("cannot open %s: %s", path, exc.message)
        if exc.kind == "in-use":
            answer = QMessageBox.question(
                parent,
                QMessageBox.tr("Databasen er i bruk"),
                exc.message_nb + "\n\n" + QMessageBox.tr("Vil du åpne den skrivebeskyttet? Du kan lese og skrive ut, men ikke endre."),
            )
            if answer == QMessageBox.StandardButton.Yes:
                try:
                    return Session.open(path, read_only=True)
                except StoreError as again:
                    QMessageBox.warning(parent, QMessageBox.tr("Kan ikke åpne databasen"), again.message_nb)
            return None
        if exc.kind in DAMAGED and backups.list_backups(path):
            chooser = BackupChooser(
                path,
                exc.message_nb + "\n\n" + QDialog.tr("Velg en sikkerhetskopi å gjenopprette. Den skadede filen tas vare på ved siden av."),
                parent,
            )
            if chooser.exec() == QDialog.DialogCode.Accepted and chooser.chosen() is not None:
                return restore_into(path, chooser.chosen(), parent, keep=keep)
            return None
        QMessageBox.critical(parent, QMessageBox.tr("Kan ikke åpne databasen"), exc.message_nb)
        return None
    except (files.FileAccessError, InvalidInput) as exc:
        QMessageBox.critical(parent, QMessageBox.tr("Kan ikke åpne databasen"), environment_message(exc))
        return None


def restore_into(path: Path, chosen: backups.Backup, parent: QWidget | None, *, keep: int = backups.DEFAULT_KEEP) -> Session | None:
    """Restore a backup over a database that is not open (a damaged file is kept aside, never deleted)."""
    try:
        if path.exists() and not _opens(path):
            aside = path.with_name(f"{path.stem}.skadet-{chosen.made.strftime('%Y%m%d%H%M%S')}{path.suffix}")
            path.replace(aside)
        backups.restore(chosen.path, path)
        return Session.open(path, lock=True, backup_keep=keep)
    except (StoreError, OSError) as exc:
        message = str(exc) if isinstance(exc, OSError) else environment_message(exc)
        QMessageBox.critical(parent, QMessageBox.tr("Gjenopprettingen mislyktes"), message)
        return None


def _opens(path: Path) -> bool:
    try:
        Session.open(path, read_only=True).close()
    except StoreError:
        return False
    return True
