"""Evaluering: the ratings of the agreements against a criteria set, entered from the keyboard in a grid, and their
summary per criterion (seed 001's Tabell 4.1) as a table and a chart, printable and exportable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6 import QtWidgets  # dialogs' classes looked up when one opens, not when the tab is made
from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QSplitter,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.calendar import format_date
from ...domain.changes import Changed, Command, Delete, Put
from ...domain.evaluation import (
    RATING_NB,
    EvaluationFilter,
    ReasonRequired,
    accept_suggestions,
    by_title,
    criteria_set_change,
    evaluation_report,
    filter_agreements,
    model_suggestions,
    rating_count,
    state_party_choices,
    status_meeting,
    suggestions,
    summarize,
    unstored_builtin_sets,
    with_rating,
    year_choices,
)
from ...domain.meetings import Calendar
from ...domain.model import Assessment, CriteriaSet
from ..bridge import SessionBridge
from ..documents import file_name, save_document, status_message
from ..widgets import (
    BANNER_STYLE,
    SteadyHolder,
    SteadyLine,
    Today,
    busy,
    context_actions,
    exec_to_read,
    exec_until_saved,
    fill,
    key_names,
    name_toolbar_overflow,
    refill_combo,
    tab_action,
    text_colour,
    ui_text,
)
from .chart import RatingChart
from .model import AssessmentGridModel, SummaryModel

# Keys that rate the current cell: the digits in the order of DOMAIN §5, and the initials of the Norwegian words
# (I tråd, Delvis, Ikke i tråd → N for "nei", ikke Relevant, ikke Vurdert).
RATING_KEYS = {
    Qt.Key.Key_1: "i_traad",
    Qt.Key.Key_2: "delvis",
    Qt.Key.Key_3: "ikke_i_traad",
    Qt.Key.Key_4: "ikke_relevant",
    Qt.Key.Key_5: "ikke_vurdert",
    Qt.Key.Key_I: "i_traad",
    Qt.Key.Key_D: "delvis",
    Qt.Key.Key_N: "ikke_i_traad",
    Qt.Key.Key_R: "ikke_relevant",
    Qt.Key.Key_V: "ikke_vurdert",
}
EDIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2)
# The grid's keys, as Qt reads them: the user reads them named by key_names (the hint under the grid; Hjelp →
# Hurtigtaster lists them too).
GRID_KEYS = (
    ("1 / I", QT_TRANSLATE_NOOP("Konsultasjon", "I tråd")),
    ("2 / D", QT_TRANSLATE_NOOP("Konsultasjon", "Delvis i tråd")),
    ("3 / N", QT_TRANSLATE_NOOP("Konsultasjon", "Ikke i tråd")),
    ("4 / R", QT_TRANSLATE_NOOP("Konsultasjon", "Ikke relevant")),
    ("5 / V", QT_TRANSLATE_NOOP("Konsultasjon", "Ikke vurdert")),
    ("Enter / F2", QT_TRANSLATE_NOOP("Konsultasjon", "Vurdering, delpunkter og begrunnelse")),
    ("Del", QT_TRANSLATE_NOOP("Konsultasjon", "Fjern vurderingen")),
    ("Up / Down / Left / Right", QT_TRANSLATE_NOOP("Konsultasjon", "Flytt mellom cellene")),
)
CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class CursorFrame(QWidget):
    """The frame around the grid's current cell. The grid paints no selection (Qt's styles paint a selected cell in
    the highlight colour instead of its background), so that the current cell keeps its rating's colour; this frame
    shows where the cursor is, without a Python item delegate painting each of thousands of cells."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        painter = QPainter(self)
        pen = QPen(self.palette().highlight().color(), 2.5)
        painter.setPen(pen)
        painter.drawRect(QRectF(self.rect()).adjusted(1.25, 1.25, -1.25, -1.25))
        painter.end()


class AssessmentGrid(QTableView):
    """The grid's view: arrow keys move (Qt's own); a rating key, Enter/F2 or Delete act on the current cell."""

    rating_pressed = Signal(QModelIndex, str)
    edit_pressed = Signal(QModelIndex)
    clear_pressed = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # viewport() returns a QWidget that PySide6 has not wrapped yet, and it looks for the wrapper's type among
        # every widget class, making the Python types of all of them (~10 ms at start-up). findChild() wraps the
        # same object by its class name; viewport() then returns that wrapper.
        self.cursor_frame = CursorFrame(self.findChild(QWidget, "qt_scrollarea_viewport") or self.viewport())

    def place_cursor_frame(self) -> None:
        rect = self.visualRect(self.currentIndex()) if self.currentIndex().isValid() else None
        if rect is None or rect.isEmpty():
            self.cursor_frame.hide()
            return
        self.cursor_frame.setGeometry(rect.adjusted(0, 0, 1, 1))
        self.cursor_frame.show()
        self.cursor_frame.raise_()

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:  # noqa: N802 - Qt's naming
        super().currentChanged(current, previous)
        self.place_cursor_frame()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt's naming
        super().scrollContentsBy(dx, dy)
        self.place_cursor_frame()

    def updateGeometries(self) -> None:  # noqa: N802 - Qt's naming
        super().updateGeometries()
        self.place_cursor_frame()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's naming
        index = self.currentIndex()
        modifiers = event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
        if index.isValid() and index.column() > 0 and modifiers == Qt.KeyboardModifier.NoModifier:
            key = Qt.Key(event.key())
            if key in RATING_KEYS:
                self.rating_pressed.emit(index, RATING_KEYS[key])
                event.accept()
                return
            if key in EDIT_KEYS:
                self.edit_pressed.emit(index)
                event.accept()
                return
            if key in CLEAR_KEYS:
                self.clear_pressed.emit(index)
                event.accept()
                return
        super().keyPressEvent(event)


