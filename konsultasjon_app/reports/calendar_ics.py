"""The year's consultation meetings as an iCalendar file (.ics) for Outlook and other calendars.

Only meetings the secretariat has dated (`register.meetings`) become events. The planner's provisional dates are
left out: an event in someone's calendar is read as a fixed appointment, and a made-up date there would be
taken for a real one.

Each event's UID is derived from the meeting's year and number, so a calendar that imports the file again (after
a date, time or place has changed) updates the meeting it already holds instead of adding a second one.

SEQUENCE grows with the time of export (seconds since 2020), and DTSTAMP is that time. A calendar matches an
imported event by UID and keeps the copy with the highest SEQUENCE (RFC 5546 §2.1.5); Microsoft documents that
Outlook, on import, "uses the SEQUENCE property to determine which revision is the latest", so with a constant
SEQUENCE a re-exported meeting with a new date could be taken for the copy it already holds. Nothing is stored
between exports, so a SEQUENCE that counts revisions cannot be kept, and one derived from the content (a hash)
would not grow and could even fall; the export time grows from one export to the next (an export with no change
only refreshes the same event). It fits iCalendar's 32-bit INTEGER until 2088. The limit of going by the clock: a
laptop whose clock runs behind the one that exported before writes a copy that looks older.

Timed events name the zone Europe/Oslo, defined in the file by a VTIMEZONE with yearly rules (RRULE), the way
Outlook writes its own: desktop Outlook is reported to misread the list of dated transitions (RDATE) that
icalendar writes, putting summer meetings an hour off.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from ..domain.model import Meeting, Register
from . import ReportError

OSLO = ZoneInfo("Europe/Oslo")
PRODID = "-//Konsultasjonsordningen staten og KS//Konsultasjon//NO"
UID_DOMAIN = "konsultasjon.ks-stat.no"
# A meeting's length is not recorded; a consultation meeting takes about three hours.
DURATION = dt.timedelta(hours=3)
SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
# Norway's summer time as in force since 1996 (the EU rule): from the last Sunday of March at 02:00 (+01:00) to the
# last Sunday of October at 03:00 (+02:00). DTSTART is the first such change, in local time before it.
CET, CEST = dt.timedelta(hours=1), dt.timedelta(hours=2)
RULES_SINCE = 1996
SUMMER_TIME = (
    # (component, name, offset from, offset to, first onset, month)
    (TimezoneDaylight, "CEST", CET, CEST, dt.datetime(1996, 3, 31, 2, 0), 3),
    (TimezoneStandard, "CET", CEST, CET, dt.datetime(1996, 10, 27, 3, 0), 10),
)


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
    if any(m.time for m in meetings):  # all-day events name no zone
        if _rules_hold(year):
            cal.add_component(oslo_timezone())
        else:  # the tz database no longer has these rules for the year (summer time abolished?): its own transitions
            listed = Timezone.from_tzinfo(OSLO, first_date=dt.date(year - 1, 1, 1), last_date=dt.date(year + 1, 12, 31))
            listed.pop("COMMENT", None)  # icalendar's English note on the years covered, shown by some calendars
            cal.add_component(listed)
    sequence = max(0, int((stamp - SEQUENCE_EPOCH).total_seconds()))
    for meeting in meetings:
        cal.add_component(_event(meeting, stamp, sequence))
    return cal.to_ical()


def oslo_timezone() -> Timezone:
    """Europe/Oslo as a VTIMEZONE of two yearly rules (RFC 5545 §3.6.5), valid from RULES_SINCE on."""
    tz = Timezone()
    tz.add("tzid", "Europe/Oslo")
    for component, name, offset_from, offset_to, onset, month in SUMMER_TIME:
        part = component()
        part.add("dtstart", onset)  # local time, no zone: as RFC 5545 requires in a VTIMEZONE
        part.add("tzoffsetfrom", offset_from)
        part.add("tzoffsetto", offset_to)
        part.add("tzname", name)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        tz.add_component(part)
    return tz


def _last_sunday(year: int, month: int) -> dt.date:
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


def _rules_hold(year: int) -> bool:
    """Whether the tz database's Europe/Oslo follows SUMMER_TIME in the year and those around it (a meeting in the
    file may lie a year off; the rules are checked, not taken on trust: Norway could drop summer time)."""
    if year - 1 < RULES_SINCE:
        return False
    for y in range(year - 1, year + 2):
        for _, _, offset_from, offset_to, onset, month in SUMMER_TIME:
            change = dt.datetime.combine(_last_sunday(y, month), onset.time()) - offset_from  # in UTC
            before = (change - dt.timedelta(minutes=1)).replace(tzinfo=dt.timezone.utc).astimezone(OSLO)
            after = change.replace(tzinfo=dt.timezone.utc).astimezone(OSLO)
            if before.utcoffset() != offset_from or after.utcoffset() != offset_to:
                return False
    return True


def _event(meeting: Meeting, stamp: dt.datetime, sequence: int) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting.year, meeting.number))
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
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
