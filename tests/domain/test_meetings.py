"""The meeting calendar as the planner sees it (domain/meetings.py): a year's meeting dates out of the meetings'
order are warned about (`meeting-order`, for `check` and the window's banner). Registers in memory; no Qt, no SQL."""

from __future__ import annotations

from konsultasjon_app.domain.meetings import meeting_order_warnings
from konsultasjon_app.domain.model import Register
from tests.domain.test_planner import meeting, meetings


def warned(*dated) -> list[tuple[int, str, str]]:
    return [(w.year, w.code, w.message) for w in meeting_order_warnings(Register(meetings=tuple(dated)))]


def test_meeting_3_dated_before_meeting_2_is_warned_about_naming_the_year_the_meetings_and_their_dates():
    # Month 04 typed for 08 (audit of the planner rules, finding 2): the plan signed at meeting 3 (20.04) what
    # meeting 2 (25.08) decided, and nothing said so but the meeting dialog while the date was typed.
    assert warned(meeting(2010, 2, "2010-08-25"), meeting(2010, 3, "2010-04-20")) == [
        (2010, "meeting-order", "Møtedatoene for 2010 følger ikke møtenes nummer: 3. møte (20.04.2010) er før 2. møte (25.08.2010)."),
    ]


def test_a_calendar_in_order_gives_no_warning():
    assert warned(*meetings(2006, 2007, 2008)) == []
    assert warned() == []


def test_a_user_date_out_of_order_with_a_provisional_one_is_warned_about_as_the_planner_uses_both():
    # Meeting 2 dated 01.09.2010, meeting 3 not dated: the planner signs at its provisional date, 16.08.2010.
    assert warned(meeting(2010, 2, "2010-09-01")) == [
        (2010, "meeting-order",
         "Møtedatoene for 2010 følger ikke møtenes nummer: 3. møte (foreløpig dato 16.08.2010) er før 2. møte (01.09.2010)."),
    ]


def test_a_meeting_before_several_and_two_on_one_day_are_said_in_one_warning_per_year():
    found = warned(meeting(2010, 1, "2010-03-15"), meeting(2010, 2, "2010-04-20"), meeting(2010, 3, "2010-04-20"),
                   meeting(2010, 4, "2010-01-11"), meeting(2011, 2, "2011-08-24"), meeting(2011, 3, "2011-04-27"))
    assert found == [
        (2010, "meeting-order", "Møtedatoene for 2010 følger ikke møtenes nummer: 3. møte er samme dag som 2. møte (20.04.2010); "
                                "4. møte (11.01.2010) er før 1. møte (15.03.2010), 2. møte (20.04.2010) og 3. møte (20.04.2010)."),
        (2011, "meeting-order", "Møtedatoene for 2011 følger ikke møtenes nummer: 3. møte (27.04.2011) er før 2. møte (24.08.2011)."),
    ]
