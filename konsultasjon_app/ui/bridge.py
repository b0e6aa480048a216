"""The Qt side of the command path: a session's changes as a signal, and commands on a QUndoStack."""

from __future__ import annotations

import logging
import sys
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..domain.changes import Applied, Changed, Command, Op
from ..store.errors import StoreError
from ..store.session import Session
from .widgets import fill

log = logging.getLogger(__name__)

CHECKPOINT_AFTER_MS = 1500
FOLLOW_EVERY_MS = 2000  # how often a read-only window looks whether another program has changed the database


class SessionBridge(QObject):
    """Wraps the open Session: every view listens to `changed`; every edit goes through `run()` (undoable)."""

    changed = Signal(object)  # Changed
    session_replaced = Signal(bool)  # another session was put in place: True if it has another database file open
    writer_changed = Signal()  # a read-only session's writer (another window, a command) came or went: `writer`

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        # Once the edits pause, the database file itself is brought up to date (a copy of it made while the window
        # is open then holds every change); not after each one: on a laptop's disk a checkpoint costs syncs, and a
        # meeting records a decision a key.
        self._checkpoint_timer = QTimer(self, singleShot=True, interval=CHECKPOINT_AFTER_MS)
        self._checkpoint_timer.timeout.connect(self.checkpoint)
        # A read-only window follows the file, which another program may be writing (SQLite tells no one): it looks
        # now and then, and reads it again when it has changed. A writable window is the only writer: no looking
        # (each change looks, before it is written, whether the file is still the one opened: Store.refuse_if_not_its_file).
        self._follow_timer = QTimer(self, interval=FOLLOW_EVERY_MS)
        self._follow_timer.timeout.connect(self.follow)
        self.writer = ""  # who holds the database for writing while this session reads it ("" nobody)
        self.writer_gone = False  # a writer held it while this session was open, and has closed it
        self._follow_failed = False
        self._last_look = ""  # who the last look at the lock found holding it (follow)
        # Where a view left off in this session, by a key of the view's own (meeting mode: its meeting -> the item
        # shown when it was closed), to take up there when it is opened again in this window.
        self.places: dict = {}
        self._session: Session | None = None
        self.set_session(session)

    @property
    def session(self) -> Session:
        assert self._session is not None
        return self._session

    @property
    def register(self):
        return self.session.register

    def set_session(self, session: Session) -> None:
        """Show `session` from now on (another database, or the same one opened again: for writing, say); the
        session shown until now is closed. The views keep their place in the same database (`session_replaced`)."""
        from .. import files

        previous = self._session
        if previous is not None:
            previous.unsubscribe(self._on_changed)
            previous.close()
        self._session = session
        session.subscribe(self._on_changed)
        self.undo_stack.clear()
        self.places.clear()
        held = sys.modules.get(f"{__package__}.held")  # loaded with the first question of held meetings, not at start-up
        if held is not None:
            held.known_plans.clear()  # the plans of the database shown until now: no use here, and they hold it in memory
        self.writer, self.writer_gone = session.lock_holder() or "", False
        self._last_look = self.writer
        if session.read_only:
            self._follow_timer.start()
        else:
            self._follow_timer.stop()
        self.session_replaced.emit(previous is None or not files.same_file(previous.path, session.path))
        self.changed.emit(Changed(everything=True))

    def restore(self, backup):
        """Restore a backup into the open database (Session.restore; StoreError if it could not be done, nothing
        changed). The undo history is emptied: its steps were made on the content now replaced. Returns the backup
        of what was there before, the way back."""
        before = self.session.restore(backup)
        self.undo_stack.clear()
        return before

    def _on_changed(self, changed: Changed) -> None:
        self._checkpoint_timer.start()
        self.changed.emit(changed)

    def follow(self) -> None:
        """A read-only session's look at the file (every FOLLOW_EVERY_MS): what another program wrote since it was
        read is read and shown (Session.follow), and `writer_changed` says when the writer came or went."""
        session = self._session
        if session is None or not session.read_only:
            return
        try:
            try:
                session.follow()
                self._follow_failed = False
            except StoreError as exc:  # the window goes on showing what it read last, and looks again next time
                if not self._follow_failed:  # once, not every look
                    log.warning("cannot read %s again: %s", session.path, exc.message)
                self._follow_failed = True
            holder = session.lock_holder()
        except BaseException:
            # A bug: reported once (the excepthook's dialog), not again every FOLLOW_EVERY_MS behind that dialog.
            self._follow_timer.stop()
            raise
        if holder is None:  # cannot be told just now: as it was
            return
        # Taken as changed when two looks in a row agree: another reader's look at the lock in the same instant is
        # then never taken for a writer (the banner would flicker), and no look waits on the window's time.
        if holder != self.writer and holder == self._last_look:
            self.writer, self.writer_gone = holder, not holder
            self.writer_changed.emit()
        self._last_look = holder

    def checkpoint(self) -> None:
        self._checkpoint_timer.stop()
        if self._session is not None:
            self._session.checkpoint()

    def run(self, command: Command, origin: object = None) -> None:
        """Execute a command as one undoable step. Raises InvalidInput / StoreError (nothing written). `origin`
        marks the step as made by a view that will know it again (`step_origin`): meeting mode takes back its own
        steps alone, also those made before it was closed and opened again."""
        step = _UndoStep(self.session, command, origin)
        if step.apply(back=False).effects:  # errors surface here, before the stack records anything
            self.undo_stack.push(step)
        # else nothing changed (a dialog's OK with what was stored): no step, whose Angre would do nothing

    def run_or_tell(self, command: Command, parent=None, title: str | None = None, origin: object = None) -> bool:
        """Run a command; if the input or the environment refuses it, tell the user (nothing was written) and
        return False. A bug is not caught."""
        return self._tell(lambda: self.run(command, origin), parent, title or self.tr("Ikke lagret"))

    def step_command(self, index: int) -> Command | None:
        """The command the step at `index` of the undo stack runs; None for no such step."""
        if not 0 <= index < self.undo_stack.count():
            return None
        return getattr(self.undo_stack.command(index), "_command", None)

    def step_origin(self, index: int) -> object:
        """The `origin` the step at `index` of the undo stack was run with; None for none, or no such step."""
        if not 0 <= index < self.undo_stack.count():
            return None
        return getattr(self.undo_stack.command(index), "origin", None)

    def _tell(self, work, parent, title: str) -> bool:
        """Do `work`; if the input or the environment refuses it, say so under `title` and return False."""
        from PySide6.QtWidgets import QMessageBox

        from .errors import EXPECTED, environment_message

        try:
            work()
        except EXPECTED as exc:
            QMessageBox.warning(parent, title, self._refusal(exc) or environment_message(exc))
            return False
        return True

    def _refusal(self, exc: Exception) -> str | None:
        """A write refused because this session reads a database another program holds: said as the banner says it
        (who has it), not as the store's 'read-only' has it, which blames a read-only file or folder. None for any
        other error (and for a session read-only because its file cannot be written: the store's words are right)."""
        session = self._session
        if not (isinstance(exc, StoreError) and exc.kind == "read-only" and session is not None and session.read_only):
            return None
        if not (self.writer or self.writer_gone):
            return None
        return self.read_only_notice(self.tr("ingenting er lagret i %1").replace("%1", str(session.path)))

    def read_only_notice(self, what: str) -> str:
        """Why nothing can be changed here, in the words of the window's banner, with what that means where it is
        said (`what`, e.g. "saken kan leses, ikke endres"): «Databasen er åpen skrivebeskyttet fordi den er i bruk
        hos Kari: saken kan leses, ikke endres.» Once the writer has gone, also how to change it after all."""
        because = self.tr(" fordi den er i bruk hos %1").replace("%1", self.writer) if self.writer else ""
        text = fill(self.tr("Databasen er åpen skrivebeskyttet%1: %2."), because, what)
        if self.writer_gone:
            text += " " + self.tr("Den er ikke lenger i bruk andre steder: velg «Åpne for skriving» i hovedvinduet for å kunne endre den.")
        return text

    def undo(self, parent=None) -> bool:
        """Undo the last step (Ctrl+Z). If the environment refuses it (the database locked by another program, the
        disk full), the user is told and the history stays where it was, in step with the data, to try again."""
        return self._step(parent, back=True)

    def redo(self, parent=None) -> bool:
        """Redo the step last undone; refused like `undo`."""
        return self._step(parent, back=False)

    def _step(self, parent, *, back: bool) -> bool:
        stack = self.undo_stack
        index = stack.index() - 1 if back else stack.index()
        if not 0 <= index < stack.count():
            return False
        step = stack.command(index)
        # The work first: the stack moves only when it is done.
        if not self._tell(lambda: step.apply(back=back), parent, self.tr("Ikke angret") if back else self.tr("Ikke gjort om")):
            return False
        step.applied = True
        if back:
            stack.undo()
        else:
            stack.redo()
        return True

    @property
    def closed(self) -> bool:
        """The session was let go (close): the program is ending."""
        return self._session is None

    def close(self) -> None:
        self._checkpoint_timer.stop()  # closing the database does the checkpoint itself
        self._follow_timer.stop()
        if self._session is not None:
            self._session.unsubscribe(self._on_changed)
            self._session.close()
            self._session = None


