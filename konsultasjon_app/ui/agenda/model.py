"""The plan as Qt models: meetings with their items (a tree), and the plan's warnings (a table)."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QByteArray, QMimeData, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from ...domain.agenda import AgendaLine, dated_lines, year_agenda
from ..widgets import escaped, ui_text
from ...domain.calendar import WEEKDAYS_NB, format_date
from ...domain.meetings import MeetingSlot
from ...domain.model import MeetingRef, Register
from ...domain.planner import FLAG_NB, Plan, PlanWarning

FlagsRole = Qt.ItemDataRole.UserRole + 1

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
OTHER_FLAG_COLOUR = "#616161"  # a flag without a colour of its own

WARNING_NB = {
    "m1-agreement": QT_TRANSLATE_NOOP("Konsultasjon", "Avtalesak på 1. møte"),
    "decision-missing": QT_TRANSLATE_NOOP("Konsultasjon", "Vedtak mangler"),
    "notice-unspecified": QT_TRANSLATE_NOOP("Konsultasjon", "Oppsigelsestid ikke angitt"),
    "gap": QT_TRANSLATE_NOOP("Konsultasjon", "Periode uten avtale"),
    "beyond-term": QT_TRANSLATE_NOOP("Konsultasjon", "Ut over stortingsperioden"),
    "beyond-term-accepted": QT_TRANSLATE_NOOP("Konsultasjon", "Ut over stortingsperioden (unntak)"),
    "no-end-date": QT_TRANSLATE_NOOP("Konsultasjon", "Mangler sluttdato"),
    "meeting-weekend": QT_TRANSLATE_NOOP("Konsultasjon", "Møte i helg"),
    "meeting-holiday": QT_TRANSLATE_NOOP("Konsultasjon", "Møte på helligdag"),
}


class PlanColumn(IntEnum):
    NUMBER = 0
    TITLE = 1
    ACTION = 2
    FLAGS = 3
    RULE = 4


AGENDA_MIME = "application/x-konsultasjon-agenda-line"

# The line a row shows, kept on the item of its first column (PlanTreeModel.data reads it there).
_LINE_ROLE = int(Qt.ItemDataRole.UserRole) + 2

# data() is asked of every cell painted: compare plain ints.
_NUMBER, _TITLE, _ACTION, _FLAGS, _RULE = (int(c) for c in PlanColumn)
_COLUMNS = len(PlanColumn)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_FLAGS_ROLE = int(FlagsRole)
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_DRAGGABLE = _SELECTABLE | Qt.ItemFlag.ItemIsDragEnabled
_DROP_TARGET = _SELECTABLE | Qt.ItemFlag.ItemIsDropEnabled
_ANSWERED = frozenset({_DISPLAY, _FONT, _TOOLTIP, _FLAGS_ROLE})  # the roles data() gives a value for


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) of each unbroken run: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    out: list[tuple[int, int]] = []
    for row in rows:
        if out and out[-1][1] == row - 1:
            out[-1] = (out[-1][0], row)
        else:
            out.append((row, row))
    return out


def _steps(old: list, new: list) -> list[tuple[str, int, int, int, int]]:
    """How `old` becomes `new`, as difflib.SequenceMatcher's opcodes: their common start and end are equal, and only
    what lies between is compared (SequenceMatcher took 2–3 ms for a meeting 2 of 1,000 items at every decision,
    which changes one item or two)."""
    n, m = len(old), len(new)
    start, limit = 0, min(n, m)
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[n - 1 - end] == new[m - 1 - end]:
        end += 1
    steps = [("equal", 0, start, 0, start)] if start else []
    if start < n - end or start < m - end:
        from difflib import SequenceMatcher  # loaded with the first change, not at start-up (2.5 ms with heapq)

        steps += [(tag, i1 + start, i2 + start, j1 + start, j2 + start) for tag, i1, i2, j1, j2
                  in SequenceMatcher(None, old[start:n - end], new[start:m - end], autojunk=False).get_opcodes()]
    if end:
        steps.append(("equal", n - end, n, m - end, m))
    return steps


class _Group:
    """A meeting with its numbered agenda (`slot`), or the planner's items moved to dates outside the meetings
    (no slot: unnumbered, and not a place to drop items on)."""

    def __init__(self, title: str, lines: list[AgendaLine], slot: MeetingSlot | None, movable: bool):
        self.title = title
        self.lines = lines
        self.slot = slot
        self.movable = movable
        # Each line's item flags, kept beside the lines: its row's items are made with them.
        self.flags = [self._flags_of(line) for line in lines]

    def _flags_of(self, line: AgendaLine) -> Qt.ItemFlag:
        """A line is dragged to a new place, unless the database is read-only, it is outside the meetings, or it is
        held on this meeting (it moves where it is now)."""
        return _DRAGGABLE if self.movable and self.slot is not None and not line.held else _SELECTABLE

    def put(self, first: int, last: int, other: _Group, start: int, end: int) -> None:
        """The lines first..last-1 replaced by `other`'s start..end-1, and their flags with them."""
        self.lines[first:last] = other.lines[start:end]
        self.flags[first:last] = other.flags[start:end]

    def __len__(self) -> int:
        return len(self.lines)


