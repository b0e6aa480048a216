"""The meeting calendar file: one event per dated meeting, stable UIDs, timed or all-day, parsable by icalendar."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from konsultasjon_app.domain.model import Meeting, Register
from konsultasjon_app.reports import ReportError
from konsultasjon_app.reports.calendar_ics import calendar_ics

from .support import d, demo_register, meetings_2006

OSLO = ZoneInfo("Europe/Oslo")


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def detailed_register() -> Register:
    meetings = meetings_2006(
        time="10:00",
        chair="Åslaug Haga",
        participants=("Halvdan Skard, leder KS", "Kristin Halvorsen; FIN"),
        notes="Møterom R5, inngang A.",
    )
    # Meeting 3 is not dated this year (it gets a provisional date in the plan); another year's meeting is dated.
    return dataclasses.replace(
        demo_register(),
        meetings=tuple(m for m in meetings if m.number != 3) + (Meeting(2007, 2, d("2007-04-25"), "Bergen"),),
    )


def test_one_event_per_dated_meeting_of_the_year():
    cal = icalendar.Calendar.from_ical(calendar_ics(detailed_register(), 2006))
    assert str(cal["VERSION"]) == "2.0" and str(cal["METHOD"]) == "PUBLISH" and str(cal["PRODID"])
    found = [(str(e["SUMMARY"]), str(e["LOCATION"])) for e in cal.walk("VEVENT")]
    # Meeting 3 has no date of its own: a provisional date is not put in anyone's calendar.
    assert found == [("1. konsultasjonsmøte 2006", "Oslo"), ("2. konsultasjonsmøte 2006", "Oslo"), ("4. konsultasjonsmøte 2006", "Oslo")]


def test_uids_are_stable_across_exports_and_differ_per_meeting():
    register = detailed_register()
    first = events(calendar_ics(register, 2006, now=dt.datetime(2006, 1, 2, 9, 0, tzinfo=dt.timezone.utc)))
    moved = dataclasses.replace(register, meetings=tuple(
        dataclasses.replace(m, date=d("2006-04-27"), location="Tromsø") if (m.year, m.number) == (2006, 2) else m for m in register.meetings
    ))
    second = events(calendar_ics(moved, 2006, now=dt.datetime(2006, 3, 1, 12, 0, tzinfo=dt.timezone.utc)))
    uids = [str(e["UID"]) for e in first]
    assert uids == [str(e["UID"]) for e in second]
    assert len(set(uids)) == len(uids)
    assert uids[1] == "konsultasjonsmote-2006-2@konsultasjon.ks-stat.no"
    assert str(second[1]["LOCATION"]) == "Tromsø" and second[1].decoded("DTSTART").date() == d("2006-04-27")
    # The later export is the newer copy: same sequence, later stamp.
    assert [int(e["SEQUENCE"]) for e in first] == [int(e["SEQUENCE"]) for e in second]
    assert first[1].decoded("DTSTAMP") < second[1].decoded("DTSTAMP")


def test_a_meeting_with_a_time_is_a_three_hour_event_in_oslo_time():
    cal = icalendar.Calendar.from_ical(calendar_ics(detailed_register(), 2006))
    meeting_2 = next(e for e in cal.walk("VEVENT") if str(e["SUMMARY"]).startswith("2."))
    start, end = meeting_2.decoded("DTSTART"), meeting_2.decoded("DTEND")
    assert start == dt.datetime(2006, 4, 26, 10, 0, tzinfo=OSLO)
    assert start.utcoffset() == dt.timedelta(hours=2)  # summer time
    assert end - start == dt.timedelta(hours=3)
    assert meeting_2["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Oslo"]
    description = str(meeting_2["DESCRIPTION"])
    assert "Møteleder: Åslaug Haga" in description
    assert "- Halvdan Skard, leder KS\n- Kristin Halvorsen; FIN" in description  # commas and semicolons survive escaping
    assert description.endswith("Møterom R5, inngang A.")


def test_a_meeting_without_a_time_is_an_all_day_event():
    first = events(calendar_ics(detailed_register(), 2006))[0]
    assert first.decoded("DTSTART") == d("2006-03-13") and not isinstance(first.decoded("DTSTART"), dt.datetime)
    assert first.decoded("DTEND") == d("2006-03-14")
    assert "DESCRIPTION" not in first  # nothing recorded beyond the date and place


def test_dtstamp_is_utc():
    stamp = events(calendar_ics(detailed_register(), 2006, now=dt.datetime(2006, 6, 1, 14, 30, 15, 999, tzinfo=OSLO)))[0].decoded("DTSTAMP")
    assert stamp == dt.datetime(2006, 6, 1, 12, 30, 15, tzinfo=dt.timezone.utc)


def test_a_year_without_dated_meetings_cannot_be_exported():
    with pytest.raises(ReportError, match="2009"):
        calendar_ics(detailed_register(), 2009)
