"""Avtaleregister: the agreements in a searchable, filterable, sortable table; the form to create and edit them."""

from __future__ import annotations

import datetime as dt
import re

from PySide6 import QtWidgets
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QItemSelection, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ...domain.calendar import format_date, listed
from ...domain.changes import AGREEMENT_CHILDREN, Changed, Command, Delete
from ...domain.checks import check_agreement, party_index
from ...domain.lifecycle import Lifetime, lifetime
from ...domain.model import DECISION_NB, Agreement, Register
from ...store.errors import StoreError
from ..bridge import SessionBridge
from ..widgets import (
    DateField,
    ErrorLabel,
    FittingPlaceholder,
    SteadyHolder,
    SteadyLine,
    TitleFirst,
    context_actions,
    current_date,
    describe_action,
    escaped,
    exec_to_read,
    exec_until_saved,
    fill,
    name_toolbar_overflow,
    refill_combo,
    tab_action,
    text_colour,
    ui_text,
)
from . import GOVERNMENTS_TIP, NEW_AGREEMENT_TIP, PARTIES_TIP
from .model import AgreementTableModel, Column, KeyRole, computed_status

KS_LEVEL_NB = {"political": QT_TRANSLATE_NOOP("Konsultasjon", "politisk"), "administrative": QT_TRANSLATE_NOOP("Konsultasjon", "administrativt")}
CATEGORY_NB = {"consultation": QT_TRANSLATE_NOOP("Konsultasjon", "konsultasjonsavtale"), "other": QT_TRANSLATE_NOOP("Konsultasjon", "annen avtale")}
# A date typed whole, which «I kraft på» filters on at once: a four-digit year last (15.09.2005, 1.9.2005), eight
# digits (15092005) or ISO with a two-digit day. Not "15.09" or "15.09.20" on the way to 15.09.2005: those are
# dates too (this year, 2020), and filtering on them hid the selected agreement for a moment and lost it.
_WHOLE_DATE = re.compile(r"\d{1,2}\D+\d{1,2}\D+\d{4}|\d{8}|\d{4}\D+\d{1,2}\D+\d{2}")
SEARCH_LEAST_CHARS = 25  # the search keeps room for a ministry's name or a few words: else the filters take two rows
STACKED_DETAILS_CHARS = 60  # a details pane narrower than this shows each label above its value: beside it, a
# ministry's long name was cut in the middle of a word («likestillingsdepartement|et») up to some 340 px


