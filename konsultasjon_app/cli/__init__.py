"""The command line: `python -m konsultasjon_app [--db PATH] COMMAND`, the headless twin of the window.

Exit codes: 0 done; 2 bad input (the message names the file, record and field; nothing was written);
3 the environment refused (locked, read-only, disk full, damaged database); 1 a bug (with a traceback). An output
that names a folder is bad input (2) everywhere, --screenshot included; so is one in a folder that does not exist
(--screenshot makes its folder), and one that names the database or a file kept beside it (store.location.database_file).
Each command lives in a module of this package with an `add_commands(subparsers)` that returns its handlers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .common import (
    EXIT_BUG,
    EXIT_ENVIRONMENT,
    EXIT_INPUT,
    EXIT_OK,
    GuardedOutput,
    OutputError,
    Parser,
    UsageError,
    db_path,
    refuse_database,
    utf8_output,
)

__all__ = ["EXIT_BUG", "EXIT_ENVIRONMENT", "EXIT_INPUT", "EXIT_OK", "main", "build_parser", "run_program"]

TABS = ("agenda", "register", "evaluation")
# The commands' names, known before their parsers are built (see `_entry_point`); a test holds them to build_parser's.
COMMANDS = ("agenda", "calendar", "check", "evaluation", "export", "import", "minutes", "overview", "plan")
# The options before a command, as `_add_window_options` and argparse's help give them: whether each takes a value
# (read by `_entry_point`; a test holds it to the parser's).
_WINDOW_OPTIONS = {"--db": True, "--demo": False, "--screenshot": True, "--tab": True, "--help": False}


def _add_window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", type=Path, help="the database file (default: konsultasjon.sqlite3 in the user's data folder)")
    parser.add_argument("--demo", action="store_true", help="open the demo database (made from db/demo on first use; never your own data)")
    parser.add_argument("--screenshot", metavar="OUT.png", type=Path, help="render the main window at 1280×800 to a PNG and exit")
    parser.add_argument("--tab", choices=TABS, default=None, help="the tab to show (with --screenshot, or on opening)")


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    from . import data, evaluation, planning, reports

    parser = Parser(
        prog="python -m konsultasjon_app",
        description="Register of cooperation agreements between the state and KS, and the consultation meetings' agendas. "
        "With no command, opens the main window.",
    )
    _add_window_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    handlers: dict = {}
    for module in (data, planning, reports, evaluation):  # each imports only argparse helpers until a command runs
        handlers.update(module.add_commands(sub))
    return parser, handlers


class _NotForTheWindow(Exception):
    pass


class _WindowParser(argparse.ArgumentParser):
    def error(self, message: str):
        raise _NotForTheWindow(message)


def _window_args(argv: list[str]) -> argparse.Namespace | None:
    """The arguments, if they only open the window (no command, no help, nothing wrong); else None. Opening the
    window is what users do most, and it need not build the parsers of a dozen commands first."""
    parser = _WindowParser(add_help=False)
    _add_window_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except _NotForTheWindow:
        return None  # the full parser says what is wrong, with its usage
    if rest:
        return None
    args.command = None
    return args


def _entry_point(argv: Sequence[str]) -> str:
    """Which entry point `argv` asks for, read as the parser reads it but without building one: "window", a
    command's name, or "other" (help, or a mistake the parser will name). It chooses only the file of code kept from
    the last start of the same entry point (codecache), so that the window does not read what the printing commands
    compiled: what is taken from that file is what Python would compile, so a wrong answer could cost time, never
    change a result. An option may be abbreviated, as argparse allows (`--ta agenda` opens the window).
    Not `_window_args`, which `main` runs anyway: this runs before codecache is installed, and argparse's first parse
    in a process compiles five patterns (its help formatter's among them), 1.5 ms that codecache saves once installed."""
    tokens = iter(argv)
    for token in tokens:
        if not token.startswith("-") or token == "-":
            return token if token in COMMANDS else "other"
        name, value, _ = token.partition("=")
        named = [option for option in _WINDOW_OPTIONS if option.startswith(name)] if name.startswith("--") else []
        option = name if name in _WINDOW_OPTIONS else named[0] if len(named) == 1 else None
        if option is None or option == "--help" or (value and not _WINDOW_OPTIONS[option]):
            return "other"  # help, `--`, or an option the parser will refuse
        if _WINDOW_OPTIONS[option] and not value:
            next(tokens, None)  # its value, whatever it is
    return "window"


def run_program(argv: Sequence[str] | None = None) -> int:
    """The program's entry point (`python -m konsultasjon_app`, the `konsultasjon` script, the frozen launcher):
    `main()`, with the garbage collector paced for a process that starts, works and exits (see gcpolicy), and the
    code Python compiles at every start (record types' methods, patterns) kept from one start to the next (codecache)."""
    from .. import codecache, gcpolicy

    gcpolicy.starting()  # first: reading the kept code makes many objects
    codecache.install(kind=_entry_point(sys.argv[1:] if argv is None else argv))
    try:
        return main(argv)
    finally:
        gcpolicy.started()  # the window has called it already; after a command, the exit need not go through it all
        codecache.finish()


def main(argv: Sequence[str] | None = None) -> int:
    # Messages name files and records, Sami and Norwegian letters included: standard error is UTF-8 like standard
    # output (else `2>&1` into one file mixes two encodings on Windows). It keeps its own error handler,
    # backslashreplace: a message about a broken name must not fail in turn.
    utf8_output(sys.stderr, errors="backslashreplace")
    # Standard output too, before the parser prints a help text (its "1280×800" and "1–4" are not in every code page).
    # A file name that is not UTF-8 (Linux allows any bytes; Python holds the odd ones as lone surrogates), printed
    # in "…: imported", shows them escaped (`\udcff`) as standard error does: was a traceback (exit 1) after the
    # work was done, wherever the stream is strict.
    utf8_output(sys.stdout, errors="backslashreplace")
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _window_args(argv)  # opening the window needs none of the commands' parsers
    handlers: dict = {}
    if args is None:
        parser, handlers = build_parser()
        args = parser.parse_args(argv)
    if args.command is None:
        if args.screenshot is not None:
            refused = _screenshot_target_refused(args, Path(args.screenshot))
            if refused is not None:
                return refused
            shown = Path(db_path(args))
            from .. import files
            from ..store.backup import refuse_if_lost
            from ..store.errors import StoreError

            try:
                there = files.exists(shown)  # (in a folder the user may not open: said so, exit 3, as by every command)
                refuse_if_lost(shown)  # deleted or emptied beside its backups: as every command
            except files.FileAccessError as exc:
                print(f"error: {exc.message}", file=sys.stderr)
                return file_error_code(exc)
            except StoreError as exc:
                print(f"error: {exc.message}", file=sys.stderr)
                return EXIT_ENVIRONMENT
            if not (args.demo and args.db is None) and not there:  # a screenshot never makes a database (the demo's is made)
                print(f"error: {shown}: the database does not exist", file=sys.stderr)
                return EXIT_INPUT  # as for every command: the user's mistake in naming it
        from ..ui.app import run_gui  # Qt loads only for the window

        return run_gui(args)
    return run_command(handlers[args.command], args)


def _screenshot_target_refused(args: argparse.Namespace, path: Path) -> int | None:
    """The exit code if the screenshot cannot be written where asked, with the message every command's output file
    gets (the window would only say "could not write the PNG", exit 3, after rendering it); else None. A missing
    folder is no problem: the window makes it."""
    from .. import files

    try:
        refuse_database(args, path)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    try:
        if files.is_folder(path):
            raise files.FileAccessError("is-directory", path)
        if files.is_folder(path.parent, named=path):
            files.check_writable(path)
        else:
            problem = files.folder_problem(path)
            if problem is not None and problem.kind == "not-a-folder":
                raise problem
    except files.FileAccessError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return file_error_code(exc)
    return None


def file_error_code(exc) -> int:
    """The exit code of a FileAccessError: the user's mistake in naming a file is bad input (2), anything else the
    environment's refusal (3)."""
    from .. import files

    return EXIT_INPUT if exc.kind in files.INPUT_KINDS else EXIT_ENVIRONMENT


def run_command(handler, args: argparse.Namespace) -> int:
    """Run a handler; errors of input and environment become a message on stderr and an exit code."""
    from .. import files
    from ..domain.problems import InvalidInput
    from ..reports import ReportError
    from ..store.errors import StoreError

    stdout = sys.stdout
    if stdout is None:
        # Closed (`>&-`), or a program started without one (the windowed Konsultasjon.exe run by a scheduler): what
        # the command prints would go nowhere, and exit 0 would say it was done. Said before anything is done, as
        # every output is checked first.
        print("error: the output could not be written: there is no standard output (it is closed); nothing was done", file=sys.stderr)
        return EXIT_ENVIRONMENT
    sys.stdout = GuardedOutput(stdout)
    try:
        code = handler(args)
        sys.stdout.flush()  # a refusal of what is still buffered comes here, not after the exit
        return code
    except OutputError as exc:
        _discard_output(stdout)
        if isinstance(exc.cause, BrokenPipeError):
            return EXIT_OK  # the program reading the output stopped (`… | head`): it has what it wanted
        # A command that had done its work before it printed says so (`done`): a script must not think it undone.
        done = getattr(args, "done", None)
        print(f"error: the output could not be written: {exc}" + (f"; {done} all the same (only the report was lost)" if done else ""),
              file=sys.stderr)
        return EXIT_ENVIRONMENT
    except InvalidInput as exc:
        print(exc.describe(limit=50), file=sys.stderr)
        return EXIT_INPUT
    except (UsageError, ReportError) as exc:  # a document the register cannot support is the user's input problem
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except files.FileAccessError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return file_error_code(exc)
    except StoreError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    finally:
        sys.stdout = stdout


def _discard_output(stdout) -> None:
    """After standard output refused a write, what is still buffered goes nowhere (else Python tries again when
    it exits, and fails with a message of its own)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        os.close(devnull)
    except (OSError, AttributeError, ValueError):  # not a real file (a test's captured output)
        pass