class EvaluationTab(QWidget):
    today = Today()  # the real date each time: a report printed after midnight says the new day

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self.setObjectName("evaluationTab")
        self.bridge = bridge
        self.today = today
        self._stale = False  # a change came while the tab was hidden: shown afresh when it is shown again
        # (criteria set, filter, the agreements it lets through, the register's suggestions for them): kept while
        # only ratings change (see refresh)
        self._basis: tuple | None = None

        # -- the criteria set and its actions ----------------------------------------------------------------
        self.sets = QComboBox(self)
        self.sets.setObjectName("criteriaSet")
        self.sets.setAccessibleName(self.tr("Kriteriesett"))
        self.sets.setMinimumContentsLength(30)
        sets_label = QLabel(self.tr("&Kriteriesett:"), self)
        sets_label.setBuddy(self.sets)
        self.set_toolbar = QToolBar(self)
        name_toolbar_overflow(self.set_toolbar)
        self.set_toolbar.setObjectName("criteriaSetToolbar")
        self.set_toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_set_action = self._action(self.tr("&Nytt …"), self.new_set, "newCriteriaSet", self.tr("Lag et nytt kriteriesett"))
        self.copy_set_action = self._action(self.tr("K&opier …"), self.copy_set, "copyCriteriaSet", self.tr("Lag et nytt kriteriesett med kriteriene i dette, og om du vil vurderingene: en ny årsrunde"))
        self.edit_set_action = self._action(self.tr("&Rediger …"), self.edit_set, "editCriteriaSet", self.tr("Endre kriteriene i settet"))
        self.delete_set_action = self._action(self.tr("&Slett"), self.delete_set, "deleteCriteriaSet", self.tr("Slett kriteriesettet og vurderingene mot det"))
        self.builtin_menu = QMenu(self.tr("Legg til innebygd kriteriesett"), self)
        self.builtin_menu.setObjectName("builtinSets")
        self.builtin_button = QToolButton(self)
        self.builtin_button.setObjectName("addBuiltinSet")
        self.builtin_button.setText(self.tr("&Legg til innebygd kriteriesett"))
        self.builtin_button.setAccessibleName(self.tr("Legg til innebygd kriteriesett"))
        self._builtin_tip = self.tr("Legg til et av programmets kriteriesett: mønsteravtalens eller NAV-kontorenes (2017)")
        self.builtin_button.setToolTip(self._builtin_tip)
        self.builtin_button.setStatusTip(self._builtin_tip)
        self.builtin_button.setMenu(self.builtin_menu)
        self.builtin_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        for action in (self.new_set_action, self.copy_set_action, self.edit_set_action, self.delete_set_action):
            self.set_toolbar.addAction(action)
        self.set_toolbar.addSeparator()
        self.set_toolbar.addWidget(self.builtin_button)

        # -- filters ----------------------------------------------------------------------------------------
        self.category_filter = QComboBox(self)
        self.category_filter.setObjectName("categoryFilter")
        self.category_filter.setAccessibleName(self.tr("Filtrer på kategori"))
        self.category_filter.addItem(self.tr("Alle kategorier"), None)
        self.category_filter.addItem(self.tr("Konsultasjonsavtaler"), "consultation")
        self.category_filter.addItem(self.tr("Andre avtaler"), "other")
        self.party_filter = QComboBox(self)
        self.party_filter.setObjectName("partyFilter")
        self.party_filter.setAccessibleName(self.tr("Filtrer på statlig part"))
        self.party_filter.setMinimumContentsLength(18)
        self.year_filter = QComboBox(self)
        self.year_filter.setObjectName("yearFilter")
        self.year_filter.setAccessibleName(self.tr("Filtrer på avtaler i kraft på årets 3. møte"))
        self.year_filter.setToolTip(self.tr("Bare avtaler som er i kraft på datoen for 3. konsultasjonsmøte i året (møtets dato, eller den "
                                            "foreløpige datoen), etter datoene, undertegningene og oppsigelsene: de som får sak om status "
                                            "og evaluering på møtet, som rapporten til 3. møte gjelder"))
        # Its counts change with ratings: a new layout of the window only when the text needs another number of lines.
        info = SteadyLine(self, "evaluationInfo", wrap=True)
        self.info = info.label

        # -- the grid and its actions ----------------------------------------------------------------------
        self.toolbar = QToolBar(self)
        name_toolbar_overflow(self.toolbar)
        self.toolbar.setObjectName("evaluationToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.edit_cell_action = self._action(self.tr("&Vurdering …"), self.edit_current, "editAssessment",
                                             self.tr("Vurdering, delpunkter og begrunnelse for cellen (Enter eller F2)"))
        self.clear_cell_action = self._action(self.tr("&Fjern vurdering"), self.clear_current, "clearAssessment",
                                              fill(self.tr("Fjern cellens vurdering og begrunnelse (%1); %2 angrer"), key_names("Del"), key_names("Ctrl+Z")))
        self.accept_row_action = self._action(self.tr("Godta forslagene for &avtalen"), self.accept_row_suggestions, "acceptRowSuggestions",
                                              self.tr("Lagre forslagene fra registeret for avtalen i valgt rad"))
        self.accept_all_action = self._action(self.tr("Godta a&lle forslag"), self.accept_all_suggestions, "acceptAllSuggestions",
                                              self.tr("Lagre forslagene fra registeret for alle avtalene som vises"))
        # Ctrl+P here as on Dagsorden (each active only while its tab is shown, so they never clash): was no key at all.
        self.pdf_action = tab_action(self, self.tr("&Rapport (PDF) …"), lambda: self.write_document("pdf"), QKeySequence.StandardKey.Print,
                                     "evaluationPdf", self.tr("Status- og evalueringsrapporten for avtalene som vises (med et år valgt: til "
                                                              "årets 3. møte), åpnes i PDF-leseren"))
        self.xlsx_action = self._action(self.tr("Re&gneark (XLSX) …"), lambda: self.write_document("xlsx"), "evaluationXlsx",
                                        self.tr("Oppsummeringen og alle vurderinger med begrunnelse, for Excel"))
        for action in (self.edit_cell_action, self.clear_cell_action, None, self.accept_row_action, self.accept_all_action, None,
                       self.pdf_action, self.xlsx_action):
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        # What a change would do, to say beside why it cannot be made in a read-only window (_show_read_only).
        changes = (self.new_set_action, self.copy_set_action, self.edit_set_action, self.delete_set_action, self.clear_cell_action,
                   self.accept_row_action, self.accept_all_action)
        self._change_tips = {action: action.toolTip() for action in changes}
        self._keys_text = self.tr("Taster: %1").replace("%1", " · ".join(f"{key_names(keys)} {ui_text(what).lower()}" for keys, what in GRID_KEYS[:-1]))
        self.keys_hint = QLabel(self._keys_text, self)
        self.keys_hint.setObjectName("keysHint")
        self.keys_hint.setStyleSheet(f"color: {text_colour('muted', self)};")
        self.keys_hint.setWordWrap(True)  # on a narrow window (a laptop at 150 %) two lines, not cut off nor widening the tab
        # Under the grid, where the eye is: why a rating key or Delete stored nothing in a read-only window (was: the
        # key did nothing, without a word). Hidden again when the cursor moves on. It takes the key line's place
        # while shown (see _refuse), so that on a small screen the grid keeps its rows.
        self.refusal = QLabel(self)
        self.refusal.setObjectName("readOnlyNotice")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(BANNER_STYLE)
        self.refusal.hide()

        self.grid_model = AssessmentGridModel(self)
        self.grid = AssessmentGrid(self)
        self.grid.setObjectName("assessmentGrid")
        self.grid.setAccessibleName(self.tr("Vurderinger: avtaler og kriterier"))
        self.grid.setModel(self.grid_model)
        # No selection is painted: the cursor is a frame (CursorFrame), and the current cell keeps its colour.
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setTabKeyNavigation(False)  # the arrows move between cells; Tab leaves the grid, not round it for ever
        self.grid.setWordWrap(False)
        self.grid.verticalHeader().setVisible(False)
        self.grid.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.grid.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)

        self.summary_model = SummaryModel(self)
        self.summary_table = QTableView(self)
        self.summary_table.setObjectName("summaryTable")
        self.summary_table.setAccessibleName(self.tr("Oppsummering per kriterium"))
        self.summary_table.setModel(self.summary_model)
        self.summary_table.verticalHeader().setVisible(False)
        self.summary_table.setWordWrap(False)
        self.summary_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.summary_table.setTabKeyNavigation(False)  # Tab goes on to the next control
        self.summary_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        sheader = self.summary_table.horizontalHeader()
        sheader.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.summary_model.columnCount()):
            sheader.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.chart = RatingChart(self)

        # -- layout -----------------------------------------------------------------------------------------
        top = QHBoxLayout()
        top.addWidget(sets_label)
        top.addWidget(self.sets, 1)
        top.addWidget(self.set_toolbar)
        filters = QHBoxLayout()
        # Alt+letters clash with none of the menus' (Fil, Rediger, Hjelp) nor the tabs' (Dagsorden, Avtaleregister,
        # Evaluering): a label's letter that a menu has too opens the menu instead.
        for label, combo in ((self.tr("Kate&gori:"), self.category_filter), (self.tr("Statlig &part:"), self.party_filter), (self.tr("&I kraft på 3. møte:"), self.year_filter)):
            widget_label = QLabel(label, self)
            widget_label.setBuddy(combo)
            filters.addWidget(widget_label)
            filters.addWidget(combo)
            filters.addSpacing(8)
        filters.addStretch(1)
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(SteadyHolder(self.toolbar, self))  # an action enabled by a rating: no new layout
        upper_layout.addWidget(self.grid, 1)
        upper_layout.addWidget(self.refusal)
        upper_layout.addWidget(self.keys_hint)
        self.lower = QSplitter(Qt.Orientation.Horizontal, self)
        self.lower.setObjectName("evaluationSummarySplitter")
        self.lower.addWidget(self.summary_table)
        self.lower.addWidget(self.chart)
        self.lower.setStretchFactor(0, 1)
        self.lower.setStretchFactor(1, 1)
        self.lower.setSizes([620, 620])
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("evaluationSplitter")
        self.splitter.addWidget(upper)
        self.splitter.addWidget(self.lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([400, 220])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        # A line of its own: at the end of the filter row, on a laptop at 150 %, it wrapped into a narrow column
        # seven lines tall, and the grid under it had room for one agreement.
        layout.addWidget(info)
        layout.addWidget(self.splitter, 1)

        self.sets.currentIndexChanged.connect(lambda _: self.refresh())
        for combo in (self.category_filter, self.party_filter, self.year_filter):
            combo.currentIndexChanged.connect(lambda _: self.refresh())
        self.grid.rating_pressed.connect(self.rate)
        self.grid.edit_pressed.connect(self.edit_cell)
        self.grid.clear_pressed.connect(self.clear_cell)
        self.grid.doubleClicked.connect(self._on_double_click)
        # The grid's menu has the set's Nytt … and the built-in sets too: with no set yet, the set list is disabled,
        # and the grid is where the keyboard is (was: no key reached Nytt … there).
        context_actions(self.grid, (self.edit_cell_action, self.clear_cell_action, None, self.accept_row_action, self.accept_all_action, None,
                                    self.pdf_action, self.xlsx_action, None, self.new_set_action, self.builtin_menu.menuAction()))
        context_actions(self.sets, (self.new_set_action, self.copy_set_action, self.edit_set_action, self.delete_set_action, None,
                                    self.builtin_menu.menuAction()))
        self.grid.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.grid.selectionModel().currentChanged.connect(lambda *_: self._refuse(None))  # it spoke of the cell left
        bridge.changed.connect(self._on_changed)
        bridge.writer_changed.connect(self._writer_changed)
        self._fill_sets()

    def layout_states(self) -> dict:
        """The widgets whose layout is remembered between runs, by settings key."""
        return {"evaluation/splitter": self.splitter, "evaluation/summary_splitter": self.lower}

    def _action(self, text: str, slot, name: str, tip: str) -> QAction:
        return tab_action(self, text, slot, None, name, tip)

    # -- what is shown ------------------------------------------------------------------------------------------

    def current_set(self) -> CriteriaSet | None:
        key = self.sets.currentData()
        return self.bridge.register.criteria_set(key) if key else None

    def current_filter(self) -> EvaluationFilter:
        return EvaluationFilter(self.category_filter.currentData(), self.party_filter.currentData(), self.year_filter.currentData())

    def _on_changed(self, changed: Changed) -> None:
        register_changed = changed.touches("agreements", "signings", "decisions", "meetings", "parties")
        if not (register_changed or changed.touches("criteria_sets", "settings", "assessments")):
            return
        if register_changed or changed.touches("criteria_sets", "settings"):
            self._basis = None  # the agreements shown and what the register suggests for them may differ now
        if not self.isVisibleTo(self.window()):
            # Hidden (another tab, meeting mode): everything is shown afresh when the tab is shown again.
            self._stale = True
            return
        if changed.touches("criteria_sets", "settings"):
            shown = {self.sets.itemData(i) for i in range(self.sets.count())}
            self._fill_sets()
            came = [cs.key for cs in self.bridge.register.criteria_sets if cs.key not in shown]
            # A set made here, or one whose delete was undone here: it is the one the user wants to see. A read-only
            # window that follows another's changes stays on the set its user is reading.
            if len(came) == 1 and not self.bridge.session.read_only:
                self._select_set(came[0])
        elif register_changed:
            self._fill_filters()
            self.refresh()
        else:
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        if self._stale:
            self._fill_sets()
        super().showEvent(event)
        if not self.isAncestorOf(QApplication.focusWidget()):
            self.grid.setFocus()  # the arrow and rating keys work on the grid at once, as the other tabs' lists do

    def _fill_sets(self) -> None:
        register = self.bridge.register
        refill_combo(self.sets, [(cs.key, f"{cs.title} ({cs.key})") for cs in register.criteria_sets])
        self.sets.setEnabled(self.sets.count() > 0)
        self.builtin_menu.clear()
        for template in unstored_builtin_sets(register):
            action = self.builtin_menu.addAction(f"{template.title} ({template.key})")
            action.setObjectName(f"builtin-{template.key}")
            action.setStatusTip(fill(self.tr("Legg til det innebygde kriteriesettet «%1»"), template.title))
            action.triggered.connect(lambda _=False, key=template.key: self.add_builtin_set(key))
        self._fill_filters()
        self.refresh()

    def _fill_filters(self) -> None:
        """The ministries and years to filter by: they change with the register, not with the ratings."""
        register = self.bridge.register
        refill_combo(self.party_filter, state_party_choices(register), self.tr("Alle statlige parter"))
        # Each year with its meeting 3's date, the day the filter looks at (a meeting not in the calendar: its provisional date).
        calendar = Calendar(register)
        years = []
        for year in year_choices(register, self.today):
            slot = status_meeting(register, year, calendar)
            label = self.tr("%1 (%2)") if not slot.provisional else self.tr("%1 (%2, foreløpig dato)")
            years.append((year, fill(label, year, format_date(slot.date))))
        refill_combo(self.year_filter, years, self.tr("Alle år"))

    def new_day(self, _previous: dt.date) -> None:
        """The date changed while the window was open (MainWindow's clock): a new year is among the years to
        filter by. (The report's date reads `today` when it is written.)"""
        self._fill_filters()

    def refresh(self) -> None:
        self._stale = False
        register = self.bridge.register
        criteria_set = self.current_set()
        cursor = self._cursor()
        if criteria_set is None:
            self.grid_model.set_content(None, (), {}, {})
            self.summary_model.set_summary(None)
            self.chart.set_summary(None)
            self.info.setText(self._no_set_text())
            self._update_actions()
            self._show_read_only()
            return
        flt = self.current_filter()
        if self._basis is None or self._basis[:2] != (criteria_set, flt):
            # Rating a cell changes neither the agreements shown nor what the register suggests for them (about
            # 15 ms for a thousand agreements): they are worked out again only when something else changed.
            # By title, as the report (PDF) and the workbook list them: the screen and the paper in one order (was:
            # the order stored, imported agreements after the others).
            agreements = tuple(sorted(filter_agreements(register, flt), key=by_title))
            self._basis = (criteria_set, flt, agreements, model_suggestions(register, criteria_set, agreements))
        agreements, suggested = self._basis[2:]
        assessments = {(a.agreement, a.criterion): a for a in register.assessments if a.criteria_set == criteria_set.key}
        found = suggestions(register, criteria_set, agreements, suggested)
        self.grid_model.set_content(criteria_set, agreements, assessments, found)
        self._size_columns()
        summary = summarize(register, criteria_set.key, None if flt.is_empty else {a.key for a in agreements})
        self.summary_model.set_summary(summary)
        self.chart.set_summary(summary)
        shown = fill(self.tr("%1 av %2 avtaler vises"), len(agreements), len(register.agreements))
        against = self.tr("%1 vurdert mot 1 kriterium") if len(summary.rows) == 1 else self.tr("%1 vurdert mot %2 kriterier")
        text = shown + " · " + fill(against, len(summary.agreements), len(summary.rows))
        if found:
            text += " · " + self.tr("%1 forslag fra registeret (kursiv)").replace("%1", str(len(found)))
        self.info.setText(text)
        self._restore_cursor(cursor)
        self._update_actions()
        self._show_read_only()  # with a new session (read-only or not), not at every move of the cursor

    def _no_set_text(self) -> str:
        if self.bridge.session.read_only:  # none of the ways to add one can be taken here: it says why, not how
            return self.tr("Ingen kriteriesett er registrert.") + " " + self.bridge.read_only_notice(
                self.tr("kriteriesett kan ikke legges til eller importeres her"))
        return self.tr("Ingen kriteriesett er registrert. Legg til et innebygd kriteriesett (mønsteravtalen eller NAV-kontorene 2017), "
                       "lag et nytt, eller importer en JSON-pakke (Fil → Importer).")

    def _size_columns(self) -> None:
        header = self.grid.horizontalHeader()
        if self.grid_model.columnCount() == 0:
            return
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        if header.sectionSize(0) < 200 or header.sectionSize(0) == header.defaultSectionSize():
            header.resizeSection(0, 330)
        for column in range(1, self.grid_model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def _cursor(self) -> tuple[str, str | None] | None:
        cell = self.grid_model.cell(self.grid.currentIndex())
        if cell is not None:
            return cell[0].key, cell[1].key
        agreement = self.grid_model.agreement_at(self.grid.currentIndex().row()) if self.grid.currentIndex().isValid() else None
        return (agreement.key, None) if agreement else None

    def _restore_cursor(self, cursor) -> None:
        if cursor is not None:
            index = self.grid_model.index_of(*cursor)
            if index.isValid() and index.column() == 0 and cursor[1] is not None and self.grid_model.columnCount() > 1:
                # Its criterion is not in the set shown now (another set was chosen): the agreement's first
                # criterion, not its title, where the rating keys do nothing.
                index = index.siblingAtColumn(1)
            if index.isValid() and index != self.grid.currentIndex():
                self.grid.setCurrentIndex(index)
                return
        if not self.grid.currentIndex().isValid() and self.grid_model.rowCount() and self.grid_model.columnCount() > 1:
            self.grid.setCurrentIndex(self.grid_model.index(0, 1))

    def _update_actions(self) -> None:
        writable = not self.bridge.session.read_only
        has_set = self.current_set() is not None
        cell = self.grid_model.cell(self.grid.currentIndex())
        self.new_set_action.setEnabled(writable)
        self.copy_set_action.setEnabled(writable and has_set)
        self.edit_set_action.setEnabled(writable and has_set)
        self.delete_set_action.setEnabled(writable and has_set)
        self.builtin_button.setEnabled(writable and not self.builtin_menu.isEmpty())
        self.builtin_menu.menuAction().setEnabled(self.builtin_button.isEnabled())  # the grid's menu has it too
        self.edit_cell_action.setEnabled(cell is not None)  # in a read-only window, to read
        self.clear_cell_action.setEnabled(writable and cell is not None and cell[2] is not None)
        row = self._row_suggestions()
        self.accept_row_action.setEnabled(writable and bool(row))
        self.accept_all_action.setEnabled(writable and bool(self.grid_model.suggestions))
        self.xlsx_action.setEnabled(has_set)  # the report (Ctrl+P) stays enabled: write_document says what is missing

    def _show_read_only(self) -> None:
        """In a read-only window, why the actions that would change something are disabled (their tooltips, in the
        banner's words), and keys under the grid that only read (was: the rating keys, which did nothing)."""
        if not self.bridge.session.read_only:
            for action, tip in self._change_tips.items():
                action.setToolTip(tip)
            self.builtin_button.setToolTip(self._builtin_tip)
            self.keys_hint.setText(self._keys_text)
            self._refuse(None)
            return
        why = self.bridge.read_only_notice(self.tr("kriteriesett og vurderinger kan leses, ikke endres"))
        for action, tip in self._change_tips.items():
            action.setToolTip(f"{tip}\n{why}")
        self.builtin_button.setToolTip(f"{self._builtin_tip}\n{why}")
        keys, what = next(k for k in GRID_KEYS if k[0] == "Enter / F2")  # the one key that reads
        hint = self.tr("Skrivebeskyttet: vurderingene kan leses, ikke endres. Taster: %1")
        self.keys_hint.setText(hint.replace("%1", f"{key_names(keys)} {ui_text(what).lower()}"))

    def _writer_changed(self) -> None:
        """The writer came or went (a read-only window): the reasons given name who has the database now."""
        self._refuse(None)
        self._update_actions()
        self._show_read_only()
        if self.current_set() is None:
            self.info.setText(self._no_set_text())

    def _read_only_refuses(self, what: str) -> bool:
        """True when the database is open read-only: then what a key asked for is not stored, and the line under the
        grid says so and why (`what`: "vurderingen «I tråd» er ikke lagret")."""
        if not self.bridge.session.read_only:
            return False
        self._refuse(self.bridge.read_only_notice(what))
        return True

    def _refuse(self, text: str | None) -> None:
        """The line under the grid that says why a key stored nothing (`text`), in the key line's place (which says
        only that nothing can be changed here), or, with None, the key line again. The current cell, which the line
        is about, is kept in view: on a laptop at 150 % the line below the grid took every row of it (was: 0 rows
        left, the cell out of sight)."""
        if text is None:
            self.refusal.hide()
            self.keys_hint.show()
            return
        self.refusal.setText(text)
        self.keys_hint.hide()
        self.refusal.show()
        layout = self.refusal.parentWidget().layout()
        layout.activate()  # the grid's new height now (not at the next layout pass), to scroll the cell into it
        self.grid.scrollTo(self.grid.currentIndex())

    # -- commands -------------------------------------------------------------------------------------------

    def _run(self, label: str, ops) -> bool:
        return bool(ops) and self.bridge.run_or_tell(Command(label, tuple(ops)), self)

    def _put(self, criteria_set: CriteriaSet, assessment: Assessment) -> bool:
        criterion = criteria_set.criterion(assessment.criterion)
        label = fill(self.tr("Vurdering «%1» – %2: %3"), assessment.agreement, criterion.title, RATING_NB[assessment.rating])
        return self._run(label, [Put("assessments", assessment)])  # current_set() is a stored set

    def rate(self, index: QModelIndex, rating: str) -> None:
        """A rating key on a cell: one command. Departing from what the ticked sub-points give asks for the reason."""
        cell = self.grid_model.cell(index)
        criteria_set = self.current_set()
        if cell is None or criteria_set is None:
            return
        if self._read_only_refuses(self.tr("vurderingen «%1» er ikke lagret").replace("%1", RATING_NB[rating])):
            return
        agreement, criterion, existing, _ = cell
        try:
            new = with_rating(criterion, agreement.key, criteria_set.key, existing, rating)
        except ReasonRequired:
            self.edit_cell(index, preset_rating=rating)
            return
        if new != existing:
            self._put(criteria_set, new)

    def open_assessment_dialog(self, index: QModelIndex, preset_rating: str | None = None):
        from .dialogs import AssessmentDialog

        cell = self.grid_model.cell(index)
        criteria_set = self.current_set()
        if cell is None or criteria_set is None:
            return None
        agreement, criterion, existing, suggestion = cell
        return AssessmentDialog(criterion, agreement.title, existing, agreement=agreement.key, set_key=criteria_set.key,
                                preset_rating=preset_rating, suggestion=suggestion, parent=self)

    def edit_cell(self, index: QModelIndex, preset_rating: str | None = None) -> None:
        """The cell's dialog (Enter/F2): rating, sub-points and justification, saved as one command; to read in a
        read-only window (another program has the database), saying why."""
        dialog = self.open_assessment_dialog(index, preset_rating)
        if dialog is None:
            return
        if self.bridge.session.read_only:
            exec_to_read(dialog, self.bridge.read_only_notice(self.tr("vurderingen kan leses, ikke endres")))
            return
        criteria_set = self.current_set()
        cell = self.grid_model.cell(index)
        if criteria_set is None or cell is None:
            return

        def save() -> bool:
            new = dialog.value()
            return new == cell[2] or self._put(criteria_set, new)  # refused: the dialog again, with the justification

        exec_until_saved(dialog, save)

    def edit_current(self) -> None:
        self.edit_cell(self.grid.currentIndex())

    def clear_cell(self, index: QModelIndex) -> None:
        """Delete: the cell's rating goes, with its justification (the whole assessment; Ctrl+Z brings it back)."""
        cell = self.grid_model.cell(index)
        criteria_set = self.current_set()
        if cell is None or criteria_set is None or cell[2] is None:
            return
        if self._read_only_refuses(self.tr("vurderingen er ikke fjernet")):
            return
        agreement, criterion, _, _ = cell
        if self._run(fill(self.tr("Fjern vurdering «%1» – %2"), agreement.key, criterion.title),
                     [Delete("assessments", (agreement.key, criteria_set.key, criterion.key))]):
            status_message(self, self.tr("Vurderingen er fjernet. Ctrl+Z angrer."))

    def clear_current(self) -> None:
        self.clear_cell(self.grid.currentIndex())

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.column() > 0:
            self.edit_cell(index)

    def _row_suggestions(self):
        index = self.grid.currentIndex()
        agreement = self.grid_model.agreement_at(index.row()) if index.isValid() else None
        criteria_set = self.grid_model.criteria_set
        if agreement is None or criteria_set is None:
            return {}
        # Looked up cell by cell: this runs at every move of the cursor and every rating (was: a pass over the
        # suggestions of every agreement shown, thousands with the model agreement's set).
        found = self.grid_model.suggestions
        cells = ((agreement.key, c.key) for c in criteria_set.criteria)
        return {cell: found[cell] for cell in cells if cell in found}

    def accept_row_suggestions(self) -> None:
        criteria_set = self.current_set()
        found = self._row_suggestions()
        if criteria_set is None or not found:
            return
        agreement = next(iter(found))[0]
        self._run(self.tr("Godta forslagene for «%1»").replace("%1", agreement), accept_suggestions(self.bridge.register, criteria_set, found))

    def accept_all_suggestions(self) -> None:
        criteria_set = self.current_set()
        found = dict(self.grid_model.suggestions)
        if criteria_set is None or not found:
            return
        agreements = len({k[0] for k in found})
        label = self.tr("Godta %1 forslag for 1 avtale") if agreements == 1 else self.tr("Godta %1 forslag for %2 avtaler")
        with busy(self, self.tr("Lagrer %1 forslag som vurderinger …").replace("%1", str(len(found)))):
            stored = self._run(fill(label, len(found), agreements),
                               accept_suggestions(self.bridge.register, criteria_set, found))
        if stored:
            status_message(self, self.tr("%1 forslag er lagret som vurderinger. Ctrl+Z angrer.").replace("%1", str(len(found))))

    # -- criteria sets --------------------------------------------------------------------------------------

    def _select_set(self, key: str) -> None:
        position = self.sets.findData(key)
        if position >= 0:
            self.sets.setCurrentIndex(position)

    def add_builtin_set(self, key: str) -> None:
        template = next((s for s in unstored_builtin_sets(self.bridge.register) if s.key == key), None)
        if template is not None and self._run(self.tr("Legg til kriteriesettet «%1»").replace("%1", template.title), [Put("criteria_sets", template)]):
            self._select_set(key)

    def open_set_dialog(self, original: CriteriaSet | None, template: CriteriaSet | None = None):
        from .dialogs import CriteriaSetDialog

        # A copy is the next yearly round: of the year the year filter shows, else this year.
        return CriteriaSetDialog(self.bridge.register, original, template=template,
                                 round_year=self.year_filter.currentData() or self.today.year, parent=self)

    def _run_set_dialog(self, dialog) -> None:
        def save() -> bool:
            new = dialog.result_set()
            if dialog.original is not None and new == dialog.original:
                return True  # OK without a change: nothing to store, and no step to undo
            change = criteria_set_change(self.bridge.register, new, dialog.renames(), dialog.ratings_from())
            if (change.dropped or change.reset) and not self._confirm_losses(change):
                return False  # back to the dialog, with what the user typed
            verb = self.tr("Endre") if dialog.original is not None else self.tr("Nytt")
            label = fill(self.tr("%1 kriteriesett «%2»"), verb, new.key)
            if dialog.ratings_from() is not None:
                label = fill(self.tr("Nytt kriteriesett «%1» med vurderingene fra «%2»"), new.key, dialog.ratings_from().key)
            if not self._run(label, change.ops):
                return False  # refused (told): the dialog again, as typed
            self._select_set(new.key)
            return True

        exec_until_saved(dialog, save)

    def _confirm_losses(self, change) -> bool:
        lines = []
        for title, count in change.dropped.items():
            text = self.tr("• «%1» fjernes, og vurderingen av det slettes.") if count == 1 else self.tr("• «%1» fjernes, og %2 vurderinger av det slettes.")
            lines.append(fill(text, title, count))
        for title, count in change.reset.items():
            text = (self.tr("• «%1» har fått andre delpunkter: vurderingen beholder vurderingen og begrunnelsen, men avkrysningene fjernes.")
                    if count == 1 else
                    self.tr("• «%1» har fått andre delpunkter: %2 vurderinger beholder vurderingen og begrunnelsen, men avkrysningene fjernes."))
            lines.append(fill(text, title, count))
            lost = change.reasons.get(title, 0)
            if lost:  # the secretary's own words (was: not said, so that nobody thought to undo)
                text = (self.tr("  Begrunnelsen for avvik fra delpunktene slettes også (1 vurdering).") if lost == 1 else
                        self.tr("  Begrunnelsen for avvik fra delpunktene slettes også (%1 vurderinger)."))
                lines.append(fill(text, lost))
        answer = QtWidgets.QMessageBox.question(
            self,
            self.tr("Vurderinger går tapt"),
            self.tr("Endringen påvirker vurderinger som er gjort:\n\n%1\n\nLagre likevel? (Ctrl+Z angrer.)").replace("%1", "\n".join(lines)),
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def new_set(self) -> None:
        self._run_set_dialog(self.open_set_dialog(None))

    def copy_set(self) -> None:
        current = self.current_set()
        if current is not None:
            self._run_set_dialog(self.open_set_dialog(None, current))

    def edit_set(self) -> None:
        current = self.current_set()
        if current is not None:
            self._run_set_dialog(self.open_set_dialog(current))

    def delete_set(self) -> None:
        current = self.current_set()
        if current is None:
            return
        count = rating_count(self.bridge.register, current.key)
        if count == 0:  # (was: «Slette «X» med 0 vurderinger?»)
            template = self.tr("Slette kriteriesettet «%1»? Det har ingen vurderinger. Ctrl+Z angrer.")
        elif count == 1:
            template = self.tr("Slette «%1» med én vurdering? Ctrl+Z angrer.")
        else:
            template = self.tr("Slette «%1» med %2 vurderinger? Ctrl+Z angrer.")
        answer = QtWidgets.QMessageBox.question(self, self.tr("Slett kriteriesett"), fill(template, current.title, count))
        if answer == QtWidgets.QMessageBox.StandardButton.Yes:
            self._run(self.tr("Slett kriteriesett «%1»").replace("%1", current.key), [Delete("criteria_sets", current.key)])

    # -- documents ------------------------------------------------------------------------------------------

    def write_document(self, kind: str, path: Path | None = None) -> Path | None:
        """The report (PDF, then opened in the system's viewer, from which the secretary prints) or the workbook,
        for the set and the agreements shown."""
        criteria_set = self.current_set()
        if criteria_set is None:
            # Said rather than the action disabled: Ctrl+P on a disabled action did nothing, and said nothing.
            if self.bridge.register.criteria_sets:
                status_message(self, self.tr("Velg først et kriteriesett under Evaluering."))
            elif self.bridge.session.read_only:
                status_message(self, self.tr("Det finnes ingen kriteriesett i denne databasen."))
            else:
                status_message(self, self.tr("Det finnes ingen kriteriesett ennå: lag et med «Nytt …» eller "
                                             "«Legg til innebygd kriteriesett»."))
            return None
        flt = self.current_filter()
        # The year of the meeting 3 it is for; none without a year chosen (was: this year's, for every agreement).
        name = criteria_set.key if flt.year is None else f"{criteria_set.key} {flt.year}"
        default, pattern = {
            "pdf": (file_name(f"Status og evaluering {name}") + ".pdf", self.tr("PDF (*.pdf)")),
            "xlsx": (file_name(f"Evaluering {name}") + ".xlsx", self.tr("Excel-arbeidsbok (*.xlsx)")),
        }[kind]
        report = evaluation_report(self.bridge.register, criteria_set.key, flt)

        def produce(target: Path) -> bytes:
            if kind == "pdf":
                from ...reports.evaluation_pdf import evaluation_pdf

                return evaluation_pdf(report, self.today)
            from ...reports.evaluation_xlsx import evaluation_xlsx

            return evaluation_xlsx(report, self.today, source=str(target))

        return save_document(self, default, pattern, produce, path, suffix=f".{kind}")