class _UndoStep(QUndoCommand):
    """One command on the undo stack: redo applies its operations, undo applies their exact inverse."""

    def __init__(self, session: Session, command: Command, origin: object = None):
        super().__init__(command.label)
        self._session = session
        self._command = command
        self.origin = origin  # who made it (SessionBridge.run)
        self._inverse: tuple[Op, ...] = ()
        self.applied = True  # QUndoStack.push() calls redo(); the command has already run (SessionBridge.run)

    def apply(self, *, back: bool) -> Applied:
        """Undo (`back`) or redo the command's work in the session; StoreError or InvalidInput if refused. The
        history names an undo «Angre: …» and a redo «Gjør om: …», apart from doing it the first time."""
        if back:
            # Puts back what was stored, as it was (Command.checked).
            return self._session.execute(Command(f"Angre: {self._command.label}", self._inverse, checked=True))
        command = self._command
        if self._inverse:
            command = replace(command, label=f"Gjør om: {command.label}")
        applied = self._session.execute(command)
        self._inverse = applied.inverse
        return applied

    # QUndoStack calls these when it moves: after SessionBridge.undo()/redo() did the work (`applied`), or
    # directly (a Qt undo view, say: a refusal is then the excepthook's).
    def redo(self) -> None:
        if self.applied:
            self.applied = False
            return
        self.apply(back=False)

    def undo(self) -> None:
        if self.applied:
            self.applied = False
            return
        self.apply(back=True)
