"""The agreement table: one row per agreement, named columns, display/sort/tooltip roles, sorted and filtered."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import IntEnum

from functools import lru_cache
from typing import NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

from ... import paths

from ...domain.calendar import format_date
from ...domain.checks import check_agreement, party_index
from ...domain.lifecycle import Lifetime, signings_by_agreement, termination_dates
from ...domain.model import Agreement, Register, norwegian_key
from ..widgets import Today

KeyRole = int(Qt.ItemDataRole.UserRole.value) + 1


class Column(IntEnum):
    TITLE = 0
    MINISTRIES = 1
    SIGNED = 2
    ENDS = 3
    STATUS = 4
    WARNINGS = 5


def search_form(text: str) -> str:
    """`text` as the search compares it: case aside, and a letter the same however it is stored or typed ("å" as
    one character or as "a" and a ring, as text pasted from a Mac or a PDF has it), as norwegian_key has it."""
    if text.isascii():
        return text.casefold()
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).casefold())


def computed_status(life: Lifetime, today: dt.date) -> str:
    """The status the dates and decisions give (the Status column's first part, whatever the user wrote)."""
    if life.terminated:
        return "Sagt opp"  # in its notice period, ended by it, or ended before it began: "Utløper" gives the day
    begins = life.begins_on(today)  # a signing after a termination began the version of today
    if begins is None:
        return "Planlagt"
    if begins > today:
        return "Ikke trådt i kraft"
    ends = life.end_on(today)  # a renewal signed later does not cover the days before it
    if ends is not None and ends < today:
        return "Utløpt"
    return "I kraft"


# The words computed_status gives: a written status that is one of them is superseded by the dates and decisions
# (typed when the agreement was entered, it said «I kraft» for ever after it had ended).
COMPUTED_STATUSES = ("I kraft", "Utløpt", "Sagt opp", "Planlagt", "Ikke trådt i kraft")
# A written status that is one of them, or one of them with no more than a time («I kraft ut 2019», «Sagt opp
# 2007», «utløpt 31.12.2019»), says only what the dates decide. One that says more («I kraft, men under
# reforhandling») is the secretariat's note, kept.
_COMPUTED_ONLY = re.compile(
    "(?:" + "|".join(re.escape(search_form(s)) for s in COMPUTED_STATUSES) + r")"
    r"(?:[\s,]*(?:ut|til|fra|per|fom|tom|siden|i|pr\.?|t\.o\.m\.?|f\.o\.m\.?)?[\s\d./–-]*)?$"
)
STATUS_NOTE_SEPARATOR = " · "  # «I kraft · Under reforhandling»: the computed state, then the secretariat's note


def status_note(agreement: Agreement) -> str | None:
    """The status the user wrote, shown after the computed one as the secretariat's note on where the work stands
    («Under reforhandling»); None when none is written or it is one of the words the dates decide, alone or with a
    time («I kraft», «utløpt», «I kraft ut 2019»: case aside), which the computed state supersedes and the column
    does not repeat (the details pane shows it as stored). Was: «Utløpt · I kraft ut 2019»."""
    written = (agreement.status or "").strip()
    if not written or _COMPUTED_ONLY.match(search_form(written)):
        return None
    return written


class _Context:
    """What every row of one register shares: the register, the party index, signings and termination dates by
    agreement, today."""

    __slots__ = ("parties", "register", "signings", "terminations", "today")

    def __init__(self, register: Register, today: dt.date):
        self.register = register
        self.parties = party_index(register.parties)
        self.signings = signings_by_agreement(register)
        self.terminations = termination_dates(register)
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
    state and note); what it displays, its search text and its warnings when first asked for, and then kept: a
    window shows some twenty rows of a thousand, and data() is called many times for each of those. A sort key is
    worked out when the table is sorted by its column, and kept with the ministries: a row is kept across reloads
    while its agreement, signings, termination, parties and day are as they were (AgreementTableModel.set_register),
    and an edit of one agreement then asked all thousand for their keys again (a third of the reload).

    Its status is the state its dates and decisions give (`state`), always, followed by the status the user wrote
    when that says something else (`note`): «I kraft · Under reforhandling». Was: a written status instead of the
    computed one, so that an agreement that had ended years ago still said «I kraft»."""

    __slots__ = ("agreement", "life", "state", "note", "status", "_context", "_warnings", "_search", "_display", "_ministries", "_sort_keys")

    def __init__(self, agreement: Agreement, context: _Context):
        self.agreement = agreement
        key = agreement.key
        self.life = life = Lifetime(agreement, context.signings.get(key, ()), context.terminations.get(key))
        self.state = computed_status(life, context.today)
        self.note = status_note(agreement)
        self.status = self.state + STATUS_NOTE_SEPARATOR + self.note if self.note else self.state  # as the column shows it
        self._context = context
        self._warnings: list | None = None
        self._search: str | None = None
        self._display: tuple | None = None
        self._ministries: tuple[str, ...] | None = None
        self._sort_keys: dict[int, object] = {}

    @property
    def warnings(self) -> list:
        if self._warnings is None:
            context = self._context
            self._warnings = check_agreement(self.agreement, context.register.settings, context.parties, self.life.signings)
        return self._warnings

    @property
    def ministries(self) -> tuple[str, ...]:
        """The state parties by their present keys (an agreement made with KRD is KDD's now)."""
        if self._ministries is None:
            parties = self._context.parties
            self._ministries = tuple(parties[key].key if key in parties else key for key in self.agreement.state_parties)
        return self._ministries

    @property
    def search(self) -> str:
        if self._search is None:
            a = self.agreement
            parties = self._context.parties
            # The signatories by name too: the secretariat remembers an agreement as "the one Kjerkol signed".
            names = [a.title, a.key, a.notes or "", *a.state_parties, *a.other_parties, *(s.name for s in a.signatories)]
            for key in (*a.state_parties, *a.other_parties):
                party = parties.get(key)
                if party is not None:  # also by its key now: "KDD" finds the agreements made with KRD and KMD
                    names += [party.key, party.name, *party.former_names]
            self._search = search_form(" ".join(names))
        return self._search

    @property
    def display(self) -> tuple:
        if self._display is None:
            a = self.agreement
            count = str(len(self.warnings)) if self.warnings else ""
            self._display = (a.title, ", ".join(a.state_parties), format_date(self.life.last_signing), format_date(self.life.ends), self.status, count)
        return self._display

    def sort_key(self, column: int):
        key = self._sort_keys.get(column)
        if key is None:
            key = self._sort_keys[column] = self._work_out_sort_key(column)
        return key

    def _work_out_sort_key(self, column: int):
        if column == Column.TITLE:
            return norwegian_key(self.agreement.title)
        if column == Column.MINISTRIES:
            return norwegian_key(", ".join(self.agreement.state_parties))
        if column == Column.SIGNED:
            signed = self.life.last_signing
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
_ALIGN_CENTER = int(Qt.AlignmentFlag.AlignCenter.value)


class _Filter(NamedTuple):
    """What the user has asked the table to show: words of free text (title, key, notes, parties with their
    full and former names, signatories' names), a status (a computed state or a written note: a row shows either),
    a ministry, in force on a date, with model-agreement warnings."""

    words: tuple[str, ...] = ()
    status: str | None = None
    party: str | None = None
    in_force_on: dt.date | None = None
    with_warnings: bool = False

    def is_empty(self) -> bool:
        return not (self.words or self.status or self.party or self.in_force_on or self.with_warnings)

    def accepts(self, row: _Row) -> bool:
        if self.words:
            haystack = row.search
            if not all(word in haystack for word in self.words):
                return False
        if self.status and self.status != row.state and self.status != row.note:
            return False
        if self.party and self.party not in row.ministries:
            return False
        if self.in_force_on and not row.life.in_force(self.in_force_on):
            return False
        return not (self.with_warnings and not row.warnings)


class AgreementTableModel(QAbstractTableModel):
    """Every agreement of the register as a row (`_rows`, in the table's sort order), of which the table shows
    those the filter lets through (`_shown`, in the same order).

    Filtering and sorting happen here rather than in a QSortFilterProxyModel: a proxy asks this model for an
    index (and with it the row and column counts) and then the data, role by role, for every cell it paints,
    and asks whether to show each of the thousand rows whenever the register changes; each of those is a call
    from Qt into Python."""

    today = Today()  # the real date each time the rows are worked out: statuses (Utløpt, I kraft) as of the day

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._shown: list[_Row] = []
        self._filter = _Filter()
        self.today = None  # the real date (Today), read when the rows are worked out
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
        # A row whose agreement, signings, termination, settings and parties are as they were is kept, with what it has
        # worked out (lifetime, status, display, warnings): an edit changes one agreement of a thousand.
        unchanged = {r.agreement.key: r for r in old} if context.same_for_rows(self._context) else {}

        def row_for(a: Agreement) -> _Row:
            kept = unchanged.get(a.key)
            if (
                kept is not None
                and (kept.agreement is a or kept.agreement == a)
                and kept.life.signings == context.signings.get(a.key, ())
                and kept.life.terminations == context.terminations.get(a.key, ())  # both by the date decided
            ):
                kept._context = context  # the same for this row; an old context would keep the old register alive
                return kept
            return _Row(a, context)

        rows = self._sorted([row_for(a) for a in register.agreements])
        self._context = context
        if [r.agreement.key for r in rows] == [r.agreement.key for r in old]:
            # Same agreements in the same order: refresh values in place, keeping selection and scroll.
            self._rows = rows
            self._refilter()
            return
        self.beginResetModel()
        self._rows = rows
        self._shown = self._filtered(rows)
        self.endResetModel()

    def terminations_changed(self, register: Register) -> bool:
        """Whether `register` ends some agreement by termination on another day than the rows show."""
        return self._context is None or termination_dates(register) != self._context.terminations

    def _filtered(self, rows: list[_Row]) -> list[_Row]:
        return list(rows) if self._filter.is_empty() else [r for r in rows if self._filter.accepts(r)]

    def _refilter(self) -> None:
        """Show the rows the filter lets through, in `_rows`' order. Rows still shown keep their selection;
        rows shown in the same places with new values are repainted."""
        old = self._shown
        shown = self._filtered(self._rows)
        if len(shown) == len(old) and all(o.agreement.key == n.agreement.key for o, n in zip(old, shown)):
            changed = [i for i, (o, n) in enumerate(zip(old, shown)) if o is not n]
            self._shown = shown
            if changed:
                self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), len(Column) - 1))
            return
        self._relayout(shown)

    def _relayout(self, shown: list[_Row]) -> None:
        """Another set or order of rows (as QSortFilterProxyModel's invalidate() does): the views keep the
        selection and current item of the rows still shown."""
        self.layoutAboutToBeChanged.emit()
        old_keys = [r.agreement.key for r in self._shown]
        self._shown = shown
        new_row = {r.agreement.key: i for i, r in enumerate(shown)}
        persistent = self.persistentIndexList()
        moved = []
        for index in persistent:
            row = new_row.get(old_keys[index.row()]) if index.row() < len(old_keys) else None
            moved.append(self.createIndex(row, index.column()) if row is not None else QModelIndex())
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    # -- filters ------------------------------------------------------------------------------------------

    def _set_filter(self, **changes) -> None:
        new = self._filter._replace(**changes)
        if new != self._filter:
            self._filter = new
            self._refilter()

    def set_search(self, text: str) -> None:
        """Show the agreements whose title, key, notes, parties (full and former names) or signatories' names hold
        every word."""
        self._set_filter(words=tuple(search_form(text).split()))

    def set_filters(self, *, status: str | None, party: str | None, in_force_on: dt.date | None, with_warnings: bool) -> None:
        """Show the agreements of this status, with this ministry, in force on this day, with warnings (None or
        False: any)."""
        self._set_filter(status=status or None, party=party or None, in_force_on=in_force_on, with_warnings=bool(with_warnings))

    # -- sorting ------------------------------------------------------------------------------------------

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
        self._rows = self._sorted(list(self._rows)) if self._sort else sorted(self._rows, key=lambda r: self._order.get(r.agreement.key, 0))
        self._relayout(self._filtered(self._rows))

    # -- questions ----------------------------------------------------------------------------------------

    def total(self) -> int:
        """All agreements, shown or not."""
        return len(self._rows)

    def keys(self) -> set[str]:
        """The keys of all agreements, shown or not."""
        return {r.agreement.key for r in self._rows}

    def agreement_at(self, row: int) -> Agreement:
        return self._shown[row].agreement

    def facts_at(self, row: int) -> tuple[Agreement, Lifetime, list, str]:
        """The agreement shown in `row`, its lifetime, its model-agreement warnings and the state its dates and
        decisions give, as the row has them."""
        r = self._shown[row]
        return r.agreement, r.life, r.warnings, r.state

    def states(self) -> list[str]:
        """The computed states the rows show («I kraft», «Utløpt» …), in Norwegian order."""
        return sorted({r.state for r in self._rows}, key=_norwegian_order)

    def notes(self) -> list[str]:
        """The written statuses the rows show after their state («Under reforhandling» …), in Norwegian order."""
        return sorted({r.note for r in self._rows if r.note}, key=_norwegian_order)

    def statuses(self) -> list[str]:
        """The status filter's choices: the states, then the notes (each matches the rows that show it, alone or
        with the other), not the combinations the column shows."""
        return self.states() + self.notes()

    def state_parties(self) -> list[str]:
        """The ministries of the agreements by their present keys (the ministry filter's choices), in Norwegian order."""
        return sorted({p for r in self._rows for p in r.ministries}, key=_norwegian_order)

    def hiding_filters(self, key: str) -> tuple[str, ...]:
        """The parts of the filter (its fields: "words", "status", "party", "in_force_on", "with_warnings") that
        hide agreement `key`; none when it is shown, or not in the register."""
        row = next((r for r in self._rows if r.agreement.key == key), None)
        if row is None:
            return ()
        return tuple(name for name, value in self._filter._asdict().items() if value and not _Filter(**{name: value}).accepts(row))

    def row_of(self, key: str) -> int:
        """The agreement's row in the table, or -1 when it is filtered out (or not in the register)."""
        return next((i for i, r in enumerate(self._shown) if r.agreement.key == key), -1)

    def nearest_row(self, key: str) -> int:
        """The row of the agreement, or when it is filtered out of the first agreement shown after it in the
        table's order (failing that, the last one shown before it); -1 when nothing is shown."""
        if not self._shown:
            return -1
        shown = {id(r): i for i, r in enumerate(self._shown)}
        place = next((i for i, r in enumerate(self._rows) if r.agreement.key == key), None)
        if place is None:
            return 0
        after = next((shown[id(r)] for r in self._rows[place:] if id(r) in shown), None)
        return after if after is not None else len(self._shown) - 1

    # -- the model interface ------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(Column):
            return self.headers()[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        return _value(self._shown[index.row()], index.column(), int(role))

    def multiData(self, index: QModelIndex | QPersistentModelIndex, roleDataSpan) -> None:  # noqa: N802, N803 - Qt's naming
        """All the roles a delegate asks of a cell it paints (seven), in one call rather than seven."""
        if not index.isValid():
            for item in roleDataSpan:
                item.clearData()
            return
        row = self._shown[index.row()]
        column = index.column()
        for item in roleDataSpan:
            value = _value(row, column, item.role())
            if value is None:
                item.clearData()
            else:
                item.setData(value)


def _norwegian_order(text: str) -> tuple[str, str]:
    return norwegian_key(text), text  # two texts the same but for case or accents in one order every time


def _value(row: _Row, column: int, role: int):
    """A cell's value for a role; None for the roles left to the style (font, colours, check state)."""
    if role == _DISPLAY:
        return row.display[column]
    if role == _ALIGNMENT:
        return _ALIGN_CENTER if column in _CENTERED else None
    if role == _DECORATION:
        return warning_icon() if column == Column.WARNINGS and row.warnings else None
    if role == KeyRole:
        return row.agreement.key
    if role == _TOOLTIP:
        if column == Column.WARNINGS and row.warnings:
            return "\n".join(w.message for w in row.warnings)
        if column == Column.TITLE:
            return f"{row.agreement.title}\n({row.agreement.key})"
        if column in (Column.MINISTRIES, Column.STATUS):  # cut off on a narrow window ("Inngått (dat…")
            return row.display[column] or None
    return None


@lru_cache(maxsize=1)
def warning_icon() -> QIcon:
    return QIcon(str(paths.resource("icons", "warning.svg")))
