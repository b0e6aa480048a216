"""The agenda's numbering and proposals at their edges: case numbers per meeting when the settings say so, and the
proposal for a signing item when the signing is dated on the meeting's own day (made at the meeting, not before)."""

from __future__ import annotations

import dataclasses

import pytest

from konsultasjon_app.domain.agenda import year_agenda
from konsultasjon_app.domain.model import MeetingRef, Settings
from konsultasjon_app.domain.planner import plan
from tests.domain.test_planner import agreement, d, decision, register, signing


def cases(reg, year: int) -> dict[int, list[tuple[str, str]]]:
    agenda = year_agenda(reg, plan(reg, year, year, d(f"{year}-01-01")), year)
    return {m: [(line.case, line.action) for line in lines] for m, lines in agenda.items()}


# -- case numbering ------------------------------------------------------------------------------------------


def test_case_numbers_run_through_the_year_by_default():
    reg = register(agreement("a", signed="2005-11-10"), years=(2006,))
    assert cases(reg, 2006) == {
        1: [],
        2: [("Sak 1/2006", "review"), ("Sak 2/2006", "scope")],
        3: [("Sak 3/2006", "status")],
        4: [("Sak 4/2006", "overview")],
    }


def test_case_numbers_start_again_at_each_meeting_when_numbered_per_meeting():
    """Settings «nummerering per møte»: every meeting's agenda begins at Sak 1 (the printed agendas and minutes
    cite these numbers)."""
    reg = register(agreement("a", signed="2005-11-10"), years=(2006,), settings=Settings(case_numbering="meeting"))
    assert cases(reg, 2006) == {
        1: [],
        2: [("Sak 1/2006", "review"), ("Sak 2/2006", "scope")],
        3: [("Sak 1/2006", "status")],
        4: [("Sak 1/2006", "overview")],
    }


# -- the proposal for a signing item ---------------------------------------------------------------------------


def agenda_line(reg, ref: MeetingRef, action: str):
    p = plan(reg, ref.year, ref.year, d(f"{ref.year}-12-01"))
    (line,) = [line for line in year_agenda(reg, p, ref.year)[ref.number] if line.action == action]
    return line


@pytest.mark.parametrize("signed_on, proposal", [
    ("2006-08-29", "Undertegningen 29.08.2006 tas til orientering."),  # the day before meeting 3: signed already
    ("2006-08-30", "Avtalen undertegnes."),  # meeting 3's own day: signed at the meeting, as proposed
], ids=["day-before-meeting", "meeting-day"])
def test_a_signing_on_the_meetings_day_is_proposed_as_signed_at_the_meeting(signed_on, proposal):
    """Renegotiated at meeting 2 2006; the new agreement's signing is recorded with its date only. Signed before
    meeting 3, the item is proposed to be taken note of; signed on meeting 3's day (30.08.2006) it was signed at
    the meeting, and the agenda proposes that the agreement is signed."""
    reg = register(agreement("barnevern", signed="2005-11-10"), years=(2006,))
    reg = dataclasses.replace(reg, decisions=(decision("barnevern", 2006, 2, "renegotiate"),), signings=(signing("barnevern", signed_on),))
    line = agenda_line(reg, MeetingRef(2006, 3), "sign")
    assert line.title == "Undertegning av avtale om barnevern"
    assert line.proposed_decision == proposal
