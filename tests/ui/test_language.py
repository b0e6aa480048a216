"""The window speaks bokmål, also in the texts Qt itself provides; date pickers use Norwegian names."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from konsultasjon_app import paths
from konsultasjon_app.ui.app import install_language

ROOT = Path(__file__).resolve().parents[2]


def test_qt_standard_buttons_and_locale_are_norwegian(qtbot):
    install_language(QApplication.instance())
    box = QMessageBox(QMessageBox.Icon.Question, "t", "x", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Yes).text().replace("&", "") == "Ja"
    assert box.button(QMessageBox.StandardButton.No).text().replace("&", "") == "Nei"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Avbryt"
    assert QLocale().monthName(8) == "august" and QLocale().dayName(3) == "onsdag"


def test_qts_own_file_dialog_speaks_bokmal(qtbot, tmp_path):
    """Linux without a desktop portal uses Qt's own file dialog (Windows its native one): it read "Look in:",
    "Files of type:", "Name", "Size", "Date Modified", "Forward", "Computer"."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog, QLabel, QToolButton, QTreeView

    install_language(QApplication.instance())
    dialog = QFileDialog(None, "Åpne database", str(tmp_path), "Database (*.sqlite3)")
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.show()
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"&Se i:", "Fil&type:", "Fil&navn:"} <= labels
    assert {button.toolTip() for button in dialog.findChildren(QToolButton)} >= {"Tilbake", "Fram", "Overordnet mappe"}
    tree = next(view for view in dialog.findChildren(QTreeView) if view.model() is not None)
    headers = [tree.model().headerData(column, Qt.Orientation.Horizontal) for column in range(tree.model().columnCount())]
    assert headers == ["Navn", "Størrelse", "Type", "Endret"]


def test_the_compiled_translation_matches_its_source(tmp_path):
    """resources/translations/qtbase_nb.qm is made from the .ts beside it (pyside6-lrelease); keep them in step."""
    lrelease = Path(__import__("PySide6").__file__).parent / "lrelease"
    out = tmp_path / "qtbase_nb.qm"
    subprocess.run([str(lrelease), str(paths.resource("translations", "qtbase_nb.ts")), "-qm", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == paths.resource("translations", "qtbase_nb.qm").read_bytes()


def test_the_windows_texts_are_extractable_for_translation(tmp_path):
    """Every label goes through Qt's translation functions (tr(), or QT_TRANSLATE_NOOP for labels kept in
    constants), so pyside6-lupdate finds them; a translator can make another language without touching the code."""
    lupdate = Path(__import__("PySide6").__file__).parent / "lupdate"
    sources = sorted(str(p) for p in (ROOT / "konsultasjon_app" / "ui").rglob("*.py"))
    ts = tmp_path / "konsultasjon_en.ts"
    subprocess.run([str(lupdate), *sources, "-ts", str(ts)], check=True, capture_output=True)
    text = ts.read_text(encoding="utf-8")
    assert text.count("<message>") > 500
    for label in ("&amp;Avtaleregister", "&amp;Ny avtale …", "Departement", "Ugyldig", "Nøkkel", "Avvik fra mønsteravtalen", "Vedtak mangler"):
        assert f"<source>{label}</source>" in text, label


def _context_menu_of(qtbot, widget) -> list[str]:
    """The texts of the menu Qt opens on a right click on `widget`, closed again (Qt may run it in a loop of its
    own, or just pop it up: read it either way)."""
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QContextMenuEvent

    seen: list[list[str]] = []

    def read_and_close():
        menu = QApplication.activePopupWidget()
        if menu is None:
            QTimer.singleShot(10, read_and_close)
            return
        seen.append([action.text() for action in menu.actions() if not action.isSeparator()])
        menu.close()

    QTimer.singleShot(0, read_and_close)
    QApplication.sendEvent(widget, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(3, 3), widget.mapToGlobal(QPoint(3, 3))))
    qtbot.waitUntil(lambda: bool(seen))
    return seen[0]


def test_the_scroll_bars_menu_and_the_tab_bars_arrows_speak_bokmal(qtbot):
    """A right click on any scroll bar opens Qt's own menu (on Windows too); it read "Scroll here", "Top", "Page up"
    … And the arrows Qt adds to a tab bar too narrow for its tabs (the agreement form's pages) were read out by a
    screen reader as "Scroll Left" / "Scroll Right"."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QScrollBar, QTabWidget, QToolButton, QWidget

    install_language(QApplication.instance())
    vertical, horizontal = QScrollBar(Qt.Orientation.Vertical), QScrollBar(Qt.Orientation.Horizontal)
    for bar in (vertical, horizontal):
        qtbot.addWidget(bar)
        bar.setRange(0, 100)
        bar.resize(200, 200)
        bar.show()
    assert _context_menu_of(qtbot, vertical) == ["Rull hit", "Øverst", "Nederst", "Side opp", "Side ned", "Rull opp", "Rull ned"]
    assert _context_menu_of(qtbot, horizontal) == [
        "Rull hit", "Venstre kant", "Høyre kant", "Side til venstre", "Side til høyre", "Rull til venstre", "Rull til høyre"
    ]

    pages = QTabWidget()
    qtbot.addWidget(pages)
    for title in ("&Grunnlag", "&Parter", "&Innhold", "&Økonomi", "&Undertegnere", "&Vedtak og undertegninger"):
        pages.addTab(QWidget(), title)
    pages.resize(200, 100)
    pages.show()
    arrows = pages.tabBar().findChildren(QToolButton)
    assert any(arrow.isVisible() for arrow in arrows)
    assert sorted(arrow.accessibleName() for arrow in arrows) == ["Rull til høyre", "Rull til venstre"]
