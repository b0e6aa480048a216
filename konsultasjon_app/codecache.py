"""The compiled methods of dataclasses, kept from one start of the program to the next.

Python caches a module's compiled code (`__pycache__`), but not the methods `dataclasses` writes for each record
type: on Python 3.11 it writes every `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__` and `__delattr__` as
source text and compiles each with `exec`, at every start. The ~40 record types made at start-up cost some 230
compilations, 30–40 ms of a 500 ms start (bench/RESULTS.md, nineteenth round).

The program's entry point calls `install()` first. From then on `dataclasses` compiles through `_exec`, which takes
the code compiled from the very same text from a file in the user's cache folder, or compiles it; when the program is
done, `finish()` writes what was compiled anew to that file for the next start and puts `exec` back. The text is the key, so a changed record type is simply a new text; the file is per Python
version (its code is that version's). The code is what `exec` would compile from that text: nothing else changes.
The file is only a cache: one that cannot be read (missing, damaged, from another version) is ignored, and one that
cannot be written (read-only folder, disk full) is not written, silently.

A process that never called `install()` (the tests, a library user) compiles as Python does.
"""

from __future__ import annotations

import builtins
import dataclasses
import marshal
import os
import sys
from pathlib import Path
from types import CodeType

MAX_KEPT = 1_000  # texts in the file beyond this: only those this process used are written (the program uses ~350)

_file: Path | None = None
_kept: dict[str, CodeType] = {}  # every text → code read from the file or compiled by this process
_used: set[str] = set()  # the texts this process asked for
_new = False  # whether this process compiled a text the file did not have


def cache_file() -> Path:
    """Where the compiled methods are kept: the user's cache folder, one file per Python version."""
    from . import paths

    return paths.cache_dir() / f"dataclasses.{sys.implementation.cache_tag}.marshal"


def install(file: Path | None = None) -> None:
    """Have `dataclasses` compile its methods through the kept code of `file` (the user's by default) until
    `finish()`. Calling it again does nothing."""
    global _file
    if _file is not None:
        return
    _file = file or cache_file()
    _kept.update(_read(_file))
    dataclasses.exec = _exec  # the module looks `exec` up among its globals before the builtins


def _read(file: Path) -> dict[str, CodeType]:
    try:
        kept = marshal.loads(file.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not isinstance(kept, dict):
        return {}
    return {text: code for text, code in kept.items() if isinstance(text, str) and isinstance(code, CodeType)}


def _exec(source, globals=None, locals=None, /):
    """`exec` as `dataclasses` calls it: a text is compiled as `exec` would (no flags of the caller's module
    inherited), once; anything else goes to `exec` itself."""
    global _new
    if isinstance(source, str):
        code = _kept.get(source)
        if code is None:
            code = _kept[source] = compile(source, "<string>", "exec", dont_inherit=True)
            _new = True
        _used.add(source)
        source = code
    return builtins.exec(source, globals, locals)


def save() -> None:
    """Write the kept code when this process compiled something new. The texts of earlier processes stay,
    so that a command and the window, which make different record types, do not write the file in turns; beyond
    MAX_KEPT only this process's are written. Written to a file beside it and renamed over it, so that a process
    reading it at the same moment reads the old file or the new one, never half of one."""
    global _new
    if _file is None or not _new:
        return
    kept = _kept if len(_kept) <= MAX_KEPT else {text: _kept[text] for text in _used}
    part = _file.with_name(f"{_file.name}.{os.getpid()}.part")
    try:
        _file.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(marshal.dumps(kept))
        os.replace(part, _file)
    except OSError:
        try:
            part.unlink(missing_ok=True)
        except OSError:
            pass
        return
    _new = False


def finish() -> None:
    """Save what was compiled anew, then back to Python's own `exec`, with nothing kept in memory."""
    global _file, _new
    if _file is None:
        return
    save()
    if getattr(dataclasses, "exec", None) is _exec:
        del dataclasses.exec
    _file = None
    _kept.clear()
    _used.clear()
    _new = False
