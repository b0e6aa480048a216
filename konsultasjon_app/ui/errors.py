"""Errors of input and environment told to the user in bokmål; anything else is a bug and goes on up."""

from __future__ import annotations

from .. import files
from ..domain.problems import InvalidInput
from ..store.errors import StoreError

EXPECTED = (InvalidInput, StoreError, files.FileAccessError)


def environment_message(exc: Exception) -> str:
    """The Norwegian message for an error of input or environment; re-raises anything else (a bug)."""
    if isinstance(exc, InvalidInput):
        return exc.describe(norwegian=True)
    if isinstance(exc, (StoreError, files.FileAccessError)):
        return exc.message_nb
    raise exc


def as_sentence(text: str) -> str:
    """A message of the environment (lower-case and without a full stop, for it may follow a colon: "error: …") as
    a sentence of its own, where a dialog says more after it."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."
