"""The annual-cycle planner: every agreement action on the right meeting, and the rule that put it there.

The rules are those of the 2006 guidelines (DOMAIN §3, seed 000 ch. 4.7): meeting 2 reviews every agreement
and the overall scope, meeting 3 signs and reviews status, meeting 4 signs what meeting 3 did not and lists all
agreements for Fellesdokumentet; meeting 1 is about the budget and never gets agreement items.
`plan()` is a pure function of the register and an as-of date: the same input gives the same plan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from operator import attrgetter, is_

from .calendar import WEEKDAYS_NB, format_date, holiday_name, is_weekend, listed
from .lifecycle import Lifetime, beyond_term, lifetimes
from .lifecycle import forget_kept as lifecycle_forget_kept
from .meetings import Calendar, MeetingSlot
from .meetings import forget_kept as meetings_forget_kept
from .model import (
    ACTIONS, DECISION_NB, Agreement, Decision, Deviation, Government, MeetingRef, Register, Signing, deviation_id,
    norwegian_key,
)

ACTION_ORDER = {a: i for i, a in enumerate(ACTIONS)}
ACTION_NB = {
    "review": "Gjennomgang",
    "scope": "Samlet omfang",
    "sign": "Undertegning",
    "re-sign": "Undertegning på nytt",
    "status": "Status og evaluering",
    "overview": "Oversikt til Fellesdokumentet",
}
FLAG_NB = {
    "government-change": "regjeringsskifte",
    "expiring": "utløper",
    "overdue-signing": "undertegning forsinket",
    "signed": "undertegnet",
    "postponed": "utsatt",
    "overdue": "forsinket",
    "no-evaluation-clause": "mangler evalueringsklausul",
    "deviation": "avvik",
    "provisional-date": "foreløpig dato",
}
SIGNING_DECISIONS = {"renegotiate": "sign", "new": "sign", "continue": "re-sign"}


@dataclass(frozen=True, slots=True)
class PlanItem:
    """An agreement action (or the overview) on a meeting, with the rule that put it there and why."""

    year: int
    meeting: int | None  # None: moved by the user to a plain date outside meetings
    meeting_date: dt.date
    action: str
    agreement: str | None
    rule: str
    reason: str
    flags: frozenset[str] = frozenset()
    agreements: tuple[str, ...] | None = None  # the overview's list of agreements in force
    title: str = ""  # the agreement's title, for showing (items sort by it in Norwegian order: _Planner.title_order)
    origin: MeetingRef | None = None  # where the rules put it, before any move by the user (a deviation's `from`)
    signing: Signing | None = None  # the signing that settled a sign or re-sign item (M4-FALLBACK): one recorded, or the register's signed date
    # A signing item's reason as it stood on the meeting the rules put it on (`origin`), before what happened there
    # and later was added (not signed there: moved on; signed on a day): what that meeting's agenda says of it.
    origin_reason: str | None = None
    # Its reason as it stood on arriving at its own meeting (or day), with what happened before it (not signed at
    # meeting 3: moved on; signed before the meeting) and without what happened there or later (signed there; not
    # signed by it, overdue; terminated there): what its own agenda says of it, printed before or after the meeting
    # alike. None: the reason itself.
    arrival_reason: str | None = None
    # A review that took in other reviews of its agreement moved onto the same meeting or day (_one_review_per_meeting):
    # where the rules put those, in order. One case on the agenda, so a move of it moves them all (agenda.move_ops).
    # Not part of `plan --json` (item_to_json): the contract's item has no such field.
    merged_origins: tuple[MeetingRef, ...] = ()

    @property
    def ref(self) -> MeetingRef | None:
        return MeetingRef(self.year, self.meeting) if self.meeting else None

    @property
    def place(self) -> str:
        """Where it lies: its meeting and that meeting's date ("3. møte 30.08.2006"), or its own date."""
        return f"{self.meeting}. møte {format_date(self.meeting_date)}" if self.meeting else format_date(self.meeting_date)


@dataclass(frozen=True, slots=True)
class PlanWarning:
    """A warning of the plan (DOMAIN.md's codes), about an agreement or the plan as a whole."""

    agreement: str | None
    code: str
    message: str
    meeting: MeetingRef | None = None  # the meeting a warning about a meeting (a weekend, a holiday) is about


@dataclass(frozen=True)
class Plan:
    """What the planner gives for a span of years: the items, the warnings and the meetings they lie on."""

    items: tuple[PlanItem, ...]
    warnings: tuple[PlanWarning, ...]
    meetings: tuple[MeetingSlot, ...] = ()
    as_of: dt.date | None = None  # the plan's "today": its meetings after it lie ahead (a document of one is a draft)


# -- the planner --------------------------------------------------------------------------------------------


@dataclass
class _Signable:
    """A sign or re-sign item in the making, from one decision."""

    agreement: Agreement
    decision: Decision
    action: str
    rule: str
    reason: str
    slot: MeetingSlot
    origin: MeetingRef
    flags: set[str] = field(default_factory=set)
    dated: dt.date | None = None  # a signing outside meetings keeps its own date
    signing: Signing | None = None  # the signing that settles it (see PlanItem.signing)
    missed: str = "4. møte"  # unsigned by the end: the meeting (or day) it was not signed by
    moved: Deviation | None = None  # the user's move of it (DEVIATION), found by settle()
    told: list[tuple[dt.date, str]] = field(default_factory=list)  # what settle() added, each with the day it happened
    # Unsigned once its place passed: the review it marks (agreement, year of that meeting 2), where the parties decide
    # again (settle; signing_items puts it in _Planner.overdue_reviews).
    late_review: tuple[str, int] | None = None
    # The item it gave in the plan of the years (from, to) that placed it last (None: it landed outside them), while
    # nobody moved an item of its agreement: a plan of the same years that finds it settled (signing_items: the same
    # object) places the same item (add() makes it of this object and the meetings' slots alone).
    placed: tuple[tuple[int, int], PlanItem | None] | None = field(default=None, compare=False, repr=False)

    def tell(self, day: dt.date, sentence: str) -> None:
        """Add to the reason what happened on `day`: the agenda of a meeting after that day tells it, one on or
        before it does not (PlanItem.arrival_reason). `reason` stays as made (a held meeting's agenda says that)."""
        self.told.append((day, sentence))

    @property
    def full_reason(self) -> str:
        """The reason as made and all that settle() told of what happened at meeting 3 and after."""
        return _told(self.reason, self.told)


