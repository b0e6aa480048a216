"""The command line: `python -m konsultasjon_app [--db PATH] COMMAND`, the headless twin of the window.

Exit codes: 0 done; 2 bad input (the message names the file, record and field; nothing was written);
3 the environment refused (locked, read-only, disk full, damaged database); 1 a bug (with a traceback).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK = 0
EXIT_BUG = 1
EXIT_INPUT = 2
EXIT_ENVIRONMENT = 3

TABS = ("agenda", "register", "evaluation")


class UsageError(Exception):
    """A command-line argument that cannot be used; reported like bad input."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exit code for usage errors is 2 as well
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message}\n")


def _date_arg(value: str) -> dt.date:
    from ..domain.bundle import parse_date

    parsed = parse_date(value)
    if parsed is None:
        raise argparse.ArgumentTypeError(f'"{value}" is not a date (YYYY-MM-DD)')
    return parsed


def _year_arg(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{value}" is not a year') from None
    if not 1900 <= year <= 2200:
        raise argparse.ArgumentTypeError(f"{year} is not between 1900 and 2200")
    return year


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m konsultasjon_app",
        description="Register of cooperation agreements between the state and KS, and the consultation meetings' agendas. "
        "With no command, opens the main window.",
    )
    parser.add_argument("--db", metavar="PATH", type=Path, help="the database file (default: konsultasjon.sqlite3 in the user's data folder)")
    parser.add_argument("--demo", action="store_true", help="open the demo database (made from db/demo on first use; never your own data)")
    parser.add_argument("--screenshot", metavar="OUT.png", type=Path, help="render the main window at 1280×800 to a PNG and exit")
    parser.add_argument("--tab", choices=TABS, default=None, help="the tab to show (with --screenshot, or on opening)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("import", help="import a .json bundle into the database (merge by key)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--replace", action="store_true", help="replace the whole database content instead of merging")

    p = sub.add_parser("export", help="export the database to a .json bundle")
    p.add_argument("file", type=Path, metavar="FILE")

    p = sub.add_parser("check", help="check the database's integrity and list the rule warnings")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser("plan", help="place every agreement action on its meeting")
    p.add_argument("--from-year", type=_year_arg, required=True, metavar="Y")
    p.add_argument("--to-year", type=_year_arg, metavar="Y2")
    p.add_argument("--as-of", type=_date_arg, metavar="DATE", help="today for the plan (default: the real date)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        from ..ui.app import run_gui  # Qt loads only for the window

        return run_gui(args)
    return run_command(args)


def _db_path(args: argparse.Namespace) -> Path:
    from .. import paths

    if args.db is not None:
        return args.db
    return paths.demo_db_path() if args.demo else paths.default_db_path()


def run_command(args: argparse.Namespace) -> int:
    from .. import files
    from ..domain.problems import InvalidInput
    from ..store.errors import StoreError

    try:
        return _COMMANDS[args.command](args)
    except InvalidInput as exc:
        print(exc.describe(limit=50), file=sys.stderr)
        return EXIT_INPUT
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except files.FileAccessError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return EXIT_INPUT if exc.kind in ("missing", "is-directory", "too-large") else EXIT_ENVIRONMENT
    except StoreError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return EXIT_ENVIRONMENT


def _open_session(args: argparse.Namespace, *, must_exist: bool = False):
    """Open the database (migrating it if it is older). Only `import` may create a new one."""
    from ..store.demo import ensure_demo
    from ..store.session import Session

    path = _db_path(args)
    if args.demo and args.db is None:
        ensure_demo(path)
    if must_exist and not path.exists():
        raise UsageError(f"{path}: the database does not exist (import a bundle first)")
    return Session.open(path)


def _cmd_import(args: argparse.Namespace) -> int:
    from ..store.exchange import import_bundle

    if args.file.suffix.lower() != ".json":
        raise UsageError(f"{args.file}: import reads a .json bundle")
    session = _open_session(args)
    try:
        report = import_bundle(session, args.file, replace_all=args.replace)
    finally:
        session.close()
    print(_describe_report(report, args.file, args.replace))
    return EXIT_OK


def _describe_report(report, file: Path, replaced: bool) -> str:
    if report.is_empty and not replaced:
        return f"{file}: nothing new or changed"
    parts = []
    for kind in ("governments", "meetings", "agreements", "decisions", "signings", "criteria_sets", "assessments", "deviations"):
        new = len(report.new.get(kind, ()))
        changed = len(report.changed.get(kind, ()))
        if new or changed:
            parts.append(f"{kind.replace('_', ' ')}: {new} new, {changed} changed")
    if report.settings_changed:
        parts.append("settings changed")
    head = f"{file}: replaced the database content" if replaced else f"{file}: imported"
    return head + ("\n  " + "\n  ".join(parts) if parts else "")


def _cmd_export(args: argparse.Namespace) -> int:
    from ..store.exchange import export_bundle

    if args.file.suffix.lower() != ".json":
        raise UsageError(f"{args.file}: export writes a .json bundle (the format follows the extension)")
    session = _open_session(args, must_exist=True)
    try:
        export_bundle(session.register, args.file)
    finally:
        session.close()
    print(f"{args.file}: exported {len(session.register.agreements)} agreements")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from ..store.check import check_database

    session = _open_session(args, must_exist=True)
    try:
        report = check_database(session)
    finally:
        session.close()
    if args.format == "json":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(report.to_text(), end="")
    return EXIT_OK if report.integrity_ok else EXIT_ENVIRONMENT


def _cmd_plan(args: argparse.Namespace) -> int:
    from ..domain.planner import plan, plan_to_json, plan_to_text

    to_year = args.to_year if args.to_year is not None else args.from_year
    if to_year < args.from_year:
        raise UsageError(f"--to-year {to_year} is before --from-year {args.from_year}")
    session = _open_session(args, must_exist=True)
    try:
        result = plan(session.register, args.from_year, to_year, args.as_of or dt.date.today())
    finally:
        session.close()
    if args.format == "json":
        print(json.dumps(plan_to_json(result), ensure_ascii=False, indent=2))
    else:
        print(plan_to_text(result), end="")
    return EXIT_OK


_COMMANDS = {
    "import": _cmd_import,
    "export": _cmd_export,
    "check": _cmd_check,
    "plan": _cmd_plan,
}
