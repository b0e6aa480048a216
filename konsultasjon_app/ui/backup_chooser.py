"""Choosing a backup to restore: when the database is damaged at opening, and from the File menu."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QVBoxLayout, QWidget

from ..domain.calendar import format_date
from ..store import backup as backups
from ..store.errors import StoreError
from .errors import as_sentence
from .widgets import ok_cancel, table_view

log = logging.getLogger(__name__)
T = TypeVar("T")
WITHOUT_BACKUP = object()  # restore_one's answer when the user chose to do without the backups (its `decline` button)


def _when(at) -> str:
    """A time as the secretariat writes it: 26.04.2006 kl. 10.15."""
    return f"{format_date(at.date())} kl. {at.hour:02d}.{at.minute:02d}"


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class BackupsModel(QAbstractTableModel):
    """The backups offered, newest first: when each was made and why, and what it holds (its agreements and
    meetings, and its newest change). What a backup holds is read from its file when its row is first shown, and
    kept (backups.contents: read-only, three small queries): the dialog opens as quickly with a hundred backups as
    with two, and a damaged one says «kan ikke leses» in its row."""

    COLUMNS = ("made", "reason", "contents", "changed")

    def __init__(self, offered: list[backups.Backup], parent: QObject | None = None):
        super().__init__(parent)
        self.backups = offered
        self._read: dict[int, backups.Contents | None] = {}
        self._headers = [self.tr("Tatt"), self.tr("Årsak"), self.tr("Innhold"), self.tr("Siste endring")]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's naming
        return 0 if parent.isValid() else len(self.backups)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's naming
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def contents(self, row: int) -> backups.Contents | None:
        """What the backup of `row` holds (None: it cannot be read), read once."""
        if row not in self._read:
            self._read[row] = backups.contents(self.backups[row])
        return self._read[row]

    def text(self, row: int, column: str) -> str:
        backup = self.backups[row]
        if column == "made":
            return _when(backup.made)
        if column == "reason":
            return backup.reason_nb
        held = self.contents(row)
        if held is None:
            return self.tr("kan ikke leses") if column == "contents" else ""
        if column == "contents":
            return (_counted(held.agreements, self.tr("avtale"), self.tr("avtaler")) + ", "
                    + _counted(held.meetings, self.tr("møte"), self.tr("møter")))
        return _when(held.changed) if held.changed is not None else self.tr("ingen endringer")

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(self.backups[index.row()].path)  # which file it is, for one who looks in the folder
        return self.text(index.row(), self.COLUMNS[index.column()])


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
        self.model = BackupsModel(self.backups, self)
        self.view = table_view(self, self.model, self.tr("Sikkerhetskopier"))
        self.view.setObjectName("backups")
        header = self.view.horizontalHeader()
        for column in (0, 1):  # sized to their text; not the contents, which would read every backup to size it
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(2, self.view.fontMetrics().horizontalAdvance(self.tr("000 avtaler, 000 møter")) + 16)
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
        self.resize(720, 400)

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
