"""Code compiled at every start kept from one start to the next (codecache): the dataclasses' methods, PySide6's
support modules and regular expressions. The same records, code and patterns, less compiling."""

from __future__ import annotations

import ast
import builtins
import dataclasses
import errno
import importlib.util
import json
import marshal
import os
import pathlib
import re
import subprocess
import sys
import textwrap
import types
import zlib

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from konsultasjon_app import codecache, quickenum

# A module of record types as the program writes them (its own future import included, which `exec` must not see).
RECORDS = textwrap.dedent('''
    from __future__ import annotations
    import dataclasses
    import datetime as dt

    @dataclasses.dataclass(frozen=True)
    class Entry:
        key: str
        when: dt.date | None = None
        parties: tuple[str, ...] = ()
        notes: list[str] = dataclasses.field(default_factory=list, compare=False, repr=False)

    @dataclasses.dataclass(order=True)
    class Ref:
        year: int
        number: int = 1
''')


def _records(name: str, source: str = RECORDS):
    """The record types of `source`, made afresh (dataclasses compiles their methods now)."""
    module = types.ModuleType(name)
    sys.modules[name] = module  # dataclasses reads the string annotations' module
    try:
        exec(compile(source, f"<{name}>", "exec"), module.__dict__)
    finally:
        del sys.modules[name]
    return tuple(vars(module)[name] for name in ("Entry", "Ref", "Other") if name in vars(module))


