"""The plan as Qt models: meetings with their items (a tree), and the plan's warnings (a table)."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ...domain.calendar import WEEKDAYS_NB, format_date
from ...domain.model import Register
from ...domain.planner import ACTION_NB, FLAG_NB, MeetingSlot, Plan, PlanItem, PlanWarning

FlagsRole = Qt.ItemDataRole.UserRole + 1
ItemRole = Qt.ItemDataRole.UserRole + 2
RuleRole = Qt.ItemDataRole.UserRole + 3

# Colours of the flag chips: red for what is late, amber for what needs attention, green for done.
FLAG_COLOURS = {
    "overdue": "#c62828",
    "overdue-signing": "#c62828",
    "government-change": "#6a1b9a",
    "expiring": "#ef6c00",
    "postponed": "#f9a825",
    "no-evaluation-clause": "#8d6e63",
    "signed": "#2e7d32",
    "deviation": "#1565c0",
    "provisional-date": "#757575",
}

WARNING_NB = {
    "m1-agreement": "Avtalesak på 1. møte",
    "decision-missing": "Vedtak mangler",
    "notice-unspecified": "Oppsigelsestid ikke angitt",
    "gap": "Periode uten avtale",
    "beyond-term": "Ut over stortingsperioden",
    "beyond-term-accepted": "Ut over stortingsperioden (unntak)",
    "no-end-date": "Mangler sluttdato",
    "meeting-weekend": "Møte i helg",
    "meeting-holiday": "Møte på helligdag",
}


class PlanColumn(IntEnum):
    ACTION = 0
    AGREEMENT = 1
    FLAGS = 2
    RULE = 3


class _Group:
    """A meeting (or the items moved to dates outside the meetings) and its items."""

    def __init__(self, title: str, items: list[PlanItem], slot: MeetingSlot | None):
        self.title = title
        self.items = items
        self.slot = slot


def meeting_title(slot: MeetingSlot) -> str:
    place = f" – {slot.location}" if slot.location else ""
    provisional = " (foreløpig dato)" if slot.provisional else ""
    return f"{slot.number}. konsultasjonsmøte – {WEEKDAYS_NB[slot.date.weekday()]} {format_date(slot.date)}{place}{provisional}"


class PlanTreeModel(QAbstractItemModel):
    """Top level: the year's four meetings; below each, its items in the planner's order."""

    _GROUP = 0xFFFFFFFF  # internalId of top-level rows; children carry their group's row

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._groups: list[_Group] = []
        self._titles: dict[str, str] = {}

    def set_plan(self, plan: Plan, year: int, register: Register) -> None:
        self.beginResetModel()
        self._titles = {a.key: a.title for a in register.agreements}
        groups = []
        for slot in plan.meetings:
            if slot.year != year:
                continue
            items = [i for i in plan.items if i.year == year and i.meeting == slot.number]
            groups.append(_Group(meeting_title(slot), items, slot))
        dated = [i for i in plan.items if i.year == year and i.meeting is None]
        if dated:
            groups.append(_Group(f"Utenom møtene {year}", dated, None))
        self._groups = groups
        self.endResetModel()

    def group_count(self) -> int:
        return len(self._groups)

    def items_of(self, group: int) -> list[PlanItem]:
        return list(self._groups[group].items)

    # -- structure -----------------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, self._GROUP)
        return self.createIndex(row, column, parent.row())

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == self._GROUP:
            return QModelIndex()
        return self.createIndex(int(index.internalId()), 0, self._GROUP)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == self._GROUP and parent.column() == 0:
            return len(self._groups[parent.row()].items)
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return len(PlanColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(PlanColumn):
            return [self.tr("Sak"), self.tr("Avtale"), self.tr("Merknader"), self.tr("Regel")][section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def item_at(self, index: QModelIndex | QPersistentModelIndex) -> PlanItem | None:
        if not index.isValid() or index.internalId() == self._GROUP:
            return None
        return self._groups[int(index.internalId())].items[index.row()]

    # -- data ------------------------------------------------------------------------------------------------

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == self._GROUP:
            group = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                count = len(group.items)
                return f"{group.title}   ({count} {'sak' if count == 1 else 'saker'})" if count else f"{group.title}   (ingen avtalesaker)"
            if role == Qt.ItemDataRole.FontRole and index.column() == 0:
                from PySide6.QtGui import QFont

                font = QFont()
                font.setBold(True)
                return font
            return None
        item = self.item_at(index)
        assert item is not None
        column = PlanColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column == PlanColumn.ACTION:
                return ACTION_NB[item.action]
            if column == PlanColumn.AGREEMENT:
                if item.agreements is not None:
                    return f"{len(item.agreements)} avtaler i kraft"
                if item.agreement is None:
                    return "Alle avtaler"
                return self._titles.get(item.agreement, item.agreement)
            if column == PlanColumn.FLAGS:
                return ", ".join(FLAG_NB.get(f, f) for f in sorted(item.flags))
            if column == PlanColumn.RULE:
                return item.rule
        if role == FlagsRole:
            return sorted(item.flags)
        if role == ItemRole:
            return item
        if role == RuleRole:
            return item.rule
        if role == Qt.ItemDataRole.ToolTipRole:
            when = f"{item.meeting}. møte {format_date(item.meeting_date)}" if item.meeting else format_date(item.meeting_date)
            return f"<b>{item.rule}</b> — {when}<br>{_escape(item.reason)}"
        return None


def _escape(text: str) -> str:
    import html

    return html.escape(text)


class WarningColumn(IntEnum):
    CODE = 0
    AGREEMENT = 1
    MESSAGE = 2


class PlanWarningsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._warnings: list[PlanWarning] = []
        self._titles: dict[str, str] = {}

    def set_warnings(self, warnings: tuple[PlanWarning, ...], register: Register) -> None:
        self.beginResetModel()
        self._warnings = list(warnings)
        self._titles = {a.key: a.title for a in register.agreements}
        self.endResetModel()

    def warning_at(self, row: int) -> PlanWarning:
        return self._warnings[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._warnings)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(WarningColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(WarningColumn):
            return [self.tr("Advarsel"), self.tr("Avtale"), self.tr("Forklaring")][section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._warnings):
            return None
        w = self._warnings[index.row()]
        column = WarningColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column == WarningColumn.CODE:
                return WARNING_NB.get(w.code, w.code)
            if column == WarningColumn.AGREEMENT:
                return self._titles.get(w.agreement, w.agreement) if w.agreement else "–"
            return w.message
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{w.code}: {w.message}"
        if role == RuleRole:
            return w.code
        return None
