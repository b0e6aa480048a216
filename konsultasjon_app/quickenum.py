"""PySide6's enum classes made in a fraction of the time, the same classes as Python's `enum` makes them.

PySide6 makes a Python enum class for each of a Qt class's enums the first time the class is named: for
`Qt.AlignmentFlag`, `QEvent.Type`, `QKeySequence.StandardKey`, ... It makes them with Python's functional API,
`enum.Enum(name, [(member, value), ...])`, and on Python 3.11 that costs some 15 µs a member: the window's start
makes 198 such classes with some 3,000 members (PySide6's `Qt` namespace alone 93 classes with 1,195 members), 50–70 ms of a
500 ms start (bench/RESULTS.md, twenty-second round). Most of it is `enum`'s general machinery run once per member:
`_EnumDict.__setitem__` checking each name for every kind of special attribute, and `_proto_member.__set_name__`
looking each member's name up in every base class and setting it through the metaclass's `__setattr__`.

`install()` replaces `EnumType._create_` (what the functional API calls) with `_quick_create`. For the calls PySide6
makes — a plain `Enum`, `IntEnum`, `Flag` or `IntFlag`, a list of (name, int) pairs whose names start with a letter
and are not taken by a base class — it makes the class in two steps, without the general machinery:
- the class, as `EnumType.__new__` makes one of that base with no members: what that gives every such class (its
  methods and settings, all shared) is taken once from a class `EnumType.__new__` makes (`_Base`), and each
  class gets its own tables, module and name;
- the members, as `_proto_member.__set_name__` makes them, in one loop: each member made, named and numbered the
  same way, aliases and the flag masks worked out the same.
Any other call (another base, a mixed-in type, names as text, a value that is not an int, a name that starts with
"_" or is in use, a repeated name) goes to Python's own `_create_`, which makes it or refuses it as before. The
classes are the same as Python's: the same attributes, members, lookup tables, masks and module, and they behave the
same; `python -m konsultasjon_app.quickenum_check` makes every enum class of PySide6's modules both ways and compares
them (tests/test_quickenum.py runs it). Two things differ, and nothing here reads them: the order of the names in a
class's `__dict__`, and each base's `__subclasses__()` lists the class the template was taken from
(`_QuickenumTemplate`, one for each base and boundary). What is worked out of a base is worked out again if the base
changes. Nothing here may raise where Python would not: shiboken6 does not expect the functional API to fail, and
the process would crash.

This leans on how Python 3.11's `enum` works inside, so it is used only with the `enum` it was checked against:
`install()` does nothing unless the code of the functions it stands in for or relies on is what it was verified
with (`fingerprint()` in `VERIFIED`). With another Python the classes are made as before, only slower. To verify a
new Python: run `python -m konsultasjon_app.quickenum_check`; if it finds no difference, add the fingerprint it
prints.
"""

from __future__ import annotations

import enum
import sys
import zlib
from enum import Enum, EnumType, Flag
from types import CodeType, FunctionType

# fingerprint() of the `enum` module _quick_create was verified against: CPython 3.11.7.
VERIFIED = frozenset({0xE972A95B})

_standard_create = EnumType._create_
_PLAIN = (Enum, enum.IntEnum, Flag, enum.IntFlag)
_set_class_attribute = type.__setattr__  # what EnumType.__setattr__ ends in, once it found the name is no member's
_new_class = type.__new__  # what EnumType.__new__ ends in (super().__new__), once it has the class's attributes


def _relied_on() -> list[FunctionType]:
    """The functions of `enum` that `_quick_create` stands in for, replicates, skips or relies on."""
    return [
        _standard_create, EnumType.__call__, EnumType.__prepare__, EnumType.__new__, EnumType.__setattr__,
        EnumType.__iter__, enum._proto_member.__init__, enum._proto_member.__set_name__, enum._EnumDict.__init__,
        enum._EnumDict.__setitem__, enum._make_class_unpicklable, enum._is_single_bit, Enum.__init__,
        # how _EnumDict.__setitem__ tells a member's name from others (which _members does by the first letter)
        enum._is_private, enum._is_sunder, enum._is_dunder, enum._is_descriptor, enum._is_internal_class,
        # what EnumType.__new__ asks of the base alone (so that the template is the same for every class of it)
        EnumType._check_for_existing_members_.__func__, EnumType._get_mixins_.__func__, EnumType._find_new_.__func__,
        EnumType._find_data_repr_.__func__, EnumType._find_data_type_.__func__,
    ]


