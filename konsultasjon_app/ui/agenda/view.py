"""Dagsorden: the year's four meetings with the planner's items, their flags and the plan's warnings."""

from __future__ import annotations

import datetime as dt

from dataclasses import replace
from pathlib import Path

from PySide6 import QtWidgets  # dialogs' classes looked up when one opens, not when the tab is made
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QMenu,
    QToolBar,
    QToolButton,
    QHeaderView,
    QLabel,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...domain.agenda import AgendaLine, agenda_plan, entry_for, meeting_delete_ops, meeting_delete_refused, meeting_ops, missing_standard_items, move_ops, move_refused, new_own_key, placed_last, planned_alike, plans_alike, reorder, rules_meeting, year_agenda, year_meetings
from ...domain.calendar import WEEKDAYS_NB, YEAR_RANGE, format_date, listed
from ...domain.changes import Changed, Command, Delete, Put
from ...domain.colours import text_on
from ...domain.meetings import Calendar, MeetingSlot
from ...domain.model import OWN_ACTION, AgendaEntry, Meeting, MeetingRef, Register, agenda_id
from ...domain.planner import FLAG_NB, Plan, overview_years, plan
from ..bridge import SessionBridge
from ..documents import save_document, status_message
from ..held import go_on, held_changes, held_text, known_plans
from ..widgets import WINDOW_FRAME, SteadyHolder, SteadyLine, TitleFirst, Today, context_actions, describe_action, exec_to_read, exec_until_saved, fill, name_toolbar_overflow, tab_action, wrapped_text
from .model import FLAG_COLOURS, OTHER_FLAG_COLOUR, FlagsRole, PlanColumn, PlanTreeModel, PlanWarningsModel, WarningColumn


