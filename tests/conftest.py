"""Shared test set-up: headless Qt, a private data folder, and the demo bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Before anything imports Qt: no screen is needed, and nothing touches the real user's data folder.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path_factory, monkeypatch):
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("KONSULTASJON_DATA_DIR", str(data))
    return data


@pytest.fixture
def demo_bundle_path() -> Path:
    return ROOT / "db" / "demo" / "demo-bundle.json"
