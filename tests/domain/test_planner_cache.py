"""Domain tests of what the planner keeps from one plan to the next (the agreements' Lifetimes and title sort keys):
a plan made with them kept is the plan made from nothing, after any change; an agreement whose record, signings and
terminations are unchanged is not worked out again; and what is kept is one register's worth, not more."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from konsultasjon_app.domain import agenda, lifecycle, meetings, planner
from konsultasjon_app.domain.agenda import year_agenda
from konsultasjon_app.domain.lifecycle import lifetimes
from konsultasjon_app.domain.model import AgendaEntry, Decision, Deviation, Government, Meeting, MeetingRef, Register, Settings, Signing
from konsultasjon_app.domain.planner import plan
from tests.domain.test_planner import (
    ACTIONS,
    AGREEMENT_FIELDS,
    FIRST_YEAR,
    LAST_YEAR,
    PROPERTY_SETTINGS,
    agreement,
    d,
    decision,
    make_agreement,
    register,
    scenarios,
    signing,
    with_agreement,
)


# The domain modules that keep something of a register from one call to the next (module-level names rebound by a
# function: `global`), and what each keeps. A module that starts to keep something must say how it forgets it
# (forget_kept), or a plan "made from nothing" below would not be. (The caches of pure functions of a text or a date,
# filled in place, are not of a register: see planner.forget_kept.)
DOMAIN = Path(planner.__file__).parent


def kept_names(source: Path) -> set[str]:
    return {name for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))) if isinstance(node, ast.Global) for name in node.names}


KEEPING = {module: kept_names(Path(module.__file__)) for module in (planner, lifecycle, meetings, agenda)}


def cold_plan(reg: Register, from_year: int, to_year: int, as_of: dt.date):
    """The plan made with nothing kept from earlier plans (each module's forget_kept); what was kept is put back
    afterwards, so that the next plan finds it as it would have."""
    kept = {(module, name): getattr(module, name) for module, names in KEEPING.items() for name in names}
    planner.forget_kept()
    try:
        return plan(reg, from_year, to_year, as_of)
    finally:
        for (module, name), value in kept.items():
            setattr(module, name, value)


def test_every_module_that_keeps_something_between_plans_forgets_it():
    """What the planner keeps between plans is what forget_kept drops: the modules named above are the only ones
    that keep anything (by rebinding a module-level name), and after forget_kept each of those names holds nothing."""
    keeping = {path.stem for path in DOMAIN.glob("*.py") if kept_names(path)}
    assert keeping == {Path(module.__file__).stem for module in KEEPING}
    reg = register(agreement("a"), agreement("b", title="Ørsta"))
    year_agenda(reg, plan(reg, 2006, 2007, d("2006-12-01")), 2006)
    assert all(getattr(module, name) for module, names in KEEPING.items() for name in names)
    planner.forget_kept()
    assert [(module.__name__, name) for module, names in KEEPING.items() for name in names if getattr(module, name)] == []


def copied(reg: Register) -> Register:
    """The register as it is read again from the database: equal records, none of them the same object."""
    return dataclasses.replace(reg, **{
        name: tuple(dataclasses.replace(r) for r in getattr(reg, name))
        for name in ("meetings", "agreements", "decisions", "signings", "deviations")
    })


def put(records: tuple, record, same) -> tuple:
    """`records` with `record` in place of the one `same` says it replaces (else added at the end)."""
    kept = tuple(r for r in records if not same(r))
    return kept + (record,) if len(kept) == len(records) else tuple(record if same(r) else r for r in records)


EDITS = ("agreement", "agreement", "title", "same-agreement", "decision", "decision", "decision-gone", "signing",
         "signing-gone", "meeting", "meeting-same-day", "deviation", "reload")
DAYS = st.integers(0, (dt.date(LAST_YEAR + 1, 12, 31) - dt.date(FIRST_YEAR - 1, 1, 1)).days)


def edit(data, reg: Register) -> Register:
    """One change, as a command makes it: the other records stay the same objects."""
    kind = data.draw(st.sampled_from(EDITS))
    keys = [a.key for a in reg.agreements]
    day = dt.date(FIRST_YEAR - 1, 1, 1) + dt.timedelta(days=data.draw(DAYS))
    year = data.draw(st.integers(FIRST_YEAR, LAST_YEAR))
    if kind == "reload":
        return copied(reg)
    if kind in ("meeting", "meeting-same-day"):
        number = data.draw(st.integers(1, 4))
        if kind == "meeting-same-day":  # two meetings of a year on one day: a termination moved between them keeps its date
            other = data.draw(st.integers(1, 4))
            day = next((m.date for m in reg.meetings if m.ref == MeetingRef(year, other)), day)
        new = Meeting(year, number, day)
        return dataclasses.replace(reg, meetings=put(reg.meetings, new, lambda m: m.ref == new.ref))
    if kind == "deviation":
        action = data.draw(st.sampled_from(ACTIONS))
        key = None if action in ("scope", "overview") or not keys else data.draw(st.sampled_from(keys))
        frm = MeetingRef(year, data.draw(st.integers(2, 4)))
        to = MeetingRef(data.draw(st.integers(FIRST_YEAR, LAST_YEAR)), data.draw(st.integers(1, 4)))
        new = Deviation(action, key, frm, to if data.draw(st.booleans()) else None, day, "Etter avtale")
        if new.to_meeting is not None:
            new = dataclasses.replace(new, to_date=None)
        same = lambda x: (x.action, x.agreement, x.from_meeting) == (action, key, frm)
        return dataclasses.replace(reg, deviations=put(reg.deviations, new, same))
    if not keys:
        return reg
    key = data.draw(st.sampled_from(keys))
    if kind == "agreement":
        return dataclasses.replace(reg, agreements=put(reg.agreements, make_agreement(key, data.draw(AGREEMENT_FIELDS)), lambda a: a.key == key))
    if kind == "title":
        return with_agreement(reg, key, title=data.draw(st.sampled_from(["Avtale om skole", "Ålesund", "Æ", "avtale om Skole"])))
    if kind == "same-agreement":
        return dataclasses.replace(reg, agreements=tuple(dataclasses.replace(a) if a.key == key else a for a in reg.agreements))
    if kind == "decision":
        ref = MeetingRef(year, data.draw(st.integers(1, 4)))
        new = Decision(key, ref, data.draw(st.sampled_from(["continue", "renegotiate", "new", "terminate", "terminate", "postpone"])))
        return dataclasses.replace(reg, decisions=put(reg.decisions, new, lambda x: (x.agreement, x.meeting) == (key, ref)))
    if kind == "decision-gone":
        mine = [x for x in reg.decisions if x.agreement == key]
        gone = data.draw(st.sampled_from(mine)) if mine else None
        return dataclasses.replace(reg, decisions=tuple(x for x in reg.decisions if x is not gone))
    if kind == "signing":
        at = data.draw(st.none() | st.integers(1, 4))
        end = data.draw(st.none() | st.integers(0, 2000))
        new = Signing(key, day, MeetingRef(day.year, at) if at else None, None if end is None else day + dt.timedelta(days=end))
        return dataclasses.replace(reg, signings=put(reg.signings, new, lambda s: (s.agreement, s.date) == (key, day)))
    mine = [s for s in reg.signings if s.agreement == key]  # signing-gone
    gone = data.draw(st.sampled_from(mine)) if mine else None
    return dataclasses.replace(reg, signings=tuple(s for s in reg.signings if s is not gone))


@PROPERTY_SETTINGS
@given(scenarios(), st.data())
def test_property_a_plan_made_after_changes_with_what_was_kept_is_the_plan_made_from_nothing(scenario, data):
    reg, from_year, to_year, as_of = scenario
    assert plan(reg, from_year, to_year, as_of) == cold_plan(reg, from_year, to_year, as_of)
    for _ in range(data.draw(st.integers(1, 6))):
        reg = edit(data, reg)
        if data.draw(st.booleans()):  # another span of years: other meeting dates asked of the Lifetimes kept
            from_year = data.draw(st.integers(FIRST_YEAR, LAST_YEAR))
            to_year = data.draw(st.integers(from_year, min(from_year + 3, LAST_YEAR)))
        assert plan(reg, from_year, to_year, as_of) == cold_plan(reg, from_year, to_year, as_of)


def test_a_plan_after_a_change_works_out_again_only_the_changed_agreements_lifetime():
    reg = register(agreement("a"), agreement("b"), signings=(signing("b", "2006-08-30", at=(2006, 3), end="2010-06-30"),),
                   decisions=(decision("a", 2006, 2, "terminate"),))
    before = lifetimes(reg)
    assert before["a"].in_force(d("2006-04-26")) and not before["a"].in_force(d("2006-10-18"))

    changed = with_agreement(reg, "a", notes="Ny merknad")
    after = lifetimes(changed)

    assert after["b"] is before["b"]
    assert after["a"] is not before["a"] and after["a"].agreement is changed.agreements[0]
    # Read again from the database (equal records, new objects): nothing to work out again.
    again = lifetimes(copied(changed))
    assert again["a"] is after["a"] and again["b"] is after["b"]


def test_a_termination_moved_to_another_meeting_on_the_same_day_names_that_meeting():
    """A termination's date is the same at either meeting of the day; the planner's message names the meeting, so
    the Lifetime kept for the one is not the one for the other."""
    no_notice = agreement("a", notice_months=None, title="Avtale om barnevern")
    same_day = Meeting(2006, 3, d("2006-04-26"), "Oslo")  # as meeting 2
    meetings = put(register().meetings, same_day, lambda m: m.ref == same_day.ref)
    reg = register(no_notice, meetings=meetings, decisions=(decision("a", 2006, 2, "terminate"),))
    warned = [w.message for w in plan(reg, 2006, 2006, d("2006-12-01")).warnings if w.code == "notice-unspecified"]
    assert warned and "2. møte 2006" in warned[0]

    moved = dataclasses.replace(reg, decisions=(decision("a", 2006, 3, "terminate"),))

    warned = [w.message for w in plan(moved, 2006, 2006, d("2006-12-01")).warnings if w.code == "notice-unspecified"]
    assert warned and "3. møte 2006" in warned[0]


def test_the_signing_decisions_kept_are_made_again_when_what_they_read_changes():
    """The sign and re-sign items a decision gives (kept per agreement while the agreement, its Lifetime and its
    decisions are the same: _latest_signing_decisions) are made again when the setting, the governments, the
    meetings or the decision change, though the agreement's own records stay the same objects."""
    def resign_reasons(reg: Register) -> list[str]:
        made = plan(reg, 2007, 2007, d("2007-12-01"))
        assert made == cold_plan(reg, 2007, 2007, d("2007-12-01"))
        return [i.reason for i in made.items if i.action in ("sign", "re-sign")]

    reg = register(agreement("a"), decisions=(decision("a", 2007, 2, "continue"),))
    assert resign_reasons(reg) == []  # a continue without a government change, an expiry or the setting: no signing
    every = dataclasses.replace(reg, settings=Settings(resign_on_every_continue=True))
    assert ["på" in r and "innstillingen" in r for r in resign_reasons(every)] == [True]
    changed = dataclasses.replace(every, governments=(Government("Ny regjering", d("2007-01-10")),))
    assert ["regjeringsskiftet 10.01.2007" in r for r in resign_reasons(changed)] == [True]
    day = d("2007-09-05")
    redated = dataclasses.replace(changed, meetings=put(changed.meetings, Meeting(2007, 3, day), lambda m: m.ref == MeetingRef(2007, 3)))
    assert ["3. møte 05.09.2007" in r for r in resign_reasons(redated)] == [True]
    renegotiated = dataclasses.replace(redated, decisions=(decision("a", 2007, 2, "renegotiate"),))
    assert ["Reforhandlet avtale" in r for r in resign_reasons(renegotiated)] == [True]


def test_the_status_items_kept_are_made_again_when_the_agreement_the_meeting_or_a_move_changes():
    """A status item (kept per agreement and meeting 3 while both are the same objects: meeting_3) is made again
    for a changed agreement, a meeting 3 of another date, and an item of the agreement the user moved."""
    def statuses(reg: Register) -> list[tuple[str, str, frozenset[str]]]:
        made = plan(reg, 2007, 2007, d("2007-12-01"))
        assert made == cold_plan(reg, 2007, 2007, d("2007-12-01"))
        return [(i.rule, i.reason, i.flags) for i in made.items if i.action == "status" and i.agreement == "a"]

    reg = register(agreement("a"), agreement("b"))
    [(rule, reason, flags)] = statuses(reg)
    assert rule == "M3-STATUS" and "no-evaluation-clause" not in flags
    no_clause = with_agreement(reg, "a", evaluation_clause=None, evaluation_annual=False)
    [(_, reason, flags)] = statuses(no_clause)
    assert "no-evaluation-clause" in flags and "ikke at den skal evalueres" in reason
    day = d("2007-09-05")
    redated = dataclasses.replace(no_clause, meetings=put(no_clause.meetings, Meeting(2007, 3, day), lambda m: m.ref == MeetingRef(2007, 3)))
    [(_, reason, _)] = statuses(redated)
    assert "05.09.2007" in reason
    moved = dataclasses.replace(redated, deviations=(Deviation("status", "a", MeetingRef(2007, 3), MeetingRef(2007, 4), None, "Etter avtale"),))
    [(rule, _, flags)] = statuses(moved)
    assert rule == "DEVIATION" and "deviation" in flags


def test_the_signing_items_kept_are_settled_again_when_the_day_a_signing_or_a_move_changes():
    """A sign item (settled once per entry of _latest_signing_decisions for an as-of date, meetings and deviations:
    signing_items) is settled again for another as-of date, a signing, a move or a redated meeting; one overdue marks
    next year's review each time it is given again."""
    def signs(reg: Register, as_of: str, years=(2007, 2007)) -> list[tuple]:
        made = plan(reg, *years, d(as_of))
        assert made == cold_plan(reg, *years, d(as_of))
        return [(i.rule, i.meeting, i.flags) for i in made.items if i.action == "sign" or "overdue-signing" in i.flags]

    reg = register(agreement("a"), agreement("b"), decisions=(decision("a", 2007, 2, "renegotiate"),))
    assert [rule for rule, _, _ in signs(reg, "2007-05-01")] == ["M3-SIGN"]
    [(rule, meeting, flags)] = signs(reg, "2007-12-01")
    assert rule == "M4-FALLBACK" and meeting == 4 and "overdue" in flags
    for _ in range(2):  # made, then given again: the review of 2008 is marked both times
        assert [flags for _, _, flags in signs(reg, "2008-12-01", (2008, 2008)) if "overdue-signing" in flags] != []
    day = d("2007-10-30")
    redated = dataclasses.replace(reg, meetings=put(reg.meetings, Meeting(2007, 4, day), lambda m: m.ref == MeetingRef(2007, 4)))
    [(_, meeting, flags)] = signs(redated, "2007-10-20")
    assert meeting == 4 and "overdue" not in flags
    signed = dataclasses.replace(redated, signings=(signing("a", "2007-09-10"),))
    [(_, _, flags)] = signs(signed, "2007-10-20")
    assert "signed" in flags
    moved = dataclasses.replace(signed, deviations=(Deviation("sign", "a", MeetingRef(2007, 3), MeetingRef(2007, 4), None, "Etter avtale"),))
    [(rule, meeting, _)] = signs(moved, "2007-10-20")
    assert rule == "DEVIATION" and meeting == 4


def test_a_signing_item_kept_is_placed_again_as_it_was_for_the_same_years_only(monkeypatch):
    """A sign item given again (signing_items) is placed as in the last plan of the same years (its item, or none when
    it landed outside them), without add(); for other years, or once an item of its agreement is moved, add() places
    it, and each plan is the one made from nothing."""
    reg = register(agreement("a"), agreement("b"), decisions=(decision("a", 2007, 4, "renegotiate"), decision("b", 2007, 2, "new")))
    as_of = d("2007-05-01")
    placed = []
    real = planner._Planner.add

    def counted(self, slot, action, agreement, *args, **kwargs):
        placed.append((action, agreement.key if agreement else None, self.from_year, self.to_year))
        return real(self, slot, action, agreement, *args, **kwargs)

    monkeypatch.setattr(planner._Planner, "add", counted)

    def signs(reg: Register, years) -> list:
        placed.clear()
        made = plan(reg, *years, as_of)
        by_plan = list(placed)
        assert made == cold_plan(reg, *years, as_of)
        placed[:] = by_plan
        return sorted((i.agreement, i.year, i.meeting) for i in made.items if i.action == "sign")

    assert signs(reg, (2007, 2007)) == [("b", 2007, 3)]
    assert signs(reg, (2007, 2007)) == [("b", 2007, 3)] and [p for p in placed if p[0] == "sign"] == []
    assert signs(reg, (2007, 2008)) == [("a", 2008, 3), ("b", 2007, 3)]  # another span: placed again, and lands
    assert signs(reg, (2008, 2008)) == [("a", 2008, 3)]
    assert signs(reg, (2008, 2008)) == [("a", 2008, 3)] and [p for p in placed if p[0] == "sign"] == []
    moved = dataclasses.replace(reg, deviations=(Deviation("sign", "a", MeetingRef(2008, 3), MeetingRef(2008, 4), None, "Etter avtale"),))
    assert signs(moved, (2008, 2008)) == [("a", 2008, 4)] and ("sign", "a", 2008, 2008) in placed
    assert signs(moved, (2008, 2008)) == [("a", 2008, 4)] and ("sign", "a", 2008, 2008) in placed


def test_the_reviews_kept_are_made_again_when_what_they_read_changes():
    """A review and its warnings (kept per agreement and meeting 2: meeting_2) are made again for another as-of date,
    governments, meeting date, decision, signing, agreement, a signing item left unsigned (here by the setting alone),
    and a moved review."""
    def reviews(reg: Register, as_of: str) -> tuple[list[tuple], list[tuple[str, str]]]:
        made = plan(reg, 2007, 2007, d(as_of))
        assert made == cold_plan(reg, 2007, 2007, d(as_of))
        return ([(i.rule, i.reason, i.flags) for i in made.items if i.action == "review" and i.agreement == "a"],
                [(w.code, w.message) for w in made.warnings if w.agreement == "a"])

    reg = register(agreement("a", end="2007-06-30"), agreement("b"))
    [(rule, _, flags)], warned = reviews(reg, "2007-03-01")
    assert rule == "M2-REVIEW" and "expiring" in flags and [code for code, _ in warned] == ["gap"]
    changed = dataclasses.replace(reg, governments=(Government("Ny regjering", d("2007-01-10")),))
    [(_, _, flags)], warned = reviews(changed, "2007-03-01")
    assert "government-change" in flags and "decision-missing" not in dict(warned)
    _, warned = reviews(changed, "2007-06-01")  # meeting 2 has passed without a decision
    assert "decision-missing" in dict(warned)
    day = d("2007-09-05")
    redated = dataclasses.replace(changed, meetings=put(changed.meetings, Meeting(2007, 3, day), lambda m: m.ref == MeetingRef(2007, 3)))
    _, warned = reviews(redated, "2007-06-01")
    assert "05.09.2007" in dict(warned)["gap"]
    continued = dataclasses.replace(redated, decisions=(decision("a", 2007, 2, "continue"),))
    _, warned = reviews(continued, "2007-06-01")
    assert "decision-missing" not in dict(warned)
    renewed = dataclasses.replace(continued, signings=(signing("a", "2007-01-10", end="2009-06-30"),))
    [(_, _, flags)], _ = reviews(renewed, "2007-06-01")
    assert "expiring" not in flags
    _, warned = reviews(with_agreement(redated, "a", title="Avtale om skole"), "2007-06-01")
    assert "«Avtale om skole»" in dict(warned)["gap"]
    moved = dataclasses.replace(renewed, deviations=(Deviation("review", "a", MeetingRef(2007, 2), MeetingRef(2007, 3), None, "Etter avtale"),))
    [(rule, _, _)], _ = reviews(moved, "2007-06-01")
    assert rule == "DEVIATION"

    kept = register(agreement("a"), decisions=(decision("a", 2006, 2, "continue"),))
    [(_, _, flags)], _ = reviews(kept, "2007-06-01")
    assert "overdue-signing" not in flags
    every = dataclasses.replace(kept, settings=Settings(resign_on_every_continue=True))  # re-signed at 2006's meeting 3: not done
    [(_, _, flags)], _ = reviews(every, "2007-06-01")
    assert "overdue-signing" in flags


def test_the_agenda_lines_kept_are_made_again_when_their_entry_number_or_title_changes():
    """An agenda line of a planner item (kept by the item while it is the same object: year_agenda) is made again for
    another AgendaEntry, case number or title of its agreement, the plan and its items staying the same objects."""
    def lines(reg: Register, made) -> list[tuple[int, str]]:
        got = year_agenda(reg, made, 2007)
        kept = agenda._lines_kept
        agenda.forget_kept()
        try:
            assert got == year_agenda(reg, made, 2007)  # made from nothing
        finally:
            agenda._lines_kept = kept
        return [(line.number, line.title) for line in got[3] if line.agreement == "a"]

    reg = register(agreement("a"), agreement("b"))
    made = plan(reg, 2007, 2007, d("2007-12-01"))
    assert lines(reg, made) == lines(reg, made) and [n for n, _ in lines(reg, made)] == [4]  # after meeting 2's three
    retitled = with_agreement(reg, "a", title="Avtale om skole")
    assert [title for _, title in lines(retitled, made)] == ["Status og evaluering: Avtale om skole"]
    lines(reg, made)
    own = AgendaEntry(MeetingRef(2007, 3), "status", "a", title="Egen tittel")
    assert [title for _, title in lines(dataclasses.replace(reg, agenda=(own,)), made)] == ["Egen tittel"]
    per_meeting = dataclasses.replace(reg, settings=Settings(case_numbering="meeting"))
    assert [n for n, _ in lines(per_meeting, made)] == [1]


def test_the_decisions_kept_are_worked_out_again_or_added_to_as_the_decisions_change():
    """The planned agreements' decisions (kept for the last tuple of decisions, and added to when the next tuple is
    that one and more: _decided) are those a plan from nothing finds, for a decision added at the end (in the order
    of the meetings, not of the tuple), one replaced in place, one at meeting 1, and other years."""
    def decided(reg: Register, years=(2007, 2007)) -> tuple[list[str], list[str]]:
        made = plan(reg, *years, d("2007-12-01"))
        assert made == cold_plan(reg, *years, d("2007-12-01"))
        return [i.reason for i in made.items if i.action in ("sign", "re-sign")], [w.code for w in made.warnings]

    reg = register(agreement("a"), agreement("b"), decisions=(decision("a", 2007, 3, "renegotiate"),))
    [reason], _ = decided(reg)
    assert "Erstatter" not in reason
    earlier = dataclasses.replace(reg, decisions=reg.decisions + (decision("a", 2007, 2, "renegotiate"),))
    [reason], _ = decided(earlier)  # meeting 3's decision replaces meeting 2's, the later one in the tuple
    assert "Erstatter vedtaket «reforhandle» på 2. møte" in reason
    replaced = dataclasses.replace(earlier, decisions=(decision("a", 2007, 3, "new"),) + earlier.decisions[1:])
    [reason], _ = decided(replaced)
    assert reason.startswith("Ny avtale")
    at_1 = dataclasses.replace(replaced, decisions=replaced.decisions + (decision("b", 2007, 1, "continue"),))
    assert "m1-agreement" in decided(at_1)[1]
    again = copied(at_1)  # (worked out from nothing: none of its decisions the same objects)
    assert decided(again, (2010, 2010))[0] == []  # 2007 is before the years planned (2008-2010): its decisions give nothing
    assert len(decided(again)[0]) == 1  # the same decisions, planned for 2007


def test_plans_of_two_spans_in_turns_each_find_what_their_own_span_kept(monkeypatch):
    """Dagsorden plans a year and, when a signing item may have moved on, the year and the next (agenda_plan); the
    printed agenda and meeting mode plan other spans. A re-plan after a change finds what the last plan of its own
    span kept, whatever was planned between: only the agreements decided on have their signing decisions worked out
    again (was: each plan found the other span's, and worked out all of them), and the plan is the one made from
    nothing."""
    renegotiated = tuple(decision(key, 2006, 2, "renegotiate") for key in ("a", "b", "c"))
    reg = register(agreement("a"), agreement("b", title="Ørsta"), agreement("c", title="Bø"), agreement("e", title="Eid"),
                   decisions=renegotiated)
    as_of = d("2007-01-10")
    plan(reg, 2006, 2006, as_of)
    plan(reg, 2006, 2007, as_of)  # the other span, between the two plans of 2006
    worked_out = []
    real = planner._Planner._signing_decisions_of

    def counted(self, a, *args):
        worked_out.append(a.key)
        return real(self, a, *args)

    monkeypatch.setattr(planner._Planner, "_signing_decisions_of", counted)
    decided = dataclasses.replace(reg, decisions=(*renegotiated, decision("e", 2006, 2, "continue"), decision("c", 2006, 3, "renegotiate")))
    again = plan(decided, 2006, 2006, as_of)
    assert worked_out == ["c", "e"]
    assert again == cold_plan(decided, 2006, 2006, as_of)


def test_what_is_kept_is_the_last_registers_only():
    plan(register(agreement("a"), agreement("b", title="Ørsta")), 2006, 2007, d("2006-12-01"))
    other = register(agreement("c", title="Åsnes"))
    plan(other, 2006, 2007, d("2006-12-01"))
    assert set(lifecycle._kept) == {"c"}
    assert set(planner._title_keys) == {"Åsnes"}


@PROPERTY_SETTINGS
@given(AGREEMENT_FIELDS, st.lists(st.tuples(DAYS, st.none() | st.integers(0, 2000)), max_size=4), st.lists(DAYS, min_size=1, max_size=8))
def test_property_an_agreement_no_termination_ends_is_in_force_as_its_periods_say(fields, signed, asked):
    """Lifetime.in_force and end_before answer an agreement without terminations (most, asked at every meeting of
    every plan) without going through its periods: the same answers as through them."""
    origin = dt.date(FIRST_YEAR - 1, 1, 1)
    signings = tuple(sorted({origin + dt.timedelta(days=n): Signing("a", origin + dt.timedelta(days=n), None,
                                                                     None if end is None else origin + dt.timedelta(days=n + end))
                             for n, end in signed}.values(), key=lambda s: s.date))
    life = lifecycle.Lifetime(make_agreement("a", fields), signings)
    for day in [origin + dt.timedelta(days=n) for n in asked] + [None]:
        assert life.end_before(day) == life._stated_end(life._period(day, on_the_day=False), lambda x, day=day: day is None or x < day)
        if day is not None:
            begins, end = life.begins_on(day), life.end_on(day)
            assert life.in_force(day) == (begins is not None and begins <= day and (end is None or end >= day))


ORIGIN = dt.date(FIRST_YEAR - 1, 1, 1)  # the day the property tests' days count from


def _lifetime(fields, signed, terminated) -> lifecycle.Lifetime:
    """An agreement's Lifetime of the property tests' drawn fields, signings (days after ORIGIN, with or without a
    new end so many days on) and terminations (days after ORIGIN, with or without a notice of so many months)."""
    signings = tuple(sorted({ORIGIN + dt.timedelta(days=n): Signing("a", ORIGIN + dt.timedelta(days=n), None,
                                                                     None if end is None else ORIGIN + dt.timedelta(days=n + end))
                             for n, end in signed}.values(), key=lambda s: s.date))
    terminations = tuple(lifecycle.Termination(ORIGIN + dt.timedelta(days=n),
                                               None if months is None else lifecycle.termination_date(ORIGIN + dt.timedelta(days=n), months))
                         for n, months in terminated)
    return lifecycle.Lifetime(make_agreement("a", fields), signings, terminations)


@PROPERTY_SETTINGS
@given(AGREEMENT_FIELDS, st.lists(st.tuples(DAYS, st.none() | st.integers(0, 2000)), max_size=4),
       st.lists(st.tuples(DAYS, st.none() | st.integers(0, 24)), max_size=3), st.lists(DAYS, min_size=1, max_size=12))
def test_property_an_agreement_is_in_force_on_no_day_outside_its_bounds(fields, signed, terminated, asked):
    """The planner asks `in_force` at a meeting only of the agreements whose bounds take in that year's meetings:
    any day in force, with or without terminations, lies within them."""
    origin = ORIGIN
    life = _lifetime(fields, signed, terminated)
    signings, terminations = life.signings, life.terminations
    bounds = life.bounds
    days = [origin + dt.timedelta(days=n) for n in asked]
    for record in (*signings, *terminations):  # the days where an answer changes, and those around them
        for day in (getattr(record, "date", None) or record.decided, getattr(record, "end_date", None) or getattr(record, "effective", None)):
            if day is not None:
                days += [day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)]
    if bounds is not None:
        days += [bounds[0] - dt.timedelta(days=1)] + ([bounds[1] + dt.timedelta(days=1)] if bounds[1] < dt.date.max else [])
    for day in days:
        if life.in_force(day):
            assert bounds is not None and bounds[0] <= day <= bounds[1], (day, bounds)