class _Planner:
    def __init__(self, register: Register, from_year: int, to_year: int, as_of: dt.date):
        global _status_kept, _settled_kept, _reviews_kept
        # The status items of the last plan, for meeting_3 to give again; this plan's (statuses) replace them.
        self.status_kept, self.statuses = _status_kept, {}
        _status_kept = self.statuses
        # The signing items the last plan settled, for signing_items to give again when this plan has the same as-of
        # date, meetings and deviations (the same tuples); this plan's replace them.
        same = (register.meetings, register.deviations)
        self.settled_kept = _kept_if(_settled_kept, as_of, same)
        self.settled: dict[int, tuple[tuple, _Signable]] = {}
        _settled_kept = _to_keep(as_of, same, self.settled)
        # The reviews the last plan made, for meeting_2 to give again when this plan has the same as-of date, meetings,
        # governments and deviations (the same tuples); this plan's replace them.
        same = (register.meetings, register.governments, register.deviations)
        self.reviews_kept = _kept_if(_reviews_kept, as_of, same)
        self.reviews: dict[int, tuple[MeetingSlot, dict[str, tuple]]] = {}
        _reviews_kept = _to_keep(as_of, same, self.reviews)
        self.register = register
        self.from_year = from_year
        self.to_year = to_year
        self.as_of = as_of
        self.settings = register.settings
        self.cal = Calendar(register)
        # The planned agreements, by key, and (items and the overview's list are in Norwegian alphabetical order of
        # the agreements' titles) their titles' sort keys: the same as the last plan's for the same agreements.
        # their positions in that order (title_rank, aligned with `agreements`; by_title: the agreements in it; rank_by_key:
        # each key's position in the order of (title sort key, key), as sort_key compares them).
        self.agreements, self.by_key, self.title_order, self.title_rank, self.by_title, self.rank_by_key = _planned(register.agreements)
        # Items come from the rules of earlier years too: a signing decided at meeting 4 lands next year, and
        # the user may move an item into the range from any year. Those years are planned, but only what lands
        # in the range is shown, and their year-bound warnings are not given.
        # A moved signing missed where the user put it marks the next review (that year's or the next).
        moved_in = [d.from_meeting.year for d in register.deviations if self.in_range(d.to_year) or self.in_range(d.to_year + 1)]
        # A moved item's own year is planned with the two before it (whose signings and overdue items shape it).
        self.first_year = min([from_year - 2, *(y - 2 for y in moved_in)])
        self.last_year = max([to_year, *moved_in])
        # Each planned agreement's decisions, by meeting (decisions_of); its decision at a meeting, by (agreement,
        # year, number) (decision_at: decision_id without the MeetingRef, which hashes by a call: the rules ask some
        # 400 times a plan); the planned agreements with a decision in the years planned that may give a signing
        # item (signing_decided_for: the others give none, _latest_signing_decisions looks at these only); and the
        # agreements with a decision recorded at meeting 1 of a year (any agreement's; the others are of the planned
        # agreements' decisions only: the rules ask of those only). Read only: they may be the last plan's (_decided).
        self.decisions_of, self.decision_at, self.signing_decided_for, decided_at_1 = _decided(
            register.decisions, register.agreements, self.by_key, self.first_year, self.last_year)
        # The agreements with a decision or signing recorded at meeting 1 of a year (M1-NONE warns about them).
        self.at_meeting_1: dict[int, set[str]] = defaultdict(set, {year: set(keys) for year, keys in decided_at_1.items()})
        for s in register.signings:
            if s.meeting is not None and s.meeting.number == 1:
                self.at_meeting_1[s.meeting.year].add(s.agreement)
        decisions = self.decisions_of
        # Each agreement's lifetime and first termination decision (rule TERMINATE), as lifecycle works them out
        # for every document: the planner reads those of the planned agreements.
        self.lifetimes = lifetimes(register, self.cal)
        self.deviations: dict[tuple[str, str | None, MeetingRef], Deviation] = {
            deviation_id(d): d for d in register.deviations
        }
        self.review_moved_from: dict[str, set[int]] = defaultdict(set)  # agreement: years whose review the user moved
        for d in register.deviations:
            if d.action == "review":
                self.review_moved_from[d.agreement].add(d.from_meeting.year)
        # The agreements (None: the scope and the overview) with an item the user moved: the others' items are
        # placed without looking for a move (most agreements, at every meeting of every plan).
        self.moved_agreements = {d.agreement for d in register.deviations}
        self.governments = sorted(register.governments, key=lambda g: g.took_office)
        self.items: list[PlanItem] = []
        self.warnings: dict[tuple[str | None, str, str], PlanWarning] = {}
        self.dealt_with: set[str] = set()
        self.overdue_reviews: dict[tuple[str, int], _Signable] = {}  # (agreement, year of the review) -> late item
        # The years whose meetings 2–4 get items (run()): the plan's own, and those the user moved an item from.
        moved_from = {d.from_meeting.year for d in register.deviations}
        self.meeting_years = [year for year in range(self.first_year, self.last_year + 1) if self.in_range(year) or year in moved_from]
        # The planned agreements with neither date nor signing (proposed() counts them): _in_force_at finds them.
        self.never_begun: set[str] = set()
        self.in_force_at = self._in_force_at()
        # What the scope item counts as the new agreements proposed at a meeting 2 (M2-SCOPE, see proposed()): those
        # a meeting decided to enter (by the first «new» decision), and those with neither date nor signing (planned,
        # DOMAIN §3).
        self.decided_new: dict[str, tuple[int, int]] = {}
        for key, ds in decisions.items():  # (the planned agreements with a decision: proposed() counts them)
            first_new = next((d for d in ds if d.decision == "new"), None)
            if first_new is not None:
                self.decided_new[key] = _meeting_order(first_new)
        # The decisions that give a sign or re-sign item, by the year they were taken (the signing rules look at one
        # year at a time), in the agreements' order.
        self.signing_decided = self._latest_signing_decisions()

    def _in_force_at(self) -> dict[int, tuple[list[Agreement], list[Agreement], list[Agreement]]]:
        """For each year whose meetings 2–4 get items (meeting_years), the agreements in force on the day of each of
        those meetings: at meetings 2 and 3 in the agreements' order, at meeting 4 in the order of their titles (the
        overview lists them so). Each Lifetime answers for the tuple of those days (days_in_force: one question an
        agreement, was one for the days of meetings 2 and 3 and one for those of meetings 4), which is the very tuple
        of the last plan of the same days (_days_kept): a Lifetime kept from the last plan answers as it did then,
        without asking `in_force` again of each day (some 40,000 times a plan of 4,000 agreements)."""
        global _days_kept
        years = self.meeting_years
        slot = self.cal.slot
        # The days of meetings 2, 3 and 4 of each year in turn.
        days = tuple(slot(year, number).date for year in years for number in (2, 3, 4))
        if days == _days_kept:
            days = _days_kept
        _days_kept = days
        # The agreements in force on each day, as their positions in the order of titles (by_title), each list in the
        # agreements' order.
        at: list[list[int]] = [[] for _ in days]
        lifetimes, ranks, never_begun = self.lifetimes, self.title_rank, self.never_begun
        for a, rank in zip(self.agreements, ranks):  # (in the register's order, as the agreements and their Lifetimes lie in memory)
            life = lifetimes[a.key]
            in_force = life.days_in_force(days)
            for i in in_force:
                at[i].append(rank)
            if not in_force and life.begins is None:  # (in force on no day: bounds)
                never_begun.add(a.key)
        by_title = self.by_title
        return {year: ([by_title[rank] for rank in at[3 * i]], [by_title[rank] for rank in at[3 * i + 1]],
                       [by_title[rank] for rank in sorted(at[3 * i + 2])])
                for i, year in enumerate(years)}

    # -- helpers ------------------------------------------------------------------------------------------

    def in_range(self, year: int) -> bool:
        return self.from_year <= year <= self.to_year

    def warn(self, agreement: str | None, code: str, message: str, meeting: MeetingRef | None = None) -> None:
        """Warnings about an agreement are given once per plan and code; others once per message (_said)."""
        key = _said(agreement, code, message)
        if key not in self.warnings:  # (the warning is made only when it is new)
            self.warnings[key] = PlanWarning(agreement, code, message, meeting)

    def give(self, warning: PlanWarning) -> None:
        """`warn`, with a warning made before (a cache's: given again as the same object)."""
        key = _said(warning.agreement, warning.code, warning.message)
        if key not in self.warnings:
            self.warnings[key] = warning

    def flags_for(self, slot: MeetingSlot) -> set[str]:
        return {"provisional-date"} if slot.provisional else set()

    def government_changed_before(self, year: int) -> Government | None:
        """The change of government for which meeting 2 of `year` is the first meeting 2 strictly after it."""
        this = self.cal.slot(year, 2).date
        previous = self.cal.slot(year - 1, 2).date
        found = None
        for g in self.governments:
            if previous <= g.took_office < this:
                found = g
        return found

    def review_held(self, key: str, meeting_2: MeetingSlot) -> MeetingSlot:
        """The meeting where an agreement's review of `meeting_2` is decided: the one the user moved it to
        (DEVIATION), or for a move to a day, the first meeting from that day on; else meeting 2 itself."""
        if key not in self.review_moved_from:
            return meeting_2
        moved = self.deviations.get(("review", key, meeting_2.ref))
        if moved is None:
            return meeting_2
        if moved.to_meeting is not None:
            return self.cal.slot(moved.to_meeting.year, moved.to_meeting.number)
        day = moved.to_date
        return self.cal.first_of_2_to_4_on_or_after(day.year, day) or self.cal.slot(day.year + 1, 2)

    def government_review_decided_at(self, key: str, ref: MeetingRef) -> Government | None:
        """The change of government whose review of the agreement (GOV-CHANGE) a decision at `ref` settles: that of
        the first meeting 2 after it, when `ref` is that meeting or the one the user moved the review to."""
        years = {ref.year} | self.review_moved_from.get(key, set())
        for year in sorted(years):
            government = self.government_changed_before(year)
            meeting_2 = self.cal.slot(year, 2)
            if government is not None and ref in (meeting_2.ref, self.review_held(key, meeting_2).ref):
                return government
        return None

    def add(self, slot: MeetingSlot | None, action: str, agreement: Agreement | None, rule: str, reason: str, flags: set[str], *,
            dated: dt.date | None = None, listed: tuple[str, ...] | None = None, origin: MeetingRef | None = None,
            signing: Signing | None = None, deviation: Deviation | None = None, origin_reason: str | None = None,
            told: list[tuple[dt.date, str]] = ()) -> bool:
        """Place an item, unless the user moved it (`deviation`, else looked up by where the rules put it): then it
        goes where the user put it (rule DEVIATION). A signing item's `origin_reason` and `told` (its reason as made,
        and what settle() added to it, by day) give the reason as it stood on arriving where it lands. Whether it
        landed in the plan's years."""
        key = agreement.key if agreement else None
        moved_by = None  # an item the user moved: its reason is "Flyttet av brukeren … (Opprinnelig: <the rules' reason>)"
        origin = origin or (slot.ref if slot else None)
        if deviation is None and origin is not None and key in self.moved_agreements:
            deviation = self.deviations.get((action, key, origin))
            if deviation is None and slot is not None and slot.ref != origin:
                deviation = self.deviations.get((action, key, slot.ref))
        if deviation is not None:
            moved_from = str(deviation.from_meeting)
            why = f" Begrunnelse: {deviation.reason}" if deviation.reason else ""
            flags = (flags - {"provisional-date"}) | {"deviation"}
            if deviation.to_meeting is not None:
                slot = self.cal.slot(deviation.to_meeting.year, deviation.to_meeting.number)
                dated = None
                flags |= self.flags_for(slot)
                place = slot.label
                if slot.number == 1 and self.in_range(slot.year):
                    # Named as the other m1-agreement warnings name it (the scope and the overview have no agreement).
                    what = f"«{agreement.title}»: {ACTION_NB[action].lower()}" if agreement else ACTION_NB[action]
                    self.warn(key, "m1-agreement", f"{what} er flyttet til 1. møte {slot.year}, som gjelder budsjettrammen.")
            else:
                slot, dated = None, deviation.to_date
                place = format_date(dated)
            moved_by = f"Flyttet av brukeren fra {moved_from} til {place}.{why} (Opprinnelig: "
            rule = "DEVIATION"
        if slot is None and dated is None:
            return False
        year = slot.year if slot else dated.year
        if not self.in_range(year):
            return False
        arrival = _told(origin_reason or reason, told, before=dated or slot.date) if told else reason
        if moved_by is not None:
            reason, arrival = f"{moved_by}{reason})", f"{moved_by}{arrival})"
        if agreement is not None:
            self.dealt_with.add(agreement.key)
        self.items.append(
            PlanItem(
                year=year,
                meeting=slot.number if slot and dated is None else None,
                meeting_date=dated or slot.date,
                action=action,
                agreement=key,
                rule=rule,
                reason=reason,
                flags=_flag_set(flags),
                agreements=listed,
                title=agreement.title if agreement else "",
                origin=origin,
                signing=signing,
                origin_reason=origin_reason if origin_reason != reason else None,
                arrival_reason=arrival if arrival != reason else None,
            )
        )
        return True

    # -- the rules ----------------------------------------------------------------------------------------

    def run(self) -> Plan:
        span, moved, items = (self.from_year, self.to_year), self.moved_agreements, self.items
        for year in range(self.first_year, self.last_year + 1):
            # Signing items first: one left unsigned last year marks this year's review.
            for item in self.signing_items(year):
                key = item.agreement.key
                keeps = item.moved is None and key not in moved
                placed = item.placed
                if keeps and placed is not None and placed[0] == span:
                    if placed[1] is not None:
                        self.dealt_with.add(key)
                        items.append(placed[1])
                    continue
                landed = self.add(item.slot, item.action, item.agreement, item.rule, item.full_reason, item.flags, dated=item.dated,
                                  origin=item.origin, signing=item.signing, deviation=item.moved, origin_reason=item.reason, told=item.told)
                if keeps:
                    item.placed = (span, items[-1] if landed else None)
            if year not in self.meeting_years:
                continue  # nothing of this year's meetings can land in the range: only its signings matter
            self.meeting_2(year)
            self.meeting_3(year)
            self.meeting_4(year)
            if self.in_range(year):
                self.meeting_1_warnings(year)
                self.meeting_date_warnings(year)
        self.agreement_rules()
        items = self.items
        if self.review_moved_from or len(self.by_key) != len(self.agreements):
            # Two reviews of an agreement on one meeting or day are one case. Without a review the user moved and with
            # one planned agreement per key, each review lies on its own year's meeting 2, one per agreement: none to
            # merge (and the order the merge gives the items, reviews last, is one the sort does not see).
            items = _one_review_per_meeting(items)
        return Plan(
            self.in_order(items),
            tuple(sorted(self.warnings.values(), key=lambda w: (w.agreement is not None, w.agreement or "", w.code, w.message))),
            tuple(self.cal.slot(y, n) for y in range(self.from_year, self.to_year + 1) for n in (1, 2, 3, 4)),
            self.as_of,
        )

    def sort_key(self, item: PlanItem) -> tuple:
        """The item's place in the plan: by year, meeting (a plain date sorts after the meetings on or before it) and
        date, action, its agreement's title in Norwegian order and then key (in_order: the same order, by an int)."""
        if item.meeting is not None:
            position: float = item.meeting
        else:  # a plain date sorts after the meetings on or before it
            position = sum(1 for n in (1, 2, 3, 4) if self.cal.slot(item.year, n).date <= item.meeting_date) + 0.5
        return (item.year, position, item.meeting_date, ACTION_ORDER[item.action], self.title_order.get(item.agreement, ""), item.agreement or "")

    def in_order(self, items: list[PlanItem]) -> tuple[PlanItem, ...]:
        """The items sorted (stably) by sort_key, which each item's key gives as one int: its year, doubled position
        (sort_key's), date and action, worked out once for each such place, above its agreement's rank_by_key (the
        scope and the overview, without one, first). Some 27,000 items a plan of 4,000 agreements: was a tuple of six
        compared element by element, two title strings at each comparison of two items of a meeting."""
        rank, places = self.rank_by_key, {}
        sort_key = self.sort_key
        if len(rank) >= (1 << 21) - 1 or len(ACTION_ORDER) > 8:  # (a rank + 1 has 21 bits below it, the action 3)
            return tuple(sorted(items, key=sort_key))

        def key(item: PlanItem) -> int:
            where = (item.year, item.meeting, item.meeting_date, item.action)
            place = places.get(where)
            if place is None:
                year, position, day, action, _, _ = sort_key(item)
                # (2 × position < 10; a date's ordinal < 2 ** 22; the action < 8; a rank + 1 < 2 ** 21: see _planned)
                place = places[where] = ((((year * 10 + int(2 * position)) << 22) | day.toordinal()) << 3 | action) << 21
            return place | (rank.get(item.agreement, -1) + 1)

        return tuple(sorted(items, key=key))

    def meeting_2(self, year: int) -> None:
        slot = self.cal.slot(year, 2)
        ref = slot.ref
        next_2 = self.cal.slot(year + 1, 2)
        government = self.government_changed_before(year)
        base = self.flags_for(slot)
        in_force_at_2 = self.in_force_at[year][0]
        # (Counted by key: two records under one key are one agreement, whose reviews are merged into one case.)
        counted = len(in_force_at_2) if len(self.by_key) == len(self.agreements) else len({a.key for a in in_force_at_2})
        self.add(slot, "scope", None, "M2-SCOPE", _scope_reason(counted, len(self.proposed(slot)), slot.date), set(base))
        review = f"Årlig gjennomgang på {slot.label}: videreføre, reforhandle eller si opp."
        # An agreement whose signing was not done by meeting 4 is decided on again, in force or not: its late item.
        late_now = {key: item for (key, late_year), item in self.overdue_reviews.items() if late_year == year}
        # Those in force and those decided on again, in the agreements' order (was: every agreement gone through, with
        # its Lifetime looked up, when one was late).
        if late_now:
            in_force = {a.key for a in in_force_at_2}
            reviewed = [a for a in self.agreements if a.key in in_force or a.key in late_now]
        else:
            reviewed = in_force_at_2
        moved_from = self.review_moved_from
        # The review of an agreement nobody moved an item of, at a meeting of the plan's years, and its warnings are
        # made of the agreement, its Lifetime, its decisions, the signing item left unsigned for it (overdue_reviews:
        # signing_items gives the same object again while nothing it was settled from changed), the meetings, the
        # governments and the as-of date: the review and warnings the last plan made are given again while those
        # are the same (the meetings, governments, deviations and as-of date checked for all: reviews_kept).
        kept_for = self.reviews_kept.get(year)
        kept = kept_for[1] if kept_for is not None and kept_for[0] is slot else {}
        made: dict[str, tuple] = {}
        self.reviews[year] = (slot, made)
        placed = self.in_range(year)
        items, moved_agreements, lifetimes, decisions_of = self.items, self.moved_agreements, self.lifetimes, self.decisions_of
        dealt_with, give = self.dealt_with, self.give
        for a in reviewed:
            key = a.key
            life = lifetimes[key]
            late = late_now.get(key) if late_now else None
            keeps = placed and key not in moved_agreements and key not in moved_from
            if keeps:
                decisions = decisions_of.get(key, ())  # (a tuple: _decided)
                entry = kept.get(key)
                if entry is not None and entry[0] is a and entry[1] is life and entry[2] is late and entry[3] == decisions:
                    made[key] = entry
                    dealt_with.add(key)
                    items.append(entry[4])
                    for warning in entry[5]:
                        give(warning)
                    continue
            flags = set(base)
            reason = [review]
            held = self.review_held(a.key, slot) if a.key in moved_from else slot  # (review_held's answer, without the call)
            # The review's decision: at the meeting it was moved to, or at meeting 2 all the same; a postponement at
            # one does not hide a decision at the other.
            at_2 = self.decision_at.get((a.key, year, 2))
            if held is slot:
                found = [at_2] if at_2 is not None else []
            else:
                found = [d for d in (self.decision_at.get((a.key, held.year, held.number)), at_2) if d is not None]
            decision = next((d for d in found if d.decision != "postpone"), found[0] if found else None)
            if government is not None:
                flags.add("government-change")
                reason.append(
                    f"Første 2. møte etter regjeringsskiftet {format_date(government.took_office)} ({government.name}): "
                    "hver avtale må få et uttrykkelig vedtak."
                )
            end = life.end_before(slot.date)
            expiring = end is not None and end < next_2.date
            if expiring:
                flags.add("expiring")
                if end < slot.date:  # ran out before this meeting (its signing overdue): said as what it is
                    reason.append(f"Avtalen utløp {format_date(end)}, før dette møtet.")
                else:
                    reason.append(f"Avtalen utløper {format_date(end)}, før 2. møte {next_2.year}.")
            if late is not None:
                flags.add("overdue-signing")
                reason.append(
                    f"{ACTION_NB[late.action]} vedtatt på {late.decision.meeting} "
                    f"ble ikke gjennomført innen {late.missed}: partene tar stilling på nytt."
                )
            if not self.add(slot, "review", a, "M2-REVIEW", " ".join(reason), flags, origin=ref):
                continue
            warned: list[PlanWarning] = []  # the review's warnings
            # The review's warnings go with the review: a plan gives them when it holds the review (moved or not,
            # DEVIATION), and they are judged at the meeting where it is decided.
            if government is not None and held.date < self.as_of and (decision is None or decision.decision == "postpone"):
                after = f"det første 2. møtet etter regjeringsskiftet {format_date(government.took_office)}"
                if decision is not None:
                    # A postponement is minuted («Saken er utsatt»), but it is none of the decisions the review asks
                    # for (GOV-CHANGE: an explicit one): said as what it is (was: «ikke noe vedtak registrert»).
                    at = self.cal.slot(decision.meeting.year, decision.meeting.number).label
                    what = f"gjennomgangen ble utsatt på {at}, {after}" if held is slot else f"gjennomgangen fra {after} ble utsatt på {at}"
                    message = f"«{a.title}»: {what}; den trenger fortsatt et vedtak om å videreføre, reforhandle eller si opp avtalen."
                else:
                    where = after if held is slot else f"der gjennomgangen fra {after} skal avgjøres"
                    message = f"«{a.title}»: ikke noe vedtak registrert på {held.label}, {where}."
                warned.append(PlanWarning(key, "decision-missing", message))
            if expiring:
                gap = self.gap_message(a, end, slot, held, decision)
                if gap is not None:
                    warned.append(PlanWarning(key, "gap", gap))
            for warning in warned:
                give(warning)
            if keeps:
                made[key] = (a, life, late, decisions, items[-1], warned)

    def proposed(self, meeting_2: MeetingSlot) -> set[str]:
        """The new agreements proposed and not yet entered into (neither signed nor started) on the day of
        `meeting_2`: those a meeting up to it decided to enter (a «new» decision), and, when it lies ahead (on or
        after the as-of date), those the register holds as planned (no signed or start date, no signing). One
        planned now is not said to have been proposed at a meeting 2 of the past."""
        day = meeting_2.date
        ref = (meeting_2.year, meeting_2.number)
        found = {key for key, decided in self.decided_new.items() if decided <= ref and _not_begun(self.lifetimes[key].begins, day)}
        if day >= self.as_of:
            found |= self.never_begun
        return found

    def gap_message(self, a: Agreement, end: dt.date, review: MeetingSlot, held: MeetingSlot, decision: Decision | None) -> str | None:
        """The message of the warning `gap` (None: no gap). EXPIRY: days uncovered between the end date and the meeting
        3 where the renewal would be signed, or the renewal's own day if it was signed before that meeting. The review of meeting 2 `review` is decided at
        `held` (where the user moved it, else that meeting 2), and its decision's signing is at the meeting 3 after
        it (M3-SIGN: of the same year, or of the next for a decision at meeting 4)."""
        if decision is not None and decision.decision == "terminate":
            return None
        ending = self.lifetimes[a.key].ending_termination(review.date)
        if ending is not None and ending.decided <= review.date:
            # Terminated at an earlier meeting: not to be renewed, whether the termination ends it (its notice
            # period, or without one its own end date) or its end date comes first (a notice period running past
            # it). Was: «… dager uten avtale. Vurder å starte reforhandlingen».
            return None
        m3 = self.cal.slot(held.year if held.number <= 3 else held.year + 1, 3)
        renewal = m3.date
        # Only a signing that sets a later end renews the agreement: one without a new end date leaves it ending
        # on `end` (the plan then has it out of force), and must not hide the gap.
        renewed = next((s for s in self.lifetimes[a.key].signings
                        if review.date <= s.date and s.end_date is not None and s.end_date > end), None)
        if renewed is not None and renewed.date < renewal:
            renewal = renewed.date
        uncovered = (renewal - end).days - 1
        if uncovered >= 1:
            days = f"{uncovered} {'dag' if uncovered == 1 else 'dager'} uten avtale."
            if end < review.date:
                # Ran out before the review (its renewal not signed in an earlier year): said as what it is, and
                # without advice to start the renegotiation before meeting 2, which can no longer be followed.
                message = f"«{a.title}» utløp {format_date(end)}, før {m3.label}: {days}"
            else:
                message = (f"«{a.title}» utløper {format_date(end)}, før {m3.label}: {days} "
                           "Vurder å starte reforhandlingen før 2. møte (et tillatt avvik fra mønsteret).")
            return message
        return None

    def signing_items(self, year: int) -> list[_Signable]:
        """M3-SIGN, M3-RESIGN and M4-FALLBACK for the decisions taken in `year`.

        A decision at meetings 1–3 is signed at meeting 3 of that year (at the latest meeting 4); one taken at
        meeting 4 is signed at meeting 3 of the next year.
        """
        out = []
        kept, settled = self.settled_kept, self.settled
        for made in self.signing_decided.get(year, ()):
            # The item settled for the same entry of _latest_signing_decisions (the same tuple: kept while the
            # agreement, its Lifetime and decisions, the meetings, governments and deviations are the same) in the
            # last plan of the same as-of date, meetings and deviations (settled_kept): what settle() would make again
            # (it reads those, and the agreement's signed date, signings and decisions). Not changed after settle().
            entry = kept.get(id(made))
            if entry is not None and entry[0] is made:
                item = entry[1]
            else:
                a, d, action, rule, reason = made
                target = year if d.meeting.number <= 3 else year + 1
                decided = self.cal.slot(d.meeting.year, d.meeting.number)
                m3, m4 = self.cal.slot(target, 3), self.cal.slot(target, 4)
                item = _Signable(a, d, action, rule, reason, m3, m3.ref, self.flags_for(m3))
                self.settle(item, decided, self.cal.slot(target + 1, 2), m3, m4)
                entry = (made, item)
            settled[id(made)] = entry
            if item.late_review is not None:
                self.overdue_reviews[item.late_review] = item
            out.append(item)
        return out

    def _latest_signing_decisions(self) -> dict[int, list[tuple[Agreement, Decision, str, str, str]]]:
        """The decisions that give a sign or re-sign item, by the year they were taken: (agreement, decision, action,
        rule, reason). One item per agreement and meeting 3: of two decisions to be signed at the same meeting 3
        (renegotiate at meeting 2 and again at meeting 3 when the minutes say the negotiations go on; renegotiate at
        meeting 4 and a new agreement at meeting 3 next year), the later one replaces the earlier, and its reason
        says so. Was: an item for each, twice on the agenda, moved and signed as one (a deviation is keyed by
        action, agreement and meeting 3). An earlier decision already carried out, signed before the later one was
        taken, is not replaced: its item stands, signed (as settle() finds it), beside the later one's."""
        global _signing_kept
        found: dict[int, list[tuple[Agreement, Decision, str, str, str]]] = defaultdict(list)
        # The years whose signing items are made (run: signing_items); a decision of the year after aims at no meeting
        # 3 of those years, and replaces only one whose item lies outside the plan.
        first, last = self.first_year, self.last_year
        # An agreement's entries are those the last plan made for it when it is the same agreement with the same
        # Lifetime (lifetimes() gives the one kept while its agreement, signings and terminations are unchanged) and
        # the same decisions, and the plan has the same years, meetings, governments, deviations (the reviews moved:
        # government_review_decided_at) and setting resign_on_every_continue: what the loop below would make again.
        # (After a decision, all agreements but the one decided on.)
        register = self.register
        made_for = (register.meetings, register.governments, register.deviations)
        same_for = (first, last, self.settings.resign_on_every_continue)
        kept = _kept_if(_signing_kept, same_for, made_for)
        made: dict[str, tuple[Agreement, Lifetime, tuple[Decision, ...], list[tuple[Agreement, Decision, str, str, str]]]] = {}
        decided_for, decisions_of, lifetimes = self.signing_decided_for, self.decisions_of, self.lifetimes
        for a in self.agreements:
            key = a.key
            if key not in decided_for:
                continue  # most agreements, in a plan of a few years
            decisions = decisions_of[key]  # (a tuple: _decided)
            life = lifetimes[key]
            entry = kept.get(key)
            if entry is None or entry[0] is not a or entry[1] is not life or entry[2] != decisions:
                entry = (a, life, decisions, self._signing_decisions_of(a, decisions, first, last))
            made[key] = entry
            for made_one in entry[3]:
                found[made_one[1].meeting.year].append(made_one)
        _signing_kept = _to_keep(same_for, made_for, made)
        return found

    def _signing_decisions_of(self, a: Agreement, decisions: list[Decision], first: int,
                              last: int) -> list[tuple[Agreement, Decision, str, str, str]]:
        """The agreement's entries of _latest_signing_decisions (its `decisions`, by meeting, of the years `first` to
        `last`), in the order the decisions were taken."""
        found = []
        latest: dict[int, tuple[Decision, str, str, str, list[Decision]]] = {}  # meeting 3's year: the latest decision aimed at it
        done: list[tuple[Decision, str, str, str, list[Decision]]] = []  # carried out before a later one aimed there too
        for d in decisions:
            if d.decision not in SIGNING_DECISIONS or not first <= d.meeting.year <= last:
                continue
            made = self._signing_of(a, d)
            if made is None:
                continue
            target = d.meeting.year if d.meeting.number <= 3 else d.meeting.year + 1
            replaced: list[Decision] = []
            if target in latest:
                earlier = latest[target]
                if self._signed_between(a, earlier[0], d):
                    done.append(earlier)
                else:
                    replaced = [*earlier[4], earlier[0]]
            latest[target] = (d, *made, replaced)
        # In the order the decisions were taken: the same whichever years are planned (a decision of a year
        # outside the plan may have set one aside as done, or not), so that two items on one meeting keep theirs.
        for d, action, rule, reason, replaced in sorted((*done, *latest.values()), key=lambda made: _meeting_order(made[0])):
            if replaced:
                earlier_ones = [f"«{DECISION_NB[e.decision]}» på {self.cal.slot(e.meeting.year, e.meeting.number).label}"
                                for e in replaced]
                reason += f" Erstatter {'vedtaket' if len(earlier_ones) == 1 else 'vedtakene'} {listed(earlier_ones)}."
            found.append((a, d, action, rule, reason))
        return found

    def _signed_between(self, a: Agreement, earlier: Decision, later: Decision) -> bool:
        """Whether the agreement was signed on or after the earlier decision's meeting and before the later one's: a
        signing, or the register's signed date (as settle() counts them)."""
        start = self.cal.slot(earlier.meeting.year, earlier.meeting.number).date
        end = self.cal.slot(later.meeting.year, later.meeting.number).date
        signed = a.signed_date
        return (any(start <= s.date < end for s in self.lifetimes[a.key].signings)
                or (signed is not None and start <= signed < end))

    def _signing_of(self, a: Agreement, d: Decision) -> tuple[str, str, str] | None:
        """The sign or re-sign item a decision asks for (M3-SIGN, M3-RESIGN): its action, rule and reason; None for a
        decision that asks for no signing (a continue without a government change, an expiry or the setting)."""
        if d.decision not in SIGNING_DECISIONS:
            return None
        year = d.meeting.year
        target = year if d.meeting.number <= 3 else year + 1
        decided = self.cal.slot(year, d.meeting.number)
        m3 = self.cal.slot(target, 3)
        action = SIGNING_DECISIONS[d.decision]
        if action == "sign":
            what = "Ny avtale" if d.decision == "new" else "Reforhandlet avtale"
            return action, "M3-SIGN", f"{what} vedtatt på {decided.label}: undertegnes på {m3.label}."
        ends = self.lifetimes[a.key].end_before(decided.date)
        government = self.government_review_decided_at(a.key, d.meeting)
        if government is not None:
            why = f"videreført etter regjeringsskiftet {format_date(government.took_office)}"
        elif ends is not None and ends < decided.date:  # ran out before the decision: said as what it is
            why = f"avtalen utløp {format_date(ends)}, før vedtaket (fornyelse)"
        elif ends is not None and ends < self.cal.slot(year + 1, 2).date:
            why = f"avtalen utløper {format_date(ends)}, før 2. møte {year + 1} (fornyelse)"
        elif self.settings.resign_on_every_continue:
            why = "innstillingen «undertegn på nytt ved hver videreføring» er på"
        else:
            return None
        return action, "M3-RESIGN", f"Videreført på {decided.label}; {why}: undertegnes på nytt på {m3.label}."

    def settle(self, item: _Signable, decided: MeetingSlot, deadline: MeetingSlot, m3: MeetingSlot, m4: MeetingSlot) -> None:
        """M4-FALLBACK: a signing settles the item where it was signed; unsigned by meeting 3 it moves to meeting 4.

        An item the user moved (DEVIATION: from meeting 3, or from meeting 4 where the fallback put it) stays where
        the user put it and is judged there: a signing up to the next year's meeting 2 after that place settles it,
        and it is overdue only once that place has passed unsigned."""
        key = item.agreement.key
        at_3 = self.decision_at.get((key, m3.year, m3.number))
        postponed = at_3 is not None and at_3.decision == "postpone"
        falls_back = m3.date < self.as_of or postponed
        moved = None
        if key in self.moved_agreements:
            moved = self.deviations.get((item.action, key, m3.ref))
            if moved is None and falls_back:  # moved by the user from meeting 4, where the fallback put it
                moved = self.deviations.get((item.action, key, m4.ref))
        if moved is not None:
            item.moved = moved
            place = self.cal.slot(moved.to_meeting.year, moved.to_meeting.number) if moved.to_meeting else None
            due = place.date if place else moved.to_date
            deadline = max(deadline, self.cal.slot(due.year + 1, 2), key=lambda slot: slot.date)
        signings = self.lifetimes[key].signings
        signed = item.agreement.signed_date
        signing = None
        if moved is not None and due < decided.date:
            # Moved to where it was signed before the decision was minuted (the NAV agreement, April 2006): a signing
            # on that very day (or recorded at that meeting), or the register's signed date if it is that day,
            # settles it; no other from before the decision (it may be the version's the decision replaces).
            signing = next((s for s in signings if s.date == due or (place is not None and s.meeting == place.ref)), None)
            if signing is None and signed == due:
                signing = Signing(key, signed)
        if signing is None:
            signing = next((s for s in signings if decided.date <= s.date < deadline.date), None)
        if signing is None and signed is not None and decided.date <= signed < deadline.date:
            # No signing recorded, but the register's "Undertegnet" says it was signed in time: it is a signing
            # of the agreement as much as one recorded in meeting mode (and the register counts it in force).
            signing = Signing(key, signed)
        if signing is not None:
            item.signing = signing
            if signing.meeting is not None:
                slot = self.cal.slot(signing.meeting.year, signing.meeting.number)
                item.dated = None
            else:
                slot = self.cal.first_of_2_to_4_on_or_after(m3.year, signing.date) or m4
            item.slot = slot
            item.flags = self.flags_for(slot) | {"signed"}
            if slot.date > m3.date and (moved is None or (postponed and moved.from_meeting == m4.ref)):
                # Not signed at meeting 3 (postponed there, or it passed without a signing): the item went on to
                # meeting 4 (M4-FALLBACK, «ikke inngått på det 3. møtet, inngås på det 4. møtet»); signed there or
                # later, it keeps that rule and flag, and the signing adds its own. Was: M3-SIGN on meeting 4,
                # unless a postponement was minuted.
                item.rule = "M4-FALLBACK"
                item.flags.add("postponed")
                why = "utsatt på 3. møte" if postponed else f"ikke undertegnet på {m3.label}"
                item.tell(m3.date, f"{why.capitalize()}: flyttet til 4. møte.")
            item.tell(signing.date, f"Undertegnet {format_date(signing.date)}.")
            return
        # Terminated after the decision, by the meeting that was to sign it: nothing is to be signed (was: moved on to
        # meeting 4 and then overdue, the agreement reviewed again next year after it had ended).
        if moved is None and self._terminated(item, decided, m3.date):
            return
        if falls_back and (moved is None or moved.from_meeting == m4.ref):
            item.slot = m4
            item.rule = "M4-FALLBACK"
            item.flags = self.flags_for(m4) | {"postponed"}
            why = "utsatt på 3. møte" if postponed else f"ikke undertegnet på {m3.label}"
            item.tell(m3.date, f"{why.capitalize()}: flyttet til 4. møte.")
        if (moved is not None or falls_back) and self._terminated(item, decided, due if moved is not None else m4.date):
            return
        if moved is not None:
            if due < self.as_of:
                # The parties decide again at the first meeting 2 after both the decision and the missed place.
                after = max(due, decided.date)
                again = after.year if after < self.cal.slot(after.year, 2).date else after.year + 1
                item.flags.add("overdue")
                item.missed = place.label if place else format_date(due)
                item.tell(due, f"Ikke undertegnet innen {item.missed}: partene tar stilling på nytt på 2. møte {again}.")
                item.late_review = (key, again)
        elif falls_back and m4.date < self.as_of:
            item.flags.add("overdue")
            item.tell(m4.date, f"Ikke undertegnet innen {m4.label}: partene tar stilling på nytt på 2. møte {m4.year + 1}.")
            item.late_review = (key, m4.year + 1)

    def _terminated(self, item: _Signable, decided: MeetingSlot, until: dt.date) -> bool:
        """Whether the agreement was terminated (rule TERMINATE) at a meeting after `decided`, where its signing was
        decided, and by `until`, where it was to be signed; if so, the item says so."""
        for d in self.decisions_of.get(item.agreement.key, ()):
            if d.decision == "terminate":
                slot = self.cal.slot(d.meeting.year, d.meeting.number)
                if decided.date < slot.date <= until:
                    item.tell(slot.date, f"Avtalen ble sagt opp på {slot.label}: den undertegnes ikke.")
                    return True
        return False

    def meeting_3(self, year: int) -> None:
        slot = self.cal.slot(year, 3)
        ref = slot.ref
        status = f"Status for og evaluering av avtalen på {slot.label} (årlig)."
        # The status item of an agreement nobody moved an item of, at a meeting of the plan's years, is made of the
        # agreement and the meeting alone (add() places it as made): the one the last plan made is given again while
        # both are the same objects (the Calendar's slot of the same meetings tuple). Those made or given again here
        # are what the next plan finds.
        kept_for = self.status_kept.get(year)
        kept = kept_for[1] if kept_for is not None and kept_for[0] is slot else {}
        made: dict[str, tuple[Agreement, PlanItem]] = {}
        self.statuses[year] = (slot, made)
        placed = self.in_range(year)
        moved, items, dealt_with = self.moved_agreements, self.items, self.dealt_with
        for a in self.in_force_at[year][1]:
            key = a.key
            if placed and key not in moved:
                entry = kept.get(key)
                if entry is not None and entry[0] is a:
                    made[key] = entry
                    dealt_with.add(key)
                    items.append(entry[1])
                    continue
            flags = self.flags_for(slot)
            reason = status
            if not a.has_evaluation_clause:
                flags.add("no-evaluation-clause")
                reason += " Avtalen sier ikke at den skal evalueres."
            self.add(slot, "status", a, "M3-STATUS", reason, flags, origin=ref)
            if placed and key not in moved:
                made[key] = (a, items[-1])

    def meeting_4(self, year: int) -> None:
        slot = self.cal.slot(year, 4)
        in_force = self.in_force_at[year][2]  # (in the order of the titles)
        if self.in_range(year):
            self.dealt_with.update(a.key for a in in_force)
        self.add(
            slot,
            "overview",
            None,
            "M4-OVERVIEW",
            _overview_reason(len(in_force), slot.date),
            self.flags_for(slot),
            listed=tuple(a.key for a in in_force),
        )

    def meeting_1_warnings(self, year: int) -> None:
        """M1-NONE: nothing is placed at meeting 1; a decision or signing recorded there is warned about. That alone
        does not make the plan deal with the agreement: its other warnings need an item or a meeting 4 in force."""
        ref = MeetingRef(year, 1)
        recorded = self.at_meeting_1.get(year)
        if not recorded:
            return
        for a in self.agreements:
            if a.key not in recorded:
                continue
            if (a.key, year, 1) in self.decision_at:
                self.warn(a.key, "m1-agreement", f"«{a.title}»: vedtak registrert på 1. møte {year}, som gjelder budsjettrammen for neste år.")
            for s in self.lifetimes[a.key].signings:
                if s.meeting == ref:
                    self.warn(a.key, "m1-agreement", f"«{a.title}»: undertegning registrert på 1. møte {year}, som gjelder budsjettrammen.")

    def meeting_date_warnings(self, year: int) -> None:
        for number in (1, 2, 3, 4):
            slot = self.cal.slot(year, number)
            if slot.provisional:
                continue
            if is_weekend(slot.date):
                self.warn(None, "meeting-weekend", f"{number}. møte {year} er lagt til en {WEEKDAYS_NB[slot.date.weekday()]} ({format_date(slot.date)}).", slot.ref)
            holiday = holiday_name(slot.date)
            if holiday:
                self.warn(None, "meeting-holiday", f"{number}. møte {year} er lagt til {holiday} ({format_date(slot.date)}).", slot.ref)

    def open_ended_termination(self, agreement: Agreement) -> MeetingRef | None:
        """The meeting of the termination that ends the version of the agreement these years deal with, decided by
        the end of one of them (the latest such): none once the agreement was signed again after it."""
        life = self.lifetimes[agreement.key]
        found = None
        for year in range(self.from_year, self.to_year + 1):
            day = dt.date(year, 12, 31)
            ending = life.ending_termination(day)
            if ending is not None and ending.decided <= day:
                found = ending
        return found.meeting if found is not None else None

    def agreement_rules(self) -> None:
        """TERMINATE and TERM-LIMIT, for the agreements this plan deals with.

        Each agreement's warnings are those the last plan gave it when it is the same agreement with the same
        Lifetime (the same objects: lifetimes() gives the one kept while nothing of the agreement changed), and the
        plan has the same years, first election year and tuple of meetings (whose dates a termination's warning
        reads): what _agreement_warnings would make again."""
        global _rules_kept
        meetings = self.register.meetings
        made_for = (self.settings.first_election_year, self.from_year, self.to_year)
        kept = _kept_if(_rules_kept, made_for, (meetings,))
        found: dict[str, tuple[Agreement, Lifetime, list[PlanWarning]]] = {}
        dealt_with, lifetimes, give = self.dealt_with, self.lifetimes, self.give
        for a in self.agreements:
            key = a.key
            if key not in dealt_with:
                continue
            life = lifetimes[key]
            entry = kept.get(key)
            if entry is None or entry[0] is not a or entry[1] is not life:
                entry = (a, life, [PlanWarning(key, code, message) for code, message in self._agreement_warnings(a, life)])
            found[key] = entry
            for warning in entry[2]:
                give(warning)
        _rules_kept = _to_keep(made_for, (meetings,), found)

    def _agreement_warnings(self, a: Agreement, life: Lifetime) -> list[tuple[str, str]]:
        """The warnings of rules TERMINATE and TERM-LIMIT about the agreement (its Lifetime `life`), in order: (code,
        message)."""
        out = []
        meeting = self.open_ended_termination(a) if a.notice_months is None else None
        if meeting is not None:  # no termination date: rule TERMINATE cannot end it
            notice = f"oppsigelsestid i måneder{' («' + a.notice_text + '»)' if a.notice_text else ''}"
            # Once the user has set the end date the termination asks for, it stands: the warning asks for a
            # check of that date, no longer for one to be set.
            own = life.end_set_for(self.cal.date(meeting))
            if own is None:
                message = f"«{a.title}» er sagt opp på {meeting}, men avtalen har ingen {notice}: sluttdatoen må settes i registeret."
            else:
                message = (f"«{a.title}» er sagt opp på {meeting}. Avtalen har ingen {notice} og gjelder til og med "
                           f"sin egen sluttdato {format_date(own)}: kontroller at den er riktig.")
            out.append(("notice-unspecified", message))
        if life.end_before(None) is None:
            if a.duration_months:
                out.append(("no-end-date", f"«{a.title}» varer {a.duration_months} {'måned' if a.duration_months == 1 else 'måneder'}, men har verken start- eller "
                                           "undertegningsdato å regne sluttdatoen fra."))
            else:
                out.append(("no-end-date", f"«{a.title}» har verken sluttdato eller varighet."))
            return out
        over = beyond_term(life, self.settings.first_election_year)
        if over is not None:
            end, first, last = over
            if a.term_exception:
                out.append(("beyond-term-accepted",
                            f"«{a.title}» varer til {format_date(end)}, forbi stortingsperioden {first.year}–{last.year} "
                            f"som den ble undertegnet i (slutter {format_date(last)}); unntak registrert: {a.term_exception}"))
            else:
                out.append(("beyond-term",
                            f"«{a.title}» varer til {format_date(end)}, forbi stortingsperioden {first.year}–{last.year} "
                            f"som den ble undertegnet i (slutter {format_date(last)})."))
        return out