class FlagChipsDelegate(QStyledItemDelegate):
    """Paints an item's flags as coloured chips (the text stays in the model for tooltips and tests).

    It paints the cell itself and never calls back into Qt's own item painting (super().paint, initStyleOption):
    with PySide6 6.12 that path, from a Python delegate back into a Python model, drops a reference to None on
    every call until the interpreter crashes ("deallocating None") after a few hundred repaints.
    """

    PAD_X, PAD_Y, GAP = 6, 2, 4

    def __init__(self, view: QAbstractItemView):
        super().__init__(view)
        self._view = view
        # (fill, text) of each flag's chip, made once, not per chip; the text dark on the light fills (colours.text_on)
        self._colours = {flag: (QColor(colour), QColor(text_on(colour))) for flag, colour in FLAG_COLOURS.items()}
        self._other = (QColor(OTHER_FLAG_COLOUR), QColor(text_on(OTHER_FLAG_COLOUR)))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        painter.save()
        # Selected: asked of the view's selection rather than option.state, whose QStyle.StateFlag would make
        # PySide6 create QStyle's Python type and its dozen enums (~5 ms) when Dagsorden first paints.
        if self._view.selectionModel().isSelected(index):
            painter.fillRect(option.rect, option.palette.highlight())
        flags = index.data(FlagsRole) or []
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setClipRect(option.rect)  # a column dragged narrower than a chip: the chip cut, not painted on the next column
        metrics = QFontMetrics(option.font)
        x = option.rect.x() + 4
        height = metrics.height() + 2 * self.PAD_Y
        y = option.rect.y() + (option.rect.height() - height) / 2
        labels = [FLAG_NB.get(flag, flag) for flag in flags]
        shown = self.fitting(metrics, labels, option.rect.right() - x)
        chips = [(label, self._colours.get(flag, self._other)) for flag, label in zip(flags[:shown], labels)]
        if shown < len(flags):  # the rest counted, not dropped without a sign (the tooltip lists them all)
            chips.append((f"+{len(flags) - shown}", self._other))
        for label, (chip, text) in chips:
            width = metrics.horizontalAdvance(label) + 2 * self.PAD_X
            rect = QRectF(x, y, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(chip)
            painter.drawRoundedRect(rect, height / 2, height / 2)
            painter.setPen(text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
            x += width + self.GAP
        painter.restore()

    @classmethod
    def fitting(cls, metrics: QFontMetrics, labels: list[str], room: int) -> int:
        """How many of the chips, from the first, fit in `room` pixels together with a «+N» chip counting the
        ones left out (none needed when all fit). 0: only the «+N» is painted."""
        widths = [metrics.horizontalAdvance(label) + 2 * cls.PAD_X for label in labels]
        if sum(widths) + cls.GAP * (len(widths) - 1) <= room:
            return len(widths)
        for shown in range(len(widths) - 1, 0, -1):
            mark = metrics.horizontalAdvance(f"+{len(widths) - shown}") + 2 * cls.PAD_X
            if sum(widths[:shown]) + cls.GAP * shown + mark <= room:
                return shown
        return 0

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        width = self.width_of(metrics, [FLAG_NB.get(f, f) for f in index.data(FlagsRole) or []])
        return QSize(width, metrics.height() + 2 * self.PAD_Y + 4)

    @classmethod
    def width_of(cls, metrics: QFontMetrics, labels: list[str]) -> int:
        """The width chips with these labels take."""
        return sum(metrics.horizontalAdvance(label) + 2 * cls.PAD_X + cls.GAP for label in labels) + 8


class MenuButton(QToolButton):
    """A toolbar's button that opens a menu, by its Alt+letter too when the toolbar has no room for it: on a narrow
    window (a laptop at 150 %) Qt hides the last buttons behind the toolbar's », and a hidden button's mnemonic does
    nothing. A shortcut of the same key stands in for it then, and only then: both at once would be ambiguous, and
    Qt would run neither."""

    def __init__(self, text: str, menu: QMenu, toolbar: QToolBar):
        super().__init__(toolbar)
        self.setText(text)
        self.setMenu(menu)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._stand_in = QShortcut(QKeySequence.mnemonic(text), toolbar, activated=self._open_under_toolbar, enabled=False)

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt's naming; the toolbar shows and hides its items by it
        super().setVisible(visible)
        self._stand_in.setEnabled(not visible)

    def _open_under_toolbar(self) -> None:
        """The menu under the toolbar's right end, where the » holds the button."""
        toolbar, menu = self.parentWidget(), self.menu()
        menu.popup(toolbar.mapToGlobal(QPoint(toolbar.width() - menu.sizeHint().width(), toolbar.height())))


class PlanTree(QTreeView):
    """The meetings and their items. Ctrl+↑/↓ are the tab's Flytt opp / Flytt ned (shortcuts of this list): where
    the item cannot move (the first one up, a held item) they do nothing, rather than Qt's own Ctrl+↑/↓ moving the
    selection off the item, to the meeting's heading, where the next Ctrl+↓ moved only the selection."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers == Qt.KeyboardModifier.ControlModifier and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            return  # an enabled action took the keys before they came here: this one cannot move
        super().keyPressEvent(event)


class YearBox(QSpinBox):
    """The year field. While a step (↑/↓, PgUp/PgDn, the wheel, its arrows) or a typed key is handled, `by_user`
    is true: the user is on the way to a year, and Dagsorden plans the one they stop at."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.by_user = False

    def _as_user(self, handle, *args) -> None:
        was, self.by_user = self.by_user, True
        try:
            handle(*args)
        finally:
            self.by_user = was

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt's naming
        self._as_user(super().stepBy, steps)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        self._as_user(super().keyPressEvent, event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt's naming
        """Tab or Shift+Tab: the year stepped to is planned first (editingFinished), so that the list, greyed while
        it waited, takes the focus as it would have (was: Tab skipped it and went on to the tab bar)."""
        self.editingFinished.emit()
        return super().focusNextPrevChild(next)


def default_year(meeting_years: list[int], today: dt.date) -> int:
    """The year to open on: this year, unless the calendar has meetings only in earlier years (then the latest)."""
    if not meeting_years or today.year in meeting_years or max(meeting_years) > today.year:
        return today.year
    return max(meeting_years)


YEAR_SETTLE_MS = 275  # a step of the year field is planned when no other follows within this time


class AgendaTab(QWidget):
    today = Today()  # the real date each time the tab plans, prints or opens meeting mode

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self.setObjectName("agendaTab")
        self.bridge = bridge
        self.today = today
        self.plan: Plan | None = None
        self._planned_on: dt.date | None = None  # the day self.plan was made as of
        self._planned_from: Register | None = None  # the register self.plan was made of (or one that plans alike)
        self._plan_year: int | None = None  # the year self.plan was made for
        self._selected_in: dict[int, object] = {}  # by year: what was selected there when another year was chosen

        self.year = YearBox(self)
        self.year.setObjectName("agendaYear")
        self.year.setRange(*YEAR_RANGE)  # the years the program stores, plans and prints (as `plan --from-year`)
        self.year.setAccessibleName(self.tr("År"))
        self._year_on_empty = False  # the year was picked for a calendar with no meetings (see _on_changed)
        self._pick_year()
        year_label = QLabel(self.tr("&År:"), self)
        year_label.setBuddy(self.year)
        summary = SteadyLine(self, "agendaSummary")  # a count that changes with every change: not a new layout each time
        self.summary = summary.label

        self.toolbar = QToolBar(self)
        name_toolbar_overflow(self.toolbar)
        self.toolbar.setObjectName("agendaToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._create_meetings_tip = self.tr("Legg inn de av årets fire møter som mangler i møtekalenderen: de foreløpige datoene "
                                            "foreslås, og du bekrefter eller retter dem før de lagres")
        self.create_meetings_action = tab_action(self, self.tr("Opprett årets møt&er"), self.create_year_meetings, None, "createMeetings",
                                                 self._create_meetings_tip)
        self._create_meetings_named: int | None = None  # the year other than the one shown it is named by (_update_actions)
        self.edit_meeting_action = tab_action(self, self.tr("Rediger m&øte …"), self.edit_meeting, None, "editMeeting",
                                              self.tr("Dato, tid, sted, møteleder og deltakere for møtet som er valgt"))
        # No Alt+letter of its own: every letter of «Slett møte» is another action's in the list's context menu.
        self.delete_meeting_action = tab_action(self, self.tr("Slett møte …"), self.delete_meeting, None, "deleteMeeting",
                                                self.tr("Ta møtet som er valgt ut av møtekalenderen (avlyst, eller lagt inn feil), med "
                                                        "sekretariatets saker og tekster på det; møtet får igjen en foreløpig dato"))
        self.new_item_action = tab_action(self, self.tr("N&y sak …"), self.new_item, "Ctrl+Shift+N", "newItem",
                                          self.tr("Sekretariatets egen sak på møtet som er valgt"))
        self.standard_items_action = tab_action(self, self.tr("Legg til &faste saker"), self.add_standard_items, None, "standardItems",
                                                self.tr("Rammene for kommuneopplegget på 1. møte og Eventuelt på hvert møte, der de mangler"))
        self.edit_item_action = tab_action(self, self.tr("&Rediger sak …"), self.edit_item, "F2", "editItem",
                                           self.tr("Tekstene til saken som er valgt (på møtets egen rad: møtet)"))
        self.move_item_action = tab_action(self, self.tr("F&lytt sak …"), self.move_item, "Ctrl+M", "moveItem",
                                           self.tr("Flytt saken til et annet møte eller til en dato"))
        # The keyboard's way to reorder a meeting (drag and drop is the mouse's): Ctrl+↑/↓, two keys rather than
        # three, and only while the list has the focus, where Ctrl+↑/↓ would otherwise only move the cursor as
        # ↑/↓ do (the warnings table and the year field keep theirs). Alt+T and Alt+N in the context menu: its
        # O (Oversikt) and P (Protokoll) are taken.
        self.move_up_action = tab_action(self, self.tr("Flyt&t opp"), lambda: self.move_item_by(-1), "Ctrl+Up", "moveItemUp",
                                         self.tr("Flytt saken ett trinn opp i møtets dagsorden"))
        self.move_down_action = tab_action(self, self.tr("Flytt &ned"), lambda: self.move_item_by(1), "Ctrl+Down", "moveItemDown",
                                           self.tr("Flytt saken ett trinn ned i møtets dagsorden"))
        for action in (self.move_up_action, self.move_down_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_item_action = tab_action(self, self.tr("&Slett sak"), self.delete_item, QKeySequence.StandardKey.Delete, "deleteItem",
                                             self.tr("Slett sekretariatets egen sak som er valgt"))
        # Delete deletes the item selected in the list, so only while the list has the focus: pressed in the
        # warnings below (to be rid of a warning) it deleted the list's item, perhaps out of view, without a word.
        self.delete_item_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.meeting_mode_action = tab_action(self, self.tr("Møte&modus …"), self.open_meeting_mode, "F11", "meetingMode",
                                              self.tr("Ta møtet som er valgt, sak for sak fra tastaturet: hvert vedtak lagres med en gang"))
        self.print_agenda_action = tab_action(self, self.tr("&Dagsorden (PDF) …"), lambda: self.write_document("agenda"), QKeySequence.StandardKey.Print, "printAgenda",
                                              self.tr("Dagsordenen for møtet som er valgt, som PDF (A4)"))
        self.print_minutes_action = tab_action(self, self.tr("&Protokoll (PDF) …"), lambda: self.write_document("minutes"), None, "printMinutes",
                                               self.tr("Protokollen for møtet som er valgt, som PDF (A4)"))
        self.print_overview_action = tab_action(self, self.tr("&Oversikt til Fellesdokumentet (PDF) …"), lambda: self.write_document("overview"), None,
                                                "printOverview", self.tr("Avtalene i kraft ved årets 4. møte, som PDF til Fellesdokumentet"))
        self.calendar_action = tab_action(self, self.tr("Møte&kalender (.ics) …"), lambda: self.write_document("calendar"), None, "exportCalendar",
                                          self.tr("Årets møter som kalenderfil for Outlook (.ics)"))
        self.print_menu = QMenu(self.tr("Skriv ut"), self)
        for action in (self.print_agenda_action, self.print_minutes_action, self.print_overview_action, None, self.calendar_action):
            if action is None:
                self.print_menu.addSeparator()
            else:
                self.print_menu.addAction(action)
        self.print_button = MenuButton(self.tr("Skriv &ut"), self.print_menu, self.toolbar)  # Alt+U also when behind the »
        self.print_button.setAccessibleName(self.tr("Skriv ut"))
        self.print_button.setToolTip(self.tr("Dagsorden, protokoll og oversikt som PDF, og møtekalenderen for Outlook"))
        self.print_button.setStatusTip(self.print_button.toolTip())
        for action in (self.create_meetings_action, self.edit_meeting_action, self.delete_meeting_action, None, self.new_item_action, self.standard_items_action,
                       self.edit_item_action, self.move_item_action, self.delete_item_action, None, self.meeting_mode_action):
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        self.toolbar.addWidget(self.print_button)

        self.model = PlanTreeModel(self)
        self.model.move_requested.connect(self._on_move_requested)
        self.tree = PlanTree(self)
        self.tree.setObjectName("planTree")
        self.tree.setAccessibleName(self.tr("Møter og saker"))
        self.tree.setModel(self.model)
        self.tree.setItemDelegateForColumn(PlanColumn.FLAGS, FlagChipsDelegate(self.tree))
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        header = self.tree.header()
        header.setSectionResizeMode(PlanColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        # The titles tell the items apart after "Gjennomgang av avtale om": the other columns give way first, the
        # chips down to the longest one alone, the case number (indented two levels) only its spare margin. With
        # room, three chips: a review's utløper, regjeringsskifte and undertegning forsinket (the fourth a moved one
        # or one on a provisional date can carry shows as «+1», as do those that do not fit on a narrower window).
        metrics = self.tree.fontMetrics()
        text, number = metrics.horizontalAdvance, metrics.horizontalAdvance("Sak 17/2006") + 2 * self.tree.indentation()
        self.columns = TitleFirst(self.tree, header, 45 * metrics.averageCharWidth(), {
            PlanColumn.NUMBER: (number + 16, number + 24),
            PlanColumn.ACTION: (text("Gjennomgang") + 16, text("Oversikt til Fellesdokumentet") + 16),
            PlanColumn.FLAGS: (FlagChipsDelegate.width_of(metrics, [max(FLAG_NB.values(), key=text)]),
                               FlagChipsDelegate.width_of(metrics, [FLAG_NB[f] for f in ("expiring", "government-change", "overdue-signing")])),
            PlanColumn.RULE: (text("M2-REVIEW") + 16, text("M4-OVERVIEW") + 24),
        })

        self.warnings_model = PlanWarningsModel(self)
        self.warnings = QTableView(self)
        self.warnings.setObjectName("planWarnings")
        self.warnings.setAccessibleName(self.tr("Advarsler i planen"))
        self.warnings.setModel(self.warnings_model)
        self.warnings.verticalHeader().setVisible(False)
        self.warnings.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.warnings.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it), not from cell to cell for ever
        self.warnings.setWordWrap(False)
        self.warnings.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        wheader = self.warnings.horizontalHeader()
        wheader.resizeSection(WarningColumn.CODE, 220)
        wheader.resizeSection(WarningColumn.AGREEMENT, 300)
        wheader.setStretchLastSection(True)
        warnings_label = SteadyLine(self, "agendaWarningsLabel")
        self.warnings_label = warnings_label.label

        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year)
        top.addSpacing(16)
        top.addWidget(summary, 1)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(warnings_label)
        lower_layout.addWidget(self.warnings)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("agendaSplitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 160])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(SteadyHolder(self.toolbar, self))  # actions enabled by a new selection: no new layout
        layout.addWidget(self.splitter, 1)

        # Changes arrive one by one (an import sends one; a meeting sends many): re-plan once they settle.
        self._replan_timer = QTimer(self)
        self._replan_timer.setSingleShot(True)
        self._replan_timer.setInterval(0)
        self._replan_timer.timeout.connect(self.replan)
        self._after_dialog = QTimer(self)  # a new day behind a dialog: looked at twice a second until it closes
        self._after_dialog.setSingleShot(True)
        self._after_dialog.setInterval(500)
        self._after_dialog.timeout.connect(self._plan_after_dialog)
        # A year stepped to (a held ↑ passes a year every 30 ms; a plan of a large register takes 200 ms) is planned
        # once the user stops there, at once on Enter or on leaving the field; a year set by the program at once.
        self._year_timer = QTimer(self)
        self._year_timer.setSingleShot(True)
        self._year_timer.setInterval(YEAR_SETTLE_MS)
        self._year_timer.timeout.connect(self.replan)
        self._held_actions: list = []  # the tab's actions turned off while the year stepped to is not yet planned
        self.year.valueChanged.connect(self._on_year_chosen)
        self.year.editingFinished.connect(self.plan_chosen_year)
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.tree.doubleClicked.connect(self._on_double_click)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # Enter, and the keypad's
            QShortcut(QKeySequence(key), self.tree, activated=lambda: self._on_double_click(self._current()), context=Qt.ShortcutContext.WidgetShortcut)
        self.warnings.doubleClicked.connect(self.go_to_warning)
        # Enter's row in Hjelp → Hurtigtaster is its What's This (the keypad's Enter, doing the same, has none of its own).
        for key, described in ((Qt.Key.Key_Return, self.tr("Advarslene: til saken eller møtet advarselen gjelder")), (Qt.Key.Key_Enter, "")):
            QShortcut(QKeySequence(key), self.warnings, activated=lambda: self.go_to_warning(self.warnings.currentIndex()),
                      context=Qt.ShortcutContext.WidgetShortcut, whatsThis=described)
        context_actions(self.tree, (self.create_meetings_action, self.edit_meeting_action, self.delete_meeting_action, self.standard_items_action, None, self.new_item_action,
                                    self.edit_item_action, self.move_item_action, self.move_up_action, self.move_down_action, self.delete_item_action,
                                    None, self.meeting_mode_action, None,
                                    self.print_agenda_action, self.print_minutes_action, self.print_overview_action, self.calendar_action))
        bridge.changed.connect(self._on_changed)
        bridge.session_replaced.connect(self._on_session_replaced)
        self._stale = True

    def layout_states(self) -> dict:
        """The widgets whose layout is remembered between runs, by settings key."""
        return {"agenda/splitter": self.splitter, "agenda/tree_header": self.columns}  # the header as TitleFirst saves it

    def _pick_year(self) -> None:
        """The year to show for the calendar as it is (default_year)."""
        years = [m.year for m in self.bridge.register.meetings]
        self._picking = True
        try:
            self.year.setValue(default_year(years, self.today))
        finally:
            self._picking = False
        self._year_on_empty = not years

    def _on_year_chosen(self, year: int) -> None:
        if not self._picking:
            self._year_on_empty = False  # the user's choice stands
        if not self.year.by_user:
            self.replan()
            return
        self._year_timer.start()
        # Meanwhile the list is the year before's: greyed, with its actions off, never acted on as the new year's
        # (a document asked for meanwhile plans the new year first, as _stale says).
        self._stale = True
        self.summary.setText(self.tr("Planlegger %1 …").replace("%1", str(year)))
        if not self._held_actions:
            self._held_actions = [action for action in self.actions() if action.isEnabled()]
            for action in self._held_actions:
                action.setEnabled(False)
        self.tree.setEnabled(False)
        self.warnings.setEnabled(False)

    def plan_chosen_year(self) -> None:
        """The year stepped to, planned now rather than when the user has stopped a moment (Enter, leaving the field)."""
        if self._year_timer.isActive():
            self.replan()

    def _on_changed(self, changed: Changed) -> None:
        register = self.bridge.register
        if not (self._stale or changed.everything) and planned_alike(self._planned_from, register):
            # Notes, parties, a rating, an attachment: no plan or agenda reads them, so the plan shown is the one a
            # new plan would give (was: planned again all the same, 0.2 s with 4,000 agreements, to show the same).
            # Another session (`everything`) plans again: opened for writing, say, its items can now be moved.
            self._planned_from = register
            return
        self._stale = True
        if self._year_on_empty and self.bridge.register.meetings:
            # The first meetings came (demo data, an import into a new database): show their year, as opening
            # the database would. Was: Dagsorden stayed on this year, empty, with the status bar counting them.
            self._pick_year()
        # Behind a modal dialog (meeting mode records a decision a key press) the tab counts as visible but
        # cannot be seen: it plans again when the dialog is closed (open_meeting_mode), not after every change.
        if self.isVisible() and QApplication.activeModalWidget() is None:
            self._replan_timer.start()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        # Planned when first seen: a window opened on another tab starts without planning the agenda's year.
        if self._stale:
            self.replan()
        super().showEvent(event)
        if not self.isAncestorOf(QApplication.focusWidget()):
            self.tree.setFocus()  # the arrow keys and Delete work on the meetings at once

    def _on_session_replaced(self, another_file: bool = True) -> None:
        # The same database opened again (for writing, once its writer has gone) keeps the year and meeting shown.
        if another_file:
            self._selected_in.clear()  # (the years' selections were of the database shown until now)
            self._pick_year()

    def new_day(self, previous: dt.date) -> None:
        """The date changed while the window was open (MainWindow's clock): planned again as of the new day, now
        if the tab is in view, else when it is shown. A meeting passed unsigned moves its items on (M4-FALLBACK).
        The year, if it is the one the tab picked for the day before (default_year, as a window opened then shows
        it), moves on to the new day's, as Avtaleregister's «I kraft på» moves on: over New Year, to the new year
        (was: last year stayed, and «Opprett årets møter» made last year's meetings). A year the user chose stays."""
        self._stale = True
        years = [m.year for m in self.bridge.register.meetings]
        picked = self._year_on_empty or self.year.value() == default_year(years, previous)
        if picked and not self._year_timer.isActive():  # (a year being stepped to is the user's)
            shown = self.year.value()
            self._pick_year()
            if self.year.value() != shown:
                return  # the new year is planned at once (_on_year_chosen)
        if self.isVisible() and QApplication.activeModalWidget() is None:
            self.replan()
        elif self.isVisible():
            self._after_dialog.start()

    def _plan_after_dialog(self) -> None:
        """A new day came while a dialog was open over the tab (the laptop closed overnight with it open): planned
        once the dialog has closed. Was: yesterday's plan until the user switched tabs, while the printed agenda,
        planned as of the day, said otherwise. (Meeting mode plans when it closes itself: then nothing is left.)"""
        if not self._stale or not self.isVisible():
            return
        if QApplication.activeModalWidget() is not None:
            self._after_dialog.start()  # still open: looked at again
            return
        self.replan()

    def replan(self) -> None:
        self._replan_timer.stop()
        self._year_timer.stop()
        for action in self._held_actions:
            action.setEnabled(True)  # _update_actions below sets each as the new plan has it
        self._held_actions = []
        self.tree.setEnabled(True)
        self.warnings.setEnabled(True)
        self._stale = False
        selected = self._selection_key()
        year = self.year.value()
        if self._plan_year is not None and year != self._plan_year:
            # Another year: what was selected there is kept for a return to it, and what was selected in this one
            # when it was left is selected again (was: its meeting 2, whatever item the user had been on).
            self._selected_in[self._plan_year] = selected
            selected = self._selected_in.get(year, selected)
        register = self.bridge.register
        # The plan shown, or one kept, when the register plans alike (an item's texts or the order of a meeting's
        # items changed; a year shown before): the agenda is worked out again, the plan not (was: a plan a change).
        kept = self.plan if (self.plan is not None and self._planned_on == self.today and self._plan_year == year
                             and self._planned_from is not None and plans_alike(self._planned_from, register)) else None
        if kept is None:
            kept = known_plans.find(register, year, year, self.today)
        self._planned_on = self.today
        self._plan_year = year
        self.plan = kept if kept is not None else agenda_plan(register, year, self._planned_on)
        self._planned_from = register
        if kept is None:
            known_plans.keep(register, year, year, self._planned_on, self.plan)  # the register before the next change
        new = self.model.set_plan(self.plan, year, register, movable=not self.bridge.session.read_only)
        for row in new:
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        if len(new) == self.model.group_count():
            # Another year, say: every meeting open, as when the tab is first shown. To depth 0, the meetings: expandAll
            # also marks each item as expanded (nothing to open), a persistent index per item that every item coming
            # or going updates, a call back into Python each (half the time of a decision's in-place update).
            self.tree.expandToDepth(0)
        else:
            for row in new:
                self.tree.expand(self.model.index(row, 0))
            # The rows that came and went laid out now, not by the paint that shows them: laid out there, the tree
            # asks for a paint of its whole list once more (QAbstractItemView::doItemsLayout ends in an update).
            self.tree.executeDelayedItemsLayout()
        self._show_warnings(register)
        # The items on the meetings, numbered; those moved to a date outside the meetings (a group of its own, no
        # meeting) counted apart: they are on no agenda.
        groups = range(self.model.group_count())
        items = sum(len(self.model.lines_of(g)) for g in groups if self.model.slot_of(g) is not None)
        outside = sum(len(self.model.lines_of(g)) for g in groups if self.model.slot_of(g) is None)
        provisional = sum(1 for m in self.plan.meetings if m.provisional)
        text = (self.tr("1 sak på årets møter") if items == 1 else self.tr("%1 saker på årets møter")).replace("%1", str(items))
        if outside:
            text += (self.tr(" · 1 sak utenom møtene") if outside == 1 else self.tr(" · %1 saker utenom møtene")).replace("%1", str(outside))
        if provisional:
            text += self.tr(" · %1 av møtene har foreløpig dato (ikke i møtekalenderen)").replace("%1", str(provisional))
        coming = self._year_to_create()
        if coming is not None and coming != year:
            text += fill(self.tr(" · Ingen møter for %1 ennå – Opprett møtene for %1"), coming)
        self.summary.setText(text)
        self.warnings_label.setText(self.tr("Advarsler (%1)").replace("%1", str(len(self.plan.warnings))))
        self._restore_selection(selected)
        if not self._current().isValid() and self.model.group_count():
            # Start on the year's first meeting with items, so that the toolbar has something to act on.
            first = next((g for g in range(self.model.group_count()) if self.model.rowCount(self.model.index(g, 0))), 0)
            self.tree.setCurrentIndex(self.model.index(first, 0))
        self._update_actions()

    # -- selection ------------------------------------------------------------------------------------------

    def _current(self) -> QModelIndex:
        rows = self.tree.selectionModel().selectedRows()
        return rows[0] if rows else QModelIndex()

    def selected_line(self) -> AgendaLine | None:
        return self.model.line_at(self._current())

    def selected_slot(self) -> MeetingSlot | None:
        index = self._current()
        if not index.isValid():
            return None
        group = index.row() if not index.parent().isValid() else index.parent().row()
        return self.model.slot_of(group)

    def _selection_key(self):
        line = self.selected_line()
        if line is not None:
            return ("line", line.meeting, line.ident)
        slot = self.selected_slot()
        return ("slot", slot.ref) if slot else None

    def _restore_selection(self, key) -> None:
        """Select again what was selected: the meeting, or the item on the same meeting (a held item is on two),
        else where it has moved to (another meeting, or a date outside the meetings)."""
        if key is None:
            return
        found = []
        for group in range(self.model.group_count()):
            slot = self.model.slot_of(group)
            if key[0] == "slot" and slot is not None and slot.ref == key[1]:
                self.tree.setCurrentIndex(self.model.index(group, 0))
                return
            if key[0] == "line":
                found += [(line.meeting != key[1], group, row) for row, line in enumerate(self.model.lines_of(group)) if line.ident == key[2]]
        if found:
            _, group, row = min(found)
            self.tree.setCurrentIndex(self.model.index(row, 0, self.model.index(group, 0)))

    def select_meeting(self, number: int) -> None:
        group = self.model.group_of(number)
        if group >= 0:
            self.tree.setCurrentIndex(self.model.index(group, 0))

    def select_line(self, number: int, row: int) -> None:
        group = self.model.group_of(number)
        if group >= 0:
            self.tree.setCurrentIndex(self.model.index(row, 0, self.model.index(group, 0)))

    def _year_to_create(self) -> int | None:
        """The year «Opprett årets møter» makes meetings for: the year shown, if some of its meetings are missing;
        else this calendar year, if none of its meetings is stored yet. After New Year the tab stays on last year
        until the new year has meetings (default_year), and the action, on last year with nothing missing, was
        disabled on the first working day of the year. None: nothing to make."""
        register = self.bridge.register
        if year_meetings(register, self.year.value()):
            return self.year.value()
        this_year = self.today.year
        return this_year if len(year_meetings(register, this_year)) == 4 else None

    def _update_actions(self) -> None:
        writable = not self.bridge.session.read_only
        line = self.selected_line()
        slot = self.selected_slot()
        coming = self._year_to_create()
        self.create_meetings_action.setEnabled(writable and coming is not None)
        named = None if coming is None or coming == self.year.value() else coming
        if named != self._create_meetings_named:  # (asked at every new selection: the text set only when it changes)
            self._create_meetings_named = named
            if named is None:
                self.create_meetings_action.setText(self.tr("Opprett årets møt&er"))
                tip = self._create_meetings_tip
            else:  # named by the year it makes, not the one shown
                self.create_meetings_action.setText(fill(self.tr("Opprett møt&ene for %1"), named))
                tip = fill(self.tr("Ingen av møtene for %1 er i møtekalenderen ennå: legg inn årets fire møter. De foreløpige datoene "
                                   "foreslås, og du bekrefter eller retter dem før de lagres"), named)
            describe_action(self.create_meetings_action, tip)
        # Rediger møte … and Rediger sak … (F2) show the meeting or the item to read in a read-only window, as Enter
        # does there and as the other tabs' do (Avtaleregister's Rediger …, Evaluering's Vurdering …).
        self.edit_meeting_action.setEnabled(slot is not None)
        self.delete_meeting_action.setEnabled(writable and slot is not None and self.bridge.register.meeting(slot.ref) is not None)
        self.new_item_action.setEnabled(writable and slot is not None)
        self.standard_items_action.setEnabled(writable)
        self.edit_item_action.setEnabled(line is not None or slot is not None)
        self.move_item_action.setEnabled(writable and line is not None and not line.held)  # a held item moves where it is now
        self.move_up_action.setEnabled(writable and self._step_target(-1) is not None)
        self.move_down_action.setEnabled(writable and self._step_target(1) is not None)
        self.delete_item_action.setEnabled(writable and line is not None and line.action == OWN_ACTION)
        self.meeting_mode_action.setEnabled(slot is not None)
        self.calendar_action.setEnabled(any(m.year == self.year.value() for m in self.bridge.register.meetings))

    def write_document(self, kind: str, path: Path | None = None) -> Path | None:
        """Write a meeting's agenda or minutes, the year's overview, or the year's calendar file; PDFs then open in
        the system's PDF viewer, from which the secretary prints."""
        year = self.year.value()
        slot = self.selected_slot()
        if kind in ("agenda", "minutes") and slot is None:
            # Said rather than the action disabled: Ctrl+P on a disabled action did nothing, and said nothing.
            status_message(self, self.tr("Velg først et møte i listen under Dagsorden."))
            return None
        names = {
            "agenda": (f"Dagsorden {slot.number}. konsultasjonsmøte {year}.pdf" if slot else "", self.tr("PDF (*.pdf)")),
            "minutes": (f"Protokoll {slot.number}. konsultasjonsmøte {year}.pdf" if slot else "", self.tr("PDF (*.pdf)")),
            "overview": (f"Oversikt over samarbeidsavtaler {year}.pdf", self.tr("PDF (*.pdf)")),
            "calendar": (f"Konsultasjonsmøter {year}.ics", self.tr("Kalender (*.ics)")),
        }
        default, pattern = names[kind]
        suffix = ".ics" if kind == "calendar" else ".pdf"
        return save_document(self, default, pattern, lambda _: self._document(kind, year, slot.number if slot else 0), path, suffix=suffix)

    def _document(self, kind: str, year: int, number: int) -> bytes:
        if self._stale or self.plan is None or self._planned_on != self.today:  # a new day since it was planned
            self.replan()
        register, year_plan = self.bridge.register, self.plan
        if kind == "agenda":
            from ...reports.agenda_pdf import agenda_pdf

            return agenda_pdf(register, year_plan, year, number)
        if kind == "minutes":
            from ...reports.minutes_pdf import minutes_pdf

            return minutes_pdf(register, year_plan, year, number)
        if kind == "overview":
            from ...reports.overview_pdf import overview_pdf

            span = overview_years(register, year)
            if span != (year, year):  # the user moved the overview to another year's meeting
                year_plan = plan(register, *span, self.today)
            return overview_pdf(register, year_plan, year)
        from ...reports.calendar_ics import calendar_ics

        return calendar_ics(register, year)

    def open_meeting_mode(self) -> None:
        from ..meeting.mode import MeetingMode

        slot = self.selected_slot()
        if slot is None:
            return
        if slot.provisional and not self.bridge.session.read_only and not self._set_date_for_meeting_mode(slot):
            return  # Avbryt: no meeting mode on a made-up date
        mode = MeetingMode(self.bridge, slot.year, slot.number, self.today, self)
        line = self.selected_line()
        if line is not None:
            mode.go(next((i for i, ln in enumerate(mode.lines) if ln.ident == line.ident), 0))
        # Maximised by its state, and shown by exec() alone: a dialog already shown (showMaximized) when exec()
        # makes it modal stays modeless, so the main window went on taking clicks and keys behind the meeting,
        # and this tab (seeing no modal dialog) planned again after every decision key.
        mode.setWindowState(mode.windowState() | Qt.WindowState.WindowMaximized)
        try:
            mode.exec()
        finally:
            mode.deleteLater()  # and with it its listening to every change
        if self._stale:  # something was recorded in the meeting (see _on_changed)
            self.replan()
        left = self.bridge.places.get(("meeting", slot.ref))
        if left is not None:  # the list follows the meeting: F11 again takes it up where it was left
            self._restore_selection(("line", slot.ref, left))

    def _set_date_for_meeting_mode(self, slot: MeetingSlot) -> bool:
        """A meeting with only a provisional date gets its real one before meeting mode opens (True when stored, as
        one undoable step): the mode records signings on the meeting's date, and a made-up date there (16.08 for a
        meeting held 12.08) was stored as the day the agreement was signed. Proposed: today, if it lies between the
        meetings before and after it (the meeting is being held), else the provisional date, said to be one (was:
        today anywhere in the meeting's year: on 1 February, F11 on meeting 4 proposed 01.02 and Enter stored it)."""
        from .dialogs import MeetingDialog

        today = self.today
        calendar = Calendar(self.bridge.register)
        before = calendar.slot(slot.year, slot.number - 1) if slot.number > 1 else calendar.slot(slot.year - 1, 4)
        after = calendar.slot(slot.year, slot.number + 1) if slot.number < 4 else calendar.slot(slot.year + 1, 1)
        day = today if today.year == slot.year and before.date < today < after.date else slot.date  # (the dialog takes its year's dates only)
        dialog = MeetingDialog(
            Meeting(slot.year, slot.number, day), self, others=self.bridge.register.meetings, provisional=slot.date,
            intro=self.tr("Møtemodus registrerer undertegningene på møtets dato. Skriv inn datoen møtet holdes; "
                          "den lagres i møtekalenderen før møtemodus åpnes."),
            ok_text=self.tr("Lagre og åpne møtemodus"),
        )
        return exec_until_saved(dialog, lambda: self._run(f"Dato for {slot.ref}", [Put("meetings", dialog.value())],
                                                          asking=self.tr("Møtemodus")))

    def _on_double_click(self, index: QModelIndex) -> None:
        """A double click or Enter: the item's or the meeting's dialog, to edit; to read when the database is open
        read-only (another program has it), as Avtaleregister shows an agreement then."""
        if self.model.line_at(index) is not None:
            self.edit_item()
        elif not index.parent().isValid():
            self.edit_meeting()

    def _show_warnings(self, register: Register) -> None:
        """The plan's warnings in the list. When they changed (a decision takes a warning away, or gives one) while a
        warning was selected, it is selected again where it is now and the list scrolled as it was: was back at its
        top with nothing selected after every change."""
        current = self.warnings.currentIndex()
        kept = self.warnings_model.warning_at(current.row()) if current.isValid() else None
        scrolled = self.warnings.verticalScrollBar().value()
        if not self.warnings_model.set_warnings(self.plan.warnings, register) or kept is None:
            return
        row = self.warnings_model.row_of(kept)
        if row >= 0:
            self.warnings.setCurrentIndex(self.warnings_model.index(row, current.column()))
        self.warnings.verticalScrollBar().setValue(scrolled)

    def go_to_warning(self, index: QModelIndex) -> None:
        """A double click or Enter on a warning: to what it is about, selected in the list above, which takes the
        focus (Enter or F2 there opens it). An agreement's: its first item on the year's meetings, else one moved
        to a date outside them, else the overview that lists it (meeting 4's, M4-OVERVIEW: an agreement signed
        after meeting 3 has no item of its own this year); a meeting's (a weekend, a holiday): that meeting."""
        if not index.isValid():
            return
        warning = self.warnings_model.warning_at(index.row())
        if warning.agreement is None:
            found = next((self.model.index(group, 0) for group in range(self.model.group_count())
                          if self.model.slot_of(group) is not None and warning.meeting == self.model.slot_of(group).ref), None)
        else:
            found = self._item_of(lambda line: line.agreement == warning.agreement)
            if found is None:
                found = self._item_of(lambda line: line.plan_item is not None and warning.agreement in (line.plan_item.agreements or ()))
        if found is None:
            if warning.agreement is not None:  # an agreement with no item this year: said, rather than nothing
                title = self.warnings_model.data(self.warnings_model.index(index.row(), WarningColumn.AGREEMENT))
                QtWidgets.QMessageBox.information(self, self.tr("Advarsler"), fill(
                    self.tr("«%1» har ingen sak på møtene i %2. Avtalen finnes i Avtaleregister."), title, self.year.value()))
            return
        self.tree.setCurrentIndex(found)
        self.tree.scrollTo(found)
        self.tree.setFocus()

    def _item_of(self, wanted) -> QModelIndex | None:
        """The first item in the list (the meetings in order, then the items outside them) that is `wanted`."""
        for group in range(self.model.group_count()):
            row = next((r for r, line in enumerate(self.model.lines_of(group)) if wanted(line)), None)
            if row is not None:
                return self.model.index(row, 0, self.model.index(group, 0))
        return None

    # -- commands -------------------------------------------------------------------------------------------

    def _run(self, label: str, ops: list, *, asking: str | None = None) -> bool:
        """Run `label`'s change (True if made). `asking`: the title of the question asked first when the change
        alters the agenda of a meeting already held (ui.held.go_on: its minutes cite the case numbers); No is False,
        and a dialog that saves through this comes back as typed."""
        if not ops:
            return False
        if asking is not None and not go_on(self, asking, self.bridge.register, ops, self.today):
            return False
        if not self.bridge.run_or_tell(Command(label, tuple(ops)), self):
            return False
        self.replan()  # at once: the user acted here and expects to see it
        return True

    def create_year_meetings(self) -> None:
        """The year's meetings missing from the calendar, with the dates the user confirms or corrects first (the
        provisional ones proposed): stored, a date is the meeting's real one. Avbryt stores nothing. The year is the
        one shown, or this year when the one shown has them all and this year none (`_year_to_create`); then the tab
        goes on to it, to show the meetings made."""
        year = self._year_to_create()
        if year is None:
            return
        missing = year_meetings(self.bridge.register, year)
        from .dialogs import YearMeetingsDialog

        dialog = YearMeetingsDialog(year, missing, self, others=self.bridge.register.meetings)
        # A date before today may alter what a meeting held then had on its agenda: asked, as Rediger møte asks.
        made = exec_until_saved(dialog, lambda: self._run(f"Opprett møtene for {year}", [Put("meetings", m) for m in dialog.value()],
                                                          asking=self.tr("Opprett årets møter")))
        if made and self.year.value() != year:
            self.year.setValue(year)

    def delete_meeting(self) -> None:
        """Take the selected meeting out of the calendar (a meeting cancelled, or made for the wrong year), with its
        own agenda entries and the moves of items to it, after asking; refused, said why, while decisions or signings
        are recorded at it. The year then has the meeting on its provisional date again."""
        slot = self.selected_slot()
        register = self.bridge.register
        meeting = register.meeting(slot.ref) if slot is not None else None
        if meeting is None or self.bridge.session.read_only:
            return
        title = self.tr("Slett møte")
        refused = meeting_delete_refused(register, meeting.ref)
        if refused is not None:
            QtWidgets.QMessageBox.information(self, title, refused)
            return
        deletion = meeting_delete_ops(register, meeting.ref)
        text = fill(self.tr("Slette %1. konsultasjonsmøte %2 (%3 %4) fra møtekalenderen?"), meeting.number, meeting.year,
                    WEEKDAYS_NB[meeting.date.weekday()], format_date(meeting.date))
        going = []
        if deletion.minutes:
            # Recorded in the meeting: the one thing here not written beforehand, and not found again after a restart.
            going.append(fill(self.tr("protokollen for %1 av sakene (det som er ført i møtemodus)"), deletion.minutes))
        if deletion.own_items:
            going.append(fill(self.tr("sekretariatets egne saker på møtet (%1)"), deletion.own_items))
        if deletion.texts:
            going.append(fill(self.tr("tekstene som er skrevet til planleggerens saker der (%1)"), deletion.texts))
        if deletion.details:
            going.append(self.tr("møtets %1").replace("%1", listed(list(deletion.details))))
        if len(going) == 1:
            text += "\n\n" + self.tr("Med møtet slettes %1.").replace("%1", going[0])
        elif going:  # one to a line: the parts have commas and «og» of their own
            text += "\n\n" + self.tr("Med møtet slettes:") + "".join(f"\n– {part}" for part in going)
        if deletion.moved_here:
            text += "\n\n" + (self.tr("1 sak som er flyttet til møtet, går tilbake dit reglene setter den.") if deletion.moved_here == 1 else
                              self.tr("%1 saker som er flyttet til møtet, går tilbake dit reglene setter dem.").replace("%1", str(deletion.moved_here)))
        held = held_changes(register, deletion.ops, self.today)
        if held:  # a held meeting's agenda (or a later one's) changes too: said in the same question, not a second one
            text += "\n\n" + held_text(held)
        text += "\n\n" + fill(self.tr("Året får igjen %1. møte på en foreløpig dato. (Det kan angres med Ctrl+Z.)"), meeting.number)
        buttons = QtWidgets.QMessageBox.StandardButton
        if QtWidgets.QMessageBox.question(self, title, text, buttons.Yes | buttons.No, buttons.No) != buttons.Yes:
            return
        self._run(f"Slett {meeting.ref}", deletion.ops)

    def edit_meeting(self) -> None:
        slot = self.selected_slot()
        if slot is None:
            return
        meeting = self.bridge.register.meeting(slot.ref)
        from .dialogs import MeetingDialog  # the dialogs load when first opened, not with the tab

        # A meeting not in the calendar: its provisional date, said to be one (saved, it becomes the meeting's).
        dialog = MeetingDialog(meeting or Meeting(slot.year, slot.number, slot.date), self, others=self.bridge.register.meetings,
                               provisional=slot.date if meeting is None else None)
        if self.bridge.session.read_only:
            self._show_to_read(dialog, self.tr("møtet kan leses, ikke endres"))
            return

        def save() -> bool:
            if meeting is not None and dialog.value() == meeting:
                return True  # OK with nothing changed: nothing to save (was: an undo step «Endre …» that undid nothing)
            # A held meeting's date moved past a signing or a meeting's end changes what its agenda holds: said
            # first, with the signings dated by the meeting moved along (meeting_ops); No brings the dialog back
            # as typed, as does a signing the new date would leave ending before it is signed (refused, named).
            return self._run(f"Endre {slot.ref}", meeting_ops(self.bridge.register, dialog.value()), asking=self.tr("Rediger møte"))

        # A save the database refuses opens the dialog again with what was typed (so too the item dialogs below).
        exec_until_saved(dialog, save)

    def new_item(self) -> None:
        slot = self.selected_slot()
        if slot is None:
            return
        entry = AgendaEntry(slot.ref, OWN_ACTION, key="")
        from .dialogs import ItemDialog

        dialog = ItemDialog(entry, self.tr("Sakens tittel"), self, own=True)

        def save() -> bool:
            value = dialog.value()
            value = replace(value, key=new_own_key(self.bridge.register, slot.ref, value.title or "sak"))
            ops = [Put("agenda", e) for e in placed_last(self.model.lines_at(slot.ref), value)]
            # On a meeting already held, a new item renumbers the cases after it, there and on the later held
            # meetings: said first; No brings the dialog back as typed.
            if not self._run(f"Ny sak på {slot.ref}", ops, asking=self.tr("Ny sak")):
                return False
            # The new item selected, so that F2, Ctrl+↑ and Delete act on it (was: the meeting's heading stayed
            # selected, and F2 opened Rediger møte).
            self._restore_selection(("line", slot.ref, (OWN_ACTION, "", value.key)))
            return True

        exec_until_saved(dialog, save)

    def add_standard_items(self) -> None:
        year = self.year.value()
        ops = [Put("agenda", e) for n in (1, 2, 3, 4) for e in missing_standard_items(MeetingRef(year, n), self._lines_at(MeetingRef(year, n)))]
        if not ops:
            QtWidgets.QMessageBox.information(self, self.tr("Faste saker"), self.tr("Årets møter har allerede de faste sakene."))
            return
        self._run(f"Faste saker for {year}", ops, asking=self.tr("Faste saker"))  # the held meetings' cases it renumbers

    def edit_item(self) -> None:
        """Edit the selected item's texts (F2); on a meeting's own row, the meeting."""
        line = self.selected_line()
        if line is None:
            self.edit_meeting()
            return
        entry = entry_for(line)
        from .dialogs import ItemDialog

        dialog = ItemDialog(entry, line.title, self, own=line.action == OWN_ACTION)
        if self.bridge.session.read_only:
            self._show_to_read(dialog, self.tr("saken kan leses, ikke endres"))
            return
        def save() -> bool:
            if dialog.value() == entry:
                return True  # OK with nothing changed: nothing stored (was: an empty entry, a history row and an undo step)
            # New texts on a held meeting's agenda differ from what was handed out: asked, as every other change of it.
            return self._run(f"Endre {line.case}", [Put("agenda", dialog.value())], asking=self.tr("Rediger sak"))

        exec_until_saved(dialog, save)

    def _show_to_read(self, dialog, what: str) -> None:
        """A meeting's or an item's dialog shown to read: the database is open read-only (was: the dialog to edit,
        whose OK was refused as a 'read-only file' and opened it again until the user threw the text away)."""
        exec_to_read(dialog, self.bridge.read_only_notice(what))

    def delete_item(self) -> None:
        line = self.selected_line()
        if line is None or line.action != OWN_ACTION or line.entry is None:
            return
        self._run(f"Slett {line.case}", [Delete("agenda", agenda_id(line.entry))], asking=self.tr("Slett sak"))  # a held meeting's item

    def move_item(self) -> None:
        line = self.selected_line()
        if line is None or line.held:
            return
        planner_item = line.action != OWN_ACTION
        from .dialogs import MoveDialog

        refusals: dict[MeetingRef, str | None] = {}  # each meeting the dialog is turned to looked at once

        def refusal(meeting: MeetingRef) -> str | None:
            if meeting not in refusals:
                refusals[meeting] = move_refused(line, meeting, self._lines_at(meeting))
            return refusals[meeting]

        dialog = MoveDialog(f"{line.case}: {line.title}", line.meeting, allow_date=planner_item, reason_required=planner_item,
                            origin=rules_meeting(line), parent=self, refusal=refusal if planner_item else None,
                            day=line.plan_item.meeting_date if line.plan_item is not None else None)
        # Refused: the dialog again, with the place and the reason typed; nothing to move (told) closes it.
        exec_until_saved(dialog, lambda: self._move(line, *dialog.target()) is not False)

    def _move(self, line: AgendaLine, to_meeting: MeetingRef | None, to_date: dt.date | None, reason: str | None,
              position: int | None = None) -> bool | None:
        """Move the item (to `position` among the meeting's items, where it was dropped; else last, or in the
        planner's order): True when moved, False when it was not (the database refused, told; or the user answered
        No to what it does to a held meeting), None when there was nothing to move (told as well)."""
        where = str(to_meeting) if to_meeting else format_date(to_date)
        there = self._lines_at(to_meeting) if to_meeting is not None else None
        if self._refused(line, to_meeting, there):
            return False
        ops = move_ops(self.bridge.register, line, to_meeting, to_date, reason, there, position)
        if not ops:  # back to where the rules put it, with nothing moved there: say so rather than nothing at all
            place = line.plan_item.place if line.plan_item is not None else str(line.meeting)
            QtWidgets.QMessageBox.information(self, self.tr("Flytt sak"), fill(
                self.tr("«%1» står der reglene setter den (%2); ingenting er flyttet."), line.title, place))
            return None
        # Taken off a meeting already held (an overdue signing carried into next year): its agenda changes. No: the
        # dialog again, with the place and the reason as typed (to choose another, or cancel).
        return self._run(f"Flytt {line.case} til {where}", ops, asking=self.tr("Flytt sak"))

    def _refused(self, line: AgendaLine, meeting: MeetingRef | None, there: list[AgendaLine] | None = None) -> bool:
        """Whether the item cannot move to `meeting` (move_refused: it has the same item of its own), told if so."""
        if there is None and meeting is not None:
            there = self._lines_at(meeting)
        refused = move_refused(line, meeting, there or [])
        if refused is not None:
            QtWidgets.QMessageBox.information(self, self.tr("Flytt sak"), refused)
        return refused is not None

    def _lines_at(self, meeting: MeetingRef) -> list[AgendaLine]:
        """A meeting's items in agenda order: as shown, or (a meeting of another year) as the plan of its year has them."""
        if meeting.year == self.year.value():
            return self.model.lines_at(meeting)
        register = self.bridge.register
        return year_agenda(register, agenda_plan(register, meeting.year, self.today), meeting.year).get(meeting.number, [])

    def _reorder(self, line: AgendaLine, position: int) -> bool:
        """The item to `position` within its meeting, the others after it moved down (a drop, Ctrl+↑/↓)."""
        lines = self.model.lines_at(line.meeting)
        moved = next(i for i, ln in enumerate(lines) if ln.ident == line.ident)
        ops = [Put("agenda", e) for e in reorder(lines, moved, position)]
        # A held meeting's cases renumbered (its minutes cite them): asked first, as every other change of it is.
        return self._run(f"Endre rekkefølgen på {line.meeting}", ops, asking=self.tr("Endre rekkefølgen"))

    def _step_target(self, step: int) -> tuple[AgendaLine, int] | None:
        """The selected item and its place one step up (-1) or down (1) in its meeting; None where a drag could
        not take it there: no item, a held item (it moves where it is now), one of the items outside the
        meetings, or the first item up, the last down."""
        index = self._current()
        line = self.model.line_at(index)
        if line is None or line.held or self.selected_slot() is None:
            return None
        position = index.row() + step
        return (line, position) if 0 <= position < self.model.rowCount(index.parent()) else None

    def move_item_by(self, step: int) -> None:
        """Flytt opp / Flytt ned: the selected item one place up or down its meeting, as a drag there does (one
        command, undoable); the selection stays on it (replan restores it)."""
        target = self._step_target(step)
        if target is not None:
            self._reorder(*target)

    def _on_move_requested(self, line: AgendaLine, slot: MeetingSlot, position: int | None) -> None:
        """A drop: a new place in the same meeting, or another meeting (which for a planner item needs a reason), at
        `position` there, or (None: dropped on the meeting's heading) where Flytt sak … to that meeting puts it."""
        if self.bridge.session.read_only:  # the model offers no drag then; said once, before any reason is asked
            QtWidgets.QMessageBox.information(self, self.tr("Flytt sak"), self.bridge.read_only_notice(self.tr("saken kan ikke flyttes")))
            return
        if slot.ref == line.meeting:
            if position is not None:
                self._reorder(line, position)
            return
        if line.action == OWN_ACTION or slot.ref == rules_meeting(line):  # back where the rules put it: no deviation, no reason
            self._move(line, slot.ref, None, None, position)
            return
        if self._refused(line, slot.ref):  # said before a reason is asked for a move that cannot be made
            return
        reason, needed = "", ""
        # The question in lines that fit the screen: a case's title of 150 characters on one line made the box as
        # wide, its OK and Avbryt beyond the right edge of a laptop's screen.
        width = min(440, self.screen().availableGeometry().width() - WINDOW_FRAME[0] - 60)  # (the box's margins)
        while True:  # a move the database refuses asks again, with the reason as typed
            label = fill(self.tr("Begrunnelse for å flytte «%1» til %2. møte:"), line.title, slot.number)
            reason, ok = QtWidgets.QInputDialog.getText(self, self.tr("Flytt sak"), wrapped_text(needed + label, self, width), text=reason)
            if not ok:
                return
            if not reason.strip():  # OK with nothing typed: asked again, saying what is missing (was: nothing, silently)
                needed = self.tr("Et avvik fra møtemønsteret må begrunnes.") + "\n\n"
                continue
            if self._move(line, slot.ref, None, reason.strip(), position) is not False:
                return
