"""When an agreement begins, ends and is in force, from its own dates, its signings and termination decisions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, NamedTuple

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
class Termination:
    """A termination decision (rule TERMINATE): the date of the meeting that took it, and the date it takes effect,
    that date plus the notice period; None when the agreement states no notice period in months (its own end
    date, which the user edits, then stands)."""

    decided: dt.date
    effective: dt.date | None
    meeting: MeetingRef | None = field(default=None, compare=False)  # the meeting that took it, for messages


def _decided(termination: Termination) -> dt.date:
    return termination.decided


class _Period(NamedTuple):
    """One stretch of an agreement's life: from its beginning, or from a signing that started it again after a
    termination, with the signings that belong to it and the first termination decided in it (the one that ends it).
    (A named tuple: every Lifetime makes one, a thousand at the first plan, and a frozen dataclass sets each field
    through object.__setattr__, some 2,000 instructions a field.)"""

    begins: dt.date | None
    signings: tuple[Signing, ...]
    termination: Termination | None


@dataclass(frozen=True, slots=True, init=False)
class Lifetime:
    """An agreement's dates as the planner sees them.

    `signings` are the agreement's recorded signings, sorted by date. `terminations` are its termination decisions
    (`termination_dates`); a bare date, as older callers give it, is a termination taking effect that day.

    Its life is one period, or more: a termination ends the agreement as it was signed up to the day it was decided
    (a signing on the day of that meeting included). A signing dated after the decision starts a new period: the
    agreement is in force again from that signing to its end date (else the agreement's own), until a later
    termination ends it in turn.
    """

    agreement: Agreement
    signings: tuple[Signing, ...] = ()
    terminations: tuple[Termination, ...] = ()
    # Worked out when it is made: the start, the duration's end date and the periods (asked for at every meeting of
    # every year).
    _own_end: dt.date | None = field(init=False, repr=False, compare=False)
    _begins: dt.date | None = field(init=False, repr=False, compare=False)
    _periods: tuple[_Period, ...] = field(init=False, repr=False, compare=False)
    # `days_in_force`'s answers for the last tuples of days asked: [(days, positions in force), …], latest first. A
    # list, changed in place: remembering an answer needs no object.__setattr__ (some 2,000 instructions a call, at
    # every Lifetime of the first plan).
    _days_in_force: list[tuple[tuple[dt.date, ...], tuple[int, ...]]] = field(init=False, repr=False, compare=False)

    def __init__(self, agreement: Agreement, signings: tuple[Signing, ...] = (), terminations: tuple[Termination, ...] = ()) -> None:
        # Written out, not the dataclass's: that one sets each field through object.__setattr__ (some 2,000
        # instructions a call: a frozen dataclass refuses its own) and then calls __post_init__; this sets each field
        # once through its slot's own setter (_SET, some 1,200), a thousand Lifetimes at the first plan.
        if terminations:  # (a thousand agreements are made at every plan: most have none, and take no sorting)
            if isinstance(terminations, dt.date):
                terminations = (Termination(terminations, terminations),)
            elif isinstance(terminations, Termination):
                terminations = (terminations,)
            terminations = tuple(sorted(terminations, key=_decided))
        elif not isinstance(terminations, tuple):  # None, or an empty list
            terminations = ()
        set_ = _SET
        set_["agreement"](self, agreement)
        set_["signings"](self, signings)
        set_["terminations"](self, terminations)
        set_["_days_in_force"](self, [])
        first_signing = signings[0].date if signings else None
        set_["_own_end"](self, own_end(agreement, first_signing))
        signed, start = agreement.signed_date, agreement.start_date
        begins = (min(signed, start) if start else signed) if signed else (start or first_signing)
        set_["_begins"](self, begins)
        set_["_periods"](self, self._split() if terminations else (_Period(begins, tuple(signings), None),))

    def _split(self) -> tuple[_Period, ...]:
        """Its periods, in order: the first from its beginning, each next from a signing after a termination."""
        periods = []
        begins, signings, ended_by = self._begins, [], None
        pending = list(self.terminations)  # by the date decided
        for s in self.signings:
            # The terminations decided before this signing: the first ends the period, later ones change nothing.
            while pending and pending[0].decided < s.date:
                decided = pending.pop(0)
                ended_by = ended_by or decided
            if ended_by is not None and self._starts_again(s):
                periods.append(_Period(begins, tuple(signings), ended_by))
                begins, signings, ended_by = s.date, [], None
            signings.append(s)
        if pending:
            ended_by = ended_by or pending[0]
        periods.append(_Period(begins, tuple(signings), ended_by))
        return tuple(periods)

    def _starts_again(self, signing: Signing) -> bool:
        """Whether a signing after a termination puts the agreement in force again: the end it gives (its own end
        date, else the agreement's) is not before it. One that does not is no renewal (rule EXPIRY says the same)."""
        end = signing.end_date or self._own_end
        return end is None or end >= signing.date

    @property
    def begins(self) -> dt.date | None:
        """The earlier of the signed and start dates, or failing both the first recorded signing."""
        return self._begins

    def begins_on(self, day: dt.date) -> dt.date | None:
        """When the version it was in on `day` began: `begins`, or the signing that started it again after a
        termination."""
        return self._period(day).begins

    def ending_termination(self, day: dt.date) -> Termination | None:
        """The termination that ends the version it was in on `day` (None: that version is not terminated)."""
        return self._period(day).termination

    def _period(self, day: dt.date | None, *, on_the_day: bool = True) -> _Period:
        """The period the agreement was in on `day`, as it stood then: the last one begun by then (with
        `on_the_day` false, before it); with `day` None, the last one."""
        found = self._periods[0]
        for period in self._periods[1:]:
            if day is None or period.begins < day or (on_the_day and period.begins == day):
                found = period
        return found

    def _stated_end(self, period: _Period, counts) -> dt.date | None:
        """The end date of `period` as the dates that `counts` (signings, a termination's decision) give it: the
        agreement's own, or the one the latest such signing set (§6). Once a termination without a notice period is
        decided, the agreement's own end date stands (rule TERMINATE): the end dates of the signings it ended go."""
        ended_by = period.termination
        if ended_by is not None and ended_by.effective is None and counts(ended_by.decided) and self.end_set_for(ended_by.decided):
            # An own end date before the decision is the one the signings replaced, not one set for the
            # termination: the end stays as the signings give it until the user sets one (notice-unspecified asks).
            return self._own_end
        end = self._own_end
        for signing in period.signings:
            if counts(signing.date) and signing.end_date:
                end = signing.end_date
        return end

    def end_set_for(self, decided: dt.date) -> dt.date | None:
        """For a termination without a notice period in months decided on `decided`: the agreement's own end date
        when it is one set for it, which then stands (rule TERMINATE); None while there is none, or only one from
        before the decision (the date a renewal replaced)."""
        own = self._own_end
        return own if own is not None and own >= decided else None

    @staticmethod
    def _cut(period: _Period, end: dt.date | None, day: dt.date | None = None) -> dt.date | None:
        """The effective date of the period's termination when it comes before `end` (None: no end), else None;
        with `day`, only a termination decided by then (a list made for a day shows what was known on it)."""
        ended_by = period.termination
        if ended_by is None or ended_by.effective is None or (day is not None and ended_by.decided > day):
            return None
        return ended_by.effective if end is None or ended_by.effective < end else None

    def end_before(self, day: dt.date | None = None) -> dt.date | None:
        """The end date as it stood before `day`: a signing dated before it may have set a new end date (or started
        the agreement again), a termination without a notice period decided before it leaves the agreement's own.
        With `day` None, everything counts. A termination's effective date is not included."""
        if not self.terminations:  # one period, whose signings are all there is to go through (most agreements)
            end = self._own_end
            for signing in self.signings:
                if signing.end_date and (day is None or signing.date < day):
                    end = signing.end_date
            return end
        return self._stated_end(self._period(day, on_the_day=False), lambda d: day is None or d < day)

    def _end_and_cut(self, day: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
        """The version's end date as it stood on `day` (signings and termination decisions up to and including it;
        None: everything counts), and the effective date of a termination that ends it earlier (None: none does)."""
        period = self._period(day)
        end = self._stated_end(period, (lambda d: True) if day is None else (lambda d: d <= day))
        return end, self._cut(period, end, day)

    def end_on(self, day: dt.date) -> dt.date | None:
        """The last day in force as it stood on `day`: signings up to and including that day count (a renewal
        signed later does not make the agreement in force in the gap before it), and a termination."""
        end, cut = self._end_and_cut(day)
        return cut or end

    @property
    def ends(self) -> dt.date | None:
        """The last day in force: the (latest) end date, or a termination's effective date if that is earlier."""
        end, cut = self._end_and_cut(None)
        return cut or end

    @property
    def termination(self) -> dt.date | None:
        """The effective date of the latest termination that ends a version of it (None: none with a notice period
        in months): what ends it now, unless it was signed again after that (`ending_termination(day)` gives the one
        that ends the version of a day)."""
        found = [p.termination.effective for p in self._periods if p.termination is not None and p.termination.effective is not None]
        return found[-1] if found else None

    def _terminated(self, day: dt.date | None) -> bool:
        """Whether a termination decided by `day` (None: any) is what ends the version of that day. With a notice
        period in months: its effective date comes before the end. Without one, the agreement's own end date stands
        (rule TERMINATE), or none while none is set: it is terminated all the same, unless it had ended before the
        decision (a termination then ends nothing)."""
        if not self.terminations:  # most agreements: the register asks this of each of a thousand
            return False
        end, cut = self._end_and_cut(day)
        if cut is not None:
            return True
        ended_by = self._period(day).termination
        if ended_by is None or ended_by.effective is not None or (day is not None and ended_by.decided > day):
            return False
        return end is None or end >= ended_by.decided

    @property
    def terminated(self) -> bool:
        """Whether a termination decision is what ends it: it would otherwise run to a later date, or on; without a
        notice period in months, one decided while it ran (`ends` is then the end date that stands, None while none
        is set). A decision recorded for a meeting still to come counts, as it does for the planner."""
        return self._terminated(None)

    def terminated_on(self, day: dt.date) -> bool:
        """Whether, as it stood on `day` (signings and decisions up to and including that day), a termination is
        what ends it: `end_on(day)` is then the termination's effective date, or without a notice period in months
        the agreement's own end date (None while none is set)."""
        return self._terminated(day)

    @property
    def bounds(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day it can be in force: `in_force` is false on every day outside them (dt.date.max:
        it may run on); None when it is in force on no day. A bound, not the exact days (a termination may cut a
        period short, or a gap lie between periods).

        Worked out when asked, not kept: days_in_force asks it once for each tuple of days it has not answered for
        (the first plan, and one of other meetings' days), and keeping it cost more than working it out again."""
        own_end = self._own_end
        first = last = None
        for period in self._periods:
            if period.begins is None:
                continue  # (only the first period may have no beginning: it is in force on no day)
            # On a day of the period the end that counts is its own or one a signing of the period set by then;
            # while neither is set (no own end date, before the period's first signing that sets one) it runs on:
            # the latest of its own end date and the end dates its signings set (the first of those ends on or after
            # its own day: validation), else dt.date.max.
            period_last = own_end
            for signing in period.signings:
                end = signing.end_date
                if end and (period_last is None or end > period_last):
                    period_last = end
            if period_last is None:
                period_last = dt.date.max
            first = period.begins if first is None else min(first, period.begins)
            last = period_last if last is None else max(last, period_last)
        return None if first is None else (first, last)

    def in_force(self, day: dt.date) -> bool:
        if not self.terminations:
            # One period that nothing cuts short (most agreements; the planner asks this of each at every meeting
            # of every plan): its beginning, and the end its own dates and the signings up to `day` give.
            begins = self._begins
            if begins is None or begins > day:
                return False
            end = self._own_end
            for signing in self.signings:
                if signing.end_date and signing.date <= day:
                    end = signing.end_date
            return end is None or end >= day
        begins = self._period(day).begins
        if begins is None or begins > day:
            return False
        ends = self.end_on(day)
        return ends is None or ends >= day

    def days_in_force(self, days: tuple[dt.date, ...]) -> tuple[int, ...]:
        """The positions in `days` of the days it is in force on (`in_force`), in order. The answers for the last
        _DAYS_KEPT tuples asked are remembered, by the very tuple: the planner asks one tuple of its meetings' days of
        every agreement at every plan (the same tuple while the meetings are the same), and `lifetimes` gives the
        same Lifetime again while the agreement, its signings and terminations are unchanged."""
        remembered = self._days_in_force
        for asked, found in remembered:
            if asked is days:
                return found
        bounds = self.bounds
        if bounds is None:
            found = ()
        else:
            first, last = bounds
            in_force = self.in_force
            found = tuple([i for i, day in enumerate(days) if first <= day <= last and in_force(day)])
        remembered.insert(0, (days, found))
        del remembered[_DAYS_KEPT:]
        return found

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


# Each field's setter, the __set__ of its slot (a member descriptor), for Lifetime.__init__: a frozen dataclass refuses
# to set its fields, so they are set past its __setattr__, and this way costs less than object.__setattr__.
_SET = {f.name: Lifetime.__dict__[f.name].__set__ for f in fields(Lifetime)}


# How many tuples of days a Lifetime remembers its answers for (days_in_force): one for each span of years planned
# lately (planner._SPANS_KEPT), so that plans of a year and of two years in turn each find theirs.
_DAYS_KEPT = 4


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


def _termination(agreement: Agreement, decision: Decision, calendar: Calendar) -> Termination:
    """A termination decision of the agreement (rule TERMINATE): its meeting's date, and that date plus the notice
    period; no effective date without a notice period in months."""
    decided = calendar.date(decision.meeting)
    effective = None if agreement.notice_months is None else termination_date(decided, agreement.notice_months)
    return Termination(decided, effective, decision.meeting)


def _calendar(register: Register, calendar: Calendar | None) -> Calendar:
    if calendar is None:
        from .meetings import Calendar  # the meeting dates, user-set or provisional, exactly as the planner has them

        calendar = Calendar(register)
    return calendar


def _terminations(register: Register, agreements: dict[str, Agreement], decisions: Iterable[Decision],
                  calendar: Calendar | None) -> dict[str, tuple[Termination, ...]]:
    """The termination decisions among `decisions` of the `agreements` (by key), by agreement and date."""
    found: dict[str, list[Termination]] = defaultdict(list)
    for d in decisions:
        if d.decision == "terminate" and d.agreement in agreements:
            calendar = _calendar(register, calendar)  # made only when there is a termination to date
            found[d.agreement].append(_termination(agreements[d.agreement], d, calendar))
    return {key: tuple(sorted(ts, key=_decided)) for key, ts in found.items()}


def termination_dates(register: Register, calendar: Calendar | None = None) -> dict[str, tuple[Termination, ...]]:
    """Each terminated agreement's termination decisions by date: when decided, and when they take effect (rule
    TERMINATE; no effective date without a notice period in months: its own end date stands). `calendar` gives
    the meetings' dates (a planner passes its own); by default the register's."""
    return _terminations(register, _by_key(register.agreements), register.decisions, calendar)


# The agreements by key of the last tuple of agreements termination_dates was asked of (immutable, of frozen
# records: a plan after a decision has the same tuple, and need not index its thousand agreements again).
_by_key_kept: tuple[tuple[Agreement, ...], dict[str, Agreement]] | None = None


def _by_key(agreements: Iterable[Agreement]) -> dict[str, Agreement]:
    """{key: agreement} (the last of a key), kept for the last tuple; read only."""
    global _by_key_kept
    last = _by_key_kept
    if last is not None and last[0] is agreements:
        return last[1]
    found = {a.key: a for a in agreements}
    _by_key_kept = (agreements, found) if type(agreements) is tuple else None
    return found


def signings_by_agreement(register: Register) -> dict[str, tuple[Signing, ...]]:
    """Each agreement's recorded signings, by date."""
    found: dict[str, list[Signing]] = defaultdict(list)
    for s in register.signings:
        found[s.agreement].append(s)
    return {key: tuple(sorted(signings, key=lambda s: s.date)) for key, signings in found.items()}


# The Lifetimes `lifetimes` gave last, by agreement key. The planner asks for every agreement's at each plan, after
# every change, and a change touches one agreement or a few: the others' Lifetimes serve again. Only those of the
# last call are kept (one register's worth, replaced at the next call, so nothing piles up over edits or from one
# register to the next).
_kept: dict[str, Lifetime] = {}


def _same_terminations(kept: tuple[Termination, ...], found: tuple[Termination, ...]) -> bool:
    """Whether two agreements' terminations are the same, the meeting that took each included (which equality of
    Terminations leaves out: it names the meeting in the planner's messages)."""
    return len(kept) == len(found) and all(
        k.decided == f.decided and k.effective == f.effective and k.meeting == f.meeting for k, f in zip(kept, found)
    )


# What the Lifetimes kept were made of: the register's tuples of agreements and of signings (immutable, of frozen
# records), its terminations (termination_dates) and the dict of Lifetimes made (_kept, unless replaced since).
_kept_for: tuple[tuple[Agreement, ...], tuple[Signing, ...], dict[str, tuple[Termination, ...]], dict[str, Lifetime]] | None = None


def forget_kept() -> None:
    """Keep nothing from the calls so far: the Lifetimes and the agreements by key (planner.forget_kept)."""
    global _kept, _kept_for, _by_key_kept
    _kept, _kept_for, _by_key_kept = {}, None, None


def _same_termination_dates(kept: dict[str, tuple[Termination, ...]], found: dict[str, tuple[Termination, ...]]) -> bool:
    """Whether two registers' termination_dates are the same, agreement by agreement (_same_terminations)."""
    return len(kept) == len(found) and all(key in kept and _same_terminations(kept[key], ts) for key, ts in found.items())


def lifetimes(register: Register, calendar: Calendar | None = None) -> dict[str, Lifetime]:
    """Each agreement's Lifetime: its recorded signings by date, and its terminations (`termination_dates`).

    A Lifetime made for an earlier call is given again when its agreement, signings and terminations are the same
    (equal records: the register after a change holds the same objects for the others, and a reloaded one equal
    ones)."""
    global _kept, _kept_for
    terminations = termination_dates(register, calendar)
    last = _kept_for
    if (last is not None and last[3] is _kept and last[0] is register.agreements and last[1] is register.signings
            and _same_termination_dates(last[2], terminations)):
        # The same agreements and signings (the same tuples: a decision that terminates nothing leaves them) and the
        # same terminations: each agreement's Lifetime is the one kept, as the loop below would find it.
        return dict(last[3])
    signings = signings_by_agreement(register)
    kept, found = _kept, {}
    for a in register.agreements:
        key = a.key
        own_signings, own_terminations = signings.get(key, ()), terminations.get(key, ())
        life = kept.get(key)
        if (life is None or not (life.agreement is a or life.agreement == a) or life.signings != own_signings
                or ((own_terminations or life.terminations) and not _same_terminations(life.terminations, own_terminations))):
            life = Lifetime(a, own_signings, own_terminations)
        found[key] = life
    _kept = found
    agreements, all_signings = register.agreements, register.signings
    _kept_for = (agreements, all_signings, terminations, found) if type(agreements) is tuple and type(all_signings) is tuple else None
    return dict(found)


def lifetime(register: Register, agreement: Agreement, *, decided_by: MeetingRef | None = None) -> Lifetime:
    """One agreement's Lifetime, as `lifetimes` gives it; with `decided_by`, counting only the termination decisions
    taken at that meeting or before (a past meeting reopened does not know of later ones)."""
    key = agreement.key
    signings = tuple(sorted((s for s in register.signings if s.agreement == key), key=lambda s: s.date))
    decisions = [d for d in register.decisions if d.agreement == key and (decided_by is None or d.meeting <= decided_by)]
    terminations = _terminations(register, {key: agreement}, decisions, None).get(key, ())
    return Lifetime(agreement, signings, terminations)