def _kept_if(last: tuple | None, equal: object, same: tuple) -> dict:
    """What a cache below kept for the last plan (`last`: (equal, same, kept), _to_keep), when it was kept for an equal
    `equal` (years, a setting, the as-of date) and for the very objects `same` (the register's tuples of records);
    {} otherwise."""
    if last is not None and last[0] == equal and all(map(is_, last[1], same)):
        return last[2]
    return {}


def _to_keep(equal: object, same: tuple, kept: dict) -> tuple | None:
    """What a cache keeps for the next plan (_kept_if); nothing when a part of `same` is not a tuple (a list could
    change under it)."""
    return (equal, same, kept) if all(type(part) is tuple for part in same) else None


# The warnings agreement_rules gave in the last plan: ((first election year, first and last year of the plan), (the
# register's tuple of meetings,), {agreement key: (agreement, Lifetime, [PlanWarning, …])}). One plan's worth.
_rules_kept: tuple[tuple[int, int, int], tuple[tuple], dict[str, tuple[Agreement, Lifetime, list[PlanWarning]]]] | None = None


# The entries _latest_signing_decisions made in the last plan: ((first and last year planned, resign_on_every_continue),
# (the register's meetings, governments and deviations), {agreement key: (agreement, Lifetime, its decisions,
# [(agreement, decision, action, rule, reason), …])}). One plan's worth.
_signing_kept: tuple[tuple[int, int, bool], tuple[tuple, tuple, tuple], dict[str, tuple]] | None = None


