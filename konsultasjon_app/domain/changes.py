"""Changes to the register as data: each command is a list of operations with an exact inverse (for undo).

The store writes a command in one transaction and records its history; the UI wraps it in a QUndoCommand.
Nothing here knows about SQL or Qt: applying operations to a Register is a pure function.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .model import LOCAL_KINDS, RECORD_KINDS, Assessment, CriteriaSet, Register, Settings, assessment_id
from .problems import InvalidInput, Problem, ValueDescription

# Records of these kinds refer to an agreement by key and go when it goes.
AGREEMENT_CHILDREN = ("decisions", "signings", "assessments", "deviations", "agenda", "attachments")


@dataclass(frozen=True, slots=True)
class Put:
    """Insert a record, or replace the one with the same identity (it keeps its place in the list). A new record goes
    at the end of its list, or before the record of identity `before` (the undo of a delete puts a record back
    where it was: an agenda's case numbers and the evaluation grid's order follow the list)."""

    kind: str
    record: Any
    before: Any = None


@dataclass(frozen=True, slots=True)
class Delete:
    """Remove the record of this identity, and (for an agreement or criteria set) what refers to it."""

    kind: str
    ident: Any


@dataclass(frozen=True, slots=True)
class RenameAgreement:
    """Give an agreement a new key; every record that refers to it follows."""

    old: str
    new: str


@dataclass(frozen=True, slots=True)
class PutSettings:
    """Replace the register's settings."""

    settings: Settings


@dataclass(frozen=True, slots=True)
class ReplaceAll:
    """Replace the whole content (import --replace) with `register`, exactly as given: make it with `replacing`,
    which keeps what is the user's own."""

    register: Register


def replacing(before: Register, incoming: Register) -> ReplaceAll:
    """Replace `before` with `incoming`, keeping the user's own records (LOCAL_KINDS): the party list (reference
    data, not part of a bundle) and the attached files of the agreements that remain."""
    keys = {a.key for a in incoming.agreements}
    return ReplaceAll(replace(incoming, parties=before.parties, attachments=tuple(x for x in before.attachments if x.agreement in keys)))


Op = Put | Delete | RenameAgreement | PutSettings | ReplaceAll


@dataclass(frozen=True)
class Command:
    """One user action: a label for the Undo menu and the history, and its operations.

    `checked`: the records it writes need not be read again as an import would read them (Session.execute), for
    they have been (an import's, read from the file), or they are put back as they were stored (an undo, which
    must restore even a record an older version let in)."""

    label: str
    ops: tuple[Op, ...]
    checked: bool = False


@dataclass
class Changed:
    """What a command touched, so that each view refreshes only what it shows."""

    kinds: set[str] = field(default_factory=set)
    agreements: set[str] = field(default_factory=set)
    settings: bool = False
    everything: bool = False

    def merge(self, other: Changed) -> None:
        self.kinds |= other.kinds
        self.agreements |= other.agreements
        self.settings |= other.settings
        self.everything |= other.everything

    def touches(self, *kinds: str) -> bool:
        return self.everything or bool(self.kinds.intersection(kinds)) or ("settings" in kinds and self.settings)


@dataclass(frozen=True)
class Applied:
    """The result of applying operations: the new register, the operations that undo them, what changed."""

    register: Register
    inverse: tuple[Op, ...]
    changed: Changed
    # (kind, identity, old record or None, new record or None) per record touched, for the history log
    effects: tuple[tuple[str, Any, Any, Any], ...]


def identity(kind: str, record: Any) -> Any:
    return RECORD_KINDS[kind](record)  # type: ignore[operator]


class _Tables(dict):
    """A register's tables as ordered dicts keyed by identity, each made when first asked for: a decision opens the
    decisions, not the thousands of agreements and ratings beside them."""

    def __init__(self, register: Register):
        super().__init__()
        self.register = register

    def __missing__(self, kind: str) -> dict[Any, Any]:
        table = self[kind] = {identity(kind, r): r for r in getattr(self.register, kind)}
        return table


