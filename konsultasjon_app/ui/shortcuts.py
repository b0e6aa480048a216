"""Hjelp → Hurtigtaster: every keyboard shortcut of the window, read from its actions and described shortcuts (so the
list cannot go stale), and the keys of the date fields and meeting mode."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableView, QVBoxLayout, QWidget

from .widgets import DATE_KEYS, RowsModel, fit_to_screen, key_names, ui_text

# Meeting mode's keys, as Qt reads them (named as the user reads them by key_names).
MEETING_KEYS = (
    ("PgDown / Right", QT_TRANSLATE_NOOP("Konsultasjon", "Neste sak")),
    ("PgUp / Left", QT_TRANSLATE_NOOP("Konsultasjon", "Forrige sak")),
    ("Enter", QT_TRANSLATE_NOOP("Konsultasjon", "Saken er behandlet, gå til neste (i «Ny sluttdato»: undertegnet med datoen, som S)")),
    ("Home / End", QT_TRANSLATE_NOOP("Konsultasjon", "Første / siste sak")),
    ("Up / Down", QT_TRANSLATE_NOOP("Konsultasjon", "Bla i saksteksten")),
    ("Space / Shift+Space", QT_TRANSLATE_NOOP("Konsultasjon", "Bla en side ned / opp i saksteksten")),
    ("V", QT_TRANSLATE_NOOP("Konsultasjon", "Vedtak: videreføre")),
    ("R", QT_TRANSLATE_NOOP("Konsultasjon", "Vedtak: reforhandle")),
    ("O", QT_TRANSLATE_NOOP("Konsultasjon", "Vedtak: si opp")),
    ("N", QT_TRANSLATE_NOOP("Konsultasjon", "Vedtak: ny avtale")),
    ("U", QT_TRANSLATE_NOOP("Konsultasjon", "Vedtak: utsett")),
    ("S", QT_TRANSLATE_NOOP("Konsultasjon", "Undertegnet (undertegningssaker)")),
    ("I", QT_TRANSLATE_NOOP("Konsultasjon", "Ikke klar – flyttes (undertegningssaker)")),
    ("Tab / Esc", QT_TRANSLATE_NOOP("Konsultasjon", "Til protokollfeltet / tilbake til tastene")),
    # MeetingMode.keyPressEvent (Esc; in the note or the new end date, Esc goes back to the keys first, as the row above
    # says) and its Avslutt møtemodus button (Alt+M, from the note too): both close through done(), which stores the note.
    ("Esc / Alt+M", QT_TRANSLATE_NOOP("Konsultasjon", "Avslutt møtemodus, protokollteksten lagres (Esc: fra tastene)")),
    ("Ctrl+V", QT_TRANSLATE_NOOP("Konsultasjon", "Lim inn i protokollfeltet")),
    ("Ctrl+Z / Ctrl+Y", QT_TRANSLATE_NOOP("Konsultasjon", "Angre / gjør om")),
)


_WINDOW = QT_TRANSLATE_NOOP("Konsultasjon", "Hele vinduet")
_EVALUATION = QT_TRANSLATE_NOOP("Konsultasjon", "Evaluering")
_MEETING_MODE = QT_TRANSLATE_NOOP("Konsultasjon", "Møtemodus")
_DATE_FIELDS = QT_TRANSLATE_NOOP("Konsultasjon", "Datofelt")
_PLACES = {
    "registerTab": QT_TRANSLATE_NOOP("Konsultasjon", "Avtaleregister"),
    "agendaTab": QT_TRANSLATE_NOOP("Konsultasjon", "Dagsorden"),
    "evaluationTab": _EVALUATION,
}


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
        where = _PLACES.get(parent.objectName() if parent is not None else "", _WINDOW)
        rows.append((where, " / ".join(keys), action.text().replace("&", "").rstrip(" …")))
    described: dict[tuple[str, str], list[str]] = {}
    for shortcut in root.findChildren(QShortcut):
        # A key of one list (Enter on the agreements): listed when it says what it does (its What's This text);
        # keys that say the same in the same place share a row ("Home / End": first / last agreement).
        if shortcut.whatsThis() and not shortcut.key().isEmpty():
            keys = described.setdefault((_place(shortcut), shortcut.whatsThis()), [])
            keys.append(shortcut.key().toString(QKeySequence.SequenceFormat.NativeText))
    rows += [(where, " / ".join(keys), what) for (where, what), keys in described.items()]
    rows.sort(key=lambda r: (r[0] != _WINDOW, r[0], r[2]))
    from .evaluation.view import GRID_KEYS

    # The keys listed here by hand are named as Qt names the actions' keys above (key_names); the Menu key alone by
    # hand: Qt's Norwegian has no name for it ("Menu").
    rows += [(_EVALUATION, key_names(keys), ui_text(what)) for keys, what in GRID_KEYS]
    menu_key = ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Menytast"))
    rows += [(_WINDOW, f"{menu_key} / {key_names('Shift+F10')}", ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Fanens handlinger, som hurtigmeny i listen eller tabellen")))]
    rows += [(_PLACES["agendaTab"], key_names("Enter / F2"), ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Rediger møtet eller saken som er valgt")))]
    rows += [(_DATE_FIELDS, key_names(keys), ui_text(what)) for keys, what in DATE_KEYS]
    rows += [(_MEETING_MODE, key_names(keys), ui_text(what)) for keys, what in MEETING_KEYS]
    return [(ui_text(where), keys, what) for where, keys, what in rows]


def _place(widget: QObject) -> str:
    """The tab a shortcut's widget is on, or the whole window."""
    while widget is not None and widget.objectName() not in _PLACES:
        widget = widget.parent()
    return _PLACES[widget.objectName()] if widget is not None else _WINDOW


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setWindowTitle(self.tr("Hurtigtaster"))
        self.view = QTableView(self)
        self.view.setObjectName("shortcuts")
        self.view.setAccessibleName(self.tr("Hurtigtaster"))
        headers = [self.tr("Hvor"), self.tr("Taster"), self.tr("Hva")]
        self.view.setModel(RowsModel(headers, self, rows=window_shortcuts(window), tooltips=False))
        self.view.verticalHeader().setVisible(False)
        self.view.setTabKeyNavigation(False)  # Tab goes on to Lukk (arrows move in the rows)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 560)
