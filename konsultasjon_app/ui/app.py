"""Starting the window: the QApplication, fonts, the database (with clear messages if it cannot open), screenshots."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import traceback
from pathlib import Path

from .. import paths

from ..store.backup import DEFAULT_KEEP
from ..store.session import Session
from .qtbinding import before_qt

APP_TITLE = "Konsultasjon"
SCREENSHOT_SIZE = (1280, 800)


def _register_fonts() -> None:
    """Make the bundled DejaVu fonts available (the PDFs embed them; the offscreen platform may have no fonts)."""
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    if QApplication.platformName() not in ("offscreen", "minimal"):
        return  # a desktop has its own fonts; the bundled ones are for PDFs (reportlab embeds them itself)
    family = None
    for path in sorted(paths.resource("fonts").glob("DejaVuSans*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0 and family is None:
            families = QFontDatabase.applicationFontFamilies(font_id)
            family = families[0] if families else None
    if family:
        # No desktop to take a font from: use the bundled one so that screenshots look the same everywhere.
        QApplication.setFont(QFont(family, 9))


def install_language(app) -> None:
    """Norwegian bokmål throughout: Qt's own texts (button texts, context menus) from resources/translations, and
    dates, month and day names in the date pickers from the nb_NO locale."""
    from PySide6.QtCore import QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway))
    translator = QTranslator(app)
    if translator.load(str(paths.resource("translations", "qtbase_nb.qm"))):
        app.installTranslator(translator)
        app._translators = [translator]  # the application keeps it alive


log_path = paths.log_path  # the log file: konsultasjon.log in the user's data folder


_LOG_BYTES = 1_000_000  # the log file is moved to konsultasjon.log.1 (and those before on to .2, .3) beyond this
_LOG_BACKUPS = 3
_ROTATE_AGAIN_AFTER = 600.0  # seconds: a log file that could not be moved is tried again after this, not at every message


def _rotating_file(path: Path) -> logging.Handler:
    """The log file at `path`, moved aside when it grows beyond _LOG_BYTES. Every window writes the same file (a
    writer and the read-only second window the README offers): on Windows the file cannot be moved while another
    of them has it open (WinError 32). Then this one writes on in the file as it is and tries again later. Was:
    RotatingFileHandler's own rollover, which closed the file and lost every later message of this program (the
    «programfeil» traceback the bug dialog points to too: a windowed program has no stderr to say so), and moved
    an older log file on at every message meanwhile until none was left."""
    from logging.handlers import RotatingFileHandler

    class RotatingFile(RotatingFileHandler):
        rotate_again_at = float("-inf")

        def shouldRollover(self, record: logging.LogRecord) -> bool:  # noqa: N802 - logging's name
            return time.monotonic() >= self.rotate_again_at and bool(super().shouldRollover(record))

        def doRollover(self) -> None:  # noqa: N802 - logging's name
            if self.stream:
                self.stream.close()
                self.stream = None
            # A name of its own each time: one left behind by an earlier rollover (an older log file held open) is
            # never written over (the review found a second one replacing it, a megabyte of log lost).
            aside = f"{self.baseFilename}.{os.getpid()}.{time.time_ns()}.rotating"
            try:
                os.replace(self.baseFilename, aside)  # first: the one move another window refuses, and nothing moved before it
            except OSError:
                self.rotate_again_at = time.monotonic() + _ROTATE_AGAIN_AFTER
            else:
                try:
                    for number in range(self.backupCount - 1, 0, -1):
                        older = f"{self.baseFilename}.{number}"
                        if os.path.exists(older):
                            os.replace(older, f"{self.baseFilename}.{number + 1}")
                    os.replace(aside, f"{self.baseFilename}.1")
                except OSError:  # an older log file held open (a viewer): this one is kept under its own name
                    self.rotate_again_at = time.monotonic() + _ROTATE_AGAIN_AFTER
            self.stream = self._open()

    return RotatingFile(path, maxBytes=_LOG_BYTES, backupCount=_LOG_BACKUPS, encoding="utf-8")


class _RotatingFileOnFirstUse(logging.Handler):
    """A rotating log file in the data folder, found and opened when the first message comes (most runs log
    nothing, and importing logging.handlers and platformdirs is a noticeable part of start-up)."""

    def __init__(self):
        super().__init__()
        self._handler: logging.Handler | None = None
        self._failed = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._handler is None and not self._failed:
            try:
                path = log_path()
                path.parent.mkdir(parents=True, exist_ok=True)
                self._handler = _rotating_file(path)
            except OSError:
                self._failed = True  # a read-only data folder: the program works on, without a log
                return
            self._handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        if self._handler is not None:
            self._handler.emit(record)

    def close(self) -> None:
        if self._handler is not None:
            self._handler.close()
        super().close()


def setup_logging() -> None:
    """Log to a rotating file in the data folder (`log_path()`): a windowed program has no console to print to."""
    root = logging.getLogger()
    if not any(isinstance(h, _RotatingFileOnFirstUse) for h in root.handlers):
        root.addHandler(_RotatingFileOnFirstUse())
        root.setLevel(logging.INFO)


def _install_excepthook() -> None:
    """A bug shows a dialog with the traceback and goes to the log file; the data already stored is safe."""
    from PySide6 import QtWidgets  # QMessageBox is looked up when a bug happens: PySide makes a class when first used
    from PySide6.QtWidgets import QApplication

    def hook(exc_type, exc, tb):
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        logging.getLogger("konsultasjon").error("programfeil:\n%s", text)
        sys.__excepthook__(exc_type, exc, tb)
        if QApplication.instance() is not None and QApplication.platformName() not in ("offscreen", "minimal"):
            box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Critical, APP_TITLE, "Det oppstod en programfeil. Alt som var lagret, er i behold.")
            try:
                where = f"Feilen er skrevet til {log_path()}."
            except Exception:  # noqa: BLE001 - the report of a bug must not fail for want of a log path
                where = ""
            box.setInformativeText(where)
            box.setDetailedText(text)
            box.exec()

    sys.excepthook = hook


def _open_session(args: argparse.Namespace, keep: int, settings=None):
    """Open the database the arguments name; problems are explained (and, where possible, solved with the user's
    help: read-only when in use, a backup when damaged). A screenshot only reads, and never asks."""
    from ..domain.problems import InvalidInput
    from .errors import EXPECTED, environment_message

    if args.db is not None:
        path = Path(args.db)
    elif args.demo:
        path = paths.demo_db_path()
    elif settings is not None:  # the one used last on this machine (ui.recent), asking if it is not there
        from .recent import start_database

        chosen = start_database(settings)
        if chosen is None:
            return None
        path, args.kept_last = chosen
    else:
        path = paths.default_db_path()
    try:
        if args.demo and args.db is None:
            from ..store.demo import ensure_demo

            ensure_demo(path)
        if args.screenshot:
            if not path.exists():  # a screenshot shows a database; it never makes one
                print(f"error: {path}: the database does not exist", file=sys.stderr)
                return None
            return _session_for_screenshot(path)
    except EXPECTED as exc:
        message = exc.describe() if isinstance(exc, InvalidInput) else exc.message
        print(f"error: {message}", file=sys.stderr)
        if not args.screenshot:  # a windowed program has no console: say it where the user looks
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, APP_TITLE, environment_message(exc))
        return None
    if args.db is not None and not _named_database_may_open(path):
        return None
    from .opening import open_database

    forgotten: list[Path] = []

    def forget_last(gone: Path) -> None:
        from .recent import forget

        forget(settings, gone)
        forgotten.append(gone)

    # The one used last, from Nylig brukte (recent.start_database): when it is gone while its backups lie beside it,
    # «Fjern fra listen» is offered as the menu offers it, and «Finn den …» takes its old name off the list.
    last_used = args.db is None and not args.demo and path != paths.default_db_path()
    from_list = settings is not None and last_used
    session = open_database(path, keep=keep, forget=forget_last if from_list else None)
    if session is None and forgotten:
        # Taken off the list: not tried again at the next start, so not said to be; the default database opens, as
        # a start with nothing on the list does.
        return open_database(paths.default_db_path(), keep=keep)
    if session is None and last_used:
        # The database used last could not be opened (why was said): the window opens on the default one rather
        # than not at all, and the next start tries the last one again. Was: no start got past it.
        from PySide6.QtWidgets import QMessageBox

        from .widgets import fill

        default = paths.default_db_path()
        answer = QMessageBox.information(
            None, APP_TITLE,
            fill(QMessageBox.tr("Databasen %1 ble ikke åpnet. Standarddatabasen %2 åpnes i stedet (Avbryt avslutter); neste gang "
                                "programmet starter, prøver det %1 igjen (den ligger også under Fil → Nylig brukte)."), path, default),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        )
        args.kept_last = path
        if answer == QMessageBox.StandardButton.Cancel:
            return None
        session = open_database(default, keep=keep)
    return session


def _session_for_screenshot(path: Path) -> Session:
    """The database as a command that only reads opens it (cli.common.read_register): without the writer's lock,
    as it is. One of an older version is upgraded only while no other program has it open for writing (else read
    through an upgraded copy in memory), and one that cannot be written (a read-only drive) is read read-only.
    Was: opened for writing, so an older one was upgraded and backed up under another program's lock."""
    from ..store.backup import keep_setting  # the user's Behold sikkerhetskopier, as the commands keep backups
    from ..store.database import Store

    session = Session(Store.for_reading(path, backup_keep=keep_setting))  # (closed by Session if it cannot be read)
    if session.store.upgraded is not None:  # said as the commands say it (cli.common.tell_upgraded)
        print(f"note: {session.store.upgraded.message}", file=sys.stderr)
    return session


