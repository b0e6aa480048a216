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

_USER = int(Qt.ItemDataRole.UserRole.value)
KeyRole = _USER + 1
SearchRole = _USER + 3
WarningsRole = _USER + 4
LifetimeRole = _USER + 5
StatusRole = _USER + 6
PartiesRole = _USER + 7


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


_NORWEGIAN_ORDER = str.maketrans({"æ": "z\u0001", "ø": "z\u0002", "å": "z\u0003", "ä": "z\u0001", "ö": "z\u0002"})


def norwegian_key(text: str) -> str:
    """Sort key in Norwegian alphabetical order: … x y z æ ø å (Unicode puts å before æ)."""
    return text.casefold().translate(_NORWEGIAN_ORDER)


class _Context:
    """What every row of one register shares: the register, the party index, signings by agreement, today."""

    __slots__ = ("parties", "register", "signings", "today")

    def __init__(self, register: Register, today: dt.date):
        self.register = register
        self.parties = party_index(register.parties)
        signings: dict[str, list] = {}
        for s in register.signings:
            signings.setdefault(s.agreement, []).append(s)
        self.signings = {key: tuple(sorted(found, key=lambda s: s.date)) for key, found in signings.items()}
        self.today = today

    def same_for_rows(self, other: _Context | None) -> bool:
        """Whether a row of an unchanged agreement shows the same under both (its warnings depend on the
        settings, its search text on the parties' names)."""
        return (
            other is not None
            and other.today == self.today
            and other.register.settings == self.register.settings
            and other.register.parties == self.register.parties
        )


class _Row:
    """One agreement in the table. Its lifetime and status are worked out at once (the status filter lists every
    status); what it displays, its search text and its warnings when first asked for, and then kept: a window
    shows some twenty rows of a thousand, and data() is called many times for each of those. A sort key is
    worked out when the table is sorted by its column."""

    __slots__ = ("agreement", "signings", "life", "status", "_context", "_warnings", "_search", "_display")

    def __init__(self, agreement: Agreement, context: _Context):
        self.agreement = agreement
        self.signings = context.signings.get(agreement.key, ())
        self.life = life = Lifetime(agreement, self.signings)
        self.status = agreement.status or computed_status(life, context.today)
        self._context = context
        self._warnings: list | None = None
        self._search: str | None = None
        self._display: tuple | None = None

    @property
    def warnings(self) -> list:
        if self._warnings is None:
            context = self._context
            self._warnings = check_agreement(self.agreement, context.register.settings, context.parties)
        return self._warnings

    @property
    def search(self) -> str:
        if self._search is None:
            a = self.agreement
            parties = self._context.parties
            names = [a.title, a.key, a.notes or "", *a.state_parties, *a.other_parties]
            for key in (*a.state_parties, *a.other_parties):
                party = parties.get(key)
                if party is not None:
                    names += [party.name, *party.former_names]
            self._search = " ".join(names).casefold()
        return self._search

    def _signed(self) -> dt.date | None:
        life = self.life
        return life.last_signed if life.signings else (self.agreement.signed_date or life.begins)

    @property
    def display(self) -> tuple:
        if self._display is None:
            a = self.agreement
            count = str(len(self.warnings)) if self.warnings else ""
            self._display = (a.title, ", ".join(a.state_parties), format_date(self._signed()), format_date(self.life.ends), self.status, count)
        return self._display

    def sort_key(self, column: int):
        if column == Column.TITLE:
            return norwegian_key(self.agreement.title)
        if column == Column.MINISTRIES:
            return norwegian_key(", ".join(self.agreement.state_parties))
        if column == Column.SIGNED:
            signed = self._signed()
            return signed.toordinal() if signed else 0
        if column == Column.ENDS:
            ends = self.life.ends
            return ends.toordinal() if ends else 0
        if column == Column.STATUS:
            return norwegian_key(self.status)
        if column == Column.WARNINGS:
            return len(self.warnings)
        raise ValueError(f"no column {column}")