class RegisterTab(QWidget):
    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None, settings=None):
        super().__init__(parent)
        self.bridge = bridge
        self.settings = settings
        self.setObjectName("registerTab")

        self.toolbar = QToolBar(self)
        name_toolbar_overflow(self.toolbar)
        self.toolbar.setObjectName("registerToolbar")
        # Text only, as the Dagsorden and Evaluering toolbars (and no QStyle at start-up: its enums cost ~5 ms).
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # Ctrl+N belongs to the window's "Rediger → Ny avtale" (it works from every tab); the button has none.
        self.new_action = tab_action(self, self.tr("&Ny avtale …"), self.new_agreement, None, "newAgreement")
        # Ctrl+N is the window's (Rediger → Ny avtale, from every tab): its button names it all the same.
        describe_action(self.new_action, ui_text(NEW_AGREEMENT_TIP), [QKeySequence(QKeySequence.StandardKey.New)])
        self.edit_action = tab_action(self, self.tr("&Rediger …"), self.edit_selected, "F2", "editAgreement",
                                      self.tr("Endre den valgte avtalen, med vedtak, undertegninger og vedlegg"))
        self.delete_action = tab_action(self, self.tr("&Slett"), self.delete_selected, QKeySequence.StandardKey.Delete, "deleteAgreement",
                                        self.tr("Slett den valgte avtalen (kan angres)"))
        self.parties_action = tab_action(self, self.tr("Departementer og &parter …"), self.edit_parties, None, "editParties",
                                         ui_text(PARTIES_TIP))
        # Shown to read in a read-only window too (the others are disabled there): the list is part of the register.
        self.governments_action = tab_action(self, self.tr("Regjeringss&kifter …"), self.edit_governments, None, "editGovernments",
                                             ui_text(GOVERNMENTS_TIP))
        for action in (self.new_action, self.edit_action, self.delete_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.parties_action)
        self.toolbar.addAction(self.governments_action)

        self.search = QLineEdit(self)
        self.search.setObjectName("registerSearch")
        self.search.setClearButtonEnabled(True)
        FittingPlaceholder(self.search, (
            self.tr("Søk i tittel, parter, undertegnere og notater (Ctrl+F)"),
            self.tr("Søk i tittel, parter, undertegnere, notater"),
            self.tr("Søk (Ctrl+F)"),
        ))
        self.search.setAccessibleName(self.tr("Søk i avtaleregisteret"))
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.setAccessibleName(self.tr("Filtrer på status"))
        self.party_filter = QComboBox(self)
        self.party_filter.setObjectName("partyFilter")
        self.party_filter.setAccessibleName(self.tr("Filtrer på departement"))
        for combo in (self.status_filter, self.party_filter):
            # As wide as "Alle departementer", not as the longest choice: on a narrow window (a laptop at 150 %)
            # the search keeps room for its text. The list that drops down shows each choice whole.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(13)
        self.in_force_check = QCheckBox(self.tr("I kraft &på"), self)
        self.in_force_check.setObjectName("inForceFilter")
        self.in_force_date = DateField(self)
        self._in_force_on: dt.date = current_date()  # the date the list is filtered on (the last one entered whole)
        self.in_force_date.set_value(self._in_force_on)
        self.in_force_date.setAccessibleName(self.tr("I kraft på dato"))
        self.in_force_date.setEnabled(False)
        self.in_force_date.clear_button.hide()  # the filter is on a date while the box is ticked: never none
        self.in_force_error = ErrorLabel(self)  # a date typed wrong, and the date the list is still filtered on
        self.in_force_error.setObjectName("inForceError")
        self.warnings_check = QCheckBox(self.tr("Bare med &merknader"), self)
        self.warnings_check.setObjectName("warningsFilter")
        # The count changes with every key typed in the search: as wide as the widest count it will show, and not
        # a new layout of the window each time (SteadyLine).
        self.count_line = SteadyLine(self, "registerCount", fill(self.tr("%1 av %2 avtaler"), "0000", "0000"))
        self.count_label = self.count_line.label

        self.model = AgreementTableModel(self)

        self.table = QTableView(self)
        self.table.setObjectName("agreementTable")
        self.table.setAccessibleName(self.tr("Avtaler"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it), not from cell to cell for ever
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        # The title tells the agreements apart: on a narrow window the other columns give way before it does.
        text = self.table.fontMetrics().horizontalAdvance
        least_title = 40 * self.table.fontMetrics().averageCharWidth()
        widths = {
            Column.MINISTRIES: (text("AID, HOD…") + 16, text("AID, HOD, JD, KRD") + 16),
            Column.SIGNED: (text("00.00.0000") + 16, text("00.00.0000") + 24),
            Column.ENDS: (text("00.00.0000") + 16, text("00.00.0000") + 24),
            Column.STATUS: (text("Under forh…") + 16, text("I kraft · Under reforhandling") + 16),  # state · note, whole when there is room
            Column.WARNINGS: (text("00") + 40, text("Merknader") + 24),
        }
        self.columns = TitleFirst(self.table, header, least_title, widths)
        # On a narrow window the details pane gives way before the titles do (the splitter keeps the list this wide;
        # 24: its scroll bar and frame, not asked of the style: the scroll bar's type costs some ms at start-up).
        self.table.setMinimumWidth(least_title + sum(least for least, _ in widths.values()) + 24)

        self.details = QTextBrowser(self)
        self.details.setObjectName("agreementDetails")
        self.details.setAccessibleName(self.tr("Detaljer om valgt avtale"))
        self.details.setOpenLinks(False)

        self.filter_rows = (QHBoxLayout(), QHBoxLayout())  # the second holds filters only on a narrow window
        self._one_row: bool | None = None
        self._arrange_filters(one_row=True)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("registerSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setCollapsible(0, False)  # the details pane may be dragged shut, the list not
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([860, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(SteadyHolder(self.toolbar, self))  # actions enabled by a new selection: no new layout
        for row in self.filter_rows:
            layout.addLayout(row)
        layout.addWidget(self.in_force_error)
        layout.addWidget(self.splitter, 1)

        self.search.textChanged.connect(self._on_search)
        self.status_filter.currentIndexChanged.connect(lambda _: self._apply_filters())
        self.party_filter.currentIndexChanged.connect(lambda _: self._apply_filters())
        self.in_force_check.toggled.connect(self.in_force_date.setEnabled)
        self.in_force_check.toggled.connect(self._on_in_force_toggled)
        self.in_force_date.changed.connect(self._on_in_force_typed)
        self.in_force_date.edit.editingFinished.connect(self._on_in_force_entered)
        self.warnings_check.toggled.connect(lambda _: self._apply_filters())
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, activated=self.edit_selected, context=Qt.ShortcutContext.WidgetShortcut,
                  whatsThis=self.tr("Rediger avtalen som er valgt i listen"))  # its row in Hjelp → Hurtigtaster
        QShortcut(QKeySequence(Qt.Key.Key_Enter), self.table, activated=self.edit_selected, context=Qt.ShortcutContext.WidgetShortcut)  # the keypad's
        # Home and End go to the first and last agreement, as in a file list (Qt's go to the row's first and last
        # cell, which in a list of rows moves nothing). Listed together in Hjelp → Hurtigtaster: one What's This.
        first_last = self.tr("Første / siste avtale i listen")
        QShortcut(QKeySequence(Qt.Key.Key_Home), self.table, activated=lambda: self._select_row(0), context=Qt.ShortcutContext.WidgetShortcut,
                  whatsThis=first_last)
        QShortcut(QKeySequence(Qt.Key.Key_End), self.table, activated=lambda: self._select_row(self.model.rowCount() - 1),
                  context=Qt.ShortcutContext.WidgetShortcut, whatsThis=first_last)
        # From the search to what it found, as in a list with a search field: Enter or ↓ goes to the first agreement
        # shown (Enter again opens it), Esc empties the search (and, with nothing to empty, is left to the window).
        to_results = self.tr("Søkefeltet: til første avtale i listen")
        for key, described in ((Qt.Key.Key_Return, to_results), (Qt.Key.Key_Down, to_results), (Qt.Key.Key_Enter, "")):
            QShortcut(QKeySequence(key), self.search, activated=self._to_results, context=Qt.ShortcutContext.WidgetShortcut, whatsThis=described)
        self.clear_search = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, activated=self.search.clear,
                                      context=Qt.ShortcutContext.WidgetShortcut, whatsThis=self.tr("Søkefeltet: tøm søket"))
        self.clear_search.setEnabled(False)
        context_actions(self.table, (self.new_action, self.edit_action, self.delete_action, None, self.parties_action, self.governments_action))
        bridge.changed.connect(self._on_changed)
        self._details_stale = True
        self._details_stacked: bool | None = None  # how the pane shows what it shows (None: nothing yet)
        self._unseen: Changed | None = None  # what changed while another tab was shown (see _on_changed)
        self.details.installEventFilter(self)  # (not its viewport: that type costs some ms at start-up)
        self._reload()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        super().showEvent(event)
        self._catch_up()
        if self._details_stale:
            # Once the layout has settled: the pane gets its final width after this event (a text laid out in
            # a hidden or still-sizing pane is laid out again for every width it passes through).
            QTimer.singleShot(0, self, self._fill_stale_details)
        if not self.isAncestorOf(QApplication.focusWidget()):
            self.table.setFocus()  # the arrow keys, Enter and Delete work on the agreements at once

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        super().resizeEvent(event)
        self._arrange_filters(one_row=self.width() >= self._one_row_width())

    def _one_row_width(self) -> int:
        """How wide the tab must be for the search and every filter to share one row with the search still
        SEARCH_LEAST_CHARS wide. By the widest count the label will show, not the one it shows: the filters
        would jump between one row and two while the user types."""
        count = self.count_label.fontMetrics().horizontalAdvance(fill(self.tr("%1 av %2 avtaler"), "0000", "0000"))
        search = SEARCH_LEAST_CHARS * self.search.fontMetrics().averageCharWidth() + 40  # frame, margins, clear button
        widgets = (self.status_filter, self.party_filter, self.in_force_check, self.in_force_date, self.warnings_check)
        margins = self.layout().contentsMargins() if self.layout() is not None else None
        sides = margins.left() + margins.right() if margins is not None else 22
        return search + sum(w.sizeHint().width() for w in widgets) + count + 6 * self.filter_rows[0].spacing() + sides

    def _arrange_filters(self, *, one_row: bool) -> None:
        """The search and the filters in one row; on a narrow window (a laptop at 150 %) in two, the search with
        the status and ministry filters above, «I kraft på», «Bare med merknader» and the count below: in one row
        the search was left a few characters wide (54 px at 911 px), the filters taking the room."""
        if one_row == self._one_row:
            return
        self._one_row = one_row
        first, second = self.filter_rows
        for row in self.filter_rows:
            while row.count():
                row.takeAt(0)  # the widgets stay where they are (this tab's children) until placed again
        first.addWidget(self.search, 3 if one_row else 1)
        first.addWidget(self.status_filter, 1 if one_row else 0)
        first.addWidget(self.party_filter, 1 if one_row else 0)
        rest = first if one_row else second
        rest.addWidget(self.in_force_check)
        rest.addWidget(self.in_force_date)
        rest.addWidget(self.warnings_check)
        if not one_row:
            rest.addStretch(1)
        rest.addWidget(self.count_line)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's naming
        # The details pane laid out again when it gets narrow enough to show its labels above the values, or wide
        # enough to show them beside them again.
        if (watched is self.details and event.type() == QEvent.Type.Resize
                and self._details_stacked is not None and self._stacked_details() != self._details_stacked):
            self._details_stale = True
            self._fill_stale_details()
        return False

    def _stacked_details(self) -> bool:
        return self.details.width() - 20 < STACKED_DETAILS_CHARS * self.details.fontMetrics().averageCharWidth()  # 20: frame, scroll bar

    # -- layout that survives a restart ---------------------------------------------------------------------

    def layout_states(self) -> dict:
        """The widgets whose layout is remembered between runs, by settings key (the window restores them)."""
        return {"register/header": self.columns, "register/splitter": self.splitter}  # the header as TitleFirst saves it

    # -- filters -------------------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_search(self, text: str) -> None:
        self.clear_search.setEnabled(bool(text))
        before = self.selected_key()
        self.model.set_search(text)
        self._refiltered(before)

    def _to_results(self) -> None:
        """From the search to the first agreement it found (Enter or ↓ there)."""
        if self.model.rowCount() > 0:
            self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self._select_row(0)

    def _select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _apply_filters(self) -> None:
        before = self.selected_key()
        self._set_model_filters()
        self._refiltered(before)

    # «I kraft på» filters on the last date the user entered whole: typed with its year (15.09.2005), or any date
    # once Enter is pressed or the field is left (15.9.05), picked in the calendar or stepped with ↑/↓. Text that is
    # no date leaves the list on that date, said under the filters; the field is never emptied while the box is
    # ticked. Was: each keystroke that parsed filtered ("15.09" as this year), and a date typed wrong kept the last
    # of those, shown nowhere, or turned the filter off with the box still ticked.

    def _on_in_force_typed(self) -> None:
        day = self.in_force_date.value()
        if day is not None and _WHOLE_DATE.fullmatch(self.in_force_date.edit.text().strip()):
            self._use_in_force_date(day)

    def _on_in_force_entered(self) -> None:
        day = self.in_force_date.value()
        if day is not None:
            self._use_in_force_date(day)
        elif self.in_force_date.error() is None:  # emptied: the date the list is on comes back
            self.in_force_date.set_value(self._in_force_on)
        self._show_in_force_error()

    def _on_in_force_toggled(self, _checked: bool) -> None:
        self._show_in_force_error()
        self._apply_filters()

    def _use_in_force_date(self, day: dt.date) -> None:
        self._in_force_on = day
        self._show_in_force_error()
        self._apply_filters()

    def _show_in_force_error(self) -> None:
        error = self.in_force_date.error() if self.in_force_check.isChecked() else None
        self.in_force_error.show_message(
            error and fill(self.tr("%1. Listen viser avtalene i kraft på %2."), error, format_date(self._in_force_on))
        )

    def _set_model_filters(self) -> None:
        self.model.set_filters(
            status=self.status_filter.currentData(),
            party=self.party_filter.currentData(),
            in_force_on=self._in_force_on if self.in_force_check.isChecked() else None,
            with_warnings=self.warnings_check.isChecked(),
        )

    def _refiltered(self, before: str | None) -> None:
        """The selection stays on its agreement while it is shown; when a filter hides it, the next agreement
        still shown is selected (as the user would reach it going down the list), with its details; with
        nothing selected before, the first one; none if nothing is shown."""
        self._update_count()
        key = self.selected_key()
        if key is None and self.model.rowCount() > 0:
            row = self.model.nearest_row(before) if before is not None else 0
            self.table.selectRow(row)  # its details show through selectionChanged
            self.table.scrollTo(self.model.index(row, 0))
        elif key != before:
            self._show_selected()

    # -- data ----------------------------------------------------------------------------------------------

    def _on_changed(self, changed: Changed) -> None:
        if self.window().isVisible() and not self.isVisible():
            # Another tab is shown (a decision in meeting mode, an undo on Dagsorden): the rows are worked out
            # when this tab is shown again, once for all that changed meanwhile. Was: all 1,000 rows at every
            # change, for a tab nobody saw (15-25 ms of each).
            if self._unseen is None:
                self._unseen = Changed()
            self._unseen.merge(changed)
            return
        self._take(changed)

    def _catch_up(self) -> None:
        """What changed while another tab was shown, taken in now (as it would have been then)."""
        if self._unseen is not None:
            changed, self._unseen = self._unseen, None
            self._take(changed)

    def shown_count(self) -> int:
        """How many agreements the list shows with its search and filters (brought up to date first)."""
        self._catch_up()
        return self.model.rowCount()

    def _take(self, changed: Changed) -> None:
        if changed.touches("agreements", "signings", "parties", "settings") or (
            # A termination decision ends an agreement early, from its meeting's date: a row's end and status.
            changed.touches("decisions", "meetings") and self.model.terminations_changed(self.bridge.register)
        ):
            self._reload(changed)  # what the table's rows show
        elif changed.touches("decisions", "attachments"):
            self._show_selected()  # only the details of the selected agreement show these (a meeting records many)

    def new_day(self, previous: dt.date) -> None:
        """The date changed while the window was open (MainWindow's clock): the rows' statuses as of the new day,
        and «I kraft på», if it was left at the day before, moves on to the new one."""
        if self._in_force_on == previous:  # the date the list is filtered on (the field may hold a half-typed one)
            self._in_force_on = self.model.today
            if self.in_force_date.value() == previous:  # (text being typed there is left as it is)
                self.in_force_date.set_value(self._in_force_on)
            self._show_in_force_error()
            self._set_model_filters()
        # With what changed while another tab was shown, taken in now: its catch-up would reload again, with the
        # rows already new, and an agreement put back (an undone delete) would not be selected.
        changed, self._unseen = self._unseen, None
        self._reload(changed)

    def _reload(self, changed: Changed | None = None) -> None:
        """The table afresh from the register. The selection stays on its agreement; when that is gone, it goes
        to the agreement under its new key (a key changed, or changed back by undo), else to the row that took
        its place (the one after it, or the one before when it was last), as in a file list."""
        key = self.selected_key()
        rows = self.table.selectionModel().selectedRows()
        place = rows[0].row() if rows else None
        appeared = self._appeared(key, changed)
        # A status chosen to filter on stays offered, and chosen, when a change in this database leaves no agreement
        # with it (an undo took the termination back): the filter shows none until a redo brings it back. Was: reset
        # to «Alle statuser» without a word, and the redo did not bring the filter back. Not for another database
        # (`everything`), whose agreements the status chosen was never about; in its group (a state, or a note).
        chosen = self.status_filter.currentData()
        was_note = chosen is not None and chosen in self.model.notes()  # (the notes sorted only when a status is chosen)
        self.model.set_register(self.bridge.register)
        states, notes = self.model.states(), self.model.notes()
        if chosen is not None and chosen not in states and chosen not in notes and not (changed is None or changed.everything):
            if was_note:
                notes = [*notes, chosen]
            else:
                states = [*states, chosen]
        refill_combo(self.status_filter, [(s, s) for s in states + notes], self.tr("Alle statuser"))
        if states and notes:  # the states the dates give, then the secretariat's own words
            self.status_filter.blockSignals(True)  # (the choice stays the same one, moved down a place)
            self.status_filter.insertSeparator(1 + len(states))
            self.status_filter.blockSignals(False)
        refill_combo(self.party_filter, [(p, p) for p in self.model.state_parties()], self.tr("Alle departementer"))
        self._set_model_filters()
        self._update_count()
        if appeared is not None and self.select_key(appeared):
            return  # selecting it showed its details (selectionChanged)
        if key is not None and self.select_key(key):
            self._show_selected()
            return
        if place is not None and self.model.rowCount() > 0:
            row = min(place, self.model.rowCount() - 1)
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        elif self.model.rowCount() > 0 and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        else:
            self._show_selected()

    def _appeared(self, key: str | None, changed: Changed | None) -> str | None:
        """The one agreement `changed` brought into the register, which is then selected: a delete undone, a new
        agreement made again by redo, the selected agreement `key` under its new key. None when it brought none,
        or several (an import); and in a read-only window, which follows what another program writes, None but for
        `key` renamed: the user's place is kept. The rows are still the old ones when this is asked."""
        if changed is None or not changed.agreements:
            return None
        register = self.bridge.register
        if self.bridge.session.read_only and (key is None or key not in changed.agreements or register.agreement(key) is not None):
            return None
        known = self.model.keys()
        # A set of the register's keys: asking the register for each changed key looked through it every time, which
        # made an import of 4,000 agreements into 4,000 spend 0.8 s here (quadratic; found by the latency audit).
        stored = {a.key for a in register.agreements}
        appeared = [k for k in changed.agreements if k not in known and k in stored]
        return appeared[0] if len(appeared) == 1 else None

    def _update_count(self) -> None:
        total = self.model.total()
        shown = self.model.rowCount()
        if shown == total:
            text = self.tr("1 avtale") if total == 1 else self.tr("%1 avtaler").replace("%1", str(total))
        else:
            text = fill(self.tr("%1 av 1 avtale") if total == 1 else self.tr("%1 av %2 avtaler"), shown, total)
        self.count_label.setText(text)

    def selected_key(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(KeyRole) if rows else None

    def select_key(self, key: str) -> bool:
        row = self.model.row_of(key)
        if row < 0:
            return False  # not in the register, or filtered out
        index = self.model.index(row, 0)
        self.table.selectRow(row)
        self.table.scrollTo(index)
        return True

    def show_agreement(self, key: str) -> None:
        """Select agreement `key`, just saved. When the filter hides it, the parts of the filter that do are taken
        away, so that it shows, and the status bar says which: as in a file manager, what the user has just made or
        changed is before them. Was: it stayed hidden ("4 av 11 avtaler"), the agreement selected before kept its
        details in the pane, and nothing said whether it had been saved at all."""
        if self.select_key(key):
            return
        hiding = self.model.hiding_filters(key)
        if not hiding:
            return  # not in the register
        names = []
        if "words" in hiding:
            self.search.clear()
            names.append(self.tr("søket"))
        if "status" in hiding:
            self.status_filter.setCurrentIndex(0)
            names.append(self.tr("statusfilteret"))
        if "party" in hiding:
            self.party_filter.setCurrentIndex(0)
            names.append(self.tr("departementsfilteret"))
        if "in_force_on" in hiding:
            self.in_force_check.setChecked(False)
            names.append(self.tr("«I kraft på»"))
        if "with_warnings" in hiding:
            self.warnings_check.setChecked(False)
            names.append(self.tr("«Bare med merknader»"))
        self.select_key(key)
        from ..documents import status_message

        status_message(self, self.tr("Avtalen ble skjult av filteret, så %1 er tatt bort: den vises nå.").replace("%1", listed(names)))

    def _on_selection(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        key = self.selected_key()
        agreement = self.bridge.register.agreement(key) if key else None
        self.edit_action.setEnabled(agreement is not None)  # (F2) in a read-only window, to read, as Enter
        self.delete_action.setEnabled(agreement is not None and not self.bridge.session.read_only)
        self.new_action.setEnabled(not self.bridge.session.read_only)
        self.parties_action.setEnabled(not self.bridge.session.read_only)
        # A hidden tab fills its details pane when it shows (see showEvent).
        self._details_stale = True
        if self.isVisible():
            self._fill_stale_details()

    def _fill_stale_details(self) -> None:
        if not self._details_stale:
            return
        self._details_stale = False
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self._details_stacked = None
            hint = self._no_agreement_text()
            self.details.setHtml(f"<p style='color:{text_colour('muted', self.details)}'>{escaped(hint)}</p>" if hint else "")
            return
        agreement, life, warnings, state = self.model.facts_at(rows[0].row())  # what the table's row shows, worked out once
        self._details_stacked = self._stacked_details()
        self.details.setHtml(agreement_html(agreement, self.bridge.register, life=life, warnings=warnings, state=state,
                                            stacked=self._details_stacked))

    def _no_agreement_text(self) -> str:
        """What the details pane says when no agreement is chosen: how to begin in an empty register (a new user's
        first look: was a blank pane), or that the search and filters leave none."""
        if not self.bridge.register.agreements:
            if self.bridge.session.read_only:
                return self.tr("Ingen avtaler er registrert.")
            return self.tr("Ingen avtaler er registrert ennå. Legg inn en med Ny avtale (Ctrl+N), eller hent inn en avtaletabell "
                           "(Excel eller CSV) eller en JSON-pakke med Fil → Importer.")
        if self.model.rowCount() == 0:
            return self.tr("Ingen avtaler passer til søket og filtrene.")
        return ""

    # -- actions -------------------------------------------------------------------------------------------

    def open_form(self, agreement: Agreement | None):
        from .form import AgreementForm

        session = self.bridge.session
        history = session.store.agreement_history(agreement.key) if agreement else []
        form = AgreementForm(self.bridge.register, session.path, agreement, history, self)
        if self.settings is not None:  # the form comes back at the size and split the user left it
            form.restoreGeometry(self.settings.get("form/geometry"))
            self.settings.restore_states({"form/splitter": form.splitter})
        return form

    def _history(self, key: str) -> list[dict] | None:
        """Agreement `key`'s history rows as stored now; None when the file cannot be read just now (a read-only
        window's look at it tries again)."""
        try:
            return self.bridge.session.store.agreement_history(key)
        except StoreError:
            return None

    def _run_form(self, form) -> bool:
        """The form until it is saved or cancelled; True when something was saved."""
        saved = False

        def save() -> bool:
            nonlocal saved
            command = form.command()
            if not command.ops:
                return True  # nothing changed: the form closes
            from ..held import go_on

            # A new title (the items' order), dates or category may change the agenda of a meeting already held.
            if not go_on(self, self.tr("Lagre avtale"), self.bridge.register, command.ops):
                return False  # the form again, as typed
            if not self.bridge.run_or_tell(command, self):
                return False  # refused (told): the form again with what the user typed
            self.show_agreement(form.candidate.key)  # the filter may hide it: it shows all the same
            saved = True
            return True

        try:
            exec_until_saved(form, save)
            if saved:
                # The keys on the agreement just saved, the list's current row (show_agreement selected it): Enter
                # opens it again. Was: the focus went back to the search it was in before «Ny avtale» (the search
                # itself taken away to show the new row), so Enter did nothing and the next keys went into it.
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            return saved
        finally:
            if self.settings is not None:
                self.settings.set("form/geometry", form.saveGeometry())
                self.settings.save_states({"form/splitter": form.splitter})

    def new_agreement(self) -> None:
        self._run_form(self.open_form(None))

    def edit_selected(self) -> None:
        """The selected agreement's form (Enter, a double click, F2); read-only when the database is."""
        key = self.selected_key()
        agreement = self.bridge.register.agreement(key) if key else None
        if agreement is None:
            return
        form = self.open_form(agreement)
        if self.bridge.session.read_only:
            # Who has the database, or (gone) how to open it for writing: in the words of the banner and the other
            # dialogs shown to read (was: only that the database is open read-only).
            form.set_read_only(self.bridge.read_only_notice(self.tr("avtalen kan leses, ikke endres")))

            def follow(changed: Changed) -> None:  # the writer goes on: what it stores of the agreement shows in the form
                if changed.touches("agreements", "decisions", "signings", "attachments", "parties", "settings"):
                    form.follow(self.bridge.register, self._history)

            self.bridge.changed.connect(follow)
            try:
                form.exec()
            finally:
                self.bridge.changed.disconnect(follow)
                form.deleteLater()
            return
        self._run_form(form)

    def delete_selected(self) -> None:
        key = self.selected_key()
        agreement = self.bridge.register.agreement(key) if key else None
        if agreement is None:
            return
        from ..held import held_changes, held_text

        command = Command(f"Slett avtale «{agreement.key}»", (Delete("agreements", agreement.key),))
        said = held_changes(self.bridge.register, command.ops)  # its items leave the agendas of held meetings too
        written, records = _deleted_with(self.bridge.register, agreement.key)
        question = self.tr("Slette «%1»?").replace("%1", agreement.title)
        if written:
            question += "\n\n" + self.tr("Tekst som er skrevet for avtalen, slettes med den: %1.").replace("%1", listed(written))
        if records:
            question += "\n\n" + (self.tr("Dessuten slettes %1.") if written else self.tr("Med avtalen slettes %1.")).replace("%1", listed(records))
        question += "\n\n" + self.tr("Du kan angre med Ctrl+Z.")
        answer = QtWidgets.QMessageBox.question(self, self.tr("Slett avtale"), question + ("\n\n" + held_text(said) if said else ""))
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        self.bridge.run_or_tell(command, self, self.tr("Ikke slettet"))

    def edit_parties(self) -> None:
        from .parties import PartiesDialog

        dialog = PartiesDialog(self.bridge.register, self)

        def save() -> bool:
            command = dialog.command()
            return not command.ops or self.bridge.run_or_tell(command, self)  # refused: the dialog again, as typed

        exec_until_saved(dialog, save)

    def edit_governments(self) -> None:
        """The list of changes of government, kept as one undoable step; to read when the database is read-only."""
        from .governments import GovernmentsDialog

        dialog = GovernmentsDialog(self.bridge.register, self)
        if self.bridge.session.read_only:
            exec_to_read(dialog, self.bridge.read_only_notice(self.tr("listen kan leses, ikke endres")))
            return

        def save() -> bool:
            command = dialog.command()
            if not command.ops:
                return True
            from ..held import go_on

            # A change of government added or moved before a held meeting 2 makes it a review after an election
            # (re-signing at its meeting 3): said first; No brings the dialog back as typed.
            if not go_on(self, self.tr("Regjeringsskifter"), self.bridge.register, command.ops):
                return False
            return self.bridge.run_or_tell(command, self)  # refused: the dialog again, as typed

        exec_until_saved(dialog, save)


# What goes with a deleted agreement (domain.changes.AGREEMENT_CHILDREN), counted: "%1" is the number, in the
# singular's words and in the plural's.
_TEXTS_DELETED = {
    "minutes": (QT_TRANSLATE_NOOP("Konsultasjon", "%1 protokolltekst"), QT_TRANSLATE_NOOP("Konsultasjon", "%1 protokolltekster")),
    "background": (QT_TRANSLATE_NOOP("Konsultasjon", "bakgrunn eller forslag til vedtak for %1 sak"),
                   QT_TRANSLATE_NOOP("Konsultasjon", "bakgrunn eller forslag til vedtak for %1 saker")),
    "reason": (QT_TRANSLATE_NOOP("Konsultasjon", "%1 begrunnelse for en flyttet sak"), QT_TRANSLATE_NOOP("Konsultasjon", "%1 begrunnelser for flyttede saker")),
    "note": (QT_TRANSLATE_NOOP("Konsultasjon", "%1 merknad til vedtak"), QT_TRANSLATE_NOOP("Konsultasjon", "%1 merknader til vedtak")),
    "justification": (QT_TRANSLATE_NOOP("Konsultasjon", "%1 begrunnelse i evalueringen"), QT_TRANSLATE_NOOP("Konsultasjon", "%1 begrunnelser i evalueringen")),
}
_RECORDS_DELETED = {
    "agenda": (QT_TRANSLATE_NOOP("Konsultasjon", "%1 sak på dagsordenen for et møte"), QT_TRANSLATE_NOOP("Konsultasjon", "%1 saker på dagsordenene for møtene")),
    "deviations": (QT_TRANSLATE_NOOP("Konsultasjon", "%1 flyttet sak"), QT_TRANSLATE_NOOP("Konsultasjon", "%1 flyttede saker")),
    "decisions": (QT_TRANSLATE_NOOP("Konsultasjon", "%1 vedtak"), QT_TRANSLATE_NOOP("Konsultasjon", "%1 vedtak")),
    "signings": (QT_TRANSLATE_NOOP("Konsultasjon", "%1 undertegning"), QT_TRANSLATE_NOOP("Konsultasjon", "%1 undertegninger")),
    "assessments": (QT_TRANSLATE_NOOP("Konsultasjon", "%1 vurdering"), QT_TRANSLATE_NOOP("Konsultasjon", "%1 vurderinger")),
    "attachments": (QT_TRANSLATE_NOOP("Konsultasjon", "%1 vedlegg"), QT_TRANSLATE_NOOP("Konsultasjon", "%1 vedlegg")),
}


def _deleted_with(register: Register, key: str) -> tuple[list[str], list[str]]:
    """What the delete of agreement `key` takes with it, in words: first the texts the users wrote (the minutes
    of its items, the reasons they were moved, the notes to its decisions …), then the records, by kind. Was: a
    fixed «Vedtak, undertegninger, vurderinger og vedlegg», while the minutes and the moved items went as well."""

    def counted(words: tuple[str, str], count: int) -> str:
        return ui_text(words[count != 1]).replace("%1", str(count))

    children = {kind: [r for r in getattr(register, kind) if r.agreement == key] for kind in AGREEMENT_CHILDREN}
    texts = {
        "minutes": sum(1 for e in children["agenda"] if e.minutes),
        "background": sum(1 for e in children["agenda"] if e.background or e.proposed_decision),
        "reason": sum(1 for x in children["deviations"] if x.reason),
        "note": sum(1 for d in children["decisions"] if d.note),
        "justification": sum(1 for x in children["assessments"] if x.justification or x.override_reason),
    }
    records = {kind: len(children[kind]) for kind in _RECORDS_DELETED}  # (a test checks it names every kind)
    return ([counted(_TEXTS_DELETED[k], n) for k, n in texts.items() if n],
            [counted(_RECORDS_DELETED[k], n) for k, n in records.items() if n])


def _lines(value: str | None) -> str:
    return escaped(value).replace("\n", "<br>") if value else "–"


def _months(count: int) -> str:
    """A number of months as the pane shows it: "1 måned", "36 måneder"."""
    if count == 1:
        return ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "1 måned"))
    return ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "%1 måneder")).replace("%1", str(count))