class _Working:
    """A register opened up as ordered dicts keyed by identity, so that a batch of operations is linear."""

    def __init__(self, register: Register):
        self.settings = register.settings
        self.tables = _Tables(register)
        # Records put back before another (the undo of a delete), by kind, in the order of the operations: placed
        # once, when the batch is done (an undo restores thousands of ratings at a time).
        self.placed: dict[str, list[tuple[Any, Any]]] = {}
        self._orders: dict[str, tuple[list[Any], dict[Any, int], dict[int, int]]] = {}
        self._by_parent: dict[tuple[str, str], dict[Any, list[Any]]] = {}

    def following(self, kind: str, ident: Any) -> Any:
        """The identity of the record after `ident` in its list now (None: it is the last). The list's order is
        taken once and kept while only deletes follow; the gaps they leave are stepped over once each (`skip`
        remembers where a run of deleted records ends), so that deleting a list from its end, as the undo of an
        import or of «Godta alle forslag» does, is linear, not quadratic."""
        found = self._orders.get(kind)
        if found is None:
            keys = _placed_order(list(self.tables[kind]), self.placed.get(kind, ()))  # as freeze() will order it
            found = self._orders[kind] = (keys, {k: i for i, k in enumerate(keys)}, {})
        keys, index, skip = found
        table = self.tables[kind]
        position, passed = index[ident] + 1, []
        while position < len(keys) and keys[position] not in table:
            passed.append(position)
            position = skip.get(position, position + 1)
        for gap in passed:
            skip[gap] = position  # the next look from any of them goes straight here
        return keys[position] if position < len(keys) else None

    def inserted(self, kind: str, ident: Any, record: Any) -> None:
        """A record was added to `kind`: its kept order no longer holds, and it joins its parent's children."""
        self._orders.pop(kind, None)
        for (indexed, attr), index in self._by_parent.items():
            if indexed == kind:
                index.setdefault(getattr(record, attr), []).append(ident)

    def children(self, kind: str, attr: str, parent: Any) -> list[Any]:
        """The identities of `kind`'s records whose `attr` is `parent` (an agreement's decisions, a criteria set's
        ratings), in their order, from an index made once per batch: deleting a thousand agreements no longer
        scans every child table once for each."""
        index = self._by_parent.get((kind, attr))
        if index is None:
            index = self._by_parent[(kind, attr)] = {}
            for ident, record in self.tables[kind].items():
                index.setdefault(getattr(record, attr), []).append(ident)
        table = self.tables[kind]
        return [i for i in index.get(parent, ()) if i in table and getattr(table[i], attr) == parent]

    def renamed(self) -> None:
        """Identities changed (an agreement renamed): the children's index is made again when next asked."""
        self._by_parent.clear()

    def place(self) -> None:
        """Put the records placed so far where they go (before an operation that renames identities, and at the end)."""
        for kind, placements in self.placed.items():
            table = self.tables[kind]
            self.tables[kind] = {key: table[key] for key in _placed_order(list(table), placements)}
            self._orders.pop(kind, None)
        self.placed.clear()

    def freeze(self) -> Register:
        self.place()
        # The kinds no operation opened keep their tuples: the new register shares them with the old.
        return Register(settings=self.settings, **{
            kind: tuple(self.tables[kind].values()) if kind in self.tables else getattr(self.tables.register, kind) for kind in RECORD_KINDS
        })


