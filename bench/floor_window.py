"""A yardstick for the start-up benchmark (not the program, not a test): the least a PySide6 program can do to show
the window the start-up benchmark measures, with the same data.

    python bench/floor_window.py DB OUT.png

It opens the database (SQLite's quick_check, as the program does), reads each agreement's title, ministries, dates
and status in two queries, and shows a QMainWindow with the program's menus, three tabs, and on the register tab
its toolbar, filter row, a table of the agreements sorted by title (a Python table model, as any PySide6 program
has) and a details pane with the first agreement; then it saves the same 1280×800 screenshot. It has no domain
layer: no checks, no lifetimes from signings and decisions, no warnings column, no undo, no settings, no command
line. bench/startup.py times it beside the bare window, so that RESULTS.md can say how much of the program's
start-up any program showing this window with this data pays.
"""

import html
import os
import sqlite3
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt  # noqa: E402
from PySide6.QtGui import QFont, QFontDatabase  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
HEADERS = ("Tittel", "Departementer", "Undertegnet", "Utløper", "Status")


def nb_date(iso: str | None) -> str:
    return f"{iso[8:10]}.{iso[5:7]}.{iso[0:4]}" if iso else ""


class Table(QAbstractTableModel):
    def __init__(self, rows: list[tuple]):
        super().__init__()
        self.rows = rows

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's naming
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's naming
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt's naming
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None


def main(db: str, out: str) -> None:
    app = QApplication(sys.argv[:1])
    for path in sorted(FONTS.glob("DejaVuSans*.ttf")):  # the program's screenshot uses the bundled fonts
        QFontDatabase.addApplicationFont(str(path))
    QApplication.setFont(QFont("DejaVu Sans", 9))

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA quick_check").fetchone()
    parties: dict[str, list[str]] = {}
    for key, party in conn.execute("SELECT agreement, party FROM agreement_parties WHERE side = 'state' ORDER BY agreement, position"):
        parties.setdefault(key, []).append(party)
    rows = [
        (title, ", ".join(parties.get(key, ())), nb_date(signed), nb_date(end), status or "")
        for key, title, signed, end, status in conn.execute("SELECT key, title, signed_date, end_date, status FROM agreements")
    ]
    rows.sort(key=lambda r: r[0].casefold())
    cursor = conn.execute("SELECT * FROM agreements WHERE title = ?", (rows[0][0],))
    first, names = cursor.fetchone(), [d[0] for d in cursor.description]

    window = QMainWindow()
    for menu in ("&Fil", "&Rediger", "&Hjelp"):
        window.menuBar().addMenu(menu)
    tabs = QTabWidget()
    register = QWidget()
    for name, widget in (("Dagsorden", QWidget()), ("Avtaleregister", register), ("Evaluering", QWidget())):
        tabs.addTab(widget, name)
    toolbar = QToolBar()
    for text in ("Ny avtale", "Rediger", "Slett", "Departementer og parter"):
        toolbar.addAction(text)
    filters = QHBoxLayout()
    search = QLineEdit()
    search.setPlaceholderText("Søk i tittel, parter og notater (Ctrl+F)")
    filters.addWidget(search, 1)
    for choices in (("Alle statuser",), ("Alle departementer",)):
        combo = QComboBox()
        combo.addItems(choices)
        filters.addWidget(combo)
    filters.addWidget(QCheckBox("I kraft på"))
    date = QDateEdit()
    date.setCalendarPopup(True)
    filters.addWidget(date)
    filters.addWidget(QCheckBox("Bare med merknader"))
    filters.addWidget(QLabel(f"{len(rows)} avtaler"))
    table = QTableView()
    table.setModel(Table(rows))
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate((275, 140, 95, 95)):  # the program's column widths
        table.setColumnWidth(column, width)
    table.selectRow(0)
    details = QTextBrowser()
    details.setHtml(
        f"<h3>{html.escape(rows[0][0])}</h3><table>"
        + "".join(f"<tr><td>{name}</td><td>{html.escape(str(value))}</td></tr>" for name, value in zip(names, first) if value is not None)
        + "</table>"
    )
    splitter = QSplitter()
    splitter.addWidget(table)
    splitter.addWidget(details)
    splitter.setSizes([860, 400])
    layout = QVBoxLayout(register)
    layout.addWidget(toolbar)
    layout.addLayout(filters)
    layout.addWidget(splitter, 1)
    tabs.setCurrentIndex(1)
    window.setCentralWidget(tabs)
    window.statusBar().addWidget(QLabel(db))
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    window.windowHandle().screen().grabWindow(window.winId()).save(out, "PNG")  # as the program takes it (ui.app.painted)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
