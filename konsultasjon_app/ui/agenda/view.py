"""Dagsorden: the year's four meetings with the planner's items, their flags and the plan's warnings."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...domain.changes import Changed
from ...domain.planner import FLAG_NB, Plan, plan
from ..bridge import SessionBridge
from .model import FLAG_COLOURS, FlagsRole, PlanColumn, PlanTreeModel, PlanWarningsModel, WarningColumn


class FlagChipsDelegate(QStyledItemDelegate):
    """Paints an item's flags as coloured chips (the text stays in the model for tooltips and tests)."""

    PAD_X, PAD_Y, GAP = 6, 2, 4

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        flags = index.data(FlagsRole)
        if not flags:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(option.font)
        x = option.rect.x() + 4
        height = metrics.height() + 2 * self.PAD_Y
        y = option.rect.y() + (option.rect.height() - height) / 2
        for flag in flags:
            label = FLAG_NB.get(flag, flag)
            width = metrics.horizontalAdvance(label) + 2 * self.PAD_X
            if x + width > option.rect.right():
                break
            rect = QRectF(x, y, width, height)
            colour = QColor(FLAG_COLOURS.get(flag, "#616161"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(rect, height / 2, height / 2)
            painter.setPen(QColor("white"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
            x += width + self.GAP
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        flags = index.data(FlagsRole) or []
        metrics = QFontMetrics(option.font)
        width = sum(metrics.horizontalAdvance(FLAG_NB.get(f, f)) + 2 * self.PAD_X + self.GAP for f in flags) + 8
        return QSize(max(base.width(), width), max(base.height(), metrics.height() + 2 * self.PAD_Y + 4))


def default_year(meeting_years: list[int], today: dt.date) -> int:
    """The year to open on: this year, unless the calendar has meetings only in earlier years (then the latest)."""
    if not meeting_years or today.year in meeting_years or max(meeting_years) > today.year:
        return today.year
    return max(meeting_years)


class AgendaTab(QWidget):
    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self.setObjectName("agendaTab")
        self.bridge = bridge
        self.today = today or dt.date.today()
        self.plan: Plan | None = None

        self.year = QSpinBox(self)
        self.year.setObjectName("agendaYear")
        self.year.setRange(1990, 2100)
        self.year.setAccessibleName(self.tr("År"))
        self.year.setValue(default_year([m.year for m in bridge.register.meetings], self.today))
        year_label = QLabel(self.tr("&År:"), self)
        year_label.setBuddy(self.year)
        self.summary = QLabel(self)
        self.summary.setObjectName("agendaSummary")

        self.model = PlanTreeModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("planTree")
        self.tree.setAccessibleName(self.tr("Møter og saker"))
        self.tree.setModel(self.model)
        self.tree.setItemDelegateForColumn(PlanColumn.FLAGS, FlagChipsDelegate(self.tree))
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setFirstColumnSpanned(0, QModelIndex(), True)
        header = self.tree.header()
        header.setSectionResizeMode(PlanColumn.AGREEMENT, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.resizeSection(PlanColumn.ACTION, 230)
        header.resizeSection(PlanColumn.FLAGS, 330)
        header.resizeSection(PlanColumn.RULE, 120)

        self.warnings_model = PlanWarningsModel(self)
        self.warnings = QTableView(self)
        self.warnings.setObjectName("planWarnings")
        self.warnings.setAccessibleName(self.tr("Advarsler i planen"))
        self.warnings.setModel(self.warnings_model)
        self.warnings.verticalHeader().setVisible(False)
        self.warnings.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.warnings.setWordWrap(False)
        wheader = self.warnings.horizontalHeader()
        wheader.resizeSection(WarningColumn.CODE, 220)
        wheader.resizeSection(WarningColumn.AGREEMENT, 300)
        wheader.setStretchLastSection(True)
        self.warnings_label = QLabel(self)

        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year)
        top.addSpacing(16)
        top.addWidget(self.summary, 1)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.warnings_label)
        lower_layout.addWidget(self.warnings)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 180])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        # Changes arrive one by one (an import sends one; a meeting sends many): re-plan once they settle.
        self._replan_timer = QTimer(self)
        self._replan_timer.setSingleShot(True)
        self._replan_timer.setInterval(0)
        self._replan_timer.timeout.connect(self.replan)
        self.year.valueChanged.connect(lambda _: self.replan())
        bridge.changed.connect(self._on_changed)
        bridge.session_replaced.connect(self._on_session_replaced)
        self.replan()

    def restore_layout(self, settings) -> None:
        for key, widget in (("agenda/splitter", self.splitter), ("agenda/tree_header", self.tree.header())):
            state = settings.get(key)
            if not state.isEmpty():
                widget.restoreState(state)

    def save_layout(self, settings) -> None:
        settings.set("agenda/splitter", self.splitter.saveState())
        settings.set("agenda/tree_header", self.tree.header().saveState())

    def _on_changed(self, changed: Changed) -> None:
        self._replan_timer.start()

    def _on_session_replaced(self) -> None:
        self.year.setValue(default_year([m.year for m in self.bridge.register.meetings], self.today))

    def replan(self) -> None:
        self._replan_timer.stop()
        year = self.year.value()
        register = self.bridge.register
        self.plan = plan(register, year, year, self.today)
        self.model.set_plan(self.plan, year, register)
        for row in range(self.model.group_count()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        self.tree.expandAll()
        self.warnings_model.set_warnings(self.plan.warnings, register)
        items = len(self.plan.items)
        provisional = sum(1 for m in self.plan.meetings if m.provisional)
        text = self.tr("%1 saker på årets møter").replace("%1", str(items))
        if provisional:
            text += self.tr(" · %1 møter har foreløpig dato (ikke i møtekalenderen)").replace("%1", str(provisional))
        self.summary.setText(text)
        self.warnings_label.setText(self.tr("Advarsler (%1)").replace("%1", str(len(self.plan.warnings))))