def meeting_title(slot: MeetingSlot, register: Register | None = None) -> str:
    meeting = register.meeting(slot.ref) if register else None
    place = f" – {meeting.location}" if meeting and meeting.location else ""
    time = f" kl. {meeting.time}" if meeting and meeting.time else ""
    provisional = " (foreløpig dato, ikke i møtekalenderen)" if slot.provisional else ""
    return f"{slot.number}. konsultasjonsmøte – {WEEKDAYS_NB[slot.date.weekday()]} {format_date(slot.date)}{time}{place}{provisional}"


class PlanTreeModel(QStandardItemModel):
    """Top level: the year's four meetings; below each, its agenda (the planner's items and the secretariat's
    own) in order, numbered Sak n/YYYY. Items can be dragged to a new place or another meeting; the model only
    reports the wish (`move_requested`), the view turns it into a command.

    The tree's rows and each item's flags are kept in Qt's own model (a QStandardItemModel): QTreeView lays out
    every item of an open meeting again whenever a row comes or goes, asking index() and flags() of each (some
    1,100 items in a year with 1,000 agreements), and it now does that without calling into Python (was: a
    Python QAbstractItemModel, 9–10 ms of each decision). What the cells show is worked out in Python, from the
    line kept on each row's first item: data() is asked of the cells painted only."""

    # AgendaLine, target MeetingSlot, position in the target (None: dropped on the meeting's heading, no place given)
    move_requested = Signal(object, object, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setColumnCount(_COLUMNS)
        self._groups: list[_Group] = []
        self._movable = True
        self._bold = QFont()  # the meetings' headings
        self._bold.setBold(True)
        self._prototypes: dict[Qt.ItemFlag, QStandardItem] = {}

    def _items(self, flags: Qt.ItemFlag, line: AgendaLine | None = None) -> list[QStandardItem]:
        """A row's items: one per column, with the row's flags; the first keeps the line the row shows."""
        prototype = self._prototypes.get(flags)
        if prototype is None:
            prototype = self._prototypes[flags] = QStandardItem()
            prototype.setFlags(flags)
        items = [prototype.clone() for _ in range(_COLUMNS)]
        if line is not None:
            items[0].setData(line, _LINE_ROLE)
        return items

    def _group_row(self, group: _Group) -> list[QStandardItem]:
        """A meeting's row with its lines below it, made before it joins the model (no signal for each line)."""
        row = self._items(_DROP_TARGET if group.movable and group.slot else _SELECTABLE)
        for line, flags in zip(group.lines, group.flags):
            row[0].appendRow(self._items(flags, line))
        return row

    def set_plan(self, plan: Plan, year: int, register: Register, *, movable: bool = True) -> list[int]:
        """Show `year` of `plan`; `movable` False (a database open read-only): no item can be dragged, nor dropped.
        The same year's meetings again (a change to the register): the items that came, went or changed are
        reported as such, so that the tree keeps what the user collapsed, its selection and its scroll position,
        and lays out only what changed (was: a reset, the whole year expanded and the window painted twice).
        Returns the rows of the groups that are new (all of them after a reset): the view spans and expands them."""
        agenda = year_agenda(register, plan, year)
        groups = [_Group(meeting_title(slot, register), agenda[slot.number], slot, movable) for slot in plan.meetings if slot.year == year]
        dated = dated_lines(register, plan, year)
        if dated:
            groups.append(_Group(f"Utenom møtene {year}", dated, None, movable))
        old = [g.slot for g in self._groups]
        new = [g.slot for g in groups]
        root = self.invisibleRootItem()
        if movable != self._movable or not old or new[:len(old)] != old[:len(new)] or abs(len(new) - len(old)) > 1:
            rows = [self._group_row(group) for group in groups]
            self.beginResetModel()
            # The rows' own signals are not sent: the views are told of the reset alone.
            blocked = self.blockSignals(True)
            try:
                root.removeRows(0, root.rowCount())
                for row in rows:
                    root.appendRow(row)
            finally:
                self.blockSignals(blocked)
            self._movable = movable
            self._groups = groups
            self.endResetModel()
            return list(range(len(groups)))
        if len(old) > len(new):  # the items outside the meetings are gone
            root.removeRow(len(new))
            del self._groups[len(new):]
        changed = [(row, self._update_group(row, group)) for row, group in enumerate(groups[:len(self._groups)])]
        added = []
        if len(new) > len(old):  # items moved to dates outside the meetings, now the first
            self._groups.append(groups[-1])  # (its heading is read when its row comes)
            root.appendRow(self._group_row(groups[-1]))
            added = [len(old)]
        # What changed in place, said once the rows have come and gone: a tree with rows to lay out again then
        # takes it as part of that layout (QTreeView::dataChanged returns at once), rather than row by row.
        for row, (rows, heading) in changed:
            parent = self.index(row, 0)
            for first, last in _runs(rows):
                self.dataChanged.emit(self.index(first, 0, parent), self.index(last, _COLUMNS - 1, parent))
            if heading:
                self.dataChanged.emit(parent, parent)  # its heading: the meeting's title and count of items
        return added

    def _update_group(self, row: int, group: _Group) -> tuple[list[int], bool]:
        """Make the shown group `row` show `group`'s lines: the lines that went removed, those that came inserted
        (an item is the same by its identity within the meeting, AgendaLine.ident). Returns the rows (as they are
        now) of the lines that changed (their number, text or flags), and whether the group's heading did."""
        shown = self._groups[row]
        item = self.item(row)
        lines, wanted = shown.lines, group.lines
        steps = _steps([line.ident for line in lines], [line.ident for line in wanted])
        changed: list[int] = []
        for tag, i1, i2, j1, j2 in reversed(steps):  # from the end: the rows before a step keep their numbers
            if tag == "equal":
                # (most lines are the very ones shown: year_agenda gives the line of an unchanged item again, and a
                # dataclass's == would build and compare a tuple of each line's twelve fields)
                now = [j for i, j in zip(range(i1, i2), range(j1, j2)) if lines[i] is not wanted[j] and lines[i] != wanted[j]]
                # Their items take the new line and flags quietly: the changed rows are said below, in runs.
                blocked = self.blockSignals(True)
                try:
                    for j in now:
                        i = i1 + j - j1
                        item.child(i, 0).setData(wanted[j], _LINE_ROLE)
                        if shown.flags[i] != group.flags[j]:  # (a line renumbered, most of them, keeps its flags)
                            for column in range(_COLUMNS):
                                item.child(i, column).setFlags(group.flags[j])
                finally:
                    self.blockSignals(blocked)
                changed += now
                shown.put(i1, i2, group, j1, j2)
                continue
            if i2 > i1:  # "delete", or the first half of "replace"
                item.removeRows(i1, i2 - i1)
                shown.put(i1, i2, group, 0, 0)
            if j2 > j1:  # "insert", or the second half of "replace"
                for offset, j in enumerate(range(j1, j2)):
                    item.insertRow(i1 + offset, self._items(group.flags[j], wanted[j]))
                shown.put(i1, i1, group, j1, j2)
        heading = (shown.title, shown.slot) != (group.title, group.slot) or steps != [("equal", 0, len(lines), 0, len(lines))]
        shown.title, shown.slot = group.title, group.slot
        return sorted(changed), heading

    def group_count(self) -> int:
        return len(self._groups)

    def lines_of(self, group: int) -> list[AgendaLine]:
        return list(self._groups[group].lines)

    def group_of(self, number: int) -> int:
        """The group (row) of the shown year's meeting `number`, or -1."""
        return next((i for i, g in enumerate(self._groups) if g.slot is not None and g.slot.number == number), -1)

    def lines_at(self, meeting: MeetingRef) -> list[AgendaLine]:
        """The numbered lines of one meeting as shown (none if the meeting is not in the shown year)."""
        group = self.group_of(meeting.number)
        return list(self._groups[group].lines) if group >= 0 and self._groups[group].slot.ref == meeting else []

    def slot_of(self, group: int) -> MeetingSlot | None:
        return self._groups[group].slot

    def removeRows(self, row: int, count: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802
        # A move is a command (move_requested), never rows taken out by the view after a drag.
        return False

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(PlanColumn):
            return [self.tr("Nr."), self.tr("Sak"), self.tr("Type"), self.tr("Merknader"), self.tr("Regel")][section]
        return None

    def line_at(self, index: QModelIndex | QPersistentModelIndex) -> AgendaLine | None:
        """The line a row shows (None for a meeting's heading): the one kept on its first item, which is right also
        while rows come and go (in a slot of rowsInserted, say), before the lines kept here are updated."""
        if not index.isValid() or not index.parent().isValid():
            return None
        return self._kept_line(index)

    def _kept_line(self, index: QModelIndex | QPersistentModelIndex) -> AgendaLine:
        """The line kept on the first item of an item's row (`sibling`: a QPersistentModelIndex has no
        siblingAtColumn)."""
        return super().data(index.sibling(index.row(), 0), _LINE_ROLE)

    # -- drag and drop ---------------------------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [AGENDA_MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        for index in indexes:
            if self.line_at(index) is not None:
                data.setData(AGENDA_MIME, QByteArray(f"{index.parent().row()}:{index.row()}".encode()))
                break
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not (self._movable and data.hasFormat(AGENDA_MIME)):
            return False
        target = self._drop_target(row, parent)
        # Onto its own meeting's heading: nothing would move, so the cursor says no drop (was: a drop that did nothing).
        return target is not None and not (target[1] is None and target[0] == self._source(data)[0])

    @staticmethod
    def _source(data: QMimeData) -> tuple[int, int]:
        """(group, row) of the item being dragged."""
        group, row = (int(x) for x in bytes(data.data(AGENDA_MIME).data()).decode().split(":"))
        return group, row

    def _drop_target(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> tuple[int, int | None] | None:
        """(group, position) for a drop: between a meeting's items, or onto one (before it); onto the meeting's
        heading (row -1) no position: that meeting, where Flytt sak … puts an item (last, but before a closing
        «Eventuelt»). Was: the very end, after «Eventuelt», while a drop between the rows below it still means
        there."""
        if not parent.isValid():
            return None
        meeting = parent.parent()
        if not meeting.isValid():
            group = parent.row()
            position = row if row >= 0 else None
        else:  # dropped onto an item: before it
            group = meeting.row()
            position = parent.row()
        return (group, position) if self._groups[group].slot is not None else None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not data.hasFormat(AGENDA_MIME):
            return False
        target = self._drop_target(row, parent)
        if target is None:
            return False
        source_group, source_row = self._source(data)
        line = self._groups[source_group].lines[source_row]
        group, position = target
        if position is None and group == source_group:
            return False  # onto its own meeting's heading: it is on that meeting already
        if position is not None and group == source_group and position > source_row:
            position -= 1  # the item leaves its old place first
        self.move_requested.emit(line, self._groups[group].slot, position)
        return False  # the view re-plans after the command; nothing to remove here

    # -- data ------------------------------------------------------------------------------------------------

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        role = int(role)
        # Qt's item delegate asks seven roles of each cell it paints; five of them are left to the style, answered
        # before the index is looked at (the tree repaints all of its cells after a decision adds or removes an item).
        if role not in _ANSWERED or not index.isValid():
            return None
        column = index.column()
        meeting = index.parent()
        if not meeting.isValid():
            group = self._groups[index.row()]
            if role == _DISPLAY and column == 0:
                count = len(group)
                return f"{group.title}   ({count} {'sak' if count == 1 else 'saker'})" if count else f"{group.title}   (ingen saker)"
            if role == _FONT and column == 0:
                return self._bold
            return None
        if role not in (_DISPLAY, _FLAGS_ROLE, _TOOLTIP):
            return None
        # The line kept on the row's first item (of a meeting, or moved to a plain date): right also while rows come
        # and go, when the views ask of the rows beside them before the lines kept here are updated.
        line = self._kept_line(index)
        item = line.plan_item
        if role == _DISPLAY:
            if column == _NUMBER:
                return format_date(item.meeting_date) if item and item.meeting is None else line.case
            if column == _TITLE:
                return line.title
            if column == _ACTION:
                return line.action_label
            if column == _FLAGS:
                return ", ".join(FLAG_NB.get(f, f) for f in sorted(item.flags)) if item else ""
            if column == _RULE:
                return line.rule if item else self.tr("sekretariatet")
            return None
        if role == _FLAGS_ROLE:
            return sorted(item.flags) if item else []
        if item is None:  # the tooltip
            return self.tr("Sekretariatets egen sak")
        # Where the rule put it: on a meeting the item is held on (it has moved on since), that meeting.
        when = f"{line.meeting.number}. møte {format_date(self._groups[meeting.row()].slot.date)}" if line.held else item.place
        tooltip = f"<b>{line.rule}</b> — {when}<br>{escaped(line.reason)}"
        if column == _FLAGS and item.flags:  # every flag, also those whose chips the column has no room for («+1»)
            label, flags = self.tr("Merknader"), ", ".join(FLAG_NB.get(f, f) for f in sorted(item.flags))
            tooltip = f"<b>{label}:</b> {escaped(flags)}<br>{tooltip}"
        return tooltip


class WarningColumn(IntEnum):
    CODE = 0
    AGREEMENT = 1
    MESSAGE = 2


class PlanWarningsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._warnings: list[PlanWarning] = []
        self._titles: dict[str, str] = {}

    def set_warnings(self, warnings: tuple[PlanWarning, ...], register: Register) -> bool:
        """Show the plan's warnings, with the titles of the agreements they name; whether the list was made again.
        The same warnings and titles as shown (a change that gives none and takes none away): nothing changes, and
        the list keeps the warning the user selected and where it was scrolled to (was: the list made again after
        every change, back at its top with nothing selected, and painted again)."""
        warned = {w.agreement for w in warnings if w.agreement}
        titles = {a.key: a.title for a in register.agreements if a.key in warned}
        warnings = list(warnings)
        if warnings == self._warnings and titles == self._titles:
            return False
        self.beginResetModel()
        self._warnings = warnings
        self._titles = titles
        self.endResetModel()
        return True

    def row_of(self, warning: PlanWarning) -> int:
        """The row of `warning` (an equal one), or -1 when the list has none."""
        return next((row for row, w in enumerate(self._warnings) if w == warning), -1)

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
                return ui_text(WARNING_NB[w.code]) if w.code in WARNING_NB else w.code
            if column == WarningColumn.AGREEMENT:
                return self._titles.get(w.agreement, w.agreement) if w.agreement else "–"
            return w.message
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{w.code}: {w.message}"
        return None
