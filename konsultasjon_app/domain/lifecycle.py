"""When an agreement begins, ends and is in force, from its own dates, its signings and termination decisions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .calendar import add_months, end_from_duration, term_of
from .model import Agreement, Decision, MeetingRef, Register, Signing

if TYPE_CHECKING:
    from .meetings import Calendar


def own_end(agreement: Agreement, first_signing: dt.date | None = None) -> dt.date | None:
    """The end date the agreement states, or the one its duration gives: the day before its start (or signed)
    date plus N months; failing both dates, counted from its first recorded signing."""
    if agreement.end_date:
        return agreement.end_date
    base = agreement.start_date or agreement.signed_date or first_signing
    if agreement.duration_months and base:
        return end_from_duration(base, agreement.duration_months)
    return None


@dataclass(frozen=True, slots=True)
class Lifetime:
    """An agreement's dates as the planner sees them.

    `signings` are the agreement's recorded signings, sorted by date. `termination` is the effective date of a
    termination decision with a known notice period (None if there is none).
    """

    agreement: Agreement
    signings: tuple[Signing, ...] = ()
    termination: dt.date | None = None
    _own_end: dt.date | None = field(default=None, init=False, repr=False, compare=False)
    _begins: dt.date | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Asked for at every meeting of every year: work out the start and the duration's end date once.
        first_signing = self.signings[0].date if self.signings else None
        object.__setattr__(self, "_own_end", own_end(self.agreement, first_signing))
        own = [d for d in (self.agreement.signed_date, self.agreement.start_date) if d]
        object.__setattr__(self, "_begins", min(own) if own else first_signing)

    @property
    def begins(self) -> dt.date | None:
        """The earlier of the signed and start dates, or failing both the first recorded signing."""
        return self._begins

    def end_before(self, day: dt.date | None = None) -> dt.date | None:
        """The end date as it stood before `day`: a signing dated before it may have set a new end date.
        With `day` None, every signing counts. Terminations are not included."""
        end = self._own_end
        for signing in self.signings:
            if day is not None and signing.date >= day:
                break
            if signing.end_date:
                end = signing.end_date
        return end

    def end_on(self, day: dt.date) -> dt.date | None:
        """The last day in force as it stood on `day`: signings up to and including that day count (a renewal
        signed later does not make the agreement in force in the gap before it), and a termination."""
        return self._terminated(self.end_before(day + dt.timedelta(days=1)))

    @property
    def ends(self) -> dt.date | None:
        """The last day in force: the (latest) end date, or a termination's effective date if that is earlier."""
        return self._terminated(self.end_before(None))

    def _terminated(self, end: dt.date | None) -> dt.date | None:
        """`end`, or the termination's effective date if that comes first."""
        return self.termination if self.terminates_before(end) else end

    def terminates_before(self, end: dt.date | None) -> bool:
        """Whether its termination takes effect before `end` (an end date it would otherwise have; None: none)."""
        return self.termination is not None and (end is None or self.termination < end)

    @property
    def terminated(self) -> bool:
        """Whether a termination decision is what ends it: it would otherwise run to a later date, or on. A decision
        recorded for a meeting still to come counts, as it does for the planner."""
        return self.terminates_before(self.end_before(None))

    def terminated_on(self, day: dt.date) -> bool:
        """Whether, as it stood on `day` (signings up to and including that day), a termination is what ends it:
        `end_on(day)` is then the termination's effective date."""
        return self.terminates_before(self.end_before(day + dt.timedelta(days=1)))

    def in_force(self, day: dt.date) -> bool:
        begins = self.begins
        if begins is None or begins > day:
            return False
        ends = self.end_on(day)
        return ends is None or ends >= day

    @property
    def last_signing(self) -> dt.date | None:
        """When it was last signed, as far as is known: the latest of its signed date and recorded signings."""
        dates = [s.date for s in self.signings]
        if self.agreement.signed_date:
            dates.append(self.agreement.signed_date)
        return max(dates) if dates else None

    @property
    def last_signed(self) -> dt.date | None:
        """The day TERM-LIMIT counts from: its last signing, else its start date (an agreement in force was
        signed by then)."""
        return self.last_signing or self.agreement.start_date


