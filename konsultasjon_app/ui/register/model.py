"""The agreement table: one row per agreement, named columns, display/sort/tooltip roles, and its filter proxy."""

from __future__ import annotations

import datetime as dt
from enum import IntEnum

from functools import lru_cache

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QIcon

from ... import paths

from ...domain.calendar import format_date
from ...domain.checks import check_agreement, party_index
from ...domain.lifecycle import Lifetime
from ...domain.model import Agreement, Register

KeyRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
SearchRole = Qt.ItemDataRole.UserRole + 3
WarningsRole = Qt.ItemDataRole.UserRole + 4
LifetimeRole = Qt.ItemDataRole.UserRole + 5
StatusRole = Qt.ItemDataRole.UserRole + 6
PartiesRole = Qt.ItemDataRole.UserRole + 7


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
    __slots__ = ("agreement", "life", "ministries", "signed", "ends", "status", "warnings", "search")

    def __init__(self, agreement: Agreement, register: Register, signings: dict, parties: dict, today: dt.date):
        self.agreement = agreement
        life = Lifetime(agreement, tuple(sorted(signings.get(agreement.key, ()), key=lambda s: s.date)))
        self.life = life
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

    def statuses(self) -> list[str]:
        return sorted({r.status for r in self._rows}, key=str.casefold)

    def state_parties(self) -> list[str]:
        return sorted({p for r in self._rows for p in r.agreement.state_parties}, key=str.casefold)

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
        if role == LifetimeRole:
            return row.life
        if role == StatusRole:
            return row.status
        if role == PartiesRole:
            return list(row.agreement.state_parties)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.WARNINGS and row.warnings:
            return warning_icon()
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
            return str(len(row.warnings)) if row.warnings else ""
        raise AssertionError(column)

    @staticmethod
    def _sort_value(row: _Row, column: Column):
        if column in (Column.SIGNED, Column.ENDS):
            value = row.signed if column == Column.SIGNED else row.ends
            return value.toordinal() if value else 0
        if column == Column.WARNINGS:
            return len(row.warnings)
        return AgreementTableModel._display(row, column).casefold()


@lru_cache(maxsize=1)
def warning_icon() -> QIcon:
    return QIcon(str(paths.resource("icons", "warning.svg")))


class AgreementFilterProxy(QSortFilterProxyModel):
    """Filters by free text (title, key, parties with their full and former names, notes), status, ministry,
    being in force on a date, and having model-agreement warnings."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._needle = ""
        self._status: str | None = None
        self._party: str | None = None
        self._in_force_on: dt.date | None = None
        self._with_warnings = False
        self.setSortRole(SortRole)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def _change(self, name: str, value) -> None:
        if getattr(self, name) != value:
            self.beginFilterChange()
            setattr(self, name, value)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search(self, text: str) -> None:
        self._change("_needle", text.strip().casefold())

    def set_status(self, status: str | None) -> None:
        self._change("_status", status or None)

    def set_party(self, party: str | None) -> None:
        self._change("_party", party or None)

    def set_in_force_on(self, day: dt.date | None) -> None:
        self._change("_in_force_on", day)

    def set_with_warnings(self, on: bool) -> None:
        self._change("_with_warnings", bool(on))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._needle:
            haystack = model.data(index, SearchRole) or ""
            if not all(word in haystack for word in self._needle.split()):
                return False
        if self._status and model.data(index, StatusRole) != self._status:
            return False
        if self._party and self._party not in (model.data(index, PartiesRole) or ()):
            return False
        if self._in_force_on and not model.data(index, LifetimeRole).in_force(self._in_force_on):
            return False
        if self._with_warnings and not model.data(index, WarningsRole):
            return False
        return True
