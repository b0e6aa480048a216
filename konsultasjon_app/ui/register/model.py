"""The agreement table: one row per agreement, named columns, display/sort/tooltip roles, and its filter proxy."""

from __future__ import annotations

import datetime as dt
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ...domain.calendar import format_date
from ...domain.checks import check_agreement, party_index
from ...domain.lifecycle import Lifetime
from ...domain.model import Agreement, Register

KeyRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
SearchRole = Qt.ItemDataRole.UserRole + 3
WarningsRole = Qt.ItemDataRole.UserRole + 4


class Column(IntEnum):
    TITLE = 0
    MINISTRIES = 1
    SIGNED = 2
    ENDS = 3
    STATUS = 4
    WARNINGS = 5


def computed_status(life: Lifetime, today: dt.date) -> str:
    """The status the dates give, when the user has not written one."""
    begins = life.begins
    if begins is None:
        return "Planlagt"
    if begins > today:
        return "Ikke trådt i kraft"
    ends = life.ends
    if ends is not None and ends < today:
        return "Utløpt"
    return "I kraft"


class _Row:
    __slots__ = ("agreement", "ministries", "signed", "ends", "status", "warnings", "search")

    def __init__(self, agreement: Agreement, register: Register, signings: dict, parties: dict, today: dt.date):
        self.agreement = agreement
        life = Lifetime(agreement, tuple(sorted(signings.get(agreement.key, ()), key=lambda s: s.date)))
        self.ministries = ", ".join(agreement.state_parties)
        self.signed = agreement.signed_date or life.begins
        self.ends = life.ends
        self.status = agreement.status or computed_status(life, today)
        self.warnings = check_agreement(agreement, register.settings, parties)
        names = [agreement.title, agreement.key, agreement.notes or "", *agreement.state_parties, *agreement.other_parties]
        for key in (*agreement.state_parties, *agreement.other_parties):
            party = parties.get(key)
            if party is not None:
                names += [party.name, *party.former_names]
        self.search = " ".join(names).casefold()


class AgreementTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[_Row] = []
        self.today = dt.date.today()

    def headers(self) -> list[str]:
        return [self.tr("Tittel"), self.tr("Departementer"), self.tr("Undertegnet"), self.tr("Utløper"), self.tr("Status"), self.tr("Merknader")]

    # -- loading ------------------------------------------------------------------------------------------

    def set_register(self, register: Register) -> None:
        signings: dict[str, list] = {}
        for s in register.signings:
            signings.setdefault(s.agreement, []).append(s)
        parties = party_index(register.parties)
        rows = [_Row(a, register, signings, parties, self.today) for a in register.agreements]
        if [r.agreement.key for r in rows] == [r.agreement.key for r in self._rows]:
            # Same agreements in the same order: refresh values in place, keeping selection and scroll.
            changed = [i for i, (old, new) in enumerate(zip(self._rows, rows)) if old.agreement != new.agreement or old.status != new.status or old.ends != new.ends or old.warnings != new.warnings or old.search != new.search]
            self._rows = rows
            if changed:
                self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), len(Column) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def agreement_at(self, row: int) -> Agreement:
        return self._rows[row].agreement

    def row_of(self, key: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.agreement.key == key), -1)

    # -- the model interface ------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(Column):
            return self.headers()[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SortRole:
            return self._sort_value(row, column)
        if role == KeyRole:
            return row.agreement.key
        if role == SearchRole:
            return row.search
        if role == WarningsRole:
            return [w.code for w in row.warnings]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.WARNINGS and row.warnings:
                return "\n".join(w.message for w in row.warnings)
            if column == Column.TITLE:
                return f"{row.agreement.title}\n({row.agreement.key})"
            if column == Column.MINISTRIES:
                return row.ministries or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.SIGNED, Column.ENDS, Column.WARNINGS):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _display(row: _Row, column: Column) -> str:
        if column == Column.TITLE:
            return row.agreement.title
        if column == Column.MINISTRIES:
            return row.ministries
        if column == Column.SIGNED:
            return format_date(row.signed)
        if column == Column.ENDS:
            return format_date(row.ends)
        if column == Column.STATUS:
            return row.status
        if column == Column.WARNINGS:
            return f"⚠ {len(row.warnings)}" if row.warnings else ""
        raise AssertionError(column)

    @staticmethod
    def _sort_value(row: _Row, column: Column):
        if column in (Column.SIGNED, Column.ENDS):
            value = row.signed if column == Column.SIGNED else row.ends
            return value.toordinal() if value else 0
        if column == Column.WARNINGS:
            return len(row.warnings)
        return AgreementTableModel._display(row, column).casefold()


class AgreementFilterProxy(QSortFilterProxyModel):
    """Filters by free text over title, key, parties (with their full and former names) and notes."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._needle = ""
        self.setSortRole(SortRole)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_search(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._needle:
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._needle:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        haystack = self.sourceModel().data(index, SearchRole) or ""
        return all(word in haystack for word in self._needle.split())
