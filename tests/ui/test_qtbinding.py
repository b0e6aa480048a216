"""PySide6's question of every imported module, "does it use PySide6?", answered from the file's bytes
(ui.qtbinding): the same answer as PySide6's own reading of the source, without the source kept in memory."""

from __future__ import annotations

import importlib.util
import json
import linecache
import os
import py_compile
import subprocess
import sys
import types

import pytest

from konsultasjon_app.store.demo import ensure_demo
from konsultasjon_app.ui import qtbinding


@pytest.fixture
def feature():
    """PySide6's feature module, with its own check in place for the test and whatever was there put back after."""
    import shiboken6  # noqa: F401 - loads shibokensupport

    module = sys.modules[qtbinding._FEATURE_MODULE]
    before = module._mod_uses_pyside
    module._mod_uses_pyside = getattr(before, "original", before)
    yield module
    module._mod_uses_pyside = before


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_module_loaded_gets_the_answer_pyside6_gives(feature):
    original = feature._mod_uses_pyside
    quick = qtbinding.quick_check(original)
    modules = [m for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)]
    answers = [(m.__name__, quick(m), original(m)) for m in modules]
    assert [a for a in answers if a[1] != a[2]] == []
    # Both answers occur: the program's window modules use PySide6, the domain's do not.
    assert ("konsultasjon_app.ui.widgets", True, True) in answers
    assert ("konsultasjon_app.domain.model", False, False) in answers


@pytest.mark.parametrize(
    ("source", "uses"),
    [
        ("from PySide6.QtCore import Qt\n", True),
        ("# -*- coding: latin-1 -*-\n# Vises med PySide6 på skjermen: «æøå»\nX = 1\n", True),
        ("# -*- coding: latin-1 -*-\nX = 'æøå'\n", False),
        ("NAME = 'PySide6'\n", True),
        ("NAME = 'PySide2'\n", False),
        ("", False),
    ],
)
def test_a_source_file_gets_the_answer_pyside6_gives(feature, tmp_path, source, uses):
    path = tmp_path / "kilde.py"
    path.write_bytes(source.encode("latin-1" if "latin-1" in source else "utf-8"))
    module = load(path, "kilde")
    original = feature._mod_uses_pyside
    assert qtbinding.quick_check(original)(module) is uses
    assert original(module) is uses


def test_a_module_without_its_source_file_is_asked_as_pyside6_asks_it(feature, tmp_path):
    """Only bytecode (as in the built program), and a module whose source is gone since: PySide6's own check answers."""
    path = tmp_path / "kilde.py"
    path.write_text("from PySide6.QtCore import Qt\n", encoding="utf-8")
    compiled = tmp_path / "bare.pyc"
    py_compile.compile(str(path), cfile=str(compiled), doraise=True)
    sourceless = load(compiled, "bare")
    gone = load(path, "borte")
    path.unlink()
    linecache.checkcache()
    asked = []

    def original(module):
        asked.append(module.__name__)
        return feature._mod_uses_pyside(module)

    quick = qtbinding.quick_check(original)
    assert quick(sourceless) is False and quick(gone) is False
    assert quick(sys) is False  # built in: no file at all
    assert asked == ["bare", "borte", "sys"]


def test_the_check_is_put_in_place_once_and_only_where_pyside6_has_it(feature, monkeypatch):
    original = feature._mod_uses_pyside
    assert qtbinding.quicken_feature_check() is True
    quick = feature._mod_uses_pyside
    assert quick is not original and quick.original is original
    assert qtbinding.quicken_feature_check() is True
    assert feature._mod_uses_pyside is quick  # not wrapped twice

    monkeypatch.setitem(sys.modules, qtbinding._FEATURE_MODULE, types.ModuleType("feature"))  # another PySide6
    assert qtbinding.quicken_feature_check() is False


def test_the_built_program_keeps_pyside6s_own_check(feature, monkeypatch):
    """PyInstaller's program has no source files: PySide6's check finds none at once, and opening each would cost."""
    original = feature._mod_uses_pyside
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert qtbinding.quicken_feature_check() is False
    assert feature._mod_uses_pyside is original


def test_a_new_window_process_checks_quickly_and_keeps_no_module_sources(tmp_path):
    """In a process of its own, as users start it: the window's modules are checked (those using PySide6 are found to),
    and none of the modules' source is left in memory (only what shiboken6's own import names before the check can be
    replaced). Was: some eighty modules read and kept, 13-19 ms."""
    db = tmp_path / "demo.sqlite3"
    ensure_demo(db)
    script = (
        "import json, linecache, sys\n"
        "from konsultasjon_app.cli import run_program\n"
        "code = run_program(sys.argv[1:])\n"
        "feature = sys.modules['shibokensupport.feature']\n"
        "print(json.dumps({'code': code, 'quick': getattr(feature._mod_uses_pyside, 'quick', False),\n"
        "    'answers': feature.pyside_feature_dict, 'sources': [f for f in linecache.cache if f.endswith('.py')]}))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KONSULTASJON_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-c", script, "--db", str(db), "--screenshot", str(tmp_path / "s.png")],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["code"] == 0 and seen["quick"] is True
    answers = seen["answers"]
    assert answers["konsultasjon_app.ui.widgets"] == 0 and answers["konsultasjon_app.ui.main_window"] == 0  # use PySide6
    assert answers["typing"] == -1 and answers["konsultasjon_app.domain.changes"] == -1  # do not
    # Only what shiboken6's own import names before its check can be replaced (shiboken6 itself, enum).
    assert [f for f in seen["sources"] if not f.endswith(("shiboken6/__init__.py", "shiboken6\\__init__.py", "enum.py"))] == []


def test_the_window_start_keeps_fills_on_the_painting_thread(monkeypatch):
    """Qt's switch is set before Qt is imported (before_qt), and a value the environment has already is left alone."""
    monkeypatch.delenv(qtbinding.NO_GUI_THREADPOOL, raising=False)
    qtbinding.before_qt()
    assert os.environ[qtbinding.NO_GUI_THREADPOOL] == "1"
    monkeypatch.setenv(qtbinding.NO_GUI_THREADPOOL, "")
    qtbinding.paint_on_one_thread()
    assert os.environ[qtbinding.NO_GUI_THREADPOOL] == ""


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts the process's threads in /proc (Linux)")
def test_a_new_window_process_paints_without_qts_thread_pool(tmp_path):
    """In a process of its own, started without the switch in its environment: the window is painted and saved, and
    the process has no thread but its own (Qt's pool starts two on this machine at the first large fill, and keeps
    them 30 s). The screenshot is the same either way (bench/RESULTS.md, twenty-third round)."""
    db = tmp_path / "demo.sqlite3"
    ensure_demo(db)
    script = (
        "import json, os, sys\n"
        "from konsultasjon_app.cli import run_program\n"
        "code = run_program(sys.argv[1:])\n"
        "print(json.dumps({'code': code, 'threads': len(os.listdir('/proc/self/task')),\n"
        "    'switch': os.environ.get('QT_NO_GUI_THREADPOOL')}))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KONSULTASJON_DATA_DIR": str(tmp_path / "data")}
    env.pop(qtbinding.NO_GUI_THREADPOOL, None)
    done = subprocess.run(
        [sys.executable, "-c", script, "--db", str(db), "--screenshot", str(tmp_path / "s.png")],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen == {"code": 0, "threads": 1, "switch": "1"}
    assert (tmp_path / "s.png").stat().st_size > 10_000
