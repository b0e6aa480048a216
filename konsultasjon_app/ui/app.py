"""Starting the window: the QApplication, fonts, the database (with clear messages if it cannot open), screenshots."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from .. import files, paths

APP_TITLE = "Konsultasjon"
SCREENSHOT_SIZE = (1280, 800)


def _register_fonts() -> None:
    """Make the bundled DejaVu fonts available (the PDFs embed them; the offscreen platform may have no fonts)."""
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    family = None
    for path in sorted(paths.resource("fonts").glob("DejaVuSans*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0 and family is None:
            families = QFontDatabase.applicationFontFamilies(font_id)
            family = families[0] if families else None
    if family and QApplication.platformName() in ("offscreen", "minimal"):
        # No desktop to take a font from: use the bundled one so that screenshots look the same everywhere.
        QApplication.setFont(QFont(family, 9))


def _install_excepthook() -> None:
    """A bug shows a dialog with the traceback and is written to the log file in the data folder."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    def hook(exc_type, exc, tb):
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log_path = paths.data_dir() / "konsultasjon.log"
        try:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            with open(log_path, "a", encoding="utf-8") as fh:
                fh.write(text + "\n")
        except OSError:
            pass
        sys.__excepthook__(exc_type, exc, tb)
        if QApplication.instance() is not None and QApplication.platformName() not in ("offscreen", "minimal"):
            box = QMessageBox(QMessageBox.Icon.Critical, APP_TITLE, "Det oppstod en programfeil. Ingen lagrede data er tapt.")
            box.setInformativeText(f"Feilen er skrevet til {log_path}.")
            box.setDetailedText(text)
            box.exec()

    sys.excepthook = hook


def _open_session(args: argparse.Namespace):
    """Open the database the arguments name; on failure, a message box (or stderr) and None."""
    from ..domain.problems import InvalidInput
    from ..store.demo import ensure_demo
    from ..store.errors import StoreError
    from ..store.session import Session

    if args.db is not None:
        path = Path(args.db)
    elif args.demo:
        path = paths.demo_db_path()
    else:
        path = paths.default_db_path()
    try:
        if args.demo and args.db is None:
            ensure_demo(path)
        return Session.open(path)
    except (StoreError, files.FileAccessError, InvalidInput) as exc:
        message = exc.describe(norwegian=True) if isinstance(exc, InvalidInput) else exc.message_nb
        print(f"error: {getattr(exc, 'message', message)}", file=sys.stderr)
        if not args.screenshot:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, APP_TITLE, message)
        return None


def run_gui(args: argparse.Namespace) -> int:
    if args.screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no screen
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName(APP_TITLE)
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(paths.resource("icons", "app.svg"))))
    _register_fonts()
    _install_excepthook()

    session = _open_session(args)
    if session is None:
        return 3
    from .bridge import SessionBridge
    from .main_window import MainWindow

    from .settings import AppSettings

    bridge = SessionBridge(session)
    # A screenshot shows the window as it comes, not as this machine's user last left it.
    settings = None if args.screenshot else AppSettings()
    window = MainWindow(bridge, settings=settings)
    window.resize(*SCREENSHOT_SIZE)
    if settings is not None:
        window.restore_layout()
        window.agenda_tab.restore_layout(settings)
    if args.tab:
        window.show_tab(args.tab)
    if args.screenshot:
        return _screenshot(app, window, Path(args.screenshot))
    window.show()
    code = app.exec()
    bridge.close()
    return code


def _screenshot(app, window, out: Path) -> int:
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    app.processEvents()
    image = window.grab()
    window.bridge.close()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"error: {out}: {exc.strerror}", file=sys.stderr)
        return 3
    if not image.save(str(out), "PNG"):
        print(f"error: {out}: could not write the PNG", file=sys.stderr)
        return 3
    return 0
