"""Commands that move data in and out: import, export, check."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import EXIT_ENVIRONMENT, EXIT_OK, db_path, open_session, read_register, refuse_database


def add_commands(sub) -> dict:
    p = sub.add_parser(
        "import",
        help="import a .json bundle, or a .csv or .xlsx agreement table, into the database (merge by key)",
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--replace",
        action="store_true",
        help="replace the whole database content instead of merging (a .json bundle only: a table holds only agreements)",
    )

    p = sub.add_parser("export", help="export the database: .json (the whole bundle), or .csv/.xlsx (the agreement table)")
    p.add_argument("file", type=Path, metavar="FILE")

    p = sub.add_parser("check", help="check the database's integrity and list the rule warnings")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return {"import": _cmd_import, "export": _cmd_export, "check": _cmd_check}


def _cmd_import(args: argparse.Namespace) -> int:
    from .. import files
    from ..store.errors import UNMADE_BACKUP, StoreError
    from ..store.exchange import check_import, import_file, plan_file

    # Before the database is opened: importing creates it, and a file that cannot be imported must not. Into a
    # new database the whole file is checked first, against what a new database holds; into an older one too,
    # against what it holds, since opening it upgrades it.
    check_import(args.file, replace_all=args.replace)
    fresh = planned = None
    if not files.exists(db_path(args)):  # (one in a folder the user may not open: said so, exit 3)
        from ..store.database import Store

        fresh = Store.new_register()
        planned = plan_file(args.file, fresh, replace_all=args.replace)
        base = fresh
    else:
        base, planned = _planned_before_upgrade(args)
    session = open_session(args, write=True)
    # Planned against a new database, or an older one as it was read: unless another program has changed it meanwhile,
    # that plan is this one's.
    unchanged = base is not None and session.register == base
    created = fresh is not None and unchanged  # (base is fresh then: unless another program made the file meanwhile)
    done = False
    before = session.register
    try:
        if not unchanged:  # planned against what the session holds, as import_file would (its encoding is said below)
            planned = plan_file(args.file, before, replace_all=args.replace)
        report = import_file(session, args.file, replace_all=args.replace, planned=planned)
        after = session.register
        done = True
    except StoreError as exc:
        if exc.kind not in UNMADE_BACKUP:
            raise
        # Said as the reason the import was not made (the window asks whether to import without it; a script is not asked).
        print(f"error: {exc.message}; nothing was imported (the database is backed up before every import)", file=sys.stderr)
        return EXIT_ENVIRONMENT
    finally:
        if created and not done:  # removed before the lock goes, which then takes its lock file with it
            _remove_created(session, db_path(args))
        session.close()
    args.done = f"{args.file} was imported"  # (said if the report below cannot be printed)
    print("\n  ".join([_describe_report(report, args.file, args.replace), *_report_details(report, before, after, planned.encoding),
                        *_remark_lines(planned.remarks)]))
    return EXIT_OK


def _planned_before_upgrade(args: argparse.Namespace):
    """A database of an older version is upgraded (and backed up first) when it is opened for writing: the file is
    checked before that against the register it holds, read through an upgraded copy in memory, so that a file
    refused as bad input (exit 2, "nothing was written") leaves the database as it was (older versions of the
    program can still open it). The register read and the plan; (None, None) for a database of this version, which
    opening changes in nothing."""
    from ..store.database import Store, latest_version, stored_version
    from ..store.exchange import plan_file

    path = db_path(args)
    version = stored_version(path)
    if version is None or not 0 < version < latest_version():
        return None, None
    store = Store(path, read_only=True)
    try:
        register = store.load()
    finally:
        store.close()
    return register, plan_file(args.file, register, replace_all=args.replace)


def _remove_created(session, db: Path) -> None:
    """The database an import refused (disk full, say) had just created: it holds nothing, and goes again, so that
    a refused import leaves nothing behind (as a file that cannot be imported creates nothing)."""
    import sqlite3

    from ..store.backup import history_mark, remove_with_side_files

    try:
        untouched = history_mark(session.store.conn) == 0  # never changed, by this import or another program
    except sqlite3.Error:
        untouched = False  # cannot tell: left as it is
    session.store.close()
    if untouched:
        remove_with_side_files(db)  # (tidying only: an empty database left behind harms nothing)


def _describe_report(report, file: Path, replaced: bool) -> str:
    from ..domain.model import LOCAL_KINDS, RECORD_KINDS  # (loaded by the import already)

    if report.is_empty and not replaced:
        return f"{file}: nothing new or changed"
    parts = []
    for kind in (k for k in RECORD_KINDS if k not in LOCAL_KINDS):  # what a bundle carries, in its order
        new = len(report.new.get(kind, ()))
        changed = len(report.changed.get(kind, ()))
        gone = len(report.not_in_file.get(kind, ()))
        if new or changed or gone:
            # A replacement also says what it removed; a merge never removes for want of a record in the file.
            parts.append(f"{kind.replace('_', ' ')}: {new} new, {changed} changed" + (f", {gone} removed" if replaced else ""))
    attachments = len(report.not_in_file.get("attachments", ()))
    if attachments:
        parts.append(f"attachments: {attachments} removed (their agreements are not in the file)")
    parties = len(report.new.get("parties", ()))
    if parties:
        parts.append(f"parties: {parties} new (named by the file's agreements and added to the party list; check their kind)")
    removed = len(report.removed.get("assessments", ()))
    if removed:
        parts.append(f"assessments: {removed} removed (their criteria are no longer in the criteria set)")
    if report.unticked:
        parts.append(f"assessments: {len(report.unticked)} lost their sub-point ticks (their criterion's sub-points changed; rating and justification kept, override reason dropped)")
    if report.settings_changed:
        parts.append("settings changed")
    head = f"{file}: replaced the database content" if replaced else f"{file}: imported"
    return head + ("\n  " + "\n  ".join(parts) if parts else "")


# Keys listed by name in an import's report; a larger import names these many and counts the rest.
REPORT_NAMES = 20


def _quoted(key) -> str:
    """A key as the report names it: in double quotes, anything unprintable in it escaped."""
    from ..domain.problems import safe_text

    return f'"{safe_text(str(key))}"'


def _named(names: list[str], limit: int = REPORT_NAMES) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", … and {len(names) - limit} more" if len(names) > limit else "")


def _report_details(report, before, after, encoding: str | None) -> list[str]:
    """The lines after an import's counts: which agreements are new, what each changed one changes and empties
    (emptied first, as the window's preview says it: that is what is lost), which parties were added with what kind,
    and a table read as Windows-1252. Was: the counts only («agreements: 0 new, 2 changed»), though a blank cell
    empties a field and «KD, KDD» in a cell becomes one new party; a script could not tell what it had done."""
    from ..domain.import_review import field_changes

    lines = []
    new = report.new.get("agreements", [])
    if new:
        lines.append("new agreements: " + _named([_quoted(k) for k in new]))
    changed = report.changed.get("agreements", [])
    old_of = {a.key: a for a in before.agreements}
    new_of = {a.key: a for a in after.agreements}
    for key in changed[:REPORT_NAMES]:
        changes = field_changes(old_of[key], new_of[key]) if key in old_of and key in new_of else ()
        emptied = [c.field for c in changes if c.empties]
        others = [c.field for c in changes if not c.empties]
        said = "; ".join(part for part in (emptied and "empties " + ", ".join(emptied), others and "changes " + ", ".join(others)) if part)
        lines.append(f"changed agreement {_quoted(key)}" + (f": {said}" if said else ""))
    if len(changed) > REPORT_NAMES:
        lines.append(f"… and {len(changed) - REPORT_NAMES} more changed agreements")
    # A replacement: the agreements the file does not hold go, with their decisions, signings and attachments.
    gone = report.not_in_file.get("agreements", [])
    if gone:
        lines.append("removed agreements: " + _named([_quoted(k) for k in gone]))
    parties = report.new.get("parties", [])
    if parties:
        kind_of = {p.key: p.kind for p in after.parties}
        lines.append("new parties: " + _named([_quoted(k) + (f" ({kind_of[k]})" if k in kind_of else "") for k in parties]))
    if encoding == "cp1252":
        lines.append('read as Windows-1252 text (Excel\'s "CSV (semicolon delimited)", not "CSV UTF-8"): a letter it lacks was saved as "?"')
    return lines


def _remark_lines(remarks) -> list[str]:
    """What in a table's rows was read otherwise than it stands, or looks like a list written with the wrong
    separator, as the window's preview says it (imported all the same): row, key, field and what (the first
    REPORT_NAMES). Was: said in the window only."""
    from ..domain.problems import safe_text

    def said(remark) -> str:
        value, name = f'"{safe_text(remark.value)}"', safe_text(remark.name)
        return {
            "party-list": f"{value} becomes one new party: separate parties with \";\"",
            "role-is-name": f"{name} gets the role {value}: separate people with \"|\"",
            "unknown-party": f"the party {value} (of {name}) is not in the party list",
            "line-break": f"line breaks read as spaces: {value}",
            "date-number": f"the number {name} read as the date {remark.value} (format the cell as a date)",
        }.get(remark.code, f"{remark.code}: {value}")

    lines = [f"row {number}" + (f" ({_quoted(key)})" if key else "") + f": {remark.field}: {said(remark)}"
             for number, key, remark in remarks[:REPORT_NAMES]]
    if len(remarks) > REPORT_NAMES:
        lines.append(f"… and {len(remarks) - REPORT_NAMES} more remarks")
    return lines


def _cmd_export(args: argparse.Namespace) -> int:
    from ..store.exchange import export_file, file_format

    from .. import files

    if files.is_folder(args.file):  # said so (exit 2), as for every output: was "the format follows the extension"
        raise files.FileAccessError("is-directory", args.file)
    file_format(args.file, export=True)  # before the database is opened, as for import
    refuse_database(args, args.file)  # a database named register.json, say
    files.check_writable(args.file)
    register = read_register(args)
    export_file(register, args.file)
    args.done = f"{args.file} was written"
    count = len(register.agreements)
    print(f"{args.file}: exported {count} agreement{'' if count == 1 else 's'}")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from ..store.check import CheckReport, check_database
    from ..store.errors import StoreError

    try:
        session = open_session(args, must_exist=True)
    except StoreError as exc:
        if exc.kind not in ("corrupt", "incomplete", "empty"):
            raise
        # Damaged past reading, lacking a table or column its schema version has, or emptied: the report says so (the
        # README: exit 3, "its report on standard output"), where a tool reading the JSON got nothing to read.
        import datetime as dt

        print(f"error: {exc.message}", file=sys.stderr)  # as any command says it
        report = CheckReport(integrity=[exc.message], plan_year=dt.date.today().year, read=False)
    else:
        try:
            report = check_database(session)
        finally:
            session.close()
    if args.format == "json":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(report.to_text(), end="")
    return EXIT_OK if report.integrity_ok else EXIT_ENVIRONMENT
