"""The preview of a spreadsheet import: each row new, changed, unchanged or invalid (with why), before anything is written."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ...store.exchange import TableImport
from ..widgets import fit_to_screen, ok_cancel, ui_text

STATUS_NB = {"new": QT_TRANSLATE_NOOP("Konsultasjon", "Ny"), "changed": QT_TRANSLATE_NOOP("Konsultasjon", "Endret"), "unchanged": QT_TRANSLATE_NOOP("Konsultasjon", "Uendret"), "invalid": QT_TRANSLATE_NOOP("Konsultasjon", "Ugyldig")}
STATUS_COLOUR = {"new": "#e8f5e9", "changed": "#fff8e1", "unchanged": "#ffffff", "invalid": "#ffebee"}


class PreviewModel(QAbstractTableModel):
    def __init__(self, result: TableImport, parent: QObject | None = None):
        super().__init__(parent)
        self.rows = result.rows
        self.rows_read = {row.number: row for row in result.table.rows}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 5:
            return [self.tr("Rad"), self.tr("Nøkkel"), self.tr("Tittel"), self.tr("Blir"), self.tr("Hvorfor ugyldig")][section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            read = self.rows_read.get(row.number)
            return (
                str(row.number),
                row.key or "",
                (read.title or "") if read else "",
                ui_text(STATUS_NB[row.status]),
                "; ".join(self._why(p, read) for p in row.problems),
            )[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATUS_COLOUR[row.status]))
        if role == Qt.ItemDataRole.ToolTipRole and row.problems:
            return "\n".join(p.message_nb for p in row.problems)
        return None

    @staticmethod
    def _why(problem, read) -> str:
        """What is wrong, by the column (as the spreadsheet's header names it); the row is the line's own."""
        prefix = f"{read.label}." if read else ""
        column = problem.path[len(prefix):] if prefix and problem.path.startswith(prefix) else ""
        return f"{column}: {problem.body()}" if column else problem.body()


class ImportPreview(QDialog):
    """Shows what the import would do; "Importer" writes the valid rows in one step (undoable), or nothing."""

    def __init__(self, name: str, result: TableImport, parent: QWidget | None = None):
        super().__init__(parent)
        self.result = result
        self.setWindowTitle(self.tr("Importer %1").replace("%1", name))
        counts = {status: sum(1 for r in result.rows if r.status == status) for status in STATUS_NB}
        summary = QLabel(
            self.tr("%1 nye, %2 endret, %3 uendret, %4 ugyldige rader.")
            .replace("%1", str(counts["new"]))
            .replace("%2", str(counts["changed"]))
            .replace("%3", str(counts["unchanged"]))
            .replace("%4", str(counts["invalid"])),
            self,
        )
        summary.setObjectName("previewSummary")
        self.view = QTableView(self)
        self.view.setObjectName("importPreview")
        self.view.setAccessibleName(self.tr("Rader i filen"))
        self.view.setModel(PreviewModel(result, self))
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setTabKeyNavigation(False)  # Tab goes on to Importer / Avbryt (arrows move in the rows)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.buttons = ok_cancel(self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        to_write = counts["new"] + counts["changed"]
        if counts["invalid"]:
            ok.setText(self.tr("Importer %1 gyldige (hopp over %2 ugyldige)").replace("%1", str(to_write)).replace("%2", str(counts["invalid"])))
        else:
            ok.setText(self.tr("Importer 1 avtale") if to_write == 1 else self.tr("Importer %1 avtaler").replace("%1", str(to_write)))
        ok.setEnabled(to_write > 0)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 980, 520)