_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_CENTERED = (Column.SIGNED, Column.ENDS, Column.WARNINGS)
# The roles data() answers. The view asks seven roles of every cell it paints, four of which (font, colours,
# check state) this model leaves to the style: those get None before any other work.
_ANSWERED = frozenset({_DISPLAY, KeyRole, SearchRole, WarningsRole, LifetimeRole, StatusRole, PartiesRole, _DECORATION, _TOOLTIP, _ALIGNMENT})


class AgreementTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[_Row] = []
        self.today = dt.date.today()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._order: dict[str, int] = {}
        self._context: _Context | None = None

    def headers(self) -> list[str]:
        return [self.tr("Tittel"), self.tr("Departementer"), self.tr("Undertegnet"), self.tr("Utløper"), self.tr("Status"), self.tr("Merknader")]

    # -- loading ------------------------------------------------------------------------------------------

    def set_register(self, register: Register) -> None:
        context = _Context(register, self.today)
        self._order = {a.key: i for i, a in enumerate(register.agreements)}
        old = self._rows
        # A row whose agreement, signings, settings and parties are as they were is kept, with what it has
        # worked out (lifetime, status, display, warnings): an edit changes one agreement of a thousand.
        unchanged = {r.agreement.key: r for r in old} if context.same_for_rows(self._context) else {}

        def row_for(a: Agreement) -> _Row:
            kept = unchanged.get(a.key)
            if kept is not None and (kept.agreement is a or kept.agreement == a) and kept.signings == context.signings.get(a.key, ()):
                kept._context = context  # the same for this row; an old context would keep the old register alive
                return kept
            return _Row(a, context)

        rows = self._sorted([row_for(a) for a in register.agreements])
        if [r.agreement.key for r in rows] == [r.agreement.key for r in old]:
            # Same agreements in the same order: refresh values in place, keeping selection and scroll.
            changed = [i for i, (o, n) in enumerate(zip(old, rows)) if o is not n]
            self._rows = rows
            self._context = context
            if changed:
                self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), len(Column) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self._context = context
        self.endResetModel()

    def _sorted(self, rows: list[_Row]) -> list[_Row]:
        if self._sort is None:
            return rows
        column, order = self._sort
        return sorted(rows, key=lambda r: r.sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting here, on one key per row, is one pass; a sorting proxy asks data() for every comparison (some
        20,000 calls for a thousand agreements). A column the table does not have (a layout saved by another
        version of the program) leaves the rows in stored order."""
        self._sort = (column, order) if 0 <= column < len(Column) else None
        self.layoutAboutToBeChanged.emit()
        old_keys = [r.agreement.key for r in self._rows]
        self._rows = self._sorted(list(self._rows)) if self._sort else sorted(self._rows, key=lambda r: self._order.get(r.agreement.key, 0))
        new_row = {r.agreement.key: i for i, r in enumerate(self._rows)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(persistent, [self.index(new_row[old_keys[i.row()]], i.column()) for i in persistent])
        self.layoutChanged.emit()

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
        role = int(role)
        if role not in _ANSWERED or not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == _DISPLAY:
            return row.display[column]
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
        if role == _DECORATION:
            return warning_icon() if column == Column.WARNINGS and row.warnings else None
        if role == _TOOLTIP:
            if column == Column.WARNINGS and row.warnings:
                return "\n".join(w.message for w in row.warnings)
            if column == Column.TITLE:
                return f"{row.agreement.title}\n({row.agreement.key})"
            if column == Column.MINISTRIES:
                return row.display[Column.MINISTRIES] or None
        if role == _ALIGNMENT and column in _CENTERED:
            return int(Qt.AlignmentFlag.AlignCenter.value)
        return None


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

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The source model sorts (one pass, on one key per row); this proxy only filters, keeping the source's
        # order.
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

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
        if not (self._needle or self._status or self._party or self._in_force_on or self._with_warnings):
            return True  # no filter: asked for every row whenever the table is filled, so answer before any work
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
