"""The window's settings: each declared once with its type and default, kept in an INI file in the data folder."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from .. import paths
from ..options import BACKUPS_KEEP, Option

OPTIONS = {
    option.key: option
    for option in (
        Option("window/geometry", QByteArray, QByteArray(), "the main window's size and place"),
        Option("window/tab", int, 0, "the tab open when the window closed"),
        Option("register/header", QByteArray, QByteArray(), "the register table's column order, widths and sorting"),
        Option("register/splitter", QByteArray, QByteArray(), "table and details side by side"),
        Option("form/geometry", QByteArray, QByteArray(), "the agreement form's size and place"),
        Option("form/splitter", QByteArray, QByteArray(), "the form's pages beside the model-agreement check"),
        Option("agenda/splitter", QByteArray, QByteArray(), "meetings above, warnings below"),
        Option("agenda/tree_header", QByteArray, QByteArray(), "the agenda tree's column widths"),
        Option("evaluation/splitter", QByteArray, QByteArray(), "the grid above, the summary below"),
        Option("evaluation/summary_splitter", QByteArray, QByteArray(), "the summary table beside its chart"),
        Option("database/recent", list, [], "the databases opened last, newest first (ui.recent)"),
        # Where each kind of file dialog opens (ui.documents.start_folder): the folder last chosen in it.
        Option("folders/documents", str, "", "the folder agendas, minutes, overviews, calendars and evaluations were last saved in"),
        Option("folders/exchange", str, "", "the folder a bundle or agreement table was last imported from or exported to"),
        Option("folders/attachments", str, "", "the folder a file was last attached from"),
        Option("folders/databases", str, "", "the folder a database was last made in or opened from (Ny database, Åpne)"),
        BACKUPS_KEEP,  # (declared without Qt: the command line reads it too)
    )
}


class AppSettings:
    """QSettings in IniFormat (never the Windows registry), read and written through the declared options."""

    def __init__(self, path: str | None = None):
        self.path = path or str(paths.settings_path())
        self.qsettings = QSettings(self.path, QSettings.Format.IniFormat)

    def get(self, key: str) -> Any:
        option = OPTIONS[key]
        value = self.qsettings.value(key, option.default)
        if option.type is QByteArray:
            return value if isinstance(value, QByteArray) else option.default
        if option.type is list:  # an INI file gives a list of one as its one string
            return [value] if isinstance(value, str) and value else [str(v) for v in value if v] if isinstance(value, list) else []
        return option.value(value)

    def set(self, key: str, value: Any) -> None:
        if key not in OPTIONS:
            raise KeyError(key)
        self.qsettings.setValue(key, value)

    def restore_states(self, states: dict) -> None:
        """Give each widget (a splitter, a header view) the state saved under its key; Qt leaves a widget as it is
        when nothing was saved (an empty state)."""
        for key, widget in states.items():
            widget.restoreState(self.get(key))

    def save_states(self, states: dict) -> None:
        for key, widget in states.items():
            self.set(key, widget.saveState())

    def sync(self) -> None:
        self.qsettings.sync()
