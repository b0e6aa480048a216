"""Dates of the consultation cycle: Norwegian public holidays, provisional meeting dates, parliamentary terms."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

# The month in which meeting 1–4 usually lies (seed 000 ch. 4.7: 2. møte april, 3. august, 4. oktober;
# meeting 1, on next year's budget frame, was in March in 2006).
DEFAULT_MONTHS = {1: 3, 2: 4, 3: 8, 4: 10}
PROVISIONAL_DAY = 15
# A date as the bundle and the command line write it: YYYY-MM-DD.
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A meeting's time of day as the secretariat writes it: hh:mm, 24 hours.
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# The years the program plans and stores: meeting years, and the year of every date and time it reads. The
# planner's terms and date arithmetic stay well inside Python's dates.
YEAR_RANGE = (1900, 2200)


def in_year_range(year: int) -> bool:
    """Whether `year` lies in YEAR_RANGE (both ends included)."""
    return YEAR_RANGE[0] <= year <= YEAR_RANGE[1]

WEEKDAYS_NB = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


@lru_cache(maxsize=512)
def public_holidays(year: int) -> dict[dt.date, str]:
    """Norway's public holidays in a year (helligdager and 1 and 17 May), with their Norwegian names."""
    from dateutil.easter import easter  # loaded when first needed: the register's start-up needs no holidays

    e = easter(year)
    return {
        dt.date(year, 1, 1): "1. nyttårsdag",
        e - dt.timedelta(days=3): "skjærtorsdag",
        e - dt.timedelta(days=2): "langfredag",
        e: "1. påskedag",
        e + dt.timedelta(days=1): "2. påskedag",
        dt.date(year, 5, 1): "1. mai",
        dt.date(year, 5, 17): "17. mai",
        e + dt.timedelta(days=39): "Kristi himmelfartsdag",
        e + dt.timedelta(days=49): "1. pinsedag",
        e + dt.timedelta(days=50): "2. pinsedag",
        dt.date(year, 12, 25): "1. juledag",
        dt.date(year, 12, 26): "2. juledag",
    }


def holiday_name(day: dt.date) -> str | None:
    return public_holidays(day.year).get(day)


def is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


@lru_cache(maxsize=1024)
def provisional_meeting_date(year: int, number: int) -> dt.date:
    """The date a meeting gets until the user sets one: the first weekday on or after the 15th of its default
    month that is not a public holiday."""
    holidays = public_holidays(year)
    day = dt.date(year, DEFAULT_MONTHS[number], PROVISIONAL_DAY)
    while is_weekend(day) or day in holidays:  # at most a long Easter weekend away
        day += dt.timedelta(days=1)
    return day


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else _MONTH_DAYS[month - 1]


@lru_cache(maxsize=16384)
def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's end: 31 January + 1 month = 28 (or 29) February (what dateutil's
    relativedelta(months=N) gives; the arithmetic is done here, without loading dateutil at start-up).

    Kept for the dates asked again: the planner works out every agreement's end date from its duration each time
    it plans (after every change)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, _days_in_month(year, month)))


def end_from_duration(start: dt.date, months: int) -> dt.date:
    """The last day of an agreement that runs `months` from `start`: the day before the same date N months on."""
    return add_months(start, months) - dt.timedelta(days=1)


def duration_from_end(start: dt.date, end: dt.date) -> int | None:
    """Whole months from start to end when `end` is the last day of such a period, else None."""
    from dateutil.relativedelta import relativedelta  # loaded when first needed (the agreement form, imports)

    delta = relativedelta(end + dt.timedelta(days=1), start)
    months = delta.years * 12 + delta.months
    if months > 0 and end_from_duration(start, months) == end:
        return months
    return None


def election_year_of_term(day: dt.date, first_election_year: int) -> int:
    """The election year that began the parliamentary term holding `day` (terms run 1 October to 30 September
    four years later; before the first election year they are counted backwards in steps of four)."""
    year = day.year if day >= dt.date(day.year, 10, 1) else day.year - 1
    return year - ((year - first_election_year) % 4)


def term_of(day: dt.date, first_election_year: int) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the parliamentary term holding `day`."""
    election = election_year_of_term(day, first_election_year)
    return dt.date(election, 10, 1), dt.date(election + 4, 9, 30)


@lru_cache(maxsize=8192)
def format_date(day: dt.date | None) -> str:
    """Dates as the secretariat writes them: dd.mm.yyyy. (Not strftime: it imports the time module on every
    call, which with Qt's import hook in place is the slowest part of filling a table of a thousand agreements.)
    Kept for the dates asked again (the formatting takes ten times the look-up, and a plan writes some 1,000 dates,
    mostly its meetings' few)."""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}" if day else ""


_TYPED_SEPARATORS = re.compile(r"[.,/\- ]+")


def parse_typed_date(text: str, today: dt.date) -> dt.date | None:
    """A date as a user types it in Norway: 15.09.2005, 1.9.2005, 15092005, 150905, 1.9.05, 15.9 (this year), or
    ISO 2005-09-15. Two-digit years are 1970–2069. None if it is not a date (31.02.2005, 1.13.2005), or lies
    outside YEAR_RANGE (typed_year_out_of_range tells that case apart)."""
    return _typed_date(text, today, in_year_range)


def typed_year_out_of_range(text: str, today: dt.date) -> int | None:
    """The year of a date typed as parse_typed_date reads it, when that date is sound but its year lies outside
    YEAR_RANGE (01.01.1899): the user is then told the year, not that the text is no date. None otherwise."""
    day = _typed_date(text, today, lambda year: not in_year_range(year) and dt.MINYEAR <= year <= dt.MAXYEAR)
    return day.year if day is not None else None


def _typed_date(text: str, today: dt.date, year_allowed) -> dt.date | None:
    text = text.strip()
    parts = [p for p in _TYPED_SEPARATORS.split(text) if p]
    if not parts or not all(p.isascii() and p.isdigit() for p in parts):  # 0-9 only: "²" and "٣" are digits too
        return None
    if len(parts) == 1:  # ddmm, ddmmyy or ddmmyyyy
        digits = parts[0]
        if len(digits) not in (4, 6, 8):
            return None
        parts = [p for p in (digits[:2], digits[2:4], digits[4:]) if p]
    if len(parts) == 3 and len(parts[0]) == 4:  # ISO: year first
        parts = [parts[2], parts[1], parts[0]]
    if len(parts) == 2:
        parts.append(str(today.year))
    if len(parts) != 3 or len(parts[0]) > 2 or len(parts[1]) > 2 or len(parts[2]) not in (2, 4):
        return None
    day, month, year = (int(p) for p in parts)
    if len(parts[2]) == 2:
        year += 2000 if year < 70 else 1900
    if not year_allowed(year):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: str) -> dt.date | None:
    """Strict ISO `YYYY-MM-DD`; None for anything else (including impossible dates such as 2006-02-31)."""
    if not _DATE_RE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def listed(names: list[str]) -> str:
    """«AID», «AID og HOD», «AID, HOD og JD»."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
