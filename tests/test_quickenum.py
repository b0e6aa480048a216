"""PySide6's enum classes made quickly (konsultasjon_app/quickenum.py): the same classes as Python's `enum` makes."""

from __future__ import annotations

import enum
import json
import os
import pickle
import subprocess
import sys
import textwrap
from enum import EnumType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from konsultasjon_app import quickenum
from konsultasjon_app.quickenum_check import differences

BASES = (enum.Enum, enum.IntEnum, enum.Flag, enum.IntFlag)


@pytest.fixture
def quick(monkeypatch):
    """The functional API through _quick_create, whatever this Python's fingerprint (put back after the test)."""
    monkeypatch.setattr(EnumType, "_create_", quickenum._quick_create)


@pytest.fixture
def pythons(monkeypatch):
    monkeypatch.setattr(EnumType, "_create_", quickenum._standard_create)


def _made(create, base, names, **options):
    try:
        return create(base, "Made", names, **options)
    except Exception as exc:  # noqa: BLE001 - compared with what Python raises
        return exc


def _assert_alike(ours, theirs) -> None:
    """The same class, or the same refusal."""
    if isinstance(theirs, Exception):
        assert (type(ours), str(ours)) == (type(theirs), str(theirs))
    else:
        assert not isinstance(ours, Exception), ours
        assert differences(ours, theirs) == []


def _assert_same(base, names, **options):
    _assert_alike(_made(quickenum._quick_create, base, names, **options), _made(quickenum._standard_create, base, names, **options))


def _both_ways(code: str, scope: dict) -> dict:
    """`code`, which sets `made` through the functional API, run in a copy of `scope` with the quick path and with
    Python's: the class each made, or what each raised."""
    made = {}
    for who, create in (("quick", quickenum._quick_create), ("python", quickenum._standard_create)):
        before, EnumType._create_ = EnumType._create_, create
        run = dict(scope)
        try:
            exec(code, run)  # noqa: S102 - the scope decides the caller's module (none without __name__)
            made[who] = run["made"]
        except Exception as exc:  # noqa: BLE001 - compared with what Python raises
            made[who] = exc
        finally:
            EnumType._create_ = before
    return made


def test_every_enum_class_of_pyside6_is_made_as_python_makes_it():
    """Every enum class of QtCore, QtGui and QtWidgets (and more modules where installed), made both ways."""
    done = subprocess.run([sys.executable, "-m", "konsultasjon_app.quickenum_check"], capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    counts = done.stdout.splitlines()[1]
    classes = int(counts.split()[0])
    assert classes >= 600 and counts.endswith(": 0 differing"), done.stdout


@pytest.mark.parametrize("base", BASES, ids=lambda base: base.__name__)
@pytest.mark.parametrize("names", [
    [],
    [("Left", 1), ("Right", 2), ("Both", 3), ("Up", 4)],  # a flag of two bits among single ones
    [("None_", 0), ("A", 1), ("Alias", 1), ("B", 2)],  # zero, an alias
    [("High", 8), ("Low", 1), ("Mid", 4)],  # values out of order: a flag iterates by definition then
    [("Minus", -1), ("Big", 2**70), ("Zero", 0)],
    [("A", 1), ("A", 2)],  # a repeated name: refused
    [("mro", 1)], [("", 1)],  # refused
    [("name", 1), ("value", 2)],  # Enum's own properties: Python puts the member behind them
    [("_private", 1), ("__dunder__", 2), ("_Made__mangled", 3)],
    [("real", 1), ("bit_length", 2)],  # int's
    [("Text", "a")], [("Float", 1.5)], [("Tuple", (1, 2))], [("Bool", True)],  # not ints
], ids=repr)
def test_a_class_is_made_or_refused_as_python_makes_or_refuses_it(base, names):
    _assert_same(base, names, module=__name__, qualname="Outer.Made", boundary=enum.KEEP)


@pytest.mark.parametrize("names", [("A", "B"), "A B, C", {"A": 1, "B": 2}, (("A", 1), ("B", 2)), [["A", 1]]], ids=repr)
def test_other_forms_of_names_are_left_to_python(names):
    for base in BASES:
        _assert_same(base, names, module=__name__)


_NAME = st.one_of(
    st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,5}", fullmatch=True),
    st.sampled_from(["A", "B", "name", "value", "mro", "", "_x", "__x__", "_Made__x", "real", "denominator", "X_"]),
)
_VALUE = st.one_of(st.integers(-9, 70), st.integers(), st.sampled_from([True, "x", 1.5, (1, 2), None]))


