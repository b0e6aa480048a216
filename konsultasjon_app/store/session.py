"""The one path every change takes: validate, write in one transaction with history, update, notify."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..domain import changes
from ..domain.changes import Applied, Changed, Command
from ..domain.integrity import reference_problems
from ..domain.model import Register
from ..domain.problems import InvalidInput
from .database import Store

Listener = Callable[[Changed], None]


class Session:
    """An open database and the register it holds, kept in memory for the views and the planner."""

    def __init__(self, store: Store):
        self.store = store
        self.register: Register = store.load()
        self._listeners: list[Listener] = []

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> Session:
        return cls(Store(path, read_only=read_only))

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def close(self) -> None:
        self.store.close()

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def execute(self, command: Command) -> Applied:
        """Apply a command: InvalidInput (nothing written) if the result would be inconsistent, StoreError if the
        environment refuses the write (nothing written either), else the applied result with its inverse."""
        applied = changes.apply(self.register, command.ops)
        problems = reference_problems(applied.register)
        if problems:
            raise InvalidInput(problems)
        if applied.effects:
            self.store.write(command.label, command.ops, applied)
            self.register = applied.register
            for listener in list(self._listeners):
                listener(applied.changed)
        return applied

    def reload(self) -> None:
        """Read everything again from the file (after a restore, or when another program changed it)."""
        self.register = self.store.load()
        for listener in list(self._listeners):
            listener(Changed(everything=True))
