"""Code Python compiles at every start, kept from one start of the program to the next, as Python keeps a module's.

Python caches a module's compiled code (`__pycache__`), but some code it compiles anew at every start. The window's
start compiled three kinds (bench/RESULTS.md, nineteenth and twenty-first rounds):
- the methods `dataclasses` writes for each record type: on Python 3.11 it writes every `__init__`, `__repr__`,
  `__eq__`, `__hash__`, `__setattr__` and `__delattr__` as source text and compiles each with `exec`. The ~40 record
  types made at start-up cost some 230 compilations, 30–40 ms of a 500 ms start;
- PySide6's support modules: shiboken6, which PySide6 stands on, embeds the source of its `shibokensupport` package
  (the signatures' parser, mapping and layout, the feature switch, ...) and compiles all fourteen modules with
  `compile` each time it is imported: 120 million instructions, 6 % of the window's start;
- regular expressions: `re` keeps the patterns it compiled in the process only. The ~45 the start compiles (the
  signature parser's three largest, the standard library's, the program's) cost 135 million instructions.

The program's entry point calls `install()` first. From then on `dataclasses` compiles through `_exec`, and `re`
looks a pattern it has not compiled in this process up among the kept ones (`_PatternCache`, in place of `re`'s own
cache of compiled patterns); `ui.app.run_gui` imports shiboken6 inside `compiling()`, which has `compile` go through
`_compile`. Each takes what it would compile from the cache file, or lets Python compile it and keeps it; `finish()`,
when the program is done, writes what was compiled anew and puts Python's own functions back. The key is everything
the result depends on, so a changed record type or pattern is simply a new key:
- a dataclass method: its text (compiled as `exec` compiles it, no flags of the caller's module inherited);
- `compile`: the file name, the source (text or bytes), the mode, the future flags `compile` takes from its caller,
  and the optimisation level (`-O`). Only plain calls are kept: none with flags, an optimisation level or options of
  their own;
- a pattern: the pattern (text or bytes) and its flags. What is kept is what `re` handed `_sre.compile` for it, noted
  on the way (`_NotingSre`), not worked out again, so the pattern made from it is equal to the one `re` makes. `re`
  compiles at the depth it always does, so a warning it gives points where it always did; a pattern `re` may warn
  about (a possible nested set, a group name that is not ASCII in bytes) is not kept, so the warning comes at every
  start as before.
What is taken from the cache is what Python would have made: nothing else changes.

Where the file is, and who may write it, follows the code it stands beside, so that nobody who could not change the
program's code can put code in it:
- run from source or a Python install: in the package's `__pycache__` (or under `sys.pycache_prefix`), beside the
  `.pyc` files, written as Python writes those (not when `sys.dont_write_bytecode`). One file for each entry point
  (`kind`: "window", each command's name, "other" for help and mistakes; `cli._entry_point` tells which from the
  arguments), since every start reads its whole file: the commands compile what the window's start never asks for
  (reportlab's and openpyxl's patterns, their record types). With one file for all, the window's start read what
  the benchmarks' printing had added, 2.56 MB against its own 611 KB, which cost it 14 ms and 3.7 MB
  (bench/RESULTS.md, twenty-fourth round). The window's own file holds what its printing compiles too: some 100 KB
  once it has printed every kind of document;
- the built program (PyInstaller): in the program's folder, made when the program is built
  (`python -m konsultasjon_app.codecache FILE`, see packaging/konsultasjon.spec), and never written while it runs.

The file starts as a `.pyc` does, with the bytecode's magic number of the Python that wrote it, then a CRC-32 of the
rest, which starts with the Python's full version and `re`'s own version: a file of another Python (a patch release
too: its `re` may compile a pattern differently), or damaged (a sync tool, a crash while writing), is not read. A file
that cannot be read is ignored, one that cannot be written is not written, silently: the cache only saves time. A
process that never called `install()` (the tests, a library user) compiles as Python does.
"""

from __future__ import annotations

import __future__
import _sre
import builtins
import dataclasses
import importlib.util
import marshal
import os
import re
import stat
import sys
import zlib
from contextlib import contextmanager
from pathlib import Path
from re import _compiler as _re_compiler
from types import CodeType

