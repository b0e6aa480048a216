"""The preview of a spreadsheet import: each row new, changed, unchanged or invalid (with why), before anything is written."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ...domain.agreement_table import LIST_SEPARATOR, PART_SEPARATOR, SIGNATORY_SEPARATOR
from ...domain.calendar import format_date
from ...domain.import_review import FieldChange, Remark
from ...store.database import plain
from ...store.exchange import RowStatus, TableImport
from ..widgets import TEXT_ON_TINT, fill, fit_to_screen, ok_cancel, ui_text
from .form import _shown
from .parties import KIND_NB

STATUS_NB = {"new": QT_TRANSLATE_NOOP("Konsultasjon", "Ny"), "changed": QT_TRANSLATE_NOOP("Konsultasjon", "Endret"), "unchanged": QT_TRANSLATE_NOOP("Konsultasjon", "Uendret"), "invalid": QT_TRANSLATE_NOOP("Konsultasjon", "Ugyldig")}
STATUS_COLOUR = {"new": "#e8f5e9", "changed": "#fff8e1", "unchanged": "#ffffff", "invalid": "#ffebee"}
EMPTY_NB = QT_TRANSLATE_NOOP("Konsultasjon", "(tomt)")
EMPTIES_COLOUR = "#ffe0b2"  # a changed row that empties stored fields: set apart from a plain change

# The agreement's fields as the agreement form names them (its accessible names, which its history shows too).
FIELD_NB = {
    "key": QT_TRANSLATE_NOOP("Konsultasjon", "Nøkkel"),
    "title": QT_TRANSLATE_NOOP("Konsultasjon", "Tittel"),
    "category": QT_TRANSLATE_NOOP("Konsultasjon", "Kategori"),
    "state_parties": QT_TRANSLATE_NOOP("Konsultasjon", "Statlige parter"),
    "other_parties": QT_TRANSLATE_NOOP("Konsultasjon", "Andre parter"),
    "ks_signatory_level": QT_TRANSLATE_NOOP("Konsultasjon", "KS undertegner på nivå"),
    "signatories": QT_TRANSLATE_NOOP("Konsultasjon", "Undertegnere"),
    "signed_date": QT_TRANSLATE_NOOP("Konsultasjon", "Undertegnet"),
    "start_date": QT_TRANSLATE_NOOP("Konsultasjon", "Gjelder fra"),
    "end_date": QT_TRANSLATE_NOOP("Konsultasjon", "Gjelder til"),
    "duration_months": QT_TRANSLATE_NOOP("Konsultasjon", "Varighet i måneder"),
    "notice_months": QT_TRANSLATE_NOOP("Konsultasjon", "Oppsigelsestid i måneder"),
    "notice_text": QT_TRANSLATE_NOOP("Konsultasjon", "Oppsigelsesbestemmelse"),
    "purpose": QT_TRANSLATE_NOOP("Konsultasjon", "Formål"),
    "obligations": QT_TRANSLATE_NOOP("Konsultasjon", "Partenes plikter"),
    "economy_text": QT_TRANSLATE_NOOP("Konsultasjon", "Økonomi"),
    "storting_reservation": QT_TRANSLATE_NOOP("Konsultasjon", "Forutsatt Stortingets bevilgning"),
    "evaluation_clause": QT_TRANSLATE_NOOP("Konsultasjon", "Evalueringsklausul"),
    "evaluation_annual": QT_TRANSLATE_NOOP("Konsultasjon", "Evalueres årlig"),
    "followup_text": QT_TRANSLATE_NOOP("Konsultasjon", "Administrativ oppfølging"),
    "term_exception": QT_TRANSLATE_NOOP("Konsultasjon", "Unntak fra stortingsperioden"),
    "status": QT_TRANSLATE_NOOP("Konsultasjon", "Status"),
    "notes": QT_TRANSLATE_NOOP("Konsultasjon", "Notater"),
}


# The columns of a table that are not fields of their own: the parties' obligations, as the form's three boxes are named.
COLUMN_NB = {
    "obligations_joint": QT_TRANSLATE_NOOP("Konsultasjon", "Felles plikter"),
    "obligations_ks": QT_TRANSLATE_NOOP("Konsultasjon", "KS' plikter"),
    "obligations_state": QT_TRANSLATE_NOOP("Konsultasjon", "Statens plikter"),
}
SIGNATORY_PART_NB = {
    "name": QT_TRANSLATE_NOOP("Konsultasjon", "navn"),
    "role": QT_TRANSLATE_NOOP("Konsultasjon", "rolle"),
    "party": QT_TRANSLATE_NOOP("Konsultasjon", "part"),
}
NUMBER_NB = QT_TRANSLATE_NOOP("Konsultasjon", "nr. %1")  # which entry of a list in a cell (the first: 1)
_COLUMN_PATH = re.compile(r"(?P<column>[A-Za-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<part>\w+))?")


def column_nb(path: str) -> str:
    """A cell's place in a row (the column, as the file's header names it, and for a list, which of its entries) in
    the words the preview uses for that field: «Gjelder til (end_date)», «Undertegnere (signatories) nr. 2, navn»."""
    m = _COLUMN_PATH.fullmatch(path)
    if m is None:
        return path
    column = m.group("column")
    label = ui_text(COLUMN_NB[column]) if column in COLUMN_NB else field_nb(column)
    text = f"{label} ({column})" if label != column else column
    if m.group("index") is not None:
        text += " " + fill(ui_text(NUMBER_NB), int(m.group("index")) + 1)
    part = m.group("part")
    if part:
        text += ", " + (ui_text(SIGNATORY_PART_NB[part]) if part in SIGNATORY_PART_NB else part)
    return text


def field_nb(name: str) -> str:
    return ui_text(FIELD_NB[name]) if name in FIELD_NB else name


def _value_nb(change_field: str, value: Any, limit: int = 70) -> str:
    text = " ".join(_shown(plain(value), change_field).split())  # as the history holds it, and Historikk says it
    if not text:
        return ui_text(EMPTY_NB)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class PreviewModel(QAbstractTableModel):
    def __init__(self, result: TableImport, parent: QObject | None = None):
        super().__init__(parent)
        self.rows = result.rows
        self.rows_read = {row.number: row for row in result.table.rows}
        # A view asks for each cell's text many times (display, size, tooltip): each row's texts are made once.
        self._cells: list[tuple[str, ...] | None] = [None] * len(self.rows)
        self._tooltips: list[str | None] = [None] * len(self.rows)
        self._brushes = {colour: QBrush(QColor(colour)) for colour in (*STATUS_COLOUR.values(), EMPTIES_COLOUR)}
        self._text = QBrush(QColor(TEXT_ON_TINT))  # on every tint: the palette's own text can be white (a dark palette)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 5:
            return [self.tr("Rad"), self.tr("Nøkkel"), self.tr("Tittel"), self.tr("Blir"), self.tr("Hva endres, og hvorfor")][section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(index.row())[index.column()]
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes[EMPTIES_COLOUR if row.empties else STATUS_COLOUR[row.status]]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._text
        if role == Qt.ItemDataRole.ToolTipRole and (row.problems or row.changes or row.remarks):
            tooltip = self._tooltips[index.row()]
            if tooltip is None:
                read = self.rows_read.get(row.number)
                tooltip = "\n".join([*(self._why(p, read) for p in row.problems), *(self._old_new(c) for c in row.changes), *(self._remark(r) for r in row.remarks)])
                self._tooltips[index.row()] = tooltip
            return tooltip
        return None

    def cells(self, number: int) -> tuple[str, ...]:
        """The five texts a row shows."""
        cells = self._cells[number]
        if cells is None:
            row = self.rows[number]
            read = self.rows_read.get(row.number)
            cells = self._cells[number] = (
                str(row.number),
                row.key or "",
                (read.title or "") if read else "",
                ui_text(STATUS_NB[row.status]),
                "; ".join([*self._what_changes(row), *(self._why(p, read) for p in row.problems), *(self._remark(r) for r in row.remarks)]),
            )
        return cells

    def _what_changes(self, row: RowStatus) -> list[str]:
        """«tømmer: Undertegnet, Gjelder til; endrer: Tittel»: what is emptied first, as that is what is lost."""
        emptied = [field_nb(c.field) for c in row.changes if c.empties]
        changed = [field_nb(c.field) for c in row.changes if not c.empties]
        parts = []
        if emptied:
            parts.append(self.tr("tømmer: %1").replace("%1", ", ".join(emptied)))
        if changed:
            parts.append(self.tr("endrer: %1").replace("%1", ", ".join(changed)))
        return parts

    def _old_new(self, change: FieldChange) -> str:
        return f"{field_nb(change.field)}: {_value_nb(change.field, change.old)} → {_value_nb(change.field, change.new)}"

    def _remark(self, remark: Remark) -> str:
        """A remark in words, with the separator the table wants (the cell is imported as it stands)."""
        field = field_nb(remark.field)
        if remark.code == "party-list":
            text = self.tr("«%1» blir én ny part – skill flere parter med «%2»")
            return f"{field}: " + fill(text, remark.value, LIST_SEPARATOR)
        if remark.code == "date-number":
            day = dt.date.fromisoformat(remark.value)
            return f"{field}: " + fill(self.tr("tallet %1 er lest som datoen %2 (formater cellen som dato)"), remark.name, format_date(day))
        if remark.code == "line-break":
            return f"{field}: " + fill(self.tr("linjeskift er lest som mellomrom: «%1»"), remark.value)
        if remark.code == "role-is-name":
            text = self.tr("%1 får rollen «%2» – skill personer med «%3»")
            return f"{field}: " + fill(text, remark.name, remark.value, SIGNATORY_SEPARATOR)
        text = self.tr("parten «%1» (hos %2) er ikke i partslisten")
        return f"{field}: " + fill(text, remark.value, remark.name)

    @staticmethod
    def _why(problem, read) -> str:
        """What is wrong, by the field's name with its column (as the spreadsheet's header names it) after it, as the
        changes beside it name their fields; the row is the line's own. Was: the column alone («end_date: …»)."""
        prefix = f"{read.label}." if read else ""
        column = problem.path[len(prefix):] if prefix and problem.path.startswith(prefix) else ""
        return f"{column_nb(column)}: {problem.body()}" if column else problem.body()


