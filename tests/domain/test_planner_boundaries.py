"""Domain tests of the planner (DOMAIN §3) on exact-day boundaries: a signing on a meeting's day, an end date equal to a
meeting date, "today" equal to the day an item is due, a review moved past meeting 4. The random registers of the
property tests in test_planner.py rarely hit these days; each test here pins one of them with an example register
(the helpers and the calendar are test_planner.py's: 2006 meetings on 13.03, 26.04, 30.08 and 18.10; 2007 on 12.03,
25.04, 29.08 and 17.10; 2008 on 10.03, 23.04, 27.08 and 15.10).
"""

from __future__ import annotations

from konsultasjon_app.domain.planner import plan
from tests.domain.test_planner import (
    STOLTENBERG_II,
    agreement,
    codes,
    d,
    decision,
    items,
    meetings,
    moved,
    one,
    register,
    signing,
    where,
)

# =======================================================================================================
# M3-RESIGN and M4-FALLBACK: which signing settles a sign or re-sign item
# =======================================================================================================


def test_the_renewal_signing_recorded_at_meeting_3_settles_the_re_sign_item_there():
    """M3-RESIGN: a continued agreement that ends before meeting 2 of next year is re-signed at meeting 3. Whether it
    is a renewal is judged by the end date as it stood at the decision: the signing that performs the renewal (and
    sets a new end date) must not make the re-sign item vanish from meeting 3's plan, agenda and minutes."""
    reg = register(agreement("a", end="2006-12-31"), decisions=(decision("a", 2006, 2, "continue"),),
                   signings=(signing("a", "2006-08-30", at=(2006, 3), end="2009-06-30"),))

    p = plan(reg, 2006, 2006, d("2006-12-01"))

    item = one(p, action="re-sign", agreement="a")
    assert (where(item), item.rule, item.flags) == ((2006, 3, d("2006-08-30")), "M3-RESIGN", {"signed"})
    assert "avtalen utløper 31.12.2006, før 2. møte 2007 (fornyelse)" in item.reason
    assert "Undertegnet 30.08.2006." in item.reason


def test_a_signing_on_the_day_of_next_years_meeting_2_does_not_settle_the_sign_item():
    """M4-FALLBACK: only a signing "before meeting 2 of Y+1" settles the item. One on that meeting's day is too late:
    the 2006 item stays overdue at meeting 4 of 2006 and the 2007 review, where the parties decide again, says so."""
    renegotiated = (decision("a", 2006, 2, "renegotiate"),)
    on_the_day = register(agreement("a"), decisions=renegotiated, signings=(signing("a", "2007-04-25", at=(2007, 2)),))

    p = plan(on_the_day, 2006, 2007, d("2007-06-01"))

    item = one(p, action="sign", agreement="a")
    assert (where(item), item.rule, item.flags) == ((2006, 4, d("2006-10-18")), "M4-FALLBACK", {"postponed", "overdue"})
    assert "overdue-signing" in one(p, year=2007, action="review", agreement="a").flags
    # The day before that meeting is still in time: settled at meeting 4 of 2006 (the first of meetings 2–4 after it).
    in_time = register(agreement("a"), decisions=renegotiated, signings=(signing("a", "2007-04-24"),))
    p = plan(in_time, 2006, 2007, d("2007-06-01"))
    item = one(p, action="sign", agreement="a")
    assert (where(item), item.flags) == ((2006, 4, d("2006-10-18")), {"signed"})
    assert "overdue-signing" not in one(p, year=2007, action="review", agreement="a").flags


def test_the_registers_signed_date_on_the_decision_day_settles_the_sign_item():
    """M4-FALLBACK: "a signing of the agreement dated on or after the decision". The register's "Undertegnet" on the
    very day of the meeting 2 that decided to renegotiate is such a signing: the agreement was signed on time, at
    that meeting, and is not reported overdue."""
    reg = register(agreement("a", signed="2006-04-26", start_date=d("2005-11-10")), decisions=(decision("a", 2006, 2, "renegotiate"),))

    p = plan(reg, 2006, 2007, d("2006-12-01"))

    item = one(p, action="sign", agreement="a")
    assert (where(item), item.rule, item.flags) == ((2006, 2, d("2006-04-26")), "M3-SIGN", {"signed"})
    assert "overdue-signing" not in one(p, year=2007, action="review", agreement="a").flags