def _code_key(code: CodeType) -> tuple:
    """What a function does, without where it is (its file and lines): its bytecode, exception table, flags, names
    and constants."""
    consts = tuple(
        _code_key(const) if isinstance(const, CodeType)
        else tuple(sorted(map(repr, const))) if isinstance(const, frozenset)  # (a set's order varies by process)
        else repr(const)
        for const in code.co_consts
    )
    return (code.co_code, code.co_exceptiontable, code.co_flags, code.co_names, code.co_varnames, code.co_freevars,
            code.co_cellvars, code.co_argcount, code.co_kwonlyargcount, consts)


def fingerprint() -> int:
    """A checksum of the `enum` code `_quick_create` depends on (see the module's text)."""
    return zlib.crc32(repr([
        (_code_key(function.__code__), repr(function.__defaults__), repr(sorted((function.__kwdefaults__ or {}).items())))
        for function in _relied_on()
    ]).encode())


def install() -> bool:
    """Have the functional API make enum classes through `_quick_create`, if this Python's `enum` is the one it was
    verified against; otherwise leave `enum` as it is. Returns whether it is installed."""
    if EnumType._create_ is _quick_create:
        return True
    if EnumType._create_ is not _standard_create or fingerprint() not in VERIFIED:
        return False
    for cls in _PLAIN:  # what PySide6 asks for, worked out now rather than deep in an import (see _base)
        _base(cls, enum.KEEP)
    EnumType._create_ = _quick_create
    return True


# What EnumType.__new__ gives each class of its own (the rest of what it gives is the same for every class of a base).
_PER_CLASS = {"__module__", "__qualname__", "__doc__", "__new__", "_member_names_", "_unhashable_values_", "_member_map_",
              "_value2member_map_"}


class _Base:
    """What `_quick_create` knows of one base class and boundary, worked out from what the base's enum classes hold:
    - `template`: what EnumType.__new__ gives every class of this base and boundary made with no members (its methods
      and settings, all shared), taken from a class it makes; None if such a class has more of its own, or if the
      base is not as `_quick_create` takes it to be (then Python makes the classes);
    - `taken`: every name in the dicts of the base's classes (a member by such a name Python treats apart);
    - what the base's enum classes held (`_held`: each one's names, and its values by identity, kept alive), so that
      a change made to one later (a method added or replaced) is seen and all this worked out again. Compared by
      identity, never by `==`: a value's own `__eq__` could raise, and an equal value of another type is a change."""

    __slots__ = ("template", "taken", "_held", "_made")

    def __init__(self, cls: type, boundary):
        # Each base's dict copied in one step (another thread may change it meanwhile), then read from the copies.
        held = [(base, dict(vars(base))) for base in cls.__mro__ if isinstance(base, EnumType)]
        self._held = [(base, list(copy), list(map(id, copy.values())), copy) for base, copy in held]
        copies = dict(held)  # (the other bases, int and object, cannot be changed)
        self.taken = frozenset(name for base in cls.__mro__ for name in copies.get(base, vars(base)))
        # A member gets `_value_` from neither its class nor `__new__`, `__init__` is Enum's (which does nothing), and
        # no `__init_subclass__` looks at a new class (Python calls it after the members are made, we before).
        plain = (cls.__init__ is Enum.__init__ and not any("_value_" in vars(base) for base in cls.__mro__)
                 and not any("__init_subclass__" in vars(base) for base in cls.__mro__ if base is not object))
        self.template = self._made = None
        if not plain:  # Python makes these classes: no class is made here (a base's hook would see it)
            return
        # The class is held while its dict is read: a class nothing holds may be collected, its dict emptied, at once.
        self._made = _standard_create(cls, "_QuickenumTemplate", [], module=__name__, boundary=boundary)
        made = dict(vars(self._made))
        template = {name: value for name, value in made.items() if name not in _PER_CLASS}
        shared = all(not isinstance(value, (list, dict, set)) and not hasattr(value, "__set_name__") for value in template.values())
        self.template = template if shared and made.get("__new__") is Enum.__new__ else None

    def current(self) -> bool:
        return all(list(vars(base)) == names and list(map(id, vars(base).values())) == ids
                   for base, names, ids, _values in self._held)


# (base class, boundary) → what _quick_create knows of it. The class each was taken from stays among the base's
# __subclasses__(), named _QuickenumTemplate: one for each base and boundary (and each time the base changed).
_bases: dict[tuple[type, enum.FlagBoundary | None], _Base] = {}


def _base(cls: type, boundary) -> _Base:
    known = _bases.get((cls, boundary))
    if known is None or not known.current():
        known = _bases[(cls, boundary)] = _Base(cls, boundary)
    return known


