"""The user's list of ministries, directorates and organisations, with former names (ministries are renamed often)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.changes import Command, Delete, Put
from ...domain.model import Party, Register
from ..widgets import AsksBeforeDiscarding, ErrorLabel, UnsavedChanges, fit_to_screen, ok_cancel, pasted_text_fields, table_view, ui_text

KIND_NB = {"ministry": QT_TRANSLATE_NOOP("Konsultasjon", "Departement"), "directorate": QT_TRANSLATE_NOOP("Konsultasjon", "Direktorat/etat"), "other": QT_TRANSLATE_NOOP("Konsultasjon", "Annen part")}


class PartyModel(QAbstractTableModel):
    def __init__(self, parties: list[Party], parent: QObject | None = None):
        super().__init__(parent)
        self.parties = parties

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.parties)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return [self.tr("Forkortelse"), self.tr("Navn"), self.tr("Type")][section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        p = self.parties[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (p.key, p.name, ui_text(KIND_NB[p.kind]) if p.kind in KIND_NB else p.kind)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and p.former_names:
            return self.tr("Tidligere: %1").replace("%1", "; ".join(p.former_names))
        return None

    def replace_row(self, row: int, party: Party) -> None:
        self.parties[row] = party
        self.dataChanged.emit(self.index(row, 0), self.index(row, 2))

    def append(self, party: Party) -> int:
        row = len(self.parties)
        self.beginInsertRows(QModelIndex(), row, row)
        self.parties.append(party)
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.parties[row]
        self.endRemoveRows()


class PartiesDialog(AsksBeforeDiscarding, QDialog):
    def __init__(self, register: Register, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Departementer og parter"))
        self.register = register
        self.model = PartyModel(list(register.parties), self)
        self.view = table_view(self, self.model, self.tr("Departementer og parter"))
        self.view.setObjectName("parties")
        self.view.setColumnWidth(1, 320)

        self.key = QLineEdit(self)
        self.key.setAccessibleName(self.tr("Forkortelse"))
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Navn"))
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Type"))
        for value, label in KIND_NB.items():
            self.kind.addItem(ui_text(label), value)
        self.former = QPlainTextEdit(self)
        self.former.setAccessibleName(self.tr("Tidligere navn"))
        self.former.setTabChangesFocus(True)
        self.former.setPlaceholderText(self.tr("Ett navn per linje, med forkortelsen i parentes:\nKommunal- og regionaldepartementet (KRD)"))
        self.error = ErrorLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("&Forkortelse:"), self.key)
        form.addRow(self.tr("&Navn:"), self.name)
        form.addRow(self.tr("&Type:"), self.kind)
        form.addRow(self.tr("T&idligere navn:"), self.former)
        form.addRow(self.error)

        add = QPushButton(self.tr("N&y part"), self)
        remove = QPushButton(self.tr("&Slett"), self)
        buttons = ok_cancel(self)
        left = QVBoxLayout()
        left.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        left.addLayout(row)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(form, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 980, 560)

        self._showing = False
        self._shown = self._fields()  # the fields as _show filled them (a party's, or empty)
        add.clicked.connect(self._add)
        remove.clicked.connect(self._remove)
        # What is typed goes into the list at once (when it is valid): nothing waits for a button to be kept.
        for signal in (self.key.textChanged, self.name.textChanged, self.kind.currentIndexChanged, self.former.textChanged):
            signal.connect(self._apply)
        self.view.selectionModel().currentRowChanged.connect(lambda current, _: self._show(current.row()))
        if self.model.rowCount():
            self.view.selectRow(0)
        pasted_text_fields(self)  # text pasted from Word or a PDF arrives tidied
        self.unsaved = UnsavedChanges(self, self._state, self.tr("Forkaste endringene i listen over departementer og parter?"))

    def _fields(self) -> tuple:
        return self.key.text(), self.name.text(), self.kind.currentData(), self.former.toPlainText()

    def _state(self) -> tuple:
        """What the user can change here, to tell whether anything was: the list, and text in the fields that the
        list did not take (an empty name, a key already in use). Choosing another row changes neither."""
        fields = self._fields()
        return tuple(self.model.parties), (fields if fields != self._shown else None)


    def _row(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _show(self, row: int) -> None:
        party = self.model.parties[row] if 0 <= row < len(self.model.parties) else None
        self._showing = True
        self.key.setText(party.key if party else "")
        self.name.setText(party.name if party else "")
        self.kind.setCurrentIndex(max(0, self.kind.findData(party.kind if party else "ministry")))
        self.former.setPlainText("\n".join(party.former_names) if party else "")
        self._shown = self._fields()
        self._showing = False
        self.error.show_message(None)

    def _edited(self) -> Party | None:
        key, name = self.key.text().strip(), self.name.text().strip()
        former = tuple(line.strip() for line in self.former.toPlainText().splitlines() if line.strip())
        row = self._row()
        taken = next((i for i, p in enumerate(self.model.parties) if p.key == key), -1)
        if not key:
            self.error.show_message(self.tr("Forkortelsen må fylles ut."))
        elif not name:
            self.error.show_message(self.tr("Navnet må fylles ut."))
        elif taken >= 0 and taken != row:
            self.error.show_message(self.tr("Forkortelsen «%1» er allerede i listen.").replace("%1", key))
        else:
            self.error.show_message(None)
            return Party(key, name, self.kind.currentData(), former)
        return None

    def _apply(self) -> None:
        row = self._row()
        if self._showing or row < 0:
            return
        party = self._edited()
        if party is not None and party != self.model.parties[row]:
            self.model.replace_row(row, party)

    def _unfilled(self) -> int:
        """A new row whose key or name is still the one it was made with, or -1."""
        stored = {p.key for p in self.register.parties}
        blank = self._new_party()
        return next((i for i, p in enumerate(self.model.parties) if p.key not in stored and (p.key == blank.key or p.name == blank.name)), -1)

    def _add(self) -> None:
        """A new row to fill in; an unfilled one already there is chosen rather than a second made."""
        row = self._unfilled()
        if row < 0:
            row = self.model.append(self._new_party())
        self.view.selectRow(row)
        self.key.setFocus()
        self.key.selectAll()

    def _new_party(self) -> Party:
        return Party(self.tr("NY"), self.tr("Nytt departement"), "ministry")

    def accept(self) -> None:
        """OK keeps the list only as the fields show it: not while they hold an error, nor with a new row whose key
        or name is still the placeholder (it would be stored as «NY» or «Nytt departement»)."""
        if self._row() >= 0 and self._edited() is None:
            return  # the error is shown beside the fields
        unfilled = self._unfilled()
        if unfilled >= 0:
            self.view.selectRow(unfilled)
            self.error.show_message(self.tr("Fyll ut forkortelse og navn for den nye parten, eller slett raden."))
            return
        super().accept()

    def _remove(self) -> None:
        row = self._row()
        if row >= 0:
            self.model.remove(row)

    def command(self) -> Command:
        before = {p.key: p for p in self.register.parties}
        after = {p.key: p for p in self.model.parties}
        ops = [Delete("parties", key) for key in before if key not in after]
        ops += [Put("parties", p) for key, p in after.items() if before.get(key) != p]
        return Command("Endre departementer og parter", tuple(ops))