def test_an_agreement_ending_on_the_day_of_next_years_meeting_2_is_not_re_signed_when_continued():
    """M3-RESIGN: a `continue` gives a re-sign item when the agreement "ends before meeting 2 of Y+1". The end date is
    inclusive: ending on that meeting's day, it is still in force there, and there is nothing to renew."""
    continued = (decision("a", 2006, 2, "continue"),)

    on_the_day = plan(register(agreement("a", end="2007-04-25"), decisions=continued), 2006, 2006, d("2006-05-01"))
    day_before = plan(register(agreement("a", end="2007-04-24"), decisions=continued), 2006, 2006, d("2006-05-01"))

    assert items(on_the_day, action="re-sign") == []
    assert [(i.meeting, i.action) for i in items(on_the_day, agreement="a")] == [(2, "review"), (3, "status")]
    item = one(day_before, action="re-sign", agreement="a")
    assert (where(item), item.rule) == ((2006, 3, d("2006-08-30")), "M3-RESIGN")


# =======================================================================================================
# DEVIATION: items the user moved
# =======================================================================================================


def test_a_sign_item_moved_to_a_day_is_not_overdue_on_that_day_itself():
    """§6: "meetings after [as-of] lie ahead"; an item due today has not been missed yet. It is overdue from the next
    day, unsigned."""
    reg = register(agreement("a"), decisions=(decision("a", 2006, 2, "renegotiate"),),
                   deviations=(moved("sign", "a", (2006, 3), to_date="2006-09-20"),))

    today = one(plan(reg, 2006, 2006, d("2006-09-20")), action="sign", agreement="a")
    next_day = one(plan(reg, 2006, 2006, d("2006-09-21")), action="sign", agreement="a")

    assert (where(today), today.flags) == ((2006, None, d("2006-09-20")), {"deviation"})
    assert next_day.flags == {"deviation", "overdue"}


def test_a_sign_item_moved_to_meeting_2_and_missed_is_decided_again_at_next_years_meeting_2():
    """M4-FALLBACK: an item not signed where it was due is decided on again at the next review. Moved by the user to
    meeting 2 of 2007 and missed there, that is meeting 2 of 2008, not the very meeting where it was due."""
    reg = register(agreement("a"), decisions=(decision("a", 2006, 2, "renegotiate"),),
                   deviations=(moved("sign", "a", (2006, 3), to=(2007, 2)),))

    p = plan(reg, 2007, 2008, d("2008-06-01"))

    item = one(p, action="sign", agreement="a")
    assert (where(item), item.flags) == ((2007, 2, d("2007-04-25")), {"deviation", "overdue"})
    assert "partene tar stilling på nytt på 2. møte 2008." in item.reason
    assert "overdue-signing" in one(p, year=2008, action="review", agreement="a").flags
    assert "overdue-signing" not in one(p, year=2007, action="review", agreement="a").flags


def test_an_item_moved_off_a_provisional_meeting_is_no_longer_provisional():
    """§3: items of a meeting with a provisional date carry `provisional-date`; an item the user moved to a dated
    meeting, or to a plain date, is no longer on that meeting, and carries `deviation` alone."""
    undated_3 = meetings(2006, 2007, omit=((2006, 3),))
    to_meeting = register(agreement("a"), meetings=undated_3, deviations=(moved("status", "a", (2006, 3), to=(2006, 4)),))
    to_day = register(agreement("a"), meetings=undated_3, deviations=(moved("status", "a", (2006, 3), to_date="2006-09-05"),))

    p = plan(to_meeting, 2006, 2006, d("2006-01-01"))
    item = one(p, action="status", agreement="a")
    assert (where(item), item.flags) == ((2006, 4, d("2006-10-18")), {"deviation"})
    assert "provisional-date" in one(plan(register(agreement("a"), meetings=undated_3), 2006, 2006, d("2006-01-01")),
                                     action="status", agreement="a").flags  # unmoved, it is
    item = one(plan(to_day, 2006, 2006, d("2006-01-01")), action="status", agreement="a")
    assert (where(item), item.flags) == ((2006, None, d("2006-09-05")), {"deviation"})


def test_an_item_moved_to_the_day_of_a_meeting_sorts_after_that_meetings_items():
    """A plain date sorts after the meetings on or before it: a status item moved to 30.08.2006, the day of meeting 3,
    comes after meeting 3's own items (the plan, `plan --format text` and the agenda tab keep this order)."""
    reg = register(agreement("a"), agreement("b"), years=(2006,),
                   deviations=(moved("status", "a", (2006, 3), to_date="2006-08-30"),))

    p = plan(reg, 2006, 2006, d("2006-01-01"))

    order = [(i.meeting, i.meeting_date, i.action, i.agreement) for i in p.items if i.meeting != 2]
    assert order == [
        (3, d("2006-08-30"), "status", "b"),
        (None, d("2006-08-30"), "status", "a"),
        (4, d("2006-10-18"), "overview", None),
    ]
