"""The consultation meetings as the planner and the documents see them: the date the user set, or a provisional one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .calendar import format_date, provisional_meeting_date
from .model import MeetingRef, Register


@dataclass(frozen=True, slots=True)
class MeetingSlot:
    """A meeting as the planner uses it: the user's date, or a provisional one."""

    year: int
    number: int
    date: dt.date
    provisional: bool
    location: str | None = None

    @property
    def ref(self) -> MeetingRef:
        return MeetingRef(self.year, self.number)

    @property
    def label(self) -> str:
        return f"{self.number}. møte {format_date(self.date)}"


class Calendar:
    """The register's meetings by year and number, each with its date; a meeting the register does not have gets
    its provisional date (kept, so that a plan asks once per meeting)."""

    def __init__(self, register: Register):
        self._user = {m.ref: m for m in register.meetings}
        self._cache: dict[MeetingRef, MeetingSlot] = {}

    def slot(self, year: int, number: int) -> MeetingSlot:
        ref = MeetingRef(year, number)
        found = self._cache.get(ref)
        if found is None:
            user = self._user.get(ref)
            if user is not None:
                found = MeetingSlot(year, number, user.date, False, user.location)
            else:
                found = MeetingSlot(year, number, provisional_meeting_date(year, number), True)
            self._cache[ref] = found
        return found

    def date(self, ref: MeetingRef) -> dt.date:
        return self.slot(ref.year, ref.number).date

    def first_of_2_to_4_on_or_after(self, year: int, day: dt.date) -> MeetingSlot | None:
        for number in (2, 3, 4):
            slot = self.slot(year, number)
            if slot.date >= day:
                return slot
        return None
