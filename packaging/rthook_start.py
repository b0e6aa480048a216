"""Run-time hook of the built program (PyInstaller), run before PyInstaller's own hooks.

PyInstaller's hook for PySide6 imports PySide6.QtCore (to register a qt.conf) before the program's entry point runs.
What `ui.app.run_gui` puts in place before it imports Qt must therefore be put in place here first:
- the enum classes PySide6 makes as QtCore is imported are made by `quickenum` (konsultasjon_app/quickenum.py);
- shiboken6 would compile its support modules from source there, out of `codecache.compiling()`'s reach, and `re`
  would compile the patterns of shiboken6's signature parser before `codecache.install()`. Installed here first, the
  built program takes both from the cache made with it (konsultasjon_app/codecache.py); `run_program()`'s own
  `install()` then finds it in place, and its `finish()` puts Python's functions back."""

from konsultasjon_app import codecache, quickenum

quickenum.install()
codecache.install()
with codecache.compiling():
    import shiboken6  # noqa: F401 - PySide6's base: its support modules compiled through the cache
