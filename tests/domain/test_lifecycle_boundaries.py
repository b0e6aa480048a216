"""When an agreement is in force, read through the plan (DOMAIN §3: "in force", TERMINATE, TERM-LIMIT, a duration's
end date), at the boundaries the planner's random registers rarely hit: an end date set on the termination
meeting's own day, a start date later or earlier than the signed date, a duration counted from the start date, a
signing that starts a terminated agreement again on a meeting's day, and a termination's effect on `beyond-term`."""

from __future__ import annotations

import datetime as dt

import pytest

from konsultasjon_app.domain.checks import check_agreement
from konsultasjon_app.domain.model import MeetingRef
from konsultasjon_app.domain.planner import plan
from tests.domain.test_planner import agreement, codes, d, decision, items, one, register, signing


def overview(p, year: int) -> tuple[str, ...]:
    return one(p, year=year, action="overview").agreements


# -- TERMINATE without a notice period: the end date the user sets stands ----------------------------------------


@pytest.mark.parametrize("own_end, in_force_after", [
    ("2006-04-25", True),   # before the decision: the end date the signing replaced; the signing's 2009 end stands
    ("2006-04-26", False),  # the termination meeting's own day: set for the termination, it stands
    ("2006-04-27", False),
], ids=["day-before-decision", "decision-day", "day-after-decision"])
def test_terminated_without_notice_months_ends_on_an_end_date_set_on_the_decision_day(own_end, in_force_after):
    """Signed 2004, renewed by a signing in 2005 to 30.06.2009; the notice period is only text, so a termination at
    meeting 2 2006 (26.04.2006) has no effective date, and the agreement's own end date, which the user edits,
    stands (TERMINATE). The user sets it to the meeting's own day: the agreement has ended by meeting 3, gets no
    status item, and is not in the meeting-4 list for Fellesdokumentet."""
    reg = register(
        agreement("a", signed="2004-11-10", end=own_end, notice_months=None, notice_text="rimeleg førehandsvarsling"),
        years=(2006,),
        decisions=(decision("a", 2006, 2, "terminate"),),
        signings=(signing("a", "2005-11-10", end="2009-06-30"),),
    )
    p = plan(reg, 2006, 2006, d("2006-01-01"))

    assert "notice-unspecified" in codes(p, "a")
    assert bool(items(p, year=2006, meeting=3, action="status", agreement="a")) is in_force_after
    assert overview(p, 2006) == (("a",) if in_force_after else ())


@pytest.mark.parametrize("own_end, ends", [
    ("2007-12-31", "2007-12-31"),  # the end date the user set after the decision: it stands
    (None, None),                  # none set yet (nor a duration, nor a signing's): no end, terminated all the same
    ("2006-12-31", "2009-08-31"),  # one from before the decision: the signing's end stands until one is set
], ids=["end-set", "no-end", "end-before-decision"])
def test_a_termination_without_notice_months_is_a_termination(own_end, ends):
    """Audit aud_year #1: NAV, terminated at meeting 2 of 2007 without a notice period in months and its end date
    then set to 31.12.2007, was an ordinary agreement to the register's status («I kraft», then «Utløpt»), the
    Fellesdokumentet overview and meeting mode (no «(sagt opp)»), which all read `terminated`/`terminated_on`.
    It is terminated from the decision on, ending on its own end date (TERMINATE); when it is in force does not
    change."""
    from konsultasjon_app.domain.lifecycle import lifetimes

    reg = register(
        agreement("a", signed="2006-01-15", end=own_end, notice_months=None, notice_text="rimeleg førehandsvarsling"),
        years=(2006, 2007, 2008),
        decisions=(decision("a", 2007, 2, "terminate"),),
        signings=(signing("a", "2006-08-30", at=(2006, 3), end="2009-08-31" if own_end == "2006-12-31" else None),),
    )
    life = lifetimes(reg)["a"]
    decided = reg.meeting(MeetingRef(2007, 2)).date

    assert life.terminated
    assert life.terminated_on(decided) and life.terminated_on(d("2007-10-17"))
    assert not life.terminated_on(decided - dt.timedelta(days=1))  # before the decision: not yet
    assert life.ends == life.end_on(d("2007-10-17")) == (d(ends) if ends else None)
    assert life.in_force(d("2007-10-17"))
    if ends:
        end = d(ends)
        assert life.in_force(end) and not life.in_force(end + dt.timedelta(days=1))


def test_a_termination_without_notice_months_of_an_agreement_already_ended_ends_nothing():
    """As with a notice period whose end comes after the agreement's own end date: an agreement that had ended
    before the decision was not ended by it, and its status stays «Utløpt»."""
    from konsultasjon_app.domain.lifecycle import lifetimes

    reg = register(agreement("a", signed="2004-01-15", end="2006-12-31", notice_months=None), years=(2006, 2007),
                   decisions=(decision("a", 2007, 2, "terminate"),))
    life = lifetimes(reg)["a"]

    assert not life.terminated and not life.terminated_on(d("2007-10-17"))
    assert life.ends == d("2006-12-31")


