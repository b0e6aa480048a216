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


def test_a_later_export_has_a_higher_sequence_so_calendars_take_it_for_the_newer_copy():
    """Outlook goes by SEQUENCE to tell which copy of an event is the latest; it was 0 in every export, so a
    meeting moved to another date could be taken for the copy already in the calendar. It grows with the export
    time: a second later is enough (a date put right just after an export)."""
    register = detailed_register()
    at = dt.datetime(2025, 3, 1, 12, 0, 0, tzinfo=dt.timezone.utc)
    first = events(calendar_ics(register, 2006, now=at))
    moved = dataclasses.replace(register, meetings=tuple(
        dataclasses.replace(m, date=d("2006-04-27")) if (m.year, m.number) == (2006, 2) else m for m in register.meetings
    ))
    second = events(calendar_ics(moved, 2006, now=at + dt.timedelta(seconds=1)))
    assert all(int(b["SEQUENCE"]) > int(a["SEQUENCE"]) for a, b in zip(first, second))
    assert int(first[0]["SEQUENCE"]) == (at - dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)).total_seconds()
    assert int(first[0]["SEQUENCE"]) < 2**31 - 1  # iCalendar's INTEGER


def oslo_vtimezone(data: bytes) -> icalendar.Timezone:
    (tz,) = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
    return tz


def test_the_time_zone_is_defined_by_yearly_rules_not_a_list_of_dates():
    """Desktop Outlook is reported to misread a VTIMEZONE that lists its changes by date (RDATE, as icalendar
    wrote it), putting summer meetings an hour off: Europe/Oslo is written with RRULEs, as Outlook writes it."""
    data = calendar_ics(detailed_register(), 2006)
    tz = oslo_vtimezone(data)
    assert str(tz["TZID"]) == "Europe/Oslo" and "COMMENT" not in tz
    parts = {part.name: part for part in tz.subcomponents}
    assert set(parts) == {"DAYLIGHT", "STANDARD"} and len(tz.subcomponents) == 2
    summer, winter = parts["DAYLIGHT"], parts["STANDARD"]
    assert b"RDATE" not in data
    assert summer.decoded("DTSTART") == dt.datetime(1996, 3, 31, 2, 0)  # local time, no zone (RFC 5545 §3.6.5)
    assert winter.decoded("DTSTART") == dt.datetime(1996, 10, 27, 3, 0)
    assert summer["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert winter["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert (summer.decoded("TZOFFSETFROM"), summer.decoded("TZOFFSETTO")) == (dt.timedelta(hours=1), dt.timedelta(hours=2))
    assert (winter.decoded("TZOFFSETFROM"), winter.decoded("TZOFFSETTO")) == (dt.timedelta(hours=2), dt.timedelta(hours=1))
    assert (str(summer["TZNAME"]), str(winter["TZNAME"])) == ("CEST", "CET")


def test_the_files_own_time_zone_gives_the_meetings_times_in_summer_and_winter():
    """The VTIMEZONE as written (read by dateutil, not looked up by its name) agrees with the tz database at every
    change of 1997-2040, and puts a summer and a winter meeting at 10:00 Oslo time."""
    meetings = (
        Meeting(2006, 1, d("2006-03-13"), "Oslo", time="10:00"),  # winter: +01:00
        Meeting(2006, 2, d("2006-04-26"), "Oslo", time="10:00"),  # summer: +02:00
        Meeting(2006, 4, d("2006-11-20"), "Oslo", time="10:00"),  # winter again
    )
    data = calendar_ics(Register(meetings=meetings), 2006)
    own = oslo_vtimezone(data).to_tz(lookup_tzid=False)
    assert not isinstance(own, ZoneInfo)  # a zone made from the file's definition, not the tz database's
    for year in range(1997, 2041):
        for month, day in ((1, 15), (3, 24), (3, 25), (3, 26), (3, 27), (3, 31), (4, 1), (7, 1), (10, 25), (10, 27), (10, 31), (11, 1)):
            for hour in range(24):
                instant = dt.datetime(year, month, day, hour, tzinfo=dt.timezone.utc)
                assert instant.astimezone(own).utcoffset() == instant.astimezone(OSLO).utcoffset(), instant
    starts = []
    for event in events(data):
        local = event["DTSTART"].dt.replace(tzinfo=None)
        assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
        starts.append(local.replace(tzinfo=own).astimezone(dt.timezone.utc))
    assert starts == [
        dt.datetime(2006, 3, 13, 9, 0, tzinfo=dt.timezone.utc),
        dt.datetime(2006, 4, 26, 8, 0, tzinfo=dt.timezone.utc),
        dt.datetime(2006, 11, 20, 9, 0, tzinfo=dt.timezone.utc),
    ]


def test_a_year_the_rules_do_not_hold_for_lists_the_tz_databases_changes():
    """Before 1996 Norway changed to winter time in September, and summer time may yet be dropped: where the tz
    database does not follow the yearly rules, the file lists its changes for the years around (without
    icalendar's English comment)."""
    meeting = Meeting(1995, 2, d("1995-09-28"), "Oslo", time="10:00")  # after the last Sunday of September 1995
    data = calendar_ics(Register(meetings=(meeting,)), 1995)
    tz = oslo_vtimezone(data)
    assert "RRULE" not in data.decode() and "COMMENT" not in tz
    own = tz.to_tz(lookup_tzid=False)
    start = events(data)[0]["DTSTART"].dt.replace(tzinfo=None).replace(tzinfo=own)
    assert start.utcoffset() == dt.timedelta(hours=1) == start.replace(tzinfo=OSLO).utcoffset()
