"""Evaluering: the summary table of a criteria set's ratings (counts per criterion and rating)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ...domain.changes import Changed
from ...domain.evaluation import RATING_NB, Summary, summarize
from ...domain.model import RATINGS
from ..bridge import SessionBridge


class SummaryModel(QAbstractTableModel):
    """Rows: criteria; columns: the title, one count per rating, and the share in line."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.summary: Summary | None = None

    def set_summary(self, summary: Summary | None) -> None:
        self.beginResetModel()
        self.summary = summary
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.summary is None else len(self.summary.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(RATINGS) + 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return self.tr("Kriterium")
        if 1 <= section <= len(RATINGS):
            return RATING_NB[RATINGS[section - 1]]
        if section == len(RATINGS) + 1:
            return self.tr("Andel i tråd")
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.summary is None:
            return None
        row = self.summary.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.title
            if column <= len(RATINGS):
                return str(row.counts[RATINGS[column - 1]])
            share = row.share_in_line
            return "–" if share is None else f"{share:.0%}".replace("%", " %")
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class EvaluationTab(QWidget):
    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("evaluationTab")
        self.bridge = bridge
        self.sets = QComboBox(self)
        self.sets.setObjectName("criteriaSet")
        self.sets.setAccessibleName(self.tr("Kriteriesett"))
        label = QLabel(self.tr("&Kriteriesett:"), self)
        label.setBuddy(self.sets)
        self.info = QLabel(self)
        self.info.setObjectName("evaluationInfo")
        self.info.setWordWrap(True)
        self.model = SummaryModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("summaryTable")
        self.table.setAccessibleName(self.tr("Oppsummering per kriterium"))
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.sets, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        self.sets.currentIndexChanged.connect(lambda _: self.refresh())
        bridge.changed.connect(self._on_changed)
        self._fill_sets()

    def _on_changed(self, changed: Changed) -> None:
        if changed.touches("criteria_sets", "assessments", "agreements"):
            self._fill_sets()

    def _fill_sets(self) -> None:
        current = self.sets.currentData()
        self.sets.blockSignals(True)
        self.sets.clear()
        for cs in self.bridge.register.criteria_sets:
            self.sets.addItem(f"{cs.title} ({cs.key})", cs.key)
        position = self.sets.findData(current)
        self.sets.setCurrentIndex(position if position >= 0 else 0)
        self.sets.blockSignals(False)
        self.sets.setEnabled(self.sets.count() > 0)
        self.refresh()

    def refresh(self) -> None:
        key = self.sets.currentData()
        if key is None:
            self.model.set_summary(None)
            self.info.setText(
                self.tr("Ingen kriteriesett er registrert. Kriteriesett og vurderinger kommer inn med en JSON-pakke (Fil → Importer).")
            )
            return
        summary = summarize(self.bridge.register, key)
        self.model.set_summary(summary)
        self.info.setText(self.tr("%1 avtaler er vurdert mot %2 kriterier.").replace("%1", str(len(summary.agreements))).replace("%2", str(len(summary.rows))))
