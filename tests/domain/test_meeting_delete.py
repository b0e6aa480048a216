"""Deleting a meeting from the calendar (`meeting_delete_refused`, `meeting_delete_ops`): refused while decisions or
signings are recorded at it; else the meeting goes with its own agenda entries and the deviations that moved an item
to it, in one command that undo takes back whole. Registers in memory; no Qt, no SQL."""

from __future__ import annotations

from konsultasjon_app.domain.agenda import meeting_delete_ops, meeting_delete_refused, year_agenda
from konsultasjon_app.domain.changes import apply
from konsultasjon_app.domain.model import OWN_ACTION, AgendaEntry, Decision, Deviation, MeetingRef, Signing
from konsultasjon_app.domain.planner import plan
from tests.domain.test_planner import adding, agreement, d, register

M2, M3 = MeetingRef(2006, 2), MeetingRef(2006, 3)


def test_a_meeting_with_decisions_or_signings_recorded_at_it_is_refused_saying_how_many_and_which():
    reg = register(agreement("a"), agreement("b"), years=(2006,))
    assert meeting_delete_refused(reg, M2) is None
    reg = adding(reg, decisions=[Decision("a", M2, "continue"), Decision("b", M2, "renegotiate")],
                 signings=[Signing("b", d("2006-08-30"), M3)])
    refused = meeting_delete_refused(reg, M2)
    assert refused.startswith("2. møte 2006 kan ikke slettes: det er registrert 2 vedtak («Avtale om a»: videreføre, «Avtale om b»: reforhandle)")
    assert "undertegning" not in refused.split("på møtet")[0]
    assert meeting_delete_refused(reg, M3).startswith(
        "3. møte 2006 kan ikke slettes: det er registrert 1 undertegning («Avtale om b» 30.08.2006) på møtet, og de ville miste møtet sitt.")
    assert meeting_delete_refused(reg, MeetingRef(2006, 4)) is None


def test_a_meeting_goes_with_its_own_entries_and_the_moves_to_it_and_undo_brings_all_back():
    reg = register(agreement("a"), years=(2006,))
    own = AgendaEntry(M3, OWN_ACTION, key="nav", title="Orientering om NAV")
    texts = AgendaEntry(M3, "status", agreement="a", key="", background="Rapport fra departementet.")
    elsewhere = AgendaEntry(M2, OWN_ACTION, key="x", title="Annet møte")
    to_m3 = Deviation("review", "a", M2, to_meeting=M3, reason="Avtalt mellom partene")
    from_m3 = Deviation("status", "a", M3, to_meeting=MeetingRef(2006, 4), reason="Senere")
    reg = adding(reg, agenda=[elsewhere, own, texts], deviations=[to_m3, from_m3])
    deletion = meeting_delete_ops(reg, M3)
    assert (deletion.own_items, deletion.texts, deletion.moved_here) == (1, 1, 1)
    applied = apply(reg, deletion.ops)
    after = applied.register
    assert after.meeting(M3) is None and after.meeting(M2) is not None
    assert after.agenda == (elsewhere,) and after.deviations == (from_m3,)
    made = plan(after, 2006, 2006, d("2006-01-10"))
    assert next(m for m in made.meetings if m.number == 3).provisional  # the year has it again, on its made-up date
    review = next(ln for ln in year_agenda(after, made, 2006)[2] if ln.action == "review")
    assert review.agreement == "a"  # the review moved to meeting 3 is back where the rules put it
    assert apply(after, applied.inverse).register == reg
