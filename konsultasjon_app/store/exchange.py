"""Import and export of the JSON bundle through the session's one command path."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .. import files
from ..domain import bundle as bundle_format
from ..domain.changes import Command, MergeReport, Op, Put, ReplaceAll, merge_ops, replace_report
from ..domain.checks import party_index
from ..domain.model import Party, Register
from ..domain.problems import InvalidInput
from .session import Session


def read_bundle_file(path: Path | str, existing: Register | None) -> bundle_format.Bundle:
    """Read and validate a bundle file completely; InvalidInput names the file, record and field."""
    data = files.read_bytes(path)
    try:
        parsed = bundle_format.loads(data)
        return bundle_format.read_bundle(parsed, existing=existing)
    except InvalidInput as exc:
        raise InvalidInput(exc.problems, source=str(path)) from None


def _new_parties(existing: Register, incoming: Register) -> list[Put]:
    """Parties named by incoming agreements but not yet in the user's list (matched by key or former name)."""
    known = set(party_index(existing.parties))
    ops = []
    for agreement in incoming.agreements:
        for side, names in (("state", agreement.state_parties), ("other", agreement.other_parties)):
            for name in names:
                if name not in known:
                    known.add(name)
                    kind = "directorate" if "direktorat" in name.lower() else ("ministry" if side == "state" else "other")
                    ops.append(Put("parties", Party(name, name, kind)))
    return ops


@dataclass(frozen=True)
class ImportPlan:
    """The operations an import will run, and the report of what is new and changed (shown before or after)."""

    ops: tuple[Op, ...]
    report: MergeReport


def plan_import(existing: Register, incoming: bundle_format.Bundle, *, replace_all: bool = False) -> ImportPlan:
    parties = _new_parties(existing, incoming.register)
    if replace_all:
        new_register = replace(incoming.register, parties=existing.parties)
        return ImportPlan((ReplaceAll(new_register), *parties), replace_report(existing, incoming.register))
    ops, report = merge_ops(existing, incoming.register, with_settings=incoming.has_settings)
    return ImportPlan((*parties, *ops) if ops else (), report)


def import_bundle(session: Session, path: Path | str, *, replace_all: bool = False) -> MergeReport:
    """Import a bundle file: validate everything first, then write it in one transaction (all or nothing)."""
    existing = session.register
    incoming = read_bundle_file(path, None if replace_all else existing)
    planned = plan_import(existing, incoming, replace_all=replace_all)
    if planned.ops:
        suffix = " (erstatt alt)" if replace_all else ""
        session.execute(Command(f"Importer {Path(path).name}{suffix}", planned.ops))
    return planned.report


def export_bundle(register: Register, path: Path | str) -> None:
    files.write_atomic(path, bundle_format.dumps(register).encode("utf-8"))
