"""The Qt side of the command path: a session's changes as a signal, and commands on a QUndoStack."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..domain.changes import Changed, Command, Op
from ..store.session import Session


class SessionBridge(QObject):
    """Wraps the open Session: every view listens to `changed`; every edit goes through `run()` (undoable)."""

    changed = Signal(object)  # Changed
    session_replaced = Signal()  # a different database file was opened

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
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
        if self._session is not None:
            self._session.unsubscribe(self._on_changed)
            self._session.close()
        self._session = session
        session.subscribe(self._on_changed)
        self.undo_stack.clear()
        self.session_replaced.emit()
        self.changed.emit(Changed(everything=True))

    def _on_changed(self, changed: Changed) -> None:
        self.changed.emit(changed)

    def run(self, command: Command) -> None:
        """Execute a command as one undoable step. Raises InvalidInput / StoreError (nothing written)."""
        step = _UndoStep(self.session, command)
        step.redo_now()  # errors surface here, before the stack records anything
        self.undo_stack.push(step)

    def run_or_tell(self, command: Command, parent=None, title: str | None = None) -> bool:
        """Run a command; if the input or the environment refuses it, tell the user (nothing was written) and
        return False. A bug is not caught."""
        from PySide6.QtWidgets import QMessageBox

        from .errors import EXPECTED, environment_message

        try:
            self.run(command)
        except EXPECTED as exc:
            QMessageBox.warning(parent, title or self.tr("Ikke lagret"), environment_message(exc))
            return False
        return True

    def close(self) -> None:
        if self._session is not None:
            self._session.unsubscribe(self._on_changed)
            self._session.close()
            self._session = None


class _UndoStep(QUndoCommand):
    """One command on the undo stack: redo applies its operations, undo applies their exact inverse."""

    def __init__(self, session: Session, command: Command):
        super().__init__(command.label)
        self._session = session
        self._command = command
        self._inverse: tuple[Op, ...] = ()
        self._first = True

    def redo_now(self) -> None:
        self._inverse = self._session.execute(self._command).inverse

    def redo(self) -> None:
        if self._first:  # QUndoStack.push() calls redo(); the command already ran in redo_now()
            self._first = False
            return
        self._inverse = self._session.execute(self._command).inverse

    def undo(self) -> None:
        self._session.execute(Command(f"Angre: {self._command.label}", self._inverse))
