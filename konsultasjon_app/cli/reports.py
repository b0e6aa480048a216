"""Printed documents and the calendar file on the command line: agenda, overview, minutes, calendar.

reportlab and icalendar are imported by the handlers only, so that building the parser (and `--help`) stays fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from .common import EXIT_OK, date_arg, read_register, refuse_database, year_arg

# The meetings of a year are numbered 1–4 (domain.model.MEETING_NUMBERS; not imported, so that building the
# parser loads no domain modules).
MEETING_NUMBERS = (1, 2, 3, 4)


def meeting_arg(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{value}" is not a meeting number (1–4)') from None
    if number not in MEETING_NUMBERS:
        raise argparse.ArgumentTypeError(f"{number} is not a meeting number (1–4)")
    return number


def add_commands(sub) -> dict:
    _pdf_command(sub, "agenda", "print a meeting's agenda (dagsorden) to an A4 PDF", meeting=True)
    _pdf_command(sub, "overview", "print the overview of agreements in force for Fellesdokumentet (meeting 4) to a PDF", meeting=False)
    _pdf_command(sub, "minutes", "print a meeting's minutes (protokoll) to an A4 PDF", meeting=True)
    p = sub.add_parser("calendar", help="write the year's dated meetings to an iCalendar file (Outlook)")
    p.add_argument("--year", type=year_arg, required=True, metavar="Y")
    p.add_argument("--ics", type=Path, required=True, metavar="OUT")
    return {"agenda": _cmd_agenda, "overview": _cmd_overview, "minutes": _cmd_minutes, "calendar": _cmd_calendar}


def _pdf_command(sub, name: str, help: str, *, meeting: bool) -> None:  # noqa: A002 - argparse's word
    p = sub.add_parser(name, help=help)
    p.add_argument("--year", type=year_arg, required=True, metavar="Y")
    if meeting:
        p.add_argument("--meeting", type=meeting_arg, required=True, metavar="N", help="the meeting's number, 1–4")
    p.add_argument("--pdf", type=Path, required=True, metavar="OUT")
    p.add_argument("--as-of", type=date_arg, metavar="DATE", help="today for the plan behind the document (default: the real date)")


def _planned(args: argparse.Namespace, years=None):
    """The register and the year's plan as of `--as-of` (or today), as the agenda tab shows it (agenda_plan: with
    the signing items its meetings hold that have moved on into the next year); `years(register, year)` gives a
    wider span of years to plan instead."""
    from ..domain.agenda import agenda_plan
    from ..domain.planner import plan

    register = read_register(args)
    as_of = args.as_of or dt.date.today()
    if years is None:
        return register, agenda_plan(register, args.year, as_of)
    return register, plan(register, *years(register, args.year), as_of)


def _check(args: argparse.Namespace, path: Path) -> None:
    """Before the database is read and the document made: an output that cannot be written, or that names the
    database, is said at once, in the words every command uses."""
    from .. import files

    refuse_database(args, path)
    files.check_writable(path)


def _write(path: Path, data: bytes, what: str) -> int:
    from .. import files

    files.write_atomic(path, data)
    print(f"{path}: {what} written")
    return EXIT_OK


def _cmd_agenda(args: argparse.Namespace) -> int:
    from ..reports.agenda_pdf import agenda_pdf

    _check(args, args.pdf)
    register, year_plan = _planned(args)
    data = agenda_pdf(register, year_plan, args.year, args.meeting)
    return _write(args.pdf, data, f"agenda of meeting {args.meeting}/{args.year}")


def _cmd_overview(args: argparse.Namespace) -> int:
    from ..domain.planner import overview_years
    from ..reports.overview_pdf import overview_pdf

    _check(args, args.pdf)
    # The year's plan, and the year its overview was moved to if the user moved it (meeting 4 cancelled).
    register, year_plan = _planned(args, overview_years)
    data = overview_pdf(register, year_plan, args.year)
    return _write(args.pdf, data, f"overview of the agreements in force for Fellesdokumentet {args.year}")


def _cmd_minutes(args: argparse.Namespace) -> int:
    from ..reports.minutes_pdf import minutes_pdf

    _check(args, args.pdf)
    register, year_plan = _planned(args)
    data = minutes_pdf(register, year_plan, args.year, args.meeting)
    return _write(args.pdf, data, f"minutes of meeting {args.meeting}/{args.year}")


def _cmd_calendar(args: argparse.Namespace) -> int:
    from ..reports.calendar_ics import calendar_ics

    _check(args, args.ics)
    register = read_register(args)
    data = calendar_ics(register, args.year)
    count = sum(1 for m in register.meetings if m.year == args.year)
    return _write(args.ics, data, f"calendar of {count} meeting{'' if count == 1 else 's'} in {args.year}")