def apply(register: Register, ops: Iterable[Op]) -> Applied:
    """Apply operations in order; return the new register and the inverse operations (in undo order)."""
    w = _Working(register)
    inverse: list[Op] = []
    changed = Changed()
    effects: list[tuple[str, Any, Any, Any]] = []

    def put(kind: str, record: Any, before: Any = None) -> None:
        ident = identity(kind, record)
        table = w.tables[kind]
        old = table.get(ident)
        if old == record:
            return
        if kind == "criteria_sets" and old is not None:
            for aid in dropped_ratings(list(w.tables["assessments"].values()), (record,)):
                delete("assessments", aid)
        table[ident] = record
        if old is None:
            w.inserted(kind, ident, record)
            if before is not None and before in table:
                w.placed.setdefault(kind, []).append((ident, before))
        inverse.append(Put(kind, old) if old is not None else Delete(kind, ident))
        _touch(changed, kind, record)
        effects.append((kind, ident, old, record))

    def delete(kind: str, ident: Any) -> None:
        table = w.tables[kind]
        old = table.get(ident)
        if old is None:
            return
        # Children first, so that undo restores the parent before them.
        if kind == "agreements":
            for child in AGREEMENT_CHILDREN:
                for cid in w.children(child, "agreement", ident):
                    delete(child, cid)
        elif kind == "criteria_sets":
            for cid in w.children("assessments", "criteria_set", ident):
                delete("assessments", cid)
        following = w.following(kind, ident)
        del table[ident]
        # Undo puts it back where it was: before the record that followed it (restored first, if deleted with it).
        inverse.append(Put(kind, old, following))
        _touch(changed, kind, old)
        effects.append((kind, ident, old, None))

    for op in ops:
        if isinstance(op, Put):
            put(op.kind, op.record, op.before)
        elif isinstance(op, Delete):
            delete(op.kind, op.ident)
        elif isinstance(op, RenameAgreement):
            w.place()  # the records placed so far are found by their identities, which the rename changes
            _rename(w, op, changed, effects)
            w.renamed()
            inverse.append(RenameAgreement(op.new, op.old))
        elif isinstance(op, PutSettings):
            if op.settings != w.settings:
                inverse.append(PutSettings(w.settings))
                effects.append(("settings", None, w.settings, op.settings))
                w.settings = op.settings
                changed.settings = True
        elif isinstance(op, ReplaceAll):
            # The op holds the whole new content (see `replacing`): the store writes the same register.
            before = w.freeze()
            inverse.append(ReplaceAll(before))
            w = _Working(op.register)
            changed.everything = True
            effects.append(("register", None, None, None))
            # Each record it adds, changes or removes, as a command doing it one by one would say (the history of
            # every agreement it touches shows it field by field, as an import that merges does).
            effects.extend(_replaced(before, op.register))
        else:  # pragma: no cover - a programming error
            raise TypeError(f"unknown operation {op!r}")
    inverse.reverse()
    applied = Applied(w.freeze(), tuple(inverse), changed, tuple(effects))
    # `delete` calls itself: its closure refers to it, and through it to the working copy (a dict of every record
    # under new identity tuples). Without this, each change left that much for the cyclic garbage collector, whose
    # full collections then came every few keys in meeting mode.
    delete = None  # noqa: F841
    return applied


def _replaced(before: Register, after: Register) -> list[tuple[str, Any, Any, Any]]:
    """The effects of replacing `before` by `after`: (kind, identity, old, new) for each record that differs, in
    the order of `after` with the records it no longer has after them; the settings when they differ."""
    found: list[tuple[str, Any, Any, Any]] = []
    if before.settings != after.settings:
        found.append(("settings", None, before.settings, after.settings))
    for kind in RECORD_KINDS:
        old_records = {identity(kind, r): r for r in getattr(before, kind)}
        for record in getattr(after, kind):
            ident = identity(kind, record)
            old = old_records.pop(ident, None)
            if old != record:
                found.append((kind, ident, old, record))
        found.extend((kind, ident, old, None) for ident, old in old_records.items())
    return found


def _placed_order(keys: list[Any], placements) -> list[Any]:
    """`keys` with each placed record moved to just before its `before`, in the order they were put: a linked list,
    so that each move is one step however long the list (placements naming a record no longer there are left)."""
    prev: dict[Any, Any] = {}
    nxt: dict[Any, Any] = {}
    last = None
    for key in keys:
        prev[key], nxt[key] = last, None
        if last is not None:
            nxt[last] = key
        last = key
    head = keys[0] if keys else None
    for ident, before in placements:
        if ident not in prev or before not in prev or ident == before:
            continue
        p, n = prev[ident], nxt[ident]  # take it out …
        if p is None:
            head = n
        else:
            nxt[p] = n
        if n is not None:
            prev[n] = p
        p = prev[before]  # … and put it in before `before`
        prev[ident], nxt[ident], prev[before] = p, before, ident
        if p is None:
            head = ident
        else:
            nxt[p] = ident
    out = []
    while head is not None:
        out.append(head)
        head = nxt[head]
    return out


def _touch(changed: Changed, kind: str, record: Any) -> None:
    changed.kinds.add(kind)
    if kind == "agreements":
        changed.agreements.add(record.key)
    elif hasattr(record, "agreement") and record.agreement:
        changed.agreements.add(record.agreement)