MAX_KEPT = 1_000  # entries in the file beyond this: only those this process used are written (the window uses ~280)
MAX_BYTES = 16 * 1024 * 1024  # a larger file is not what this module writes (the window's: some 600 KB): not read
# The file in the built program's folder: one file shared by every entry point, made with the build from the modules.
BUNDLED = Path("codecache") / f"compiled.{sys.implementation.cache_tag}.marshal"
_HEADER = len(importlib.util.MAGIC_NUMBER) + 4  # the magic number, then the CRC-32 of what follows
_VERSION = f"{sys.version} re {_sre.MAGIC} 2"  # what wrote the file (and the entries' form): first after the header

_file: Path | None = None
_writable = False
# Every key (a method's text; ("compile", ...); ("re", ...)) → what it stands for, read from the file or made here.
_kept: dict[str | tuple, CodeType | tuple] = {}
_used: set[str | tuple] = set()  # the keys this process asked for
_new = False  # whether this process compiled something the file did not have

_builtin_compile = builtins.compile
_MODES = ("exec", "eval", "single")
_KINDS = {str: "str", bytes: "bytes"}  # in a key before the text, so that text and bytes are never compared
# Flags of patterns not kept: re.DEBUG (printed as compiled, never in re's cache), re.TEMPLATE (re warns of it).
_RE_UNKEPT_FLAGS = int(re.DEBUG) | int(getattr(re, "TEMPLATE", 0))
# What `re` may warn about as it compiles (a possible nested set or set operation; a condition's group name): a
# pattern with one of these in it is not kept, nor a bytes pattern with a group name and a byte beyond ASCII.
_RE_MAY_WARN = ("[[", "--", "&&", "~~", "||", "(?(")
_RE_MAY_WARN_BYTES = tuple(text.encode() for text in _RE_MAY_WARN)
# The future flags (`from __future__ import annotations`, ...) `compile` takes from its caller unless told not to.
_FUTURE_FLAGS = 0
for _name in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _name).compiler_flag


def cache_file(kind: str = "window") -> tuple[Path, bool]:
    """Where the code compiled by the entry point `kind` (a lower-case word: "window", a command's name, "other") is
    kept, and whether this process may write it there (see the module's text)."""
    if not (kind.isascii() and kind.isalpha() and kind.islower()):
        raise ValueError(f"not an entry point's name: {kind!r}")  # (it names a file)
    if getattr(sys, "frozen", False):
        from . import paths

        return paths.program_root() / BUNDLED, False
    folder = Path(importlib.util.cache_from_source(__file__)).parent
    return folder / f"compiled.{kind}.{sys.implementation.cache_tag}.marshal", not sys.dont_write_bytecode


def install(file: Path | None = None, *, writable: bool = True, kind: str = "window") -> None:
    """Have `dataclasses` and `re` compile through what `file` keeps (by default `cache_file(kind)`, and whether it
    may be written as that says) until `finish()`; `compiling()` does the same for `compile`. Calling it again does
    nothing."""
    global _file, _writable
    if _file is not None:
        return
    if file is None:
        file, writable = cache_file(kind)
    _file, _writable = file, writable
    _kept.update(_read(file))
    dataclasses.exec = _exec  # the module looks `exec` up among its globals before the builtins
    re._cache = _PatternCache(re._cache)  # (re looks its cache up among its globals at each call)
    _re_compiler._sre = _noting


def _read(file: Path) -> dict[str | tuple, CodeType | tuple]:
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
        content = marshal.loads(payload)
    except Exception:  # noqa: BLE001 - what marshal raises on input it cannot read varies (ValueError, SystemError …)
        return {}
    if not (isinstance(content, tuple) and len(content) == 2 and content[0] == _VERSION and isinstance(content[1], dict)):
        return {}  # another Python's (see the module's text), or a file of an older version of this module
    return {key: value for key, value in content[1].items() if _is_entry(key, value)}