@PROPERTY_SETTINGS
@given(AGREEMENT_FIELDS, st.lists(st.tuples(DAYS, st.none() | st.integers(0, 2000)), max_size=4),
       st.lists(st.tuples(DAYS, st.none() | st.integers(0, 24)), max_size=3),
       st.lists(st.lists(DAYS, max_size=10), min_size=1, max_size=8), st.lists(st.integers(0, 7), max_size=12))
def test_property_the_days_in_force_remembered_are_the_days_in_force(fields, signed, terminated, tuples, asked):
    """Lifetime.days_in_force remembers its answers for the last tuples of days asked (the planner's meetings' days):
    asked of tuples in any order, again, or of an equal tuple that is another object, it answers as `in_force` does."""
    origin = ORIGIN
    life = _lifetime(fields, signed, terminated)
    days = [tuple(origin + dt.timedelta(days=n) for n in ns) for ns in tuples]
    for i in [*range(len(days)), *(i % len(days) for i in asked)]:
        for these in (days[i], tuple(list(days[i]))):  # (the tuple, and an equal one that is another object when not empty)
            assert life.days_in_force(these) == tuple(n for n, day in enumerate(these) if life.in_force(day))
    assert len(life._days_in_force) <= lifecycle._DAYS_KEPT


def test_a_plan_after_a_change_asks_in_force_only_of_the_changed_agreement(monkeypatch):
    """The meetings' lists of the agreements in force come from the Lifetimes kept, which remember their answers for
    the same meetings' days: after a change to one agreement, only its Lifetime asks `in_force` again; after a
    change of a meeting's date, every Lifetime does (the days are others), and the plan is the one made from nothing."""
    reg = register(agreement("a"), agreement("b", title="Ørsta"), agreement("c", title="Bø"),
                   decisions=(decision("a", 2006, 2, "terminate"),))
    as_of = d("2007-01-10")
    plan(reg, 2006, 2008, as_of)
    asked = []
    real = lifecycle.Lifetime.in_force

    def counted(self, day):
        asked.append(self.agreement.key)
        return real(self, day)

    monkeypatch.setattr(lifecycle.Lifetime, "in_force", counted)
    changed = with_agreement(reg, "b", end_date=d("2007-06-30"))
    assert plan(changed, 2006, 2008, as_of) == cold_plan(changed, 2006, 2008, as_of)
    asked.clear()
    plan(changed, 2006, 2008, as_of)
    assert asked == []
    changed = with_agreement(changed, "c", end_date=d("2007-06-30"))
    assert plan(changed, 2006, 2008, as_of) == cold_plan(changed, 2006, 2008, as_of)
    asked.clear()
    again = with_agreement(changed, "b", end_date=d("2007-09-30"))
    plan(again, 2006, 2008, as_of)
    assert set(asked) == {"b"}
    asked.clear()
    moved = dataclasses.replace(again, meetings=(*again.meetings, Meeting(2007, 3, d("2007-09-12"))))
    assert plan(moved, 2006, 2008, as_of) == cold_plan(moved, 2006, 2008, as_of)
    assert {"a", "b", "c"} <= set(asked)