def difference(before: Register, after: Register) -> Changed:
    """What differs between two states of the register (the file read again after another program changed it), as
    a command that made the change would have said it."""
    changed = Changed(settings=before.settings != after.settings)
    for kind in RECORD_KINDS:
        old, new = getattr(before, kind), getattr(after, kind)
        if old != new:
            changed.kinds.add(kind)  # (the same records in another order too)
            for record in set(old).symmetric_difference(new):
                _touch(changed, kind, record)
    return changed


def _rename(w: _Working, op: RenameAgreement, changed: Changed, effects: list) -> None:
    agreements = w.tables["agreements"]
    if op.old not in agreements:
        raise InvalidInput([Problem.make("key", "not-found")])
    if op.new in agreements and op.new != op.old:
        raise InvalidInput([Problem.make("key", "duplicate", what="agreement", ident=f'"{op.new}"', other=ValueDescription(("the register", "registeret")))])
    old = agreements[op.old]
    w.tables["agreements"] = {(op.new if k == op.old else k): (replace(v, key=op.new) if k == op.old else v) for k, v in agreements.items()}
    for child in AGREEMENT_CHILDREN:
        table = w.tables[child]
        w.tables[child] = {
            identity(child, rec2): rec2
            for rec2 in (replace(rec, agreement=op.new) if rec.agreement == op.old else rec for rec in table.values())
        }
    changed.kinds.update(("agreements", *AGREEMENT_CHILDREN))
    changed.agreements.update((op.old, op.new))
    effects.append(("agreements", op.new, old, replace(old, key=op.new)))


# -- merge (import) ------------------------------------------------------------------------------------


@dataclass
class MergeReport:
    """What an import adds and changes, per kind of record."""

    new: dict[str, list[Any]] = field(default_factory=dict)
    changed: dict[str, list[Any]] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    # Records that go as a consequence (ratings of criteria a changed criteria set no longer has).
    removed: dict[str, list[Any]] = field(default_factory=dict)
    # Ratings made point by point that lose their ticks: a changed criteria set added or removed sub-points of
    # their criterion (the bundle brings no new version of them). They keep their rating and justification.
    unticked: list[Any] = field(default_factory=list)
    settings_changed: bool = False
    # A replacement only: the stored records the file does not hold, which go with it (and the attached files
    # of the agreements that go). Kept apart from `removed`, whose records go for another reason.
    not_in_file: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return (not any(self.new.values()) and not any(self.changed.values()) and not any(self.not_in_file.values())
                and not self.settings_changed)


def _compare(existing: Register, incoming: Register, report: MergeReport) -> list[tuple[str, Any]]:
    """Count incoming records (the user's own kinds aside) as new, changed or unchanged against the stored ones,
    by identity, into `report`; return the new and changed ones as (kind, record)."""
    differing = []
    for kind in RECORD_KINDS:
        if kind in LOCAL_KINDS:
            continue
        stored = {identity(kind, r): r for r in getattr(existing, kind)}
        for record in getattr(incoming, kind):
            ident = identity(kind, record)
            old = stored.get(ident)
            if old is None:
                report.new.setdefault(kind, []).append(ident)
            elif old != record:
                report.changed.setdefault(kind, []).append(ident)
            else:
                report.unchanged[kind] = report.unchanged.get(kind, 0) + 1
                continue
            differing.append((kind, record))
    return differing


def merged_settings(stored: Settings, incoming: Settings, given: Collection[str] | None = None) -> Settings:
    """The settings after a merge: the incoming value of each setting named in `given` (None: all of them), the
    stored value of every other."""
    if given is None:
        return incoming
    return replace(stored, **{name: getattr(incoming, name) for name in given})


