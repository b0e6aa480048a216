"""Hjelp → Hurtigtaster: every keyboard shortcut of the window, read from its actions (so the list cannot go stale),
and the keys of meeting mode."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableView, QVBoxLayout, QWidget

MEETING_KEYS = (
    ("PgDn / →", "Neste sak"),
    ("PgUp / ←", "Forrige sak"),
    ("Enter", "Saken er behandlet, gå til neste"),
    ("Home / End", "Første / siste sak"),
    ("V", "Vedtak: videreføre"),
    ("R", "Vedtak: reforhandle"),
    ("O", "Vedtak: si opp"),
    ("N", "Vedtak: ny avtale"),
    ("U", "Vedtak: utsett"),
    ("S", "Undertegnet (undertegningssaker)"),
    ("I", "Ikke klar – flyttes (undertegningssaker)"),
    ("Tab / Esc", "Til protokollfeltet / tilbake til tastene"),
    ("Ctrl+Z / Ctrl+Y", "Angre / gjør om"),
)


def window_shortcuts(root: QWidget) -> list[tuple[str, str, str]]:
    """(where, keys, what) for every action with a shortcut under `root`, in a stable order."""
    if hasattr(root, "all_tabs"):
        root.all_tabs()  # tabs are made when first shown; their shortcuts belong in the list all the same
    rows = []
    seen = set()
    for action in root.findChildren(QAction):
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        if not keys or id(action) in seen:
            continue
        seen.add(id(action))
        parent = action.parent()
        where = {"registerTab": "Avtaleregister", "agendaTab": "Dagsorden", "evaluationTab": "Evaluering"}.get(
            parent.objectName() if parent is not None else "", "Hele vinduet"
        )
        rows.append((where, " / ".join(keys), action.text().replace("&", "").rstrip(" …")))
    rows.sort(key=lambda r: (r[0] != "Hele vinduet", r[0], r[2]))
    from .evaluation.view import GRID_KEYS

    rows += [("Evaluering", keys, what) for keys, what in GRID_KEYS]
    rows += [("Møtemodus", keys, what) for keys, what in MEETING_KEYS]
    return rows


class _Model(QAbstractTableModel):
    def __init__(self, rows: list[tuple[str, str, str]], parent: QObject | None = None):
        super().__init__(parent)
        self.rows = rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return [self.tr("Hvor"), self.tr("Taster"), self.tr("Hva")][section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setWindowTitle(self.tr("Hurtigtaster"))
        self.view = QTableView(self)
        self.view.setObjectName("shortcuts")
        self.view.setAccessibleName(self.tr("Hurtigtaster"))
        self.view.setModel(_Model(window_shortcuts(window), self))
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(640, 560)
