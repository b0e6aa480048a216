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
    assert (where(item), item.rule, item.flags) == ((2006, 4, d("2006-10-18")), "M4-FALLBACK", {"postponed", "signed"})
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


# =======================================================================================================
# GOV-CHANGE and EXPIRY: warnings and reasons of the review
# =======================================================================================================


def test_a_postponement_is_not_the_explicit_decision_a_government_change_review_needs():
    """GOV-CHANGE: the first meeting 2 after a change of government needs an explicit decision on every agreement
    (continue, renegotiate or terminate). A `postpone` recorded there decides nothing: decision-missing stays, and says
    the review was postponed (not that nothing is recorded: the minutes print «Saken er utsatt»)."""
    postponed = register(agreement("a"), governments=(STOLTENBERG_II,), decisions=(decision("a", 2006, 2, "postpone"),))
    continued = register(agreement("a"), governments=(STOLTENBERG_II,), decisions=(decision("a", 2006, 2, "continue"),))

    p = plan(postponed, 2006, 2006, d("2006-06-01"))

    (missing,) = [w.message for w in p.warnings if (w.agreement, w.code) == ("a", "decision-missing")]
    assert "gjennomgangen ble utsatt på 2. møte 26.04.2006" in missing and "trenger fortsatt et vedtak" in missing
    assert "decision-missing" not in codes(plan(continued, 2006, 2006, d("2006-06-01")), "a")


def test_a_government_change_review_moved_to_a_day_after_meeting_4_is_decided_at_next_years_meeting_2():
    """GOV-CHANGE and DEVIATION: the review of the first meeting 2 after the change, moved to 20.11.2006 (after meeting
    4 of 2006), is decided at the first meeting from that day on: meeting 2 of 2007. It is not missing before that
    meeting, and a `continue` recorded there re-signs the agreement as continued after the change of government."""
    reg = register(agreement("a"), governments=(STOLTENBERG_II,),
                   deviations=(moved("review", "a", (2006, 2), to_date="2006-11-20"),))

    assert "decision-missing" not in codes(plan(reg, 2006, 2007, d("2007-01-10")), "a")
    missing = [w.message for w in plan(reg, 2006, 2007, d("2007-05-01")).warnings if w.code == "decision-missing"]
    assert len(missing) == 1 and "2. møte 25.04.2007" in missing[0]

    continued = register(agreement("a"), governments=(STOLTENBERG_II,), deviations=reg.deviations,
                         decisions=(decision("a", 2007, 2, "continue"),))
    p = plan(continued, 2006, 2007, d("2007-05-01"))
    item = one(p, action="re-sign", agreement="a")
    assert (where(item), item.rule) == ((2007, 3, d("2007-08-29")), "M3-RESIGN")
    assert "regjeringsskiftet 17.10.2005" in item.reason
    assert "decision-missing" not in codes(p, "a")


def test_a_review_moved_to_meeting_4_counts_the_gap_to_meeting_3_of_next_year():
    """EXPIRY: the gap runs from the end date to the meeting 3 where the renewal would be signed. A review moved to
    meeting 4 is decided there, and its renewal signed at meeting 3 of the next year (29.08.2007)."""
    reg = register(agreement("a", end="2006-12-31"), deviations=(moved("review", "a", (2006, 2), to=(2006, 4)),))

    p = plan(reg, 2006, 2006, d("2006-01-01"))

    (gap,) = [w.message for w in p.warnings if (w.agreement, w.code) == ("a", "gap")]
    uncovered = (d("2007-08-29") - d("2006-12-31")).days - 1
    assert uncovered == 240
    assert "utløper 31.12.2006, før 3. møte 29.08.2007: 240 dager uten avtale" in gap


def test_a_renewal_signed_on_the_day_of_meeting_2_leaves_no_gap():
    """EXPIRY: renegotiated at meeting 2 and signed with a new end date that same day, before the agreement ran out:
    no day lies uncovered, so no gap warning, and the agreement is in force at meeting 3."""
    reg = register(agreement("a", end="2006-06-30"), decisions=(decision("a", 2006, 2, "renegotiate"),),
                   signings=(signing("a", "2006-04-26", at=(2006, 2), end="2009-06-30"),))

    p = plan(reg, 2006, 2006, d("2006-01-01"))

    assert "expiring" in one(p, action="review", agreement="a").flags
    assert "gap" not in codes(p, "a")
    assert len(items(p, meeting=3, action="status", agreement="a")) == 1


def test_a_review_of_an_agreement_ending_on_the_meeting_day_says_it_expires_not_that_it_ran_out():
    """EXPIRY: the end date is inclusive. Ending on the day of meeting 2 (26.04.2006), the agreement is in force at its
    review there: the reason gives the coming expiry, not "utløp …, før dette møtet"."""
    p = plan(register(agreement("a", end="2006-04-26")), 2006, 2006, d("2006-01-01"))

    review = one(p, action="review", agreement="a")
    assert "expiring" in review.flags
    assert "Avtalen utløper 26.04.2006, før 2. møte 2007." in review.reason
    assert "utløp " not in review.reason


# =======================================================================================================
# Warnings given once per agreement and code
# =======================================================================================================


def test_a_decision_and_a_signing_at_meeting_1_give_one_m1_agreement_warning():
    """§3: "Warnings about an agreement are given once per plan and code". A decision and a signing both recorded at
    meeting 1 (different messages) give the agreement one m1-agreement warning, not one per record."""
    reg = register(agreement("a"), decisions=(decision("a", 2006, 1, "continue"),),
                   signings=(signing("a", "2006-03-13", at=(2006, 1)),))

    p = plan(reg, 2006, 2006, d("2006-06-01"))

    assert [w.code for w in p.warnings if w.agreement == "a"] == ["m1-agreement"]
