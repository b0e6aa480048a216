"""The evaluation on the command line: the summary per criterion and rating (DOMAIN §6), and the meeting-3 report.

`evaluation --criteria-set KEY --format json|text [--pdf OUT] [--xlsx OUT]` prints the summary on standard output
(exactly the JSON of DOMAIN §6 with `--format json`), and writes the PDF and the workbook when asked; what was
written is told on standard error, so that standard output stays the summary alone.

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

from .common import EXIT_OK, UsageError, read_register


def add_commands(sub) -> dict:
    p = sub.add_parser("evaluation", help="the evaluation summary of a criteria set (counts per criterion and rating), and its report")
    p.add_argument("--criteria-set", required=True, metavar="KEY", help="the criteria set's key, e.g. monsteravtale or nav2017")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--pdf", type=Path, metavar="OUT", help="also write the status and evaluation report (A4 PDF)")
    p.add_argument("--xlsx", type=Path, metavar="OUT", help="also write the summary and every rating to a workbook")
    return {"evaluation": _cmd_evaluation}


def _cmd_evaluation(args: argparse.Namespace) -> int:
    from .. import files
    from ..domain.bundle import normal_key
    from ..domain.criteria_builtin import BUILTIN_SETS
    from ..domain.evaluation import evaluation_report, is_stored, resolve_criteria_set, summary_to_json, summary_to_text

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
    if not is_stored(register, key):
        print(f'note: "{key}" is a built-in criteria set that this database does not store yet; no agreement has been rated against it',
              file=sys.stderr)
    # The documents are made before anything is written: a report the register cannot support leaves nothing.
    report = evaluation_report(register, key)
    documents = []
    if args.pdf is not None:
        from ..reports.evaluation_pdf import evaluation_pdf

        documents.append((args.pdf, evaluation_pdf(report), "evaluation report"))
    if args.xlsx is not None:
        from ..reports.evaluation_xlsx import evaluation_xlsx

        documents.append((args.xlsx, evaluation_xlsx(report, source=str(args.xlsx)), "evaluation workbook"))
    for path, data, what in documents:
        files.write_atomic(path, data)
        print(f"{path}: {what} written", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(summary_to_json(report.summary), ensure_ascii=False, indent=2))
    else:
        print(summary_to_text(report.summary), end="")
    return EXIT_OK
