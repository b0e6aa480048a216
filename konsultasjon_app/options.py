"""The program's options kept in its settings file, declared once with type, default and limits. No Qt here, so
that the command line can read the window's settings file too (`read`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Option:
    """A setting of the program (kept by QSettings in the window): its key, type, default, what it is for, and for
    a number the lowest and highest it may be."""

    key: str
    type: type
    default: Any
    doc: str
    limits: tuple[int, int] | None = None

    def clamp(self, value: Any) -> Any:
        """`value` within the option's limits: a number beyond them counts as the nearest limit."""
        if self.limits is None:
            return value
        low, high = self.limits
        return min(max(value, low), high)

    def value(self, stored: Any) -> Any:
        """The option's value from what the settings file holds: of its type and within its limits, or the default
        if it is none of its type."""
        try:
            value = self.type(stored)
        except (TypeError, ValueError):
            return self.default
        return self.clamp(value)


BACKUPS_KEEP = Option("backups/keep", int, 10, "how many backups of the database to keep", (1, 100))


def read(option: Option, path: Path) -> Any:
    """`option` as the settings file at `path` holds it, read without Qt. QSettings writes it as `keep=30` under
    `[backups]`; missing or unreadable: the default."""
    section_name, _, key = option.key.rpartition("/")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return option.default
    section, stored = None, None
    for line in map(str.strip, lines):
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == (section_name or "General") and line.partition("=")[0].strip() == key:
            stored = line.partition("=")[2].strip().strip('"')
    return option.default if stored is None else option.value(stored)
