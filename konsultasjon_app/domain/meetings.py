"""The consultation meetings as the planner and the documents see them: the date the user set, or a provisional one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .calendar import format_date, listed, provisional_meeting_date
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


@dataclass(frozen=True, slots=True)
class CalendarWarning:
    """A warning about a year's meeting calendar (not about an agreement): its code and the message in Norwegian."""

    year: int
    code: str
    message: str


def meeting_order_warnings(register: Register) -> list[CalendarWarning]:
    """`meeting-order`: each year whose meeting dates do not follow the meetings' numbers (3. møte dated before 2. møte,
    or both on one day), naming the meetings and their dates. The planner takes meetings 2, 3 and 4 to follow one
    another (a signing decided at meeting 2 is signed at meeting 3, the fallback is meeting 4), so a date typed
    04 for 08 gives «vedtatt på 2. møte 25.08: undertegnes på 3. møte 20.04». Said, never refused (the meeting
    dialog says it as the date is typed): a provisional date takes part, as the planner uses it, but two provisional
    dates are always in order. Years in order, one warning per year."""
    calendar = Calendar(register)
    out = []
    for year in sorted({m.year for m in register.meetings}):
        slots = [calendar.slot(year, number) for number in (1, 2, 3, 4)]
        said = []
        for later in slots[1:]:
            earlier = [s for s in slots if s.number < later.number and not (s.provisional and later.provisional)]
            same = [f"{s.number}. møte" for s in earlier if s.date == later.date]
            if same:
                said.append(f"{later.number}. møte er samme dag som {listed(same)} ({format_date(later.date)})")
            after = [_dated(s) for s in earlier if s.date > later.date]
            if after:
                said.append(f"{_dated(later)} er før {listed(after)}")
        if said:
            out.append(CalendarWarning(year, "meeting-order", f"Møtedatoene for {year} følger ikke møtenes nummer: {'; '.join(said)}."))
    return out


def _dated(slot: MeetingSlot) -> str:
    """«3. møte (20.04.2010)», or «3. møte (foreløpig dato 16.08.2010)» for a meeting the user has not dated."""
    return f"{slot.number}. møte ({'foreløpig dato ' if slot.provisional else ''}{format_date(slot.date)})"
