"""What importing a table row would do to an agreement, said before it is written: the fields it changes or empties,
and cells that look like a list typed with the wrong separator."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from . import changes
from .model import Agreement, Obligations


def is_empty(value: Any) -> bool:
    """A field with nothing in it: null, the empty text, an empty list, obligations with no part filled in."""
    if isinstance(value, Obligations):
        return value.is_empty()
    return value is None or value == "" or value == ()


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a stored agreement that an import gives another value (`field` is the Agreement's field name)."""

    field: str
    old: Any
    new: Any

    @property
    def empties(self) -> bool:
        """The stored value goes and nothing comes in its place (an empty cell clears a field)."""
        return is_empty(self.new) and not is_empty(self.old)


def field_changes(stored: Agreement, incoming: Agreement) -> tuple[FieldChange, ...]:
    """The fields in which `incoming` differs from `stored`, in the record's order (changes.field_changes)."""
    return tuple(FieldChange(*change) for change in changes.field_changes(stored, incoming))


@dataclass(frozen=True, slots=True)
class Remark:
    """Something in a row that may not be what the user meant (not an error: it is imported as it stands).

    code: "party-list" (a new party's name holds "," or " og ": likely several parties in one),
    "role-is-name" (a signatory's role looks like a person's name: people separated by "," rather than "|"),
    "unknown-party" (a signatory's party is not in the party list nor among the agreement's parties),
    "line-break" (a one-line field's cell held line breaks, read as spaces: `value` is the text as read),
    "date-number" (a number in a date column read as the date Excel counts it for: `value` that date, ISO, and
    `name` the number).
    """

    field: str
    code: str
    value: str
    name: str = ""  # the signatory it is about


# " og " between words, but not "Kommunal- og distriktsdepartementet" (a hyphen before it joins two words of one name).
_AND_RE = re.compile(r"(?<!-)\s+og\s+", re.IGNORECASE)


def _looks_like_name(text: str) -> bool:
    """Two or more words of letters, each with a capital first ("Halvdan Skard"); a role is written in lower
    case ("leder", "kommunal- og regionalminister") and an abbreviation in capitals ("KS")."""
    words = text.split()
    return len(words) >= 2 and all(w.replace("-", "").isalpha() and w[0].isupper() and not w.isupper() for w in words)


def row_remarks(agreement: Agreement, known_parties: Collection[str]) -> tuple[Remark, ...]:
    """What in a row's party and signatory cells looks like a list written with the wrong separator.

    `known_parties`: the names the party list resolves (keys and former abbreviations); a known party is never
    remarked on, so a real name with "og" in it, once in the list, is quiet.
    """
    remarks: list[Remark] = []
    for field_name in ("state_parties", "other_parties"):
        for name in getattr(agreement, field_name):
            if name not in known_parties and ("," in name or _AND_RE.search(name)):
                remarks.append(Remark(field_name, "party-list", name))
    own = set(agreement.state_parties) | set(agreement.other_parties)
    for s in agreement.signatories:
        if s.role and _looks_like_name(s.role):
            remarks.append(Remark("signatories", "role-is-name", s.role, s.name))
        if s.party and s.party not in known_parties and s.party not in own:
            remarks.append(Remark("signatories", "unknown-party", s.party, s.name))
    return tuple(remarks)
