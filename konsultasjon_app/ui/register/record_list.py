"""A dialog that keeps one of the user's lists (the parties, the changes of government): the list on the left with
its Ny and Slett buttons, the chosen entry's fields on the right, and OK storing the whole list as one undoable step."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QPushButton, QTableView, QVBoxLayout, QWidget

from ...domain.changes import Command, Delete, Put
from ..widgets import AsksBeforeDiscarding, ErrorLabel, RowsModel, chosen_row, fit_to_screen, ok_cancel


class RecordListModel(RowsModel):
    """The list as a dialog holds it (`records`: its `rows` are the records themselves), a row per entry; a
    subclass names its columns (`headers`, set after this is made: `tr` needs the object) and gives a cell's text
    (`cell`) and a row's tip (`tooltip`)."""

    cell: Callable[[Any, int], str]  # a record's text in a column: each subclass defines it

    def __init__(self, records: list, parent: QObject | None = None):
        super().__init__([], parent, rows=records)

    @property
    def records(self) -> list:
        return self.rows

    @records.setter
    def records(self, records: list) -> None:
        self.rows = records

    def tooltip(self, record) -> str | None:
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        record = self.records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(record, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(record)
        return None

    def replace_row(self, row: int, record) -> int:
        """The entry at `row` replaced; the row it is now at."""
        self.records[row] = record
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.headers) - 1))
        return row

    def append(self, record) -> int:
        """A new entry at the end; the row it is at."""
        row = len(self.records)
        self.beginInsertRows(QModelIndex(), row, row)
        self.records.append(record)
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.records[row]
        self.endRemoveRows()


class RecordListDialog(AsksBeforeDiscarding, QDialog):
    """The frame the list dialogs share. A subclass makes its model and view, its fields in a form, then calls
    `_lay_out`; it gives `_show(row)` (the fields filled from an entry, or emptied for -1) and `_add()`."""

    model: RecordListModel
    view: QTableView
    error: ErrorLabel  # the message beside the fields: said through `_say`
    _show: Callable[[int], None]  # the fields filled from the entry on a row (-1: emptied); each subclass defines it
    _add: Callable[[], None]  # Ny …: a new entry to fill in; each subclass defines it
    _read_only = False

    def _lay_out(self, form: QFormLayout, add_text: str, size: tuple[int, int], above: QWidget | None = None) -> None:
        """The list with Ny … and Slett under it beside `form`, `above` (a text) over both, OK and Avbryt below;
        Del in the list takes the chosen entry out of it (only of the dialog's list: Avbryt keeps the stored one)."""
        self.add = QPushButton(add_text, self)
        self.remove = QPushButton(self.tr("&Slett"), self)
        self.buttons = ok_cancel(self)
        # Tab as the eye reads: the list, the buttons under it, then the fields beside it (made before the buttons:
        # Tab went from the fields back to Ny and Slett, and on from them to OK).
        QWidget.setTabOrder(self.view, self.add)
        QWidget.setTabOrder(self.add, self.remove)
        left = QVBoxLayout()
        left.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addWidget(self.add)
        row.addWidget(self.remove)
        row.addStretch(1)
        left.addLayout(row)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(form, 2)
        layout = QVBoxLayout(self)
        if above is not None:
            layout.addWidget(above)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, *size)
        self.add.clicked.connect(self._add)
        self.remove.clicked.connect(self._remove)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view, activated=self._remove, context=Qt.ShortcutContext.WidgetShortcut)
        self.view.selectionModel().currentRowChanged.connect(lambda current, _: self._show(current.row()))

    def _say(self, message: str | None) -> None:
        """`message` beside the fields (None: none), OK disabled while there is one, as in the other dialogs (was:
        enabled, and a click only showed the message again)."""
        self.error.show_message(message)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not message)

    def _row(self) -> int:
        """The entry the fields show: the selected row, else the current one (a keyboard user's); -1 for none."""
        row = chosen_row(self.view)
        return -1 if row is None else row

    def _remove(self) -> None:
        """The chosen entry out of the list; its neighbour is chosen next (its fields shown), the focus in the list."""
        row = self._row()
        if row < 0 or self._read_only:
            return
        self.model.remove(row)
        if self.model.rowCount():
            self.view.selectRow(min(row, self.model.rowCount() - 1))
        else:
            self._show(-1)
        self.view.setFocus()

    def _command(self, title: str, table: str, stored: Sequence, key: Callable[[object], Hashable]) -> Command:
        """One step for the whole list against `stored`: the entries gone deleted, the new and the changed put
        (an entry whose key was put right is the old key's taken out and the new one's put in)."""
        before = {key(r): r for r in stored}
        after = {key(r): r for r in self.model.records}
        ops = [Delete(table, k) for k in before if k not in after]
        ops += [Put(table, r) for k, r in after.items() if before.get(k) != r]
        return Command(title, tuple(ops))
