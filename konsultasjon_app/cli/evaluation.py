"""The evaluation on the command line: the summary per criterion and rating (DOMAIN §6), and the meeting-3 report.

`evaluation --criteria-set KEY --format json|text [--pdf OUT] [--xlsx OUT]` prints the summary on standard output
(exactly the JSON of DOMAIN §6 with `--format json`), and writes the PDF and the workbook when asked; what was
written is told on standard error, so that standard output stays the summary alone.

`--year Y`, `--category consultation|other` and `--state-party KEY` choose the agreements as Evaluering's filters do
(in force on the day of meeting 3 of Y, its date or else its provisional one; of that category; with that state
party, a former name counting as the ministry it is now), so that the window's report has its twin here:
`--year 2026` is the report for meeting 3 of 2026 over the agreements that meeting's status items deal with (rule
M3-STATUS), whenever it is printed. Without them every agreement counts, and the report is headed by what it
covers («Utvalg: alle avtaler»), naming no meeting.

A built-in set (`monsteravtale`, `nav2017`) that the database does not store yet is summarised as it is built in:
every criterion, no agreements (`agreements: 0`), and a note on standard error. That is the truth (nothing has been
rated against it), the same as the window shows, and a report command never writes to the database. Any other
unknown key is bad input (exit 2), and the message names it and the sets there are.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import EXIT_OK, UsageError, read_register, refuse_database, year_arg


def add_commands(sub) -> dict:
    p = sub.add_parser("evaluation", help="the evaluation summary of a criteria set (counts per criterion and rating), and its report")
    p.add_argument("--criteria-set", required=True, metavar="KEY", help="the criteria set's key, e.g. monsteravtale or nav2017")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--pdf", type=Path, metavar="OUT", help="also write the status and evaluation report (A4 PDF)")
    p.add_argument("--xlsx", type=Path, metavar="OUT", help="also write the summary and every rating to a workbook")
    p.add_argument("--year", type=year_arg, metavar="Y",
                   help="only agreements in force on the day of meeting 3 of year Y (its date, else its provisional date): the report for that meeting")
    p.add_argument("--category", choices=("consultation", "other"), help="only agreements of this category")
    p.add_argument("--state-party", metavar="KEY", help="only agreements with this state party (a former name counts as the ministry now)")
    return {"evaluation": _cmd_evaluation}


def _filter(args: argparse.Namespace, register):
    """The window's filters from the options; an unknown state party or an impossible year is bad input."""
    from ..domain.bundle import normal_key
    from ..domain.checks import party_index
    from ..domain.evaluation import EvaluationFilter, canonical_party, state_party_choices

    party = None
    if args.state_party is not None:
        typed = normal_key(args.state_party)
        index = party_index(register.parties)
        known = [key for key, _ in state_party_choices(register)]
        # "kdd" for KDD, "krd" for KRD (a former name: the ministry now): keys as the register has them, whatever the
        # case typed.
        written = next((key for key in (*index, *known) if key.casefold() == typed.casefold()), typed)
        party = canonical_party(written, index)
        if party not in known:
            raise UsageError(f'--state-party: no agreement has the state party "{typed}" (there are: {", ".join(known) or "none"})')
    return EvaluationFilter(category=args.category, state_party=party, year=args.year)


def _cmd_evaluation(args: argparse.Namespace) -> int:
    from .. import files
    from ..domain.bundle import normal_key
    from ..domain.criteria_builtin import BUILTIN_SETS
    from ..domain.evaluation import evaluation_report, is_stored, resolve_criteria_set, summary_to_json, summary_to_text

    refuse_database(args, args.pdf, args.xlsx)  # before the database is opened (a reader may upgrade it)
    register = read_register(args)
    key = normal_key(args.criteria_set)  # as keys are stored: a shell may pass "å" decomposed
    if resolve_criteria_set(register, key) is None:
        stored = ", ".join(f'"{s.key}"' for s in register.criteria_sets) or "none"
        builtin = ", ".join(f'"{k}"' for k in BUILTIN_SETS)
        raise UsageError(f'unknown criteria set "{key}" (stored: {stored}; built in: {builtin})')
    # Every output is checked (and then made) before anything is written or printed: a mistake in the last one (a
    # folder that does not exist) must not leave the summary printed and the first document written, exit 2.
    targets = [path for path in (args.pdf, args.xlsx) if path is not None]
    for path in targets:
        files.check_writable(path)
    if len(targets) == 2 and files.same_file(*targets):
        raise UsageError(f"--pdf and --xlsx name the same file ({args.xlsx}); the workbook would replace the report")
    flt = _filter(args, register)  # bad input is said before anything is printed
    if not is_stored(register, key):
        print(f'note: "{key}" is a built-in criteria set that this database does not store yet; no agreement has been rated against it',
              file=sys.stderr)
    # The documents are made before anything is written: a report the register cannot support leaves nothing.
    report = evaluation_report(register, key, flt)
    documents = []
    if args.pdf is not None:
        from ..reports.evaluation_pdf import evaluation_pdf

        documents.append((args.pdf, evaluation_pdf(report), "evaluation report"))
    if args.xlsx is not None:
        from ..reports.evaluation_xlsx import evaluation_xlsx

        documents.append((args.xlsx, evaluation_xlsx(report, source=str(args.xlsx)), "evaluation workbook"))
    files.write_all_atomic([(path, data) for path, data, _ in documents])  # both or neither (a full disk at the second)
    for path, _, what in documents:
        print(f"{path}: {what} written", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(summary_to_json(report.summary), ensure_ascii=False, indent=2))
    else:
        print(summary_to_text(report.summary), end="")
    return EXIT_OK