@PROPERTY_SETTINGS
@given(scenarios())
def test_property_the_plans_items_are_in_the_order_of_sort_key(scenario):
    """_Planner.in_order sorts by one int per item (place, then the title's and key's rank): the order of sort_key's
    tuples (year, position, date, action, title sort key, key), items moved to plain dates included."""
    reg, from_year, to_year, as_of = scenario
    made = plan(reg, from_year, to_year, as_of)
    sort_key = planner._Planner(reg, from_year, to_year, as_of).sort_key
    assert list(made.items) == sorted(made.items, key=sort_key)
    # No two reviews of an agreement on one meeting or day are left to merge (run() merges only when a review was
    # moved: without, there are none to merge).
    assert sorted(planner._one_review_per_meeting(list(made.items)), key=sort_key) == list(made.items)


@PROPERTY_SETTINGS  # (two plans an example: hypothesis' 200 ms deadline is too short on a busy machine)
@given(scenarios())
def test_property_a_plan_asking_only_the_agreements_within_bounds_is_the_plan_asking_all(scenario):
    """The meetings' lists of the agreements in force (Lifetime.days_in_force: `in_force` asked of the days within
    the bounds only) leave out none the rules would place."""
    reg, from_year, to_year, as_of = scenario

    def every_day(self, days):
        return tuple(i for i, day in enumerate(days) if self.in_force(day))

    quick = cold_plan(reg, from_year, to_year, as_of)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lifecycle.Lifetime, "days_in_force", every_day)
        assert cold_plan(reg, from_year, to_year, as_of) == quick


@PROPERTY_SETTINGS
@given(scenarios())
def test_property_each_lifetime_remembers_the_plans_days_with_the_days_it_is_in_force(scenario):
    """A plan asks each planned agreement's Lifetime one tuple of days, those of meetings 2, 3 and 4 of each year
    whose meetings get items (_days_kept): what the Lifetime remembers for it is what `in_force` says of each day, and
    a plan made with that remembered is the plan made from nothing."""
    reg, from_year, to_year, as_of = scenario
    cold = cold_plan(reg, from_year, to_year, as_of)
    made = plan(reg, from_year, to_year, as_of)
    assert made == cold
    days = planner._days_kept
    assert len(days) % 3 == 0
    lives = lifetimes(reg)
    for a in reg.agreements:
        if not a.is_planned:
            continue
        life = lives[a.key]
        found = [answer for asked, answer in life._days_in_force if asked is days]
        assert found == [tuple(i for i, day in enumerate(days) if life.in_force(day))]
