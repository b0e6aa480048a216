"""Run-time hook of the built program (PyInstaller), run before PyInstaller's own hooks.

PyInstaller's hook for PySide6 imports PySide6.QtCore (to register a qt.conf) before the program's entry point runs.
What `ui.app.run_gui` puts in place before it imports Qt (`ui.qtbinding.before_qt`) must therefore be put in place
here first: the enum classes PySide6 makes as QtCore is imported are made by quickenum, and shiboken6's support modules
and the patterns of its signature parser are taken from the cache made with the build (konsultasjon_app/codecache.py),
installed here first. `run_program()`'s own `install()` then finds it in place, and its `finish()` puts Python's
functions back. The garbage collector is paced for the start before all of it (gcpolicy), as the entry point paces
it; `run_program()` keeps it so."""

from konsultasjon_app import gcpolicy

gcpolicy.starting()

from konsultasjon_app import codecache  # noqa: E402 - after the collector is paced: see gcpolicy
from konsultasjon_app.ui.qtbinding import before_qt  # noqa: E402

codecache.install()
before_qt()
