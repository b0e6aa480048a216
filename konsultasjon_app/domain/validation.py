"""What an import would refuse in one record, by the bundle reader's own rules: the command path refuses to store it,
so that the database's own export can always be imported again (DOMAIN §6: import ∘ export is the identity)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import bundle
from .model import Register
from .problems import Problem

# The bundle reader's function for one record of each kind a bundle holds. The user's own kinds (parties, attached
# files) are not in a bundle: nothing to check them against.
_READERS = {
    "governments": bundle._government,
    "meetings": bundle._meeting,
    "agreements": bundle.read_agreement,
    "decisions": bundle._decision,
    "signings": bundle._signing,
    "criteria_sets": bundle._criteria_set,
    "assessments": bundle._assessment,
    "deviations": bundle._deviation,
    "agenda": bundle._agenda_entry,
}


def place(kind: str, record: Any) -> str:
    """The record as a message names it, by its identity (as integrity.reference_problems does):
    `decisions[barnevern@2006/2]`, `assessments[nav@nav2017/k2]`."""
    if kind == "settings":
        return "settings"
    if kind == "governments":
        return f"governments[{record.took_office.isoformat()}]"
    if kind == "meetings":
        return f"meetings[{record.year}/{record.number}]"
    if kind in ("agreements", "criteria_sets"):
        return f"{kind}[{record.key}]"
    if kind == "decisions":
        return f"decisions[{record.agreement}@{record.meeting.year}/{record.meeting.number}]"
    if kind == "signings":
        return f"signings[{record.agreement}@{record.date.isoformat()}]"
    if kind == "assessments":
        return f"assessments[{record.agreement}@{record.criteria_set}/{record.criterion}]"
    if kind == "deviations":
        return f"deviations[{record.action}:{record.agreement or ''}@{record.from_meeting.year}/{record.from_meeting.number}]"
    if kind == "agenda":
        return f"agenda[{record.action}:{record.agreement or record.key}@{record.meeting.year}/{record.meeting.number}]"
    return kind


def record_problems(kind: str, record: Any, register: Register | None = None, *, path: str | None = None) -> list[Problem]:
    """What an import of the database's export would refuse in this record (kind "settings": the settings): the
    record is written as the export writes it and read back with the bundle reader. A rating ticked point by point
    is also checked against its criterion in `register` (the register it is stored in). Each problem's path names
    the record (`place`, or `path`) and its field."""
    return _read(kind, record, register, path or place(kind, record))[0]


def _read(kind: str, record: Any, register: Register | None, path: str) -> tuple[list[Problem], dict]:
    """The record's problems (see record_problems), and the record as the export writes it."""
    r = bundle.Reader()
    if kind == "settings":
        written = bundle.write_bundle(Register(settings=record))["settings"]
        bundle._settings(r, written)
        return r.problems, written
    read = _READERS.get(kind)
    if read is None:
        return [], {}
    written = bundle.write_bundle(Register(**{kind: (record,)}))[kind][0]
    read(r, written, path)
    if kind == "assessments" and record.subpoints_met is not None and register is not None and not r.problems:
        criteria_set = register.criteria_set(record.criteria_set)
        criterion = criteria_set.criterion(record.criterion) if criteria_set else None
        if criterion is not None:  # an unknown one is a reference problem (integrity.reference_problems)
            bundle._check_subpoints(r, path, criterion, record)
    return r.problems, written


def written_problems(effects: Iterable[tuple[str, Any, Any, Any]], register: Register) -> list[Problem]:
    """What an import would refuse in the records a change writes (`effects`: Applied.effects, (kind, identity,
    old, new) per record touched) in `register`, the register after the change: `new_problems` of each."""
    effects = list(effects)
    deleted: dict[str, list[Any]] = {}
    for kind, _ident, old, new in effects:
        if new is None and old is not None:
            deleted.setdefault(kind, []).append(old)
    problems: list[Problem] = []
    for kind, _ident, old, new in effects:
        if new is None:
            continue
        if old is None and kind in deleted:
            # A record put under a new identity by the change that deletes its old one (an item moved to another
            # meeting): what it had already stays let through, as for a record changed in place. Only a record
            # with a problem is compared with the deleted ones (a batch of moves stays linear).
            found = new_problems(kind, None, new, register)
            if found:
                found = min((new_problems(kind, was, new, register) for was in deleted[kind]), key=len)
            problems.extend(found)
        else:
            problems.extend(new_problems(kind, old, new, register))
    return problems


def new_problems(kind: str, old: Any, new: Any, register: Register | None = None) -> list[Problem]:
    """What an import would refuse in `new`, which takes the place of `old` (None: a new record), save a problem
    `old` had already in a field `new` leaves as it was (a text an older version let in): refusing that would keep
    the user from unrelated work, a decision in a meeting say, on a record they may not be able to put right from
    where they are (`check` names it). The dialogs ask this of the record they are about to save."""
    path = place(kind, new)
    found, written = _read(kind, new, register, path)
    if found and old is not None:
        had, was = _read(kind, old, register, path)
        had = set(had)
        found = [p for p in found if not (p in had and _field_of(p, path, written) == _field_of(p, path, was))]
    return found


def _field_of(problem: Problem, path: str, written: dict) -> Any:
    """The value, as the export writes it, of the field of the record at `path` that `problem` is about (the whole
    record when it is about the record itself)."""
    rest = problem.path[len(path):].lstrip(".")
    name = rest.split(".", 1)[0].split("[", 1)[0]
    return written.get(name) if name else written