def _members(base: _Base, items: tuple) -> bool:
    """Whether `_quick_create` makes a class of these (name, value) pairs the way Python would."""
    taken = base.taken
    seen = set()
    for item in items:
        if item.__class__ is not tuple or len(item) != 2:
            return False
        name, value = item
        # A name starting with "_" may be private, a sunder or a dunder; one a base class has may be a descriptor
        # (Enum's `name` and `value`): Python treats those apart. A repeated name, "mro" or "" Python refuses.
        if (name.__class__ is not str or value.__class__ is not int or not name or name[0] == "_" or name in taken
                or name in seen or name == "mro"):
            return False
        seen.add(name)
    return True


def _quick_create(cls, class_name, names, *, module=None, qualname=None, type=None, start=1, boundary=None):
    """`EnumType._create_` (the functional API) for the calls PySide6 makes, as the module's text says."""
    template = None
    if (type is None and cls in _PLAIN and names.__class__ is list
            and (boundary is None or boundary.__class__ is enum.FlagBoundary)):
        members = tuple(names)  # (read once, as Python reads it)
        try:
            base = _base(cls, boundary)
        except Exception:  # noqa: BLE001 - a base in a state not foreseen here: Python's own path makes the class
            base = None  # (an exception would not reach the caller: shiboken6 crashes on it; see the module's text)
        if base is not None and base.template is not None and _members(base, members):
            template = base.template
    if template is None:
        return _create_as_python(cls, class_name, names, module=module, qualname=qualname, type=type, start=start,
                                 boundary=boundary)
    if module is None:  # as Python does: the module of the code that called the enum class (at the same depth)
        try:
            module = sys._getframe(2).f_globals["__name__"]
        except (AttributeError, ValueError, KeyError):
            pass
    # The class as EnumType.__new__ makes it with no members: what it gives every class of this base and boundary,
    # the tables each class has of its own, the module and the name.
    classdict = dict(template)
    classdict.update(_member_names_=[], _unhashable_values_=[], _member_map_={}, _value2member_map_={})
    if module is None:
        enum._make_class_unpicklable(classdict)
    else:
        classdict["__module__"] = module
    if qualname is not None:
        classdict["__qualname__"] = qualname
    enum_class = _new_class(cls.__class__, class_name, (cls,), classdict)
    _set_class_attribute(enum_class, "__new__", Enum.__new__)  # (given to type.__new__, it would be a staticmethod)
    # The members, as _proto_member.__set_name__ makes each (its steps in its order; none of its special cases
    # arises for these calls: see _members and _Base).
    new_member = enum_class._new_member_
    use_args = enum_class._use_args_
    is_flag = issubclass(enum_class, Flag)
    member_names = enum_class._member_names_
    member_map = enum_class._member_map_
    value_map = enum_class._value2member_map_
    flag_mask = singles_mask = 0
    single = False
    for name, value in members:
        member = new_member(enum_class, value) if use_args else new_member(enum_class)
        member._value_ = value
        member._name_ = name
        member.__objclass__ = enum_class
        member._sort_order_ = len(member_names)
        if is_flag:
            flag_mask |= value
            single = value != 0 and value & (value - 1) == 0  # enum._is_single_bit
            if single:
                singles_mask |= value
        canonical = value_map.get(value)
        if canonical is not None:  # an alias of the member with that value
            member = canonical
        elif not is_flag or single:
            member_names.append(name)
        _set_class_attribute(enum_class, name, member)
        member_map[name] = member
        value_map.setdefault(value, member)
    if is_flag and members:
        enum_class._flag_mask_ = flag_mask
        enum_class._singles_mask_ = singles_mask
        enum_class._all_bits_ = 2 ** flag_mask.bit_length() - 1
        # EnumType.__new__ does this after the members are made: iterate by definition if values are out of order.
        values = [member_map[name]._value_ for name in member_names]
        if values != sorted(values):
            enum_class._iter_member_ = enum_class._iter_member_by_def_
    return enum_class


def _create_as_python(cls, class_name, names, **options):
    """Python's own `_create_`, called from `_quick_create`'s caller's place: Python looks the module up two frames
    above `_create_` (the enum class's caller), and `_quick_create` is one frame more. So `_create_` is called
    through two frames, the outer one run in the caller's module (the globals of the frame two above this one's
    caller, `_quick_create`; none, as for Python, if there is no such frame)."""
    try:
        caller = sys._getframe(3).f_globals
    except (AttributeError, ValueError):
        caller = {}
    outer = FunctionType(_call_through.__code__, caller)
    return outer(_call, _standard_create, (cls, class_name, names), options)


def _call_through(call, create, arguments, options):  # run with the caller's module as its globals
    return call(create, arguments, options)


def _call(create, arguments, options):
    return create(*arguments, **options)