# The status items meeting_3 made or gave again in the last plan: {year: (its meeting 3's slot, {agreement key:
# (agreement, item)})}, for the years of that plan only (each plan starts a new one: _Planner.__init__).
_status_kept: dict[int, tuple[MeetingSlot, dict[str, tuple[Agreement, PlanItem]]]] = {}


# The signing items signing_items settled in the last plan: (as-of date, (the register's meetings, deviations),
# {id of the entry of _latest_signing_decisions: (that entry, its settled _Signable)}). One plan's worth.
_settled_kept: tuple[dt.date, tuple[tuple, tuple], dict[int, tuple[tuple, _Signable]]] | None = None


# The reviews meeting_2 made or gave again in the last plan: (as-of date, (the register's meetings, governments,
# deviations), {year: (its meeting 2's slot, {agreement key: (agreement, Lifetime, the signing item left unsigned for
# it or None, its decisions, the review, [its PlanWarnings])})}). One plan's worth.
_reviews_kept: tuple[dt.date, tuple[tuple, tuple, tuple], dict[int, tuple[MeetingSlot, dict[str, tuple]]]] | None = None


# The days of the meetings the last plan asked the agreements' Lifetimes about (_in_force_at): those of meetings 2, 3
# and 4 of each year. A plan of the same days asks with this very tuple, for which each Lifetime kept from that plan
# remembers its answers (Lifetime.days_in_force). One plan's worth.
_days_kept: tuple[dt.date, ...] | None = None


