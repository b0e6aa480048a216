"""Writing a printed document or a workbook from a tab: where to save it, the file written whole or not at all,
a PDF opened in the system's viewer (from which the secretary prints), and the status bar told."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtWidgets  # the dialogs' classes are looked up when a document is saved
from PySide6.QtCore import QT_TRANSLATE_NOOP, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMainWindow, QWidget

from .. import files
from .errors import EXPECTED, environment_message
from .widgets import busy, fill, ui_text


def status_message(owner: QWidget, text: str) -> None:
    """A short message in the status bar of the window `owner` is in."""
    window = owner.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 6000)


def open_file(owner: QWidget, path: Path, name: str | None = None, missing_hint: str = "") -> bool:
    """Open a file in the program the system has for it. A file that is not there (deleted, or its folder not
    copied along) and a file the system will not open (no program for its type) are told by `name` (the file's
    own by default), with `missing_hint` after the first: QDesktopServices.openUrl says neither itself, and the
    user would see nothing happen. True when it was handed over."""
    name = name or path.name
    title = ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Kan ikke åpne filen"))
    if not path.is_file():
        text = fill(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "«%1» finnes ikke: %2")), name, path)
        QtWidgets.QMessageBox.warning(owner, title, f"{text}\n\n{missing_hint}" if missing_hint else text)
        return False
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        QtWidgets.QMessageBox.warning(owner, title, fill(ui_text(QT_TRANSLATE_NOOP(
            "Konsultasjon", "«%1» kunne ikke åpnes. Finnes det et program for denne filtypen? Filen ligger i %2.")), name, path.parent))
        return False
    return True


def start_folder(owner: QWidget, kind: str) -> Path:
    """Where a file dialog for `kind` of file ("documents", "exchange", "attachments") opens: the folder last chosen
    in one (kept in the program's settings) while it is there, else the user's Documents folder. Was: the home
    folder (C:\\Users\\<name> on Windows) every time, so the secretary looked for the folder again for each agenda."""
    settings = _settings_of(owner)
    remembered = settings.get(f"folders/{kind}") if settings is not None else ""
    if remembered and _answers_in_time(Path(remembered)):  # not a network drive not connected now, nor a folder removed
        return Path(remembered)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


FOLDER_WAIT_S = 0.5  # how long a remembered folder may take to say it is there (a share out of reach takes many seconds)


def _answers_in_time(folder: Path) -> bool:
    """Whether `folder` is there, asked on a thread of its own and waited for FOLDER_WAIT_S at most: on Windows a share
    out of reach (the laptop offline in the meeting room) takes many seconds to say it is not, and the window would
    hang before every file dialog. One that does not answer in time counts as not there (its thread ends on its own)."""
    import threading

    found: list[bool] = []
    asking = threading.Thread(target=lambda: found.append(folder.is_dir()), daemon=True)
    asking.start()
    asking.join(FOLDER_WAIT_S)
    return bool(found and found[0])


def remember_folder(owner: QWidget, kind: str, chosen: Path | str) -> None:
    """Keep the folder of the file `chosen` in a dialog for `kind` of file, for the next one (start_folder)."""
    settings = _settings_of(owner)
    if settings is not None:
        settings.set(f"folders/{kind}", str(Path(chosen).parent))


def _settings_of(owner: QWidget):
    """The program's settings (AppSettings) of the window `owner` is in; None for a window that keeps none (a
    screenshot's)."""
    from .settings import AppSettings

    widget = owner
    while widget is not None:
        settings = getattr(widget, "settings", None)
        if isinstance(settings, AppSettings):
            return settings
        widget = widget.parentWidget()
    return None


def file_name(text: str) -> str:
    """`text` as a file's name on every system: a character Windows forbids in a name (a criteria set keyed
    "monsteravtale-2026/27") is a "-"; the save dialog had proposed a folder that does not exist."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "-", text).strip(" .") or "dokument"


def with_suffix(owner: QWidget, name: str, suffix: str, known: tuple[str, ...] = ()) -> Path | None:
    """The file to write for the name chosen in a save dialog: `suffix` added when the name ends in neither it nor
    one of the `known` ones. Added, never put in place of what follows the last dot: "Avtaler per 15.06" and
    "Dagsorden 2. konsultasjonsmøte 2006" hold a dot, and Path.with_suffix would write over "Avtaler per 15.xlsx".
    The save dialog asked before replacing the name typed, not the one with the suffix added, so that question is
    asked here; None when the user will not replace the file."""
    path = Path(name)
    if path.suffix.lower() == suffix or path.suffix.lower() in known:
        return path
    path = path.with_name(path.name + suffix)
    if path.exists():
        answer = QtWidgets.QMessageBox.question(
            owner,
            ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Lagre")),
            fill(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "«%1» finnes allerede i %2. Vil du erstatte den?")), path.name, path.parent),
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
            QtWidgets.QMessageBox.StandardButton.No,
        )
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return None
    return path


def database_refusal(owner: QWidget, path: Path) -> str | None:
    """Why `path` may not be written, if it names the database open in `owner`'s window or a file kept beside it
    (its -wal, -shm or lock file): a document written there would replace the register, and the window would go on
    writing to a file that is no longer there. None when it names neither."""
    from ..store.location import database_file  # the command line refuses the same outputs
    from .bridge import SessionBridge

    widget = owner
    while widget is not None and not isinstance(getattr(widget, "bridge", None), SessionBridge):
        widget = widget.parentWidget()
    if widget is None:
        return None
    database = widget.bridge.session.path
    part = database_file(path, database)
    if part is None:
        return None
    if part == "":
        text = ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "%1 er databasen som er åpen. Den skrives ikke over; velg et annet filnavn."))
    else:
        text = ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "%1 er en fil som hører til databasen som er åpen (%2). Den skrives ikke over; "
                                                         "velg et annet filnavn."))
    return fill(text, path, database)


def save_document(owner: QWidget, default_name: str, pattern: str, produce: Callable[[Path], bytes], path: Path | None = None,
                  *, suffix: str | None = None) -> Path | None:
    """Ask where to save (unless `path` is given; `suffix` is added when the user leaves it out), make the document
    with `produce(path)` and write it, under the wait cursor (a report of a large register takes seconds). A
    document the register cannot support, or an error of input or environment, is told in a dialog and nothing is
    written; None then, and when the user cancels."""
    from ..reports import ReportError

    if path is None:
        start = start_folder(owner, "documents")
        name, _ = QtWidgets.QFileDialog.getSaveFileName(owner, ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Lagre")), str(start / default_name), pattern)
        if not name:
            return None
        remember_folder(owner, "documents", name)
        path = with_suffix(owner, name, suffix) if suffix else Path(name)
        if path is None:
            return None
    refused = database_refusal(owner, path)
    if refused is not None:
        QtWidgets.QMessageBox.warning(owner, ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Ikke skrevet")), refused)
        return None
    try:
        with busy(owner, ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Lager «%1» …")).replace("%1", path.name)):
            files.write_atomic(path, produce(path))
    except (ReportError, *EXPECTED) as exc:  # told once the wait cursor is gone
        message = exc.message_nb if isinstance(exc, ReportError) else environment_message(exc)
        QtWidgets.QMessageBox.warning(owner, ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Ikke skrevet")), message)
        return None
    if path.suffix.lower() == ".pdf":
        open_file(owner, path)  # written either way; a viewer that will not start is told
    status_message(owner, ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Skrev %1")).replace("%1", str(path)))
    return path