def merge_ops(existing: Register, incoming: Register, *, with_settings: bool,
              settings_given: Collection[str] | None = None) -> tuple[tuple[Op, ...], MergeReport]:
    """Operations that merge `incoming` into `existing` by identity, and a report of what is new and changed.

    With `with_settings`, the settings named in `settings_given` (None: all) are taken from `incoming`; the
    others keep what is stored, as records absent from a merged file do."""
    report = MergeReport()
    ops: list[Op] = [Put(kind, record) for kind, record in _compare(existing, incoming, report)]
    settings = merged_settings(existing.settings, incoming.settings, settings_given) if with_settings else existing.settings
    if settings != existing.settings:
        report.settings_changed = True
        ops.append(PutSettings(settings))
    changed_sets = set(report.changed.get("criteria_sets", ()))
    if changed_sets:
        # Said out loud, not done in silence: a set that lost criteria takes their ratings with it.
        changed = [cs for cs in incoming.criteria_sets if cs.key in changed_sets]
        gone = dropped_ratings(existing.assessments, changed)
        if gone:
            report.removed["assessments"] = gone
        # A stored rating whose ticks no longer fit its criterion's sub-points is refitted as the Evaluering tab
        # refits it when the set is edited there, unless the bundle brings its own version of it.
        brought = {assessment_id(a) for a in incoming.assessments}
        stored_sets = {cs.key: cs for cs in existing.criteria_sets}
        for new_set in changed:
            for refitted in refitted_ratings(existing.assessments, stored_sets[new_set.key], new_set):
                if assessment_id(refitted) not in brought:
                    ops.append(Put("assessments", refitted))
                    if refitted.subpoints_met is None:
                        report.unticked.append(assessment_id(refitted))
    return tuple(ops), report


def refitted_ratings(assessments: Iterable[Assessment], old: CriteriaSet, new: CriteriaSet,
                     renames: dict[str, dict[str, str]] | None = None) -> list[Assessment]:
    """Each rating of `old` made point by point whose criterion `new` (the set's next version) keeps with other
    sub-points, refitted to them. Ticks follow their sub-point when it is only moved or renamed
    (`renames[criterion][old text] = new text`; a text kept as it was needs no entry). When sub-points are added or
    removed, the rating no longer matches the list: it keeps its rating and justification but loses its ticks and
    its override reason. Ratings of criteria `new` no longer has are `dropped_ratings`."""
    renames = renames or {}
    out: list[Assessment] = []
    for a in assessments:
        if a.criteria_set != old.key or a.subpoints_met is None:
            continue
        before, after = old.criterion(a.criterion), new.criterion(a.criterion)
        if before is None or after is None or before.subpoints == after.subpoints:
            continue
        mapping = {s: renames.get(a.criterion, {}).get(s, s) for s in before.subpoints}
        if len(before.subpoints) == len(after.subpoints) and set(mapping.values()) == set(after.subpoints):
            met = {mapping[s] for s in a.subpoints_met if s in mapping}
            refitted = replace(a, subpoints_met=tuple(s for s in after.subpoints if s in met))
        else:
            refitted = replace(a, subpoints_met=None, override_reason=None)
        if refitted != a:
            out.append(refitted)
    return out


def dropped_ratings(assessments: Iterable[Any], criteria_sets: Iterable[Any]) -> list[Any]:
    """The identities of the ratings changed criteria sets take with them, in the ratings' order: those of the
    criteria a set no longer has (as the database's cascade does)."""
    kept = {cs.key: {c.key for c in cs.criteria} for cs in criteria_sets}
    return [assessment_id(a) for a in assessments if a.criteria_set in kept and a.criterion not in kept[a.criteria_set]]


def replace_report(existing: Register, incoming: Register) -> MergeReport:
    """Report for a full replacement: everything incoming counts as new or changed against what was stored, and
    every stored record the replacement does not keep is named in `not_in_file` (a replacement that empties a
    table must say so, not only what it brings)."""
    report = MergeReport()
    _compare(existing, incoming, report)
    report.settings_changed = incoming.settings != existing.settings
    after = replacing(existing, incoming).register  # what the replacement leaves, the user's own kinds included
    for kind in RECORD_KINDS:
        kept = {identity(kind, r) for r in getattr(after, kind)}
        gone = [ident for ident in (identity(kind, r) for r in getattr(existing, kind)) if ident not in kept]
        if gone:
            report.not_in_file[kind] = gone
    return report


def field_changes(old: Any, new: Any) -> list[tuple[str, Any, Any]]:
    """(field, old, new) for each field that differs between two records of one kind."""
    if old is None or new is None:
        return []
    return [(f.name, getattr(old, f.name), getattr(new, f.name)) for f in fields(old) if getattr(old, f.name) != getattr(new, f.name)]
