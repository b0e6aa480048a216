"""The planner on the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from .common import EXIT_OK, UsageError, date_arg, read_register, year_arg


def add_commands(sub) -> dict:
    p = sub.add_parser("plan", help="place every agreement action on its meeting")
    p.add_argument("--from-year", type=year_arg, required=True, metavar="Y")
    p.add_argument("--to-year", type=year_arg, metavar="Y2")
    p.add_argument("--as-of", type=date_arg, metavar="DATE", help="today for the plan (default: the real date)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return {"plan": _cmd_plan}


def _cmd_plan(args: argparse.Namespace) -> int:
    from ..domain.planner import plan, plan_to_json, plan_to_text

    to_year = args.to_year if args.to_year is not None else args.from_year
    if to_year < args.from_year:
        raise UsageError(f"--to-year {to_year} is before --from-year {args.from_year}")
    result = plan(read_register(args), args.from_year, to_year, args.as_of or dt.date.today())
    if args.format == "json":
        print(json.dumps(plan_to_json(result), ensure_ascii=False, indent=2))
    else:
        print(plan_to_text(result), end="")
    return EXIT_OK


