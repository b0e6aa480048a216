"""Choosing a backup to restore: when the database is damaged at opening, and from the File menu."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListView, QVBoxLayout, QWidget

from ..store import backup as backups
from .widgets import ok_cancel


class BackupChooser(QDialog):
    """Pick one of a database's backups (newest first). `leave_out`: backups not offered (found not to be restorable
    a moment ago). `decline`: a button of its own for choosing none and doing something else instead (as "Begynn med
    tom database"), which ends the dialog with DECLINED; Avbryt (and Esc) then still does nothing."""

    DECLINED = 2  # exec()'s result when the `decline` button was clicked

    def __init__(self, db_path: Path, intro: str, parent: QWidget | None = None, *, leave_out: Collection[Path] = (),
                 decline: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Gjenopprett sikkerhetskopi"))
        self.backups = [b for b in backups.list_backups(db_path) if b.path not in leave_out]
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
        if decline:
            instead = buttons.addButton(decline, QDialogButtonBox.ButtonRole.ActionRole)
            instead.setObjectName("decline")
            instead.clicked.connect(lambda: self.done(self.DECLINED))
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def chosen(self) -> backups.Backup | None:
        index = self.view.currentIndex()
        return self.backups[index.row()] if index.isValid() else None
