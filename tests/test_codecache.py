"""The dataclasses' compiled methods kept from one start to the next (codecache): the same records, less compiling."""

from __future__ import annotations

import dataclasses
import errno
import json
import marshal
import os
import pathlib
import subprocess
import sys
import textwrap
import types

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
    }


@pytest.fixture
def cache(tmp_path):
    """codecache installed on a file of its own, and put back as it was after the test."""
    file = tmp_path / "cache" / "dataclasses.marshal"
    codecache.install(file)
    yield file
    codecache.finish()


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


@pytest.mark.parametrize("content", [b"", b"not marshal at all", marshal.dumps(["a", "list"]), marshal.dumps({"text": 42}),
                                     marshal.dumps({1: compile("x = 1", "<string>", "exec")})])
def test_a_damaged_cache_file_is_ignored_and_written_anew(tmp_path, content):
    file = tmp_path / "dataclasses.marshal"
    file.write_bytes(content)
    codecache.install(file)
    try:
        Entry, _ = _records("damaged")
        assert Entry("x").parties == ()
    finally:
        codecache.finish()
    kept = marshal.loads(file.read_bytes())
    assert kept and all(isinstance(text, str) and "def " in text for text in kept)


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
    file.write_bytes(marshal.dumps(stale))
    monkeypatch.setattr(codecache, "MAX_KEPT", 10)
    codecache.install(file)
    _records("pruned")
    codecache.finish()
    kept = marshal.loads(file.read_bytes())
    assert not set(stale) & set(kept)
    assert len(kept) >= 6  # Entry's and Ref's methods


def test_the_program_keeps_its_compiled_record_methods_in_the_users_cache_folder(tmp_path, demo_bundle_path):
    """Two runs of a command in new processes: the first writes the cache file, the second uses it, and both print
    the same plan."""
    data = tmp_path / "data"
    env = dict(os.environ, KONSULTASJON_DATA_DIR=str(data))
    db = tmp_path / "db.sqlite3"
    subprocess.run([sys.executable, "-m", "konsultasjon_app", "--db", str(db), "import", str(demo_bundle_path)], check=True,
                   capture_output=True, env=env)
    file = data / "cache" / f"dataclasses.{sys.implementation.cache_tag}.marshal"
    assert file.exists()
    command = [sys.executable, "-m", "konsultasjon_app", "--db", str(db), "plan", "--from-year", "2006", "--format", "json"]
    first = subprocess.run(command, check=True, capture_output=True, env=env)
    written = file.stat().st_mtime_ns
    second = subprocess.run(command, check=True, capture_output=True, env=env)
    assert json.loads(second.stdout) == json.loads(first.stdout)
    assert file.stat().st_mtime_ns == written, "the second run compiled nothing new"
    assert any("__init__" in text for text in marshal.loads(file.read_bytes()))