def termination_date(meeting_date: dt.date, notice_months: int) -> dt.date:
    """A termination decided at a meeting takes effect the notice period later (calendar months, clamped)."""
    return add_months(meeting_date, notice_months)


def beyond_term(life: Lifetime, first_election_year: int) -> tuple[dt.date, dt.date, dt.date] | None:
    """Rule TERM-LIMIT: (its end date, the first and last day of the parliamentary term in which it was last signed)
    when it runs past that term; None when it does not, or has no end date or signing to tell. A termination does
    not count: the limit is about the end the agreement states (or a signing gave it)."""
    end, signed = life.end_before(None), life.last_signed
    if end is None or signed is None:
        return None
    first, last = term_of(signed, first_election_year)
    return (end, first, last) if end > last else None


def first_terminations(decisions: Iterable[Decision]) -> dict[str, Decision]:
    """Each agreement's first termination decision among `decisions`, in the order of the meetings (the one that
    ends it; of two at one meeting, the one stored first)."""
    first: dict[str, Decision] = {}
    for d in decisions:
        if d.decision == "terminate":
            found = first.get(d.agreement)
            if found is None or d.meeting < found.meeting:
                first[d.agreement] = d
    return first


def _termination(agreement: Agreement, decision: Decision | None, calendar: Calendar) -> dt.date | None:
    """The effective date of `decision`, the agreement's first termination (rule TERMINATE): its meeting's date plus
    the notice period; None without a decision or without a notice period in months."""
    if decision is None or agreement.notice_months is None:
        return None
    return termination_date(calendar.date(decision.meeting), agreement.notice_months)


def _calendar(register: Register, calendar: Calendar | None) -> Calendar:
    if calendar is None:
        from .meetings import Calendar  # the meeting dates, user-set or provisional, exactly as the planner has them

        calendar = Calendar(register)
    return calendar


def termination_dates(register: Register, calendar: Calendar | None = None) -> dict[str, dt.date]:
    """The effective date of each agreement's first termination decision: that meeting's date plus the notice
    period (rule TERMINATE). An agreement without a notice period in months has none: its own end date stands.
    `calendar` gives the meetings' dates (a planner passes its own); by default the register's."""
    first_termination = first_terminations(register.decisions)
    if not first_termination:
        return {}
    calendar = _calendar(register, calendar)
    return {
        a.key: date
        for a in register.agreements
        if (decision := first_termination.get(a.key)) is not None and (date := _termination(a, decision, calendar)) is not None
    }


def signings_by_agreement(register: Register) -> dict[str, tuple[Signing, ...]]:
    """Each agreement's recorded signings, by date."""
    found: dict[str, list[Signing]] = defaultdict(list)
    for s in register.signings:
        found[s.agreement].append(s)
    return {key: tuple(sorted(signings, key=lambda s: s.date)) for key, signings in found.items()}


def lifetimes(register: Register, calendar: Calendar | None = None) -> dict[str, Lifetime]:
    """Each agreement's Lifetime: its recorded signings by date, and its termination (`termination_dates`)."""
    signings = signings_by_agreement(register)
    terminations = termination_dates(register, calendar)
    return {a.key: Lifetime(a, signings.get(a.key, ()), terminations.get(a.key)) for a in register.agreements}


def lifetime(register: Register, agreement: Agreement, *, decided_by: MeetingRef | None = None) -> Lifetime:
    """One agreement's Lifetime, as `lifetimes` gives it; with `decided_by`, counting only the termination decisions
    taken at that meeting or before (a past meeting reopened does not know of later ones)."""
    key = agreement.key
    signings = tuple(sorted((s for s in register.signings if s.agreement == key), key=lambda s: s.date))
    decisions = (d for d in register.decisions if d.agreement == key and (decided_by is None or d.meeting <= decided_by))
    decision = first_terminations(decisions).get(key)
    termination = _termination(agreement, decision, _calendar(register, None)) if decision is not None else None
    return Lifetime(agreement, signings, termination)