def _behaviour(Entry, Ref) -> dict:
    """What a user of the record types relies on, in a form two sets of types can be compared by."""
    import datetime as dt

    a = Entry("avtale-1", dt.date(2026, 1, 5), ("KD",))
    b = Entry("avtale-1", dt.date(2026, 1, 5), ("KD",), ["a note"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.key = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del a.key  # type: ignore[misc]
    with pytest.raises(TypeError):
        Entry()  # type: ignore[call-arg]
    return {
        "repr": (repr(a), repr(Entry("x")), repr(Ref(2026))),
        "equal": (a == b, a == Entry("avtale-2"), hash(a) == hash(b), Ref(2026, 2) < Ref(2026, 3), Ref(2025, 4) < Ref(2026, 1)),
        "defaults": (Entry("x").parties, Entry("x").notes, Entry("x").notes is not Entry("y").notes, Ref(2026).number),
        "annotations": (Entry.__init__.__annotations__, Ref.__init__.__annotations__),
        "defaults tuple": (Entry.__init__.__defaults__, Ref.__init__.__defaults__),
        # What a traceback through a method shows, and the method's code itself.
        "code": [(f.__code__.co_filename, f.__code__.co_firstlineno, f.__code__.co_code, f.__code__.co_names)
                 for f in (Entry.__init__, Entry.__repr__, Entry.__eq__, Entry.__hash__, Entry.__setattr__, Ref.__lt__)],
    }


def _file_of(payload: bytes, magic: bytes = importlib.util.MAGIC_NUMBER) -> bytes:
    """A cache file's bytes as codecache writes them: the magic number, the CRC-32 of the payload, the payload."""
    return magic + zlib.crc32(payload).to_bytes(4, "little") + payload


def _payload(kept, version: str = codecache._VERSION) -> bytes:
    """A payload as codecache writes it: the Python's version, then the entries."""
    return marshal.dumps((version, kept))


@pytest.fixture(autouse=True)
def put_back():
    """Each test ends with Python's own exec, whatever it did."""
    yield
    codecache.finish()


@pytest.fixture
def cache(tmp_path):
    """codecache installed on a file of its own."""
    file = tmp_path / "cache" / "dataclasses.marshal"
    codecache.install(file)
    return file


def test_records_made_with_kept_code_behave_as_records_compiled_by_python(cache):
    codecache.finish()
    plain = _behaviour(*_records("plain"))
    assert plain["annotations"][0]["when"] == "dt.date | None"  # the future import of RECORDS, not of codecache
    codecache.install(cache)
    compiled = _behaviour(*_records("compiled"))  # compiled through codecache, then written
    codecache.finish()
    assert cache.exists()
    codecache.install(cache)
    kept = _behaviour(*_records("kept"))  # taken from the file
    assert compiled == plain
    assert kept == plain


def test_a_second_start_compiles_none_of_the_record_types_the_first_one_made(cache, monkeypatch):
    _records("first")
    codecache.finish()
    codecache.install(cache)

    def compile_refused(*args, **kwargs):
        raise AssertionError("compiled again although the text was kept")

    monkeypatch.setattr(codecache, "_builtin_compile", compile_refused)
    _, Ref = _records("second")
    assert Ref(2026, 2) < Ref(2026, 3)
    before = cache.stat().st_mtime_ns
    codecache.finish()
    assert cache.stat().st_mtime_ns == before, "nothing new: the file is not written again"


def test_finish_puts_pythons_exec_back(cache):
    assert dataclasses.exec is codecache._exec  # type: ignore[attr-defined]
    codecache.finish()
    assert "exec" not in vars(dataclasses)
    _records("after")  # as Python does, nothing kept
    assert not codecache._kept


def _written_file(tmp_path) -> bytes:
    file = tmp_path / "written.marshal"
    codecache.install(file)
    _records("written")
    codecache.finish()
    return file.read_bytes()


@pytest.mark.parametrize("damage", [
    "empty", "not a cache file", "another Python's magic number", "a bit flipped", "cut short", "a payload marshal refuses",
    "not a dict", "not texts and code", "another patch release of Python", "a file of codecache's first version",
])
def test_a_cache_file_of_another_python_or_damaged_is_not_read_and_is_written_anew(tmp_path, damage, monkeypatch):
    good = _written_file(tmp_path)
    header = len(importlib.util.MAGIC_NUMBER) + 4
    flipped = bytearray(good)
    flipped[header + 200] ^= 0x10
    refused = bytearray(_payload({"t": compile("a = b", "<string>", "exec")}))
    refused[0] ^= 0x80  # marshal.loads raises SystemError on this one
    entries = marshal.loads(good[header:])[1]
    content = {
        "empty": b"",
        "not a cache file": b"not marshal at all, nor a header",
        "another Python's magic number": _file_of(good[header:], magic=(3500).to_bytes(2, "little") + b"\r\n"),
        "a bit flipped": bytes(flipped),
        "cut short": good[: len(good) // 2],
        "a payload marshal refuses": _file_of(bytes(refused)),
        "not a dict": _file_of(_payload(["a", "list"])),
        "not texts and code": _file_of(_payload({1: compile("x = 1", "<string>", "exec"), "text": 42, ("re", "a", 0): 1,
                                                 ("compile", "f.py", "x = 1"): compile("x = 1", "f.py", "exec")})),
        # The same bytecode's magic number, but another `re` may compile a pattern otherwise.
        "another patch release of Python": _file_of(_payload(entries, version="3.11.4 (main) [GCC 12.2.0] re 20220615")),
        "a file of codecache's first version": _file_of(marshal.dumps(entries)),  # the entries alone, no version
    }[damage]
    file = tmp_path / "dataclasses.marshal"
    file.write_bytes(content)
    codecache.install(file)
    assert not codecache._kept  # nothing taken from it
    Entry, _ = _records("damaged")
    assert Entry("x").parties == ()
    codecache.finish()
    assert file.read_bytes()[:header - 4] == importlib.util.MAGIC_NUMBER
    codecache.install(file)
    assert codecache._kept and all(isinstance(text, str) and "def " in text for text in codecache._kept)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.timeout(20)
def test_a_pipe_where_the_cache_file_should_be_is_not_waited_on(tmp_path):
    file = tmp_path / "dataclasses.marshal"
    os.mkfifo(file)
    codecache.install(file)  # was: waited for a writer, for ever
    assert not codecache._kept
    Entry, _ = _records("pipe")
    assert Entry("x").key == "x"


def test_a_disk_full_while_writing_leaves_the_old_cache_file_and_no_part_file_without_a_message(tmp_path, monkeypatch, capsys):
    file = tmp_path / "dataclasses.marshal"
    codecache.install(file)
    _records("before")
    codecache.finish()
    before = file.read_bytes()
    real_write = pathlib.Path.write_bytes

    def disk_full(path, data):
        real_write(path, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pathlib.Path, "write_bytes", disk_full)
    codecache.install(file)
    _records("else", RECORDS.replace("Entry", "Other"))  # new texts: compiled, to be written
    codecache.finish()  # no exception
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataclasses.marshal"]
    assert file.read_bytes() == before
    assert capsys.readouterr() == ("", "")


def test_a_cache_folder_that_is_a_file_leaves_the_cache_unwritten_and_no_part_file(tmp_path):
    (tmp_path / "cache").write_text("a file where the folder should be")
    codecache.install(tmp_path / "cache" / "dataclasses.marshal")
    _records("blocked")
    codecache.finish()  # no exception
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]


def test_beyond_max_kept_only_the_texts_this_process_used_are_written(tmp_path, monkeypatch):
    file = tmp_path / "dataclasses.marshal"
    stale = {f"def stale_{i}(): pass\n": compile(f"def stale_{i}(): pass\n", "<string>", "exec") for i in range(5)}
    file.write_bytes(_file_of(_payload(stale)))
    monkeypatch.setattr(codecache, "MAX_KEPT", 10)
    codecache.install(file)
    assert set(codecache._kept) == set(stale)
    _records("pruned")
    codecache.finish()
    codecache.install(file)
    assert not set(stale) & set(codecache._kept)
    assert len(codecache._kept) >= 6  # Entry's and Ref's methods


def test_run_from_source_the_cache_is_beside_the_packages_bytecode_and_written_as_python_writes_that(monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    file, writable = codecache.cache_file()
    assert file.parent == pathlib.Path(importlib.util.cache_from_source(codecache.__file__)).parent
    assert file.name == f"compiled.window.{sys.implementation.cache_tag}.marshal" and writable
    assert codecache.cache_file("agenda") == (file.with_name(f"compiled.agenda.{sys.implementation.cache_tag}.marshal"), True)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert codecache.cache_file() == (file, False)


@pytest.mark.parametrize("kind", ["", "../window", "Window", "two words", "plan.x", "vinduå"])
def test_an_entry_points_name_that_is_not_a_plain_word_is_refused_as_a_bug(kind):
    """The name becomes part of a file's name: nothing but lower-case ASCII letters, never a path."""
    with pytest.raises(ValueError, match="not an entry point's name"):
        codecache.cache_file(kind)


def test_the_built_program_reads_the_cache_made_with_it_and_never_writes_it(tmp_path, monkeypatch):
    """The built program's folder (Program Files) is where its code is; no one who runs it may change it."""
    from konsultasjon_app import paths

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(paths, "program_root", lambda: tmp_path)
    file, writable = codecache.cache_file()
    assert file == tmp_path / "codecache" / f"compiled.{sys.implementation.cache_tag}.marshal" and not writable
    assert codecache.cache_file("agenda") == (file, False)  # one file made with the build, for every entry point
    codecache.install()
    _records("frozen")
    assert codecache._new  # compiled, as the bundled file has none of RECORDS
    codecache.finish()
    assert not file.exists() and not (tmp_path / "codecache").exists()


def _environment() -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _bytecode_apart(tmp_path, monkeypatch) -> dict:
    """The environment of a program whose bytecode (and so its kept code: `cache_file`) is written under `tmp_path`,
    as this process then finds it: not beside the package, where the developer's own starts keep theirs."""
    prefix = tmp_path / "pycache"
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", str(prefix))
    return {**_environment(), "PYTHONPYCACHEPREFIX": str(prefix)}


def test_the_program_keeps_its_compiled_record_methods_beside_its_bytecode(tmp_path, demo_bundle_path, monkeypatch):
    """Two runs of a command in new processes: the first writes the cache file, the second uses it, and both print
    the same plan."""
    env = _bytecode_apart(tmp_path, monkeypatch)
    file, _ = codecache.cache_file("plan")
    assert not file.exists() and str(file).startswith(str(tmp_path))
    db = tmp_path / "db.sqlite3"
    subprocess.run([sys.executable, "-m", "konsultasjon_app", "--db", str(db), "import", str(demo_bundle_path)], check=True,
                   capture_output=True, env=env)
    assert sorted(path.name for path in file.parent.glob("compiled.*")) == [codecache.cache_file("import")[0].name]
    command = [sys.executable, "-m", "konsultasjon_app", "--db", str(db), "plan", "--from-year", "2006", "--format", "json"]
    first = subprocess.run(command, check=True, capture_output=True, env=env)
    written = file.stat().st_mtime_ns
    second = subprocess.run(command, check=True, capture_output=True, env=env)
    assert json.loads(second.stdout) == json.loads(first.stdout)
    assert file.stat().st_mtime_ns == written, "the second run compiled nothing new"
    codecache.install(file)
    assert any("__init__" in text for text in codecache._kept)


def test_the_build_makes_the_cache_of_every_record_type_of_the_program(tmp_path):
    """What packaging/konsultasjon.spec runs: the file the built program reads holds the methods of every record type
    its modules make (the window's, the planner's, the documents'), PySide6's support modules, and the patterns."""
    file = tmp_path / "dataclasses.marshal"
    done = subprocess.run([sys.executable, "-m", "konsultasjon_app.codecache", str(file)], capture_output=True, text=True,
                          env=_environment())
    assert done.returncode == 0, done.stderr
    codecache.install(file, writable=False)
    texts = [key for key in codecache._kept if isinstance(key, str)]
    names = {text.split("def ", 2)[-1].split("(")[0] for text in texts}
    assert {"__init__", "__repr__", "__eq__", "__hash__", "__setattr__"} <= names
    support = {key[1] for key in codecache._kept if key[0] == "compile"}
    assert {"shibokensupport/feature.py", "shibokensupport/signature/parser.py"} <= support
    assert ("re", "str", r"^\d{4}-\d{2}-\d{2}$", 0) in codecache._kept  # the store's date pattern
    texts = "\n".join(texts)
    for field in ("ks_signatory_level", "criteria_set", "proposed_decision"):  # an Agreement's, an Assessment's, an agenda entry's
        assert field in texts


# --- compile: PySide6's support modules -------------------------------------------------------------------------------

SOURCE = textwrap.dedent('''
    x: list[int] = []
    def f(a: name_defined_nowhere) -> "str":
        """A function."""
        return [i * 2 for i in range(a)]
    assert x == [], "never"
''')
# Two callers of `compile`, with and without a future import: `compile` takes its caller's future flags.
CALLERS = {}
for _future in (False, True):
    _namespace: dict = {}
    exec(compile(("from __future__ import annotations\n" if _future else "")
                 + "def call(compile, *args, **options):\n    return compile(*args, **options)\n",
                 f"<caller future={_future}>", "exec", dont_inherit=True), _namespace)
    CALLERS[_future] = _namespace["call"]


def _refused(*args, **options):
    raise AssertionError("compiled again although it was kept")


def _function(module_code):
    return next(const for const in module_code.co_consts if isinstance(const, types.CodeType))


@pytest.mark.parametrize("future", [False, True], ids=["caller without future import", "caller with one"])
@pytest.mark.parametrize("dont_inherit", [False, True])
@pytest.mark.parametrize("source", [SOURCE, SOURCE.encode()], ids=["text", "bytes"])
def test_compile_through_the_cache_gives_the_code_python_compiles(cache, future, dont_inherit, source):
    call = CALLERS[future]
    options = {"dont_inherit": True} if dont_inherit else {}
    plain = call(codecache._builtin_compile, source, "support/module.py", "exec", **options)
    compiled = call(codecache._compile, source, "support/module.py", "exec", **options)  # compiled, and kept
    again = call(codecache._compile, source, "support/module.py", "exec", **options)  # taken from what is kept
    codecache.finish()
    codecache.install(cache)
    codecache._builtin_compile, builtin = _refused, codecache._builtin_compile
    try:
        read = call(codecache._compile, source, "support/module.py", "exec", **options)  # taken from the file
    finally:
        codecache._builtin_compile = builtin
    assert again is compiled
    for code in (compiled, read):
        assert code == plain  # the same bytecode, constants (the function's code among them), names, flags, lines
        assert (code.co_filename, code.co_flags, _function(code).co_filename) == (plain.co_filename, plain.co_flags, "support/module.py")
    # The annotations as the caller's future import has them: evaluated, or kept as text.
    namespace: dict = {}
    if future and not dont_inherit:
        exec(read, namespace)
        assert namespace["f"].__annotations__ == {"a": "name_defined_nowhere", "return": "'str'"}
    else:
        with pytest.raises(NameError):
            exec(read, namespace)


def test_compile_keeps_code_apart_by_file_name_mode_and_optimisation(cache, monkeypatch):
    exec_code = codecache._compile("1 + 1", "a.py", "exec")
    assert codecache._compile("1 + 1", "b.py", "exec").co_filename == "b.py"
    assert eval(codecache._compile("1 + 1", "a.py", "eval")) == 2 and exec_code is not codecache._compile("1 + 1", "a.py", "eval")
    optimised = [key for key in codecache._kept if key[-1] == 2]
    monkeypatch.setattr(sys, "flags", types.SimpleNamespace(optimize=2))  # python -OO: no asserts, no docstrings
    codecache._compile("1 + 1", "a.py", "exec")
    assert not optimised and [key[1:5] for key in codecache._kept if key[-1] == 2] == [("a.py", "str", "1 + 1", "exec")]


@pytest.mark.parametrize("call", [
    lambda: codecache._compile("x = 1", "f.py", "exec", ast.PyCF_ONLY_AST),
    lambda: codecache._compile("x = 1", "f.py", "exec", optimize=2),
    lambda: codecache._compile(ast.parse("x = 1"), "f.py", "exec"),
    lambda: codecache._compile("x = 1", pathlib.Path("f.py"), "exec"),
], ids=["an AST asked for", "an optimisation level of its own", "an AST given", "a path as file name"])
def test_compile_leaves_calls_with_options_of_their_own_to_python(cache, call):
    made = call()
    assert made is not None
    assert not codecache._kept and not codecache._new


def test_compiling_has_compile_go_through_the_cache_only_inside_the_block(cache):
    with codecache.compiling():
        assert builtins.compile is codecache._compile
        exec("compiled = compile('y = 2', 'block.py', 'exec')", {})
    assert builtins.compile is codecache._builtin_compile
    assert any(key[:2] == ("compile", "block.py") for key in codecache._kept if isinstance(key, tuple))
    codecache.finish()
    with codecache.compiling():  # not installed: Python's own compile
        assert builtins.compile is codecache._builtin_compile


SUPPORT_PROBE = textwrap.dedent('''
    import builtins, json, sys, pathlib
    from konsultasjon_app import codecache
    compiled = []
    real = builtins.compile
    def counting(*args, **options):
        compiled.append(args[1])
        return real(*args, **options)
    builtins.compile = codecache._builtin_compile = counting  # Python's compile, as codecache finds it
    codecache.install(pathlib.Path(sys.argv[1]))
    with codecache.compiling():
        import shiboken6
    from PySide6.QtCore import QObject
    from shibokensupport.signature import get_signature
    signature = str(get_signature(QObject.setProperty))  # the signature parser and mapping at work
    try:
        QObject().setObjectName(1)
    except TypeError as refused:  # the error handler, with the signatures it offers
        message = str(refused)
    codecache.finish()
    print(json.dumps({"compiled": compiled, "signature": signature, "message": message}))
''')


def test_a_second_start_compiles_none_of_pyside6s_support_modules(tmp_path):
    """shiboken6 compiles its embedded support modules at every import; with the cache, the first start only."""
    file = tmp_path / "compiled.marshal"
    first, second = (json.loads(subprocess.run([sys.executable, "-c", SUPPORT_PROBE, str(file)], check=True,
                                               capture_output=True, text=True, env=_environment()).stdout)
                     for _ in range(2))
    assert "shibokensupport/signature/parser.py" in first["compiled"] and len(first["compiled"]) >= 10
    assert second["compiled"] == []
    assert second["signature"] == first["signature"] == "(self, name: str, value: Any, /) -> bool"
    assert second["message"] == first["message"] and "setObjectName" in second["message"]


# --- regular expressions ----------------------------------------------------------------------------------------------

PATTERNS = [
    (r"^\d{4}-\d{2}-\d{2}$", 0),
    (r"(?P<year>\d{4})-(?P<month>\d\d)(?:-(?P<day>\d\d))?", 0),
    (r"statsråd(?:en)?\b|minister(?:en)?\b", re.IGNORECASE),
    (r"""
        \b (typing\.Optional | Optional) \[  # a type
        (?P<inner> [^\]]+ ) \]
     """, re.VERBOSE),
    (r"(?<![\w-])(?:ks-)?le(?:de|ia)r(?:en)?\b", re.I | re.M),
    (r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", 0),
    (r"^.*$", re.S | re.M),
    (r"\w+", re.ASCII),
    (rb"[\x80-\xff]+", 0),
    (rb"\xf8|\w+", re.LOCALE | re.IGNORECASE),
    (r"(a)(b)?\2", 0),
]
SAMPLES = ["2026-11-27", "Statsråden og KS-lederen", "minister\nleder\nLEDERen", "typing.Optional[int]",
           "æøå ÆØÅ abc_12 \x07\u2028", "abc", "abd", ""]


def _fresh(pattern, flags):
    re.purge()  # re's own cache of this process would answer first
    return re.compile(pattern, flags)


def _re_key(pattern, flags) -> tuple:
    return ("re", "bytes" if isinstance(pattern, bytes) else "str", pattern, int(flags))


def _same_pattern(kept, plain, pattern) -> None:
    assert kept == plain  # the pattern, its flags and its compiled code
    assert (kept.flags, kept.groups, kept.groupindex) == (plain.flags, plain.groups, plain.groupindex)
    for sample in SAMPLES:
        text = sample.encode("latin-1", "replace") if isinstance(pattern, bytes) else sample
        assert [m.span() for m in kept.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert [m.groupdict() for m in kept.finditer(text)] == [m.groupdict() for m in plain.finditer(text)]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_pattern_taken_from_the_cache_is_the_pattern_re_compiles(cache, pattern, flags, monkeypatch):
    compiled = _fresh(pattern, flags)  # compiled by re, what it handed _sre noted and kept
    assert _re_key(pattern, flags) in codecache._kept
    codecache.finish()  # written
    plain = _fresh(pattern, flags)  # re on its own
    codecache.install(cache)
    with monkeypatch.context() as refusing:
        refusing.setattr(re._compiler, "compile", _refused)  # what re calls for a pattern it has to compile
        kept = _fresh(pattern, flags)  # from the file
    _same_pattern(compiled, plain, pattern)
    _same_pattern(kept, plain, pattern)


PIECES = ["a", "b", "\\d", "[a-cø]", "[^x]", ".", "(", ")", "(?:", "(?P<g{n}>", "|", "*", "+?", "{1,3}", "^", "$", "\\b",
          "(?=a)", "(?<!b)", "\\1", "\\w+", "[", "]"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=12), flags=st.sampled_from([0, re.I, re.M | re.S, re.X, re.A]))
def test_any_pattern_taken_from_the_cache_is_the_pattern_re_compiles(tmp_path, pieces, flags):
    """Any pattern `re` compiles without a warning is kept, and the pattern made from what was kept is `re`'s."""
    pattern = "".join(piece.replace("{n}", str(i)) for i, piece in enumerate(pieces))
    try:
        plain = _fresh(pattern, flags)
    except (re.error, FutureWarning):  # not a pattern; a possible nested set, which the tests' warning filter refuses
        assume(False)
    file = tmp_path / f"any-{abs(hash((pattern, flags)))}.marshal"
    codecache.install(file)
    try:
        compiled = _fresh(pattern, flags)
    finally:
        codecache.finish()
    kept_key = _re_key(pattern, flags)
    codecache.install(file)
    real = re._compiler.compile
    re._compiler.compile = _refused  # what re calls for a pattern it has to compile: not called, the pattern was kept
    try:
        if kept_key not in codecache._kept:
            assert codecache._pattern_key((str, pattern, int(flags))) is None  # only one re may warn about is not kept
            re._compiler.compile = real
        kept = _fresh(pattern, flags)
    finally:
        re._compiler.compile = real
        codecache.finish()
    _same_pattern(compiled, plain, pattern)
    _same_pattern(kept, plain, pattern)


def test_a_pattern_re_refuses_is_refused_as_before_and_not_kept(cache):
    with pytest.raises(re.error) as refused:
        _fresh("(unclosed", 0)
    assert "missing )" in str(refused.value)
    assert not any(key[:3] == ("re", "str", "(unclosed") for key in codecache._kept)


def test_a_pattern_compiled_to_be_printed_is_left_to_re(cache, capsys):
    _fresh("ab", re.DEBUG)
    assert "LITERAL" in capsys.readouterr().out  # re printed it, as it does
    assert not codecache._kept


def test_finish_puts_res_own_cache_back(cache):
    import _sre

    re.compile("before finish")
    installed = re._cache
    assert isinstance(installed, codecache._PatternCache) and re._compiler._sre is codecache._noting
    codecache.finish()
    assert type(re._cache) is dict and re._compiler._sre is _sre
    assert (str, "before finish", 0) in re._cache  # what re had compiled stays in its cache
    _fresh("after", 0)
    installed[(str, "held on to", 0)] = re.compile("held on to")  # the old cache, where something kept it, keeps nothing
    assert not codecache._kept and not codecache._new


def test_a_warning_re_gives_points_where_it_always_did_and_comes_at_every_start(cache):
    """`re` compiles at the depth it does without the cache, so a warning's place (and the filters by module) are as
    before; a pattern it warns about is not kept, so the warning comes again at the next start."""
    import warnings

    def warned() -> list:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _fresh("[[a]", 0)  # a possible nested set
            _fresh(b"(?P<\xe5r>x)", 0)  # a group name beyond ASCII in bytes
        return [(w.category, pathlib.Path(w.filename).name) for w in caught]

    here = pathlib.Path(__file__).name
    expected = [(FutureWarning, here), (DeprecationWarning, here)]
    codecache.finish()
    assert warned() == expected  # re on its own
    codecache.install(cache)
    assert warned() == expected
    codecache.finish()
    codecache.install(cache)
    assert warned() == expected  # not kept: warned about again
    assert not [key for key in codecache._kept if isinstance(key, tuple) and key[0] == "re"]
    # Nor a condition on a group (re warns of one named otherwise than by digits): none is kept.
    _fresh(r"(a)(b)?(?(2)c|d)", 0)
    assert not [key for key in codecache._kept if isinstance(key, tuple) and key[0] == "re"]


BYTES_PROBE = textwrap.dedent('''
    import pathlib, re, sys
    from konsultasjon_app import codecache
    codecache.install(pathlib.Path(sys.argv[1]))
    re.compile(b"xyz"); re.compile("xyz")
    with codecache.compiling():
        compile(b"1", "f.py", "eval"); compile("1", "f.py", "eval")
    codecache.finish()
    codecache.install(pathlib.Path(sys.argv[1]))  # the same, taken from the file
    re.purge(); re.compile(b"xyz"); re.compile("xyz")
    with codecache.compiling():
        compile(b"1", "f.py", "eval"); compile("1", "f.py", "eval")
    codecache.finish()
    print("done")
''')


def test_text_and_bytes_of_the_same_letters_are_never_compared(tmp_path):
    """`python -bb` makes comparing text with bytes an error; with the cache as without it, nothing compares them."""
    done = subprocess.run([sys.executable, "-bb", "-c", BYTES_PROBE, str(tmp_path / "c.marshal")], capture_output=True,
                          text=True, env=_environment(), check=False)
    assert done.returncode == 0 and done.stdout.strip() == "done", done.stderr


class _Text(str):
    pass


def test_what_marshal_cannot_write_is_not_kept_and_finish_never_fails(cache):
    code = codecache._compile("x = 1", "f.py", _Text("exec"))  # a mode compile takes, but marshal cannot write
    assert isinstance(code, types.CodeType)
    codecache._exec(_Text("y = 2"), {})
    re.compile(_Text("text of a subclass"))
    assert not codecache._kept
    codecache.finish()  # no exception


@pytest.mark.parametrize("options", [{"flags": 0.0}, {"optimize": -1.0}, {"dont_inherit": "yes"}, {"flags": None}])
def test_compile_refuses_through_the_cache_what_python_refuses(cache, options):
    with pytest.raises(TypeError):
        codecache._builtin_compile("x = 1", "f.py", "exec", **options)
    with pytest.raises(TypeError):
        codecache._compile("x = 1", "f.py", "exec", **options)
    assert not codecache._kept


def test_compile_after_finish_keeps_nothing(cache):
    codecache.finish()
    assert codecache._compile("x = 1", "f.py", "exec").co_filename == "f.py"
    assert not codecache._kept and not codecache._new


def test_compiling_leaves_a_compile_put_in_place_inside_the_block(cache):
    def another(*args, **options):
        return codecache._builtin_compile(*args, **options)

    try:
        with codecache.compiling():
            builtins.compile = another
        assert builtins.compile is another
    finally:
        builtins.compile = codecache._builtin_compile


WINDOW_PROBE = textwrap.dedent('''
    import builtins, json, re, sys, pathlib
    compiled, patterns = [], []
    real_compile, real_pattern = builtins.compile, re._compiler.compile
    def counting_compile(source, filename, *args, **options):
        compiled.append(str(filename))
        return real_compile(source, filename, *args, **options)
    def counting_pattern(pattern, flags=0):
        patterns.append(pattern)
        return real_pattern(pattern, flags)
    builtins.compile, re._compiler.compile = counting_compile, counting_pattern  # Python's own (re's is called to compile)
    from konsultasjon_app import codecache
    from konsultasjon_app.cli import run_program
    codecache.install(pathlib.Path(sys.argv[1]))  # (run_program's install() then does nothing)
    code = run_program(sys.argv[2:])
    print(json.dumps({"code": code, "compiled": compiled, "patterns": [str(p) for p in patterns]}))
''')


def test_the_windows_second_start_compiles_neither_pyside6s_support_modules_nor_its_patterns(tmp_path):
    """As users start it, twice: the first start compiles PySide6's support modules and the patterns, the second
    takes them from the cache, and shows the same window."""
    from konsultasjon_app.store.demo import ensure_demo

    db = tmp_path / "demo.sqlite3"
    ensure_demo(db)
    env = {**_environment(), "QT_QPA_PLATFORM": "offscreen", "KONSULTASJON_DATA_DIR": str(tmp_path / "data")}
    runs = []
    for shot in ("first.png", "second.png"):
        done = subprocess.run([sys.executable, "-c", WINDOW_PROBE, str(tmp_path / "compiled.marshal"), "--db", str(db),
                               "--screenshot", str(tmp_path / shot), "--tab", "register"],
                              capture_output=True, text=True, env=env, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        runs.append(json.loads(done.stdout.splitlines()[-1]))
    first, second = runs
    assert first["code"] == second["code"] == 0
    support = [name for name in first["compiled"] if name.startswith("shibokensupport/")]
    assert "shibokensupport/signature/parser.py" in support and len(support) >= 10
    assert not [name for name in second["compiled"] if name.startswith("shibokensupport/")]
    date = r"^\d{4}-\d{2}-\d{2}$"  # the domain's date pattern, compiled as the window's modules are imported
    assert date in first["patterns"] and date not in second["patterns"]
    assert len(second["patterns"]) < len(first["patterns"]) / 3  # those compiled before the cache was installed
    assert (tmp_path / "first.png").read_bytes() == (tmp_path / "second.png").read_bytes()


def _kept_keys(file: pathlib.Path) -> set:
    codecache.install(file, writable=False)
    try:
        return set(codecache._kept)
    finally:
        codecache.finish()


def test_printing_an_agenda_leaves_the_windows_kept_code_as_it_was(tmp_path, monkeypatch):
    """Each entry point keeps what it compiled in a file of its own, and every start reads its whole file: the
    window's start must not read reportlab's patterns, which only the printing commands compile."""
    from konsultasjon_app.store.demo import ensure_demo

    env = {**_bytecode_apart(tmp_path, monkeypatch), "QT_QPA_PLATFORM": "offscreen", "KONSULTASJON_DATA_DIR": str(tmp_path / "data")}
    window_file, agenda_file = codecache.cache_file("window")[0], codecache.cache_file("agenda")[0]
    db = tmp_path / "demo.sqlite3"
    ensure_demo(db)

    def program(*argv: str) -> None:
        done = subprocess.run([sys.executable, "-m", "konsultasjon_app", "--db", str(db), *argv], capture_output=True,
                              text=True, env=env, timeout=120, check=False)
        assert done.returncode == 0, done.stderr

    program("--screenshot", str(tmp_path / "first.png"), "--tab", "register")
    window = window_file.read_bytes()
    program("agenda", "--year", "2026", "--meeting", "2", "--pdf", str(tmp_path / "agenda.pdf"), "--as-of", "2026-01-05")
    assert window_file.read_bytes() == window
    agenda = agenda_file.read_bytes()
    printed = _kept_keys(agenda_file) - _kept_keys(window_file)
    assert len([key for key in printed if isinstance(key, tuple) and key[0] == "re"]) >= 10  # reportlab's, among others
    program("--screenshot", str(tmp_path / "second.png"), "--tab", "register")
    assert agenda_file.read_bytes() == agenda  # (a window started on the agenda's file would have added its code to it)
    assert not printed & _kept_keys(window_file)
    assert (tmp_path / "first.png").read_bytes() == (tmp_path / "second.png").read_bytes()


RTHOOK_PROBE = textwrap.dedent('''
    import builtins, json, pathlib, runpy, sys
    compiled = []
    real = builtins.compile
    def counting(source, filename, *args, **options):
        compiled.append(str(filename))
        return real(source, filename, *args, **options)
    builtins.compile = counting  # Python's compile, as codecache finds it
    sys.frozen = True  # as in the built program, whose folder is argv[1]
    from konsultasjon_app import paths
    paths.program_root = lambda: pathlib.Path(sys.argv[1])
    runpy.run_path(sys.argv[2])  # the program's run-time hook, run first
    import PySide6.QtCore  # what PyInstaller's run-time hook for PySide6 does next
    import enum, gc
    from konsultasjon_app import codecache, gcpolicy, quickenum
    print(json.dumps({"compiled": compiled, "file": str(codecache._file), "writable": codecache._writable,
                      "quick": enum.EnumType._create_ is quickenum._quick_create,
                      "paced": gc.get_threshold()[0] == gcpolicy.STARTING_THRESHOLD}))
''')


def test_the_built_programs_run_time_hook_has_pyside6s_support_modules_taken_from_the_cache(tmp_path):
    """PyInstaller's hook for PySide6 imports Qt before the program's entry point: the program's own hook, run before
    it (packaging/rthook_start.py), installs the cache made with the build, so that nothing is compiled there, and
    quickenum, so that QtCore's enum classes are made quickly there, with the collector paced for the start."""
    root = pathlib.Path(__file__).resolve().parents[1]
    file = tmp_path / codecache.BUNDLED
    file.parent.mkdir()
    subprocess.run([sys.executable, "-m", "konsultasjon_app.codecache", str(file)], check=True, capture_output=True,
                   env=_environment())
    done = subprocess.run([sys.executable, "-c", RTHOOK_PROBE, str(tmp_path), str(root / "packaging" / "rthook_start.py")],
                          capture_output=True, text=True, env=_environment(), check=False)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["file"] == str(file) and seen["writable"] is False  # the built program's, never written
    assert not [name for name in seen["compiled"] if name.startswith("shibokensupport/")], seen["compiled"]
    assert seen["quick"] is (quickenum.fingerprint() in quickenum.VERIFIED)  # QtCore's enum classes made quickly too
    assert seen["paced"] is True
    spec = (root / "packaging" / "konsultasjon.spec").read_text(encoding="utf-8")
    assert 'runtime_hooks=[str(ROOT / "packaging" / "rthook_start.py")]' in spec
