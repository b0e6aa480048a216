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


# The slots worked out for the last meetings a Calendar was made of: (the register's meetings, the user's meetings by
# (year, number), the slots by (year, number)). A plan after a decision or a signing has the same tuple of meetings
# (immutable, of frozen records), so its Calendar takes the slots as they were; other meetings replace them. Kept
# for a tuple only (a list could change), and for one tuple at a time; at most _SLOTS_KEPT slots (the years planned).
_last: tuple[tuple, dict[tuple[int, int], object], dict[tuple[int, int], MeetingSlot]] | None = None
_SLOTS_KEPT = 4096


def forget_kept() -> None:
    """Keep nothing from the Calendars made so far (planner.forget_kept)."""
    global _last
    _last = None


class Calendar:
    """The register's meetings by year and number, each with its date; a meeting the register does not have gets
    its provisional date (kept, so that a plan asks once per meeting, and the next Calendar of the same meetings
    has it too)."""

    def __init__(self, register: Register):
        global _last
        meetings = register.meetings
        last = _last
        if last is not None and last[0] is meetings and len(last[2]) < _SLOTS_KEPT:
            self._user, self._cache = last[1], last[2]
            return
        # By (year, number), not MeetingRef: a plan asks some 1,700 times, and a tuple of ints hashes without a call.
        self._user = {(m.year, m.number): m for m in meetings}
        self._cache: dict[tuple[int, int], MeetingSlot] = {}
        if type(meetings) is tuple:
            _last = (meetings, self._user, self._cache)

    def slot(self, year: int, number: int) -> MeetingSlot:
        where = (year, number)
        found = self._cache.get(where)
        if found is None:
            user = self._user.get(where)
            if user is not None:
                found = MeetingSlot(year, number, user.date, False, user.location)
            else:
                found = MeetingSlot(year, number, provisional_meeting_date(year, number), True)
            # One slot per meeting, also should two plans ask at once: the planner tells meetings apart by identity.
            found = self._cache.setdefault(where, found)
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