# -- TERM-LIMIT looks at the end the agreement states, not at a termination -----------------------------------


def test_beyond_term_is_judged_on_the_stated_end_date_even_after_a_termination():
    """TERM-LIMIT is about the end date the agreement states (or a signing gave it): an agreement signed in the
    2005–2009 term and running to 30.06.2010 breaks it, whether or not it is terminated at meeting 2 2006 (in
    force to 26.07.2006 with three months' notice). The plan's warning and `check` say the same."""
    a = agreement("a", signed="2005-11-10", end="2010-06-30")
    reg = register(a, years=(2006,), decisions=(decision("a", 2006, 2, "terminate"),))
    p = plan(reg, 2006, 2006, d("2006-01-01"))

    (warning,) = [w for w in p.warnings if w.agreement == "a" and w.code == "beyond-term"]
    assert "30.06.2010" in warning.message and "2005–2009" in warning.message
    assert "beyond-term" in [w.code for w in check_agreement(a, reg.settings, {}, ())]
    assert overview(p, 2006) == ()  # it has ended all the same


# -- the beginning: the earlier of the signed and start dates ---------------------------------------------------


@pytest.mark.parametrize("signed, start", [("2006-01-15", "2006-07-01"), ("2006-07-01", "2006-01-15")],
                         ids=["start-after-signing", "start-before-signing"])
def test_an_agreement_is_in_force_from_the_earlier_of_its_signed_and_start_dates(signed, start):
    """§3 "in force": from the earlier of its signed and start dates. Either way round, one of them lies before
    meeting 2 2006 (26.04.2006), so the agreement is reviewed there."""
    reg = register(agreement("a", signed=signed, start_date=d(start)), years=(2006,))
    p = plan(reg, 2006, 2006, d("2006-01-01"))

    assert one(p, year=2006, meeting=2, action="review", agreement="a")
    assert one(p, year=2006, meeting=3, action="status", agreement="a")
    assert overview(p, 2006) == ("a",)


# -- a duration counts from the start date ------------------------------------------------------------------------


def test_a_duration_runs_from_the_start_date_not_the_signed_date():
    """§3: with no end date, a duration of N months ends the day before N months after its start (or signed) date.
    Signed 01.03.2006, starting 01.05.2006, for 12 months: it ends 30.04.2007 (not 28.02.2007), so it is still in
    force at meeting 2 2007 (25.04.2007): reviewed there, flagged expiring then and not a year earlier."""
    reg = register(agreement("a", signed="2006-03-01", end=None, start_date=d("2006-05-01"), duration_months=12), years=(2006, 2007))
    p = plan(reg, 2006, 2007, d("2006-01-01"))

    assert "expiring" not in one(p, year=2006, meeting=2, action="review", agreement="a").flags
    assert "expiring" in one(p, year=2007, meeting=2, action="review", agreement="a").flags


# -- a signing that starts a terminated agreement again, on a meeting's day ----------------------------------------


def test_a_terminated_agreement_signed_again_on_meeting_3s_day_is_in_force_at_that_meeting():
    """Terminated at meeting 2 2006 (in force to 26.07.2006), then signed again at meeting 3 2006, on its day
    (30.08.2006), with a new end date: from that day it is in force again, so meeting 3 takes its status."""
    reg = register(
        agreement("a", signed="2005-11-10"),
        years=(2006,),
        decisions=(decision("a", 2006, 2, "terminate"),),
        signings=(signing("a", "2006-08-30", at=(2006, 3), end="2009-06-30"),),
    )
    p = plan(reg, 2006, 2006, d("2006-01-01"))

    assert one(p, year=2006, meeting=3, action="status", agreement="a")
    assert overview(p, 2006) == ("a",)


def test_no_gap_warning_for_an_agreement_terminated_with_a_notice_period_running_past_its_end():
    """Terminated at meeting 3 of 2015 with 12 months' notice (in effect 26.08.2016), it runs out on 30.06.2016
    first: it is not to be renewed, so no «… dager uten avtale. Vurder å starte reforhandlingen» at meeting 2 of
    2016, as for the same agreement terminated without a notice period (found by the planner oracle)."""
    reg = register(
        agreement("a", signed="2014-01-10", end="2016-06-30", notice_months=12),
        years=(),  # provisional meeting dates
        decisions=(decision("a", 2015, 3, "terminate"),),
    )
    p = plan(reg, 2016, 2016, d("2016-05-01"))
    assert "expiring" in one(p, year=2016, action="review", agreement="a").flags
    assert "gap" not in codes(p, "a")


