"""The compiled methods of dataclasses, kept from one start of the program to the next, as Python keeps a module's.

Python caches a module's compiled code (`__pycache__`), but not the methods `dataclasses` writes for each record
type: on Python 3.11 it writes every `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__` and `__delattr__` as
source text and compiles each with `exec`, at every start. The ~40 record types made at start-up cost some 230
compilations, 30–40 ms of a 500 ms start (bench/RESULTS.md, nineteenth round).

The program's entry point calls `install()` first. From then on `dataclasses` compiles through `_exec`, which takes
the code compiled from the very same text from the cache file, or compiles it; `finish()`, when the program is done,
writes what was compiled anew and puts `exec` back. The text is the key, so a changed record type is simply a new text.
The code is what `exec` would compile from that text (no flags of the caller's module inherited): nothing else changes.

Where the file is, and who may write it, follows the code it stands beside, so that nobody who could not change the
program's code can put code in it:
- run from source or a Python install: in the package's `__pycache__` (or under `sys.pycache_prefix`), beside the
  `.pyc` files, written as Python writes those (not when `sys.dont_write_bytecode`);
- the built program (PyInstaller): in the program's folder, made when the program is built
  (`python -m konsultasjon_app.codecache FILE`, see packaging/konsultasjon.spec), and never written while it runs.

The file starts as a `.pyc` does, with the bytecode's magic number of the Python that wrote it, then a CRC-32 of the
rest: a file of another Python, or damaged (a sync tool, a crash while writing), is not read. A file that cannot be
read is ignored, one that cannot be written is not written, silently: the cache only saves time. A process that never
called `install()` (the tests, a library user) compiles as Python does.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import marshal
import os
import stat
import sys
import zlib
from pathlib import Path
from types import CodeType

MAX_KEPT = 1_000  # texts in the file beyond this: only those this process used are written (the program uses ~350)
MAX_BYTES = 16 * 1024 * 1024  # a larger file is not what this module writes (some 1 KB a text): not read
# The file, in the built program's folder (the name, beside the .pyc files when run from source).
BUNDLED = Path("codecache") / f"dataclasses.{sys.implementation.cache_tag}.marshal"
_HEADER = len(importlib.util.MAGIC_NUMBER) + 4  # the magic number, then the CRC-32 of what follows

_file: Path | None = None
_writable = False
_kept: dict[str, CodeType] = {}  # every text → code read from the file or compiled by this process
_used: set[str] = set()  # the texts this process asked for
_new = False  # whether this process compiled a text the file did not have


def cache_file() -> tuple[Path, bool]:
    """Where the compiled methods are kept, and whether this process may write them there (see the module's text)."""
    if getattr(sys, "frozen", False):
        from . import paths

        return paths.program_root() / BUNDLED, False
    folder = Path(importlib.util.cache_from_source(__file__)).parent
    return folder / BUNDLED.name, not sys.dont_write_bytecode


def install(file: Path | None = None, *, writable: bool = True) -> None:
    """Have `dataclasses` compile its methods through the kept code of `file` (by default `cache_file()`, and
    whether it may be written as that says) until `finish()`. Calling it again does nothing."""
    global _file, _writable
    if _file is not None:
        return
    if file is None:
        file, writable = cache_file()
    _file, _writable = file, writable
    _kept.update(_read(file))
    dataclasses.exec = _exec  # the module looks `exec` up among its globals before the builtins


def _read(file: Path) -> dict[str, CodeType]:
    try:
        # Only a file of the size it may have: not a folder, a device, or a pipe (opening one waits for a writer).
        facts = os.stat(file)
        if not stat.S_ISREG(facts.st_mode) or not _HEADER <= facts.st_size <= MAX_BYTES:
            return {}
        data = file.read_bytes()
    except OSError:
        return {}
    magic, crc, payload = data[:_HEADER - 4], data[_HEADER - 4:_HEADER], data[_HEADER:]
    if magic != importlib.util.MAGIC_NUMBER or int.from_bytes(crc, "little") != zlib.crc32(payload):
        return {}  # another Python's bytecode, or damaged
    try:
        kept = marshal.loads(payload)
    except Exception:  # noqa: BLE001 - what marshal raises on input it cannot read varies (ValueError, SystemError …)
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
    return exec(source, globals, locals)


def save() -> None:
    """Write the kept code when this process compiled something new and may write the file. The texts of earlier
    processes stay, so that a command and the window, which make different record types, do not write the file in
    turns; beyond MAX_KEPT only this process's are written. Written to a file beside it and renamed over it, so that
    a process reading it at the same moment reads the old file or the new one, never half of one."""
    global _new
    if _file is None or not _new or not _writable:
        return
    kept = dict(_kept) if len(_kept) <= MAX_KEPT else {text: _kept[text] for text in list(_used)}  # (_used: texts of _kept)
    payload = marshal.dumps(kept)
    part = _file.with_name(f"{_file.name}.{os.getpid()}.part")
    try:
        _file.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(importlib.util.MAGIC_NUMBER + zlib.crc32(payload).to_bytes(4, "little") + payload)
        os.replace(part, _file)
    except OSError:
        try:
            part.unlink(missing_ok=True)
        except OSError:
            pass
        return
    _new = False


def finish() -> None:
    """Save what was compiled anew (when allowed), then back to Python's own `exec`, with nothing kept in memory."""
    global _file, _new, _writable
    if _file is None:
        return
    try:
        save()
    finally:
        if vars(dataclasses).get("exec") is _exec:
            del dataclasses.exec
        _file, _writable, _new = None, False, False
        _kept.clear()
        _used.clear()


def main(argv: list[str] | None = None) -> int:
    """`python -m konsultasjon_app.codecache FILE`: make the cache file of every record type the program's modules
    make, for the built program's folder (packaging/konsultasjon.spec runs it with the Python it bundles)."""
    import pkgutil

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m konsultasjon_app.codecache FILE", file=sys.stderr)
        return 2
    file = Path(args[0])
    file.unlink(missing_ok=True)
    install(file, writable=True)
    try:
        import konsultasjon_app

        for module in pkgutil.walk_packages(konsultasjon_app.__path__, "konsultasjon_app."):
            importlib.import_module(module.name)
        made = len(_kept)
    finally:
        finish()
    if not file.exists():
        print(f"{file}: not written", file=sys.stderr)
        return 1
    print(f"{file}: {made} compiled methods")
    return 0


if __name__ == "__main__":
    sys.exit(main())