@settings(max_examples=400, deadline=None)
@given(
    base=st.sampled_from(BASES),
    names=st.lists(st.tuples(_NAME, _VALUE), max_size=10),
    boundary=st.sampled_from([None, enum.KEEP, enum.STRICT, enum.CONFORM, enum.EJECT]),
    qualname=st.sampled_from([None, "Qt.Made"]),
)
def test_any_class_is_made_or_refused_as_python_makes_or_refuses_it(base, names, boundary, qualname):
    _assert_same(base, names, module="somewhere", qualname=qualname, boundary=boundary)


def test_differences_sees_what_differs():
    """The comparison the tests rely on can fail: a member numbered, valued or missing otherwise is seen."""
    theirs = enum.Flag("Made", [("A", 1), ("B", 2)], module=__name__)
    assert differences(enum.Flag("Made", [("A", 1), ("B", 2)], module=__name__), theirs) == []
    assert differences(enum.Flag("Made", [("B", 2), ("A", 1)], module=__name__), theirs)
    assert differences(enum.Flag("Made", [("A", 1), ("B", 4)], module=__name__), theirs)
    assert differences(enum.Flag("Made", [("A", 1)], module=__name__), theirs)
    assert differences(enum.Enum("Made", [("A", 1), ("B", 2)], module=__name__), theirs)
    assert differences(enum.Flag("Made", [("A", 1), ("B", 2)], module="elsewhere"), theirs)


@pytest.mark.parametrize("names", [[("A", 1), ("B", 2)], [("_a", 1)]], ids=["made quickly", "left to Python"])
def test_the_class_belongs_to_the_module_that_called_the_enum_as_with_python(quick, names):
    assert enum.Enum("Made", names).__module__ == __name__


@pytest.mark.parametrize("names", [[("A", 1), ("B", 2)], [("_a", 1)]], ids=["made quickly", "left to Python"])
def test_a_class_made_where_no_module_is_known_cannot_be_pickled_as_with_python(names):
    """Python takes the module from the caller's frame; code run without a `__name__` makes a class that cannot be
    pickled. The quick path looks at the same frame (a frame deeper, it would find `enum`'s own)."""
    made = _both_ways("made = enum.Enum('Made', names)", {"enum": enum, "names": names})
    assert made["quick"].__module__ == made["python"].__module__ == "<unknown>"
    assert differences(made["quick"], made["python"]) == []
    for cls in made.values():
        with pytest.raises(TypeError, match="cannot be pickled"):
            pickle.dumps(next(iter(cls.__members__.values())))


def test_qts_enums_behave_as_the_program_uses_them():
    """Made the quick way in this process (conftest installs it where verified): lookups, flags and pickling."""
    from PySide6.QtCore import Qt

    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    assert Qt.AlignmentFlag(int(flags.value)) == flags and Qt.AlignmentFlag.AlignLeft in flags
    assert Qt.ItemDataRole(0) is Qt.ItemDataRole.DisplayRole and Qt.ItemDataRole.UserRole.value == 256
    assert Qt.Key["Key_Return"] is Qt.Key.Key_Return and Qt.Key.Key_Return.name == "Key_Return"
    assert pickle.loads(pickle.dumps(Qt.SortOrder.DescendingOrder)) is Qt.SortOrder.DescendingOrder
    assert EnumType._create_ is (quickenum._quick_create if quickenum.fingerprint() in quickenum.VERIFIED
                                 else quickenum._standard_create)


