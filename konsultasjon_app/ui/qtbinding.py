"""What the window's start puts in place before Qt: a quicker answer to the question PySide6 asks of every module
the program imports, and painting on one thread.

PySide6 replaces Python's `__import__`. After each import statement that runs once PySide6 is loaded, it asks of
the module the statement named, once per module, whether the module uses PySide6: the answer decides whether its
"features" (`from __feature__ import snake_case`) are switched for calls from that module. It answers by reading
the module's whole source with `inspect.getsource` and looking for the word "PySide6" (shibokensupport's
`feature._mod_uses_pyside`, PYSIDE-2029). `inspect` reads through `linecache`: it decodes the file, splits it into
lines, and keeps them for the life of the process. The window's modules and PySide6's own name some fifty modules in
their import statements, the standard library's among them (typing, argparse, logging, datetime, dataclasses, ...),
whether or not they were imported before PySide6: 11-13 ms of the start-up, and 2 MiB of sources kept in memory
(bench/RESULTS.md, twentieth round).

`quicken_feature_check()` gives PySide6 the same answer from the file's bytes: every encoding Python reads source
in writes ASCII as ASCII, so the word is in the bytes exactly when it is in the text. A module
without a readable `.py` file (built in, frozen, from a zip, only bytecode) is asked the way PySide6 asks it. In the
built program (PyInstaller), which has no source files, and where PySide6 has no such function (another version),
nothing is changed.

`paint_on_one_thread()` keeps Qt's raster painting on the thread that paints. By default Qt hands every fill of
96 spans or more (a widget's background, a table's rows) to a pool of threads and waits for them
(QT_THREAD_PARALLEL_FILLS in Qt's qdrawhelper.cpp). For fills the size of a form's, the hand-off (waking the
threads, switching to them and back) costs more than the fill: on the benchmark machine (two cores), a paint of the
register tab took 21-28 ms with the pool and 16-18 ms without, and the start-up fell by some 24 ms (bench/RESULTS.md,
twenty-third round). Qt's own switch for it is the environment variable QT_NO_GUI_THREADPOOL, read once, at the
first fill. The pixels are the same.

`before_qt()` puts these in place with what else the window's start needs before Qt is imported, in one place for
the two that call it: `ui.app.run_gui`, and the built program's run-time hook (packaging/rthook_start.py), which runs
before PyInstaller's own hook imports QtCore.
"""

from __future__ import annotations

import os
import sys

from .. import codecache, quickenum

_FEATURE_MODULE = "shibokensupport.feature"
NO_GUI_THREADPOOL = "QT_NO_GUI_THREADPOOL"  # Qt's switch: set (to anything) keeps fills on the painting thread


def before_qt() -> None:
    """What the window's start puts in place before PySide6's Qt modules are imported: painting on one thread,
    PySide6's enum classes made by quickenum, shiboken6 imported with its support modules compiled through the cache
    (installed by the caller: see codecache), and the quicker check above."""
    paint_on_one_thread()
    quickenum.install()
    with codecache.compiling():
        import shiboken6  # noqa: F401 - PySide6's base, imported here to have its compiled code kept
    quicken_feature_check()


def paint_on_one_thread() -> None:
    """Keep Qt's fills on the thread that paints (see above), unless the environment already says how. Programs the
    window opens a document with inherit the setting; for a Qt program it is a choice of how to paint, nothing more."""
    os.environ.setdefault(NO_GUI_THREADPOOL, "1")


def quicken_feature_check() -> bool:
    """Replace PySide6's check by the quicker one; whether it is in place. Call before PySide6's Qt modules are
    imported: shiboken6, which PySide6 stands on, puts the check in place, and Qt's modules' own imports are checked
    too."""
    if getattr(sys, "frozen", False):
        return False  # the built program has no source files: PySide6's own check finds none, at once
    import shiboken6  # noqa: F401 - loads shibokensupport, whose import hook asks the question

    feature = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or not callable(original):
        return False
    if getattr(original, "quick", False):
        return True
    feature._mod_uses_pyside = quick_check(original)
    return True


def quick_check(original):
    """PySide6's check `original`, answered from the module's source file's bytes where it has one."""

    def uses_pyside(module) -> bool:
        file = getattr(module, "__file__", None)
        if not (isinstance(file, str) and file.endswith(".py")):
            return original(module)  # built in, an extension, bytecode only: as PySide6 asks
        try:
            with open(file, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:  # no such file (a module from a zip archive, or one removed since), or unreadable
            return original(module)

    uses_pyside.quick = True
    uses_pyside.original = original
    uses_pyside.__doc__ = original.__doc__
    return uses_pyside