# Each set of flags the plans have given, once: a plan of 4,000 agreements over twenty years has some 27,000 items
# and a few dozen different sets of flags (a frozenset each was 200 bytes, a third of the plan's memory).
_flag_sets: dict[frozenset[str], frozenset[str]] = {}


def _told(reason: str, told, before: dt.date | None = None) -> str:
    """`reason` with what settle() told of the item (sentences by day), those of days before `before` if given."""
    return reason + "".join(f" {sentence}" for day, sentence in told if before is None or day < before)


def _one_review_per_meeting(items: list[PlanItem]) -> list[PlanItem]:
    """One review item per agreement and meeting (or day): a review the user moved onto a meeting where the
    agreement has another (its own yearly review, or one moved there from another year) is one case on that
    meeting's agenda, decided once. The moved one leads (rule DEVIATION, its origin, so that it can be moved back);
    the flags are the union, the reason tells both, and `merged_origins` keeps where the rules put the others (a
    move of the case moves them all)."""
    merged: dict[tuple, PlanItem] = {}
    others: list[PlanItem] = []
    for item in items:
        if item.action != "review":
            others.append(item)
            continue
        where = (item.agreement, item.year, item.meeting, item.meeting_date)
        held = merged.get(where)
        if held is None:
            merged[where] = item
            continue
        lead, other = sorted((held, item), key=lambda i: ("deviation" not in i.flags, i.origin))
        also = " Saken omfatter også: "
        merged[where] = replace(
            lead,
            flags=lead.flags | other.flags,
            merged_origins=tuple(sorted({*lead.merged_origins, *other.merged_origins, other.origin} - {None, lead.origin})),
            reason=f"{lead.reason}{also}{other.reason}",
            arrival_reason=None if lead.arrival_reason is None and other.arrival_reason is None else
            f"{lead.arrival_reason or lead.reason}{also}{other.arrival_reason or other.reason}",
        )
    return others + list(merged.values())