def _is_entry(key, value) -> bool:
    """Whether `key` and `value` are an entry this module writes (see `_kept`)."""
    if isinstance(key, str):
        return isinstance(value, CodeType)
    if not isinstance(key, tuple) or not key:
        return False
    if key[0] == "compile":
        return len(key) == 7 and _KINDS.get(type(key[3])) == key[2] and isinstance(value, CodeType)
    if key[0] == "re":
        return (len(key) == 4 and _KINDS.get(type(key[2])) == key[1] and isinstance(value, tuple) and len(value) == 6
                and type(value[0]) is type(key[2]) and type(value[1]) is int and isinstance(value[2], list)
                and type(value[3]) is int and isinstance(value[4], dict) and isinstance(value[5], tuple))
    return False


def _exec(source, globals=None, locals=None, /):
    """`exec` as `dataclasses` calls it: a text is compiled as `exec` would (no flags of the caller's module
    inherited), once; anything else goes to `exec` itself."""
    if type(source) is str:  # (a subclass of str is compiled as exec would, not kept: marshal could not write it)
        source = _kept_or_compiled(source, source, "<string>", "exec", 0)
    return exec(source, globals, locals)


def _kept_or_compiled(key, source, filename: str, mode: str, flags: int) -> CodeType:
    """The code kept under `key`, or `source` compiled now with exactly these future `flags` (none of the caller's
    inherited) by Python's own compile (also inside compiling(): kept here once, under `key`), and kept."""
    global _new
    code = _kept.get(key)
    if code is None:
        code = _kept[key] = _builtin_compile(source, filename, mode, flags, True)
        _new = True
    _used.add(key)
    return code


@contextmanager
def compiling():
    """While the block runs, `compile` takes the code of a source compiled before from the cache (see the module's
    text); it is Python's own again after it. Does nothing when the cache is not installed."""
    if _file is None or builtins.compile is not _builtin_compile:
        yield
        return
    builtins.compile = _compile
    try:
        yield
    finally:
        if builtins.compile is _compile:  # (another's compile put in place inside the block stays)
            builtins.compile = _builtin_compile


def _compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1, **options):
    """`compile`, taking the code of a source compiled before from the cache. Only plain calls are kept: not one with
    flags (an AST asked for, or given), an optimisation level or options of its own; anything `compile` would refuse
    goes to `compile`, which refuses it."""
    kind = _KINDS.get(type(source))
    if (_file is None or kind is None or type(filename) is not str or type(mode) is not str or mode not in _MODES
            or type(flags) is not int or flags or type(optimize) is not int or optimize != -1
            or type(dont_inherit) not in (bool, int) or options):
        return _builtin_compile(source, filename, mode, flags, dont_inherit, optimize, **options)
    inherited = 0
    if not dont_inherit:  # the caller's future flags, as `compile` takes them (not this module's own)
        try:
            inherited = sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS
        except ValueError:  # no Python code below: called from outside any
            inherited = 0
    return _kept_or_compiled(("compile", filename, kind, source, mode, inherited, sys.flags.optimize), source, filename,
                             mode, inherited)


class _NotingSre:
    """The `_sre` module as `re._compiler` sees it while the cache is installed: its `compile` notes what it was
    handed and what it made, for `_PatternCache.__setitem__` to keep. The module's other names are plain attributes
    (`re._compiler` reads several for each pattern it compiles)."""

    def __init__(self):
        self.__dict__.update((name, value) for name, value in vars(_sre).items() if name != "compile")
        self.call: tuple | None = None

    def compile(self, *args):
        made = _sre.compile(*args)
        self.call = (args, made)  # (another thread's call may come between: `_keep_pattern` checks what it made)
        return made


_noting = _NotingSre()


def _pattern_key(key) -> tuple | None:
    """The key under which a pattern `re` keys `key` (its type, the pattern, the flags) is kept here, or None for a
    pattern not kept (not exactly text or bytes, flags of `_RE_UNKEPT_FLAGS`, or one `re` may warn about)."""
    if type(key) is not tuple or len(key) != 3:
        return None
    kind, pattern, flags = key
    name = _KINDS.get(type(pattern))
    if name is None or kind is not type(pattern) or type(flags) is not int or flags & _RE_UNKEPT_FLAGS:
        return None
    if name == "str":
        if any(text in pattern for text in _RE_MAY_WARN):
            return None
    elif any(text in pattern for text in _RE_MAY_WARN_BYTES) or (b"(?P" in pattern and not pattern.isascii()):
        return None
    return ("re", name, pattern, flags)