def _named_database_may_open(path: Path) -> bool:
    """A database named by --db (a shortcut, a script) that is a folder, or lies under a file, is told as such (it
    was "kan ikke åpnes", or "disk- eller nettverksfeil"); one that does not exist is made only when the user says
    so (a typo in a shortcut quietly started an empty register)."""
    from PySide6.QtWidgets import QMessageBox

    from .. import files

    problem = files.FileAccessError("is-directory", path) if path.is_dir() else files.folder_problem(path)
    if problem is not None and problem.kind != "missing-folder":
        print(f"error: {problem.message}", file=sys.stderr)
        QMessageBox.critical(None, APP_TITLE, problem.message_nb)
        return False
    from ..store.backup import list_backups
    from .widgets import fill

    if path.exists() or list_backups(path):  # gone with its backups beside it: opening offers them (ui.opening)
        return True
    where = fill(QMessageBox.tr("Databasen %1 finnes ikke, og heller ikke mappen %2.") if problem is not None
                 else QMessageBox.tr("Databasen %1 finnes ikke."), path, path.parent)
    answer = QMessageBox.question(None, APP_TITLE, where + "\n\n" + QMessageBox.tr("Vil du lage en ny, tom database der?"))
    return answer == QMessageBox.StandardButton.Yes


def run_gui(args: argparse.Namespace) -> int:
    if args.screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no screen
    before_qt()  # quickenum, shiboken6 through codecache, the quicker feature check: see ui.qtbinding
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName(APP_TITLE)
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(paths.resource("icons", "app.svg"))))
    _register_fonts()
    install_language(app)
    setup_logging()
    _install_excepthook()
    from .settings import AppSettings

    # A screenshot shows the window as it comes, not as this machine's user last left it.
    settings = None if args.screenshot else AppSettings()
    session = _open_session(args, keep=settings.get("backups/keep") if settings else DEFAULT_KEEP, settings=settings)
    if session is None:
        return 3
    from .bridge import SessionBridge
    from .main_window import MainWindow
    from .widgets import fit_to_screen

    bridge = SessionBridge(session)
    window = MainWindow(bridge, settings=settings)
    if settings is not None and getattr(args, "kept_last", None) is not None:
        from .recent import remember

        remember(settings, args.kept_last)  # the default was opened for now: the next start tries the last again
    if args.screenshot:
        window.resize(*SCREENSHOT_SIZE)  # whatever the screen (offscreen's is 800 wide): laid out once, at its size
    else:
        fit_to_screen(window, *SCREENSHOT_SIZE)  # a laptop at 125-150 % scaling has less than 1280x800
    if settings is not None:
        window.restore_layout()
    if args.tab:
        window.show_tab(args.tab)
    if args.screenshot:
        return _screenshot(app, window, Path(args.screenshot))
    window.show()
    from .. import gcpolicy

    gcpolicy.started()  # what the start made lives as long as the window: later collections need not look at it
    code = app.exec()
    bridge.close()
    return code