def _flag_set(flags: set[str]) -> frozenset[str]:
    made = frozenset(flags)
    return _flag_sets.setdefault(made, made) if len(_flag_sets) < 4096 else made


# What _decided worked out of the last plan's decisions: (the register's tuple of decisions, of agreements, (first and
# last year planned), and its four answers). One plan's worth.
_decided_kept: tuple | None = None


def _decided(all_decisions: tuple[Decision, ...], agreements: tuple[Agreement, ...], by_key: dict[str, Agreement], first: int,
             last: int) -> tuple[dict[str, tuple[Decision, ...]], dict[tuple[str, int, int], Decision], set[str], dict[int, frozenset[str]]]:
    """The planned agreements' (`by_key`, of `agreements`) decisions by meeting, and by (agreement, year, number); the
    planned agreements with a sign, re-sign or new decision in the years `first` to `last`; and each year's agreements
    with a decision at meeting 1 (see _Planner.__init__). The planner only reads them.

    A register with a decision recorded is the last one's with one added at the end (changes.put): when the last
    plan's tuple of decisions begins this one's (the same objects) and the plan has the same agreements and years,
    the answers are the last plan's with those of the decisions added (their agreements' decisions sorted again).
    Each agreement's decisions are a tuple, the same one while it is given no new decision."""
    global _decided_kept
    kept = _decided_kept
    if (kept is not None and kept[1] is agreements and kept[2] == (first, last) and len(all_decisions) >= len(kept[0])
            and all(map(is_, kept[0], all_decisions))):  # (map stops at the shorter: the last tuple, all of it the same)
        by_agreement, decision_at, signing_for, at_1 = dict(kept[3]), dict(kept[4]), set(kept[5]), dict(kept[6])
        added = all_decisions[len(kept[0]):]
    else:
        by_agreement, decision_at, signing_for, at_1 = {}, {}, set(), {}
        added = all_decisions
    grown: dict[str, list[Decision]] = {}
    for d in added:  # (one pass for all four)
        key, meeting = d.agreement, d.meeting
        if key in by_key:
            ds = grown.get(key)
            if ds is None:
                ds = grown[key] = list(by_agreement.get(key, ()))
            ds.append(d)
            decision_at[(key, meeting.year, meeting.number)] = d
            if d.decision in SIGNING_DECISIONS and first <= meeting.year <= last:
                signing_for.add(key)
        if meeting is not None and meeting.number == 1:
            at_1[meeting.year] = at_1.get(meeting.year, frozenset()) | {key}
    for key, ds in grown.items():  # (in the order first decided: a new agreement's key comes last, as in one pass)
        if len(ds) > 1:
            ds.sort(key=_meeting_order)  # stable: those of one meeting in the register's order
        by_agreement[key] = tuple(ds)
    if type(all_decisions) is tuple and type(agreements) is tuple:
        _decided_kept = (all_decisions, agreements, (first, last), by_agreement, decision_at, signing_for, at_1)
    return by_agreement, decision_at, signing_for, at_1


