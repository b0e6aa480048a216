"""Import and export through the session's one command path: the JSON bundle, and the agreement table (.csv, .xlsx)."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from .. import files
from ..domain import bundle as bundle_format
from ..domain.agreement_table import TableRead, rows_to_agreements
from ..domain.changes import Command, MergeReport, Op, Put, merge_ops, replace_report, replacing
from ..domain.checks import parties_to_add, party_index
from ..domain.import_review import FieldChange, Remark, field_changes, row_remarks
from ..domain.model import Party, Register
from ..domain.problems import InvalidInput, Problem
from . import register_table
from .session import Session

BUNDLE_SUFFIX = ".json"
FILE_SUFFIXES = (BUNDLE_SUFFIX, *register_table.TABLE_SUFFIXES)


def read_bundle_file(path: Path | str, existing: Register | None) -> bundle_format.Bundle:
    """Read and validate a bundle file completely; InvalidInput names the file, record and field."""
    data = files.read_bytes(path)
    try:
        parsed = bundle_format.loads(data)
        return bundle_format.read_bundle(parsed, existing=existing)
    except InvalidInput as exc:
        raise InvalidInput(exc.problems, source=str(path), total=exc.total) from None


def _new_parties(existing: Register, incoming: Register) -> list[Put]:
    """Parties named by incoming agreements but not yet in the user's list, found there as the agreement form and
    the checks find them (checks.parties_to_add: by key, name or former name, case aside)."""
    named = [(side, name) for agreement in incoming.agreements
             for side, names in (("state", agreement.state_parties), ("other", agreement.other_parties)) for name in names]
    return [Put("parties", party) for party in parties_to_add(party_index(existing.parties), named)]


@dataclass(frozen=True)
class ImportPlan:
    """The operations an import will run, and the report of what is new and changed (shown before or after).

    encoding: a CSV table's text encoding, "utf-8" or "cp1252" (Windows-1252: said, for its letters to be checked);
    None for a bundle or a workbook. remarks: a table's (row number, key, Remark) for what in its new and changed
    rows may not be what the user meant, as the window's preview says it (imported all the same)."""

    ops: tuple[Op, ...]
    report: MergeReport
    encoding: str | None = None
    remarks: tuple[tuple[int, str | None, Remark], ...] = ()


def plan_import(existing: Register, incoming: bundle_format.Bundle, *, replace_all: bool = False) -> ImportPlan:
    parties = _new_parties(existing, incoming.register)
    if replace_all:
        ops: tuple[Op, ...] = (replacing(existing, incoming.register), *parties)
        report = replace_report(existing, incoming.register)
    else:
        merged, report = merge_ops(existing, incoming.register, with_settings=incoming.has_settings, settings_given=incoming.settings_given)
        # The parties go in only with a change to write: an import that changes nothing writes nothing.
        ops = (*parties, *merged) if merged else ()
    if parties and ops:
        # Added to the user's party list without being in the file: said, so that their guessed kind is checked.
        report.new["parties"] = [op.record.key for op in parties]
    return ImportPlan(ops, report)


def import_bundle(session: Session, path: Path | str, *, replace_all: bool = False) -> MergeReport:
    """Import a bundle file: validate everything first, then write it in one transaction (all or nothing)."""
    return import_file(session, path, replace_all=replace_all)


def _apply_import(session: Session, path: Path | str, planned: ImportPlan, *, replace_all: bool = False) -> MergeReport:
    if planned.ops:
        backup_before_import(session)
        suffix = " (erstatt alt)" if replace_all else ""
        # Read from the file by the bundle reader already: not read again record by record (Command.checked).
        session.execute(Command(f"Importer {_shown_name(path)}{suffix}", planned.ops, checked=True))
    return planned.report


def _shown_name(path: Path | str) -> str:
    """The file's name for the history: a name that is not UTF-8 (Linux allows any bytes; Python holds those as
    lone surrogates, which SQLite cannot store: UnicodeEncodeError, a traceback) shows its odd bytes as `\\xff`."""
    return os.fsencode(Path(path).name).decode("utf-8", "backslashreplace")


def backup_before_import(session: Session) -> None:
    """The backup an import makes first (StoreError when it cannot be made); none for a first import into a new
    database, which has no register before it to keep (the command line and the window alike)."""
    if not _holds_nothing(session):
        session.backup("import")


def _holds_nothing(session: Session) -> bool:
    """Whether the database holds no more than a new one does, and never had a change: its backup would hold
    nothing to go back to (and, deleted again, would make the database look lost beside its backups)."""
    from .backup import history_mark
    from .database import Store

    return history_mark(session.store.conn) == 0 and session.register == Store.new_register()


def export_bundle(register: Register, path: Path | str) -> None:
    files.write_atomic(path, bundle_format.dumps(register).encode("utf-8"))


# -- the agreement table, and the choice of format by extension ----------------------------------------


