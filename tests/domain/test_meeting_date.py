"""A meeting's date corrected after signings were recorded at it (`meeting_ops`): the signings made at the meeting
move with it, in the same command; those dated otherwise stay. Registers in memory; no Qt, no SQL."""

from __future__ import annotations

import dataclasses

from konsultasjon_app.domain.agenda import meeting_ops
from konsultasjon_app.domain.changes import apply
from konsultasjon_app.domain.integrity import reference_problems
from konsultasjon_app.domain.planner import plan
from konsultasjon_app.domain.validation import written_problems
from tests.domain.test_planner import adding, agreement, d, decision, one, register, signing

M3_WAS, M3_NOW = "2006-08-30", "2006-08-31"


def signed_at_meeting_3():
    """Agreements a and b renegotiated at meeting 2 and signed at meeting 3 (30.08.2006) by meeting mode, c signed
    in the register on 28.08 with meeting 3 named, d signed at meeting 3 and also signed (another version) on 31.08."""
    reg = register(*(agreement(k, signed="2005-11-10", end="2006-12-31") for k in "abcd"), years=(2006, 2007))
    return adding(
        reg,
        decisions=[decision(k, 2006, 2, "renegotiate") for k in "abcd"],
        signings=[signing("a", M3_WAS, (2006, 3), end="2009-06-30"), signing("c", "2006-08-28", (2006, 3)),
                  signing("b", M3_WAS, (2006, 3)), signing("d", M3_WAS, (2006, 3)), signing("d", M3_NOW)],
    )


def redated(reg, date: str):
    meeting = dataclasses.replace(reg.meeting(reg.meetings[2].ref), date=d(date))
    return apply(reg, meeting_ops(reg, meeting))


def test_the_signings_made_at_the_meeting_follow_its_corrected_date():
    reg = signed_at_meeting_3()
    after = redated(reg, M3_NOW).register
    assert after.meeting(reg.meetings[2].ref).date == d(M3_NOW)
    assert [(s.agreement, s.date.isoformat(), s.end_date) for s in after.signings] == [
        ("a", M3_NOW, d("2009-06-30")),  # the new version's end date kept, and its place in the list
        ("c", "2006-08-28", None),  # dated by the user, not by the meeting: stays
        ("b", M3_NOW, None),
        ("d", M3_WAS, None),  # d has a signing on the new date already: not written over
        ("d", M3_NOW, None),
    ]
    signed = one(plan(after, 2006, 2006, d("2006-09-01")), action="sign", agreement="a")
    assert (signed.meeting, "signed" in signed.flags) == (3, True)


def test_one_undo_gives_back_the_meeting_and_its_signings():
    reg = signed_at_meeting_3()
    applied = redated(reg, M3_NOW)
    assert apply(applied.register, applied.inverse).register == reg


def test_a_meeting_whose_date_stays_moves_nothing():
    reg = signed_at_meeting_3()
    meeting = dataclasses.replace(reg.meetings[2], location="Bergen")
    assert apply(reg, meeting_ops(reg, meeting)).register.signings == reg.signings


def test_a_signing_whose_end_date_the_new_date_passes_is_refused_by_name():
    """Moved to 02.09, a's new version would end (01.09) before it is signed: the command path refuses the change,
    naming the signing and the field, rather than leaving the signing on a day the meeting was not held."""
    reg = adding(signed_at_meeting_3(), signings=[signing("e", M3_WAS, (2006, 3), end="2006-09-01")])
    reg = dataclasses.replace(reg, agreements=reg.agreements + (agreement("e", signed="2005-11-10"),))
    applied = redated(reg, "2006-09-02")
    problems = reference_problems(applied.register) + written_problems(applied.effects, applied.register)
    assert [(p.path, p.code) for p in problems] == [("signings[e@2006-09-02].end_date", "end-before")]
