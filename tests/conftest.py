"""Shared test set-up: headless Qt, a private data folder, and the demo bundle."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

# Before anything imports Qt: no screen is needed, and nothing touches the real user's data folder.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
GUARD = ROOT / "tests" / "guard"
# Processes the tests start find the package and the no-network guard (tests/guard/sitecustomize.py).
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(GUARD), str(ROOT), os.environ.get("PYTHONPATH", "")) if p)

# The enum classes PySide6 makes are made as the program's start has them made (konsultasjon_app/quickenum.py), and
# Qt paints on one thread as the program's start has it paint (ui.qtbinding), so that the tests drive what users get.
from konsultasjon_app import quickenum  # noqa: E402
from konsultasjon_app.ui.qtbinding import paint_on_one_thread  # noqa: E402

quickenum.install()
paint_on_one_thread()

# No network, ever: the program works offline in the meeting room. A socket opened in this process is recorded
# and fails the test that opened it (even if the program caught the error).
SOCKET_ATTEMPTS: list[str] = []
_RealSocket = socket.socket


class _NoNetwork(_RealSocket):
    def __init__(self, *args, **kwargs):
        SOCKET_ATTEMPTS.append("".join(traceback.format_stack(limit=8)))
        raise OSError("konsultasjon must not use the network (the tests forbid sockets)")


socket.socket = _NoNetwork


@pytest.fixture(autouse=True)
def no_network():
    SOCKET_ATTEMPTS.clear()
    yield
    assert not SOCKET_ATTEMPTS, "the program opened a socket:\n" + SOCKET_ATTEMPTS[0]


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path_factory, monkeypatch):
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("KONSULTASJON_DATA_DIR", str(data))
    return data


@pytest.fixture(autouse=True)
def program_log_handlers_removed():
    """The log handler the program's start puts on the root logger (ui.app.setup_logging, run by a test of
    `main`) goes when the test ends: left, it wrote a later test's messages into that test's data folder, and a
    check of the log there depended on the order the tests ran in."""
    import logging

    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in before and type(handler).__module__.startswith("konsultasjon_app"):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture(autouse=True)
def held_files_tried_quickly(monkeypatch):
    """A file another program holds (simulated) is tried again as often as the program does, without its waits
    (about a second each time); returns the program's own waits, for the test that times them."""
    from konsultasjon_app import files

    real = files._HELD_WAITS
    monkeypatch.setattr(files, "_HELD_WAITS", tuple(0.001 for _ in real))
    return real


@pytest.fixture
def viewing_copies(tmp_path, monkeypatch) -> Path:
    """The system's temporary folder, for this test only, where attachments are opened from (their viewing copies);
    no session folder of them made yet."""
    import tempfile

    from konsultasjon_app.store import attachments

    temp = tmp_path / "Temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(attachments, "_viewing", None)
    return temp


@pytest.fixture
def demo_bundle_path() -> Path:
    from konsultasjon_app.store.demo import demo_bundle_path as path

    return path()


@pytest.fixture
def read_only_drive(tmp_path):
    """A real file system mounted read-only (where this machine lets the tests mount one: root on Linux), as a
    write-protected USB stick, a CD or a share one may only read: (the drive, make_read_only())."""
    drive = tmp_path / "drive"
    drive.mkdir()
    if os.name == "nt" or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(drive)], check=False, capture_output=True).returncode != 0:
        pytest.skip("no file system can be mounted here")

    def make_read_only() -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(drive)], check=True)

    try:
        yield drive, make_read_only
    finally:
        subprocess.run(["umount", str(drive)], check=True)