def file_format(path: Path | str, *, export: bool = False) -> str:
    """The file's format by its extension ("json", "csv" or "xlsx"); InvalidInput naming the file otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix not in FILE_SUFFIXES:
        raise InvalidInput([Problem.make("", "unsupported-export" if export else "unsupported-import")], source=str(path))
    return suffix[1:]


def check_import(path: Path | str, *, replace_all: bool = False) -> str:
    """What can be told from the name alone, before anything is opened: the format, and that only a bundle
    may replace the database (a table holds only agreements: meetings, decisions and ratings would go)."""
    kind = file_format(path)
    if replace_all and kind != "json":
        raise InvalidInput([Problem.make("", "table-replace")], source=str(path))
    return kind


@dataclass(frozen=True)
class RowStatus:
    """What importing one row of a table would do: "new", "changed", "unchanged", or "invalid" (see problems).

    changes: for a changed row, each field it gives another value (those it empties among them);
    remarks: what in a new or changed row may not be what the user meant (imported all the same).
    """

    number: int
    key: str | None
    status: str
    problems: tuple[Problem, ...] = ()
    changes: tuple[FieldChange, ...] = ()
    remarks: tuple[Remark, ...] = ()

    @property
    def empties(self) -> tuple[FieldChange, ...]:
        return tuple(c for c in self.changes if c.empties)


@dataclass(frozen=True)
class TableImport:
    """A table read against what is stored: per row what it would do, and the plan for the valid rows.

    The plan is there for a preview even when some rows are invalid; `import_file` refuses the file then.
    """

    table: TableRead
    rows: tuple[RowStatus, ...]
    plan: ImportPlan

    @property
    def problems(self) -> list[Problem]:
        return self.table.problems

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def new_parties(self) -> tuple[Party, ...]:
        """The parties the import adds to the party list (named by the rows, not yet in it)."""
        return tuple(op.record for op in self.plan.ops if isinstance(op, Put) and op.kind == "parties")


def read_agreement_table_file(path: Path | str, existing: Register) -> TableImport:
    """Read and check a .csv or .xlsx agreement table against the stored register (shared by the command line and
    the window's preview). InvalidInput for a file that is not a table at all (format, header, no rows); problems
    with single rows are in the result, each naming its row and column."""
    read = register_table.read_table_file(path)  # (its source names the sheet read, in a workbook of several)
    header, rows = read.header, read.rows
    stored = {a.key: a for a in existing.agreements}
    table = rows_to_agreements(header, rows, read.source, stored=stored)
    if table.table_problems:
        raise InvalidInput(list(table.table_problems), source=read.source)
    known = party_index(existing.parties)
    statuses = []
    for row in table.rows:
        changes: tuple[FieldChange, ...] = ()
        remarks: tuple[Remark, ...] = ()
        if row.agreement is None:
            status = "invalid"
        elif row.agreement.key not in stored:
            status = "new"
        else:
            changes = field_changes(stored[row.agreement.key], row.agreement)
            status = "changed" if changes else "unchanged"
        if status in ("new", "changed"):
            remarks = (*row.remarks, *row_remarks(row.agreement, known))
        statuses.append(RowStatus(row.number, row.key, status, row.problems, changes, remarks))
    # Only agreements, and no settings: what the table does not hold stays as it is.
    incoming = bundle_format.Bundle(Register(agreements=table.agreements), has_settings=False)
    remarks = tuple((row.number, row.key, remark) for row in statuses for remark in row.remarks)
    return TableImport(table, tuple(statuses), replace(plan_import(existing, incoming), encoding=read.encoding, remarks=remarks))


def plan_file(path: Path | str, existing: Register, *, replace_all: bool = False) -> ImportPlan:
    """Read and check a bundle or an agreement table (chosen by extension) against the stored register: the
    changes importing it makes, or InvalidInput naming the file, record and field (one invalid row is enough)."""
    if check_import(path, replace_all=replace_all) == "json":
        incoming = read_bundle_file(path, None if replace_all else existing)
        return plan_import(existing, incoming, replace_all=replace_all)
    result = read_agreement_table_file(path, existing)
    if result.problems:
        raise InvalidInput(result.problems, source=result.table.source)
    return result.plan


def import_file(session: Session, path: Path | str, *, replace_all: bool = False, planned: ImportPlan | None = None) -> MergeReport:
    """Import a bundle or an agreement table, chosen by extension: everything is checked first, then written in
    one transaction; one invalid row and nothing is written. A table merges by key; only a bundle can replace.
    `planned`: the file already planned against what the session holds (it is not read again)."""
    if planned is None:
        planned = plan_file(path, session.register, replace_all=replace_all)
    return _apply_import(session, path, planned, replace_all=replace_all)


def export_file(register: Register, path: Path | str) -> None:
    """Write the register in the format its extension names: the whole bundle, or the agreement table."""
    kind = file_format(path, export=True)
    if kind == "json":
        export_bundle(register, path)
    elif kind == "csv":
        register_table.write_csv(register, path)
    else:
        register_table.write_xlsx(register, path)