class _PatternCache(dict):
    """`re`'s cache of the patterns it compiled in this process (`re._cache`), while the cache is installed. A pattern
    it does not have is looked up among the kept ones (`__missing__`: `re` then compiles nothing), and a pattern `re`
    has just compiled is kept as `re` puts it in (`__setitem__`). Otherwise, and once the cache is finished, it is
    the dict it was."""

    __slots__ = ()

    def __missing__(self, key):
        ours = _pattern_key(key) if _file is not None else None
        kept = _kept.get(ours) if ours is not None else None
        if kept is None:
            raise KeyError(key)
        _used.add(ours)
        pattern, flags, code, groups, groupindex, indexgroup = kept
        made = _sre.compile(pattern, flags, code, groups, dict(groupindex), indexgroup)
        if len(self) >= re._MAXCACHE:  # room made as `re` makes it
            try:
                del self[next(iter(self))]
            except (StopIteration, RuntimeError, KeyError):
                pass
        dict.__setitem__(self, key, made)
        return made

    def __setitem__(self, key, made):
        if _file is not None:
            _keep_pattern(key, made)
        dict.__setitem__(self, key, made)


def _keep_pattern(key, made) -> None:
    """Keep what `re` handed `_sre.compile` for the pattern it has just compiled, `made`, under `key`."""
    global _new
    ours = _pattern_key(key)
    call = _noting.call
    if ours is None or ours in _kept or call is None or call[1] is not made:
        return
    pattern, flags, code, groups, groupindex, indexgroup = call[0]
    # The opcodes are named int constants; kept as the plain ints `_sre.compile` reads of them.
    _kept[ours] = (pattern, int(flags), [int(op) for op in code], int(groups), dict(groupindex), tuple(indexgroup))
    _used.add(ours)
    _new = True


def save() -> None:
    """Write the kept code when this process compiled something new and may write the file. The texts of earlier
    processes stay, so that two starts of one entry point that compile different things (the window on another tab,
    a command with other options) do not write the file in turns; beyond MAX_KEPT only this process's are written.
    Written to a file beside it and renamed over it, so that a process reading it at the same moment reads the old
    file or the new one, never half of one."""
    global _new
    if _file is None or not _new or not _writable:
        return
    kept = dict(_kept) if len(_kept) <= MAX_KEPT else {key: _kept[key] for key in list(_used)}  # (_used: keys of _kept)
    try:
        payload = marshal.dumps((_VERSION, kept))
    except (ValueError, TypeError):  # something marshal cannot write (the keys' types are checked): not written
        return
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
    """Save what was compiled anew (when allowed), then back to Python's own `exec` and `re`, nothing kept in memory."""
    global _file, _new, _writable
    if _file is None:
        return
    try:
        save()
    finally:
        if vars(dataclasses).get("exec") is _exec:
            del dataclasses.exec
        if isinstance(re._cache, _PatternCache):
            re._cache = dict(re._cache)
        if _re_compiler._sre is _noting:
            _re_compiler._sre = _sre
        _noting.call = None
        _file, _writable, _new = None, False, False
        _kept.clear()
        _used.clear()


def main(argv: list[str] | None = None) -> int:
    """`python -m konsultasjon_app.codecache FILE`: make the cache file for the built program's folder, with every
    record type the program's modules make, PySide6's support modules, and the patterns the modules compile as they
    are imported (packaging/konsultasjon.spec runs it with the Python it bundles)."""
    import pkgutil
    from collections import Counter

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m konsultasjon_app.codecache FILE", file=sys.stderr)
        return 2
    file = Path(args[0])
    file.unlink(missing_ok=True)
    install(file, writable=True)
    try:
        with compiling():  # the support modules shiboken6 compiles from its own source (see the module's text)
            importlib.import_module("shiboken6")
        import konsultasjon_app

        for module in pkgutil.walk_packages(konsultasjon_app.__path__, "konsultasjon_app."):
            importlib.import_module(module.name)
        counts = Counter("method" if isinstance(key, str) else key[0] for key in _kept)
    finally:
        finish()
    if not file.exists():
        print(f"{file}: not written", file=sys.stderr)
        return 1
    print(f"{file}: {counts['method']} compiled methods, {counts['compile']} of PySide6's support modules, "
          f"{counts['re']} patterns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
