"""The demo database: made from db/demo/demo-bundle.json in its own file, never over the user's data."""

from __future__ import annotations

from pathlib import Path

from .. import paths
from .exchange import import_bundle
from .session import Session


def demo_bundle_path() -> Path:
    return paths.db_file("demo", "demo-bundle.json")


def ensure_demo(path: Path) -> None:
    """Create the demo database at `path` if it does not exist yet."""
    if path.exists():
        return
    session = Session.open(path)
    try:
        import_bundle(session, demo_bundle_path())
    finally:
        session.close()