def test_an_agreement_terminated_at_the_meeting_that_was_to_sign_it_is_not_put_up_for_signing_again():
    """Renegotiated at meeting 2 of 2006, terminated at meeting 3 (O in meeting mode): its signing item stays on
    meeting 3, saying so, and does not move on to meeting 4, turn overdue, or bring a review in 2007 (was: «Avtalen
    undertegnes» on meeting 4's agenda, then overdue, and reviewed again after it had ended; found by the audit of
    a whole meeting in meeting mode)."""
    reg = register(
        agreement("a", signed="2005-01-10", end="2008-12-31", notice_months=3),
        decisions=(decision("a", 2006, 2, "renegotiate"), decision("a", 2006, 3, "terminate")),
    )
    p = plan(reg, 2006, 2007, d("2007-06-01"))
    sign = one(p, action="sign", agreement="a")
    assert (sign.year, sign.meeting) == (2006, 3) and not sign.flags & {"postponed", "overdue"}
    assert sign.reason.endswith("Avtalen ble sagt opp på 3. møte 30.08.2006: den undertegnes ikke.")
    assert not items(p, year=2007, agreement="a")


@pytest.mark.parametrize("decisions, deviations, at, terminated", [
    # renegotiated at meeting 4 (signing due at meeting 3 of 2007), terminated at meeting 2 of 2007 before it
    ((("renegotiate", 2006, 4), ("terminate", 2007, 2)), (), (2007, 3), "2. møte 25.04.2007"),
    # postponed at meeting 3, terminated at meeting 4, where the signing had gone
    ((("renegotiate", 2006, 2), ("postpone", 2006, 3), ("terminate", 2006, 4)), (), (2006, 4), "4. møte 18.10.2006"),
    # the user moved the signing to meeting 4, where it was terminated
    ((("renegotiate", 2006, 2), ("terminate", 2006, 4)), (((2006, 3), (2006, 4)),), (2006, 4), "4. møte 18.10.2006"),
], ids=["terminated-before-meeting-3", "postponed-then-terminated", "moved-then-terminated"])
def test_a_signing_terminated_before_it_was_made_is_not_overdue(decisions, deviations, at, terminated):
    """Any termination between the decision and the meeting that was to sign it: the item says so, is not overdue,
    and brings no review after the agreement has ended (found by the review of the round's last changes: only a
    termination at exactly meeting 3, or at meeting 4 after the fallback, was seen)."""
    from tests.domain.test_planner import moved

    reg = register(
        agreement("a", signed="2005-01-10", end="2009-06-30", notice_months=3),
        decisions=tuple(decision("a", year, number, what) for what, year, number in decisions),
        deviations=tuple(moved("sign", "a", frm, to) for frm, to in deviations),
    )
    p = plan(reg, 2006, 2008, d("2008-06-01"))
    sign = one(p, action="sign", agreement="a")
    assert (sign.year, sign.meeting) == at and "overdue" not in sign.flags
    assert sign.reason.rstrip(")").endswith(f"Avtalen ble sagt opp på {terminated}: den undertegnes ikke.")
    assert not items(p, year=2008, agreement="a")


def test_a_lifetime_is_a_frozen_record_though_its_init_is_written_out():
    """Lifetime sets its fields past the frozen dataclass's __setattr__ (lifecycle._SET): it must still refuse a change,
    compare and hash by its agreement, signings and terminations alone, and copy, replace and pickle as a record."""
    import copy
    import dataclasses
    import pickle

    from konsultasjon_app.domain.lifecycle import Lifetime, Termination

    a = agreement("a", signed="2006-04-21", end="2010-04-20")
    signings = (signing("a", "2006-04-21"),)
    terminated = (Termination(d("2008-03-01"), d("2008-06-01")),)  # decided at a meeting, three months' notice
    life = Lifetime(a, signings, terminated)
    with pytest.raises(dataclasses.FrozenInstanceError):
        life.agreement = a  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        life._begins = None  # type: ignore[misc]
    same = Lifetime(a, signings, list(terminated))
    life.days_in_force((d("2007-01-01"), d("2009-01-01")))  # something remembered: not part of what it is
    assert life == same and hash(life) == hash(same)
    assert life != Lifetime(a, signings) and life.in_force(d("2009-01-01")) is False
    for other in (copy.copy(life), copy.deepcopy(life), pickle.loads(pickle.dumps(life)), dataclasses.replace(life)):
        assert other == life and other.ends == life.ends and other.begins == life.begins
        assert other.days_in_force((d("2007-01-01"), d("2009-01-01"))) == (0,)
    renewed = dataclasses.replace(life, terminations=())
    assert renewed.in_force(d("2009-01-01")) and not renewed.terminated
    assert Lifetime(a, signings, None).terminations == () and Lifetime(a, signings, d("2008-06-01")).terminated