def agreement_html(a: Agreement, register: Register, *, life: Lifetime | None = None, warnings: list | None = None,
                   state: str | None = None, stacked: bool = False) -> str:
    """The agreement's fields as a read-only page (every user text escaped). `life`, `warnings` and `state` are its
    lifetime, model-agreement warnings and computed status when the caller has them (the register table's row);
    else they are worked out. The pane says what the row says: the status its dates give (marked as worked out),
    with below it the status written in the form as stored, which the user may want to clear once the dates have
    overtaken it; and the latest signing as "Undertegnet" (the first one beside it when they differ). `stacked`:
    each label above its value, for a narrow pane (beside it, a ministry's name was cut in the middle of the word)."""
    e = escaped
    parties = party_index(register.parties)
    muted = text_colour("muted")  # on the details pane, whose colours are the application's

    def party(key: str) -> str:
        p = parties.get(key)
        if p is None or p.name == key:
            return e(key)
        if p.key != key:  # a former abbreviation: name the ministry as it is now
            former = next((f for f in p.former_names if f.endswith(f"({key})")), key)
            return f"{e(key)} <span style='color:{muted}'>({e(former.rsplit(' (', 1)[0])}, nå {e(p.key)})</span>"
        return f"{e(key)} <span style='color:{muted}'>({e(p.name)})</span>"

    until = format_date(a.end_date) or (_months(a.duration_months) if a.duration_months else "–")
    if life is None:
        life = lifetime(register, a)
    # The record keeps the end it states; the duration, a signing's new end date or a termination decide when it
    # really ends, as the table's "Utløper" and the planner have it.
    if life.terminated and life.ends is None:  # no end date yet (a termination without notice months): no empty date
        until += "<br><i>" + e(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "sagt opp"))) + "</i>"
    elif life.terminated:
        until += "<br><i>" + e(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "sagt opp, gjelder til og med %1")).replace("%1", format_date(life.ends))) + "</i>"
    elif life.ends is not None and life.ends != a.end_date:
        until += "<br><i>" + e(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "gjelder til og med %1")).replace("%1", format_date(life.ends))) + "</i>"
    signed = format_date(life.last_signing) or "–"
    if a.signed_date is not None and a.signed_date != life.last_signing:  # signed again since: the row's date, and the first
        signed += "<br><i>" + e(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "først undertegnet %1")).replace("%1", format_date(a.signed_date))) + "</i>"
    worked_out = state or computed_status(life, current_date())
    status_html = e(worked_out) + " <i>(" + e(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "beregnet"))) + ")</i>"
    if a.status:
        status_html += "<br>" + e(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Registrert status: %1")).replace("%1", a.status))
    # The form holds the notice period in months and its clause side by side (a clause may say how notice is given),
    # and the two yes/no fields as Ja, Nei or Ikke angitt: the pane says each that is given (was: the clause left out
    # beside the months, and «Nei» shown as nothing, like «Ikke angitt»).
    notice = [_months(a.notice_months)] if a.notice_months is not None else []
    notice += [_lines(a.notice_text)] if a.notice_text else []

    def answered(label: str, value: bool | None) -> str:
        if value is None:
            return ""
        answer = ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Ja")) if value else ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Nei"))
        return "<br>" + e(label.replace("%1", answer))

    reservation = answered(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Forutsatt Stortingets bevilgning: %1")), a.storting_reservation)
    annual = answered(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Evalueres årlig: %1")), a.evaluation_annual)
    rows: list[tuple[str, str]] = [
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Nøkkel")), e(a.key)),
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Kategori")), e(ui_text(CATEGORY_NB[a.category]) if a.category in CATEGORY_NB else a.category)),
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Statlige parter")), ", ".join(party(p) for p in a.state_parties) or "–"),
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Andre parter")), ", ".join(party(p) for p in a.other_parties) or "–"),
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "KS undertegner på")), e(ui_text(KS_LEVEL_NB[a.ks_signatory_level]) if a.ks_signatory_level in KS_LEVEL_NB else "–")),
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Undertegnere")), "<br>".join(e(s.line()) for s in a.signatories) or "–"),
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Undertegnet")), signed),
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Gjelder fra")), format_date(a.start_date) or "–"),
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Gjelder til")), until),
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Oppsigelse")), "<br>".join(notice) or "–"),
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Formål")), _lines(a.purpose)),
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Økonomi")), _lines(a.economy_text) + reservation),
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Evaluering")), _lines(a.evaluation_clause) + annual),
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Oppfølging")), _lines(a.followup_text)),
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Unntak fra stortingsperioden")), _lines(a.term_exception)),
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Status")), status_html),
        (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Notater")), _lines(a.notes)),
    ]
    if a.obligations:
        rows.insert(11, (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Partenes plikter")), "<br>".join(f"<b>{label}:</b> {_lines(t)}" for label, t in (("Felles", a.obligations.joint), ("KS", a.obligations.ks), ("Staten", a.obligations.state)) if t)))
    decisions = [d for d in register.decisions if d.agreement == a.key]
    if decisions:
        rows.append((ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Vedtak")), "<br>".join(f"{d.meeting}: {e(DECISION_NB[d.decision])}" + (f" – {e(d.note)}" if d.note else "") for d in decisions)))
    signings = [s for s in register.signings if s.agreement == a.key]
    if signings:
        rows.append((ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Undertegninger")), "<br>".join(format_date(s.date) + (f" ({s.meeting.number}. møte)" if s.meeting else "") + (f", ny sluttdato {format_date(s.end_date)}" if s.end_date else "") for s in signings)))
    attachments = [x for x in register.attachments if x.agreement == a.key]
    if attachments:
        rows.append((ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Vedlegg")), "<br>".join(e(x.name) for x in attachments)))
    if stacked:
        fields = "".join(f"<p style='margin-top:4px;margin-bottom:0'><span style='color:{muted}'>{label}</span><br>{value}</p>" for label, value in rows)
    else:
        body = "".join(f"<tr><td style='color:{muted};padding-right:10px' valign='top'>{label}</td><td valign='top'>{value}</td></tr>" for label, value in rows)
        fields = f"<table cellspacing='2'>{body}</table>"
    if warnings is None:
        warnings = check_agreement(a, register.settings, parties, life.signings)
    warn_html = ""
    if warnings:
        items = "".join(f"<li>{e(w.message)}</li>" for w in warnings)
        heading = ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Avvik fra mønsteravtalen"))
        warn_html = f"<h4 style='color:{text_colour('warning')}'>{heading} ({len(warnings)})</h4><ul>{items}</ul>"
    return f"<h3>{e(a.title)}</h3>{fields}{warn_html}"