def painted(app, window):
    """The window's pixels as it painted them when shown. On the offscreen platform (a screenshot's, unless the
    environment names another), the screen's copy of that paint: `grab()` would paint the whole window once more
    (24-33 ms with the register's table or the year's agenda, against 5 ms for the copy; bench/RESULTS.md, 24th
    round), for the same pixels. On a real screen another program's window may cover it: painted again there."""
    handle = window.windowHandle()
    if app.platformName() == "offscreen" and handle is not None:
        shown = handle.screen().grabWindow(window.winId())
        ratio = window.devicePixelRatioF()
        if not shown.isNull() and (shown.width(), shown.height()) == (round(window.width() * ratio), round(window.height() * ratio)):
            return shown
    return window.grab()


def _screenshot(app, window, out: Path) -> int:
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    app.processEvents()
    image = painted(app, window)
    window.hide()  # shown only to be painted: in a process that goes on (the tests), no longer the active window
    window.bridge.close()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from .. import files

    png = QByteArray()
    buffer = QBuffer(png)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    encoded = image.save(buffer, "PNG")
    buffer.close()
    if not encoded:  # a bug or a broken Qt installation (no PNG writer), not the disk: said, nothing written
        print(f"error: {out}: the window could not be encoded as PNG; nothing was written", file=sys.stderr)
        return 3
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        # The old screenshot or the whole new one: a full disk or a write-protected file leaves the one there.
        files.write_atomic(out, png.data(), durable=False)
    except OSError as exc:
        print(f"error: {files.os_error(exc, out).message}", file=sys.stderr)
        return 3
    except files.FileAccessError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2 if exc.kind in files.INPUT_KINDS else 3  # as the commands' output files (cli.file_error_code)
    return 0