class PreviewTable(QTableView):
    """The rows of the file, each as tall as its wrapped title and changes need. Only the rows in view (and a page
    around the row scrolled to) are measured, again when a wrapped column's width changes: Qt's ResizeToContents
    measured all rows at every width (4,000 rows: 3 s to open, 2 s a resize). A row not yet measured is one line
    high, as most rows are."""

    WRAPPED = (2, 4)  # the title and "Hva endres": their width sets a row's height

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._measured: set[int] = set()
        self._fitting = False
        # A stretched column announces its new width before it takes it: the rows are measured after.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit_rows_in_view)
        self.verticalScrollBar().valueChanged.connect(lambda _: self.fit_rows_in_view())
        self.horizontalHeader().sectionResized.connect(self._on_column_resized)

    def setModel(self, model) -> None:  # noqa: N802 - Qt's naming
        super().setModel(model)
        self._measured.clear()
        if model is not None and model.rowCount():
            self.verticalHeader().setDefaultSectionSize(self._height_of(0, self.sizeHintForIndex(model.index(0, 0)).height()))

    def fit_columns(self, columns: tuple[int, ...]) -> None:
        """Each of the columns as wide as its widest text (Rad, Nøkkel, Blir: one line each), measured once."""
        model, metrics, header = self.model(), self.fontMetrics(), self.horizontalHeader()
        for column in columns:
            widest = max(range(model.rowCount()), key=lambda row: metrics.horizontalAdvance(model.cells(row)[column]), default=None)
            width = header.sectionSizeHint(column)
            if widest is not None:
                width = max(width, self.sizeHintForIndex(model.index(widest, column)).width() + (1 if self.showGrid() else 0))  # as ResizeToContents
            header.resizeSection(column, width)

    def _height_of(self, row: int, hint: int) -> int:
        header = self.verticalHeader()
        return min(max(hint, header.sectionSizeHint(row), header.minimumSectionSize()), header.maximumSectionSize())

    def _measure(self, row: int) -> int:
        header = self.verticalHeader()
        if row not in self._measured:
            self._measured.add(row)
            header.resizeSection(row, self._height_of(row, self.sizeHintForRow(row)))
        return header.sectionSize(row)

    def _fit_from(self, first: int, step: int) -> None:
        """Measure rows from `first` on (step 1 down, -1 up) until a viewport's height of them is measured."""
        room, filled, row, rows = self.viewport().height(), 0, first, self.model().rowCount()
        while 0 <= row < rows and filled < room:
            filled += self._measure(row)
            row += step

    def fit_rows_in_view(self) -> None:
        if self._fitting or self.model() is None or not self.model().rowCount():
            return
        self._fitting = True
        try:
            self._fit_from(max(0, self.rowAt(0)), 1)
        finally:
            self._fitting = False

    def _on_column_resized(self, column: int, _old: int, _new: int) -> None:
        if column in self.WRAPPED:
            self._measured.clear()  # the rows measured out of view are measured again when they come into it
            self._refit.start()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        super().resizeEvent(event)
        self.fit_rows_in_view()

    def scrollTo(self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # noqa: N802 - Qt's naming
        # The rows a page above and below the one scrolled to are measured first, so that Qt places it (End, PgDn,
        # a row chosen) by their real heights: measured only once in view, they could push it out of sight.
        if index.isValid() and not self._fitting and self.model() is not None:
            self._fitting = True
            try:
                self._fit_from(index.row(), -1)
                self._fit_from(index.row(), 1)
                self.updateGeometries()  # the scroll bar's range by those heights (Qt updates it only later)
            finally:
                self._fitting = False
        super().scrollTo(index, hint)


class ImportPreview(QDialog):
    """Shows what the import would do; "Importer" writes the valid rows in one step (undoable), or nothing."""

    def __init__(self, name: str, result: TableImport, parent: QWidget | None = None):
        super().__init__(parent)
        self.table_import = result  # (not `result`: that is QDialog.result(), the code exec() returns)
        self.setWindowTitle(self.tr("Importer %1").replace("%1", name))
        counts = {status: sum(1 for r in result.rows if r.status == status) for status in STATUS_NB}
        summary = QLabel(
            fill((self.tr("%1 ny, ") if counts["new"] == 1 else self.tr("%1 nye, "))
                 + (self.tr("%2 endret, %3 uendret, 1 ugyldig rad.") if counts["invalid"] == 1
                    else self.tr("%2 endret, %3 uendret, %4 ugyldige rader.")),
                 counts["new"], counts["changed"], counts["unchanged"], counts["invalid"]),
            self,
        )
        emptying = sum(1 for r in result.rows if r.empties)
        if emptying:
            summary.setText(
                summary.text() + " " + (self.tr("1 endret rad tømmer lagrede felt.") if emptying == 1 else self.tr("%1 endrede rader tømmer lagrede felt.").replace("%1", str(emptying)))
            )
        if result.plan.encoding == "cp1252":
            # Norwegian Excel's «CSV (semikolondelt)»: read, but a letter that encoding lacks was saved as «?».
            summary.setText(summary.text() + " " + self.tr(
                "Filen er lest som Windows-1252 (Excels «CSV (semikolondelt)»): se etter «?» der en bokstav manglet i den."))
        summary.setObjectName("previewSummary")
        summary.setWordWrap(True)
        parties = QLabel(self._new_parties_text(result), self)
        parties.setObjectName("previewParties")
        parties.setWordWrap(True)
        parties.setVisible(bool(result.new_parties))
        help_line = QLabel(
            fill(self.tr("I cellene skilles flere parter med «%1» (KRD%1 BLD), flere undertegnere med «%2», og navn, rolle og part med «%3» "
                         "(Kari Nordmann%3 statsråd%3 KD %2 Halvdan Skard%3 leder%3 KS). En tom celle tømmer feltet."),
                 LIST_SEPARATOR, SIGNATORY_SEPARATOR, PART_SEPARATOR),
            self,
        )
        help_line.setObjectName("previewHelp")
        help_line.setWordWrap(True)
        self.view = PreviewTable(self)
        self.view.setObjectName("importPreview")
        self.view.setAccessibleName(self.tr("Rader i filen"))
        self.view.setModel(PreviewModel(result, self))
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setTabKeyNavigation(False)  # Tab goes on to Importer / Avbryt (arrows move in the rows)
        header = self.view.horizontalHeader()
        self.view.fit_columns((0, 1, 3))
        # What a row changes is what the user must read before Importer: it gets the room, and the row grows to
        # hold all of it (the title keeps a fixed share and wraps; PreviewTable measures the rows in view).
        header.resizeSection(2, 260)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.buttons = ok_cancel(self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        to_write = counts["new"] + counts["changed"]
        if counts["invalid"]:
            # A piece of the button's text, its own %2 filled with the rest of it.
            skip = self.tr("hopp over 1 ugyldig") if counts["invalid"] == 1 else self.tr("hopp over %2 ugyldige")
            # In the singular for one row (was: «Importer 1 gyldige»).
            valid = self.tr("Importer 1 gyldig rad (%3)") if to_write == 1 else self.tr("Importer %1 gyldige rader (%3)")
            ok.setText(fill(valid.replace("%3", skip), to_write, counts["invalid"]))
        else:
            ok.setText(self.tr("Importer 1 avtale") if to_write == 1 else self.tr("Importer %1 avtaler").replace("%1", str(to_write)))
        ok.setEnabled(to_write > 0)
        # The chosen row's changes, old → new, where a keyboard or screen-reader user reads them too (the tooltip
        # needs a mouse): the arrows move through the rows.
        self.row_details = QLabel(self)
        self.row_details.setObjectName("previewRowDetails")
        self.row_details.setAccessibleName(self.tr("Endringer i raden"))
        self.row_details.setWordWrap(True)
        self.row_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view.selectionModel().currentRowChanged.connect(lambda current, _: self._show_row(current.row()))
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(parties)
        layout.addWidget(help_line)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.row_details)
        layout.addWidget(self.buttons)
        first = next((i for i, r in enumerate(result.rows) if r.problems or r.changes or r.remarks), None)
        if first is not None:
            self.view.setCurrentIndex(self.view.model().index(first, 0))
        else:
            self._show_row(-1)
        fit_to_screen(self, 980, 520)

    def _show_row(self, row: int) -> None:
        model = self.view.model()
        text = model.data(model.index(row, 4), Qt.ItemDataRole.ToolTipRole) if row >= 0 else None
        number = model.data(model.index(row, 0)) if row >= 0 else ""
        self.row_details.setText(fill(self.tr("Rad %1: %2"), number, text.replace("\n", "; ")) if text else "")
        self.row_details.setHidden(not text)

    def _new_parties_text(self, result: TableImport) -> str:
        names = ", ".join(f"«{p.key}» ({ui_text(KIND_NB[p.kind]).lower()})" for p in result.new_parties)
        return self.tr("Legges til i partslisten: %1.").replace("%1", names)
