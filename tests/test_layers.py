"""The layers import downward only: domain ← store ← reports, cli ← ui (STYLE.md). Every import counts, also one
made inside a function to keep start-up fast."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "konsultasjon_app"
# What each layer must not import (the command line starts the window, cli → ui: the one import that runs upward).
FORBIDDEN = {
    "domain": ("store", "reports", "cli", "ui"),
    "store": ("reports", "cli", "ui"),
    "reports": ("cli", "ui"),
    "ui": ("cli",),
}


def imported_layers(path: Path) -> set[str]:
    """The konsultasjon_app packages (first level) the module at `path` imports."""
    package = path.relative_to(PACKAGE.parent).parts[:-1]  # what `from .` names, in a package's __init__ too
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name.split(".") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = base + (node.module.split(".") if node.module else [])
            names = [module] if node.module else [module + [alias.name] for alias in node.names]
        else:
            continue
        found.update(name[1] for name in names if len(name) > 1 and name[0] == "konsultasjon_app")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(layer):
    """Was: the window asked the command line which files lie beside the database (cli.common.database_file) and
    how many backups to keep (cli.common.backup_keep): the store's knowledge, now in store.location and store.backup."""
    wrong = {
        str(path.relative_to(PACKAGE.parent)): sorted(imported_layers(path) & set(FORBIDDEN[layer]))
        for path in sorted((PACKAGE / layer).rglob("*.py"))
    }
    assert {name: above for name, above in wrong.items() if above} == {}


def test_the_reader_of_imports_sees_them_all():
    assert imported_layers(PACKAGE / "cli" / "__init__.py") >= {"ui"}  # run_gui, imported inside a function
    assert imported_layers(PACKAGE / "ui" / "app.py") >= {"store", "domain"}