# The planned agreements of the last plan, by the register's tuple of agreements (immutable, of frozen records): a
# plan after a decision, a signing or a move has the same tuple, and the same planned agreements and titles' order.
_last_planned: tuple[tuple[Agreement, ...], list[Agreement], dict[str, Agreement], dict[str, str], list[int], list[Agreement],
                     dict[str, int]] | None = None


def _planned(agreements: tuple[Agreement, ...]) -> tuple[list[Agreement], dict[str, Agreement], dict[str, str], list[int], list[Agreement],
                                                         dict[str, int]]:
    """The planned agreements (in the register's order), by key, each one's title sort key (_title_order), each
    one's position in the order of (title sort key, key) (aligned with the planned agreements), the planned
    agreements in that order, and each key's position in the order of (title sort key, key) of the keys (what
    _Planner.in_order compares). The planner only reads them."""
    global _last_planned
    last = _last_planned
    if last is not None and last[0] is agreements:
        return last[1:]  # type: ignore[return-value]
    planned = [a for a in agreements if a.is_planned]
    by_key = {a.key: a for a in planned}
    order = _title_order(planned)
    # (Stable: of two with the same title and key, the earlier in the register comes first, as in a sort of any of them.)
    in_order = sorted(range(len(planned)), key=lambda i: (order[planned[i].key], planned[i].key))
    ranks = [0] * len(planned)
    rank_by_key: dict[str, int] = {}
    for rank, i in enumerate(in_order):
        ranks[i] = rank
        rank_by_key.setdefault(planned[i].key, len(rank_by_key))  # (one rank a key: the records of a key lie together)
    by_title = [planned[i] for i in in_order]
    if type(agreements) is tuple:
        _last_planned = (agreements, planned, by_key, order, ranks, by_title, rank_by_key)
    return planned, by_key, order, ranks, by_title, rank_by_key


