"""The dataclasses' compiled methods kept from one start to the next (codecache): the same records, less compiling."""

from __future__ import annotations

import dataclasses
import errno
import importlib.util
import json
import marshal
import os
import pathlib
import subprocess
import sys
import textwrap
import types
import zlib

import pytest

from konsultasjon_app import codecache

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

    monkeypatch.setattr(codecache, "compile", compile_refused, raising=False)
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
    "not a dict", "not texts and code",
])
def test_a_cache_file_of_another_python_or_damaged_is_not_read_and_is_written_anew(tmp_path, damage, monkeypatch):
    good = _written_file(tmp_path)
    header = len(importlib.util.MAGIC_NUMBER) + 4
    flipped = bytearray(good)
    flipped[header + 200] ^= 0x10
    refused = bytearray(marshal.dumps({"t": compile("a = b", "<string>", "exec")}))
    refused[0] ^= 0x80  # marshal.loads raises SystemError on this one
    content = {
        "empty": b"",
        "not a cache file": b"not marshal at all, nor a header",
        "another Python's magic number": _file_of(good[header:], magic=(3500).to_bytes(2, "little") + b"\r\n"),
        "a bit flipped": bytes(flipped),
        "cut short": good[: len(good) // 2],
        "a payload marshal refuses": _file_of(bytes(refused)),
        "not a dict": _file_of(marshal.dumps(["a", "list"])),
        "not texts and code": _file_of(marshal.dumps({1: compile("x = 1", "<string>", "exec"), "text": 42})),
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
    file.write_bytes(_file_of(marshal.dumps(stale)))
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
    assert file.name == f"dataclasses.{sys.implementation.cache_tag}.marshal" and writable
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert codecache.cache_file() == (file, False)


def test_the_built_program_reads_the_cache_made_with_it_and_never_writes_it(tmp_path, monkeypatch):
    """The built program's folder (Program Files) is where its code is; no one who runs it may change it."""
    from konsultasjon_app import paths

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(paths, "program_root", lambda: tmp_path)
    file, writable = codecache.cache_file()
    assert file == tmp_path / "codecache" / f"dataclasses.{sys.implementation.cache_tag}.marshal" and not writable
    codecache.install()
    _records("frozen")
    assert codecache._new  # compiled, as the bundled file has none of RECORDS
    codecache.finish()
    assert not file.exists() and not (tmp_path / "codecache").exists()


def _environment() -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def test_the_program_keeps_its_compiled_record_methods_beside_its_bytecode(tmp_path, demo_bundle_path, monkeypatch):
    """Two runs of a command in new processes: the first writes the cache file, the second uses it, and both print
    the same plan."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    file, _ = codecache.cache_file()
    file.unlink(missing_ok=True)
    env = _environment()
    db = tmp_path / "db.sqlite3"
    subprocess.run([sys.executable, "-m", "konsultasjon_app", "--db", str(db), "import", str(demo_bundle_path)], check=True,
                   capture_output=True, env=env)
    assert file.exists()
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
    its modules make (the window's, the planner's, the documents')."""
    file = tmp_path / "dataclasses.marshal"
    done = subprocess.run([sys.executable, "-m", "konsultasjon_app.codecache", str(file)], capture_output=True, text=True,
                          env=_environment())
    assert done.returncode == 0, done.stderr
    codecache.install(file, writable=False)
    names = {text.split("def ", 2)[-1].split("(")[0] for text in codecache._kept}
    assert {"__init__", "__repr__", "__eq__", "__hash__", "__setattr__"} <= names
    texts = "\n".join(codecache._kept)
    for field in ("ks_signatory_level", "criteria_set", "proposed_decision"):  # an Agreement's, an Assessment's, an agenda entry's
        assert field in texts
