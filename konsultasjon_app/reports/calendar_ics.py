"""The year's consultation meetings as an iCalendar file (.ics) for Outlook and other calendars.

Only meetings the secretariat has dated (`register.meetings`) become events. The planner's provisional dates are
left out: an event in someone's calendar is read as a fixed appointment, and a made-up date there would be
taken for a real one.

Each event's UID is derived from the meeting's year and number, so a calendar that imports the file again (after
a date, time or place has changed) updates the meeting it already holds instead of adding a second one.
SEQUENCE is 0 and DTSTAMP the time of export. Nothing is stored between exports, so a SEQUENCE that counts
revisions cannot be kept; one derived from the content (a hash) would not grow and could even fall, which calendars
take as an out-of-date copy and ignore. With SEQUENCE constant, a calendar that imports the published file
(METHOD:PUBLISH) matches the event by UID and, the sequence being equal, takes the copy with the later DTSTAMP as
the newer one (RFC 5546 §2.1.5).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from ..domain.model import Meeting, Register
from . import ReportError

OSLO = ZoneInfo("Europe/Oslo")
PRODID = "-//Konsultasjonsordningen staten og KS//Konsultasjon//NO"
UID_DOMAIN = "konsultasjon.ks-stat.no"
# A meeting's length is not recorded; a consultation meeting takes about three hours.
DURATION = dt.timedelta(hours=3)


def meeting_uid(year: int, number: int) -> str:
    """Stable across exports: the same meeting always has the same UID."""
    return f"konsultasjonsmote-{year}-{number}@{UID_DOMAIN}"


def calendar_ics(register: Register, year: int, *, now: dt.datetime | None = None) -> bytes:
    """One VEVENT per dated meeting of `year`; a timed event (Europe/Oslo) when the meeting has a time, else all-day.

    `now` is the export time written as DTSTAMP (default: the real time). Raises ReportError if no meeting of the
    year is dated (a calendar file must hold at least one event).
    """
    meetings = sorted((m for m in register.meetings if m.year == year), key=lambda m: m.number)
    if not meetings:
        raise ReportError(f"no meeting of {year} has a date in the calendar",
                          f"Ingen av møtene i {year} har dato i møtekalenderen ennå; foreløpige datoer kommer ikke med i kalenderfilen.")
    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Konsultasjonsmøter {year}")
    cal.add("x-wr-timezone", "Europe/Oslo")
    for meeting in meetings:
        cal.add_component(_event(meeting, stamp))
    # Only the transitions around this year: the whole tz history would bloat the file for nothing.
    cal.add_missing_timezones(first_date=dt.date(year - 1, 1, 1), last_date=dt.date(year + 1, 12, 31))
    return cal.to_ical()


def _event(meeting: Meeting, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting.year, meeting.number))
    event.add("dtstamp", stamp)
    event.add("sequence", 0)
    event.add("summary", f"{meeting.number}. konsultasjonsmøte {meeting.year}")
    if meeting.time:
        hours, minutes = (int(part) for part in meeting.time.split(":"))
        start = dt.datetime.combine(meeting.date, dt.time(hours, minutes), tzinfo=OSLO)
        event.add("dtstart", start)
        event.add("dtend", start + DURATION)
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    # Shown as busy: Outlook marks all-day events free unless told otherwise, and the meeting takes the day.
    event.add("transp", "OPAQUE")
    event.add("status", "CONFIRMED")
    if meeting.location:
        event.add("location", meeting.location)
    description = _description(meeting)
    if description:
        event.add("description", description)
    return event


def _description(meeting: Meeting) -> str:
    parts = []
    if meeting.chair:
        parts.append(f"Møteleder: {meeting.chair}")
    if meeting.participants:
        parts.append("Deltakere:\n" + "\n".join(f"- {p}" for p in meeting.participants))
    if meeting.notes and meeting.notes.strip():
        parts.append(meeting.notes.strip())
    return "\n\n".join(parts)
