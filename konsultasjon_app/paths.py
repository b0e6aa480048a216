"""Where things are: the program's own resources (source tree or frozen bundle) and the user's data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Konsultasjon"
DB_FILENAME = "konsultasjon.sqlite3"
DEMO_DB_FILENAME = "demo.sqlite3"


def program_root() -> Path:
    """The folder holding `resources/` and `db/`: the PyInstaller bundle when frozen, else the source tree."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource(*parts: str) -> Path:
    """A file under `resources/` (fonts, icons, translations)."""
    return program_root().joinpath("resources", *parts)


def db_file(*parts: str) -> Path:
    """A file under `db/` (migrations, demo data)."""
    return program_root().joinpath("db", *parts)


def data_dir() -> Path:
    """The user's data folder: %LOCALAPPDATA%\\Konsultasjon on Windows, the XDG data folder on Linux.

    KONSULTASJON_DATA_DIR overrides it (tests and portable installs use that).
    """
    override = os.environ.get("KONSULTASJON_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def settings_path() -> Path:
    """The window's settings file (ui.settings), whose `backups/keep` the command line follows as well."""
    return data_dir() / "konsultasjon.ini"


def log_path() -> Path:
    """The log file (ui.app's handler writes it when the first message comes): konsultasjon.log in the data folder."""
    return data_dir() / "konsultasjon.log"


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def demo_db_path() -> Path:
    return data_dir() / DEMO_DB_FILENAME