def test_installed_only_with_the_enum_it_was_verified_against(pythons, monkeypatch):
    assert quickenum.fingerprint() in quickenum.VERIFIED or sys.version_info[:3] != (3, 11, 7)  # checked on 3.11.7
    monkeypatch.setattr(quickenum, "VERIFIED", frozenset())
    assert quickenum.install() is False and EnumType._create_ is quickenum._standard_create
    monkeypatch.setattr(quickenum, "VERIFIED", frozenset({quickenum.fingerprint()}))
    assert quickenum.install() is True and EnumType._create_ is quickenum._quick_create
    assert quickenum.install() is True  # again: nothing more


def test_a_changed_enum_module_changes_the_fingerprint(monkeypatch):
    before = quickenum.fingerprint()

    def is_single_bit(num):  # what a later Python might have
        return num != 0 and num & (num - 1) == 0

    monkeypatch.setattr(enum, "_is_single_bit", is_single_bit)
    assert quickenum.fingerprint() != before


def test_the_fingerprint_is_the_same_in_every_process():
    """Not a hash Python seeds anew in each process (a frozenset's order, a str's hash)."""
    seen = set()
    for seed in ("0", "1", "12345"):
        done = subprocess.run([sys.executable, "-c", "from konsultasjon_app import quickenum; print(quickenum.fingerprint())"],
                              capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        seen.add(int(done.stdout))
    assert seen == {quickenum.fingerprint()}


WINDOW_PROBE = textwrap.dedent('''
    import enum, gc, json, sys
    from konsultasjon_app import quickenum
    if sys.argv[1] == "python":
        quickenum.VERIFIED = frozenset()  # as with a Python it was not verified against
    from konsultasjon_app.cli import run_program
    code = run_program(sys.argv[2:])
    gc.unfreeze()  # (the start freezes what it made: gcpolicy)
    made = [c.__module__ + "." + c.__qualname__ for c in gc.get_objects()
            if isinstance(c, enum.EnumType) and c.__module__.startswith("PySide6")]
    print(json.dumps({"code": code, "quick": enum.EnumType._create_ is quickenum._quick_create, "made": made}))
''')


def test_the_window_starts_with_the_quick_classes_and_shows_what_it_shows_without_them(tmp_path):
    from konsultasjon_app.store.demo import ensure_demo

    db = tmp_path / "demo.sqlite3"
    ensure_demo(db)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KONSULTASJON_DATA_DIR": str(tmp_path / "data")}
    runs = {}
    for way in ("quick", "python"):
        done = subprocess.run([sys.executable, "-c", WINDOW_PROBE, way, "--db", str(db), "--screenshot",
                               str(tmp_path / f"{way}.png"), "--tab", "register"],
                              capture_output=True, text=True, env=env, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        runs[way] = json.loads(done.stdout.splitlines()[-1])
    assert runs["quick"]["code"] == runs["python"]["code"] == 0
    assert runs["quick"]["quick"] is (quickenum.fingerprint() in quickenum.VERIFIED) and runs["python"]["quick"] is False
    assert "PySide6.QtCore.Qt.AlignmentFlag" in runs["quick"]["made"]
    assert sorted(runs["quick"]["made"]) == sorted(runs["python"]["made"])
    assert (tmp_path / "quick.png").read_bytes() == (tmp_path / "python.png").read_bytes()


def test_each_class_has_tables_of_its_own():
    """What every class of a base shares is taken once (quickenum._Base); the members and their tables not."""
    first = quickenum._quick_create(enum.Flag, "First", [("A", 1), ("B", 2)], module=__name__, boundary=enum.KEEP)
    second = quickenum._quick_create(enum.Flag, "Second", [("C", 1)], module=__name__, boundary=enum.KEEP)
    for table in ("_member_names_", "_member_map_", "_value2member_map_", "_unhashable_values_"):
        assert getattr(first, table) is not getattr(second, table)
    assert list(first.__members__) == ["A", "B"] and list(second.__members__) == ["C"]
    assert first(1) is first.A and second(1) is second.C and first._flag_mask_ == 3 and second._flag_mask_ == 1


class Doubling(enum.Enum):
    """A base of the program's own kind, with an __init__ of its own: Python's path, never the quick one."""

    def __init__(self, *args):
        self.doubled = self.value * 2


class Noting(enum.Enum):
    """A base that looks at each new class as it is made (Python calls this after the members are made)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.seen = (list(cls.__dict__.get("_member_map_", {})), "__reduce_ex__" in cls.__dict__)


class Scaling(int, enum.Enum):
    """A base whose members are made by a __new__ of its own, which sets their value."""

    def __new__(cls, value):
        member = int.__new__(cls, value)
        member._value_ = value * 10
        return member


@pytest.mark.parametrize("base", [Doubling, Noting, Scaling], ids=lambda base: base.__name__)
@pytest.mark.parametrize("in_module", [True, False], ids=["in a module", "where no module is known"])
def test_a_base_of_ones_own_is_made_as_python_makes_it(base, in_module):
    made = _both_ways("made = base('Made', [('A', 1), ('B', 2)])", {"base": base} | ({"__name__": __name__} if in_module else {}))
    assert differences(made["quick"], made["python"]) == []
    assert made["quick"].__module__ == made["python"].__module__ == (__name__ if in_module else "<unknown>")
    if base is Doubling:
        assert made["quick"].B.doubled == 4
    elif base is Scaling:
        assert made["quick"].B.value == 20
    else:
        assert made["quick"].seen == made["python"].seen == (["A", "B"], not in_module)


@settings(max_examples=200, deadline=None)
@given(
    base=st.sampled_from(BASES),
    names=st.lists(st.tuples(_NAME, _VALUE), max_size=8),
    boundary=st.sampled_from([None, enum.KEEP, enum.STRICT]),
    in_module=st.booleans(),
)
def test_any_class_made_through_the_functional_api_is_made_or_refused_as_python_does(base, names, boundary, in_module):
    """As PySide6 calls it: the enum class called, the module left to be found from the caller."""
    scope = {"base": base, "names": names, "boundary": boundary} | ({"__name__": "somewhere"} if in_module else {})
    made = _both_ways("made = base('Made', names, boundary=boundary)", scope)
    _assert_alike(made["quick"], made["python"])


def test_a_base_changed_after_its_first_class_is_seen(monkeypatch):
    """What quickenum knows of a base is worked out again when the base changes (a method put in place later)."""
    quickenum._quick_create(enum.Flag, "Before", [("A", 1)], module=__name__, boundary=enum.KEEP)

    def noted_or(self, other):
        return "noted"

    monkeypatch.setattr(enum.Flag, "__or__", noted_or)
    monkeypatch.setattr(enum.Flag, "label", enum.property(lambda self: "label"), raising=False)
    names = [("A", 1), ("B", 2), ("label", 4)]
    ours = quickenum._quick_create(enum.Flag, "After", names, module=__name__, boundary=enum.KEEP)
    theirs = quickenum._standard_create(enum.Flag, "After", names, module=__name__, boundary=enum.KEEP)
    assert differences(ours, theirs) == []
    assert (ours.A | ours.B) == "noted"


def test_installing_works_out_what_pyside6_asks_for_beforehand(pythons, monkeypatch):
    """Not deep in an import, where Python's own path (one frame deeper) might reach the recursion limit."""
    monkeypatch.setattr(quickenum, "_bases", {})
    monkeypatch.setattr(quickenum, "VERIFIED", frozenset({quickenum.fingerprint()}))
    assert quickenum.install()

    def refused(*args, **kwargs):
        raise AssertionError("Python's _create_ called")

    monkeypatch.setattr(quickenum, "_standard_create", refused)
    for base in BASES:
        made = enum.EnumType._create_(base, "Made", [("A", 1)], module=__name__, boundary=enum.KEEP)
        assert made.A.value == 1


def test_differences_sees_a_copy_of_a_member_and_keys_of_another_type():
    names = [("A", 1), ("B", 2)]
    theirs = enum.Enum("Made", names, module=__name__)
    copied = enum.Enum("Made", names, module=__name__)
    copy = copied._new_member_(copied)
    copy.__dict__.update(vars(copied.A))
    copied._value2member_map_[1] = copy
    assert differences(copied, theirs)
    keyed = enum.Enum("Made", names, module=__name__)
    keyed._value2member_map_[True] = keyed._value2member_map_.pop(1)
    assert differences(keyed, theirs)


class _Refusing:
    """A value whose == raises (as an array's does)."""

    def __eq__(self, other):
        raise ValueError("no truth value")

    __hash__ = object.__hash__


def test_a_base_value_whose_equality_raises_or_an_equal_one_put_in_its_place_is_a_change(monkeypatch):
    """What a base held is compared by identity: never by a value's own ==, which may raise (inside a Qt import the
    process would crash), and an equal value of another type («strict» for STRICT) is a change too."""
    monkeypatch.setattr(enum.Enum, "lookup_table", _Refusing(), raising=False)
    quickenum._quick_create(enum.Enum, "First", [("A", 1)], module=__name__, boundary=enum.KEEP)
    monkeypatch.setattr(enum.Enum, "lookup_table", _Refusing())
    ours = quickenum._quick_create(enum.Enum, "Second", [("A", 1)], module=__name__, boundary=enum.KEEP)
    theirs = quickenum._standard_create(enum.Enum, "Second", [("A", 1)], module=__name__, boundary=enum.KEEP)
    assert differences(ours, theirs) == []
    quickenum._quick_create(enum.Flag, "First", [("A", 1)], module=__name__)
    monkeypatch.setattr(enum.Flag, "_boundary_", "strict")
    ours = quickenum._quick_create(enum.Flag, "Second", [("A", 1)], module=__name__)
    theirs = quickenum._standard_create(enum.Flag, "Second", [("A", 1)], module=__name__)
    assert ours._boundary_ == theirs._boundary_ and type(ours._boundary_) is type(theirs._boundary_) is str


def test_a_base_whose_hook_looks_at_new_classes_is_shown_none_of_quickenums_own(pythons, monkeypatch):
    seen = []

    def noting(cls, **kwargs):
        seen.append(cls.__qualname__)

    monkeypatch.setattr(enum.Enum, "__init_subclass__", classmethod(noting), raising=False)
    monkeypatch.setattr(quickenum, "_bases", {})
    monkeypatch.setattr(quickenum, "VERIFIED", frozenset({quickenum.fingerprint()}))
    assert quickenum.install()
    made = enum.Enum("Made", [("A", 1)], module=__name__)
    assert seen == ["Made"] and made.A.value == 1


def test_the_class_the_template_is_taken_from_is_read_whole_when_a_collection_comes_between():
    """Nothing else holds that class: collected while its dict was read (a collection comes with any new object,
    and another thread's), the dict came out empty or half read, and the error would have crashed a Qt import."""
    import gc

    def collecting(frame, event, arg):  # a collection once the class is made, before what it holds is read
        if frame.f_code is not quickenum._Base.__init__.__code__:
            return None

        def each_line(frame, event, arg):
            if event == "line" and "made" in frame.f_locals and not collected:
                collected.append(gc.collect())
            return each_line

        return each_line

    for base in (enum.Enum, enum.Flag):  # (each collection goes through the whole test process: a second each)
        collected: list = []
        sys.settrace(collecting)
        try:
            known = quickenum._Base(base, enum.KEEP)
        finally:
            sys.settrace(None)
        assert collected and known.template is not None and "_member_type_" in known.template
