"""The check behind `quickenum` (konsultasjon_app/quickenum.py), kept apart from it so that the window's start does
not load it: every enum class of PySide6's modules made both ways, Python's and `_quick_create`'s, and compared.

    python -m konsultasjon_app.quickenum_check

prints this Python's fingerprint() (whether it is among quickenum.VERIFIED), the number of classes and members made,
and those that differ; it fails if any does. tests/test_quickenum.py runs it, and compares classes with
`differences()`.
"""

from __future__ import annotations

import enum
import sys
from enum import EnumType, Flag
from types import FunctionType

from . import quickenum


def differences(made: type, expected: type) -> list[str]:
    """How two enum classes made from the same call differ, beyond being two classes: attributes, members, lookup
    tables and behaviour. Empty if they are the same (the `__dict__`'s order is not compared: see the module's text)."""
    found = []

    def where(cls: type, member) -> str:
        """The first name the member map gives this very object (a copy of a member has none)."""
        return next((name for name, known in cls._member_map_.items() if known is member), "<not in the member map>")

    def same(value, other) -> bool:
        if isinstance(value, made) and isinstance(other, expected):
            return (where(made, value), value._name_, value._value_) == (where(expected, other), other._name_, other._value_) and (
                plain(vars(value)) == plain(vars(other)))
        if isinstance(value, dict) and isinstance(other, dict):  # the keys by type too: 1, True and 1.0 are equal
            return ([(type(key), key) for key in value] == [(type(key), key) for key in other]
                    and all(same(value[key], other[key]) for key in value))
        if isinstance(value, list) and isinstance(other, list):
            return len(value) == len(other) and all(map(same, value, other))
        if hasattr(value, "__self__") and hasattr(value, "__func__"):  # a method bound to the class
            return value.__func__ is getattr(other, "__func__", None) and (value.__self__ is made) == (other.__self__ is expected)
        if isinstance(value, FunctionType) and isinstance(other, FunctionType) and value.__qualname__.endswith("_break_on_call_reduce"):
            return value.__code__ is other.__code__  # made anew for each class that cannot be pickled
        if isinstance(value, enum.property) and isinstance(other, enum.property):  # a member behind a base's property
            return (all(getattr(value, what, None) is getattr(other, what, None) for what in ("fget", "fset", "fdel"))
                    and (value.name, value.clsname) == (other.name, other.clsname)
                    and same(getattr(value, "member", None), getattr(other, "member", None)))
        if value is made or other is expected:
            return value is made and other is expected
        return value is other or (type(value) is type(other) and value == other)

    def plain(attributes: dict) -> dict:
        return {key: "<the class>" if value is made or value is expected else value for key, value in attributes.items()}

    for what in ("__name__", "__qualname__", "__module__", "__bases__"):
        if getattr(made, what) != getattr(expected, what):
            found.append(f"{what}: {getattr(made, what)!r} != {getattr(expected, what)!r}")
    if type(made) is not type(expected):
        found.append("metaclass")
    ours, theirs = vars(made), vars(expected)
    for key in sorted(set(ours) ^ set(theirs)):
        found.append(f"{key} only in {'the quick' if key in ours else 'Python'}'s class")
    for key in sorted(set(ours) & set(theirs) - {"__dict__", "__weakref__", "__doc__"}):
        if not same(ours[key], theirs[key]):
            found.append(f"{key}: {ours[key]!r} != {theirs[key]!r}")
    if ours.get("__doc__") != theirs.get("__doc__"):
        found.append("__doc__")
    # Behaviour: iteration, lookup by name and by value, text, and for flags the operators.
    def outcome(cls, operation):
        try:
            result = operation(cls)
        except Exception as exc:  # noqa: BLE001 - what is compared
            return ("refused", type(exc).__name__, str(exc))
        return ("gives", type(result) is cls, getattr(result, "_name_", None), repr(result), str(result),
                where(cls, result) if type(result) is cls else None)

    operations = {"iteration": lambda cls: [member._name_ for member in cls]}
    for name, member in expected._member_map_.items():
        value = member._value_
        operations[f"member {name}"] = lambda cls, name=name: cls[name]
        operations[f"format of {name}"] = lambda cls, name=name: format(cls[name])
        operations[f"lookup of {value!r}"] = lambda cls, value=value: cls(value)
        if issubclass(expected, Flag):
            operations[f"~{name}"] = lambda cls, name=name: ~cls[name]
            operations[f"{name} | all"] = lambda cls, name=name: cls[name] | cls(cls._flag_mask_)
    for what, operation in operations.items():
        if outcome(made, operation) != outcome(expected, operation):
            found.append(what)
    return found


def main() -> int:
    """Make every enum class of the PySide6 modules the program uses both ways, Python's and `_quick_create`'s,
    compare them, and print the result with this Python's fingerprint() (see the module's text)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    counts = {"classes": 0, "members": 0}
    differing: list[str] = []

    def both(cls, class_name, names, *, module=None, qualname=None, type=None, start=1, boundary=None):
        if module is None:
            module = sys._getframe(2).f_globals.get("__name__")
        options = {"module": module, "qualname": qualname, "type": type, "start": start, "boundary": boundary}
        theirs = quickenum._standard_create(cls, class_name, names, **options)
        ours = quickenum._quick_create(cls, class_name, names, **options)
        counts["classes"] += 1
        counts["members"] += len(theirs._member_map_)
        found = differences(ours, theirs)
        if found:
            differing.append(f"{class_name}: {'; '.join(found[:5])}")
        return theirs

    before = EnumType._create_
    EnumType._create_ = both
    try:
        import importlib

        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])  # noqa: F841 - some classes want one
        # The program's three modules, and more for a wider check where they are installed.
        for name in ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtPrintSupport", "QtNetwork", "QtSql", "QtXml"):
            try:
                module = importlib.import_module(f"PySide6.{name}")
            except ImportError:
                if name in ("QtCore", "QtGui", "QtWidgets"):
                    raise
                continue
            for attribute in dir(module):
                value = getattr(module, attribute)
                if isinstance(value, type):
                    for inner in dir(value):  # nested classes (QStyleOption's) make theirs when named
                        try:
                            getattr(value, inner)
                        except Exception:  # noqa: BLE001, S112 - some attributes want an instance
                            continue
    finally:
        EnumType._create_ = before
    mark = quickenum.fingerprint()
    print(f"fingerprint 0x{mark:08x} ({'verified' if mark in quickenum.VERIFIED else 'not verified'})")
    print(f"{counts['classes']} enum classes, {counts['members']} members made both ways: {len(differing)} differing")
    for line in differing[:20]:
        print("  " + line)
    return 1 if differing or not counts["classes"] else 0


if __name__ == "__main__":
    sys.exit(main())
