"""What every command shares: exit codes, argument types, opening the database."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_BUG = 1
EXIT_INPUT = 2
EXIT_ENVIRONMENT = 3


class UsageError(Exception):
    """A command-line argument that cannot be used; reported like bad input."""


class OutputError(Exception):
    """Standard output refused what a command printed: a full disk, or the program reading it has stopped."""

    def __init__(self, cause: OSError):
        self.cause = cause
        super().__init__(cause.strerror or str(cause))


class GuardedOutput:
    """Standard output while a command runs: a write that fails raises OutputError, which `run_command` reports as
    the environment's refusal (exit 3) rather than as a bug. Everything else is the stream's own."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise OutputError(exc) from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputError(exc) from exc

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def utf8_output(stream, errors: str | None = None) -> None:
    """Print UTF-8 whatever the console's code page: JSON is UTF-8 (RFC 8259), and on Windows output sent to a file
    or a pipe would otherwise be cp1252, which has no room for every name in the register (Sami letters, say).
    `errors`: the stream's handler for what UTF-8 cannot hold either (a lone surrogate), set on a UTF-8 stream
    too; None: strict, as reconfigure makes it."""
    if not hasattr(stream, "reconfigure"):
        return
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if encoding not in ("utf8", ""):
        stream.reconfigure(encoding="utf-8", **({"errors": errors} if errors else {}))
    elif errors and getattr(stream, "errors", None) != errors:
        stream.reconfigure(errors=errors)


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exit code for usage errors is 2 as well
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message}\n")


def date_arg(value: str) -> dt.date:
    from ..domain.calendar import YEAR_RANGE, in_year_range, parse_date

    parsed = parse_date(value)
    if parsed is None:
        raise argparse.ArgumentTypeError(f'"{value}" is not a date (YYYY-MM-DD)')
    if not in_year_range(parsed.year):
        low, high = YEAR_RANGE
        raise argparse.ArgumentTypeError(f'"{value}" is not between {low}-01-01 and {high}-12-31')
    return parsed


def year_arg(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{value}" is not a year') from None
    from ..domain.calendar import YEAR_RANGE, in_year_range

    if not in_year_range(year):
        low, high = YEAR_RANGE
        raise argparse.ArgumentTypeError(f"{year} is not between {low} and {high}")
    return year


def db_path(args: argparse.Namespace) -> Path:
    from .. import paths

    if args.db is not None:
        return args.db
    return paths.demo_db_path() if args.demo else paths.default_db_path()


def refuse_database(args: argparse.Namespace, *outputs: Path | None) -> None:
    """UsageError (exit 2, nothing written) if an output names the database the command opens, or a file kept
    beside it (store.location.database_file). Called before the database is opened: a command that only reads may
    upgrade it."""
    from ..store.location import database_file

    db = db_path(args)
    for out in outputs:
        if out is None:
            continue
        part = database_file(out, db)
        if part == "":
            raise UsageError(f"{out}: names the database {db}; nothing was written")
        if part is not None:
            raise UsageError(f"{out}: names the {part} file of the database {db}; nothing was written")


def _database(args: argparse.Namespace, *, must_exist: bool) -> Path:
    from .. import files

    path = db_path(args)
    if files.is_folder(path):  # the data folder named for the file: said, as for an output (exit 2), not "cannot be opened"
        raise files.FileAccessError("is-directory", path)
    if args.db is not None and not files.exists(path):
        # Only the data folder is made when missing (on first use). A --db in a folder that is not there (a typo in
        # a shared drive's path), or under a file, is bad input: `import` made the whole chain of folders and a
        # second, empty register there, and the import went into it without a word.
        problem = files.folder_problem(path)
        if problem is not None:
            raise problem
    if args.demo and args.db is None:
        from ..store.demo import ensure_demo

        ensure_demo(path)
    if must_exist:
        from ..store.backup import refuse_if_lost

        refuse_if_lost(path)  # deleted or emptied, its backups beside it: to be restored
        if not files.exists(path):
            raise UsageError(f"{path}: the database does not exist (import a bundle first)")
    return path


def open_session(args: argparse.Namespace, *, must_exist: bool = False, write: bool = False):
    """Open the database (migrating it if it is older). Only `import` may create a new one, and only a writing
    command takes the writer's lock (it fails, exit 3, while the window has the database open). A command that only
    reads opens a database it cannot write (a read-only file, folder or drive) read-only."""
    from ..store.backup import keep_setting
    from ..store.session import Session

    path = _database(args, must_exist=must_exist)
    if write:
        from ..store.backup import refuse_if_lost

        # Emptied or deleted (a sync tool, a crash) while its backups lie beside it: an import would start an empty
        # register there, whose backups would push the real ones out of the rotation (the window offers them instead).
        refuse_if_lost(path)
        session = Session.open(path, lock=True, backup_keep=keep_setting)
    else:
        from ..store.database import Store

        session = Session(Store.for_reading(path, backup_keep=keep_setting))  # the session closes the store if it cannot be read
    tell_upgraded(session.store)
    tell_disk_full(session.store)
    return session


def read_register(args: argparse.Namespace):
    """The register of an existing database (migrated if it is older), read and closed again: for the commands
    that only read, through the store alone (without the session and its change machinery)."""
    from ..store.backup import keep_setting
    from ..store.database import Store

    store = Store.for_reading(_database(args, must_exist=True), backup_keep=keep_setting)  # read as it is where it cannot be written
    try:
        tell_upgraded(store)
        tell_disk_full(store)
        return store.load()
    finally:
        store.close()


def tell_upgraded(store) -> None:
    """One line on standard error when opening upgraded an older database (standard output is the command's own,
    which a script may read): older versions of the program can no longer open it, and the backup from before is named."""
    if store.upgraded is not None:
        print(f"note: {store.upgraded.message}", file=sys.stderr)



def tell_disk_full(store) -> None:
    """One line on standard error when the database is read as it stands because its disk is too full to open it
    otherwise (Store.disk_full): the command reads it all the same, but nothing can be saved in it until space is freed."""
    if store.disk_full:
        print(f"note: the disk holding {store.path} is full: the database is read as it stands, and nothing can be saved "
              "in it until some space is freed", file=sys.stderr)
