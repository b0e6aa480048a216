"""Choosing a backup to restore: when the database is damaged at opening, and from the File menu."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListView, QVBoxLayout, QWidget

from ..store import backup as backups
from ..store.errors import StoreError
from .errors import as_sentence
from .widgets import ok_cancel

log = logging.getLogger(__name__)
T = TypeVar("T")
WITHOUT_BACKUP = object()  # restore_one's answer when the user chose to do without the backups (its `decline` button)


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


def restore_one(db_path: Path, parent: QWidget | None, what: str | None, choice: str,
                restore: Callable[[backups.Backup], T | StoreError], *, decline: str | None = None) -> tuple[backups.Backup, T] | object | None:
    """Offer `db_path`'s backups until one is restored: `restore(chosen)` restores it and returns what it gives,
    or the StoreError of a backup that cannot be restored (damaged, or gone since it was listed), which changed
    nothing: the list is shown again without it, saying so, for an older one may be sound. `what` (why backups are
    offered, if the dialog must say) heads the text, `choice` says what to do. The chosen backup and what
    `restore` gave; None for Avbryt; WITHOUT_BACKUP for the `decline` button."""
    failed: set[Path] = set()
    head = what + "\n\n" if what else ""
    intro = head + choice
    while True:
        chooser = BackupChooser(db_path, intro, parent, leave_out=failed, decline=decline)
        result = chooser.exec()
        if result == BackupChooser.DECLINED:
            return WITHOUT_BACKUP
        chosen = chooser.chosen()
        if result != QDialog.DialogCode.Accepted or chosen is None:
            return None
        outcome = restore(chosen)
        if not isinstance(outcome, StoreError):
            return chosen, outcome
        log.warning("cannot restore %s: %s", chosen.path, outcome.message)
        failed.add(chosen.path)
        others = any(b.path not in failed for b in backups.list_backups(db_path))
        intro = (head + as_sentence(outcome.message_nb) + " " + QDialog.tr("Ingenting er endret.") + "\n\n"
                 + (choice if others else QDialog.tr("Det finnes ingen annen sikkerhetskopi å gjenopprette.")))