# The sort keys of the titles the last plan had (a plan after a change has nearly all the same titles): only those of
# the last plan are kept, so the cache is one register's worth at most.
_title_keys: dict[str, str] = {}


def forget_kept() -> None:
    """Keep nothing of the registers planned so far: the plans' planned agreements, titles' order, items and warnings,
    the Lifetimes and the Calendars they were made with, and the agenda lines made of their items. What is kept is always checked against the register asked of,
    so this changes no plan: the tests plan with nothing kept this way, to hold a plan made with what was kept to
    the plan made from nothing. (Another register planned replaces what was kept: one plan's worth at most for each
    of the last _SPANS_KEPT spans of years planned.)
    The caches of pure functions of a text or a date (format_date, an agenda's default titles, the flag sets) stay:
    their answers do not depend on any register."""
    global _rules_kept, _last_planned, _title_keys, _signing_kept, _status_kept, _settled_kept, _reviews_kept, _decided_kept, _kept_by_span
    global _days_kept
    _rules_kept, _last_planned, _title_keys, _signing_kept, _status_kept, _settled_kept, _reviews_kept, _decided_kept = (
        None, None, {}, None, {}, None, None, None)
    _days_kept = None
    _kept_by_span = {}
    lifecycle_forget_kept()
    meetings_forget_kept()
    for forget in _FORGET_TOO:
        forget()


# What the modules above the planner keep of its plans (the agenda's lines), forgotten with the planner's own
# (forget_kept): each such module hands its forget_kept here when it is imported, as the planner imports none of them.
_FORGET_TOO: list[Callable[[], None]] = []


def forget_too(forget: Callable[[], None]) -> None:
    """Have forget_kept call `forget` too (a module that keeps something of the plans it is given)."""
    _FORGET_TOO.append(forget)


def title_key(title: str) -> str:
    """A title's sort key (`norwegian_key`), as the last plan worked it out for its agreements' titles."""
    key = _title_keys.get(title)
    return norwegian_key(title) if key is None else key


def _title_order(agreements: list[Agreement]) -> dict[str, str]:
    """Each agreement's sort key (`norwegian_key` of its title), by agreement key."""
    global _title_keys
    kept, found = _title_keys, {}
    order = {}
    for a in agreements:
        title = a.title
        key = kept.get(title)
        if key is None:
            key = norwegian_key(title)
        found[title] = key
        order[a.key] = key
    _title_keys = found
    return order


def plan(register: Register, from_year: int, to_year: int | None = None, as_of: dt.date | None = None) -> Plan:
    """Place every agreement action of the years `from_year`..`to_year` on its meeting."""
    to_year = from_year if to_year is None else to_year
    if to_year < from_year:
        raise ValueError("to_year is before from_year")
    span = (from_year, to_year)
    _take_kept(span)
    try:
        return _Planner(register, from_year, to_year, as_of or dt.date.today()).run()
    finally:
        _put_kept(span)


# What the last plans of a few spans of years kept (the seven caches above, each one plan's worth), by (from_year,
# to_year): a plan starts from what the last plan of its span kept. Dagsorden's agenda_plan plans a year and, when a
# signing item of that year may have moved on into the next (agenda._moves_on), the year and the next: with one
# plan's worth kept, each of the two found the other's, and a re-plan after a decision missed nearly all of it. So
# do the printed agenda, meeting mode and the command line, each with a span of its own. Each cache checks what it
# keeps against the register, years and date asked of, so which plan's a plan starts from changes no plan.
_SPANS_KEPT = 4
_kept_by_span: dict[tuple[int, int], tuple] = {}


def _take_kept(span: tuple[int, int]) -> None:
    """Start from what the last plan of `span` kept; a span not planned lately starts from the last plan's."""
    global _rules_kept, _signing_kept, _status_kept, _settled_kept, _reviews_kept, _decided_kept, _days_kept
    kept = _kept_by_span.get(span)
    if kept is not None:
        _rules_kept, _signing_kept, _status_kept, _settled_kept, _reviews_kept, _decided_kept, _days_kept = kept


def _put_kept(span: tuple[int, int]) -> None:
    """Keep what the plan of `span` kept, for the next plan of that span: the last _SPANS_KEPT spans."""
    kept = _kept_by_span
    kept.pop(span, None)
    kept[span] = (_rules_kept, _signing_kept, _status_kept, _settled_kept, _reviews_kept, _decided_kept, _days_kept)
    while len(kept) > _SPANS_KEPT:
        del kept[next(iter(kept))]


def overview_years(register: Register, year: int) -> tuple[int, int]:
    """The years a plan must cover to hold the overview item of `year` (M4-OVERVIEW): that year, and the one the user
    moved the item to (DEVIATION), say meeting 1 of the next year when meeting 4 was cancelled."""
    for d in register.deviations:
        if d.action == "overview" and d.from_meeting == MeetingRef(year, 4):
            return min(year, d.to_year), max(year, d.to_year)
    return year, year


# -- output ---------------------------------------------------------------------------------------------------


def item_to_json(item: PlanItem) -> dict:
    out = {
        "year": item.year,
        "meeting": item.meeting,
        "meeting_date": item.meeting_date.isoformat(),
        "action": item.action,
        "agreement": item.agreement,
        "rule": item.rule,
        "reason": item.reason,
        "flags": sorted(item.flags),
    }
    if item.agreements is not None:
        out["agreements"] = list(item.agreements)
    return out


def _said(agreement: str | None, code: str, message: str) -> tuple:
    """What a plan gives a warning once for: about an agreement, its code; otherwise its message too."""
    return (agreement, code, "" if agreement else message)


def warning_to_json(w) -> dict:
    """A warning as the JSON contract writes it: a plan's, or a model-agreement check's (same fields)."""
    return {"agreement": w.agreement, "code": w.code, "message": w.message}


def plan_to_json(p: Plan) -> dict:
    return {"items": [item_to_json(i) for i in p.items], "warnings": [warning_to_json(w) for w in p.warnings]}


def plan_to_text(p: Plan) -> str:
    def under(text: str, indent: int) -> str:
        """The user's free text (a deviation's reason, a term exception in a warning) kept under its column: every
        line of it indented as the first, tabs expanded; a line break in it went on at column 0, a tab anywhere."""
        return ("\n" + " " * indent).join(line.expandtabs() for line in text.splitlines() or [""])

    lines = []
    current = None
    for item in p.items:
        where = (item.year, item.meeting, item.meeting_date)
        if where != current:
            current = where
            head = f"{item.meeting}. møte {item.year}" if item.meeting else f"Utenom møtene {item.year}"
            lines.append("")
            lines.append(f"{head} — {format_date(item.meeting_date)}")
        flags = f" [{', '.join(sorted(item.flags))}]" if item.flags else ""
        who = item.agreement or ""
        if item.agreements is not None:
            count = len(item.agreements)
            who = f"{count} {'avtale' if count == 1 else 'avtaler'}"
        lines.append(f"  {item.action:<9} {who:<24} {item.rule:<12}{flags}")
        lines.append(" " * 12 + under(item.reason, 12))
    if p.warnings:
        lines.append("")
        lines.append("Advarsler:")
        for w in p.warnings:
            head = f"  {w.code:<22} {w.agreement or '-':<24} "
            lines.append(head + under(w.message, len(head)))
    return "\n".join(lines).lstrip("\n") + "\n"


# A decision's place in time: its meeting's year and number (MeetingRef's order, without its comparisons; as a sort
# key without a Python call).
_meeting_order = attrgetter("meeting.year", "meeting.number")


def _not_begun(begins: dt.date | None, day: dt.date) -> bool:
    """Whether an agreement that begins on `begins` (Lifetime.begins) was not yet signed or started on `day`."""
    return begins is None or begins > day


def _scope_reason(in_force: int, proposed: int, day: dt.date) -> str:
    """Why the scope item is there, with the numbers it is about (rule 14: the count of agreements in force)."""
    out = "Samlet omfang av samarbeidsavtaler: antall avtaler og hvilke nye områder som skal åpnes (årlig på 2. møte)."
    if in_force == 0:
        out += f" Ingen samarbeidsavtaler er i kraft {format_date(day)}."
    else:
        out += f" {in_force} samarbeidsavtale{'' if in_force == 1 else 'r'} er i kraft {format_date(day)}."
    if proposed:
        out += f" I tillegg er {proposed} {'ny avtale' if proposed == 1 else 'nye avtaler'} foreslått, men ennå ikke inngått."
    return out


def _overview_reason(count: int, day: dt.date) -> str:
    """Why the overview item is there, with the number of agreements it lists in plain Norwegian."""
    if count == 0:
        return f"Oversikt til Fellesdokumentet: ingen samarbeidsavtaler er i kraft {format_date(day)}."
    which = "den ene samarbeidsavtalen" if count == 1 else f"de {count} samarbeidsavtalene"
    return f"Oversikt til Fellesdokumentet over {which} som er i kraft {format_date(day)}."
