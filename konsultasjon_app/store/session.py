"""The one path every change takes: validate, write in one transaction with history, update, notify."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..domain import changes
from ..domain.changes import Applied, Changed, Command
from ..domain.integrity import reference_problems
from ..domain.model import Register
from ..domain.problems import InvalidInput
from . import backup as backups
from .backup import DEFAULT_KEEP, Backup, held_already, make_backup
from .database import Store, side_files, tidy_failed_open
from .errors import StoreError, reraise
from .lock import WriterLock

Listener = Callable[[Changed], None]


class Session:
    """An open database and the register it holds, kept in memory for the views and the planner."""

    def __init__(self, store: Store, lock: WriterLock | None = None):
        self.store = store
        self.lock = lock
        try:
            self.register: Register = store.load()
        except BaseException:
            store.close()  # the session owns the store: a file left open stays locked on Windows until the program ends
            raise
        self._listeners: list[Listener] = []
        self.backup_failure: StoreError | None = None  # why the backup on opening could not be made
        self.closed = False

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False, lock: bool | WriterLock = False, backup_on_open: bool = False,
             backup_keep: int | Callable[[], int] = DEFAULT_KEEP) -> Session:
        """Open a database. With `lock`, this process becomes its only writer (StoreError "in-use" if another
        holds it); `lock` may also be a WriterLock the caller holds already, which the session then owns (released
        if the database cannot be opened). With `backup_on_open`, the content is backed up unless the newest backup
        already holds it. `backup_keep`: how many backups are kept (Store.backup_keep)."""
        path = Path(path)
        writer = lock if isinstance(lock, WriterLock) else take_lock(path) if lock and not read_only else None
        before = side_files(path)
        try:
            if writer is not None:
                backups.remove_leftovers(path)  # only the writer: a restore or a backup another process runs is left alone
            session = cls(Store(path, read_only=read_only, backup_keep=backup_keep), writer)
        except BaseException as exc:
            if writer is not None:
                writer.release()
                if isinstance(exc, StoreError) and exc.kind == "disk-full":
                    # The store leaves the side files its opening made while a writer holds the lock, this one too:
                    # tidied now that it is let go (a reader then opens the database as it stands, or a later one).
                    tidy_failed_open(path, before)
            raise
        if backup_on_open and not read_only:
            try:
                session.backup("open")
            except StoreError as exc:
                # A backup folder on a full disk or one that cannot be written must not keep the user from the
                # register (to read it and print what the meeting needs); the window says the backup is missing.
                session.backup_failure = exc
            except BaseException:
                session.close()
                raise
        return session

    def restore(self, backup: Backup) -> Backup:
        """Put `backup`'s content in place of this database's. What is there now is backed up first ("før
        gjenoppretting"); then the backup's content, with a history row saying which backup was restored (it tells
        why the changes made after it are gone), is copied into the database as one transaction (Store.restore):
        no file is replaced, so another window or command that has it open is no hindrance, and reads the restore
        as it reads any change. All of it under the writer's lock (this session's, or taken for the time), so no
        other program writes the database meanwhile. The listeners are told that everything changed. Returns the
        backup that holds what was there before: restoring it goes back.

        StoreError if it could not be done: the database is then as it was. If the restored content cannot be read
        back (a disk error just then), the restore has been made all the same: this session is then closed
        (`closed` is True, its lock released), and the caller opens the database again."""
        if self.read_only:
            raise StoreError("read-only", self.path)
        self.store.refuse_if_not_its_file()  # before the backup of what is here: here is another file, or none
        writer = take_lock(self.path) if self.lock is None else None
        try:
            before = self.backup("restore", protect=backup.path)  # the rotation must not remove the chosen one
            self.store.restore(backup)
        finally:
            if writer is not None:
                writer.release()
        try:
            self.register = self.store.load()
        except StoreError as exc:
            import logging

            logging.getLogger(__name__).warning("%s restored, but cannot be read again: %s", self.path, exc.message)
            self.close()
            return before
        self._notify(Changed(everything=True))
        return before

    def lock_holder(self) -> str | None:
        """Who holds the writer's lock now, when this session is read-only (empty when nobody does: the writer has
        closed the database, or it is read-only because it cannot be written; None when that cannot be told just
        now: WriterLock.is_held)."""
        if not self.read_only:
            return ""
        lock = WriterLock(self.path)
        held = lock.is_held()
        if held is None:
            return None
        return (lock.holder() or "et annet program") if held else ""

    def backup(self, reason: str, *, protect: Path | None = None) -> Backup:
        """A backup of the database as it is now. If the newest backup already holds the same content, that one
        is returned, unless the user asked for one ("manual"): retrying an import the database refuses (in use
        by another program) must not push the older restore points out of the rotation with copies of one state.
        `protect`: a backup the rotation keeps even if it is the oldest (the one about to be restored)."""
        if reason != "manual":
            held = held_already(self.store.conn, self.path)
            if held is not None:
                return held
        return make_backup(self.store.conn, self.path, reason, self.store.backup_keep, protect=protect)

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def checkpoint(self) -> None:
        """Bring the database file itself up to date with every change (Store.checkpoint)."""
        self.store.checkpoint()

    def close(self) -> None:
        self.closed = True
        try:
            self.store.close()
        finally:
            if self.lock is not None:
                self.lock.release()

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def execute(self, command: Command) -> Applied:
        """Apply a command: InvalidInput (nothing written) if the result would be inconsistent, or if a record it
        writes is one an import of the database's export would refuse (a line break pasted from Word, a text over
        the limit: validation.written_problems); StoreError if the environment refuses the write (nothing written
        either; also when another program has replaced or deleted the file since: Store.refuse_if_not_its_file);
        else the applied result with its inverse."""
        applied = changes.apply(self.register, command.ops)
        problems = reference_problems(applied.register)
        if not command.checked:
            from ..domain.validation import written_problems  # the bundle reader: not on the window's start-up path

            problems += written_problems(applied.effects, applied.register)
        if problems:
            raise InvalidInput(problems)
        if applied.effects:
            self.store.write(command.label, command.ops, applied)
            self.register = applied.register
            self._notify(applied.changed)
        return applied

    def follow(self) -> bool:
        """For a read-only session: if another program has written the file since it was read, read it again and
        tell the listeners what differs (as the command that changed it would have). True if it was read again."""
        if self.store.replaced():  # a backup restored by the writer is a new file: read that one from now on
            new = Store(self.path, read_only=True, backup_keep=self.store.backup_keep)
            try:
                register = new.load()  # (its quick check with it: a damaged one is refused here, not taken on)
            except BaseException:
                new.close()
                raise
            old, self.store = self.store, new
            old.close()
        elif not self.store.changed_since_read():
            return False
        else:
            register = self.store.load()
        before = self.register
        self.register = register
        changed = changes.difference(before, self.register)
        if changed.kinds or changed.settings:
            self._notify(changed)
        return True

    def _notify(self, changed: Changed) -> None:
        for listener in list(self._listeners):
            listener(changed)


def take_lock(path: Path) -> WriterLock:
    """The writer's lock of the database at `path`, taken now (StoreError "in-use", naming who holds it, if another
    process has it)."""
    writer = WriterLock(path)
    try:
        acquired = writer.acquire()
    except OSError as exc:
        reraise(exc, path)
    if not acquired:
        raise StoreError("in-use", path, holder=writer.holder() or "et annet program")
    return writer
